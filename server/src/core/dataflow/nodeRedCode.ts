// Node-RED function nodes: which `msg` fields their code overwrites with a constant, which it copies or computes from
// other `msg` fields, and which it passes on as they came. A hand-written reader of the JavaScript such code holds
// (`msg.x = …`, `delete msg.x`, local variables, `return msg`, `return { … }`, `node.send(…)`); where it cannot follow the
// code (a value from a call it does not know, `msg` handed to other code) it stays conservative: the field keeps what it
// had and may carry anything the code reads from `msg`. Every loop moves forward or is capped, so any text costs bounded work.
import { isMaskingExpression } from '../knowledge/sensitiveData.js';
import { isFieldPrefix, joinField } from './expressions.js';
import { BEFORE_EXPRESSION, endsExpression, lex, startsStatement, type Block, type Token, type TokenKind } from './jsTokens.js';
import type { Reference } from './types.js';

/** What a function node sends on: its input (changed by `writes`), or only what `writes` builds. */
export interface FunctionOutput {
  /** The node sends the `msg` it received (or a copy), so fields it does not write keep their values. */
  readonly passesInput: boolean;
  /** Fields the code writes (dotted, `''` is the whole message), with the input fields each value is taken from (none: a constant). */
  readonly writes: readonly { readonly at: string; readonly refs: readonly Reference[] }[];
}

/** Longer code is not read (it keeps the conservative model). */
const MAX_CODE = 100_000;
const MAX_EVENTS = 512;
const MAX_FIELDS = 128;
const MAX_REFS = 64;
/** Steps for one function (events looked at, tokens evaluated; results are memoised): more, and it keeps the conservative model. */
const MAX_STEPS = 300_000;
const MAX_DEPTH = 48;

const ASSIGNMENTS = new Set(['=', '+=', '-=', '*=', '/=', '%=', '**=', '<<=', '>>=', '>>>=', '&=', '|=', '^=', '&&=', '||=', '??=']);

/** Words in an expression that bring no data. */
const CONSTANT_WORDS = new Set(['true', 'false', 'null', 'undefined', 'NaN', 'Infinity', 'typeof', 'void', 'instanceof', 'in', 'of', 'await', 'new', 'delete']);

/** Globals whose calls compute from their arguments only. */
const KNOWN_GLOBALS = new Set([
  'JSON', 'Math', 'Number', 'String', 'Boolean', 'Array', 'Object', 'Date', 'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'encodeURIComponent',
  'encodeURI', 'decodeURIComponent', 'decodeURI', 'escape', 'unescape', 'Buffer', 'RegExp', 'URL', 'URLSearchParams', 'console', 'Error',
]);

/** Reading calls whose result holds what they read. */
const DATA_CALLS = new Set(['JSON.stringify', 'Object.keys', 'Object.values', 'Object.entries', 'String', 'RED.util.getMessageProperty', 'util.inspect']);

/** `flow.get(…)`, `global.get(…)`, `context.get(…)`, `env.get(…)`. */
const CONTEXT_STORES = new Set(['flow', 'global', 'context', 'env']);

/** Methods that do not change the value they are called on (a call of any other method on a `msg` field may). */
const PURE_METHODS = new Set([
  'toString', 'toUpperCase', 'toLowerCase', 'toLocaleUpperCase', 'toLocaleLowerCase', 'trim', 'trimStart', 'trimEnd', 'split', 'slice', 'substring',
  'substr', 'replace', 'replaceAll', 'indexOf', 'lastIndexOf', 'includes', 'startsWith', 'endsWith', 'charAt', 'charCodeAt', 'concat', 'join',
  'map', 'filter', 'find', 'findIndex', 'some', 'every', 'reduce', 'forEach', 'match', 'test', 'padStart', 'padEnd', 'repeat', 'toFixed',
  'toISOString', 'toJSON', 'valueOf', 'hasOwnProperty', 'at', 'flat', 'flatMap', 'keys', 'values', 'entries', 'normalize', 'localeCompare', 'get',
]);

/** Calls that read `msg` without changing it or sending it on. */
const READING_CALLS = new Set(['JSON.stringify', 'Object.keys', 'Object.values', 'Object.entries', 'String', 'node.warn', 'node.log', 'node.error', 'node.debug', 'node.trace', 'node.status', 'node.done', 'console.log', 'console.warn', 'console.error', 'console.info', 'console.debug', 'flow.set', 'global.set', 'context.set', 'done', 'RED.util.getMessageProperty', 'util.inspect']);

type VarKind = 'msg' | 'object' | 'local';

/** Where an event's value comes from. */
type Source =
  /** An expression (tokens `a`..`b`); `computed` when what lands is computed from it (an argument of `push(…)`). */
  | { readonly kind: 'expr'; readonly a: number; readonly b: number; readonly computed?: boolean }
  | { readonly kind: 'const' }
  /** `msg` (or the field) was handed to code the reader does not follow, which may change it. */
  | { readonly kind: 'escape'; readonly field: string }
  /** A whole message variable copied in (`msg.payload = other`, `{ ...msg }`). */
  | { readonly kind: 'copy'; readonly name: string; readonly pos: number };

/** A change of a message variable: `at` gets `source` (`set`), or gains it (`merge` keeps copies whole, `add` computes). */
interface Event {
  readonly seq: number;
  /** Token index from which the change has happened (the end of the assignment). */
  readonly pos: number;
  readonly at: string;
  readonly op: 'set' | 'merge' | 'add';
  /** A statement of its own (not in an expression or a braceless `if`): it runs whenever its block runs. */
  readonly definite: boolean;
  readonly block: number;
  readonly source: Source;
}

/** A binding of a local variable: its value is the union of all of them. */
interface Binding {
  readonly a: number;
  readonly b: number;
  /** `whole`: the value itself; `derived`: computed from it (`+=`, `for … of`, destructuring, `x.y = …`); `opaque`: unknown (a parameter). */
  readonly how: 'whole' | 'derived' | 'opaque';
}

interface Var {
  kind: VarKind;
  readonly bindings: Binding[];
  /** `x.y = …`: part of a local's value. */
  readonly members: Binding[];
}

/** A message sent: a message variable as it is at `pos` (with later changes too when `after`), or one the reader cannot follow. */
type Shape = { readonly name: string; readonly pos: number; readonly after: boolean } | 'opaque';

class Unreadable extends Error {}

/** Reads a function node's code (`func`): what it sends on. */
export function functionOutput(code: string): FunctionOutput {
  const lexed = code.length <= MAX_CODE ? lex(code) : undefined;
  if (lexed) {
    try {
      return new Reader(code, lexed.tokens, lexed.blocks).output();
    } catch (e) {
      if (!(e instanceof Unreadable)) throw e;
    }
  }
  return { passesInput: true, writes: [] };
}

function ref(field: string, start: number, end: number, whole: boolean, masked = false): Reference {
  return { kind: 'input', field, start, end, masked, whole };
}

function derived(refs: readonly Reference[]): Reference[] {
  return refs.map((r) => (r.whole ? { ...r, whole: false } : r));
}

/** Adds `more` to `into`, once per field, wholeness and masking; capped. */
function union(into: Reference[], more: readonly Reference[]): Reference[] {
  for (const r of more) {
    if (into.length >= MAX_REFS) break;
    if (!into.some((x) => x.field === r.field && x.whole === r.whole && x.masked === r.masked)) into.push(r);
  }
  return into;
}

class Reader {
  readonly #code: string;
  readonly #tokens: readonly Token[];
  readonly #blocks: readonly Block[];
  readonly #vars = new Map<string, Var>();
  readonly #events = new Map<string, Event[]>();
  readonly #shapes: Shape[] = [];
  /** Tokens of bare message variables that are returned, sent or copied (not handed to other code). */
  readonly #placed = new Set<number>();
  /** Every `msg` field the code reads (as computed values): what a value the reader cannot follow may hold. */
  #reads: Reference[] = [];
  #seq = 0;
  #steps = 0;
  #depth = 0;
  readonly #localMemo = new Map<string, Reference[]>();
  readonly #foldMemo = new Map<string, Reference[]>();
  readonly #synthetic = new Map<string, Event[]>();
  readonly #sorted = new Map<string, readonly Event[]>();
  readonly #evalMemo = new Map<string, { refs: Reference[]; whole: boolean }>();
  /** Locals being computed; reading one of them again (a cycle: `s = s + …`) gives nothing and counts in `#partial`. */
  readonly #pending = new Set<string>();
  /** Values computed while a cycle was cut are incomplete: only those computed without one are remembered. */
  #partial = 0;

  constructor(code: string, tokens: readonly Token[], blocks: readonly Block[]) {
    this.#code = code;
    this.#tokens = tokens;
    this.#blocks = blocks;
  }

  output(): FunctionOutput {
    this.#declare();
    this.#scan();
    const shapes = this.#shapes.length ? this.#shapes : ['opaque' as const];
    const fields = new Set<string>();
    for (const s of shapes) if (s !== 'opaque') for (const f of this.#fieldsOf(s.name, 0)) fields.add(f);
    if (fields.size > MAX_FIELDS) throw new Unreadable();
    const opaque = shapes.includes('opaque');
    const passes = opaque || shapes.some((s) => s !== 'opaque' && this.#fold(s.name, '', s.pos, s.after).some((r) => r.field === '' && r.whole));
    const writes: { at: string; refs: Reference[] }[] = [];
    // Parents first (a prefix sorts before the fields below it).
    for (const at of [...fields].sort()) {
      let refs: Reference[] = [];
      for (const s of shapes) union(refs, s === 'opaque' ? [ref(at, 0, 0, true), ...this.#reads] : this.#fold(s.name, at, s.pos, s.after));
      // As it came: the input's own value passes on by itself (unless a write above it hides the input's).
      if (passes) {
        if (refs.length === 1 && refs[0].field === at && refs[0].whole && !writes.some((w) => isFieldPrefix(w.at, at))) continue;
        if (at === '') refs = refs.filter((r) => !(r.field === '' && r.whole));
      }
      if (at === '' && !refs.length) continue;
      writes.push({ at, refs });
    }
    if (opaque && this.#reads.length) writes.push({ at: '', refs: derived(this.#reads) });
    return { passesInput: passes, writes };
  }

  #spend(): void {
    if (++this.#steps > MAX_STEPS) throw new Unreadable();
  }

  #tok(i: number): Token | undefined {
    return this.#tokens[i];
  }

  #is(i: number, kind: TokenKind, text?: string): boolean {
    const t = this.#tokens[i];
    return t !== undefined && t.kind === kind && (text === undefined || t.text === text);
  }

  /** The token at `i` is a member name (`a.b`, `a?.b`), not a variable. */
  #member(i: number): boolean {
    const p = this.#tokens[i - 1];
    return p !== undefined && p.kind === 'punct' && (p.text === '.' || p.text === '?.');
  }

  /** The token at `i` is a key of an object literal (`{ key: … }`). */
  #key(i: number): boolean {
    const p = this.#tokens[i - 1];
    return this.#is(i + 1, 'punct', ':') && p !== undefined && p.kind === 'punct' && (p.text === '{' || p.text === ',') && this.#is(this.#tokens[i].inside, 'punct', '{');
  }

  /** True when `block` or a block around it is a loop or a nested function's body (code there may run again, or later). */
  #repeats(block: number): boolean {
    for (let b = block; b > 0; b = this.#blocks[b].parent) if (this.#blocks[b].kind !== 'other') return true;
    return false;
  }

  #nestedFunction(block: number): boolean {
    for (let b = block; b > 0; b = this.#blocks[b].parent) if (this.#blocks[b].kind === 'function') return true;
    return false;
  }

  #encloses(outer: number, inner: number): boolean {
    for (let b = inner; b >= 0; b = this.#blocks[b].parent) if (b === outer) return true;
    return false;
  }

  /** The index after the expression starting at `a`: at a `;`, `,` or closing bracket of its level, or a new statement on a new line. */
  #exprEnd(a: number): number {
    const tokens = this.#tokens;
    for (let j = a; j < tokens.length; j++) {
      const t = tokens[j];
      if (j > a && t.nl && startsStatement(t) && endsExpression(tokens[j - 1])) return j;
      if (t.kind === 'tpl' && t.match !== undefined) {
        j = t.match;
        continue;
      }
      if (t.kind !== 'punct') continue;
      if ((t.text === '(' || t.text === '[' || t.text === '{') && t.match !== undefined) j = t.match;
      else if (t.text === ')' || t.text === ']' || t.text === '}' || t.text === ';' || t.text === ',') return j;
    }
    return tokens.length;
  }

  /** True when the statement starting at token `k` stands on its own: it runs whenever the code around it runs. */
  #statement(k: number): boolean {
    const prev = this.#tok(k - 1);
    const t = this.#tokens[k];
    if (!prev) return true;
    if (prev.kind === 'punct') {
      if (prev.text === ';' || prev.text === '{' || prev.text === '}') return true;
      if (prev.text === ')' && prev.match !== undefined) {
        const head = this.#tok(prev.match - 1);
        if (head?.kind === 'ident' && (head.text === 'if' || head.text === 'for' || head.text === 'while' || head.text === 'with')) return false;
        return t.nl;
      }
      return (prev.text === ']' || prev.text === '++' || prev.text === '--') && t.nl;
    }
    if (prev.kind === 'ident' && (prev.text === 'else' || prev.text === 'do' || BEFORE_EXPRESSION.has(prev.text))) return false;
    return t.nl;
  }

  /** Accessors after the token at `k`: the dotted field up to the first call, index or computed key, and where they end. */
  #chain(k: number): { field: string; end: number; partial: boolean; call?: { name: string; open: number } } {
    const names: string[] = [];
    let j = k + 1;
    let partial = false;
    for (;;) {
      const t = this.#tok(j);
      if (!t || t.kind !== 'punct') break;
      if ((t.text === '.' || t.text === '?.') && this.#is(j + 1, 'ident')) {
        const name = this.#tokens[j + 1].text;
        if (this.#is(j + 2, 'punct', '(')) return { field: names.join('.'), end: j, partial, call: { name, open: j + 2 } };
        if (!partial) names.push(name);
        j += 2;
      } else if (t.text === '[' || (t.text === '?.' && this.#is(j + 1, 'punct', '['))) {
        const open = t.text === '[' ? j : j + 1;
        const close = this.#tokens[open].match ?? open;
        if (!partial && close === open + 2 && this.#is(open + 1, 'str')) names.push(this.#tokens[open + 1].text);
        else partial = true;
        j = close + 1;
      } else break;
    }
    return { field: names.join('.'), end: j, partial };
  }

  #var(name: string): Var {
    let v = this.#vars.get(name);
    if (!v) this.#vars.set(name, (v = { kind: 'local', bindings: [], members: [] }));
    return v;
  }

  /** The message variable a name stands for (`msg` for its aliases), if it is one. */
  #messageVar(name: string): string | undefined {
    if (name === 'msg') return 'msg';
    const v = this.#vars.get(name);
    return v?.kind === 'msg' ? 'msg' : v?.kind === 'object' ? name : undefined;
  }

  /** First pass: the variables and their bindings; which are aliases of `msg` and which hold message objects. */
  #declare(): void {
    const tokens = this.#tokens;
    for (let k = 0; k < tokens.length; k++) {
      const t = tokens[k];
      if (t.kind !== 'ident' || this.#member(k)) continue;
      if (t.text === 'var' || t.text === 'let' || t.text === 'const') {
        k = this.#declarators(k + 1);
        continue;
      }
      if (t.text === 'function') {
        // Parameters: a `msg` parameter hides the message from the reader.
        let open = k + 1;
        if (this.#is(open, 'ident')) open++;
        if (this.#is(open, 'punct', '(')) this.#parameters(open);
        continue;
      }
      if (this.#is(k + 1, 'punct', '=>')) {
        this.#parameter(t.text);
        continue;
      }
      const next = this.#tok(k + 1);
      if (t.text === 'msg' || next?.kind !== 'punct' || this.#key(k)) continue;
      if (ASSIGNMENTS.has(next.text)) {
        this.#var(t.text).bindings.push({ a: k + 2, b: this.#exprEnd(k + 2), how: next.text === '=' ? 'whole' : 'derived' });
      } else if (next.text === '.' || next.text === '[' || next.text === '?.') {
        const c = this.#chain(k);
        const op = this.#tok(c.end);
        if (!c.call && op?.kind === 'punct' && ASSIGNMENTS.has(op.text)) this.#var(t.text).members.push({ a: c.end + 1, b: this.#exprEnd(c.end + 1), how: 'derived' });
      }
    }
    // Arrow parameters in parentheses.
    for (let k = 0; k < tokens.length; k++) {
      const t = tokens[k];
      if (t.kind === 'punct' && t.text === '(' && t.match !== undefined && this.#is(t.match + 1, 'punct', '=>')) this.#parameters(k);
    }
    for (const [name, v] of this.#vars) {
      if (name === 'msg') continue;
      const only = v.bindings.length === 1 ? v.bindings[0] : undefined;
      if (only && only.how === 'whole' && only.b === only.a + 1 && this.#is(only.a, 'ident') && (this.#tokens[only.a].text === 'msg' || this.#vars.get(this.#tokens[only.a].text)?.kind === 'msg')) {
        v.kind = 'msg';
        this.#placed.add(only.a);
      } else if (v.bindings.some((b) => b.how === 'whole' && (this.#objectLiteral(b.a, b.b) || this.#clone(b.a, b.b) !== undefined)) && v.bindings.every((b) => b.how === 'whole' && (this.#objectLiteral(b.a, b.b) || this.#clone(b.a, b.b) !== undefined || this.#nothing(b.a, b.b)))) {
        v.kind = 'object';
      }
    }
    for (const v of this.#vars.values()) {
      if (v.kind !== 'local') continue;
      // A second name for the message that is bound again later: the reader cannot tell which object it changes.
      if (v.bindings.some((b) => b.b === b.a + 1 && this.#is(b.a, 'ident') && this.#messageVar(this.#tokens[b.a].text) === 'msg')) throw new Unreadable();
    }
  }

  /** Reads `a = …, { b, c } = …` after `var`; returns the index of the last token read. */
  #declarators(k: number): number {
    for (let j = k; j < this.#tokens.length; ) {
      const t = this.#tokens[j];
      let names: string[];
      let after: number;
      if (t.kind === 'ident') {
        names = [t.text];
        after = j + 1;
      } else if (t.kind === 'punct' && (t.text === '{' || t.text === '[') && t.match !== undefined) {
        names = [];
        for (let p = j + 1; p < t.match; p++) if (this.#is(p, 'ident') && !this.#is(p + 1, 'punct', ':') && !this.#member(p)) names.push(this.#tokens[p].text);
        after = t.match + 1;
      } else return j;
      if (names.includes('msg')) {
        // `var msg = …` rebinds the message: read as an assignment to it.
        if (names.length > 1 || !this.#is(after, 'punct', '=')) throw new Unreadable();
        return j;
      }
      const next = this.#tok(after);
      if (next?.kind === 'punct' && next.text === '=') {
        const b = this.#exprEnd(after + 1);
        for (const name of names) this.#var(name).bindings.push({ a: after + 1, b, how: names.length === 1 && t.kind === 'ident' ? 'whole' : 'derived' });
        if (!this.#is(b, 'punct', ',')) return b - 1;
        j = b + 1;
      } else if (next?.kind === 'ident' && (next.text === 'of' || next.text === 'in')) {
        const b = this.#exprEnd(after + 1);
        for (const name of names) this.#var(name).bindings.push({ a: after + 1, b, how: 'derived' });
        return b - 1;
      } else {
        for (const name of names) this.#var(name);
        if (!this.#is(after, 'punct', ',')) return after - 1;
        j = after + 1;
      }
    }
    return this.#tokens.length;
  }

  #parameters(open: number): void {
    const close = this.#tokens[open].match ?? open;
    for (let p = open + 1; p < close; p++) if (this.#is(p, 'ident') && !this.#member(p) && !this.#is(p + 1, 'punct', ':')) this.#parameter(this.#tokens[p].text);
  }

  #parameter(name: string): void {
    if (name === 'msg') throw new Unreadable();
    this.#var(name).bindings.push({ a: 0, b: 0, how: 'opaque' });
  }

  /** `null` or `undefined`. */
  #nothing(a: number, b: number): boolean {
    return b === a + 1 && (this.#is(a, 'ident', 'null') || this.#is(a, 'ident', 'undefined'));
  }

  #objectLiteral(a: number, b: number): boolean {
    return this.#is(a, 'punct', '{') && this.#tokens[a].match === b - 1;
  }

  /** `RED.util.cloneMessage(x)` spanning `a`..`b`: the name copied. */
  #clone(a: number, b: number): string | undefined {
    const t = this.#tokens;
    if (!(this.#is(a, 'ident', 'RED') && this.#is(a + 2, 'ident', 'util') && this.#is(a + 4, 'ident', 'cloneMessage') && this.#is(a + 5, 'punct', '('))) return undefined;
    if (t[a + 5].match !== b - 1 || b - 1 !== a + 7 || !this.#is(a + 6, 'ident')) return undefined;
    return t[a + 6].text;
  }

  #event(name: string, e: Omit<Event, 'seq'>): void {
    let list = this.#events.get(name);
    if (!list) this.#events.set(name, (list = []));
    if (list.length >= MAX_EVENTS) throw new Unreadable();
    list.push({ ...e, seq: this.#seq++ });
  }

  /** `JSON.stringify(x, …)` spanning `a`..`b`: `x`'s tokens (the text holds the same fields, at the same places); else `a`..`b`. */
  #serialized(a: number, b: number): [number, number] {
    if (!(this.#is(a, 'ident', 'JSON') && this.#is(a + 1, 'punct', '.') && this.#is(a + 2, 'ident', 'stringify') && this.#is(a + 3, 'punct', '('))) return [a, b];
    if (this.#tokens[a + 3].match !== b - 1) return [a, b];
    return [a + 4, Math.min(this.#exprEnd(a + 4), b - 1)];
  }

  /** Events of an assignment of the expression `start`..`end` to `name`'s `at`. */
  #assign(name: string, at: string, start: number, end: number, e: { pos: number; op: Event['op']; definite: boolean; block: number }, into?: Event[]): void {
    const [a, b] = this.#serialized(start, end);
    const put = (ev: Omit<Event, 'seq'>) => (into ? into.push({ ...ev, seq: this.#seq++ }) : this.#event(name, ev));
    if (e.op === 'set' && this.#objectLiteral(a, b)) {
      put({ ...e, at, source: { kind: 'const' } });
      this.#objectEntries(name, at, a, b - 1, e, into);
      return;
    }
    const copied = b === a + 1 && this.#is(a, 'ident') ? this.#messageVar(this.#tokens[a].text) : this.#clone(a, b) !== undefined ? this.#messageVar(this.#clone(a, b)!) : undefined;
    if (copied === name && at === '') return; // `msg = RED.util.cloneMessage(msg)`: the same values
    if (copied !== undefined && e.op !== 'add') {
      if (b === a + 1) this.#placed.add(a);
      else this.#placed.add(a + 6);
      put({ ...e, at, source: { kind: 'copy', name: copied, pos: e.pos } });
      return;
    }
    put({ ...e, at, source: { kind: 'expr', a, b } });
  }

  /** The entries of the object literal between `open` and `close`, as events at `at`. */
  #objectEntries(name: string, at: string, open: number, close: number, e: { pos: number; op: Event['op']; definite: boolean; block: number }, into?: Event[]): void {
    for (let j = open + 1; j < close; ) {
      const end = Math.min(this.#exprEnd(j), close);
      const t = this.#tokens[j];
      if (t.kind === 'punct' && t.text === '...') {
        this.#assign(name, at, j + 1, end, { ...e, op: 'merge' }, into);
      } else if ((t.kind === 'ident' || t.kind === 'str' || t.kind === 'num') && this.#is(j + 1, 'punct', ':')) {
        this.#assign(name, joinField(at, t.text), j + 2, end, { ...e, op: 'set' }, into);
      } else if (t.kind === 'ident' && end === j + 1) {
        this.#assign(name, joinField(at, t.text), j, end, { ...e, op: 'set' }, into); // shorthand `{ email }`
      } else if (t.kind === 'punct' && t.text === '[' && t.match !== undefined && this.#is(t.match + 1, 'punct', ':')) {
        this.#assign(name, at, t.match + 2, end, { ...e, op: 'add' }, into); // a computed key: somewhere below
      } else if (!(t.kind === 'ident' && this.#is(j + 1, 'punct', '('))) {
        // A method, getter or anything else: its value is unknown.
        this.#assign(name, at, j, end, { ...e, op: 'add' }, into);
      }
      j = end + 1;
    }
  }

  /** Second pass: changes of message variables, what the code reads, and what it sends. */
  #scan(): void {
    const tokens = this.#tokens;
    for (const [name, v] of this.#vars) {
      if (v.kind !== 'object') continue;
      for (const b of v.bindings) {
        const pos = b.b;
        const start = b.a - 2;
        this.#assign(name, '', b.a, b.b, { pos, op: 'set', definite: this.#statement(this.#declarationStart(start)), block: tokens[b.a].block });
      }
    }
    for (let k = 0; k < tokens.length; k++) {
      const t = tokens[k];
      if (t.kind !== 'ident' || this.#member(k)) continue;
      if (t.text === 'return' && !this.#nestedFunction(t.block)) {
        const next = this.#tok(k + 1);
        if (next && !next.nl && !(next.kind === 'punct' && (next.text === ';' || next.text === '}'))) this.#shape(k + 1, this.#exprEnd(k + 1), k, false);
        continue;
      }
      if (t.text === 'node' && this.#is(k + 1, 'punct', '.') && this.#is(k + 2, 'ident', 'send') && this.#is(k + 3, 'punct', '(')) {
        const open = k + 3;
        const close = tokens[open].match ?? open;
        this.#shape(open + 1, Math.min(this.#exprEnd(open + 1), close), k, true);
        continue;
      }
      if (t.text === 'delete') {
        const target = this.#tok(k + 1);
        const name = target?.kind === 'ident' ? this.#messageVar(target.text) : undefined;
        if (name !== undefined) {
          const c = this.#chain(k + 1);
          if (c.field && !c.call) this.#event(name, { pos: c.end, at: c.field, op: c.partial ? 'merge' : 'set', definite: !c.partial && this.#statement(k), block: t.block, source: { kind: 'const' } });
          k = c.end - 1;
        }
        continue;
      }
      const name = this.#messageVar(t.text);
      if (name === undefined) {
        this.#throughAlias(k);
        continue;
      }
      if (this.#key(k)) continue;
      const input = name === 'msg' || this.#vars.get(name)?.bindings.every((b) => this.#clone(b.a, b.b) !== undefined);
      const c = this.#chain(k);
      const after = this.#tok(c.end);
      if (after?.kind === 'punct' && ASSIGNMENTS.has(after.text) && !c.call) {
        const a = c.end + 1;
        const b = this.#exprEnd(a);
        if (c.field === '' && !c.partial && t.text !== 'msg') continue; // a variable's own binding: read in the first pass
        if (after.text !== '=' && input) union(this.#reads, [ref(c.field, t.start, tokens[c.end - 1].end, false)]);
        const op: Event['op'] = after.text === '=' ? (c.partial ? 'merge' : 'set') : after.text === '||=' || after.text === '??=' || after.text === '&&=' ? 'merge' : 'add';
        const statement = this.#declarationStart(k);
        this.#assign(name, c.field, a, b, { pos: b, op, definite: op === 'set' && this.#statement(statement), block: t.block });
        continue;
      }
      if (c.call) {
        // A method of a field: it reads the field, and may change it.
        if (input) union(this.#reads, [ref(c.field, t.start, tokens[c.end - 1]?.end ?? t.end, false)]);
        if (!PURE_METHODS.has(c.call.name) && !isMaskingExpression(`${c.call.name}(`)) {
          const close = tokens[c.call.open].match ?? c.call.open;
          this.#event(name, { pos: close, at: c.field, op: 'merge', definite: false, block: t.block, source: { kind: 'expr', a: c.call.open + 1, b: close, computed: true } });
        }
        continue;
      }
      if (c.field || c.partial) {
        if (input) union(this.#reads, [ref(c.field, t.start, tokens[c.end - 1].end, false)]);
        continue;
      }
      // The message itself.
      if (this.#placed.has(k)) continue;
      const call = this.#callOf(k);
      const reading = call !== undefined && READING_CALLS.has(call);
      if (input && (!reading || DATA_CALLS.has(call))) union(this.#reads, [ref('', t.start, t.end, false)]);
      if (!reading) this.#event(name, { pos: k, at: '', op: 'merge', definite: false, block: t.block, source: { kind: 'escape', field: '' } });
    }
  }

  /**
   * A local that holds a field of a message (`var p = msg.payload`) and is changed (`p.email = …`, `p.items.push(…)`):
   * the message's field may change with it.
   */
  #throughAlias(k: number): void {
    const v = this.#vars.get(this.#tokens[k].text);
    const only = v?.kind === 'local' && v.bindings.length === 1 && v.bindings[0].how === 'whole' ? v.bindings[0] : undefined;
    const target = only && this.#is(only.a, 'ident') ? this.#messageVar(this.#tokens[only.a].text) : undefined;
    if (!only || target === undefined || this.#member(only.a)) return;
    const held = this.#chain(only.a);
    if (held.end !== only.b || held.partial || held.call) return;
    const c = this.#chain(k);
    const after = this.#tok(c.end);
    const e = { op: 'merge' as const, definite: false, block: this.#tokens[k].block };
    if ((c.field || c.partial) && !c.call && after?.kind === 'punct' && ASSIGNMENTS.has(after.text)) {
      const b = this.#exprEnd(c.end + 1);
      this.#assign(target, joinField(held.field, c.field), c.end + 1, b, { ...e, pos: b });
    } else if (c.call && !PURE_METHODS.has(c.call.name)) {
      const close = this.#tokens[c.call.open].match ?? c.call.open;
      this.#event(target, { ...e, pos: close, at: joinField(held.field, c.field), source: { kind: 'expr', a: c.call.open + 1, b: close, computed: true } });
    }
  }

  /** `var`/`let`/`const` before a declarator at `k` (for `var x = …`, the statement starts at `var`). */
  #declarationStart(k: number): number {
    const p = this.#tok(k - 1);
    return p?.kind === 'ident' && (p.text === 'var' || p.text === 'let' || p.text === 'const') ? k - 1 : k;
  }

  /** The dotted callee of the call whose argument list directly holds the token at `k` (`node.warn`), if any. */
  #callOf(k: number): string | undefined {
    const prev = this.#tok(k - 1);
    const open = this.#tokens[k].inside;
    if (!prev || prev.kind !== 'punct' || (prev.text !== '(' && prev.text !== ',') || !this.#is(open, 'punct', '(')) return undefined;
    if (this.#exprEnd(k) !== k + 1) return undefined; // `f(msg.x)`, `f(msg || {})`: not the message itself
    const names: string[] = [];
    for (let j = open - 1; j >= 0 && names.length < 4 && this.#is(j, 'ident'); j -= 2) {
      names.unshift(this.#tokens[j].text);
      if (!this.#is(j - 1, 'punct', '.')) break;
    }
    return names.length ? names.join('.') : undefined;
  }

  /** What the expression `a`..`b`, returned or sent at token `pos`, sends. */
  #shape(a: number, b: number, pos: number, send: boolean): void {
    if (a >= b) return;
    const tokens = this.#tokens;
    const after = send || this.#repeats(tokens[pos].block);
    const first = tokens[a];
    if (first.kind === 'punct' && first.text === '(' && first.match === b - 1) return this.#shape(a + 1, b - 1, pos, send);
    // `c ? x : y`: either.
    for (let j = a, pending = 0; j < b; j++) {
      const t = tokens[j];
      if ((t.kind === 'punct' && (t.text === '(' || t.text === '[' || t.text === '{') && t.match !== undefined) || (t.kind === 'tpl' && t.match !== undefined)) {
        j = t.match!;
        continue;
      }
      if (t.kind !== 'punct') continue;
      if (t.text === '?') pending++;
      else if (t.text === ':' && pending > 0 && --pending === 0) {
        const q = this.#ternaryMark(a, j);
        this.#shape(q + 1, j, pos, send);
        this.#shape(j + 1, b, pos, send);
        return;
      }
    }
    if (b === a + 1) {
      if (first.kind !== 'ident') return; // a string or number: a helper's value, never a message
      if (CONSTANT_WORDS.has(first.text)) return;
      const name = this.#messageVar(first.text);
      if (name !== undefined) {
        this.#placed.add(a);
        this.#shapes.push({ name, pos, after });
      } else this.#shapes.push('opaque');
      return;
    }
    if (first.kind === 'punct' && first.text === '[' && first.match === b - 1) {
      for (let j = a + 1; j < b - 1; ) {
        const end = Math.min(this.#exprEnd(j), b - 1);
        this.#shape(j, end, pos, send);
        j = end + 1;
      }
      return;
    }
    if (this.#objectLiteral(a, b)) {
      const name = `#${a}`;
      const events: Event[] = [];
      this.#assign(name, '', a, b, { pos, op: 'set', definite: true, block: tokens[pos].block }, events);
      this.#synthetic.set(name, events);
      this.#shapes.push({ name, pos, after: false });
      return;
    }
    const cloned = this.#clone(a, b);
    if (cloned !== undefined && this.#messageVar(cloned) !== undefined) {
      this.#placed.add(a + 6);
      this.#shapes.push({ name: this.#messageVar(cloned)!, pos, after });
      return;
    }
    this.#shapes.push('opaque');
  }

  /** The `?` that the `:` at `colon` closes (the first one at the top level of `a`..`colon`). */
  #ternaryMark(a: number, colon: number): number {
    for (let j = a; j < colon; j++) {
      const t = this.#tokens[j];
      if (t.kind === 'punct' && (t.text === '(' || t.text === '[' || t.text === '{') && t.match !== undefined) j = t.match;
      else if (t.kind === 'punct' && t.text === '?') return j;
    }
    return a;
  }

  #eventsOf(name: string): readonly Event[] {
    return this.#synthetic.get(name) ?? this.#events.get(name) ?? [];
  }

  /** A variable's events in the order they happen. */
  #ordered(name: string): readonly Event[] {
    let list = this.#sorted.get(name);
    if (!list) this.#sorted.set(name, (list = [...this.#eventsOf(name)].sort((x, y) => x.pos - y.pos || x.seq - y.seq)));
    return list;
  }

  #base(name: string): 'input' | 'empty' {
    return name === 'msg' ? 'input' : 'empty';
  }

  /** The fields a message variable's events write (copies bring the copied variable's fields). */
  #fieldsOf(name: string, depth: number): Set<string> {
    const out = new Set<string>();
    if (depth > 8) return out;
    for (const e of this.#eventsOf(name)) {
      out.add(e.at);
      if (e.source.kind === 'copy') for (const f of this.#fieldsOf(e.source.name, depth + 1)) out.add(joinField(e.at, f));
      if (out.size > MAX_FIELDS) throw new Unreadable();
    }
    return out;
  }

  /**
   * The value of `name`'s field `field` as the code has it at token `pos`: the input's (for `msg`) until a statement
   * that always runs before `pos` overwrites it; changes that may or may not have happened (in a branch, in a loop,
   * after `pos` when `after`) add theirs.
   */
  #fold(name: string, field: string, pos: number, after: boolean): Reference[] {
    const key = `${name}\u0000${field}\u0000${pos}\u0000${after ? 1 : 0}`;
    const memo = this.#foldMemo.get(key);
    if (memo) return memo;
    this.#spend();
    if (++this.#depth > MAX_DEPTH) throw new Unreadable();
    const partial = this.#partial;
    try {
      let value: Reference[] = this.#base(name) === 'input' ? [ref(field, 0, 0, true)] : [];
      const block = this.#tok(pos)?.block ?? 0;
      for (const e of this.#ordered(name)) {
        this.#spend();
        if (!isFieldPrefix(e.at, field)) continue;
        const before = e.pos <= pos;
        if (!before && !after) continue;
        const rest = e.at === '' ? field : field.slice(e.at.length + 1);
        const v = this.#valueOf(e.source, rest);
        if (before && e.op === 'set' && e.definite && this.#encloses(e.block, block)) value = [...v];
        else if (e.op === 'add') value = derived(union(value, v));
        else value = union([...value], v);
      }
      if (this.#partial === partial) this.#foldMemo.set(key, value);
      return value;
    } finally {
      this.#depth--;
    }
  }

  /** The value of `name`'s field read at `pos`: its fold, and (computed) what was written below it. */
  #read(name: string, field: string, pos: number, partial: boolean): Reference[] {
    const after = this.#repeats(this.#tokens[pos].block);
    const value = [...this.#fold(name, field, pos, after)];
    for (const e of this.#eventsOf(name)) {
      if (e.at === field || !isFieldPrefix(field, e.at) || (e.pos > pos && !after)) continue;
      union(value, derived(this.#valueOf(e.source, '')));
      if (e.source.kind === 'copy') union(value, derived(this.#read(e.source.name, '', e.source.pos, false)));
    }
    return partial ? derived(value) : value;
  }

  /** A source's value, at `rest` below the place it was written. */
  #valueOf(source: Source, rest: string): Reference[] {
    switch (source.kind) {
      case 'const':
        return [];
      case 'escape':
        return union(derived([ref(joinField(source.field, rest), 0, 0, false)]), derived(this.#reads));
      case 'copy':
        return this.#fold(source.name, rest, source.pos, true);
      case 'expr': {
        const key = `${source.a}:${source.b}`;
        let evaluated = this.#evalMemo.get(key);
        if (!evaluated) {
          const partial = this.#partial;
          evaluated = this.#evaluate(source.a, source.b);
          if (this.#partial === partial) this.#evalMemo.set(key, evaluated);
        }
        const { refs, whole } = evaluated;
        if (source.computed) return derived(refs);
        if (!rest) return refs;
        return refs.map((r) => (whole && r.whole ? { ...r, field: joinField(r.field, rest) } : r.whole ? { ...r, whole: false } : r));
      }
    }
  }

  /** The `msg` fields the expression `a`..`b` is taken from; `whole` when it is a value itself (`msg.payload`), not one computed from it. */
  #evaluate(a: number, b: number): { refs: Reference[]; whole: boolean } {
    this.#spend();
    if (++this.#depth > MAX_DEPTH) throw new Unreadable();
    try {
      const tokens = this.#tokens;
      let refs: Reference[] = [];
      let opaque = false;
      let whole = false;
      for (let j = a; j < b; j++) {
        this.#spend();
        const t = tokens[j];
        if (t.kind === 'punct' && t.text === '=>') opaque = true;
        if (t.kind !== 'ident' || this.#member(j) || this.#key(j) || CONSTANT_WORDS.has(t.text)) continue;
        if (t.text === 'function' || t.text === 'this' || t.text === 'class' || t.text === 'yield') {
          opaque = true;
          continue;
        }
        const name = this.#messageVar(t.text);
        if (name !== undefined) {
          const c = this.#chain(j);
          const value = this.#read(name, c.field, j, c.partial || c.call !== undefined);
          whole = j === a && c.end === b && !c.partial && !c.call;
          const masked = this.#masked(j, c.end, a);
          union(refs, value.map((r) => ({ ...r, ...(r.start === 0 && r.end === 0 ? { start: t.start, end: tokens[Math.max(j, c.end - 1)].end } : {}), ...(masked ? { masked } : {}) })));
          continue;
        }
        const v = this.#vars.get(t.text);
        if (v) {
          const c = this.#chain(j);
          const value = this.#local(t.text);
          const single = j === a && c.end === b && !c.partial && !c.call;
          whole = single && value.every((r) => r.whole);
          const masked = this.#masked(j, c.end, a);
          const mapped = c.field ? value.map((r) => (r.whole && !c.partial && !c.call ? { ...r, field: joinField(r.field, c.field) } : r)) : value;
          union(refs, masked ? mapped.map((r) => ({ ...r, masked })) : mapped);
          continue;
        }
        if (KNOWN_GLOBALS.has(t.text)) continue;
        // Context and environment values are settings or state kept by the flow, not this message's data.
        if (CONTEXT_STORES.has(t.text) && this.#is(j + 1, 'punct', '.') && this.#is(j + 2, 'ident', 'get')) continue;
        // A hashing or masking call (`sha256(…)`, `crypto.createHash('sha256').update(…)`): what it returns is its arguments, masked.
        if (this.#maskingCall(j)) continue;
        opaque = true;
      }
      if (opaque) union(refs, derived(this.#reads));
      if (!whole) refs = derived(refs);
      return { refs, whole };
    } finally {
      this.#depth--;
    }
  }

  /**
   * True when the value read at tokens `start`..`end` is hashed or masked: a masking call takes it as an argument
   * (`sha256(msg.email)`, `crypto.createHash('sha256').update(msg.email)`, up to the expression's start `a`), or it is the
   * receiver of one (`msg.email.hash()`).
   */
  #masked(start: number, end: number, a: number): boolean {
    const tokens = this.#tokens;
    // Methods called on it.
    let j = end;
    while (this.#is(j, 'punct', '.') || this.#is(j, 'punct', '?.')) {
      if (!this.#is(j + 1, 'ident')) break;
      if (this.#is(j + 2, 'punct', '(')) {
        if (isMaskingExpression(`${tokens[j + 1].text}(`)) return true;
        j = (tokens[j + 2].match ?? j + 2) + 1;
      } else j += 2;
    }
    // Calls it is an argument of: the callee's text (`crypto.createHash("sha256").update`).
    for (let open = tokens[start].inside; open >= a; open = tokens[open].inside) {
      if (!this.#is(open, 'punct', '(')) continue;
      let c = open - 1;
      while (c >= a) {
        const t = tokens[c];
        if (t.kind === 'punct' && (t.text === ')' || t.text === ']') && t.match !== undefined) c = t.match - 1;
        else if (t.kind === 'ident' || t.kind === 'str' || (t.kind === 'punct' && (t.text === '.' || t.text === '?.'))) c--;
        else break;
      }
      if (c + 1 < open && isMaskingExpression(this.#code.slice(tokens[c + 1].start, tokens[open].end))) return true;
    }
    return false;
  }

  /** True when the name at `k` starts a chain of calls whose text names a hash or mask (`crypto.createHash('sha256').update(x)`). */
  #maskingCall(k: number): boolean {
    let j = k + 1;
    let called = false;
    for (;;) {
      if ((this.#is(j, 'punct', '.') || this.#is(j, 'punct', '?.')) && this.#is(j + 1, 'ident')) j += 2;
      else if (this.#is(j, 'punct', '(')) {
        called = true;
        j = (this.#tokens[j].match ?? j) + 1;
      } else break;
    }
    return called && isMaskingExpression(this.#code.slice(this.#tokens[k].start, this.#tokens[j - 1].end));
  }

  /** A local variable's value: what every binding of it holds. */
  #local(name: string): Reference[] {
    const memo = this.#localMemo.get(name);
    if (memo) return memo;
    if (this.#pending.has(name)) {
      // While it is computed (`s = s + …`), it adds nothing of its own: its other bindings hold what it can hold.
      this.#partial++;
      return [];
    }
    this.#pending.add(name);
    const partial = this.#partial;
    const v = this.#vars.get(name)!;
    const value: Reference[] = [];
    for (const b of [...v.bindings, ...v.members]) {
      if (b.how === 'opaque') union(value, derived(this.#reads));
      else {
        const e = this.#evaluate(b.a, b.b);
        union(value, b.how === 'whole' && e.whole ? e.refs : derived(e.refs));
      }
    }
    this.#pending.delete(name);
    // The outermost local of a cycle has its whole value (every binding, each read as far as it goes).
    if (this.#partial === partial || !this.#pending.size) this.#localMemo.set(name, value);
    return value;
  }
}
