// Which edges carry data out of a disabled node (FlowGraph.carries): n8n runs a disabled node by handing its first
// input's items to its first output only (WorkflowExecute.runNode returns [inputData.main[0]]); a disabled Node-RED
// node is not deployed. Users of the graph that walk edges themselves should ask it.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../server/src/core/index.js';
import { Budget, FlowGraph } from '../../../server/src/core/dataflow/graph.js';
import { TODAY } from '../../helpers/analyze.js';
import { flowFindings, n8nFlow, slackVerifyCode } from '../../helpers/dataflow.js';
import { nodeRedFlow } from '../../helpers/platformDocs.js';

function graphOf(text: string): FlowGraph {
  const result = analyze({ uri: 'file:///ws/flow.json', path: 'flow.json', text }, { today: TODAY });
  assert.ok(result.flow, 'a flow');
  return new FlowGraph(result.flow, new Budget(10_000));
}

const hook = { name: 'Hook', type: 'webhook', parameters: { path: 'slack', httpMethod: 'POST', options: { rawBody: true } } };
const off = { name: 'Old', type: 'if', disabled: true, parameters: {} };
const log = { name: 'Log', type: 'httpRequest', parameters: { method: 'POST', url: 'https://example.com/log', options: {} } };
const reply = { name: 'Reply', type: 'httpRequest', parameters: { method: 'POST', url: 'https://example.com/reply', options: {} } };

describe('FlowGraph.carries: edges out of disabled nodes', () => {
  it("carries a disabled n8n IF's first output only", () => {
    const graph = graphOf(n8nFlow([hook, off, reply, log], [['Hook', 'Old'], ['Old', 'Reply'], ['Old', 'Log', 'main', 1]]));
    const names = (id: string) => graph.byId.get(id)?.name;
    assert.deepEqual(graph.edgesFrom('id-1').filter((e) => graph.carries(e)).map((e) => names(e.to)), ['Reply']);
    assert.deepEqual(graph.succs('id-1').map(names), ['Reply']);
    assert.deepEqual(graph.preds('id-3'), []);
  });
  it('carries nothing out of a disabled Node-RED node', () => {
    const graph = graphOf(nodeRedFlow(
      { id: 'in', type: 'http in', z: 't1', url: '/x', method: 'get', wires: [['ch']] },
      { id: 'ch', type: 'change', z: 't1', d: true, rules: [], wires: [['out']] },
      { id: 'out', type: 'http response', z: 't1', wires: [] },
    ));
    assert.deepEqual(graph.succs('ch'), []);
    assert.deepEqual(graph.succs('in'), ['ch']);
  });
});

// ingress/unauthenticated-webhook walks the edges from the webhook itself (rules/ingress/verifiedCallers.ts): the false
// branch of a disabled IF, which no item takes, is no way past the signature check.
describe('ingress/unauthenticated-webhook past a disabled IF', () => {
  const verify = slackVerifyCode([
    "const ts = item.json.headers['x-slack-request-timestamp'];",
    "const expected = 'v0=' + crypto.createHmac('sha256', $env.SLACK_SIGNING_SECRET).update(`v0:${ts}:${raw}`).digest('hex');",
    "if (expected !== item.json.headers['x-slack-signature']) throw new Error('Unauthorized');",
  ]);
  const reported = (links: [string, string, string?, number?][]) => flowFindings('ingress/unauthenticated-webhook', { text: n8nFlow([hook, off, verify, reply, log], links) }).length;
  it("stays quiet when the disabled IF's first output leads to the signature check", () => {
    assert.equal(reported([['Hook', 'Old'], ['Old', 'Verify'], ['Verify', 'Reply']]), 0);
  });
  it("stays quiet when only the disabled IF's false branch goes around the check", () => {
    assert.equal(reported([['Hook', 'Old'], ['Old', 'Verify'], ['Old', 'Log', 'main', 1], ['Verify', 'Reply']]), 0);
  });
});
