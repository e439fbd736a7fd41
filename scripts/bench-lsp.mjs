// Load on the language server (issue "Hardening"): a scripted LSP client opens a ~5 MB n8n flow and sends 1,000
// rapid edits; we check the last published diagnostics are for the last version, and report the latency from
// each published version's edit to its diagnostics (p50/p95), how many versions were skipped by the debounce,
// and the server's memory. Prints one JSON object. Usage: node scripts/bench-lsp.mjs [edits]
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const rpc = require('vscode-languageserver-protocol/node');
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EDITS = Number(process.argv[2] ?? 1000);
/** Milliseconds between edits: 0 sends them as fast as the client can (a burst), 50 is brisk typing. */
const INTERVAL_MS = Number(process.argv[3] ?? 0);

function bigFlow(targetBytes) {
  const nodes = [];
  let size = 0;
  for (let i = 0; size < targetBytes; i++) {
    const node = {
      id: `node-${i}`, name: `Call ${i}`, type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position: [i * 10, 0],
      parameters: { url: `https://api.example.com/v1/items/${i}`, sendHeaders: true, headerParameters: { parameters: [{ name: 'X-Request-Id', value: `={{ $json.id }}-${i}` }] }, options: { timeout: 10000 } },
    };
    if (i % 500 === 7) node.parameters.headerParameters.parameters.push({ name: 'Authorization', value: `Bearer ghp_${'A1b2C3d4E5f6G7h8I9j0'.repeat(2).slice(0, 36)}` });
    nodes.push(node);
    size += JSON.stringify(node).length + 2;
  }
  return JSON.stringify({ name: 'Big flow', nodes, connections: {}, settings: {} }, null, 1);
}

const percentile = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : null; };

async function main() {
  // The flags the extension starts the server with (SERVER_EXEC_ARGV in client/src/languageClient.ts).
  const child = spawn(process.execPath, ['--max-semi-space-size=16', path.join(ROOT, 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = rpc.createProtocolConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  const uri = 'file:///bench/big.n8n.json';
  const sentAt = new Map();
  const latencies = [];
  let lastVersion = 0;
  let lastDiagnostics = -1;
  let published = 0;
  let resolveLast;
  const last = new Promise((r) => (resolveLast = r));
  conn.onNotification(rpc.PublishDiagnosticsNotification.type, (p) => {
    if (p.uri !== uri || p.version === undefined) return;
    published++;
    const t = sentAt.get(p.version);
    if (t !== undefined) latencies.push(performance.now() - t);
    lastVersion = p.version;
    lastDiagnostics = p.diagnostics.length;
    if (p.version === EDITS + 1) resolveLast();
  });
  conn.listen();
  await conn.sendRequest(rpc.InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {} });
  await conn.sendNotification(rpc.InitializedNotification.type, {});
  const text = bigFlow(3.6 * 1024 * 1024); // about 5 MB once pretty-printed
  const bytes = Buffer.byteLength(text);
  sentAt.set(1, performance.now());
  await conn.sendNotification(rpc.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'json', version: 1, text } });
  // Type into a node name, one character per edit, as fast as the client can send (incremental changes).
  const at = text.indexOf('"Call 3"') + 6;
  const lines = text.slice(0, at).split('\n');
  const position = { line: lines.length - 1, character: lines[lines.length - 1].length };
  const started = performance.now();
  for (let v = 2; v <= EDITS + 1; v++) {
    sentAt.set(v, performance.now());
    const pos = { line: position.line, character: position.character + (v - 2) };
    await conn.sendNotification(rpc.DidChangeTextDocumentNotification.type, { textDocument: { uri, version: v }, contentChanges: [{ range: { start: pos, end: pos }, text: 'x' }] });
    if (INTERVAL_MS > 0) await new Promise((r) => setTimeout(r, INTERVAL_MS));
    else if (v % 50 === 0) await new Promise((r) => setImmediate(r));
  }
  const timeout = setTimeout(() => resolveLast(), 60_000);
  await last;
  clearTimeout(timeout);
  const total = performance.now() - started;
  const rssMB = await new Promise((r) => {
    const ps = spawn('ps', ['-o', 'rss=', '-p', String(child.pid)]);
    let out = '';
    ps.stdout.on('data', (d) => (out += d));
    ps.on('close', () => r(Math.round(Number(out.trim()) / 1024)));
  });
  conn.dispose();
  child.kill();
  const result = {
    lspLoad: {
      documentMB: +(bytes / 1048576).toFixed(2),
      edits: EDITS,
      intervalMs: INTERVAL_MS,
      publishedVersions: published,
      lastPublishedVersion: lastVersion,
      lastIsLatest: lastVersion === EDITS + 1,
      lastDiagnostics,
      p50ms: Math.round(percentile(latencies, 50)),
      p95ms: Math.round(percentile(latencies, 95)),
      totalSeconds: +(total / 1000).toFixed(2),
      serverRssMB: rssMB,
    },
  };
  console.log(JSON.stringify(result, null, 2));
  process.exit(result.lspLoad.lastIsLatest ? 0 : 1);
}

main().catch((e) => { console.error(e); process.exit(1); });
