// Node-RED: every node receives `msg` on its wires and (except the ones that talk to a service) passes it on. A change
// node sets, moves or deletes `msg` fields; a template node writes its `field`; a switch node routes on a property (a
// check); function code reads `msg.…`. Sinks read a property or, when it is empty, a `msg` field (`msg.url`,
// `msg.filename`, `msg.topic` as the SQL text) or append `msg.payload` to a command (`exec` with `addpay`).
import { CODE_EXECUTION_MARKERS, NODE_RED_CHECK_OPS, NODE_RED_SINKS } from '../knowledge/sinks.js';
import type { FlowNode } from '../model/index.js';
import { asObject, asString } from '../walk.js';
import { fieldOf, findMarker, isIdentChar, readAccessors, templateBlocks, urlPathStart } from './expressions.js';
import type { FlowGraph } from './graph.js';
import type { Check, Leaf, NodeFlow, Reference, Sink, Write } from './types.js';

/** Nodes that answer with what a service returned: their output `msg.payload` is not their input's. */
const SERVICE_ROLES = new Set(['http-request', 'database', 'file', 'email', 'storage', 'ai', 'command']);

const CODE_PROPS = ['func', 'initialize', 'finalize'];
const CODE_CHECK_MARKERS = ['.test(', '.match(', 'isNaN(', 'Number.isInteger(', 'typeof '];

/** A describer of the nodes of a Node-RED export for the engine. */
export function describerNodeRed(graph: FlowGraph): (node: FlowNode) => NodeFlow | undefined {
  return (node) => describeNode(node, graph);
}

function input(field: string, start = 0, end = 0, whole = true): Reference {
  return { kind: 'input', field, start, end, masked: false, whole };
}

function describeNode(node: FlowNode, graph: FlowGraph): NodeFlow {
  graph.budget.spend();
  const raw = asObject(node.parameters) ?? {};
  const p = node.pointer;
  const leaves: Leaf[] = [];
  const writes: Write[] = [];
  const checks: Check[] = [];
  const sinks: Sink[] = [];
  const type = node.type;

  if (type === 'function') {
    for (const prop of CODE_PROPS) {
      const code = asString(raw[prop]);
      if (!code) continue;
      const refs = msgReferences(code);
      if (refs.length) leaves.push({ pointer: `${p}/${prop}`, path: [prop], value: code, refs });
      const marker = findMarker(code, CODE_EXECUTION_MARKERS);
      const libs = Array.isArray(raw.libs) && raw.libs.some((l) => asString(asObject(l)?.module) === 'child_process');
      if (marker || libs) {
        const at = marker ? { start: marker.index, end: marker.index + marker.marker.length } : undefined;
        sinks.push({ kind: 'code', pointer: `${p}/${prop}`, refs: refs.length ? refs : [input('')], at, detail: marker ? `its code uses ${marker.marker.replace(/\($/, '')}` : 'it loads child_process' });
      }
      if (prop === 'func' && code.includes('throw') && CODE_CHECK_MARKERS.some((m) => code.includes(m))) for (const ref of refs) checks.push({ ref, op: 'code', pointer: `${p}/${prop}` });
    }
  } else if (type === 'change') {
    (Array.isArray(raw.rules) ? raw.rules : []).forEach((r, i) => {
      const rule = asObject(r);
      if (!rule || (asString(rule.pt) ?? 'msg') !== 'msg') return;
      const target = asString(rule.p) ?? '';
      const pointer = `${p}/rules/${i}`;
      const t = asString(rule.t);
      if (t === 'set' || t === 'move') {
        const from = t === 'set' ? (asString(rule.tot) === 'msg' ? asString(rule.to) : undefined) : target;
        const to = t === 'set' ? target : (asString(rule.to) ?? '');
        writes.push({ at: stripMsg(to), refs: from !== undefined ? [input(stripMsg(from))] : [], pointer });
        if (t === 'move') writes.push({ at: stripMsg(target), refs: [], pointer });
        if (from !== undefined) leaves.push({ pointer, path: ['rules', String(i)], value: from, refs: [input(stripMsg(from))] });
      } else if (t === 'delete') writes.push({ at: stripMsg(target), refs: [], pointer });
    });
  } else if (type === 'template') {
    const text = asString(raw.template) ?? '';
    const refs = mustacheReferences(text);
    if ((asString(raw.fieldType) ?? 'msg') === 'msg') writes.push({ at: asString(raw.field) || 'payload', refs, pointer: `${p}/template` });
    if (refs.length) leaves.push({ pointer: `${p}/template`, path: ['template'], value: text, refs });
  } else if (type === 'switch') {
    const property = asString(raw.property) ?? 'payload';
    if ((asString(raw.propertyType) ?? 'msg') === 'msg') {
      const rules = (Array.isArray(raw.rules) ? raw.rules : []).map((r) => asString(asObject(r)?.t) ?? '');
      const ops = rules.filter((t) => t !== 'else').map((t) => NODE_RED_CHECK_OPS[t] ?? 'other');
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
        const hostEnd = sink.kind === 'url' ? urlPathStart(value, templateBlocks(value).map((b) => ({ start: b.outerStart, end: b.outerEnd }))) : undefined;
        sinks.push({ kind: sink.kind, pointer: `${p}/${sink.prop}`, refs, hostEnd });
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

  return { node, passesInput: !SERVICE_ROLES.has(node.role), writes, checks, sinks: () => sinks, leaves };
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
