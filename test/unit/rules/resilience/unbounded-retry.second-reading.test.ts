import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flowFindings, n8nFlow, runFlowTable, type FlowCase, type N8nNode } from '../../../helpers/dataflow.js';
import { nodeRedFlow } from '../../../helpers/platformDocs.js';
import { RULES } from '../../../../server/src/core/rules/index.js';

// A second reading of the loop, form and chat changes: disabled nodes (n8n passes items through a disabled node on its
// first output, doing nothing else; Node-RED does not deploy one, so nothing passes it), steps that read $runIndex
// without checking it, a person's step that a way back skips, forms whose next page answers the submitter whatever
// "Respond When" says, forms n8n refuses to open, and the work a large loop costs.

const RULE = 'resilience/unbounded-retry';

const schedule = { name: 'Every hour', type: 'scheduleTrigger', parameters: {} };
const check = (extra: object = {}) => ({ name: 'Check job', type: 'httpRequest', parameters: { url: 'https://api.example.com/jobs/1', options: {} }, ...extra });
const done = (extra: object = {}) => ({ name: 'Done?', type: 'if', parameters: { conditions: { conditions: [{ leftValue: '={{ $json.status }}', rightValue: 'done', operator: { type: 'string', operation: 'equals' } }] } }, ...extra });
const wait = (extra: object = {}) => ({ name: 'Wait', type: 'wait', parameters: { amount: 10, unit: 'seconds' }, ...extra });
const tries = (extra: object = {}) => ({ name: 'Tries left?', type: 'if', parameters: { conditions: { conditions: [{ leftValue: '={{ $runIndex }}', rightValue: 10, operator: { type: 'number', operation: 'lt' } }] } }, ...extra });
const code = (name: string, jsCode: string) => ({ name, type: 'code', typeVersion: 2, parameters: { jsCode } });

/** "Check job" → "Done?" → (not done) `between` → "Check job". */
const poll = (between: readonly N8nNode[], chain: readonly string[], extra: { check?: object; done?: object } = {}) => n8nFlow(
  [schedule, check(extra.check), done(extra.done), ...between],
  [['Every hour', 'Check job'], ['Check job', 'Done?'], ['Done?', chain[0], 'main', 1], ...chain.slice(1).map((to, i) => [chain[i], to] as const), [chain[chain.length - 1], 'Check job']],
);

/** A Node-RED poll through a delay node (`delay` extra fields, e.g. `d: true` to disable it). */
const nrPoll = (delay: object = {}) => nodeRedFlow(
  { id: 't', type: 'tab', label: 'Poll' },
  { id: 'i', type: 'inject', z: 't', name: 'Start', repeat: '3600', x: 1, y: 1, wires: [['q']] },
  { id: 'q', type: 'http request', z: 't', name: 'Check job', method: 'GET', url: 'https://api.example.com/jobs/1', x: 1, y: 1, wires: [['s']] },
  { id: 's', type: 'switch', z: 't', name: 'Done?', property: 'payload.status', rules: [{ t: 'eq', v: 'done', vt: 'str' }, { t: 'else' }], outputs: 2, x: 1, y: 1, wires: [[], ['d']] },
  { id: 'd', type: 'delay', z: 't', name: 'Wait', pauseType: 'delay', timeout: '10', timeoutUnits: 'seconds', x: 1, y: 1, wires: [['q']], ...delay },
);

const disabled: FlowCase[] = [
  {
    name: 'an n8n poll whose Wait is disabled (n8n passes the items on at once): no wait',
    text: poll([wait({ disabled: true })], ['Wait']),
    expected: [{ covers: '"Check job"', severity: 'warning', message: /with no attempt counter and no wait: .* as fast as it can, forever/ }],
  },
  {
    name: 'an n8n poll whose $runIndex check is disabled (its items all go on by its first output, to the Wait): no counter',
    text: poll([tries({ disabled: true }), wait()], ['Tries left?', 'Wait']),
    expected: [{ covers: '"Check job"', severity: 'info', message: /with no attempt counter: .* the flow calls it forever/ }],
  },
  {
    name: 'an n8n loop whose only call is disabled (it calls nothing)',
    text: poll([wait()], ['Wait'], { check: { disabled: true } }),
    expected: [],
  },
  {
    name: 'an n8n loop back from the second output of a disabled IF (a disabled node passes its items on by its first output only)',
    text: poll([wait()], ['Wait'], { done: { disabled: true } }),
    expected: [],
  },
  {
    name: 'a Node-RED poll through a disabled delay node (Node-RED does not deploy it: nothing comes back)',
    text: nrPoll({ d: true }),
    expected: [],
  },
  {
    name: 'a Node-RED poll through an enabled delay node (info: paced)',
    text: nrPoll(),
    expected: [{ covers: '"Check job"', severity: 'info' }],
  },
];

describe(`${RULE}: disabled nodes in loops`, () => runFlowTable(RULE, disabled));

const counters: FlowCase[] = [
  {
    name: 'an n8n poll through a Code node that builds the request from $runIndex without checking it',
    text: poll([code('Build request', 'return [{ json: { attempt: $runIndex + 1, id: $json.id } }];')], ['Build request']),
    expected: [{ covers: '"Check job"', severity: 'warning', message: /with no attempt counter and no wait/ }],
  },
  {
    name: 'an n8n poll paced by a Wait whose error output goes back through a Code node that only logs $runIndex',
    text: n8nFlow(
      [schedule, check({ onError: 'continueErrorOutput' }), done(), wait(), code('Log attempt', 'console.log("attempt", $runIndex);\nreturn $input.all();')],
      [['Every hour', 'Check job'], ['Check job', 'Done?'], ['Done?', 'Wait', 'main', 1], ['Wait', 'Check job'], ['Check job', 'Log attempt', 'main', 1], ['Log attempt', 'Check job']],
    ),
    expected: [{ covers: '"Check job"', severity: 'warning', message: /with no attempt counter and a way back to it that skips the wait: / }],
  },
  {
    name: 'an n8n poll through a Code node that stops after 5 runs ($runIndex compared)',
    text: poll([code('Give up?', "if ($runIndex >= 5) throw new Error('gave up');\nreturn $input.all();")], ['Give up?']),
    expected: [],
  },
  {
    name: 'an n8n poll through a Code node that stops after 5 runs (the limit written first)',
    text: poll([code('Give up?', "if (5 <= $runIndex) throw new Error('gave up');\nreturn $input.all();")], ['Give up?']),
    expected: [],
  },
];

describe(`${RULE}: steps that read $runIndex`, () => runFlowTable(RULE, counters));

const ask = { name: 'Ask', type: 'slack', typeVersion: 2.3, parameters: { operation: 'sendAndWait', select: 'channel', channelId: 'C1', message: 'Retry the job?' }, credentials: { slackApi: { id: '1', name: 'Slack' } } };
const approved = { name: 'Approved?', type: 'if', parameters: { conditions: { conditions: [{ leftValue: '={{ $json.data.approved }}', rightValue: true, operator: { type: 'boolean', operation: 'true' } }] } } };

/** "Check job" → "Ask" (send and wait for an answer) → "Approved?" → (no) "Check job"; with `errorBack`, its error output goes straight back. */
const askLoop = (errorBack: boolean) => n8nFlow(
  [schedule, check(errorBack ? { onError: 'continueErrorOutput' } : {}), ask, approved],
  [['Every hour', 'Check job'], ['Check job', 'Ask'], ['Ask', 'Approved?'], ['Approved?', 'Check job', 'main', 1], ...(errorBack ? [['Check job', 'Check job', 'main', 1] as const] : [])],
);

const persons: FlowCase[] = [
  {
    name: 'an n8n loop through a step that waits for a person, with an error output straight back to the call',
    text: askLoop(true),
    expected: [{ covers: '"Check job"', severity: 'warning', message: /with no attempt counter and a way back to it that skips the wait: if the service keeps failing/ }],
  },
  {
    name: 'an n8n loop through a step that waits for a person on every way back',
    text: askLoop(false),
    expected: [],
  },
];

describe(`${RULE}: a way back that skips a person's step`, () => runFlowTable(RULE, persons));

const http = (name: string) => ({ name, type: 'httpRequest', typeVersion: 4.2, parameters: { url: 'https://api.example.com/price', options: {} } });
const form = (responseMode?: string, typeVersion = 2.2) => ({ name: 'Order form', type: 'formTrigger', typeVersion, parameters: { path: 'order', formTitle: 'Order', ...(responseMode ? { responseMode } : {}) } });
const ending = { name: 'Done', type: 'form', typeVersion: 1, parameters: { operation: 'completion', completionTitle: 'Thanks' } };
const answer = { name: 'Thanks', type: 'respondToWebhook', parameters: { respondWith: 'text' } };
const waitForm = { name: 'More details', type: 'wait', typeVersion: 1.1, parameters: { resume: 'form', formTitle: 'More details' } };

const forms: FlowCase[] = [
  {
    name: 'an n8n form that answers on receipt but has a form ending after its HTTP Request (n8n shows the submitter a waiting page until the ending runs)',
    text: n8nFlow([form(), http('Price'), ending], [['Order form', 'Price'], ['Price', 'Done']]),
    expected: [{ covers: '"options"', severity: 'info', message: /^Form "Order form" keeps its submitter waiting until a form page or ending runs, and "Price" runs before that and has no timeout set, so n8n waits 5 minutes .* Set Options → Timeout on the HTTP Request node/ }],
  },
  {
    name: 'an n8n form that answers when its workflow finishes, with a form page before the end: the message names the page as the answer',
    text: n8nFlow([form('lastNode'), http('Price'), ending], [['Order form', 'Price'], ['Price', 'Done']]),
    expected: [{ covers: '"options"', severity: 'info', message: /^Form "Order form" keeps its submitter waiting until a form page or ending runs, and "Price" runs before/ }],
  },
  {
    name: 'an n8n form whose HTTP Request comes after a Wait node that shows a form (a page of the form)',
    text: n8nFlow([form('lastNode'), waitForm, http('Price')], [['Order form', 'More details'], ['More details', 'Price']]),
    expected: [],
  },
  {
    name: "an n8n Form Trigger 2.2 set to answer with a Respond to Webhook node (n8n refuses to open it: 'not supported in workflows initiated by the n8n Form Trigger')",
    text: n8nFlow([form('responseNode'), http('Price'), answer], [['Order form', 'Price'], ['Price', 'Thanks']]),
    expected: [],
  },
  {
    name: "an n8n Form Trigger 2.1 set to answer with a Respond to Webhook node, with none after it (n8n refuses: 'No Respond to Webhook node found')",
    text: n8nFlow([form('responseNode', 2.1), http('Price')], [['Order form', 'Price']]),
    expected: [],
  },
  {
    name: 'an n8n Form Trigger 2.1 that answers when its workflow finishes, with a Respond to Webhook node after it (n8n refuses it as not correctly configured)',
    text: n8nFlow([form('lastNode', 2.1), http('Price'), answer], [['Order form', 'Price'], ['Price', 'Thanks']]),
    expected: [],
  },
  {
    name: 'an n8n Form Trigger 2.1 answered by a Respond to Webhook node after its HTTP Request',
    text: n8nFlow([form('responseNode', 2.1), http('Price'), answer], [['Order form', 'Price'], ['Price', 'Thanks']]),
    expected: [{ covers: '"options"', severity: 'info', message: /^Form "Order form" answers when a Respond to Webhook node runs, and "Price" runs before that/ }],
  },
];

describe(`${RULE}: forms and their pages`, () => runFlowTable(RULE, forms));

describe(`${RULE}: work on a large loop`, () => {
  it('reads a loop whose $runIndex check fans out to 15,000 calls in bounded time', () => {
    const calls = Array.from({ length: 15_000 }, (_, i) => ({ name: `Call ${i}`, type: 'httpRequest', parameters: { url: 'https://api.example.com/x', options: {} } }));
    const text = n8nFlow(
      [schedule, tries(), wait(), ...calls],
      [['Every hour', 'Tries left?'], ['Tries left?', 'Wait'], ...calls.flatMap((c) => [['Wait', c.name], [c.name, 'Tries left?']] as const)],
    );
    // This rule alone: the others' work on so large a flow is theirs.
    const rules = Object.fromEntries(RULES.filter((r) => r.id !== RULE).map((r) => [r.id, 'off' as const]));
    const started = performance.now();
    const findings = flowFindings(RULE, { text, options: { maxFileSizeKB: 100_000, rules } });
    assert.ok(performance.now() - started < 4000, `${(performance.now() - started).toFixed(0)} ms`);
    assert.equal(findings.length, 0); // every way back passes the check
  });
});
