import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildN8nFlow } from '../../../server/src/core/formats/n8n.js';
import { parseJson } from '../../../server/src/core/parse/json.js';
import { corpusEntries, hasCorpus, readCorpus } from '../../helpers/corpus.js';

const corpus = { skip: !hasCorpus && 'no ../shared/corpus' };
const flowOf = (path: string) => {
  const result = buildN8nFlow(parseJson(readCorpus(path)).value);
  assert.ok(result.flow, path);
  return result.flow;
};

describe('n8n adapter', () => {
  it('builds nodes, roles, services, endpoints and edges of a real fan-out workflow', corpus, () => {
    const flow = flowOf('n8n/Zie619__n8n-workflows/workflows/Templates/9003_FanOut_Broadcast_and_Merge_Webhook.json');
    assert.equal(flow.platform, 'n8n');
    assert.equal(flow.name, 'Fan-Out Broadcast and Merge');
    assert.deepEqual(flow.nodes.map((n) => [n.name, n.role]), [
      ['Webhook', 'trigger-webhook'],
      ['Notas & Testes', 'other'],
      ['Prepare Message', 'transform'],
      ['Broadcast A', 'http-request'],
      ['Broadcast B', 'http-request'],
      ['Merge Results', 'transform'],
      ['Respond', 'transform'],
    ]);
    const webhook = flow.nodes[0];
    assert.equal(webhook.endpoint, 'template/broadcast');
    assert.equal(webhook.method, 'POST');
    assert.deepEqual(webhook.auth, { method: 'none', none: true, pointer: '/nodes/0/parameters' });
    assert.equal(webhook.endpointPointer, '/nodes/0/parameters/path');
    assert.equal(webhook.pointer, '/nodes/0');
    assert.equal(flow.nodes[3].endpoint, 'https://httpbin.org/post');
    assert.deepEqual(flow.edges.map((e) => `${e.from}->${e.to}`), [
      'fan-0001->fan-0003', 'fan-0003->fan-0004', 'fan-0003->fan-0005', 'fan-0004->fan-0006', 'fan-0005->fan-0006', 'fan-0006->fan-0007',
    ]);
  });

  it('reads the old credential form (a bare name) and nodes without ids', corpus, () => {
    const flow = flowOf('n8n/Zie619__n8n-workflows/workflows/Activecampaign/0057_Activecampaign_Create_Triggered.json');
    const [trigger] = flow.nodes;
    assert.equal(trigger.id, 'ActiveCampaign Trigger');
    assert.equal(trigger.role, 'trigger-event');
    assert.equal(trigger.service, 'ActiveCampaign');
    assert.deepEqual(trigger.credentialRefs, [{ type: 'activeCampaignApi', name: '' }]);
    assert.equal(flow.id, '112');
  });

  it('reads the { id, name } credential form', () => {
    const flow = buildN8nFlow({ nodes: [{ name: 'S', type: 'n8n-nodes-base.slack', credentials: { slackApi: { id: '7', name: 'Bot' } } }], connections: {} }).flow!;
    assert.deepEqual(flow.nodes[0].credentialRefs, [{ type: 'slackApi', id: '7', name: 'Bot' }]);
    assert.equal(flow.nodes[0].role, 'messaging');
  });

  it('degrades gracefully on hand-edited exports', () => {
    const result = buildN8nFlow({
      nodes: [{ name: 'A' }, 'garbage', { name: 'A', type: 'n8n-nodes-base.code' }, { type: '@acme/n8n-nodes-future.thingTrigger' }],
      connections: { A: { main: [[{ node: 'Missing' }, { node: 'A' }]] }, Ghost: { main: [[{ node: 'A' }]] }, Bad: 7 },
    });
    assert.equal(result.flow!.nodes.length, 3);
    assert.match(result.problems[0].message, /not an object/);
    assert.equal(result.flow!.nodes[0].type, '');
    assert.equal(result.flow!.nodes[2].role, 'trigger-event');
    assert.deepEqual(result.flow!.edges, [{ from: 'A', to: 'A', kind: 'main', output: 0 }]);
    assert.equal(buildN8nFlow({ nodes: [] }).flow!.edges.length, 0); // no connections at all
  });

  it('says a mangled export is not a workflow any more', () => {
    const result = buildN8nFlow({ '"nodes"': '[', '"name"': '"Webhook",' });
    assert.equal(result.flow, undefined);
    assert.match(result.problems[0].message, /mangled/);
  });

  it('builds a flow for every well-formed n8n file of the corpus, with a node per exported node', corpus, () => {
    let files = 0;
    let nodes = 0;
    for (const entry of corpusEntries().filter((e) => e.format === 'n8n-workflow' && !e.malformed)) {
      const value = parseJson(readCorpus(entry.path)).value as { nodes: unknown[] };
      const flow = flowOf(entry.path);
      assert.equal(flow.nodes.length, value.nodes.length, entry.path);
      files++;
      nodes += flow.nodes.length;
    }
    assert.ok(files > 1000 && nodes > 10_000, `${files} files, ${nodes} nodes`);
  });
});
