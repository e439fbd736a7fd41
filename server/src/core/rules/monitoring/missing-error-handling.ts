import { nodeAnchor } from '../../dataflow/chain.js';
import { addTo, Budget, reach } from '../../dataflow/graph.js';
import { n8nShortType } from '../../knowledge/connectors/n8n.js';
import type { Edge, Flow, FlowNode } from '../../model/index.js';
import { parsePointer } from '../../source.js';
import { asObject, asString, valueAt } from '../../walk.js';
import { FLOW_FORMATS } from '../flowRules.js';
import { isOutbound, liveGraph, n8nErrorOutput, rawNode, unattendedStart, unattendedTriggers, writesRecords, type UnattendedTrigger } from '../flowShape.js';
import { executionOrders, Scheduler, type ExecutionOrder } from '../n8nScheduler.js';
import { answeredWithDisabled, nodeRedAnswers } from '../nodeRedAnswers.js';
import type { Rule, RuleContext, RuleReport } from '../types.js';

/** `monitoring/missing-error-handling`: an unattended flow that acts on other systems and has no error path. */
export const missingErrorHandling: Rule = {
  id: 'monitoring/missing-error-handling',
  defaultSeverity: 'warning',
  appliesTo: FLOW_FORMATS,
  threats: ['R', 'D'],
  cwe: 'CWE-755',
  securitySeverity: 3.7,
  docs: {
    summary: 'A flow that runs unattended (webhook, event or schedule) and calls other systems has no error path: no n8n error workflow or error output, no run-after Failed/TimedOut step, no Node-RED catch node, no Make error handler.',
    rationale: 'When a step fails, the run stops and nobody is told: the order, payment or alert it carried is not delivered. n8n, Logic Apps and Power Automate keep the failed run for a while, to be found and retried only by someone who looks; Make (unless it stores incomplete executions) and Node-RED drop it, and inbound data (a webhook call, an event) is not sent again.',
    remediation: 'Add an error path that alerts someone and keeps what failed: n8n "Error workflow" in the workflow settings (or error outputs to a notification); a Power Automate / Logic Apps Scope with a run-after Failed/TimedOut branch; a Node-RED catch node wired to a notifier; a Make error handler or "store incomplete executions".',
  },
  check(context) {
    const flow = context.flow;
    if (!flow || !flow.nodes.length) return;
    switch (flow.platform) {
      case 'n8n':
        return checkN8n(context, flow);
      case 'power-automate':
      case 'logic-apps':
        return checkWdl(context, flow);
      case 'node-red':
        return checkNodeRed(context, flow);
      case 'make':
        return checkMake(context, flow);
      case 'zapier':
        return; // Zapier e-mails the owner about failed runs and can replay them: the platform keeps the error path.
    }
  },
};

/** What a failure in one trigger's runs costs: the calls they make and how many of those fail with nobody waiting. */
interface Exposure {
  readonly trigger: UnattendedTrigger;
  /** The trigger's sender waits for an answer, so it hears of the calls made before it is answered. */
  readonly waits: boolean;
  /**
   * The sender waits for an answer that no node sends (a Node-RED `http in` with no enabled `http response` after it):
   * `disabled` when one would follow but for disabled nodes.
   */
  readonly unanswered?: true | 'disabled';
  /** Calls made after the sender was answered (all of them when it does not wait): their failures are silent. */
  readonly silent: number;
  /** One of the silent calls writes to a system of record. */
  readonly silentWrite: boolean;
  /** The calls this trigger starts (n8n; undefined where every call counts for the one trigger). */
  readonly calls?: number;
}

/**
 * A warning when a failure silently loses a record: inbound data (sent once, already acknowledged) that the flow writes
 * to a system of record after its sender was answered. Scheduled runs come again, senders that wait for the answer
 * see the failure, and a failed notification or chat reply is noticed by its reader: those are info.
 */
function severityFor(exposure: Exposure): RuleReport['severity'] {
  return exposure.trigger.kind === 'inbound' && exposure.silentWrite ? 'warning' : 'info';
}

/** The exposure a finding describes: inbound data lost from a record, else inbound calls nobody hears of, else a schedule, else the first. */
function worst(exposures: readonly Exposure[]): Exposure | undefined {
  const rank = (e: Exposure) => (e.trigger.kind !== 'inbound' ? 1 : e.silentWrite ? 3 : e.silent ? 2 : 0);
  return exposures.reduce<Exposure | undefined>((best, e) => (!best || rank(e) > rank(best) ? e : best), undefined);
}

/** What a platform keeps of a failed run, and who hears of the failure. */
interface Aftermath {
  /** What holds the failed run with its input, and the verb for running it again; undefined when nothing does. */
  readonly kept?: { readonly run: string; readonly retry: string };
  /** Who hears of a failure nobody waited for. */
  readonly told: string;
  /** Who else hears of a failure its caller sees. */
  readonly toldOthers: string;
  /** What a waiting caller gets when a call before its answer fails; `an error` when absent. */
  readonly callerGets?: string;
  /**
   * The answer is sent on some branches only (Node-RED: an http response ends a branch, and a switch may send a message
   * down another): a call its caller does not hear of runs where no answer follows, not after one.
   */
  readonly answersOnBranches?: true;
}

const NOBODY: Aftermath = { told: 'nobody is told', toldOthers: 'nobody else is told' };

/**
 * Node-RED keeps nothing of a failed message; the runtime logs the error. A node that fails stops the message (an
 * `http request` passes the error on unless it sends errors only to catch nodes), so the http response may never come.
 */
const NODE_RED: Aftermath = { told: 'the error only reaches the log', toldOthers: 'otherwise the error only reaches the log', callerGets: 'an error or no answer (its request times out)', answersOnBranches: true };

/** What a failed run leaves behind and who hears of it, for the call sentence of a message (`total` calls in all). */
function fate(exposure: Exposure, total: number, after: Aftermath): string {
  const name = exposure.trigger.node.name;
  if (exposure.trigger.kind === 'schedule') return `that run of "${name}" ${after.kept ? 'stops' : 'is lost'} and ${after.told}`;
  if (!exposure.silent) return `the caller of "${name}" gets ${after.callerGets ?? 'an error'}, but ${after.toldOthers}`;
  const late = exposure.silent === total ? (total === 1 ? 'it runs' : 'they run') : `${exposure.silent} of them run${exposure.silent === 1 ? 's' : ''}`;
  const data = !exposure.waits
    ? `the data "${name}" received`
    : after.answersOnBranches
      ? `"${name}" has answered its caller on another branch, or never will (its request times out), since no http response follows where ${late}: the data it received`
      : `"${name}" has already answered its caller when ${late}: the data it received`;
  const lost = `${data} ${after.kept ? `waits in the failed ${after.kept.run} until someone finds it and ${after.kept.retry} it,` : 'is dropped'} and ${after.told}`;
  if (!exposure.unanswered) return lost;
  const why = exposure.unanswered === 'disabled' ? `the http response nodes after "${name}" are disabled or sit behind a disabled node` : `no http response node follows "${name}"`;
  return `${lost}; its caller cannot tell, since ${why}: every request to it waits until it times out`;
}

/** The calls the message speaks of: all of the workflow's (`whose` they are), or those of the trigger it is about when others start more. */
function whichCalls(exposure: Exposure, total: number, whose = 'its'): string {
  const own = exposure.calls ?? total;
  if (own === total) return anyOf(total, whose);
  const name = exposure.trigger.node.name;
  return own === 1 ? `the call "${name}" starts (one of ${total} to other systems)` : `one of the ${calls(own)} "${name}" starts (of ${total} to other systems)`;
}

/** `1 call` / `3 calls`. */
function calls(count: number): string {
  return `${count} call${count === 1 ? '' : 's'}`;
}

/** `its call to another system` / `one of its 3 calls to other systems`. */
function anyOf(count: number, whose = 'its'): string {
  return count === 1 ? `${whose} call to another system` : `one of ${whose} ${calls(count)} to other systems`;
}

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
 * Nodes the per-trigger walks of one flow may visit, all triggers together: many webhooks that share one long chain
 * would otherwise cost triggers × nodes. Beyond it, the triggers judged whole so far decide (or, when none of them has
 * calls, the first trigger that has, judged alone).
 */
const MAX_VISITS = 200_000;

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
 * Each trigger's exposure within the budgets: all of them judged whole within `first`; if that ran out before any
 * trigger with calls was judged whole, the first such trigger alone, within `alone` (with `hearsAlone` when given).
 */
function judgeTriggers(triggers: readonly UnattendedTrigger[], graphs: TriggerGraphs, budgets: { readonly first: Budget; readonly alone: Budget; readonly hearsAlone?: TriggerGraphs['hears'] }): { total: number; exposures: Exposure[]; calls: readonly string[] } {
  const judged = exposuresOf(triggers, graphs, budgets.first);
  if (judged.exposures.length) return judged;
  const alone = budgets.hearsAlone ? { ...graphs, hears: budgets.hearsAlone } : graphs;
  for (const trigger of triggers) {
    const one = exposuresOf([trigger], alone, budgets.alone);
    if (one.exposures.length || budgets.alone.exhausted) return one;
  }
  return judged;
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

interface TriggerGraphs {
  readonly next: ReadonlyMap<string, readonly string[]>;
  /** Step id → the nodes in it that call out (the calls that count). */
  readonly steps: ReadonlyMap<string, readonly FlowNode[]>;
  /**
   * What the sender of `trigger` hears of, given the nodes its runs reach: `all` (it waits for the whole run), the ids
   * of the nodes that run before it is answered, `never` (it waits for an answer no node sends), or undefined (it does
   * not wait). Walks spend `budget`.
   */
  readonly hears: (trigger: UnattendedTrigger, reached: ReadonlySet<string>, budget?: Budget) => 'all' | 'never' | ReadonlySet<string> | undefined;
}

/**
 * Each trigger's exposure: the calls it reaches, and which of them its caller hears of. Walks spend `budget`; once it
 * is spent, the triggers judged whole so far are the answer.
 */
function exposuresOf(triggers: readonly UnattendedTrigger[], { next, steps, hears }: TriggerGraphs, budget?: Budget): { total: number; exposures: Exposure[]; calls: readonly string[] } {
  const all = new Set<string>();
  const exposures: Exposure[] = [];
  for (const trigger of triggers) {
    const found = judge(trigger);
    if (budget?.exhausted) break; // this one was cut short
    if (found) {
      exposures.push(found.exposure);
      for (const id of found.calls) all.add(id);
    }
  }
  return { total: all.size, exposures, calls: [...all] };

  function judge(trigger: UnattendedTrigger): { exposure: Exposure; calls: string[] } | undefined {
    const reached = reach([trigger.node.id], next, budget);
    const mine: [string, readonly FlowNode[]][] = [];
    for (const id of reached) {
      const nodes = steps.get(id);
      if (nodes) mine.push([id, nodes]);
    }
    if (!mine.length) return undefined;
    const heard = hears(trigger, reached, budget);
    const silent = heard === 'all' ? [] : mine.filter(([id]) => heard === undefined || heard === 'never' || !heard.has(id));
    return {
      exposure: {
        trigger,
        waits: heard !== undefined && heard !== 'never',
        ...(heard === 'never' ? { unanswered: true } : {}),
        silent: silent.length,
        silentWrite: silent.some(([, nodes]) => nodes.some(writesRecords)),
        calls: mine.length,
      },
      calls: mine.map(([id]) => id),
    };
  }
}

function checkN8n(context: RuleContext, flow: Flow): void {
  if (asString(flow.settings.errorWorkflow)) return;
  if (flow.nodes.some((n) => n.type.endsWith('.errorTrigger'))) return; // this is an error workflow
  const handled = n8nHandled(context, flow);
  const { total, exposures, calls } = n8nExposures(context, flow, handled);
  const exposure = worst(exposures);
  if (!exposure) return;
  const settings = asObject(context.document.value)?.settings !== undefined;
  // Failed executions are saved with their input unless the workflow says otherwise (`saveDataErrorExecution: none`).
  const after: Aftermath = { ...NOBODY, kept: flow.settings.saveDataErrorExecution === 'none' ? undefined : { run: 'execution', retry: 'retries' } };
  const subject = flow.name ? `Workflow "${flow.name}"` : 'This workflow';
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  const uncovered = calls.map((id) => byId.get(id)).filter((n): n is FlowNode => n !== undefined);
  const one = uncovered.length === 1;
  context.report({
    ...(settings ? { pointer: '/settings', at: 'key' as const } : nodeAnchor(exposure.trigger.node, flow.platform)),
    severity: severityFor(exposure),
    message: handled.size
      ? `${subject} wires error outputs on some nodes, but not on ${names(uncovered)}, and has no error workflow: if ${one ? 'it' : 'one of them'} fails, ${fate(exposure, exposure.calls ?? total, after)}. Set an error workflow (Workflow settings → Error workflow) that alerts someone, or wire ${one ? 'its' : 'their'} error outputs to a notification.`
      : `${subject} has no error path: no error workflow in its settings and no error output wired on any node. If ${whichCalls(exposure, total)} fails, ${fate(exposure, exposure.calls ?? total, after)}. Set an error workflow (Workflow settings → Error workflow) that alerts someone, or wire error outputs to a notification.`,
  });
}

/**
 * The n8n nodes whose failure is handled: those whose error output (`onError: continueErrorOutput`) is wired to a node,
 * and the nodes that output leads to (the handling) unless the regular outputs lead there too (an error output that
 * joins the main line again, as control flow for "not found"). A node's error output takes only its own failures.
 */
function n8nHandled(context: RuleContext, flow: Flow): Set<string> {
  const connections = asObject(asObject(context.document.value)?.connections) ?? {};
  const idByName = new Map(flow.nodes.map((n) => [n.name, n.id]));
  const handled = new Set<string>();
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
    handled.add(node.id);
    errorOutputs.set(node.name, error);
    for (const link of error) {
      const to = idByName.get(asString(asObject(link)?.node) ?? '');
      if (to !== undefined) handling.push(to);
    }
  }
  if (!handling.length) return handled;
  const next = new Map<string, string[]>();
  for (const e of flow.edges) addTo(next, e.from, e.to);
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
  return handled;
}

/** WDL edge kinds that run an action once another has finished; the others enter a container (If branches, loop bodies). */
const FINISHED = new Set(['Succeeded', 'Failed', 'Skipped', 'TimedOut']);

/**
 * Ids of the actions that start before any of `targets` runs: their runAfter ancestors, the containers they sit in,
 * and everything inside a container that has finished by then.
 */
function wdlStartedBefore(flow: Flow, targets: readonly FlowNode[]): Set<string> {
  const into = new Map<string, Edge[]>();
  const inside = new Map<string, string[]>();
  for (const e of flow.edges) {
    addTo(into, e.to, e);
    if (!FINISHED.has(e.kind ?? '')) addTo(inside, e.from, e.to);
  }
  const started = new Set<string>();
  const finished = new Set<string>();
  const queue = targets.map((t) => t.id);
  const start = (id: string) => {
    if (started.has(id)) return;
    started.add(id);
    queue.push(id);
  };
  for (let i = 0; i < queue.length; i++) {
    for (const e of into.get(queue[i]) ?? []) {
      if (!FINISHED.has(e.kind ?? '')) start(e.from);
      else for (const stack = [e.from]; stack.length; ) {
        const id = stack.pop()!;
        if (finished.has(id)) continue;
        finished.add(id);
        start(id);
        stack.push(...(inside.get(id) ?? []));
      }
    }
  }
  return started;
}

function checkWdl(context: RuleContext, flow: Flow): void {
  // An ARM template may deploy several workflows: each runs, fails and is handled on its own.
  for (const nodes of wdlWorkflows(flow)) checkWdlWorkflow(context, flow, nodes, wdlWorkflowName(context, flow, nodes[0]));
}

/** The nodes of each workflow of a WDL flow (one for a flow definition, one per `Microsoft.Logic/workflows` of an ARM template). */
function wdlWorkflows(flow: Flow): FlowNode[][] {
  const byDefinition = new Map<string, FlowNode[]>();
  for (const node of flow.nodes) {
    const at = node.pointer.indexOf('/definition/');
    addTo(byDefinition, at === -1 ? '' : node.pointer.slice(0, at), node);
  }
  return [...byDefinition.values()];
}

/** How a message names a workflow: the flow's name, or in an ARM template of several workflows, the resource's. */
function wdlWorkflowName(context: RuleContext, flow: Flow, first: FlowNode): string | undefined {
  const at = first.pointer.indexOf('/properties/definition/');
  if (flow.platform !== 'logic-apps' || at === -1 || !/\/resources\/\d+$/.test(first.pointer.slice(0, at))) return flow.name || undefined;
  const template = asObject(context.document.value);
  const resource = asObject(valueAt(template, parsePointer(first.pointer.slice(0, at))));
  const name = asString(resource?.name);
  if (name === undefined || !name.startsWith('[')) return name || flow.name || undefined;
  // `[parameters('LogicAppName')]`: the parameter's default value, or the parameter's name.
  const parameter = /^\[parameters\('([^']+)'\)\]$/.exec(name)?.[1];
  if (parameter === undefined) return flow.name || undefined;
  return asString(asObject(asObject(template?.parameters)?.[parameter])?.defaultValue) || `(parameter ${parameter})`;
}

/**
 * A predicate for the actions whose failure is handled: some action runs after it, or after a container (Scope,
 * Condition, loop) around it, has Failed (a run-after TimedOut alone runs on a timeout, not on a failure); or runs after
 * a later action has Failed or TimedOut, and been Skipped (skipped because one before it failed: the "has failed, is
 * skipped, has timed out" run-after of a last step). The handling actions themselves, and what runs after them, are
 * part of the handling, unless the run also gets there when nothing failed (a step that runs after a call has succeeded
 * or failed, and the calls after it). Undefined when no action of the workflow runs after a failure.
 */
function wdlHandled(flow: Flow, nodes: readonly FlowNode[]): ((node: FlowNode) => boolean) | undefined {
  const ids = new Set(nodes.map((n) => n.id));
  const statuses = new Map<string, Set<string>>(); // `from\0to` → the statuses `to` runs after `from` with
  for (const e of flow.edges) {
    if (!ids.has(e.from) || !FINISHED.has(e.kind ?? '')) continue;
    const key = `${e.from}\u0000${e.to}`;
    statuses.set(key, (statuses.get(key) ?? new Set()).add(e.kind!));
  }
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const handlers = new Set<string>(); // pointers of actions whose failure a handler runs after
  const afterSkip: string[] = []; // ids of actions a handler runs after when they are skipped too (covers those before them)
  const handling: string[] = []; // ids of the handlers
  for (const [key, kinds] of statuses) {
    // A run-after TimedOut alone handles a timeout, not a failure; with Skipped too, the failures before `from`.
    if (!kinds.has('Failed') && !kinds.has('TimedOut')) continue;
    const from = byId.get(key.slice(0, key.indexOf('\u0000')));
    if (!from) continue;
    if (kinds.has('Failed')) handlers.add(from.pointer);
    handling.push(key.slice(key.indexOf('\u0000') + 1));
    if (kinds.has('Skipped')) afterSkip.push(from.id);
  }
  if (!handling.length) return undefined;
  const next = new Map<string, string[]>();
  for (const e of flow.edges) if (ids.has(e.from)) addTo(next, e.from, e.to);
  const usual = wdlUsualRun(flow, ids);
  const onHandlingPath = new Set([...reach(handling, next)].filter((id) => !usual.has(id)));
  // An action fails, so the ones that run after it succeeds are skipped, and so on down its container's chain (the
  // actions of a container that is skipped as a whole are not run at all, their run-after not even read).
  const previous = new Map<string, string[]>();
  for (const e of flow.edges) if (ids.has(e.to) && FINISHED.has(e.kind ?? '')) addTo(previous, e.to, e.from);
  const before = new Set<string>();
  for (const id of reach(afterSkip.flatMap((id) => previous.get(id) ?? []), previous)) if (byId.has(id)) before.add(byId.get(id)!.pointer);
  return (node) => onHandlingPath.has(node.id) || isWithin(node.pointer, handlers) || isWithin(node.pointer, before);
}

/**
 * The actions of a run in which nothing fails: each runs when the container it enters runs and every action it runs
 * after ends with a status it waits for: Succeeded when that action ran, Skipped when it did not (a handler that runs
 * only after a failure is skipped, so an action that runs after it is skipped is on the usual way). Actions on a cycle
 * (no valid export has one) count as run.
 */
function wdlUsualRun(flow: Flow, ids: ReadonlySet<string>): Set<string> {
  const incoming = new Map<string, Edge[]>();
  const following = new Map<string, string[]>();
  for (const e of flow.edges) {
    if (!ids.has(e.from) || !ids.has(e.to) || e.from === e.to) continue;
    addTo(incoming, e.to, e);
    addTo(following, e.from, e.to);
  }
  const waiting = new Map([...ids].map((id) => [id, new Set((incoming.get(id) ?? []).map((e) => e.from)).size]));
  const order = [...ids].filter((id) => waiting.get(id) === 0);
  const runs = new Set<string>();
  for (let i = 0; i < order.length; i++) {
    const id = order[i];
    const edges = incoming.get(id) ?? [];
    const awaited = new Map<string, Set<string>>(); // action run after → the statuses awaited
    for (const e of edges) if (FINISHED.has(e.kind ?? '')) awaited.set(e.from, (awaited.get(e.from) ?? new Set()).add(e.kind!));
    const entered = edges.every((e) => FINISHED.has(e.kind ?? '') || runs.has(e.from));
    if (entered && [...awaited].every(([from, kinds]) => kinds.has(runs.has(from) ? 'Succeeded' : 'Skipped'))) runs.add(id);
    for (const to of new Set(following.get(id))) {
      const left = waiting.get(to)! - 1;
      waiting.set(to, left);
      if (left === 0) order.push(to);
    }
  }
  for (const id of ids) if (waiting.get(id)! > 0) runs.add(id);
  return runs;
}

/** True when `pointer` is one of `containers` or lies inside one: its ancestors are looked up, not every container. */
function isWithin(pointer: string, containers: ReadonlySet<string>): boolean {
  if (containers.has(pointer)) return true;
  for (let slash = pointer.indexOf('/', 1); slash !== -1; slash = pointer.indexOf('/', slash + 1)) {
    if (containers.has(pointer.slice(0, slash))) return true;
  }
  return false;
}

function checkWdlWorkflow(context: RuleContext, flow: Flow, nodes: readonly FlowNode[], name: string | undefined): void {
  const start = unattendedStart(nodes);
  const calls = nodes.filter((n) => !n.disabled && isOutbound(n) && !n.pointer.includes('/triggers/'));
  if (!start || !calls.length) return;
  const handled = wdlHandled(flow, nodes);
  const effects = handled ? calls.filter((n) => !handled(n)) : calls;
  if (!effects.length) return;
  const partly = handled !== undefined;
  const pa = flow.platform === 'power-automate';
  // A Request trigger's caller waits for a Response action, and hears only of the failures before it.
  const responses = start.node.role === 'trigger-webhook' ? nodes.filter((n) => !n.disabled && n.type.toLowerCase() === 'response') : [];
  const answered = responses.length ? wdlStartedBefore(flow, responses) : undefined;
  const silent = effects.filter((n) => !answered?.has(n.id));
  const exposure: Exposure = { trigger: start, waits: responses.length > 0, silent: silent.length, silentWrite: silent.some(writesRecords) };
  // Runs are kept with their inputs and can be resubmitted; a stateless Logic Apps Standard workflow keeps none.
  const kept = asString(flow.settings.kind)?.toLowerCase() === 'stateless' ? undefined : { run: 'run', retry: 'resubmits' };
  // Power Automate tells flow owners about failing runs; Logic Apps tells nobody unless an alert is set up.
  const after: Aftermath = pa ? { kept, told: "only the owner's failure digest mentions it", toldOthers: "otherwise only the owner's failure digest mentions it" } : { ...NOBODY, kept };
  const subject = name ? `${pa ? 'Flow' : 'Workflow'} "${name}"` : `This ${pa ? 'flow' : 'workflow'}`;
  const one = effects.length === 1;
  context.report({
    ...nodeAnchor(start.node, flow.platform),
    severity: pa ? 'info' : severityFor(exposure),
    message: partly
      ? `${subject} has error handling for some steps, but not for ${names(effects)}: no action runs after ${one ? 'it' : 'them'}, or a Scope around ${one ? 'it' : 'them'}, has Failed. If ${one ? 'it' : 'one of them'} fails, ${fate(exposure, effects.length, after)}. Move ${one ? 'it' : 'them'} into the Scope whose failure is handled, or give ${one ? 'it' : 'them'} a run-after Failed/TimedOut branch that alerts someone.`
      : `${subject} has no error path: no action runs after another has Failed or TimedOut. If ${anyOf(effects.length)} fails, ${fate(exposure, effects.length, after)}. Put the steps in a Scope and add a run-after Failed/TimedOut branch that alerts someone.`,
  });
}

/**
 * Per tab with no catch node: each unattended trigger of the tab, judged on the tab's calls downstream of it (the wires
 * followed through links and subflows). The caller of an `http in` waits for an `http response` and hears of the calls
 * before it ({@link nodeRedAnswers}); one with no http response after it waits in vain. Nodes exported without their tab
 * ("Export selected nodes", the usual way flows are shared) are judged the same way, by the tab their `z` names.
 */
function checkNodeRed(context: RuleContext, flow: Flow): void {
  const items = Array.isArray(context.document.value) ? context.document.value : asObject(context.document.value)?.flows;
  if (!Array.isArray(items)) return;
  const base = Array.isArray(context.document.value) ? '' : '/flows';
  const byTab = new Map<string, FlowNode[]>();
  for (const node of flow.nodes) {
    const z = asString((node.parameters as Record<string, unknown>).z);
    if (z === undefined) continue;
    addTo(byTab, z, node);
  }
  let answeredButForDisabled: ReadonlySet<string> | undefined;
  // The nodes an enabled catch node watches (its scope: the tab, its group, or the nodes it names).
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  const caught = new Set(flow.edges.filter((e) => e.kind === 'error' && byId.get(e.to)?.type === 'catch' && !byId.get(e.to)!.disabled).map((e) => e.from));
  const judge = (nodes: readonly FlowNode[]): { exposure: Exposure; total: number; partly: boolean } | undefined => {
    const triggers = unattendedTriggers(nodes);
    const effects = nodes.filter((n) => !n.disabled && isOutbound(n) && !caught.has(n.id));
    if (!triggers.length || !effects.length) return undefined;
    const { next, beforeAnswer } = nodeRedAnswers(context, flow);
    // Of the nodes an endpoint's messages reach, those an http response follows run before the answer.
    const hears: TriggerGraphs['hears'] = (trigger) => (trigger.node.type !== 'http in' ? undefined : beforeAnswer.has(trigger.node.id) ? beforeAnswer : 'never');
    // A budget per tab: many endpoints sharing a long chain would cost endpoints × nodes, and one big tab must not
    // leave the next with nothing.
    const budgets = { first: new Budget(MAX_VISITS), alone: new Budget(5 * MAX_VISITS) };
    const { total, exposures } = judgeTriggers(triggers, { next, steps: new Map(effects.map((n) => [n.id, [n]])), hears }, budgets);
    const exposure = worst(exposures);
    if (!exposure) return undefined;
    if (exposure.unanswered) answeredButForDisabled ??= answeredWithDisabled(flow);
    const partly = nodes.some((n) => n.type === 'catch' && !n.disabled);
    return { exposure: exposure.unanswered && answeredButForDisabled?.has(exposure.trigger.node.id) ? { ...exposure, unanswered: 'disabled' } : exposure, total, partly };
  };
  const consequence = ({ exposure, total }: { exposure: Exposure; total: number }, whose?: string) => `if ${whichCalls(exposure, total, whose)} fails, ${fate(exposure, exposure.calls ?? total, NODE_RED)}`;
  const answer = ({ unanswered, trigger }: Exposure) =>
    unanswered === 'disabled' ? ` Enable the http response after "${trigger.node.name}" and any disabled node on the way to it.` : unanswered ? ` Wire "${trigger.node.name}" on to an http response node.` : '';
  // Tabs and subflows in the file: nodes whose `z` names neither came without their tab.
  const containers = new Set<string>();
  items.forEach((item, index) => {
    const tab = asObject(item);
    const type = asString(tab?.type);
    if (!tab || (type !== 'tab' && type !== 'subflow')) return;
    containers.add(asString(tab.id) ?? '');
    if (type !== 'tab' || tab.disabled === true) return;
    const judged = judge(byTab.get(asString(tab.id) ?? '') ?? []);
    if (!judged) return;
    context.report({
      pointer: `${base}/${index}/label`,
      severity: severityFor(judged.exposure),
      message: `Flow tab "${asString(tab.label) ?? ''}" has ${judged.partly ? 'catch nodes, but none that watches every call' : 'no catch node'}: ${consequence(judged)}. Add a catch node for the tab, wired to a notification (and to the HTTP response for HTTP endpoints).${answer(judged.exposure)}`,
    });
  });
  for (const [z, nodes] of byTab) {
    if (containers.has(z)) continue;
    const judged = judge(nodes);
    if (!judged) continue;
    context.report({
      ...nodeAnchor(judged.exposure.trigger.node, flow.platform),
      severity: severityFor(judged.exposure),
      message: `These nodes were exported without their flow tab, and ${judged.partly ? 'the catch nodes that came with them do not watch every call' : 'no catch node came with them'}: ${consequence(judged, 'their')}. Add a catch node to their tab, wired to a notification (and to the HTTP response for HTTP endpoints); if the tab has one, export it with the nodes.${answer(judged.exposure)}`,
    });
  }
}

/**
 * Make's directives that end an error route as if nothing had failed: Ignore drops the bundle, Commit stops the run and
 * Resume goes on with a substitute; the run counts as a success and nobody is told. Break (an incomplete execution to
 * retry) and Rollback (a failed run) keep the failure in view, as does a module on the route that acts (a notification,
 * a row written), unlike a router or a variable.
 */
const SILENT_DIRECTIVES: ReadonlySet<string> = new Set(['builtin:Ignore', 'builtin:Commit', 'builtin:Resume']);
/** Make's directives that keep a failure in view: Break (an incomplete execution to retry) and Rollback (a failed run). */
const KEEPING_DIRECTIVES: ReadonlySet<string> = new Set(['builtin:Break', 'builtin:Rollback']);
/** Roles of modules that only route or reshape data on a handler route (a router, a variable): they tell nobody. */
const QUIET_ROLES: ReadonlySet<string> = new Set(['control', 'transform']);

/**
 * How the scenario's error handler routes treat a failure. Make runs a module's handler only when that module fails:
 * `handled` are the modules with a route that does more than drop the failure silently, `silent` the directives the
 * routes of the others end with, `onRoutes` the modules on error handler routes.
 */
function makeErrorRoutes(flow: Flow): { readonly handled: ReadonlySet<string>; readonly silent: readonly string[]; readonly onRoutes: ReadonlySet<string> } {
  const next = new Map<string, string[]>();
  for (const e of flow.edges) if (e.kind !== 'error') addTo(next, e.from, e.to);
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  const handled = new Set<string>();
  const onRoutes = new Set<string>();
  const silent = new Set<string>();
  for (const route of flow.edges.filter((e) => e.kind === 'error')) {
    const directives: string[] = [];
    for (const id of reach([route.to], next)) {
      onRoutes.add(id);
      const node = byId.get(id);
      if (!node || node.disabled) continue;
      if (SILENT_DIRECTIVES.has(node.type)) directives.push(node.type.slice('builtin:'.length));
      else if (KEEPING_DIRECTIVES.has(node.type) || !QUIET_ROLES.has(node.role)) handled.add(route.from);
    }
    if (!handled.has(route.from)) for (const d of directives) silent.add(d);
  }
  return { handled, silent: [...silent], onRoutes };
}

function checkMake(context: RuleContext, flow: Flow): void {
  if (flow.settings.dlq === true) return;
  const routes = makeErrorRoutes(flow);
  const start = unattendedStart(flow.nodes);
  // The calls a failure of which no handler keeps in view (a notification on a handler route is part of the handling).
  const effects = flow.nodes.filter((n) => !n.disabled && isOutbound(n) && !routes.handled.has(n.id) && !routes.onRoutes.has(n.id));
  if (!start || !effects.length) return;
  const scenario = asObject(asObject(asObject(context.document.value)?.metadata)?.scenario);
  const exposure: Exposure = { trigger: { ...start, kind: flow.settings.instant === true ? 'inbound' : start.kind }, waits: false, silent: effects.length, silentWrite: effects.some(writesRecords) };
  context.report({
    ...(scenario && 'dlq' in scenario ? { pointer: '/metadata/scenario/dlq' } : nodeAnchor(start.node, flow.platform)),
    severity: severityFor(exposure),
    // Make keeps a failed bundle only as an incomplete execution, which this scenario does not store.
    message: `${flow.name ? `Scenario "${flow.name}"` : 'This scenario'} ${routes.handled.size ? `has ${routes.handled.size === 1 ? 'an error handler' : 'error handlers'}, but none that keeps a failure of ${names(effects)} in view,` : routes.silent.length ? `handles errors only with ${routes.silent.join(' and ')}, which ${routes.silent.length > 1 ? 'end' : 'ends'} the run as a success,` : 'has no error handler'} and does not store incomplete executions: if ${routes.handled.size ? (effects.length === 1 ? 'it' : `one of them`) : anyOf(effects.length)} fails, ${fate(exposure, effects.length, NOBODY)}${routes.silent.length ? '' : ', and the scenario may be switched off'}. Add an error handler route${routes.handled.size ? (effects.length === 1 ? ' to it' : ' to each of them') : ''} that keeps the failure in view (Break with retries, or a notification followed by Rollback; Ignore, Resume and Commit end the run as a success and tell nobody) or turn on "Allow storing of incomplete executions".`,
  });
}

/** `"A"`, `"A" and "B"`, `"A", "B", "C" and 2 more`. */
function names(nodes: readonly FlowNode[]): string {
  const quoted = nodes.slice(0, 3).map((n) => `"${n.name}"`);
  const more = nodes.length - quoted.length;
  if (more) return `${quoted.join(', ')} and ${more} more`;
  return quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}` : quoted[0];
}
