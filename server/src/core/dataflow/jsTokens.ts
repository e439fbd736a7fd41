// A small JavaScript tokenizer for the code of Node-RED function nodes: tokens with their brackets matched, line breaks,
// and the blocks they sit in (a nested function's body, a loop's, or another). It reads strings, template literals,
// comments and regular expressions so that their text is never taken for code; it does not parse. Linear in the text.
import { isIdentChar, readQuoted } from './expressions.js';

export type TokenKind = 'ident' | 'num' | 'str' | 'tpl' | 'regex' | 'punct';

export interface Token {
  readonly kind: TokenKind;
  /** The name, the operator, or (templates) `${` when the chunk opens a substitution. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** A line break comes before it. */
  readonly nl: boolean;
  /** Innermost block (`{ … }`) it sits in; 0 is the function's body. */
  block: number;
  /** Index of the innermost unclosed bracket (or template substitution) around it; -1 at the top level. */
  readonly inside: number;
  /** For brackets, the index of the matching one; for a template chunk that opens a substitution, the next chunk. */
  match?: number;
}

export interface Block {
  readonly parent: number;
  /** A function's body (nested functions run later or not at all), a loop's body, or any other block. */
  readonly kind: 'function' | 'loop' | 'other';
}

/** Longer code is not tokenized. */
const MAX_TOKENS = 20_000;

const PUNCTUATORS = ['>>>=', '...', '===', '!==', '**=', '<<=', '>>=', '>>>', '&&=', '||=', '??=', '=>', '==', '!=', '<=', '>=', '&&', '||', '??', '?.', '++', '--', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '**', '<<', '>>'];
const CLOSING: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
/** Words after which a `/` starts a regular expression. */
export const BEFORE_EXPRESSION = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The tokens of `code` and its blocks; undefined when it does not read as JavaScript (an unclosed string or bracket) or is too long. */
export function lex(code: string): { tokens: Token[]; blocks: Block[] } | undefined {
  const tokens: Token[] = [];
  const blocks: Block[] = [{ parent: -1, kind: 'function' }];
  const open: number[] = [];
  const n = code.length;
  let block = 0;
  let nl = false;
  const push = (kind: TokenKind, text: string, start: number, end: number): number => {
    tokens.push({ kind, text, start, end, nl, block, inside: open.length ? open[open.length - 1] : -1 });
    nl = false;
    return tokens.length - 1;
  };
  // A template literal's text from `from` (after the backquote, or after the `}` of a substitution): -1 when unterminated.
  const template = (from: number, previous?: number): number => {
    for (let j = from; j < n; j++) {
      const c = code.charCodeAt(j);
      if (c === 92 /* \ */) j++;
      else if (c === 96 /* ` */ || (c === 36 /* $ */ && code.charCodeAt(j + 1) === 123)) {
        const opens = c === 36;
        const k = push('tpl', opens ? '${' : '`', from - 1, opens ? j + 2 : j + 1);
        if (previous !== undefined) tokens[previous].match = k;
        if (opens) open.push(k);
        return opens ? j + 2 : j + 1;
      }
    }
    return -1;
  };
  let i = 0;
  while (i < n) {
    if (tokens.length > MAX_TOKENS) return undefined;
    const c = code.charCodeAt(i);
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) {
      nl = true;
      i++;
      continue;
    }
    if (c === 32 || c === 9 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff) {
      i++;
      continue;
    }
    if (c === 47 /* / */) {
      const d = code.charCodeAt(i + 1);
      if (d === 47) {
        const e = code.indexOf('\n', i);
        i = e === -1 ? n : e;
        continue;
      }
      if (d === 42 /* * */) {
        const e = code.indexOf('*/', i + 2);
        if (e === -1) return undefined;
        if (code.slice(i, e).includes('\n')) nl = true;
        i = e + 2;
        continue;
      }
      if (regexAllowed(tokens[tokens.length - 1])) {
        const e = regexEnd(code, i);
        if (e === -1) return undefined;
        push('regex', '', i, e);
        i = e;
        continue;
      }
    }
    if (c === 39 || c === 34) {
      const q = readQuoted(code, i);
      if (!q) return undefined;
      push('str', q.value, i, q.end);
      i = q.end;
      continue;
    }
    if (c === 96) {
      i = template(i + 1);
      if (i === -1) return undefined;
      continue;
    }
    if (isDigit(c) || (c === 46 && isDigit(code.charCodeAt(i + 1)))) {
      let e = i + 1;
      while (e < n && (isIdentChar(code.charCodeAt(e)) || code.charCodeAt(e) === 46)) e++;
      push('num', code.slice(i, e), i, e);
      i = e;
      continue;
    }
    if (isIdentChar(c) || c > 127) {
      let e = i + 1;
      while (e < n && (isIdentChar(code.charCodeAt(e)) || code.charCodeAt(e) > 127)) e++;
      push('ident', code.slice(i, e), i, e);
      i = e;
      continue;
    }
    const op = PUNCTUATORS.find((p) => code.startsWith(p, i)) ?? code[i];
    if (op === '}' && open.length && tokens[open[open.length - 1]].kind === 'tpl') {
      i = template(i + 1, open.pop());
      if (i === -1) return undefined;
      continue;
    }
    const k = push('punct', op, i, i + op.length);
    if (op === '{') {
      blocks.push({ parent: block, kind: blockKind(tokens, k) });
      block = blocks.length - 1;
      open.push(k);
    } else if (op === '(' || op === '[') open.push(k);
    else if (op === ')' || op === ']' || op === '}') {
      const o = open.pop();
      if (o === undefined || tokens[o].text !== CLOSING[op]) return undefined;
      tokens[o].match = k;
      tokens[k].match = o;
      if (op === '}') {
        block = blocks[block].parent;
        tokens[k].block = block;
      }
    }
    i += op.length;
  }
  return open.length ? undefined : { tokens, blocks };
}

function regexAllowed(prev: Token | undefined): boolean {
  if (!prev) return true;
  if (prev.kind === 'punct') return prev.text !== ')' && prev.text !== ']' && prev.text !== '}' && prev.text !== '++' && prev.text !== '--';
  return prev.kind === 'ident' && BEFORE_EXPRESSION.has(prev.text);
}

/** The index after a regular expression literal starting at `i` (with its flags); -1 when it runs past the line. */
function regexEnd(code: string, i: number): number {
  let inClass = false;
  for (let j = i + 1; j < code.length; j++) {
    const c = code.charCodeAt(j);
    if (c === 92) j++;
    else if (c === 10 || c === 13) return -1;
    else if (c === 91) inClass = true;
    else if (c === 93) inClass = false;
    else if (c === 47 && !inClass) {
      let e = j + 1;
      while (e < code.length && isIdentChar(code.charCodeAt(e))) e++;
      return e;
    }
  }
  return -1;
}

/** What the block opened by the `{` at `k` is, from the tokens before it. */
function blockKind(tokens: readonly Token[], k: number): Block['kind'] {
  const prev = tokens[k - 1];
  if (!prev) return 'other';
  if (prev.kind === 'punct' && prev.text === '=>') return 'function';
  if (prev.kind === 'punct' && prev.text === ')' && prev.match !== undefined) {
    const head = tokens[prev.match - 1];
    if (head?.kind === 'ident' && (head.text === 'for' || head.text === 'while')) return 'loop';
    if (head?.kind === 'ident' && (head.text === 'if' || head.text === 'switch' || head.text === 'catch' || head.text === 'with')) return 'other';
    return 'function';
  }
  if (prev.kind === 'ident' && prev.text === 'do') return 'loop';
  return 'other';
}

/** The token can end an expression (a line break after it may end the statement). */
export function endsExpression(t: Token): boolean {
  if (t.kind === 'punct') return t.text === ')' || t.text === ']' || t.text === '}' || t.text === '++' || t.text === '--';
  if (t.kind === 'tpl') return t.text === '`';
  return true;
}

/** The token can start a statement (after a line break, it does when the previous one ends an expression). */
export function startsStatement(t: Token): boolean {
  return (t.kind === 'ident' && t.text !== 'in' && t.text !== 'instanceof' && t.text !== 'of') || t.kind === 'num' || t.kind === 'str';
}
