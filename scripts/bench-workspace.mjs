// The workspace as one system under load (DESIGN §10, issue "The workspace as one system"): a generated workspace of
// 5,000 n8n flows and an inventory of 5,000 surfaces, reviewed by the language server (dist/server.js, over stdio).
// Measures the cold index (initialize → scan and cross-file review done), an edit of one flow (didChange → its
// diagnostics republished), an edit of the inventory (didChange → a flow's cross-file finding appears or clears),
// and the server's resident memory. Prints one JSON object; `benchWorkspace()` returns it for scripts/bench.mjs.
// A benchmark, not a test: it never fails on timing. Run `npm run build` first.
//
//   node scripts/bench-workspace.mjs [--flows 5000] [--edits 20]
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const rpc = require('vscode-languageserver-protocol/node');
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The budgets. */
export const WORKSPACE_BUDGETS = { coldIndexMs: 15_000, flowEditMs: 100, inventoryEditMs: 1_000, rssMB: 400 };

const API_HOSTS = 10;
const STALE = 5;

/** One generated flow: a webhook, a transform, a call to one of ten APIs and a Slack message (3 surfaces). */
export function flowText(i, extraNode) {
  const nodes = [
    { parameters: { httpMethod: 'POST', path: `orders-${i}`, authentication: 'headerAuth', options: {} }, id: `hook-${i}`, name: 'Order webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [240, 300], credentials: { httpHeaderAuth: { id: '1', name: 'Webhook key' } } },
    { parameters: { values: { string: [{ name: 'order', value: '={{ $json.body.id }}' }] }, options: {} }, id: `set-${i}`, name: 'Shape order', type: 'n8n-nodes-base.set', typeVersion: 3, position: [460, 300] },
    { parameters: { method: 'POST', url: `https://api${i % API_HOSTS}.example.com/v1/orders`, authentication: 'genericCredentialType', genericAuthType: 'httpHeaderAuth', options: { timeout: 10000 } }, id: `call-${i}`, name: 'Send order', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position: [680, 300], credentials: { httpHeaderAuth: { id: '2', name: 'API key' } } },
    { parameters: { channel: '#orders', text: '={{ $json.order }}' }, id: `slack-${i}`, name: 'Tell the team', type: 'n8n-nodes-base.slack', typeVersion: 2, position: [900, 300], credentials: { slackApi: { id: '3', name: 'Bot' } } },
  ];
  if (extraNode) nodes.push({ parameters: { method: 'GET', url: `https://unlisted-${extraNode}.example.net/v1/status`, options: { timeout: 5000 } }, id: `extra-${extraNode}`, name: `Check ${extraNode}`, type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position: [1100, 300] });
  return JSON.stringify({
    name: `Order intake ${i}`,
    nodes,
    connections: {
      'Order webhook': { main: [[{ node: 'Shape order', type: 'main', index: 0 }]] },
      'Shape order': { main: [[{ node: 'Send order', type: 'main', index: 0 }]] },
      'Send order': { main: [[{ node: 'Tell the team', type: 'main', index: 0 }]] },
    },
    settings: { executionOrder: 'v1', errorWorkflow: '99' },
  }, null, 2);
}

export const flowPath = (i) => `flows/group-${String(Math.floor(i / 100)).padStart(3, '0')}/order-${String(i).padStart(5, '0')}.n8n.json`;

/** One inventory entry (YAML lines) documenting flow `i`'s webhook; the first STALE name a node that is gone. */
function entryLines(i) {
  return [
    `  - id: order-webhook-${i}`,
    `    name: Order webhook ${i}`,
    '    kind: webhook',
    '    direction: inbound',
    '    platform: n8n',
    `    flow: ${flowPath(i)}`,
    `    node: ${i < STALE ? 'Old webhook' : 'Order webhook'}`,
    '    owner: orders@example.com',
    '    classification: internal',
    '    risk: low',
    '    auth: { method: api-key, secretRef: "n8n://credentials/1", rotation: { everyDays: 90, last: 2099-01-01 }, replayProtection: { method: idempotency-key } }',
    '    lifecycle: { status: active, reviewed: 2099-01-01 }',
    '    rollback: Deactivate the workflow.',
  ];
}

/** The inventory: one entry per flow's webhook for all but the last flows, plus entries for the APIs and Slack (5,000 in all). */
export function inventoryText(flows) {
  const shared = API_HOSTS + 1;
  const linked = Math.max(0, flows - shared);
  const lines = ['inventory: 1', 'project: Generated orders workspace', 'owner: platform@example.com', 'surfaces:'];
  for (let i = 0; i < linked; i++) lines.push(...entryLines(i));
  for (let k = 0; k < API_HOSTS; k++) {
    lines.push(`  - { id: api-${k}, name: Orders API ${k}, kind: api, direction: outbound, endpoint: "https://api${k}.example.com/v1", owner: orders@example.com, classification: internal, risk: low, lifecycle: { status: active, reviewed: 2099-01-01 }, rollback: Revoke the key. }`);
  }
  lines.push('  - { id: slack, name: Slack, kind: connector, direction: outbound, vendor: { name: Slack }, owner: orders@example.com, classification: internal, risk: low, lifecycle: { status: active, reviewed: 2099-01-01 }, rollback: Revoke the bot token. }');
  return { text: lines.join('\n') + '\n', entries: linked + shared, linked };
}

function generate(dir, flows) {
  for (let i = 0; i < flows; i++) {
    const file = path.join(dir, flowPath(i));
    if (i % 100 === 0) mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, flowText(i));
  }
  const inventory = inventoryText(flows);
  writeFileSync(path.join(dir, 'surfaces.yaml'), inventory.text);
  writeFileSync(path.join(dir, '.surface-review.yaml'), 'version: 1\nsla: { error: 7, warning: 30 }\n');
  return inventory;
}

const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 10) / 10 : null;
};
const round = (x) => Math.round(x * 10) / 10;

function rssMB(pid) {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return Math.round(kb / 1024);
  } catch {
    return null;
  }
}

/** Runs the benchmark and returns its report. */
export async function benchWorkspace({ flows = 5000, edits = 20 } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sr-bench-ws-'));
  const generatedAt = performance.now();
  const inventory = generate(dir, flows);
  const generateMs = performance.now() - generatedAt;
  // The flags the extension starts the server with (SERVER_EXEC_ARGV in client/src/languageClient.ts).
  const child = spawn(process.execPath, ['--max-semi-space-size=16', path.join(ROOT, 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = rpc.createProtocolConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  const published = new Map();
  let waiters = [];
  let statuses = [];
  let peakRss = 0;
  const sample = setInterval(() => { peakRss = Math.max(peakRss, rssMB(child.pid) ?? 0); }, 100);
  const wake = () => { const w = waiters; waiters = []; for (const f of w) f(); };
  conn.onNotification(rpc.PublishDiagnosticsNotification.type, (p) => { published.set(p.uri, { at: performance.now(), diagnostics: p.diagnostics, version: p.version }); wake(); });
  conn.onNotification('surfaceReview/status', (s) => { statuses.push({ at: performance.now(), ...s }); wake(); });
  conn.onRequest(rpc.ConfigurationRequest.type, (params) => params.items.map(() => ({ enable: true, rules: {}, maxFileSizeKB: 10240 })));
  conn.onRequest(rpc.WorkDoneProgressCreateRequest.type, () => undefined);
  conn.listen();
  const until = async (what, predicate, timeoutMs = 120_000) => {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = predicate();
      if (v) return v;
      if (Date.now() > end) throw new Error(`bench-workspace: timed out waiting for ${what}`);
      await new Promise((resolve) => { const t = setTimeout(resolve, 200); waiters.push(() => { clearTimeout(t); resolve(); }); });
    }
  };
  const uriOf = (relative) => pathToFileURL(path.join(dir, relative)).toString();
  const drift = (uri) => (published.get(uri)?.diagnostics ?? []).filter((d) => d.code === 'drift/undocumented-surface').length;
  try {
    const started = performance.now();
    await conn.sendRequest(rpc.InitializeRequest.type, { processId: process.pid, rootUri: null, workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'bench' }], capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true } } });
    await conn.sendNotification(rpc.InitializedNotification.type, {});
    const done = await until('the cold index', () => statuses.find((s) => !s.scanning && s.files > 0));
    const coldIndexMs = done.at - started;
    const lastUndocumented = uriOf(flowPath(flows - 1));
    const staleSeen = (published.get(uriOf('surfaces.yaml'))?.diagnostics ?? []).filter((d) => d.code === 'drift/stale-entry').length;
    const afterIndex = { rssMB: rssMB(child.pid), files: done.files, counts: done.counts, undocumentedOnLastFlow: drift(lastUndocumented), staleEntries: staleSeen };

    // An edit of one flow: add or remove an undocumented HTTP call; time to its republished diagnostics.
    const target = flows - 1;
    const flowUri = uriOf(flowPath(target));
    await conn.sendNotification(rpc.DidOpenTextDocumentNotification.type, { textDocument: { uri: flowUri, languageId: 'json', version: 1, text: flowText(target) } });
    await until('the opened flow', () => published.get(flowUri)?.version === 1);
    const flowEdits = [];
    for (let v = 2; v < 2 + edits; v++) {
      const add = v % 2 === 0;
      const sent = performance.now();
      await conn.sendNotification(rpc.DidChangeTextDocumentNotification.type, { textDocument: { uri: flowUri, version: v }, contentChanges: [{ text: flowText(target, add ? `svc-${v}` : undefined) }] });
      await until(`flow version ${v}`, () => published.get(flowUri)?.version === v);
      flowEdits.push(published.get(flowUri).at - sent);
    }
    const flowDrift = drift(flowUri);

    // An edit of the inventory: remove the entry of one flow's webhook (its drift finding appears), then restore it.
    const inventoryUri = uriOf('surfaces.yaml');
    const victim = Math.floor(inventory.linked / 2);
    const victimUri = uriOf(flowPath(victim));
    const lines = inventory.text.split('\n');
    const at = lines.indexOf(`  - id: order-webhook-${victim}`);
    const without = [...lines.slice(0, at), ...lines.slice(at + entryLines(victim).length)].join('\n');
    await conn.sendNotification(rpc.DidOpenTextDocumentNotification.type, { textDocument: { uri: inventoryUri, languageId: 'yaml', version: 1, text: inventory.text } });
    await until('the opened inventory', () => published.get(inventoryUri)?.version === 1);
    const inventoryEdits = [];
    const inventoryOwnMs = [];
    for (let v = 2; v < 2 + Math.max(2, Math.round(edits / 4)); v++) {
      const remove = v % 2 === 0;
      const sent = performance.now();
      await conn.sendNotification(rpc.DidChangeTextDocumentNotification.type, { textDocument: { uri: inventoryUri, version: v }, contentChanges: [{ text: remove ? without : inventory.text }] });
      await until(`the flow to ${remove ? 'gain' : 'lose'} its finding (inventory version ${v})`, () => (drift(victimUri) > 0) === remove && published.get(inventoryUri)?.version === v);
      inventoryEdits.push(Math.max(published.get(victimUri).at, published.get(inventoryUri).at) - sent);
      inventoryOwnMs.push(published.get(inventoryUri).at - sent);
    }
    const report = {
      flows,
      inventorySurfaces: inventory.entries,
      generateMs: Math.round(generateMs),
      coldIndexMs: Math.round(coldIndexMs),
      afterIndex,
      flowEdit: { edits: flowEdits.length, p50Ms: percentile(flowEdits, 50), p95Ms: percentile(flowEdits, 95), maxMs: round(Math.max(...flowEdits)), undocumentedAfter: flowDrift },
      inventoryEdit: { edits: inventoryEdits.length, p50Ms: percentile(inventoryEdits, 50), p95Ms: percentile(inventoryEdits, 95), maxMs: round(Math.max(...inventoryEdits)), inventoryRepublishedP50Ms: percentile(inventoryOwnMs, 50) },
      rssMB: { afterIndex: afterIndex.rssMB, end: rssMB(child.pid), peak: Math.max(peakRss, rssMB(child.pid) ?? 0) },
    };
    report.budgets = {
      coldIndex: { budget: `< ${WORKSPACE_BUDGETS.coldIndexMs} ms`, measured: report.coldIndexMs, pass: report.coldIndexMs < WORKSPACE_BUDGETS.coldIndexMs },
      flowEdit: { budget: `< ${WORKSPACE_BUDGETS.flowEditMs} ms (p95, edit → republished)`, measured: report.flowEdit.p95Ms, pass: report.flowEdit.p95Ms < WORKSPACE_BUDGETS.flowEditMs },
      inventoryEdit: { budget: `< ${WORKSPACE_BUDGETS.inventoryEditMs} ms (p95, edit → the affected flow republished)`, measured: report.inventoryEdit.p95Ms, pass: report.inventoryEdit.p95Ms < WORKSPACE_BUDGETS.inventoryEditMs },
      rss: { budget: `< ${WORKSPACE_BUDGETS.rssMB} MB (peak)`, measured: report.rssMB.peak, pass: report.rssMB.peak < WORKSPACE_BUDGETS.rssMB },
    };
    report.allPass = Object.values(report.budgets).every((b) => b.pass);
    return report;
  } finally {
    clearInterval(sample);
    conn.dispose();
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
  const report = await benchWorkspace({ flows: option('--flows', 5000), edits: option('--edits', 20) });
  console.log(JSON.stringify({ node: process.version, machine: { cpus: os.cpus().length, loadavg: os.loadavg().map((l) => Math.round(l * 100) / 100) }, ...report }, null, 2));
}
