// Node-RED: every node receives `msg` on its wires and (except the ones that talk to a service) passes it on. A change
// node sets, moves or deletes `msg` fields (from another field, a constant or a JSONata expression); a template node
// writes its `field`; a switch node routes on a property (a check); function code changes `msg` or sends a new message
// (see nodeRedCode.ts). Sinks read a property or, when it is empty, a `msg` field (`msg.url`, `msg.filename`,
// `msg.topic` as the SQL text) or append `msg.payload` to a command (`exec` with `addpay`). An `http request` sends
// `msg.payload` as its body and `msg.headers`: what it sends, for the privacy rule, not where it goes.
import { CODE_EXECUTION_MARKERS, NODE_RED_CHECK_OPS, NODE_RED_SINKS, type CheckOp } from '../knowledge/sinks.js';
import type { FlowNode } from '../model/index.js';
import { asObject, asString } from '../walk.js';
import { fieldOf, codeMarkerSink, identEnd, isFieldPrefix, isIdentChar, joinField, readAccessors, readQuoted, skipBalanced, skipSpaces, templateBlocks, urlHostBounds } from './expressions.js';
import type { FlowGraph } from './graph.js';
import { functionOutput } from './nodeRedCode.js';
import { readCode } from './codeTests.js';
import type { Check, Leaf, NodeFlow, Port, Reference, SignatureCheck, Sink, Write } from './types.js';

/** Nodes that answer with what a service returned: their output `msg.payload` is not their input's. */
const SERVICE_ROLES = new Set(['http-request', 'database', 'file', 'email', 'storage', 'ai', 'command']);

const CODE_PROPS = ['func', 'initialize', 'finalize'];
const CODE_CHECK_MARKERS = ['.test(', '.match(', 'isNaN(', 'Number.isInteger(', 'typeof '];
/** Switch `istype` types a value of which can hold only harmless characters (or no value at all); a string, JSON or buffer holds anything. */
const RESTRICTING_TYPES = new Set(['number', 'boolean', 'null', 'undefined']);
/**
 * Value types of a switch rule that are taken from the message itself, or (`prev`) from the one before it, which the
 * same caller may have sent: comparing with them restricts nothing.
 */
const FROM_MESSAGE = new Set(['msg', 'jsonata', 'prev']);
/** HTTP methods whose requests Node-RED sends without `msg.payload` as the body. */
const NO_BODY = new Set(['GET', 'HEAD']);

/** A describer of the nodes of a Node-RED export for the engine. */
export function describerNodeRed(graph: FlowGraph): (node: FlowNode) => NodeFlow | undefined {
  let writes: ContextIndex | undefined;
  // Each key is looked up once: many nodes may read the same key.
  const known = new Map<string, Reference[]>();
  const context: ContextValue = (store, key, tab) => {
    const id = `${storeOf(store, tab)}\u0000${key}`;
    let value = known.get(id);
    if (!value) known.set(id, (value = contextValue((writes ??= indexed(contextWrites(graph))), graph, store, key, tab)));
    return value;
  };
  return (node) => describeNode(node, graph, context);
}

/** Node-RED's context stores a change rule or code can read and write besides `msg` (`context`, the node's own, is not shared). */
type Store = 'flow' | 'global';

/** What a read of a context key (`flow.user.name`) may hold: references to the data of the nodes that write it. */
type ContextValue = (store: Store, key: string, tab: string | undefined) => Reference[];

/** A context key a node reads or writes: its store, and the key (undefined when computed: it may be any key of the store). */
interface ContextKey {
  readonly store: Store;
  readonly key: string | undefined;
}

/**
 * A write of a context key from message data or from other keys: by a change rule (`set flow.user` to
 * `msg.payload.user`, `move msg.x` to `global.x`, `set flow.b` to `flow.a`) or by function code (`flow.set('user', …)`).
 * `refs` are fields of the writing node's input, `from` the context keys it copies; `key` is undefined when code
 * computes it (it may be any key of its store).
 */
interface ContextWrite {
  readonly node: string;
  readonly store: Store;
  /** The tab (or subflow) of the writer: a flow key is shared only within it. */
  readonly tab: string | undefined;
  readonly key: string | undefined;
  readonly refs: readonly Reference[];
  readonly from?: readonly ContextKey[];
}

/** A change rule's write of a context key (`key` as the rule names it). */
interface ContextWriteRule {
  readonly store: Store;
  readonly key: string;
  readonly refs: readonly Reference[];
  readonly from: readonly ContextKey[];
}

/**
 * The call of a store's method at `at` in function code (after `flow` or `global`): `.get('a')`, `.set("b", …)`,
 * `.keys()`, with the key when it is plain quoted text. Undefined when the store is used in another way.
 */
function contextCall(code: string, at: number): { method: 'get' | 'set' | 'keys'; key: string | undefined } | undefined {
  let i = skipSpaces(code, at);
  if (code.charCodeAt(i) !== 46 /* . */) return undefined;
  i = skipSpaces(code, i + 1);
  const end = identEnd(code, i);
  const method = code.slice(i, end);
  if (method !== 'get' && method !== 'set' && method !== 'keys') return undefined;
  i = skipSpaces(code, end);
  if (code.charCodeAt(i) !== 40 /* ( */) return undefined;
  i = skipSpaces(code, i + 1);
  const quote = code[i];
  const close = quote === "'" || quote === '"' ? code.indexOf(quote, i + 1) : -1;
  const key = close === -1 ? '' : code.slice(i + 1, close);
  const after = code.charCodeAt(skipSpaces(code, close + 1));
  return { method, key: close !== -1 && !key.includes('\\') && !key.includes('\n') && (after === 44 /* , */ || after === 41 /* ) */) ? key : undefined };
}

/** Most context uses read from one function's code; past it, the code may read and write any key. */
const MAX_CODE_CONTEXT_KEYS = 64;

/**
 * The context keys function code reads and writes: `flow.get('a')`, `global.set("b", …)`, `context.flow.set(…)`. A key
 * that is not plain quoted text (`flow.set(\`k${i}\`, …)`, a variable) may be any key; a store used in any other way
 * (`const f = flow`, `flow['set']`, `node.context().flow`) may be read and written under any key.
 */
function codeContextKeys(code: string): { reads: ContextKey[]; writes: ContextKey[] } {
  const reads: ContextKey[] = [];
  const writes: ContextKey[] = [];
  for (const m of code.matchAll(/\b(flow|global)\b/g)) {
    // `msg.flow` is a message field; `context.flow` and `node.context().flow` are the store.
    if (code.charCodeAt(m.index - 1) === 46 && !/context(?:\(\s*\))?\.$/.test(code.slice(Math.max(0, m.index - 12), m.index))) continue;
    const store = m[1] as Store;
    if (reads.length + writes.length >= MAX_CODE_CONTEXT_KEYS) {
      reads.push({ store, key: undefined });
      writes.push({ store, key: undefined });
      break;
    }
    const call = contextCall(code, m.index + store.length);
    if (!call || call.method === 'get') reads.push({ store, key: call?.key });
    if (!call || call.method === 'set') writes.push({ store, key: call?.key });
  }
  return { reads, writes };
}

/**
 * Every write of a context key from message data in the export, by enabled nodes. A change rule's value is what it
 * reads from `msg` (a constant, an environment value or another context key writes no message data); function code's
 * value is anything the code reads from `msg`, as the code is not followed into the store.
 */
function contextWrites(graph: FlowGraph): ContextWrite[] {
  const out: ContextWrite[] = [];
  for (const node of graph.flow.nodes) {
    if (node.disabled || !graph.budget.spend()) continue;
    const raw = asObject(node.parameters) ?? {};
    const tab = asString(raw.z);
    if (node.type === 'change') {
      // A rule may copy a key through msg (`set msg.x` to `flow.a`, then `set flow.b` to `msg.x`): every key the node
      // reads may be in what it writes.
      const found: ContextWriteRule[] = [];
      const read: ContextKey[] = [];
      const reads = (store: Store, key: string): Reference[] => {
        read.push({ store, key });
        return [];
      };
      changeWrites(raw, node.pointer, [], reads, found);
      for (const w of found) if (w.refs.length || w.from.length || read.length) out.push({ node: node.id, tab, store: w.store, key: contextKey(w.key), refs: w.refs, from: keysOf([...w.from, ...read]) });
    } else if (node.type === 'template') {
      const store = asString(raw.fieldType);
      const text = asString(raw.syntax) === 'plain' ? '' : asString(raw.template) ?? '';
      const refs = mustacheReferences(text).map((r) => ({ ...r, whole: false }));
      const from = mustacheContextKeys(text);
      if ((store === 'flow' || store === 'global') && (refs.length || from.length)) out.push({ node: node.id, store, tab, key: contextKey(asString(raw.field) ?? ''), refs, from: keysOf(from) });
    } else if (node.type === 'function') {
      const code = asString(raw.func) ?? '';
      const keys = codeContextKeys(code);
      if (!keys.writes.length) continue;
      const reads = msgReferences(code).map((r) => ({ ...r, whole: false }));
      if (!reads.length && !keys.reads.length) continue;
      const from = keysOf(keys.reads);
      for (const w of keys.writes) out.push({ node: node.id, store: w.store, tab, key: w.key === undefined ? undefined : contextKey(w.key), refs: reads, from });
    }
  }
  return out;
}

/**
 * `$flowContext('key')`, `$globalContext("key", "file")` in a JSONata expression: the store and key of each; a key that
 * is not one quoted text (`$flowContext("a" & x)`) may be any key. Past 16 reads, any key of both stores.
 */
function jsonataContextKeys(expression: string): ContextKey[] {
  const out: ContextKey[] = [];
  for (const m of expression.matchAll(/\$(flow|global)Context\(\s*(?:(['"])([^'"]*)\2\s*[,)])?/g)) {
    if (out.length >= 16) return [{ store: 'flow', key: undefined }, { store: 'global', key: undefined }];
    out.push({ store: m[1] as Store, key: m[2] ? m[3] : undefined });
  }
  return out;
}

/** `{{flow.key}}`, `{{{global.a.b}}}`, `{{&flow.key}}`, `{{#flow.list}}` in a template node's mustache text: the store and key of each. */
function mustacheContextKeys(text: string): ContextKey[] {
  const out: ContextKey[] = [];
  for (const block of templateBlocks(text)) {
    const m = /^[\s&#^]*(flow|global)\.([\w$.]+)/.exec(text.slice(block.start, block.end));
    if (!m) continue;
    if (out.length >= 16) return [{ store: 'flow', key: undefined }, { store: 'global', key: undefined }];
    out.push({ store: m[1] as Store, key: m[2] });
  }
  return out;
}

/** A context key as a dotted field: the store prefix (`#:(file)::`) dropped, `a["b"]` and `a[0]` as `a.b` and `a`. */
function contextKey(key: string): string {
  return key
    .replace(/^#:\([^)]*\)::/, '')
    .replace(/\[\s*'([^']*)'\s*\]|\[\s*"([^"]*)"\s*\]/g, (_, single: string | undefined, double: string | undefined) => `.${single ?? double}`)
    .replace(/\[\s*\d+\s*\]/g, '')
    .trim();
}

/**
 * What reading `key` of a store may hold: what each node that writes that key (or one above or below it, or a key code
 * computes) received, read as the output of the nodes before it. A key no node writes from message data holds a
 * constant (or what another export put there). Flow keys are shared within a tab; global keys everywhere.
 */
function contextValue(writes: ContextIndex, graph: FlowGraph, store: Store, rawKey: string, tab: string | undefined): Reference[] {
  const found = new Map<string, Reference>();
  // The key read, then the keys its writers copied into it (`set flow.b` to `flow.a`), each looked up once. Each write
  // looked at is paid from the graph's budget: when it runs out, the review says it gave up.
  const queue: { store: string; key: string; copied: boolean }[] = [];
  const seen = new Set<string>();
  // A subflow's `$parent.` key is the key of the flow its instance is on: any tab's.
  const lookUp = (store: Store, key: string, tab: string | undefined, copied: boolean) => {
    const parent = store === 'flow' && key.startsWith(PARENT);
    for (const id of parent ? writes.flowStores : [storeOf(store, tab)]) {
      const next = { store: id, key: parent ? key.slice(PARENT.length) : key, copied };
      if (seen.has(`${next.store}\u0000${next.key}`)) continue;
      seen.add(`${next.store}\u0000${next.key}`);
      queue.push(next);
    }
  };
  lookUp(store, contextKey(rawKey), tab, false);
  const followed = new Set<readonly ContextKey[]>();
  for (let i = 0; i < queue.length; i++) {
    const read = queue[i];
    for (const w of writes.of(read.store, read.key)) {
      if (!graph.budget.spend()) return collapsed(found);
      const map = keyMap(w.key, read.key, read.copied);
      if (!map) continue;
      for (const pred of graph.preds(w.node)) {
        for (const r of w.refs) {
          if (!graph.budget.spend()) return collapsed(found);
          const ref: Reference = { ...map(r), kind: 'node', target: pred, start: 0, end: 0 };
          found.set(`${pred}\u0000${ref.field}\u0000${ref.whole}`, ref);
        }
      }
      if (!w.from || followed.has(w.from)) continue;
      followed.add(w.from);
      for (const from of w.from) lookUp(from.store, from.key ?? '', w.tab, true);
    }
  }
  return collapsed(found);
}

/** Where a key lives: a flow key in its tab's store, a global key in the one global store. */
function storeOf(store: Store, tab: string | undefined): string {
  return store === 'flow' ? `flow\u0000${tab}` : 'global';
}

/** Context keys as {@link contextKey} reads them; a computed key (any key) as ''. */
function keysOf(keys: readonly ContextKey[]): ContextKey[] {
  return keys.map((k) => ({ store: k.store, key: k.key === undefined ? '' : contextKey(k.key) }));
}

/** A subflow's key of the flow its instance is on. */
const PARENT = '$parent.';

/**
 * The context writes of an export by store and key: `of` gives those a read of a key may see (any key: all of its
 * store; a subflow's write of a `$parent.` key: in every flow store). `flowStores` are the stores of the tabs.
 */
interface ContextIndex {
  of(store: string, key: string): readonly ContextWrite[];
  readonly flowStores: readonly string[];
}

function indexed(writes: readonly ContextWrite[]): ContextIndex {
  const byStore = new Map<string, { all: ContextWrite[]; anyKey: ContextWrite[]; byKey: Map<string, ContextWrite[]> }>();
  for (const written of writes) {
    const parent = written.store === 'flow' && written.key?.startsWith(PARENT);
    const w = parent ? { ...written, key: written.key!.slice(PARENT.length) } : written;
    const id = parent ? PARENT : storeOf(w.store, w.tab);
    let entry = byStore.get(id);
    if (!entry) byStore.set(id, (entry = { all: [], anyKey: [], byKey: new Map() }));
    entry.all.push(w);
    if (w.key === undefined || !w.key) entry.anyKey.push(w);
    else if (entry.byKey.has(w.key)) entry.byKey.get(w.key)!.push(w);
    else entry.byKey.set(w.key, [w]);
  }
  const of = (store: string, key: string): ContextWrite[] => {
    const entry = byStore.get(store);
    if (!entry) return [];
    if (!key) return entry.all;
    const out = [...entry.anyKey];
    for (const [k, list] of entry.byKey) if (k === key || isFieldPrefix(k, key) || isFieldPrefix(key, k)) out.push(...list);
    return out;
  };
  return {
    of: (store, key) => (store.startsWith('flow\u0000') ? [...of(store, key), ...of(PARENT, key)] : of(store, key)),
    flowStores: [...byStore.keys()].filter((id) => id.startsWith('flow\u0000')),
  };
}

/** Most keys of one store a node's value is read from one by one; past it, the node reads any key of the store. */
const MAX_KEYS_READ = 16;

/**
 * The reads a value computed from several context keys comes from: each key once, and a store's keys as one read of
 * any key when the node reads any key of it (which holds what every key does) or more than {@link MAX_KEYS_READ}.
 */
function distinctReads(keys: readonly ContextKey[]): ContextKey[] {
  const byStore = new Map<Store, Set<string> | undefined>(); // undefined: any key
  for (const k of keys) {
    if (byStore.has(k.store) && byStore.get(k.store) === undefined) continue;
    const known = byStore.get(k.store) ?? new Set<string>();
    if (k.key === undefined || !k.key || known.size >= MAX_KEYS_READ) byStore.set(k.store, undefined);
    else byStore.set(k.store, known.add(k.key));
  }
  return [...byStore].flatMap(([store, known]): ContextKey[] => (known ? [...known].map((key) => ({ store, key })) : [{ store, key: undefined }]));
}

/** What several context reads give a value computed from them: each reference once, as a part of the value. */
function partsOf(refs: readonly Reference[]): Reference[] {
  const found = new Map<string, Reference>();
  for (const r of refs) found.set(`${r.target}\u0000${r.field}`, { ...r, whole: false });
  return collapsed(found);
}

/**
 * The references a context read is given; past {@link MAX_CONTEXT_REFS}, one per writing node's input, for all of it
 * (a part of its whole output), so that no writer is left out.
 */
function collapsed(found: ReadonlyMap<string, Reference>): Reference[] {
  const refs = [...found.values()];
  if (refs.length <= MAX_CONTEXT_REFS) return refs;
  const byTarget = new Map<string | undefined, Reference>();
  for (const r of refs) if (!byTarget.has(r.target)) byTarget.set(r.target, { ...r, field: '', whole: false });
  return [...byTarget.values()];
}

/**
 * How a write of `written` shows in a read of `read`: whole when the keys are the same, one field of it when the write
 * is above the read (`user` read as `user.name`), a part when below or when either key is any key. Undefined when the
 * keys are unrelated. What a key holds through a copy (`copied`) is a part of the key it came from.
 */
function keyMap(written: string | undefined, read: string, copied: boolean): ((r: Reference) => Reference) | undefined {
  if (written === undefined || !read || copied) return (r) => ({ ...r, whole: false });
  if (written === read) return (r) => r;
  if (isFieldPrefix(written, read)) {
    const rest = read.slice(written.length + 1);
    return (r) => (r.whole ? { ...r, field: joinField(r.field, rest) } : r);
  }
  return isFieldPrefix(read, written) ? (r) => ({ ...r, whole: false }) : undefined;
}

/** Most references one context read is given field by field (writers times their inputs). */
const MAX_CONTEXT_REFS = 64;

function input(field: string, start = 0, end = 0, whole = true): Reference {
  return { kind: 'input', field, start, end, masked: false, whole };
}

function describeNode(node: FlowNode, graph: FlowGraph, context: ContextValue): NodeFlow {
  graph.budget.spend();
  const raw = asObject(node.parameters) ?? {};
  const p = node.pointer;
  const leaves: Leaf[] = [];
  const writes: Write[] = [];
  const checks: Check[] = [];
  const sinks: Sink[] = [];
  const signatures: SignatureCheck[] = [];
  const type = node.type;
  let passesInput = !SERVICE_ROLES.has(node.role);
  let ports: Port[] | undefined;

  if (type === 'function') {
    const output = functionOutput(asString(raw.func) ?? '', outputCount(raw));
    passesInput = output.passesInput;
    for (const w of output.writes) writes.push({ at: w.at, refs: w.refs, pointer: `${p}/func` });
    // What the code reads from the flow or global context (`flow.get('q')`) may be in any field it sends.
    const tab = asString(raw.z);
    const stored = partsOf(distinctReads(codeContextKeys(asString(raw.func) ?? '').reads).flatMap((k) => context(k.store, k.key ?? '', tab)));
    if (stored.length) writes.push({ at: '', refs: stored, pointer: `${p}/func` });
    // Each output carries what the code sends on it (`return [msg, log]`), and the context values if it sends anything.
    ports = output.ports?.map((port) => {
      const own: Write[] = port.writes.map((w) => ({ at: w.at, refs: w.refs, pointer: `${p}/func` }));
      if (stored.length && (port.passesInput || own.length)) own.push({ at: '', refs: stored, pointer: `${p}/func` });
      return { passesInput: port.passesInput, writes: own };
    });
    for (const prop of CODE_PROPS) {
      const code = asString(raw[prop]);
      if (!code) continue;
      const refs = msgReferences(code);
      if (refs.length) leaves.push({ pointer: `${p}/${prop}`, path: [prop], value: code, refs });
      const reaching = refs.length ? refs : [input('')];
      const sink = codeMarkerSink(code, CODE_EXECUTION_MARKERS, `${p}/${prop}`, reaching);
      if (sink) sinks.push(sink);
      else if (Array.isArray(raw.libs) && raw.libs.some((l) => asString(asObject(l)?.module) === 'child_process')) sinks.push({ kind: 'code', pointer: `${p}/${prop}`, refs: reaching, detail: 'it loads child_process' });
      if (prop === 'func' && code.includes('throw') && CODE_CHECK_MARKERS.some((m) => code.includes(m))) for (const ref of refs) checks.push({ ref, op: 'code', pointer: `${p}/${prop}` });
      // An HMAC of the request compared with its signature header, the message dropped (or an error thrown) unless they
      // are equal. Code that sends (`node.send`, `node['send']`) may have sent the message before the check, and a catch
      // node gets the message of the error: either verifies nothing. A key read from the context holds what was stored.
      if (prop === 'func' && code.includes('createHmac') && !/\bsend\b/.test(code) && !caught(node, graph)) {
        for (const sig of readCode(code, refs, 'node-red')?.signatures ?? []) signatures.push({ ...sig, keyRefs: [...sig.keyRefs, ...stored], pointer: `${p}/func` });
      }
    }
  } else if (type === 'change') {
    const tab = asString(raw.z);
    writes.push(...changeWrites(raw, p, leaves, (store, key) => context(store, key, tab)));
  } else if (type === 'template') {
    const text = asString(raw.template) ?? '';
    // `plain` text is written as it is: no `{{ }}` is filled in.
    const refs = asString(raw.syntax) === 'plain' ? [] : mustacheReferences(text);
    // `{{flow.key}}` and `{{global.key}}` fill in what the nodes that write the key stored.
    const tab = asString(raw.z);
    const stored = asString(raw.syntax) === 'plain' ? [] : partsOf(distinctReads(mustacheContextKeys(text)).flatMap((k) => context(k.store, k.key ?? '', tab)));
    if ((asString(raw.fieldType) ?? 'msg') === 'msg') writes.push({ at: asString(raw.field) || 'payload', refs: [...refs, ...stored], pointer: `${p}/template` });
    if (refs.length) leaves.push({ pointer: `${p}/template`, path: ['template'], value: text, refs });
  } else if (type === 'switch') {
    const property = asString(raw.property) ?? 'payload';
    if ((asString(raw.propertyType) ?? 'msg') === 'msg') {
      const list = (Array.isArray(raw.rules) ? raw.rules : []).map((r) => asObject(r) ?? {});
      const rules = list.map((r) => asString(r.t) ?? '');
      const ops = list.filter((r) => r.t !== 'else').map(switchOp);
      const op = ops.length && ops.every((o) => o === ops[0]) ? ops[0] : ops.includes('presence') || !ops.length ? 'presence' : 'other';
      const ref = input(stripMsg(property));
      // A message leaves by the port of each rule it matched; the `otherwise` rule's port passes what matched none.
      const outputs = rules.flatMap((t, i) => (t === 'else' ? [] : [i]));
      checks.push({ ref, op, pointer: `${p}/property`, outputs });
      leaves.push({ pointer: `${p}/property`, path: ['property'], value: property, refs: [ref] });
    }
  }

  const sink = NODE_RED_SINKS[type];
  if (sink) {
    const value = sink.prop ? asString(raw[sink.prop]) ?? '' : '';
    const fromMsg = type === 'file' || type === 'file in' ? (asString(raw.filenameType) === 'msg' ? asString(raw.filename) || 'filename' : value.trim() ? undefined : 'filename') : value.trim() ? undefined : sink.msgField;
    if (fromMsg !== undefined) {
      // The node reads a msg field: point at the (empty) property that makes it do so, or at its type.
      sinks.push({ kind: sink.kind, pointer: sink.prop ? `${p}/${sink.prop}` : `${p}/type`, refs: [input(stripMsg(fromMsg))], at: sink.prop ? { start: 0, end: 0 } : undefined });
    } else if (sink.prop) {
      const refs = mustacheReferences(value);
      if (refs.length) {
        leaves.push({ pointer: `${p}/${sink.prop}`, path: [sink.prop], value, refs });
        const bounds = sink.kind === 'url' ? urlHostBounds(value, templateBlocks(value).map((b) => ({ start: b.outerStart, end: b.outerEnd }))) : {};
        sinks.push({ kind: sink.kind, pointer: `${p}/${sink.prop}`, refs, ...bounds });
      }
    }
  }
  if (type === 'sqlite') {
    const mode = asString(raw.sqlquery) ?? 'msg.topic';
    if (mode === 'msg.topic' || mode === 'batch') sinks.push({ kind: 'sql', pointer: `${p}/sqlquery`, refs: [input(mode === 'batch' ? 'payload' : 'topic')], at: { start: 0, end: 0 } });
  }
  if (type === 'exec') {
    const addpay = raw.addpay;
    const field = addpay === true ? 'payload' : typeof addpay === 'string' && addpay !== '' && addpay !== 'false' ? (addpay === 'true' ? 'payload' : addpay) : undefined;
    if (field) sinks.push({ kind: 'command', pointer: `${p}/addpay`, refs: [input(stripMsg(field))], at: { start: 0, end: 0 }, detail: `it appends msg.${stripMsg(field)} to the command "${(asString(raw.command) ?? '').slice(0, 40)}"` });
  }

  if (type === 'inject') writes.push(...injectWrites(raw, p, (store, key) => context(store, key, asString(raw.z))));
  if (type === 'http request') leaves.push(...sentByRequest(raw, p));

  return { node, passesInput, writes, checks, sinks: () => sinks, leaves, ...(signatures.length ? { signatures } : {}), ...(ports ? { ports } : {}) };
}

/** A function node's outputs: its `outputs` setting, or the ports it is wired by. */
function outputCount(raw: Record<string, unknown>): number {
  const n = typeof raw.outputs === 'string' && raw.outputs.trim() !== '' ? Number(raw.outputs) : raw.outputs;
  if (typeof n === 'number' && Number.isInteger(n) && n >= 0) return n;
  return Array.isArray(raw.wires) ? raw.wires.length : 1;
}

/**
 * What an inject node sends from the flow or global context (a property of `props` with `vt: flow`, the payload's
 * `payloadType: global`, JSONata with `$flowContext('key')`): what the nodes that write the key stored.
 */
function injectWrites(raw: Record<string, unknown>, p: string, context: (store: Store, key: string) => Reference[]): Write[] {
  const props = Array.isArray(raw.props) ? raw.props.map((x) => asObject(x) ?? {}) : [{ p: 'payload' }];
  const out: Write[] = [];
  props.forEach((prop, i) => {
    const at = asString(prop.p) ?? '';
    // The payload and topic keep their value and type on the node itself (`payload`, `payloadType`).
    const vt = asString(prop.vt) ?? (at === 'payload' ? asString(raw.payloadType) : at === 'topic' ? 'str' : undefined);
    const v = asString(prop.v) ?? asString(at === 'payload' ? raw.payload : raw.topic) ?? '';
    const refs = vt === 'flow' || vt === 'global' ? context(vt, v) : vt === 'jsonata' ? distinctReads(jsonataContextKeys(v)).flatMap((k) => context(k.store, k.key ?? '')).map((r) => ({ ...r, whole: false })) : [];
    if (refs.length) out.push({ at, refs, pointer: `${p}/props/${i}` });
  });
  return out;
}

/**
 * Whether a catch node may be sent the message of an error `node` raises: one whose scope lists it, one for its whole
 * tab (or group), and any when it is in a subflow (errors there reach the catch nodes of the instance's tab).
 */
function caught(node: FlowNode, graph: FlowGraph): boolean {
  const tab = asString(asObject(node.parameters)?.z);
  const inSubflow = graph.flow.nodes.some((n) => n.id === tab && n.type === 'subflow');
  return graph.flow.nodes.some((n) => {
    if (n.type !== 'catch' || n.disabled) return false;
    const raw = asObject(n.parameters) ?? {};
    return Array.isArray(raw.scope) ? raw.scope.includes(node.id) : inSubflow || asString(raw.z) === tab;
  });
}

/**
 * What a change node's rules write, in order: each rule reads msg as the rules before it left it (`set topic` to a
 * constant, then `change` part of it to `payload.id`), and a rule that replaces a field replaces what earlier rules
 * wrote there. A JSONata value (`tot: jsonata`) is computed from the fields it reads (a bare path is the field itself);
 * `change` replaces part of a field, so the rest of what it held stays. A value read from the flow or global context
 * (`tot: flow`) holds what `context` says the nodes that write that key put there. Adds the rules' leaves to `leaves`;
 * the rules' writes to the context (`pt: flow`, a `move` to `tot: global`) go to `toContext`, with what they read from msg
 * and the context keys they copy (`set flow.b` to `flow.a`, JSONata `$flowContext('a')`).
 */
/**
 * What a change rule that sets (or changes) a context key stores there from the message: the field it sets it to, or
 * parts of the fields a JSONata expression or a replacement reads. `current` gives a message field's value so far.
 */
function storedFromMessage(t: 'set' | 'change', tot: string | undefined, to: string, current: (field: string) => Reference[]): Reference[] {
  const parts = (refs: Reference[]) => refs.map((c) => ({ ...c, whole: false }));
  if (tot === 'jsonata') return jsonataReferences(to).flatMap((ref) => parts(current(ref.field)));
  if (tot !== 'msg') return [];
  if (t === 'set') return current(stripMsg(to));
  return to ? parts(current(stripMsg(to))) : [];
}

function changeWrites(raw: Record<string, unknown>, p: string, leaves: Leaf[], context?: (store: Store, key: string) => Reference[], toContext?: ContextWriteRule[]): Write[] {
  const done: Write[] = [];
  // The value of `field` after the rules so far: an earlier rule's write at or above it, and the parts written below it.
  const current = (field: string, start = 0, end = 0): Reference[] => {
    const below: Reference[] = [];
    for (let k = done.length - 1; k >= 0; k--) {
      const w = done[k];
      if (isFieldPrefix(w.at, field)) {
        const rest = w.at === '' ? field : field.slice(w.at.length + 1);
        return [...w.refs.map((r) => (r.whole && rest ? { ...r, field: joinField(r.field, rest) } : r)), ...below];
      }
      if (isFieldPrefix(field, w.at)) below.push(...w.refs.map((r) => ({ ...r, whole: false })));
    }
    return [input(field, start, end), ...below];
  };
  const isStore = (type: string | undefined): type is Store => type === 'flow' || type === 'global';
  (Array.isArray(raw.rules) ? raw.rules : []).forEach((r, i) => {
    const rule = asObject(r);
    if (!rule) return;
    const pt = asString(rule.pt) ?? 'msg';
    const t = asString(rule.t);
    const tot = asString(rule.tot);
    const to = asString(rule.to) ?? '';
    const pointer = `${p}/rules/${i}`;
    if (isStore(pt)) {
      const key = asString(rule.p) ?? '';
      // Moved out of the context into the message: what the nodes that write the key put there.
      if (t === 'move' && (tot ?? 'msg') === 'msg') {
        if (context) done.push({ at: stripMsg(to), refs: context(pt, key), pointer });
        return;
      }
      // Moved from one key to another (`to` is written), or set from another key (`p` is written).
      if (t === 'move' && isStore(tot)) {
        toContext?.push({ store: tot, key: to, refs: [], from: [{ store: pt, key }] });
        return;
      }
      if (t !== 'set' && t !== 'change') return;
      // A write to the context: what it holds, for the nodes that read the key (the message is unchanged).
      const from = isStore(tot) ? [{ store: tot, key: to }] : tot === 'jsonata' ? jsonataContextKeys(to) : [];
      toContext?.push({ store: pt, key, refs: storedFromMessage(t, tot, to, current), from });
      return;
    }
    if (pt !== 'msg') return;
    const target = stripMsg(asString(rule.p) ?? '');
    // A value read from the context (`tot: flow`): what the nodes that write that key put there.
    const fromContext = () => (isStore(tot) && context ? context(tot, to) : []);
    if (tot === 'jsonata' && (t === 'set' || t === 'change')) {
      const refs = jsonataReferences(to);
      if (refs.length) leaves.push({ pointer: `${pointer}/to`, path: ['rules', String(i), 'to'], value: to, refs });
      // `$flowContext('key')` and `$globalContext('key')`: what the nodes that write the key stored.
      const stored = context && to.includes('Context(') ? partsOf(distinctReads(jsonataContextKeys(to)).flatMap((k) => context(k.store, k.key ?? ''))) : [];
      const value = [...refs.flatMap((ref) => current(ref.field, ref.start, ref.end).map((c) => (ref.whole ? c : { ...c, whole: false }))), ...stored];
      done.push({ at: target, refs: t === 'change' ? [...current(target), ...value.map((c) => ({ ...c, whole: false }))] : value, pointer: `${pointer}/to` });
    } else if (t === 'set') {
      if (tot === 'msg') leaves.push({ pointer, path: ['rules', String(i)], value: to, refs: [input(stripMsg(to))] });
      done.push({ at: target, refs: tot === 'msg' ? current(stripMsg(to)) : fromContext(), pointer });
    } else if (t === 'move') {
      leaves.push({ pointer, path: ['rules', String(i)], value: asString(rule.p) ?? '', refs: [input(target)] });
      const moved = current(target);
      done.push({ at: target, refs: [], pointer });
      // Moved into the context, the value leaves the message.
      if (isStore(tot)) toContext?.push({ store: tot, key: to, refs: moved, from: [] });
      else done.push({ at: stripMsg(to), refs: moved, pointer });
    } else if (t === 'change') {
      const replacement = tot === 'msg' && to ? current(stripMsg(to)).map((c) => ({ ...c, whole: false })) : fromContext().map((c) => ({ ...c, whole: false }));
      if (tot === 'msg' && to) leaves.push({ pointer, path: ['rules', String(i)], value: to, refs: [input(stripMsg(to))] });
      if (replacement.length) done.push({ at: target, refs: [...current(target), ...replacement], pointer });
    } else if (t === 'delete') done.push({ at: target, refs: [], pointer });
  });
  // A write that a later rule replaced (at its field or above) is gone.
  return done.filter((w, k) => !done.slice(k + 1).some((later) => isFieldPrefix(later.at, w.at)));
}

/** Switch rules that compare the value with a bound. */
const COMPARISONS: ReadonlySet<string> = new Set(['lt', 'lte', 'gt', 'gte', 'btwn']);

/**
 * The type of a switch rule's bound as Node-RED reads it: one the export leaves out is a number when the bound reads as
 * one (`Number(v)` is not NaN), else a string (the switch node's constructor).
 */
function boundType(type: unknown, value: unknown): string {
  return asString(type) || (Number.isNaN(Number(value)) ? 'str' : 'num');
}

/** How a switch rule checks its property: `istype` restricts only to a number or boolean, and a comparison with a value from the message itself restricts nothing. */
function switchOp(rule: Record<string, unknown>): CheckOp {
  const t = asString(rule.t) ?? '';
  if (t === 'istype') return RESTRICTING_TYPES.has(asString(rule.v) ?? '') ? 'type' : 'other';
  const vt = boundType(rule.vt, rule.v);
  const v2t = rule.v2 === undefined ? asString(rule.v2t) ?? '' : boundType(rule.v2t, rule.v2);
  if (FROM_MESSAGE.has(vt) || FROM_MESSAGE.has(v2t)) return NODE_RED_CHECK_OPS[t] === 'presence' ? 'presence' : 'other';
  // A comparison converts the value to a number only against a number: with a string bound, or a flow, global or env
  // value (whose type the export does not fix), JavaScript compares text, and `z; rm -rf /` is greater than `0`.
  if (COMPARISONS.has(t) && (vt !== 'num' || (t === 'btwn' && v2t !== 'num'))) return 'other';
  return NODE_RED_CHECK_OPS[t] ?? 'other';
}

/**
 * What an `http request` node sends besides its URL: `msg.payload` as the body (any method but GET and HEAD, including
 * "set by msg.method", or appended to a GET's query or body when asked) and `msg.headers`.
 */
function sentByRequest(raw: Record<string, unknown>, p: string): Leaf[] {
  const leaves: Leaf[] = [];
  const method = (asString(raw.method) ?? 'GET').toUpperCase();
  const paytoqs = raw.paytoqs;
  if (!NO_BODY.has(method)) leaves.push({ pointer: `${p}/method`, path: ['method'], value: asString(raw.method) ?? '', refs: [input('payload')] });
  else if (paytoqs === true || paytoqs === 'query' || paytoqs === 'body') leaves.push({ pointer: `${p}/paytoqs`, path: ['paytoqs'], value: String(paytoqs), refs: [input('payload')] });
  leaves.push({ pointer: `${p}/type`, path: ['type'], value: 'http request', refs: [input('headers')] });
  return leaves;
}

/** `msg.payload.x` → `payload.x`. */
function stripMsg(field: string): string {
  return field.startsWith('msg.') ? field.slice(4) : field === 'msg' ? '' : field;
}

/** `msg.…` in function code. */
function msgReferences(code: string): Reference[] {
  const refs: Reference[] = [];
  for (let i = code.indexOf('msg'); i !== -1 && refs.length < 256; i = code.indexOf('msg', i + 3)) {
    if ((i > 0 && (isIdentChar(code.charCodeAt(i - 1)) || code.charCodeAt(i - 1) === 46)) || isIdentChar(code.charCodeAt(i + 3))) continue;
    const { field, end } = fieldOf(readAccessors(code, i + 3));
    refs.push(input(field, i, end ?? i + 3, false));
  }
  return refs;
}

/** Words of JSONata that are not paths. */
const JSONATA_WORDS = new Set(['and', 'or', 'in', 'true', 'false', 'null', 'function']);
/** Characters after which JSONata expects a value (so `*`, `%` and `/` there start a path step or a regular expression). */
const JSONATA_OPERAND = new Set([...'([{,:?&=<>!+-*/%|~;.'].map((c) => c.charCodeAt(0)));
/** At most this much of an expression is read, and this many references kept; past either, it reads the whole message. */
const JSONATA_MAX_LENGTH = 20_000;
const JSONATA_MAX_REFS = 64;

/**
 * The `msg` fields a JSONata expression reads: paths (`req.query.name`, `payload.items[0].id`, `` `a b`.c ``), from the
 * root with `$$` or `$` (`$$.payload`), `$$` alone for the whole message. `$name` variables and functions are not
 * fields; `[…]` filters and indexes are skipped (they choose items, they are not the value); regular expressions are
 * skipped. An expression that can reach any field (`**` descendants, a `*` wildcard or `%` parent step, `$eval`), or one
 * too long or with too many paths to follow, reads the whole message (a computed value of it).
 */
export function jsonataReferences(expression: string): Reference[] {
  const refs: Reference[] = [];
  const whole = [input('', 0, expression.length, false)];
  if (expression.length > JSONATA_MAX_LENGTH) return whole;
  const n = expression.length;
  const isSpace = (c: number) => c === 32 || c === 10 || c === 9 || c === 13;
  const prevChar = (i: number): number => {
    let j = i - 1;
    while (j >= 0 && isSpace(expression.charCodeAt(j))) j--;
    return j < 0 ? -1 : expression.charCodeAt(j);
  };
  const nextChar = (i: number): number => {
    let j = i;
    while (j < n && isSpace(expression.charCodeAt(j))) j++;
    return j < n ? expression.charCodeAt(j) : -1;
  };
  const operand = (i: number) => {
    const p = prevChar(i);
    return p === -1 || JSONATA_OPERAND.has(p);
  };
  const name = (i: number): { name: string; end: number } | undefined => {
    if (expression.charCodeAt(i) === 96 /* ` */) {
      const close = expression.indexOf('`', i + 1);
      return close === -1 ? undefined : { name: expression.slice(i + 1, close), end: close + 1 };
    }
    const c = expression.charCodeAt(i);
    if (!(isIdentChar(c) || c > 127) || (c >= 48 && c <= 57) || c === 36) return undefined;
    let e = i + 1;
    while (e < n && (isIdentChar(expression.charCodeAt(e)) || expression.charCodeAt(e) > 127) && expression.charCodeAt(e) !== 36) e++;
    return { name: expression.slice(i, e), end: e };
  };
  for (let i = 0; i < n; ) {
    if (refs.length >= JSONATA_MAX_REFS) return whole;
    const c = expression.charCodeAt(i);
    if (c === 34 || c === 39) {
      const q = readQuoted(expression, i);
      i = q ? q.end : n;
      continue;
    }
    if (c === 47 && expression.charCodeAt(i + 1) === 42) {
      const close = expression.indexOf('*/', i + 2);
      i = close === -1 ? n : close + 2;
      continue;
    }
    if (c === 42 /* * */ || c === 37 /* % */) {
      // `**`, or `*` / `%` as a path step (not a product or a remainder): any field, or the parent's.
      if (expression.charCodeAt(i + 1) === 42 || nextChar(i + 1) === 46 || nextChar(i + 1) === 91 || operand(i)) return whole;
      i++;
      continue;
    }
    if (c === 47 /* / */ && operand(i)) {
      // A regular expression: skipped (a quote in it is no string).
      let j = i + 1;
      while (j < n && expression.charCodeAt(j) !== 47) j += expression.charCodeAt(j) === 92 ? 2 : 1;
      if (j >= n) return whole;
      i = j + 1;
      while (i < n && isIdentChar(expression.charCodeAt(i))) i++;
      continue;
    }
    if (c === 36 && expression.startsWith('$eval', i) && !isIdentChar(expression.charCodeAt(i + 5))) return whole;
    let start = i;
    let j = i;
    if (c === 36 /* $ */) {
      if (expression.charCodeAt(i + 1) === 36) j = i + 2;
      else if (isIdentChar(expression.charCodeAt(i + 1))) {
        i = identEnd(expression, i + 1); // a variable or function
        continue;
      } else j = i + 1;
      if (expression.charCodeAt(j) !== 46 /* . */) {
        refs.push(input('', start, j, false));
        i = j;
        continue;
      }
      j++;
    } else {
      let before = i - 1;
      while (before >= 0 && (expression.charCodeAt(before) === 32 || expression.charCodeAt(before) === 10 || expression.charCodeAt(before) === 9 || expression.charCodeAt(before) === 13)) before--;
      if (expression.charCodeAt(before) === 46 || !name(i)) {
        // A member of something that is not a path (`$f(x).y`), a number or an operator.
        i = name(i)?.end ?? i + 1;
        continue;
      }
      start = i;
    }
    const names: string[] = [];
    let end = j;
    for (;;) {
      const part = name(j);
      if (!part) break;
      names.push(part.name);
      end = part.end;
      j = part.end;
      while (expression.charCodeAt(j) === 91 /* [ */) {
        const close = skipBalanced(expression, j, 91, 93);
        if (close === -1) break;
        j = close;
        end = close;
      }
      if (expression.charCodeAt(j) !== 46 || names.length >= 12) break;
      j++;
    }
    if (names.length === 1 && c !== 36 && JSONATA_WORDS.has(names[0])) {
      i = end;
      continue;
    }
    if (names.length || c === 36) refs.push(input(stripMsg(names.join('.')), start, end, false));
    i = Math.max(end, i + 1);
  }
  if (refs.length === 1 && expression.slice(refs[0].start, refs[0].end).trim() === expression.trim()) return [{ ...refs[0], whole: true }];
  return refs;
}

/** `{{payload.x}}`, `{{{msg.url}}}` in templates (the template's context is `msg`). */
function mustacheReferences(text: string): Reference[] {
  const refs: Reference[] = [];
  for (const block of templateBlocks(text)) {
    let start = block.start;
    while (text.charCodeAt(start) === 32) start++;
    const c = text.charCodeAt(start);
    if (c === 35 || c === 47 || c === 94 || c === 33 || c === 62) start++; // {{#section}}, {{/section}}, {{^x}}, {{!comment}}, {{>partial}}
    let end = start;
    while (end < block.end && (isIdentChar(text.charCodeAt(end)) || text.charCodeAt(end) === 46)) end++;
    const name = text.slice(start, end);
    if (!name || name.startsWith('flow.') || name.startsWith('global.') || name.startsWith('env.')) continue;
    refs.push(input(stripMsg(name), block.outerStart, block.outerEnd, false));
  }
  return refs;
}
