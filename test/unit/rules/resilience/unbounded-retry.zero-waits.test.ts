import { describe } from 'node:test';
import { n8nFlow, runFlowTable, type FlowCase, type N8nNode } from '../../../helpers/dataflow.js';
import { nodeRedFlow } from '../../../helpers/platformDocs.js';
import { paSolutionFlow } from '../../../helpers/wdl.js';

// A wait of nothing paces nothing: an n8n Wait of 0 seconds (n8n sleeps in process for waits under 65 s, here for 0 ms),
// a Logic Apps / Power Automate Delay of 0, a Node-RED delay of 0 lets the loop go round at once.

const RULE = 'resilience/unbounded-retry';

const schedule = { name: 'Every hour', type: 'scheduleTrigger', parameters: {} };
const check = { name: 'Check job', type: 'httpRequest', typeVersion: 4.2, parameters: { url: 'https://api.example.com/jobs/1', options: {} } };
const done = { name: 'Done?', type: 'if', parameters: { conditions: { conditions: [{ leftValue: '={{ $json.status }}', rightValue: 'done', operator: { type: 'string', operation: 'equals' } }] } } };
const wait = (parameters: object, typeVersion = 1.1) => ({ name: 'Wait', type: 'wait', typeVersion, parameters });
/** "Check job" → "Done?" → (not done) "Wait" → "Check job". */
const poll = (w: N8nNode) => n8nFlow([schedule, check, done, w], [['Every hour', 'Check job'], ['Check job', 'Done?'], ['Done?', 'Wait', 'main', 1], ['Wait', 'Check job']]);

const request = { manual: { type: 'Request', kind: 'Http', inputs: {} } };
const until = (delay: object) => paSolutionFlow(request, { Do_until: { type: 'Until', expression: "@equals(body('Poll')?['status'], 'done')", limit: { count: 60, timeout: 'PT1H' }, runAfter: {}, actions: {
  Poll: { type: 'Http', inputs: { method: 'GET', uri: 'https://api.example.com/jobs/1' }, runAfter: {} },
  Delay: { type: 'Wait', inputs: delay, runAfter: { Poll: ['Succeeded'] } },
} } });

const nrPoll = (delay: object) => nodeRedFlow(
  { id: 't', type: 'tab', label: 'Poll' },
  { id: 'i', type: 'inject', z: 't', name: 'Start', repeat: '3600', x: 1, y: 1, wires: [['q']] },
  { id: 'q', type: 'http request', z: 't', name: 'Check job', method: 'GET', url: 'https://api.example.com/jobs/1', x: 1, y: 1, wires: [['s']] },
  { id: 's', type: 'switch', z: 't', name: 'Done?', property: 'payload.status', rules: [{ t: 'eq', v: 'done', vt: 'str' }, { t: 'else' }], outputs: 2, x: 1, y: 1, wires: [[], ['d']] },
  { id: 'd', type: 'delay', z: 't', name: 'Wait', x: 1, y: 1, wires: [['q']], ...delay },
);

const cases: FlowCase[] = [
  {
    name: 'an n8n poll through a Wait of 0 seconds',
    text: poll(wait({ amount: 0, unit: 'seconds' })),
    expected: [{ covers: '"Check job"', severity: 'warning', message: /with no attempt counter and no wait: .* as fast as it can, forever/ }],
  },
  {
    name: 'an n8n poll through a Wait of 0 (version 1, unit hours)',
    text: poll(wait({ amount: 0 }, 1)),
    expected: [{ covers: '"Check job"', severity: 'warning' }],
  },
  {
    name: 'an n8n poll through a Wait left at its default (5 seconds in version 1.1)',
    text: poll(wait({})),
    expected: [{ covers: '"Check job"', severity: 'info' }],
  },
  {
    name: 'an n8n poll through a Wait whose amount is an expression (taken as a wait)',
    text: poll(wait({ amount: '={{ $json.retryAfter }}', unit: 'seconds' })),
    expected: [{ covers: '"Check job"', severity: 'info' }],
  },
  {
    name: 'an n8n poll through a Wait until a webhook call (paced by whoever calls it)',
    text: poll(wait({ resume: 'webhook', amount: 0 })),
    expected: [],
  },
  {
    name: 'a Power Automate Do until through a Delay of 0 seconds',
    text: until({ interval: { count: 0, unit: 'Second' } }),
    expected: [{ covers: '"Do_until"', message: /^"Do_until" calls "Poll" up to 60 times in a row with no delay/ }],
  },
  {
    name: 'a Power Automate Do until through a Delay of 10 seconds',
    text: until({ interval: { count: 10, unit: 'Second' } }),
    expected: [],
  },
  {
    name: 'a Power Automate Do until through a Delay whose count is an expression (taken as a wait)',
    text: until({ interval: { count: "@body('Poll')?['retryAfter']", unit: 'Second' } }),
    expected: [],
  },
  {
    name: 'a Node-RED poll through a delay of 0 seconds',
    text: nrPoll({ pauseType: 'delay', timeout: '0', timeoutUnits: 'seconds' }),
    expected: [{ covers: '"Check job"', severity: 'warning', message: /with no attempt counter and no wait/ }],
  },
  {
    name: 'a Node-RED poll through a delay of 10 seconds',
    text: nrPoll({ pauseType: 'delay', timeout: '10', timeoutUnits: 'seconds' }),
    expected: [{ covers: '"Check job"', severity: 'info' }],
  },
];

describe(`${RULE}: a wait of nothing`, () => runFlowTable(RULE, cases));
