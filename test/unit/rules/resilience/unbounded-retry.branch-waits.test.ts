import { describe } from 'node:test';
import { runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { laStandardWorkflow, paSolutionFlow } from '../../../helpers/wdl.js';

// A Power Automate / Logic Apps Until loop is paced by a Delay or a callback action (an approval) only when every pass
// that goes round again runs one. One inside a branch of a Condition (If) or Switch runs only on the passes that take
// that branch: a pass that takes the other goes round at once.

const RULE = 'resilience/unbounded-retry';

const request = { manual: { type: 'Request', kind: 'Http', inputs: {} } };
const poll = { type: 'Http', inputs: { method: 'GET', uri: 'https://api.example.com/orders/1' }, runAfter: {} };
const approval = {
  type: 'OpenApiConnectionWebhook',
  inputs: {
    host: { connectionName: 'shared_approvals', operationId: 'StartAndWaitForAnApproval', apiId: '/providers/Microsoft.PowerApps/apis/shared_approvals' },
    parameters: { approvalType: 'Basic', 'WebhookApprovalCreationInput/title': 'Review the order?' },
    authentication: "@parameters('$authentication')",
  },
  runAfter: {},
};
const delay = (seconds: number) => ({ type: 'Wait', inputs: { interval: { count: seconds, unit: 'Second' } }, runAfter: {} });
const doneFlag = { type: 'SetVariable', inputs: { name: 'isDone', value: true }, runAfter: {} };
const statusIs = (status: string) => `@equals(body('Poll')?['status'], '${status}')`;
const until = (expression: string, actions: object) => paSolutionFlow(request, { Do_until: { type: 'Until', expression, limit: { count: 60, timeout: 'P7D' }, actions, runAfter: {} } });

const cases: FlowCase[] = [
  {
    name: 'a Do until that asks for an approval only when the poll says "needs review" (a "pending" answer goes round at once)',
    text: until(statusIs('done'), {
      Poll: poll,
      Needs_review: { type: 'If', expression: statusIs('needs_review'), actions: { Start_and_wait_for_an_approval: approval }, else: { actions: {} }, runAfter: { Poll: ['Succeeded'] } },
    }),
    expected: [{ covers: '"Do_until"', message: /^"Do_until" calls "Poll", "Start_and_wait_for_an_approval" up to 60 times in a row with no delay/ }],
  },
  {
    name: 'a Logic Apps Until that waits only when the service answers 429 (other answers go round at once)',
    text: laStandardWorkflow(request, { Until: { type: 'Until', expression: statusIs('done'), limit: { count: 100 }, runAfter: {}, actions: {
      Poll: poll,
      Throttled: { type: 'If', expression: "@equals(outputs('Poll')?['statusCode'], 429)", actions: { Delay: delay(60) }, runAfter: { Poll: ['Succeeded', 'Failed'] } },
    } } }),
    expected: [{ covers: '"Until"', message: /up to 100 times in a row with no delay/ }],
  },
  {
    name: 'a Do until whose Switch waits on one case only',
    text: until(statusIs('done'), {
      Poll: poll,
      By_status: { type: 'Switch', expression: "@body('Poll')?['status']", cases: { Queued: { case: 'queued', actions: { Delay: delay(30) } } }, default: { actions: {} }, runAfter: { Poll: ['Succeeded'] } },
    }),
    expected: [{ covers: '"Do_until"' }],
  },
  {
    name: 'a Do until whose Condition waits in both branches',
    text: until(statusIs('done'), {
      Poll: poll,
      Queued: { type: 'If', expression: statusIs('queued'), actions: { Long_delay: delay(300) }, else: { actions: { Short_delay: delay(30) } }, runAfter: { Poll: ['Succeeded'] } },
    }),
    expected: [],
  },
  {
    name: 'a Do until whose Switch waits in every case and its default',
    text: until(statusIs('done'), {
      Poll: poll,
      By_status: { type: 'Switch', expression: "@body('Poll')?['status']", cases: { Queued: { case: 'queued', actions: { Delay: delay(300) } } }, default: { actions: { Approve: approval } }, runAfter: { Poll: ['Succeeded'] } },
    }),
    expected: [],
  },
  {
    name: 'a Do until that waits inside a Scope (it runs on every pass)',
    text: until(statusIs('done'), {
      Poll: poll,
      Pause: { type: 'Scope', actions: { Delay: delay(30) }, runAfter: { Poll: ['Succeeded'] } },
    }),
    expected: [],
  },
  {
    name: 'a Do until that sets its done flag in one branch and waits in the other (every pass that goes round waits)',
    text: paSolutionFlow(request, {
      Init: { type: 'InitializeVariable', inputs: { variables: [{ name: 'isDone', type: 'boolean', value: false }] }, runAfter: {} },
      Do_until: { type: 'Until', expression: "@equals(variables('isDone'), true)", limit: { count: 60, timeout: 'PT1H' }, runAfter: { Init: ['Succeeded'] }, actions: {
        Poll: poll,
        Done: { type: 'If', expression: statusIs('done'), actions: { Set_done: doneFlag }, else: { actions: { Delay: delay(30) } }, runAfter: { Poll: ['Succeeded'] } },
      } },
    }),
    expected: [],
  },
];

describe(`${RULE}: a wait in a branch of an Until`, () => runFlowTable(RULE, cases));
