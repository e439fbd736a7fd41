// Inventory editing through the language server as an editor sees it: completion, hover, document symbols,
// ignore comments and the workspace policy file, over stdio.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import {
  CompletionRequest,
  ConfigurationRequest,
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  DocumentSymbolRequest,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
  type CompletionItem,
  type DocumentSymbol,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

const SERVER = path.resolve(__dirname, '../../dist/server.js');

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
  let child: ChildProcess;
  let connection: ProtocolConnection;
  let workspace: string;
  const published = new Map<string, PublishDiagnosticsParams>();
  let waiters: (() => void)[] = [];
  const uri = () => pathToFileURL(path.join(workspace, 'app.surfaces.yaml')).toString();

  async function until<T>(what: string, predicate: () => T | undefined, timeoutMs = 20_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = predicate();
      if (v) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(200, end - Date.now()));
        waiters.push(() => { clearTimeout(timer); resolve(); });
      });
      waiters = [];
    }
  }

  const position = (line: number, character: number) => ({ line, character });
  const lineOf = (needle: string) => INVENTORY.split('\n').findIndex((l) => l.includes(needle));

  before(async () => {
    workspace = mkdtempSync(path.join(tmpdir(), 'sr-inv-'));
    writeFileSync(path.join(workspace, '.surface-review.yaml'), 'version: 1\ncadences:\n  reviewDays: 7\n');
    writeFileSync(path.join(workspace, 'CODEOWNERS'), '* @acme/platform\n');
    child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      published.set(p.uri, p);
      for (const w of waiters) w();
    });
    connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => ({ enable: true, rules: {}, maxFileSizeKB: 10240 })));
    connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    connection.listen();
    const init = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: [{ uri: pathToFileURL(workspace).toString(), name: 'ws' }],
      capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true } },
    });
    assert.ok(init.capabilities.completionProvider && init.capabilities.hoverProvider && init.capabilities.documentSymbolProvider);
    await connection.sendNotification(InitializedNotification.type, {});
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uri(), languageId: 'yaml', version: 1, text: INVENTORY } });
  });

  after(() => {
    connection.dispose();
    child.kill();
  });

  it('completes zone ids for a boundary, within the latency an editor needs', async () => {
    const at = position(lineOf('      to: '), '      to: '.length);
    const started = performance.now();
    const items = (await connection.sendRequest(CompletionRequest.type, { textDocument: { uri: uri() }, position: at })) as CompletionItem[];
    const ms = performance.now() - started;
    assert.deepEqual(items.map((i) => i.label), ['internet', 'core']);
    assert.ok(ms < 500, `completion took ${ms.toFixed(1)} ms`);
    console.log(`completion latency: ${ms.toFixed(1)} ms`);
  });

  it('completes keys of a surface that are not there yet', async () => {
    const text = INVENTORY.replace('    risk: low\n', '    risk: low\n    cla\n');
    const half = pathToFileURL(path.join(workspace, 'half.surfaces.yaml')).toString();
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: half, languageId: 'yaml', version: 1, text } });
    const line = text.split('\n').findIndex((l) => l === '    cla');
    const items = (await connection.sendRequest(CompletionRequest.type, { textDocument: { uri: half }, position: position(line, 7) })) as CompletionItem[];
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('classification') && labels.includes('owner'), labels.join());
    assert.ok(!labels.includes('risk') && !labels.includes('name'), 'keys already present are not offered');
  });

  it('offers CODEOWNERS owners on owner:', async () => {
    const text = INVENTORY.replace('    risk: low\n', '    risk: low\n    owner: \n');
    const file = pathToFileURL(path.join(workspace, 'owners.surfaces.yaml')).toString();
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: file, languageId: 'yaml', version: 1, text } });
    const line = text.split('\n').findIndex((l) => l === '    owner: ');
    const items = (await connection.sendRequest(CompletionRequest.type, { textDocument: { uri: file }, position: position(line, 11) })) as CompletionItem[];
    assert.deepEqual(items.map((i) => i.label), ['mail-team@example.com', '@acme/platform']);
  });

  it('hovers a field with its description and a scope with its risk and narrower alternatives', async () => {
    const keyHover = await connection.sendRequest(HoverRequest.type, { textDocument: { uri: uri() }, position: position(lineOf('    rollback:'), 6) });
    assert.match(JSON.stringify(keyHover?.contents), /How to contain the surface if it is compromised/);
    const scopeLine = lineOf('scopes: [Mail.ReadWrite]');
    const scopeHover = await connection.sendRequest(HoverRequest.type, { textDocument: { uri: uri() }, position: position(scopeLine, INVENTORY.split('\n')[scopeLine].indexOf('Mail') + 2) });
    const value = (scopeHover?.contents as { value: string }).value;
    assert.match(value, /Microsoft Graph · risk \*\*high\*\*/);
    assert.match(value, /Narrower alternatives: `Mail.Read`, `Mail.ReadBasic`/);
  });

  it('outlines the zones and surfaces', async () => {
    const symbols = (await connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: uri() } })) as DocumentSymbol[];
    assert.deepEqual(symbols.map((s) => [s.name, s.children?.map((c) => c.name)]), [['zones', ['internet', 'core']], ['surfaces', ['graph-mail', 'form-hook']]]);
    assert.equal(symbols[1].children![0].detail, 'connector · outbound · risk high · mail-team@example.com');
  });

  it('honours ignore comments and the workspace policy in diagnostics', async () => {
    const diagnostics = await until('inventory diagnostics', () => published.get(uri())?.diagnostics.length ? published.get(uri())!.diagnostics : undefined);
    const codes = diagnostics.map((d) => d.code);
    assert.ok(!codes.includes('ownership/missing-owner'), 'the ignore comment suppresses the next line');
    assert.ok(codes.includes('scope/overbroad'));
    const review = diagnostics.filter((d) => d.code === 'inventory/review-overdue');
    assert.ok(review.length === 2 && review.every((d) => /every 7 days/.test(String(d.message))), 'the policy cadence of .surface-review.yaml applies');
    assert.equal(child.exitCode, null);
  });
});
