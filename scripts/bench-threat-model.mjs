// `node scripts/bench-threat-model.mjs [FOLDER...]` (after `npm run build`): times the threat model as the editor
// gets it from dist/server.js --stdio — the first `surfaceReview/threatModel` after the workspace scan (every file's
// part built), a page of the largest group, then the model and that page after one flow is edited (one part
// rebuilt, the rest reused) — and prints JSON.
// Default folders: examples/ and ../shared/corpus (read in place).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import protocol from 'vscode-languageserver-protocol/node';

const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = protocol;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const folders = process.argv.slice(2).length ? process.argv.slice(2) : [path.join(root, 'examples'), path.resolve(root, '../shared/corpus')];
const EDITS = 5;

function firstFlow(dir) {
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      const hit = firstFlow(full);
      if (hit) return hit;
    } else if (/\.json$/.test(name) && /"nodes"\s*:/.test(readFileSync(full, 'utf8').slice(0, 4096)) && /webhook|httpRequest/.test(readFileSync(full, 'utf8'))) return full;
  }
  return undefined;
}

async function bench(folder) {
  const child = spawn(process.execPath, [path.join(root, 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  let scanned;
  const done = new Promise((resolve) => { scanned = resolve; });
  let changes = 0;
  connection.onNotification('surfaceReview/status', (s) => { if (!s.scanning && s.files > 0) scanned(s); });
  connection.onNotification('surfaceReview/threatModelChanged', () => { changes++; });
  connection.onRequest('workspace/configuration', (p) => p.items.map(() => ({ enable: true, rules: {}, maxFileSizeKB: 10240 })));
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.listen();
  const started = performance.now();
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, workspaceFolders: [{ uri: pathToFileURL(folder).toString(), name: 'ws' }], capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true } } });
  await connection.sendNotification('initialized', {});
  const status = await done;
  const scanMs = performance.now() - started;
  // Wall-clock time as the client waits, and the server's CPU time (Linux /proc; readable on a busy machine).
  const cpu = () => { try { const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' '); return ((+f[11]) + (+f[12])) * 10; } catch { return NaN; } };
  const cpuMs = [];
  const time = async (fn) => { const c = cpu(); const t = performance.now(); const r = await fn(); cpuMs.push(cpu() - c); return [performance.now() - t, r]; };
  const params = { groupBy: 'boundary', openOnly: false };
  const [coldMs, model] = await time(() => connection.sendRequest('surfaceReview/threatModel', params));
  const coldCpuMs = cpuMs.at(-1);
  const [cachedMs] = await time(() => connection.sendRequest('surfaceReview/threatModel', params));
  const biggest = [...model.groups].sort((a, b) => b.surfaces - a.surfaces)[0];
  const [groupMs, page] = await time(() => connection.sendRequest('surfaceReview/threatModelGroup', { ...params, key: biggest?.key ?? '' }));
  const [ownersMs] = await time(() => connection.sendRequest('surfaceReview/threatModel', { groupBy: 'owner', openOnly: true }));
  const [detailMs] = await time(() => connection.sendRequest('surfaceReview/threatModelSurface', { id: page.surfaces[0]?.id ?? '' }));
  const [diagramMs, diagram] = await time(() => connection.sendRequest('surfaceReview/dataFlowDiagram'));
  const flow = firstFlow(folder);
  const warm = [];
  const warmCpu = [];
  if (flow) {
    const uri = pathToFileURL(flow).toString();
    const text = readFileSync(flow, 'utf8');
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text } });
    for (let i = 0; i < EDITS; i++) {
      const before = changes;
      await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: i + 2 }, contentChanges: [{ text: text.replace(/"name"\s*:\s*"/, `"name": "edit ${i} `) }] });
      while (changes === before) await new Promise((r) => setTimeout(r, 20));
      const [ms] = await time(async () => {
        await connection.sendRequest('surfaceReview/threatModel', params);
        await connection.sendRequest('surfaceReview/threatModelGroup', { ...params, key: biggest?.key ?? '' });
      });
      warm.push(Math.round(ms));
      warmCpu.push(cpuMs.at(-1));
    }
  }
  connection.dispose();
  child.kill();
  return {
    folder: path.relative(root, folder) || '.',
    files: status.files,
    scanMs: Math.round(scanMs),
    surfaces: model.summary.surfaces,
    threats: model.summary.threats,
    open: model.summary.open,
    groups: model.groups.length,
    modelKB: Math.round(JSON.stringify(model).length / 1024),
    firstRequestMs: Math.round(coldMs),
    firstRequestServerCpuMs: coldCpuMs,
    unchangedRequestMs: Math.round(cachedMs),
    largestGroup: { surfaces: biggest?.surfaces ?? 0, firstPageMs: Math.round(groupMs), pageKB: Math.round(JSON.stringify(page).length / 1024) },
    regroupByOwnerOpenOnlyMs: Math.round(ownersMs),
    afterOneEditModelAndPageMs: warm,
    afterOneEditServerCpuMs: warmCpu,
    surfaceDetailMs: Math.round(detailMs),
    diagramMs: Math.round(diagramMs),
    diagramKB: Math.round(diagram.markdown.length / 1024),
  };
}

const results = [];
for (const folder of folders) if (existsSync(folder)) results.push(await bench(path.resolve(folder)));
console.log(JSON.stringify(results, null, 2));
