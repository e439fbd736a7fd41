// Who can send to a trigger at all: a provider posts signed events to a generic webhook, never to an n8n Form, Chat or
// MCP Server trigger (people and MCP clients call those) nor to a Make mailhook (mail). A trigger whose callers must
// authenticate does not let "anyone who finds the URL" send forged events. A relay named beside the provider (WAHA,
// ManyChat) is the sender, and it does not carry the provider's signature.
import { describe } from 'node:test';
import { n8nFlow, runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { makeBlueprint } from '../../../helpers/platformDocs.js';
import { laArmTemplate, paSolutionFlow } from '../../../helpers/wdl.js';

const RULE = 'ingress/missing-signature-verification';
const save = { name: 'Save', type: 'set', parameters: {} };
const webhook = (name: string, parameters: object) => ({ name, type: 'webhook', parameters: { httpMethod: 'POST', ...parameters } });
const trigger = (type: string, name: string, parameters: object) => ({ name, type, parameters });
const mailhook = (label: string) => ({ id: 1, module: 'gateway:CustomMailHook', version: 1, parameters: { hook: 66293, maxResults: 1 }, mapper: {}, metadata: { restore: { parameters: { hook: { label } } }, parameters: [{ name: 'hook', type: 'hook:gateway-mailhook' }] } });
const laRequest = { stripe_events: { type: 'Request', kind: 'Http', inputs: { method: 'POST', schema: {} } } };
const policies = { openAuthenticationPolicies: { policies: { entra: { type: 'AAD', claims: [{ name: 'iss', value: 'https://sts.windows.net/tenant-id/' }] } } } };

/** The text of the object that is the value of `"key"` in `text` (a trigger, where a finding without an endpoint lands). */
function objectAfter(text: string, key: string): string {
  const start = text.indexOf('{', text.indexOf(`"${key}"`));
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(start, i + 1);
  }
  return '';
}
const oauthBesideSas = laArmTemplate(laRequest, {}, { accessControl: { triggers: policies } });

const cases: FlowCase[] = [
  { name: 'an n8n webhook named for Jira with no authentication', text: n8nFlow([webhook('jira-webhook', { path: 'jira-events' }), save], [['jira-webhook', 'Save']]), expected: [{ covers: '"jira-events"' }] },
  { name: 'an n8n webhook named for Jira whose callers must send a Header Auth secret', text: n8nFlow([webhook('jira-webhook', { path: 'jira-events', authentication: 'headerAuth' }), save], [['jira-webhook', 'Save']]), expected: [] },
  { name: 'an n8n webhook named for GitHub whose callers must pass Basic Auth', text: n8nFlow([webhook('GitHub push', { path: 'github-push', authentication: 'basicAuth' }), save], [['GitHub push', 'Save']]), expected: [] },
  { name: 'an n8n MCP Server trigger named for GitHub (MCP clients call it, GitHub never does)', text: n8nFlow([trigger('@n8n/n8n-nodes-langchain.mcpTrigger', 'Github MCP Server', { path: '61848df7-3619-4ccf-831b-d6408e0d6519' })], []), expected: [] },
  { name: 'an n8n Form trigger named for Stripe (people submit it)', text: n8nFlow([trigger('formTrigger', 'Stripe refund request form', { path: 'stripe-refunds', formTitle: 'Refund' }), save], [['Stripe refund request form', 'Save']]), expected: [] },
  { name: 'an n8n public Chat trigger named for Slack (people chat with it)', text: n8nFlow([trigger('@n8n/n8n-nodes-langchain.chatTrigger', 'Slack helper chat', { public: true })], []), expected: [] },
  { name: 'a Make mailhook labelled for Stripe (mail, which carries no webhook signature)', text: makeBlueprint(mailhook('Stripe receipts')), expected: [] },
  { name: 'an n8n webhook that WAHA calls with WhatsApp messages (WAHA sends them, not Meta)', text: n8nFlow([webhook('WhatsApp Webhook (WAHA)', { path: 'leadbot-24h' }), save], [['WhatsApp Webhook (WAHA)', 'Save']]), expected: [] },
  { name: 'an n8n webhook that ManyChat calls with Instagram messages', text: n8nFlow([webhook('Instagram messages via ManyChat', { path: 'instagram_chat' }), save], [['Instagram messages via ManyChat', 'Save']]), expected: [] },
  { name: 'an n8n webhook named for WhatsApp alone (Meta signs)', text: n8nFlow([webhook('WhatsApp Incoming Message', { path: 'whatsapp-lead-intake' }), save], [['WhatsApp Incoming Message', 'Save']]), expected: [{ covers: '"whatsapp-lead-intake"' }] },
  { name: 'a Logic Apps Request trigger named for Stripe whose SAS calls must come from allowed ranges', text: laArmTemplate(laRequest, {}, { accessControl: { triggers: { allowedCallerIpAddresses: [{ addressRange: '10.1.0.0/16' }] } } }), expected: [] },
  { name: 'a Logic Apps Request trigger named for Stripe with an OAuth policy beside a working SAS key', text: oauthBesideSas, expected: [{ covers: objectAfter(oauthBesideSas, 'stripe_events') }] },
  { name: 'a Power Automate trigger named for GitHub that only users of the tenant may call', text: paSolutionFlow({ github_push: { type: 'Request', kind: 'Http', inputs: { method: 'POST', triggerAuthenticationType: 'Tenant' } } }), expected: [] },
];

describe(`${RULE}: who can send to the trigger`, () => runFlowTable(RULE, cases));
