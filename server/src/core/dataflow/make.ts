// Make: data is referenced explicitly by module id inside `{{ … }}` (`{{3.body.email}}`, `` {{1.`Full name`}} ``,
// `{{lower(1.email)}}`), so no module passes its input on implicitly (Zapier, which does the same: zapier.ts).
// Module filters are checks on the module they guard; sinks are mapper fields of HTTP, SQL, SSH and FTP modules.
import { makeApp } from '../knowledge/connectors/make.js';
import { CODE_EXECUTION_MARKERS, MAKE_CHECK_OPS, MAKE_SINKS, type CheckOp } from '../knowledge/sinks.js';
import { isMaskingExpression } from '../knowledge/sensitiveData.js';
import { asObject, asString } from '../walk.js';
import { codeMarkerSink, isIdentChar, templateBlocks, MAX_FIELD_DEPTH } from './expressions.js';
import type { FlowNode } from '../model/index.js';
import { childPointer } from '../source.js';
import { addTo, type FlowGraph } from './graph.js';
import { checksOfAnyGroup, literalOfValue, maskedRefs, numericRefs, operandShape, prefixOp, regexOp } from './predicates.js';
import { COMPUTING_ROLES, TRANSFORM_ROLES, templateLeaves, templateSink, wholeIfAlone } from './templateSteps.js';
import type { Check, Leaf, NodeFlow, Reference, Sink, Write } from './types.js';

/** Module keys that hold no data references (nested modules of routers and error handlers are nodes of their own). */
const MAKE_SKIP = new Set(['metadata', 'routes', 'onerror']);
const CODE_APPS = new Set(['code', 'custom-js', 'onesaas']);
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
    const leaves = templateLeaves(raw, node.pointer, graph, (v) => makeReferences(v, graph), MAKE_SKIP);
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
      if (kind) sinks.push(templateSink(kind, leaf));
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
