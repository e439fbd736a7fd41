// The taint engine: a worklist over the nodes of one flow that computes, for each node, which source data its output
// carries and under which field. Outputs only grow, every set is capped and every step is paid from a budget counted
// in steps (never in time), so cycles, huge fan-out and odd graphs end in bounded work; when the budget or a cap is
// hit the result says so and what was found until then stays valid.
import { EACH_ELEMENT, isFieldPrefix, joinElements, joinField } from './expressions.js';
import { reachesAvoiding, type Budget, type FlowGraph } from './graph.js';
import type { Check, Hop, NodeFlow, Port, Reference, Taint } from './types.js';

/** Longest chain kept (hops after the source); longer chains keep their first hops. */
export const MAX_HOPS = 24;
/** Most distinct values one node's output may carry. */
export const MAX_ENTRIES = 256;
/**
 * Most places below the top of one output where a reference read at any depth ({@link Reference.anyDepth}) looks for
 * its field: each costs a lookup over the output's entries, so past this the rest are not tried (and the result says so).
 */
export const MAX_DEPTH_PLACES = 64;

/** One thing a node's output holds at `at`: source data (`taint`) or a constant that hides what was there (`taint` undefined). */
interface Entry {
  readonly at: string;
  readonly taint?: Taint;
  /** Fields below `at` are the taint's fields below its own (`$json.body` copied whole); otherwise all of it is the taint's field. */
  readonly maps: boolean;
  /** The value at `at` is known to be an object or a list (the write's `object`, a Set field typed so): it holds fields. */
  readonly object?: boolean;
}

type Entries = Map<string, Entry>;

/** A taint found by a lookup, and where it sits under the field looked up (`''` when it is that field's value). */
interface Found {
  readonly taint: Taint;
  readonly rel: string;
}

export interface DataflowModel {
  readonly graph: FlowGraph;
  /** The node's description, built on first use; undefined for nodes left out (disabled nodes but n8n's, canvas notes). */
  flowOf(id: string): NodeFlow | undefined;
  /** AI agents a tool node serves (n8n `ai_tool` connections), by tool id. */
  readonly agentsOf: ReadonlyMap<string, readonly string[]>;
  /** The nodes that write a workflow variable (Power Automate, Logic Apps). */
  setters(variable: string): readonly string[];
}

/**
 * The nodes whose outputs can reach `targets`: the targets, everything upstream of them along data edges (so the
 * checks on the way are there too), the nodes their references name, variable setters and the agents of their tools.
 * Only these are described and followed; in document order.
 */
export function coneOf(model: DataflowModel, targets: readonly string[], budget: Budget): NodeFlow[] {
  const { graph } = model;
  const cone = new Set<string>();
  const stack = [...targets];
  while (stack.length && budget.spend()) {
    const id = stack.pop()!;
    if (cone.has(id)) continue;
    const f = model.flowOf(id);
    if (!f) continue;
    cone.add(id);
    for (const p of graph.preds(id)) if (!cone.has(p)) stack.push(p);
    const refs = [...f.writes.flatMap((w) => w.refs), ...(f.implicitRefs ?? []), ...f.leaves.flatMap((l) => l.refs), ...f.checks.map((c) => c.ref)];
    for (const ref of refs) {
      if (ref.kind === 'node' && ref.target !== undefined) stack.push(ref.target);
      else if (ref.kind === 'variable' && ref.target !== undefined) stack.push(...model.setters(ref.target));
      else if (ref.kind === 'agent') stack.push(...(model.agentsOf.get(id) ?? []));
    }
  }
  const out: NodeFlow[] = [];
  for (const node of graph.flow.nodes) {
    if (!cone.has(node.id)) continue;
    cone.delete(node.id); // duplicate ids: the first node only
    out.push(model.flowOf(node.id)!);
  }
  return out;
}

/** A check that applies to a taint on its way to a sink. */
export interface AppliedCheck {
  readonly check: Check;
  readonly node: string;
}

export interface TaintAnalysis {
  /** The source data a reference made by node `node` carries; each taint's hops end with `{ node, pointer }`. */
  resolve(node: string, ref: Reference, pointer: string): Taint[];
  /** As {@link resolve}, each taint with its place under the referenced field (`data` when the value sits at `data.…`). */
  resolveAt(node: string, ref: Reference, pointer: string): readonly { readonly taint: Taint; readonly rel: string }[];
  /** The checks of the taint's field made by nodes between its source and `sink` (or by `sink` itself). */
  checksOn(taint: Taint, sink: string): AppliedCheck[];
  /** Why the analysis stopped early, if it did. */
  readonly incomplete?: string;
}

function entryKey(e: Entry): string {
  const t = e.taint;
  return `${e.at}\u0000${t ? `${t.source}\u0000${t.field}\u0000${t.masked ? 1 : 0}${t.confined ? 1 : 0}${t.derived ? 1 : 0}${t.numeric ? 1 : 0}\u0000${t.elements ?? ''}` : '#'}\u0000${e.maps ? 1 : 0}${e.object ? 1 : 0}`;
}

/**
 * Runs the engine over the cone of `targets` (see {@link coneOf}) with the nodes `isSource` accepts as sources. Only
 * references made by nodes of the cone can be resolved. Never throws; stops when `budget` is spent.
 */
export function analyzeTaint(model: DataflowModel, isSource: (flow: NodeFlow) => boolean, budget: Budget, targets: readonly string[]): TaintAnalysis {
  const { graph } = model;
  const order = coneOf(model, targets, budget);
  const flows = new Map(order.map((f) => [f.node.id, f]));
  const outputs = new Map<string, Entries>();
  const variables = new Map<string, Entries>();
  let incomplete: string | undefined;

  const readers = new Map<string, Set<string>>(); // node id or `var:name` → nodes whose references read it
  const addReader = (key: string, reader: string) => {
    const set = readers.get(key);
    if (set) set.add(reader);
    else readers.set(key, new Set([reader]));
  };
  const refsOf = (f: NodeFlow): Reference[] => [...f.writes.flatMap((w) => w.refs), ...(f.implicitRefs ?? [])];
  for (const f of order) {
    for (const ref of refsOf(f)) {
      if (ref.kind === 'node' && ref.target !== undefined) addReader(ref.target, f.node.id);
      else if (ref.kind === 'variable' && ref.target !== undefined) addReader(`var:${ref.target}`, f.node.id);
      else if (ref.kind === 'agent') for (const agent of model.agentsOf.get(f.node.id) ?? []) addReader(agent, f.node.id);
    }
  }

  /**
   * Where the input of `node` comes from: the outputs of its predecessors, by the output each edge leaves (a node that
   * sends something else on each output has an entry per output, `id` NUL `port`), computed once per node.
   */
  const inputKeys = new Map<string, string[]>();
  const sourcesOf = (node: string): readonly string[] => {
    let keys = inputKeys.get(node);
    if (keys) return keys;
    keys = [];
    for (const e of graph.edgesTo(node)) {
      if (!graph.carries(e)) continue;
      const ports = flows.get(e.from)?.ports;
      const key = ports && e.output !== undefined && e.output < ports.length ? `${e.from}\u0000${e.output}` : e.from;
      if (!keys.includes(key)) keys.push(key);
    }
    inputKeys.set(node, keys);
    return keys;
  };

  /**
   * The taints `entries` hold for `field`. The most specific entries at or above the field answer (a constant there
   * hides the input's value); entries below it are parts of the value and come back with their place under it (`rel`).
   * With `within`, only entries at or below that place count (what sits above it is what a lookup from higher up finds).
   */
  const lookup = (entries: Entries | undefined, field: string, out: Found[], within?: string) => {
    if (!entries) return;
    let best = -1;
    let candidates: Entry[] = [];
    for (const e of entries.values()) {
      if (!budget.spend()) return;
      if (within !== undefined && !isFieldPrefix(within, e.at)) continue;
      if (isFieldPrefix(e.at, field)) {
        const depth = e.at === '' ? 0 : e.at.split('.').length;
        if (depth > best) {
          best = depth;
          candidates = [e];
        } else if (depth === best) candidates.push(e);
      } else if (e.taint && isFieldPrefix(field, e.at)) out.push({ taint: e.taint, rel: field === '' ? e.at : e.at.slice(field.length + 1) });
    }
    for (const e of candidates) {
      if (!e.taint) continue;
      const rest = e.at === '' ? field : field.slice(e.at.length + 1);
      out.push({ taint: e.maps && rest ? { ...e.taint, field: joinField(e.taint.field, rest) } : e.taint, rel: '' });
    }
  };

  /**
   * The taints `entries` hold for the field `ref` reads: at the top, and for a reference read at any depth also under
   * each place below the top the entries know holds fields: a place above an entry (`customer` for `customer.email`),
   * a source's whole item copied there (`answers` holding `$json`) and a part of an item copied there as an object or a
   * list (`payload` holding `$json.body`, written as an object: {@link Entry.object}). Any other copy is not looked in:
   * it may be text (a copied `body.email`, where `email.phone` would be made up), so a field inside a part of an item
   * copied with no type is missed. Each place is looked up with only the entries at or below it, so a constant or a
   * masked value written there still hides what was copied. Only places where some value could answer are tried (a
   * value at or below the field there, or between the place and the field), at most {@link MAX_DEPTH_PLACES} of them.
   */
  const lookupRef = (node: string, entries: Entries | undefined, ref: Reference, out: Found[]) => {
    lookup(entries, ref.field, out);
    if (!ref.anyDepth || !entries || ref.field === '') return;
    const places = new Set<string>();
    for (const e of entries.values()) {
      if (!budget.spend()) return;
      for (let dot = e.at.indexOf('.'); dot !== -1; dot = e.at.indexOf('.', dot + 1)) places.add(e.at.slice(0, dot));
      if (e.taint && (e.taint.field === '' || e.object) && e.maps && e.at !== '') places.add(e.at);
    }
    // Of these, only the places at or above a value where the field would sit at, above or below it can answer: the
    // others (`meta` for `/email` when only `meta.title` is there) are not tried, nor counted against the cap.
    const tried = new Set<string>();
    for (const e of entries.values()) {
      if (!budget.spend()) return;
      if (!e.taint) continue;
      for (let dot = e.at.indexOf('.'); ; dot = e.at.indexOf('.', dot + 1)) {
        const place = dot === -1 ? e.at : e.at.slice(0, dot);
        const at = place !== '' && places.has(place) && !tried.has(place) ? joinField(place, ref.field) : undefined;
        if (at !== undefined && (isFieldPrefix(at, e.at) || isFieldPrefix(e.at, at))) {
          if (tried.size >= MAX_DEPTH_PLACES) {
            incomplete ??= `"${flows.get(node)?.node.name ?? node}" reads a field that may sit anywhere in its input, and more than ${MAX_DEPTH_PLACES} places of the input may hold it`;
            return;
          }
          tried.add(place);
          lookup(entries, at, out, place);
        }
        if (dot === -1) break;
      }
    }
  };

  const extend = (t: Taint, hop: Hop, masked: boolean, confined = false, derived = false, numeric = false, elements?: string): Taint => ({
    source: t.source,
    field: t.field,
    hops: t.hops.length >= MAX_HOPS ? t.hops : [...t.hops, hop],
    masked: t.masked || masked,
    ...(t.confined || confined ? { confined: true } : {}),
    ...(t.derived || derived ? { derived: true } : {}),
    ...(t.numeric || numeric ? { numeric: true } : {}),
    ...(t.elements !== undefined || elements !== undefined ? { elements: t.elements === undefined ? elements : elements === undefined ? t.elements : joinElements(t.elements, elements) } : {}),
  });

  const resolveAt = (node: string, ref: Reference, pointer: string): Found[] => {
    const found: Found[] = [];
    switch (ref.kind) {
      case 'input':
        for (const p of sourcesOf(node)) lookupRef(node, outputs.get(p), ref, found);
        break;
      case 'node':
        if (ref.target !== undefined) lookupRef(node, outputs.get(ref.target), ref, found);
        break;
      case 'variable':
        if (ref.target !== undefined) lookupRef(node, variables.get(ref.target), ref, found);
        break;
      case 'agent':
        for (const agent of model.agentsOf.get(node) ?? []) lookup(outputs.get(agent), '', found);
        break;
    }
    const hop = { node, pointer };
    const seen = new Set<string>();
    const out: Found[] = [];
    const elements = ref.elements ? (ref.element ?? EACH_ELEMENT) : undefined;
    for (const { taint: t, rel } of found) {
      const key = `${t.source}\u0000${t.field}\u0000${rel}\u0000${t.masked || ref.masked}\u0000${t.confined || ref.confined === true}\u0000${t.numeric || ref.numeric === true}\u0000${t.elements ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ taint: extend(t, hop, ref.masked, ref.confined, false, ref.numeric, elements), rel });
    }
    return out;
  };

  const resolve = (node: string, ref: Reference, pointer: string): Taint[] => resolveAt(node, ref, pointer).map((f) => f.taint);

  /**
   * Adds what node `f` outputs now to `target` (its output, or its variable), creating an entry only when its key is
   * new: a value already there keeps its first (shortest) chain. Returns true when something was added.
   */
  const compute = (f: NodeFlow, target: Entries, part: Port = f): boolean => {
    const id = f.node.id;
    let grew = false;
    const put = (key: string, make: () => Entry) => {
      if (target.has(key)) return;
      if (target.size >= MAX_ENTRIES) {
        incomplete ??= `node "${f.node.name}" carries more than ${MAX_ENTRIES} distinct values`;
        return;
      }
      target.set(key, make());
      grew = true;
    };
    const add = (e: Entry) => put(entryKey(e), () => e);
    // A disabled node brings no data (n8n passes its input on: see dataflowOf).
    if (!f.node.disabled && isSource(f)) add({ at: '', taint: { source: id, field: '', hops: [], masked: false }, maps: true });
    if (part.passesInput) {
      const hop = { node: id, pointer: f.node.pointer };
      // What the node writes at a place replaces what its input held there and below (a Set field, a key Rename Keys
      // moves or empties): that is not passed on. A value computed into the whole item (`''`) replaces nothing.
      const replaced = part.writes.flatMap((w) => (w.at === '' ? [] : [w.at]));
      for (const p of sourcesOf(id)) {
        const entries = outputs.get(p);
        if (!entries || entries === target) continue;
        for (const [key, e] of entries) {
          if (!budget.spend()) return grew;
          if (replaced.length && replaced.some((at) => isFieldPrefix(at, e.at))) continue;
          // The key does not hold the chain, so a copy has the same key: build it only when it is new here.
          put(key, () => (e.taint ? { ...e, taint: extend(e.taint, hop, false) } : e));
        }
      }
    }
    // A value computed into the whole item of a node that passes its input on may be in any field, also in one an
    // earlier node wrote (whose more specific entry would otherwise hide it): it is added at each such place too.
    let passed: Set<string> | undefined;
    const placesPassed = (): Set<string> => {
      if (passed) return passed;
      passed = new Set();
      for (const p of sourcesOf(id)) for (const e of outputs.get(p)?.values() ?? []) if (e.at !== '') passed.add(e.at);
      return passed;
    };
    for (const w of part.writes) {
      if (!w.refs.length) {
        add({ at: w.at, maps: false });
        continue;
      }
      for (const ref of w.refs) {
        for (const { taint, rel } of resolveAt(id, ref, w.pointer)) {
          // A copy keeps each part at its place; a value computed from the data is the data's only in part.
          // A value written as an object or a list holds fields (the write's own value: not the parts copied below it).
          if (ref.whole) add(w.object && rel === '' ? { at: w.at, taint, maps: !taint.derived, object: true } : { at: joinField(w.at, rel), taint, maps: !taint.derived });
          else {
            const computed = taint.derived ? taint : { ...taint, derived: true };
            add({ at: w.at, taint: computed, maps: false });
            if (w.at === '' && part.passesInput) for (const at of placesPassed()) add({ at, taint: computed, maps: false });
          }
        }
      }
    }
    return grew;
  };

  const queue: string[] = order.map((f) => f.node.id);
  const queued = new Set(queue);
  for (let i = 0; i < queue.length; i++) {
    if (budget.exhausted) break;
    const id = queue[i];
    queued.delete(id);
    const f = flows.get(id);
    if (!f) continue;
    const key = f.variable !== undefined ? `var:${f.variable}` : id;
    const store = f.variable !== undefined ? variables : outputs;
    let target = store.get(f.variable ?? id);
    if (!target) {
      target = new Map();
      store.set(f.variable ?? id, target);
    }
    let grew = compute(f, target);
    // What each output sends, when the node says (read through the edges that leave by it).
    f.ports?.forEach((port, i) => {
      const key = `${id}\u0000${i}`;
      let entries = outputs.get(key);
      if (!entries) outputs.set(key, (entries = new Map()));
      if (compute(f, entries, port)) grew = true;
    });
    if (!grew) continue;
    const next = new Set<string>(f.variable !== undefined ? [] : graph.succs(id));
    for (const r of readers.get(key) ?? []) next.add(r);
    for (const n of next) {
      if (queued.has(n)) continue;
      queued.add(n);
      queue.push(n);
    }
    if (queue.length > 4_000_000) {
      incomplete ??= 'the flow kept changing';
      break;
    }
  }
  if (budget.exhausted) incomplete ??= 'the flow is too large or too tangled for the step budget';

  // Checks, resolved once: node → the taints each of its checks covers.
  let checks: { node: string; check: Check; taints: Taint[] }[] | undefined;
  const checksOn = (taint: Taint, sink: string): AppliedCheck[] => {
    checks ??= order.flatMap((f) => f.checks.map((check) => ({ node: f.node.id, check, taints: resolve(f.node.id, check.ref, check.pointer) })));
    const applied: AppliedCheck[] = [];
    for (const c of checks) {
      // A test of a value read out of elements of a list, on the way to the check or in it, checks no other element: a
      // list of fields read out of each (`$json.rows.map(r => r.id)`: its text, its length) none, one element (`rows[0].id`,
      // also kept by a Set node or a variable) only that one.
      const covers = c.taints.some((t) => t.source === taint.source && (t.elements === undefined || (t.elements !== EACH_ELEMENT && t.elements === taint.elements)) && (t.field === taint.field || ((c.check.below || c.check.op === 'code') && isFieldPrefix(t.field, taint.field))));
      if (!covers || (c.check.names && !c.check.names.has(lastName(taint.field)))) continue;
      // The check covers the sink when every path from the source to it leaves the checking node by an output that
      // only passes checked values: none goes around it, or through its other branch.
      if (c.node === sink || (graph.reaches(taint.source, c.node, budget) && graph.reaches(c.node, sink, budget) && !reachesAvoiding(graph, taint.source, sink, c.node, c.check.outputs, budget))) {
        applied.push({ check: c.check, node: c.node });
      }
    }
    return applied;
  };

  return {
    resolve,
    resolveAt,
    checksOn,
    get incomplete() {
      return incomplete ?? (budget.exhausted ? 'the flow is too large or too tangled for the step budget' : undefined);
    },
  };
}

/** The last name of a dotted field (`body.user.email` → `email`). */
function lastName(field: string): string {
  return field.slice(field.lastIndexOf('.') + 1);
}
