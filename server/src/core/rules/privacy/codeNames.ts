// Following the names code gives a text it builds from a value (`const prompt = \`Customer ${$json.email}\`; return
// { json: { prompt } };`): the template literal, `+` chain, `concat` or `join` holding the value, the name or key that
// text is assigned to, and whether a field read afterwards is one of those names; in a Node-RED function, the message
// property it is assigned to and the variables the code sends on other outputs only.
import { isIdentChar } from '../../dataflow/expressions.js';
import type { Reference } from '../../dataflow/index.js';
import { bracketBefore, calleeBefore, chainEnd, chainStart, closingQuote, endsExpression, isQuote, matchBack, matchForward, nextNonSpace, openingQuote, prevNonSpace } from './jsText.js';
import { keptTextMethodEnd, operandEmbedded, operandSpan, SPREAD_REACH } from './operands.js';

/** How a Node-RED function's step sends on what it builds (see {@link embeddedInCode}). */
interface NodeRedSending {
  /** The names the output wired to the next step sends the value by. */
  readonly sentAs: () => string[];
  /** The code sends the value in a field its reader could not name (an output chosen by a variable, a helper's result). */
  readonly anywhere: boolean;
  /** The outputs (from 0) wired to the next step, when the step sends something else on each. */
  readonly wired?: readonly number[];
}

/**
 * True when code puts the reference into a template literal or a `+` with text, and the name that text is assigned to
 * (`prompt = …`, `prompt: …`, or a key given its value: `text: prompt`) is a field the value is read by afterwards.
 * In a Node-RED function (`nodeRed`), text assigned to a property of the message (`msg.topic = …`) counts only when
 * that property, by its whole path, is read afterwards: `msg.topic` is not the `payload.topic` a request sends. Other
 * text counts when one of its names (or of text built from it: `prompt: "Lead: " + line`) is one the output sends the
 * value by (`sentAs`), not one the code gives it for another output (`{ payload: line }` on the log's: a key of an
 * object held by a variable sent only on other outputs than those `wired` to the next step, see {@link sentElsewhere}). Text the code
 * sends in a field its reader could not name (`anywhere`: an output chosen by a variable, a helper's result) counts when
 * it is given a name at all, whichever.
 */
export function embeddedInCode(code: string, ref: Reference, readAfter: () => string[], nodeRed?: NodeRedSending): boolean {
  return textsHolding(code, ref).some((from) => textNamedAndRead(code, from, readAfter, nodeRed));
}

/**
 * Where the texts that code puts the operand `use` into as it is start (see {@link operandEmbedded}): the template literal
 * or `+` chain holding it, then, when that is appended in a template literal (`${a += x}`), the template literal too.
 * None when the operand is not put into text.
 */
function textsHolding(code: string, use: Pick<Reference, 'start' | 'end'>): number[] {
  if (!operandEmbedded(code, 0, code.length, use, 'js', false)) return [];
  const span = operandSpan(code, 0, code.length, use, 'js');
  const from = textStart(code, span);
  if (from === -1) return [];
  const template = interpolatedAppend(code, from, span.end);
  return template === -1 ? [from] : [from, template];
}

/** True when the text starting at `from` is given a name that the value is read by afterwards (see {@link embeddedInCode}). */
function textNamedAndRead(code: string, from: number, readAfter: () => string[], nodeRed?: NodeRedSending): boolean {
  const member = nodeRed ? messageProperty(code, from) : undefined;
  if (member !== undefined) return readAfter().some((f) => f === '' || f === member || f.startsWith(`${member}.`) || member.startsWith(`${f}.`));
  // Text given to a name (`prompt: …`, `const line = …`), not to a call (`node.warn(…)`).
  if (nodeRed?.anywhere && assignedName(code, from) !== undefined) return true;
  return nodeRed ? namedAndRead(code, from, nodeRed.sentAs, true, nodeRed.wired) : namedAndRead(code, from, readAfter);
}

/**
 * Where the text of a template literal starts when one of its interpolations is a whole append to a name whose text
 * starts at `start` and whose operand ends at `end` (`` `Lead ${a += x}` ``: the template holds what `a` becomes); -1
 * otherwise.
 */
function interpolatedAppend(code: string, start: number, end: number): number {
  const s = prevNonSpace(code, start - 1, 0);
  if (s < 1 || code[s] !== '=' || code[s - 1] !== '+') return -1;
  let i = prevNonSpace(code, s - 2, 0);
  const nameEnd = i;
  while (i >= 0 && isIdentChar(code.charCodeAt(i))) i--;
  const p = prevNonSpace(code, i, 0);
  if (i === nameEnd || p < 1 || code[p] !== '{' || code[p - 1] !== '$') return -1;
  const last = chainEnd(code, end, code.length);
  if (last === -1 || code[nextNonSpace(code, last, code.length)] !== '}') return -1;
  return textStart(code, { start: i + 1, end: nameEnd + 1 });
}

/**
 * Where the text holding the operand `span` starts: the template literal's opening backtick, or the first operand of
 * the `+` chain; -1 when the backtick is not found.
 */
function textStart(code: string, span: { start: number; end: number }): number {
  const p = prevNonSpace(code, span.start - 1, 0);
  let start = span.start;
  if (code[p] === '{' && code[p - 1] === '$') {
    start = code.lastIndexOf('`', p);
    if (start === -1) return -1;
  }
  return chainStart(code, start, 0);
}

/** The path of the Node-RED message property the text starting at `start` is assigned to (`msg.payload.prompt = …` → `payload.prompt`). */
function messageProperty(code: string, start: number): string | undefined {
  let p = prevNonSpace(code, start - 1, 0);
  if (p < 1 || code[p] !== '=' || '=!<>'.includes(code[p - 1])) return undefined;
  if (code[p - 1] === '+') p--;
  const k = prevNonSpace(code, p - 1, 0);
  let i = k + 1;
  while (i > 0 && (isIdentChar(code.charCodeAt(i - 1)) || code[i - 1] === '.')) i--;
  const target = /^msg((?:\.[A-Za-z_$][\w$]*)+)$/.exec(code.slice(i, k + 1));
  return target ? target[1].slice(1) : undefined;
}

/**
 * True when the text starting at `start` is assigned to a name (directly or through one alias) read afterwards. With
 * `chained` (a Node-RED function), aliases of aliases count, and a field of an object holding the text
 * (`prompt: extra.note`), and so do the names of text built from one of the names (`prompt: "Lead: " + line`,
 * `p += line`), at most {@link MAX_NAMES} in all: past them (or past the code read), the text counts as read.
 */
export function namedAndRead(code: string, start: number, readAfter: () => string[], chained = false, wired?: readonly number[]): boolean {
  const bounded = code.slice(0, MAX_READ);
  // Node-RED: a key of an object sent on other outputs only (`const log = { payload: line }`) is no name the text is sent
  // by here. Those objects are looked for once, when a name is found.
  let elsewhere: ReadonlySet<string> | undefined;
  const sentOnlyElsewhere = (at: number) => {
    // Past the code read, the variable may be sent on the output wired on too.
    if (!chained || !wired || bounded.length < code.length) return false;
    elsewhere ??= sentElsewhere(bounded, wired);
    return elsewhere.size > 0 && elsewhere.has(ownerOf(code, at));
  };
  const keyed = (key: { name: string; at: number } | undefined) => (key && !sentOnlyElsewhere(key.at) ? key.name : undefined);
  const nameAt = (at: number) => keyed(assignedKey(code, at));
  const name = nameAt(start);
  if (!name) return false;
  const names = new Set([name]);
  // A name not followed (over the cap, or in code not read) may be the one sent.
  let lost = chained && bounded.length < code.length;
  const add = (n: string | undefined) => {
    if (n === undefined || names.has(n)) return;
    if (names.size < MAX_NAMES) names.add(n);
    else lost = chained;
  };
  // Chained, the name may be a field of an object holding the text (`extra.note`).
  const owner = chained ? '(?:[A-Za-z_$][\\w$]*\\??\\.)*' : '';
  for (const n of names) {
    const escaped = n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // `return { json: { text: prompt } }`, `item.json.text = prompt;` (a name from its first letter: no match starts inside one)
    for (const m of bounded.matchAll(new RegExp(`(?<![\\w$])([A-Za-z_$][\\w$]*)['"]?\\s*(?::|=(?!=))\\s*${owner}${escaped}\\b(?!\\s*[.(\\[])`, 'g'))) add(keyed({ name: m[1], at: m.index }));
    if (!chained) break;
    for (const m of bounded.matchAll(new RegExp(`(?<![\\w$.])${escaped}(?![\\w$])`, 'g'))) {
      const use = { start: m.index, end: m.index + n.length };
      // `p += line` appends the text to `p`; `prompt: line.trim()` is the text still (a text function around it:
      // not `line.length`, `line.split("@")[1]`); `"Lead: ".concat(line)` and `[a, line].join(" ")` build text holding it.
      const kept = operandSpan(code, 0, code.length, use, 'js');
      if (endsExpression(code, kept.end, code.length)) add(nameAt(kept.start));
      const call = textCallStart(code, kept);
      if (call !== -1) add(nameAt(call));
      for (const from of textsHolding(code, use)) add(nameAt(from));
    }
  }
  return lost || readAfter().some((field) => field.split('.').some((segment) => names.has(segment)));
}

/**
 * Where the text a call builds from the operand `use` starts, when the operand is a whole argument of `concat`
 * (`"Lead: ".concat(line)`, `a.concat(" ", line)`) or an item of an array literal joined (`[a, line].join(" ")`), and
 * the call's result is the value (not `.length` of it); -1 otherwise.
 */
function textCallStart(code: string, use: { start: number; end: number }): number {
  if (!',)]'.includes(code[nextNonSpace(code, use.end, code.length)] ?? '.')) return -1;
  const p = prevNonSpace(code, use.start - 1, 0);
  if (p < 0 || !',(['.includes(code[p])) return -1;
  // The `(` or `[` the operand is in (at most 2,000 characters back; not an object's `{`).
  const open = bracketBefore(code, use.start - 1, Math.max(0, use.start - 1999));
  if (open < 1 || code[open] === '{') return -1;
  const close = matchForward(code, open, code.length);
  if (close === -1) return -1;
  if (code[open] === '[') {
    const join = /^\s*\.\s*join\s*\(/.exec(code.slice(close, close + 32));
    const end = join ? matchForward(code, close + join[0].length - 1, code.length) : -1;
    return end !== -1 && endsExpression(code, keptTextEnd(code, end), code.length) ? open : -1;
  }
  const callee = calleeBefore(code, open, 0);
  if (!endsExpression(code, keptTextEnd(code, close), code.length) || (callee !== '.concat' && !callee.endsWith('.concat'))) return -1;
  if (callee !== '.concat') return open - callee.length;
  // The receiver before `.concat`: a text (`"Lead: "`) or a call or index (`f(x)`, `a[0]`) ending there.
  const r = open - callee.length - 1;
  if (isQuote(code[r])) return openingQuote(code, r, 0);
  if (code[r] !== ')' && code[r] !== ']') return -1;
  const start = matchBack(code, r, 0);
  return start < 0 ? -1 : start - calleeBefore(code, start, 0).length;
}

/** The index after the text methods that keep the text called at `end` (`.concat(" thanks").trim()`), at most eight. */
function keptTextEnd(code: string, end: number): number {
  for (let guard = 0; guard < 8; guard++) {
    const kept = keptTextMethodEnd(code, end, code.length);
    if (kept === -1) break;
    end = kept;
  }
  return end;
}

/** Names a text goes by that {@link namedAndRead} follows. */
const MAX_NAMES = 8;
/** How much of a Node-RED function's code {@link namedAndRead} reads for names. */
const MAX_READ = 20_000;

/**
 * Node-RED: the variables the code (`bounded`) sends only on outputs other than `wired` (`log` in `return [msg, log]`,
 * `node.send([null, log])`, when output 1 is wired on), and uses nowhere else but to give it an object (`const log = {`)
 * or a property (`log.payload = …`), each a statement of its own. A variable sent otherwise (`return log`), or used in
 * any other way (`...log`, `out = log = {…}`), is not one; nor is one returned in code that defines functions.
 */
function sentElsewhere(bounded: string, wired: readonly number[]): ReadonlySet<string> {
  const sent = new Map<string, { count: number; onWired: boolean }>();
  // A function defined in the code may return an array of its own (`return [0, log]`): only node.send's are read then.
  const inner = /(?<![\w$])function(?![\w$])|=>/.test(bounded);
  for (const m of bounded.matchAll(/(?<![\w$.])(?:return\s*|node\.send\s*\(\s*)\[/g)) {
    if (inner && m[0].startsWith('return')) continue;
    const open = m.index + m[0].length - 1;
    const close = matchForward(bounded, open, bounded.length);
    if (close === -1) continue;
    // Each element of the array, by its place: the output it goes on.
    for (let i = open + 1, depth = 0, from = i, output = 0; i < close; i++) {
      const c = bounded[i];
      if (isQuote(c)) {
        i = closingQuote(bounded, i, close);
        if (i === -1) break;
      } else if (c === '(' || c === '[' || c === '{') depth++;
      else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
      else if (depth === 0 && (c === ',' || i === close - 1)) {
        const element = bounded.slice(from, i).trim();
        if (/^[A-Za-z_$][\w$]*$/.test(element)) {
          const at = sent.get(element) ?? { count: 0, onWired: false };
          sent.set(element, { count: at.count + 1, onWired: at.onWired || wired.includes(output) });
        }
        output++;
        from = i + 1;
      }
    }
  }
  const out = new Set<string>();
  let checked = 0;
  for (const [name, { count, onWired }] of sent) {
    // Each variable costs a reading of the code: past a few, the others are taken as sent here too.
    if (onWired || name === 'msg' || checked++ >= MAX_NAMES) continue;
    let uses = 0;
    let given = 0;
    for (const m of bounded.matchAll(new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`, 'g'))) {
      // A property of that name (`node.log`) is no use of it; a spread (`...log`) is.
      if (bounded[m.index - 1] === '.' && bounded.slice(m.index - 3, m.index) !== '...') continue;
      uses++;
      const rest = bounded.slice(m.index + name.length, m.index + name.length + 80);
      // Given as a statement of its own (`log.payload = …`, `const log = {`), not within an expression that passes the
      // value on too (`msg.payload = log.payload = line`, `return log = {`).
      const p = prevNonSpace(bounded, m.index - 1, 0);
      const statement = p < 0 || ';{})'.includes(bounded[p]) || /(?<![\w$])(?:const|let|var)\s*$/.test(bounded.slice(Math.max(0, p - 5), p + 1));
      if (statement && (/^\s*=\s*\{/.test(rest) || /^\s*\.\s*[A-Za-z_$][\w$]*\s*=(?![=>])/.test(rest))) given++;
    }
    if (uses === count + given) out.add(name);
  }
  return out;
}

/**
 * The variable holding the key that starts at `key`: `log` for `payload` in `const log = { payload: … }` or
 * `log.payload = …`; `''` when no variable is told (`msg.payload = { prompt: … }`, `return { payload: … }`).
 */
function ownerOf(code: string, key: number): string {
  let p = prevNonSpace(code, key - 1, 0);
  if (isQuote(code[p])) p = prevNonSpace(code, p - 1, 0);
  let end = p;
  if (code[p] === '{' || code[p] === ',') {
    const open = bracketBefore(code, p, Math.max(0, p - SPREAD_REACH));
    if (open === -1 || code[open] !== '{') return '';
    const eq = prevNonSpace(code, open - 1, 0);
    if (code[eq] !== '=' || '=!<>+-*/%&|^'.includes(code[eq - 1] ?? '')) return '';
    end = prevNonSpace(code, eq - 1, 0);
  } else if (code[p] === '.') end = prevNonSpace(code, p - 1, 0);
  else return '';
  let i = end;
  while (i >= 0 && isIdentChar(code.charCodeAt(i))) i--;
  return i === end || code[prevNonSpace(code, i, 0)] === '.' ? '' : code.slice(i + 1, end + 1);
}

/** The name the expression starting at `start` is assigned to: `prompt = …`, `prompt += …`, `prompt: …`, `"prompt": …`, `json['prompt'] = …`. */
export function assignedName(code: string, start: number): string | undefined {
  return assignedKey(code, start)?.name;
}

/** {@link assignedName}, with where the name starts (its opening quote when quoted). */
function assignedKey(code: string, start: number): { name: string; at: number } | undefined {
  let p = prevNonSpace(code, start - 1, 0);
  if (p < 0) return undefined;
  if (code[p] === '=') {
    if ('=!<>'.includes(code[p - 1] ?? '') || code[p + 1] === '=' || code[p + 1] === '>') return undefined;
    if (code[p - 1] === '+') p--;
  } else if (code[p] !== ':') return undefined;
  const k = prevNonSpace(code, p - 1, 0);
  if (k < 0) return undefined;
  if (isQuote(code[k]) || code[k] === ']') {
    const close = code[k] === ']' ? prevNonSpace(code, k - 1, 0) : k;
    const open = code.lastIndexOf(code[close], close - 1);
    const name = open === -1 || !isQuote(code[close]) ? '' : code.slice(open + 1, close);
    return name ? { name, at: open } : undefined;
  }
  let i = k + 1;
  while (i > 0 && isIdentChar(code.charCodeAt(i - 1))) i--;
  const name = code.slice(i, k + 1);
  return /^[A-Za-z_$][\w$]*$/.test(name) ? { name, at: i } : undefined;
}
