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

// Likewise a counter bounds a loop only when every way back to the call passes the step that checks it: a failure path
// around the check (an error output, a catch node) retries without counting.

const tries = { name: 'Tries left?', type: 'if', parameters: { conditions: { conditions: [{ leftValue: '={{ $runIndex }}', rightValue: 10, operator: { type: 'number', operation: 'lt' } }] } } };
const note = { name: 'Note failure', type: 'set', parameters: { assignments: { assignments: [{ id: '1', name: 'failed', type: 'boolean', value: true }] } } };

/** "Check job" → "Done?" → (not done) "Tries left?" ($runIndex < 10) → [`paced`: "Wait" →] "Check job"; with `errorTo`, its error output goes to `errorTo`. */
const counted = (errorTo?: string, paced = true) => n8nFlow(
  [schedule, check(errorTo ? { onError: 'continueErrorOutput' } : {}), done, tries, ...(paced ? [wait] : []), note],
  [
    ['Every hour', 'Check job'], ['Check job', 'Done?'], ['Done?', 'Tries left?', 'main', 1],
    ...(paced ? [['Tries left?', 'Wait'], ['Wait', 'Check job']] as const : [['Tries left?', 'Check job']] as const),
    ...(errorTo ? [['Check job', 'Note failure', 'main', 1], ['Note failure', errorTo]] as const : []),
  ],
);

/** A Node-RED poll that counts `msg.attempt` and stops after 10; with `catchTo`, a catch node for the request is wired to `catchTo`. */
const nrCounted = (catchTo?: string) => nodeRedFlow(
  { id: 't', type: 'tab', label: 'Poll' },
  { id: 'i', type: 'inject', z: 't', name: 'Start', repeat: '3600', x: 1, y: 1, wires: [['q']] },
  { id: 'q', type: 'http request', z: 't', name: 'Check job', method: 'GET', url: 'https://api.example.com/jobs/1', x: 1, y: 1, wires: [['f']] },
  { id: 'f', type: 'function', z: 't', name: 'Count', func: 'msg.attempt = (msg.attempt || 0) + 1;\nif (msg.attempt > 10) return null;\nreturn msg;', outputs: 1, x: 1, y: 1, wires: [['d']] },
  { id: 'd', type: 'delay', z: 't', name: 'Wait', pauseType: 'delay', timeout: '10', timeoutUnits: 'seconds', x: 1, y: 1, wires: [['q']] },
  ...(catchTo ? [{ id: 'c', type: 'catch', z: 't', name: 'On error', scope: ['q'], x: 1, y: 1, wires: [[catchTo]] }] : []),
);

const counters: FlowCase[] = [
  {
    name: 'an n8n poll that counts its passes in an IF, with an error path straight back to the call around the IF and the Wait',
    text: counted('Check job'),
    expected: [{ covers: '"Check job"', severity: 'warning', message: /^"Check job" sits in a loop \(.*\) with a way back to it that skips both its attempt counter and its wait: if the service keeps failing or never reports "done", the flow calls it as fast as it can, forever\..* on every way back/ }],
  },
  {
    name: 'an n8n poll that counts its passes in an IF (no Wait), with an error path straight back to the call around the IF',
    text: counted('Check job', false),
    expected: [{ covers: '"Check job"', severity: 'warning', message: /with a way back to it that skips its attempt counter, and no wait: .* as fast as it can, forever/ }],
  },
  {
    name: 'an n8n poll that counts its passes in an IF, with an error path back through the Wait only (info: paced)',
    text: counted('Wait'),
    expected: [{ covers: '"Check job"', severity: 'info', message: /with a way back to it that skips its attempt counter: .* the flow calls it forever\./ }],
  },
  {
    name: 'a Node-RED poll that counts msg.attempt, with a catch node straight back to the request',
    text: nrCounted('q'),
    expected: [{ covers: '"Check job"', severity: 'warning', message: /with a way back to it that skips both its attempt counter and its wait/ }],
  },
  {
    name: 'an n8n poll that counts its passes in an IF, with an error path back through the IF',
    text: counted('Tries left?'),
    expected: [],
  },
  {
    name: 'an n8n poll that counts its passes in an IF, with no error path',
    text: counted(),
    expected: [],
  },
  {
    name: 'a Node-RED poll that counts msg.attempt, with a catch node back through the counter',
    text: nrCounted('f'),
    expected: [],
  },
];

describe(`${RULE}: a way back that skips the counter`, () => runFlowTable(RULE, counters));
