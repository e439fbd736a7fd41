// Power Automate / Logic Apps: a run-after Failed/TimedOut branch handles the failures of the action (or the Scope around
// the actions) it runs after, not every action of the workflow; each workflow of an ARM template is judged on its own.
import { describe } from 'node:test';
import { runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { laStandardWorkflow, paSolutionFlow } from '../../../helpers/wdl.js';

const RULE = 'monitoring/missing-error-handling';

const request = { manual: { type: 'Request', kind: 'Http', inputs: {} } };
const call = (uri: string, runAfter: object = {}) => ({ type: 'Http', inputs: { method: 'POST', uri }, runAfter });
const sqlInsert = (runAfter: object = {}) => ({ type: 'ApiConnection', inputs: { host: { connection: { name: "@parameters('$connections')['sql']['connectionId']" } }, method: 'post', path: '/datasets/default/tables/Orders/items' }, runAfter });
const alert = (runAfter: object) => ({ type: 'Http', inputs: { method: 'POST', uri: 'https://alerts.example.com/hook' }, runAfter });
const scope = (actions: object, runAfter: object = {}) => ({ type: 'Scope', actions, runAfter });

/** An ARM template deploying two workflows, named by parameters (one with a default value). */
function twoWorkflows(first: object, second: object): string {
  const SCHEMA = 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#';
  const workflow = (name: string, trigger: string, actions: object) => ({ type: 'Microsoft.Logic/workflows', apiVersion: '2019-05-01', name, location: 'westeurope', properties: { state: 'Enabled', definition: { $schema: SCHEMA, contentVersion: '1.0.0.0', triggers: { [trigger]: request.manual }, actions } } });
  return JSON.stringify({
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: { IntakeName: { type: 'string', defaultValue: 'orders-intake' }, SyncName: { type: 'string' } },
    resources: [workflow("[parameters('IntakeName')]", 'Order_received', first), workflow("[parameters('SyncName')]", 'Sync_requested', second)],
  }, null, 2);
}

const cases: FlowCase[] = [
  {
    name: 'a Try scope whose failure a Catch scope handles: every call inside is covered',
    text: laStandardWorkflow(request, { Try: scope({ Insert_row: sqlInsert(), Notify: call('https://api.example.com/orders', { Insert_row: ['Succeeded'] }) }), Catch: scope({ Alert: alert({}) }, { Try: ['Failed', 'TimedOut'] }) }),
    expected: [],
  },
  {
    name: 'a call before the Try scope is not covered by its Catch',
    text: laStandardWorkflow(request, {
      Look_up: call('https://api.example.com/customers'),
      Try: scope({ Insert_row: sqlInsert() }, { Look_up: ['Succeeded'] }),
      Catch: scope({ Alert: alert({}) }, { Try: ['Failed', 'TimedOut'] }),
    }),
    expected: [{ covers: '"manual"', severity: 'warning', message: /^This workflow has error handling for some steps, but not for "Look_up": no action runs after it, or a Scope around it, has Failed\. If it fails, .*Move it into the Scope whose failure is handled, or give it a run-after Failed\/TimedOut branch that alerts someone\.$/ }],
  },
  {
    name: 'a handler after one call covers only that call',
    text: laStandardWorkflow(request, { Insert_row: sqlInsert(), Alert: alert({ Insert_row: ['Failed', 'TimedOut'] }), Sync: call('https://api.example.com/sync', { Insert_row: ['Succeeded'] }), Archive: sqlInsert({ Sync: ['Succeeded'] }) }),
    expected: [{ covers: '"manual"', message: /^This workflow has error handling for some steps, but not for "Sync" and "Archive": no action runs after them, or a Scope around them, has Failed\. If one of them fails, / }],
  },
  {
    name: 'a last step that runs after the one before it has failed, been skipped or timed out covers every call before it',
    text: laStandardWorkflow(request, { Look_up: call('https://api.example.com/customers'), Insert_row: sqlInsert({ Look_up: ['Succeeded'] }), Alert: alert({ Insert_row: ['Failed', 'Skipped', 'TimedOut'] }) }),
    expected: [],
  },
  {
    name: 'a last step that runs after the one before it has failed (not skipped) does not cover the calls before that one',
    text: laStandardWorkflow(request, { Look_up: call('https://api.example.com/customers'), Insert_row: sqlInsert({ Look_up: ['Succeeded'] }), Alert: alert({ Insert_row: ['Failed', 'TimedOut'] }) }),
    expected: [{ covers: '"manual"', message: /has error handling for some steps, but not for "Look_up"/ }],
  },
  {
    name: 'a step that runs after a call inside a loop whatever its status does not cover the calls before the loop (a failure there skips the whole loop)',
    text: laStandardWorkflow(request, {
      Look_up: call('https://api.example.com/customers'),
      Until_acquired: { type: 'Until', expression: "@equals(variables('status'), 201)", limit: { count: 10 }, actions: { Acquire: call('https://api.example.com/lease'), Set_status: { type: 'SetVariable', inputs: { name: 'status', value: 1 }, runAfter: { Acquire: ['Succeeded', 'Failed', 'TimedOut', 'Skipped'] } } }, runAfter: { Look_up: ['Succeeded'] } },
    }),
    expected: [{ covers: '"manual"', message: /has error handling for some steps, but not for "Look_up"/ }],
  },
  {
    name: 'the handler, and what runs after it, is part of the handling (a Power Automate flow)',
    text: paSolutionFlow(request, { Insert_row: sqlInsert(), Alert: alert({ Insert_row: ['Failed'] }), Log: call('https://logs.example.com/ingest', { Alert: ['Succeeded'] }) }),
    expected: [],
  },
  {
    name: 'an ARM template of two workflows: the one without an error path is reported, by its parameter\'s name',
    text: twoWorkflows(
      { Insert_row: sqlInsert(), Alert: alert({ Insert_row: ['Failed', 'TimedOut'] }) },
      { Sync: call('https://api.example.com/sync') },
    ),
    expected: [{ covers: '"Sync_requested"', message: /^Workflow "\(parameter SyncName\)" has no error path: no action runs after another has Failed or TimedOut\. If its call to another system fails, / }],
  },
  {
    name: 'an ARM template of two workflows, neither with an error path: one finding each, named by default value or parameter',
    text: twoWorkflows({ Insert_row: sqlInsert() }, { Sync: call('https://api.example.com/sync') }),
    expected: [
      { covers: '"Order_received"', message: /^Workflow "orders-intake" has no error path/ },
      { covers: '"Sync_requested"', message: /^Workflow "\(parameter SyncName\)" has no error path/ },
    ],
  },
];

describe(`${RULE}: Power Automate / Logic Apps handlers cover what they run after`, () => runFlowTable(RULE, cases));
