// n8n: a node's error output (`onError: continueErrorOutput`) takes only that node's failures. With no error workflow, the
// calls without a wired error output of their own are judged, and the message names them.
import { describe } from 'node:test';
import { n8nFlow, runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';

const RULE = 'monitoring/missing-error-handling';

const hook = { name: 'Order', type: 'webhook', parameters: { path: 'orders', httpMethod: 'POST' } };
const lookUp = (onError?: string) => ({ name: 'Look up customer', type: 'httpRequest', parameters: { url: 'https://api.example.com/customers' }, ...(onError ? { onError } : {}) });
const addRow = (onError?: string) => ({ name: 'Add row', type: 'googleSheets', parameters: { operation: 'append' }, credentials: { googleSheetsOAuth2Api: { id: '1', name: 'Sheets' } }, ...(onError ? { onError } : {}) });
const alert = (name: string) => ({ name, type: 'slack', parameters: { text: 'order sync failed' }, credentials: { slackApi: { id: '2', name: 'Slack' } } });

const cases: FlowCase[] = [
  {
    name: 'an error output on the look-up only: the row it adds is judged',
    text: n8nFlow([hook, lookUp('continueErrorOutput'), addRow(), alert('Alert')], [['Order', 'Look up customer'], ['Look up customer', 'Add row'], ['Look up customer', 'Alert', 'main', 1]]),
    expected: [{ covers: '"Order"', severity: 'warning', message: /^Workflow "Test flow" wires error outputs on some nodes, but not on "Add row", and has no error workflow: if it fails, the data "Order" received waits in the failed execution until someone finds it and retries it, and nobody is told\. Set an error workflow .* or wire its error outputs to a notification\.$/ }],
  },
  {
    name: 'an error output on every call, each wired to an alert (the alerts are the handling, not calls to judge)',
    text: n8nFlow([hook, lookUp('continueErrorOutput'), addRow('continueErrorOutput'), alert('Alert'), alert('Alert row')], [['Order', 'Look up customer'], ['Look up customer', 'Add row'], ['Look up customer', 'Alert', 'main', 1], ['Add row', 'Alert row', 'main', 1]]),
    expected: [],
  },
  {
    name: 'an error output set but not wired handles nothing',
    text: n8nFlow([hook, lookUp('continueErrorOutput'), addRow()], [['Order', 'Look up customer'], ['Look up customer', 'Add row']]),
    expected: [{ covers: '"Order"', message: /^Workflow "Test flow" has no error path: no error workflow in its settings and no error output wired on any node\./ }],
  },
  {
    name: 'an error workflow in the settings covers every node',
    text: n8nFlow([hook, lookUp('continueErrorOutput'), addRow(), alert('Alert')], [['Order', 'Look up customer'], ['Look up customer', 'Add row'], ['Look up customer', 'Alert', 'main', 1]], { settings: { errorWorkflow: 'wf-errors' } }),
    expected: [],
  },
];

describe(`${RULE}: n8n error outputs cover their own node`, () => runFlowTable(RULE, cases));
