import type { Fix, FlowNode } from '../../model/index.js';
import { childPointer } from '../../source.js';
import { asObject, asString } from '../../walk.js';
import { describeNode, FLOW_FORMATS } from '../flowRules.js';
import { rawNode } from '../flowShape.js';
import { callerRestriction } from './callers.js';
import { signatureVerifier } from './verifiedCallers.js';
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
    remediation: 'Turn on the trigger\'s authentication (n8n: what the trigger type offers, Header Auth, Basic Auth or JWT on a Webhook, Basic Auth on a Form, Basic Auth or n8n User Auth on a public Chat; Power Automate: "Any user in my tenant" or specific users; Logic Apps: OAuth policies with the SAS key turned off, or IP restrictions) and verify signatures where the sender signs its requests.',
  },
  check(context) {
    for (const node of context.flow?.nodes ?? []) {
      if (node.role !== 'trigger-webhook' || node.disabled) continue;
      const pointer = node.auth.pointer ?? node.pointer;
      const at = /\/(?:authentication|triggerAuthenticationType)$/.test(pointer) ? 'value' : 'key';
      const callers = callerRestriction(node, context.format, context.document.value);
      const outside = node.auth.none && callers === undefined ? checkedOutside(node, context) : undefined;
      if (node.auth.configuredOutside) {
        context.report({
          pointer,
          severity: 'info',
          message: `HTTP endpoint ${describeNode(node)}: its authentication is configured outside this export (${node.auth.method ?? 'platform settings'}), so the review cannot tell whether callers are checked. Confirm it is on for this endpoint.`,
        });
      } else if (outside) {
        context.report({ pointer, at, severity: 'info', message: outside });
      } else if (callers?.kind === 'every-address') {
        // The adapter counts any allowed range as a restriction; one that admits every address restricts nothing.
        context.report({
          pointer: callers.pointer,
          at: callers.together ? 'key' : undefined,
          message: `Webhook ${describeNode(node)} accepts requests from anyone who knows its URL: its allowed caller IP ${callers.together ? `ranges ${callers.range} together admit every IPv4 address` : `range ${callers.range} admits every address`}, so callers are not restricted beyond the SAS key (sig=) in the URL, which travels with every copy of the URL. Add an OAuth authorization policy (Microsoft Entra ID) and turn SAS off, or allow only the callers' own IP ranges.`,
        });
      } else if (callers?.kind === 'sas-beside-oauth') {
        // The adapter counts an OAuth policy as authentication; it leaves the SAS key working.
        context.report({
          pointer: callers.pointer,
          at: 'key',
          message: `Webhook ${describeNode(node)} accepts requests from anyone who has its URL: its OAuth authorization policy does not turn off the SAS key (sig=) in the URL, so a call with the URL alone still runs it. Turn SAS off (accessControl.triggers.sasAuthenticationPolicy.state "Disabled"), or require an OAuth token with the trigger condition @startsWith(triggerOutputs()?['headers']?['Authorization'], 'Bearer') (with operationOptions "IncludeAuthorizationHeadersInOutputs").`,
        });
      } else if (node.auth.none && callers?.kind === 'ip-allowlist') {
        const range = callers.addresses.find((a) => a.includes('/'));
        context.report({
          pointer: callers.pointer,
          at: 'value',
          severity: 'info',
          message: `Webhook ${describeNode(node)} has no authentication, only an IP allowlist (${listed(callers.addresses)}): that keeps out the internet at large, but anything that can send from those addresses (a shared proxy or NAT, a cloud provider's range) can call it.${range ? ` n8n compares a caller's address with each entry as text, so a range such as ${range} matches no caller: list single addresses.` : ''} ${adviceFor(node, context, 'as well')}`,
          fixes: context.format === 'n8n' ? () => authenticationFixes(node, context) : undefined,
        });
      } else if (node.auth.none && (callers === undefined || callers.kind === 'open-allowlist')) {
        // A provider's signature the flow verifies before it acts authenticates the caller, as a secret header compared
        // before the run starts does (the data-flow model is asked only here, for webhooks that would be reported).
        if (context.format === 'n8n' && n8nKind(node.type) === 'webhook' && signatureVerifier(context, node)) continue;
        if (callers?.kind === 'open-allowlist') {
          const entry = callers.entry === '' ? 'an empty entry (a comma with nothing after it) is part of every address' : `"${callers.entry}" is part of addresses anywhere, not only the ones meant`;
          context.report({
            pointer: callers.pointer,
            at: 'value',
            message: `Webhook ${describeNode(node)} accepts requests from anyone who knows its URL: it has no authentication, and its IP allowlist admits every caller whose address contains an entry (n8n compares them as text), where ${entry}. ${adviceFor(node, context)} In the allowlist, write whole addresses separated by commas.`,
            fixes: () => authenticationFixes(node, context),
          });
          continue;
        }
        context.report({
          pointer,
          at,
          message: isMailhook(node, context)
            ? `Mailhook ${describeNode(node)} starts the scenario on any e-mail sent to its address: mail carries no caller authentication, and a sender's address is easily forged. Keep the address private, and before acting filter on a secret that only genuine senders include (in the subject or body).`
            : `Webhook ${describeNode(node)} accepts requests from anyone who knows its URL: ${exposureOf(context)} ${adviceFor(node, context)}`,
          fixes: context.format === 'n8n' ? () => authenticationFixes(node, context) : undefined,
        });
      }
      // Otherwise the trigger's callers are checked: only parent Logic Apps workflows may call it ("Only other Logic
      // Apps"), SAS is turned off, or a trigger condition compares a secret request header (as Make's filter on a
      // header counts).
    }
  },
};

/**
 * Logic Apps exports of the definition alone: the workflow's access control, or the Standard app's settings, are not in
 * them (unless the access control was saved beside a Consumption definition: `{ definition, parameters, accessControl }`).
 */
const DEFINITION_ONLY = new Set(['la-standard-workflow', 'wdl-definition-wrapper', 'la-definition']);

/**
 * Where the platform keeps a trigger's caller checks outside this export, said as the finding's message; undefined when
 * the export would hold them. A Standard logic app restricts callers in the app (Easy Auth, Networking access
 * restrictions), a Consumption workflow in its access control, which a code-view definition does not show; a Make custom
 * webhook keeps its API keys and IP restrictions with the webhook, not in the blueprint.
 */
function checkedOutside(node: FlowNode, context: RuleContext): string | undefined {
  // Only the definition wrapper is read with access control beside it (the workflow resource's properties).
  const besideDefinition = context.detail === 'wdl-definition-wrapper' && asObject(context.document.value)?.accessControl !== undefined;
  if (context.format === 'logic-apps' && DEFINITION_ONLY.has(context.detail) && !besideDefinition) {
    const kind = asString(asObject(context.document.value)?.kind);
    const beyondSas = 'so the review cannot tell whether callers are checked beyond the SAS key (sig=) in the URL, which travels with every copy of the URL.';
    return kind !== undefined && /^(?:stateful|stateless)$/i.test(kind)
      ? `HTTP endpoint ${describeNode(node)}: a Standard logic app restricts its callers in the app's settings, not in workflow.json (Easy Auth with Microsoft Entra ID, Networking access restrictions), ${beyondSas} Confirm one of them is on for this endpoint.`
      : `HTTP endpoint ${describeNode(node)}: a Consumption logic app restricts its callers in the workflow's access control (OAuth authorization policies, allowed caller IP ranges), which this export of the definition does not hold, ${beyondSas} Confirm one of them is on (for OAuth, with SAS turned off), or review the ARM template or resource export, which holds them.`;
  }
  if (context.format === 'make' && node.type === 'gateway:CustomWebHook') {
    return `Webhook ${describeNode(node)}: Make keeps a custom webhook's API key authentication and IP restrictions with the webhook, not in the blueprint, so the review cannot tell whether callers are checked. Confirm the webhook has an API key (callers send it in the x-make-apikey header) or IP restrictions, or, before acting on the data, filter on a secret request header equal to a fixed text or a custom variable ({{var.organization.NAME}}; a system variable such as the scenario ID is no secret).`;
  }
  return undefined;
}

/** A Make custom mailhook: an e-mail address, not a URL. */
function isMailhook(node: FlowNode, context: RuleContext): boolean {
  return context.format === 'make' && node.type === 'gateway:CustomMailHook';
}

/** The first addresses of an allowlist, for a message. */
function listed(addresses: readonly string[]): string {
  return addresses.length > 3 ? `${addresses.slice(0, 3).join(', ')} and ${addresses.length - 3} more` : addresses.join(', ');
}

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

/** What to turn on, in the words of the node's own settings (n8n trigger types offer different methods). */
function adviceFor(node: FlowNode, context: RuleContext, also?: 'as well'): string {
  const tail = also ? ` ${also}` : '';
  switch (context.format) {
    case 'n8n': {
      const kind = n8nKind(node.type);
      if (kind === 'form' && !formHasAuthentication(node, context)) return `This version of the Form trigger (1) has no authentication setting: replace it with a current n8n Form trigger and set its Authentication to Basic Auth${tail}.`;
      if (kind === 'form') return `Set its Authentication to Basic Auth${tail} (the only method the Form trigger has).`;
      if (kind === 'chat') return `Set its Authentication to Basic Auth or n8n User Auth${tail}, or turn off "Make Chat Publicly Available".`;
      if (kind === 'mcp') return `Set its Authentication to Bearer Auth or Header Auth${tail}.`;
      return `Set its Authentication to Header Auth, Basic Auth or JWT${tail}, and verify signatures where the sender signs requests.`;
    }
    case 'power-automate':
      return 'Set "Who can trigger the flow" to "Any user in my tenant" or specific users.';
    case 'logic-apps':
      return 'Add an OAuth authorization policy (Microsoft Entra ID) and turn SAS off (sasAuthenticationPolicy), or restrict callers by IP (accessControl.triggers).';
    default:
      return 'Require a secret header or signature, and check it before acting on the data.';
  }
}

type N8nTriggerKind = 'webhook' | 'form' | 'chat' | 'mcp';

function n8nKind(type: string): N8nTriggerKind {
  if (/formTrigger$/.test(type)) return 'form';
  if (/chatTrigger$/.test(type)) return 'chat';
  if (/mcpTrigger$/.test(type)) return 'mcp';
  return 'webhook';
}

/**
 * n8n: set the trigger's `authentication` to a method its node type has (the user then picks the credential in n8n):
 * Webhook and MCP trigger `headerAuth`; Form trigger `basicAuth` (its only method; none for version 1, which has no
 * authentication setting); Chat trigger `basicAuth` or `n8nUserAuth`, or `public: false`.
 */
function authenticationFixes(node: FlowNode, context: RuleContext): Fix[] {
  switch (n8nKind(node.type)) {
    case 'form':
      // Version 1 has no `authentication` parameter: n8n would drop the value and the form would stay open.
      if (!formHasAuthentication(node, context)) return [];
      return setParameter(node, context, 'authentication', '"basicAuth"', 'Require Basic Auth on this form (then choose its credential in n8n)', true);
    case 'chat':
      return [
        ...setParameter(node, context, 'authentication', '"basicAuth"', 'Require Basic Auth on this chat (then choose its credential in n8n)', true),
        ...setParameter(node, context, 'authentication', '"n8nUserAuth"', 'Require n8n User Auth on this chat (users sign in with their n8n account)', false),
        ...setParameter(node, context, 'public', 'false', 'Make this chat private (only the n8n editor can reach it)', false),
      ];
    default:
      return setParameter(node, context, 'authentication', '"headerAuth"', 'Require Header Auth on this webhook (then choose its credential in n8n)', true);
  }
}

/** The n8n Form trigger has Basic Auth from version 2 on; version 1 has no authentication setting at all. */
function formHasAuthentication(node: FlowNode, context: RuleContext): boolean {
  const version = rawNode(context, node).typeVersion;
  return typeof version !== 'number' || version >= 2;
}

/** Sets `key` of the node's parameters to `json` (replacing its value, or adding the member first). */
function setParameter(node: FlowNode, context: RuleContext, key: string, json: string, title: string, isPreferred: boolean): Fix[] {
  const doc = context.document;
  if (doc.language !== 'json' || !node.parametersPointer) return [];
  const params = asObject(node.parameters);
  const existing = doc.locate(childPointer(node.parametersPointer, key));
  if (params && key in params && existing.exact) {
    return [{ title, isPreferred, edits: [{ uri: context.uri, start: existing.range.start, end: existing.range.end, newText: json }] }];
  }
  const object = doc.locate(node.parametersPointer);
  if (!object.exact || doc.text.charCodeAt(object.range.start) !== 123 /* { */) return [];
  const empty = !params || Object.keys(params).length === 0;
  const newText = `"${key}": ${json}${empty ? '' : ', '}`;
  return [{ title, isPreferred, edits: [{ uri: context.uri, start: object.range.start + 1, end: object.range.start + 1, newText }] }];
}
