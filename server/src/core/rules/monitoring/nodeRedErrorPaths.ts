// Node-RED's error paths for the error-handling rule: catch nodes per flow tab, and what an http in's caller hears of
// before an http response answers it.
import { nodeAnchor } from '../../dataflow/chain.js';
import { addTo, Budget } from '../../dataflow/graph.js';
import type { Flow, FlowNode } from '../../model/index.js';
import { asObject, asString } from '../../walk.js';
import { isOutbound, unattendedTriggers } from '../flowShape.js';
import { answeredWithDisabled, nodeRedAnswers } from '../nodeRedAnswers.js';
import type { RuleContext } from '../types.js';
import { fate, judgeTriggers, MAX_VISITS, severityFor, whichCalls, worst, type Aftermath, type Exposure, type TriggerGraphs } from './exposure.js';

/**
 * Node-RED keeps nothing of a failed message; the runtime logs the error. A node that fails stops the message (an
 * `http request` passes the error on unless it sends errors only to catch nodes), so the http response may never come.
 */
const NODE_RED: Aftermath = { told: 'the error only reaches the log', toldOthers: 'otherwise the error only reaches the log', callerGets: 'an error or no answer (its request times out)', answersOnBranches: true };

/**
 * Per tab with no catch node: each unattended trigger of the tab, judged on the tab's calls downstream of it (the wires
 * followed through links and subflows). The caller of an `http in` waits for an `http response` and hears of the calls
 * before it ({@link nodeRedAnswers}); one with no http response after it waits in vain. Nodes exported without their tab
 * ("Export selected nodes", the usual way flows are shared) are judged the same way, by the tab their `z` names.
 */
export function checkNodeRed(context: RuleContext, flow: Flow): void {
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
