// Where data goes: AI nodes the connector catalogue does not give the `ai` role, and a connector's own API called back
// with its credential type from an export that dropped the credentials.
import { describe } from 'node:test';
import { n8nFlow, runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { paSolutionFlow } from '../../../helpers/wdl.js';

const RULE = 'privacy/sensitive-data-to-third-party';

const lead = { name: 'Lead', type: 'webhook', parameters: { path: 'lead', httpMethod: 'POST' } };
const model = (type: string, name: string, modelId: string) => ({ name, type, parameters: { modelId: { __rl: true, value: modelId, mode: 'list' }, messages: { values: [{ content: '=Write to {{ $json.body.email }}' }] } } });

const cases: FlowCase[] = [
  {
    // n8n's Anthropic node (not the chat model sub-node lmChatAnthropic): a message to Claude.
    name: "n8n: a webhook's e-mail in a message to the Anthropic node",
    text: n8nFlow([lead, model('@n8n/n8n-nodes-langchain.anthropic', 'Claude', 'claude-sonnet-4-20250514')], [['Lead', 'Claude']]),
    expected: [{ covers: '$json.body.email', severity: 'warning', message: /^Personal data goes to an AI model provider \(Anthropic\) unmasked: "Claude" sends email \(contact details\) from "Lead"/ }],
  },
  {
    name: "n8n: a webhook's e-mail in a message to the Google Gemini node",
    text: n8nFlow([lead, model('@n8n/n8n-nodes-langchain.googleGemini', 'Gemini', 'models/gemini-2.5-flash')], [['Lead', 'Gemini']]),
    expected: [{ covers: '$json.body.email', severity: 'warning', message: /^Personal data goes to an AI model provider \(Google Gemini\) unmasked: "Gemini" sends email/ }],
  },
  {
    name: "Power Automate: a request's phone number in a prompt to the OpenAI (Independent Publisher) connector",
    text: paSolutionFlow({ manual: { type: 'Request', kind: 'Http', inputs: { schema: {} } } }, {
      Ask: { type: 'OpenApiConnection', inputs: { host: { apiId: '/providers/Microsoft.PowerApps/apis/shared_openaiip', connectionName: 'shared_openaiip', operationId: 'ChatCompletion' }, parameters: { 'body/messages/content': "Call @{triggerBody()?['phone']}" } }, runAfter: {} },
    }),
    expected: [{ covers: "triggerBody()?['phone']", severity: 'warning', message: /^Personal data goes to an AI model provider \(OpenAI \(Independent Publisher\)\) unmasked: "Ask" sends phone/ }],
  },
  {
    // Templates are exported without credentials: the trigger holds none, the HTTP node still selects lemlist's type.
    name: "n8n: lemlist's data sent back to api.lemlist.com with the lemlistApi type, credentials dropped from the export",
    text: n8nFlow([
      { name: 'Lead replied', type: 'lemlistTrigger', parameters: { event: 'emailsReplied' } },
      { name: 'Mark interested', type: 'httpRequest', parameters: { method: 'POST', url: '=https://api.lemlist.com/api/campaigns/c1/leads/{{ $json.leadEmail }}/interested', authentication: 'predefinedCredentialType', nodeCredentialType: 'lemlistApi' } },
    ], [['Lead replied', 'Mark interested']]),
    expected: [],
  },
  {
    // The credential type names another service than the source's: the data leaves lemlist.
    name: "n8n: lemlist's data sent to api.lemlist.com with another connector's credential type (info)",
    text: n8nFlow([
      { name: 'Lead replied', type: 'lemlistTrigger', parameters: { event: 'emailsReplied' } },
      { name: 'Mark interested', type: 'httpRequest', parameters: { method: 'POST', url: '=https://api.lemlist.com/api/campaigns/c1/leads/{{ $json.leadEmail }}/interested', authentication: 'predefinedCredentialType', nodeCredentialType: 'hubspotApi' } },
    ], [['Lead replied', 'Mark interested']]),
    expected: [{ covers: '$json.leadEmail', severity: 'info' }],
  },
];

describe('privacy/sensitive-data-to-third-party: destinations', () => runFlowTable(RULE, cases));
