// Power Automate's and Logic Apps' error paths for the error-handling rule: run-after Failed/TimedOut branches, the
// actions and Scopes they cover, and each workflow of an ARM template judged on its own.
import { nodeAnchor } from '../../dataflow/chain.js';
import { addTo, reach } from '../../dataflow/graph.js';
import type { Edge, Flow, FlowNode } from '../../model/index.js';
import { parsePointer } from '../../source.js';
import { asObject, asString, valueAt } from '../../walk.js';
import { isOutbound, unattendedStart, writesRecords } from '../flowShape.js';
import type { RuleContext } from '../types.js';
import { anyOf, fate, names, NOBODY, severityFor, type Aftermath, type Exposure } from './exposure.js';

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

export function checkWdl(context: RuleContext, flow: Flow): void {
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
