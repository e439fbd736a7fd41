// Second reader of the per-call error handling: a handler covers the calls whose failure it runs after, and the steps
// after it are handling only when the run gets there through a failure, not when a step that also runs after success
// (or after a skipped handler) leads the usual run on.
import { describe } from 'node:test';
import { n8nFlow, runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { makeBlueprint } from '../../../helpers/platformDocs.js';
import { laStandardWorkflow } from '../../../helpers/wdl.js';

const RULE = 'monitoring/missing-error-handling';

const request = { manual: { type: 'Request', kind: 'Http', inputs: {} } };
const call = (uri: string, runAfter: object = {}) => ({ type: 'Http', inputs: { method: 'POST', uri }, runAfter });
const sqlInsert = (runAfter: object = {}) => ({ type: 'ApiConnection', inputs: { host: { connection: { name: "@parameters('$connections')['sql']['connectionId']" } }, method: 'post', path: '/datasets/default/tables/Orders/items' }, runAfter });
const alert = (runAfter: object) => ({ type: 'Http', inputs: { method: 'POST', uri: 'https://alerts.example.com/hook' }, runAfter });

const hook = { name: 'Order', type: 'webhook', parameters: { path: 'orders', httpMethod: 'POST' } };
const lookUp = { name: 'Look up customer', type: 'httpRequest', parameters: { url: 'https://api.example.com/customers' }, onError: 'continueErrorOutput' };
const fallback = { name: 'New customer', type: 'set', parameters: {} };
const addRow = { name: 'Add row', type: 'googleSheets', parameters: { operation: 'append' }, credentials: { googleSheetsOAuth2Api: { id: '1', name: 'Sheets' } } };
const makeHook = { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: { hook: 1 }, mapper: {}, metadata: { designer: { name: 'Order' } } };
const directive = (id: number, module: string) => ({ id, module, version: 1, parameters: {}, mapper: {}, metadata: {} });
/** A Make scenario whose one call (a sheet row added) has the error handler route `onerror`. */
const makeScenario = (onerror: object[]) =>
  makeBlueprint(makeHook, { id: 3, module: 'google-sheets:addRow', version: 2, parameters: { __IMTCONN__: 3 }, mapper: { values: {} }, metadata: { designer: { name: 'Add row' } }, onerror }).replace('"roundtrips": 1', '"roundtrips": 1, "dlq": false');
const slack = { name: 'Alert', type: 'slack', parameters: { text: 'look-up failed' }, credentials: { slackApi: { id: '2', name: 'Slack' } } };

const cases: FlowCase[] = [
  {
    name: 'a step that runs after a call has succeeded or failed (the run goes on): it and the calls after it are judged',
    text: laStandardWorkflow(request, { Insert_row: sqlInsert(), Go_on: call('https://api.example.com/sync', { Insert_row: ['Succeeded', 'Failed'] }), Archive: sqlInsert({ Go_on: ['Succeeded'] }) }),
    expected: [{ covers: '"manual"', message: /^This workflow has error handling for some steps, but not for "Go_on" and "Archive": no action runs after them, or a Scope around them, has Failed\. / }],
  },
  {
    name: 'a call that runs after the handler has succeeded or been skipped (the usual run, in which the handler is skipped)',
    text: laStandardWorkflow(request, { Insert_row: sqlInsert(), Alert: alert({ Insert_row: ['Failed'] }), Archive: sqlInsert({ Alert: ['Succeeded', 'Skipped'] }) }),
    expected: [{ covers: '"manual"', message: /^This workflow has error handling for some steps, but not for "Archive": / }],
  },
  {
    name: 'a handler that runs after the call has timed out only (it does not run when the call fails)',
    text: laStandardWorkflow(request, { Insert_row: sqlInsert(), Alert: alert({ Insert_row: ['TimedOut'] }) }),
    expected: [{ covers: '"manual"', message: /^This workflow has error handling for some steps, but not for "Insert_row": / }],
  },
  {
    name: 'a last step after the one before it is skipped or times out: it covers the calls before that one, not that one',
    text: laStandardWorkflow(request, { Look_up: call('https://api.example.com/customers'), Insert_row: sqlInsert({ Look_up: ['Succeeded'] }), Alert: alert({ Insert_row: ['Skipped', 'TimedOut'] }) }),
    expected: [{ covers: '"manual"', message: /^This workflow has error handling for some steps, but not for "Insert_row": / }],
  },
  {
    name: 'a handler followed by a step of its own (only after the handler succeeded): both are the handling',
    text: laStandardWorkflow(request, { Insert_row: sqlInsert(), Alert: alert({ Insert_row: ['Failed', 'TimedOut'] }), Log_failure: sqlInsert({ Alert: ['Succeeded'] }) }),
    expected: [],
  },
  {
    name: 'an n8n error output that joins the main line again (a default when the look-up fails): the row added after is judged',
    text: n8nFlow([hook, lookUp, fallback, addRow], [['Order', 'Look up customer'], ['Look up customer', 'Add row'], ['Look up customer', 'New customer', 'main', 1], ['New customer', 'Add row']]),
    expected: [{ covers: '"Order"', message: /^Workflow "Test flow" wires error outputs on some nodes, but not on "Add row", and has no error workflow/ }],
  },
  {
    name: 'an n8n node whose regular and error outputs both lead on to the row added',
    text: n8nFlow([hook, lookUp, fallback, addRow], [['Order', 'Look up customer'], ['Look up customer', 'New customer'], ['Look up customer', 'New customer', 'main', 1], ['New customer', 'Add row']]),
    expected: [{ covers: '"Order"', message: /but not on "Add row"/ }],
  },
  {
    name: 'an n8n error output that leads to an alert and a step after it (only after the failure): both are the handling',
    text: n8nFlow([hook, lookUp, slack, { ...addRow, name: 'Log failure' }], [['Order', 'Look up customer'], ['Look up customer', 'Alert', 'main', 1], ['Alert', 'Log failure']]),
    expected: [],
  },
  {
    name: 'a Make handler route of a router whose routes only Ignore or Resume (the router tells nobody)',
    text: makeScenario([{ id: 10, module: 'builtin:BasicRouter', version: 1, mapper: null, metadata: {}, routes: [{ flow: [directive(11, 'builtin:Ignore')] }, { flow: [directive(12, 'builtin:Resume')] }] }]),
    expected: [{ covers: 'false', message: /^Scenario "Test scenario" handles errors only with Ignore and Resume, which end the run as a success/ }],
  },
  {
    name: 'a Make handler route that sets a variable and ignores the error',
    text: makeScenario([{ id: 10, module: 'util:SetVariable2', version: 1, parameters: {}, mapper: { name: 'failed', value: 'yes' }, metadata: {} }, directive(11, 'builtin:Ignore')]),
    expected: [{ covers: 'false', message: /handles errors only with Ignore, which ends the run as a success/ }],
  },
  {
    name: 'a Make handler route of a router with a notification on one route and Break on the other',
    text: makeScenario([{ id: 10, module: 'builtin:BasicRouter', version: 1, mapper: null, metadata: {}, routes: [{ flow: [{ id: 11, module: 'slack:CreateMessage', version: 4, parameters: { __IMTCONN__: 7 }, mapper: { channel: 'C01', text: 'failed' }, metadata: {} }] }, { flow: [directive(12, 'builtin:Break')] }] }]),
    expected: [],
  },
];

describe(`${RULE} (second reader: what a run-after Failed branch covers)`, () => runFlowTable(RULE, cases));
