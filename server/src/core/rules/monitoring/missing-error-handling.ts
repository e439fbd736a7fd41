import { nodeAnchor } from '../../dataflow/chain.js';
import { addTo } from '../../dataflow/graph.js';
import type { Flow, FlowNode } from '../../model/index.js';
import { asObject, asString } from '../../walk.js';
import { FLOW_FORMATS } from '../flowRules.js';
import { isOutbound, rawNode, unattendedStart, writesRecords } from '../flowShape.js';
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
    rationale: 'When a step fails, the run stops and nobody is told: the order, payment or alert it carried is silently dropped and no record says why. Inbound data (a webhook call, an event) is not sent again, so it is lost for good.',
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

/**
 * A warning when a failure silently loses a record: inbound data (sent once, already acknowledged) that the flow writes
 * to a system of record. Scheduled runs come again, callers that wait for the answer see the failure, and a failed
 * notification or chat reply is noticed by its reader: those are info.
 */
function severityFor(kind: 'inbound' | 'schedule', effects: readonly FlowNode[], callerWaits = false): RuleReport['severity'] {
  return kind === 'inbound' && !callerWaits && effects.some(writesRecords) ? 'warning' : 'info';
}

/**
 * n8n triggers whose sender sees a failure: webhooks that answer when the flow ends, chats, and forms that go on to
 * further form pages (the submitter waits for the next page or the completion screen).
 */
function n8nCallerWaits(trigger: FlowNode, flow: Flow): boolean {
  const mode = asString(asObject(trigger.parameters)?.responseMode);
  if (/chatTrigger$/.test(trigger.type)) return true;
  if (trigger.type.endsWith('.formTrigger') && flow.nodes.some((n) => !n.disabled && n.type === 'n8n-nodes-base.form')) return true;
  return (trigger.type.endsWith('.webhook') || trigger.type.endsWith('.formTrigger')) && (mode === 'lastNode' || mode === 'responseNode');
}

/** What a failed run loses, and who hears of it. */
function what(kind: 'inbound' | 'schedule', trigger: FlowNode, callerWaits = false): string {
  if (callerWaits) return `the caller of "${trigger.name}" gets an error, but nobody else is told and nothing records what failed`;
  return kind === 'inbound' ? `the data "${trigger.name}" received is dropped and nobody is told` : `that run of "${trigger.name}" is lost and nobody is told`;
}

function checkN8n(context: RuleContext, flow: Flow): void {
  if (asString(flow.settings.errorWorkflow)) return;
  if (flow.nodes.some((n) => n.type.endsWith('.errorTrigger'))) return; // this is an error workflow
  const start = unattendedStart(flow.nodes);
  const effects = flow.nodes.filter((n) => !n.disabled && isOutbound(n));
  if (!start || !effects.length) return;
  const connections = asObject(asObject(context.document.value)?.connections) ?? {};
  for (const node of flow.nodes) {
    const raw = rawNode(context, node);
    if (raw.onError !== 'continueErrorOutput') continue;
    const outputs = asObject(connections[node.name])?.main;
    const last = Array.isArray(outputs) && outputs.length > 1 ? outputs[outputs.length - 1] : undefined;
    if (Array.isArray(last) && last.length) return; // an error output wired to something
  }
  const settings = asObject(context.document.value)?.settings !== undefined;
  const waits = n8nCallerWaits(start.node, flow);
  context.report({
    ...(settings ? { pointer: '/settings', at: 'key' as const } : nodeAnchor(start.node, flow.platform)),
    severity: severityFor(start.kind, effects, waits),
    message: `${flow.name ? `Workflow "${flow.name}"` : 'This workflow'} has no error path: no error workflow in its settings and no error output wired on any node. If one of its ${effects.length} call${effects.length > 1 ? 's' : ''} to other systems fails, ${what(start.kind, start.node, waits)}. Set an error workflow (Workflow settings → Error workflow) that alerts someone, or wire error outputs to a notification.`,
  });
}

function checkWdl(context: RuleContext, flow: Flow): void {
  if (flow.edges.some((e) => e.kind === 'Failed' || e.kind === 'TimedOut')) return;
  const start = unattendedStart(flow.nodes);
  const effects = flow.nodes.filter((n) => !n.disabled && isOutbound(n) && !n.pointer.includes('/triggers/'));
  if (!start || !effects.length) return;
  const pa = flow.platform === 'power-automate';
  const waits = start.node.role === 'trigger-webhook' && flow.nodes.some((n) => n.type.toLowerCase() === 'response');
  context.report({
    ...nodeAnchor(start.node, flow.platform),
    // Power Automate tells flow owners about failing runs by e-mail; Logic Apps tells nobody unless an alert is set up.
    severity: pa ? 'info' : severityFor(start.kind, effects, waits),
    message: `${flow.name ? `${pa ? 'Flow' : 'Workflow'} "${flow.name}"` : `This ${pa ? 'flow' : 'workflow'}`} has no error path: no action runs after another has Failed or TimedOut. If one of its ${effects.length} call${effects.length > 1 ? 's' : ''} to other systems fails, ${pa ? `${what(start.kind, start.node).replace(' and nobody is told', '')} (only the owner's failure digest mentions it)` : what(start.kind, start.node, waits)}. Put the steps in a Scope and add a run-after Failed/TimedOut branch that alerts someone and records the run.`,
  });
}

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
  items.forEach((item, index) => {
    const tab = asObject(item);
    if (!tab || asString(tab.type) !== 'tab' || tab.disabled === true) return;
    const nodes = byTab.get(asString(tab.id) ?? '') ?? [];
    if (nodes.some((n) => n.type === 'catch')) return;
    const start = unattendedStart(nodes);
    const effects = nodes.filter((n) => !n.disabled && isOutbound(n));
    if (!start || !effects.length) return;
    const waits = nodes.some((n) => n.type === 'http response');
    context.report({
      pointer: `${base}/${index}/label`,
      severity: severityFor(start.kind, effects, waits),
      message: `Flow tab "${asString(tab.label) ?? ''}" has no catch node: if one of its ${effects.length} call${effects.length > 1 ? 's' : ''} to other systems fails, ${what(start.kind, start.node, waits).replace(' and nobody is told', '')} and the error only reaches the log. Add a catch node for the tab, wired to a notification (and to the HTTP response for HTTP endpoints).`,
    });
  });
}

function checkMake(context: RuleContext, flow: Flow): void {
  if (flow.edges.some((e) => e.kind === 'error') || flow.settings.dlq === true) return;
  const start = unattendedStart(flow.nodes);
  const effects = flow.nodes.filter((n) => !n.disabled && isOutbound(n));
  if (!start || !effects.length) return;
  const scenario = asObject(asObject(asObject(context.document.value)?.metadata)?.scenario);
  context.report({
    ...(scenario && 'dlq' in scenario ? { pointer: '/metadata/scenario/dlq' } : nodeAnchor(start.node, flow.platform)),
    severity: severityFor(flow.settings.instant === true ? 'inbound' : start.kind, effects),
    message: `${flow.name ? `Scenario "${flow.name}"` : 'This scenario'} has no error handler and does not store incomplete executions: if one of its ${effects.length} call${effects.length > 1 ? 's' : ''} to other systems fails, ${what(start.kind, start.node)}, and the scenario may be switched off. Add an error handler route (Resume, Rollback or Break with retries) or turn on "Allow storing of incomplete executions".`,
  });
}
