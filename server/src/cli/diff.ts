// `surface-review diff --base REV`: the folder at a git revision (read through server/src/git: `git ls-tree` and
// `git cat-file`, hardened) against the working tree, both analysed as `check` does; the core compares the two
// snapshots. Exit 1 when the change adds an error-level finding or widens a scope.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { analyzeSnapshotFile, diffSnapshots, newFindingsReview, policyFromText, redactSecrets, snapshotOf, toDiffJson, toDiffMarkdown, toDiffText, toSarif, type AnalysisOptions, type Policy, type Review, type SnapshotFile } from '../core/index.js';
import { GitError, listRevision, readBlobs, readFileAt, resolveCommit } from '../git/revision.js';
import type { DiffArgs } from './args.js';
import { describe, InputError, readCodeowners } from './files.js';
import { readWorkingTree } from './snapshot.js';

export async function diff(args: DiffArgs): Promise<number> {
  if (args.base.startsWith('-')) throw new InputError(`--base ${args.base}: not a git revision`);
  const cwd = process.cwd();
  const today = new Date();
  const commit = await resolveCommit(cwd, args.base).catch((e: unknown) => {
    throw new InputError(e instanceof GitError && e.problem === 'unknown-revision' ? `--base ${args.base}: not a commit in the git repository here` : `--base ${args.base}: ${(e as Error).message}`);
  });
  const policyText = await readHeadPolicy(args.config);
  const basePolicyText = await readFileAt(cwd, commit, args.config ?? '.surface-review.yaml');
  const knownOwners = await readCodeowners(cwd);
  const headOptions: AnalysisOptions = { today, policy: parsePolicy(policyText), knownOwners };
  const baseOptions: AnalysisOptions = { today, policy: parsePolicy(basePolicyText?.toString('utf8')), knownOwners };

  const head = await readWorkingTree(args.paths, cwd, headOptions);
  const base = await readRevision(commit, args.paths, cwd, baseOptions);
  const policyPath = args.config !== undefined ? path.relative(cwd, args.config).split(path.sep).join('/') : undefined;
  const headSnapshot = snapshotOf(head, { today, policy: headOptions.policy, policyPath });
  const baseSnapshot = snapshotOf(base, { today, policy: baseOptions.policy, policyPath });
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
  // Endpoints and messages are masked in the core; this also catches a secret echoed in a value, as `check` does.
  out = redactSecrets(out);
  if (args.output) await fs.writeFile(args.output, out);
  else process.stdout.write(out);
  return result.blocking.length ? 1 : 0;
}

/** The files under `paths` as they were at `commit`, analysed (paths relative to `cwd`, as git prints them there). */
async function readRevision(commit: string, paths: readonly string[], cwd: string, options: AnalysisOptions): Promise<SnapshotFile[]> {
  const listed = await listRevision(cwd, commit, paths).catch(gitFailed);
  const blobs = await readBlobs(cwd, listed.map((f) => f.oid)).catch(gitFailed);
  const out: SnapshotFile[] = [];
  for (const { path: relative, oid } of listed) {
    const bytes = blobs.get(oid);
    if (!bytes || bytes.includes(0)) continue;
    const analysed = analyzeSnapshotFile({ uri: relative, path: relative, text: new TextDecoder('utf-8').decode(bytes) }, options);
    if (analysed) out.push(analysed);
  }
  return out;
}

function gitFailed(e: unknown): never {
  throw new InputError((e as Error).message);
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
