import { describe } from 'node:test';
import { n8nFlow, runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { nodeRedFlow } from '../../../helpers/platformDocs.js';

// A polling loop paced by a wait is only paced when every way back to the call passes the wait: an error output (n8n)
// or a catch node (Node-RED) wired straight back to the call retries a failing service at once, again and again.

const RULE = 'resilience/unbounded-retry';

const schedule = { name: 'Every hour', type: 'scheduleTrigger', parameters: {} };
const check = (extra: object = {}) => ({ name: 'Check job', type: 'httpRequest', parameters: { url: 'https://api.example.com/jobs/1', options: {} }, ...extra });
const done = { name: 'Done?', type: 'if', parameters: { conditions: { conditions: [{ leftValue: '={{ $json.status }}', rightValue: 'done', operator: { type: 'string', operation: 'equals' } }] } } };
const wait = { name: 'Wait', type: 'wait', parameters: { amount: 10, unit: 'seconds' } };

/** "Check job" → "Done?" → (not done) "Wait" → "Check job"; with `errorBack`, its error output goes to `errorBack`. */
const poll = (errorBack?: string) => n8nFlow(
  [schedule, check(errorBack ? { onError: 'continueErrorOutput' } : {}), done, wait],
  [['Every hour', 'Check job'], ['Check job', 'Done?'], ['Done?', 'Wait', 'main', 1], ['Wait', 'Check job'], ...(errorBack ? [['Check job', errorBack, 'main', 1] as const] : [])],
);

/** A Node-RED poll through a delay node; with `catchTo`, a catch node for the request is wired to `catchTo`. */
const nrPoll = (catchTo?: string) => nodeRedFlow(
  { id: 't', type: 'tab', label: 'Poll' },
  { id: 'i', type: 'inject', z: 't', name: 'Start', repeat: '3600', x: 1, y: 1, wires: [['q']] },
  { id: 'q', type: 'http request', z: 't', name: 'Check job', method: 'GET', url: 'https://api.example.com/jobs/1', x: 1, y: 1, wires: [['s']] },
  { id: 's', type: 'switch', z: 't', name: 'Done?', property: 'payload.status', rules: [{ t: 'eq', v: 'done', vt: 'str' }, { t: 'else' }], outputs: 2, x: 1, y: 1, wires: [[], ['d']] },
  { id: 'd', type: 'delay', z: 't', name: 'Wait', pauseType: 'delay', timeout: '10', timeoutUnits: 'seconds', x: 1, y: 1, wires: [['q']] },
  ...(catchTo ? [{ id: 'c', type: 'catch', z: 't', name: 'On error', scope: ['q'], x: 1, y: 1, wires: [[catchTo]] }] : []),
);

const cases: FlowCase[] = [
  {
    name: 'an n8n poll paced by a Wait whose error output goes straight back to the call',
    text: poll('Check job'),
    expected: [{ covers: '"Check job"', severity: 'warning', message: /^"Check job" sits in a loop \(.*\) with no attempt counter and a way back to it that skips the wait: if the service keeps failing or never reports "done", the flow calls it as fast as it can, forever\./ }],
  },
  {
    name: 'a Node-RED poll paced by a delay whose catch node sends failures straight back to the request',
    text: nrPoll('q'),
    expected: [{ covers: '"Check job"', severity: 'warning', message: /with no attempt counter and a way back to it that skips the wait/ }],
  },
  {
    name: 'an n8n poll paced by a Wait whose error output goes through the Wait too (info: paced)',
    text: poll('Wait'),
    expected: [{ covers: '"Check job"', severity: 'info', message: /^"Check job" sits in a loop \(.*\) with no attempt counter: if the service keeps failing or never reports "done", the flow calls it forever\./ }],
  },
  {
    name: 'a Node-RED poll whose catch node goes through the delay (info: paced)',
    text: nrPoll('d'),
    expected: [{ covers: '"Check job"', severity: 'info' }],
  },
];

describe(`${RULE}: a way back that skips the wait`, () => runFlowTable(RULE, cases));
