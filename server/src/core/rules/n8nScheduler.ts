// n8n's scheduler, enough to say which nodes run before a Respond to Webhook node answers the caller: the resilience
// rule (calls that hold a waiting caller) and the monitoring rule (calls whose failure the caller hears of) share it.
import { addTo, Budget } from '../dataflow/graph.js';
import type { Edge, Flow, FlowNode } from '../model/index.js';
import { rawNode } from './flowShape.js';
import type { RuleContext } from './types.js';

/** True for an enabled Respond to Webhook node: the caller has its answer once it ran. */
export function answers(node: FlowNode): boolean {
  return !node.disabled && node.type.endsWith('.respondToWebhook');
}

/** n8n's orders of execution: `v1` (n8n 1.0 and later) and `v0` (the legacy order). */
export type ExecutionOrder = 'v0' | 'v1';

/**
 * The orders a workflow may run in: the one its settings name, or both when they name none (n8n's engine then runs
 * `v0`, but exports and templates often drop the setting of a workflow that ran in `v1`).
 */
export function executionOrders(flow: Flow): ExecutionOrder[] {
  const order = flow.settings.executionOrder;
  return order === 'v1' || order === 'v0' ? [order] : ['v0', 'v1'];
}

/** n8n nodes with several inputs: they wait for data on each before they run. */
const MULTI_INPUT = /\.(?:merge|compareDatasets)$/;

/** n8n nodes that route or drop items: what follows them may not run. */
const ROUTER = /\.(?:if|switch|filter)$/;

/** Node runs the scheduler walks of one flow may take, all webhooks together (each rule has its own scheduler). */
export const MAX_RUNS = 200_000;

/** n8n nodes with several outputs besides IF, Switch and Filter: what follows one output may not run. */
const MULTI_OUTPUT = /\.(?:textClassifier|sentimentAnalysis|compareDatasets)$/;

interface Run {
  readonly id: string;
  readonly sure: boolean;
}

/**
 * n8n's scheduler (`WorkflowExecute`), enough to say which nodes run before a Respond to Webhook node answers. Its edge
 * maps, canvas positions and run budget are the flow's, shared by all of its webhooks.
 */
export class Scheduler {
  readonly #out = new Map<string, Edge[]>();
  readonly #parents = new Map<string, Set<string>>();
  readonly #position = new Map<string, readonly number[]>();
  readonly #routes = new Set<string>();
  readonly #byId: ReadonlyMap<string, FlowNode>;
  readonly #budget = new Budget(MAX_RUNS);

  constructor(context: RuleContext, edges: readonly Edge[], byId: ReadonlyMap<string, FlowNode>) {
    this.#byId = byId;
    for (const e of edges) {
      addTo(this.#out, e.from, e);
      if (!this.#parents.has(e.to)) this.#parents.set(e.to, new Set());
      this.#parents.get(e.to)!.add(e.from);
    }
    for (const [id, node] of byId) {
      const raw = rawNode(context, node);
      const p = raw.position;
      this.#position.set(id, Array.isArray(p) && typeof p[0] === 'number' && typeof p[1] === 'number' ? p : [0, 0]);
      // Nodes that route or drop items: IF, Switch, Filter, classifiers, an error output, an output beyond the first.
      if (ROUTER.test(node.type) || MULTI_OUTPUT.test(node.type) || raw.onError === 'continueErrorOutput' || (this.#out.get(id) ?? []).some((e) => (e.output ?? 0) > 0)) this.#routes.add(id);
    }
  }

  /**
   * Ids of the nodes n8n runs, from `hook`, before a Respond to Webhook node answers for sure (all of them when none
   * does): in `v1` a node's children go to the front of the stack, the topmost on the canvas first (then the leftmost;
   * on a tie the later connection, as n8n's stable sort and one-by-one unshift leave them), so one branch runs to its
   * end before the next; in `v0` they go to the back of the queue in the order of the connections (breadth-first). A
   * Respond node answers for sure when it is reached through nodes that do not route (see the constructor). A Merge
   * waits for all its parents; one released because nothing else was left (n8n's order there is subtler) counts as
   * unsure. Each node is taken to run once (again at most once more, when first reached on a branch that may not run),
   * with items on every output. Undefined once the flow's run budget is spent.
   */
  runBeforeAnswer(hook: FlowNode, order: ExecutionOrder): Set<string> | undefined {
    return this.#walk(hook, order)?.ran;
  }

  /**
   * The nodes that run before the first Respond to Webhook node is reached, whether or not it is sure to run: if it does
   * not (an IF before it said no), n8n answers when the run ends, so they ran before the answer either way. Undefined
   * past the budget.
   */
  runBeforeFirstAnswer(hook: FlowNode, order: ExecutionOrder): Set<string> | undefined {
    return this.#walk(hook, order, true)?.ran;
  }

  #walk(hook: FlowNode, order: ExecutionOrder, firstAnswer = false): { ran: Set<string>; answered: boolean } | undefined {
    const byId = this.#byId;
    const position = (id: string): readonly number[] => this.#position.get(id) ?? [0, 0];
    /** Nodes that ran: true once a run was sure to happen. */
    const ran = new Map<string, boolean>();
    // v1 takes from the end (a stack, children pushed in reverse), v0 from `head` (a queue): no shifting of long arrays.
    const pending: Run[] = [{ id: hook.id, sure: true }];
    let head = 0;
    const take = (): Run | undefined => (order === 'v1' ? pending.pop() : head < pending.length ? pending[head++] : undefined);
    /** Merge nodes waiting for parents: the parents that ran, and whether every arrival was sure. */
    const waiting = new Map<string, { from: Set<string>; sure: boolean }>();
    // Each node runs at most twice, and each run adds its children once: the loop ends.
    for (;;) {
      let run = take();
      if (!run) {
        const [id] = waiting.keys();
        if (id === undefined) break;
        waiting.delete(id);
        run = { id, sure: false };
      }
      const { id, sure } = run;
      const node = byId.get(id);
      // A disabled node runs too: n8n passes its items on.
      if (ran.get(id) === true || (ran.has(id) && !sure) || !node) continue;
      if (!this.#budget.spend()) return undefined;
      ran.set(id, sure);
      if ((sure || firstAnswer) && answers(node)) return { ran: new Set(ran.keys()), answered: true };
      const edges = this.#out.get(id) ?? [];
      const routes = this.#routes.has(id);
      const next = edges.map((e, i) => ({ id: e.to, sure: sure && !routes, i }));
      if (order === 'v1') next.sort((a, b) => position(a.id)[1] - position(b.id)[1] || position(a.id)[0] - position(b.id)[0] || b.i - a.i);
      const ready: Run[] = [];
      for (const child of next) {
        const from = this.#parents.get(child.id)!;
        const target = byId.get(child.id);
        if (!target || !MULTI_INPUT.test(target.type) || from.size < 2) {
          ready.push(child);
          continue;
        }
        const wait = waiting.get(child.id) ?? { from: new Set<string>(), sure: true };
        wait.from.add(id);
        wait.sure &&= child.sure;
        waiting.set(child.id, wait);
        if (wait.from.size < from.size) continue;
        waiting.delete(child.id);
        ready.push({ id: child.id, sure: wait.sure });
      }
      if (order === 'v1') for (let k = ready.length - 1; k >= 0; k--) pending.push(ready[k]);
      else for (const r of ready) pending.push(r);
    }
    return { ran: new Set(ran.keys()), answered: false };
  }
}
