// `surface-review diff --base REV`: the folder at a git revision (read with `git ls-tree` and `git show`) against the
// working tree, both analysed as `check` does; the core compares the two snapshots. Exit 1 when the change adds an
// error-level finding or widens a scope.
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { analyzeWorkspace, DEFAULT_MAX_FILE_SIZE_KB, diffSnapshots, newFindingsReview, ownersFromCodeowners, policyFromText, toDiffJson, toDiffMarkdown, toDiffText, toSarif, type AnalysisOptions, type Finding, type Policy, type Review, type Snapshot } from '../core/index.js';
import type { DiffArgs } from './args.js';
import { describe, InputError } from './files.js';
import { analyzeText, readWorkingTree, type SnapshotFile } from './snapshot.js';

const CANDIDATE = /\.(json|ya?ml)$/i;
const SKIP_DIRS = new Set(['node_modules', '.git']);

export async function diff(args: DiffArgs): Promise<number> {
  if (args.base.startsWith('-')) throw new InputError(`--base ${args.base}: not a git revision`);
  const cwd = process.cwd();
  const today = new Date();
  await git(['rev-parse', '--verify', '--quiet', `${args.base}^{commit}`], cwd).catch(() => {
    throw new InputError(`--base ${args.base}: not a commit in the git repository here`);
  });
  const policyText = await readHeadPolicy(args.config);
  const basePolicyText = await git(['show', `${args.base}:./${args.config ?? '.surface-review.yaml'}`], cwd).catch(() => undefined);
  const knownOwners = await readCodeowners(cwd);
  const headOptions: AnalysisOptions = { today, policy: parsePolicy(policyText), knownOwners };
  const baseOptions: AnalysisOptions = { today, policy: parsePolicy(basePolicyText?.toString('utf8')), knownOwners };

  const head = await readWorkingTree(args.paths, cwd, headOptions);
  const base = await readRevision(args.base, args.paths, cwd, baseOptions);
  const policyPath = args.config !== undefined ? path.relative(cwd, args.config).split(path.sep).join('/') : undefined;
  const headSnapshot = snapshotOf(head, headOptions, policyPath);
  const baseSnapshot = snapshotOf(base, baseOptions, policyPath);
  const result = diffSnapshots(baseSnapshot.snapshot, headSnapshot.snapshot);

  const texts = new Map<string, string>();
  for (const f of head) texts.set(f.file.path, f.file.document?.text ?? '');
  const headReview: Review = {
    files: head.map((f) => ({ path: f.file.path, format: f.file.format, text: texts.get(f.file.path) ?? '', findings: headSnapshot.byFile.get(f.file.uri) ?? [], flow: f.file.flow, document: f.file.document })),
    date: today,
    policy: headOptions.policy,
    scope: path.basename(cwd),
  };
  const placed = newFindingsReview(result, headReview);
  let out: string;
  switch (args.format) {
    case 'json':
      out = JSON.stringify(toDiffJson(result, args.base, placed), null, 2) + '\n';
      break;
    case 'sarif':
      out = JSON.stringify(toSarif(placed), null, 2) + '\n';
      break;
    case 'markdown':
      out = toDiffMarkdown(result, args.base, placed);
      break;
    default:
      out = toDiffText(result, args.base, placed);
  }
  if (args.output) await fs.writeFile(args.output, out);
  else process.stdout.write(out);
  return result.blocking.length ? 1 : 0;
}

/** Each file's own findings plus the cross-file ones, as one snapshot and by file. */
function snapshotOf(files: readonly SnapshotFile[], options: AnalysisOptions, policyPath: string | undefined): { snapshot: Snapshot; byFile: Map<string, Finding[]> } {
  const linked = analyzeWorkspace(files.map((f) => f.file), { today: options.today ?? new Date(), policy: options.policy, policyPath });
  const byFile = new Map<string, Finding[]>();
  for (const f of files) byFile.set(f.file.uri, [...f.findings, ...(linked.get(f.file.uri) ?? [])]);
  return { snapshot: { files: files.map((f) => f.file), findings: [...byFile.values()].flat() }, byFile };
}

/** The files under `paths` as they were at `rev`, analysed (paths relative to `cwd`, as git prints them there). */
async function readRevision(rev: string, paths: readonly string[], cwd: string, options: AnalysisOptions): Promise<SnapshotFile[]> {
  const listed = (await git(['ls-tree', '-r', '-z', '--name-only', rev, '--', ...paths], cwd)).toString('utf8').split('\0').filter(Boolean);
  const out: SnapshotFile[] = [];
  for (const file of listed.sort()) {
    const relative = path.posix.normalize(file);
    if (!CANDIDATE.test(relative) || relative.split('/').some((s) => SKIP_DIRS.has(s))) continue;
    const bytes = await git(['show', `${rev}:./${relative}`], cwd);
    if (bytes.length > DEFAULT_MAX_FILE_SIZE_KB * 1024 || bytes.includes(0)) continue;
    const analysed = analyzeText(relative, new TextDecoder('utf-8').decode(bytes), options);
    if (analysed) out.push(analysed);
  }
  return out;
}

function git(argv: readonly string[], cwd: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile('git', argv, { cwd, encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new InputError(`git ${argv[0]} failed: ${stderr.toString('utf8').trim() || describe(error)}`));
      else resolve(stdout);
    });
  });
}

async function readHeadPolicy(config: string | undefined): Promise<string | undefined> {
  for (const name of config !== undefined ? [config] : ['.surface-review.yaml', '.surface-review.yml']) {
    try {
      return await fs.readFile(name, 'utf8');
    } catch (e) {
      if (config !== undefined) throw new InputError(`cannot read the policy ${config}: ${describe(e)}`);
    }
  }
  return undefined;
}

function parsePolicy(text: string | undefined): Policy | undefined {
  if (text === undefined) return undefined;
  try {
    return policyFromText(text);
  } catch (e) {
    throw new InputError(`cannot read the policy: ${(e as Error).message}`);
  }
}

async function readCodeowners(root: string): Promise<string[]> {
  for (const candidate of ['CODEOWNERS', '.github/CODEOWNERS', 'docs/CODEOWNERS', '.gitlab/CODEOWNERS']) {
    try {
      return ownersFromCodeowners(await fs.readFile(path.join(root, candidate), 'utf8'));
    } catch {
      // not there: look in the next place
    }
  }
  return [];
}
