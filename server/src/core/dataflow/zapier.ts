// Zapier: a step references another's output by step id inside `{{ … }}` (`{{123456__email}}`, `{{123456__a__b}}`);
// Filter steps are checks on the steps after them; sinks are fields of Webhooks and SQL steps, and code that evaluates text.
import { zapierAppName } from '../knowledge/connectors/zapier.js';
import { CODE_EXECUTION_MARKERS, ZAPIER_FILTER_OPS, ZAPIER_SINKS, type CheckOp } from '../knowledge/sinks.js';
import type { FlowNode } from '../model/index.js';
import { asObject, asString } from '../walk.js';
import { codeMarkerSink, templateBlocks, MAX_FIELD_DEPTH } from './expressions.js';
import type { FlowGraph } from './graph.js';
import { checksOfAnyGroup, prefixOp } from './predicates.js';
import { COMPUTING_ROLES, TRANSFORM_ROLES, templateLeaves, templateSink, wholeIfAlone } from './templateSteps.js';
import type { Check, NodeFlow, Reference, Sink, Write } from './types.js';

/** A describer of the steps of a Zapier export for the engine. */
export function describerZapier(graph: FlowGraph): (node: FlowNode) => NodeFlow | undefined {
  return (node) => {
    const raw = asObject(node.parameters) ?? {};
    const base = node.parametersPointer ?? node.pointer;
    const leaves = templateLeaves(raw, base, graph, (v) => zapierReferences(v, graph));
    const app = zapierAppName(node.type.split(':')[0]);
    // Formatter puts its result under `output` (`{{2__output}}`), and some transforms under other keys too (Split text's
    // `item_1`, Line Itemizer's property names), which read what it was given; code and AI steps output what they compute.
    const places = app === 'Formatter' ? ['output', ''] : [''];
    const writes: Write[] = TRANSFORM_ROLES.has(node.role)
      ? leaves.flatMap((l) => places.map((at) => ({ at, refs: COMPUTING_ROLES.has(node.role) ? l.refs.map((r) => ({ ...r, whole: false })) : l.refs, pointer: l.pointer })))
      : [];
    const sinks: Sink[] = [];
    for (const leaf of leaves) {
      const kind = leaf.path.length === 1 ? ZAPIER_SINKS[app]?.[leaf.path[0]] : undefined;
      if (kind) sinks.push(templateSink(kind, leaf));
    }
    if (app === 'Code') {
      const code = asString(raw.code);
      const refs = leaves.flatMap((l) => l.refs);
      const sink = code && refs.length ? codeMarkerSink(code, CODE_EXECUTION_MARKERS, `${base}/code`, refs) : undefined;
      if (sink) sinks.push(sink);
    }
    const criteria = node.role === 'control' && Array.isArray(raw.filter_criteria) ? raw.filter_criteria : [];
    return { node, passesInput: false, writes, checks: zapierFilterChecks(criteria, base, graph), sinks: () => sinks, leaves };
  };
}

/**
 * A Zapier Filter step's conditions (`filter_criteria[]`, each naming its field as `<step id>__a__b` in `key`) as checks:
 * the steps after it run only when they hold. Conditions of one `group` are joined by AND, groups by OR (only a value
 * every group checks is checked). Only *continue if* conditions count.
 */
function zapierFilterChecks(criteria: readonly unknown[], base: string, graph: FlowGraph): Check[] {
  const groups = new Map<string, Check[]>();
  criteria.forEach((c, i) => {
    const o = asObject(c);
    const id = JSON.stringify(o?.group ?? null);
    let group = groups.get(id);
    if (!group) groups.set(id, (group = []));
    const key = asString(o?.key)?.replace(/^\s*\{\{|\}\}\s*$/g, '').trim() ?? '';
    const sep = key.indexOf('__');
    if (!o || sep <= 0 || !graph.byId.has(key.slice(0, sep)) || (asString(o.action) ?? 'continue') !== 'continue') return;
    const field = key.slice(sep + 2).split('__').filter(Boolean).slice(0, MAX_FIELD_DEPTH).join('.');
    const ref: Reference = { kind: 'node', target: key.slice(0, sep), field, start: 0, end: 0, masked: false, whole: true };
    group.push({ ref, op: zapierFilterOp(asString(o.match) ?? '', o.value), pointer: `${base}/filter_criteria/${i}/match` });
  });
  return groups.size <= 1 ? [...groups.values()].flat() : checksOfAnyGroup([...groups.values()]);
}

/**
 * What a Zapier filter condition checks: `exact` / `in` a literal, a prefix; an empty or mapped value checks nothing in
 * particular. A number, date/time or boolean condition (`greater`, `date_after`, `bool_true`, …) restricts nothing: Zapier
 * compares the field as that type and passes the field on as it was, and its help says only that such a condition works
 * for data of its type (advising to parse numbers and dates with Formatter before a Filter), not that a text of another
 * type fails it; a date's text holds letters, spaces, `/` and `:` however it is read.
 */
function zapierFilterOp(match: string, value: unknown): CheckOp {
  const m = match.toLowerCase();
  const op = ZAPIER_FILTER_OPS[m] ?? (m.startsWith('i') ? ZAPIER_FILTER_OPS[m.slice(1)] : undefined) ?? 'other';
  if (op !== 'equals' && op !== 'prefix') return op;
  const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
  if (text.includes('{{')) return 'other';
  if (text === '') return 'presence';
  return op === 'prefix' ? prefixOp({ kind: 'string', value: text }) : op;
}

/** Zapier: `{{<step id>__a__b}}` whose step exists in the export. */
export function zapierReferences(value: string, graph: FlowGraph): Reference[] {
  const refs: Reference[] = [];
  const blocks = templateBlocks(value);
  for (const block of blocks) {
    const content = value.slice(block.start, block.end).trim();
    const sep = content.indexOf('__');
    if (sep <= 0) continue;
    const id = content.slice(0, sep);
    if (!graph.byId.has(id)) continue;
    const field = content.slice(sep + 2).split('__').filter(Boolean).slice(0, MAX_FIELD_DEPTH).join('.');
    const before = refs.length;
    refs.push({ kind: 'node', target: id, field, start: block.outerStart, end: block.outerEnd, masked: false, whole: false });
    wholeIfAlone(value, blocks, block, refs, before);
  }
  return refs;
}
