// Generating the inventory from the flows: every flow surface of the corpus gets a schema-valid entry, a second run
// changes nothing, and a merge keeps what a person wrote (comments, owners, statuses) while retiring what is gone.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { analyze, generateInventory, type WorkspaceFile } from '../../../server/src/core/index.js';
import { flowSurfaces } from '../../../server/src/core/model/surfaces.js';
import { validateAgainst } from '../../../server/src/core/schema.js';
import { TODAY } from '../../helpers/analyze.js';
import { corpusEntries, hasCorpus, readCorpus } from '../../helpers/corpus.js';

const corpus = { skip: !hasCorpus && 'no ../shared/corpus' };

function fileOf(path: string, text: string): WorkspaceFile {
  const r = analyze({ uri: path, path, text }, { today: TODAY });
  return { uri: path, root: '', path, format: r.format, document: r.document, flow: r.flow };
}

const LEAD = JSON.stringify({
  name: 'Lead intake',
  nodes: [
    { id: 'a1', name: 'New lead', type: 'n8n-nodes-base.webhook', parameters: { path: 'lead', httpMethod: 'POST' } },
    { id: 'a2', name: 'Post to Slack', type: 'n8n-nodes-base.slack', parameters: { channel: '#leads' }, credentials: { slackOAuth2Api: { id: '7', name: 'Sales Slack' } } },
    { id: 'a3', name: 'CRM', type: 'n8n-nodes-base.httpRequest', parameters: { url: 'https://crm.example.com/api/leads', method: 'POST', authentication: 'genericCredentialType', genericAuthType: 'httpHeaderAuth' }, credentials: { httpHeaderAuth: { id: '9', name: 'CRM key' } } },
  ],
  connections: {},
}, null, 2);
const BILLING = JSON.stringify({ name: 'Billing', nodes: [{ id: 'b1', name: 'Charge', type: 'n8n-nodes-base.httpRequest', parameters: { url: 'https://pay.example.com/v1/charges' } }], connections: {} }, null, 2);

describe('generateInventory', () => {
  it('writes one complete, schema-valid entry per flow surface, with stable ids and inferred boundaries', () => {
    const files = [fileOf('flows/lead.n8n.json', LEAD), fileOf('flows/billing.n8n.json', BILLING)];
    const out = generateInventory(files, { path: 'surfaces.yaml' });
    const value = parse(out.text);
    assert.deepEqual(validateAgainst('inventory', value), []);
    assert.deepEqual(out.added, ['n8n-billing-charge', 'n8n-lead-intake-new-lead', 'n8n-lead-intake-post-to-slack', 'n8n-lead-intake-crm']);
    const webhook = value.surfaces[1];
    assert.deepEqual(webhook, {
      id: 'n8n-lead-intake-new-lead', name: 'New lead', kind: 'webhook', direction: 'inbound', platform: 'n8n', flow: 'flows/lead.n8n.json', node: 'New lead',
      endpoint: 'lead', owner: 'TODO', classification: 'internal', risk: 'high', boundary: { from: 'internet', to: 'n8n' }, auth: { method: 'none' },
    });
    assert.deepEqual(value.surfaces[2].auth, { method: 'oauth2', secretRef: 'n8n-credential:Sales Slack' });
    assert.deepEqual(value.surfaces[3].auth, { method: 'api-key', secretRef: 'n8n-credential:CRM key' });
    assert.deepEqual(value.zones.map((z: { id: string }) => z.id), ['n8n', 'saas', 'internet']);
    assert.match(out.text, /owner: TODO # TODO: who answers/);
    // The placeholders are flagged until a person fills them in.
    const review = analyze({ uri: 'surfaces.yaml', path: 'surfaces.yaml', text: out.text }, { today: TODAY });
    assert.equal(review.findings.filter((f) => f.ruleId === 'ownership/missing-owner').length, 4);
    assert.equal(review.findings.filter((f) => f.ruleId === 'inventory/schema').length, 0);
    // Same input, same ids; a second run changes nothing.
    assert.equal(generateInventory([...files].reverse(), { path: 'surfaces.yaml' }).text, out.text);
    assert.deepEqual(generateInventory(files, { path: 'surfaces.yaml', text: out.text }), { text: out.text, added: [], retired: [] });
  });

  it('merges: keeps comments and hand edits, adds what is missing, retires entries whose flow is gone unless a status is written', () => {
    const lead = fileOf('flows/lead.n8n.json', LEAD);
    const billing = fileOf('flows/billing.n8n.json', BILLING);
    const first = generateInventory([lead, billing], { path: 'surfaces.yaml' }).text;
    const edited = first
      .replace('inventory: 1', '# Reviewed by the platform team.\ninventory: 1\nproject: Sales automations')
      .replace(/(id: n8n-lead-intake-new-lead[\s\S]*?)owner: TODO[^\n]*/, '$1owner: sales-ops@example.com # agreed 2026-05-01')
      .replace(/(id: n8n-lead-intake-crm[\s\S]*?)risk: medium[^\n]*/, '$1risk: low\n    x-note: hand written\n    lifecycle:\n      status: active');
    const extra = fileOf('flows/extra.n8n.json', JSON.stringify({ name: 'Extra', nodes: [{ id: 'c1', name: 'Hook', type: 'n8n-nodes-base.webhook', parameters: { path: 'x' } }], connections: {} }));
    // billing is gone, lead lost its CRM node (but the person wrote a status on it), extra is new.
    const leadWithoutCrm = fileOf('flows/lead.n8n.json', LEAD.replace('"name": "CRM"', '"name": "CRM v2"'));
    const merged = generateInventory([leadWithoutCrm, extra], { path: 'surfaces.yaml', text: edited });
    assert.deepEqual(merged.added, ['n8n-extra-hook', 'n8n-lead-intake-crm-v2']);
    assert.deepEqual(merged.retired, ['n8n-billing-charge']);
    assert.ok(merged.text.startsWith(edited.replace(/\n {4}owner: TODO[\s\S]*$/, '').slice(0, 200)));
    for (const kept of ['# Reviewed by the platform team.', 'project: Sales automations', 'owner: sales-ops@example.com # agreed 2026-05-01', 'x-note: hand written', 'risk: low']) assert.ok(merged.text.includes(kept), kept);
    const value = parse(merged.text);
    assert.deepEqual(validateAgainst('inventory', value), []);
    const byId = new Map(value.surfaces.map((s: { id: string }) => [s.id, s]));
    assert.deepEqual((byId.get('n8n-billing-charge') as { lifecycle: unknown }).lifecycle, { status: 'retired' });
    assert.deepEqual((byId.get('n8n-lead-intake-crm') as { lifecycle: unknown }).lifecycle, { status: 'active' });
    assert.equal(value.surfaces.length, 6);
    // A run over another folder retires nothing it did not look at.
    assert.deepEqual(generateInventory([extra], { path: 'surfaces.yaml', text: edited, scanned: ['other'] }).retired, []);
    // Idempotent after the merge too.
    assert.deepEqual(generateInventory([leadWithoutCrm, extra], { path: 'surfaces.yaml', text: merged.text }).added, []);
  });

  it('covers every flow surface of the corpus with valid output, and a second run changes nothing', corpus, () => {
    const files = corpusEntries().filter((e) => !e.malformed).map((e) => fileOf(`corpus/${e.path}`, readCorpus(e.path))).filter((f) => f.format !== 'unknown');
    const out = generateInventory(files, { path: 'surfaces.yaml' });
    const value = parse(out.text);
    assert.deepEqual(validateAgainst('inventory', value), []);
    const entries = new Set(value.surfaces.map((s: { flow: string; node: string }) => `${s.flow}#${s.node}`));
    assert.equal(new Set(value.surfaces.map((s: { id: string }) => s.id)).size, value.surfaces.length, 'ids are unique');
    let surfaces = 0;
    for (const file of files) {
      if (!file.flow) continue;
      for (const s of flowSurfaces(file.flow)) {
        surfaces++;
        assert.ok(entries.has(`${file.path}#${s.nodeName}`) || entries.has(`${file.path}#${s.nodeId}`), `${file.path}: ${s.nodeName}`);
      }
    }
    assert.ok(surfaces > 1000, `${surfaces} surfaces`);
    const again = generateInventory(files, { path: 'surfaces.yaml', text: out.text });
    assert.deepEqual([again.added.length, again.retired.length, again.text === out.text], [0, 0, true]);
  });
});
