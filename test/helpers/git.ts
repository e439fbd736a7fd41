// Scripted git repositories for the tests of the git reader, `surface-review diff` and the threat view's "changed
// since": a throwaway repository with an identity and no commit signing, whatever the machine's git config says.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** Runs git in `cwd`; fails the test when it fails. Returns its output, trimmed. */
export function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

/** A new repository in a temporary folder named `prefix…`, on `branch` when given (git's default branch otherwise). */
export function scratchRepo(prefix: string, branch?: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  git(dir, 'init', '-q', ...(branch ? ['-b', branch] : []));
  git(dir, 'config', 'user.name', 'Test');
  git(dir, 'config', 'user.email', 'test@example.com');
  git(dir, 'config', 'commit.gpgsign', 'false');
  return dir;
}
