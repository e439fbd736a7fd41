// Plants unique secrets of every known format in a workspace and greps everything the product outputs for them:
// CLI output in every format, LSP diagnostics, code action titles and edits' surroundings, server logs.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import {
  CodeActionRequest,
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
} from 'vscode-languageserver-protocol/node';
import { SECRET_FORMAT_EXAMPLES } from '../../server/src/core/knowledge/secretFormatExamples.js';
import { SECRET_FORMATS } from '../../server/src/core/knowledge/secretFormats.js';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const SERVER = path.join(ROOT, 'dist/server.js');

/** The secret part of one true-positive example per format, plus literal passwords; each unique in the workspace. */
const PLANTED = [
  ...SECRET_FORMATS.filter((f) => f.kind === 'token').map((f) => {
    const m = f.pattern.exec(SECRET_FORMAT_EXAMPLES[f.id].truePositives[0])!;
    return m.groups?.secret ?? m[0];
  }),
  'Xq9!vR2#pL7@wM4s',
  'Zq81vLx0Tm4Rw7Yp2Kd9',
];

function workspace(): { dir: string; flow: string; flowText: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'sr-leak-'));
  const nodes = PLANTED.flatMap((secret, i) => [
    { name: `Header ${i}`, type: 'n8n-nodes-base.httpRequest', parameters: { url: 'https://api.example.com', headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${secret}` }] } } },
    { name: `Code ${i}`, type: 'n8n-nodes-base.code', parameters: { jsCode: `const apiKey = ${JSON.stringify(secret)};\nreturn [];` } },
  ]);
  const flowText = JSON.stringify({ name: 'Leaky', nodes, connections: {} }, null, 2);
  const flow = path.join(dir, 'leaky.n8n.json');
  writeFileSync(flow, flowText);
  writeFileSync(path.join(dir, 'api.surfaces.yaml'), `inventory: 1\nsurfaces:\n${PLANTED.map((s, i) => `  - id: s${i}\n    token: ${JSON.stringify(s)}\n`).join('')}`);
  return { dir, flow, flowText };
}

/** Names the planted secrets found in `output` by index, never printing them. */
function leaks(output: string): string[] {
  return PLANTED.flatMap((secret, i) => (output.includes(secret) ? [`planted secret #${i}`] : []));
}

describe('no raw secret leaves the product', () => {
  const ws = workspace();

  for (const format of ['text', 'json', 'sarif', 'csv', 'markdown', 'html']) {
    it(`CLI --format ${format}`, () => {
      const r = spawnSync(process.execPath, [CLI, 'check', '.', '--format', format], { cwd: ws.dir, encoding: 'utf8' });
      assert.equal(r.status, 1, 'the planted secrets must be found');
      assert.deepEqual(leaks(r.stdout + r.stderr), []);
      if (format === 'json') {
        const found = JSON.parse(r.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'secret/hardcoded-credential').length;
        assert.ok(found >= PLANTED.length * 2, `only ${found} of ${PLANTED.length * 3} planted secrets found`);
      }
    });
  }

  it('LSP diagnostics, code actions and logs', async () => {
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const messages: string[] = [];
    let diagnostics: Diagnostic[] = [];
    const uri = pathToFileURL(ws.flow).toString();
    const published = new Promise<void>((resolve) => {
      connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
        messages.push(JSON.stringify(p));
        if (p.uri === uri && p.version === 1) {
          diagnostics = p.diagnostics;
          resolve();
        }
      });
    });
    connection.onNotification(LogMessageNotification.type, (m) => { messages.push(String(m.message)); });
    connection.listen();
    try {
      await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, workspaceFolders: [{ uri: pathToFileURL(ws.dir).toString(), name: 'ws' }], capabilities: {} });
      await connection.sendNotification(InitializedNotification.type, {});
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'json', version: 1, text: ws.flowText } });
      await published;
      assert.ok(diagnostics.length >= PLANTED.length * 2, `${diagnostics.length} diagnostics for ${PLANTED.length * 2} planted secrets`);
      for (const diagnostic of diagnostics) {
        const actions = await connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
        for (const action of actions ?? []) messages.push(action.title);
      }
    } finally {
      connection.dispose();
      child.kill();
    }
    assert.deepEqual(leaks(messages.join('\n') + stderr), []);
  });
});
