// Make: data is referenced explicitly by module id inside `{{ … }}` (`{{3.body.email}}`, `` {{1.`Full name`}} ``,
// `{{lower(1.email)}}`), so no module passes its input on implicitly (Zapier, which does the same: zapier.ts).
// Module filters are checks on the module they guard; sinks are mapper fields of HTTP, SQL, SSH and FTP modules.
import { byName } from '../knowledge/byName.js';
import { makeApp } from '../knowledge/connectors/make.js';
import { CODE_EXECUTION_MARKERS, MAKE_CHECK_OPS, MAKE_SINKS, type CheckOp } from '../knowledge/sinks.js';
import { isMaskingExpression } from '../knowledge/sensitiveData.js';
import { asObject, asString } from '../walk.js';
import { codeMarkerSink, fieldKey, isIdentChar, templateBlocks, MAX_FIELD_DEPTH } from './expressions.js';
import type { FlowNode } from '../model/index.js';
import { childPointer } from '../source.js';
import { addTo, type FlowGraph } from './graph.js';
import { checksOfAnyGroup, literalOfValue, maskedRefs, numericRefs, operandShape, prefixOp, regexOp } from './predicates.js';
import { COMPUTING_ROLES, TRANSFORM_ROLES, templateLeaves, templateSink, wholeIfAlone } from './templateSteps.js';
import type { Check, Leaf, NodeFlow, Reference, Sink, Write } from './types.js';

/** Module keys that hold no data references (nested modules of routers and error handlers are nodes of their own). */
const MAKE_SKIP = new Set(['metadata', 'routes', 'onerror']);
const CODE_APPS = new Set(['code', 'custom-js', 'onesaas']);

/** A Make module as its output is read: its node, its mapper, its leaves, and the scenario's Set variable modules by name. */
interface MappedModule {
  readonly node: FlowNode;
  readonly mapper: Record<string, unknown>;
  readonly leaves: readonly Leaf[];
  setters(): ReadonlyMap<string, readonly VariableSetter[]>;
}

/**
 * What a module outputs of what it is given, for the module types whose output is not simply their role's (see
 * {@link writesByRole}): a variable under its name, an iterator's elements as they are, a transform's result under one
 * key (Compose a string `{{2.value}}`, Replace and Text aggregator `{{2.text}}`, Create JSON `{{2.json}}`, Array
 * aggregator `{{2.array[].field}}`, each mapped field at its name).
 */
const MODULE_WRITES: Readonly<Record<string, (module: MappedModule) => Write[]>> = byName<(module: MappedModule) => Write[]>({
  'util:SetVariable2': setVariableWrites,
  'util:SetVariables': setVariableWrites,
  'util:GetVariable2': (m) => getVariableWrites(m, oneVariable(m.mapper)),
  'util:GetVariables': (m) => getVariableWrites(m, listedVariables(m.mapper)),
  'builtin:BasicFeeder': (m) => mapperWrites(m, () => '', (r) => ({ ...r, whole: true })),
  'builtin:BasicAggregator': (m) => mapperWrites(m, (l) => ['array', ...l.path.slice(1).map(fieldKey)].join('.')),
  'util:ComposeTransformer': (m) => mapperWrites(m, () => 'value'),
  'regexp:Replace': (m) => mapperWrites(m, () => 'text'),
  'util:TextAggregator': (m) => mapperWrites(m, () => 'text'),
  'json:CreateJSON': (m) => mapperWrites(m, () => 'json'),
  'json:TransformToJSON': (m) => mapperWrites(m, () => 'json'),
});

/** A describer of the modules of a Make blueprint for the engine. */
export function describerMake(graph: FlowGraph): (node: FlowNode) => NodeFlow | undefined {
  let setters: Map<string, VariableSetter[]> | undefined;
  return (node) => {
    const raw = asObject(node.parameters) ?? {};
    const leaves = templateLeaves(raw, node.pointer, graph, (v) => makeReferences(v, graph), MAKE_SKIP);
    const mapper = asObject(raw.mapper) ?? {};
    const app = makeApp(node.type);
    const writesOf = MODULE_WRITES[node.type] ?? (TRANSFORM_ROLES.has(node.role) ? writesByRole : undefined);
    const writes = writesOf?.({ node, mapper, leaves, setters: () => (setters ??= variableSetters(graph)) }) ?? [];
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

/** A transform, filter, code or AI module outputs what is mapped into it; code and AI modules what they compute from it. */
function writesByRole(module: MappedModule): Write[] {
  return mapperWrites(module, () => '', COMPUTING_ROLES.has(module.node.role) ? (r) => ({ ...r, whole: false }) : undefined);
}

/** Each value mapped into the module (under `mapper`), written at `at(leaf)`, its references as `ref` makes them. */
function mapperWrites(module: MappedModule, at: (leaf: Leaf) => string, ref?: (r: Reference) => Reference): Write[] {
  return module.leaves.filter((l) => l.path[0] === 'mapper').map((l) => ({ at: at(l), refs: ref ? l.refs.map(ref) : l.refs, pointer: l.pointer }));
}

/** The variable a Set or Get variable module names (`mapper.name`; undefined when it is not text). */
function oneVariable(mapper: Record<string, unknown>): (string | undefined)[] {
  return [asString(mapper.name)];
}

/** The variables a Set or Get variables module names (`mapper.variables[].name`). */
function listedVariables(mapper: Record<string, unknown>): (string | undefined)[] {
  return (Array.isArray(mapper.variables) ? mapper.variables : []).map((v) => asString(asObject(v)?.name));
}

/** How a Set variable module names its variables, and which variable a value mapped into it sets. */
interface SetVariableModule {
  names(mapper: Record<string, unknown>): (string | undefined)[];
  valueOf(path: readonly string[]): number | undefined;
}

/**
 * The Set variable modules by type: the variables each names, and which of them a mapped value sets (by its path under
 * the module's parameters: `mapper.value`, `mapper.variables[i].value`), as an index into them.
 */
const SET_VARIABLE: Readonly<Record<string, SetVariableModule>> = byName<SetVariableModule>({
  'util:SetVariable2': { names: oneVariable, valueOf: (path) => (path[1] === 'value' ? 0 : undefined) },
  'util:SetVariables': { names: listedVariables, valueOf: (path) => (path[1] === 'variables' && path[3] === 'value' ? Number(path[2]) : undefined) },
});

/** A Set variable(s) module outputs each value under its variable's name (a mapped name: in the whole bundle). */
function setVariableWrites(module: MappedModule): Write[] {
  const spec = SET_VARIABLE[module.node.type];
  const names = spec.names(module.mapper);
  return module.leaves.flatMap((l) => {
    const i = l.path[0] === 'mapper' ? spec.valueOf(l.path) : undefined;
    return i === undefined ? [] : [{ at: variableField(names[i]), refs: l.refs, pointer: l.pointer }];
  });
}

/** A Get variable(s) module outputs, under each variable's name, what the Set variable modules that name it wrote. */
function getVariableWrites(module: MappedModule, names: readonly (string | undefined)[]): Write[] {
  return names.flatMap((name) => {
    if (!name) return [];
    const at = variableField(name);
    return settersOf(name, module.setters()).map((s) => ({ at, refs: [{ kind: 'node' as const, target: s.target, field: s.field, start: 0, end: 0, masked: false, whole: true }], pointer: module.node.pointer }));
  });
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

/** Where a Set or Get variable module outputs a variable: under its name (one key), or, for a mapped name, in the whole bundle. */
function variableField(name: string | undefined): string {
  return !name || isMappedName(name) ? '' : fieldKey(name);
}

/** The key under which {@link variableSetters} keeps the modules that set a variable of a mapped name. */
const ANY_NAME = '{{';

/** The Set variable(s) modules of the scenario by the names of the variables they set (a mapped name under {@link ANY_NAME}). */
function variableSetters(graph: FlowGraph): Map<string, VariableSetter[]> {
  const out = new Map<string, VariableSetter[]>();
  for (const n of graph.flow.nodes) {
    if (n.disabled) continue;
    const mapper = asObject(asObject(n.parameters)?.mapper);
    const names = SET_VARIABLE[n.type]?.names(mapper ?? {}) ?? [];
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
  // A date condition restricts nothing: Make's help does not say which texts it reads as dates, and JavaScript's date
  // parser skips text in parentheses (`2000-01-02 ('; DROP TABLE t; --)`), as for an n8n dateTime check.
  let op: CheckOp = o.startsWith('number:') ? 'type' : o.startsWith('date:') ? 'other' : o.startsWith('boolean:') ? booleanOp(o, condition?.[right ? 'a' : 'b']) : MAKE_CHECK_OPS[o] ?? 'other';
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
 * What a boolean condition (`boolean:equal`, `boolean:notequal`) compared with `other` restricts. Make reads a text as
 * Yes unless it is `false` or empty (help.make.com/type-coercion), so a value that must be true, or must not be false,
 * may be any other text; one that must be false, or must not be true, is `false`, empty or missing.
 */
function booleanOp(o: string, other: unknown): CheckOp {
  const text = typeof other === 'string' && !other.includes('{{') ? other.trim().toLowerCase() : undefined;
  const yes = typeof other === 'boolean' ? other : text === undefined ? undefined : text !== '' && text !== 'false';
  if (yes === undefined) return 'other';
  return yes === (o === 'boolean:notequal') ? 'equals' : 'other';
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

/** Reads `.a.b`, `` .`Full name` ``, `.items[].x` after index `i` (at a `.`); `` .`region.code` `` is one key ({@link fieldKey}). */
function makePath(text: string, i: number, limit: number): { field: string; end: number } {
  const names: string[] = [];
  let j = i;
  while (j < limit && text.charCodeAt(j) === 46 && names.length < MAX_FIELD_DEPTH) {
    let k = j + 1;
    let name: string;
    if (text.charCodeAt(k) === 96 /* ` */) {
      const close = text.indexOf('`', k + 1);
      if (close === -1 || close >= limit) break;
      name = fieldKey(text.slice(k + 1, close));
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
