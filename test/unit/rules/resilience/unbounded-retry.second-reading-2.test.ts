import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RULES } from '../../../../server/src/core/rules/index.js';
import { flowFindings, n8nFlow, runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { paSolutionFlow } from '../../../helpers/wdl.js';

// Second reading of the changes to resilience/unbounded-retry (zero waits, failed send-and-waits, waits in a branch of an
// Until, HTTP tools of an n8n agent): cases the changes got wrong.

const RULE = 'resilience/unbounded-retry';

const request = { manual: { type: 'Request', kind: 'Http', inputs: {} } };
const poll = { type: 'Http', inputs: { method: 'GET', uri: 'https://api.example.com/jobs/1' }, runAfter: {} };
const approval = {
  type: 'OpenApiConnectionWebhook',
  inputs: {
    host: { connectionName: 'shared_approvals', operationId: 'StartAndWaitForAnApproval', apiId: '/providers/Microsoft.PowerApps/apis/shared_approvals' },
    parameters: { approvalType: 'Basic', 'WebhookApprovalCreationInput/title': 'Review the job?' },
    authentication: "@parameters('$authentication')",
  },
  runAfter: {},
};
const delay = { type: 'Wait', inputs: { interval: { count: 30, unit: 'Second' } }, runAfter: {} };
const status = "body('Poll')?['status']";
const until = (expression: string, actions: object) => paSolutionFlow(request, { Do_until: { type: 'Until', expression, limit: { count: 60, timeout: 'PT1H' }, actions, runAfter: {} } });
const withFlag = (actions: object) => paSolutionFlow(request, {
  Init: { type: 'InitializeVariable', inputs: { variables: [{ name: 'isDone', type: 'boolean', value: false }] }, runAfter: {} },
  Do_until: { type: 'Until', expression: "@equals(variables('isDone'), true)", limit: { count: 60, timeout: 'PT1H' }, runAfter: { Init: ['Succeeded'] }, actions },
});
const setDone = { type: 'SetVariable', inputs: { name: 'isDone', value: true }, runAfter: {} };

const cases: FlowCase[] = [
  // The Condition that holds the Delay tests what the loop's exit tests: the passes that skip the Delay are the last.
  {
    name: 'a Do until "status is Succeeded" that waits when the status is not Succeeded (designer condition)',
    text: until(`@equals(${status}, 'Succeeded')`, {
      Poll: poll,
      Not_finished: { type: 'If', expression: { and: [{ not: { equals: [`@${status}`, 'Succeeded'] } }] }, actions: { Delay: delay }, else: { actions: {} }, runAfter: { Poll: ['Succeeded'] } },
    }),
    expected: [],
  },
  {
    name: 'a Do until "status is Succeeded" that waits when @not(equals(status, Succeeded))',
    text: until(`@equals(${status}, 'Succeeded')`, {
      Poll: poll,
      Not_finished: { type: 'If', expression: `@not(equals(${status}, 'Succeeded'))`, actions: { Delay: delay }, runAfter: { Poll: ['Succeeded'] } },
    }),
    expected: [],
  },
  {
    name: 'a Do until "status is Succeeded" whose Condition "status is Succeeded" waits in its else branch',
    text: until(`@equals(${status}, 'Succeeded')`, {
      Poll: poll,
      Finished: { type: 'If', expression: { and: [{ equals: [`@${status}`, 'Succeeded'] }] }, actions: {}, else: { actions: { Delay: delay } }, runAfter: { Poll: ['Succeeded'] } },
    }),
    expected: [],
  },
  {
    name: 'a Do until "status is Succeeded" that waits only when the status is "queued" (a "running" answer goes round at once)',
    text: until(`@equals(${status}, 'Succeeded')`, {
      Poll: poll,
      Queued: { type: 'If', expression: { and: [{ equals: [`@${status}`, 'queued'] }] }, actions: { Delay: delay }, else: { actions: {} }, runAfter: { Poll: ['Succeeded'] } },
    }),
    // The message names the Delay the maker sees in the loop instead of saying there is none.
    expected: [{ covers: '"Do_until"', message: /^"Do_until" calls "Poll" up to 60 times in a row with no delay on the passes that skip "Delay": it does not run on every pass \(only after a failure, in one branch of a Condition or Switch, or in a For each\)\. Make every pass that goes round wait/ }],
  },
  {
    name: 'a Do until "status is Succeeded" whose Switch on the status does nothing on "Succeeded" and waits in its default',
    text: until(`@equals(${status}, 'Succeeded')`, {
      Poll: poll,
      By_status: { type: 'Switch', expression: `@${status}`, cases: { Finished: { case: 'Succeeded', actions: {} } }, default: { actions: { Delay: delay } }, runAfter: { Poll: ['Succeeded'] } },
    }),
    expected: [],
  },
  {
    name: 'a Do until "status is Succeeded" whose Switch does nothing on "Failed" and waits in its default (a failed job goes round at once)',
    text: until(`@equals(${status}, 'Succeeded')`, {
      Poll: poll,
      By_status: { type: 'Switch', expression: `@${status}`, cases: { Failed: { case: 'Failed', actions: {} } }, default: { actions: { Delay: delay } }, runAfter: { Poll: ['Succeeded'] } },
    }),
    expected: [{ covers: '"Do_until"' }],
  },
  {
    name: 'a Do until whose Switch mails someone on "Failed" and waits in its default (a failed job is mailed about at once, again and again)',
    text: until(`@equals(${status}, 'Succeeded')`, {
      Poll: poll,
      By_status: { type: 'Switch', expression: `@${status}`, cases: { Failed: { case: 'Failed', actions: { Tell_ops: { type: 'Http', inputs: { method: 'POST', uri: 'https://hooks.example.com/ops', body: 'Job failed' }, runAfter: {} } } } }, default: { actions: { Delay: delay } }, runAfter: { Poll: ['Succeeded'] } },
    }),
    expected: [{ covers: '"Do_until"', message: /calls "Poll", "Tell_ops" up to 60 times in a row with no delay on the passes that skip "Delay"/ }],
  },
  {
    name: 'a Do until "status is not Running" that waits when the status is Running',
    text: until(`@not(equals(${status}, 'Running'))`, {
      Poll: poll,
      Running: { type: 'If', expression: { and: [{ equals: [`@${status}`, 'Running'] }] }, actions: { Delay: delay }, else: { actions: {} }, runAfter: { Poll: ['Succeeded'] } },
    }),
    expected: [],
  },
  // A done flag paces the passes that skip the wait only when those passes set it.
  {
    name: 'a Do until whose Switch asks for an approval on "needs_review", sets the done flag on "approved", and has no default (a "pending" answer goes round at once)',
    text: withFlag({
      Poll: poll,
      By_status: { type: 'Switch', expression: `@${status}`, cases: { Review: { case: 'needs_review', actions: { Approve: approval } }, Approved: { case: 'approved', actions: { Set_done: setDone } } }, runAfter: { Poll: ['Succeeded'] } },
    }),
    expected: [{ covers: '"Do_until"', message: /no delay on the passes that skip "Approve"/ }],
  },
  {
    name: 'a Do until that sets its done flag only when the status is done and waits only after a failure (a "pending" answer goes round at once)',
    text: withFlag({
      Poll: poll,
      Retry_later: { ...delay, runAfter: { Poll: ['Failed', 'TimedOut'] } },
      Done: { type: 'If', expression: `@equals(${status}, 'done')`, actions: { Set_done: setDone }, runAfter: { Poll: ['Succeeded'] } },
    }),
    expected: [{ covers: '"Do_until"', message: /no delay on the passes that skip "Retry_later"/ }],
  },
  {
    name: 'a Do until whose Switch waits on "running", sets the done flag on "done" and in its default (gives up on any other status)',
    text: withFlag({
      Poll: poll,
      By_status: { type: 'Switch', expression: `@${status}`, cases: { Running: { case: 'running', actions: { Delay: delay } }, Done: { case: 'done', actions: { Set_done: setDone } } }, default: { actions: { Give_up: setDone } }, runAfter: { Poll: ['Succeeded'] } },
    }),
    expected: [],
  },
];

describe(`${RULE}: second reading (2)`, () => runFlowTable(RULE, cases));

// An n8n tool sub-node may be wired to several agents. With Respond to Webhook, it holds the caller when one of them runs
// before the answer (v1 order: the branch on the left runs to its end first).
const agentNode = (name: string) => ({ name, type: '@n8n/n8n-nodes-langchain.agent', typeVersion: 1.7, parameters: { promptType: 'define', text: '={{ $json.body.question }}', options: {} } });
const weather = { name: 'Weather', type: '@n8n/n8n-nodes-langchain.toolHttpRequest', typeVersion: 1.1, parameters: { toolDescription: 'Get the weather of a city', url: 'https://api.example.com/weather' } };
const answered = (toolOf: readonly string[]) => n8nFlow(
  [{ name: 'Ask', type: 'webhook', typeVersion: 2, parameters: { path: 'ask', httpMethod: 'POST', responseMode: 'responseNode' } }, agentNode('Answerer'), { name: 'Reply', type: 'respondToWebhook', typeVersion: 1.1, parameters: { respondWith: 'text', responseBody: '={{ $json.output }}' } }, agentNode('Logger'), weather],
  [['Ask', 'Logger'], ['Ask', 'Answerer'], ['Answerer', 'Reply'], ...toolOf.map((a) => ['Weather', a, 'ai_tool'] as const)],
  { settings: { executionOrder: 'v1' } },
);

const sharedTools: FlowCase[] = [
  {
    name: 'an HTTP Request Tool wired both to an agent that runs after the answer and to one that runs before it',
    text: answered(['Logger', 'Answerer']),
    expected: [{ covers: '"Weather"', severity: 'info', message: /^Webhook "Ask" answers when a Respond to Webhook node runs, and "Weather", a tool of "Answerer", runs before that/ }],
  },
  {
    name: 'an HTTP Request Tool of an agent that runs only after the answer',
    text: answered(['Logger']),
    expected: [],
  },
];

describe(`${RULE}: an AI tool shared by two agents`, () => runFlowTable(RULE, sharedTools));


describe(`${RULE}: work on an agent with many tools`, () => {
  it('reads an agent with 25,000 HTTP tools on the path of 10 webhooks in bounded time', () => {
    const hooks = Array.from({ length: 10 }, (_, i) => ({ name: `Ask ${i}`, type: 'webhook', typeVersion: 2, parameters: { path: `ask${i}`, httpMethod: 'POST', responseMode: 'lastNode' } }));
    const tools = Array.from({ length: 25_000 }, (_, i) => ({ name: `Tool ${i}`, type: 'httpRequestTool', typeVersion: 4.2, parameters: { url: 'https://api.example.com/x', options: { timeout: 5000 } } }));
    const text = n8nFlow(
      [...hooks, { name: 'Agent', type: '@n8n/n8n-nodes-langchain.agent', typeVersion: 1.7, parameters: { text: '={{ $json.body.q }}', options: {} } }, ...tools],
      [...hooks.map((h) => [h.name, 'Agent'] as const), ...tools.map((t) => [t.name, 'Agent', 'ai_tool'] as const)],
    );
    // This rule alone: the others' work on so large a flow is theirs.
    const rules = Object.fromEntries(RULES.filter((r) => r.id !== RULE).map((r) => [r.id, 'off' as const]));
    const started = performance.now();
    const findings = flowFindings(RULE, { text, options: { maxFileSizeKB: 100_000, rules } });
    assert.ok(performance.now() - started < 3000, `${(performance.now() - started).toFixed(0)} ms`);
    assert.equal(findings.length, 0); // every tool has a timeout
  });
});
