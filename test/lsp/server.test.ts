// The language server as an editor sees it: dist/server.js --stdio, spoken to over JSON-RPC.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CodeActionRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
} from 'vscode-languageserver-protocol/node';
import { LspSession, uriOf } from '../helpers/lspSession.js';

const NO_NETWORK = path.resolve(__dirname, '../helpers/no-network.cjs');
const KEY = 'ghp_4gaSMyqces2QkkwcsCK4S8SEIAmmGQiwcS8k';

const flowWith = (headerValue: string) => JSON.stringify({
  name: 'Flow',
  nodes: [{ name: 'Call', type: 'n8n-nodes-base.httpRequest', parameters: { url: 'https://api.github.com', headerParameters: { parameters: [{ name: 'Authorization', value: headerValue }] } } }],
  connections: {},
}, null, 2);

describe('language server over stdio', () => {
  let session: LspSession;
  let workspace: string;
  let networkLog: string;

  before(() => {
    workspace = mkdtempSync(path.join(tmpdir(), 'sr-lsp-'));
    writeFileSync(path.join(workspace, 'on-disk.n8n.json'), flowWith(`Bearer ${KEY}`));
    writeFileSync(path.join(workspace, 'package.json'), '{"name": "not-ours"}');
    networkLog = path.join(workspace, '..', `${path.basename(workspace)}-network.log`);
    session = new LspSession(undefined, { execArgv: ['--require', NO_NETWORK], env: { ...process.env, NO_NETWORK_LOG: networkLog } });
  });

  after(() => session.stop());

  it('answers initialize with its capabilities', async () => {
    const result = await session.start([workspace]);
    assert.equal(result.serverInfo?.name, 'surface-review');
    assert.ok(result.capabilities.codeActionProvider);
  });

  it('scans the workspace at start and publishes for files on disk', async () => {
    const uri = uriOf(path.join(workspace, 'on-disk.n8n.json'));
    const diagnostics = await session.waitForDiagnostics(uri, 'disk diagnostics');
    assert.equal(diagnostics[0].code, 'secret/hardcoded-credential');
    assert.equal(session.published.has(uriOf(path.join(workspace, 'package.json'))), false);
    const status = await session.until('status', () => session.statuses.find((s) => !s.scanning && s.files === 1));
    assert.equal(status.counts.error, 1);
  });

  it('publishes a diagnostic on the exact range of an opened document, then clears it when the key is edited away', async () => {
    const uri = 'file:///virtual/opened.n8n.json';
    const text = flowWith(`Bearer ${KEY}`);
    await session.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'json', version: 1, text } });
    const [diagnostic] = await session.waitForDiagnostics(uri, 'diagnostic');
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes(KEY));
    const character = lines[line].indexOf(KEY);
    assert.deepEqual(diagnostic.range, { start: { line, character }, end: { line, character: character + KEY.length } });
    assert.equal(diagnostic.code, 'secret/hardcoded-credential');
    assert.equal(diagnostic.source, 'surface-review');
    assert.equal(diagnostic.severity, 1);
    assert.match(diagnostic.codeDescription!.href, /^file:\/\/.*\/docs\/rules\/secret\/hardcoded-credential\.md$/);
    assert.match(diagnostic.message as string, /\(ghp_…\)/);
    assert.ok(!JSON.stringify(diagnostic).includes(KEY), 'the raw secret reached the client');

    const actions = await session.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    const fix = actions?.find((a) => 'edit' in a && a.title.startsWith('Replace with {{ $env.AUTHORIZATION }}'));
    assert.ok(fix && 'edit' in fix && fix.edit?.changes?.[uri]?.length === 1);

    const fixedText = flowWith('={{ $env.GITHUB_TOKEN }}');
    await session.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixedText }] });
    const cleared = await session.waitForPublication(uri, 'diagnostics cleared', (p) => p.version === 2);
    assert.deepEqual(cleared.diagnostics.map((d) => d.code), ['ownership/missing-owner'], 'the key is gone; the flow still names no owner');
  });

  it('publishes a parse diagnostic for a truncated document and never crashes', async () => {
    const uri = 'file:///virtual/truncated.n8n.json';
    const text = flowWith(`Bearer ${KEY}`).slice(0, 150);
    await session.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'json', version: 1, text } });
    const { diagnostics } = await session.waitForPublication(uri, 'parse diagnostic', (p) => p.diagnostics.some((d) => d.code === 'parse/syntax-error'));
    assert.match(diagnostics.find((d) => d.code === "parse/syntax-error")!.message as string, /does not parse/);
    assert.equal(session.child.exitCode, null);
  });

  it('made no network request while doing all of the above', () => {
    assert.equal(existsSync(networkLog) ? readFileSync(networkLog, 'utf8') : '', '');
  });

  it('gives documents that are not ours no diagnostics', async () => {
    const uri = 'file:///virtual/tsconfig.json';
    await session.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'json', version: 1, text: '{"compilerOptions": {"strict": true}}' } });
    const d = await session.waitForPublication(uri, 'empty publish');
    assert.deepEqual(d.diagnostics, []);
  });
});
