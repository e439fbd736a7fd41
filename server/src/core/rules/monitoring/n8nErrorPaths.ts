// n8n's error paths for the error-handling rule: an error workflow in the settings, or error outputs that cover the
// node they leave; and what a webhook's caller hears of before a Respond to Webhook node answers it.
import { nodeAnchor } from '../../dataflow/chain.js';
import { addTo, Budget, reach } from '../../dataflow/graph.js';
import { n8nShortType } from '../../knowledge/connectors/n8n.js';
import type { Flow, FlowNode } from '../../model/index.js';
import { asObject, asString } from '../../walk.js';
import { carriesOnAfterFailure, isOutbound, liveGraph, n8nErrorOutput, rawNode, unattendedTriggers } from '../flowShape.js';
import { executionOrders, Scheduler, type ExecutionOrder } from '../n8nScheduler.js';
import type { RuleContext } from '../types.js';
import { fate, judgeTriggers, MAX_VISITS, names, NOBODY, severityFor, whichCalls, worst, type Aftermath, type Exposure, type TriggerGraphs } from './exposure.js';

/**
 * The n8n nodes that answer a trigger's sender: `end` when it waits for the whole run (webhooks that answer when the
 * last node finishes, chats, a Respond to Webhook mode with no Respond node reached), the Respond to Webhook nodes or
 * form pages it reaches, or undefined when it answers on receipt.
 */
function n8nResponders(trigger: FlowNode, byId: ReadonlyMap<string, FlowNode>, reached: ReadonlySet<string>): 'end' | FlowNode[] | undefined {
  const type = n8nShortType(trigger.type);
  if (type === 'chatTrigger') return 'end';
  if (type !== 'webhook' && type !== 'formTrigger') return undefined;
  const mode = asString(asObject(trigger.parameters)?.responseMode);
  if (mode === 'lastNode') return 'end';
  // The nodes the trigger reaches, not every node of the flow for every trigger (a flow of many webhooks).
  const responders: FlowNode[] = [];
  for (const id of reached) {
    const n = byId.get(id);
    if (n && !n.disabled && ((mode === 'responseNode' && n8nShortType(n.type) === 'respondToWebhook') || (type === 'formTrigger' && n.type === 'n8n-nodes-base.form'))) responders.push(n);
  }
  if (responders.length) return responders;
  return mode === 'responseNode' ? 'end' : undefined;
}

/**
 * The n8n calls of each unattended trigger. A call is a step of the run: a node that calls out, or one that uses AI
 * sub-nodes that do (an agent with its model, tools and vector store), which run when it runs. A webhook or form that
 * answers through Respond to Webhook nodes or form pages hears only of the calls made before it answers ({@link heardBefore}).
 */
function n8nExposures(context: RuleContext, flow: Flow, handled: ReadonlySet<string>): { total: number; exposures: Exposure[]; calls: readonly string[] } {
  const graph = liveGraph(context, flow);
  const next = new Map<string, string[]>();
  const prev = new Map<string, string[]>();
  const serves = new Map<string, string[]>(); // AI sub-node → the nodes that use it
  for (const e of graph.edges) {
    if ((e.kind ?? 'main') !== 'main') addTo(serves, e.from, e.to);
    else {
      addTo(next, e.from, e.to);
      addTo(prev, e.to, e.from);
    }
  }
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  const steps = new Map<string, FlowNode[]>(); // step id → the nodes in it that call out
  for (const node of flow.nodes) {
    if (node.disabled || !isOutbound(node)) continue;
    for (const id of reach([node.id], serves)) if (!serves.has(id) && !byId.get(id)?.disabled && !handled.has(id)) addTo(steps, id, node);
  }
  const main = graph.edges.filter((e) => (e.kind ?? 'main') === 'main');
  const orders = executionOrders(flow);
  /** What a trigger's sender hears of, with n8n's scheduler as `scheduler` gives it (built when first needed). */
  const hearing = (scheduler: () => Scheduler): TriggerGraphs['hears'] => (trigger, reached, budget) => {
    const responders = trigger.kind === 'inbound' ? n8nResponders(trigger.node, byId, reached) : undefined;
    if (responders === 'end') return 'all';
    return responders && heardBefore(trigger.node, responders, prev, orders, scheduler, budget);
  };
  let scheduler: Scheduler | undefined;
  let fresh: Scheduler | undefined;
  // Past the budget, the first trigger with calls is judged alone with a scheduler of its own.
  return judgeTriggers(unattendedTriggers(flow.nodes), { next, steps, hears: hearing(() => (scheduler ??= new Scheduler(context, main, byId))) }, {
    first: new Budget(MAX_VISITS),
    alone: new Budget(5 * MAX_VISITS),
    hearsAlone: hearing(() => (fresh ??= new Scheduler(context, main, byId))),
  });
}

/**
 * The nodes that run before a caller waiting on `hook` is answered by one of its Respond nodes (or form pages): with
 * Respond to Webhook nodes, those n8n's scheduler runs before the first one it reaches, in every order the workflow may
 * run in (a call on a branch placed above the answering one runs first in v1; a Respond placed above another answers
 * first; if the one reached does not run, n8n answers at the end, after them too); otherwise (form pages, or past the
 * scheduler's budget) the nodes upstream of any responder.
 */
function heardBefore(hook: FlowNode, responders: readonly FlowNode[], prev: ReadonlyMap<string, readonly string[]>, orders: readonly ExecutionOrder[], scheduler: () => Scheduler, budget?: Budget): Set<string> {
  if (asString(asObject(hook.parameters)?.responseMode) === 'responseNode') {
    const runs = orders.map((order) => scheduler().runBeforeFirstAnswer(hook, order));
    if (runs.every((run) => run !== undefined)) return new Set([...runs[0]!].filter((id) => runs.every((run) => run!.has(id))));
  }
  return reach(responders.map((r) => r.id), prev, budget);
}

export function checkN8n(context: RuleContext, flow: Flow): void {
  if (asString(flow.settings.errorWorkflow)) return;
  if (flow.nodes.some((n) => n.type.endsWith('.errorTrigger'))) return; // this is an error workflow
  const { handled, quiet } = n8nHandled(context, flow);
  const { total, exposures, calls } = n8nExposures(context, flow, handled);
  const exposure = worst(exposures);
  if (!exposure) return;
  const settings = asObject(context.document.value)?.settings !== undefined;
  const subject = flow.name ? `Workflow "${flow.name}"` : 'This workflow';
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  const uncovered = calls.map((id) => byId.get(id)).filter((n): n is FlowNode => n !== undefined);
  const one = uncovered.length === 1;
  // Error outputs wired only to nodes that tell nobody (a No Operation node, a Set node): the failure stops there too.
  const muted = uncovered.filter((n) => quiet.has(n.id));
  const ends = [...new Map(muted.flatMap((n) => quiet.get(n.id)!).map((n) => [n.id, n])).values()];
  const mutedNote = muted.length ? `the error output of ${names(muted)} leads only to ${names(ends)}, which ${ends.length === 1 ? 'tells' : 'tell'} nobody` : '';
  // Calls set to continue on error end the run as a success: no failed execution is saved, no error workflow runs.
  const continues = uncovered.every((n) => carriesOnAfterFailure(context, n));
  // Failed executions are saved with their input unless the workflow says otherwise (`saveDataErrorExecution: none`).
  const kept = continues || flow.settings.saveDataErrorExecution === 'none' ? undefined : { run: 'execution', retry: 'retries' };
  // A caller waiting for the run is answered as if the call had succeeded when it continues on error.
  const after: Aftermath = { ...NOBODY, kept, ...(continues ? { callerGets: 'an answer as if it had succeeded', toldOthers: NOBODY.told } : {}) };
  context.report({
    ...(settings ? { pointer: '/settings', at: 'key' as const } : nodeAnchor(exposure.trigger.node, flow.platform)),
    severity: severityFor(exposure),
    message: continues
      ? `${handled.size ? `${subject} wires error outputs on some nodes, but` : `${subject} has no error path:`} ${names(uncovered)} ${one ? 'is' : 'are'} set to continue on error (node Settings → On Error) with no error output wired${muted.length ? ` that tells anyone (${mutedNote})` : ''}, so ${one ? 'its' : 'their'} failure is passed on as if ${one ? 'it' : 'they'} had succeeded: the run ends as a success, and an error workflow would not hear of it either. If ${one ? 'it' : 'one of them'} fails, ${fate(exposure, exposure.calls ?? total, after)}. Wire ${one ? 'its' : 'their'} error output (On Error → Continue (using error output)) to a notification, or let ${one ? 'it' : 'them'} stop the workflow (On Error → Stop Workflow) and set an error workflow that alerts someone.`
      : handled.size
      ? `${subject} wires error outputs on some nodes, but not on ${names(uncovered)}${muted.length ? ` (${mutedNote})` : ''}, and has no error workflow: if ${one ? 'it' : 'one of them'} fails, ${fate(exposure, exposure.calls ?? total, after)}. Set an error workflow (Workflow settings → Error workflow) that alerts someone, or wire ${one ? 'its' : 'their'} error outputs to a notification.`
      : `${subject} has no error path: no error workflow in its settings and no error output wired on any node${muted.length ? ` that tells anyone (${mutedNote})` : ''}. If ${whichCalls(exposure, total)} fails, ${fate(exposure, exposure.calls ?? total, after)}. Set an error workflow (Workflow settings → Error workflow) that alerts someone, or wire error outputs to a notification.`,
  });
}

/**
 * n8n nodes that tell nobody of what reaches them: they route or reshape items (No Operation, Set, IF, Merge, ...).
 * Respond to Webhook answers the caller, Stop and Error fails the execution, Execute Workflow runs another workflow.
 */
function tellsNobody(node: FlowNode): boolean {
  if (node.disabled) return true;
  return (node.role === 'control' || node.role === 'transform') && !['respondToWebhook', 'stopAndError', 'executeWorkflow'].includes(n8nShortType(node.type));
}

/**
 * The n8n nodes whose failure is handled: those whose error output (`onError: continueErrorOutput`) is wired to a node,
 * and the nodes that output leads to (the handling) unless the regular outputs lead there too (an error output that
 * joins the main line again, as control flow for "not found"). A node's error output takes only its own failures. An
 * error output that reaches only nodes that tell nobody (a No Operation node) handles nothing: `quiet` holds those
 * nodes' error outputs, by the id of the node they leave.
 */
function n8nHandled(context: RuleContext, flow: Flow): { handled: Set<string>; quiet: Map<string, FlowNode[]> } {
  const connections = asObject(asObject(context.document.value)?.connections) ?? {};
  const idByName = new Map(flow.nodes.map((n) => [n.name, n.id]));
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  const next = new Map<string, string[]>();
  for (const e of flow.edges) addTo(next, e.from, e.to);
  const handled = new Set<string>();
  const quiet = new Map<string, FlowNode[]>();
  const handling: string[] = [];
  const errorOutputs = new Map<string, unknown>(); // node name → its wired error output's links
  for (const node of flow.nodes) {
    const raw = rawNode(context, node);
    if (raw.onError !== 'continueErrorOutput') continue;
    const outputs = asObject(connections[node.name])?.main;
    if (!Array.isArray(outputs)) continue;
    // The error output follows the node's own outputs; of a node whose outputs are not known, it is the last one wired.
    const index = n8nErrorOutput(context, node);
    const error: unknown = index !== undefined ? outputs[index] : outputs.length > 1 ? outputs[outputs.length - 1] : undefined;
    if (!Array.isArray(error) || !error.length) continue;
    const targets = error.map((link) => idByName.get(asString(asObject(link)?.node) ?? '')).filter((id): id is string => id !== undefined);
    const reached = [...reach(targets, next)].map((id) => byId.get(id)).filter((n): n is FlowNode => n !== undefined);
    if (reached.length && reached.every(tellsNobody)) {
      quiet.set(node.id, targets.map((id) => byId.get(id)!));
      continue;
    }
    handled.add(node.id);
    errorOutputs.set(node.name, error);
    handling.push(...targets);
  }
  if (!handling.length) return { handled, quiet };
  // The nodes a run reaches when nothing fails: from the nodes nothing leads to, by every output but the error ones.
  const regular = new Map<string, string[]>();
  const led = new Set<string>();
  for (const [name, value] of Object.entries(connections)) {
    const from = idByName.get(name);
    const outputs = asObject(value)?.main;
    if (from === undefined || !Array.isArray(outputs)) continue;
    for (const output of outputs) {
      if (!Array.isArray(output)) continue;
      for (const link of output) {
        const to = idByName.get(asString(asObject(link)?.node) ?? '');
        if (to === undefined) continue;
        led.add(to);
        if (output !== errorOutputs.get(name)) addTo(regular, from, to);
      }
    }
  }
  const usual = reach(flow.nodes.filter((n) => !led.has(n.id)).map((n) => n.id), regular);
  for (const id of reach(handling, next)) if (!usual.has(id)) handled.add(id);
  return { handled, quiet };
}
