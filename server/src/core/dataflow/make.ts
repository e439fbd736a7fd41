// Make and Zapier: data is referenced explicitly by module/step id inside `{{ … }}` (Make `{{3.body.email}}`,
// `` {{1.`Full name`}} ``, `{{lower(1.email)}}`; Zapier `{{123456__email}}`), so no node passes its input on implicitly.
// Make module filters are checks on the module they guard; sinks are mapper fields of HTTP, SQL, SSH and FTP modules.
import { makeApp } from '../knowledge/connectors/make.js';
import { zapierAppName } from '../knowledge/connectors/zapier.js';
import { CODE_EXECUTION_MARKERS, MAKE_CHECK_OPS, MAKE_SINKS, ZAPIER_FILTER_OPS, ZAPIER_SINKS, type CheckOp } from '../knowledge/sinks.js';
import { isMaskingExpression } from '../knowledge/sensitiveData.js';
import { asObject, asString } from '../walk.js';
import { confineToUrlPath, codeMarkerSink, isIdentChar, pointerFrom, scanStrings, templateBlocks, urlPathStart, MAX_FIELD_DEPTH } from './expressions.js';
import type { FlowNode } from '../model/index.js';
import { childPointer } from '../source.js';
import { addTo, type FlowGraph } from './graph.js';
import { checksOfAnyGroup, literalOfValue, maskedRefs, numericRefs, operandShape, prefixOp, regexOp } from './predicates.js';
import type { Check, Leaf, NodeFlow, Reference, Sink, Write } from './types.js';

/** Module keys that hold no data references (nested modules of routers and error handlers are nodes of their own). */
const MAKE_SKIP = new Set(['metadata', 'routes', 'onerror']);
const CODE_APPS = new Set(['code', 'custom-js', 'onesaas']);
const TRANSFORM_ROLES = new Set(['transform', 'control', 'code', 'ai']);
/** Roles of steps whose output is computed from their inputs (a model's answer, code's result), not a copy of them. */
const COMPUTING_ROLES = new Set(['code', 'ai']);
/**
 * Make modules that output their result under one key, not at the root of their bundle: Compose a string `{{2.value}}`,
 * Replace and Text aggregator `{{2.text}}`, Create JSON `{{2.json}}`, Array aggregator `{{2.array[].field}}` (each mapped
 * field at its name).
 */
const MAKE_OUTPUT_KEYS: Readonly<Record<string, string>> = {
  'util:ComposeTransformer': 'value',
  'regexp:Replace': 'text',
  'util:TextAggregator': 'text',
  'json:CreateJSON': 'json',
  'json:TransformToJSON': 'json',
  'builtin:BasicAggregator': 'array',
};

/** A describer of the modules of a Make blueprint for the engine. */
export function describerMake(graph: FlowGraph): (node: FlowNode) => NodeFlow | undefined {
  let setters: Map<string, VariableSetter[]> | undefined;
  return (node) => {
    const raw = asObject(node.parameters) ?? {};
    const leaves = leavesOf(raw, node.pointer, graph, (v) => makeReferences(v, graph), MAKE_SKIP);
    const mapper = asObject(raw.mapper) ?? {};
    const type = node.type;
    const app = makeApp(type);
    let writes: Write[] = [];
    if (type === 'util:SetVariable2') {
      const at = variableField(asString(mapper.name));
      writes = leaves.filter((l) => l.path[0] === 'mapper' && l.path[1] === 'value').map((l) => ({ at, refs: l.refs, pointer: l.pointer }));
    } else if (type === 'util:SetVariables') {
      const list = Array.isArray(mapper.variables) ? mapper.variables : [];
      writes = leaves.filter((l) => l.path[0] === 'mapper' && l.path[1] === 'variables' && l.path[3] === 'value').map((l) => ({ at: variableField(asString(asObject(list[Number(l.path[2])])?.name)), refs: l.refs, pointer: l.pointer }));
    } else if (type === 'util:GetVariable2' || type === 'util:GetVariables') {
      // Get variable outputs, under the variable's name, what the Set variable modules that name it wrote.
      setters ??= variableSetters(graph);
      const names = type === 'util:GetVariable2' ? [asString(mapper.name)] : (Array.isArray(mapper.variables) ? mapper.variables : []).map((v) => asString(asObject(v)?.name));
      writes = names.flatMap((name) => {
        if (!name) return [];
        const at = variableField(name);
        return settersOf(name, setters!).map((s) => ({ at, refs: [{ kind: 'node' as const, target: s.target, field: s.field, start: 0, end: 0, masked: false, whole: true }], pointer: node.pointer }));
      });
    } else if (TRANSFORM_ROLES.has(node.role)) {
      // An iterator outputs each element as it is; code and AI modules output what they compute from their inputs.
      const refsOf = (l: Leaf): readonly Reference[] => (type === 'builtin:BasicFeeder' ? l.refs.map((r) => ({ ...r, whole: true })) : COMPUTING_ROLES.has(node.role) ? l.refs.map((r) => ({ ...r, whole: false })) : l.refs);
      const key = MAKE_OUTPUT_KEYS[type] ?? '';
      const at = (l: Leaf) => (type === 'builtin:BasicAggregator' ? [key, ...l.path.slice(1)].join('.') : key);
      writes = leaves.filter((l) => l.path[0] === 'mapper').map((l) => ({ at: at(l), refs: refsOf(l), pointer: l.pointer }));
    }
    // A filter's conditions are OR-groups of AND-conditions: with two groups or more, a module runs when any group
    // holds, so only a value that every group checks is checked.
    const groups = asObject(raw.filter)?.conditions;
    const byGroup: Check[][] = Array.isArray(groups) ? groups.map(() => []) : [];
    for (const leaf of leaves) {
      if (leaf.path[0] !== 'filter' || (leaf.path[4] !== 'a' && leaf.path[4] !== 'b')) continue;
      const condition = asObject((groups as unknown[][] | undefined)?.[Number(leaf.path[2])]?.[Number(leaf.path[3])]);
      for (const ref of leaf.refs) byGroup[Number(leaf.path[2])]?.push({ ref, op: filterOp(condition, leaf, ref), pointer: leaf.pointer });
    }
    const checks = byGroup.length <= 1 ? byGroup.flat() : checksOfAnyGroup(byGroup);
    const sinks: Sink[] = [];
    const spec = MAKE_SINKS[app];
    for (const leaf of leaves) {
      if (leaf.path[0] !== 'mapper' || leaf.path.length !== 2) continue;
      const kind = spec?.[leaf.path[1].toLowerCase()];
      if (kind) sinks.push({ kind, pointer: leaf.pointer, refs: leaf.refs, hostEnd: kind === 'url' ? urlPathStart(leaf.value, templateBlocks(leaf.value).map((b) => ({ start: b.outerStart, end: b.outerEnd }))) : undefined });
    }
    if (CODE_APPS.has(app)) codeSinks(mapper, childPointer(node.pointer, 'mapper'), leaves, sinks);
    return { node, passesInput: false, writes, checks, sinks: () => sinks, leaves };
  };
}

/** A Set variable module and the field of its output that holds the variable. */
interface VariableSetter {
  readonly target: string;
  readonly field: string;
}

/** True when a variable's name is mapped from data (`{{1.key}}`): it is known only when the scenario runs. */
function isMappedName(name: string): boolean {
  return name.includes('{{');
}

/** Where a Set or Get variable module outputs a variable: under its name, or, for a mapped name, in the whole bundle. */
function variableField(name: string | undefined): string {
  return !name || isMappedName(name) ? '' : name;
}

/** The key under which {@link variableSetters} keeps the modules that set a variable of a mapped name. */
const ANY_NAME = '{{';

/** The Set variable(s) modules of the scenario by the names of the variables they set (a mapped name under {@link ANY_NAME}). */
function variableSetters(graph: FlowGraph): Map<string, VariableSetter[]> {
  const out = new Map<string, VariableSetter[]>();
  for (const n of graph.flow.nodes) {
    if (n.disabled) continue;
    const mapper = asObject(asObject(n.parameters)?.mapper);
    const names = n.type === 'util:SetVariable2' ? [asString(mapper?.name)] : n.type === 'util:SetVariables' ? (Array.isArray(mapper?.variables) ? mapper.variables : []).map((v) => asString(asObject(v)?.name)) : [];
    for (const name of names) if (name) addTo(out, isMappedName(name) ? ANY_NAME : name, { target: n.id, field: variableField(name) });
  }
  return out;
}

/**
 * The modules that may have set the variable a Get variable module reads: those that name it, and those whose name is
 * mapped (it may be this one); a mapped name read may be any variable's.
 */
function settersOf(name: string, setters: ReadonlyMap<string, readonly VariableSetter[]>): VariableSetter[] {
  if (isMappedName(name)) return [...setters.values()].flat();
  return [...(setters.get(name) ?? []), ...(setters.get(ANY_NAME) ?? [])];
}

/**
 * What a filter condition (`{ a, o, b }`) checks about a reference of its side `a` or `b`: the operator's check on the
 * value itself (or its case), less on a value computed from it (`length(x)`); a pattern or prefix is read for what
 * it restricts; a text compared with nothing (`text:notequal` to `''`) only is there.
 */
function filterOp(condition: Record<string, unknown> | undefined, leaf: Leaf, ref: Reference): CheckOp {
  const o = (asString(condition?.o) ?? '').replace(/:ci$/, '');
  const right = leaf.path[4] === 'b';
  const other = literalOfValue(condition?.[right ? 'a' : 'b'] ?? '', (text) => text.includes('{{'));
  let op: CheckOp = /^(?:number|date|boolean):/.test(o) ? 'type' : MAKE_CHECK_OPS[o] ?? 'other';
  if ((o === 'text:equal' || o === 'text:notequal') && other?.kind === 'empty') return 'presence';
  if (op === 'presence') return op;
  const block = ref.whole ? undefined : templateBlocks(leaf.value).find((b) => b.start <= ref.start && ref.end <= b.end);
  const shape = block ? operandShape(leaf.value, block.start, block.end, ref.start, ref.end, 'make') : 'value';
  if (shape === 'other' || (shape === 'length' && op !== 'type') || (shape === 'number' && op !== 'type' && op !== 'equals')) return 'other';
  if (shape === 'length') return o === 'number:greater' && String(condition?.[right ? 'a' : 'b']).trim() === '0' ? 'presence' : 'other';
  // An equality with another value (`{{1.confirm}}`) lets through whatever that value holds; a pattern from an
  // expression is whatever the data makes it.
  if (op === 'equals' && !other) return 'other';
  if (op === 'pattern' || op === 'prefix') {
    if (right) return 'other'; // the value is the pattern or the prefix: it restricts nothing
    op = op === 'pattern' ? (other?.kind === 'string' ? regexOp(other.value) : 'other') : prefixOp(other);
  }
  return op;
}

/** A describer of the steps of a Zapier export for the engine. */
export function describerZapier(graph: FlowGraph): (node: FlowNode) => NodeFlow | undefined {
  return (node) => {
    const raw = asObject(node.parameters) ?? {};
    const base = node.parametersPointer ?? node.pointer;
    const leaves = leavesOf(raw, base, graph, (v) => zapierReferences(v, graph), new Set());
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
      if (kind) sinks.push({ kind, pointer: leaf.pointer, refs: leaf.refs, hostEnd: kind === 'url' ? urlPathStart(leaf.value, templateBlocks(leaf.value).map((b) => ({ start: b.outerStart, end: b.outerEnd }))) : undefined });
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

/** What a Zapier filter condition checks: `exact` / `in` a literal, a type, a prefix; an empty or mapped value checks nothing in particular. */
function zapierFilterOp(match: string, value: unknown): CheckOp {
  const m = match.toLowerCase();
  const op = ZAPIER_FILTER_OPS[m] ?? (m.startsWith('i') ? ZAPIER_FILTER_OPS[m.slice(1)] : undefined) ?? 'other';
  if (op !== 'equals' && op !== 'prefix') return op;
  const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
  if (text.includes('{{')) return 'other';
  if (text === '') return 'presence';
  return op === 'prefix' ? prefixOp({ kind: 'string', value: text }) : op;
}

/**
 * A code module's code that evaluates text (`eval(`, `child_process`, …) reads every value mapped into the module: into
 * the code itself (`{{1.expr}}`) or into its input fields, which the code reads by name.
 */
function codeSinks(mapper: Record<string, unknown>, mapperPointer: string, leaves: readonly Leaf[], sinks: Sink[]): void {
  const refs = leaves.filter((l) => l.path[0] === 'mapper').flatMap((l) => l.refs);
  if (!refs.length) return;
  for (const [key, value] of Object.entries(mapper)) {
    const sink = typeof value === 'string' ? codeMarkerSink(value, CODE_EXECUTION_MARKERS, childPointer(mapperPointer, key), refs) : undefined;
    if (sink) sinks.push(sink);
  }
}

function leavesOf(raw: Record<string, unknown>, base: string, graph: FlowGraph, refsOf: (value: string) => Reference[], skip: ReadonlySet<string>): Leaf[] {
  const leaves: Leaf[] = [];
  scanStrings(raw, (value) => graph.budget.spend() && value.includes('{{'), (value, segments) => {
    let refs = refsOf(value);
    if (refs.length && value.includes('://')) refs = confineToUrlPath(value, refs, templateBlocks(value).map((b) => ({ start: b.outerStart, end: b.outerEnd })));
    if (refs.length) leaves.push({ pointer: pointerFrom(base, segments), path: [...segments], value, refs });
  }, (key) => skip.has(key));
  return leaves;
}

/** Make: `N.path` tokens inside `{{ … }}` whose module N exists in the scenario. */
export function makeReferences(value: string, graph: FlowGraph): Reference[] {
  const refs: Reference[] = [];
  const blocks = templateBlocks(value);
  for (const block of blocks) {
    const masking = isMaskingExpression(value.slice(block.start, block.end));
    const before = refs.length;
    for (let i = block.start; i < block.end && refs.length < 512; i++) {
      const c = value.charCodeAt(i);
      if (c === 34 /* " */) {
        const close = value.indexOf('"', i + 1);
        if (close === -1 || close >= block.end) break;
        i = close;
        continue;
      }
      if (c < 48 || c > 57 || (i > block.start && (isIdentChar(value.charCodeAt(i - 1)) || value.charCodeAt(i - 1) === 46))) continue;
      let e = i;
      while (e < block.end && value.charCodeAt(e) >= 48 && value.charCodeAt(e) <= 57) e++;
      const id = value.slice(i, e);
      if (value.charCodeAt(e) !== 46 || !graph.byId.has(id)) {
        i = e - 1;
        continue;
      }
      const { field, end } = makePath(value, e, block.end);
      refs.push({ kind: 'node', target: id, field, start: i, end, masked: false, whole: false });
      i = end - 1;
    }
    numericRefs(value, block.start, block.end, refs.slice(before), 'make', NUMBER_FUNCTIONS, NO_METHODS).forEach((n, k) => n && (refs[before + k] = { ...refs[before + k], numeric: true }));
    if (masking) maskedRefs(value, block.start, refs.slice(before), 'make').forEach((m, k) => m && (refs[before + k] = { ...refs[before + k], masked: true }));
    wholeIfAlone(value, blocks, block, refs, before);
  }
  return refs;
}

/** Make functions whose result is a number: `{{parseNumber(1.id; ".")}}` inserts digits only. */
const NUMBER_FUNCTIONS: ReadonlySet<string> = new Set(['parseNumber', 'round', 'floor', 'ceil', 'abs', 'max', 'min', 'sum', 'average']);
const NO_METHODS: ReadonlySet<string> = new Set();

/** Reads `.a.b`, `` .`Full name` ``, `.items[].x` after index `i` (at a `.`). */
function makePath(text: string, i: number, limit: number): { field: string; end: number } {
  const names: string[] = [];
  let j = i;
  while (j < limit && text.charCodeAt(j) === 46 && names.length < MAX_FIELD_DEPTH) {
    let k = j + 1;
    let name: string;
    if (text.charCodeAt(k) === 96 /* ` */) {
      const close = text.indexOf('`', k + 1);
      if (close === -1 || close >= limit) break;
      name = text.slice(k + 1, close);
      k = close + 1;
    } else {
      const start = k;
      while (k < limit && (isIdentChar(text.charCodeAt(k)) || text.charCodeAt(k) === 45 /* - */)) k++;
      name = text.slice(start, k);
    }
    if (!name) break;
    names.push(name);
    if (text.charCodeAt(k) === 91 /* [ */) {
      const close = text.indexOf(']', k);
      if (close !== -1 && close < limit && close - k < 12) k = close + 1;
    }
    j = k;
  }
  return { field: names.join('.'), end: j };
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

function wholeIfAlone(value: string, blocks: readonly { outerStart: number; outerEnd: number; start: number; end: number }[], block: { outerStart: number; outerEnd: number; start: number; end: number }, refs: Reference[], before: number): void {
  if (blocks.length !== 1 || refs.length !== before + 1 || value.slice(0, block.outerStart).trim() || value.slice(block.outerEnd).trim()) return;
  const r = refs[before];
  const content = value.slice(block.start, block.end).trim();
  if (content === value.slice(r.start, r.end) || (r.start === block.outerStart && r.end === block.outerEnd)) refs[before] = { ...r, whole: true };
}
