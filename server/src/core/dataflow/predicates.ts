// What a check restricts about the values it reads: a regular expression (anchored at both ends or not), a prefix (that
// ends the host or not), a JSON schema format, and what wraps a value inside a condition (`length(x)`, `x.trim()`,
// `x != ''`, `/re/.test(x)`); and which values of an expression are masked or converted to a number. The platform
// describers read their conditions with these (code tests: codeTests.ts); every scan moves forward (or a bounded way
// back) and is capped, so a condition that does not parse only ends in a weaker reading.
import { checkNeutralises, SINKS, WDL_CHECK_OPS, type CheckOp, type SinkKind } from '../knowledge/sinks.js';
import { isMaskingExpression } from '../knowledge/sensitiveData.js';
import { isIdentChar, readAccessors, readQuoted, type Segment } from './expressions.js';
import type { Check } from './types.js';

/** How string literals are written: JavaScript (`'…'`, `"…"`, `` `…` `` with escapes), WDL (`'…'`, doubled quotes), Make (`"…"`). */
export type Quoting = 'js' | 'wdl' | 'make';

/** The literal a condition compares with: a string, a number, a boolean, or nothing (`''`, `null`, `undefined`). */
export type Literal = { readonly kind: 'string'; readonly value: string } | { readonly kind: 'number' | 'boolean' | 'empty' };

/**
 * The check a regular expression applies to a value it must match (`text` is its source, or `/source/flags`):
 * `pattern` when it is anchored at both ends (`^…$`, `\A…\z`) with no top-level `|` and no `m` flag, and lets no
 * character through anywhere ({@link matchesAnyCharacters}: `^.*$`, `^[^@]+$` are `loose-pattern`); `base-url` when its
 * literal start ends a host (`^https://hooks\.example\.com/`, whatever follows); otherwise `partial-pattern`
 * (`example\.com` matches inside `https://evil.net/?example.com`). `implicitStart`: the matcher anchors the start itself
 * (Python's `re.match`).
 */
export function regexOp(text: string, implicitStart = false): CheckOp {
  let body = text.trim();
  let flags = '';
  const literal = /^\/([\s\S]+)\/([a-z]*)$/.exec(body);
  if (literal) {
    body = literal[1];
    flags = literal[2];
  }
  if (flags.includes('m') || /^\(\?[a-z]*m/.test(body)) return 'partial-pattern';
  body = body.replace(/^\(\?[a-z]+\)/, '');
  const start = body.startsWith('^') ? 1 : body.startsWith('\\A') ? 2 : 0;
  if ((!start && !implicitStart) || topLevelAlternation(body)) return 'partial-pattern';
  if (endsWithAnchor(body) && !matchesAnyCharacters(body)) return 'pattern';
  if (fixesHost(literalPrefix(body, start))) return 'base-url';
  return endsWithAnchor(body) ? 'loose-pattern' : 'partial-pattern';
}

/**
 * True when a pattern lets any character through somewhere: a repeated `.` (`.*`, `(.)+`), a negated class (`[^@]`), or
 * `\S`, `\W`, `\D` (`[\s\S]`). Anchored at both ends it still allows quotes, `;` and spaces (`^(\d+|.*)$`, `^[^@]+$`).
 */
function matchesAnyCharacters(body: string): boolean {
  const quantifier = (i: number) => '*+?{'.includes(body[i] ?? ' ');
  const groups: boolean[] = [];
  let inClass = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') {
      if ('SWD'.includes(body[i + 1] ?? '')) return true;
      i++;
    } else if (inClass) inClass = c !== ']';
    else if (c === '[') {
      inClass = true;
      if (body[i + 1] === '^') return true;
    } else if (c === '.') {
      if (quantifier(i + 1)) return true;
      if (groups.length) groups[groups.length - 1] = true;
    } else if (c === '(') groups.push(false);
    else if (c === ')') {
      const dot = groups.pop();
      if (dot && quantifier(i + 1)) return true;
      if (dot && groups.length) groups[groups.length - 1] = true;
    }
  }
  return false;
}

/** True when `body` has a `|` outside groups and character classes (`^a|b$` anchors each branch at one end only). */
function topLevelAlternation(body: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth <= 0) return true;
  }
  return false;
}

/** True when `body` ends with an unescaped `$`, or with `\z` / `\Z`. */
function endsWithAnchor(body: string): boolean {
  const backslashesBefore = (end: number) => {
    let n = 0;
    while (end - n - 1 >= 0 && body[end - n - 1] === '\\') n++;
    return n;
  };
  if (body.endsWith('$')) return backslashesBefore(body.length - 1) % 2 === 0;
  if (body.endsWith('\\z') || body.endsWith('\\Z')) return backslashesBefore(body.length - 2) % 2 === 0;
  return false;
}

/** The literal text a regex requires from index `from` on (`https:\/\/api\.x\.com\/v1` → `https://api.x.com/v1`). */
function literalPrefix(body: string, from: number): string {
  let out = '';
  for (let i = from; i < body.length && out.length < 300; i++) {
    let c = body[i];
    let next = i + 1;
    if (c === '\\') {
      const e = body[i + 1] ?? '';
      if (!e || /[A-Za-z0-9]/.test(e)) break; // \d, \w, \s, \b: classes and assertions
      c = e;
      next = i + 2;
    } else if ('.[]()*+?{}|$^'.includes(c)) break;
    const q = body[next];
    if (q === '?' || q === '*' || q === '{') break; // the character is optional or repeated: not required as written
    out += c;
    if (q === '+') break;
    i = next - 1;
  }
  return out;
}

/**
 * True when a value that starts with `prefix` can only go to the host the prefix names: the prefix ends the host with
 * a `/` (`https://api.example.com/`, `https://api.example.com:8443/`, `api.example.com/`). Without it,
 * `https://api.example.com.evil.net/` and `https://api.example.com@evil.net/` pass.
 */
export function fixesHost(prefix: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/?#\s\\]+\//i.test(prefix) || /^[^\s/:?#@\\]+(?::\d+)?\//.test(prefix);
}

const SINK_KINDS = Object.keys(SINKS) as SinkKind[];

/**
 * How much a check restricts, as {@link checkNeutralises} says: 3 for every sink, 2 for some (a base URL for URLs, a
 * host name for the others), 0 for none.
 */
function strength(op: CheckOp): number {
  const kinds = SINK_KINDS.filter((kind) => checkNeutralises(op, kind)).length;
  return kinds === SINK_KINDS.length ? 3 : kinds ? 2 : 0;
}

/**
 * What one value holds when any of several alternatives (OR) let it through, each with its own check: an alternative
 * that restricts nothing lets anything through (its check says why); a base URL in one and a host name in another
 * restrict no sink together, a host name and a type the sinks both do.
 */
export function anyOfOps(ops: readonly CheckOp[]): CheckOp {
  const weak = ops.find((op) => strength(op) === 0);
  if (weak) return weak;
  const partial = ops.filter((op) => strength(op) === 2);
  if (!partial.length) return ops[0] ?? 'other';
  const same = (op: CheckOp) => SINK_KINDS.every((kind) => checkNeutralises(op, kind) === checkNeutralises(partial[0], kind));
  return partial.every(same) ? partial[0] : 'other';
}

/** What several checks of one value that must all hold (AND) restrict: the strongest of them. */
export function allOfOps(ops: readonly CheckOp[]): CheckOp {
  return ops.reduce<CheckOp | undefined>((best, op) => (best === undefined || strength(op) > strength(best) ? op : best), undefined) ?? 'other';
}

/**
 * The checks of a filter whose groups of conditions are joined by OR: a value is checked only when every group checks
 * it, as much as the group that checks it least (within a group, whose conditions all hold, by its strongest check).
 * A group with no check of the value lets it through unchecked.
 */
export function checksOfAnyGroup(groups: readonly (readonly Check[])[]): Check[] {
  const key = (c: Check) => `${c.ref.kind}\u0000${c.ref.target ?? ''}\u0000${c.ref.field}`;
  const out: Check[] = [];
  for (const first of groups[0] ?? []) {
    const k = key(first);
    if (out.some((c) => key(c) === k)) continue;
    const perGroup = groups.map((g) => g.filter((c) => key(c) === k).map((c) => c.op));
    if (perGroup.some((ops) => !ops.length)) continue;
    out.push({ ...first, op: anyOfOps(perGroup.map(allOfOps)) });
  }
  return out;
}

/** The check a "starts with" comparison applies: `base-url` when the prefix ends the host, `prefix` otherwise (or when the prefix is not literal). */
export function prefixOp(prefix: Literal | undefined): CheckOp {
  return prefix?.kind === 'string' && fixesHost(prefix.value) ? 'base-url' : 'prefix';
}

/**
 * The check a JSON schema `format` applies, when the validator knows it: a date, time or UUID allows only a few
 * characters (`pattern`); a host name or IP address restricts the characters but lets any host through (`host`); an
 * e-mail address or URI allows quotes, `;`, `$` and any host (`other`). Undefined for formats no validator checks.
 */
export function formatOp(format: string): CheckOp | undefined {
  switch (format.toLowerCase()) {
    case 'date-time':
    case 'date':
    case 'time':
    case 'uuid':
    case 'duration':
      return 'pattern';
    case 'hostname':
    case 'idn-hostname':
    case 'ipv4':
    case 'ipv6':
      return 'host';
    case 'email':
    case 'idn-email':
    case 'uri':
    case 'uri-reference':
    case 'iri':
    case 'iri-reference':
    case 'uri-template':
    case 'json-pointer':
    case 'relative-json-pointer':
    case 'regex':
      return 'other';
    default:
      return undefined;
  }
}

/** A call that is open at some place of an expression: its name (`Math.round`, `.test`, `sha256`; `''` for a bracket or brace), and where it opened. */
export interface OpenCall {
  readonly name: string;
  readonly nameStart: number;
  readonly open: number;
}

/** Most nesting read around one reference. */
const MAX_OPEN = 64;

/** The index after the string literal at `i` (which starts with a quote of `quoting`), or -1 when unterminated; undefined when `i` starts none. */
export function skipLiteral(text: string, i: number, quoting: Quoting): number | undefined {
  const c = text.charCodeAt(i);
  const quote = quoting === 'make' ? c === 34 : quoting === 'wdl' ? c === 39 : c === 39 || c === 34 || c === 96;
  if (!quote) return undefined;
  return readQuoted(text, i, quoting === 'wdl')?.end ?? -1;
}

/** Words after which a `/` starts a regular expression, not a division. */
const BEFORE_REGEX = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);
/** Longest regular-expression literal read: a `/` that starts none within it is read as a division. */
const MAX_REGEX = 1000;

/**
 * Like {@link skipLiteral}, and in JavaScript also the index after a regular-expression literal starting at `i`
 * (`/[(]/g`), whose brackets and quotes are not code. A `/` starts one after an operator, a bracket, a comma or a keyword
 * (`return /a/`), not after a value (`a / b`, `x) / 2`). `from`: where the text read starts.
 */
export function skipLiteralOrRegex(text: string, i: number, quoting: Quoting, from: number): number | undefined {
  const skipped = skipLiteral(text, i, quoting);
  if (skipped !== undefined || quoting !== 'js' || text.charCodeAt(i) !== 47 /* / */) return skipped;
  const next = text.charCodeAt(i + 1);
  if (next === 47 || next === 42 || Number.isNaN(next)) return undefined; // a comment, or the end
  let p = i - 1;
  while (p >= from && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9 || text.charCodeAt(p) === 10 || text.charCodeAt(p) === 13)) p--;
  if (p >= from) {
    if (isIdentChar(text.charCodeAt(p))) {
      let w = p;
      while (w > from && isIdentChar(text.charCodeAt(w - 1))) w--;
      if (!BEFORE_REGEX.has(text.slice(w, p + 1))) return undefined;
    } else if (!'(,=:[!&|?{};+-*%<>~^'.includes(text[p])) return undefined;
  }
  let inClass = false;
  const limit = Math.min(text.length, i + MAX_REGEX);
  for (let j = i + 1; j < limit; j++) {
    const c = text.charCodeAt(j);
    if (c === 92 /* \ */) j++;
    else if (c === 10 || c === 13) return undefined;
    else if (inClass) inClass = c !== 93 /* ] */;
    else if (c === 91 /* [ */) inClass = true;
    else if (c === 47) {
      let k = j + 1;
      while (k < text.length && isIdentChar(text.charCodeAt(k))) k++;
      return k;
    }
  }
  return undefined;
}

/**
 * The calls, brackets and braces open at index `at` when `text` is read from `from` (outermost first, innermost last):
 * what the value at `at` is an argument or element of. Quoted strings are skipped.
 */
export function openCalls(text: string, from: number, at: number, quoting: Quoting): OpenCall[] {
  return openCallsAt(text, from, [at], quoting)[0];
}

/** {@link openCalls} at each of `ats` (in increasing order), read in one pass from `from`. */
export function openCallsAt(text: string, from: number, ats: readonly number[], quoting: Quoting): OpenCall[][] {
  const out: OpenCall[][] = [];
  const stack: OpenCall[] = [];
  let i = from;
  let stopped = false;
  // A call's name does not reach into the literal before it (`/^a$/i.test(`: the call is `.test`, not `i.test`).
  let literalEnd = from;
  for (const at of ats) {
    for (; !stopped && i < at; i++) {
      const skipped = skipLiteralOrRegex(text, i, quoting, from);
      if (skipped !== undefined) {
        if (skipped === -1) stopped = true;
        else i = (literalEnd = skipped) - 1;
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === 40 /* ( */ || c === 91 /* [ */ || c === 123 /* { */) {
        let s = i;
        if (c === 40) while (s > literalEnd && (isIdentChar(text.charCodeAt(s - 1)) || text.charCodeAt(s - 1) === 46)) s--;
        if (stack.length < MAX_OPEN) stack.push({ name: text.slice(s, c === 40 ? i : s), nameStart: s, open: i });
      } else if (c === 41 || c === 93 || c === 125) stack.pop();
    }
    out.push([...stack]);
  }
  return out;
}

/**
 * Walks `[from, limit)` outside string literals and regular expressions (read as `quoting` says, from `literalsFrom`),
 * keeping the bracket depth: `visit` sees every other character with the depth after it (an opening bracket counted,
 * a closing one taken off) and returns the index to go on from, -1 to stop, or nothing to go on. Returns false when a
 * literal does not end (the text is cut short).
 */
function walkCode(text: string, from: number, limit: number, quoting: Quoting, literalsFrom: number, visit: (i: number, c: number, depth: number) => number | void): boolean {
  let depth = 0;
  for (let i = from; i < limit; i++) {
    const skipped = skipLiteralOrRegex(text, i, quoting, literalsFrom);
    if (skipped !== undefined) {
      if (skipped === -1) return false;
      i = skipped - 1;
      continue;
    }
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) depth--;
    const next = visit(i, c, depth);
    if (next === -1) return true;
    if (next !== undefined) i = next - 1;
  }
  return true;
}

function isCloser(c: number): boolean {
  return c === 41 || c === 93 || c === 125;
}

function isBracket(c: number): boolean {
  return c === 40 || c === 91 || c === 123 || isCloser(c);
}

/** The argument texts of the call that opens at `open` (a `(`), split at its top-level commas, with their places. */
export function callArguments(text: string, open: number, quoting: Quoting, limit = text.length): { start: number; end: number }[] {
  const args: { start: number; end: number }[] = [];
  let start = open + 1;
  walkCode(text, open, limit, quoting, open, (i, c, depth) => {
    if (isCloser(c) && depth === 0) {
      args.push({ start, end: i });
      return -1;
    }
    if (c === 44 /* , */ && depth === 1) {
      args.push({ start, end: i });
      start = i + 1;
    }
    return args.length < 32 ? undefined : -1;
  });
  return args;
}

/** The index of the bracket that closes the one at `open` (before `limit`), or -1. */
function closingBracket(text: string, open: number, quoting: Quoting, limit: number): number {
  let closing = -1;
  walkCode(text, open, limit, quoting, open, (i, c, depth) => {
    if (!isCloser(c) || depth !== 0) return undefined;
    closing = i;
    return -1;
  });
  return closing;
}

/** The literal `text` is (trimmed): a quoted string, a number, `true`/`false`, or `null`/`undefined`/`''`; undefined when it is an expression. */
export function literalOf(text: string, quoting: Quoting): Literal | undefined {
  const t = text.trim();
  if (/^-?\d+(?:\.\d+)?$/.test(t)) return { kind: 'number' };
  if (t === 'true' || t === 'false') return { kind: 'boolean' };
  if (t === 'null' || t === 'undefined') return { kind: 'empty' };
  const end = skipLiteral(t, 0, quoting);
  if (end === undefined || end !== t.length || (t[0] === '`' && t.includes('${'))) return undefined;
  const value = readQuoted(t, 0, quoting === 'wdl')!.value;
  return value ? { kind: 'string', value } : { kind: 'empty' };
}

/**
 * A literal as a parameter gives it (a JSON value of the export): a string is literal unless `isExpression` says it is
 * one (n8n `={{ … }}`, WDL `@…`, Make `{{ … }}`).
 */
export function literalOfValue(value: unknown, isExpression: (text: string) => boolean): Literal | undefined {
  if (typeof value === 'number') return { kind: 'number' };
  if (typeof value === 'boolean') return { kind: 'boolean' };
  if (value === null || value === undefined) return { kind: 'empty' };
  if (typeof value !== 'string' || isExpression(value)) return undefined;
  return value ? { kind: 'string', value } : { kind: 'empty' };
}

/**
 * Which of `refs` (in order of `start`, inside the block that starts at `from`) are masked: a masking call (`sha256(`,
 * `.hash(`, `mask…(`) takes the reference as its argument or its receiver. One pass over the block.
 */
export function maskedRefs(text: string, from: number, refs: readonly { start: number; end: number }[], quoting: Quoting): boolean[] {
  const out: boolean[] = [];
  const stack: boolean[] = [];
  let masking = 0;
  let i = from;
  let literalEnd = from;
  for (const ref of refs) {
    for (; i < ref.start; i++) {
      const skipped = skipLiteralOrRegex(text, i, quoting, from);
      if (skipped !== undefined) {
        if (skipped === -1 || skipped > ref.start) break;
        i = (literalEnd = skipped) - 1;
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === 40 || c === 91 || c === 123) {
        let s = i;
        if (c === 40) while (s > literalEnd && (isIdentChar(text.charCodeAt(s - 1)) || text.charCodeAt(s - 1) === 46)) s--;
        const masks = c === 40 && s < i && isMaskingCall(text.slice(s, i));
        stack.push(masks);
        if (masks) masking++;
      } else if ((c === 41 || c === 93 || c === 125) && stack.length && stack.pop()) masking--;
    }
    i = Math.max(i, ref.start);
    out.push(masking > 0 || readAccessors(text, ref.end, quoting === 'wdl').some((seg) => seg.kind === 'call' && isMaskingCall(seg.name)));
  }
  return out;
}

/**
 * True when a call of `name` masks what it is given: its name holds a masking word ({@link isMaskingExpression}) and it
 * does not undo masking (`unmask`, `detokenize`, `deanonymize`) or split text into words (`tokenize`).
 */
function isMaskingCall(name: string): boolean {
  const last = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  if (/^(?:un|de)(?:mask|redact|hash|tokeni|anonymi|pseudonymi|crypt|encrypt)/.test(last) || last === 'tokenize' || last === 'tokenise') return false;
  return isMaskingExpression(`${name}(`);
}

/**
 * For each of `refs` (in the block `[from, to)`): true when what the block inserts is a number converted from it: the
 * block is one call of `functions` holding it (`parseInt($json.id, 10)`, `int(triggerBody()?['id'])`), or the reference
 * followed by one of `methods` (`$json.id.toInt()`). `parseInt(x) ? x : ''` inserts `x` itself. The block is read once.
 */
export function numericRefs(text: string, from: number, to: number, refs: readonly { start: number; end: number }[], quoting: Quoting, functions: ReadonlySet<string>, methods: ReadonlySet<string>): boolean[] {
  let s = from;
  let e = to;
  while (s < e && /\s/.test(text[s])) s++;
  while (e > s && /\s/.test(text[e - 1])) e--;
  const known = (name: string) => functions.has(name) || (quoting === 'wdl' && functions.has(name.toLowerCase()));
  // The block is one call of a number function: every reference in its arguments is converted.
  let callOpen = -1;
  const name = /^[A-Za-z_$][\w$.]*(?=\s*\()/.exec(text.slice(s, s + 40))?.[0];
  if (name && known(name)) {
    const open = text.indexOf('(', s + name.length);
    if (closingBracket(text, open, quoting, e) === e - 1) callOpen = open;
  }
  return refs.map((ref) => {
    if (ref.start === s) {
      const after = readAccessors(text, ref.end, quoting === 'wdl');
      const last = after[after.length - 1];
      return !!last && last.end === e && last.kind === 'call' && methods.has(last.name);
    }
    return callOpen !== -1 && ref.start > callOpen && ref.end < e;
  });
}

/** {@link numericRefs} for one reference. */
export function insertsNumber(text: string, from: number, to: number, refStart: number, refEnd: number, quoting: Quoting, functions: ReadonlySet<string>, methods: ReadonlySet<string>): boolean {
  return numericRefs(text, from, to, [{ start: refStart, end: refEnd }], quoting, functions, methods)[0];
}

/** Calls around a value that keep its characters (or only change their case): a check of the result checks the value. */
const JS_KEEPING = new Set(['String', 'trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'toLocaleLowerCase', 'toLocaleUpperCase', 'toString', 'normalize']);
/** Calls that turn a value into a number only when all of it is one (`Number('5; rm')` is NaN). */
const JS_STRICT_NUMBER = new Set(['Number', 'toNumber', 'Number.isInteger', 'Number.isFinite', 'Number.isSafeInteger']);

/** What a value is once wrapped: itself (or its case), a number read from all of it, its length, `typeof` it, or something else. */
type Shape = 'value' | 'number' | 'length' | 'typeof' | 'other';

/**
 * The shape of the operand `[start, end)` around a reference `[refStart, refEnd)` (JavaScript): `x`, `x.trim()`,
 * `String(x).toLowerCase()` are the value; `Number(x)` a number; `x.length` its length; `typeof x`.
 */
function jsShape(text: string, start: number, end: number, refStart: number, refEnd: number): Shape {
  let shape: Shape = 'value';
  // Accessors after the reference, up to the end of the operand.
  for (const seg of readAccessors(text, refEnd)) {
    if (seg.end > end) break;
    if (seg.kind === 'prop' && seg.name === 'length') shape = shape === 'value' ? 'length' : 'other';
    else if (seg.kind === 'call' && JS_KEEPING.has(seg.name)) continue;
    else if (seg.kind === 'call' && (seg.name === 'toNumber' || seg.name === 'toFloat' || seg.name === 'toInt')) shape = shape === 'value' ? (seg.name === 'toNumber' ? 'number' : 'other') : 'other';
    else return 'other';
  }
  // `String(x).toLowerCase()`: case changes after the calls around it keep it too.
  const trail = text.slice(lastAccessorEnd(text, refEnd, end), end).replace(/\.(\w+)\(\s*\)/g, (m, name: string) => (JS_KEEPING.has(name) ? '' : m));
  // Calls around the reference, inside the operand.
  const calls = openCalls(text, start, refStart, 'js').filter((c) => c.open >= start);
  for (let i = calls.length - 1; i >= 0; i--) {
    const c = calls[i];
    if (JS_KEEPING.has(c.name) || c.name === '') continue;
    if (c.name === 'Number') shape = shape === 'value' ? 'number' : 'other';
    else return 'other';
  }
  let lead = text.slice(start, calls.length ? calls[0].nameStart : refStart).trim();
  if (lead === 'typeof') {
    lead = '';
    shape = shape === 'value' ? 'typeof' : 'other';
  }
  if (lead.replace(/[()\s]/g, '') || trail.replace(/[()\s]/g, '')) return 'other';
  return shape;
}

/** The end of the accessors after `refEnd` (`.a.b()`) that end before `limit`; `refEnd` when there is none. */
export function lastAccessorEnd(text: string, refEnd: number, limit: number): number {
  let end = refEnd;
  for (const seg of readAccessors(text, refEnd)) {
    if (seg.end > limit) break;
    end = seg.end;
  }
  return end;
}

/** Splits `[start, end)` at top-level `op` (`&&`, `||`): the parts, or one part when there is none. */
function splitTopLevel(text: string, start: number, end: number, op: '&&' | '||'): { start: number; end: number }[] {
  const parts: { start: number; end: number }[] = [];
  let from = start;
  walkCode(text, start, end, 'js', start, (i, c, depth) => {
    if (isBracket(c) || depth !== 0 || !text.startsWith(op, i)) return undefined;
    parts.push({ start: from, end: i });
    from = i + 2;
    return parts.length < 64 ? i + 2 : -1;
  });
  parts.push({ start: from, end });
  return parts;
}

const COMPARISONS = ['===', '!==', '==', '!=', '>=', '<=', '>', '<'];

/** The first top-level comparison operator of `[start, end)`, or undefined. */
function comparisonIn(text: string, start: number, end: number): { op: string; at: number } | undefined {
  let found: { op: string; at: number } | undefined;
  const ended = walkCode(text, start, end, 'js', start, (i, c, depth) => {
    if (isBracket(c) || depth !== 0) return undefined;
    if (text.startsWith('=>', i)) return -1; // an arrow function: not a comparison we read
    const op = COMPARISONS.find((o) => text.startsWith(o, i));
    if (!op) return undefined;
    found = { op, at: i };
    return -1;
  });
  return ended ? found : undefined;
}

/** Trims spaces and one pair of parentheses around the whole of `[start, end)`. */
function trimRange(text: string, start: number, end: number): { start: number; end: number } {
  let s = start;
  let e = end;
  for (let round = 0; round < 8; round++) {
    while (s < e && /\s/.test(text[s])) s++;
    while (e > s && /\s/.test(text[e - 1])) e--;
    if (text[s] !== '(' || text[e - 1] !== ')') break;
    const [args] = callArguments(text, s, 'js', e);
    if (!args || args.end !== e - 1) break;
    s++;
    e--;
  }
  return { start: s, end: e };
}

/**
 * A comparison read from the side of a value of `shape`. An equality restricts only with a literal or a list of
 * literals (`x === 'eu'`, `x == ['eu']`): compared with another value (`x === $json.confirm`, `x === x.trim()`) it lets
 * any value through that the other one holds.
 */
function comparisonOp(shape: Shape, op: string, otherText: string): CheckOp {
  const other = literalOf(otherText, 'js');
  const equality = op === '===' || op === '==';
  const inequality = op === '!==' || op === '!=';
  switch (shape) {
    case 'value':
    case 'number':
      if (other?.kind === 'empty') return equality || inequality ? 'presence' : 'other';
      if (equality) return other || isLiteralList(otherText, 'js') ? 'equals' : 'other';
      if (inequality) return 'other';
      return other?.kind === 'number' ? 'type' : 'other';
    case 'length':
      return (op === '>' && otherText === '0') || (op === '>=' && otherText === '1') || (inequality && otherText === '0') || (equality && otherText === '0') ? 'presence' : 'other';
    case 'typeof': {
      const type = other?.kind === 'string' ? other.value : '';
      if (type === 'undefined') return 'presence';
      return equality && (type === 'number' || type === 'boolean' || type === 'bigint') ? 'type' : 'other';
    }
    default:
      return 'other';
  }
}

/**
 * True when `text` (trimmed) is an array of literals (`['eu', 'us']`, `[1, 2]`): a list of allowed values. Read in one
 * pass (no backtracking on long lists).
 */
export function isLiteralList(text: string, quoting: Quoting): boolean {
  const t = text.trim();
  const end = t.length - 1;
  if (t[0] !== '[' || t[end] !== ']') return false;
  let items = 0;
  for (let i = 1; ; ) {
    while (i < end && /\s/.test(t[i])) i++;
    if (i >= end) return items > 0;
    const skipped = skipLiteral(t, i, quoting);
    if (skipped === -1 || (skipped !== undefined && t[i] === '`' && t.slice(i, skipped).includes('${'))) return false;
    if (skipped !== undefined) i = skipped;
    else {
      const number = /^-?\d+(?:\.\d+)?/.exec(t.slice(i, i + 40));
      if (!number) return false;
      i += number[0].length;
    }
    items++;
    while (i < end && /\s/.test(t[i])) i++;
    if (i >= end) return true;
    if (t[i] !== ',') return false;
    i++;
  }
}

/** n8n string methods that test a value: what a true result says about it. */
const JS_TEST_METHODS: Readonly<Record<string, CheckOp>> = {
  isEmpty: 'presence',
  isNotEmpty: 'presence',
  isNumeric: 'type',
  isDomain: 'host',
  isEmail: 'other',
  isUrl: 'other',
  includes: 'other',
  endsWith: 'other',
  indexOf: 'other',
  search: 'other',
};

/** Calls named like a method that are not one (`Number.isNaN`): read by their whole name. */
const JS_TEST_CALLS = new Set(['Number.isNaN', 'Number.isInteger', 'Number.isFinite', 'Number.isSafeInteger']);

/** Most levels of parentheses and `||`/`&&` read into one condition. */
const MAX_CONDITION_DEPTH = 8;
/**
 * When two checks of one value hold together (`x !== '' && /^\d+$/.test(x)`), the stronger one is kept: strongest first,
 * in the tiers of {@link strength} (checked below), and within a tier the one whose name says most of why.
 */
const STRENGTH: readonly CheckOp[] = ['equals', 'pattern', 'code', 'type', 'base-url', 'host', 'loose-pattern', 'partial-pattern', 'prefix', 'presence', 'other'];
for (let i = 1; i < STRENGTH.length; i++) {
  if (strength(STRENGTH[i]) > strength(STRENGTH[i - 1])) throw new Error(`check strengths: ${STRENGTH[i]} is listed after the weaker ${STRENGTH[i - 1]}`);
}

/** The source (`/…/flags`) of a regular expression a variable holds, for code that names one (`emailRegex.test(x)`). */
export type RegexNamed = (name: string) => string | undefined;

/**
 * What a JavaScript boolean expression checks about each of `refs` (in order of `start`, all inside `[from, to)`), when
 * it holds (when it does not, with `negated`): `x === 'a'` an equality (with a literal only), `/^…$/.test(x)` a pattern,
 * `x.startsWith('https://host/')` a base URL, `['a', 'b'].includes(x)` an equality; `x != ''`, `x.length > 0`, `!!x`
 * only that it is there; `x.includes(…)` or anything not read here, nothing about its characters. Read for an n8n
 * condition "is true" on `{{ … }}` and for the test that guards a `throw` in code.
 * Parts joined by `&&` each hold (`||` when negated: `!(a || b)` is `!a && !b`); parts joined by `||` tell nothing in
 * particular unless each compares the same value with a literal (an allowlist); the negation of an equality is the
 * inequality, of anything else (`!(x > 0)` lets `NaN` through) nothing. A part holding more than one reference checks
 * none of them in particular (`x === y`, `a + b === 'x'`). Undefined for a reference the expression says nothing about.
 * The expression is split once per level of parentheses, so the cost grows with its length, not with its references.
 */
export function jsConditionOps(text: string, from: number, to: number, refs: readonly { start: number; end: number }[], negated: boolean, regexNamed?: RegexNamed): (CheckOp | undefined)[] {
  const out: (CheckOp | undefined)[] = refs.map(() => undefined);
  const firstAtOrAfter = (at: number) => {
    let lo = 0;
    let hi = refs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (refs[mid].start < at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const read = (start: number, end: number, neg: boolean, depth: number): [number, CheckOp][] => {
    const lo = firstAtOrAfter(start);
    const hi = firstAtOrAfter(end);
    if (lo >= hi) return [];
    let { start: s, end: e } = trimRange(text, start, end);
    while (text[s] === '!' && text[s + 1] !== '=') {
      neg = !neg;
      ({ start: s, end: e } = trimRange(text, s + 1, e));
    }
    if (depth < MAX_CONDITION_DEPTH) {
      // `x === 'a' || x === 'b'` (or `!(x !== 'a' && x !== 'b')`): an allowlist when every part compares the same value
      // with a literal; otherwise the parts say nothing in particular.
      const allowlist = (parts: readonly { start: number; end: number }[]): [number, CheckOp][] => {
        const self = text.slice(refs[lo].start, refs[lo].end);
        const all = parts.every((p) => {
          const found = read(p.start, p.end, neg, depth + 1);
          return found.length === 1 && found[0][1] === 'equals' && text.slice(refs[found[0][0]].start, refs[found[0][0]].end) === self;
        });
        return all ? range(lo, hi).map((i) => [i, 'equals']) : [];
      };
      const ors = splitTopLevel(text, s, e, '||');
      if (ors.length > 1) return neg ? ors.flatMap((p) => read(p.start, p.end, true, depth + 1)) : allowlist(ors);
      const ands = splitTopLevel(text, s, e, '&&');
      if (ands.length > 1) return neg ? allowlist(ands) : ands.flatMap((p) => read(p.start, p.end, false, depth + 1));
    }
    if (hi - lo > 1) return range(lo, hi).map((i) => [i, 'other']);
    return [[lo, termOp(text, s, e, refs[lo], neg, regexNamed)]];
  };
  for (const [i, op] of read(from, to, negated, 0)) {
    const before = out[i];
    if (before === undefined || STRENGTH.indexOf(op) < STRENGTH.indexOf(before)) out[i] = op;
  }
  return out;
}

/** {@link jsConditionOps} for one reference. */
export function jsConditionOp(text: string, from: number, to: number, refStart: number, refEnd: number, negated: boolean): CheckOp | undefined {
  return jsConditionOps(text, from, to, [{ start: refStart, end: refEnd }], negated)[0];
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, k) => from + k);
}

/** The negation of an equality operator. */
const OPPOSITE: Readonly<Record<string, string>> = { '===': '!==', '!==': '===', '==': '!=', '!=': '==' };

/** What one part of a condition (`[s, e)`, trimmed, with one reference) checks about that reference. */
function termOp(text: string, s: number, e: number, ref: { start: number; end: number }, negated: boolean, regexNamed?: RegexNamed): CheckOp {
  const comparison = comparisonIn(text, s, e);
  if (comparison) {
    let op = comparison.op;
    if (negated) {
      if (!OPPOSITE[op]) return 'other';
      op = OPPOSITE[op];
    }
    const opEnd = comparison.at + comparison.op.length;
    const left = ref.start < comparison.at;
    const side = left ? trimRange(text, s, comparison.at) : trimRange(text, opEnd, e);
    const other = left ? trimRange(text, opEnd, e) : trimRange(text, s, comparison.at);
    if (ref.start < side.start || ref.end > side.end) return 'other';
    return comparisonOp(jsShape(text, side.start, side.end, ref.start, ref.end), left ? op : flip(op), text.slice(other.start, other.end));
  }
  const op = positiveOp(text, s, e, ref.start, ref.end, regexNamed);
  if (!negated) return op === 'not-number' ? 'other' : op;
  // `!isNaN(x)` holds when x reads as a number; the negation of any other test says nothing but that it is there.
  return op === 'not-number' ? 'type' : op === 'presence' ? 'presence' : 'other';
}

/** What a test that holds says about the value; `not-number`: `isNaN(x)` (its negation is a number check). */
function positiveOp(text: string, s: number, e: number, refStart: number, refEnd: number, regexNamed?: RegexNamed): CheckOp | 'not-number' {
  // A method called on the value: `x.startsWith('…')`, `x.match(/…/)`, `x.isEmpty()`.
  const after = readAccessors(text, refEnd).filter((seg) => seg.end <= e);
  const test = after.findIndex((seg) => seg.kind === 'call' && !JS_KEEPING.has(seg.name));
  if (test !== -1) {
    const seg = after[test];
    if (test !== after.length - 1 || seg.end !== e || jsShape(text, s, segStart(refEnd, after, test), refStart, refEnd) !== 'value') return 'other';
    const open = text.indexOf('(', segStart(refEnd, after, test));
    const [arg] = callArguments(text, open, 'js', e);
    const argText = arg ? text.slice(arg.start, arg.end).trim() : '';
    if (seg.name === 'startsWith') return prefixOp(literalOf(argText, 'js'));
    if (seg.name === 'match') return regexOfText(argText, true, regexNamed);
    return JS_TEST_METHODS[seg.name] ?? 'other';
  }
  // A call the value is an argument of: `/^…$/.test(x)`, `['a', 'b'].includes(x)`, `isNaN(x)`, `Boolean(x)`.
  const calls = openCalls(text, s, refStart, 'js').filter((c) => c.open >= s && !JS_KEEPING.has(c.name));
  const call = calls[0];
  if (!call) {
    const shape = jsShape(text, s, e, refStart, refEnd);
    return shape === 'value' || shape === 'length' ? 'presence' : 'other';
  }
  const args = callArguments(text, call.open, 'js', e);
  const closes = args.length > 0 && args[args.length - 1].end + 1 === e && call.nameStart >= s;
  const arg = args.find((a) => a.start <= refStart && refEnd <= a.end);
  if (!closes || !arg || calls.length > 1 || jsShape(text, arg.start, arg.end, refStart, refEnd) !== 'value') {
    // `Number.isInteger(Number(x))`: a strict number reading inside a number test.
    if (closes && calls.length === 2 && JS_STRICT_NUMBER.has(call.name) && calls[1].name === 'Number') return 'type';
    return 'other';
  }
  // `re.test(x)`: the call's name holds its receiver's last part.
  const dot = call.name.lastIndexOf('.');
  const method = dot > 0 ? call.name.slice(dot) : call.name;
  const receiver = (text.slice(s, call.nameStart) + (dot > 0 ? call.name.slice(0, dot) : '')).trim();
  if (method === '.test' && !JS_TEST_CALLS.has(call.name)) return regexOfText(receiver, false, regexNamed);
  if (method === '.includes') return isLiteralList(receiver, 'js') ? 'equals' : 'other';
  switch (call.name) {
    // `Number.isNaN(x)` holds only for the number NaN: it does not convert, so every text passes `!Number.isNaN(x)`.
    case 'isNaN':
      return 'not-number';
    case 'Number.isInteger':
    case 'Number.isFinite':
    case 'Number.isSafeInteger':
      return 'type';
    case 'Boolean':
      return 'presence';
    default:
      return 'other';
  }
}

/**
 * What a regular expression written as `text` restricts: a literal (`/^\d+$/`), `new RegExp('^\\d+$', 'i')` with
 * literal arguments, a string that `match` reads as one (`strings`), or a variable that holds one (`regexNamed`). A
 * pattern taken from anything else (an expression, the input) restricts nothing.
 */
function regexOfText(text: string, strings: boolean, regexNamed?: RegexNamed): CheckOp {
  if (text.startsWith('/')) return regexOp(text);
  const constructed = /^new\s+RegExp\s*\(/.exec(text);
  const quoted = strings && skipLiteral(text, 0, 'js') !== undefined;
  if (constructed || quoted) {
    let source: Literal | undefined;
    let flags: Literal | undefined = { kind: 'empty' };
    if (constructed) {
      const args = callArguments(text, constructed[0].length - 1, 'js');
      if (args.length < 1 || args.length > 2 || args[args.length - 1].end + 1 !== text.length) return 'other';
      source = literalOf(text.slice(args[0].start, args[0].end), 'js');
      if (args[1]) flags = literalOf(text.slice(args[1].start, args[1].end), 'js');
    } else source = literalOf(text, 'js');
    if (source?.kind !== 'string' || (flags?.kind !== 'string' && flags?.kind !== 'empty')) return 'other';
    return regexOp(`/${source.value}/${flags.kind === 'string' ? flags.value : ''}`);
  }
  const named = /^[A-Za-z_$][\w$]*$/.test(text) ? regexNamed?.(text) : undefined;
  return named ? regexOp(named) : 'other';
}

/** Where the accessor `after[i]` starts (after the reference or the accessor before it). */
function segStart(refEnd: number, after: readonly Segment[], i: number): number {
  return i === 0 ? refEnd : after[i - 1].end;
}

function flip(op: string): string {
  return op === '>' ? '<' : op === '<' ? '>' : op === '>=' ? '<=' : op === '<=' ? '>=' : op;
}

/**
 * What an operand compared by a condition (n8n "equals", "is greater than", "matches regex", Make filters) is made of,
 * around the reference `[refStart, refEnd)` of the block `[from, to)`: the value itself (or its case: `x.trim()`,
 * `lower(x)`), a number read from all of it, its length, or something else (`x.split(',')[0]`, `parseInt(x)`).
 */
export function operandShape(text: string, from: number, to: number, refStart: number, refEnd: number, quoting: Quoting): 'value' | 'number' | 'length' | 'other' {
  if (quoting === 'js') {
    const { start, end } = trimRange(text, from, to);
    const shape = jsShape(text, start, end, refStart, refEnd);
    return shape === 'typeof' ? 'other' : shape;
  }
  let shape: 'value' | 'number' | 'length' | 'other' = 'value';
  const calls = openCalls(text, from, refStart, quoting);
  for (let i = calls.length - 1; i >= 0; i--) {
    const name = calls[i].name.toLowerCase();
    if (KEEPING_FUNCTIONS.has(name)) continue;
    if (NUMBER_FUNCTIONS.has(name)) shape = shape === 'value' ? 'number' : 'other';
    else if (name === 'length') shape = shape === 'value' ? 'length' : 'other';
    else return 'other';
  }
  // Make references end at their path; WDL's carry their accessors. Anything after (an operator) changes the value.
  const after = readAccessors(text, refEnd, quoting === 'wdl');
  const rest = text.slice(after.length ? after[after.length - 1].end : refEnd, to).replace(/[)\s]/g, '');
  return rest && rest !== '}' ? 'other' : shape;
}

/** WDL and Make functions that keep a value's characters (or only change their case). */
const KEEPING_FUNCTIONS = new Set(['trim', 'tolower', 'toupper', 'lower', 'upper', 'string', 'tostring']);
/** WDL and Make functions that read all of a value as a number, or fail. */
const NUMBER_FUNCTIONS = new Set(['int', 'float', 'decimal', 'parsenumber']);

/**
 * A function around a value in a WDL condition, with its other operand when it has two: the literal it is (`other`),
 * its text, and whether it comes first (`contains(createArray('a'), x)`: x is the item looked for). `constant`: the
 * other side is a constant whose value is not read (a Switch case).
 */
export interface WdlCall {
  readonly name: string;
  readonly other?: Literal;
  readonly otherText?: string;
  readonly otherFirst?: boolean;
  readonly constant?: boolean;
}

/** `createArray('a', 'b', 3)` (or `@createArray(…)`): an array of literal strings and numbers only. */
const LITERAL_ARRAY = /^\s*@?createArray\(\s*(?:(?:'(?:[^']|'')*'|-?\d+(?:\.\d+)?)\s*(?:,\s*(?:'(?:[^']|'')*'|-?\d+(?:\.\d+)?)\s*)*)?\)\s*$/i;

/**
 * What a Workflow Definition Language predicate checks about the reference at `[refStart, refEnd)`: `calls` are the
 * functions around it, innermost first (those inside the value string, then those of the condition's structure:
 * `{ "greater": ["@length(x)", 0] }` gives `length`, `greater`), with the literal each predicate compares with.
 * `equals(x, 'a')` an equality (with a literal only: `equals(x, triggerBody()?['y'])` lets any value through that `y`
 * holds; `constant` says the other side is a constant whose value is not read, as a Switch case's), `startsWith(x,
 * 'https://host/')` a base URL, `greater(int(x), 0)` and `greater(x, 0)` a number (`greater(x, 'a')` compares text);
 * `empty(x)`, `not(equals(x, ''))`, `greater(length(x), 0)` only that it is there; undefined under `or`. `coalesce(y, x)`
 * is not `x`: it is `y` whenever `y` is set. `contains(createArray('a', 'b'), x)` is an allowlist (an equality), and
 * `equals(startsWith(x, '…'), true)` is what it compares with `true`.
 */
export function wdlConditionOp(calls: readonly WdlCall[]): CheckOp | undefined {
  let shape: 'value' | 'number' | 'length' = 'value';
  let op: CheckOp | undefined;
  for (const call of calls) {
    const name = call.name.toLowerCase();
    if (name === 'or') return undefined;
    if (name === 'and' || name === 'expression' || name === '') continue;
    if (op !== undefined) {
      if (name === 'not') op = op === 'presence' ? 'presence' : 'other';
      else if (name === 'equals' && op === 'presence') continue; // equals(empty(x), false)
      else if (name === 'equals' && call.otherText?.trim().toLowerCase() === 'true') continue; // equals(startsWith(x, '…'), true)
      else if (op !== 'presence') op = 'other';
      continue;
    }
    if (KEEPING_FUNCTIONS.has(name)) continue;
    if (NUMBER_FUNCTIONS.has(name)) {
      shape = shape === 'value' ? 'number' : shape;
      continue;
    }
    if (name === 'length') {
      if (shape !== 'value') return 'other';
      shape = 'length';
      continue;
    }
    const other = call.other;
    // contains(createArray('a', 'b'), x): x is one of a list of literals (an allowlist); contains(x, createArray('a'))
    // only says that x is a collection holding that array.
    if (name === 'contains' && call.otherFirst && LITERAL_ARRAY.test(call.otherText ?? '')) {
      op = shape === 'value' ? 'equals' : 'other';
      continue;
    }
    const zero = call.otherText?.trim() === '0';
    const one = call.otherText?.trim() === '1';
    switch (WDL_CHECK_OPS[name]) {
      case 'presence':
        op = 'presence';
        break;
      case 'equals':
        op = shape === 'length' ? (zero ? 'presence' : 'other') : other?.kind === 'empty' ? 'presence' : other || call.constant ? 'equals' : 'other';
        break;
      case 'type':
        if (shape === 'length') op = (name === 'greater' && zero) || (name === 'greaterorequals' && one) ? 'presence' : 'other';
        else op = shape === 'number' || other?.kind === 'number' ? 'type' : 'other';
        break;
      case 'prefix':
        op = shape === 'value' ? prefixOp(other) : 'other';
        break;
      default:
        op = 'other';
    }
  }
  return op ?? 'other';
}
