import type { Fix, FlowNode } from '../../model/index.js';
import { childPointer } from '../../source.js';
import { asObject } from '../../walk.js';
import { describeNode, FLOW_FORMATS } from '../flowRules.js';
import type { Rule, RuleContext } from '../types.js';

/** `ingress/unauthenticated-webhook`: an inbound trigger anyone who knows its URL can call. */
export const unauthenticatedWebhook: Rule = {
  id: 'ingress/unauthenticated-webhook',
  defaultSeverity: 'warning',
  appliesTo: FLOW_FORMATS,
  threats: ['S', 'T', 'D'],
  cwe: 'CWE-306',
  securitySeverity: 7.0,
  docs: {
    summary: 'An inbound webhook or HTTP trigger that accepts requests without any caller authentication.',
    rationale: 'Webhook URLs leak through logs, browser history and shared exports; without authentication anyone who finds one can start the flow with data of their choosing, or flood it.',
    remediation: 'Turn on the trigger\'s authentication (n8n: Header Auth, Basic Auth or JWT; Power Automate: "Any user in my tenant" or specific users; Logic Apps: OAuth policies or IP restrictions) and verify signatures where the sender signs its requests.',
  },
  check(context) {
    for (const node of context.flow?.nodes ?? []) {
      if (node.role !== 'trigger-webhook' || node.disabled) continue;
      const pointer = node.auth.pointer ?? node.pointer;
      if (node.auth.configuredOutside) {
        context.report({
          pointer,
          severity: 'info',
          message: `HTTP endpoint ${describeNode(node)}: its authentication is configured outside this export (${node.auth.method ?? 'platform settings'}), so the review cannot tell whether callers are checked. Confirm it is on for this endpoint.`,
        });
      } else if (node.auth.none) {
        context.report({
          pointer,
          at: /\/(?:authentication|triggerAuthenticationType)$/.test(pointer) ? 'value' : 'key',
          message: `Webhook ${describeNode(node)} accepts requests from anyone who knows its URL: ${exposureOf(context)} ${adviceFor(context)}`,
          fixes: context.format === 'n8n' ? () => requireHeaderAuth(node, context) : undefined,
        });
      }
    }
  },
};

/** Why the URL alone lets callers in: Power Automate and Logic Apps URLs carry a SAS key, and nothing else is checked. */
function exposureOf(context: RuleContext): string {
  switch (context.format) {
    case 'power-automate':
      return '"Who can trigger the flow" is "Anyone" (or unset), so only the SAS key (sig=) in the URL protects it, and that travels with every copy of the URL.';
    case 'logic-apps':
      return 'callers are not restricted beyond the SAS key (sig=) in the URL, which travels with every copy of the URL.';
    default:
      return 'the export shows no authentication.';
  }
}

function adviceFor(context: RuleContext): string {
  switch (context.format) {
    case 'n8n':
      return 'Set its Authentication to Header Auth, Basic Auth or JWT, and verify signatures where the sender signs requests.';
    case 'power-automate':
      return 'Set "Who can trigger the flow" to "Any user in my tenant" or specific users.';
    case 'logic-apps':
      return 'Add an OAuth authorization policy (Microsoft Entra ID) or restrict callers by IP (accessControl.triggers).';
    default:
      return 'Require a secret header or signature, and check it before acting on the data.';
  }
}

/** n8n: set the Webhook node's `authentication` to `headerAuth` (the user then picks the credential in n8n). */
function requireHeaderAuth(node: FlowNode, context: RuleContext): Fix[] {
  const doc = context.document;
  if (doc.language !== 'json' || !node.parametersPointer) return [];
  const title = 'Require Header Auth on this webhook (then choose its credential in n8n)';
  const params = asObject(node.parameters);
  const existing = doc.locate(childPointer(node.parametersPointer, 'authentication'));
  if (params && 'authentication' in params && existing.exact) {
    return [{ title, isPreferred: true, edits: [{ uri: context.uri, start: existing.range.start, end: existing.range.end, newText: '"headerAuth"' }] }];
  }
  const object = doc.locate(node.parametersPointer);
  if (!object.exact || doc.text.charCodeAt(object.range.start) !== 123 /* { */) return [];
  const empty = !params || Object.keys(params).length === 0;
  const newText = empty ? '"authentication": "headerAuth"' : '"authentication": "headerAuth", ';
  return [{ title, isPreferred: true, edits: [{ uri: context.uri, start: object.range.start + 1, end: object.range.start + 1, newText }] }];
}
