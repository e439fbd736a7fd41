// ownership/missing-owner on a flow in the editor: dist/server.js --stdio publishes it once on a flow no inventory
// documents, at the flow's name, and withdraws it when an inventory entry with an owner (opened, unsaved) documents it.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
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
  type Diagnostic,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';

const SERVER = path.resolve(__dirname, '../../dist/server.js');
const RULE = 'ownership/missing-owner';
const FLOW = JSON.stringify({
  name: 'Order intake',
  nodes: [
    { id: 'w1', name: 'New order', type: 'n8n-nodes-base.webhook', parameters: { path: 'orders', httpMethod: 'POST', authentication: 'headerAuth' } },
    { id: 'h1', name: 'Send to ERP', type: 'n8n-nodes-base.httpRequest', parameters: { method: 'POST', url: 'https://erp.example.com/api/orders', options: { timeout: 5000 } } },
    { id: 'h2', name: 'Send to CRM', type: 'n8n-nodes-base.httpRequest', parameters: { method: 'POST', url: 'https://crm.example.com/api/leads', options: { timeout: 5000 } } },
  ],
  connections: {},
}, null, 2);
const INVENTORY = ['inventory: 1', 'surfaces:', '  - id: order-hook', '    name: New order', '    kind: webhook', '    direction: inbound', '    flow: orders.n8n.json', '    node: New order', '    owner: payments@example.com', ''].join('\n');

describe('ownership/missing-owner on a flow, in the editor', () => {
  let child: ChildProcess;
  let connection: ProtocolConnection;
  let workspace: string;
  const published = new Map<string, Diagnostic[]>();

  async function until<T>(what: string, predicate: () => T | undefined, timeoutMs = 20_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = predicate();
      if (v) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  before(async () => {
    workspace = mkdtempSync(path.join(tmpdir(), 'sr-owner-'));
    writeFileSync(path.join(workspace, 'orders.n8n.json'), FLOW);
    child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      published.set(p.uri, p.diagnostics);
    });
    connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => ({ enable: true, rules: {}, maxFileSizeKB: 10240, threatModel: { changedSince: 'off' } })));
    connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    connection.listen();
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: [{ uri: pathToFileURL(workspace).toString(), name: 'ws' }],
      capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true } },
    });
    await connection.sendNotification(InitializedNotification.type, {});
  });

  after(() => {
    connection.dispose();
    child.kill();
  });

  it('publishes one warning on the flow name, not one per node, and withdraws it once an entry with an owner documents the flow', async () => {
    const flowUri = pathToFileURL(path.join(workspace, 'orders.n8n.json')).toString();
    const owned = () => published.get(flowUri)?.filter((d) => d.code === RULE);
    const [diagnostic, ...more] = await until('the missing-owner diagnostic', () => (owned()?.length ? owned() : undefined));
    assert.equal(more.length, 0);
    assert.equal(diagnostic.severity, 2);
    const lines = FLOW.split('\n');
    const line = lines.findIndex((l) => l.includes('"Order intake"'));
    const character = lines[line].indexOf('"Order intake"');
    assert.deepEqual(diagnostic.range, { start: { line, character }, end: { line, character: character + '"Order intake"'.length } });
    assert.match(diagnostic.message as string, /^Flow "Order intake" has no accountable owner: no tag of the workflow names one/);

    const inventoryUri = pathToFileURL(path.join(workspace, 'surfaces.yaml')).toString();
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: inventoryUri, languageId: 'yaml', version: 1, text: INVENTORY } });
    await until('the diagnostic to go', () => (published.has(flowUri) && owned()?.length === 0 ? true : undefined));
  });
});
