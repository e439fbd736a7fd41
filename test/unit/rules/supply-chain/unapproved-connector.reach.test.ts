// Which nodes reach a vendor: an n8n trigger of a service whose credentials the export left out (templates strip them),
// and generic HTTP calls on every platform (Zapier's Webhooks by Zapier requests, the Logic Apps HTTP Webhook action)
// counted as HTTP, like n8n's HTTP Request.
import { describe } from 'node:test';
import { policyFromValue } from '../../../../server/src/core/index.js';
import { n8nFlow, runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { zapierExport } from '../../../helpers/platformDocs.js';
import { laStandardWorkflow } from '../../../helpers/wdl.js';

const RULE = 'supply-chain/unapproved-connector';

const policy = (connectors: object) => ({ policy: policyFromValue({ connectors }) });

const zap = zapierExport({
  '1': { id: 1, parent_id: null, selected_api: 'WebHookCLIAPI@1.0.20', action: 'hook_v2', params: {}, title: 'Order in' },
  '2': { id: 2, parent_id: 1, selected_api: 'WebHookCLIAPI@1.0.20', action: 'post', params: { url: 'https://api.example.com/orders' }, title: 'Forward' },
  '3': { id: 3, parent_id: 2, selected_api: 'WebHookCLIAPI@1.0.20', action: 'custom_request', params: { url: 'https://api.example.com/audit', method: 'PUT' }, title: 'Audit' },
});

const cases: FlowCase[] = [
  {
    name: 'n8n service triggers without credentials in the export when their service is blocked',
    text: n8nFlow([
      { name: 'On message', type: 'telegramTrigger', parameters: { updates: ['message'] } },
      { name: 'On mail', type: 'gmailTrigger', parameters: {} },
      { name: 'Reply', type: 'telegram', parameters: {} },
    ]),
    options: policy({ blocked: ['Telegram', 'Gmail'] }),
    expected: [
      { covers: '"n8n-nodes-base.telegramTrigger"', severity: 'error', message: /^"On message" uses Telegram, which the review policy blocks/ },
      { covers: '"n8n-nodes-base.gmailTrigger"', severity: 'error', message: /^"On mail" uses Gmail, which the review policy blocks/ },
      { covers: '"n8n-nodes-base.telegram"', severity: 'error' },
    ],
  },
  {
    name: "n8n's own triggers (manual, sub-workflow, error, chat, instance events, local files) under an approved list",
    text: n8nFlow([
      { name: 'Manual', type: 'manualTrigger' },
      { name: 'Called', type: 'executeWorkflowTrigger' },
      { name: 'Failed', type: 'errorTrigger' },
      { name: 'Chat', type: '@n8n/n8n-nodes-langchain.manualChatTrigger' },
      { name: 'Activated', type: 'n8nTrigger', parameters: { events: ['activate'] } },
      { name: 'Started', type: 'workflowTrigger' },
      { name: 'Dropped', type: 'localFileTrigger', parameters: { path: '/data/in' } },
      { name: 'Evaluate', type: 'evaluationTrigger' },
    ]),
    options: policy({ approved: ['Slack'] }),
    expected: [],
  },
  {
    name: "Zapier's Webhooks by Zapier requests when HTTP is blocked (the Catch Hook is Zapier's own endpoint)",
    text: zap,
    options: policy({ blocked: ['HTTP'] }),
    expected: [
      { covers: '"2"', severity: 'error', message: /^"Forward" uses Webhooks by Zapier, which the review policy blocks/ },
      { covers: '"3"', severity: 'error', message: /^"Audit" uses Webhooks by Zapier, which the review policy blocks/ },
    ],
  },
  {
    name: "Zapier's Webhooks by Zapier requests under an approved list without HTTP",
    text: zap,
    options: policy({ approved: ['Slack'] }),
    expected: [{ covers: '"2"', severity: 'warning' }, { covers: '"3"', severity: 'warning' }],
  },
  { name: "Zapier's Webhooks by Zapier requests when HTTP is approved", text: zap, options: policy({ approved: ['HTTP'] }), expected: [] },
  {
    name: 'the Logic Apps HTTP Webhook action (it calls a subscribe URL) when HTTP is blocked',
    text: laStandardWorkflow({ manual: { type: 'Request', kind: 'Http', inputs: {} } }, {
      Wait_for_approval: { type: 'HttpWebhook', inputs: { subscribe: { method: 'POST', uri: 'https://approvals.example.com/subscribe', body: { callback: '@listCallbackUrl()' } }, unsubscribe: {} }, runAfter: {} },
    }),
    options: policy({ blocked: ['HTTP'] }),
    expected: [{ covers: '"Wait_for_approval"', severity: 'error', message: /^"Wait_for_approval" uses HTTP webhook, which the review policy blocks/ }],
  },
];

describe(`${RULE} (which nodes reach a vendor)`, () => runFlowTable(RULE, cases));
