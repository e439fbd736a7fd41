// Appending a mapping to a top-level list (an inventory's `surfaces`, a policy's `suppressions`) in YAML or JSON,
// in the style the list is already written in, so the quick fixes that add entries leave a valid document.
import { nodeAt, renderScalar } from '../inventory/edit.js';
import type { TextEdit } from '../model/index.js';
import type { ParsedDocument, SourceNode } from '../parse/index.js';

/** A value the fixes write: scalars, lists of scalars and nested mappings. */
export type ItemValue = string | number | boolean | readonly (string | number)[] | { readonly [key: string]: ItemValue };

export interface AppendOptions {
  /** YAML only: a comment after a scalar line, keyed by property name (`owner` → `who answers for it`). */
  readonly comments?: Readonly<Record<string, string>>;
}

/** An appended item: the edit, and where in the edit's `newText` the value of `focusKey` sits (for the editor to select). */
export interface AppendedItem {
  readonly edit: TextEdit;
  /** Offsets in the document after the edit, when `focusKey` was asked for and written. */
  readonly focus?: { readonly start: number; readonly end: number };
}

/**
 * Appends `item` to the list under the top-level `key` of `document` (creating the key when it is missing or empty).
 * Undefined when the document's root is not a mapping or `key` holds something that is not a list.
 */
export function appendItem(document: ParsedDocument, uri: string, key: string, item: Readonly<Record<string, ItemValue>>, options: AppendOptions & { readonly focusKey?: string } = {}): AppendedItem | undefined {
  const root = nodeAt(document, '');
  if (!root || root.kind !== 'map') return undefined;
  const text = document.text;
  const entry = [...root.entries].reverse().find((e) => e.key === key);
  if (document.language === 'json') return appendJson(document, uri, root, entry, key, item, options.focusKey);
  const flowRoot = text[root.range.start] === '{';
  if (flowRoot) return undefined; // a YAML document written as one flow mapping: rare, and a block edit would break it
  const value = entry?.value;
  if (!entry) {
    const rootIndent = ' '.repeat(column(text, root.entries[0].keyRange.start));
    const block = `${rootIndent}${key}:\n` + yamlItem(document, item, rootIndent + '  ', options.comments);
    return placed(uri, text, endOfMapping(text, root), block, options.focusKey);
  }
  const keyIndent = ' '.repeat(column(text, entry.keyRange.start));
  // Right after the key's colon: an empty value is replaced from there, so no trailing space is left behind.
  const afterColon = text.indexOf(':', entry.keyRange.end) + 1;
  const block = () => '\n' + yamlItem(document, item, keyIndent + '  ', options.comments).replace(/\n$/, '');
  if (!value || (value.kind === 'scalar' && (value.value === null || value.range.start === value.range.end))) {
    // `suppressions:` with nothing after it (or `~`, `null`).
    const end = value && value.range.end > value.range.start ? value.range.end : afterColon;
    return placedReplace(uri, afterColon, Math.max(afterColon, end), block(), options.focusKey);
  }
  if (value.kind !== 'seq') return undefined;
  if (text[value.range.start] === '[') {
    if (!value.items.length) return placedReplace(uri, afterColon, value.range.end, block(), options.focusKey);
    const last = value.items.at(-1)!;
    return placedInsert(uri, last.range.end, `, ${JSON.stringify(item)}`, options.focusKey);
  }
  const first = value.items[0];
  const lineStart = text.lastIndexOf('\n', first.range.start - 1) + 1;
  const prefix = text.slice(lineStart, first.range.start);
  const dash = /^ *- +$/.test(prefix) ? prefix : keyIndent + '  - ';
  const end = endOfNode(text, value.items.at(-1)!);
  return placed(uri, text, end, yamlItem(document, item, dash, options.comments), options.focusKey);
}

/** The YAML lines of one list item (each ending with a newline); `dash` is the first line's prefix (`  - `). */
export function yamlItem(document: ParsedDocument, item: Readonly<Record<string, ItemValue>>, dash: string, comments?: Readonly<Record<string, string>>): string {
  const first = dash.trimEnd().endsWith('-') ? dash : `${dash}- `;
  const indent = ' '.repeat(first.length);
  const lines = yamlMapping(document, item, indent, comments);
  lines[0] = first + lines[0].slice(indent.length);
  return lines.join('\n') + '\n';
}

function yamlMapping(document: ParsedDocument, map: Readonly<Record<string, ItemValue>>, indent: string, comments?: Readonly<Record<string, string>>): string[] {
  const lines: string[] = [];
  for (const [k, v] of Object.entries(map)) {
    const key = renderScalar(document, k);
    if (Array.isArray(v)) lines.push(`${indent}${key}: [${v.map((x) => flowScalar(document, x)).join(', ')}]`);
    else if (typeof v === 'object') lines.push(`${indent}${key}:`, ...yamlMapping(document, v as Readonly<Record<string, ItemValue>>, indent + '  ', comments));
    else {
      const comment = comments?.[k];
      lines.push(`${indent}${key}: ${renderScalar(document, v as string | number | boolean)}${comment ? `  # ${comment}` : ''}`);
    }
  }
  return lines;
}

/** A scalar inside a YAML flow sequence: plain only when it holds no flow indicator. */
function flowScalar(document: ParsedDocument, value: string | number): string {
  const plain = renderScalar(document, value);
  return typeof value === 'string' && /[,[\]{}#]/.test(plain) && !plain.startsWith('"') ? JSON.stringify(value) : plain;
}

function appendJson(document: ParsedDocument, uri: string, root: Extract<SourceNode, { kind: 'map' }>, entry: { key: string; keyRange: { start: number; end: number }; value: SourceNode } | undefined, key: string, item: Readonly<Record<string, ItemValue>>, focusKey?: string): AppendedItem | undefined {
  const text = document.text;
  const unit = indentUnit(text);
  if (!entry) {
    const last = root.entries.at(-1);
    const indent = last ? ' '.repeat(column(text, last.keyRange.start)) : unit;
    const body = `${JSON.stringify(key)}: [\n${indent}${unit}${pretty(item, indent + unit, unit)}\n${indent}]`;
    if (!last) return placedInsert(uri, root.range.start + 1, `\n${indent}${body}\n`, focusKey);
    return placedInsert(uri, last.value.range.end, `,\n${indent}${body}`, focusKey);
  }
  const seq = entry.value;
  if (seq.kind !== 'seq') return undefined;
  const keyIndent = ' '.repeat(column(text, entry.keyRange.start));
  const last = seq.items.at(-1);
  if (!last) return placedReplace(uri, seq.range.start, seq.range.end, `[\n${keyIndent}${unit}${pretty(item, keyIndent + unit, unit)}\n${keyIndent}]`, focusKey);
  const itemIndent = text.lastIndexOf('\n', last.range.start) > seq.range.start ? ' '.repeat(column(text, last.range.start)) : undefined;
  if (itemIndent === undefined) return placedInsert(uri, last.range.end, `, ${JSON.stringify(item)}`, focusKey);
  return placedInsert(uri, last.range.end, `,\n${itemIndent}${pretty(item, itemIndent, unit)}`, focusKey);
}

function pretty(value: unknown, indent: string, unit: string): string {
  return JSON.stringify(value, null, unit).replace(/\n/g, '\n' + indent);
}

/** The indentation step the JSON text uses (two spaces when it cannot tell). */
function indentUnit(text: string): string {
  const nl = text.indexOf('\n');
  if (nl === -1) return '  ';
  let n = 0;
  while (text[nl + 1 + n] === ' ') n++;
  if (text[nl + 1] === '\t') return '\t';
  return ' '.repeat(n || 2);
}

function column(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** The offset just after the line on which `node` ends (its trailing newline included). */
function endOfNode(text: string, node: SourceNode): number {
  let end = node.range.end;
  while (end > node.range.start && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  if (text[end - 1] === '\n') return end;
  const nl = text.indexOf('\n', end);
  return nl === -1 ? text.length : nl + 1;
}

function endOfMapping(text: string, root: Extract<SourceNode, { kind: 'map' }>): number {
  return Math.max(...root.entries.map((e) => endOfNode(text, e.value)), endOfNode(text, { kind: 'scalar', range: root.entries.at(-1)!.keyRange, value: null }));
}

/** Inserts a block of lines at a line start (adding the missing newline at the end of a file without one). */
function placed(uri: string, text: string, at: number, block: string, focusKey: string | undefined): AppendedItem {
  const newText = at === text.length && text.length > 0 && !text.endsWith('\n') ? '\n' + block : block;
  return { edit: { uri, start: at, end: at, newText }, focus: focusIn(newText, at, focusKey) };
}

function placedInsert(uri: string, at: number, newText: string, focusKey: string | undefined): AppendedItem {
  return placedReplace(uri, at, at, newText, focusKey);
}

function placedReplace(uri: string, start: number, end: number, newText: string, focusKey: string | undefined): AppendedItem {
  return { edit: { uri, start, end, newText }, focus: focusIn(newText, start, focusKey) };
}

/** Where the value of `focusKey` landed (inside its quotes, if any): the edit's `start` is where `newText` begins. */
function focusIn(newText: string, start: number, focusKey: string | undefined): AppendedItem['focus'] {
  if (focusKey === undefined) return undefined;
  for (const needle of [`${focusKey}: `, `"${focusKey}": `]) {
    const at = newText.indexOf(needle);
    if (at === -1) continue;
    let from = at + needle.length;
    let to = newText.indexOf('\n', from);
    if (to === -1) to = newText.length;
    const comment = newText.indexOf('  #', from);
    if (comment !== -1 && comment < to) to = comment;
    if (newText[to - 1] === ',') to--;
    if (newText[from] === '"' && newText[to - 1] === '"' && to - from >= 2) {
      from++;
      to--;
    }
    return { start: start + from, end: start + to };
  }
  return undefined;
}
