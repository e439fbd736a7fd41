// Reading a folder as it was at a git revision, for `surface-review diff --base REV` and the threat view's "changed
// since REV": shared by the CLI and the language server (the core compares snapshots and never runs anything).
// The workspace may be hostile, so git runs with execFile (no shell), without the system config, with repository
// settings that run commands (fsmonitor, hooks, pager, transports for lazy fetches) switched off, and within limits.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { DEFAULT_MAX_FILE_SIZE_KB } from '../core/index.js';

/** The files the review reads, in the working tree (the CLI's and the server's walks) and at a revision: JSON and YAML. */
export const CANDIDATE = /\.(json|ya?ml)$/i;
/** Folders never read (the CLI's walk and a revision's; the language server also skips its own build folders: SCAN_SKIP_DIRS). */
export const SKIP_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git']);
/** What all the files read from one revision may add up to. */
export const MAX_REVISION_BYTES = 256 * 1024 * 1024;
const TIMEOUT_MS = 60_000;

/** Settings given on every call: each would otherwise let the repository's own config run a program. */
const HARDENING = [
  '--no-pager',
  '-c', 'core.fsmonitor=false',
  '-c', 'core.hooksPath=/dev/null',
  '-c', 'core.pager=cat',
  '-c', 'core.untrackedCache=false',
  '-c', 'protocol.allow=never',
];

export type GitProblem = 'missing' | 'not-a-repository' | 'unknown-revision' | 'no-commit' | 'too-large' | 'failed';

/** Why git could not answer; `message` is one line for a person. */
export class GitError extends Error {
  constructor(message: string, readonly problem: GitProblem) {
    super(message);
  }
}

interface RunOptions {
  readonly cwd: string;
  /** Written to git's standard input. */
  readonly input?: string;
  readonly maxBuffer?: number;
}

/**
 * The environment git runs in: ours without GIT_* variables, no system config, no prompt, no pager, no optional locks
 * (a read never writes the index), no transport.
 */
function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('GIT_')) env[key] = value;
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_OPTIONAL_LOCKS: '0',
    // No transport, whatever the repository's config allows (`protocol.<name>.allow` there beats `-c protocol.allow`):
    // a partial clone would otherwise fetch a missing object through its remote, e.g. an `ext::` command.
    GIT_ALLOW_PROTOCOL: '',
    GIT_NO_LAZY_FETCH: '1',
    GIT_PAGER: 'cat',
    PAGER: 'cat',
    GIT_ASKPASS: '',
    SSH_ASKPASS: '',
  };
}

/** Runs `git ARGV` (hardened, no shell) in `cwd`; resolves with its standard output. Rejects with a {@link GitError}. */
export function runGit(argv: readonly string[], options: RunOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile('git', [...HARDENING, ...argv], { cwd: options.cwd, env: gitEnv(), encoding: 'buffer', maxBuffer: options.maxBuffer ?? 64 * 1024 * 1024, timeout: TIMEOUT_MS, windowsHide: true }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      const code = (error as NodeJS.ErrnoException).code;
      const said = stderr.toString('utf8').trim().split('\n')[0] ?? '';
      if (code === 'ENOENT') reject(new GitError('git is not installed (or not on PATH)', 'missing'));
      else if (code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') reject(new GitError(`git ${argv[0]} printed more than ${Math.round((options.maxBuffer ?? 0) / 1048576)} MB`, 'too-large'));
      else if (/not a git repository/i.test(said)) reject(new GitError('not a git repository', 'not-a-repository'));
      else reject(new GitError(`git ${argv[0]} failed: ${said || error.message}`, 'failed'));
    });
    child.stdin?.on('error', () => undefined); // git may exit before reading all of it; its exit status says why
    child.stdin?.end(options.input ?? '');
  });
}

/** The commit `rev` names (full object id). Throws a {@link GitError}: `unknown-revision` when it names none. */
export async function resolveCommit(cwd: string, rev: string): Promise<string> {
  if (!rev || rev.startsWith('-') || /[\s\0]/.test(rev)) throw new GitError(`"${rev}" is not a git revision`, 'unknown-revision');
  await assertRepository(cwd);
  try {
    return (await runGit(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], { cwd })).toString('utf8').trim();
  } catch (e) {
    if (e instanceof GitError && e.problem === 'failed') throw new GitError(`"${rev}" is not a commit of this repository`, 'unknown-revision');
    throw e;
  }
}

/** Where the default base comes from, nearest first: the remote's default branch, then the usual local and remote names. */
const DEFAULT_BRANCHES = ['refs/remotes/origin/HEAD', 'refs/heads/main', 'refs/heads/master', 'refs/remotes/origin/main', 'refs/remotes/origin/master'];

/**
 * The merge base of HEAD with the default branch (`origin/HEAD`, else `main`, else `master`), and how to name it
 * (`merge base with origin/main`). Throws a {@link GitError} when there is no such branch or no common commit.
 */
export async function resolveDefaultBase(cwd: string): Promise<{ readonly commit: string; readonly label: string }> {
  await assertRepository(cwd);
  const head = await runGit(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { cwd }).catch(() => undefined);
  if (!head) throw new GitError('the repository has no commit yet', 'no-commit');
  for (const ref of DEFAULT_BRANCHES) {
    const found = await runGit(['rev-parse', '--verify', '--quiet', '--symbolic-full-name', ref], { cwd }).catch(() => undefined);
    if (!found) continue;
    const target = found.toString('utf8').trim() || ref;
    const base = await runGit(['merge-base', 'HEAD', target], { cwd }).catch(() => undefined);
    if (!base) throw new GitError(`HEAD has no commit in common with ${shortRef(target)}`, 'unknown-revision');
    return { commit: base.toString('utf8').trim(), label: `merge base with ${shortRef(target)}` };
  }
  throw new GitError('no default branch to compare with (origin/HEAD, main or master)', 'unknown-revision');
}

async function assertRepository(cwd: string): Promise<void> {
  const inside = await runGit(['rev-parse', '--is-inside-work-tree'], { cwd }).catch((e: unknown) => {
    if (e instanceof GitError && e.problem === 'missing') throw e;
    return undefined;
  });
  if (inside?.toString('utf8').trim() !== 'true') throw new GitError('not a git repository', 'not-a-repository');
}

function shortRef(ref: string): string {
  return ref.replace(/^refs\/(?:heads|remotes)\//, '');
}

/** One file of a revision the review would read. */
export interface RevisionEntry {
  /** Relative to the directory git ran in, `/`-separated. */
  readonly path: string;
  /** The blob's object id. */
  readonly oid: string;
  readonly size: number;
}

export interface RevisionLimits {
  /** Larger files are left out (default: the CLI's 10 MB). */
  readonly maxFileBytes?: number;
  /** Folder names never entered (default {@link SKIP_DIRS}). */
  readonly skipDirs?: ReadonlySet<string>;
}

/**
 * The JSON and YAML files under `paths` (relative to `cwd`) at `commit`, paths relative to `cwd`, sorted: regular
 * files only (no symbolic links or submodules), none in a skipped folder, none above the size limit.
 */
export async function listRevision(cwd: string, commit: string, paths: readonly string[], limits: RevisionLimits = {}): Promise<RevisionEntry[]> {
  const maxFileBytes = limits.maxFileBytes ?? DEFAULT_MAX_FILE_SIZE_KB * 1024;
  const skipDirs = limits.skipDirs ?? SKIP_DIRS;
  const listing = await runGit(['ls-tree', '-r', '-l', '-z', '--end-of-options', commit, '--', ...paths], { cwd });
  const out: RevisionEntry[] = [];
  for (const record of listing.toString('utf8').split('\0')) {
    // <mode> SP <type> SP <object> SP <size, padded> TAB <path>
    const tab = record.indexOf('\t');
    if (tab === -1) continue;
    const [mode, type, oid, size] = record.slice(0, tab).trim().split(/\s+/);
    const file = record.slice(tab + 1);
    if (type !== 'blob' || (mode !== '100644' && mode !== '100755')) continue;
    if (!CANDIDATE.test(file) || file.split('/').some((segment) => skipDirs.has(segment))) continue;
    const bytes = Number(size);
    if (!Number.isFinite(bytes) || bytes > maxFileBytes) continue;
    out.push({ path: file, oid, size: bytes });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * The contents of blobs by object id, read with one `git cat-file --batch`. Names it cannot find are absent from the
 * result. Throws `too-large` when they add up to more than {@link MAX_REVISION_BYTES}.
 */
export async function readBlobs(cwd: string, oids: readonly string[]): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  if (!oids.length) return out;
  const batch = await runGit(['cat-file', '--batch'], { cwd, input: oids.map((o) => `${o}\n`).join(''), maxBuffer: MAX_REVISION_BYTES + oids.length * 128 });
  let at = 0;
  for (const wanted of oids) {
    const eol = batch.indexOf(0x0a, at);
    if (eol === -1) break;
    // `<oid> <type> <size>` then the contents, or `<name> missing` / `<name> ambiguous` (the name may hold spaces).
    const header = batch.subarray(at, eol).toString('utf8');
    at = eol + 1;
    const match = /^[0-9a-f]{40,64} (\S+) (\d+)$/.exec(header);
    if (!match) continue;
    const size = Number(match[2]);
    if (match[1] === 'blob') out.set(wanted, batch.subarray(at, at + size));
    at += size + 1;
  }
  return out;
}

/** The contents of `relativePath` (relative to `cwd`) at `commit`, or undefined when it has no such file. */
export async function readFileAt(cwd: string, commit: string, relativePath: string): Promise<Buffer | undefined> {
  const hit = await readBlobs(cwd, [`${commit}:./${relativePath}`]).catch(() => undefined);
  return hit?.get(`${commit}:./${relativePath}`);
}

/** Git's object id of a blob with these bytes (SHA-1, or SHA-256 when `oidLength` is 64): equal ids, equal contents. */
export function blobOid(bytes: Uint8Array, oidLength = 40): string {
  return createHash(oidLength === 64 ? 'sha256' : 'sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}
