// What the tests of code that throws on bad input check (n8n Code and Function nodes): which value each test reads,
// followed through the code's variables, and what it restricts. Regex scans over the code and bounded looks around each
// test, so a large code parameter costs linear work.
import type { CheckOp } from '../knowledge/sinks.js';
import { isIdentChar, readAccessors } from './expressions.js';
import { callArguments, lastAccessorEnd, regexOp, skipLiteral } from './predicates.js';
import type { Reference } from './types.js';

/** What a step of code tests: the value (a reference, with the field the test reads), and what the test restricts. */
export interface CodeTest {
  readonly ref: Reference;
  readonly op: CheckOp;
  /** Set when the test names values the reader could not trace to a field: only fields with one of these last names are tested. */
  readonly names?: ReadonlySet<string>;
}

/** A variable the code binds to data it read: `const { orderId } = $json.body`, `for (const item of $input.all())`. */
interface Binding {
  readonly ref: Reference;
  readonly field: string;
  /** It holds an item (`item.json.id`), not the item's data (`data.id`). */
  readonly item: boolean;
}

/** Tests in code that throws on bad input, and where each one's operand is. */
const TEST_MARKERS = /\.test\(|\.match\(|\bisNaN\(|\bNumber\.isInteger\(|\bNumber\.isFinite\(|\bparseInt\(|\bparseFloat\(|\btypeof\s|\binstanceof\s|\.safeParse\(|\.validate\(|\bisValid\w*|\bre\.fullmatch\(|\bre\.match\(|\.isdigit\(/g;
const ASSIGNMENT = /(?:\b(?:const|let|var)\s+)?(\{[^{}=;]{0,400}\}|[A-Za-z_$][\w$]*)\s*=(?![=>])/g;
const LOOP = /\bfor\s*\(\s*(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s+of\s+|\bfor\s+([A-Za-z_]\w*)\s+in\s+/g;
const REGEX_DECLARATION = /\b([A-Za-z_$][\w$]*)\s*=\s*(?:(\/(?:[^/\\\n[]|\\.|\[(?:[^\]\\\n]|\\.)*\])+\/[a-z]*)|new\s+RegExp\(\s*(['"])((?:(?!\3)[^\\]|\\.)*)\3|re\.compile\(\s*[rRbBuU]?(['"])((?:(?!\5)[^\\]|\\.)*)\5)/g;
/** Most tests read in one code parameter. */
const MAX_TESTS = 256;

/**
 * The tests of code that throws on bad input (the caller has seen a `throw` or `raise`), each on the value it reads:
 * `if (!/^\d+$/.test(String(orderId))) throw …` tests `body.orderId` when `orderId` was destructured from
 * `$json.body`, with the regex's reading ({@link regexOp}); `typeof host !== 'string'` restricts no characters,
 * `typeof x === 'number'` does. A test whose value the reader cannot trace to a reference (a loop variable of its own)
 * is kept with the names it uses, so it covers only fields with one of those names, never their unnamed siblings.
 * `refs` are the code's references; `python` selects Python's `re` functions.
 */
export function codeTests(code: string, refs: readonly Reference[], python: boolean): CodeTest[] {
  const byStart = new Map(refs.map((r) => [r.start, r]));
  const bindings = bindingsOf(code, byStart);
  const regexes = new Map<string, string>();
  REGEX_DECLARATION.lastIndex = 0;
  for (let m = REGEX_DECLARATION.exec(code); m && regexes.size < 256; m = REGEX_DECLARATION.exec(code)) {
    regexes.set(m[1], m[2] ?? `/${unescapeString(m[4] ?? m[6] ?? '')}/`);
  }
  const out: CodeTest[] = [];
  const seen = new Set<string>();
  const unnamed = new Map<CheckOp, Set<string>>();
  TEST_MARKERS.lastIndex = 0;
  let count = 0;
  for (let m = TEST_MARKERS.exec(code); m && count < MAX_TESTS; m = TEST_MARKERS.exec(code)) {
    count++;
    const marker = m[0];
    const at = m.index;
    let op: CheckOp = 'code';
    let operand: { start: number; end: number } | undefined;
    const open = at + marker.length - 1; // the `(` of markers that end with one
    if (marker === '.test(') {
      operand = callArguments(code, open, 'js')[0];
      const regex = regexBefore(code, at) ?? regexes.get(identBefore(code, at));
      if (regex) op = regexOp(regex);
    } else if (marker === '.match(') {
      operand = { start: receiverStart(code, at), end: at };
      const arg = callArguments(code, open, 'js')[0];
      const argText = arg ? code.slice(arg.start, arg.end).trim() : '';
      const regex = argText.startsWith('/') ? argText : regexes.get(argText);
      if (regex) op = regexOp(regex);
    } else if (marker === 're.fullmatch(' || marker === 're.match(') {
      const args = callArguments(code, open, 'js');
      operand = args[1];
      const pattern = args[0] ? pythonString(code.slice(args[0].start, args[0].end)) ?? regexes.get(code.slice(args[0].start, args[0].end).trim()) : undefined;
      if (marker === 're.fullmatch(') op = 'pattern';
      else if (pattern !== undefined) op = regexOp(pattern.startsWith('/') ? pattern : `/${pattern}/`, true);
    } else if (marker.startsWith('typeof')) {
      const start = at + marker.length;
      const nameEnd = identEndAt(code, start);
      const end = lastAccessorEnd(code, nameEnd, code.length);
      operand = { start, end };
      op = typeofOp(code, at, end);
    } else if (marker.startsWith('instanceof')) {
      operand = { start: receiverStart(code, at), end: at };
      op = 'other';
    } else if (marker === '.isdigit(') {
      operand = { start: receiverStart(code, at), end: at };
      op = 'type';
    } else if (marker.endsWith('(')) {
      operand = callArguments(code, open, 'js')[0];
    } else if (code.charCodeAt(at + marker.length) === 40) {
      operand = callArguments(code, at + marker.length, 'js')[0]; // isValidEmail(x)
    }
    if (!operand || (!python && marker.startsWith('re.'))) continue;
    const { fields, names } = operandFields(code, operand.start, operand.end, refs, bindings);
    for (const ref of fields) {
      const key = `${ref.kind}\u0000${ref.target ?? ''}\u0000${ref.field}\u0000${op}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ ref, op });
    }
    if (!fields.length && names.size) {
      const set = unnamed.get(op) ?? new Set<string>();
      for (const n of names) if (set.size < 64) set.add(n);
      unnamed.set(op, set);
    }
  }
  for (const [op, names] of unnamed) for (const ref of refs) out.push({ ref, op, names });
  return out;
}

/** Variables bound to data the code read, in document order (a later binding of a name replaces the earlier one). */
function bindingsOf(code: string, byStart: ReadonlyMap<number, Reference>): Map<string, Binding> {
  const bindings = new Map<string, Binding>();
  const events: { at: number; lhs: string; rhs: number; loop: boolean }[] = [];
  ASSIGNMENT.lastIndex = 0;
  for (let m = ASSIGNMENT.exec(code); m && events.length < 2048; m = ASSIGNMENT.exec(code)) {
    if (m.index > 0 && (code.charCodeAt(m.index - 1) === 46 || isIdentChar(code.charCodeAt(m.index - 1)))) continue;
    events.push({ at: m.index, lhs: m[1], rhs: m.index + m[0].length, loop: false });
  }
  LOOP.lastIndex = 0;
  for (let m = LOOP.exec(code); m && events.length < 4096; m = LOOP.exec(code)) events.push({ at: m.index, lhs: m[1] ?? m[2], rhs: m.index + m[0].length, loop: true });
  events.sort((a, b) => a.at - b.at);
  for (const e of events) {
    const target = valueAt(code, skipWrappingCalls(code, e.rhs), byStart, bindings);
    if (!target) continue;
    if (e.lhs.startsWith('{')) {
      if (bindings.size >= 512) continue;
      for (const entry of e.lhs.slice(1, -1).split(',')) {
        const m = /^\s*([A-Za-z_$][\w$]*)\s*(?::\s*([A-Za-z_$][\w$]*))?\s*(?:=[^,]*)?$/.exec(entry);
        if (!m) continue;
        const field = target.item ? (m[1] === 'json' ? target.field : undefined) : joinPath(target.field, m[1]);
        if (field !== undefined) bindings.set(m[2] ?? m[1], { ref: target.ref, field, item: false });
      }
    } else if (bindings.size < 512 || bindings.has(e.lhs)) {
      bindings.set(e.lhs, target);
    }
  }
  return bindings;
}

/** `String(`, `parseInt(`, `await ` and parentheses before a value: skipped to reach it. */
function skipWrappingCalls(code: string, i: number): number {
  let k = i;
  for (let round = 0; round < 4; round++) {
    const m = /^\s*(?:await\s+)?(?:[A-Za-z_$][\w$.]*\s*)?\(\s*/.exec(code.slice(k, k + 80));
    const plain = /^\s*/.exec(code.slice(k, k + 80))![0].length;
    if (!m || byPrefixIsValue(code, k + plain)) return k + plain;
    k += m[0].length;
  }
  return k;
}

/** True when a reference or identifier (not a call) starts at `i`. */
function byPrefixIsValue(code: string, i: number): boolean {
  const end = identEndAt(code, i);
  return end > i && code.charCodeAt(end) !== 40 && !/^\s+\(/.test(code.slice(end, end + 3)) && code.slice(i, end) !== 'await';
}

/** The data at `i`: a reference starting there, or a bound variable with accessors (`body.user`). */
function valueAt(code: string, i: number, byStart: ReadonlyMap<number, Reference>, bindings: ReadonlyMap<string, Binding>): Binding | undefined {
  const ref = byStart.get(i);
  // `$input.all()`, `items`, `$('X').first()` hold items; `$json`, `$input.first().json` their data.
  if (ref) return { ref, field: ref.field, item: ref.field === '' && !/json\s*$/.test(code.slice(ref.start, ref.end)) };
  const end = identEndAt(code, i);
  const bound = end > i ? bindings.get(code.slice(i, end)) : undefined;
  if (!bound) return undefined;
  const path = propsAfter(code, end);
  if (bound.item) {
    if (!path.length) return bound;
    if (path[0] !== 'json') return undefined;
    return { ref: bound.ref, field: joinPath(bound.field, path.slice(1).join('.')), item: false };
  }
  return { ref: bound.ref, field: joinPath(bound.field, path.join('.')), item: false };
}

/** The property names after index `i` (`.a.b['c']`), up to a call or a computed index. */
function propsAfter(code: string, i: number): string[] {
  const names: string[] = [];
  for (const seg of readAccessors(code, i)) {
    if (seg.kind === 'call' || seg.kind === 'dynamic') break;
    if (seg.kind === 'prop') names.push(seg.name);
  }
  return names;
}

function joinPath(a: string, b: string): string {
  return !a ? b : !b ? a : `${a}.${b}`;
}

/** The references and bound variables an operand reads, as references to their fields; and the names it uses that are neither. */
function operandFields(code: string, start: number, end: number, refs: readonly Reference[], bindings: ReadonlyMap<string, Binding>): { fields: Reference[]; names: Set<string> } {
  const fields: Reference[] = [];
  const names = new Set<string>();
  const inside = new Map<number, Reference>();
  for (const r of refs) {
    if (r.start < start || r.start >= end || inside.size >= 64) continue;
    inside.set(r.start, r);
    fields.push(r);
  }
  for (let i = start; i < end && i < start + 400; i++) {
    const skipped = skipLiteral(code, i, 'js');
    if (skipped !== undefined) {
      if (skipped === -1) break;
      i = skipped - 1;
      continue;
    }
    const ref = inside.get(i);
    if (ref) {
      i = ref.end - 1;
      continue;
    }
    if (!isIdentChar(code.charCodeAt(i)) || (i > 0 && isIdentChar(code.charCodeAt(i - 1)))) continue;
    const identEnd = identEndAt(code, i);
    const name = code.slice(i, identEnd);
    if (/^\d/.test(name)) {
      i = identEnd - 1;
      continue;
    }
    const dotted = i > 0 && code.charCodeAt(i - 1) === 46;
    const bound = dotted ? undefined : valueAt(code, i, NO_REFS, bindings);
    if (bound) fields.push({ ...bound.ref, field: bound.field });
    else if (!JS_GLOBALS.has(name)) names.add(name);
    i = (bound ? lastAccessorEnd(code, identEnd, end) : identEnd) - 1;
  }
  return { fields, names };
}

const NO_REFS: ReadonlyMap<number, Reference> = new Map();

/** Names in an operand that are no data: globals and keywords. */
const JS_GLOBALS = new Set(['String', 'Number', 'Boolean', 'JSON', 'Math', 'Array', 'Object', 'Date', 'parseInt', 'parseFloat', 'isNaN', 'undefined', 'null', 'true', 'false', 'typeof', 'new', 'str', 'int', 'len', 'None', 'trim', 'toString', 'toLowerCase', 'toUpperCase', 'length']);

/** What a `typeof` test restricts, from the type it is compared with: a number or boolean does, `undefined` only says it is there. */
function typeofOp(code: string, at: number, operandEnd: number): CheckOp {
  const after = /^\s*(?:===|!==|==|!=)\s*(['"`])(\w+)\1/.exec(code.slice(operandEnd, operandEnd + 40));
  const before = /(['"`])(\w+)\1\s*(?:===|!==|==|!=)\s*$/.exec(code.slice(Math.max(0, at - 40), at));
  const type = after?.[2] ?? before?.[2];
  if (type === 'number' || type === 'bigint' || type === 'boolean') return 'type';
  return type === 'undefined' ? 'presence' : 'other';
}

/** The regex literal (`/…/flags`) that ends just before index `dot`, or undefined. */
function regexBefore(code: string, dot: number): string | undefined {
  let end = dot;
  while (end > 0 && /[a-z]/.test(code[end - 1])) end--;
  if (code[end - 1] !== '/') return undefined;
  let inClass = false;
  for (let i = end - 2; i >= 0 && i > end - 400; i--) {
    const c = code[i];
    if (c === '\n') return undefined;
    let slashes = 0;
    while (code[i - 1 - slashes] === '\\') slashes++;
    if (slashes % 2) continue;
    if (c === ']') inClass = true;
    else if (c === '[') inClass = false;
    else if (c === '/' && !inClass) return code.slice(i, dot);
  }
  return undefined;
}

/** The identifier that ends just before index `dot` (`emailRegex.test(`), or ''. */
function identBefore(code: string, dot: number): string {
  let s = dot;
  while (s > 0 && isIdentChar(code.charCodeAt(s - 1))) s--;
  return code.slice(s, dot);
}

/** Where the receiver chain ending at `end` starts (`String(body.id).trim()` before `.match(`), a bounded way back. */
function receiverStart(code: string, end: number): number {
  let i = end;
  while (i > 0 && code[i - 1] === ' ') i--;
  for (let steps = 0; i > 0 && steps < 64; steps++) {
    const c = code[i - 1];
    if (isIdentChar(code.charCodeAt(i - 1)) || c === '.' || c === '?') i--;
    else if (c === ')' || c === ']') {
      const openChar = c === ')' ? '(' : '[';
      let depth = 0;
      let j = i - 1;
      for (; j >= 0 && j > i - 400; j--) {
        if (code[j] === c) depth++;
        else if (code[j] === openChar && --depth === 0) break;
      }
      if (j < 0 || code[j] !== openChar) break;
      i = j;
    } else break;
  }
  return i;
}

function identEndAt(code: string, i: number): number {
  let e = i;
  while (e < code.length && isIdentChar(code.charCodeAt(e))) e++;
  return e;
}

/** The regex source of a Python string literal (`r'^\d+$'`), or undefined when the text is not one. */
function pythonString(text: string): string | undefined {
  const m = /^\s*([rRbBuU]{0,2})(['"])([\s\S]*)\2\s*$/.exec(text);
  if (!m) return undefined;
  return /r/i.test(m[1]) ? m[3] : unescapeString(m[3]);
}

/** A string literal's content with `\\` read as one backslash (`'^\\d+$'` → `^\d+$`). */
function unescapeString(text: string): string {
  return text.replace(/\\\\/g, '\\');
}
