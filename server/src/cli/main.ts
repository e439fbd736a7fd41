// `surface-review`: reads files, calls the core, prints, and sets the exit code (0 clean, 1 findings, 2 usage/input).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { analyze, analyzeWorkspace, DEFAULT_MAX_FILE_SIZE_KB, policyFromText, redactSecrets, sniff, type Policy, toCsv, toHtml, toJsonReport, toMarkdown, toSarif, TOOL_VERSION, type JsonReport, type Review, type ReviewedFile, type Severity, type WorkspaceFile } from '../core/index.js';
import { parseArgs, UsageError, USAGE, type CheckArgs, type FailOn } from './args.js';
import { collectFiles, describe, InputError, readCodeowners, readText } from './files.js';
import { toText } from './output.js';
import { inventory } from './inventory.js';
import { diff } from './diff.js';

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };
const FAIL_RANK: Record<FailOn, number> = { error: 3, warning: 2, info: 1, never: Infinity };

async function check(args: CheckArgs): Promise<number> {
  const files = await collectFiles(args.paths);
  const cwd = process.cwd();
  const today = new Date();
  const policy = await readPolicy(args.config);
  const knownOwners = await readCodeowners(cwd);
  const reports: ReviewedFile[] = [];
  const indexed: WorkspaceFile[] = [];
  for (const file of files) {
    const relative = path.relative(cwd, file).split(path.sep).join('/') || path.basename(file);
    let read;
    try {
      read = await readText(file, DEFAULT_MAX_FILE_SIZE_KB * 1024);
    } catch (e) {
      throw new InputError(`cannot read ${relative}: ${describe(e)}`);
    }
    if (read.kind === 'binary') {
      reports.push({ path: relative, format: 'unknown', text: '', findings: [] });
      continue;
    }
    if (read.kind === 'too-large') {
      const format = sniff(read.head, relative).format;
      const skipped = format === 'unknown' ? undefined : `${relative}: skipped, ${Math.round(read.bytes / 1024)} KB is over the ${DEFAULT_MAX_FILE_SIZE_KB} KB limit.`;
      reports.push({ path: relative, format, text: '', findings: [], skipped });
      if (format !== 'unknown') indexed.push({ uri: relative, root: '', path: relative, format, skipped: true });
      continue;
    }
    const uri = relative;
    const result = analyze({ uri, path: relative, text: read.text, invalidEncodingAt: read.kind === 'not-utf8' ? read.offset : undefined }, { today, policy, knownOwners });
    reports.push({ path: relative, format: result.format, text: read.text, findings: result.findings, flow: result.flow, document: result.document, skipped: result.skipped });
    if (result.format !== 'unknown') indexed.push({ uri, root: '', path: relative, format: result.format, document: result.document, flow: result.flow, suppressionsUsed: result.suppressionsUsed });
  }
  // Cross-file rules (inventory ↔ flow drift, undeclared scopes, unused suppressions) over the files given.
  const policyPath = args.config !== undefined ? path.relative(cwd, args.config).split(path.sep).join('/') : undefined;
  const linked = analyzeWorkspace(indexed, { today, policy, policyPath });
  for (const [i, r] of reports.entries()) {
    const more = linked.get(r.path);
    if (more) reports[i] = { ...r, findings: [...r.findings, ...more] };
  }
  const review: Review = { files: reports, date: today, policy, scope: path.basename(cwd) };
  const report = toJsonReport(review);
  // Secrets are masked in messages and evidence; this also catches one echoed in a value (an endpoint, a scope, a zone).
  const out = redactSecrets(render(args.format, review, report));
  if (args.output) await fs.writeFile(args.output, out);
  else process.stdout.write(out);
  const worst = Math.max(-1, ...report.findings.map((f) => RANK[f.severity]));
  return worst >= FAIL_RANK[args.failOn] ? 1 : 0;
}

/** The policy of `--config FILE`, else `.surface-review.yaml` (or `.yml`) in the current directory, else none. */
async function readPolicy(config: string | undefined): Promise<Policy | undefined> {
  if (config !== undefined) {
    try {
      return policyFromText(await fs.readFile(config, 'utf8'));
    } catch (e) {
      throw new InputError(`cannot read the policy ${config}: ${describe(e)}`);
    }
  }
  for (const name of ['.surface-review.yaml', '.surface-review.yml']) {
    try {
      return policyFromText(await fs.readFile(name, 'utf8'));
    } catch {
      // absent: try the next name, then review with the default policy
    }
  }
  return undefined;
}

function render(format: CheckArgs['format'], review: Review, report: JsonReport): string {
  switch (format) {
    case 'json':
      return JSON.stringify(report, null, 2) + '\n';
    case 'sarif':
      return JSON.stringify(toSarif(review), null, 2) + '\n';
    case 'csv':
      return toCsv(review);
    case 'markdown':
      return toMarkdown(review);
    case 'html':
      return toHtml(review);
    default:
      return toText(report);
  }
}

async function main(argv: readonly string[]): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.command === 'help') {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    if (args.command === 'version') {
      process.stdout.write(TOOL_VERSION + '\n');
      return 0;
    }
    if (args.command === 'inventory') return await inventory(args);
    if (args.command === 'diff') return await diff(args);
    return await check(args);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`surface-review: ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (e instanceof InputError) {
      process.stderr.write(`surface-review: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`surface-review: internal error: ${(e as Error).message}\n`);
    return 2;
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
