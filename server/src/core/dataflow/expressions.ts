// Hand-written scanners for the platforms' expression syntax: template blocks, quoted strings, accessor chains and URL
// shapes. Every loop moves forward through the text and stops at its end or a small cap, so the cost is linear and an
// expression that does not parse only ends the reference early.
import type { Reference, Sink } from './types.js';

/** `[A-Za-z0-9_$]`. */
export function isIdentChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 36;
}

/** A template block: the content between `open` and `close` (`{{ … }}`), and the block with its braces. */
export interface Block {
  readonly start: number;
  readonly end: number;
  readonly outerStart: number;
  readonly outerEnd: number;
}

/** At most this many blocks are read from one string. */
const MAX_BLOCKS = 2000;

/**
 * The `{{ … }}` blocks of `text` from `from` on (Make, Zapier and n8n templates; Node-RED mustache, whose `{{{ … }}}`
 * gives a content starting with `{`). An unterminated block runs to the end of the text.
 */
export function templateBlocks(text: string, from = 0): Block[] {
  const blocks: Block[] = [];
  let i = text.indexOf('{{', from);
  while (i !== -1 && blocks.length < MAX_BLOCKS) {
    let start = i + 2;
    while (text.charCodeAt(start) === 123 /* { */ && start < i + 3) start++; // mustache triple braces
    const close = text.indexOf('}}', start);
    const end = close === -1 ? text.length : close;
    let outerEnd = close === -1 ? text.length : close + 2;
    if (start > i + 2 && text.charCodeAt(outerEnd) === 125 /* } */) outerEnd++;
    blocks.push({ start, end, outerStart: i, outerEnd });
    if (close === -1) break;
    i = text.indexOf('{{', outerEnd);
  }
  return blocks;
}

/**
 * The `@{ … }` interpolations of a Workflow Definition Language string, or the whole expression when the string starts
 * with `@` (`@@` escapes a literal `@`). Braces inside single-quoted strings do not count.
 */
export function wdlBlocks(text: string): Block[] {
  if (text.charCodeAt(0) === 64 /* @ */ && text.charCodeAt(1) !== 64 && text.charCodeAt(1) !== 123 /* { */) {
    return [{ start: 1, end: text.length, outerStart: 0, outerEnd: text.length }];
  }
  const blocks: Block[] = [];
  let i = text.indexOf('@{');
  while (i !== -1 && blocks.length < MAX_BLOCKS) {
    const close = skipBalanced(text, i + 1, 123, 125, true);
    const outerEnd = close === -1 ? text.length : close;
    blocks.push({ start: i + 2, end: close === -1 ? text.length : close - 1, outerStart: i, outerEnd });
    if (close === -1) break;
    i = text.indexOf('@{', outerEnd);
  }
  return blocks;
}

/**
 * Skips a balanced group starting at `i` (where `text[i]` is the opening character) and returns the index after its
 * closing character, or -1 when it is not closed. Quoted strings are skipped (`'…'` only when `singleQuotesOnly`).
 */
export function skipBalanced(text: string, i: number, open: number, close: number, singleQuotesOnly = false): number {
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 39 /* ' */ || (!singleQuotesOnly && (c === 34 /* " */ || c === 96 /* ` */))) {
      const q = readQuoted(text, j, singleQuotesOnly);
      if (!q) return -1;
      j = q.end - 1;
    } else if (c === open) depth++;
    else if (c === close) {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return -1;
}

/**
 * The string literal starting at `i` (a quote character): its value and the index after the closing quote. Backslash
 * escapes are honoured, or doubled quotes when `doubledQuotes` (Workflow Definition Language). Undefined when unterminated.
 */
export function readQuoted(text: string, i: number, doubledQuotes = false): { value: string; end: number } | undefined {
  const quote = text.charCodeAt(i);
  let value = '';
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (!doubledQuotes && c === 92 /* \ */) {
      value += text[j + 1] ?? '';
      j++;
    } else if (c === quote) {
      if (doubledQuotes && text.charCodeAt(j + 1) === quote) {
        value += text[j];
        j++;
      } else return { value, end: j + 1 };
    } else value += text[j];
  }
  return undefined;
}

/** One step of an accessor chain: `.name`, `['name']`, `[0]`, `.method(…)`, or `[expression]`. */
export interface Segment {
  /** A property's name, a call's function name, an index's digits (`0`); empty for a dynamic segment. */
  readonly name: string;
  readonly kind: 'prop' | 'index' | 'call' | 'dynamic';
  /** Index after the segment. */
  readonly end: number;
  /**
   * For `.map(…)` or `.flatMap(…)` (JavaScript) whose callback only reads a path of its element (`a => a.name`,
   * `({ name }) => name`, `a => a.groups.map(g => g.id)`): that path (`''`: the element itself). Undefined for any
   * other callback, so the call reads all of the list.
   */
  readonly mapped?: string;
  /**
   * For such a call whose callback reads several paths of its element (`a => `${a.name} ${a.title}``, a block body
   * `{ return … }`): all of them, in order (then `mapped` is undefined; {@link fieldsOf} reads one field for each).
   */
  readonly paths?: readonly string[];
}

const MAX_SEGMENTS = 32;

/**
 * Reads the accessors after index `i`: `.a`, `?.a`, `['a']`, `?['a']`, `[0]`, `.f(…)` and `[expr]` (which ends the chain).
 * `doubledQuotes` selects the Workflow Definition Language's quoting.
 */
export function readAccessors(text: string, i: number, doubledQuotes = false): Segment[] {
  const segments: Segment[] = [];
  let j = i;
  while (segments.length < MAX_SEGMENTS && j < text.length) {
    let k = j;
    if (text.charCodeAt(k) === 63 /* ? */) {
      if (text.charCodeAt(k + 1) === 46 /* . */ && text.charCodeAt(k + 2) === 91 /* [ */) k += 2;
      else if (text.charCodeAt(k + 1) === 46 || text.charCodeAt(k + 1) === 91) k += 1;
      else break;
    }
    const c = text.charCodeAt(k);
    if (c === 46 /* . */) {
      let e = k + 1;
      while (e < text.length && isIdentChar(text.charCodeAt(e))) e++;
      if (e === k + 1) break;
      const name = text.slice(k + 1, e);
      if (text.charCodeAt(e) === 40 /* ( */) {
        const after = skipBalanced(text, e, 40, 41, doubledQuotes);
        if (after === -1) break;
        const paths = !doubledQuotes && (name === 'map' || name === 'flatMap') ? elementPaths(text, e + 1, after - 1) : undefined;
        if (paths?.length === 1) segments.push({ name, kind: 'call', end: after, mapped: paths[0] });
        else if (paths) segments.push({ name, kind: 'call', end: after, paths });
        else segments.push({ name, kind: 'call', end: after });
        j = after;
      } else {
        segments.push({ name, kind: 'prop', end: e });
        j = e;
      }
    } else if (c === 91 /* [ */) {
      let e = k + 1;
      while (text.charCodeAt(e) === 32) e++;
      const q = text.charCodeAt(e);
      if (q === 39 || (!doubledQuotes && (q === 34 || q === 96))) {
        const lit = readQuoted(text, e, doubledQuotes);
        if (!lit) break;
        // A template literal that inserts a value (`a[`${key}`]`) names no known key.
        if (q === 96 && lit.value.includes('${')) {
          segments.push({ name: '', kind: 'dynamic', end: lit.end });
          break;
        }
        let close = lit.end;
        while (text.charCodeAt(close) === 32) close++;
        if (text.charCodeAt(close) !== 93 /* ] */) {
          segments.push({ name: '', kind: 'dynamic', end: close });
          break;
        }
        segments.push({ name: lit.value, kind: 'prop', end: close + 1 });
        j = close + 1;
      } else if ((q >= 48 && q <= 57) || q === 45 /* - */) {
        let d = e + 1;
        while (d < text.length && text.charCodeAt(d) >= 48 && text.charCodeAt(d) <= 57) d++;
        while (text.charCodeAt(d) === 32) d++;
        if (text.charCodeAt(d) !== 93) break;
        segments.push({ name: text.slice(e, d).trim(), kind: 'index', end: d + 1 });
        j = d + 1;
      } else {
        const after = skipBalanced(text, k, 91, 93, doubledQuotes);
        segments.push({ name: '', kind: 'dynamic', end: after === -1 ? text.length : after });
        break;
      }
    } else break;
  }
  return segments;
}

/** Callbacks longer than this are not read for the paths they map to (their call reads all of the list). */
const MAX_CALLBACK = 1024;

/** Most paths one callback is read for; a callback that reads more reads all of the list. */
const MAX_PATHS = 16;

/** Names in a callback's body through which it may reach its element without naming its parameter (also as `.eval`). */
const OPAQUE_NAMES = new Set(['arguments', 'eval', 'Function', 'this']);

/**
 * The paths a `.map` callback (the text `[start, end)` between its parentheses) reads of its element, when its parameter
 * is used only as `a.x` (`a.x.y`, `a?.['x']`, `a.x.toUpperCase()`, `a.xs.map(b => b.id)`): `a => a.x`, `(a) => `${a.x}
 * ${a.y}``, `a => { return a.x; }`, `function (a) { return a.x; }`; or `({ x }) => …` and `({ x: b }) => …`, which read
 * `x` (`x.y`) however the name is used. One path for each field read, in order, without repeats. Undefined for anything
 * else: a second parameter (the index), a rest or second destructured key, a block that does not start with `return`,
 * the parameter used in any other way (passed to a call, spread, indexed with a computed key, assigned, returned whole),
 * `arguments`, `this` or `eval` in the body, more than {@link MAX_PATHS} paths.
 */
function elementPaths(text: string, start: number, end: number): string[] | undefined {
  if (end - start > MAX_CALLBACK) return undefined;
  let i = skipSpaces(text, start);
  const fn = text.startsWith('function', i) && !isIdentChar(text.charCodeAt(i + 8));
  if (fn) {
    i = skipSpaces(text, identEnd(text, skipSpaces(text, i + 8)));
    if (text.charCodeAt(i) !== 40 /* ( */) return undefined;
  }
  const paren = text.charCodeAt(i) === 40;
  if (paren) i = skipSpaces(text, i + 1);
  let name: string;
  let key = '';
  if (paren && text.charCodeAt(i) === 123 /* { */) {
    // One destructured key: `{ x }` or `{ x: b }`.
    const keyEnd = identEnd(text, skipSpaces(text, i + 1));
    key = text.slice(skipSpaces(text, i + 1), keyEnd);
    i = skipSpaces(text, keyEnd);
    name = key;
    if (text.charCodeAt(i) === 58 /* : */) {
      const nameStart = skipSpaces(text, i + 1);
      name = text.slice(nameStart, identEnd(text, nameStart));
      i = skipSpaces(text, nameStart + name.length);
    }
    if (!key || !name || text.charCodeAt(i) !== 125 /* } */) return undefined;
    i = skipSpaces(text, i + 1);
  } else {
    const nameEnd = identEnd(text, i);
    name = text.slice(i, nameEnd);
    i = skipSpaces(text, nameEnd);
  }
  if (!name || /^\d/.test(name)) return undefined;
  if (paren) {
    if (text.charCodeAt(i) !== 41 /* ) */) return undefined;
    i = skipSpaces(text, i + 1);
  } else if (fn) return undefined;
  if (!fn) {
    if (!text.startsWith('=>', i)) return undefined;
    i = skipSpaces(text, i + 2);
  }
  let bodyEnd = end;
  while (bodyEnd > i && /\s/.test(text[bodyEnd - 1])) bodyEnd--;
  if (fn || text.charCodeAt(i) === 123 /* { */) {
    // A block: `{ return …; }`.
    if (text.charCodeAt(i) !== 123 || text.charCodeAt(bodyEnd - 1) !== 125) return undefined;
    i = skipSpaces(text, i + 1);
    if (!text.startsWith('return', i) || isIdentChar(text.charCodeAt(i + 6))) return undefined;
    i += 6;
    bodyEnd--;
  }
  if (i >= bodyEnd) return undefined;
  // The element itself (`a => a`, `{ return a; }`): each element, whole.
  if (text.slice(i, bodyEnd).replace(/;\s*$/, '').trim() === name) return [key];
  const paths: string[] = [];
  for (let j = i; j < bodyEnd; ) {
    if (!isIdentChar(text.charCodeAt(j))) {
      j++;
      continue;
    }
    const wordEnd = identEnd(text, j);
    const word = text.slice(j, wordEnd);
    // After `.` a property's name, but after `...` a spread (which reads the element whole).
    const property = j > 0 && text.charCodeAt(j - 1) === 46 /* . */ && !(j > 2 && text.startsWith('...', j - 3));
    if (OPAQUE_NAMES.has(word)) return undefined;
    if (property || word !== name) {
      j = wordEnd;
      continue;
    }
    const read = fieldsOf(readAccessors(text, wordEnd));
    for (const { field } of read) {
      // The element itself (`a`, `a[k]`, `a.toString()`) is read whole; a destructured key's name is that key.
      if (!field && !key) return undefined;
      const path = joinField(key, field);
      if (!paths.includes(path)) paths.push(path);
      if (paths.length > MAX_PATHS) return undefined;
    }
    if (!read.length) return undefined;
    // Go on right after the name, not after the path: a call's arguments and a nested `.map` callback in it
    // (`a.tags.map(t => t.label + JSON.stringify(a))`) may use the parameter again.
    j = wordEnd;
  }
  return paths.length ? paths : undefined;
}

/** Longest field path kept; deeper paths are cut (bounded work in loops that nest data). */
export const MAX_FIELD_DEPTH = 12;

/**
 * The dotted field of property segments from `from` on, up to the first call or dynamic segment; indexes are skipped.
 * A `.map` whose callback reads a path of each element ({@link Segment.mapped}) goes on with that path, as an index
 * does (`attendees.map(a => a.name)` is `attendees.name`, as `attendees[0].name` is): `elements` then says the value is
 * read out of elements of a list, and `element` which one, when indexes pick it (`0`, `0,2`; none for a mapped list).
 */
export function fieldOf(segments: readonly Segment[], from = 0): { field: string; end: number | undefined; elements?: boolean; element?: string } {
  const names: string[] = [];
  const picks: string[] = [];
  let end: number | undefined;
  for (let i = from; i < segments.length; i++) {
    const s = segments[i];
    if (s.kind === 'dynamic' || (s.kind === 'call' && s.mapped === undefined)) break;
    end = s.end;
    if (s.kind === 'call') {
      picks.push(EACH_ELEMENT);
      for (const name of s.mapped ? s.mapped.split('.') : []) if (names.length < MAX_FIELD_DEPTH) names.push(name);
    } else if (s.kind === 'index') picks.push(s.name);
    else if (names.length < MAX_FIELD_DEPTH) names.push(s.name);
  }
  if (!picks.length) return { field: names.join('.'), end };
  const element = joinElements(...picks);
  return element === EACH_ELEMENT ? { field: names.join('.'), end, elements: true } : { field: names.join('.'), end, elements: true, element };
}

/**
 * {@link fieldOf} once for each path a `.map` reads of its elements ({@link Segment.paths}: `list.map(a => `${a.x}
 * ${a.y}`)` is `list.x` and `list.y`). When they grow more than {@link MAX_PATHS}, the one field up to that call (the
 * whole list), as {@link fieldOf} reads it.
 */
export function fieldsOf(segments: readonly Segment[], from = 0): ReturnType<typeof fieldOf>[] {
  for (let i = from; i < segments.length; i++) {
    const s = segments[i];
    if (s.kind === 'dynamic' || (s.kind === 'call' && s.mapped === undefined && !s.paths)) break;
    if (s.kind !== 'call' || !s.paths) continue;
    const out: ReturnType<typeof fieldOf>[] = [];
    for (const mapped of s.paths) {
      const one = segments.slice();
      one[i] = { name: s.name, kind: 'call', end: s.end, mapped };
      out.push(...fieldsOf(one, from));
      if (out.length > MAX_PATHS) return [fieldOf(segments, from)];
    }
    return out;
  }
  return [fieldOf(segments, from)];
}

/** {@link joinElements}: every element of a list, or elements the reader cannot tell apart. */
export const EACH_ELEMENT = '*';

/**
 * The elements picked one after the other (`0` then `2`: `0,2`), or {@link EACH_ELEMENT} when one of them is each element
 * or unknown (undefined), or when the picks grow long (a value that goes round a loop).
 */
export function joinElements(...picks: (string | undefined)[]): string {
  if (picks.some((p) => p === undefined || p === EACH_ELEMENT || p === '')) return EACH_ELEMENT;
  const joined = picks.join(',');
  return joined.length > 32 ? EACH_ELEMENT : joined;
}

/**
 * A key as it is written into a dotted field. A key that holds a `.` (`?['region.code']`, `` {{1.`region.code`}} ``) is
 * one key, not the path `region` → `code`, which the sender can set beside it to another value: each of its dots is
 * written as U+200B (zero width space) and a `.`, so no path of nested keys is the same field (a check of the one does
 * not cover the other), while the key's last part is still the field's last step (`contact.email` names an e-mail
 * address) and a message shows it as written.
 */
export function fieldKey(name: string): string {
  return name.includes('.') ? name.split('.').join('\u200b.') : name;
}

/** Joins two dotted paths. */
export function joinField(a: string, b: string): string {
  if (!a) return b;
  if (!b) return a;
  const joined = `${a}.${b}`;
  let dots = 0;
  for (let i = 0; i < joined.length; i++) {
    if (joined.charCodeAt(i) === 46 && ++dots >= MAX_FIELD_DEPTH) return joined.slice(0, i);
  }
  return joined;
}

/** True when `prefix` is `field` or one of its ancestors (`''` is everyone's). */
export function isFieldPrefix(prefix: string, field: string): boolean {
  return prefix === '' || field === prefix || (field.length > prefix.length && field.startsWith(prefix) && field.charCodeAt(prefix.length) === 46);
}

/**
 * Where the path of a URL template starts: the first `/`, `?` or `#` of the literal text after the scheme and host
 * (or, when an expression supplies scheme and host, the first literal `/`). Expressions (`spans`) are skipped over.
 * References that start before this index reach the scheme or host; `text.length` when the whole value is host.
 */
export function urlPathStart(text: string, spans: readonly { start: number; end: number }[], from = 0): number {
  let state: 'scheme' | 'host' = 'scheme';
  let s = 0;
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  for (let i = from; i < text.length; i++) {
    while (s < sorted.length && sorted[s].end <= i) s++;
    if (s < sorted.length && sorted[s].start <= i) {
      i = sorted[s].end - 1;
      continue;
    }
    const c = text.charCodeAt(i);
    if (state === 'scheme') {
      if (c === 58 /* : */ && text.charCodeAt(i + 1) === 47 && text.charCodeAt(i + 2) === 47) {
        state = 'host';
        i += 2;
      } else if (c === 47 /* / */ || c === 63 /* ? */ || c === 35 /* # */) return i;
    } else if (c === 47 || c === 63 || c === 35) return i;
  }
  return text.length;
}

/**
 * Where a URL template's host ends ({@link urlPathStart}) and, when its scheme and host are literal and a value follows
 * the port's colon (`http://internal.example.com:{{ port }}/`), where that port starts: a number there picks a port on
 * that host, not the host (anything else may still move it: `80@evil.net` makes evil.net the host).
 */
export function urlHostBounds(text: string, spans: readonly { start: number; end: number }[], from = 0): { hostEnd: number; portStart?: number } {
  const hostEnd = urlPathStart(text, spans, from);
  let first = text.length;
  for (const span of spans) if (span.start >= from && span.start < first) first = span.start;
  return first < hostEnd && LITERAL_HOST_THEN_PORT.test(text.slice(from, first)) ? { hostEnd, portStart: first } : { hostEnd };
}

/** A literal scheme and host, then the colon before a port. */
const LITERAL_HOST_THEN_PORT = /^\s*[a-z][a-z0-9+.-]*:\/\/[^/?#@\s:]+:$/i;

/** The index after identifier characters starting at `i`. */
export function identEnd(text: string, i: number): number {
  let e = i;
  while (e < text.length && isIdentChar(text.charCodeAt(e))) e++;
  return e;
}

/** The index of the first non-space character at or after `i`. */
export function skipSpaces(text: string, i: number): number {
  let e = i;
  while (e < text.length && (text.charCodeAt(e) === 32 || text.charCodeAt(e) === 9 || text.charCodeAt(e) === 10 || text.charCodeAt(e) === 13)) e++;
  return e;
}

const markerPatterns = new WeakMap<readonly string[], RegExp>();

/**
 * The sink of code that evaluates text: at the first of `markers` in `code` (the value at `pointer`), reached by
 * `refs`, its message detail naming the marker; undefined when the code uses none.
 */
export function codeMarkerSink(code: string, markers: readonly string[], pointer: string, refs: readonly Reference[]): Sink | undefined {
  const marker = findMarker(code, markers);
  return marker && { kind: 'code', pointer, refs, at: { start: marker.index, end: marker.index + marker.marker.length }, detail: `its code uses ${marker.marker.replace(/\($/, '')}` };
}

/**
 * The first of `markers` in `code` (plain substrings; one that starts with a letter must not follow an identifier
 * character or a dot, so `retrieval(` is no `eval(`), with its index; undefined when none occurs. One regex pass for
 * all markers (built once per list): a third of the time of one `indexOf` per marker on a large Code node.
 */
export function findMarker(code: string, markers: readonly string[]): { marker: string; index: number } | undefined {
  let pattern = markerPatterns.get(markers);
  if (!pattern) markerPatterns.set(markers, (pattern = new RegExp(markers.map((m) => m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g')));
  pattern.lastIndex = 0;
  for (let m = pattern.exec(code); m; m = pattern.exec(code)) {
    const i = m.index;
    if (i > 0 && isIdentChar(m[0].charCodeAt(0)) && (isIdentChar(code.charCodeAt(i - 1)) || code.charCodeAt(i - 1) === 46 /* . */)) {
      pattern.lastIndex = i + 1;
      continue;
    }
    return { marker: m[0], index: i };
  }
  return undefined;
}

/**
 * Marks the references that sit in the path or query of a URL whose scheme and host are literal text: such a value is
 * confined (it cannot choose the host of a request made with the URL later). `spans` are the expressions of `text`.
 */
export function confineToUrlPath<R extends { start: number; confined?: boolean }>(text: string, refs: readonly R[], spans: readonly { start: number; end: number }[], from = 0): R[] {
  const scheme = text.indexOf('://', from);
  if (scheme <= from || scheme - from > 10 || !refs.length) return [...refs];
  for (let i = from; i < scheme; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57 && i > from) || c === 43 || c === 45 || c === 46)) return [...refs];
  }
  const pathStart = urlPathStart(text, spans, from);
  if (spans.some((s) => s.start < pathStart && s.end > from)) return [...refs];
  return refs.map((r) => (r.start >= pathStart ? { ...r, confined: true } : r));
}

/** Containers nested deeper than this in one node's parameters are not read for references. */
export const MAX_PARAMETER_DEPTH = 64;

/**
 * Calls `visit` for each string under `root` that `candidate` accepts (given the string and its key), with the path of
 * segments to it. Only those strings pay for their path; the others cost a test. Iterative, so deep values cost no stack;
 * containers deeper than {@link MAX_PARAMETER_DEPTH} are skipped, and `skip(key)` prunes a member of the root object.
 */
export function scanStrings(
  root: unknown,
  candidate: (value: string, key: string) => boolean,
  visit: (value: string, path: readonly string[]) => void,
  skip?: (key: string) => boolean,
): void {
  if (root === null || typeof root !== 'object') return;
  const path: string[] = [];
  const frames: { container: Record<string, unknown> | unknown[]; keys: string[] | undefined; length: number; i: number }[] = [];
  const open = (container: object) => {
    if (Array.isArray(container)) frames.push({ container, keys: undefined, length: container.length, i: 0 });
    else {
      const keys = Object.keys(container);
      frames.push({ container: container as Record<string, unknown>, keys, length: keys.length, i: 0 });
    }
  };
  open(root);
  while (frames.length) {
    const frame = frames[frames.length - 1];
    if (frame.i >= frame.length) {
      frames.pop();
      path.pop();
      continue;
    }
    const index = frame.i++;
    const key = frame.keys ? frame.keys[index] : undefined;
    const value = key !== undefined ? (frame.container as Record<string, unknown>)[key] : (frame.container as unknown[])[index];
    if (typeof value === 'string') {
      const k = key ?? String(index);
      if (candidate(value, k)) {
        path.push(k);
        visit(value, path);
        path.pop();
      }
    } else if (value !== null && typeof value === 'object' && frames.length < MAX_PARAMETER_DEPTH) {
      const k = key ?? String(index);
      if (frames.length === 1 && skip?.(k)) continue;
      path.push(k);
      open(value);
    }
  }
}

/** An RFC 6901 pointer from a base pointer and segments. */
export function pointerFrom(base: string, path: readonly string[]): string {
  let out = base;
  for (const s of path) out += '/' + (s.includes('~') || s.includes('/') ? s.replace(/~/g, '~0').replace(/\//g, '~1') : s);
  return out;
}
