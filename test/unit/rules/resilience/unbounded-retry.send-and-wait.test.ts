import { describe } from 'node:test';
import { n8nFlow, runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';

// An n8n "send and wait for a response" operation (Slack, Gmail, Telegram... `operation: sendAndWait`) waits for a person
// only once its message went out. When sending fails (a Slack 429, a revoked token, a wrong channel), the node fails at
// once: with On Error *Continue (using error output)* the failure leaves by the error output, with *Continue* by its
// regular output, with no answer in it. A way back to the call from there waits for nobody.

const RULE = 'resilience/unbounded-retry';

const schedule = { name: 'Every hour', type: 'scheduleTrigger', parameters: {} };
const ask = (extra: object = {}) => ({ name: 'Ask', type: 'slack', typeVersion: 2.3, parameters: { operation: 'sendAndWait', select: 'channel', channelId: 'C1', message: 'Approve the refund?' }, credentials: { slackApi: { id: '1', name: 'Slack' } }, ...extra });
const approved = { name: 'Approved?', type: 'if', parameters: { conditions: { conditions: [{ leftValue: '={{ $json.data.approved }}', rightValue: true, operator: { type: 'boolean', operation: 'true' } }] } } };
const note = { name: 'Note failure', type: 'set', parameters: { assignments: { assignments: [{ id: '1', name: 'failed', type: 'boolean', value: true }] } } };
const refund = { name: 'Refund', type: 'stripe', parameters: { resource: 'charge', operation: 'update' }, credentials: { stripeApi: { id: '1', name: 'Stripe' } } };

const cases: FlowCase[] = [
  {
    name: 'a Slack send-and-wait whose error output goes back to it (a failed send is retried at once)',
    text: n8nFlow([schedule, ask({ onError: 'continueErrorOutput' }), approved, refund, note], [
      ['Every hour', 'Ask'], ['Ask', 'Approved?'], ['Approved?', 'Refund'], ['Ask', 'Note failure', 'main', 1], ['Note failure', 'Ask'],
    ]),
    expected: [{ covers: '"Ask"', severity: 'warning', message: /^"Ask" sits in a loop \(.*\) with no attempt counter and a way back to it that skips the wait: if the service keeps failing/ }],
  },
  {
    name: 'a Slack send-and-wait whose error output is wired straight back to it',
    text: n8nFlow([schedule, ask({ onError: 'continueErrorOutput' }), approved, refund], [
      ['Every hour', 'Ask'], ['Ask', 'Approved?'], ['Approved?', 'Refund'], ['Ask', 'Ask', 'main', 1],
    ]),
    expected: [{ covers: '"Ask"', severity: 'warning', message: /a way back to it that skips the wait/ }],
  },
  {
    name: 'a Slack send-and-wait set to continue on error, asked again until approved (a failed send has no approval and goes round at once)',
    text: n8nFlow([schedule, ask({ onError: 'continueRegularOutput' }), approved, refund], [
      ['Every hour', 'Ask'], ['Ask', 'Approved?'], ['Approved?', 'Refund'], ['Approved?', 'Ask', 'main', 1],
    ]),
    expected: [{ covers: '"Ask"', severity: 'warning' }],
  },
  {
    name: 'a Gmail send-and-wait with the legacy continueOnFail, asked again until approved',
    text: n8nFlow([schedule, { name: 'Ask', type: 'gmail', typeVersion: 2.1, parameters: { operation: 'sendAndWait', sendTo: 'boss@example.com', subject: 'Approve?', message: 'Approve the refund?' }, credentials: { gmailOAuth2: { id: '1', name: 'g' } }, continueOnFail: true }, approved, refund], [
      ['Every hour', 'Ask'], ['Ask', 'Approved?'], ['Approved?', 'Refund'], ['Approved?', 'Ask', 'main', 1],
    ]),
    expected: [{ covers: '"Ask"', severity: 'warning' }],
  },
  {
    name: 'a Slack send-and-wait asked again until approved (a failed send stops the run)',
    text: n8nFlow([schedule, ask(), approved, refund], [['Every hour', 'Ask'], ['Ask', 'Approved?'], ['Approved?', 'Refund'], ['Approved?', 'Ask', 'main', 1]]),
    expected: [],
  },
  {
    name: 'a Slack send-and-wait asked again until approved, whose error output goes elsewhere',
    text: n8nFlow([schedule, ask({ onError: 'continueErrorOutput' }), approved, refund, note], [
      ['Every hour', 'Ask'], ['Ask', 'Approved?'], ['Approved?', 'Refund'], ['Approved?', 'Ask', 'main', 1], ['Ask', 'Note failure', 'main', 1],
    ]),
    expected: [],
  },
  {
    name: 'a Wait for a webhook call set to continue on error, in a poll (it sends nothing that could fail)',
    text: n8nFlow([schedule, { name: 'Check job', type: 'httpRequest', typeVersion: 4.2, parameters: { url: 'https://api.example.com/jobs/1', options: {} } }, approved, { name: 'Resume link', type: 'wait', typeVersion: 1.1, parameters: { resume: 'webhook' }, onError: 'continueRegularOutput' }], [
      ['Every hour', 'Check job'], ['Check job', 'Approved?'], ['Approved?', 'Resume link', 'main', 1], ['Resume link', 'Check job'],
    ]),
    expected: [],
  },
];

describe(`${RULE}: a send-and-wait that fails`, () => runFlowTable(RULE, cases));
