// Whether a reference sits in an expression's text as written: the template block around it, the text functions around
// it that change nothing (`.trim()`, `String(…)`, `toLower(…)`, `.replace(/\n/g, " ")`), and whether that operand is put
// into text (an interpolation, a `+` with text, an append, WDL `concat`); and the object spread or `Object.assign` that
// copies a value whole, with the keys written after it.
import { isIdentChar, templateBlocks, wdlBlocks, type Block } from '../../dataflow/expressions.js';
import { callArguments } from '../../dataflow/predicates.js';
import type { Reference } from '../../dataflow/index.js';
import type { Platform } from '../../model/index.js';
import { bracketBefore, calleeBefore, chainEnd, chainStart, closingQuote, endsExpression, isQuote, nextNonSpace, prevNonSpace, startsExpression } from './jsText.js';

export function blockAround(text: string, ref: Reference, platform: Platform): Block | undefined {
  const blocks = platform === 'power-automate' || platform === 'logic-apps' ? wdlBlocks(text) : templateBlocks(text, platform === 'n8n' && text.charCodeAt(0) === 61 ? 1 : 0);
  return blocks.find((b) => b.start <= ref.start && ref.end <= b.end);
}

export type Language = 'js' | 'wdl' | 'make';

/** Methods and functions that return their argument's text, changed in case or spacing only. */
const JS_TEXT_METHODS = new Set(['trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'toLocaleLowerCase', 'toLocaleUpperCase', 'toString', 'toTitleCase', 'toSentenceCase']);
/** Text methods whose result still holds the text, whatever their arguments (`p.replace(/\n/g, " ")`, `p.padEnd(40)`). */
const JS_TEXT_METHODS_WITH_ARGUMENTS = new Set(['replace', 'replaceAll', 'padStart', 'padEnd', 'normalize', 'concat']);
const JS_TEXT_WRAPPERS = new Set(['String', 'JSON.stringify']);
const WDL_TEXT_WRAPPERS = new Set(['string', 'trim', 'tolower', 'toupper']);
const MAKE_TEXT_WRAPPERS = new Set(['lower', 'upper', 'trim', 'capitalize', 'tostring']);

/**
 * True when the reference, within `text[lo, hi)`, is put into text as it is: the whole of the range (`asWhole`), an
 * interpolation `${…}` of a template literal, an operand of `+` next to a string literal or of a `+` chain appended
 * (`line += x`), or an argument of WDL `concat`;
 * text functions around it (`.trim()`, `toLower(…)`, `JSON.stringify(…)`) change nothing. The reference must be the
 * whole operand (`'Domain ' + x.split('@')[1]` is not `x`), and a `+` chain a whole expression (`'Same: ' + x === y` is a
 * comparison).
 */
export function operandEmbedded(text: string, lo: number, hi: number, ref: Pick<Reference, 'start' | 'end'>, language: Language, asWhole: boolean): boolean {
  const span = operandSpan(text, lo, hi, ref, language);
  const p = prevNonSpace(text, span.start - 1, lo);
  const q = nextNonSpace(text, span.end, hi);
  if (asWhole && p < lo && q >= hi) return true;
  if (language === 'wdl') return p >= lo && (text[p] === '(' || text[p] === ',') && enclosingCall(text, lo, span.start) === 'concat';
  if (language !== 'js') return false;
  if (p > lo && text[p] === '{' && text[p - 1] === '$' && q < hi && text[q] === '}') return true;
  const joined =
    (p >= lo && text[p] === '+' && text[p - 1] !== '+' && isQuote(text[prevNonSpace(text, p - 1, lo)])) ||
    (q < hi && text[q] === '+' && text[q + 1] !== '+' && text[q + 1] !== '=' && isQuote(text[nextNonSpace(text, q + 1, hi)]));
  const end = chainEnd(text, span.end, hi);
  if (!endsExpression(text, end, hi)) return false;
  const start = chainStart(text, span.start, lo);
  if (joined) return startsExpression(text, start, lo);
  // Appended (`line += x`, `line += a + x`): the text (or the number) held goes on with the value's text after it.
  const s = prevNonSpace(text, start - 1, lo);
  return s > lo && text[s] === '=' && text[s - 1] === '+';
}

/** The lower-case name of the call whose parentheses hold index `at` (`concat` in `concat('a', x)`), or `''`. */
function enclosingCall(text: string, lo: number, at: number): string {
  let depth = 0;
  for (let i = at - 1; i >= lo; i--) {
    const c = text[i];
    if (c === "'") {
      // Skip a quoted WDL string backwards (`''` escapes a quote).
      let j = i - 1;
      while (j >= lo && (text[j] !== "'" || text[j - 1] === "'")) j -= text[j] === "'" ? 2 : 1;
      i = j;
    } else if (c === ')') depth++;
    else if (c === '(') {
      if (depth === 0) return calleeBefore(text, i, lo).toLowerCase();
      depth--;
    }
  }
  return '';
}

/**
 * The reference with the text functions around it. (A property of the value, `email.length` or `address.id`, is a field
 * of its own, which the privacy rule does not take for the value: see sensitiveCategoryOf.)
 */
export function operandSpan(text: string, lo: number, hi: number, ref: Pick<Reference, 'start' | 'end'>, language: Language): { start: number; end: number } {
  // An object spread whole (`{ ...$json, ts: 1 }`) holds each of its fields as written: the operand is the object.
  const spread = language === 'js' ? spreadIn(text, ref, lo, hi) : undefined;
  let start = spread?.start ?? ref.start;
  let end = spread?.end ?? ref.end;
  for (let guard = 0; guard < 8; guard++) {
    if (language === 'js') {
      // `.trim()`, `.toLowerCase()`, `.replace(/\n/g, " ")`, `.padEnd(40)` after it.
      const kept = keptTextMethodEnd(text, end, hi);
      if (kept !== -1) {
        end = kept;
        continue;
      }
    }
    // `String(…)`, `toLower(…)`, `lower(…)` around it.
    const open = prevNonSpace(text, start - 1, lo);
    const close = nextNonSpace(text, end, hi);
    if (open >= lo && text[open] === '(' && close < hi && text[close] === ')') {
      const name = calleeBefore(text, open, lo);
      const wrappers = language === 'js' ? JS_TEXT_WRAPPERS : language === 'wdl' ? WDL_TEXT_WRAPPERS : MAKE_TEXT_WRAPPERS;
      if (wrappers.has(language === 'js' ? name : name.toLowerCase())) {
        start = open - name.length;
        end = close + 1;
        continue;
      }
    }
    break;
  }
  return { start, end };
}

/**
 * The index after the JavaScript text method called at `end` (spaces before it), within `hi`, when its result holds the
 * text it is called on: `.trim()`, `.toLowerCase()`, or whatever the arguments (`.replace(/\n/g, " ")`, `.padEnd(40)`,
 * `.concat(" …")`); -1 otherwise. The arguments are read as code (a `)` in a string or a regular expression closes
 * nothing), at most 2,000 characters of them. A replace that cuts the text at an `@` (`.replace(/.*@/, "")`: the domain,
 * `.replace(/@.*$/, "")`: the name) keeps a part of it, and one that writes only mask characters (`"*"`, `"$1***$2"`)
 * masks it: neither keeps the text.
 */
export function keptTextMethodEnd(text: string, end: number, hi: number): number {
  const m = /^\s*\??\.([A-Za-z]+)\(/.exec(text.slice(end, Math.min(hi, end + 40)));
  if (!m) return -1;
  const open = end + m[0].length - 1;
  if (JS_TEXT_METHODS.has(m[1])) {
    const close = nextNonSpace(text, open + 1, hi);
    return close < hi && text[close] === ')' ? close + 1 : -1;
  }
  if (!JS_TEXT_METHODS_WITH_ARGUMENTS.has(m[1])) return -1;
  const args = callArguments(text, open, 'js', Math.min(hi, open + 2000));
  const last = args[args.length - 1];
  if (!last || text[last.end] !== ')') return -1;
  if (m[1] === 'replace' || m[1] === 'replaceAll') {
    const pattern = literalText(text.slice(args[0].start, args[0].end));
    if (pattern !== undefined && pattern.includes('@') && pattern.replace(/\\/g, '') !== '@') return -1;
    const by = args.length > 1 ? literalText(text.slice(args[1].start, args[1].end)) : undefined;
    if (by !== undefined && /^[*•X#]+$/.test(by.replace(/\$(?:\d+|&|<[\w$]*>)|[@.-]/g, ''))) return -1;
  }
  return last.end + 1;
}

/** The text of a string literal (`"@"`, no `${…}` in it) or the source of a regular expression literal (`/.*@/g`) that `arg` is, or undefined. */
function literalText(arg: string): string | undefined {
  const t = arg.trim();
  if (t.length >= 2 && isQuote(t[0]) && t[t.length - 1] === t[0]) return t[0] === '`' && t.includes('${') ? undefined : t.slice(1, -1);
  const slash = t.lastIndexOf('/');
  return t[0] === '/' && slash > 0 && /^[a-z]*$/.test(t.slice(slash + 1)) ? t.slice(1, slash) : undefined;
}

/**
 * The JavaScript object literal in `text[lo, hi)` that spreads the reference whole (`{ ...$json, email: … }`), or the
 * `Object.assign` call that copies it whole (`Object.assign({}, $json, { email: … })`): its span, and the keys written
 * after the reference (`email`: a key of the object literal after the spread, or of an object literal given to
 * `Object.assign` after the reference), whose values replace what the value holds there. Undefined when the reference
 * is neither. Keys a computed name, a later spread or a later argument other than an object literal writes are not told.
 */
export function spreadIn(text: string, ref: Pick<Reference, 'start' | 'end'>, lo = 0, hi = text.length): { start: number; end: number; after: ReadonlySet<string> } | undefined {
  const before = prevNonSpace(text, ref.start - 1, lo);
  const next = nextNonSpace(text, ref.end, hi);
  // Read no further than this either side, strings included: each spread costs at most as much, however long the text.
  const reach = { lo: Math.max(lo, before - SPREAD_REACH), hi: Math.min(hi, next + SPREAD_REACH) };
  if (text[before] === '(' || text[before] === ',') {
    if (text[next] !== ',' && text[next] !== ')') return undefined;
    return assignIn(text, before, next, reach.lo, reach.hi);
  }
  if (before < lo + 2 || text.slice(before - 2, before + 1) !== '...') return undefined;
  if (text[next] !== ',' && text[next] !== '}') return undefined;
  // Back to the `{` that opens the object (keys before the spread skipped, strings too).
  const open = bracketBefore(text, before - 3, reach.lo);
  if (open === -1 || text[open] !== '{') return undefined;
  // On to the `}` that closes it, reading the key of each property after the spread.
  const after = new Set<string>();
  const close = keysTo(text, next, reach.hi, after, false);
  return close !== -1 && text[close] === '}' ? { start: open, end: close + 1, after } : undefined;
}

/**
 * {@link spreadIn} for a reference that is a whole argument of a call (the text before it at `before`, after it at
 * `next`, read within `[lo, hi)`): the `Object.assign(…)` call and the keys of the object literals given after it.
 */
function assignIn(text: string, before: number, next: number, lo: number, hi: number): { start: number; end: number; after: ReadonlySet<string> } | undefined {
  // Most arguments are of no `Object.assign`: the call's name is looked for before its brackets are.
  if (text[before] !== '(' && !text.slice(lo, before).includes(ASSIGN)) return undefined;
  const open = text[before] === '(' ? before : bracketBefore(text, before - 1, lo);
  if (open === -1 || text[open] !== '(') return undefined;
  const callee = calleeBefore(text, open, lo);
  if (callee !== ASSIGN) return undefined;
  const after = new Set<string>();
  for (let i = next, depth = 0; i < hi; i++) {
    const c = text[i];
    if (isQuote(c)) {
      i = closingQuote(text, i, hi);
      if (i === -1) return undefined;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth-- === 0) return c === ')' ? { start: open - callee.length, end: i + 1, after } : undefined;
    } else if (c === ',' && depth === 0) {
      // An object literal given whole (`{ email: null }`, not `{ … }.x`): its keys replace the value's.
      const arg = nextNonSpace(text, i + 1, hi);
      if (text[arg] !== '{') continue;
      const keys = new Set<string>();
      const close = keysTo(text, arg + 1, hi, keys, true);
      if (close === -1 || text[close] !== '}') return undefined;
      if (',)'.includes(text[nextNonSpace(text, close + 1, hi)] ?? '.')) for (const k of keys) after.add(k);
      i = close;
    }
  }
  return undefined;
}

/**
 * Reads an object literal's properties from `from` (`atKey`: a key may start there) on to the bracket that closes it,
 * adding the key of each (`email: …`, `'email': …`, a shorthand `email`) to `keys`: that bracket's index, or -1.
 */
function keysTo(text: string, from: number, hi: number, keys: Set<string>, atKey: boolean): number {
  for (let i = from, depth = 0; i < hi; i++) {
    const c = text[i];
    if (isQuote(c)) {
      const close = closingQuote(text, i, hi);
      if (close === -1) return -1;
      if (atKey && c !== '`' && text[nextNonSpace(text, close + 1, hi)] === ':') keys.add(text.slice(i + 1, close));
      atKey = false;
      i = close;
    } else if (c === '(' || c === '[' || c === '{') {
      depth++;
      atKey = false;
    } else if (c === ')' || c === ']' || c === '}') {
      if (depth-- === 0) return i;
    } else if (c === ',' && depth === 0) atKey = true;
    else if (atKey && isIdentChar(text.charCodeAt(i))) {
      let j = i;
      while (j < hi && isIdentChar(text.charCodeAt(j))) j++;
      // `email: …`, or a shorthand `email` (a variable of that name).
      const q = nextNonSpace(text, j, hi);
      if (q < hi && ':,}'.includes(text[q])) keys.add(text.slice(i, j));
      atKey = false;
      i = j - 1;
    } else if (!/\s/.test(c)) atKey = false;
  }
  return -1;
}

const ASSIGN = 'Object.assign';

/** How far {@link spreadIn} reads either side of a spread for its object, and {@link ownerOf} back for a key's object. */
export const SPREAD_REACH = 4000;
