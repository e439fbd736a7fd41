// buildThreatModel on example workspaces: which threats are open, which mitigated, and why.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { assembleThreatModel, buildThreatModel, threatModelPart, ThreatModelCache } from '../../../server/src/core/threatModel/index.js';
import { filesUnder, n8n, snapshotOf, states, threat } from '../../helpers/threatModel.js';

const FIXTURE = path.resolve(__dirname, '../../fixtures/workspace/threat-model');
const EXAMPLES = path.resolve(__dirname, '../../../examples');
const fixture = () => filesUnder(FIXTURE);
/** The fixture's webhook with Header Auth turned on (what the quick fix of ingress/unauthenticated-webhook does). */
const withHeaderAuth = (files: Record<string, string>) => ({
  ...files,
  'stripe-events.n8n.json': files['stripe-events.n8n.json'].replace('"path": "stripe-events",', '"path": "stripe-events", "authentication": "headerAuth",'),
});

describe('buildThreatModel: a documented webhook and its flow', () => {
  it('links the inventory entry to its flow node: one surface, both locations, the declared boundary', () => {
    const model = buildThreatModel(snapshotOf(fixture()));
    assert.equal(model.surfaces.length, 1);
    const [s] = model.surfaces;
    assert.equal(s.id, 'stripe-events');
    assert.equal(s.documented, true);
    assert.deepEqual(s.locations.map((l) => [l.path, l.pointer]), [['payments.surfaces.yaml', '/surfaces/0/id'], ['stripe-events.n8n.json', '/nodes/0/name']]);
    assert.equal(s.boundaryId, 'internet->n8n-payments');
    assert.equal(s.boundaryInferred, false);
    assert.deepEqual(model.boundaries.map((b) => [b.id, b.from.kind, b.to.kind, b.inferred]), [['internet->n8n-payments', 'external', 'platform', false]]);
    assert.equal(s.element, 'entry-point');
  });

  it('keeps spoofing open while the webhook takes anyone, although signature and replay protection are documented', () => {
    const [s] = buildThreatModel(snapshotOf(fixture())).surfaces;
    const spoofing = threat(s, 'S');
    assert.equal(spoofing.state, 'open');
    assert.deepEqual(spoofing.findings.map((f) => f.ruleId), ['ingress/unauthenticated-webhook']);
    assert.deepEqual(spoofing.evidence.map((e) => e.control), ['signature', 'replay-protection']);
    assert.deepEqual(spoofing.missing, []);
    assert.match(spoofing.rationale, /^1 finding keeps it open \(ingress\/unauthenticated-webhook\)\. In place: HMAC signature verification \(auth\.signature: hmac-sha256 \(Stripe-Signature\)\) and replay protection/);
    // Without caller authentication the threats that need it stay open for lack of evidence, with no finding.
    const disclosure = threat(s, 'I');
    assert.equal(disclosure.state, 'open');
    assert.deepEqual(disclosure.findings, []);
    assert.deepEqual(disclosure.missing.map((m) => m.control), ['caller-auth']);
    assert.match(disclosure.rationale, /^No evidence of caller authentication; in place: TLS in transit \(endpoint uses HTTPS\)\.$/);
    assert.equal(states(s), 'S:open T:open R:open I:open D:open E:open');
  });

  it('turns every threat mitigated once the webhook requires Header Auth, with the evidence that mitigates each', () => {
    const [s] = buildThreatModel(snapshotOf(withHeaderAuth(fixture()))).surfaces;
    assert.equal(states(s), 'S:mitigated T:mitigated R:mitigated I:mitigated D:mitigated E:mitigated');
    assert.equal(threat(s, 'S').rationale, 'Mitigated by HMAC signature verification (auth.signature: hmac-sha256 (Stripe-Signature)) and replay protection (auth.replayProtection: timestamp, 300 s tolerance).');
    assert.deepEqual(threat(s, 'D').evidence.map((e) => `${e.control}: ${e.detail}`), ['caller-auth: headerAuth (in the export)', 'rate-limit: rateLimit: 100 per minute']);
    assert.deepEqual(threat(s, 'E').evidence.map((e) => e.control), ['caller-auth', 'signature']);
    // Evidence points where it was found: the export for the flow's auth, the inventory for the rest.
    assert.equal(threat(s, 'D').evidence[0].location?.path, 'stripe-events.n8n.json');
    assert.equal(threat(s, 'D').evidence[1].location?.pointer, '/surfaces/0/rateLimit');
  });
});

describe('buildThreatModel: flows with no inventory', () => {
  const flow = n8n([
    { id: 'w', name: 'Form webhook', type: 'n8n-nodes-base.webhook', parameters: { path: 'form' } },
    { id: 's', name: 'Notify Slack', type: 'n8n-nodes-base.slack', parameters: { channel: '#sales' }, credentials: { slackApi: { id: '1', name: 'Slack bot' } } },
    { id: 'p', name: 'Store lead', type: 'n8n-nodes-base.postgres', parameters: { query: 'insert into leads values ($1)' }, credentials: { postgres: { id: '2', name: 'Leads DB' } } },
    { id: 'h', name: 'Call CRM', type: 'n8n-nodes-base.httpRequest', parameters: { url: 'http://10.0.0.5/api' } },
    { id: 'c', name: 'Run script', type: 'n8n-nodes-base.executeCommand', parameters: { command: 'echo hi' } },
    { id: 'x', name: 'Shape data', type: 'n8n-nodes-base.set', parameters: {} },
  ]);

  it('infers boundaries: internet → platform for webhooks, platform → SaaS for connectors, data stores, internal hosts, the platform host', () => {
    const model = buildThreatModel(snapshotOf({ 'flows/lead.n8n.json': flow }));
    const byName = new Map(model.surfaces.map((s) => [s.name, s]));
    assert.deepEqual([...byName.keys()].sort(), ['Call CRM', 'Form webhook', 'Notify Slack', 'Run script', 'Store lead']);
    assert.deepEqual(Object.fromEntries([...byName].map(([n, s]) => [n, s.boundaryId])), {
      'Form webhook': 'internet->n8n',
      'Notify Slack': 'n8n->saas',
      'Store lead': 'n8n->data-stores',
      'Call CRM': 'n8n->internal',
      'Run script': 'n8n->platform-host',
    });
    assert.ok(model.boundaries.every((b) => b.inferred));
    assert.ok(model.zones.every((z) => z.inferred));
    assert.equal(model.zones.find((z) => z.id === 'internet')?.kind, 'external');
    assert.equal(byName.get('Form webhook')!.id, 'flows/lead.n8n.json#w');
    assert.equal(byName.get('Form webhook')!.documented, false);
  });

  it('applies STRIDE per element: six threats to entry points and outbound calls, no spoofing for data stores and scripts', () => {
    const model = buildThreatModel(snapshotOf({ 'flows/lead.n8n.json': flow }));
    const letters = (name: string) => model.surfaces.find((s) => s.name === name)!.threats.map((t) => t.stride).join('');
    assert.equal(letters('Form webhook'), 'STRIDE');
    assert.equal(letters('Notify Slack'), 'STRIDE');
    assert.equal(letters('Store lead'), 'TRIDE');
    assert.equal(letters('Run script'), 'TRIDE');
  });

  it('attaches findings by pointer: the open webhook keeps S, T and D open; plain HTTP keeps T and I open', () => {
    const model = buildThreatModel(snapshotOf({ 'flows/lead.n8n.json': flow }));
    const webhook = model.surfaces.find((s) => s.name === 'Form webhook')!;
    for (const stride of ['S', 'T', 'D']) assert.ok(threat(webhook, stride).findings.some((f) => f.ruleId === 'ingress/unauthenticated-webhook' && !f.elsewhere), stride);
    assert.ok(!threat(webhook, 'R').findings.some((f) => f.ruleId === 'ingress/unauthenticated-webhook'), 'the open webhook does not touch repudiation');
    const crm = model.surfaces.find((s) => s.name === 'Call CRM')!;
    assert.deepEqual(threat(crm, 'T').findings.map((f) => f.ruleId), ['transport/insecure-http']);
    assert.equal(threat(crm, 'T').state, 'open');
    assert.equal(threat(crm, 'T').findings[0].elsewhere, undefined);
    // Tampering in transit to Slack is mitigated: the platform connector calls Slack's HTTPS API.
    const slack = model.surfaces.find((s) => s.name === 'Notify Slack')!;
    assert.equal(threat(slack, 'T').state, 'mitigated');
    assert.equal(threat(slack, 'T').evidence[0].detail, "the Slack connector calls the vendor's HTTPS API");
    assert.equal(threat(slack, 'R').state, 'open', 'no owner in the export');
    assert.deepEqual(threat(slack, 'R').missing.map((m) => m.control), ['owner']);
  });

  it('takes no error path from a disabled Node-RED catch node (it handles nothing), and one from an enabled one', () => {
    const tab = (catchDisabled: boolean) => JSON.stringify([
      { id: 't', type: 'tab', label: 'Sync' },
      { id: 'i', type: 'inject', z: 't', name: 'Tick', repeat: '60', x: 1, y: 1, wires: [['q']] },
      { id: 'q', type: 'http request', z: 't', name: 'Push', method: 'POST', url: 'https://api.example.com/push', x: 1, y: 1, wires: [[]] },
      { id: 'c', type: 'catch', z: 't', name: 'Errors', ...(catchDisabled ? { d: true } : {}), x: 1, y: 1, wires: [[]] },
    ]);
    const push = (catchDisabled: boolean) => buildThreatModel(snapshotOf({ 'flows/flows.json': tab(catchDisabled) })).surfaces.find((s) => s.name === 'Push')!;
    assert.doesNotMatch(threat(push(true), 'D').rationale, /error path|catch node/);
    assert.match(threat(push(false), 'D').rationale, /error path from "\w+" \(error\)/);
  });

  it('attaches /nodes/1 findings to node 1, not to node 10 (segment-wise prefixes)', () => {
    const nodes = Array.from({ length: 11 }, (_, i) => ({ id: `n${i}`, name: `Call ${i}`, type: 'n8n-nodes-base.httpRequest', parameters: { url: i === 10 ? 'http://api.example.com' : 'https://api.example.com' } }));
    const model = buildThreatModel(snapshotOf({ 'f.n8n.json': n8n(nodes) }));
    const findingsOf = (name: string) => model.surfaces.find((s) => s.name === name)!.threats.flatMap((t) => t.findings.map((f) => f.ruleId));
    assert.deepEqual(findingsOf('Call 1'), []);
    assert.ok(findingsOf('Call 10').includes('transport/insecure-http'));
  });

  it('shows a finding elsewhere in the flow on each of its surfaces, marked as such', () => {
    const text = n8n([
      { id: 'h', name: 'Call API', type: 'n8n-nodes-base.httpRequest', parameters: { url: 'https://api.example.com' } },
      { id: 'c', name: 'Build request', type: 'n8n-nodes-base.set', parameters: { values: { string: [{ name: 'token', value: 'ghp_4gaSMyqces2QkkwcsCK4S8SEIAmmGQiwcS8k' }] } } },
    ]);
    const [s] = buildThreatModel(snapshotOf({ 'f.n8n.json': text })).surfaces;
    const f = threat(s, 'I').findings.find((x) => x.ruleId === 'secret/hardcoded-credential');
    assert.ok(f, 'the secret in the Set node keeps disclosure open');
    assert.equal(f.elsewhere, true);
    assert.equal(threat(s, 'I').state, 'open');
  });

  it('gives a finding on another node to the surfaces that node is connected to, not to unrelated branches', () => {
    const text = n8n([
      { id: 'a', name: 'Call A', type: 'n8n-nodes-base.httpRequest', parameters: { url: 'https://a.example.com' } },
      { id: 's', name: 'Build request', type: 'n8n-nodes-base.set', parameters: { values: { string: [{ name: 'token', value: 'ghp_4gaSMyqces2QkkwcsCK4S8SEIAmmGQiwcS8k' }] } } },
      { id: 'b', name: 'Call B', type: 'n8n-nodes-base.httpRequest', parameters: { url: 'https://b.example.com' } },
      { id: 't', name: 'Tick', type: 'n8n-nodes-base.scheduleTrigger', parameters: {} },
    ], { connections: { 'Build request': { main: [[{ node: 'Call A', type: 'main', index: 0 }]] }, Tick: { main: [[{ node: 'Call B', type: 'main', index: 0 }]] } } });
    const model = buildThreatModel(snapshotOf({ 'f.n8n.json': text }));
    const secretOn = (name: string) => model.surfaces.find((s) => s.name === name)!.threats.some((t) => t.findings.some((f) => f.ruleId === 'secret/hardcoded-credential'));
    assert.equal(secretOn('Call A'), true, 'the Set node feeds Call A');
    assert.equal(secretOn('Call B'), false, 'Call B is on another branch');
  });

  it('uses the inventory\'s own zones for inferred boundaries when it declares one platform and one external zone', () => {
    const inventory = ['inventory: 1', 'zones:', '  - { id: web, kind: external }', '  - { id: n8n-prod, kind: platform }', 'surfaces: []', ''].join('\n');
    const model = buildThreatModel(snapshotOf({ 'surfaces.yaml': inventory, 'flows/lead.n8n.json': flow }));
    assert.equal(model.surfaces.find((s) => s.name === 'Form webhook')!.boundaryId, 'web->n8n-prod');
    assert.equal(model.surfaces.find((s) => s.name === 'Notify Slack')!.boundaryId, 'n8n-prod->saas');
  });

  it('applies an inventory\'s zones only to flows in its folder or below', () => {
    const inventory = ['inventory: 1', 'zones:', '  - { id: web, kind: external }', '  - { id: n8n-prod, kind: platform }', 'surfaces: []', ''].join('\n');
    const model = buildThreatModel(snapshotOf({ 'team-a/surfaces.yaml': inventory, 'team-a/flows/lead.n8n.json': flow, 'team-b/lead.n8n.json': flow }));
    const boundaries = model.surfaces.filter((s) => s.name === 'Form webhook').map((s) => `${s.flowPath}: ${s.boundaryId}`).sort();
    assert.deepEqual(boundaries, ['team-a/flows/lead.n8n.json: web->n8n-prod', 'team-b/lead.n8n.json: internet->n8n']);
  });
});

describe('buildThreatModel: findings, scores and risk', () => {
  it('attaches inventory findings to their surface by pointer and by surfaceId', () => {
    const inventory = [
      'inventory: 1',
      'surfaces:',
      '  - id: orders-db',
      '    name: Orders database',
      '    kind: database',
      '    direction: outbound',
      '    classification: confidential',
      '    risk: high',
      '    auth: { secretRef: vault://kv/orders, rotation: { everyDays: 90, last: 2026-06-01 } }',
      '',
    ].join('\n');
    const [s] = buildThreatModel(snapshotOf({ 'surfaces.yaml': inventory })).surfaces;
    assert.equal(s.element, 'data-store');
    assert.equal(s.risk, 'high');
    assert.equal(s.riskSource, 'declared');
    assert.ok(threat(s, 'R').findings.some((f) => f.ruleId === 'ownership/missing-owner'));
    assert.ok(threat(s, 'D').findings.some((f) => f.ruleId === 'inventory/missing-rollback'));
    assert.deepEqual(s.otherFindings.map((f) => f.ruleId), []);
  });

  it('lists findings whose STRIDE letters match none of the surface\'s threats under other findings', () => {
    const [file] = snapshotOf({ 'f.n8n.json': n8n([{ id: 'c', name: 'Run script', type: 'n8n-nodes-base.executeCommand', parameters: { command: 'ls' } }]) });
    const finding = (ruleId: string, threats: ('S' | 'T')[]) => ({ ruleId, severity: 'warning' as const, message: ruleId, uri: file.uri, range: { start: 0, end: 1 }, pointer: '/nodes/0/parameters/command', fingerprint: ruleId, threats });
    const [s] = buildThreatModel([{ ...file, findings: [finding('test/spoofing-only', ['S']), finding('test/no-letters', []), finding('test/tampering', ['T'])] }]).surfaces;
    assert.equal(s.element, 'script');
    assert.deepEqual(s.otherFindings.map((f) => f.ruleId), ['test/spoofing-only', 'test/no-letters']);
    assert.deepEqual(threat(s, 'T').findings.map((f) => f.ruleId), ['test/tampering']);
  });

  it('scores by the documented formula: classification + exposure + auth + scopes + findings', () => {
    const [s] = buildThreatModel(snapshotOf(fixture())).surfaces;
    // internal 7, inbound from an external zone 20, the export shows no auth 20, no scopes 0, one warning 4.
    assert.deepEqual(s.scoreParts, { classification: 7, exposure: 20, auth: 20, scopes: 0, findings: 4 });
    assert.equal(s.score, 51);
    const [fixed] = buildThreatModel(snapshotOf(withHeaderAuth(fixture()))).surfaces;
    assert.deepEqual(fixed.scoreParts, { classification: 7, exposure: 20, auth: 8, scopes: 0, findings: 0 });
    assert.equal(fixed.score, 35);
  });

  it('rates undocumented surfaces by their score band and counts open threats by risk', () => {
    const text = n8n([{ id: 'w', name: 'Hook', type: 'n8n-nodes-base.webhook', parameters: { path: 'x' } }]);
    const model = buildThreatModel(snapshotOf({ 'f.n8n.json': text }));
    const [s] = model.surfaces;
    // unknown classification 10 + internet 20 + no auth 20 + findings (one warning) 4 = 54: high.
    assert.equal(s.score, 54);
    assert.equal(s.risk, 'high');
    assert.equal(s.riskSource, 'score');
    assert.equal(model.summary.openByRisk.high, s.threats.filter((t) => t.state === 'open').length);
  });
});

describe('linking inventory entries to flow surfaces (as the cross-file review does)', () => {
  const flow = n8n([
    { id: 'a', name: 'Call billing', type: 'n8n-nodes-base.httpRequest', parameters: { url: 'https://billing.example.com/api/invoices' } },
    { id: 'b', name: 'Call CRM', type: 'n8n-nodes-base.httpRequest', parameters: { url: 'https://crm.example.com/api/leads' } },
    { id: 'c', name: 'Tell Slack', type: 'n8n-nodes-base.slack', parameters: {}, credentials: { slackApi: { id: '1', name: 'bot' } } },
  ]);
  const inventory = (...entries: string[]) => ['inventory: 1', 'surfaces:', ...entries, ''].join('\n');
  const linkedNodes = (text: string) =>
    buildThreatModel(snapshotOf({ 'surfaces.yaml': text, 'flows/f.n8n.json': flow }))
      .surfaces.filter((s) => s.documented)
      .map((s) => `${s.id} -> ${s.locations[1]?.pointer.replace(/\/name$/, '') ?? 'unlinked'}`);

  it('by flow and node name, or by node id when no node has that name', () => {
    assert.deepEqual(linkedNodes(inventory('  - { id: crm, name: CRM, kind: api, direction: outbound, flow: flows/f.n8n.json, node: b }')), ['crm -> /nodes/1']);
    assert.deepEqual(linkedNodes(inventory('  - { id: crm, name: CRM, kind: api, direction: outbound, flow: flows/f.n8n.json, node: Call CRM }')), ['crm -> /nodes/1']);
  });

  it('by flow and endpoint (a base URL documents its calls) or service, else the only surface of its kind', () => {
    assert.deepEqual(linkedNodes(inventory('  - { id: billing, name: Billing, kind: api, direction: outbound, flow: flows/f.n8n.json, endpoint: "https://billing.example.com/api" }')), ['billing -> /nodes/0']);
    assert.deepEqual(linkedNodes(inventory('  - { id: chat, name: Slack, kind: connector, direction: outbound, flow: flows/f.n8n.json }')), ['chat -> /nodes/2']);
    assert.deepEqual(linkedNodes(inventory('  - { id: some-api, name: Some API, kind: api, direction: outbound, flow: flows/f.n8n.json }')), ['some-api -> unlinked'], 'two API calls: ambiguous');
  });

  it('without flow: the one flow surface of the folder with that endpoint; ambiguous matches stay unlinked', () => {
    assert.deepEqual(linkedNodes(inventory('  - { id: crm, name: CRM, kind: api, direction: outbound, endpoint: "https://crm.example.com/api" }')), ['crm -> /nodes/1']);
    assert.deepEqual(linkedNodes(inventory('  - { id: all, name: Everything, kind: api, direction: outbound, endpoint: "/api/leads" }', '  - { id: x, name: X, kind: api, direction: outbound, endpoint: "https://nowhere.example.com" }')), ['all -> /nodes/1', 'x -> unlinked']);
  });
});

describe('surface ids', () => {
  it('stay unique when two inventories (or two entries) use one id', () => {
    const entry = ['inventory: 1', 'surfaces:', '  - { id: crm, name: CRM, kind: connector, direction: outbound, owner: a@example.com, classification: internal, risk: low, rollback: Stop it. }', ''].join('\n');
    const model = buildThreatModel(snapshotOf({ 'a/surfaces.yaml': entry, 'b/surfaces.yaml': entry }));
    assert.deepEqual(model.surfaces.map((s) => s.id).sort(), ['b/surfaces.yaml#crm#1', 'crm']);
    assert.deepEqual(model.surfaces.find((s) => s.id !== 'crm')!.threats.map((t) => t.id)[0], 'b/surfaces.yaml#crm#1/S');
  });
});

describe('assembleThreatModel with a cache', () => {
  it('reuses the surfaces of unchanged files and recomputes the changed one', () => {
    const files = { ...fixture(), 'other.n8n.json': n8n([{ id: 'h', name: 'Call API', type: 'n8n-nodes-base.httpRequest', parameters: { url: 'https://a.example.com' } }]) };
    const snapshot = snapshotOf(files);
    const parts = snapshot.map(threatModelPart);
    const cache = new ThreatModelCache();
    const first = assembleThreatModel(parts, cache);
    const again = assembleThreatModel(parts, cache);
    assert.deepEqual(again.surfaces.map((s) => s.id), first.surfaces.map((s) => s.id));
    again.surfaces.forEach((s, i) => assert.equal(s, first.surfaces[i], 'the same object: nothing recomputed'));
    const edited = snapshotOf(withHeaderAuth(files));
    const flowIndex = edited.findIndex((f) => f.path === 'stripe-events.n8n.json');
    const next = assembleThreatModel(parts.map((p, i) => (i === flowIndex ? threatModelPart(edited[i]) : p)), cache);
    assert.equal(next.surfaces.find((s) => s.id === 'other.n8n.json#h'), first.surfaces.find((s) => s.id === 'other.n8n.json#h'));
    assert.notEqual(next.surfaces.find((s) => s.id === 'stripe-events'), first.surfaces.find((s) => s.id === 'stripe-events'));
    assert.equal(states(next.surfaces.find((s) => s.id === 'stripe-events')!), 'S:mitigated T:mitigated R:mitigated I:mitigated D:mitigated E:mitigated');
    assert.deepEqual(next, buildThreatModel(edited), 'incremental and full builds agree');
  });
});

describe('buildThreatModel on examples/', () => {
  it('links every documented surface that names a flow node, and explains the open webhook and the leaked key', () => {
    const model = buildThreatModel(snapshotOf(filesUnder(EXAMPLES)));
    const inventory = readFileSync(path.join(EXAMPLES, 'surfaces.yaml'), 'utf8');
    for (const s of model.surfaces.filter((x) => x.documented && x.flowPath)) {
      assert.equal(s.locations.length, 2, `${s.id} is linked to its flow node`);
      assert.ok(inventory.includes(`id: ${s.id}`));
    }
    assert.ok(model.surfaces.every((s) => s.documented), 'every surface of the example flows is in the inventory');
    const webhook = model.surfaces.find((s) => s.id === 'lead-intake-webhook')!;
    assert.equal(webhook.boundaryId.split('->')[0], 'internet');
    assert.equal(threat(webhook, 'S').state, 'open');
    assert.ok(threat(webhook, 'S').findings.some((f) => f.ruleId === 'ingress/unauthenticated-webhook'));
    const openai = model.surfaces.find((s) => s.id === 'openai-lead-scoring')!;
    assert.ok(threat(openai, 'I').findings.some((f) => f.ruleId === 'secret/hardcoded-credential' && !f.elsewhere));
    assert.ok(model.summary.open > 0 && model.summary.mitigated > 0);
  });
});
