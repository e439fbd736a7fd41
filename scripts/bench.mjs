// `npm run bench`: measures the whole review against the budgets of DESIGN.md §10 and prints one JSON object.
// A benchmark, not a test: it never fails on timing (the machine may be loaded); read the numbers and the flags.
//
//   node scripts/bench.mjs [--corpus DIR] [--quick]
//
// The core is bundled from source with esbuild at start (into out/bench/), so the numbers are for the code
// in the working tree, whatever dist/ holds.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadCore, random, readCorpus, reviewCorpus, ROOT, round } from './bench-common.mjs';
import { ruleCosts } from './bench-rules.mjs';

const MiB = 1024 * 1024;
const TODAY = new Date('2025-01-01T00:00:00Z');

/** DESIGN.md §10. */
const BUDGETS = {
  corpusMiBPerSec: 40,
  flow1MiBms: 30,
  flow10MiBms: 300,
};

// ---- Generated n8n flows -------------------------------------------------------------------------------

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function chars(rand, n, alphabet = ALNUM) {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
  return s;
}

function uuid(rand) {
  const h = () => chars(rand, 1, '0123456789abcdef');
  return [8, 4, 4, 4, 12].map((n) => Array.from({ length: n }, h).join('')).join('-');
}

/**
 * The body of an n8n Code node: multi-line, with references but no secret, about 2 KB. That is a long one: in the
 * corpus the median Code node holds about 530 characters and the 90th percentile 1.8 KB.
 */
function jsCode(rand, i) {
  const lines = [
    '// Normalise incoming records and enrich them with the customer tier',
    'const items = $input.all();',
    'const out = [];',
    `const threshold = ${Math.floor(rand() * 1000)};`,
  ];
  for (let k = 0; k < 6; k++) {
    lines.push(
      `for (const item of items) {`,
      `  const record${k} = item.json.data?.records?.[${k}] ?? {};`,
      `  const tier = record${k}.amount > threshold ? 'gold' : record${k}.region === 'EU' ? 'silver' : 'bronze';`,
      `  out.push({ json: { id: record${k}.id, email: String(record${k}.email || '').toLowerCase(), tier, step: ${i} } });`,
      `}`,
    );
  }
  lines.push("const headers = { 'Content-Type': 'application/json', 'X-Trace': $execution.id };", 'return out;');
  return lines.join('\n');
}

/** One group of realistic nodes; every 25th group plants fake (made-up, format-valid) secrets so findings exist. */
function nodeGroup(rand, i) {
  const plant = i % 25 === 0;
  const x = 200 * (i % 50);
  const y = 300 * Math.floor(i / 50);
  const webhook = {
    parameters: { httpMethod: 'POST', path: uuid(rand), responseMode: 'responseNode', options: {} },
    id: uuid(rand), name: `Webhook ${i}`, type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [x, y], webhookId: uuid(rand),
  };
  const headers = [
    { name: 'Content-Type', value: 'application/json' },
    { name: 'X-Request-Id', value: '={{ $json.requestId }}' },
    { name: 'Authorization', value: plant ? `Bearer ${chars(rand, 40)}` : '={{ "Bearer " + $env.API_TOKEN }}' },
  ];
  const http = {
    parameters: {
      method: 'POST',
      url: `https://api.example-${i % 7}.com/v2/customers/{{ $json.id }}/events`,
      sendHeaders: true,
      headerParameters: { parameters: headers },
      sendBody: true,
      specifyBody: 'json',
      jsonBody: '={{ JSON.stringify({ id: $json.id, tier: $json.tier, at: $now.toISO() }) }}',
      options: { timeout: 10000, response: { response: { fullResponse: false } } },
    },
    id: uuid(rand), name: `Call API ${i}`, type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position: [x + 220, y],
  };
  const code = {
    parameters: { jsCode: jsCode(rand, i) + (plant ? `\nconst apiKey = "${chars(rand, 32)}";` : '') },
    id: uuid(rand), name: `Transform ${i}`, type: 'n8n-nodes-base.code', typeVersion: 2, position: [x + 440, y],
  };
  const assignments = [
    { id: uuid(rand), name: 'customerId', value: '={{ $json.id }}', type: 'string' },
    { id: uuid(rand), name: 'status', value: 'processed', type: 'string' },
    { id: uuid(rand), name: 'notes', value: `Batch ${i}: imported from the CRM export, checked by the nightly job.`, type: 'string' },
    { id: uuid(rand), name: 'notify', value: plant ? `https://hooks.slack.com/services/T${chars(rand, 8)}/B${chars(rand, 8)}/${chars(rand, 24)}` : '={{ $env.SLACK_CHANNEL }}', type: 'string' },
  ];
  if (plant) assignments.push({ id: uuid(rand), name: 'stripeKey', value: `sk_live_${chars(rand, 32)}`, type: 'string' });
  const set = {
    parameters: { assignments: { assignments }, options: {} },
    id: uuid(rand), name: `Set fields ${i}`, type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [x + 660, y],
  };
  return [webhook, http, code, set];
}

/** A deterministic n8n workflow export of about `targetChars` characters (within a group of nodes). */
export function generateN8nFlow(targetChars, seed = 1) {
  const sample = buildFlow(20, seed).length / 20; // characters per group, nesting and connections included
  return buildFlow(Math.max(1, Math.round(targetChars / sample)), seed);
}

function buildFlow(groups, seed) {
  const rand = random(seed);
  const nodes = [];
  const connections = {};
  for (let i = 0; i < groups; i++) {
    const group = nodeGroup(rand, i);
    for (let k = 0; k + 1 < group.length; k++) {
      connections[group[k].name] = { main: [[{ node: group[k + 1].name, type: 'main', index: 0 }]] };
    }
    nodes.push(...group);
  }
  const flow = { name: 'Generated benchmark flow', nodes, pinData: {}, connections, active: false, settings: { executionOrder: 'v1' }, versionId: uuid(rand), id: 'bench0001', tags: [] };
  return JSON.stringify(flow, null, 2);
}

// ---- Measurement ---------------------------------------------------------------------------------------

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** CPU seconds this process has used (all threads, so the GC's helpers too). */
function cpuSeconds() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/**
 * Runs each of `fns` `warmup` times, then `runs` timed runs of each, in blocks of `block` runs of one function at a time
 * after one untimed run (so each block starts from the garbage its own function leaves, not the other's), the blocks
 * taking turns: a machine that slows down or speeds up meanwhile does so for each alike, and their ratio holds. Returns,
 * for each, median, p95 and best wall-clock ms, and the median CPU ms, which other processes on a busy machine inflate
 * far less than wall-clock time.
 */
function timeAlternating(fns, runs, warmup, block = 1) {
  for (let i = 0; i < warmup; i++) for (const fn of fns) fn();
  const times = fns.map(() => []);
  const cpu = fns.map(() => []);
  while (times[0].length < runs) {
    fns.forEach((fn, k) => {
      if (block > 1) fn();
      for (let i = 0; i < block && times[k].length < runs; i++) {
        const c0 = cpuSeconds();
        const t0 = performance.now();
        fn();
        times[k].push(performance.now() - t0);
        cpu[k].push((cpuSeconds() - c0) * 1000);
      }
    });
  }
  return fns.map((_, k) => {
    const t = times[k].sort((a, b) => a - b);
    const c = cpu[k].sort((a, b) => a - b);
    return { runs, medianMs: round(quantile(t, 0.5)), p95Ms: round(quantile(t, 0.95)), minMs: round(t[0]), cpuMedianMs: round(quantile(c, 0.5)) };
  });
}

/** Seconds per pass over the corpus for each of `fns`, passes alternating: the best and the median, and the median CPU seconds. */
function timePasses(fns, passes) {
  return timeAlternating(fns, passes, 1).map((r) => ({ best: r.minMs / 1000, median: r.medianMs / 1000, cpuMedian: r.cpuMedianMs / 1000 }));
}

function benchCorpus(core, dir, passes) {
  const files = readCorpus(dir);
  const bytes = files.reduce((n, f) => n + f.bytes, 0);
  const mib = bytes / MiB;
  const findings = reviewCorpus(core, files, TODAY);
  const [review, baseline] = timePasses([
    () => reviewCorpus(core, files, TODAY),
    () => {
      for (const f of files) {
        try {
          JSON.parse(readFileSync(path.join(dir, f.path), 'utf8'));
        } catch {
          // malformed files are part of the corpus; the baseline only pays for the attempt
        }
      }
    },
  ], passes);
  return {
    files: files.length,
    bytes,
    findings,
    passes,
    seconds: round(review.median, 3),
    bestSeconds: round(review.best, 3),
    filesPerSec: Math.round(files.length / review.median),
    MBperSec: round(mib / review.median),
    bestMBperSec: round(mib / review.best),
    MBperCpuSec: round(mib / review.cpuMedian),
    readAndJsonParseMBperSec: round(mib / baseline.median),
    // Review MB/s over read+JSON.parse MB/s: steadier than the absolute figures on a busy machine (both slow down).
    speedRelativeToReadAndJsonParse: round(baseline.median / review.median, 2),
  };
}

function benchFlow(core, mib, runs, warmup) {
  const text = generateN8nFlow(mib * MiB);
  const input = { uri: 'file:///bench/generated.json', path: 'bench/generated.json', text };
  const options = { today: TODAY, maxFileSizeKB: 2 * mib * 1024 }; // the default limit would skip a 10 MB flow
  // One file's whole review, as the editor runs it: its own rules, then the cross-file rules on it.
  const review = () => {
    const r = core.analyze(input, options);
    const linked = core.analyzeWorkspace([{ uri: input.uri, root: '', path: input.path, format: r.format, document: r.document, flow: r.flow }], options);
    return { ...r, findings: [...r.findings, ...(linked.get(input.uri) ?? [])] };
  };
  const result = review();
  if (result.skipped || !result.flow) throw new Error(`the generated ${mib} MB flow was not reviewed`);
  // In blocks: a 1 MB parseTree leaves more garbage than a review makes, and one after the other each paid for the other's.
  const [analyze, parseTree] = timeAlternating([review, () => core.parseTree(text, [], { allowTrailingComma: true, disallowComments: false })], runs, warmup, Math.max(2, Math.round(runs / 8)));
  return {
    chars: text.length,
    nodes: result.flow?.nodes.length ?? 0,
    findings: result.findings.length,
    analyze,
    parseTree,
    analyzeOverParseTree: round(analyze.medianMs / parseTree.medianMs, 2),
  };
}

/**
 * The editor side, each in its own process (they start dist/server.js): the LSP under 1,000 rapid edits and under
 * paced typing (bench-lsp.mjs), the 5,000-flow workspace (bench-workspace.mjs), the threat model on the corpus
 * (bench-threat-model.mjs); plus the activation time the last `npm run test:e2e` recorded and the VSIX size.
 */
function benchEditorSide(quick) {
  const run = (script, args) => {
    const file = path.join(ROOT, 'scripts', script);
    if (!existsSync(file)) return { skipped: `${script} not found` };
    const r = spawnSync(process.execPath, [file, ...args], { encoding: 'utf8', timeout: 20 * 60_000, maxBuffer: 64 * 1024 * 1024 });
    try {
      // One JSON value: an object, or an array (the threat-model bench reports one object per folder).
      return JSON.parse(r.stdout.slice(r.stdout.search(/[[{]/)));
    } catch {
      return { failed: `${script} exited ${r.status}: ${(r.stderr || '').split('\n').slice(-3).join(' ')}` };
    }
  };
  const metrics = path.join(ROOT, '.vscode-test/metrics.json');
  const vsix = path.join(ROOT, 'dist/surface-review.vsix');
  return {
    lspBurst: run('bench-lsp.mjs', [quick ? '200' : '1000', '0']),
    lspTyping: run('bench-lsp.mjs', [quick ? '40' : '100', '50']),
    workspace: run('bench-workspace.mjs', quick ? ['--flows', '1000'] : []),
    threatModel: run('bench-threat-model.mjs', []),
    activation: existsSync(metrics) ? JSON.parse(readFileSync(metrics, 'utf8')) : undefined,
    activationNote: existsSync(metrics) ? 'recorded by the last npm run test:e2e in the real extension host' : 'run npm run test:e2e once to record the activation time',
    vsixKB: existsSync(vsix) ? Math.round(statSync(vsix).size / 1024) : undefined,
  };
}

async function main() {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const corpusAt = args.indexOf('--corpus');
  const corpusDir = corpusAt >= 0 ? path.resolve(args[corpusAt + 1]) : path.resolve(ROOT, '../shared/corpus');
  const core = await loadCore();

  const corpus = benchCorpus(core, corpusDir, quick ? 2 : 5);
  const ruleCost = ruleCosts(core, readCorpus(corpusDir), { today: TODAY, passes: quick ? 1 : 3, budgetMiBPerSec: BUDGETS.corpusMiBPerSec });
  const flow1MiB = benchFlow(core, 1, quick ? 10 : 40, 5);
  const flow10MiB = benchFlow(core, 10, quick ? 3 : 10, 2);
  const secrets = await (await import('./bench-secrets.mjs')).benchSecrets(core, readCorpus(corpusDir), { passes: quick ? 1 : 3 });

  const editor = benchEditorSide(quick);

  const budgets = {
    corpus: { budget: `>= ${BUDGETS.corpusMiBPerSec} MB/s`, measured: corpus.MBperSec, pass: corpus.MBperSec >= BUDGETS.corpusMiBPerSec },
    flow1MiB: { budget: `< ${BUDGETS.flow1MiBms} ms (median)`, measured: flow1MiB.analyze.medianMs, pass: flow1MiB.analyze.medianMs < BUDGETS.flow1MiBms },
    flow10MiB: { budget: `< ${BUDGETS.flow10MiBms} ms (median)`, measured: flow10MiB.analyze.medianMs, pass: flow10MiB.analyze.medianMs < BUDGETS.flow10MiBms },
    flow10MiBUnderParseTree: { budget: 'analyze < jsonc-parser parseTree', measured: flow10MiB.analyzeOverParseTree, pass: flow10MiB.analyzeOverParseTree < 1 },
    ...(editor.activation ? { activation: { budget: '< 50 ms', measured: round(editor.activation.activationMs, 1), pass: editor.activation.activationMs < 50 } } : {}),
    ...(editor.vsixKB !== undefined ? { vsix: { budget: '< 2048 KB', measured: editor.vsixKB, pass: editor.vsixKB < 2048 } } : {}),
  };
  const report = {
    node: process.version,
    machine: { cpus: os.cpus().length, loadavg: os.loadavg().map((l) => round(l, 2)) },
    units: 'MB = 2^20 bytes; corpus times are the median of the timed passes, after one warm-up pass; each review and what it is compared with (read+JSON.parse, parseTree) run in alternation',
    corpus,
    ruleCost,
    flow1MiB,
    flow10MiB,
    secrets,
    editor,
    budgets,
    allPass: Object.values(budgets).every((b) => b.pass),
  };
  console.log(JSON.stringify(report, null, 2));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
