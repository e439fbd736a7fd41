// Where the cursor is in a YAML document, read from the text's indentation rather than from a parse tree,
// so a half-typed document (the common case while editing) still says which key or value is being written.

export interface YamlCursor {
  /** The path of the mapping the cursor writes in (`[]` for a sequence item), e.g. `surfaces/[]/auth`. */
  readonly path: readonly string[];
  /** `key`: a property name is being typed; `value`: the value of `key`; `item`: a sequence item under `path`. */
  readonly mode: 'key' | 'value' | 'item';
  /** For `value`: the property whose value is typed. */
  readonly key?: string;
  /** The word being typed (what completion replaces), as offsets. */
  readonly start: number;
  readonly end: number;
  readonly prefix: string;
  /** The column keys of this mapping start at. */
  readonly indent: number;
  /** Keys already present in the mapping being written (for key completion). */
  readonly siblings: readonly string[];
  /** True when the value sits inside a flow sequence (`[a, b|]`). */
  readonly inFlowSeq?: boolean;
}

interface Line {
  readonly start: number;
  readonly text: string;
}

/** A YAML line split by hand (no regex backtracking on long lines): indentation, `- ` item marker, key. */
interface LineParts {
  /** Leading spaces. */
  readonly indent: number;
  /** The column after `- ` when the line is a sequence item. */
  readonly itemColumn?: number;
  /** The key, when the line has `key:` (followed by a space or the end). */
  readonly key?: string;
  /** Everything after `key: ` (or after `- ` / the indentation when there is no key). */
  readonly rest: string;
}

function splitLine(line: string): LineParts {
  let i = 0;
  while (line[i] === ' ') i++;
  const indent = i;
  let itemColumn: number | undefined;
  if (line[i] === '-' && (line[i + 1] === ' ' || line[i + 1] === '\t')) {
    i++;
    while (line[i] === ' ' || line[i] === '\t') i++;
    itemColumn = i;
  }
  const body = line.slice(i);
  const c = body[0];
  if (c === undefined || c === '#' || c === '{' || c === '[' || c === '-' && body[1] !== ' ' && body.length === 1) return { indent, itemColumn, rest: body };
  let keyEnd: number;
  let key: string;
  if (c === '"' || c === "'") {
    const close = body.indexOf(c, 1);
    if (close === -1) return { indent, itemColumn, rest: body };
    key = body.slice(1, close);
    keyEnd = close + 1;
    while (body[keyEnd] === ' ') keyEnd++;
    if (body[keyEnd] !== ':') return { indent, itemColumn, rest: body };
  } else {
    keyEnd = -1;
    for (let j = 0; j < body.length; j++) {
      const ch = body[j];
      if (ch === '#' && (j === 0 || body[j - 1] === ' ')) break;
      if (ch === ':' && (j + 1 === body.length || body[j + 1] === ' ' || body[j + 1] === '\t')) {
        keyEnd = j;
        break;
      }
    }
    if (keyEnd <= 0) return { indent, itemColumn, rest: body };
    key = body.slice(0, keyEnd).trim();
  }
  let after = keyEnd + 1;
  while (body[after] === ' ' || body[after] === '\t') after++;
  return { indent, itemColumn, key, rest: body.slice(after) };
}

/** The cursor's context at `offset`, or undefined when it is in a comment or a place completion cannot help. */
export function yamlCursor(text: string, offset: number): YamlCursor | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  if (/(^|\s)#/.test(before)) return undefined;
  const nl = text.indexOf('\n', offset);
  const after = text.slice(offset, nl === -1 ? text.length : nl);
  const wordEnd = offset + (/^[^\s:,\]}#]*/.exec(after)?.[0].length ?? 0);

  // `key: value|` or `key: [a, b|`
  const parts = splitLine(before);
  if (parts.key !== undefined && (parts.rest.length > 0 || /:[ \t]$/.test(before) || before.endsWith(':'))) {
    const indent = parts.itemColumn ?? parts.indent;
    const key = parts.key;
    const parent = parentPath(text, lineStart, indent, parts.itemColumn !== undefined);
    const valueText = parts.rest;
    const open = valueText.lastIndexOf('[');
    if (open !== -1 && !valueText.includes(']', open)) {
      let w = valueText.length;
      while (w > 0 && !' \t,['.includes(valueText[w - 1])) w--;
      const word = valueText.slice(w);
      return { path: [...parent, key], mode: 'item', start: offset - word.length, end: wordEnd, prefix: unquote(word), indent, siblings: [], inFlowSeq: true };
    }
    if (/^[{|>]/.test(valueText)) return undefined;
    return { path: parent, mode: 'value', key, start: offset - valueText.length, end: wordEnd, prefix: unquote(valueText), indent, siblings: [] };
  }

  // `- value|` under a sequence key, or `- key|` starting a new mapping item
  const item = /^(\s*)-\s+([^\s:#]*)$/.exec(before);
  if (item) {
    const dash = item[1].length;
    const parent = parentPath(text, lineStart, dash, false, true);
    return { path: parent, mode: 'item', start: offset - item[2].length, end: wordEnd, prefix: item[2], indent: dash + 2, siblings: [] };
  }

  // `  ke|` — a property name being typed
  const key = /^(\s*)([A-Za-z0-9_.$-]*)$/.exec(before);
  if (key) {
    const indent = key[1].length;
    const parent = parentPath(text, lineStart, indent, false);
    return { path: parent, mode: 'key', start: offset - key[2].length, end: wordEnd, prefix: key[2], indent, siblings: siblingKeys(text, lineStart, indent) };
  }
  return undefined;
}

/**
 * The path of the mapping whose keys start at column `indent`, found by walking up to less-indented keys.
 * `fromDash`: the line is a sequence item (`- key: …`), so the item itself is part of the path.
 * `forItem`: the line is `- …` at column `indent`; the path is that of the sequence's key.
 */
function parentPath(text: string, lineStart: number, indent: number, fromDash: boolean, forItem = false): string[] {
  const path: string[] = [];
  let column = indent;
  let inItem = fromDash;
  if (fromDash) path.unshift('[]');
  if (forItem) {
    // The sequence's key sits at a smaller column, or at the same column (YAML allows `key:\n- item`).
    for (const line of linesAbove(text, lineStart)) {
      const m = splitLine(line.text);
      const ind = m.indent;
      if (ind > column) continue;
      if (m.itemColumn !== undefined && ind === column) continue; // an earlier item of the same sequence
      if (m.key !== undefined && m.itemColumn === undefined) {
        path.unshift(m.key);
        return [...parentPath(text, line.start, ind, false), ...path];
      }
      if (m.key !== undefined && m.itemColumn !== undefined && ind < column) {
        // `- key:` whose value is this sequence: nested inside another item
        path.unshift(m.key);
        return [...parentPath(text, line.start, m.itemColumn, true), ...path];
      }
      if (ind < column) return path;
    }
    return path;
  }
  for (const line of linesAbove(text, lineStart)) {
    const m = splitLine(line.text);
    const ind = m.indent;
    if (m.itemColumn !== undefined) {
      if (!inItem && ind < column && m.itemColumn <= column) {
        // we are inside this sequence item's mapping
        path.unshift('[]');
        column = ind;
        inItem = true;
        continue;
      }
      if (inItem && ind === column) continue; // an earlier item of the same sequence
    }
    if (m.key === undefined || m.itemColumn !== undefined) {
      if (ind < column && m.itemColumn === undefined) return path; // something else less indented: stop
      continue;
    }
    if (ind < column || (inItem && ind === column)) {
      path.unshift(m.key);
      column = ind;
      inItem = false;
    }
    if (column === 0) break;
  }
  return path;
}

/** Keys at column `indent` in the same block as the line at `lineStart` (above and below). */
function siblingKeys(text: string, lineStart: number, indent: number): string[] {
  const out: string[] = [];
  const collect = (line: Line): boolean => {
    if (!line.text.trim() || /^\s*#/.test(line.text)) return true;
    const m = splitLine(line.text);
    const ind = m.indent;
    if (m.itemColumn !== undefined && ind < indent) {
      if (m.key !== undefined && m.itemColumn === indent) out.push(m.key);
      return false; // the item's first line: the block starts here
    }
    if (ind < indent) return false;
    if (ind === indent && m.key !== undefined && m.itemColumn === undefined) out.push(m.key);
    return true;
  };
  for (const line of linesAbove(text, lineStart)) if (!collect(line)) break;
  let at = text.indexOf('\n', lineStart);
  while (at !== -1) {
    const start = at + 1;
    const nl = text.indexOf('\n', start);
    const line = { start, text: text.slice(start, nl === -1 ? text.length : nl) };
    if (splitLine(line.text).itemColumn !== undefined && leading(line.text) < indent) break;
    if (!collect(line)) break;
    at = nl;
  }
  return out;
}

function* linesAbove(text: string, lineStart: number): Generator<Line> {
  let end = lineStart - 1;
  while (end >= 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end).replace(/\r$/, '');
    end = start - 1;
    if (!line.trim() || /^\s*#/.test(line)) continue;
    yield { start, text: line };
  }
}

function leading(line: string): number {
  return /^ */.exec(line)![0].length;
}

function unquote(s: string): string {
  return /^(["']).*\1$/.test(s) ? s.slice(1, -1) : s;
}
