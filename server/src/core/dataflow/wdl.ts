// Power Automate and Logic Apps (Workflow Definition Language): references in `@…` and `@{…}` expressions
// (`triggerBody()`, `triggerOutputs()`, `body('X')`, `outputs('X')`, `actions('X')`, `items('X')`, `item()`,
// `variables('x')`) and in inline code (`workflowContext.…`), what each action writes, which actions check values
// (If, Switch, Parse JSON schemas, trigger schema validation) and which inputs are sinks.
import { addTo } from './graph.js';
import { CODE_EXECUTION_MARKERS, type CheckOp } from '../knowledge/sinks.js';
import { isMaskingExpression } from '../knowledge/sensitiveData.js';
import type { FlowNode } from '../model/index.js';
import { asObject, asString, valueAt } from '../walk.js';
import { confineToUrlPath, EACH_ELEMENT, fieldKey, fieldOf, joinElements, codeMarkerSink, pointerFrom, scanStrings, identEnd, isIdentChar, joinField, readAccessors, readQuoted, skipBalanced, skipSpaces, urlHostBounds, wdlBlocks, MAX_FIELD_DEPTH, type Segment } from './expressions.js';
import type { FlowGraph } from './graph.js';
import { callArguments, checksOfAnyGroup, formatOp, literalOf, literalOfValue, maskedRefs, numericRefs, openCallsAt, regexOp, wdlConditionOp, type WdlCall } from './predicates.js';
import type { Check, Leaf, NodeFlow, Reference, Sink, Write } from './types.js';

const CODE_TYPES = new Set(['javascriptcode', 'inlinecode', 'csharpscriptcode', 'powershellcode']);
/** Power Automate connector operations: the designer writes the keys of their data as paths (`body/value`, `Author/Email`). */
const CONNECTOR_TYPES = new Set(['openapiconnection', 'openapiconnectionwebhook', 'openapiconnectionnotification']);
const DERIVE_TYPES = new Set(['xmlparse', 'xslt', 'liquid', 'expression', 'flatfiledecoding', 'rosettanetdecode', 'xmlcompose', 'table', 'join']);
const VARIABLE_TYPES = new Set(['setvariable', 'appendtoarrayvariable', 'appendtostringvariable', 'incrementvariable', 'decrementvariable']);

interface WdlContext {
  /** Id of a node by action name, within the node's workflow. */
  idOf(name: string): string | undefined;
  /** Trigger ids of the node's workflow. */
  readonly triggers: readonly string[];
  /** The Foreach around the node (for `item()`). */
  readonly foreach?: string;
  /** True when the data of the node `id` is a Power Automate connector's, whose keys the designer writes as paths. */
  keysArePaths(id: string | undefined): boolean;
}

/** A describer of the triggers and actions of a Power Automate or Logic Apps flow for the engine. */
export function describerWdl(graph: FlowGraph): (node: FlowNode) => NodeFlow | undefined {
  const byPointer = new Map(graph.flow.nodes.map((n) => [n.pointer, n]));
  const triggersByPrefix = new Map<string, string[]>();
  for (const node of graph.flow.nodes) {
    if (!node.pointer.includes('/triggers/')) continue;
    const prefix = prefixOf(node);
    addTo(triggersByPrefix, prefix, node.id);
  }
  const pathKeys = new Map<string, boolean>();
  const keysArePaths = (id: string | undefined): boolean => {
    const node = id === undefined ? undefined : graph.byId.get(id);
    if (!node) return false;
    let known = pathKeys.get(node.id);
    if (known === undefined) {
      pathKeys.set(node.id, false); // a loop that reaches itself reads no connector through itself
      const type = node.type.toLowerCase();
      // A loop's item is an element of the list it goes over: a connector's when every value the list is read from is.
      const list = type === 'foreach' ? asString(asObject(node.parameters)?.foreach) : undefined;
      const refs = list ? wdlReferences(list, contextOf(node)) : [];
      known = CONNECTOR_TYPES.has(type) || (refs.length > 0 && refs.every((r) => r.kind === 'node' && keysArePaths(r.target)));
      pathKeys.set(node.id, known);
    }
    return known;
  };
  const contextOf = (node: FlowNode): WdlContext => {
    const prefix = prefixOf(node);
    return {
      idOf: (name) => (graph.byId.has(prefix + name) ? prefix + name : undefined),
      triggers: triggersByPrefix.get(prefix) ?? [],
      foreach: enclosing(node, byPointer, (n) => n.type.toLowerCase() === 'foreach')?.id,
      keysArePaths,
    };
  };
  return (node) => describeNode(node, graph, contextOf(node));
}

/** The variable a Set/Initialize/Append variable action writes, from its own inputs (no description needed). */
export function wdlVariableOf(node: FlowNode): string | undefined {
  const type = node.type.toLowerCase();
  const inputs = asObject(asObject(node.parameters)?.inputs);
  if (VARIABLE_TYPES.has(type)) return asString(inputs?.name);
  if (type === 'initializevariable') return asString(asObject((Array.isArray(inputs?.variables) ? inputs.variables : [])[0])?.name);
  return undefined;
}

/** `orders-intake/Compose` → `orders-intake/`: the id prefix a multi-workflow ARM template gives its nodes. */
function prefixOf(node: FlowNode): string {
  return node.id.endsWith(node.name) ? node.id.slice(0, node.id.length - node.name.length) : '';
}

/** The nearest container node around `node` (by pointer) that satisfies `test`. */
function enclosing(node: FlowNode, byPointer: ReadonlyMap<string, FlowNode>, test: (n: FlowNode) => boolean): FlowNode | undefined {
  let p = node.pointer;
  for (let depth = 0; depth < 256; depth++) {
    const cut = p.lastIndexOf('/');
    if (cut <= 0) return undefined;
    p = p.slice(0, cut);
    const container = byPointer.get(p);
    if (container && test(container)) return container;
  }
  return undefined;
}

/** Action keys that hold no data references. */
const SKIP_KEYS = new Set(['runAfter', 'metadata', 'runtimeConfiguration', 'operationOptions', 'trackedProperties']);

function describeNode(node: FlowNode, graph: FlowGraph, ctx: WdlContext): NodeFlow {
  const type = node.type.toLowerCase();
  const raw = asObject(node.parameters) ?? {};
  const base = node.parametersPointer ?? node.pointer;
  const leaves: Leaf[] = [];
  // Only strings that may hold an expression (or inline code) pay for their path.
  const candidate = (value: string, key: string) => graph.budget.spend() && (value.includes('@') || (CODE_TYPES.has(type) && key === 'code'));
  scanStrings(raw, candidate, (value, segments) => {
    const path = [...segments];
    const isCode = CODE_TYPES.has(type) && path[0] === 'inputs' && path[1] === 'code';
    let refs = isCode ? codeReferences(value, ctx) : wdlReferences(value, ctx);
    if ((type === 'select' || type === 'query') && path[1] !== 'from') refs = refs.filter((r) => !(r.kind === 'node' && r.target === ctx.foreach && r.field === '' && value.includes('item()')));
    if (refs.length && !isCode && value.includes('://')) refs = confineToUrlPath(value, refs, wdlBlocks(value).map((b) => ({ start: b.outerStart, end: b.outerEnd })));
    if (refs.length) leaves.push({ pointer: pointerFrom(base, path), path, value, refs });
  }, (key) => SKIP_KEYS.has(key));
  const inputs = asObject(raw.inputs);
  let variable: string | undefined;
  let writes: Write[] = [];
  const under = (...prefix: string[]) => leaves.filter((l) => prefix.every((p, i) => l.path[i] === p));
  if (type === 'compose') writes = under('inputs').map((l) => ({ at: l.path.slice(1).map(fieldKey).join('.'), refs: l.refs, pointer: l.pointer }));
  else if (type === 'parsejson') writes = under('inputs', 'content').map((l) => ({ at: 'body', refs: l.refs, pointer: l.pointer }));
  else if (type === 'select' || type === 'query') writes = under('inputs').map((l) => ({ at: 'body', refs: l.refs, pointer: l.pointer }));
  else if (type === 'foreach') writes = under('foreach').map((l) => ({ at: '', refs: l.refs.map((r) => ({ ...r, whole: r.whole || l.refs.length === 1 })), pointer: l.pointer }));
  else if (VARIABLE_TYPES.has(type)) {
    variable = asString(inputs?.name);
    writes = under('inputs', 'value').map((l) => ({ at: '', refs: l.refs, pointer: l.pointer }));
  } else if (type === 'initializevariable') {
    const list = Array.isArray(inputs?.variables) ? inputs.variables : [];
    variable = asString(asObject(list[0])?.name);
    writes = under('inputs', 'variables').filter((l) => l.path[3] === 'value').map((l) => ({ at: '', refs: l.refs, pointer: l.pointer }));
  } else if (CODE_TYPES.has(type) || DERIVE_TYPES.has(type) || node.role === 'ai') {
    writes = leaves.map((l) => ({ at: '', refs: l.refs, pointer: l.pointer }));
  }
  let sinks: Sink[] | undefined;
  return {
    node,
    passesInput: false,
    writes,
    variable,
    checks: checksOf(node, type, raw, leaves, graph),
    sinks: () => (sinks ??= sinksOf(node, type, leaves)),
    leaves,
  };
}

function checksOf(node: FlowNode, type: string, raw: Record<string, unknown>, leaves: readonly Leaf[], graph: FlowGraph): Check[] {
  const checks: Check[] = [];
  if (type === 'if') {
    // Conditions joined by `or` (the designer's Or group at the top, `expression.or[i]`): the true branch does not say
    // which one held, so only a value every alternative checks is checked. An `or` deeper down checks nothing.
    const alternatives = asObject(raw.expression)?.or;
    const byAlternative: Check[][] = Array.isArray(alternatives) ? alternatives.map(() => []) : [];
    for (const leaf of leaves) {
      if (leaf.path[0] !== 'expression') continue;
      const ors = leaf.path.filter((s) => s.toLowerCase() === 'or').length;
      const alternative = ors === 1 && leaf.path[1] === 'or' ? byAlternative[Number(leaf.path[2])] : undefined;
      if (ors && !alternative) continue;
      const structure = structureCalls(raw, leaf.path).filter((c) => c.name.toLowerCase() !== 'or');
      valueCalls(leaf.value, leaf.refs).forEach((calls, i) => {
        const op = wdlConditionOp([...calls, ...structure]);
        if (op) (alternative ?? checks).push({ ref: leaf.refs[i], op, pointer: leaf.pointer, outputs: [0] });
      });
    }
    if (byAlternative.length) checks.push(...checksOfAnyGroup(byAlternative));
  } else if (type === 'switch') {
    // Each case matched a constant; the default branch passes whatever matched none. A value computed from the field
    // (`length(x)`) matched a case, not the field.
    const cases = graph.edgesFrom(node.id).flatMap((e) => (e.kind?.startsWith('case:') && e.output !== undefined ? [e.output] : []));
    for (const leaf of leaves) {
      if (leaf.path[0] !== 'expression') continue;
      valueCalls(leaf.value, leaf.refs).forEach((calls, i) => checks.push({ ref: leaf.refs[i], op: wdlConditionOp([...calls, { name: 'equals', constant: true }]) ?? 'other', pointer: leaf.pointer, outputs: cases }));
    }
  } else if (type === 'parsejson') {
    checks.push(...schemaChecks(node, asObject(asObject(raw.inputs)?.schema), `${node.pointer}/inputs/schema`, 'body'));
  } else if (type === 'request') {
    const options = asString(raw.operationOptions) ?? '';
    if (/EnableSchemaValidation/i.test(options)) checks.push(...schemaChecks(node, asObject(asObject(raw.inputs)?.schema), `${node.pointer}/inputs/schema`, 'body'));
  }
  return checks;
}

/**
 * For each of `refs` (in order), the functions around it inside its value, innermost first, each with the literal it
 * compares with (`equals(toLower(x), 'eu')` gives `toLower`, then `equals` with `'eu'`). Each block is read once, and
 * each call's arguments once, however many references it holds.
 */
function valueCalls(value: string, refs: readonly Reference[]): WdlCall[][] {
  const out: WdlCall[][] = refs.map(() => []);
  for (const block of wdlBlocks(value)) {
    const inside = refs.flatMap((r, i) => (block.start <= r.start && r.end <= block.end ? [i] : []));
    if (!inside.length) continue;
    const stacks = openCallsAt(value, block.start, inside.map((i) => refs[i].start), 'wdl');
    const argsOf = new Map<number, { start: number; end: number }[]>();
    inside.forEach((index, k) => {
      const ref = refs[index];
      out[index] = stacks[k].reverse().map((call) => {
        if (!call.name) return { name: '' };
        let args = argsOf.get(call.open);
        if (!args) argsOf.set(call.open, (args = callArguments(value, call.open, 'wdl', block.end)));
        const other = args.length === 2 ? args.find((a) => !(a.start <= ref.start && ref.end <= a.end)) : undefined;
        const otherText = other ? value.slice(other.start, other.end) : undefined;
        return { name: call.name, other: otherText !== undefined ? literalOf(otherText, 'wdl') : undefined, otherText, otherFirst: other === args[0] };
      });
    });
  }
  return out;
}

/**
 * The predicates of an If's structure around a leaf, innermost first: `expression/and/0/greater/0` gives `greater`
 * (with the literal of its other operand) and `and`.
 */
function structureCalls(raw: Record<string, unknown>, path: readonly string[]): WdlCall[] {
  const calls: WdlCall[] = [];
  for (let i = path.length - 1; i > 0; i--) {
    const seg = path[i];
    if (/^\d+$/.test(seg)) continue;
    const operands = valueAt(raw, path.slice(0, i + 1));
    const own = /^\d+$/.test(path[i + 1] ?? '') ? Number(path[i + 1]) : -1;
    const other = Array.isArray(operands) && operands.length === 2 && own !== -1 ? operands[1 - own] : undefined;
    calls.push({ name: seg, other: other === undefined ? undefined : literalOfValue(other, isWdlExpression), otherText: other === undefined ? undefined : String(other), otherFirst: own === 1 });
  }
  return calls;
}

/** True when a string value is an expression (`@…`, `…@{…}…`); `@@` escapes a literal `@`. */
function isWdlExpression(text: string): boolean {
  return (text.startsWith('@') && !text.startsWith('@@')) || text.includes('@{');
}

/** Checks a JSON schema enforces on the node's own output: typed, enumerated, patterned or formatted properties. */
function schemaChecks(node: FlowNode, schema: Record<string, unknown> | undefined, pointer: string, field: string): Check[] {
  const checks: Check[] = [];
  const stack: { schema: Record<string, unknown>; pointer: string; field: string; depth: number }[] = schema ? [{ schema, pointer, field, depth: 0 }] : [];
  while (stack.length && checks.length < 256) {
    const s = stack.pop()!;
    // Every restriction the property has (a pattern anchored at one end only, a format that lets any host through):
    // which of them stops an attack depends on the sink.
    const ops = new Set<CheckOp>();
    if (Array.isArray(s.schema.enum)) ops.add('equals');
    if (typeof s.schema.pattern === 'string') ops.add(regexOp(s.schema.pattern));
    const format = typeof s.schema.format === 'string' ? formatOp(s.schema.format) : undefined;
    if (format) ops.add(format);
    if (['integer', 'number', 'boolean'].includes(asString(s.schema.type) ?? '')) ops.add('type');
    if (s.depth > 0) for (const op of ops) checks.push({ ref: { kind: 'node', target: node.id, field: s.field, start: 0, end: 0, masked: false, whole: true }, op, pointer: s.pointer });
    if (s.depth >= 12) continue;
    for (const [name, sub] of Object.entries(asObject(s.schema.properties) ?? {})) {
      const o = asObject(sub);
      if (o) stack.push({ schema: o, pointer: `${s.pointer}/properties/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`, field: joinField(s.field, fieldKey(name)), depth: s.depth + 1 });
    }
    const items = asObject(s.schema.items);
    if (items) stack.push({ schema: items, pointer: `${s.pointer}/items`, field: s.field, depth: s.depth + 1 });
  }
  return checks;
}

function sinksOf(node: FlowNode, type: string, leaves: readonly Leaf[]): Sink[] {
  const sinks: Sink[] = [];
  const at = (...path: string[]) => leaves.find((l) => l.path.length === path.length && path.every((p, i) => l.path[i] === p));
  if (type === 'http' || type === 'httpwebhook') {
    const leaf = type === 'http' ? at('inputs', 'uri') : at('inputs', 'subscribe', 'uri');
    if (leaf) sinks.push({ kind: 'url', pointer: leaf.pointer, refs: leaf.refs, ...wdlHostBounds(leaf.value) });
  }
  const service = (node.service ?? '').toLowerCase();
  if (node.role === 'database' && service.includes('sql')) {
    for (const leaf of leaves) {
      const last = leaf.path[leaf.path.length - 1];
      if (leaf.path[0] === 'inputs' && (last === 'query' || last === 'query/query' || last === 'sqlQuery')) sinks.push({ kind: 'sql', pointer: leaf.pointer, refs: leaf.refs });
    }
  }
  if (node.role === 'file') {
    for (const leaf of leaves) {
      const last = (leaf.path[leaf.path.length - 1] ?? '').toLowerCase();
      if (leaf.path[0] === 'inputs' && (last === 'path' || /folderpath|filepath|filename|^name$|folder$|^id$/.test(last))) sinks.push({ kind: 'file', pointer: leaf.pointer, refs: leaf.refs });
    }
  }
  if (CODE_TYPES.has(type)) {
    const leaf = at('inputs', 'code');
    const sink = leaf && codeMarkerSink(leaf.value, CODE_EXECUTION_MARKERS, leaf.pointer, leaf.refs);
    if (sink) sinks.push(sink);
  }
  return sinks;
}

/**
 * Where the host of a WDL URL ends: `@concat('https://x/', …)` keeps its host in the first argument; any other
 * whole-value expression is all host; `https://host/@{…}` templates are read like other URL templates (with the port of
 * a literal host, {@link urlHostBounds}).
 */
function wdlHostBounds(value: string): { hostEnd: number; portStart?: number } {
  const whole = wdlHostEnd(value);
  return whole !== undefined ? { hostEnd: whole } : urlHostBounds(value, wdlBlocks(value).map((b) => ({ start: b.outerStart, end: b.outerEnd })));
}

/** Where the host of a whole-value WDL expression ends; undefined for a template (`https://host/@{…}`). */
function wdlHostEnd(value: string): number | undefined {
  const blocks = wdlBlocks(value);
  if (blocks.length === 1 && blocks[0].outerStart === 0 && blocks[0].outerEnd === value.length && value.charCodeAt(1) !== 123) {
    const start = skipSpaces(value, 1);
    if (value.slice(start, start + 7).toLowerCase() === 'concat(') {
      const args = start + 6;
      let depth = 0;
      let from = args + 1; // where the argument being read starts
      let prefix = ''; // the text of the literal arguments read so far, while every one is literal
      let open = false; // those gave the scheme and part of the host at most: later arguments add to the host
      for (let i = args; i < value.length; i++) {
        const c = value.charCodeAt(i);
        if (c === 39) {
          const q = readQuoted(value, i, true);
          if (!q) break;
          i = q.end - 1;
          continue;
        }
        if (c === 40) {
          depth++;
          continue;
        }
        const ends = depth === 1 && (c === 44 /* , */ || c === 41);
        if (c === 41) depth--;
        if (!ends) continue;
        const literal = literalArgument(value.slice(from, i).trim());
        if (!open) {
          // Literal first arguments that reach past the host (`'https://host/api/'`, or `'https:'`, `'//host/'`) keep it
          // fixed; when they stop before it ends (`'https://'`, `'https:'`, `'https://api.'`), the arguments after them
          // add to it, up to a literal with a `/`, `?` or `#`. A first argument that is not literal holds the host.
          if (literal !== undefined) {
            prefix += literal;
            if (/^[a-z][a-z0-9+.-]*:\/\/[^/?#]+[/?#]/i.test(prefix)) return args + 1;
          } else if (prefix && /^[a-z][a-z0-9+.-]*:\/*[^/?#]*$/i.test(prefix)) open = true;
          else return prefix ? from : i;
        } else if (literal !== undefined && /[/?#]/.test(literal)) return from;
        if (c === 41) break;
        from = i + 1;
      }
    }
    return value.length;
  }
  return undefined;
}

/** The text of a WDL argument that is one string literal (`'https://'`); undefined for any other argument. */
function literalArgument(arg: string): string | undefined {
  const quoted = arg.charCodeAt(0) === 39 ? readQuoted(arg, 0, true) : undefined;
  return quoted && quoted.end === arg.length ? quoted.value : undefined;
}

/** The references of a Workflow Definition Language string value. */
export function wdlReferences(value: string, ctx: WdlContext): Reference[] {
  const refs: Reference[] = [];
  const blocks = wdlBlocks(value);
  for (const block of blocks) {
    const masking = isMaskingExpression(value.slice(block.start, block.end));
    const before = refs.length;
    for (let i = block.start; i < block.end && refs.length < 512; i++) {
      const c = value.charCodeAt(i);
      if (c === 39) {
        const q = readQuoted(value, i, true);
        if (!q) break;
        i = q.end - 1;
        continue;
      }
      if (!isIdentChar(c) || (i > block.start && isIdentChar(value.charCodeAt(i - 1)))) continue;
      const end = identEnd(value, i);
      const found = value.charCodeAt(end) === 40 ? (elementRef(value, i, end, ctx) ?? functionRef(value, i, end, ctx)) : undefined;
      if (found) {
        refs.push({ ...found, start: i, masked: false, whole: false });
        i = found.end - 1;
      } else i = end - 1;
    }
    numericRefs(value, block.start, block.end, refs.slice(before), 'wdl', NUMBER_FUNCTIONS, NO_METHODS).forEach((n, k) => n && (refs[before + k] = { ...refs[before + k], numeric: true }));
    if (masking) maskedRefs(value, block.start, refs.slice(before), 'wdl').forEach((m, k) => m && (refs[before + k] = { ...refs[before + k], masked: true }));
    if (refs.length === before + 1 && blocks.length === 1 && block.outerStart === 0 && block.outerEnd === value.length) {
      const r = refs[before];
      if (value.slice(block.start, block.end).trim() === value.slice(r.start, r.end)) refs[before] = { ...r, whole: true };
    }
  }
  return refs;
}

/** Functions whose result is a number, or that fail: `@{int(triggerBody()?['id'])}` inserts digits only. */
const NUMBER_FUNCTIONS: ReadonlySet<string> = new Set(['int', 'float', 'decimal', 'add', 'sub', 'mul', 'div', 'mod']);
const NO_METHODS: ReadonlySet<string> = new Set();

/**
 * `first(list)?['key']` or `last(list)?['key']` at `start` (`name(` ends at `nameEnd`), where `list` is one data
 * reference: the key of an element of the list, which is the list's element field, as for `list?[0]?['key']`
 * (`first(outputs('List_rows')?['body/value'])?['emailaddress1']` reads `body.value.emailaddress1`). Undefined for
 * anything else, and for `first(list)` with no key after it (the reference inside reads all of the list).
 */
function elementRef(text: string, start: number, nameEnd: number, ctx: WdlContext): Omit<Reference, 'start' | 'masked' | 'whole'> | undefined {
  const name = text.slice(start, nameEnd).toLowerCase();
  if (name !== 'first' && name !== 'last') return undefined;
  const close = skipBalanced(text, nameEnd, 40, 41, true);
  if (close === -1) return undefined;
  const argStart = skipSpaces(text, nameEnd + 1);
  const argNameEnd = identEnd(text, argStart);
  if (argNameEnd === argStart || text.charCodeAt(argNameEnd) !== 40) return undefined;
  const inner = functionRef(text, argStart, argNameEnd, ctx);
  if (!inner || skipSpaces(text, inner.end) !== close - 1) return undefined;
  const segments = readAccessors(text, close, true);
  if (!segments.some((s) => s.kind === 'prop')) return undefined;
  const field = accessedField(segments, undefined, inner.kind === 'node' && ctx.keysArePaths(inner.target));
  const after = fieldOf(segments);
  // The element picked: the first (`first(list)` is `list?[0]`) or the last, after those picked inside, before those after.
  const element = joinElements(...(inner.elements ? [inner.element] : []), name === 'first' ? '0' : 'last', ...(after.elements ? [after.element] : []));
  return { ...inner, field: joinField(inner.field, field), end: after.end ?? close, elements: true, ...(element === EACH_ELEMENT ? {} : { element }) };
}

/** A data reference made by the function call at `start` (`name(` ends at `nameEnd`), or undefined. */
function functionRef(text: string, start: number, nameEnd: number, ctx: WdlContext): Omit<Reference, 'start' | 'masked' | 'whole'> | undefined {
  const name = text.slice(start, nameEnd).toLowerCase();
  const close = skipBalanced(text, nameEnd, 40, 41, true);
  if (close === -1) return undefined;
  const argStart = skipSpaces(text, nameEnd + 1);
  const arg = text.charCodeAt(argStart) === 39 ? readQuoted(text, argStart, true)?.value : undefined;
  const segments = readAccessors(text, close, true);
  const read = fieldOf(segments);
  const refEnd = read.end ?? close;
  // An index (`?['value']?[0]?['email']`) reads one element of a list.
  const picked = read.elements ? { elements: true, ...(read.element === undefined ? {} : { element: read.element }) } : {};
  const trigger = ctx.triggers[0];
  const stripOutputs = (f: string) => (f === 'outputs' ? '' : f.startsWith('outputs.') ? f.slice(8) : f);
  const node = (target: string | undefined, f: string) => (target === undefined ? undefined : { kind: 'node' as const, target, field: f, end: refEnd, ...picked });
  /** The field the accessors read of `target`'s data; `outputs`: they start at its outputs (`body`, `headers`, …). */
  const fieldIn = (target: string | undefined, outputs = false) => accessedField(segments, outputs ? 0 : undefined, ctx.keysArePaths(target));
  /** `trigger()` and `actions('X')` read the outputs under their `outputs` key. */
  const underOutputs = (target: string | undefined) => stripOutputs(accessedField(segments, segments[0]?.name.toLowerCase() === 'outputs' ? 1 : undefined, ctx.keysArePaths(target)));
  switch (name) {
    case 'triggerbody':
    case 'triggermultipartbody':
      return node(trigger, joinField('body', fieldIn(trigger)));
    case 'triggeroutputs':
      return node(trigger, fieldIn(trigger, true));
    case 'trigger':
      return node(trigger, underOutputs(trigger));
    case 'triggerformdatavalue':
    case 'triggerformdatamultivalues':
      return node(trigger, joinField('body', fieldKey(arg ?? '')));
    case 'body':
      return arg === undefined ? undefined : node(ctx.idOf(arg), joinField('body', fieldIn(ctx.idOf(arg))));
    case 'outputs':
      return arg === undefined ? undefined : node(ctx.idOf(arg), fieldIn(ctx.idOf(arg), true));
    case 'actions':
    case 'action':
      return name === 'action' || arg === undefined ? undefined : node(ctx.idOf(arg), underOutputs(ctx.idOf(arg)));
    case 'items':
      return arg === undefined ? undefined : node(ctx.idOf(arg), fieldIn(ctx.idOf(arg)));
    case 'item':
      return node(ctx.foreach, fieldIn(ctx.foreach));
    case 'result':
      return arg === undefined ? undefined : node(ctx.idOf(arg), '');
    case 'formdatavalue':
    case 'formdatamultivalues': {
      const second = /,\s*'([^']{0,200})'/.exec(text.slice(nameEnd, Math.min(close, nameEnd + 400)));
      return arg === undefined ? undefined : node(ctx.idOf(arg), joinField('body', fieldKey(second?.[1] ?? '')));
    }
    case 'variables':
      return arg === undefined ? undefined : { kind: 'variable', target: arg, field: accessedField(segments, undefined, false), end: refEnd, ...picked };
    default:
      return undefined;
  }
}

/** The keys of a step's or trigger's outputs that a path written into one key starts with (`body/value`). */
const OUTPUT_KEYS = new Set(['body', 'headers', 'queries', 'statuscode', 'relativepathparameters']);

/**
 * The dotted field that accessors read. Power Automate's designer writes a path into one key in two places, which the
 * engine reads as `?['body']?['emailaddress1']`: the key read from a step's or trigger's outputs (the property at
 * `outputsAt`, when it starts with one of their own keys: `triggerOutputs()?['body/emailaddress1']`,
 * `outputs('Get_items')?['body/value']`), and every key of a connector's data (`connector`: `body('Get_item')?['Author/Email']`,
 * the items of a loop over its list). Elsewhere a key is the payload's own and `/` one of its characters:
 * `body('Parse_JSON')?['region/code']` of a request's JSON reads the key `region/code`, which the caller may send beside
 * a `region` object with its own `code`. A key that holds a `.` is one key ({@link fieldKey}).
 */
function accessedField(segments: readonly Segment[], outputsAt: number | undefined, connector: boolean): string {
  const names: string[] = [];
  let props = 0;
  for (const s of segments) {
    if (s.kind === 'call' || s.kind === 'dynamic') break;
    if (s.kind !== 'prop') continue;
    const atOutputs = props++ === outputsAt && OUTPUT_KEYS.has(s.name.slice(0, s.name.indexOf('/')).toLowerCase());
    if (s.name.includes('/') && (connector || atOutputs)) names.push(...s.name.split('/').filter(Boolean).map(fieldKey));
    else names.push(fieldKey(s.name));
  }
  return names.slice(0, MAX_FIELD_DEPTH).join('.');
}

/** Inline code reads the run through `workflowContext.trigger…` and `workflowContext.actions.<name>…`. */
function codeReferences(code: string, ctx: WdlContext): Reference[] {
  const refs: Reference[] = [];
  const word = 'workflowContext';
  for (let i = code.indexOf(word); i !== -1 && refs.length < 256; i = code.indexOf(word, i + 1)) {
    if (i > 0 && isIdentChar(code.charCodeAt(i - 1))) continue;
    const segments = readAccessors(code, i + word.length);
    const first = segments[0];
    if (!first || first.kind !== 'prop') continue;
    if (first.name === 'trigger' && ctx.triggers[0]) {
      const { end } = fieldOf(segments, 1);
      const field = accessedField(segments.slice(1), undefined, false);
      refs.push({ kind: 'node', target: ctx.triggers[0], field: field === 'outputs' ? '' : field.replace(/^outputs\./, ''), start: i, end: end ?? first.end, masked: false, whole: false });
    } else if (first.name === 'actions' && segments[1]?.kind === 'prop') {
      const target = ctx.idOf(segments[1].name);
      const { end } = fieldOf(segments, 2);
      const field = accessedField(segments.slice(2), undefined, false);
      if (target) refs.push({ kind: 'node', target, field: field === 'outputs' ? '' : field.replace(/^outputs\./, ''), start: i, end: end ?? segments[1].end, masked: false, whole: false });
    }
  }
  return refs;
}
