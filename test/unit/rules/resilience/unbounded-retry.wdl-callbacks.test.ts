import { describe } from 'node:test';
import { runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { laStandardWorkflow, paSolutionFlow } from '../../../helpers/wdl.js';

// A Power Automate / Logic Apps action of a webhook type (OpenApiConnectionWebhook, ApiConnectionWebhook, HttpWebhook)
// subscribes and waits for a callback: "Start and wait for an approval", "Post adaptive card and wait for a response",
// a service that calls back when its job is done. An Until loop through one goes at the pace of whoever answers.

const RULE = 'resilience/unbounded-retry';

const request = { manual: { type: 'Request', kind: 'Http', inputs: {} } };
const approval = (runAfter: object = {}) => ({
  type: 'OpenApiConnectionWebhook',
  inputs: {
    host: { connectionName: 'shared_approvals', operationId: 'StartAndWaitForAnApproval', apiId: '/providers/Microsoft.PowerApps/apis/shared_approvals' },
    parameters: { approvalType: 'Basic', 'WebhookApprovalCreationInput/title': 'Approve the order?' },
    authentication: "@parameters('$authentication')",
  },
  runAfter,
});
const poll = { type: 'Http', inputs: { method: 'GET', uri: 'https://api.example.com/orders/1' }, runAfter: {} };
const until = (expression: string, actions: object) => paSolutionFlow(request, { Do_until: { type: 'Until', expression, limit: { count: 60, timeout: 'P7D' }, actions, runAfter: {} } });

const cases: FlowCase[] = [
  {
    name: 'a Power Automate Do until that asks for an approval again until it is approved (a person answers each pass)',
    text: until("@equals(body('Start_and_wait_for_an_approval')?['outcome'], 'Approve')", { Start_and_wait_for_an_approval: approval() }),
    expected: [],
  },
  {
    name: 'a Logic Apps Until whose HTTP webhook action waits for the service to call back',
    text: laStandardWorkflow(request, { Until: { type: 'Until', expression: "@equals(body('Run_job')?['status'], 'done')", limit: { count: 60 }, runAfter: {}, actions: {
      Run_job: { type: 'HttpWebhook', inputs: { subscribe: { method: 'POST', uri: 'https://jobs.example.com/run', body: { callbackUrl: '@{listCallbackUrl()}' } }, unsubscribe: {} }, runAfter: {} },
    } } }),
    expected: [],
  },
  {
    name: 'a Do until that polls a service and asks for an approval only when the poll failed (a "pending" answer goes round at once)',
    text: until("@equals(body('Poll')?['status'], 'done')", { Poll: poll, Start_and_wait_for_an_approval: approval({ Poll: ['Failed'] }) }),
    expected: [{ covers: '"Do_until"', message: /^"Do_until" calls "Poll", "Start_and_wait_for_an_approval" up to 60 times in a row with no delay/ }],
  },
];

describe(`${RULE}: Until loops through an action that waits for a callback`, () => runFlowTable(RULE, cases));
