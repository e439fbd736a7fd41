// n8n: a node set to continue on error (Settings → On Error: "Continue", `onError: continueRegularOutput`, or the older
// `continueOnFail: true`; or "Continue (using error output)" with nothing wired to that output) does not fail the
// execution: the error goes on as the node's output (or nowhere) and the run ends as a success. No failed execution is
// saved, and an error workflow would not run either.
import { describe } from 'node:test';
import { n8nFlow, runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';

const RULE = 'monitoring/missing-error-handling';

const hook = { name: 'Order', type: 'webhook', parameters: { path: 'orders', httpMethod: 'POST' } };
const insert = (extra: object) => ({ name: 'Save order', type: 'postgres', parameters: { operation: 'insert', table: 'orders' }, credentials: { postgres: { id: '1', name: 'DB' } }, ...extra });

const cases: FlowCase[] = [
  ...([
    ['On Error: Continue', { onError: 'continueRegularOutput' }],
    ['the older Continue On Fail', { continueOnFail: true }],
    ['Continue (using error output) with nothing wired to it', { onError: 'continueErrorOutput' }],
  ] as const).map(([what, extra]): FlowCase => ({
    name: `an n8n webhook whose only write is set to ${what} (no failed execution is kept)`,
    text: n8nFlow([hook, insert(extra)], [['Order', 'Save order']]),
    expected: [{ covers: '"Order"', severity: 'warning', message: /^Workflow "Test flow" has no error path: "Save order" is set to continue on error \(node Settings → On Error\) with no error output wired, so its failure is passed on as if it had succeeded: the run ends as a success, and an error workflow would not hear of it either\. If it fails, the data "Order" received is dropped and nobody is told\. Wire its error output \(On Error → Continue \(using error output\)\) to a notification, or let it stop the workflow \(On Error → Stop Workflow\) and set an error workflow that alerts someone\.$/ }],
  })),
  {
    name: 'an n8n webhook answering when the last node finishes, whose write continues on error (its caller gets no error)',
    text: n8nFlow([{ ...hook, parameters: { ...hook.parameters, responseMode: 'lastNode' } }, insert({ onError: 'continueRegularOutput' })], [['Order', 'Save order']]),
    expected: [{ covers: '"Order"', severity: 'info', message: /If it fails, the caller of "Order" gets an answer as if it had succeeded, but nobody is told\./ }],
  },
  {
    name: 'an n8n webhook whose write stops the workflow on error (the default): the failed execution is kept',
    text: n8nFlow([hook, insert({ onError: 'stopWorkflow' })], [['Order', 'Save order']]),
    expected: [{ covers: '"Order"', severity: 'warning', message: /waits in the failed execution until someone finds it and retries it/ }],
  },
];

describe(`${RULE}: n8n nodes set to continue on error`, () => runFlowTable(RULE, cases));
