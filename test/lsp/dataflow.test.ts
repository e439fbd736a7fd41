// A chained weakness in the editor: the language server publishes the injection diagnostic with one related location
// per hop (source, each node, sink), each on the exact text of its place.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
} from 'vscode-languageserver-protocol/node';
import { n8nFlow } from '../helpers/dataflow.js';

const SERVER = path.resolve(__dirname, '../../dist/server.js');
const NO_NETWORK = path.resolve(__dirname, '../helpers/no-network.cjs');

const TEXT = n8nFlow([
  { name: 'Orders', type: 'webhook', parameters: { path: 'orders', httpMethod: 'POST' } },
  { name: 'Pick fields', type: 'set', parameters: { assignments: { assignments: [{ name: 'host', value: '={{ $json.body.host }}', type: 'string' }] } } },
  { name: 'Run', type: 'executeCommand', parameters: { command: '=ping -c 1 {{ $json.host }}' } },
], [['Orders', 'Pick fields'], ['Pick fields', 'Run']]);

function textAt(text: string, range: Range): string {
  const lines = text.split('\n');
  if (range.start.line === range.end.line) return lines[range.start.line].slice(range.start.character, range.end.character);
  return [lines[range.start.line].slice(range.start.character), ...lines.slice(range.start.line + 1, range.end.line), lines[range.end.line].slice(0, range.end.character)].join('\n');
}

describe('data-flow findings in the language server', () => {
  let child: ChildProcess;
  let connection: ProtocolConnection;
  const published = new Map<string, PublishDiagnosticsParams>();
  let waiters: (() => void)[] = [];

  before(async () => {
    child = spawn(process.execPath, ['--require', NO_NETWORK, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      published.set(p.uri, p);
      for (const w of waiters) w();
    });
    connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => ({ enable: true, rules: {}, maxFileSizeKB: 10240 })));
    connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    connection.listen();
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: null,
      capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { relatedInformation: true } } },
    });
    await connection.sendNotification(InitializedNotification.type, {});
  });

  after(() => {
    connection.dispose();
    child.kill();
  });

  it('publishes the chain with a related location for every hop', async () => {
    const uri = 'file:///virtual/chain.n8n.json';
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'json', version: 1, text: TEXT } });
    const end = Date.now() + 20_000;
    while (!published.get(uri)?.diagnostics.some((d) => d.code === 'injection/unvalidated-input-to-sink')) {
      if (Date.now() > end) throw new Error('timed out waiting for the injection diagnostic');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1000);
        waiters = [() => { clearTimeout(timer); resolve(); }];
      });
    }
    const diagnostic = published.get(uri)!.diagnostics.find((d) => d.code === 'injection/unvalidated-input-to-sink')!;
    assert.equal(diagnostic.severity, 1);
    assert.equal(textAt(TEXT, diagnostic.range), '$json.host');
    assert.match(diagnostic.codeDescription!.href, /docs\/rules\/injection\/unvalidated-input-to-sink\.md$/);
    const related = diagnostic.relatedInformation ?? [];
    assert.deepEqual(related.map((r) => r.message), [
      '1. "Orders" (POST orders) brings the data in (body.host)',
      '2. "Pick fields" uses it here',
      '3. it reaches the shell command of "Run" here (CWE-78)',
    ]);
    assert.deepEqual(related.map((r) => r.location.uri), [uri, uri, uri]);
    assert.deepEqual(related.map((r) => textAt(TEXT, r.location.range)), ['"Orders"', '"={{ $json.body.host }}"', '$json.host']);
    assert.equal(child.exitCode, null);
  });
});
