// Node-RED's HTTP endpoints: the caller of an `http in` node waits until an `http response` node on the wires sends the
// answer, so the nodes between them hold it. The resilience rule (calls that hold a waiting caller) and the monitoring
// rule (calls whose failure the caller hears of) share this reading.
import { addTo, isDataEdge, reach } from '../dataflow/graph.js';
import type { Edge, Flow, FlowNode } from '../model/index.js';
import type { RuleContext } from './types.js';

/** How a Node-RED flow's messages reach the answers to HTTP callers (see {@link nodeRedAnswers}). */
export interface NodeRedAnswers {
  /**
   * The wires that pass messages on (links, link-call returns and subflow ports included, and from a node to the
   * `complete` nodes scoped to it), between enabled nodes; none leave an http response.
   */
  readonly next: ReadonlyMap<string, readonly string[]>;
  /**
   * Ids of the nodes a message passes before an answer can be sent: an enabled `http response`, or a hop the export
   * does not show (a link or subflow whose other end is not in the file), lies downstream. An `http in` that is not
   * among them never answers: its callers wait until their requests time out.
   */
  readonly beforeAnswer: ReadonlySet<string>;
  /**
   * For each node that runs while an HTTP caller waits (downstream of an answering `http in`, before its answer), the
   * `http in` whose caller it holds: the nearest (the first in node order on a tie).
   */
  readonly heldBy: ReadonlyMap<string, FlowNode>;
}

/** True for an enabled `http response` node: the caller has its answer once a message reaches it. */
export function answersCaller(node: FlowNode): boolean {
  return !node.disabled && node.type === 'http response';
}

/**
 * The flow's {@link NodeRedAnswers}, built once per file in time linear in its size (one walk on from the link calls,
 * one walk back from the answers, one walk on from all endpoints together).
 */
export function nodeRedAnswers(context: Pick<RuleContext, 'memo'>, flow: Flow): NodeRedAnswers {
  return context.memo('nodeRedAnswers', () => build(flow));
}

function build(flow: Flow): NodeRedAnswers {
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  // A disabled node is not deployed: messages wired to it go no further.
  const enabled = (id: string) => {
    const node = byId.get(id);
    return node !== undefined && !node.disabled;
  };
  const next = new Map<string, string[]>();
  const prev = new Map<string, string[]>();
  const linked = new Set<string>();
  for (const e of flow.edges) {
    if (!carriesMessage(flow, e, byId) || !enabled(e.from) || !enabled(e.to)) continue;
    addTo(next, e.from, e.to);
    addTo(prev, e.to, e.from);
    if (e.kind === 'link') linked.add(e.from);
  }
  const inside = new Set(flow.nodes.map((n) => (n.parameters as Record<string, unknown>).z));
  // A return-mode link out returns to the link call that called into its chain: one in the file when a call reaches it.
  const called = reach(flow.nodes.filter((n) => !n.disabled && n.type === 'link call').map((n) => n.id), next);
  const seeds = flow.nodes.filter((n) => !n.disabled && (answersCaller(n) || leavesTheFile(n, linked, called, inside))).map((n) => n.id);
  const beforeAnswer = reach(seeds, prev);
  // All answering endpoints at once, breadth-first: each node is labelled by the first walk to reach it.
  const heldBy = new Map<string, FlowNode>();
  const queue: string[] = [];
  for (const hook of flow.nodes) {
    if (hook.disabled || hook.type !== 'http in' || !beforeAnswer.has(hook.id)) continue;
    heldBy.set(hook.id, hook);
    queue.push(hook.id);
  }
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i];
    const hook = heldBy.get(id)!;
    for (const to of next.get(id) ?? []) {
      if (heldBy.has(to) || !beforeAnswer.has(to)) continue;
      heldBy.set(to, hook);
      queue.push(to);
    }
  }
  return { next, beforeAnswer, heldBy };
}

/**
 * True when `e` passes a message on. An http response sends nothing on (it has no output): wires from it carry nothing.
 * A complete node passes on the message its scoped node finished with (msg.res included, so it can answer); a catch
 * node is not followed.
 */
function carriesMessage(flow: Flow, e: Edge, byId: ReadonlyMap<string, FlowNode>): boolean {
  return (isDataEdge(flow.platform, e) || e.kind === 'complete') && byId.get(e.from)?.type !== 'http response';
}

/**
 * Ids of the nodes from which an http response would be reached if the disabled nodes were enabled (a superset of
 * {@link NodeRedAnswers.beforeAnswer}'s answered part): an endpoint among them that does not answer has disabled nodes
 * in the way. One walk back, for messages that say so.
 */
export function answeredWithDisabled(flow: Flow): Set<string> {
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  const prev = new Map<string, string[]>();
  for (const e of flow.edges) if (carriesMessage(flow, e, byId)) addTo(prev, e.to, e.from);
  return reach(flow.nodes.filter((n) => n.type === 'http response').map((n) => n.id), prev);
}

/**
 * True when the node hands its messages to something the export does not hold, which may answer the caller: a
 * `link out` whose targets are not in the file, a return-mode `link out` that no link call of the file reaches (its
 * caller is elsewhere), a `link call` whose target is not in the file or chosen at run time (dynamic: `msg.target`
 * names any link in), an instance of a subflow whose definition is not in the file. `linked`: the nodes with a link
 * edge out; `called`: the nodes a link call of the file reaches; `inside`: the tabs and subflows that hold nodes.
 */
function leavesTheFile(node: FlowNode, linked: ReadonlySet<string>, called: ReadonlySet<string>, inside: ReadonlySet<unknown>): boolean {
  const raw = node.parameters as Record<string, unknown>;
  const targets = Array.isArray(raw.links) && raw.links.length > 0;
  if (node.type === 'link out') return raw.mode === 'return' ? !called.has(node.id) : !linked.has(node.id) && targets;
  if (node.type === 'link call') return raw.linkType === 'dynamic' || (!linked.has(node.id) && targets);
  return node.type.startsWith('subflow:') && !inside.has(node.type.slice('subflow:'.length));
}
