// The threat-model protocol as a client sees it: dist/server.js --stdio, a workspace with an inventory and a flow,
// `surfaceReview/threatModel`, `.../threatModelSurface`, `.../dataFlowDiagram`, and the change notification.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DidChangeTextDocumentNotification, DidOpenTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import {
  DataFlowDiagramRequest,
  ThreatModelChangedNotification,
  ThreatModelGroupRequest,
  ThreatModelRequest,
  ThreatModelSurfaceRequest,
} from '../../server/src/protocol.js';
import { LspSession, uriOf } from '../helpers/lspSession.js';

const BY_BOUNDARY = { groupBy: 'boundary', openOnly: false } as const;

const FIXTURES = path.resolve(__dirname, '../fixtures/workspace/threat-model');

describe('threat model over the language server protocol', () => {
  let session: LspSession;
  let workspace: string;
  let changes: { version: number }[];

  before(async () => {
    workspace = mkdtempSync(path.join(tmpdir(), 'sr-threat-'));
    for (const name of ['stripe-events.n8n.json', 'payments.surfaces.yaml']) copyFileSync(path.join(FIXTURES, name), path.join(workspace, name));
    session = new LspSession();
    changes = session.record(ThreatModelChangedNotification);
    await session.start([workspace]);
    await session.until('the scan to finish', () => session.statuses.find((s) => !s.scanning && s.files === 2));
  });

  after(() => session.stop());

  it('answers surfaceReview/threatModel with the summary and the groups, and threatModelGroup with their surfaces', async () => {
    const model = await session.connection.sendRequest(ThreatModelRequest, BY_BOUNDARY);
    assert.deepEqual(model.groups.map((g) => [g.key, g.label, g.inferred, g.surfaces, g.open]), [['internet->n8n-payments', 'internet → n8n-payments', false, 1, 6]]);
    assert.equal(model.groups[0].from?.kind, 'external');
    assert.deepEqual(model.summary, { surfaces: 1, threats: 6, open: 6, mitigated: 0, openByRisk: { low: 0, medium: 6, high: 0, critical: 0 }, unattachedFindings: 0 });

    const page = await session.connection.sendRequest(ThreatModelGroupRequest, { ...BY_BOUNDARY, key: 'internet->n8n-payments' });
    assert.equal(page.total, 1);
    const [surface] = page.surfaces;
    assert.equal(surface.name, 'Stripe payment events');
    assert.equal(surface.documented, true);
    assert.equal(surface.owner, 'payments-team@example.com');
    assert.deepEqual(surface.locations.map((l) => l.path), ['payments.surfaces.yaml', 'stripe-events.n8n.json']);
    // Positions, not offsets: the inventory location is the `id` value, the flow location the node's name.
    const yaml = readFileSync(path.join(workspace, 'payments.surfaces.yaml'), 'utf8').split('\n');
    const idLine = yaml.findIndex((l) => l.includes('- id: stripe-events'));
    assert.deepEqual(surface.locations[0].range, { start: { line: idLine, character: 8 }, end: { line: idLine, character: 8 + 'stripe-events'.length } });
    const json = readFileSync(path.join(workspace, 'stripe-events.n8n.json'), 'utf8').split('\n');
    const nameLine = json.findIndex((l) => l.includes('"name": "Stripe webhook"'));
    const nameAt = json[nameLine].indexOf('"Stripe webhook"');
    assert.deepEqual(surface.locations[1].range, { start: { line: nameLine, character: nameAt }, end: { line: nameLine, character: nameAt + '"Stripe webhook"'.length } });
    assert.deepEqual(surface.open, ['S', 'T', 'R', 'I', 'D', 'E']);

    const owners = await session.connection.sendRequest(ThreatModelRequest, { groupBy: 'owner', openOnly: true });
    assert.deepEqual(owners.groups.map((g) => g.key), ['payments-team@example.com']);
    const none = await session.connection.sendRequest(ThreatModelGroupRequest, { ...BY_BOUNDARY, key: 'no->such', limit: 10 });
    assert.deepEqual(none.surfaces, []);
  });

  it('answers surfaceReview/threatModelSurface with threats, evidence and the findings that keep them open', async () => {
    const detail = await session.connection.sendRequest(ThreatModelSurfaceRequest, { id: 'stripe-events' });
    assert.ok(detail);
    const spoofing = detail.threats.find((t) => t.stride === 'S')!;
    assert.equal(spoofing.state, 'open');
    assert.deepEqual(spoofing.findings.map((f) => f.ruleId), ['ingress/unauthenticated-webhook']);
    assert.equal(spoofing.findings[0].location.uri, uriOf(path.join(workspace, 'stripe-events.n8n.json')));
    assert.ok(spoofing.findings[0].location.range, 'the finding has a range to open');
    assert.deepEqual(spoofing.evidence.map((e) => e.control), ['signature', 'replay-protection']);
    assert.match(spoofing.rationale, /ingress\/unauthenticated-webhook/);
    assert.equal(await session.connection.sendRequest(ThreatModelSurfaceRequest, { id: 'no-such-surface' }), null);
  });

  it('notifies surfaceReview/threatModelChanged after an edit, and the fixed webhook turns its threats mitigated', async () => {
    const uri = uriOf(path.join(workspace, 'stripe-events.n8n.json'));
    const text = readFileSync(path.join(workspace, 'stripe-events.n8n.json'), 'utf8');
    const seen = changes.length;
    await session.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'json', version: 1, text } });
    const fixed = text.replace('"path": "stripe-events",', '"path": "stripe-events",\n        "authentication": "headerAuth",');
    assert.notEqual(fixed, text);
    await session.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
    await session.until('a change notification', () => changes.length > seen);
    const mitigated = await session.until('a model with the spoofing threat mitigated', async () => {
      const detail = await session.connection.sendRequest(ThreatModelSurfaceRequest, { id: 'stripe-events' });
      return detail?.threats.find((t) => t.stride === 'S')?.state === 'mitigated' && detail;
    }, 5_000);
    assert.deepEqual(mitigated.threats.map((t) => `${t.stride}:${t.state}`), ['S:mitigated', 'T:mitigated', 'R:mitigated', 'I:mitigated', 'D:mitigated', 'E:mitigated']);
    const model = await session.connection.sendRequest(ThreatModelRequest, BY_BOUNDARY);
    assert.ok(model.version > 1);
    assert.equal(model.summary.open, 0);
    assert.deepEqual((await session.connection.sendRequest(ThreatModelRequest, { groupBy: 'boundary', openOnly: true })).groups, []);
    const page = await session.connection.sendRequest(ThreatModelGroupRequest, { ...BY_BOUNDARY, key: 'internet->n8n-payments' });
    assert.deepEqual(page.surfaces[0].mitigated, ['S', 'T', 'R', 'I', 'D', 'E']);
  });

  it('shows cross-file findings too: a new undocumented HTTP call carries drift/undocumented-surface', async () => {
    const uri = uriOf(path.join(workspace, 'new-call.n8n.json'));
    const text = JSON.stringify({ name: 'New call', nodes: [{ id: 'h1', name: 'Call partner', type: 'n8n-nodes-base.httpRequest', parameters: { url: 'https://partner.example.com/api' } }], connections: {} }, null, 2);
    const seen = changes.length;
    await session.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'json', version: 1, text } });
    await session.until('a change notification', () => changes.length > seen);
    const detail = await session.until('drift/undocumented-surface on the new surface', async () => {
      const d = await session.connection.sendRequest(ThreatModelSurfaceRequest, { id: 'new-call.n8n.json#h1' });
      return d?.threats.some((t) => t.findings.some((f) => f.ruleId === 'drift/undocumented-surface')) && d;
    }, 5_000);
    const repudiation = detail.threats.find((t) => t.stride === 'R')!;
    assert.equal(repudiation.state, 'open');
    assert.ok(repudiation.findings.some((f) => f.ruleId === 'drift/undocumented-surface' && f.location.uri === uri));
  });

  it('answers surfaceReview/dataFlowDiagram with Markdown holding a Mermaid flowchart', async () => {
    const { markdown } = await session.connection.sendRequest(DataFlowDiagramRequest);
    assert.match(markdown, /```mermaid\nflowchart LR\n/);
    assert.match(markdown, /subgraph \w+\["internet \(external\)"\]/);
    assert.match(markdown, /\(\["Stripe payment events"\]\)/);
    assert.match(markdown, /-->\|"webhook · mitigated"\|/);
    assert.match(markdown, /\["Call partner"\]/);
  });
});
