// The language server as an editor sees it: dist/server.js --stdio, spoken to over JSON-RPC.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import {
  CodeActionRequest,
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { StatusNotification, type ReviewStatus } from '../../server/src/protocol.js';

const SERVER = path.resolve(__dirname, '../../dist/server.js');
const NO_NETWORK = path.resolve(__dirname, '../helpers/no-network.cjs');
const KEY = 'ghp_4gaSMyqces2QkkwcsCK4S8SEIAmmGQiwcS8k';

const flowWith = (headerValue: string) => JSON.stringify({
  name: 'Flow',
  nodes: [{ name: 'Call', type: 'n8n-nodes-base.httpRequest', parameters: { url: 'https://api.github.com', headerParameters: { parameters: [{ name: 'Authorization', value: headerValue }] } } }],
  connections: {},
}, null, 2);

describe('language server over stdio', () => {
  let child: ChildProcess;
  let connection: ProtocolConnection;
  let workspace: string;
  let networkLog: string;
  const published = new Map<string, PublishDiagnosticsParams[]>();
  const statuses: ReviewStatus[] = [];
  let waiters: (() => void)[] = [];
  const notify = () => { for (const w of waiters) w(); };

  /** Waits until `predicate` holds, re-checking on every message from the server. */
  async function until<T>(what: string, predicate: () => T | undefined, timeoutMs = 20_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = predicate();
      if (v) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, end - Date.now());
        waiters.push(() => { clearTimeout(timer); resolve(); });
      });
      waiters = [];
    }
  }
  const latest = (uri: string) => published.get(uri)?.at(-1);

  before(async () => {
    workspace = mkdtempSync(path.join(tmpdir(), 'sr-lsp-'));
    writeFileSync(path.join(workspace, 'on-disk.n8n.json'), flowWith(`Bearer ${KEY}`));
    writeFileSync(path.join(workspace, 'package.json'), '{"name": "not-ours"}');
    networkLog = path.join(workspace, '..', `${path.basename(workspace)}-network.log`);
    child = spawn(process.execPath, ['--require', NO_NETWORK, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, NO_NETWORK_LOG: networkLog } });
    connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      published.set(p.uri, [...(published.get(p.uri) ?? []), p]);
      notify();
    });
    connection.onNotification(StatusNotification, (s) => { statuses.push(s); notify(); });
    connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => ({ enable: true, rules: {}, maxFileSizeKB: 10240 })));
    connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    connection.listen();
  });

  after(() => {
    connection.dispose();
    child.kill();
  });

  it('answers initialize with its capabilities', async () => {
    const result = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: [{ uri: pathToFileURL(workspace).toString(), name: 'ws' }],
      capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true } },
    });
    assert.equal(result.serverInfo?.name, 'surface-review');
    assert.ok(result.capabilities.codeActionProvider);
    await connection.sendNotification(InitializedNotification.type, {});
  });

  it('scans the workspace at start and publishes for files on disk', async () => {
    const uri = pathToFileURL(path.join(workspace, 'on-disk.n8n.json')).toString();
    const diagnostics = await until('disk diagnostics', () => latest(uri)?.diagnostics.length ? latest(uri)!.diagnostics : undefined);
    assert.equal(diagnostics[0].code, 'secret/hardcoded-credential');
    assert.equal(published.has(pathToFileURL(path.join(workspace, 'package.json')).toString()), false);
    const status = await until('status', () => statuses.find((s) => !s.scanning && s.files === 1));
    assert.equal(status.counts.error, 1);
  });

  it('publishes a diagnostic on the exact range of an opened document, then clears it when the key is edited away', async () => {
    const uri = 'file:///virtual/opened.n8n.json';
    const text = flowWith(`Bearer ${KEY}`);
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'json', version: 1, text } });
    const [diagnostic] = await until('diagnostic', () => latest(uri)?.diagnostics.length ? latest(uri)!.diagnostics : undefined) as Diagnostic[];
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

    const actions = await connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    const fix = actions?.find((a) => 'edit' in a && a.title.startsWith('Replace with {{ $env.AUTHORIZATION }}'));
    assert.ok(fix && 'edit' in fix && fix.edit?.changes?.[uri]?.length === 1);

    const fixedText = flowWith('={{ $env.GITHUB_TOKEN }}');
    await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixedText }] });
    const cleared = await until('diagnostics cleared', () => (latest(uri)?.version === 2 ? latest(uri) : undefined));
    assert.deepEqual(cleared.diagnostics.map((d) => d.code), ['ownership/missing-owner'], 'the key is gone; the flow still names no owner');
  });

  it('publishes a parse diagnostic for a truncated document and never crashes', async () => {
    const uri = 'file:///virtual/truncated.n8n.json';
    const text = flowWith(`Bearer ${KEY}`).slice(0, 150);
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'json', version: 1, text } });
    const diagnostics = await until('parse diagnostic', () => latest(uri)?.diagnostics.find((d) => d.code === 'parse/syntax-error') ? latest(uri)!.diagnostics : undefined);
    assert.match(diagnostics.find((d) => d.code === "parse/syntax-error")!.message as string, /does not parse/);
    assert.equal(child.exitCode, null);
  });

  it('made no network request while doing all of the above', () => {
    assert.equal(existsSync(networkLog) ? readFileSync(networkLog, 'utf8') : '', '');
  });

  it('gives documents that are not ours no diagnostics', async () => {
    const uri = 'file:///virtual/tsconfig.json';
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'json', version: 1, text: '{"compilerOptions": {"strict": true}}' } });
    const d = await until('empty publish', () => latest(uri));
    assert.deepEqual(d.diagnostics, []);
  });
});
