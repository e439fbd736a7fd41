// Node-RED function nodes: what their code sends on. The code is parsed with acorn and run abstractly: a field counts as
// overwritten with a constant only when every way to a `return` or `node.send(…)` overwrote it and nothing else can
// write it; copies and values computed from other fields name those fields; new messages carry what they are built
// from. Anything the reader does not follow (msg handed to code it does not know, `eval`, `with`, getters, code that
// does not parse or is too large) makes it fall back: the message passes on as it came, and any field may also hold
// whatever the code reads from `msg`. Every walk is capped, so any text costs bounded work and nothing is thrown.
import { type AnyNode, type ArrowFunctionExpression, type CallExpression, type Expression, type FunctionDeclaration, type ForInStatement, type FunctionExpression, type Identifier, type MemberExpression, type NewExpression, type ObjectExpression, type Pattern, type Program, type SpreadElement, type Statement, type SwitchStatement, type TryStatement, type VariableDeclaration } from 'acorn';
import { isMaskingExpression } from '../knowledge/sensitiveData.js';
import { isFieldPrefix, joinField } from './expressions.js';
import { parseScript, syntaxChildren } from './jsSyntax.js';
import type { Reference } from './types.js';

/** What a function node sends on: its input (changed by `writes`), or only what `writes` builds. */
export interface FunctionOutput {
  /** The node sends the `msg` it received (or a copy), so fields it does not write keep their values. */
  readonly passesInput: boolean;
  /**
   * Fields the code writes (dotted, `''` is the whole message), with the input fields each value is taken from (none: a
   * constant). When the input passes on, a write at `''` is computed (never `whole`): it may be in any field. A reference
   * spans the path of names that read the field (`msg.payload.email`, `p.email`); read at several places for the value,
   * or not by such a path, it spans nothing (`start` = `end` = 0).
   */
  readonly writes: readonly { readonly at: string; readonly refs: readonly Reference[] }[];
  /**
   * What each output sends (Node-RED sends the i-th element of a returned or sent array on output i: an array there is
   * several messages, `null` none; a message that is no array goes on the first output), when the node has several
   * outputs and every message the code sends is placed on one. `passesInput` and `writes` are what all of them send.
   */
  readonly ports?: readonly PortOutput[];
}

/** What a function node sends on one of its outputs (nothing: `passesInput` false and no writes). */
export interface PortOutput {
  readonly passesInput: boolean;
  readonly writes: readonly { readonly at: string; readonly refs: readonly Reference[] }[];
}

/** Longer code is not read (it keeps the conservative model). */
const MAX_CODE = 100_000;
/** Syntax nodes surveyed, and steps of the abstract run: past these the code keeps the conservative model. */
const MAX_NODES = 60_000;
const MAX_STEPS = 300_000;
/** Nesting of the syntax walked (acorn's own recursion is caught as well). */
const MAX_DEPTH = 120;
const MAX_REFS = 64;
const MAX_FIELDS = 128;
const MAX_LINKS = 64;
const MAX_OBJECTS = 1_000;
/** Rounds of a loop before its values settle. */
const MAX_ROUNDS = 8;
/** Functions of the code read after the main code. */
const MAX_FUNCTIONS = 200;
/** Outputs read one by one; a node with more keeps what all of them send together. */
const MAX_PORTS = 64;
/** Keys of an object a for…in loop runs through one by one; over more, the key is any. */
const MAX_KEYS = 16;

/** Names that hand out the message or the means to send it (the sandbox, Node-RED's wrapper), or run text as code. */
const FORBIDDEN = new Set(['eval', 'Function', 'globalThis', '__node__', '__send__', '__done__', 'require', 'process']);
/** Globals that hold no message data themselves. */
const KNOWN_GLOBALS = new Set([
  'JSON', 'Math', 'Number', 'String', 'Boolean', 'Array', 'Object', 'Date', 'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'encodeURIComponent',
  'encodeURI', 'decodeURIComponent', 'decodeURI', 'escape', 'unescape', 'Buffer', 'RegExp', 'URL', 'URLSearchParams', 'console', 'Error', 'TypeError',
  'RangeError', 'Map', 'Set', 'Promise', 'Symbol', 'util', 'undefined', 'NaN', 'Infinity', 'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout',
  'clearInterval', 'clearImmediate', 'env', 'node', 'RED',
]);
/** Global roots whose unlisted functions may change what they are given (`Object.defineProperty`, `RED.util.setObjectProperty`). */
const CHANGING_ROOTS = new Set(['Object', 'Array', 'Promise', 'RED', 'Reflect']);
/** Globals whose calls compute a plain value (a string, number or boolean) from their arguments. */
const PLAIN_CALLS = new Set([
  'String', 'Number', 'Boolean', 'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'encodeURIComponent', 'encodeURI', 'decodeURIComponent',
  'decodeURI', 'escape', 'unescape', 'Array.isArray', 'Object.keys', 'Object.is', 'Date.now', 'Date.parse', 'Date.UTC', 'Buffer.byteLength',
  'Buffer.isBuffer', 'util.format', 'util.inspect', 'String.fromCharCode', 'String.fromCodePoint', 'String.raw', 'Number.isInteger',
  'Number.isFinite', 'Number.isNaN', 'Number.isSafeInteger', 'Number.parseInt', 'Number.parseFloat', 'Symbol',
]);
/** Calls that read their arguments (even a whole message) without changing or keeping them. */
const READING_CALLS = new Set([
  'console.log', 'console.warn', 'console.error', 'console.info', 'console.debug', 'console.trace', 'setTimeout', 'setInterval', 'setImmediate',
  'clearTimeout', 'clearInterval', 'clearImmediate',
]);
/** Context stores: what they hold was put there by any node, from any message. */
const CONTEXT_READS = new Set(['flow.get', 'global.get', 'context.get', 'context.flow.get', 'context.global.get', 'flow.keys', 'global.keys', 'context.keys']);
const CONTEXT_WRITES = new Set(['flow.set', 'global.set', 'context.set', 'context.flow.set', 'context.global.set']);

/** Methods that do not change the value they are called on. */
const PURE_METHODS = new Set([
  'toString', 'toUpperCase', 'toLowerCase', 'toLocaleUpperCase', 'toLocaleLowerCase', 'trim', 'trimStart', 'trimEnd', 'split', 'slice', 'substring',
  'substr', 'replace', 'replaceAll', 'indexOf', 'lastIndexOf', 'includes', 'startsWith', 'endsWith', 'charAt', 'charCodeAt', 'codePointAt', 'concat',
  'join', 'map', 'filter', 'find', 'findIndex', 'findLast', 'findLastIndex', 'some', 'every', 'reduce', 'reduceRight', 'forEach', 'match', 'matchAll',
  'test', 'exec', 'search', 'padStart', 'padEnd', 'repeat', 'toFixed', 'toPrecision', 'toISOString', 'toJSON', 'toDateString', 'toTimeString',
  'toLocaleString', 'toLocaleDateString', 'toLocaleTimeString', 'toUTCString', 'valueOf', 'hasOwnProperty', 'at', 'flat', 'flatMap', 'keys', 'values',
  'entries', 'normalize', 'localeCompare', 'get', 'has', 'getTime', 'getFullYear', 'getMonth', 'getDate', 'getDay', 'getHours', 'getMinutes',
  'getSeconds', 'getMilliseconds', 'getTimezoneOffset', 'toSorted', 'toReversed', 'with', 'then', 'catch', 'finally',
]);
/** Pure methods whose result is a plain value, not a part of the value they are called on. */
const PLAIN_METHODS = new Set([
  'toString', 'toUpperCase', 'toLowerCase', 'toLocaleUpperCase', 'toLocaleLowerCase', 'trim', 'trimStart', 'trimEnd', 'substring', 'substr', 'replace',
  'replaceAll', 'indexOf', 'lastIndexOf', 'includes', 'startsWith', 'endsWith', 'charAt', 'charCodeAt', 'codePointAt', 'join', 'some', 'every', 'test',
  'search', 'padStart', 'padEnd', 'repeat', 'toFixed', 'toPrecision', 'toISOString', 'toJSON', 'toDateString', 'toTimeString', 'toLocaleString',
  'toLocaleDateString', 'toLocaleTimeString', 'toUTCString', 'hasOwnProperty', 'normalize', 'localeCompare', 'has', 'findIndex', 'findLastIndex',
  'getTime', 'getFullYear', 'getMonth', 'getDate', 'getDay', 'getHours', 'getMinutes', 'getSeconds', 'getMilliseconds', 'getTimezoneOffset',
]);
/** Methods that add their arguments to the value they are called on. */
const ADDING_METHODS = new Set(['push', 'unshift', 'splice', 'fill', 'set', 'add']);
/** Methods that only take from, or reorder, the value they are called on. */
const TAKING_METHODS = new Set(['pop', 'shift', 'sort', 'reverse', 'delete', 'clear']);

type FunctionNode = FunctionDeclaration | FunctionExpression | ArrowFunctionExpression;

class Unreadable extends Error {}

/** Reads a function node's code (`func`) with `outputs` outputs: what it sends on. Never throws. */
export function functionOutput(code: string, outputs = 1): FunctionOutput {
  const whole = [ref('', 0, 0, false)];
  let program: Program | undefined;
  if (code.length <= MAX_CODE) {
    try {
      program = parseScript(code);
    } catch {
      // A syntax error (Node-RED would not run it either), or nesting deeper than the stack: nothing is known.
    }
  }
  if (!program) return fallback(whole);
  let facts: Facts;
  try {
    facts = survey(program);
  } catch {
    return fallback(whole);
  }
  if (facts.unreadable) return fallback(facts.reads);
  try {
    return new Run(code, facts, outputs).output(program);
  } catch {
    return fallback(facts.reads);
  }
}

/** `out` with no reference placed in the code (`start` = `end` = 0): a rule then tries each of the code's reads. */
function unplaced(out: FunctionOutput): FunctionOutput {
  const writes = (ws: PortOutput['writes']) => ws.map((w) => ({ at: w.at, refs: w.refs.map((r) => (r.end > r.start ? { ...r, start: 0, end: 0 } : r)) }));
  return { passesInput: out.passesInput, writes: writes(out.writes), ...(out.ports ? { ports: out.ports.map((p) => ({ passesInput: p.passesInput, writes: writes(p.writes) })) } : {}) };
}

/** The conservative model: the input passes on, and any field may also hold what the code reads. */
function fallback(reads: readonly Reference[]): FunctionOutput {
  return { passesInput: true, writes: reads.length ? [{ at: '', refs: derived(reads) }] : [] };
}

function ref(field: string, start: number, end: number, whole: boolean): Reference {
  return { kind: 'input', field, start, end, masked: false, whole };
}

function derived(refs: readonly Reference[]): Reference[] {
  return refs.map((r) => (r.whole ? changed(r, { whole: false }) : r));
}

/** A message's field as it came, not read anywhere yet: the place of a read of it is the reference's. */
const UNREAD = new WeakSet<Reference>();

function unread(path: string): Reference {
  const r = ref(path, 0, 0, true);
  UNREAD.add(r);
  return r;
}

/** `r` with `changes`, still unread if it was, and read at the places it was (when it has no one place). */
function changed(r: Reference, changes: Partial<Reference>): Reference {
  const out = { ...r, ...changes };
  if (UNREAD.has(r)) UNREAD.add(out);
  const at = READ_AT.get(r);
  if (at && out.start === r.start && out.end === r.end) READ_AT.set(out, at);
  return out;
}

/** Where the code read a reference that has no one place (`start` = `end` = 0), at most {@link MAX_READS}. */
const READ_AT = new WeakMap<Reference, readonly Span[]>();
const MAX_READS = 16;

interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * The places where the code read the value of a reference that has none (read at several places): the paths of names
 * that read it (`msg.payload.email`, `p.email`), each once. Empty for a reference with a place, or when not known.
 */
export function readPlaces(r: Reference): readonly Span[] {
  return READ_AT.get(r) ?? [];
}

/** The places of `x` and `r`, read at several places: a reference with no place, which keeps them (false: it is `x`). */
function readAtBoth(x: Reference, r: Reference): Reference | false {
  const spans = [...(READ_AT.get(x) ?? (x.end > x.start ? [{ start: x.start, end: x.end }] : []))];
  let grew = x.end > x.start;
  for (const p of READ_AT.get(r) ?? (r.end > r.start ? [{ start: r.start, end: r.end }] : [])) {
    if (spans.length >= MAX_READS || spans.some((q) => q.start === p.start && q.end === p.end)) continue;
    spans.push(p);
    grew = true;
  }
  if (!grew) return false;
  const out = { ...x, start: 0, end: 0 };
  READ_AT.set(out, spans);
  return out;
}

/**
 * Adds `more` to `into`, once per field, wholeness and masking; false when the cap was hit (the value may hold more).
 * A reference keeps its place in the code (where the code read it) while every copy of it comes from there; read at
 * several places, it has none (`start` = `end` = 0), and keeps them ({@link readPlaces}) for a rule to try each.
 */
function union(into: Reference[], more: readonly Reference[]): boolean {
  for (const r of more) {
    const i = into.findIndex((x) => x.field === r.field && x.whole === r.whole && x.masked === r.masked);
    if (i !== -1) {
      const x = into[i];
      if (UNREAD.has(r) || (x.start === r.start && x.end === r.end && (x.end > x.start || !READ_AT.has(r)))) continue;
      if (UNREAD.has(x)) into[i] = r;
      else into[i] = readAtBoth(x, r) || x;
      continue;
    }
    if (into.length >= MAX_REFS) return false;
    into.push(r);
  }
  return true;
}

/**
 * A value read by the member expression `e`: what it holds whole is read there when `e` is a path of names
 * (`msg.payload.email`, `p.email`, `msg.items[i]`); a part of a call's result (`x.split("@")[1]`) keeps its places.
 */
function readAt(v: Val, e: MemberExpression): Val {
  let o: AnyNode = e.object;
  while (o.type === 'MemberExpression') o = o.object;
  if (o.type !== 'Identifier' || !v.refs.some((r) => r.whole && (r.start !== e.start || r.end !== e.end))) return v;
  return { ...v, refs: v.refs.map((r) => (r.whole ? { ...r, start: e.start, end: e.end } : r)) };
}

function isFunction(node: AnyNode): node is FunctionNode {
  return node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression';
}

/** True when `test` holds for the node or one below it (not inside nested functions). */
function contains(node: AnyNode, test: (n: AnyNode) => boolean, depth = 0): boolean {
  if (depth > MAX_DEPTH) throw new Unreadable();
  if (test(node)) return true;
  return syntaxChildren(node).some((c) => !isFunction(c) && contains(c, test, depth + 1));
}

/** A `return`, `break` or `continue` (it leaves the block through a `finally`). */
function jumps(node: AnyNode): boolean {
  return contains(node, (n) => n.type === 'ReturnStatement' || n.type === 'BreakStatement' || n.type === 'ContinueStatement');
}


/** The name a member expression reads (`a.b`, `a['b']`, `` a[`b`] ``), or undefined for a computed key or an index. */
function staticKey(m: MemberExpression): string | undefined {
  const p = m.property;
  let key: string | undefined;
  if (!m.computed && p.type === 'Identifier') key = p.name;
  else if (p.type === 'Literal' && typeof p.value === 'string') key = p.value;
  else if (p.type === 'TemplateLiteral' && p.expressions.length === 0) key = p.quasis[0]?.value.cooked ?? undefined;
  return key && !key.includes('.') ? key : undefined;
}

/** The key a computed key's value names when it is one string constant (`m[k]` after `const k = "payload"`). */
function constantKey(v: Val): string | undefined {
  return v.str && !v.str.includes('.') && !v.any && !v.places && !v.refs.length ? v.str : undefined;
}

/** The key of an object literal's or pattern's property, or undefined when it is computed. */
function propertyKey(key: Expression | { type: 'PrivateIdentifier' }, computed: boolean): string | undefined {
  let name: string | undefined;
  if (key.type === 'Identifier' && !computed) name = key.name;
  else if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number')) name = String(key.value);
  return name && !name.includes('.') ? name : undefined;
}

/** The static dotted name of a member chain rooted at an identifier (`RED.util.cloneMessage`), if it has one. */
function dotted(node: AnyNode): { root: Identifier; path: string[] } | undefined {
  const path: string[] = [];
  let n: AnyNode = node;
  for (;;) {
    if (n.type === 'ChainExpression') n = n.expression;
    else if (n.type === 'MemberExpression') {
      const key = staticKey(n);
      if (key === undefined) return undefined;
      path.unshift(key);
      n = n.object;
    } else break;
  }
  return n.type === 'Identifier' ? { root: n, path } : undefined;
}

/** Names a pattern declares. */
function patternNames(p: Pattern | null, out: Identifier[] = []): Identifier[] {
  if (!p) return out;
  if (p.type === 'Identifier') out.push(p);
  else if (p.type === 'ObjectPattern') for (const prop of p.properties) patternNames(prop.type === 'RestElement' ? prop.argument : prop.value, out);
  else if (p.type === 'ArrayPattern') for (const e of p.elements) patternNames(e, out);
  else if (p.type === 'RestElement') patternNames(p.argument, out);
  else if (p.type === 'AssignmentPattern') patternNames(p.left, out);
  return out;
}

/** `var` names hoisted to a function's scope (not into nested functions). */
function hoisted(body: readonly AnyNode[], names: Identifier[], depth = 0): void {
  if (depth > MAX_DEPTH) throw new Unreadable();
  for (const s of body) {
    if (s.type === 'VariableDeclaration') {
      if (s.kind === 'var') for (const d of s.declarations) patternNames(d.id, names);
    } else if (!isFunction(s) && s.type !== 'ExpressionStatement' && s.type !== 'ReturnStatement' && s.type !== 'ThrowStatement') {
      hoisted(syntaxChildren(s).filter((c) => c.type.endsWith('Statement') || c.type === 'VariableDeclaration' || c.type === 'SwitchCase' || c.type === 'CatchClause'), names, depth + 1);
    }
  }
}

/** `let`, `const`, `class` and function declarations directly in a block. */
function lexical(body: readonly AnyNode[], names: Identifier[], functions: FunctionNode[]): void {
  for (const s of body) {
    if (s.type === 'VariableDeclaration' && s.kind !== 'var') for (const d of s.declarations) patternNames(d.id, names);
    else if (s.type === 'ClassDeclaration' && s.id) names.push(s.id);
    else if (s.type === 'FunctionDeclaration' && s.id) {
      names.push(s.id);
      functions.push(s);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Survey: each name resolved to its binding, what nested functions change, and every `msg` field the code reads.

interface FunctionFacts {
  /** It may change or keep an object it is given (a write through a member, a call of code it does not know, …). */
  mutates: boolean;
  /** It reads something besides its arguments and `msg` (a variable around it, a module, a context value). */
  other: boolean;
  /** The `msg` fields it reads. */
  readonly reads: Reference[];
}

interface Facts {
  /** Each identifier (a reference or a declared name) → its binding `<scope node>@<offset>:<name>`, or `global:<name>`. */
  readonly binding: Map<Identifier, string>;
  /** The bindings each scope node declares (function, block, loop head, catch clause, switch) and its hoisted functions. */
  readonly scopes: Map<AnyNode, { readonly names: readonly string[]; readonly functions: readonly FunctionNode[] }>;
  /** Bindings that nested functions assign or change: their value is unknown anywhere. */
  readonly volatile: ReadonlySet<string>;
  readonly functions: ReadonlyMap<AnyNode, FunctionFacts>;
  /** Every `msg` field the code reads (the message itself where it is returned or sent is no read). */
  readonly reads: readonly Reference[];
  readonly unreadable: boolean;
  readonly msgBinding: string;
}

interface SurveyScope {
  readonly node: AnyNode;
  readonly parent: SurveyScope | undefined;
  /** The function (or program) the scope belongs to. */
  readonly owner: AnyNode;
  readonly names: Map<string, string>;
}

function bindingKey(scope: AnyNode, name: string): string {
  return `${scope.type}@${scope.start}:${name}`;
}

function survey(program: Program): Facts {
  const binding = new Map<Identifier, string>();
  const scopes = new Map<AnyNode, { names: string[]; functions: FunctionNode[] }>();
  const volatile = new Set<string>();
  const functions = new Map<AnyNode, FunctionFacts>();
  const reads: Reference[] = [];
  const msgBinding = bindingKey(program, 'msg');
  let unreadable = false;
  let readsComplete = true;
  let nodes = 0;

  const declare = (node: AnyNode, parent: SurveyScope | undefined, owner: AnyNode, ids: readonly Identifier[], fns: FunctionNode[] = [], extra: readonly string[] = []): SurveyScope => {
    const scope: SurveyScope = { node, parent, owner, names: new Map() };
    for (const name of extra) scope.names.set(name, bindingKey(node, name));
    for (const id of ids) {
      scope.names.set(id.name, bindingKey(node, id.name));
      binding.set(id, bindingKey(node, id.name));
    }
    scopes.set(node, { names: [...scope.names.values()], functions: fns });
    return scope;
  };
  const resolve = (name: string, scope: SurveyScope): { key: string; owner: AnyNode | undefined } => {
    for (let s: SurveyScope | undefined = scope; s; s = s.parent) {
      const key = s.names.get(name);
      if (key !== undefined) return { key, owner: s.owner };
    }
    return { key: `global:${name}`, owner: undefined };
  };
  /** The nested functions from `scope` out to (not including) `owner`; all of them for a global. */
  const between = (scope: SurveyScope, owner: AnyNode | undefined): FunctionFacts[] => {
    const out: FunctionFacts[] = [];
    for (let s: SurveyScope | undefined = scope; s && s.owner !== owner; s = s.parent) {
      const f = functions.get(s.owner);
      if (f && out[out.length - 1] !== f) out.push(f);
    }
    return out;
  };
  /** `this` and `arguments` of the main code (also inside its arrows) are the sandbox and the wrapper's: the message. */
  const mainThis = (scope: SurveyScope): boolean => {
    for (let s: SurveyScope | undefined = scope; s; s = s.parent) {
      if (s.owner.type === 'Program') return true;
      if (s.owner.type !== 'ArrowFunctionExpression') return false;
    }
    return true;
  };
  const addRead = (field: string, node: AnyNode, scope: SurveyScope) => {
    const r = ref(field, node.start, node.end, false);
    if (!union(reads, [r])) readsComplete = false;
    for (const f of between(scope, program)) union(f.reads, [r]);
  };
  /** The binding of `id` is assigned or changed here: from a nested function, it is volatile. */
  const changed = (id: Identifier, scope: SurveyScope) => {
    const { key, owner } = resolve(id.name, scope);
    binding.set(id, key);
    if (owner === scope.owner) return;
    for (const f of between(scope, owner)) f.mutates = true;
    if (functions.has(scope.owner)) volatile.add(key);
  };
  /** Something reached from `node` may change: its root variable, when the code is in a nested function. */
  const changedThrough = (node: AnyNode, scope: SurveyScope) => {
    const f = functions.get(scope.owner);
    if (!f) return;
    f.mutates = true;
    let n: AnyNode = node;
    for (;;) {
      if (n.type === 'MemberExpression') n = n.object;
      else if (n.type === 'ChainExpression') n = n.expression;
      else if (n.type === 'CallExpression' && n.callee.type === 'MemberExpression') n = n.callee.object;
      else break;
    }
    if (n.type === 'Identifier') changed(n, scope);
  };

  const visit = (node: AnyNode | null | undefined, scope: SurveyScope, depth: number): void => {
    if (!node) return;
    if (++nodes > MAX_NODES || depth > MAX_DEPTH) throw new Unreadable();
    const d = depth + 1;
    switch (node.type) {
      case 'Identifier': {
        const { key, owner } = resolve(node.name, scope);
        binding.set(node, key);
        if (owner === undefined) {
          if (FORBIDDEN.has(node.name) || (node.name === 'arguments' && mainThis(scope))) unreadable = true;
          // The node object handed on: its `send` could be called where the reader does not see it.
          if (node.name === 'node') unreadable = true;
          if (!KNOWN_GLOBALS.has(node.name)) for (const f of between(scope, undefined)) f.other = true;
        } else if (key !== msgBinding) for (const f of between(scope, owner)) f.other = true;
        if (node.name === 'msg') addRead('', node, scope);
        return;
      }
      case 'ThisExpression':
        // Node-RED runs the code in a sandbox that holds the message (`this.msg`, also in a function called plainly).
        unreadable = true;
        return;
      case 'MemberExpression':
        member(node, scope, d, false);
        return;
      case 'CallExpression':
      case 'NewExpression':
        call(node, scope, d);
        return;
      case 'AssignmentExpression':
        pattern(node.left, scope, d, false, node.operator !== '=');
        visit(node.right, scope, d);
        return;
      case 'UpdateExpression':
        pattern(node.argument as Pattern, scope, d, false, true);
        return;
      case 'UnaryExpression':
        if (node.operator === 'delete' && node.argument.type === 'MemberExpression') {
          changedThrough(node.argument, scope);
          member(node.argument, scope, d, false);
        } else visit(node.argument, scope, d);
        return;
      case 'VariableDeclaration':
        for (const decl of node.declarations) {
          pattern(decl.id, scope, d, true, false);
          visit(decl.init, scope, d);
        }
        return;
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        fn(node as FunctionNode, scope, d);
        return;
      case 'ClassDeclaration':
      case 'ClassExpression':
      case 'WithStatement':
      case 'ImportExpression':
      case 'MetaProperty':
      case 'Super':
        unreadable = true;
        return;
      case 'Property':
        // A getter or setter runs code when the field is read or written; `__proto__` makes another object its fallback.
        if (node.kind !== 'init' || (!node.computed && propertyKey(node.key, false) === '__proto__')) unreadable = true;
        if (node.computed) visit(node.key, scope, d);
        visit(node.value, scope, d);
        return;
      case 'BlockStatement':
      case 'StaticBlock': {
        const ids: Identifier[] = [];
        const fns: FunctionNode[] = [];
        lexical(node.body, ids, fns);
        const inner = declare(node, scope, scope.owner, ids, fns);
        for (const s of node.body) visit(s, inner, d);
        return;
      }
      case 'SwitchStatement': {
        visit(node.discriminant, scope, d);
        const ids: Identifier[] = [];
        const fns: FunctionNode[] = [];
        for (const c of node.cases) lexical(c.consequent, ids, fns);
        const inner = declare(node, scope, scope.owner, ids, fns);
        for (const c of node.cases) {
          visit(c.test, inner, d);
          for (const s of c.consequent) visit(s, inner, d);
        }
        return;
      }
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement': {
        const head = node.type === 'ForStatement' ? node.init : node.left;
        const ids: Identifier[] = [];
        if (head && head.type === 'VariableDeclaration' && head.kind !== 'var') for (const decl of head.declarations) patternNames(decl.id, ids);
        const inner = declare(node, scope, scope.owner, ids);
        if (node.type === 'ForStatement') {
          visit(node.init, inner, d);
          visit(node.test, inner, d);
          visit(node.update, inner, d);
        } else {
          if (node.left.type === 'VariableDeclaration') visit(node.left, inner, d);
          else pattern(node.left, inner, d, false, false);
          visit(node.right, inner, d);
        }
        visit(node.body, inner, d);
        return;
      }
      case 'CatchClause': {
        const inner = declare(node, scope, scope.owner, patternNames(node.param ?? null));
        if (node.param) pattern(node.param, inner, d, true, false);
        visit(node.body, inner, d);
        return;
      }
      case 'ReturnStatement':
        if (scope.owner === program) shape(node.argument, scope, d);
        else visit(node.argument, scope, d);
        return;
      case 'LabeledStatement':
        visit(node.body, scope, d);
        return;
      case 'BreakStatement':
      case 'ContinueStatement':
      case 'Literal':
      case 'TemplateElement':
        return;
      default:
        for (const c of syntaxChildren(node)) visit(c, scope, d);
    }
  };

  /** A member chain: `msg.a.b` reads `a.b` (without the method name when it is called); computed keys are visited. */
  const member = (node: AnyNode, scope: SurveyScope, d: number, called: boolean) => {
    const keys: (string | undefined)[] = [];
    /** The member expression that reads each key (the path from `msg` to it). */
    const paths: AnyNode[] = [];
    let n: AnyNode = node;
    for (;;) {
      if (n.type === 'ChainExpression') n = n.expression;
      else if (n.type === 'MemberExpression') {
        const key = staticKey(n);
        paths.unshift(n);
        // `__proto__` makes another object a fallback; `constructor` reaches `Function`, which runs text in the sandbox;
        // a prototype (`Object.prototype.topic = …`, `getPrototypeOf({})`) gives every new object its fields.
        if (key === '__proto__' || key === 'constructor' || key === 'prototype' || key === 'getPrototypeOf' || key === 'setPrototypeOf') unreadable = true;
        keys.unshift(key);
        if (n.computed) visit(n.property, scope, d);
        n = n.object;
      } else break;
    }
    if (called) keys.pop();
    if (n.type === 'Identifier' && n.name === 'msg') {
      binding.set(n, resolve('msg', scope).key);
      const cut = keys.indexOf(undefined);
      const read = cut === -1 ? keys : keys.slice(0, cut);
      // Placed at the path that reads the field: `msg.payload.email` of `msg.payload.email.trim()` or `msg.payload[k]`.
      addRead(read.join('.'), read.length ? paths[read.length - 1] : n, scope);
      return;
    }
    if (n.type === 'Identifier' && n.name === 'node' && resolve('node', scope).owner === undefined) {
      binding.set(n, 'global:node');
      // `node.send` taken as a value or called otherwise (`node.send.call(…)`): a send the reader could not see.
      if ((keys[0] === 'send' || keys[0] === 'done') && (!called || keys.length > 0)) unreadable = true;
      return;
    }
    visit(n, scope, d);
  };

  const call = (node: CallExpression | NewExpression, scope: SurveyScope, d: number) => {
    const callee = node.callee;
    const chain = dotted(callee);
    const global = chain && resolve(chain.root.name, scope).owner === undefined ? [chain.root.name, ...chain.path].join('.') : undefined;
    if (global === 'node.send') {
      binding.set(chain!.root, 'global:node');
      node.arguments.forEach((a, i) => (i === 0 ? shape(a, scope, d) : visit(a, scope, d)));
      return;
    }
    const reading = global !== undefined && (READING_CALLS.has(global) || PLAIN_CALLS.has(global) || chain!.root.name === 'Math' || global.startsWith('node.') || global === 'JSON.stringify' || global === 'env.get' || CONTEXT_READS.has(global) || global === 'RED.util.getMessageProperty' || global === 'RED.util.cloneMessage' || isMaskingExpression(`${global}(`));
    if (callee.type === 'MemberExpression' || callee.type === 'ChainExpression') {
      const method = callee.type === 'MemberExpression' ? staticKey(callee) : undefined;
      if (!reading && (method === undefined || !PURE_METHODS.has(method))) {
        changedThrough(callee, scope);
        for (const a of node.arguments) changedThrough(a, scope);
      }
      member(callee, scope, d, true);
    } else {
      if (!reading) {
        const f = functions.get(scope.owner);
        if (f) f.mutates = true;
        for (const a of node.arguments) changedThrough(a, scope);
      }
      visit(callee, scope, d);
    }
    for (const a of node.arguments) visit(a, scope, d);
  };

  /** A pattern: names declared (`declaring`), or targets assigned (`reads`: the old value is read too, `+=`, `++`). */
  const pattern = (p: Pattern | null, scope: SurveyScope, d: number, declaring: boolean, reads: boolean): void => {
    if (!p) return;
    if (++nodes > MAX_NODES || d > MAX_DEPTH) throw new Unreadable();
    switch (p.type) {
      case 'Identifier':
        if (declaring) {
          binding.set(p, resolve(p.name, scope).key);
          return;
        }
        changed(p, scope);
        if (resolve(p.name, scope).owner === undefined && (p.name === 'node' || FORBIDDEN.has(p.name))) unreadable = true;
        if (reads && p.name === 'msg') addRead('', p, scope);
        return;
      case 'MemberExpression':
        changedThrough(p, scope);
        if (reads) member(p, scope, d, false);
        else {
          // The object written into (and a computed key): the field itself is not read.
          if (p.computed) visit(p.property, scope, d);
          if (staticKey(p) === '__proto__') unreadable = true;
          const obj = p.object;
          if (obj.type === 'Identifier') {
            const { key, owner } = resolve(obj.name, scope);
            binding.set(obj, key);
            if (owner === undefined && (obj.name === 'node' || FORBIDDEN.has(obj.name))) unreadable = true;
          } else visit(obj, scope, d);
        }
        return;
      case 'ObjectPattern':
        for (const prop of p.properties) {
          if (prop.type === 'RestElement') pattern(prop.argument, scope, d + 1, declaring, false);
          else {
            if (prop.computed) visit(prop.key, scope, d + 1);
            pattern(prop.value, scope, d + 1, declaring, false);
          }
        }
        return;
      case 'ArrayPattern':
        for (const e of p.elements) pattern(e, scope, d + 1, declaring, false);
        return;
      case 'RestElement':
        pattern(p.argument, scope, d + 1, declaring, false);
        return;
      case 'AssignmentPattern':
        pattern(p.left, scope, d + 1, declaring, false);
        visit(p.right, scope, d + 1);
        return;
    }
  };

  /** What is returned or sent: the message itself there is no read of it. */
  const shape = (e: Expression | SpreadElement | null | undefined, scope: SurveyScope, d: number): void => {
    if (!e) return;
    if (++nodes > MAX_NODES || d > MAX_DEPTH) throw new Unreadable();
    if (e.type === 'Identifier' && e.name === 'msg') binding.set(e, resolve('msg', scope).key);
    else if (e.type === 'ArrayExpression') for (const x of e.elements) shape(x, scope, d + 1);
    else if (e.type === 'ConditionalExpression') {
      visit(e.test, scope, d + 1);
      shape(e.consequent, scope, d + 1);
      shape(e.alternate, scope, d + 1);
    } else if (e.type === 'LogicalExpression') {
      shape(e.left, scope, d + 1);
      shape(e.right, scope, d + 1);
    } else if (e.type === 'AwaitExpression') shape(e.argument, scope, d + 1);
    else visit(e, scope, d + 1);
  };

  const fn = (node: FunctionNode, scope: SurveyScope, d: number) => {
    functions.set(node, { mutates: false, other: false, reads: [] });
    const ids: Identifier[] = [];
    for (const p of node.params) patternNames(p, ids);
    const fns: FunctionNode[] = [];
    if (node.body.type === 'BlockStatement') {
      hoisted(node.body.body, ids);
      lexical(node.body.body, ids, fns);
    }
    if (node.type === 'FunctionExpression' && node.id && !ids.some((i) => i.name === node.id!.name)) ids.push(node.id);
    const inner = declare(node, scope, node, ids, fns);
    for (const p of node.params) pattern(p, inner, d, true, false);
    if (node.body.type === 'BlockStatement') for (const s of node.body.body) visit(s, inner, d);
    else visit(node.body, inner, d);
  };

  // The main code is the body of Node-RED's `async function (msg, …)`: `msg` is its parameter.
  const ids: Identifier[] = [];
  const fns: FunctionNode[] = [];
  try {
    hoisted(program.body, ids);
    lexical(program.body, ids, fns);
    // `let msg`, `const msg`, `function msg` beside the parameter: Node-RED would not run it; `var msg` is the parameter.
    if (program.body.some((s) => ((s.type === 'VariableDeclaration' && s.kind !== 'var') || s.type === 'FunctionDeclaration' || s.type === 'ClassDeclaration') && lexicalNames(s).includes('msg'))) unreadable = true;
    const top = declare(program, undefined, program, ids.filter((i) => i.name !== 'msg'), fns, ['msg']);
    for (const i of ids) if (i.name === 'msg') binding.set(i, msgBinding);
    for (const s of program.body) visit(s, top, 0);
  } catch (e) {
    if (!(e instanceof Unreadable)) throw e;
    return { binding, scopes, volatile, functions, reads: [ref('', 0, 0, false)], unreadable: true, msgBinding };
  }
  if (volatile.has(msgBinding)) unreadable = true;
  return { binding, scopes, volatile, functions, reads: readsComplete ? reads : [ref('', 0, 0, false)], unreadable, msgBinding };
}

function lexicalNames(s: AnyNode): string[] {
  if (s.type === 'VariableDeclaration') return s.declarations.flatMap((d) => patternNames(d.id)).map((i) => i.name);
  return (s.type === 'FunctionDeclaration' || s.type === 'ClassDeclaration') && s.id ? [s.id.name] : [];
}

// ---------------------------------------------------------------------------------------------------------------------
// The abstract run.

/** A place in an abstract object: its field `path`, or somewhere below it (`below`: a computed key or an index). */
interface Place {
  readonly obj: number;
  readonly path: string;
  readonly below?: boolean;
}

/** An abstract value: the input fields it holds, and what it may be. */
interface Val {
  readonly refs: readonly Reference[];
  /** It may hold anything (a context value, what code the reader does not know returns). */
  readonly any?: boolean;
  /** The objects (and places in them) it may be: writes through it land there. */
  readonly places?: readonly Place[];
  /** The functions of the code it may be. */
  readonly fns?: readonly FunctionNode[];
  /** It may be an object the reader cannot see into (a call's result): never a message it can follow. */
  readonly opaque?: boolean;
  /** Text made of a value (`JSON.stringify(x)`): its places give the text's layout; it is not that object. */
  readonly text?: boolean;
  /** The one string constant it is (`const k = "payload"`): a key the reader knows when the code writes `m[k]`. */
  readonly str?: string;
}

const NONE: Val = { refs: [] };
const ANY: Val = { refs: [], any: true, opaque: true };

/** What is written at a field of an object. */
interface Field {
  readonly refs: readonly Reference[];
  readonly any: boolean;
}

/** An abstract object: the input message (and its copies), or one the code builds. */
interface Obj {
  /** `input`: fields not written hold the input message's values; `new`: they are undefined. */
  readonly base: 'input' | 'new';
  /** One abstract object for many (built in a loop): writes only add. */
  readonly summary: boolean;
  readonly array: boolean;
  readonly fields: Map<string, Field>;
  /** Places handed to code the reader does not follow: it may change them at any time, so writes below only add. */
  readonly escaped: Set<string>;
}

/** Two places that are one object (`msg.a = msg.b`, `msg.x = o`): a write below one is a write below the other. */
interface Link {
  readonly a: Place;
  readonly b: Place;
}

function copyObj(o: Obj, summary = o.summary): Obj {
  return { base: o.base, summary, array: o.array, fields: new Map(o.fields), escaped: new Set(o.escaped) };
}

function samePlace(a: Place, b: Place): boolean {
  return a.obj === b.obj && a.path === b.path;
}

function parentPath(p: string): string | undefined {
  if (p === '') return undefined;
  const dot = p.lastIndexOf('.');
  return dot === -1 ? '' : p.slice(0, dot);
}

/** A field's value seen `rest` below where it was written: a copy maps to the copied field's parts. */
function mapField(f: Field, rest: string): Field {
  return rest ? { refs: f.refs.map((r) => (r.whole ? changed(r, { field: joinField(r.field, rest) }) : r)), any: f.any } : f;
}

/** The value of `path` in `o`: what is written at it or above it; else the input's value (or nothing, in a new object). */
function valueAt(o: Obj, path: string): Field {
  for (let p: string | undefined = path; p !== undefined; p = parentPath(p)) {
    const f = o.fields.get(p);
    if (f) return mapField(f, p === path ? '' : p === '' ? path : path.slice(p.length + 1));
  }
  return o.base === 'input' ? { refs: [unread(path)], any: false } : { refs: [], any: false };
}

function joinFields(a: Field, b: Field): Field {
  if (a === b) return a;
  const refs = [...a.refs];
  const complete = union(refs, b.refs);
  return { refs, any: a.any || b.any || !complete };
}

function joinVals(a: Val, b: Val): Val {
  if (a === b) return a;
  const refs = [...a.refs];
  const complete = union(refs, b.refs);
  const places = [...(a.places ?? [])];
  for (const p of b.places ?? []) if (!places.some((x) => samePlace(x, p) && x.below === p.below)) places.push(p);
  const fns = [...(a.fns ?? [])];
  for (const f of b.fns ?? []) if (!fns.includes(f)) fns.push(f);
  return {
    refs,
    ...(a.any || b.any || !complete ? { any: true } : {}),
    ...(places.length ? { places } : {}),
    ...(fns.length ? { fns } : {}),
    ...(a.opaque || b.opaque ? { opaque: true } : {}),
    ...(a.text && b.text ? { text: true } : {}),
    ...(a.str !== undefined && a.str === b.str ? { str: a.str } : {}),
  };
}

/** Joins `b` into `a` (the object as either way left it). */
function joinObjInto(a: Obj, b: Obj): void {
  const fields = new Map<string, Field>();
  for (const p of new Set([...a.fields.keys(), ...b.fields.keys()])) fields.set(p, joinFields(valueAt(a, p), valueAt(b, p)));
  a.fields.clear();
  for (const [p, f] of fields) a.fields.set(p, f);
  for (const e of b.escaped) a.escaped.add(e);
  if (a.fields.size > MAX_FIELDS) throw new Unreadable();
}

class State {
  vars = new Map<string, Val>();
  objs = new Map<number, Obj>();
  links: Link[] = [];
  dead = false;

  static dead(): State {
    const s = new State();
    s.dead = true;
    return s;
  }

  copy(): State {
    const s = new State();
    s.vars = new Map(this.vars);
    for (const [id, o] of this.objs) s.objs.set(id, copyObj(o));
    s.links = [...this.links];
    s.dead = this.dead;
    return s;
  }

  /** Makes this state `other`. */
  become(other: State): void {
    this.vars = other.vars;
    this.objs = other.objs;
    this.links = other.links;
    this.dead = other.dead;
  }

  /**
   * Grows with every value joined in (the loop rounds stop when it no longer does); with `places`, also as the
   * references' places settle.
   */
  size(places = true): number {
    const placing = places ? settled : () => 0;
    let n = this.vars.size + this.links.length + this.objs.size + (this.dead ? 0 : 1);
    for (const v of this.vars.values()) n += v.refs.length + placing(v.refs) + (v.any ? 1 : 0) + (v.places?.length ?? 0) + (v.fns?.length ?? 0) + (v.opaque ? 1 : 0) + (v.text ? 0 : 1) + (v.str === undefined ? 1 : 0);
    for (const o of this.objs.values()) {
      n += o.escaped.size + (o.summary ? 1 : 0);
      // A reference read at a place, then at another, changes too.
      for (const f of o.fields.values()) n += 1 + f.refs.length + (f.any ? 1 : 0) + placing(f.refs);
    }
    return n;
  }
}

/**
 * How far the references' places have settled: not read yet (0), read at one place (1), at several (2, and one for each
 * place known).
 */
function settled(refs: readonly Reference[]): number {
  let n = 0;
  for (const r of refs) n += UNREAD.has(r) ? 0 : r.end > r.start ? 1 : 2 + (READ_AT.get(r)?.length ?? 0);
  return n;
}

/** The states either way could have left (a dead one adds nothing). */
function joinStates(a: State, b: State): State {
  if (b.dead) return a;
  if (a.dead) return b.copy();
  const s = new State();
  s.vars = new Map(a.vars);
  for (const [k, v] of b.vars) s.vars.set(k, s.vars.has(k) ? joinVals(s.vars.get(k)!, v) : v);
  for (const [id, o] of a.objs) s.objs.set(id, copyObj(o));
  for (const [id, o] of b.objs) {
    const into = s.objs.get(id);
    if (into) joinObjInto(into, o);
    else s.objs.set(id, copyObj(o));
  }
  s.links = [...a.links];
  for (const l of b.links) if (!s.links.some((x) => samePlace(x.a, l.a) && samePlace(x.b, l.b))) s.links.push(l);
  return s;
}

/** Where `break` and `continue` go: a loop, a switch, a labelled statement. */
interface Frame {
  readonly kind: 'loop' | 'switch' | 'label';
  readonly labels: readonly string[];
  breaks: State[];
  continues: State[];
}

const INPUT = 0;

class Run {
  readonly #code: string;
  readonly #facts: Facts;
  #steps = 0;
  #depth = 0;
  #loops = 0;
  readonly #frames: Frame[] = [];
  /** States that gather every write as it happens: what a callback may see, what a `catch` starts from. */
  readonly #shadows: State[] = [];
  /**
   * Messages sent, by site, output and object: the object as it was sent (and, for `node.send`, as later writes change
   * it), and the output it goes on.
   */
  readonly #exits = new Map<string, { readonly obj: Obj; readonly port: number }>();
  /** The node's outputs. */
  readonly #outputs: number;
  readonly #live = new Map<number, Obj[]>();
  /** Functions of the code, read after the main code from every value it gave its variables. */
  readonly #pending: FunctionNode[] = [];
  readonly #sites = new Map<string, number>();
  #run = 0;
  /** While a nested function is read: the objects of the main code (writing one is not followed). */
  #outer: ReadonlySet<number> | undefined;
  /** A loop ended before the places of its values settled: what the code sends keeps no place. */
  #unplaced = false;

  constructor(code: string, facts: Facts, outputs: number) {
    this.#code = code;
    this.#facts = facts;
    this.#outputs = outputs;
  }

  output(program: Program): FunctionOutput {
    const s = new State();
    s.objs.set(INPUT, { base: 'input', summary: false, array: false, fields: new Map(), escaped: new Set() });
    s.vars.set(this.#facts.msgBinding, { refs: [], places: [{ obj: INPUT, path: '' }] });
    this.#sites.set('input', INPUT);
    const ever = s.copy();
    this.#shadows.push(ever);
    this.#enter(program, s);
    this.#execAll(program.body as Statement[], s);
    this.#shadows.pop();
    const done = new Set<FunctionNode>();
    while (this.#pending.length) {
      const f = this.#pending.shift()!;
      if (done.has(f)) continue;
      if (done.size >= MAX_FUNCTIONS) throw new Unreadable();
      done.add(f);
      this.#nested(f, ever);
    }
    const sent = this.#sent();
    return this.#unplaced ? unplaced(sent) : sent;
  }

  #spend(n = 1): void {
    this.#steps += n;
    if (this.#steps > MAX_STEPS) throw new Unreadable();
  }

  #copy(s: State): State {
    this.#spend(s.objs.size + s.vars.size);
    return s.copy();
  }

  #join(a: State, b: State): State {
    this.#spend(a.objs.size + a.vars.size + b.objs.size + b.vars.size);
    return joinStates(a, b);
  }

  // -- Variables -----------------------------------------------------------------------------------------------------

  /** Enters a scope node: its bindings start undefined, its function declarations are hoisted. */
  #enter(node: AnyNode, s: State): void {
    const scope = this.#facts.scopes.get(node);
    if (!scope) return;
    for (const key of scope.names) if (key !== this.#facts.msgBinding) this.#setVar(s, key, NONE);
    for (const f of scope.functions) {
      this.#pending.push(f);
      if (f.id) this.#setVar(s, this.#key(f.id), { refs: [], fns: [f] });
    }
  }

  #key(id: Identifier): string {
    return this.#facts.binding.get(id) ?? `global:${id.name}`;
  }

  #setVar(s: State, key: string, v: Val): void {
    if (this.#facts.volatile.has(key)) {
      // Nested functions change this variable: its value is unknown, and what it is given may change through it.
      if (v.places) this.#escape(s, v.places);
      return;
    }
    s.vars.set(key, v);
    for (const sh of this.#shadows) sh.vars.set(key, sh.vars.has(key) ? joinVals(sh.vars.get(key)!, v) : v);
  }

  #getVar(s: State, id: Identifier): Val {
    const key = this.#key(id);
    if (this.#facts.volatile.has(key)) return ANY;
    if (key.startsWith('global:')) return id.name === 'undefined' || KNOWN_GLOBALS.has(id.name) ? NONE : ANY;
    return s.vars.get(key) ?? NONE;
  }

  // -- Objects -------------------------------------------------------------------------------------------------------

  #alloc(s: State, site: AnyNode, base: Obj['base'], array: boolean): number {
    const key = `${this.#run}:${site.type}@${site.start}-${site.end}`;
    let id = this.#sites.get(key);
    if (id === undefined) {
      if (this.#sites.size >= MAX_OBJECTS) throw new Unreadable();
      this.#sites.set(key, (id = this.#sites.size));
    }
    const existing = s.objs.get(id);
    if (existing && (existing.summary || this.#loops > 0)) {
      // Another object built at the same place (in a loop): one abstract object stands for all of them.
      if (!existing.summary) s.objs.set(id, copyObj(existing, true));
      return id;
    }
    s.objs.set(id, { base, summary: this.#loops > 0, array, fields: new Map(), escaped: new Set() });
    for (const sh of this.#shadows) if (!sh.objs.has(id)) sh.objs.set(id, { base, summary: true, array, fields: new Map(), escaped: new Set() });
    return id;
  }

  /** Sets (`strong`) or joins into the field `path` of object `id`; the states that gather writes join it too. */
  #put(s: State, id: number, path: string, f: Field, strong: boolean): void {
    const o = s.objs.get(id);
    if (!o) throw new Unreadable();
    if (this.#outer?.has(id)) throw new Unreadable(); // a nested function changes an object of the main code
    this.#spend(o.fields.size);
    if (strong) {
      for (const p of [...o.fields.keys()]) if (isFieldPrefix(path, p)) o.fields.delete(p);
      for (const e of [...o.escaped]) if (isFieldPrefix(path, e)) o.escaped.delete(e);
      s.links = s.links.filter((l) => !((l.a.obj === id && isFieldPrefix(path, l.a.path)) || (l.b.obj === id && isFieldPrefix(path, l.b.path))));
      o.fields.set(path, f);
      if (o.fields.size > MAX_FIELDS) throw new Unreadable();
    } else gather(o, path, f);
    for (const sh of this.#shadows) {
      const into = sh.objs.get(id);
      if (into) gather(into, path, f);
    }
    for (const snap of this.#live.get(id) ?? []) gather(snap, path, f);
  }

  /** Marks places as handed to code the reader does not follow: they may hold anything, now and later. */
  #escape(s: State, places: readonly Place[]): void {
    for (const p of places) {
      const o = s.objs.get(p.obj);
      if (!o) continue;
      this.#store(s, { obj: p.obj, path: p.path, below: true }, ANY, false);
      o.escaped.add(p.path);
    }
  }

  /** What `v` holds at its own level: its references and what is written now at its places. */
  #current(s: State, v: Val): Field {
    const refs = [...v.refs];
    let any = v.any === true;
    for (const p of v.places ?? []) {
      const o = s.objs.get(p.obj);
      if (!o) continue;
      const f = valueAt(o, p.path);
      if (!union(refs, f.refs)) any = true;
      any ||= f.any;
    }
    return { refs, any };
  }

  /** Everything `v` holds, the fields of its objects too, as computed values (for text or a number built from it). */
  #flat(s: State, v: Val): Field {
    const f = this.#current(s, v);
    const refs = derived(f.refs);
    let any = f.any;
    for (const p of v.places ?? []) {
      const o = s.objs.get(p.obj);
      if (!o) continue;
      this.#spend(o.fields.size);
      for (const [path, g] of o.fields) {
        if (path === p.path || !isFieldPrefix(p.path, path)) continue;
        if (!union(refs, derived(g.refs))) any = true;
        any ||= g.any;
      }
    }
    return { refs, any };
  }

  /**
   * Writes `v` at `place` (`strong`: it replaces what was there), with its fields and the links it makes. `anyKey`: under
   * a key the reader does not know (`m[k] = v`), so `v` may be any field below the place.
   */
  #store(s: State, place: Place, v: Val, strong: boolean, link = true, seen: Set<Link> = new Set(), anyKey = false): void {
    this.#spend();
    const o = s.objs.get(place.obj);
    if (!o) return;
    const escapedAbove = [...o.escaped].some((e) => e !== place.path && isFieldPrefix(e, place.path));
    const definite = strong && !place.below && !o.summary && !escapedAbove;
    // Under a key the reader does not know, every field below the place (and the place, as a part) may carry all of `v`,
    // its own fields too: parts of it, so that a read below does not narrow it (`m.payload` is not `v.payload`).
    const root = anyKey ? this.#flat(s, v) : this.#current(s, v);
    // The value's own fields, read before the write (it may replace where they are: `msg.payload = msg.payload.data`).
    const below: [string, Field][] = [];
    if (!anyKey) for (const p of v.places ?? []) {
      if (p.below) continue;
      const from = s.objs.get(p.obj);
      if (!from) continue;
      this.#spend(from.fields.size);
      for (const [path, g] of from.fields) if (path !== p.path && isFieldPrefix(p.path, path)) below.push([joinField(place.path, p.path === '' ? path : path.slice(p.path.length + 1)), g]);
    }
    const single = v.places?.length === 1;
    const links = s.links.filter((l) => !seen.has(l));
    this.#put(s, place.obj, place.path, root, definite);
    for (const [path, g] of below) this.#put(s, place.obj, path, g, definite && single);
    if (link && !v.text) {
      for (const p of v.places ?? []) if (!samePlace(p, place)) this.#link(s, { obj: place.obj, path: place.path, ...(place.below ? { below: true } : {}) }, p);
    }
    // A write below one side of a link is a write below the other (a write somewhere below a place above it may be too).
    for (const l of links) {
      for (const [side, other] of [[l.a, l.b], [l.b, l.a]] as const) {
        if (side.obj !== place.obj || seen.has(l)) continue;
        if (side.path !== place.path && isFieldPrefix(side.path, place.path)) {
          seen.add(l);
          const rest = side.path === '' ? place.path : place.path.slice(side.path.length + 1);
          // The other side under a key the reader does not know (`m[k] = o`, then `o.x = v`): the write may land anywhere
          // below it (`m.payload.x`), not only at the known rest of the path. (An array's items are read at its own path.)
          if (other.below && !s.objs.get(other.obj)?.array) this.#store(s, { obj: other.obj, path: other.path, below: true }, v, false, false, seen, true);
          else this.#store(s, { obj: other.obj, path: joinField(other.path, rest), below: place.below || side.below }, v, false, false, seen, anyKey);
        } else if (place.below && isFieldPrefix(place.path, side.path)) {
          seen.add(l);
          this.#store(s, { obj: other.obj, path: other.path, below: true }, v, false, false, seen, anyKey);
        }
      }
    }
  }

  #link(s: State, a: Place, b: Place): void {
    if (s.links.some((l) => (samePlace(l.a, a) && samePlace(l.b, b)) || (samePlace(l.a, b) && samePlace(l.b, a)))) return;
    if (s.links.length >= MAX_LINKS) throw new Unreadable();
    s.links.push({ a, b });
  }

  /** A member of a value: `key` undefined for a computed key or an index. */
  #member(s: State, base: Val, key: string | undefined): Val {
    if (base.any) return ANY;
    const refs: Reference[] = [];
    let any = false;
    for (const r of base.refs) if (!union(refs, [r.whole && key !== undefined ? changed(r, { field: joinField(r.field, key) }) : r])) any = true;
    const places: Place[] = [];
    for (const p of base.places ?? []) {
      const at: Place = key === undefined ? { obj: p.obj, path: p.path, below: true } : { obj: p.obj, path: joinField(p.path, key), ...(p.below ? { below: true } : {}) };
      places.push(at);
      const o = s.objs.get(p.obj);
      if (!o) continue;
      const f = valueAt(o, at.path);
      if (!union(refs, f.refs)) any = true;
      any ||= f.any;
      if (key !== undefined) continue;
      // Some field below, read by a computed key: any of them (as a part, so that the reads settle in a loop).
      this.#spend(o.fields.size);
      for (const [path, g] of o.fields) {
        if (path === p.path || !isFieldPrefix(p.path, path)) continue;
        if (!union(refs, derived(g.refs))) any = true;
        any ||= g.any;
      }
    }
    if (base.text) return { refs: derived(refs), ...(any ? { any } : {}) };
    return { refs, ...(any ? { any } : {}), ...(places.length ? { places } : {}), ...(base.opaque ? { opaque: true } : {}) };
  }

  // -- Statements ----------------------------------------------------------------------------------------------------

  #execAll(list: readonly Statement[], s: State): void {
    for (const st of list) {
      if (s.dead) return;
      this.#exec(st, s);
    }
  }

  #exec(st: Statement, s: State): void {
    if (s.dead) return;
    this.#spend();
    if (++this.#depth > MAX_DEPTH) throw new Unreadable();
    try {
      this.#statement(st, s);
    } finally {
      this.#depth--;
    }
  }

  #statement(st: Statement, s: State): void {
    switch (st.type) {
      case 'ExpressionStatement':
        this.#eval(st.expression, s);
        return;
      case 'VariableDeclaration':
        this.#declaration(st, s);
        return;
      case 'FunctionDeclaration':
      case 'EmptyStatement':
      case 'DebuggerStatement':
        return;
      case 'BlockStatement':
        this.#enter(st, s);
        this.#execAll(st.body, s);
        return;
      case 'IfStatement': {
        this.#eval(st.test, s);
        const other = this.#copy(s);
        this.#exec(st.consequent, s);
        if (st.alternate) this.#exec(st.alternate, other);
        s.become(this.#join(s, other));
        return;
      }
      case 'ReturnStatement':
        if (this.#outer === undefined) this.#exit(st.argument ?? undefined, s, st, false);
        else if (st.argument) {
          // What a nested function returns goes where the reader does not follow.
          const v = this.#eval(st.argument, s);
          if (v.places) this.#escape(s, v.places);
        }
        s.dead = true;
        return;
      case 'ThrowStatement': {
        // What is thrown reaches a catch under another name (`catch (m) { m.topic = … }`): it escapes.
        const v = this.#eval(st.argument, s);
        if (v.places) this.#escape(s, v.places);
        s.dead = true;
        return;
      }
      case 'BreakStatement':
      case 'ContinueStatement': {
        const label = st.label?.name;
        const frame = [...this.#frames].reverse().find((f) => (label !== undefined ? f.labels.includes(label) : st.type === 'ContinueStatement' ? f.kind === 'loop' : f.kind !== 'label'));
        if (!frame) throw new Unreadable();
        (st.type === 'BreakStatement' ? frame.breaks : frame.continues).push(this.#copy(s));
        s.dead = true;
        return;
      }
      case 'LabeledStatement': {
        const labels = [st.label.name];
        let body: Statement = st.body;
        while (body.type === 'LabeledStatement') {
          labels.push(body.label.name);
          body = body.body;
        }
        if (body.type === 'ForStatement' || body.type === 'ForInStatement' || body.type === 'ForOfStatement' || body.type === 'WhileStatement' || body.type === 'DoWhileStatement') {
          this.#loop(body, s, labels);
          return;
        }
        const frame: Frame = { kind: 'label', labels, breaks: [], continues: [] };
        this.#frames.push(frame);
        try {
          this.#exec(body, s);
        } finally {
          this.#frames.pop();
        }
        for (const b of frame.breaks) s.become(this.#join(s, b));
        return;
      }
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement':
      case 'WhileStatement':
      case 'DoWhileStatement':
        this.#loop(st, s, []);
        return;
      case 'SwitchStatement':
        this.#switch(st, s);
        return;
      case 'TryStatement':
        this.#try(st, s);
        return;
      default:
        throw new Unreadable();
    }
  }

  #declaration(d: VariableDeclaration, s: State): void {
    for (const decl of d.declarations) {
      if (decl.init) this.#assign(decl.id, this.#eval(decl.init, s), s);
      else if (d.kind !== 'var') this.#assign(decl.id, NONE, s);
    }
  }

  #loop(st: Extract<Statement, { type: 'ForStatement' | 'ForInStatement' | 'ForOfStatement' | 'WhileStatement' | 'DoWhileStatement' }>, s: State, labels: readonly string[]): void {
    this.#enter(st, s);
    let items: Val | undefined;
    if (st.type === 'ForStatement' && st.init) {
      if (st.init.type === 'VariableDeclaration') this.#declaration(st.init, s);
      else this.#eval(st.init, s);
    }
    if (st.type === 'ForInStatement' || st.type === 'ForOfStatement') {
      const iterated = this.#eval(st.right, s);
      if (st.type === 'ForInStatement' && this.#keyByKey(st, iterated, s, labels)) return;
      // for…in: the keys (text taken from the object); for…of: each item (an index dropped, as a field's value).
      if (st.type === 'ForOfStatement') items = this.#member(s, iterated, undefined);
      else {
        const keys = this.#flat(s, iterated);
        items = keys.any ? { refs: keys.refs, any: true } : { refs: keys.refs };
      }
    }
    const frame: Frame = { kind: 'loop', labels, breaks: [], continues: [] };
    this.#frames.push(frame);
    this.#loops++;
    try {
      let head = this.#copy(s);
      let out = State.dead();
      for (let round = 0; ; round++) {
        if (round >= MAX_ROUNDS) throw new Unreadable();
        frame.breaks = [];
        frame.continues = [];
        const cur = this.#copy(head);
        if (st.type === 'ForStatement' || st.type === 'WhileStatement') {
          if (st.test) this.#eval(st.test, cur);
          out = this.#copy(cur); // the test failed: the loop ends here
        } else if (items) {
          out = this.#copy(cur); // no item left
          const left = (st as { left: VariableDeclaration | Pattern }).left;
          this.#assign(left.type === 'VariableDeclaration' ? left.declarations[0].id : left, items, cur);
        }
        this.#exec(st.body, cur);
        let next = cur;
        for (const c of frame.continues) next = this.#join(next, c);
        if (st.type === 'ForStatement' && st.update) this.#eval(st.update, next);
        if (st.type === 'DoWhileStatement') {
          this.#eval(st.test, next);
          out = this.#copy(next);
        }
        const joined = this.#join(head, next);
        if (joined.size() === head.size()) break;
        if (round + 1 >= MAX_ROUNDS && joined.size(false) === head.size(false)) {
          // Only where the code read the values is still changing (a value passed along a chain of variables, one a
          // round): the values are known, their places are not, so no reference keeps one.
          this.#unplaced = true;
          break;
        }
        head = joined;
      }
      for (const b of frame.breaks) out = this.#join(out, b);
      s.become(out);
    } finally {
      this.#loops--;
      this.#frames.pop();
    }
  }

  /**
   * for…in over an object the code built, whose keys the reader knows (`for (const k in extra) msg[k] = extra[k]`): the
   * body runs for each key in turn, the key a known string (so `msg[k]` is `msg.note`), and each run may not happen (a
   * key the code deleted). False, leaving `s` as it was, when the keys are not known (an object handed to code the
   * reader does not follow has any), there are more than {@link MAX_KEYS}, or the body may add one.
   */
  #keyByKey(st: ForInStatement, iterated: Val, s: State, labels: readonly string[]): boolean {
    const built = this.#built(s, iterated);
    const keys = built ? ownKeys(built) : undefined;
    if (!keys || keys.length > MAX_KEYS) return false;
    const frame: Frame = { kind: 'loop', labels, breaks: [], continues: [] };
    this.#frames.push(frame);
    this.#loops++;
    try {
      let cur = this.#copy(s);
      const left = st.left.type === 'VariableDeclaration' ? st.left.declarations[0].id : st.left;
      for (const key of keys) {
        frame.continues = [];
        const run = this.#copy(cur);
        this.#assign(left, { refs: [], str: key }, run);
        this.#exec(st.body, run);
        let next = run;
        for (const c of frame.continues) next = this.#join(next, c);
        cur = this.#join(cur, next);
      }
      for (const b of frame.breaks) cur = this.#join(cur, b);
      const after = this.#built(cur, iterated);
      if (!after || ownKeys(after).some((k) => !keys.includes(k))) return false;
      s.become(cur);
      return true;
    } finally {
      this.#loops--;
      this.#frames.pop();
    }
  }

  /**
   * The object `v` is when it is one the code built whose keys the reader knows (none computed, not built in a loop, no
   * array); undefined otherwise.
   */
  #built(s: State, v: Val): Obj | undefined {
    const only = v.places?.length === 1 && !v.any && !v.opaque && !v.places[0].below && v.places[0].path === '' ? s.objs.get(v.places[0].obj) : undefined;
    return only && only.base === 'new' && !only.summary && !only.array && !only.fields.has('') ? only : undefined;
  }

  #switch(st: SwitchStatement, s: State): void {
    this.#eval(st.discriminant, s);
    this.#enter(st, s);
    // The tests run in order until one matches: a case starts after its own test (`default`, after all of them).
    const tested = new Map<AnyNode, State>();
    for (const c of st.cases) {
      if (!c.test) continue;
      this.#eval(c.test, s);
      tested.set(c, this.#copy(s));
    }
    const frame: Frame = { kind: 'switch', labels: [], breaks: [], continues: [] };
    this.#frames.push(frame);
    let fall = State.dead();
    try {
      // A case is entered when its test matches, or from the case before it (no `break`).
      for (const c of st.cases) {
        const entry = this.#join(this.#copy(tested.get(c) ?? s), fall);
        this.#execAll(c.consequent, entry);
        fall = entry;
      }
    } finally {
      this.#frames.pop();
    }
    let out = st.cases.some((c) => !c.test) ? fall : this.#join(this.#copy(s), fall);
    for (const b of frame.breaks) out = this.#join(out, b);
    s.become(out);
  }

  #try(st: TryStatement, s: State): void {
    if (st.finalizer && (jumps(st.block) || (st.handler && jumps(st.handler.body)))) throw new Unreadable();
    // Where a `catch` (or the `finally` after a throw) starts: the state before, with every write the block made.
    const thrown = this.#copy(s);
    this.#shadows.push(thrown);
    try {
      this.#exec(st.block, s);
    } finally {
      this.#shadows.pop();
    }
    let after = thrown;
    if (st.handler) {
      const again = this.#copy(thrown);
      this.#shadows.push(again);
      try {
        this.#enter(st.handler, thrown);
        if (st.handler.param) this.#assign(st.handler.param, ANY, thrown);
        this.#exec(st.handler.body, thrown);
      } finally {
        this.#shadows.pop();
      }
      s.become(this.#join(s, thrown));
      after = again;
    }
    if (st.finalizer) {
      // The finally block runs after a throw too (then the function ends, with no message but those already sent).
      s.become(this.#join(s, after));
      this.#exec(st.finalizer, s);
    }
  }

  // -- Messages sent -------------------------------------------------------------------------------------------------

  /** `return e` (or `node.send(e)`, `live`): the messages `e` is, as they are now (and, when live, as later writes change them). */
  #exit(e: Expression | SpreadElement | undefined, s: State, site: AnyNode, live: boolean): void {
    if (!e) return;
    for (const { v, port } of this.#shapes(e, s, undefined)) {
      if (v.text || (!v.places && !v.any && !v.opaque && !v.fns)) continue; // null, a number or text: no message
      if (v.any || v.opaque || v.fns || !v.places) throw new Unreadable();
      for (const p of v.places) {
        const o = s.objs.get(p.obj);
        if (!o || p.below || p.path !== '' || o.array) throw new Unreadable();
        // A message that is no array goes on the first output.
        const key = `${this.#run}:${site.start}:${port ?? 0}:${p.obj}`;
        const had = this.#exits.get(key);
        if (had) {
          joinObjInto(had.obj, o);
          continue;
        }
        const snap = copyObj(o);
        this.#exits.set(key, { obj: snap, port: port ?? 0 });
        if (live || this.#outer !== undefined) this.#live.set(p.obj, [...(this.#live.get(p.obj) ?? []), snap]);
      }
    }
  }

  /**
   * The values a returned or sent expression stands for: each element of `[a, b]`, either side of `c ? a : b`; with
   * the output each goes on (`port`: the i-th element of the outermost array goes on output i, all of a nested array on
   * its element's; undefined outside any array).
   */
  #shapes(e: Expression | SpreadElement, s: State, port: number | undefined): { v: Val; port: number | undefined }[] {
    if (e.type === 'ArrayExpression') return e.elements.flatMap((x, i) => (x ? this.#shapes(x, s, port ?? i) : []));
    if (e.type === 'SpreadElement') throw new Unreadable();
    if (e.type === 'ConditionalExpression') {
      this.#eval(e.test, s);
      const other = this.#copy(s);
      const out = [...this.#shapes(e.consequent, s, port), ...this.#shapes(e.alternate, other, port)];
      s.become(this.#join(s, other));
      return out;
    }
    if (e.type === 'LogicalExpression') {
      const left = this.#shapes(e.left, s, port);
      const other = this.#copy(s);
      const right = this.#shapes(e.right, other, port);
      s.become(this.#join(s, other));
      return [...left, ...right];
    }
    if (e.type === 'AwaitExpression') return this.#shapes(e.argument, s, port);
    if (e.type === 'SequenceExpression') {
      for (const x of e.expressions.slice(0, -1)) this.#eval(x, s);
      return this.#shapes(e.expressions[e.expressions.length - 1], s, port);
    }
    return [{ v: this.#eval(e, s), port }];
  }

  // -- Expressions ---------------------------------------------------------------------------------------------------

  #eval(e: Expression | SpreadElement, s: State): Val {
    this.#spend();
    if (++this.#depth > MAX_DEPTH) throw new Unreadable();
    try {
      return this.#expression(e, s);
    } finally {
      this.#depth--;
    }
  }

  /** Evaluates `e` on a copy of `s` (it may not run), then joins. */
  #maybe(e: Expression, s: State): Val {
    const other = this.#copy(s);
    const v = this.#eval(e, other);
    s.become(this.#join(s, other));
    return v;
  }

  #expression(e: Expression | SpreadElement, s: State): Val {
    switch (e.type) {
      case 'Literal':
        return typeof e.value === 'string' ? { refs: [], str: e.value } : NONE;
      case 'Identifier':
        return this.#getVar(s, e);
      case 'TemplateLiteral':
        return this.#computed(e.expressions.map((x) => this.#eval(x, s)), s);
      case 'TaggedTemplateExpression': {
        const tag = this.#eval(e.tag, s);
        return this.#callValue(tag, undefined, e.quasi.expressions.map((x) => this.#eval(x, s)), s, e);
      }
      case 'ThisExpression':
        return ANY;
      case 'ArrayExpression': {
        const id = this.#alloc(s, e, 'new', true);
        for (const x of e.elements) if (x) this.#store(s, { obj: id, path: '', below: true }, this.#eval(x, s), false);
        return { refs: [], places: [{ obj: id, path: '' }] };
      }
      case 'ObjectExpression':
        return this.#object(e, s);
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        this.#pending.push(e);
        return { refs: [], fns: [e] };
      case 'UnaryExpression': {
        if (e.operator === 'delete') {
          if (e.argument.type === 'MemberExpression') {
            const base = this.#eval(e.argument.object as Expression, s);
            const key = staticKey(e.argument);
            if (e.argument.computed && key === undefined) this.#eval(e.argument.property as Expression, s);
            // Deleting takes a value away: only a field it names for sure is left undefined.
            if (key !== undefined && base.places?.length === 1 && !base.any && !base.opaque) this.#store(s, { ...base.places[0], path: joinField(base.places[0].path, key) }, NONE, true);
          } else this.#eval(e.argument, s);
          return NONE;
        }
        const v = this.#eval(e.argument, s);
        return e.operator === 'typeof' || e.operator === '!' || e.operator === 'void' ? NONE : this.#computed([v], s);
      }
      case 'UpdateExpression': {
        const v = this.#computed([this.#eval(e.argument, s)], s);
        this.#assign(e.argument as Pattern, v, s);
        return v;
      }
      case 'BinaryExpression':
        return this.#computed([this.#eval(e.left as Expression, s), this.#eval(e.right, s)], s);
      case 'LogicalExpression': {
        const left = this.#eval(e.left, s);
        return joinVals(left, this.#maybe(e.right, s));
      }
      case 'ConditionalExpression': {
        // The test only chooses between the values: `c ? "a" : "b"` is one of two constants.
        this.#eval(e.test, s);
        const other = this.#copy(s);
        const a = this.#eval(e.consequent, s);
        const b = this.#eval(e.alternate, other);
        s.become(this.#join(s, other));
        return joinVals(a, b);
      }
      case 'SequenceExpression': {
        let v = NONE;
        for (const x of e.expressions) v = this.#eval(x, s);
        return v;
      }
      case 'AssignmentExpression':
        return this.#assignment(e.left, e.operator, e.right, s);
      case 'MemberExpression': {
        const base = this.#eval(e.object as Expression, s);
        // A computed key the reader knows (`o[k]` after `const k = "note"`, or for each key of a for…in) is that field.
        const key = staticKey(e) ?? (e.computed ? constantKey(this.#eval(e.property as Expression, s)) : undefined);
        return readAt(this.#member(s, base, key), e);
      }
      case 'ChainExpression': {
        // What follows a `?.` may not run.
        const other = this.#copy(s);
        const v = this.#eval(e.expression, other);
        s.become(this.#join(s, other));
        return v;
      }
      case 'CallExpression':
      case 'NewExpression':
        return this.#call(e, s);
      case 'AwaitExpression':
        return this.#eval(e.argument, s);
      case 'YieldExpression': {
        // What a generator yields goes where the reader does not follow, as what a nested function returns.
        const v = e.argument ? this.#eval(e.argument, s) : NONE;
        if (v.places) this.#escape(s, v.places);
        return ANY;
      }
      case 'SpreadElement':
        return this.#eval(e.argument, s);
      default:
        throw new Unreadable();
    }
  }

  /** A value computed from `vals` (text, a number): none of them itself. */
  #computed(vals: readonly Val[], s: State): Val {
    const refs: Reference[] = [];
    let any = false;
    for (const v of vals) {
      const f = this.#flat(s, v);
      if (!union(refs, f.refs)) any = true;
      any ||= f.any;
    }
    return any ? { refs, any } : { refs };
  }

  #object(e: ObjectExpression, s: State): Val {
    const id = this.#alloc(s, e, 'new', false);
    e.properties.forEach((p, i) => {
      if (p.type === 'SpreadElement') {
        const v = this.#eval(p.argument, s);
        const only = v.places?.length === 1 && !v.any && !v.opaque && !v.places[0].below && v.places[0].path === '' ? v.places[0] : undefined;
        const from = only ? s.objs.get(only.obj) : undefined;
        const o = s.objs.get(id)!;
        if (i === 0 && from && !from.array && !o.summary) {
          // `{ ...msg, … }`: a copy of the message, sharing its objects.
          s.objs.set(id, copyObj(from, false));
          for (const sh of this.#shadows) sh.objs.set(id, copyObj(from, true));
          this.#link(s, { obj: id, path: '' }, only!);
        } else this.#store(s, { obj: id, path: '', below: true }, v, false);
        return;
      }
      const key = propertyKey(p.key, p.computed) ?? (p.computed ? constantKey(this.#eval(p.key as Expression, s)) : undefined);
      const v = this.#eval(p.value as Expression, s);
      this.#store(s, key === undefined ? { obj: id, path: '', below: true } : { obj: id, path: key }, v, key !== undefined, true, new Set(), key === undefined);
    });
    return { refs: [], places: [{ obj: id, path: '' }] };
  }

  #assignment(left: Pattern, operator: string, right: Expression, s: State): Val {
    if (operator === '=') {
      const v = this.#eval(right, s);
      this.#assign(left, v, s);
      return v;
    }
    const old = this.#eval(left as Expression, s);
    const v = operator === '||=' || operator === '&&=' || operator === '??=' ? joinVals(old, this.#maybe(right, s)) : this.#computed([old, this.#eval(right, s)], s);
    this.#assign(left, v, s);
    return v;
  }

  /** Assigns `v` to a target: a name, a member, or a destructuring pattern. */
  #assign(target: Pattern, v: Val, s: State): void {
    this.#spend();
    if (++this.#depth > MAX_DEPTH) throw new Unreadable();
    try {
      switch (target.type) {
        case 'Identifier':
          this.#setVar(s, this.#key(target), v);
          return;
        case 'MemberExpression': {
          const base = this.#eval(target.object as Expression, s);
          const key = staticKey(target) ?? (target.computed ? constantKey(this.#eval(target.property as Expression, s)) : undefined);
          // Into an object the reader cannot see: what it is given may change through it later.
          if ((base.any || base.opaque) && v.places) this.#escape(s, v.places);
          const places = base.places ?? [];
          const strong = places.length === 1 && !base.any && !base.opaque;
          // An index (`a[0]`, `a[i]` of an array) keeps the item at the array's own path, as the reader reads arrays.
          const index = (target.property.type === 'Literal' && typeof target.property.value === 'number') || undefined;
          for (const p of places) this.#store(s, key === undefined ? { obj: p.obj, path: p.path, below: true } : { obj: p.obj, path: joinField(p.path, key), ...(p.below ? { below: true } : {}) }, v, strong, true, new Set(), key === undefined && !index && !s.objs.get(p.obj)?.array);
          return;
        }
        case 'ObjectPattern':
          for (const prop of target.properties) {
            if (prop.type === 'RestElement') {
              this.#assign(prop.argument, { ...v, refs: derived(v.refs) }, s);
              continue;
            }
            const key = propertyKey(prop.key, prop.computed);
            if (prop.computed && key === undefined) this.#eval(prop.key, s);
            this.#assign(prop.value, this.#member(s, v, key), s);
          }
          return;
        case 'ArrayPattern':
          for (const el of target.elements) if (el) this.#assign(el, el.type === 'RestElement' ? v : this.#member(s, v, undefined), s);
          return;
        case 'RestElement':
          this.#assign(target.argument, v, s);
          return;
        case 'AssignmentPattern':
          this.#assign(target.left, joinVals(v, this.#maybe(target.right, s)), s);
          return;
      }
    } finally {
      this.#depth--;
    }
  }

  #call(e: CallExpression | NewExpression, s: State): Val {
    const callee = e.callee;
    const chain = callee.type === 'Super' ? undefined : dotted(callee);
    const global = chain && this.#key(chain.root).startsWith('global:') ? [chain.root.name, ...chain.path].join('.') : undefined;
    const evalArgs = () => e.arguments.map((a) => this.#eval(a, s));
    if (global === 'node.send') {
      if (e.arguments[0]) this.#exit(e.arguments[0], s, e, true);
      for (const a of e.arguments.slice(1)) this.#eval(a, s);
      return NONE;
    }
    if (global === 'RED.util.cloneMessage' || global === 'JSON.stringify') {
      const [first = NONE] = evalArgs();
      return this.#clone(first, s, e, global === 'JSON.stringify');
    }
    if (global === 'RED.util.getMessageProperty' || global === 'RED.util.setMessageProperty') return this.#messageProperty(e, s, global.endsWith('setMessageProperty'));
    if (global !== undefined && (CONTEXT_READS.has(global) || global === 'node.context')) {
      evalArgs();
      return ANY;
    }
    if (global !== undefined && (global === 'env.get' || global.startsWith('node.') || READING_CALLS.has(global))) {
      evalArgs();
      return NONE;
    }
    if (global !== undefined && CONTEXT_WRITES.has(global)) {
      // The context keeps the object: other code may change it later.
      for (const v of evalArgs()) if (v.places) this.#escape(s, v.places);
      return NONE;
    }
    let receiver: Val | undefined;
    let method: string | undefined;
    let fn: Val = NONE;
    if (global === undefined && (callee.type === 'MemberExpression' || (callee.type === 'ChainExpression' && callee.expression.type === 'MemberExpression'))) {
      const m = (callee.type === 'ChainExpression' ? callee.expression : callee) as MemberExpression;
      receiver = this.#eval(m.object as Expression, s);
      method = staticKey(m);
      if (m.computed && method === undefined) this.#eval(m.property as Expression, s);
      fn = receiver.fns && (method === 'call' || method === 'apply') ? receiver : this.#member(s, receiver, method);
    } else if (global === undefined) fn = this.#eval(callee as Expression, s);
    const args = evalArgs();
    const given = receiver ? [receiver, ...args] : args;
    // A hash or mask (`sha256(x)`, `crypto.createHash("sha256").update(x)`, `x.hash()`): its arguments, masked.
    if (isMaskingExpression(`${this.#code.slice(Math.max(callee.start, callee.end - 512), callee.end)}(`)) {
      return { refs: this.#computed(given, s).refs.map((r) => changed(r, { masked: true })) };
    }
    if (global !== undefined) {
      const root = chain!.root.name;
      if (PLAIN_CALLS.has(global) || root === 'Math') return this.#computed(args, s);
      if (global === 'Object.assign' && args.length) {
        const [to, ...from] = args;
        for (const f of from) {
          // An object the code built names its keys (`Object.assign(o, { q: … })`); any other may hold any key.
          const built = this.#built(s, f);
          const keys = built && ownKeys(built);
          for (const p of to.places ?? []) {
            if (keys) for (const k of keys) this.#store(s, { obj: p.obj, path: joinField(p.path, k), ...(p.below ? { below: true } : {}) }, this.#member(s, f, k), (to.places?.length ?? 0) === 1 && !to.any && !to.opaque);
            else this.#store(s, { obj: p.obj, path: p.path, below: true }, f, false);
          }
        }
        if (to.any || to.opaque || !to.places) for (const f of from) if (f.places) this.#escape(s, f.places);
        return to;
      }
      // Other functions of the language's own objects compute from their arguments; a module's may do anything.
      if (KNOWN_GLOBALS.has(root) && !(CHANGING_ROOTS.has(root) && !['Array.from', 'Array.of', 'Promise.resolve', 'Promise.all', 'Promise.allSettled', 'Promise.race', 'Object.freeze'].includes(global))) return this.#partOf(args, [], s, e);
      return this.#callValue(ANY, undefined, args, s, e);
    }
    if (receiver && method !== undefined && !receiver.any && !receiver.fns) {
      if (PURE_METHODS.has(method)) {
        this.#callbacks(args, given, s);
        return PLAIN_METHODS.has(method) ? this.#computed(given, s) : this.#partOf(given, [], s, e);
      }
      if (ADDING_METHODS.has(method)) {
        this.#callbacks(args, given, s);
        for (const a of args) for (const p of receiver.places ?? []) this.#store(s, { obj: p.obj, path: p.path, below: true }, a, false);
        return this.#partOf([receiver], [], s, e);
      }
      if (TAKING_METHODS.has(method)) {
        this.#callbacks(args, given, s);
        return this.#partOf([receiver], [], s, e);
      }
    }
    return this.#callValue(fn, receiver, args, s, e);
  }

  /** `RED.util.getMessageProperty(m, "a.b")` and `RED.util.setMessageProperty(m, "a.b", v)`. */
  #messageProperty(e: CallExpression | NewExpression, s: State, set: boolean): Val {
    const [objArg, pathArg, valueArg] = e.arguments;
    let at = objArg ? this.#eval(objArg, s) : NONE;
    const path = pathArg?.type === 'Literal' && typeof pathArg.value === 'string' ? pathArg.value.replace(/^msg\./, '') : undefined;
    if (pathArg && path === undefined) this.#eval(pathArg, s);
    const parts: (string | undefined)[] = path === undefined || /[[\]]/.test(path) ? [undefined] : path.split('.');
    if (!set) {
      for (const part of parts) at = this.#member(s, at, part);
      return at;
    }
    const v = valueArg ? this.#eval(valueArg, s) : NONE;
    for (const part of parts.slice(0, -1)) at = this.#member(s, at, part);
    const last = parts[parts.length - 1];
    const places = at.places ?? [];
    if ((at.any || at.opaque) && v.places) this.#escape(s, v.places);
    for (const p of places) this.#store(s, last === undefined ? { obj: p.obj, path: p.path, below: true } : { obj: p.obj, path: joinField(p.path, last), ...(p.below ? { below: true } : {}) }, v, places.length === 1 && !at.any && !at.opaque);
    return NONE;
  }

  /** A call of `fn`: a function of the code (what it reads, its arguments), or code the reader does not know (anything). */
  #callValue(fn: Val, receiver: Val | undefined, args: readonly Val[], s: State, site: AnyNode): Val {
    const given = receiver ? [receiver, ...args] : [...args];
    if (!fn.fns || fn.any || fn.opaque) {
      // Code the reader does not know may change or keep what it is given, and return anything.
      for (const v of given) if (v.places) this.#escape(s, v.places);
      return { ...this.#partOf(given, [], s, site), any: true };
    }
    let mutates = false;
    let other = false;
    const reads: Reference[] = [];
    for (const f of fn.fns) {
      const facts = this.#facts.functions.get(f);
      mutates ||= !facts || facts.mutates;
      other ||= !facts || facts.other;
      if (facts && !union(reads, facts.reads)) other = true;
    }
    this.#callbacks(args, given, s);
    if (mutates) for (const v of given) if (v.places) this.#escape(s, v.places);
    const r = this.#partOf(given, reads, s, site);
    return other ? { ...r, any: true } : r;
  }

  /** Functions given to a call: one that changes what it is given may change every value of the call. */
  #callbacks(args: readonly Val[], given: readonly Val[], s: State): void {
    if (!args.some((a) => a.fns?.some((f) => this.#facts.functions.get(f)?.mutates !== false))) return;
    for (const v of given) if (v.places) this.#escape(s, v.places);
  }

  /**
   * A call's result: a new object computed from what it is given (and `extra`), or a part of one of them (an item, the
   * value itself). Its own object takes what is added to it later (`const a = s.split(" "); a.push(x)`).
   */
  #partOf(given: readonly Val[], extra: readonly Reference[], s: State, site: AnyNode): Val {
    const v = this.#computed(given, s);
    const refs = [...v.refs];
    const any = v.any === true || !union(refs, derived(extra));
    const id = this.#alloc(s, site, 'new', false);
    this.#store(s, { obj: id, path: '', below: true }, { refs, ...(any ? { any } : {}) }, false);
    const places: Place[] = [{ obj: id, path: '' }];
    for (const g of given) for (const p of g.places ?? []) if (!places.some((x) => samePlace(x, p))) places.push({ obj: p.obj, path: p.path, below: true });
    return { refs: [], places, opaque: true };
  }

  /** `RED.util.cloneMessage(v)` (a deep copy) or `JSON.stringify(v)` (`text`: text laid out like the copy). */
  #clone(v: Val, s: State, site: AnyNode, text: boolean): Val {
    if (!v.places || v.any || v.opaque) {
      const f = this.#flat(s, v);
      return { refs: f.refs, ...(f.any || v.any || v.opaque ? { any: true } : {}), ...(text ? { text: true } : v.any || v.opaque ? { opaque: true } : {}) };
    }
    const only = v.places.length === 1 && !v.places[0].below && v.places[0].path === '' ? s.objs.get(v.places[0].obj) : undefined;
    const id = this.#alloc(s, site, only ? only.base : 'new', false);
    const fresh = !s.objs.get(id)!.summary;
    if (only && fresh) for (const [path, f] of only.fields) this.#put(s, id, path, f, true);
    else this.#store(s, { obj: id, path: '' }, v, fresh, false);
    return { refs: [], places: [{ obj: id, path: '' }], ...(text ? { text: true } : {}) };
  }

  // -- Nested functions ----------------------------------------------------------------------------------------------

  /** Reads a function of the code as it may run at any time: with every value the main code had, its parameters unknown. */
  #nested(f: FunctionNode, ever: State): void {
    const s = ever.copy();
    s.dead = false;
    const saved = this.#outer;
    this.#outer = new Set(s.objs.keys());
    this.#run++;
    try {
      this.#enter(f, s);
      for (const p of f.params) this.#assign(p, ANY, s);
      if (f.body.type === 'BlockStatement') this.#execAll(f.body.body, s);
      else {
        const v = this.#eval(f.body, s);
        if (v.places) this.#escape(s, v.places);
      }
    } finally {
      this.#outer = saved;
    }
  }

  // -- What is sent --------------------------------------------------------------------------------------------------

  #sent(): FunctionOutput {
    const exits = [...this.#exits.values()];
    const merged = this.#sentOf(exits.map((x) => x.obj));
    if (this.#outputs < 2 || this.#outputs > MAX_PORTS) return merged;
    // Each output's messages in one pass (a message on an output the node does not have goes nowhere).
    const byPort: Obj[][] = Array.from({ length: this.#outputs }, () => []);
    for (const x of exits) byPort[x.port]?.push(x.obj);
    return { ...merged, ports: byPort.map((snaps) => this.#sentOf(snaps)) };
  }

  /** What the messages `snaps` send, together. */
  #sentOf(snaps: readonly Obj[]): PortOutput {
    if (!snaps.length) return { passesInput: false, writes: [] }; // the code sends nothing
    const passes = snaps.some((o) => o.base === 'input');
    const paths = new Set<string>();
    for (const o of snaps) for (const p of o.fields.keys()) paths.add(p);
    if (paths.size > MAX_FIELDS) throw new Unreadable();
    const writes: { at: string; refs: Reference[] }[] = [];
    // Parents first (a prefix sorts before the fields below it).
    for (const at of [...paths].sort()) {
      let refs: Reference[] = [];
      let any = false;
      for (const o of snaps) {
        const f = valueAt(o, at);
        if (!union(refs, f.refs)) any = true;
        any ||= f.any;
      }
      if (any) {
        // Anything: what the field held, or anything the code read.
        for (const r of [ref(at, 0, 0, true), ...this.#facts.reads]) if (!refs.some((x) => x.field === r.field && x.whole === r.whole && !x.masked)) refs.push(r);
      }
      if (passes) {
        // As it came: the input's own value passes on by itself (unless a write above it hides the input's).
        if (refs.length === 1 && refs[0].field === at && refs[0].whole && !refs[0].masked && !writes.some((w) => isFieldPrefix(w.at, at))) continue;
        if (at === '') refs = derived(refs.filter((r) => !(r.field === '' && r.whole)));
      }
      if (at === '' && !refs.length) continue;
      writes.push({ at, refs });
    }
    return { passesInput: passes, writes };
  }
}

/** The keys of an object whose fields the reader knows, in the order they were written. */
function ownKeys(o: Obj): string[] {
  return [...o.fields.keys()].filter((k) => !k.includes('.'));
}

/** Joins `f` into the field `path` of `o` and into the fields written below it (they may be replaced by it). */
function gather(o: Obj, path: string, f: Field): void {
  for (const [p, g] of o.fields) if (p !== path && isFieldPrefix(path, p)) o.fields.set(p, joinFields(g, mapField(f, path === '' ? p : p.slice(path.length + 1))));
  o.fields.set(path, joinFields(valueAt(o, path), f));
  if (o.fields.size > MAX_FIELDS) throw new Unreadable();
}
