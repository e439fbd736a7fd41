// groupSurfaces: the tree's top level by boundary, owner, platform or risk, and the open-only filter.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildThreatModel, groupSurfaces } from '../../../server/src/core/threatModel/index.js';
import { n8n, snapshotOf } from '../../helpers/threatModel.js';

const INVENTORY = [
  'inventory: 1',
  'surfaces:',
  '  - { id: billing, name: Billing API, kind: api, direction: outbound, platform: n8n, owner: finance@example.com, classification: internal, risk: low,',
  '      endpoint: "https://billing.example.com", auth: { secretRef: "vault://kv/billing", rotation: { everyDays: 90, last: 2026-06-01 }, scopes: [invoices.read] },',
  '      monitoring: { alerts: [errors], logs: n8n }, rollback: Disable the flow., lifecycle: { reviewed: 2026-06-01 },',
  '      data: [business], vendor: { approved: true, contract: DPA-1 } }',
  '',
].join('\n');
const FLOW = n8n([
  { id: 'w', name: 'Hook', type: 'n8n-nodes-base.webhook', parameters: { path: 'x' } },
  { id: 's', name: 'Tell Slack', type: 'n8n-nodes-base.slack', parameters: {}, credentials: { slackApi: { id: '1', name: 'bot' } } },
]);

describe('groupSurfaces', () => {
  const model = buildThreatModel(snapshotOf({ 'surfaces.yaml': INVENTORY, 'f.n8n.json': FLOW }));

  it('groups by boundary in the model\'s order (riskiest first), with zones and counts', () => {
    const groups = groupSurfaces(model, 'boundary');
    assert.deepEqual(groups.map((g) => [g.key, g.label, g.surfaces.length]), [
      ['internet->n8n', 'internet → n8n', 1],
      ['n8n->saas', 'n8n → saas', 2],
    ]);
    assert.equal(groups[0].from?.kind, 'external');
    assert.equal(groups[0].inferred, true);
    assert.equal(groups[0].open, groups[0].surfaces[0].threats.filter((t) => t.state === 'open').length);
  });

  it('groups by owner, platform and risk, riskiest group first', () => {
    assert.deepEqual(groupSurfaces(model, 'owner').map((g) => [g.key, g.surfaces.map((s) => s.name)]), [
      ['(no owner)', ['Hook', 'Tell Slack']],
      ['finance@example.com', ['Billing API']],
    ]);
    assert.deepEqual(groupSurfaces(model, 'platform').map((g) => g.key), ['n8n']);
    const risks = groupSurfaces(model, 'risk');
    assert.deepEqual(risks.map((g) => g.label), risks.map((g) => `${g.key[0].toUpperCase()}${g.key.slice(1)} risk`));
    assert.ok(risks.every((g) => g.surfaces.every((s) => s.risk === g.key)));
  });

  it('keeps only surfaces with an open threat when asked', () => {
    const billing = model.surfaces.find((s) => s.id === 'billing')!;
    assert.equal(billing.threats.filter((t) => t.state === 'open').length, 0, 'the documented billing API is fully mitigated');
    assert.deepEqual(groupSurfaces(model, 'owner', true).map((g) => [g.key, g.surfaces.map((s) => s.name)]), [['(no owner)', ['Hook', 'Tell Slack']]]);
    assert.deepEqual(groupSurfaces(buildThreatModel(snapshotOf({ 'surfaces.yaml': INVENTORY })), 'boundary', true), []);
  });
});
