// Inventory editing through the language server as an editor sees it: completion, hover, document symbols,
// ignore comments and the workspace policy file, over stdio.
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CompletionRequest,
  DidOpenTextDocumentNotification,
  DocumentSymbolRequest,
  HoverRequest,
  type CompletionItem,
  type DocumentSymbol,
} from 'vscode-languageserver-protocol/node';
import { LspSession, uriOf } from '../helpers/lspSession.js';

const INVENTORY = [
  'inventory: 1',
  'zones:',
  '  - { id: internet, kind: external, description: The public internet }',
  '  - { id: core, kind: internal }',
  'surfaces:',
  '  - id: graph-mail',
  '    name: Graph mail reader',
  '    kind: connector',
  '    direction: outbound',
  '    owner: mail-team@example.com',
  '    risk: high',
  '    rollback: Revoke the app consent.',
  '    boundary:',
  '      from: core',
  '      to: ',
  '    auth:',
  '      method: oauth2',
  '      scopes: [Mail.ReadWrite]',
  '  # surface-review-ignore ownership/missing-owner -- owned by the web team, tracked in SEC-12',
  '  - id: form-hook',
  '    name: Form webhook',
  '    kind: webhook',
  '    direction: inbound',
  '    risk: low',
  '',
].join('\n');

describe('language server: inventory editing', () => {
  let session: LspSession;
  let workspace: string;
  const uri = () => uriOf(path.join(workspace, 'app.surfaces.yaml'));

  const position = (line: number, character: number) => ({ line, character });
  const lineOf = (needle: string) => INVENTORY.split('\n').findIndex((l) => l.includes(needle));

  before(async () => {
    workspace = mkdtempSync(path.join(tmpdir(), 'sr-inv-'));
    writeFileSync(path.join(workspace, '.surface-review.yaml'), 'version: 1\ncadences:\n  reviewDays: 7\n');
    writeFileSync(path.join(workspace, 'CODEOWNERS'), '* @acme/platform\n');
    session = new LspSession();
    const init = await session.start([workspace]);
    assert.ok(init.capabilities.completionProvider && init.capabilities.hoverProvider && init.capabilities.documentSymbolProvider);
    await session.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uri(), languageId: 'yaml', version: 1, text: INVENTORY } });
  });

  after(() => session.stop());

  it('completes zone ids for a boundary, within the latency an editor needs', async () => {
    const at = position(lineOf('      to: '), '      to: '.length);
    const started = performance.now();
    const items = (await session.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: uri() }, position: at })) as CompletionItem[];
    const ms = performance.now() - started;
    assert.deepEqual(items.map((i) => i.label), ['internet', 'core']);
    assert.ok(ms < 500, `completion took ${ms.toFixed(1)} ms`);
    console.log(`completion latency: ${ms.toFixed(1)} ms`);
  });

  it('completes keys of a surface that are not there yet', async () => {
    const text = INVENTORY.replace('    risk: low\n', '    risk: low\n    cla\n');
    const half = uriOf(path.join(workspace, 'half.surfaces.yaml'));
    await session.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: half, languageId: 'yaml', version: 1, text } });
    const line = text.split('\n').findIndex((l) => l === '    cla');
    const items = (await session.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: half }, position: position(line, 7) })) as CompletionItem[];
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('classification') && labels.includes('owner'), labels.join());
    assert.ok(!labels.includes('risk') && !labels.includes('name'), 'keys already present are not offered');
  });

  it('offers CODEOWNERS owners on owner:', async () => {
    const text = INVENTORY.replace('    risk: low\n', '    risk: low\n    owner: \n');
    const file = uriOf(path.join(workspace, 'owners.surfaces.yaml'));
    await session.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: file, languageId: 'yaml', version: 1, text } });
    const line = text.split('\n').findIndex((l) => l === '    owner: ');
    const items = (await session.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: file }, position: position(line, 11) })) as CompletionItem[];
    assert.deepEqual(items.map((i) => i.label), ['mail-team@example.com', '@acme/platform']);
  });

  it('hovers a field with its description and a scope with its risk and narrower alternatives', async () => {
    const keyHover = await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uri() }, position: position(lineOf('    rollback:'), 6) });
    assert.match(JSON.stringify(keyHover?.contents), /How to contain the surface if it is compromised/);
    const scopeLine = lineOf('scopes: [Mail.ReadWrite]');
    const scopeHover = await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uri() }, position: position(scopeLine, INVENTORY.split('\n')[scopeLine].indexOf('Mail') + 2) });
    const value = (scopeHover?.contents as { value: string }).value;
    assert.match(value, /Microsoft Graph · risk \*\*high\*\*/);
    assert.match(value, /Narrower alternatives: `Mail.Read`, `Mail.ReadBasic`/);
  });

  it('outlines the zones and surfaces', async () => {
    const symbols = (await session.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: uri() } })) as DocumentSymbol[];
    assert.deepEqual(symbols.map((s) => [s.name, s.children?.map((c) => c.name)]), [['zones', ['internet', 'core']], ['surfaces', ['graph-mail', 'form-hook']]]);
    assert.equal(symbols[1].children![0].detail, 'connector · outbound · risk high · mail-team@example.com');
  });

  it('honours ignore comments and the workspace policy in diagnostics', async () => {
    const diagnostics = await session.waitForDiagnostics(uri(), 'inventory diagnostics');
    const codes = diagnostics.map((d) => d.code);
    assert.ok(!codes.includes('ownership/missing-owner'), 'the ignore comment suppresses the next line');
    assert.ok(codes.includes('scope/overbroad'));
    const review = diagnostics.filter((d) => d.code === 'inventory/review-overdue');
    assert.ok(review.length === 2 && review.every((d) => /every 7 days/.test(String(d.message))), 'the policy cadence of .surface-review.yaml applies');
    assert.equal(session.child.exitCode, null);
  });
});
