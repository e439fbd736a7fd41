// What the sending node's expression sends of a value it computes from: a test (`{{ $json.email.includes('@') }}`,
// `@length(triggerBody()?['email'])`) or a few characters cut out of it (`{{substring(1.phone; 0; 3)}}`), rather than
// the value itself.
import type { Reference } from '../../dataflow/index.js';
import type { Platform } from '../../model/index.js';
import { calleeBefore, closingQuote, isQuote, matchForward, nextNonSpace, prevNonSpace } from './jsText.js';
import { blockAround, operandSpan, type Language } from './operands.js';

/** JavaScript methods whose result tells something about a text without holding it: a test or a position. */
const JS_TEST_METHODS = new Set(['includes', 'startsWith', 'endsWith', 'indexOf', 'lastIndexOf', 'search', 'localeCompare']);
/** Workflow Definition Language functions whose result tells something about a text (lower case). */
const WDL_TEST_FUNCTIONS = new Set(['length', 'equals', 'contains', 'startswith', 'endswith', 'indexof', 'lastindexof', 'nthindexof', 'empty', 'not', 'and', 'or', 'greater', 'greaterorequals', 'less', 'lessorequals', 'bool']);
/** Make functions whose result tells something about a text (lower case). */
const MAKE_TEST_FUNCTIONS = new Set(['length', 'contains', 'indexof', 'startswith', 'endswith', 'empty', 'not']);
/** At most this many characters of a value, cut out of it, disclose nothing (a card's last four digits, PCI DSS truncation). */
const MAX_KEPT_CHARACTERS = 4;

/**
 * What the sending node's expression `text` sends of the reference's value when it sends something computed from it:
 * `test` for a test (`.includes('@')`, `contains(…)`, `length(…)`, `empty(…)`, a comparison, `!x`, the condition of
 * `x ? a : b` or of WDL `if`), `cut` for at most {@link MAX_KEPT_CHARACTERS} characters cut out of it (`.slice(-4)`,
 * `.substring(0, 3)`, WDL `substring(x, start, 4)`, Make `substring(x; 0; 3)`). Text functions around the reference
 * (`toLower`, `.trim()`) change nothing. A `.slice` or WDL `take` of a field named as a list (`emails`, `attendees`)
 * keeps whole elements, not characters: no cut. Undefined when the value itself is sent, when the expression cannot be
 * read, and for Node-RED.
 */
function computedAtSink(text: string, ref: Reference, platform: Platform): 'test' | 'cut' | undefined {
  const found = computedKind(text, ref, platform);
  return found === 'cut-list' ? (looksLikeList(ref.field) ? undefined : 'cut') : found;
}

/**
 * {@link computedAtSink} for each reference `refs` of the sent value `text`. Cuts of one field that together may keep
 * more of it than one cut (a card number in groups of four, `c.slice(0, 4) + ' ' + c.slice(4, 8) …`; a phone number
 * written `(555) 010-4477`) count as the value: none of them is a cut.
 */
export function computedAtSinkAll(text: string, refs: readonly Reference[], platform: Platform): Map<Reference, 'test' | 'cut'> {
  const out = new Map<Reference, 'test' | 'cut'>();
  const cuts = new Map<string, number>();
  const key = (r: Reference) => `${r.kind}\u0000${r.target ?? ''}\u0000${r.field}`;
  for (const ref of refs) {
    const computed = ref.masked ? undefined : computedAtSink(text, ref, platform);
    if (!computed) continue;
    out.set(ref, computed);
    if (computed === 'cut') cuts.set(key(ref), (cuts.get(key(ref)) ?? 0) + 1);
  }
  for (const [ref, computed] of out) if (computed === 'cut' && (cuts.get(key(ref)) ?? 0) > 1) out.delete(ref);
  return out;
}

/**
 * True when the field's last name is a plural (`emails`, `attendees`, `toRecipients`, `phoneNumbers`), whose value may
 * be a list: `address`, `status` and `diagnosis` are not.
 */
function looksLikeList(field: string): boolean {
  const last = field.slice(field.lastIndexOf('.') + 1).toLowerCase();
  return /[a-z]s$/.test(last) && !/(?:ss|us|is)$/.test(last);
}

/** {@link computedAtSink}, with `cut-list` for a cut that keeps a list's elements when the value is one (`.slice`, `take`). */
function computedKind(text: string, ref: Reference, platform: Platform): 'test' | 'cut' | 'cut-list' | undefined {
  if (platform === 'node-red' || platform === 'zapier') return undefined;
  const block = blockAround(text, ref, platform);
  if (!block) return undefined;
  const language: Language = platform === 'n8n' ? 'js' : platform === 'make' ? 'make' : 'wdl';
  const { start, end } = operandSpan(text, block.start, block.end, ref, language);
  const lo = block.start;
  const hi = block.end;
  if (language === 'js') {
    const method = /^\s*\??\.([A-Za-z]+)\s*\(/.exec(text.slice(end, Math.min(hi, end + 40)));
    if (method) {
      if (JS_TEST_METHODS.has(method[1])) return 'test';
      const open = end + method[0].length - 1;
      const close = matchForward(text, open, hi);
      if (close === -1 || !keepsFewCharacters(method[1], text.slice(open + 1, close - 1))) return undefined;
      // An array's `slice` keeps elements (the first three addresses of a list), a string's characters.
      return method[1] === 'slice' ? 'cut-list' : 'cut';
    }
    // A condition (`x ? a : b`, not `x?.y` or `x ?? y`), a comparison on either side, a negation.
    const q = nextNonSpace(text, end, hi);
    const p = prevNonSpace(text, start - 1, lo);
    const after = text.slice(q, q + 2);
    if (q < hi && ((text[q] === '?' && text[q + 1] !== '.' && text[q + 1] !== '?') || after === '==' || after === '!=' || text[q] === '<' || text[q] === '>')) return 'test';
    return p >= lo && (text[p] === '!' || text[p] === '<' || (text[p] === '=' && '=!<>'.includes(text[p - 1] ?? '')) || (text[p] === '>' && text[p - 1] !== '=')) ? 'test' : undefined;
  }
  const call = callAround(text, lo, start, end, language === 'make' ? ';' : ',');
  if (!call) return undefined;
  if (call.name === 'if') return call.index === 0 ? 'test' : undefined;
  if ((language === 'make' ? MAKE_TEST_FUNCTIONS : WDL_TEST_FUNCTIONS).has(call.name)) return 'test';
  if (call.name === 'substring' && call.index === 0 && call.args.length === 3) {
    if (language === 'wdl') return smallCount(call.args[2]) ? 'cut' : undefined;
    const [from, to] = [Number(call.args[1]), Number(call.args[2])];
    return /^\d+$/.test(call.args[1]) && /^\d+$/.test(call.args[2]) && to - from <= MAX_KEPT_CHARACTERS ? 'cut' : undefined;
  }
  // WDL `take` keeps a string's first characters or a list's first elements.
  return language === 'wdl' && (call.name === 'take' || call.name === 'last') && call.index === 0 && call.args.length === 2 && smallCount(call.args[1]) ? 'cut-list' : undefined;
}

/** True when a JavaScript `slice`, `substring` or `substr` with the arguments `args` keeps at most a few characters. */
function keepsFewCharacters(method: string, args: string): boolean {
  const numbers = args.split(',').map((a) => a.trim());
  if (!numbers.every((a) => /^-?\d+$/.test(a)) || numbers.length < 1 || numbers.length > 2) return false;
  const [a, b] = numbers.map(Number);
  if (method === 'slice') return numbers.length === 1 ? a < 0 && -a <= MAX_KEPT_CHARACTERS : a >= 0 && b >= 0 && b - a <= MAX_KEPT_CHARACTERS;
  if (method === 'substring') return numbers.length === 2 && a >= 0 && b >= 0 && Math.abs(b - a) <= MAX_KEPT_CHARACTERS;
  if (method === 'substr') return numbers.length === 2 && b >= 0 && b <= MAX_KEPT_CHARACTERS;
  return false;
}

function smallCount(arg: string): boolean {
  return /^\d+$/.test(arg) && Number(arg) <= MAX_KEPT_CHARACTERS;
}

/**
 * The call whose argument is exactly `text[start, end)` (spaces aside): its lower-case name, its arguments (trimmed
 * text) and which of them it is; undefined when the span is not a whole argument of a call.
 */
function callAround(text: string, lo: number, start: number, end: number, separator: string): { name: string; args: string[]; index: number } | undefined {
  let depth = 0;
  let open = -1;
  for (let i = start - 1; i >= lo; i--) {
    const c = text[i];
    if (c === "'" || c === '"') {
      let j = i - 1;
      while (j >= lo && text[j] !== c) j--;
      i = j;
    } else if (c === ')' || c === ']') depth++;
    else if (c === '(' || c === '[') {
      if (depth === 0) {
        open = c === '(' ? i : -1;
        break;
      }
      depth--;
    }
  }
  if (open === -1) return undefined;
  const close = matchForward(text, open, text.length);
  if (close === -1 || close - 1 < end) return undefined;
  const args: string[] = [];
  let index = -1;
  let from = open + 1;
  for (let i = open + 1; i <= close - 1; i++) {
    const c = text[i];
    if (i === close - 1 || c === separator) {
      const arg = text.slice(from, i);
      if (from <= start && end <= i) {
        if (arg.trim() !== text.slice(start, end).trim()) return undefined;
        index = args.length;
      }
      args.push(arg.trim());
      from = i + 1;
    } else if (isQuote(c)) {
      i = closingQuote(text, i, close);
      if (i === -1) return undefined;
    } else if (c === '(' || c === '[') {
      i = matchForward(text, i, close) - 1;
      if (i < 0) return undefined;
    }
  }
  return index === -1 ? undefined : { name: calleeBefore(text, open, lo).toLowerCase(), args, index };
}
