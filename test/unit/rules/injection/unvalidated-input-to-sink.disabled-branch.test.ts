// n8n runs a disabled node by handing the items of its first input to its first output, and nothing to its other
// outputs (WorkflowExecute.runNode: `if (node.disabled === true) return { data: [inputData.main[0]] }`). The steps after
// a disabled IF's false branch, or after a disabled Switch's later outputs, never receive an item: they carry no input
// to a sink, and they are no way around a check elsewhere. A disabled Node-RED node stops the message.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flowFindings, n8nFlow, runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { nodeRedFlow } from '../../../helpers/platformDocs.js';

const RULE = 'injection/unvalidated-input-to-sink';

const webhook = { name: 'Orders', type: 'webhook', parameters: { path: 'orders', httpMethod: 'POST' } };
const run = { name: 'Run', type: 'executeCommand', parameters: { command: '=ping -c 1 {{ $json.body.host }}' } };
const check = (name: string, extra: object = {}) => ({
  name,
  type: 'if',
  parameters: { conditions: { conditions: [{ leftValue: '={{ $json.body.host }}', rightValue: '^[a-z0-9.-]+$', operator: { type: 'string', operation: 'regex' } }], combinator: 'and' } },
  ...extra,
});
const route = {
  name: 'Route',
  type: 'switch',
  typeVersion: 3,
  disabled: true,
  parameters: {
    rules: {
      values: [
        { conditions: { conditions: [{ leftValue: '={{ $json.body.kind }}', rightValue: 'a', operator: { type: 'string', operation: 'equals' } }], combinator: 'and' } },
        { conditions: { conditions: [{ leftValue: '={{ $json.body.kind }}', rightValue: 'b', operator: { type: 'string', operation: 'equals' } }], combinator: 'and' } },
      ],
    },
  },
};
const HOST = '$json.body.host';

const cases: FlowCase[] = [
  {
    name: "a disabled IF's true branch into a command: every item goes there",
    text: n8nFlow([webhook, check('Off', { disabled: true }), run], [['Orders', 'Off'], ['Off', 'Run']]),
    expected: [{ covers: HOST, nth: 1 }],
  },
  {
    name: "a disabled IF's false branch into a command: no item goes there",
    text: n8nFlow([webhook, check('Off', { disabled: true }), run], [['Orders', 'Off'], ['Off', 'Run', 'main', 1]]),
    expected: [],
  },
  {
    name: "a disabled Switch's second output into a command: no item goes there",
    text: n8nFlow([webhook, route, run], [['Orders', 'Route'], ['Route', 'Run', 'main', 1]]),
    expected: [],
  },
  {
    name: "a disabled Switch's first output into a command: every item goes there",
    text: n8nFlow([webhook, route, run], [['Orders', 'Route'], ['Route', 'Run', 'main', 0]]),
    expected: [{ covers: HOST }],
  },
  {
    name: "a checked branch, and a disabled IF's false branch beside it (no way around the check)",
    text: n8nFlow([webhook, check('Check'), check('Off', { disabled: true }), run], [['Orders', 'Check'], ['Check', 'Run'], ['Orders', 'Off'], ['Off', 'Run', 'main', 1]]),
    expected: [],
  },
  {
    name: "a checked branch, and a disabled IF's true branch beside it (every item goes around the check)",
    text: n8nFlow([webhook, check('Check'), check('Off', { disabled: true }), run], [['Orders', 'Check'], ['Check', 'Run'], ['Orders', 'Off'], ['Off', 'Run']]),
    expected: [{ covers: HOST, nth: 2 }],
  },
  {
    name: 'a Node-RED regex switch, and a disabled change node beside it (the message stops there)',
    text: nodeRedFlow(
      { id: 'in', type: 'http in', z: 't1', url: '/ping', method: 'get', wires: [['sw', 'off']] },
      { id: 'sw', type: 'switch', z: 't1', name: 'Safe host?', property: 'req.query.host', propertyType: 'msg', rules: [{ t: 'regex', v: '^[a-z0-9.-]+$' }], outputs: 1, wires: [['exec']] },
      { id: 'off', type: 'change', z: 't1', name: 'Old path', d: true, rules: [], wires: [['exec']] },
      { id: 'exec', type: 'exec', z: 't1', command: 'ping -c 1', addpay: 'req.query.host', append: '', wires: [[], [], []] },
    ),
    expected: [],
  },
];

describe(`${RULE}: disabled branching nodes`, () => runFlowTable(RULE, cases));

// A disabled Merge hands on the items of its first input only: the webhook's items on its second input (connection
// `index: 1`) stop there. The model does not know which input an edge enters (the n8n adapter keeps only the output).
describe(`${RULE}: a disabled Merge`, () => {
  const schedule = { name: 'Every hour', type: 'scheduleTrigger', parameters: {} };
  const merge = { name: 'Merge', type: 'merge', typeVersion: 3, disabled: true, parameters: {} };
  const flow = (input: number) => {
    const doc = JSON.parse(n8nFlow([schedule, webhook, merge, run], [['Every hour', 'Merge'], ['Orders', 'Merge'], ['Merge', 'Run']]));
    doc.connections.Orders.main[0][0].index = input;
    return JSON.stringify(doc, null, 2);
  };
  it("reports the webhook's items on the first input of a disabled Merge", () => {
    assert.equal(flowFindings(RULE, { text: flow(0) }).length, 1);
  });
  it("stays quiet for the webhook's items on the second input of a disabled Merge", () => {
    assert.equal(flowFindings(RULE, { text: flow(1) }).length, 0);
  });
});
