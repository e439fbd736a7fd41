// Text edits on YAML and JSON documents that keep their layout: set a property (creating parent mappings),
// replace a scalar. Quick fixes build on these, so every fix leaves a document that still parses.
import type { TextEdit } from '../model/index.js';
import type { ParsedDocument, SourceNode } from '../parse/index.js';
import { parsePointer } from '../source.js';

type MapNode = Extract<SourceNode, { kind: 'map' }>;

/** The node at `pointer` in the positioned tree, or undefined. */
export function nodeAt(document: ParsedDocument, pointer: string): SourceNode | undefined {
  let node = document.tree();
  for (const segment of parsePointer(pointer)) {
    if (!node) return undefined;
    if (node.kind === 'map') node = [...node.entries].reverse().find((e) => e.key === segment)?.value;
    else if (node.kind === 'seq' && /^\d+$/.test(segment)) node = node.items[Number(segment)];
    else return undefined;
  }
  return node;
}

/** A scalar written for this document's language: JSON text, or a YAML plain scalar when that is safe. */
export function renderScalar(document: ParsedDocument, value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  if (document.language === 'json') return JSON.stringify(value);
  const plain = /^[A-Za-z0-9_][A-Za-z0-9_ ./@+-]*$/.test(value) && !/ $/.test(value)
    && !/^(?:true|false|null|yes|no|on|off|~|[-+]?\d[\d_]*(?:\.\d*)?(?:e[-+]?\d+)?|0x[0-9a-f]+|\.inf|\.nan)$/i.test(value);
  return plain ? value : JSON.stringify(value);
}

/** Replaces the scalar at `pointer` with `value`; undefined when there is no such scalar. */
export function replaceScalar(document: ParsedDocument, uri: string, pointer: string, value: string | number | boolean): TextEdit | undefined {
  const node = nodeAt(document, pointer);
  if (!node || node.kind !== 'scalar' || node.range.end < node.range.start) return undefined;
  return { uri, start: node.range.start, end: node.range.end, newText: renderScalar(document, value) };
}

/**
 * Replaces characters `start`..`end` of the JSON string at `pointer` (indices of the decoded string) with `text`,
 * escaped for JSON, touching nothing else. Undefined when the document is not JSON or the value is not a string.
 */
export function replaceInJsonString(document: ParsedDocument, uri: string, pointer: string, start: number, end: number, text: string): TextEdit | undefined {
  if (document.language !== 'json') return undefined;
  const whole = document.locate(pointer);
  if (!whole.exact || document.text.charCodeAt(whole.range.start) !== 34) return undefined;
  const at = document.locateInString(pointer, start, end);
  return { uri, start: at.start, end: at.end, newText: JSON.stringify(text).slice(1, -1) };
}

/** Removes the sequence item at `pointer` (its whole line in a block sequence); undefined when it is not one. */
export function removeItem(document: ParsedDocument, uri: string, pointer: string): TextEdit | undefined {
  const segments = parsePointer(pointer);
  const index = Number(segments.at(-1));
  const parentPointer = segments.length > 1 ? '/' + segments.slice(0, -1).map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/') : '';
  const seq = nodeAt(document, parentPointer);
  if (!seq || seq.kind !== 'seq' || !Number.isInteger(index) || !seq.items[index]) return undefined;
  const text = document.text;
  const item = seq.items[index].range;
  const flow = document.language === 'json' || text[seq.range.start] === '[';
  if (flow) {
    if (seq.items.length === 1) return { uri, start: seq.range.start + 1, end: seq.range.end - 1, newText: '' };
    if (index < seq.items.length - 1) return { uri, start: item.start, end: seq.items[index + 1].range.start, newText: '' };
    return { uri, start: seq.items[index - 1].range.end, end: item.end, newText: '' };
  }
  if (seq.items.length === 1) return undefined; // the key would be left with nothing: let the user decide
  const lineStart = text.lastIndexOf('\n', item.start - 1) + 1;
  const nl = text.indexOf('\n', item.end - (text[item.end - 1] === '\n' ? 1 : 0));
  return { uri, start: lineStart, end: nl === -1 ? text.length : nl + 1, newText: '' };
}

export type PlainValue = string | number | boolean | { readonly [key: string]: PlainValue };

export interface SetOptions {
  /** YAML only: a comment after each inserted scalar line, keyed by property name (e.g. the allowed values). */
  readonly comments?: Readonly<Record<string, string>>;
}

/**
 * Sets `key` to `value` in the mapping at `mapPointer`: replaces an existing scalar, or inserts the property after
 * the mapping's last entry (creating missing parent mappings). Undefined when the place is not a mapping.
 */
export function setProperty(document: ParsedDocument, uri: string, mapPointer: string, key: string, value: PlainValue, options: SetOptions = {}): TextEdit | undefined {
  return setProperties(document, uri, mapPointer, { [key]: value }, options);
}

/** Like {@link setProperty} for several properties at once (one edit). */
export function setProperties(document: ParsedDocument, uri: string, mapPointer: string, values: Readonly<Record<string, PlainValue>>, options: SetOptions = {}): TextEdit | undefined {
  const node = nodeAt(document, mapPointer);
  if (!node) {
    const segments = parsePointer(mapPointer);
    if (!segments.length) return undefined;
    const parent = '/' + segments.slice(0, -1).map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
    return setProperties(document, uri, segments.length === 1 ? '' : parent, { [segments.at(-1)!]: values }, options);
  }
  if (node.kind === 'scalar' && node.value === null && node.range.start === node.range.end) {
    // `auth:` with nothing after it: write the mapping right there.
    return insertUnderEmptyKey(document, uri, node, values, options);
  }
  if (node.kind !== 'map') return undefined;
  const keys = Object.keys(values);
  if (keys.length === 1) {
    const existing = [...node.entries].reverse().find((e) => e.key === keys[0]);
    const v = values[keys[0]];
    if (existing && existing.value.kind === 'scalar' && typeof v !== 'object') {
      return { uri, start: existing.value.range.start, end: existing.value.range.end, newText: renderScalar(document, v) };
    }
    if (existing && existing.value.kind === 'map' && typeof v === 'object') {
      return setProperties(document, uri, `${mapPointer}/${escape(keys[0])}`, v, options);
    }
  }
  return insertIntoMap(document, uri, node, values, options);
}

function insertIntoMap(document: ParsedDocument, uri: string, node: MapNode, values: Readonly<Record<string, PlainValue>>, options: SetOptions): TextEdit | undefined {
  const text = document.text;
  const flow = text[node.range.start] === '{';
  if (document.language === 'json' || flow) {
    const inline = Object.entries(values).map(([k, v]) => `${document.language === 'json' ? JSON.stringify(k) : k}: ${JSON.stringify(v)}`).join(', ');
    const last = node.entries.at(-1);
    if (!last) return { uri, start: node.range.start + 1, end: node.range.start + 1, newText: inline };
    const firstKey = node.entries[0].keyRange.start;
    const multiline = text.lastIndexOf('\n', firstKey) > node.range.start;
    if (!multiline) return { uri, start: last.value.range.end, end: last.value.range.end, newText: `, ${inline}` };
    const indent = ' '.repeat(firstKey - text.lastIndexOf('\n', firstKey) - 1);
    const lines = Object.entries(values).map(([k, v]) => `${indent}${JSON.stringify(k)}: ${JSON.stringify(v, null, 2).replace(/\n/g, '\n' + indent)}`);
    return { uri, start: last.value.range.end, end: last.value.range.end, newText: `,\n${lines.join(',\n')}` };
  }
  const first = node.entries[0];
  if (!first) return undefined;
  const column = first.keyRange.start - text.lastIndexOf('\n', first.keyRange.start - 1) - 1;
  const block = yamlBlock(document, values, ' '.repeat(column), options);
  const end = Math.max(...node.entries.map((e) => e.value.range.end), first.keyRange.end);
  if (text[end - 1] === '\n') return { uri, start: end, end, newText: block + '\n' };
  const newline = text.indexOf('\n', end);
  if (newline === -1) return { uri, start: text.length, end: text.length, newText: '\n' + block + (text.endsWith('\n') ? '' : '') };
  return { uri, start: newline + 1, end: newline + 1, newText: block + '\n' };
}

function insertUnderEmptyKey(document: ParsedDocument, uri: string, node: SourceNode, values: Readonly<Record<string, PlainValue>>, options: SetOptions): TextEdit {
  const text = document.text;
  const at = node.range.start;
  if (document.language === 'json') return { uri, start: at, end: at, newText: JSON.stringify(values) };
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const keyIndent = /^[ -]*/.exec(text.slice(lineStart))![0].length;
  const block = yamlBlock(document, values, ' '.repeat(keyIndent + 2), options);
  return { uri, start: at, end: at, newText: '\n' + block };
}

/** YAML block lines (no trailing newline) for `values`, each starting with `indent`. */
function yamlBlock(document: ParsedDocument, values: Readonly<Record<string, PlainValue>>, indent: string, options: SetOptions): string {
  const lines: string[] = [];
  for (const [k, v] of Object.entries(values)) {
    if (typeof v === 'object') {
      lines.push(`${indent}${renderScalar(document, k)}:`);
      lines.push(yamlBlock(document, v, indent + '  ', options));
    } else {
      const comment = options.comments?.[k];
      lines.push(`${indent}${renderScalar(document, k)}: ${renderScalar(document, v)}${comment ? `  # ${comment}` : ''}`);
    }
  }
  return lines.join('\n');
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
