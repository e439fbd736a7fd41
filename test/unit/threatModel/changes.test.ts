// The snapshot diff on the threat model's surfaces and findings (core/threatModel/changes.ts): what the editor's
// "changed since REV" marks, from two in-memory snapshots (no git: the language server test covers reading one).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeSnapshotFile, diffSnapshots, snapshotOf, type SnapshotFile } from '../../../server/src/core/index.js';
import { buildThreatModel, findingKey, modelChanges } from '../../../server/src/core/threatModel/index.js';
import { TODAY } from '../../helpers/analyze.js';
import { n8n } from '../../helpers/threatModel.js';

const hook = { id: 'w1', name: 'Order hook', type: 'n8n-nodes-base.webhook', parameters: { path: 'orders', httpMethod: 'POST', authentication: 'headerAuth' }, credentials: { httpHeaderAuth: { id: '1', name: 'Hook key' } } };
const sheets = { id: 's1', name: 'Append row', type: 'n8n-nodes-base.googleSheets', parameters: { operation: 'append' }, credentials: { googleSheetsOAuth2Api: { id: '2', name: 'Sheets' } } };
const partner = { id: 'p1', name: 'Partner hook', type: 'n8n-nodes-base.webhook', parameters: { path: 'partner', httpMethod: 'POST' } };
const inventory = (scopes: string, owner = 'ops@example.com') => [
  'inventory: 1',
  'surfaces:',
  `  - id: orders-sheet\n    name: Append row\n    kind: connector\n    direction: outbound\n    platform: n8n\n    flow: orders.n8n.json\n    node: Append row\n    owner: ${owner}\n    classification: internal\n    risk: medium\n    auth:\n      method: oauth2\n      scopes: [${scopes}]`,
  '',
].join('\n');

function snapshot(files: Record<string, string>) {
  const analysed = Object.entries(files).flatMap(([path, text]): SnapshotFile[] => {
    const file = analyzeSnapshotFile({ uri: `file:///ws/${path}`, path, text }, { today: TODAY });
    return file ? [file] : [];
  });
  return { analysed, ...snapshotOf(analysed, { today: TODAY }) };
}

function changesOf(base: Record<string, string>, head: Record<string, string>) {
  const before = snapshot(base);
  const now = snapshot(head);
  const model = buildThreatModel(now.analysed.map((f) => ({ uri: f.file.uri, path: f.file.path, format: f.file.format, findings: now.byFile.get(f.file.uri) ?? [], flow: f.file.flow, document: f.file.document })));
  return { model, changes: modelChanges(model.surfaces, diffSnapshots(before.snapshot, now.snapshot)) };
}

const BASE = { 'orders.n8n.json': n8n([hook, sheets]), 'surfaces.yaml': inventory('https://www.googleapis.com/auth/drive.file') };

describe('modelChanges', () => {
  it('marks nothing when nothing changed', () => {
    const { changes } = changesOf(BASE, BASE);
    assert.deepEqual([...changes.surfaces], []);
    assert.deepEqual([...changes.findings], []);
  });

  it('marks an added flow surface by its flow and node id, with its new findings', () => {
    const { model, changes } = changesOf(BASE, { ...BASE, 'orders.n8n.json': n8n([hook, sheets, partner]) });
    const added = changes.surfaces.get('orders.n8n.json#p1');
    assert.equal(added?.status, 'added');
    assert.ok((added?.newFindings ?? 0) >= 1);
    const surface = model.surfaces.find((s) => s.id === 'orders.n8n.json#p1')!;
    const open = surface.threats.flatMap((t) => t.findings).find((f) => f.ruleId === 'ingress/unauthenticated-webhook')!;
    assert.ok(changes.findings.has(findingKey(open.uri, open.fingerprint)), 'its open-webhook finding is new');
    assert.equal(changes.surfaces.get('orders-sheet'), undefined, 'the documented connector did not change');
  });

  it('marks a documented surface whose scopes widened or whose owner changed, by its inventory id, with the fields', () => {
    const wider = changesOf(BASE, { ...BASE, 'surfaces.yaml': inventory('https://www.googleapis.com/auth/drive.file, https://www.googleapis.com/auth/spreadsheets') });
    assert.deepEqual(wider.changes.surfaces.get('orders-sheet'), { status: 'changed', fields: ['scopes'], widenedScopes: ['https://www.googleapis.com/auth/spreadsheets'], newFindings: 0 });
    const owner = changesOf(BASE, { ...BASE, 'surfaces.yaml': inventory('https://www.googleapis.com/auth/drive.file', 'finance@example.com') });
    assert.deepEqual(owner.changes.surfaces.get('orders-sheet')?.fields, ['owner']);
  });

  it('marks surfaces that only have a new finding as such, matching finding uris through `uriOf`', () => {
    const code = { id: 'c1', name: 'Transform', type: 'n8n-nodes-base.code', parameters: { jsCode: 'return items;' } };
    const head = { ...BASE, 'orders.n8n.json': n8n([hook, sheets, code]) };
    const { model, changes } = changesOf(BASE, head);
    // A code node is a flow-wide finding: it attaches to the flow's surfaces, whose own fields did not change.
    assert.deepEqual(changes.surfaces.get('orders.n8n.json#w1'), { status: 'findings', fields: [], widenedScopes: [], newFindings: 1 });
    assert.equal(changes.surfaces.get('orders-sheet')?.status, 'findings');
    const diff = diffSnapshots(snapshot(BASE).snapshot, snapshot(head).snapshot);
    const elsewhere = modelChanges(model.surfaces, diff, (uri) => uri.replace('file:///ws/', 'file:///elsewhere/'));
    assert.deepEqual([...elsewhere.surfaces], [], 'spelled differently, no finding matches');
  });
});
