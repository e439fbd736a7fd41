// Adjacency of a flow for data-flow work: which edges carry data on each platform, successors and predecessors by node
// id, and reachability with a shared step budget (a huge or cyclic graph costs bounded work).
import type { Edge, Flow, FlowNode } from '../model/index.js';

/** Counts the work of one analysis; `spend` returns false once the budget is used up. */
export class Budget {
  #left: number;
  exhausted = false;

  constructor(steps: number) {
    this.#left = steps;
  }

  spend(steps = 1): boolean {
    this.#left -= steps;
    if (this.#left < 0) this.exhausted = true;
    return !this.exhausted;
  }

  /** Starts again with `steps` left; only for a budget that was never exhausted (what it paid for is complete). */
  refill(steps: number): void {
    if (!this.exhausted) this.#left = steps;
  }
}

/** Edge kinds that do not carry a node's output to the next node's input (error paths, AI sub-node wiring, completion). */
const NON_DATA_KINDS = new Set(['error', 'Failed', 'TimedOut', 'Skipped', 'complete']);

/** True when the edge passes data along (n8n `main` only; error and run-after-failure edges never). */
export function isDataEdge(platform: Flow['platform'], edge: Edge): boolean {
  const kind = edge.kind ?? 'main';
  if (platform === 'n8n') return kind === 'main';
  return !NON_DATA_KINDS.has(kind);
}

/**
 * True when data goes along `edge` (see {@link FlowGraph.carries}); `byId` holds the flow's nodes. For walks over a flow's
 * edges that have no graph at hand.
 */
export function carriesData(platform: Flow['platform'], byId: ReadonlyMap<string, FlowNode>, edge: Edge): boolean {
  if (!isDataEdge(platform, edge)) return false;
  if (platform === 'n8n' && (edge.input ?? 0) !== 0 && byId.get(edge.to)?.disabled) return false; // a disabled node passes on its first input's items only
  if (!byId.get(edge.from)?.disabled) return true;
  if (platform === 'n8n') return (edge.output ?? 0) === 0;
  return platform !== 'node-red';
}

export class FlowGraph {
  readonly flow: Flow;
  readonly byId = new Map<string, FlowNode>();
  readonly #succ = new Map<string, string[]>();
  readonly #pred = new Map<string, string[]>();
  readonly #edgesFrom = new Map<string, Edge[]>();
  readonly #edgesTo = new Map<string, Edge[]>();
  readonly #reach = new Map<string, Set<string>>();
  #dead: Set<string> | undefined;
  /** Pays for building the data-flow model of this flow. */
  readonly budget: Budget;

  constructor(flow: Flow, budget: Budget) {
    this.flow = flow;
    this.budget = budget;
    for (const node of flow.nodes) if (!this.byId.has(node.id)) this.byId.set(node.id, node);
    const seen = new Set<string>();
    for (const edge of flow.edges) {
      if (!this.byId.has(edge.from) || !this.byId.has(edge.to)) continue; // dangling: left out
      push(this.#edgesFrom, edge.from, edge);
      push(this.#edgesTo, edge.to, edge);
      if (!this.carries(edge)) continue;
      const key = `${edge.from}\u0000${edge.to}`;
      if (seen.has(key)) continue;
      seen.add(key);
      push(this.#succ, edge.from, edge.to);
      push(this.#pred, edge.to, edge.from);
    }
  }

  /**
   * True when data goes along `edge`: a data edge (see {@link isDataEdge}) out of a node that runs. n8n runs a disabled
   * node by handing its first input's items to its first output only (WorkflowExecute.runNode), so nothing leaves a
   * disabled IF's false branch or a disabled Switch's later outputs, and what enters a disabled Merge's second input
   * goes no further; a disabled Node-RED node is not deployed and passes nothing on.
   */
  carries(edge: Edge): boolean {
    return carriesData(this.flow.platform, this.byId, edge);
  }

  /**
   * True when no item ever reaches n8n node `id`: it has inputs, but none carries data (a disabled IF's false branch, a
   * disabled Merge's second input) or each comes from such a node. It never runs, so what it reads by name
   * (`$('Webhook').item`) reaches nothing. A node with no input at all (a step not wired yet) and a trigger are not one.
   */
  neverRuns(id: string): boolean {
    if (this.flow.platform !== 'n8n') return false;
    if (!this.#dead) {
      const fed = new Set<string>();
      for (const list of this.#edgesFrom.values()) for (const e of list) if (isDataEdge('n8n', e)) fed.add(e.to);
      // Runs start at nodes nothing feeds, and at triggers whatever is wired into them.
      const starts = [...this.byId].filter(([node, { role }]) => !fed.has(node) || role.startsWith('trigger-')).map(([node]) => node);
      const live = reach(starts, this.#succ);
      this.#dead = new Set([...fed].filter((node) => !live.has(node)));
    }
    return this.#dead.has(id);
  }

  /** Nodes whose output flows into `id`. */
  preds(id: string): readonly string[] {
    return this.#pred.get(id) ?? [];
  }

  /** Nodes `id`'s output flows into. */
  succs(id: string): readonly string[] {
    return this.#succ.get(id) ?? [];
  }

  /** Every edge leaving `id`, of any kind. */
  edgesFrom(id: string): readonly Edge[] {
    return this.#edgesFrom.get(id) ?? [];
  }

  /** Every edge entering `id`, of any kind. */
  edgesTo(id: string): readonly Edge[] {
    return this.#edgesTo.get(id) ?? [];
  }

  /** True when data can go from `from` to `to` along data edges (a node reaches itself); each step is paid from `budget`. */
  reaches(from: string, to: string, budget: Budget): boolean {
    if (from === to) return true;
    let set = this.#reach.get(from);
    if (!set) {
      set = new Set([from]);
      const queue = [from];
      for (let i = 0; i < queue.length; i++) {
        for (const next of this.succs(queue[i])) {
          if (!budget.spend()) break;
          if (set.has(next)) continue;
          set.add(next);
          queue.push(next);
        }
      }
      this.#reach.set(from, set);
    }
    return set.has(to);
  }
}

/**
 * True when data can go from `from` to `to` along data edges without leaving `node` by one of `outputs` (every output
 * when undefined): a path around `node`, or through one of its other outputs (an IF's false branch). Such a path
 * carries values that `node`'s check did not pass. Each step is paid from `budget`.
 */
export function reachesAvoiding(graph: FlowGraph, from: string, to: string, node: string, outputs: readonly number[] | undefined, budget: Budget): boolean {
  if (from === to) return true;
  const seen = new Set([from]);
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i];
    for (const edge of graph.edgesFrom(id)) {
      if (!budget.spend()) return true; // out of budget: do not claim the check covers the path
      if (!graph.carries(edge)) continue;
      // From the checking node only the outputs that pass checked values are cut; an edge with no output number (a
      // step that runs after a Logic Apps condition, whichever branch ran) is a way around the check.
      if (id === node && (outputs === undefined || (edge.output !== undefined && outputs.includes(edge.output)))) continue;
      if (edge.to === to) return true;
      if (seen.has(edge.to)) continue;
      seen.add(edge.to);
      queue.push(edge.to);
    }
  }
  return false;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The cycles of a graph: its strongly connected components with more than one node, or one node with an edge to
 * itself (Tarjan's algorithm, iterative). Stops early, returning what it found, when `budget` is spent.
 */
export function cyclesOf(ids: readonly string[], succs: (id: string) => readonly string[], budget: Budget): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let counter = 0;
  for (const root of ids) {
    if (index.has(root)) continue;
    const work: { id: string; next: number }[] = [{ id: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      if (!budget.spend()) return out;
      const frame = work[work.length - 1];
      const list = succs(frame.id);
      if (frame.next < list.length) {
        const to = list[frame.next++];
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ id: to, next: 0 });
        } else if (onStack.has(to)) low.set(frame.id, Math.min(low.get(frame.id)!, index.get(to)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].id;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.id)!));
      }
      if (low.get(frame.id) !== index.get(frame.id)) continue;
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.id);
      if (component.length > 1 || succs(frame.id).includes(frame.id)) out.push(component.reverse());
    }
  }
  return out;
}

/** Ids reached from `from` along `next`, breadth-first, `from` included; a spent `budget` stops the walk (what it reached so far). */
export function reach(from: readonly string[], next: ReadonlyMap<string, readonly string[]>, budget?: Budget): Set<string> {
  const seen = new Set(from);
  const queue = [...from];
  for (let i = 0; i < queue.length; i++) {
    if (budget && !budget.spend()) break;
    for (const to of next.get(queue[i]) ?? []) {
      if (seen.has(to)) continue;
      seen.add(to);
      queue.push(to);
    }
  }
  return seen;
}

/** Appends `value` to the list of `key` in `map` (creating it). */
export function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
