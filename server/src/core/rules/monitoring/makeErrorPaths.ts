// Make's error paths for the error-handling rule: error handler routes per module, the directives that end them, and
// stored incomplete executions.
import { nodeAnchor } from '../../dataflow/chain.js';
import { addTo, reach } from '../../dataflow/graph.js';
import { makeHookKey } from '../../formats/make.js';
import type { Flow, FlowNode } from '../../model/index.js';
import { asObject } from '../../walk.js';
import { isOutbound, unattendedStart, writesRecords } from '../flowShape.js';
import type { RuleContext } from '../types.js';
import { anyOf, fate, names, NOBODY, severityFor, type Exposure } from './exposure.js';

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
function makeErrorRoutes(flow: Flow): { readonly handled: ReadonlySet<string>; readonly routed: ReadonlySet<string>; readonly silent: readonly string[]; readonly onRoutes: ReadonlySet<string> } {
  const next = new Map<string, string[]>();
  for (const e of flow.edges) if (e.kind !== 'error') addTo(next, e.from, e.to);
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  const handled = new Set<string>();
  const onRoutes = new Set<string>();
  const silent = new Set<string>();
  const routed = new Set<string>();
  for (const route of flow.edges.filter((e) => e.kind === 'error')) {
    routed.add(route.from);
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
  return { handled, routed, silent: [...silent], onRoutes };
}

/**
 * True when the scenario starts on an instant trigger (a webhook or mailhook, or an app's instant trigger: a module with
 * a hook), whose bundle Make receives once; else its trigger polls, and Make puts a polling trigger back where it was
 * before a run that fails (the rollback phase), so the same items are read again on the next run.
 */
function instant(flow: Flow, trigger: FlowNode): boolean {
  return flow.settings.instant === true || trigger.role === 'trigger-webhook' || makeHookKey(asObject(trigger.parameters) ?? {}) !== undefined;
}

export function checkMake(context: RuleContext, flow: Flow): void {
  if (flow.settings.dlq === true) return;
  const routes = makeErrorRoutes(flow);
  const start = unattendedStart(flow.nodes);
  // The calls a failure of which no handler keeps in view (a notification on a handler route is part of the handling).
  const effects = flow.nodes.filter((n) => !n.disabled && isOutbound(n) && !routes.handled.has(n.id) && !routes.onRoutes.has(n.id));
  if (!start || !effects.length) return;
  const scenario = asObject(asObject(asObject(context.document.value)?.metadata)?.scenario);
  // A failure no route takes stops the run with an error: Make rolls the run back (a polling trigger reads the same items
  // again on its next run), e-mails the owner, and switches the scenario off after repeated failures. One that a route of
  // only Ignore, Resume or Commit takes ends the run as a success: the bundle is dropped, the trigger moves on, nobody is told.
  const swallowed = effects.filter((n) => routes.routed.has(n.id));
  const unrouted = effects.length - swallowed.length;
  const polling = !instant(flow, start.node);
  const rereads = polling && !swallowed.length;
  const kind = rereads ? 'schedule' : flow.settings.instant === true ? 'inbound' : start.kind;
  const exposure: Exposure = { trigger: { ...start, kind }, waits: false, silent: effects.length, silentWrite: (polling ? swallowed : effects).some(writesRecords) };
  const mailed = "only Make's error e-mail to the owner mentions it";
  const told = !unrouted ? NOBODY.told : swallowed.length ? `${NOBODY.told} or ${mailed}` : mailed;
  const lost = rereads ? `Make rolls back that run of "${start.node.name}", so the trigger reads the same items again on its next run; ${told}` : fate(exposure, effects.length, { ...NOBODY, told });
  context.report({
    ...(scenario && 'dlq' in scenario ? { pointer: '/metadata/scenario/dlq' } : nodeAnchor(start.node, flow.platform)),
    severity: severityFor(exposure),
    // Make keeps a failed bundle only as an incomplete execution, which this scenario does not store.
    message: `${flow.name ? `Scenario "${flow.name}"` : 'This scenario'} ${routes.handled.size ? `has ${routes.handled.size === 1 ? 'an error handler' : 'error handlers'}, but none that keeps a failure of ${names(effects)} in view,` : routes.silent.length ? `handles errors only with ${routes.silent.join(' and ')}, which ${routes.silent.length > 1 ? 'end' : 'ends'} the run as a success,` : 'has no error handler'} and does not store incomplete executions: if ${routes.handled.size ? (effects.length === 1 ? 'it' : `one of them`) : anyOf(effects.length)} fails, ${lost}${unrouted ? ', and the scenario may be switched off' : ''}. Add an error handler route${routes.handled.size ? (effects.length === 1 ? ' to it' : ' to each of them') : ''} that keeps the failure in view (Break with retries, or a notification followed by Rollback; Ignore, Resume and Commit end the run as a success and tell nobody) or turn on "Allow storing of incomplete executions".`,
  });
}
