import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { n8nWorkflow } from '../../../helpers/analyze.js';
import { assertRangeCovers, joinLines } from '../../../helpers/text.js';
import { TestWorkspace, uriOf } from '../../../helpers/workspace.js';

const RULE = 'drift/stale-entry';
const flow = n8nWorkflow([{ id: 'n1', name: 'Tell sales', type: 'n8n-nodes-base.slack', parameters: {}, credentials: { slackApi: { id: '1', name: 'Bot' } } }]);
const inventory = (flowPath: string, node: string, extra = '') => joinLines(
  'inventory: 1',
  'surfaces:',
  '  - id: sales-slack',
  '    name: Sales Slack',
  '    kind: connector',
  '    direction: outbound',
  `    flow: ${flowPath}`,
  `    node: ${node}`,
  ...(extra ? [extra] : []),
  '',
);

describe(RULE, () => {
  it('accepts an entry whose flow and node exist (node by name or id)', () => {
    assert.deepEqual(new TestWorkspace({ 'flows/a.n8n.json': flow, 'surfaces.yaml': inventory('flows/a.n8n.json', 'Tell sales') }).findings('surfaces.yaml'), []);
    assert.deepEqual(new TestWorkspace({ 'flows/a.n8n.json': flow, 'surfaces.yaml': inventory('flows/a.n8n.json', 'n1') }).findings('surfaces.yaml'), []);
  });

  it('reports a flow that is not in the workspace, on `flow`', () => {
    const text = inventory('flows/gone.n8n.json', 'Tell sales');
    const [finding] = new TestWorkspace({ 'flows/a.n8n.json': flow, 'surfaces.yaml': text }).findings('surfaces.yaml', RULE);
    assertRangeCovers(text, finding.range, 'flows/gone.n8n.json');
    assert.equal(finding.surfaceId, 'sales-slack');
    assert.match(finding.message, /^Surface `sales-slack` names flow `flows\/gone\.n8n\.json`, which is not in the workspace \(looked for `flows\/gone\.n8n\.json`\)/);
  });

  it('reports a node the flow no longer has, on `node`, with the flow\'s nodes as related information', () => {
    const text = inventory('flows/a.n8n.json', 'Old name');
    const [finding] = new TestWorkspace({ 'flows/a.n8n.json': flow, 'surfaces.yaml': text }).findings('surfaces.yaml', RULE);
    assertRangeCovers(text, finding.range, 'Old name');
    assert.equal(finding.message, 'Surface `sales-slack` names node "Old name", which flow `flows/a.n8n.json` no longer has (by name or id): the node was renamed or removed.');
    assert.equal(finding.related?.[0].uri, uriOf('flows/a.n8n.json'));
    assertRangeCovers(flow, finding.related![0].range, '"nodes"');
  });

  it('follows the flow: deleting it makes the entry stale, renaming the node too, and restoring it clears both', () => {
    const ws = new TestWorkspace({ 'flows/a.n8n.json': flow, 'surfaces.yaml': inventory('flows/a.n8n.json', 'Tell sales') });
    assert.ok(ws.delete('flows/a.n8n.json').has(uriOf('surfaces.yaml')));
    assert.match(ws.findings('surfaces.yaml', RULE)[0].message, /which is not in the workspace/);
    ws.set('flows/a.n8n.json', flow.replace('"Tell sales"', '"Tell the team"'));
    assert.match(ws.findings('surfaces.yaml', RULE)[0].message, /names node "Tell sales", which flow/);
    assert.ok(ws.set('flows/a.n8n.json', flow).has(uriOf('surfaces.yaml')));
    assert.deepEqual(ws.findings('surfaces.yaml'), []);
  });

  it('leaves out retired entries, entries without `flow`, and flows that cannot be read', () => {
    assert.deepEqual(new TestWorkspace({ 'surfaces.yaml': inventory('flows/gone.n8n.json', 'X', '    lifecycle: { status: retired }') }).findings('surfaces.yaml'), []);
    assert.deepEqual(new TestWorkspace({ 'surfaces.yaml': joinLines('inventory: 1', 'surfaces:', '  - { id: a, name: A, kind: api, direction: outbound }', '') }).findings('surfaces.yaml'), []);
    assert.deepEqual(new TestWorkspace({ 'flows/a.n8n.json': '{ "name": "a", "nodes": [ { "na', 'surfaces.yaml': inventory('flows/a.n8n.json', 'X') }).findings('surfaces.yaml'), []);
    const ws = new TestWorkspace({ 'surfaces.yaml': inventory('flows/big.n8n.json', 'X') });
    ws.review.set({ uri: uriOf('flows/big.n8n.json'), root: '', path: 'flows/big.n8n.json', format: 'n8n', skipped: true });
    ws.review.review();
    assert.deepEqual(ws.findings('surfaces.yaml'), [], 'a file too large to read exists: its entries are not stale');
  });

  it('can be ignored with a comment in the inventory', () => {
    const text = inventory('flows/gone.n8n.json', 'X').replace('    flow:', '    # surface-review-ignore drift/stale-entry -- being migrated\n    flow:');
    assert.deepEqual(new TestWorkspace({ 'surfaces.yaml': text }).findings('surfaces.yaml'), []);
  });
});
