// The workspace as one system, over stdio: inventory ↔ flow drift across documents, quick fixes that edit the other
// file, file events, suppressions, and an untrusted workspace whose policy may only tighten.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CodeActionRequest,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidDeleteFilesNotification,
  DidOpenTextDocumentNotification,
  DidRenameFilesNotification,
  FileChangeType,
  type CodeAction,
  type TextDocumentEdit,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { WorkspaceTrustNotification } from '../../server/src/protocol.js';
import { LspSession, uriOf, type StartOptions } from '../helpers/lspSession.js';

const FLOW = {
  name: 'Order intake',
  nodes: [
    { id: 'n1', name: 'Order webhook', type: 'n8n-nodes-base.webhook', parameters: { path: 'orders', httpMethod: 'POST', authentication: 'headerAuth' } },
    { id: 'n2', name: 'Send to fulfilment', type: 'n8n-nodes-base.httpRequest', parameters: { method: 'POST', url: 'https://fulfilment.example.com/api/v1/orders', options: { timeout: 1000 } } },
  ],
  connections: {},
  settings: { errorWorkflow: '1' },
};
const OPEN_FLOW = { name: 'Open', nodes: [{ id: 'w', name: 'Open hook', type: 'n8n-nodes-base.webhook', parameters: { path: 'open' } }], connections: {}, settings: { errorWorkflow: '1' } };

const INVENTORY = [
  'inventory: 1',
  'surfaces:',
  '  - id: order-webhook',
  '    name: Order webhook',
  '    kind: webhook',
  '    direction: inbound',
  '    flow: flows/orders.n8n.json',
  '    node: Order webhook',
  '  - id: old-step',
  '    name: Old step',
  '    kind: api',
  '    direction: outbound',
  '    flow: flows/orders.n8n.json',
  '    node: Removed step',
  '',
].join('\n');

const POLICY = ['version: 1', 'suppressions:', '  - { rule: scope/overbroad, path: "legacy/**", reason: legacy connector, owner: sec@example.com, expires: 2099-01-01 }', ''].join('\n');

/** The client applies workspace edits that create files (the policy file a suppression goes into). */
const CREATES_FILES: StartOptions['capabilities'] = { workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } } };

describe('language server: the workspace as one system', () => {
  let ws: string;
  let bare: string;
  let session: LspSession;
  const flowUri = () => uriOf(path.join(ws, 'flows', 'orders.n8n.json'));
  const inventoryUri = () => uriOf(path.join(ws, 'surfaces.yaml'));
  const policyUri = () => uriOf(path.join(ws, '.surface-review.yaml'));

  before(async () => {
    ws = mkdtempSync(path.join(tmpdir(), 'sr-ws-'));
    mkdirSync(path.join(ws, 'flows'));
    writeFileSync(path.join(ws, 'flows', 'orders.n8n.json'), JSON.stringify(FLOW, null, 2));
    writeFileSync(path.join(ws, 'surfaces.yaml'), INVENTORY);
    writeFileSync(path.join(ws, '.surface-review.yaml'), POLICY);
    writeFileSync(path.join(ws, 'CODEOWNERS'), '* @acme/platform\n');
    bare = mkdtempSync(path.join(tmpdir(), 'sr-bare-'));
    writeFileSync(path.join(bare, 'open.n8n.json'), JSON.stringify(OPEN_FLOW, null, 2));
    session = new LspSession();
    await session.start([ws, bare], { capabilities: CREATES_FILES });
  });

  after(() => session.stop());

  it('publishes cross-file findings on each side, with related information pointing into the other file', async () => {
    const [drift] = await session.until('the undocumented surface', () => session.diagnostics(flowUri(), 'drift/undocumented-surface').length === 1 && session.diagnostics(flowUri(), 'drift/undocumented-surface'));
    assert.match(String(drift.message), /^Outbound API call "Send to fulfilment"/);
    assert.deepEqual(drift.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line, r.message]), [[inventoryUri(), 1, 'The inventory that covers flows/orders.n8n.json']]);
    const [stale] = await session.waitForDiagnostics(inventoryUri(), 'the stale entry', 'drift/stale-entry');
    assert.equal(stale.range.start.line, 13);
    assert.equal(stale.relatedInformation?.[0].location.uri, flowUri());
    const [unused] = await session.waitForDiagnostics(policyUri(), 'the unused suppression', 'policy/unused-suppression');
    assert.equal(unused.severity, 3);
    const status = session.statuses.at(-1)!;
    assert.ok(status.counts.warning >= 2 && status.counts.info >= 1, `status counts cross-file findings: ${JSON.stringify(status.counts)}`);
  });

  it('offers "Add to inventory" with the edit in the inventory, and "Suppress with reason..." into the policy file', async () => {
    const [drift] = session.diagnostics(flowUri(), 'drift/undocumented-surface');
    const actions = (await session.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: flowUri() }, range: drift.range, context: { diagnostics: [drift] } })) as CodeAction[];
    assert.deepEqual(actions.map((a) => a.title), ['Add to inventory', 'Suppress with reason...']);
    const [add, suppress] = actions;
    assert.equal(add.isPreferred, true);
    const [edit] = add.edit!.changes![inventoryUri()];
    assert.deepEqual(edit.range, { start: { line: 14, character: 0 }, end: { line: 14, character: 0 } });
    assert.match(edit.newText, /^ {2}- id: order-intake-send-to-fulfilment\n {4}name: Send to fulfilment\n/);
    const [policyEdit] = suppress.edit!.changes![policyUri()];
    assert.deepEqual(policyEdit.range.start, { line: 3, character: 0 });
    const fingerprint = (drift.data as { fingerprint: string }).fingerprint;
    assert.match(policyEdit.newText, new RegExp(`^ {2}- fingerprint: ${fingerprint}\n {4}rule: drift/undocumented-surface\n {4}path: flows/orders\\.n8n\\.json\n {4}reason: "TODO: why this is acceptable"\n {4}owner: "@acme/platform"\n {4}expires: \\d{4}-\\d{2}-\\d{2}\n$`));
    assert.equal(suppress.command?.command, 'surfaceReview.revealSuppression');
  });

  it('creates the policy file when a folder has none', async () => {
    const uri = uriOf(path.join(bare, 'open.n8n.json'));
    const [open] = await session.waitForDiagnostics(uri, 'the open webhook', 'ingress/unauthenticated-webhook');
    const actions = (await session.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: open.range, context: { diagnostics: [open] } })) as CodeAction[];
    const suppress = actions.find((a) => a.title === 'Suppress with reason...')!;
    const [create, text] = suppress.edit!.documentChanges!;
    assert.deepEqual(create, { kind: 'create', uri: uriOf(path.join(bare, '.surface-review.yaml')), options: { ignoreIfExists: true } });
    assert.match(((text as TextDocumentEdit).edits[0] as TextEdit).newText, /^# Surface Review policy .*\nversion: 1\nsuppressions:\n {2}- fingerprint: [0-9a-f]{16}\n {4}rule: ingress\/unauthenticated-webhook\n {4}path: open\.n8n\.json\n/);
  });

  it('re-publishes the flow when the inventory is edited, without touching the flow', async () => {
    const [drift] = session.diagnostics(flowUri(), 'drift/undocumented-surface');
    const actions = (await session.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: flowUri() }, range: drift.range, context: { diagnostics: [drift] } })) as CodeAction[];
    const [edit] = actions[0].edit!.changes![inventoryUri()];
    const lines = INVENTORY.split('\n');
    const fixed = [...lines.slice(0, edit.range.start.line), edit.newText.replace(/\n$/, ''), ...lines.slice(edit.range.start.line)].join('\n');
    await session.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: inventoryUri(), languageId: 'yaml', version: 1, text: INVENTORY } });
    const before = session.published.get(flowUri());
    const started = performance.now();
    await session.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: inventoryUri(), version: 2 }, contentChanges: [{ text: fixed }] });
    await session.until('the flow to lose its drift finding', () => session.published.get(flowUri()) !== before && session.diagnostics(flowUri(), 'drift/undocumented-surface').length === 0);
    console.log(`inventory edit → flow republished in ${(performance.now() - started).toFixed(0)} ms`);
    // Back to the text on disk: the finding returns.
    await session.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: inventoryUri(), version: 3 }, contentChanges: [{ text: INVENTORY }] });
    await session.until('the finding to come back', () => session.diagnostics(flowUri(), 'drift/undocumented-surface').length === 1);
  });

  it('follows renames and deletions of flows (file events)', async () => {
    const from = path.join(ws, 'flows', 'orders.n8n.json');
    const to = path.join(ws, 'flows', 'orders-v2.n8n.json');
    renameSync(from, to);
    await session.connection.sendNotification(DidRenameFilesNotification.type, { files: [{ oldUri: uriOf(from), newUri: uriOf(to) }] });
    await session.until('both entries to be stale, and the flow undocumented at its new path', () => session.diagnostics(inventoryUri(), 'drift/stale-entry').length === 2 && session.diagnostics(uriOf(to), 'drift/undocumented-surface').length === 2);
    assert.match(String(session.diagnostics(inventoryUri(), 'drift/stale-entry')[0].message), /names flow `flows\/orders\.n8n\.json`, which is not in the workspace/);
    await session.until('the old uri to be cleared', () => session.diagnostics(uriOf(from)).length === 0);
    renameSync(to, from);
    await session.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(to), type: FileChangeType.Deleted }, { uri: uriOf(from), type: FileChangeType.Created }] });
    await session.until('one stale entry again', () => session.diagnostics(inventoryUri(), 'drift/stale-entry').length === 1 && session.diagnostics(uriOf(from), 'drift/undocumented-surface').length === 1);
    unlinkSync(from);
    await session.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(from), type: FileChangeType.Deleted }] });
    await session.until('the deletion to make both entries stale', () => session.diagnostics(inventoryUri(), 'drift/stale-entry').length === 2);
    writeFileSync(from, JSON.stringify(FLOW, null, 2));
    await session.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(from), type: FileChangeType.Created }] });
    await session.until('the flow to be back', () => session.diagnostics(inventoryUri(), 'drift/stale-entry').length === 1);
  });

  it('forgets every file of a deleted folder', async () => {
    const dir = path.join(ws, 'extra');
    const file = path.join(dir, 'x.n8n.json');
    mkdirSync(dir);
    writeFileSync(file, JSON.stringify(FLOW, null, 2));
    await session.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(file), type: FileChangeType.Created }] });
    await session.until('the new flow to be linked', () => session.diagnostics(uriOf(file), 'drift/undocumented-surface').length === 2);
    rmSync(dir, { recursive: true });
    await session.connection.sendNotification(DidDeleteFilesNotification.type, { files: [{ uri: uriOf(dir) }] });
    await session.until('its diagnostics to be cleared', () => session.published.has(uriOf(file)) && session.diagnostics(uriOf(file)).length === 0);
  });
});

describe('language server: an untrusted workspace', () => {
  let ws: string;
  let session: LspSession;
  const flowUri = () => uriOf(path.join(ws, 'open.n8n.json'));

  before(async () => {
    ws = mkdtempSync(path.join(tmpdir(), 'sr-untrusted-'));
    writeFileSync(path.join(ws, 'open.n8n.json'), JSON.stringify(OPEN_FLOW, null, 2));
    writeFileSync(path.join(ws, '.surface-review.yaml'), [
      'version: 1',
      'severity: { ingress/unauthenticated-webhook: hint }',
      'suppressions:',
      '  - { rule: ingress/unauthenticated-webhook, reason: behind the VPN, owner: sec@example.com, expires: 2099-01-01 }',
      '',
    ].join('\n'));
    session = new LspSession();
    await session.start([ws], { initializationOptions: { workspaceTrusted: false }, capabilities: CREATES_FILES });
  });

  after(() => session.stop());

  it('still reviews, but the policy file can neither suppress nor lower, and the user is told once why', async () => {
    const [open] = await session.waitForDiagnostics(flowUri(), 'the open webhook', 'ingress/unauthenticated-webhook');
    assert.equal(open.severity, 2, 'a warning, not the policy\'s hint');
    const [message] = await session.until('the notice', () => (session.messages.length ? session.messages : undefined));
    assert.match(String(message.message), /not trusted, so its policy file \(\.surface-review\.yaml\) may only tighten the review: 1 suppression\(s\); severity overrides that may lower a finding are not applied/);
    assert.equal(session.messages.length, 1);
    assert.deepEqual(session.diagnostics(uriOf(path.join(ws, '.surface-review.yaml')), 'policy/unused-suppression'), [], 'no suppression applies, so none is "unused"');
  });

  it('applies the policy in full once trust is granted', async () => {
    await session.connection.sendNotification(WorkspaceTrustNotification, { trusted: true });
    await session.until('the suppression to apply', () => session.published.has(flowUri()) && session.diagnostics(flowUri(), 'ingress/unauthenticated-webhook').length === 0);
    assert.equal(session.messages.length, 1);
  });
});

describe('language server: a large inventory, parsed entry by entry', () => {
  let ws: string;
  let session: LspSession;
  const ENTRIES = 500;
  const flowUri = () => uriOf(path.join(ws, 'flows', 'orders.n8n.json'));
  const inventoryUri = () => uriOf(path.join(ws, 'surfaces.yaml'));
  const entry = (i: number, node?: string) => [
    `  - id: step-${i}`,
    `    name: Step ${i} of the order flow, documented at length so that the inventory is large`,
    '    kind: api',
    '    direction: outbound',
    ...(node ? ['    flow: flows/orders.n8n.json', `    node: ${node}`] : [`    endpoint: https://step-${i}.example.com/v1`]),
    '    owner: orders@example.com',
    '    classification: internal',
    '    risk: low',
    '    rollback: Switch the flow off and tell the order desk.',
  ];
  const big = (skip?: number) => ['inventory: 1', 'surfaces:', ...Array.from({ length: ENTRIES }, (_, i) => (i === skip ? [] : entry(i, i === ENTRIES - 1 ? 'Gone step' : i === 0 ? 'Send to fulfilment' : undefined))).flat(), ''].join('\n');

  before(async () => {
    ws = mkdtempSync(path.join(tmpdir(), 'sr-big-'));
    mkdirSync(path.join(ws, 'flows'));
    writeFileSync(path.join(ws, 'flows', 'orders.n8n.json'), JSON.stringify({ ...FLOW, nodes: [FLOW.nodes[1]] }, null, 2));
    writeFileSync(path.join(ws, 'surfaces.yaml'), big());
    assert.ok(big().length > 128 * 1024, 'large enough for the entry-by-entry parse');
    session = new LspSession();
    await session.start([ws], { capabilities: CREATES_FILES });
  });

  after(() => session.stop());

  it('updates the flow and keeps the inventory\'s ranges right as entries are removed and restored', async () => {
    const staleLine = (text: string) => text.split('\n').indexOf('    node: Gone step');
    await session.until('the stale entry', () => session.diagnostics(inventoryUri(), 'drift/stale-entry').length === 1);
    assert.equal(session.diagnostics(inventoryUri(), 'drift/stale-entry')[0].range.start.line, staleLine(big()));
    await session.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: inventoryUri(), languageId: 'yaml', version: 1, text: big() } });
    await session.until('the opened inventory', () => session.published.get(inventoryUri())?.version === 1);
    const edited = big(0);
    await session.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: inventoryUri(), version: 2 }, contentChanges: [{ text: edited }] });
    const [drift] = await session.waitForDiagnostics(flowUri(), 'the flow\'s call to be undocumented', 'drift/undocumented-surface');
    assert.equal(drift.relatedInformation?.[0].location.range.start.line, 1, 'related: the `surfaces` key');
    await session.until('the inventory at version 2', () => session.published.get(inventoryUri())?.version === 2);
    assert.equal(session.diagnostics(inventoryUri(), 'drift/stale-entry')[0].range.start.line, staleLine(edited));
    await session.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: inventoryUri(), version: 3 }, contentChanges: [{ text: big() }] });
    await session.until('the finding to clear', () => session.diagnostics(flowUri(), 'drift/undocumented-surface').length === 0 && session.published.get(inventoryUri())?.version === 3);
    assert.equal(session.diagnostics(inventoryUri(), 'drift/stale-entry')[0].range.start.line, staleLine(big()));
  });
});
