// Plants unique secrets of every known format in a workspace and greps everything the product outputs for them:
// CLI output in every format, LSP diagnostics, code action titles and edits' surroundings, server logs, and hovers,
// completions and document symbols over every planted secret and the fields around it.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import {
  CodeActionRequest,
  CompletionRequest,
  DocumentSymbolRequest,
  HoverRequest,
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type Position,
} from 'vscode-languageserver-protocol/node';
import { SECRET_FORMAT_EXAMPLES } from '../../server/src/core/knowledge/secretFormatExamples.js';
import { SECRET_FORMATS } from '../../server/src/core/knowledge/secretFormats.js';
import { LspSession, uriOf } from '../helpers/lspSession.js';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const SERVER = path.join(ROOT, 'dist/server.js');

const TOKENS = SECRET_FORMATS.filter((f) => f.kind === 'token');
/** The secret part of one true-positive example per format, plus literal passwords; each unique in the workspace. */
const PLANTED = [
  ...TOKENS.map((f) => {
    const m = f.pattern.exec(SECRET_FORMAT_EXAMPLES[f.id].truePositives[0])!;
    return m.groups?.secret ?? m[0];
  }),
  'Xq9!vR2#pL7@wM4s',
  'Zq81vLx0Tm4Rw7Yp2Kd9',
];
/**
 * Formats known only by what surrounds the secret (`AccountKey=`, a password inside a URL or connection string, an
 * AWS secret key next to its key id): on its own, such a secret is a word like any other, as a literal password is.
 */
const KNOWN_BY_CONTEXT = new Set(['aws-secret-access-key', 'azure-storage-account-key', 'azure-shared-access-key', 'connection-string-password', 'database-connection-string', 'url-credentials']);
/**
 * Whether secret `i` is recognisable on its own: those are planted also where values are shown as they are (a scope,
 * a zone, an endpoint, free text) and must be masked there; the others only in fields whose name says secret.
 */
const anywhere = (i: number) => i < TOKENS.length && !KNOWN_BY_CONTEXT.has(TOKENS[i].id);

function workspace(): { dir: string; flow: string; flowText: string; inventory: string; inventoryText: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'sr-leak-'));
  const nodes = PLANTED.flatMap((secret, i) => [
    { name: `Header ${i}`, type: 'n8n-nodes-base.httpRequest', parameters: { url: 'https://api.example.com', headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${secret}` }] } } },
    { name: `Code ${i}`, type: 'n8n-nodes-base.code', parameters: { jsCode: `const apiKey = ${JSON.stringify(secret)};\nreturn [];` } },
    // Where a hover explains what it finds: an OAuth scope parameter, and a scope in a URL.
    ...(anywhere(i) ? [{ name: `Scope ${i}`, type: 'n8n-nodes-base.httpRequest', parameters: { url: `https://login.example.com/authorize?scope=${encodeURIComponent(secret)}`, authentication: 'oAuth2', scope: secret } }] : []),
  ]);
  const flowText = JSON.stringify({ name: 'Leaky', nodes, connections: {} }, null, 2);
  const flow = path.join(dir, 'leaky.n8n.json');
  writeFileSync(flow, flowText);
  // Secrets where the inventory's hover, completion and outline read values: a zone's description (shown on a
  // boundary), a boundary, a scope, an endpoint, a secret reference, free text, a decision (in the outline).
  const q = JSON.stringify;
  const inventoryText = [
    'inventory: 1',
    'zones:',
    ...PLANTED.map((s, i) => `  - { id: z${i}, kind: partner, description: ${q(anywhere(i) ? `Partner zone, key ${s}` : 'Partner zone')} }`),
    'surfaces:',
    ...PLANTED.flatMap((s, i) => [
      `  - id: s${i}`,
      `    name: Surface ${i}`,
      '    kind: api',
      '    direction: outbound',
      `    endpoint: ${q(`https://api.example.com/v1?api_key=${encodeURIComponent(s)}`)}`,
      `    token: ${q(s)}`,
      '    auth:',
      '      method: oauth2',
      `      secretRef: ${q(s)}`,
      ...(anywhere(i) ? [`      scopes: [${q(s)}]`, '    boundary:', `      from: ${q(s)}`, `      to: z${i}`, `    notes: ${q(`rotate ${s} soon`)}`] : []),
    ]),
    'decisions:',
    ...PLANTED.flatMap((s, i) => (anywhere(i) ? [`  - { what: ${q(`Rotated ${s}`)}, when: 2026-01-01, who: sec@example.com }`] : [])),
    '',
  ].join('\n');
  const inventory = path.join(dir, 'api.surfaces.yaml');
  writeFileSync(inventory, inventoryText);
  return { dir, flow, flowText, inventory, inventoryText };
}

/**
 * Where to hover or complete in `text`: on each line that holds a planted secret, the start of every word (after a
 * space, quote, colon, bracket or comma) and the middle of each secret; on the line either side, its key and value.
 */
function positionsIn(text: string): Position[] {
  const lines = text.split('\n');
  const forms = PLANTED.flatMap((secret) => [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]);
  const holding = new Set(lines.flatMap((line, n) => (forms.some((form) => line.includes(form)) ? [n] : [])));
  const out: Position[] = [];
  lines.forEach((line, n) => {
    if (holding.has(n)) {
      for (let c = 0; c <= line.length; c++) if (c === 0 || ' "\':[]{},-=?&'.includes(line[c - 1])) out.push({ line: n, character: c });
      for (const form of forms) {
        for (let at = line.indexOf(form); at !== -1; at = line.indexOf(form, at + 1)) out.push({ line: n, character: at + Math.floor(form.length / 2) });
      }
    } else if (holding.has(n - 1) || holding.has(n + 1)) {
      const key = line.search(/\S/);
      const value = line.indexOf(': ');
      if (key !== -1) out.push({ line: n, character: key + 1 });
      if (value !== -1) out.push({ line: n, character: value + 3 });
    }
  });
  return out;
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

  it('LSP hovers, completions and document symbols over every planted secret and the fields around it', async () => {
    const session = new LspSession();
    const hovers: string[] = [];
    const completionItems: string[] = [];
    const outlines: string[] = [];
    let completions = 0;
    let symbols = 0;
    try {
      await session.start([ws.dir]);
      for (const [file, text, languageId] of [[ws.flow, ws.flowText, 'json'], [ws.inventory, ws.inventoryText, 'yaml']]) {
        const uri = uriOf(file);
        await session.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
        const positions = positionsIn(text);
        for (let i = 0; i < positions.length; i += 100) {
          await Promise.all(positions.slice(i, i + 100).map(async (position) => {
            const params = { textDocument: { uri }, position };
            const hover = await session.connection.sendRequest(HoverRequest.type, params);
            if (hover) hovers.push(JSON.stringify(hover.contents));
            // Completion serves YAML inventories and policies, with values from the document after a key or in a list.
            if (languageId !== 'yaml' || !/(?:: |\[|, )["']?$/.test(text.split('\n')[position.line].slice(0, position.character))) return;
            const items = await session.connection.sendRequest(CompletionRequest.type, params);
            const list = Array.isArray(items) ? items : (items?.items ?? []);
            completions += list.length;
            if (list.length) completionItems.push(JSON.stringify(list));
          }));
        }
        const outline = (await session.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) ?? [];
        symbols += outline.length;
        outlines.push(JSON.stringify(outline));
      }
    } finally {
      session.stop();
    }
    const said = (what: RegExp) => hovers.filter((h) => what.test(h)).length;
    const echoed = PLANTED.filter((_, i) => anywhere(i)).length;
    assert.ok(echoed >= 20, `${echoed} secrets recognisable on their own`);
    assert.ok(said(/not in the scope catalogue/) >= echoed * 2, 'a hover on each planted scope, in the flow and in the inventory');
    assert.ok(said(/Zone/) >= echoed, 'a hover on each boundary, with its zone');
    assert.ok(completions > 0 && symbols > 0, `${completions} completion items, ${symbols} symbols`);
    const channels = { hovers, completionItems, outlines, logs: session.logs };
    assert.deepEqual(Object.entries(channels).flatMap(([name, texts]) => leaks(texts.join('\n')).map((leak) => `${leak} in ${name}`)), []);
  });
});
