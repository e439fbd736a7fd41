// What n8n code (Code, Function and Function Item nodes) checks and outputs, read from its syntax (acorn): the tests
// that guard a `throw` (or an early `return []`) on the way every item takes, each on the value it reads, followed
// through the code's variables; the object its one `return` builds, field by field; and the HMAC signatures it verifies.
// Code that does not parse, or is too large, checks nothing and computes its output from everything it reads. Every walk
// is paid from a budget, so any text costs bounded work and nothing is thrown.
import type { AnyNode } from 'acorn';
import type { CheckOp } from '../knowledge/sinks.js';
import { joinField } from './expressions.js';
import { parseScript, syntaxChildren } from './jsSyntax.js';
import { jsConditionOps, regexOp, type RegexNamed } from './predicates.js';
import type { Reference } from './types.js';

/** What a step of code tests: the value (a reference, with the field the test reads), and what the test restricts. */
export interface CodeTest {
  readonly ref: Reference;
  readonly op: CheckOp;
}

/** A field of the object the code returns: where it lands (`''`: the whole item) and what it is read from. */
export interface CodeOutputField {
  readonly at: string;
  readonly refs: readonly Reference[];
  /** A copy of the one reference's value (`id: $json.body.id`, `...$input.first().json`), not a value computed from it. */
  readonly whole: boolean;
}

/**
 * An HMAC signature the code verifies before it goes on: it computes `createHmac(…, key).update(body)` and throws
 * unless the result equals the header `header` of the request (read by `headerRef`).
 */
export interface CodeSignature {
  /** The request header compared with the HMAC (lower case). */
  readonly header: string;
  readonly headerRef: Reference;
  /** What the HMAC's key is read from: none for a literal or an environment value. */
  readonly keyRefs: readonly Reference[];
}

/** What a piece of n8n JavaScript code checks, returns and verifies. */
export interface CodeReading {
  readonly tests: readonly CodeTest[];
  /** The fields of what the code returns, when its one `return` (outside nested functions) builds an object literal. */
  readonly output?: readonly CodeOutputField[];
  readonly signatures: readonly CodeSignature[];
}

/** Longer code is not read. */
const MAX_CODE = 100_000;
/** Syntax nodes visited in all, by every walk of one code parameter. */
const MAX_STEPS = 200_000;
/** Depth of a value followed through variables. */
const MAX_DEPTH = 16;
/** Most tests kept from one code parameter. */
const MAX_TESTS = 256;

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
/** Array methods that call their callback on every element, there and then: a `throw` in it stops the code. */
const ITERATORS = new Set(['forEach', 'map', 'filter', 'every', 'some', 'find', 'findIndex', 'findLast', 'findLastIndex', 'flatMap', 'reduce']);
/** Methods that keep a value's characters (or only change their case): a variable bound to the result holds the value. */
const KEEPING_METHODS = new Set(['trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'toLocaleLowerCase', 'toLocaleUpperCase', 'toString', 'normalize']);

/**
 * Encodings that read text into bytes (`Buffer.from(x, enc)`, `hmac.update(x, enc)`) keeping every character; base64 is
 * how n8n keeps a binary file (a webhook's raw body). Others drop some (`hex` stops at the first other character).
 */
const TEXT_ENCODINGS = new Set(['utf8', 'utf-8', 'base64', 'base64url']);
/** Encodings that write bytes out as text (`buffer.toString(enc)`) one for one (`ascii` drops each byte's high bit). */
const BYTE_ENCODINGS = new Set(['utf8', 'utf-8', 'hex', 'base64', 'base64url', 'latin1', 'binary']);

/** True when an encoding argument is absent or a literal of `encodings`. */
function keepsText(encoding: AnyNode | undefined, encodings: ReadonlySet<string>): boolean {
  return !encoding || (encoding.type === 'Literal' && typeof encoding.value === 'string' && encodings.has(encoding.value.toLowerCase()));
}

/**
 * How a value holds the whole request: as `text` (a string or bytes), or as `data`, which may be the parsed body, an
 * object. Only `JSON.stringify` writes all of an object: `String(…)`, `.toString()`, a template or `+` write it as
 * "[object Object]" (one text for every body), and `Buffer.from` reads an object as the bytes it lists
 * (`{"type": "Buffer", "data": […]}`, or `length`), whatever its other fields say.
 */
type Whole = 'text' | 'data';

/**
 * The value a call gives back all of, in another form, and what that value must be for it: `JSON.stringify(x)` (no
 * replacer, which may leave keys out) of anything; `String(x)`, `Buffer.from(x)` (from text in an encoding that keeps
 * it), `x.toString()` of text. Undefined for any other call.
 */
function keptArgument(call: AnyNode & { type: 'CallExpression' }): { readonly arg: AnyNode; readonly of: Whole } | undefined {
  const args = call.arguments;
  if (args.some((a) => a.type === 'SpreadElement')) return undefined;
  const [first, second, third] = args as AnyNode[];
  const callee = call.callee;
  if (callee.type === 'Identifier') return callee.name === 'String' && args.length === 1 ? { arg: first, of: 'text' } : undefined;
  if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') return undefined;
  const method = callee.property.name;
  const on = callee.object.type === 'Identifier' ? callee.object.name : undefined;
  if (method === 'toString') return args.length <= 1 && keepsText(first, BYTE_ENCODINGS) ? { arg: callee.object as AnyNode, of: 'text' } : undefined;
  if (on === 'JSON' && method === 'stringify') {
    const noReplacer = !second || (second.type === 'Literal' && second.value === null) || (second.type === 'Identifier' && second.name === 'undefined');
    return noReplacer && (!third || third.type === 'Literal') && args.length <= 3 ? { arg: first, of: 'data' } : undefined;
  }
  if (on === 'Buffer' && method === 'from') return args.length <= 2 && keepsText(second, TEXT_ENCODINGS) ? { arg: first, of: 'text' } : undefined;
  return undefined;
}

/** True when `node` is constant text (`'v0='`, a template with no `${}`). */
function isConstantText(node: AnyNode): boolean {
  return (node.type === 'Literal' && typeof node.value === 'string') || (node.type === 'TemplateLiteral' && node.expressions.length === 0);
}

/** Methods of text that keep what tells one HMAC from another (a change of case keeps all of a hex digest, and most of a base64 one). */
const DIGEST_KEEPING_METHODS = new Set(['trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase']);
const UTF8: ReadonlySet<string> = new Set(['utf8', 'utf-8']);
/** Encodings a digest is written in that `Buffer.from(digest, enc)` reads back byte for byte, when nothing is joined to it. */
const DIGEST_ENCODINGS = new Set(['hex', 'base64', 'base64url', 'latin1', 'binary']);

/** Data a syntax node reads: a field of a reference (`item`: the reference holds items, not their data). */
interface Value {
  readonly ref: Reference;
  readonly field: string;
  readonly item: boolean;
}

type Dependencies = Set<Reference> | 'all';

/**
 * A part of an item (`item.json.body`, `item.binary.data`, by its key path): its `json` is its data, its `binary` its
 * files as `$binary` names them (`#binary.data`); other parts hold no data of the flow.
 */
function itemPart(item: Value, path: string): Value | undefined {
  const [first, ...rest] = path.split('.');
  if (first === 'json') return { ref: item.ref, field: joinField(item.field, rest.join('.')), item: false };
  if (first === 'binary') return { ref: item.ref, field: joinField(item.field, ['#binary', ...rest].join('.')), item: false };
  return undefined;
}

/**
 * The tests of code that throws on bad input, each on the value it reads: `if (!/^\d+$/.test(String(orderId))) throw …`
 * tests `body.orderId` when `orderId` was destructured from `$json.body`, with the regex's reading ({@link regexOp}).
 * Only a test that decides whether the code throws (or returns no items) counts, and only on the way every item
 * takes: not one inside a branch, after an early `return` or `continue`, in a `try` whose `catch` goes on, or whose
 * result is not what the `if` tests. A test of a value computed from a field (`parseInt(x)`, `x.split(';')[0]`, a
 * variable bound to one) does not test the field, nor does one through a variable assigned more than once.
 * `refs` are the code's references; `python` reads Python's `re.fullmatch`/`re.match`/`isdigit` before a `raise`.
 */
export function codeTests(code: string, refs: readonly Reference[], python: boolean): CodeTest[] {
  if (python) return pythonTests(code, refs);
  return [...(readCode(code, refs)?.tests ?? [])];
}

/**
 * Whose code it is: n8n code (a webhook's request is `body`, `headers`, binary data; `return []` stops the items) or a
 * Node-RED function (an `http in` request is `msg.payload` and `msg.req.headers`; `return null` or `return;` drops the message).
 */
export type CodeDialect = 'n8n' | 'node-red';

let lastRead: { readonly code: string; readonly refs: readonly Reference[]; readonly dialect: CodeDialect; readonly reading: CodeReading | undefined } | undefined;

/** What JavaScript code checks, returns and verifies; undefined when it does not parse or is too long. */
export function readCode(code: string, refs: readonly Reference[], dialect: CodeDialect = 'n8n'): CodeReading | undefined {
  // The describer asks for the output and then for the checks of the same code: read it once.
  if (lastRead && lastRead.code === code && lastRead.refs === refs && lastRead.dialect === dialect) return lastRead.reading;
  let reading: CodeReading | undefined;
  if (code.length <= MAX_CODE) {
    try {
      reading = new CodeReader(code, refs, parseScript(code) as AnyNode, dialect).read();
    } catch {
      reading = undefined; // a syntax error, or nesting deeper than the parser's stack
    }
  }
  lastRead = { code, refs, dialect, reading };
  return reading;
}

/** The names a binding pattern binds (`{ a, b: [c], ...d }` binds a, c, d). */
function namesOf(pattern: AnyNode | null | undefined, out: { name: string; at: number }[] = []): { name: string; at: number }[] {
  if (!pattern || out.length > 256) return out;
  switch (pattern.type) {
    case 'Identifier':
      out.push({ name: pattern.name, at: pattern.start });
      break;
    case 'ObjectPattern':
      for (const p of pattern.properties) namesOf(p.type === 'Property' ? p.value : p, out);
      break;
    case 'ArrayPattern':
      for (const e of pattern.elements) namesOf(e, out);
      break;
    case 'AssignmentPattern':
      namesOf(pattern.left, out);
      break;
    case 'RestElement':
      namesOf(pattern.argument, out);
      break;
    default:
      break;
  }
  return out;
}

/** The name of a property read or written without computing it (`a.b`, `a['b']`, `a[0]`); undefined for `a[k]`. */
function keyOf(key: AnyNode, computed: boolean): string | undefined {
  if (!computed && key.type === 'Identifier') return key.name;
  if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number')) return String(key.value);
  return undefined;
}

/** The name a call is made by: `f(…)` gives `f`, `a.b.f(…)` gives `f`. */
function calleeName(node: AnyNode): string | undefined {
  if (node.type !== 'CallExpression' && node.type !== 'NewExpression') return undefined;
  const callee = node.callee;
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier') return callee.property.name;
  return undefined;
}

class CodeReader {
  readonly #code: string;
  readonly #refs: readonly Reference[];
  readonly #program: AnyNode;
  readonly #refAt = new Map<string, Reference>();
  /** Where each name is bound or assigned. */
  readonly #sites = new Map<string, number[]>();
  readonly #inits = new Map<string, AnyNode>();
  readonly #parts = new Map<string, { readonly init: AnyNode; readonly key: string }>();
  readonly #elements = new Map<string, AnyNode>();
  readonly #hmacs: AnyNode[] = [];
  /** `x.update(…)` and `x.digest(…)` calls by the node `x` they are made on. */
  readonly #updateOn = new Map<AnyNode, AnyNode>();
  readonly #digestsOn = new Map<AnyNode, AnyNode[]>();
  /** The declaration that binds a value to a name (`const h = createHmac(…)`), by the value. */
  readonly #declared = new Map<AnyNode, { readonly id: AnyNode & { type: 'Identifier' }; readonly statement: AnyNode }>();
  /** The statement list (of the code or a block) each statement is in. */
  readonly #lists = new Map<AnyNode, readonly AnyNode[]>();
  /** The functions and loops of the code, and the calls that may change any object (`Object.assign(o, …)`). */
  readonly #functions: AnyNode[] = [];
  readonly #loops: AnyNode[] = [];
  readonly #assignCalls: AnyNode[] = [];
  readonly #returns: AnyNode[] = [];
  readonly #values = new Map<AnyNode, Value | null>();
  readonly #tests: CodeTest[] = [];
  readonly #seen = new Set<string>();
  /** The terms of the conditions that guard a `throw`, with the value each must have for the code to go on. */
  readonly #guards: { readonly node: AnyNode; readonly want: boolean }[] = [];
  /** The objects the code changes in place (`o` of `o.url = …`, `delete o.x`, `o.n++`): what it spreads may have changed. */
  readonly #changed: AnyNode[] = [];
  /** `Object.assign(…)` and the like: any object may have changed. */
  #assigns = false;
  /** Accumulators of `reduce` calls that start from an object or array literal (`parts.reduce((acc, p) => …, {})`). */
  readonly #fresh = new Set<string>();
  #steps = 0;

  readonly #dialect: CodeDialect;

  constructor(code: string, refs: readonly Reference[], program: AnyNode, dialect: CodeDialect) {
    this.#code = code;
    this.#refs = refs;
    this.#program = program;
    this.#dialect = dialect;
    for (const r of refs) this.#refAt.set(`${r.start}:${r.end}`, r);
  }

  read(): CodeReading {
    this.#survey();
    if (this.#program.type === 'Program') this.#walk(this.#program.body, true);
    const output = this.#output();
    return { tests: this.#tests, signatures: this.#signatures(), ...(output ? { output } : {}) };
  }

  #spend(): boolean {
    return ++this.#steps <= MAX_STEPS;
  }

  /** Every binding of the code: declarations, assignments, parameters, loop variables; `createHmac` calls; top-level returns. */
  #survey(): void {
    const stack: { node: AnyNode; inFunction: boolean }[] = [{ node: this.#program, inFunction: false }];
    const site = (name: string, at: number) => {
      const list = this.#sites.get(name);
      if (list) list.push(at);
      else this.#sites.set(name, [at]);
    };
    while (stack.length && this.#spend()) {
      const { node, inFunction } = stack.pop()!;
      switch (node.type) {
        case 'Program':
        case 'BlockStatement':
          for (const stmt of node.body) this.#lists.set(stmt, node.body);
          break;
        case 'VariableDeclaration':
          for (const d of node.declarations) if (d.init && d.id.type === 'Identifier') this.#declared.set(d.init, { id: d.id, statement: node });
          break;
        case 'VariableDeclarator':
          for (const n of namesOf(node.id)) site(n.name, n.at);
          if (node.init && node.id.type === 'Identifier') this.#inits.set(node.id.name, node.init);
          if (node.init && node.id.type === 'ObjectPattern') this.#destructured(node.id, node.init, '');
          break;
        case 'AssignmentExpression':
          for (const n of namesOf(node.left)) site(n.name, n.at);
          if (node.left.type === 'MemberExpression') this.#changed.push(node.left);
          break;
        case 'UpdateExpression':
          if (node.argument.type === 'Identifier') site(node.argument.name, node.argument.start);
          else this.#changed.push(node.argument);
          break;
        case 'UnaryExpression':
          if (node.operator === 'delete') this.#changed.push(node.argument);
          break;
        case 'FunctionDeclaration':
        case 'FunctionExpression':
        case 'ArrowFunctionExpression':
          this.#functions.push(node);
          if (node.type !== 'ArrowFunctionExpression' && node.id) site(node.id.name, node.id.start);
          if (node.type === 'FunctionDeclaration' && node.id) this.#inits.set(node.id.name, node);
          for (const p of node.params) for (const n of namesOf(p)) site(n.name, n.at);
          break;
        case 'CatchClause':
          for (const n of namesOf(node.param)) site(n.name, n.at);
          break;
        case 'ClassDeclaration':
          if (node.id) site(node.id.name, node.id.start);
          break;
        case 'ForStatement':
        case 'WhileStatement':
        case 'DoWhileStatement':
          this.#loops.push(node);
          break;
        case 'ForOfStatement':
        case 'ForInStatement':
          this.#loops.push(node);
          if (node.left.type === 'VariableDeclaration' && node.left.declarations.length === 1 && node.left.declarations[0].id.type === 'Identifier') {
            this.#elements.set(node.left.declarations[0].id.name, node.right);
          } else if (node.left.type !== 'VariableDeclaration') for (const n of namesOf(node.left)) site(n.name, n.at);
          break;
        case 'CallExpression': {
          const name = calleeName(node);
          if (name === 'assign' || name === 'defineProperty' || name === 'defineProperties' || name === 'setProperty') {
            this.#assigns = true;
            this.#assignCalls.push(node);
          }
          if (name === 'createHmac') this.#hmacs.push(node);
          const initial = node.arguments[1];
          if (name === 'reduce' && (initial?.type === 'ObjectExpression' || initial?.type === 'ArrayExpression')) {
            const first = node.arguments[0];
            const param = first && (first.type === 'ArrowFunctionExpression' || first.type === 'FunctionExpression') ? first.params[0] : undefined;
            if (param?.type === 'Identifier') this.#fresh.add(param.name);
          }
          if (node.callee.type === 'MemberExpression' && !node.callee.computed) {
            if (name === 'update') this.#updateOn.set(node.callee.object, node);
            if (name === 'digest') this.#digestsOn.set(node.callee.object, [...(this.#digestsOn.get(node.callee.object) ?? []), node]);
          }
          const callback = node.arguments[0];
          if (name && ITERATORS.has(name) && node.callee.type === 'MemberExpression' && callback && (callback.type === 'ArrowFunctionExpression' || callback.type === 'FunctionExpression')) {
            const param = callback.params[name === 'reduce' ? 1 : 0];
            if (param?.type === 'Identifier') this.#elements.set(param.name, node.callee.object);
          }
          break;
        }
        case 'ReturnStatement':
          if (!inFunction) this.#returns.push(node);
          break;
        default:
          break;
      }
      const inside = inFunction || FUNCTION_TYPES.has(node.type);
      const children = syntaxChildren(node);
      for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], inFunction: inside });
    }
  }

  /** The data `node` holds, when it is a copy of a field (or of items): a reference, a variable bound once to one, a property of either. */
  #valueOf(node: AnyNode, depth = 0): Value | undefined {
    if (depth > MAX_DEPTH || !this.#spend()) return undefined;
    const known = this.#values.get(node);
    if (known !== undefined) return known ?? undefined;
    this.#values.set(node, null); // a cycle reads as no value
    const value = this.#computeValue(node, depth);
    this.#values.set(node, value ?? null);
    return value;
  }

  #computeValue(node: AnyNode, depth: number): Value | undefined {
    const ref = this.#refAt.get(`${node.start}:${node.end}`);
    // `$input.all()`, `items`, `$('X').first()` hold items; `$json`, `$input.first().json` their data; `$json.x.length`
    // is a number computed from x.
    if (ref && node.type === 'MemberExpression' && !node.computed && keyOf(node.property, false) === 'length') return undefined;
    if (ref) return { ref, field: ref.field, item: ref.field === '' && !/json\s*$/.test(this.#code.slice(ref.start, ref.end)) };
    switch (node.type) {
      case 'Identifier':
        return this.#bound(node.name, depth);
      case 'MemberExpression': {
        const base = this.#valueOf(node.object, depth + 1);
        const key = keyOf(node.property, node.computed);
        // `x.length` is a number computed from x, not a field of it.
        if (!base || key === undefined || (key === 'length' && !node.computed)) return undefined;
        const index = node.computed && node.property.type === 'Literal' && typeof node.property.value === 'number';
        if (base.item) return index ? base : itemPart(base, key);
        return index ? base : { ref: base.ref, field: joinField(base.field, key), item: false };
      }
      case 'ChainExpression':
        return this.#valueOf(node.expression, depth + 1);
      case 'AwaitExpression':
        return this.#valueOf(node.argument, depth + 1);
      case 'CallExpression': {
        const callee = node.callee;
        const keeping = callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier' && KEEPING_METHODS.has(callee.property.name) && !node.arguments.length;
        const inner = keeping ? (callee as { object: AnyNode }).object : callee.type === 'Identifier' && callee.name === 'String' && node.arguments.length === 1 ? node.arguments[0] : undefined;
        const value = inner && inner.type !== 'SpreadElement' ? this.#valueOf(inner, depth + 1) : undefined;
        return value && !value.item ? value : undefined;
      }
      case 'LogicalExpression':
        // `$json.name || ''`: the value, or a constant.
        return (node.operator === '||' || node.operator === '??') && node.right.type === 'Literal' ? this.#valueOf(node.left, depth + 1) : undefined;
      case 'TemplateLiteral': {
        if (node.expressions.length !== 1 || node.quasis.some((q) => q.value.cooked !== '')) return undefined;
        const value = this.#valueOf(node.expressions[0], depth + 1);
        return value && !value.item ? value : undefined;
      }
      default:
        return undefined;
    }
  }

  /** The data a name holds: only a name bound once (a variable assigned again may hold anything by the time it is tested). */
  /** The names an object pattern binds to parts of `init`, with the key path of each (`{ binary: { data } }`: `binary.data`). */
  #destructured(pattern: AnyNode & { type: 'ObjectPattern' }, init: AnyNode, path: string): void {
    for (const p of pattern.properties) {
      if (p.type !== 'Property') continue;
      const key = keyOf(p.key, p.computed);
      if (key === undefined) continue;
      const target = p.value.type === 'AssignmentPattern' ? p.value.left : p.value;
      if (target.type === 'Identifier') this.#parts.set(target.name, { init, key: joinField(path, key) });
      else if (target.type === 'ObjectPattern') this.#destructured(target, init, joinField(path, key));
    }
  }

  #bound(name: string, depth: number): Value | undefined {
    if (this.#sites.get(name)?.length !== 1) return undefined;
    const init = this.#inits.get(name);
    if (init) return FUNCTION_TYPES.has(init.type) ? undefined : this.#valueOf(init, depth + 1);
    const part = this.#parts.get(name);
    if (part) {
      const base = this.#valueOf(part.init, depth + 1);
      if (!base) return undefined;
      return base.item ? itemPart(base, part.key) : { ref: base.ref, field: joinField(base.field, part.key), item: false };
    }
    const collection = this.#elements.get(name);
    // An element of items is an item; an element of an array field has the field's name (indexes are dropped).
    return collection ? this.#valueOf(collection, depth + 1) : undefined;
  }

  /** The data values a condition reads (outermost: `b.slug`, not `b`), in source order. */
  #valuesIn(root: AnyNode): { start: number; end: number; value: Value }[] {
    const out: { start: number; end: number; value: Value }[] = [];
    const stack: AnyNode[] = [root];
    while (stack.length && out.length < 64 && this.#spend()) {
      const node = stack.pop()!;
      if (FUNCTION_TYPES.has(node.type)) continue;
      if (this.#refAt.has(`${node.start}:${node.end}`) || node.type === 'Identifier' || node.type === 'MemberExpression' || node.type === 'ChainExpression') {
        const value = this.#valueOf(node);
        if (value && !value.item) {
          out.push({ start: node.start, end: node.end, value });
          continue;
        }
        if (value) continue;
      }
      let children: AnyNode[];
      if (node.type === 'MemberExpression') children = node.computed ? [node.object, node.property] : [node.object];
      else if (node.type === 'Property') children = node.computed ? [node.key, node.value] : [node.value];
      // A method called on a value reads the value, not a property named like the method (`email.match(…)`).
      else if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression') children = [node.callee.computed ? node.callee : node.callee.object, ...node.arguments];
      else children = syntaxChildren(node);
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    }
    return out.sort((a, b) => a.start - b.start);
  }

  #regexNamed: RegexNamed = (name) => {
    if (this.#sites.get(name)?.length !== 1) return undefined;
    const init = this.#inits.get(name);
    if (init?.type === 'Literal' && init.regex) return `/${init.regex.pattern}/${init.regex.flags}`;
    if (init?.type === 'NewExpression' && init.callee.type === 'Identifier' && init.callee.name === 'RegExp') {
      const [source, flags] = init.arguments.map((a) => (a.type === 'Literal' && typeof a.value === 'string' ? a.value : undefined));
      if (source !== undefined && init.arguments.length <= 2 && (init.arguments.length === 1 || flags !== undefined)) return `/${source}/${flags ?? ''}`;
    }
    return undefined;
  };

  /**
   * Reads the statements every item goes through, in order: the tests of each `if` that throws (or returns no items)
   * count; the walk stops at the first statement that may end the code or skip the rest early (`return`, `continue`,
   * `break`, a `throw` with no test), since later tests do not hold for what left before. Loops over the items and
   * callbacks of array methods run for every element; branches and functions declared for later are not read.
   * `top`: the code itself, where `return []` stops every item.
   */
  #walk(statements: readonly AnyNode[], top: boolean): boolean {
    for (const stmt of statements) {
      if (!this.#spend()) return false;
      switch (stmt.type) {
        case 'IfStatement': {
          const passes = this.#stops(stmt.consequent, top) ? false : stmt.alternate && this.#stops(stmt.alternate, top) ? true : undefined;
          if (passes === undefined) {
            if (this.#exits(stmt)) return false;
            break;
          }
          this.#condition(stmt.test, passes, 0);
          const other = passes ? stmt.consequent : stmt.alternate;
          if (other && this.#exits(other)) return false;
          break;
        }
        case 'BlockStatement':
          if (!this.#walk(stmt.body, top)) return false;
          break;
        case 'TryStatement':
          // A `catch` that does not always throw again goes on after any test of the `try` failed.
          if (stmt.handler && !this.#stops(stmt.handler.body, false)) {
            if (this.#exits(stmt.block)) return false;
          } else if (!this.#walk(stmt.block.body, top)) return false;
          if (stmt.handler && this.#exits(stmt.handler.body)) return false;
          if (stmt.finalizer && !this.#walk(stmt.finalizer.body, top)) return false;
          break;
        case 'ForOfStatement':
        case 'ForInStatement':
        case 'ForStatement':
        case 'WhileStatement':
        case 'DoWhileStatement':
          if (!this.#walk(stmt.body.type === 'BlockStatement' ? stmt.body.body : [stmt.body], top)) return false;
          break;
        case 'ExpressionStatement':
          if (!this.#callbacks(stmt.expression)) return false;
          break;
        case 'VariableDeclaration':
          for (const d of stmt.declarations) if (d.init && !this.#callbacks(d.init)) return false;
          break;
        case 'ReturnStatement':
          if (stmt.argument) this.#callbacks(stmt.argument);
          return false;
        case 'FunctionDeclaration':
        case 'ClassDeclaration':
        case 'EmptyStatement':
          break;
        case 'LabeledStatement':
          if (!this.#walk([stmt.body], top)) return false;
          break;
        default:
          if (this.#exits(stmt)) return false;
      }
    }
    return true;
  }

  /** Reads the bodies of array-method callbacks (`items.forEach(item => { … })`) in an expression; false once one may end early. */
  #callbacks(expression: AnyNode): boolean {
    const stack: AnyNode[] = [expression];
    const calls: AnyNode[] = [];
    while (stack.length && this.#spend()) {
      const node = stack.pop()!;
      if (FUNCTION_TYPES.has(node.type)) continue;
      if (node.type === 'CallExpression') calls.push(node);
      const children = syntaxChildren(node);
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    }
    for (const call of calls.sort((a, b) => a.start - b.start)) {
      if (call.type !== 'CallExpression') continue;
      const name = calleeName(call);
      const callback = call.arguments[0];
      if (!name || !ITERATORS.has(name) || !callback || (callback.type !== 'ArrowFunctionExpression' && callback.type !== 'FunctionExpression') || callback.async) continue;
      if (callback.body.type === 'BlockStatement' && !this.#walk(callback.body.body, false)) return false;
    }
    return true;
  }

  /**
   * True when `node` always stops the items when it runs: `throw …`, or (in the code itself) `return []` (n8n), `return
   * null` or `return;` (Node-RED); a block that gets there.
   */
  #stops(node: AnyNode, top: boolean): boolean {
    if (node.type === 'ThrowStatement') return true;
    if (top && node.type === 'ReturnStatement') {
      const value = node.argument;
      if (this.#dialect === 'n8n' && value?.type === 'ArrayExpression' && value.elements.length === 0) return true;
      if (this.#dialect === 'node-red' && (!value || (value.type === 'Literal' && value.value === null) || (value.type === 'Identifier' && value.name === 'undefined'))) return true;
    }
    if (node.type !== 'BlockStatement') return false;
    for (const stmt of node.body) {
      if (this.#stops(stmt, top)) return true;
      if (this.#exits(stmt) || this.#contains(stmt, 'ThrowStatement')) return false;
    }
    return false;
  }

  /** True when `node` may leave the code or the loop early (`return`, `break`, `continue`), outside functions it declares. */
  #exits(node: AnyNode): boolean {
    return this.#contains(node, 'ReturnStatement') || this.#contains(node, 'BreakStatement') || this.#contains(node, 'ContinueStatement');
  }

  /** True when `node` holds a statement of `type` outside the functions it declares (true when the budget runs out). */
  #contains(node: AnyNode, type: string): boolean {
    const stack: AnyNode[] = [node];
    while (stack.length) {
      if (!this.#spend()) return true;
      const n = stack.pop()!;
      if (n.type === type) return true;
      if (FUNCTION_TYPES.has(n.type)) continue;
      stack.push(...syntaxChildren(n));
    }
    return false;
  }

  /**
   * Records what a condition says when it has the value `want` (the code goes on only then): `!a` is `a` the other way,
   * `a || b` false is both false, `a && b` true is both true; a name bound once to a test (`const ok = re.test(x)`) is
   * that test. Other terms are read by {@link jsConditionOps}.
   */
  #condition(node: AnyNode, want: boolean, depth: number): void {
    if (depth > 8 || !this.#spend()) return;
    if (node.type === 'UnaryExpression' && node.operator === '!') return this.#condition(node.argument, !want, depth + 1);
    if (node.type === 'LogicalExpression' && ((node.operator === '||' && !want) || (node.operator === '&&' && want))) {
      this.#condition(node.left, want, depth + 1);
      this.#condition(node.right, want, depth + 1);
      return;
    }
    if (node.type === 'LogicalExpression' && node.operator === '??') return;
    if (node.type === 'Identifier' && !this.#valueOf(node) && this.#sites.get(node.name)?.length === 1) {
      const init = this.#inits.get(node.name);
      if (init && !FUNCTION_TYPES.has(init.type)) this.#condition(init, want, depth + 1);
      return;
    }
    this.#guards.push({ node, want });
    const spans = this.#valuesIn(node);
    if (!spans.length) return;
    const ops = jsConditionOps(this.#code, node.start, node.end, spans, !want, this.#regexNamed);
    spans.forEach((span, i) => {
      const op = ops[i];
      if (!op || this.#tests.length >= MAX_TESTS) return;
      const ref = { ...span.value.ref, field: span.value.field };
      const key = `${ref.kind}\u0000${ref.target ?? ''}\u0000${ref.field}\u0000${op}`;
      if (this.#seen.has(key)) return;
      this.#seen.add(key);
      this.#tests.push({ ref, op });
    });
  }

  /** The references a value is computed from (through the variables it reads); `all` when it reads one the reader cannot follow. */
  #dependencies(root: AnyNode, visiting = new Set<string>()): Dependencies {
    const out = new Set<Reference>();
    for (const r of this.#refs) if (r.start >= root.start && r.end <= root.end) out.add(r);
    const stack: AnyNode[] = [root];
    while (stack.length) {
      if (!this.#spend()) return 'all';
      const node = stack.pop()!;
      if (node.type === 'Identifier') {
        const sites = this.#sites.get(node.name);
        // Free names (globals, `$now`) hold no data; names bound only inside the value are its own.
        if (!sites || sites.every((at) => at >= root.start && at < root.end) || visiting.has(node.name)) continue;
        if (sites.length !== 1 || visiting.size > MAX_DEPTH) return 'all';
        const source = this.#inits.get(node.name) ?? this.#parts.get(node.name)?.init ?? this.#elements.get(node.name);
        if (!source) return 'all';
        visiting.add(node.name);
        const inner = this.#dependencies(source, visiting);
        visiting.delete(node.name);
        if (inner === 'all') return 'all';
        for (const r of inner) out.add(r);
        continue;
      }
      if (node.type === 'MemberExpression') stack.push(...(node.computed ? [node.object, node.property] : [node.object]));
      else if (node.type === 'Property') stack.push(...(node.computed ? [node.key, node.value] : [node.value]));
      else stack.push(...syntaxChildren(node));
    }
    return out;
  }

  /**
   * The fields of what the code returns, when its only `return` outside nested functions builds an object literal
   * (`return { ...$input.first().json, command }`, `return [{ json: { a: $json.body.a } }]`): a spread of the input or a
   * property that copies a field keeps it whole at its place; any other property is computed from what it reads. Not
   * read when the code changes objects in place (a spread object may hold other values by then).
   */
  /**
   * True when the code may change data it read in place: an object it changes is not one it made itself (a name bound once
   * to an object or array literal, or the accumulator of a `reduce` that starts from one).
   */
  #changesData(): boolean {
    if (this.#assigns) return true;
    return this.#changed.some((target) => {
      let root: AnyNode = target;
      while (root.type === 'MemberExpression' || root.type === 'ChainExpression') root = root.type === 'MemberExpression' ? root.object : root.expression;
      if (root.type !== 'Identifier' || this.#refAt.has(`${root.start}:${root.end}`) || this.#sites.get(root.name)?.length !== 1) return true;
      const init = this.#inits.get(root.name);
      const fresh = init?.type === 'ObjectExpression' || init?.type === 'ArrayExpression' || (init?.type === 'NewExpression' && init.callee.type === 'Identifier' && ['Map', 'Set', 'Array', 'Object'].includes(init.callee.name));
      return !fresh && !(this.#fresh.has(root.name) && !init && !this.#parts.has(root.name) && !this.#elements.has(root.name));
    });
  }

  #output(): CodeOutputField[] | undefined {
    if (this.#returns.length !== 1 || this.#changesData()) return undefined;
    let value: AnyNode | null | undefined = (this.#returns[0] as { argument?: AnyNode | null }).argument;
    if (value?.type === 'ArrayExpression' && value.elements.length === 1) value = value.elements[0];
    if (value?.type !== 'ObjectExpression') return undefined;
    const json = value.properties.find((p) => p.type === 'Property' && keyOf(p.key, p.computed) === 'json');
    if (json) {
      // `{ json: { … } }` is an item; an item whose data is not written out (`{ json: out }`) is not read.
      if (json.type !== 'Property' || json.value.type !== 'ObjectExpression' || !value.properties.every((p) => p.type === 'Property' && ['json', 'binary', 'pairedItem'].includes(keyOf(p.key, p.computed) ?? ''))) return undefined;
      value = json.value;
    }
    if (value.type !== 'ObjectExpression') return undefined;
    // A spread after a property may write over it (`{ url: 'https://x/', ...$json }`): not read field by field.
    if (value.properties.some((p, i) => p.type === 'SpreadElement' && i > 0 && value.properties[i - 1].type !== 'SpreadElement')) return undefined;
    const spreads = new Set<Reference>();
    for (const p of value.properties) {
      const ref = p.type === 'SpreadElement' ? this.#refAt.get(`${p.argument.start}:${p.argument.end}`) : undefined;
      if (ref) spreads.add(ref);
    }
    // What a value the reader cannot follow may hold: anything the code reads, but the input it spreads whole.
    const everything = this.#refs.filter((r) => !spreads.has(r));
    const fields: CodeOutputField[] = [];
    for (const p of value.properties) {
      if (p.type === 'SpreadElement') {
        const spread = this.#valueOf(p.argument);
        if (!spread || spread.item) return undefined;
        fields.push({ at: '', refs: [{ ...spread.ref, field: spread.field }], whole: true });
        continue;
      }
      const key = keyOf(p.key, p.computed);
      if (key === undefined || p.kind !== 'init' || p.method || key.includes('.')) return undefined;
      const copy = this.#valueOf(p.value);
      if (copy && !copy.item) {
        fields.push({ at: key, refs: [{ ...copy.ref, field: copy.field }], whole: true });
        continue;
      }
      const deps = this.#dependencies(p.value);
      fields.push({ at: key, refs: deps === 'all' ? everything : [...deps], whole: false });
    }
    return fields;
  }

  /**
   * The HMAC checks the code makes on the way every item takes: a `createHmac(…, key)` fed by `.update(…)` calls whose
   * last holds the whole request (its raw body, `binary`, or its `body`, kept whole: {@link #holdsWholeRequest}) read in
   * an encoding that keeps every character ({@link #signing}: chained, or statements on a name bound to the HMAC), and a
   * test that throws unless its digest ({@link #isDigest}) equals a header of the request that no HMAC of the code is
   * part of (`expected !== headers['x-slack-signature']`, `!crypto.timingSafeEqual(a, b)`).
   */
  #signatures(): CodeSignature[] {
    const out: CodeSignature[] = [];
    for (const hmac of this.#hmacs) {
      if (hmac.type !== 'CallExpression' || hmac.arguments.length < 2 || hmac.arguments[1].type === 'SpreadElement') continue;
      const key = this.#dependencies(hmac.arguments[1]);
      if (key === 'all' || this.#isEmptyText(hmac.arguments[1])) continue;
      const signing = this.#signing(hmac);
      const last = signing?.updates[signing.updates.length - 1];
      const [signed, encoding] = last?.type === 'CallExpression' ? last.arguments : [];
      if (!signing || !signed || signed.type === 'SpreadElement' || !keepsText(encoding, TEXT_ENCODINGS)) continue;
      const read: { value: Value; kind: Whole }[] = [];
      if (!this.#holdsWholeRequest(signed, read) || this.#changesAny(read, last!)) continue;
      for (const guard of this.#guards) {
        const sides = this.#comparedSides(guard.node, guard.want);
        if (!sides) continue;
        for (const [digest, other] of [sides, [sides[1], sides[0]]]) {
          if (!this.#isDigest(digest, signing.digest) || this.#hmacs.some((h) => this.#mentions(other, h))) continue;
          const header = this.#headerIn(other);
          if (header) out.push({ header: header.name, headerRef: header.ref, keyRefs: [...key] });
        }
      }
    }
    return out;
  }

  /**
   * How an HMAC is fed and read: its `.update(…)` calls in the order they run, and the one `.digest(…)` taken after them.
   * Chained (`createHmac(…).update(a).update(b).digest('hex')`), or on a name bound once to it (`const h = createHmac(…)`,
   * maybe with updates chained): then every other use of the name is an update statement of the block that declares it,
   * after the declaration and with nothing between that may leave the block, or the one digest (in the same function,
   * after the last of them; `h.update(b).digest()` adds `b` last). An update in a branch, a loop or a helper, the HMAC
   * handed on, or a digest taken before an update is not read. Undefined when there is no update.
   */
  #signing(hmac: AnyNode): { readonly updates: readonly AnyNode[]; readonly digest: AnyNode } | undefined {
    const chain = (base: AnyNode) => {
      const updates: AnyNode[] = [];
      let top = base;
      for (let u = this.#updateOn.get(top); u && updates.length <= MAX_DEPTH; u = this.#updateOn.get(top)) {
        updates.push(u);
        top = u;
      }
      return { updates, top };
    };
    const own = chain(hmac);
    const direct = this.#digestsOn.get(own.top);
    if (direct) return own.updates.length && direct.length === 1 ? { updates: own.updates, digest: direct[0] } : undefined;
    const declared = this.#declared.get(own.top);
    const list = declared && this.#lists.get(declared.statement);
    const name = declared?.id.name;
    if (!declared || !list || !name || this.#sites.get(name)?.length !== 1) return undefined;
    const uses = this.#usesOf(name, declared.id);
    if (!uses) return undefined;
    // Update statements after the declaration: `h.update(a);`, `h.update(a).update(b);`.
    const updates = [...own.updates];
    const fed = new Set<AnyNode>();
    const at = list.indexOf(declared.statement);
    let lastFed = at;
    for (let i = at + 1; i < list.length; i++) {
      const stmt = list[i];
      if (stmt.type !== 'ExpressionStatement') continue;
      const calls: AnyNode[] = [];
      let n: AnyNode = stmt.expression;
      while (n.type === 'CallExpression' && n.callee.type === 'MemberExpression' && this.#updateOn.get(n.callee.object) === n && calls.length <= MAX_DEPTH) {
        calls.unshift(n);
        n = n.callee.object;
      }
      if (!calls.length || n.type !== 'Identifier' || n.name !== name) continue;
      updates.push(...calls);
      fed.add(n);
      lastFed = i;
    }
    for (let i = at + 1; i < lastFed; i++) if (this.#exits(list[i])) return undefined;
    const others = uses.filter((u) => !fed.has(u));
    if (others.length !== 1) return undefined;
    const tail = chain(others[0]);
    const digests = this.#digestsOn.get(tail.top);
    const digest = digests?.length === 1 ? digests[0] : undefined;
    const after = lastFed > at ? list[lastFed].end : declared.statement.end;
    if (!digest || digest.start < after || this.#functionAt(digest.start) !== this.#functionAt(declared.statement.start)) return undefined;
    updates.push(...tail.updates);
    return updates.length ? { updates, digest } : undefined;
  }

  /** The identifiers that read the name `name` (not `binding`, where it is declared); undefined when the budget runs out. */
  #usesOf(name: string, binding: AnyNode): AnyNode[] | undefined {
    const out: AnyNode[] = [];
    const stack: AnyNode[] = [this.#program];
    while (stack.length) {
      if (!this.#spend()) return undefined;
      const n = stack.pop()!;
      if (n.type === 'Identifier') {
        if (n.name === name && n !== binding) out.push(n);
        continue;
      }
      // Names that are not reads: a property written out (`a.h`, `{ h: 1 }`, a method `h()`), a label.
      if (n.type === 'MemberExpression') stack.push(...(n.computed ? [n.object, n.property] : [n.object]));
      else if (n.type === 'Property' || n.type === 'MethodDefinition' || n.type === 'PropertyDefinition') stack.push(...syntaxChildren(n).filter((c) => n.computed || c !== n.key));
      else if (n.type === 'LabeledStatement') stack.push(n.body);
      else if (n.type !== 'BreakStatement' && n.type !== 'ContinueStatement') stack.push(...syntaxChildren(n));
    }
    return out;
  }

  /** The innermost function the code declares that holds the offset `at` (undefined: the code itself). */
  #functionAt(at: number): AnyNode | undefined {
    let inner: AnyNode | undefined;
    for (const f of this.#functions) if (f.start <= at && at < f.end && (!inner || f.start >= inner.start)) inner = f;
    return inner;
  }

  /**
   * True when `node` is the digest `digest`, kept whole: itself, a name bound once to it, constant text joined to it
   * (`'v0=' + …`), `String`, `.toString()`, `trim` or a change of case, `Buffer.from` of it as text (or in the encoding it
   * was written in, when nothing is joined to it: `Buffer.from('sha256=' + hex, 'hex')` reads no bytes at all), or a call
   * of a function bound once that returns it. A value computed from it (its length, a slice, `typeof`, a constant it may
   * be instead) is equal to other values without the key.
   */
  #isDigest(node: AnyNode, digest: AnyNode, depth = 0): boolean {
    if (node === digest) return true;
    if (depth > MAX_DEPTH || !this.#spend()) return false;
    const again = (n: AnyNode | null | undefined) => !!n && n.type !== 'SpreadElement' && this.#isDigest(n, digest, depth + 1);
    const bare = (n: AnyNode): AnyNode => {
      for (let i = 0; i <= MAX_DEPTH && n.type === 'Identifier' && this.#sites.get(n.name)?.length === 1; i++) {
        const init = this.#inits.get(n.name);
        if (!init || FUNCTION_TYPES.has(init.type)) break;
        n = init;
      }
      return n;
    };
    switch (node.type) {
      case 'Identifier': {
        const init = this.#sites.get(node.name)?.length === 1 ? this.#inits.get(node.name) : undefined;
        return !!init && !FUNCTION_TYPES.has(init.type) && again(init);
      }
      case 'BinaryExpression':
        return node.operator === '+' && node.left.type !== 'PrivateIdentifier' && ((again(node.left) && isConstantText(node.right)) || (isConstantText(node.left) && again(node.right)));
      case 'TemplateLiteral':
        return node.expressions.length === 1 && again(node.expressions[0]);
      case 'CallExpression': {
        const callee = node.callee;
        const args = node.arguments;
        if (args.some((a) => a.type === 'SpreadElement')) return false;
        if (callee.type === 'Identifier') {
          if (callee.name === 'String') return args.length === 1 && again(args[0]);
          // A function bound once that returns the digest (`const sign = () => …`, `function sign() { return …; }`).
          const fn = this.#sites.get(callee.name)?.length === 1 ? this.#inits.get(callee.name) : undefined;
          if (fn?.type !== 'ArrowFunctionExpression' && fn?.type !== 'FunctionExpression' && fn?.type !== 'FunctionDeclaration') return false;
          const body = fn.body;
          if (body.type !== 'BlockStatement') return again(body);
          const only = body.body.length === 1 ? body.body[0] : undefined;
          return only?.type === 'ReturnStatement' && again(only.argument);
        }
        if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') return false;
        const method = callee.property.name;
        const on = callee.object as AnyNode;
        if (method === 'toString') return args.length <= 1 && keepsText(args[0] as AnyNode | undefined, BYTE_ENCODINGS) && again(on);
        if (DIGEST_KEEPING_METHODS.has(method)) return !args.length && again(on);
        if (on.type !== 'Identifier' || on.name !== 'Buffer' || method !== 'from' || !args.length || args.length > 2) return false;
        const [value, encoding] = args as AnyNode[];
        if (keepsText(encoding, UTF8)) return again(value);
        // Read back in the digest's own encoding: only the digest itself, written in that encoding.
        const written = bare(value);
        const wrote = written === digest && written.type === 'CallExpression' ? written.arguments[0] : undefined;
        return (
          encoding.type === 'Literal' &&
          typeof encoding.value === 'string' &&
          DIGEST_ENCODINGS.has(encoding.value.toLowerCase()) &&
          wrote?.type === 'Literal' &&
          typeof wrote.value === 'string' &&
          wrote.value.toLowerCase() === encoding.value.toLowerCase()
        );
      }
      default:
        return false;
    }
  }

  /**
   * True when `node` is the empty text, written (`''`, an empty template), as an empty buffer (`Buffer.alloc(0)`,
   * `Buffer.from([])`, `Buffer.from('')` in any encoding) or held by a name bound once to it: an HMAC keyed with it is
   * one anyone computes.
   */
  #isEmptyText(node: AnyNode): boolean {
    for (let n: AnyNode | undefined = node, depth = 0; n && depth < 5; depth++) {
      if (n.type === 'Literal') return n.value === '';
      if (n.type === 'TemplateLiteral') return n.expressions.length === 0 && n.quasis.every((q) => q.value.cooked === '');
      if (n.type === 'CallExpression') {
        const callee = n.callee;
        const [first, ...rest]: readonly AnyNode[] = n.arguments as AnyNode[];
        const method = callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && callee.object.name === 'Buffer' ? calleeName(n) : undefined;
        if (!first || first.type === 'SpreadElement' || rest.some((a) => a.type === 'SpreadElement')) return false;
        if (method === 'alloc' || method === 'allocUnsafe') return first.type === 'Literal' && first.value === 0;
        if (method !== 'from' || rest.length > 1) return false;
        if (first.type === 'ArrayExpression') return first.elements.length === 0;
        n = first;
        continue;
      }
      if (n.type !== 'Identifier' || this.#sites.get(n.name)?.length !== 1) return false;
      n = this.#inits.get(n.name);
    }
    return false;
  }

  /** The two sides of a test that holds (with `want`) only when they are equal: `a === b` true, `a !== b` false, `timingSafeEqual(a, b)` and `a.equals(b)` true. */
  #comparedSides(node: AnyNode, want: boolean): [AnyNode, AnyNode] | undefined {
    if (node.type === 'BinaryExpression' && node.left.type !== 'PrivateIdentifier') {
      const equal = node.operator === '===' || node.operator === '==';
      const unequal = node.operator === '!==' || node.operator === '!=';
      return (equal && want) || (unequal && !want) ? [node.left, node.right] : undefined;
    }
    if (node.type === 'CallExpression' && want && calleeName(node) === 'timingSafeEqual' && node.arguments.length === 2 && node.arguments.every((a) => a.type !== 'SpreadElement')) {
      return [node.arguments[0] as AnyNode, node.arguments[1] as AnyNode];
    }
    // `Buffer#equals`: the bytes of one buffer equal the other's.
    if (node.type === 'CallExpression' && want && node.callee.type === 'MemberExpression' && !node.callee.computed && calleeName(node) === 'equals' && node.arguments.length === 1 && node.arguments[0].type !== 'SpreadElement') {
      return [node.callee.object as AnyNode, node.arguments[0] as AnyNode];
    }
    return undefined;
  }

  /** True when `node` holds `target`, itself or through names bound once (`const expected = hmac.digest('hex')`). */
  #mentions(node: AnyNode, target: AnyNode): boolean {
    return this.#throughBindings(node, (n) => (n.start <= target.start && target.end <= n.end ? true : undefined), { intoFunctions: true }) === true;
  }

  /**
   * How `node` holds the whole request ({@link Whole}), so that an HMAC of it signs every field: the whole message, or
   * the request's parsed or raw body, reached only through operations that keep all of it: a template literal or a `+`
   * that includes it as text, the calls of {@link keptArgument} (`JSON.stringify` of anything; `Buffer.from`, `String`,
   * `.toString()` of text), `await`, `a || b` (`??`) of such a value and another or a literal, `c ? a : b` of two such
   * values, a name bound once to one. Anything else may drop a part (`.slice(0, 1)`, `.split('&')[0]`, `raw[0]`,
   * `.length`, `.toLowerCase()`, one field of the body), and a literal on the left of `||` may be all there is
   * (`'v0' || raw`). The fields it reads are added to `read`. Followed at most {@link MAX_DEPTH} steps deep, and paid
   * from the budget; undefined when it does not hold the whole request.
   */
  #holdsWholeRequest(node: AnyNode, read: { value: Value; kind: Whole }[], depth = 0, visiting = new Set<string>()): Whole | undefined {
    if (depth > MAX_DEPTH || !this.#spend()) return undefined;
    const whole = (n: AnyNode | null | undefined) => (!n || n.type === 'SpreadElement' || n.type === 'PrivateIdentifier' ? undefined : this.#holdsWholeRequest(n, read, depth + 1, visiting));
    const text = (n: AnyNode | null | undefined) => whole(n) === 'text';
    const both = (a: Whole | undefined, b: Whole | undefined): Whole | undefined => (a && b ? (a === 'text' && b === 'text' ? 'text' : 'data') : undefined);
    if (this.#refAt.has(`${node.start}:${node.end}`)) return this.#readsWholeField(node, read);
    switch (node.type) {
      case 'Identifier': {
        if (this.#sites.get(node.name)?.length !== 1 || visiting.has(node.name)) return undefined;
        const init = this.#inits.get(node.name);
        if (!init) return this.#readsWholeField(node, read); // a name destructured from the request (`{ body } = $json`)
        if (FUNCTION_TYPES.has(init.type)) return undefined;
        visiting.add(node.name);
        const held = whole(init);
        visiting.delete(node.name);
        return held;
      }
      case 'MemberExpression':
        return this.#readsWholeField(node, read);
      case 'ChainExpression':
        return whole(node.expression);
      case 'AwaitExpression':
        return whole(node.argument);
      case 'TemplateLiteral':
        return node.expressions.some(text) ? 'text' : undefined;
      case 'BinaryExpression':
        return node.operator === '+' && (text(node.left) || text(node.right)) ? 'text' : undefined;
      case 'LogicalExpression': {
        // `raw || ''`: the body, or nothing (which no provider signs); `a && b` may be `a`, and `'v0' || raw` is `'v0'`.
        if (node.operator === '&&') return undefined;
        const left = whole(node.left);
        if (node.right.type === 'Literal' && !node.right.regex) return left && (typeof node.right.value === 'string' ? left : 'data');
        return both(left, whole(node.right));
      }
      case 'ConditionalExpression':
        return both(whole(node.consequent), whole(node.alternate));
      case 'CallExpression': {
        const kept = keptArgument(node);
        const inner = kept && whole(kept.arg);
        return inner && (kept.of === 'data' || inner === 'text') ? 'text' : undefined;
      }
      default:
        return undefined;
    }
  }

  /**
   * How `node` holds the whole request when it reads (or is a name destructured from) a field that holds it, with no
   * index into the data on the way (`$json.body[0]`, `msg.payload[0]`, an element of a list the code loops over): as
   * `text`, the raw body (the base64 text of n8n's binary `data` file, Node-RED's `req.rawBody`), or as `data`, the item,
   * the message, the parsed body or the file (read from an item: `$binary` leaves the data out). The field is added to
   * `read`.
   */
  #readsWholeField(node: AnyNode, read: { value: Value; kind: Whole }[]): Whole | undefined {
    const value = this.#valueOf(node);
    const whole = this.#dialect === 'node-red'
      ? (field: string) => (field === 'req.rawBody' ? 'text' : field === '' || field === 'payload' || field === 'req.body' ? 'data' : undefined)
      : (field: string) => (field === '#binary.data.data' ? 'text' : field === '' || field === 'body' || field === '#binary' || field === '#binary.data' ? 'data' : undefined); // a webhook's raw body is its `data` file
    const kind = value && !value.item ? whole(value.field) : undefined;
    if (!kind || this.#indexesData(node)) return undefined;
    // `$binary` and `$node['X'].binary` give a file's name, type and size, not its data.
    if (value!.field.startsWith('#binary') && /^\$(?:binary|node)(?![\w$])/.test(this.#code.slice(value!.ref.start, value!.ref.end))) return undefined;
    read.push({ value: value!, kind });
    return kind;
  }

  /**
   * True when the code may change in place what it signs before `update` signs it (`delete body.response_url`,
   * `item.json.body.x = …`, `Object.assign(body, …)` before `JSON.stringify(body)`): an object it changes holds one of
   * the fields `read` or is held by one; or, when an object is signed, one the reader cannot place that the code did not
   * make itself (a name the code does not bind, such as Node-RED's `node` or `context`, holds nothing it read). Text
   * cannot change in place. A change counts when it comes before the update, or may run at another time: in a function,
   * or anywhere when the update is in a function or a loop (`msg.payload = JSON.parse(msg.payload)` after the check
   * does not count).
   */
  #changesAny(read: readonly { readonly value: Value; readonly kind: Whole }[], update: AnyNode): boolean {
    const anyTime = this.#functionAt(update.start) !== undefined || this.#loops.some((l) => l.start <= update.start && update.end <= l.end);
    const before = (n: AnyNode) => anyTime || n.start < update.end || this.#functionAt(n.start) !== undefined;
    const overlaps = (field: string) => read.some(({ value: r }) => field === '' || r.field === '' || field === r.field || field.startsWith(`${r.field}.`) || r.field.startsWith(`${field}.`));
    const objects = read.some((r) => r.kind === 'data');
    const changes = (object: AnyNode, key: string | undefined, target?: AnyNode): boolean => {
      const own = target && this.#valueOf(target);
      if (own && !own.item) return overlaps(own.field);
      const value = this.#valueOf(object);
      if (!value) {
        let root: AnyNode = object;
        while (root.type === 'MemberExpression' || root.type === 'ChainExpression') root = root.type === 'MemberExpression' ? root.object : root.expression;
        if (!objects || root.type !== 'Identifier') return objects;
        const sites = this.#sites.get(root.name);
        // A name the code does not bind is data only inside a reference (`msg.payload`, `$json.body`; not `node`, `context`).
        if (!sites) return this.#refs.some((r) => r.start < object.end && object.start < r.end);
        const init = sites.length === 1 ? this.#inits.get(root.name) : undefined;
        return !(init?.type === 'ObjectExpression' || init?.type === 'ArrayExpression' || this.#fresh.has(root.name));
      }
      if (value.item) {
        const part = key === undefined ? value : itemPart(value, key);
        return !!part && overlaps(part.field);
      }
      return overlaps(key === undefined ? value.field : joinField(value.field, key));
    };
    for (const target of this.#changed) {
      const member = target.type === 'ChainExpression' ? target.expression : target;
      if (member.type === 'MemberExpression' && before(member) && changes(member.object, keyOf(member.property, member.computed), member)) return true;
    }
    return this.#assignCalls.some((call) => {
      if (!before(call)) return false;
      const first = call.type === 'CallExpression' ? call.arguments[0] : undefined;
      return !first || (first.type !== 'ObjectExpression' && first.type !== 'ArrayExpression' && (first.type === 'SpreadElement' || changes(first, undefined)));
    });
  }

  /**
   * True when the chain `node` reads a value by goes through an index into data (`$json.body[0]`, `const b = msg.payload[0]`,
   * an element of a data list), not of items (`$input.all()[0].json.body`); true when the budget runs out.
   */
  #indexesData(node: AnyNode): boolean {
    // Inside a reference the reader has no value for the parts: an n8n chain is in the data from `json`/`binary` on.
    const data = (n: AnyNode) => {
      const value = this.#valueOf(n);
      return value ? !value.item : this.#dialect === 'node-red' || /(?:^\$|\.)(?:json|binary)(?![\w$])/.test(this.#code.slice(n.start, n.end));
    };
    let n = node;
    for (let depth = 0; depth <= MAX_DEPTH && this.#spend(); depth++) {
      if (n.type === 'ChainExpression') n = n.expression;
      else if (n.type === 'MemberExpression') {
        if (n.computed && n.property.type === 'Literal' && typeof n.property.value === 'number' && data(n.object)) return true;
        n = n.object;
      } else if (n.type === 'Identifier' && this.#sites.get(n.name)?.length === 1) {
        const init = this.#inits.get(n.name) ?? this.#parts.get(n.name)?.init;
        if (init) n = init;
        else {
          const collection = this.#elements.get(n.name);
          return !!collection && data(collection);
        }
      } else return false;
    }
    return true;
  }

  /** A request header that `node` reads (`headers['x-slack-signature']`, itself or through a name bound once). */
  #headerIn(node: AnyNode): { name: string; ref: Reference } | undefined {
    const header = this.#dialect === 'node-red' ? /^req\.headers\.([^.]+)$/i : /^headers\.([^.]+)$/i;
    return this.#throughBindings(node, (n) => {
      for (const span of this.#valuesIn(n)) {
        const m = header.exec(span.value.field);
        if (m) return { name: m[1].toLowerCase(), ref: { ...span.value.ref, field: span.value.field } };
      }
      return undefined;
    });
  }

  /**
   * What `look` finds in `node` or, failing that, in the values of the names in it that are bound once, and so on up
   * to five bindings deep (`const expected = hmac.digest('hex')`, `const raw = Buffer.from(…)`). A name bound to a
   * function is followed into it only with `intoFunctions`.
   */
  #throughBindings<T>(node: AnyNode, look: (node: AnyNode) => T | undefined, { intoFunctions = false } = {}, depth = 0): T | undefined {
    const here = look(node);
    if (here !== undefined || depth > 4) return here;
    const stack: AnyNode[] = [node];
    while (stack.length && this.#spend()) {
      const n = stack.pop()!;
      if (n.type === 'Identifier' && this.#sites.get(n.name)?.length === 1) {
        const init = this.#inits.get(n.name);
        const found = init && (intoFunctions || !FUNCTION_TYPES.has(init.type)) ? this.#throughBindings(init, look, { intoFunctions }, depth + 1) : undefined;
        if (found !== undefined) return found;
        continue;
      }
      stack.push(...syntaxChildren(n));
    }
    return undefined;
  }
}

/**
 * Python code (n8n's Python Code node): `if not re.fullmatch(r'…', x):` (or `re.match`, `x.isdigit()`, joined by `or`)
 * followed by a `raise` on the next line, on a value that is a reference or a name assigned once from one.
 */
function pythonTests(code: string, refs: readonly Reference[]): CodeTest[] {
  const lines = code.split('\n');
  const assigned = new Map<string, { count: number; value?: string }>();
  for (const line of lines) {
    const trimmed = line.trimStart();
    let e = 0;
    while (e < trimmed.length && /[\w]/.test(trimmed[e])) e++;
    let k = e;
    while (trimmed[k] === ' ') k++;
    if (e === 0 || trimmed[k] !== '=' || trimmed[k + 1] === '=') continue;
    const name = trimmed.slice(0, e);
    const entry = assigned.get(name) ?? { count: 0 };
    assigned.set(name, { count: entry.count + 1, value: trimmed.slice(k + 1).trim() });
  }
  const refOf = (text: string, at: number): Reference | undefined => {
    const t = text.trim();
    const start = at + text.indexOf(t);
    const direct = refs.find((r) => r.start === start && r.end === start + t.length);
    if (direct) return direct;
    const entry = assigned.get(t);
    if (entry?.count !== 1 || !entry.value) return undefined;
    const offset = code.indexOf(entry.value);
    return refs.find((r) => r.start === offset && r.end === offset + entry.value!.length);
  };
  const out: CodeTest[] = [];
  let offset = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const lineStart = offset;
    offset += line.length + 1;
    const trimmed = line.trim();
    const indent = line.length - line.trimStart().length;
    if (!trimmed.startsWith('if ') || !trimmed.endsWith(':')) continue;
    const next = lines.slice(i + 1, i + 8).find((l) => l.trim() !== '');
    if (!next || !next.trimStart().startsWith('raise') || next.length - next.trimStart().length <= indent) continue;
    const condition = trimmed.slice(3, -1);
    let at = lineStart + indent + 3;
    for (const term of condition.split(' or ')) {
      const termAt = at;
      at += term.length + 4;
      const body = term.trim();
      if (!body.startsWith('not ')) continue;
      const bodyAt = termAt + term.indexOf(body) + 4;
      const test = body.slice(4).trimStart();
      const testAt = bodyAt + (body.length - 4 - test.length);
      const kind = test.startsWith('re.fullmatch(') ? 'fullmatch' : test.startsWith('re.match(') ? 'match' : undefined;
      if (kind && test.endsWith(')')) {
        const open = test.indexOf('(') + 1;
        let q = open;
        while (q < test.length && (test[q] === ' ' || 'rRbBuU'.includes(test[q]))) q++;
        const quote = test[q];
        const close = quote === "'" || quote === '"' ? test.indexOf(quote, q + 1) : -1;
        const comma = close === -1 ? -1 : test.indexOf(',', close);
        if (comma === -1 || test.slice(close + 1, comma).trim()) continue;
        const raw = /[rR]/.test(test.slice(open, q));
        const source = raw ? test.slice(q + 1, close) : test.slice(q + 1, close).replace(/\\\\/g, '\\');
        const value = test.slice(comma + 1, -1);
        const ref = refOf(value, testAt + comma + 1);
        if (ref) out.push({ ref, op: kind === 'fullmatch' ? regexOp(`/^(?:${source})$/`) : regexOp(`/${source}/`, true) });
        continue;
      }
      if (test.endsWith('.isdigit()')) {
        const ref = refOf(test.slice(0, -'.isdigit()'.length), testAt);
        if (ref) out.push({ ref, op: 'type' });
      }
    }
  }
  return out;
}

