import { describe } from 'node:test';
import { n8nFlow, runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { makeBlueprint, nodeRedFlow, zapierExport } from '../../../helpers/platformDocs.js';
import { laStandardWorkflow, paSolutionFlow } from '../../../helpers/wdl.js';

const RULE = 'monitoring/missing-error-handling';

const hook = { name: 'Payment', type: 'webhook', parameters: { path: 'paid', httpMethod: 'POST' } };
const sheet = { name: 'Record', type: 'googleSheets', parameters: { operation: 'append' }, credentials: { googleSheetsOAuth2Api: { id: '1', name: 'Sheets' } } };
const slack = { name: 'Notify', type: 'slack', parameters: { text: 'paid' }, credentials: { slackApi: { id: '2', name: 'Slack' } } };
const request = { manual: { type: 'Request', kind: 'Http', inputs: {} } };
const sqlInsert = { type: 'ApiConnection', inputs: { host: { connection: { name: "@parameters('$connections')['sql']['connectionId']" } }, method: 'post', path: '/datasets/default/tables/Orders/items' }, runAfter: {} };

const cases: FlowCase[] = [
  {
    name: 'an n8n payment webhook that writes to a sheet with no error workflow (warning)',
    text: n8nFlow([hook, sheet], [['Payment', 'Record']], { settings: { executionOrder: 'v1' } }),
    expected: [{ covers: '"settings"', severity: 'warning', message: /^Workflow "Test flow" has no error path: no error workflow in its settings and no error output wired on any node\. If one of its 1 call to other systems fails, the data "Payment" received is dropped and nobody is told\./ }],
  },
  {
    name: 'an n8n schedule that only notifies (info)',
    text: n8nFlow([{ name: 'Daily', type: 'scheduleTrigger', parameters: {} }, slack], [['Daily', 'Notify']]),
    expected: [{ covers: '"Daily"', severity: 'info', message: /that run of "Daily" is lost/ }],
  },
  {
    name: 'an n8n webhook whose caller waits for the answer (info)',
    text: n8nFlow([{ ...hook, parameters: { path: 'paid', responseMode: 'lastNode' } }, sheet], [['Payment', 'Record']]),
    expected: [{ covers: '"Payment"', severity: 'info' }],
  },
  {
    name: 'a Logic Apps request trigger that inserts rows with no failure branch',
    text: laStandardWorkflow(request, { Insert_row: sqlInsert }),
    expected: [{ covers: '"manual"', severity: 'warning', message: /^This workflow has no error path: no action runs after another has Failed or TimedOut/ }],
  },
  {
    name: 'a Power Automate flow (the platform mails its owners about failures: info)',
    text: paSolutionFlow(request, { Insert_row: sqlInsert }),
    expected: [{ covers: '"manual"', severity: 'info', message: /only the owner's failure digest mentions it/ }],
  },
  {
    name: 'a Node-RED tab with an MQTT input, a database write and no catch node',
    text: nodeRedFlow(
      { id: 't', type: 'tab', label: 'Ingest' },
      { id: 'm', type: 'mqtt in', z: 't', name: 'Readings', topic: 'x', broker: 'b', x: 1, y: 1, wires: [['db']] },
      { id: 'db', type: 'mysql', z: 't', name: 'Store', mydb: 'c', x: 1, y: 1, wires: [[]] },
    ),
    expected: [{ covers: '"Ingest"', severity: 'warning', message: /^Flow tab "Ingest" has no catch node/ }],
  },
  {
    name: 'a Make webhook scenario that adds rows with no error handler',
    text: makeBlueprint(
      { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: { hook: 1 }, mapper: {}, metadata: { designer: { name: 'Order' } } },
      { id: 2, module: 'google-sheets:addRow', version: 2, parameters: { __IMTCONN__: 3 }, mapper: { values: {} }, metadata: { designer: { name: 'Add row' } } },
    ).replace('"roundtrips": 1', '"roundtrips": 1, "dlq": false'),
    expected: [{ covers: 'false', severity: 'warning', message: /^Scenario "Test scenario" has no error handler and does not store incomplete executions/ }],
  },
  {
    name: 'an n8n webhook whose sheet node only reads rows (nothing lost for good: info)',
    text: n8nFlow([hook, { ...sheet, parameters: { operation: 'read' } }, slack], [['Payment', 'Record'], ['Record', 'Notify']]),
    expected: [{ covers: '"Payment"', severity: 'info' }],
  },
  {
    name: 'an n8n form that goes on to a form page (the submitter sees a failure: info)',
    text: n8nFlow([
      { name: 'Apply', type: 'formTrigger', parameters: { formTitle: 'Apply', formFields: { values: [{ fieldLabel: 'Name' }] } } },
      sheet,
      { name: 'Done', type: 'form', parameters: { operation: 'completion', completionTitle: 'Thanks' } },
    ], [['Apply', 'Record'], ['Record', 'Done']]),
    expected: [{ covers: '"Apply"', severity: 'info', message: /the caller of "Apply" gets an error/ }],
  },
  {
    name: 'a Logic Apps request trigger that only reads (GET) and sends no write (info)',
    text: laStandardWorkflow(request, { Get_me: { ...sqlInsert, inputs: { ...sqlInsert.inputs, method: 'get', path: '/users/me' } } }),
    expected: [{ covers: '"manual"', severity: 'info' }],
  },
  // Error paths, or nothing to lose.
  {
    name: 'a Power Automate "For a selected file" trigger (a person runs it by hand), as exported',
    text: paSolutionFlow({ manual: { type: 'Request', kind: 'ApiConnection', inputs: { host: { connection: { name: "@parameters('$connections')['shared_sharepointonline']['connectionId']" } }, operationId: 'ForASelectedFileHybridTrigger' } } }, { Insert_row: sqlInsert }),
    expected: [],
  },
  {
    name: 'a "For a selected item" trigger with its operation inside host',
    text: paSolutionFlow({ manual: { type: 'Request', kind: 'ApiConnection', inputs: { host: { connection: { name: "@parameters('$connections')['shared_sharepointonline']['connectionId']" }, operationId: 'ForASelectedItem' } } } }, { Insert_row: sqlInsert }),
    expected: [],
  },
  {
    name: 'an n8n workflow with an error workflow',
    text: n8nFlow([hook, sheet], [['Payment', 'Record']], { settings: { errorWorkflow: '42' } }),
    expected: [],
  },
  {
    name: 'an n8n node with a wired error output',
    text: JSON.stringify({
      name: 'x',
      nodes: [{ name: 'Payment', type: 'n8n-nodes-base.webhook', parameters: {} }, { name: 'Record', type: 'n8n-nodes-base.googleSheets', onError: 'continueErrorOutput', parameters: {}, credentials: { g: { id: '1' } } }, { name: 'Alert', type: 'n8n-nodes-base.slack', parameters: {} }],
      connections: { Payment: { main: [[{ node: 'Record', type: 'main', index: 0 }]] }, Record: { main: [[], [{ node: 'Alert', type: 'main', index: 0 }]] } },
    }),
    expected: [],
  },
  {
    name: 'a manual n8n workflow',
    text: n8nFlow([{ name: 'Start', type: 'manualTrigger' }, sheet], [['Start', 'Record']]),
    expected: [],
  },
  {
    name: 'an n8n error workflow itself',
    text: n8nFlow([{ name: 'On error', type: 'errorTrigger' }, slack], [['On error', 'Notify']]),
    expected: [],
  },
  {
    name: 'a Logic Apps workflow with a run-after Failed branch',
    text: laStandardWorkflow(request, { Insert_row: sqlInsert, Alert: { type: 'Http', inputs: { method: 'POST', uri: 'https://alerts.example.com' }, runAfter: { Insert_row: ['Failed', 'TimedOut'] } } }),
    expected: [],
  },
  {
    name: 'a Node-RED tab with a catch node',
    text: nodeRedFlow(
      { id: 't', type: 'tab', label: 'Ingest' },
      { id: 'm', type: 'mqtt in', z: 't', name: 'Readings', topic: 'x', broker: 'b', x: 1, y: 1, wires: [['db']] },
      { id: 'db', type: 'mysql', z: 't', name: 'Store', mydb: 'c', x: 1, y: 1, wires: [[]] },
      { id: 'c', type: 'catch', z: 't', name: 'Errors', x: 1, y: 1, wires: [[]] },
    ),
    expected: [],
  },
  {
    name: 'a Make scenario that stores incomplete executions',
    text: makeBlueprint(
      { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: { hook: 1 }, mapper: {}, metadata: { designer: { name: 'Order' } } },
      { id: 2, module: 'google-sheets:addRow', version: 2, parameters: { __IMTCONN__: 3 }, mapper: {}, metadata: {} },
    ).replace('"roundtrips": 1', '"roundtrips": 1, "dlq": true'),
    expected: [],
  },
  {
    name: 'a Zapier zap (Zapier reports failed runs itself)',
    text: zapierExport({ '1': { id: 1, parent_id: null, selected_api: 'WebHookCLIAPI', action: 'catch_hook', params: {} }, '2': { id: 2, parent_id: 1, selected_api: 'GoogleSheetsV2API', action: 'add_row', params: {} } }),
    expected: [],
  },
];

describe(RULE, () => runFlowTable(RULE, cases));
