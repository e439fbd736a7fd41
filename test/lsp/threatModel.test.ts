// The threat-model protocol as a client sees it: dist/server.js --stdio, a workspace with an inventory and a flow,
// `surfaceReview/threatModel`, `.../threatModelSurface`, `.../dataFlowDiagram`, and the change notification.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import {
  DataFlowDiagramRequest,
  StatusNotification,
  ThreatModelChangedNotification,
  ThreatModelGroupRequest,
  ThreatModelRequest,
  ThreatModelSurfaceRequest,
  type ReviewStatus,
} from '../../server/src/protocol.js';

const BY_BOUNDARY = { groupBy: 'boundary', openOnly: false } as const;

const SERVER = path.resolve(__dirname, '../../dist/server.js');
const FIXTURES = path.resolve(__dirname, '../fixtures/workspace/threat-model');

describe('threat model over the language server protocol', () => {
  let child: ChildProcess;
  let connection: ProtocolConnection;
  let workspace: string;
  const statuses: ReviewStatus[] = [];
  const changes: number[] = [];
  let waiters: (() => void)[] = [];
  const notify = () => {
    for (const w of waiters) w();
  };

  async function until<T>(what: string, predicate: () => T | undefined, timeoutMs = 20_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = predicate();
      if (v) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(200, end - Date.now()));
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      waiters = [];
    }
  }

  before(async () => {
    workspace = mkdtempSync(path.join(tmpdir(), 'sr-threat-'));
    for (const name of ['stripe-events.n8n.json', 'payments.surfaces.yaml']) copyFileSync(path.join(FIXTURES, name), path.join(workspace, name));
    child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    connection.onNotification(StatusNotification, (s) => {
      statuses.push(s);
      notify();
    });
    connection.onNotification(ThreatModelChangedNotification, (p) => {
      changes.push(p.version);
      notify();
    });
    connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => ({ enable: true, rules: {}, maxFileSizeKB: 10240 })));
    connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    connection.listen();
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: [{ uri: pathToFileURL(workspace).toString(), name: 'ws' }],
      capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true } },
    });
    await connection.sendNotification(InitializedNotification.type, {});
    await until('the scan to finish', () => statuses.find((s) => !s.scanning && s.files === 2));
  });

  after(() => {
    connection.dispose();
    child.kill();
  });

  it('answers surfaceReview/threatModel with the summary and the groups, and threatModelGroup with their surfaces', async () => {
    const model = await connection.sendRequest(ThreatModelRequest, BY_BOUNDARY);
    assert.deepEqual(model.groups.map((g) => [g.key, g.label, g.inferred, g.surfaces, g.open]), [['internet->n8n-payments', 'internet → n8n-payments', false, 1, 6]]);
    assert.equal(model.groups[0].from?.kind, 'external');
    assert.deepEqual(model.summary, { surfaces: 1, threats: 6, open: 6, mitigated: 0, openByRisk: { low: 0, medium: 6, high: 0, critical: 0 }, unattachedFindings: 0 });

    const page = await connection.sendRequest(ThreatModelGroupRequest, { ...BY_BOUNDARY, key: 'internet->n8n-payments' });
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

    const owners = await connection.sendRequest(ThreatModelRequest, { groupBy: 'owner', openOnly: true });
    assert.deepEqual(owners.groups.map((g) => g.key), ['payments-team@example.com']);
    const none = await connection.sendRequest(ThreatModelGroupRequest, { ...BY_BOUNDARY, key: 'no->such', limit: 10 });
    assert.deepEqual(none.surfaces, []);
  });

  it('answers surfaceReview/threatModelSurface with threats, evidence and the findings that keep them open', async () => {
    const detail = await connection.sendRequest(ThreatModelSurfaceRequest, { id: 'stripe-events' });
    assert.ok(detail);
    const spoofing = detail.threats.find((t) => t.stride === 'S')!;
    assert.equal(spoofing.state, 'open');
    assert.deepEqual(spoofing.findings.map((f) => f.ruleId), ['ingress/unauthenticated-webhook']);
    assert.equal(spoofing.findings[0].location.uri, pathToFileURL(path.join(workspace, 'stripe-events.n8n.json')).toString());
    assert.ok(spoofing.findings[0].location.range, 'the finding has a range to open');
    assert.deepEqual(spoofing.evidence.map((e) => e.control), ['signature', 'replay-protection']);
    assert.match(spoofing.rationale, /ingress\/unauthenticated-webhook/);
    assert.equal(await connection.sendRequest(ThreatModelSurfaceRequest, { id: 'no-such-surface' }), null);
  });

  it('notifies surfaceReview/threatModelChanged after an edit, and the fixed webhook turns its threats mitigated', async () => {
    const uri = pathToFileURL(path.join(workspace, 'stripe-events.n8n.json')).toString();
    const text = readFileSync(path.join(workspace, 'stripe-events.n8n.json'), 'utf8');
    const seen = changes.length;
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'json', version: 1, text } });
    const fixed = text.replace('"path": "stripe-events",', '"path": "stripe-events",\n        "authentication": "headerAuth",');
    assert.notEqual(fixed, text);
    await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
    const mitigated = await until('a model with the spoofing threat mitigated', () => (changes.length > seen ? true : undefined))
      .then(async () => {
        for (let i = 0; i < 50; i++) {
          const detail = await connection.sendRequest(ThreatModelSurfaceRequest, { id: 'stripe-events' });
          if (detail?.threats.find((t) => t.stride === 'S')?.state === 'mitigated') return detail;
          await new Promise((r) => setTimeout(r, 100));
        }
        throw new Error('the spoofing threat stayed open');
      });
    assert.deepEqual(mitigated.threats.map((t) => `${t.stride}:${t.state}`), ['S:mitigated', 'T:mitigated', 'R:mitigated', 'I:mitigated', 'D:mitigated', 'E:mitigated']);
    const model = await connection.sendRequest(ThreatModelRequest, BY_BOUNDARY);
    assert.ok(model.version > 1);
    assert.equal(model.summary.open, 0);
    assert.deepEqual((await connection.sendRequest(ThreatModelRequest, { groupBy: 'boundary', openOnly: true })).groups, []);
    const page = await connection.sendRequest(ThreatModelGroupRequest, { ...BY_BOUNDARY, key: 'internet->n8n-payments' });
    assert.deepEqual(page.surfaces[0].mitigated, ['S', 'T', 'R', 'I', 'D', 'E']);
  });

  it('shows cross-file findings too: a new undocumented HTTP call carries drift/undocumented-surface', async () => {
    const uri = pathToFileURL(path.join(workspace, 'new-call.n8n.json')).toString();
    const text = JSON.stringify({ name: 'New call', nodes: [{ id: 'h1', name: 'Call partner', type: 'n8n-nodes-base.httpRequest', parameters: { url: 'https://partner.example.com/api' } }], connections: {} }, null, 2);
    const seen = changes.length;
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'json', version: 1, text } });
    await until('a change notification', () => (changes.length > seen ? true : undefined));
    const detail = await (async () => {
      for (let i = 0; i < 50; i++) {
        const d = await connection.sendRequest(ThreatModelSurfaceRequest, { id: 'new-call.n8n.json#h1' });
        if (d?.threats.some((t) => t.findings.some((f) => f.ruleId === 'drift/undocumented-surface'))) return d;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('no drift/undocumented-surface on the new surface');
    })();
    const repudiation = detail.threats.find((t) => t.stride === 'R')!;
    assert.equal(repudiation.state, 'open');
    assert.ok(repudiation.findings.some((f) => f.ruleId === 'drift/undocumented-surface' && f.location.uri === uri));
  });

  it('answers surfaceReview/dataFlowDiagram with Markdown holding a Mermaid flowchart', async () => {
    const { markdown } = await connection.sendRequest(DataFlowDiagramRequest);
    assert.match(markdown, /```mermaid\nflowchart LR\n/);
    assert.match(markdown, /subgraph \w+\["internet \(external\)"\]/);
    assert.match(markdown, /\(\["Stripe payment events"\]\)/);
    assert.match(markdown, /-->\|"webhook · mitigated"\|/);
    assert.match(markdown, /\["Call partner"\]/);
  });
});
