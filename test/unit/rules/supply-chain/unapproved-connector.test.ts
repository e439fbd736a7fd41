import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { policyFromValue } from '../../../../server/src/core/index.js';
import { flowFindings, n8nFlow, runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { nodeRedFlow } from '../../../helpers/platformDocs.js';
import { paSolutionFlow } from '../../../helpers/wdl.js';

const RULE = 'supply-chain/unapproved-connector';

const policy = policyFromValue({ connectors: { approved: ['Slack', 'Google Sheets', 'HTTP'], blocked: ['Dropbox'] } });
const onlyBlocked = policyFromValue({ connectors: { blocked: ['dropbox'] } });
const flow = n8nFlow([
  { name: 'Hook', type: 'webhook', parameters: { path: 'x' } },
  { name: 'Code', type: 'code', parameters: {} },
  { name: 'Post', type: 'slack', parameters: {} },
  { name: 'Rows', type: 'googleSheets', parameters: {} },
  { name: 'Backup', type: 'dropbox', parameters: {} },
  { name: 'Ask', type: '@n8n/n8n-nodes-langchain.openAi', parameters: {} },
]);

const cases: FlowCase[] = [
  {
    name: 'a blocked connector (error) and one not on the approved list (warning)',
    text: flow,
    options: { policy },
    expected: [
      { covers: '"n8n-nodes-base.dropbox"', severity: 'error', message: /^"Backup" uses Dropbox, which the review policy blocks \(connectors\.blocked\)/ },
      { covers: '"@n8n/n8n-nodes-langchain.openAi"', severity: 'warning', message: /^"Ask" uses OpenAI, which is not on the review policy's approved list \(connectors\.approved: Slack, Google Sheets, HTTP\)/ },
    ],
  },
  {
    name: "an AI agent's HTTP Request tools (n8n's and LangChain's) when HTTP is blocked",
    text: n8nFlow([
      { name: 'Chat', type: '@n8n/n8n-nodes-langchain.chatTrigger', parameters: { public: true } },
      { name: 'Agent', type: '@n8n/n8n-nodes-langchain.agent', parameters: {} },
      { name: 'Fetch page', type: 'httpRequestTool', parameters: { url: 'https://example.com/{page}' } },
      { name: 'Search', type: '@n8n/n8n-nodes-langchain.toolHttpRequest', parameters: { url: 'https://api.example.com/search' } },
    ], [['Chat', 'Agent'], ['Fetch page', 'Agent', 'ai_tool'], ['Search', 'Agent', 'ai_tool']]),
    options: { policy: policyFromValue({ connectors: { blocked: ['HTTP'] } }) },
    expected: [
      { covers: '"n8n-nodes-base.httpRequestTool"', severity: 'error', message: /^"Fetch page" uses HTTP, which the review policy blocks/ },
      { covers: '"@n8n/n8n-nodes-langchain.toolHttpRequest"', severity: 'error', message: /^"Search" uses HTTP, which the review policy blocks/ },
    ],
  },
  {
    name: 'Node-RED contrib nodes of known services (Telegram, Dropbox) under a policy that blocks them',
    text: nodeRedFlow(
      { id: 't', type: 'tab', label: 'Ops' },
      { id: 'i', type: 'inject', z: 't', name: 'Nightly', repeat: '86400', x: 1, y: 1, wires: [['tg', 'db', 'dl']] },
      { id: 'tg', type: 'telegram sender', z: 't', name: 'Tell ops', bot: 'b', x: 1, y: 1, wires: [[]] },
      { id: 'db', type: 'dropbox out', z: 't', name: 'Save', dropbox: 'd', filename: 'report.txt', x: 1, y: 1, wires: [] },
      { id: 'dl', type: 'dropbox', z: 't', name: 'Fetch', dropbox: 'd', filename: 'in.txt', x: 1, y: 1, wires: [[]] },
      { id: 'b', type: 'telegram bot', botname: 'OpsBot' },
      { id: 'd', type: 'dropbox-config' },
    ),
    options: { policy: policyFromValue({ connectors: { approved: ['Slack'], blocked: ['Telegram', 'Dropbox'] } }) },
    expected: [
      { covers: '"Tell ops"', severity: 'error', message: /^"Tell ops" uses Telegram, which the review policy blocks/ },
      { covers: '"Save"', severity: 'error', message: /^"Save" uses Dropbox, which the review policy blocks/ },
      { covers: '"Fetch"', severity: 'error', message: /^"Fetch" uses Dropbox, which the review policy blocks/ },
    ],
  },
  {
    name: 'a blocked list alone, matched without case',
    text: flow,
    options: { policy: onlyBlocked },
    expected: [{ covers: '"n8n-nodes-base.dropbox"', severity: 'error' }],
  },
  {
    name: 'a Power Automate connector by its display name',
    text: paSolutionFlow({ manual: { type: 'Request', kind: 'Button', inputs: {} } }, { Send: { type: 'OpenApiConnection', inputs: { host: { connectionName: 'shared_office365', operationId: 'SendEmailV2' } }, runAfter: {} } }),
    options: { policy },
    expected: [{ covers: '"Send"', message: /^"Send" uses Office 365 Outlook, which is not on the review policy's approved list/ }],
  },
  { name: 'a flow without a policy', text: flow, expected: [] },
];

describe(RULE, () => {
  runFlowTable(RULE, cases);

  it('approves by node type as well as by service name', () => {
    const byType = policyFromValue({ connectors: { approved: ['slack', 'googleSheets', 'n8n-nodes-base.dropbox', 'open ai'] } });
    assert.deepEqual(flowFindings(RULE, { text: flow, options: { policy: byType } }).map((f) => f.message.slice(0, 13)), []);
  });
});
