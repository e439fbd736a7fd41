// Scanning expression text a character at a time, for the readers of what a step builds (operands.ts, codeNames.ts,
// computedAtSink.ts): spaces skipped either side, a string's closing or opening quote, a bracket's match forward or
// back, the bracket still open before an index, the name a call's `(` calls, where a JavaScript expression may start
// or end, and the ends of a `+` chain. Each scan is bounded (a range, or a fixed count of characters or steps).
import { isIdentChar } from '../../dataflow/expressions.js';

export function isQuote(c: string | undefined): boolean {
  return c === "'" || c === '"' || c === '`';
}

export function prevNonSpace(text: string, i: number, lo: number): number {
  while (i >= lo && /\s/.test(text[i])) i--;
  return i;
}

export function nextNonSpace(text: string, i: number, hi: number): number {
  while (i < hi && /\s/.test(text[i])) i++;
  return i;
}

/** The index of the quote closing the string that opens at `open` (a backslash escapes), or -1. */
export function closingQuote(text: string, open: number, hi: number): number {
  for (let i = open + 1; i < hi; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === text[open]) return i;
  }
  return -1;
}

/** The index of the quote opening the string that the quote at `close` closes (one a backslash escapes skipped), or -1. */
export function openingQuote(text: string, close: number, lo: number): number {
  for (let i = close - 1; i >= lo; i--) {
    if (text[i] !== text[close]) continue;
    let slashes = 0;
    while (i - slashes - 1 >= lo && text[i - slashes - 1] === '\\') slashes++;
    if (slashes % 2 === 0) return i;
  }
  return -1;
}

/** The index after the `)` or `]` closing the `(` or `[` at `open` (strings inside skipped), or -1. */
export function matchForward(text: string, open: number, hi: number): number {
  const close = text[open] === '(' ? ')' : ']';
  let depth = 0;
  for (let i = open; i < hi && i - open < 2000; i++) {
    const c = text[i];
    if (isQuote(c)) {
      i = closingQuote(text, i, hi);
      if (i === -1) return -1;
    } else if (c === text[open]) depth++;
    else if (c === close && --depth === 0) return i + 1;
  }
  return -1;
}

/** The index of the `[` or `(` that the `]` or `)` at `close` closes, not before `lo`, or `lo - 2`. */
export function matchBack(code: string, close: number, lo: number): number {
  const open = code[close] === ']' ? '[' : '(';
  let depth = 0;
  for (let i = close; i >= lo && close - i < 2000; i--) {
    if (code[i] === code[close]) depth++;
    else if (code[i] === open && --depth === 0) return i;
  }
  return lo - 2;
}

/** The `(`, `[` or `{` not closed at or before `from` (strings skipped, a quote a backslash escapes too), not before `lo`; or -1. */
export function bracketBefore(text: string, from: number, lo: number): number {
  for (let i = from, depth = 0; i >= lo; i--) {
    const c = text[i];
    if (isQuote(c)) {
      i = openingQuote(text, i, lo);
      if (i < lo) return -1;
    } else if (c === ')' || c === ']' || c === '}') depth++;
    else if ((c === '(' || c === '[' || c === '{') && depth-- === 0) return i;
  }
  return -1;
}

/** The name called by the `(` at `open` (`JSON.stringify`, `concat`), or `''`. */
export function calleeBefore(text: string, open: number, lo: number): string {
  let i = open;
  while (i > lo && (isIdentChar(text.charCodeAt(i - 1)) || text[i - 1] === '.')) i--;
  return text.slice(i, open);
}

/**
 * True when a JavaScript expression may end at `end`: at the end of the range, before `,`, `)`, `]`, `}`, `;`, `:`, `||`
 * or `??` (whose result may be the text), or at a line break before a new statement. Not before `.`, `[` or `(` (a
 * property or call of the value: `.split('@')`, `.slice(-4)`, `.includes('@')`), an operator (`===`, `<`, `-`, `&&`)
 * or `?`.
 */
export function endsExpression(text: string, end: number, hi: number): boolean {
  if (end < 0) return false;
  const q = nextNonSpace(text, end, hi);
  if (q >= hi) return true;
  const c = text[q];
  if (',)]};:'.includes(c)) return true;
  if ((c === '|' && text[q + 1] === '|') || (c === '?' && text[q + 1] === '?')) return true;
  return text.slice(end, q).includes('\n') && /[A-Za-z_$]/.test(c);
}

/**
 * True when a JavaScript expression may start at `start`: at the start of the range, after `(`, `[`, `{`, `,`, `;`, `?`,
 * `:`, an assignment (`=`, `+=`), `=>`, `||`, `&&`, `??`, or `return`. Not after a comparison (`x === 'a' + y`), a
 * unary operator (`!`, `-`, `typeof`) or another operator.
 */
export function startsExpression(text: string, start: number, lo: number): boolean {
  const p = prevNonSpace(text, start - 1, lo);
  if (p < lo) return true;
  const c = text[p];
  if ('([{,;?:'.includes(c)) return true;
  if (c === '=') return !'=!<>'.includes(text[p - 1] ?? '');
  if (c === '>') return text[p - 1] === '=' && !'=!'.includes(text[p - 2] ?? '');
  if ((c === '|' && text[p - 1] === '|') || (c === '&' && text[p - 1] === '&') || (c === '?' && text[p - 1] === '?')) return true;
  return /(?:^|[^\w$])return$/.test(text.slice(Math.max(lo, p - 6), p + 1));
}

/**
 * Walks forward over `+ 'text'` and `+ a.b(…)` operands after `end`, not past `hi`: where the `+` chain going on at
 * `end` ends, or -1 when an operand cannot be read.
 */
export function chainEnd(text: string, end: number, hi: number): number {
  let x = end;
  for (let guard = 0; guard < 32; guard++) {
    const q = nextNonSpace(text, x, hi);
    if (q >= hi || text[q] !== '+' || text[q + 1] === '+' || text[q + 1] === '=') return x;
    let y = nextNonSpace(text, q + 1, hi);
    if (isQuote(text[y])) {
      const close = closingQuote(text, y, hi);
      if (close === -1) return -1;
      x = close + 1;
      continue;
    }
    const from = y;
    while (y < hi) {
      const c = text[y];
      if (isIdentChar(text.charCodeAt(y)) || c === '.' || (c === '?' && text[y + 1] === '.')) y++;
      else if (c === '(' || c === '[') {
        y = matchForward(text, y, hi);
        if (y === -1) return -1;
      } else break;
    }
    if (y === from) return -1;
    x = y;
  }
  return x;
}

/** Walks back over `'text ' + a.b + ` operands before `start`, not before `lo`: where the `+` chain ending at `start` begins. */
export function chainStart(code: string, start: number, lo: number): number {
  let x = start;
  for (let guard = 0; guard < 32; guard++) {
    const p = prevNonSpace(code, x - 1, lo);
    if (p < lo + 1 || code[p] !== '+' || code[p - 1] === '+') return x;
    let y = prevNonSpace(code, p - 1, lo);
    if (y < lo) return x;
    if (isQuote(code[y])) {
      const open = code.lastIndexOf(code[y], y - 1);
      if (open < lo) return x;
      x = open;
      continue;
    }
    while (y >= lo) {
      const c = code[y];
      if (isIdentChar(code.charCodeAt(y)) || c === '.' || c === '?') y--;
      else if (c === ']' || c === ')') y = matchBack(code, y, lo) - 1;
      else break;
    }
    if (y < lo - 1) return x;
    x = y + 1;
  }
  return x;
}
