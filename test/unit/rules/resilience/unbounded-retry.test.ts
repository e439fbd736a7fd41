import { describe } from 'node:test';
import { n8nFlow, runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { nodeRedFlow } from '../../../helpers/platformDocs.js';
import { laStandardWorkflow, paSolutionFlow } from '../../../helpers/wdl.js';

const RULE = 'resilience/unbounded-retry';

const schedule = { name: 'Every hour', type: 'scheduleTrigger', parameters: {} };
const slack = (extra: object) => ({ name: 'Post', type: 'slack', parameters: { text: 'hi' }, credentials: { slackApi: { id: '1', name: 'Slack' } }, ...extra });
const http = (name: string, extra: object = {}) => ({ name, type: 'httpRequest', parameters: { url: 'https://api.example.com/jobs', options: {}, ...extra } });
const ifNode = (name: string, leftValue: string) => ({ name, type: 'if', parameters: { conditions: { conditions: [{ leftValue, rightValue: 'done', operator: { type: 'string', operation: 'notEquals' } }] } } });
const request = { manual: { type: 'Request', kind: 'Http', inputs: {} } };

const cases: FlowCase[] = [
  {
    name: 'n8n retries with no wait on a throttled API',
    text: n8nFlow([schedule, slack({ retryOnFail: true, maxTries: 5, waitBetweenTries: 0 })], [['Every hour', 'Post']]),
    expected: [{ covers: '"waitBetweenTries"', message: /^"Post" retries up to 5 times with no wait between attempts \(0 ms\)\. Slack throttles callers/ }],
  },
  {
    name: 'n8n retries far more often than the editor allows',
    text: n8nFlow([schedule, slack({ retryOnFail: true, maxTries: 50, waitBetweenTries: 1000 })], [['Every hour', 'Post']]),
    expected: [{ covers: '"maxTries"', message: /retries up to 50 times, 1000 ms apart, with no backoff/ }],
  },
  {
    name: 'an n8n polling loop with no counter and no wait',
    text: n8nFlow([schedule, http('Check job'), ifNode('Done?', '={{ $json.status }}')], [['Every hour', 'Check job'], ['Check job', 'Done?'], ['Done?', 'Check job']]),
    expected: [{ covers: '"Check job"', severity: 'warning', message: /^"Check job" sits in a loop \("Check job" → "Done\?"\) with no attempt counter and no wait/, related: 1 }],
  },
  {
    name: 'an n8n polling loop with a wait but no counter (info)',
    text: n8nFlow([schedule, http('Check job'), ifNode('Done?', '={{ $json.status }}'), { name: 'Wait', type: 'wait', parameters: { amount: 5 } }], [['Every hour', 'Check job'], ['Check job', 'Done?'], ['Done?', 'Wait'], ['Wait', 'Check job']]),
    expected: [{ covers: '"Check job"', severity: 'info', message: /with no attempt counter: if the service keeps failing or never reports "done", the flow calls it forever/ }],
  },
  {
    name: 'n8n HTTP calls without timeout that a waiting webhook caller depends on',
    text: n8nFlow([{ name: 'API', type: 'webhook', parameters: { path: 'x', responseMode: 'lastNode' } }, http('Lookup'), http('Enrich')], [['API', 'Lookup'], ['Lookup', 'Enrich']]),
    expected: [{ covers: '"options"', severity: 'info', message: /^Webhook "API" answers only when its flow ends, and "Lookup" \(and 1 more HTTP call\) on that path has no timeout/, related: 1 }],
  },
  {
    name: 'a fixed Logic Apps retry policy without backoff',
    text: laStandardWorkflow(request, { Call: { type: 'Http', inputs: { method: 'GET', uri: 'https://api.example.com', retryPolicy: { type: 'fixed', count: 10, interval: 'PT1S' } }, runAfter: {} } }),
    expected: [{ covers: '"retryPolicy"', message: /^"Call" retries up to 10 times with a fixed interval of 1 s and no exponential backoff/ }],
  },
  {
    name: 'a Power Automate Do until that calls a service with no delay',
    text: paSolutionFlow(request, { Do_until: { type: 'Until', expression: "@equals(body('Get_page')?['done'], true)", limit: { count: 500 }, actions: { Get_page: { type: 'Http', inputs: { method: 'GET', uri: 'https://graph.microsoft.com/v1.0/users' }, runAfter: {} } }, runAfter: {} } }),
    expected: [{ covers: '"Do_until"', message: /^"Do_until" calls "Get_page" up to 500 times in a row with no delay between iterations/ }],
  },
  {
    name: 'a Node-RED retry loop through a catch node with no delay',
    text: nodeRedFlow(
      { id: 't', type: 'tab', label: 'Sync' },
      { id: 'i', type: 'inject', z: 't', name: 'Tick', repeat: '60', x: 1, y: 1, wires: [['r']] },
      { id: 'r', type: 'http request', z: 't', name: 'Push', url: 'https://api.example.com/push', x: 1, y: 1, wires: [[]] },
      { id: 'c', type: 'catch', z: 't', name: 'On error', x: 1, y: 1, wires: [['r']] },
    ),
    expected: [{ covers: '"Push"', message: /^"Push" sits in a loop/ }],
  },
  // Bounded.
  {
    name: 'n8n retries with a wait',
    text: n8nFlow([schedule, slack({ retryOnFail: true, maxTries: 3, waitBetweenTries: 2000 })], [['Every hour', 'Post']]),
    expected: [],
  },
  {
    name: 'an n8n polling loop that counts attempts with $runIndex',
    text: n8nFlow([schedule, http('Check job'), ifNode('Done?', '={{ $json.status !== "done" && $runIndex < 10 }}')], [['Every hour', 'Check job'], ['Check job', 'Done?'], ['Done?', 'Check job']]),
    expected: [],
  },
  {
    name: 'n8n Loop Over Items (a finite list)',
    text: n8nFlow([schedule, { name: 'Loop', type: 'splitInBatches', parameters: {} }, http('Send')], [['Every hour', 'Loop'], ['Loop', 'Send'], ['Send', 'Loop']]),
    expected: [],
  },
  {
    name: 'a loop paced by a person (send and wait for approval)',
    text: n8nFlow([schedule, { name: 'Draft', type: 'gmail', parameters: { operation: 'sendAndWait' }, credentials: { gmailOAuth2: { id: '1', name: 'g' } } }, ifNode('Approved?', '={{ $json.data.approved }}')], [['Every hour', 'Draft'], ['Draft', 'Approved?'], ['Approved?', 'Draft']]),
    expected: [],
  },
  {
    name: 'HTTP calls with a timeout, or behind a webhook that answers at once',
    text: n8nFlow([
      { name: 'API', type: 'webhook', parameters: { path: 'x', responseMode: 'lastNode' } }, http('Lookup', { options: { timeout: 5000 } }),
      { name: 'Async', type: 'webhook', parameters: { path: 'y' } }, http('Later'),
    ], [['API', 'Lookup'], ['Async', 'Later']]),
    expected: [],
  },
  {
    name: 'the default (exponential) retry policy, and an Until with a Delay',
    text: laStandardWorkflow(request, {
      Call: { type: 'Http', inputs: { method: 'GET', uri: 'https://api.example.com', retryPolicy: { type: 'exponential', count: 4, interval: 'PT7S' } }, runAfter: {} },
      Until: { type: 'Until', expression: '@true', limit: { count: 60 }, actions: { Poll: { type: 'Http', inputs: { method: 'GET', uri: 'https://api.example.com' }, runAfter: {} }, Delay: { type: 'Wait', inputs: { interval: { count: 5, unit: 'Second' } }, runAfter: { Poll: ['Succeeded'] } } }, runAfter: {} },
    }),
    expected: [],
  },
];

describe(RULE, () => runFlowTable(RULE, cases));
