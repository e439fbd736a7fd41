// Reading a revision with git (server/src/git/revision.ts) on scripted repositories: what is listed and read, the
// default base, and that a hostile repository's config cannot make it run a command.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { git, scratchRepo } from '../../helpers/git.js';
import { blobOid, GitError, listRevision, readBlobs, readFileAt, resolveCommit, resolveDefaultBase } from '../../../server/src/git/revision.js';

function repo(branch = 'main'): string {
  return scratchRepo('sr-git-', branch);
}

function write(dir: string, file: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), text);
}

describe('git revision reading', () => {
  it('lists the JSON and YAML files of a folder at a commit, leaving out skipped folders, large files and links, and reads them', async () => {
    const dir = repo();
    write(dir, 'flows/a.n8n.json', '{"nodes":[]}');
    write(dir, 'flows/node_modules/x.json', '{}');
    write(dir, 'flows/big.json', `{"x":"${'a'.repeat(2000)}"}`);
    write(dir, 'flows/notes.txt', 'not ours');
    write(dir, 'other/b.yaml', 'a: 1');
    symlinkSync('a.n8n.json', path.join(dir, 'flows/link.json'));
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'base');
    write(dir, 'flows/a.n8n.json', '{"nodes":[1]}'); // the working tree differs: the commit is what is read
    const commit = await resolveCommit(path.join(dir, 'flows'), 'HEAD');
    assert.equal(commit, git(dir, 'rev-parse', 'HEAD'));
    const listed = await listRevision(path.join(dir, 'flows'), commit, ['.'], { maxFileBytes: 1024 });
    assert.deepEqual(listed.map((e) => [e.path, e.size]), [['a.n8n.json', 12]]);
    const blobs = await readBlobs(dir, listed.map((e) => e.oid));
    assert.equal(blobs.get(listed[0].oid)?.toString('utf8'), '{"nodes":[]}');
    assert.equal(listed[0].oid, blobOid(Buffer.from('{"nodes":[]}')), 'blobOid is git\'s object id');
    assert.equal((await readFileAt(dir, commit, 'other/b.yaml'))?.toString('utf8'), 'a: 1');
    assert.equal(await readFileAt(dir, commit, 'other/none.yaml'), undefined);
  });

  it('takes the merge base with origin/HEAD, else main or master, and names it', async () => {
    const dir = repo('master');
    write(dir, 'a.json', '{}');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'one');
    const first = git(dir, 'rev-parse', 'HEAD');
    git(dir, 'checkout', '-qb', 'feature');
    write(dir, 'a.json', '{"a":1}');
    git(dir, 'commit', '-qam', 'two');
    assert.deepEqual(await resolveDefaultBase(dir), { commit: first, label: 'merge base with master' });
    git(dir, 'update-ref', 'refs/remotes/origin/trunk', git(dir, 'rev-parse', 'HEAD'));
    git(dir, 'symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/trunk');
    assert.deepEqual(await resolveDefaultBase(dir), { commit: git(dir, 'rev-parse', 'HEAD'), label: 'merge base with origin/trunk' });
    const empty = repo();
    await assert.rejects(resolveDefaultBase(empty), (e: unknown) => e instanceof GitError && e.problem === 'no-commit');
    await assert.rejects(resolveCommit(dir, 'no-such'), (e: unknown) => e instanceof GitError && e.problem === 'unknown-revision');
    await assert.rejects(resolveCommit(dir, '--output=x'), (e: unknown) => e instanceof GitError && e.problem === 'unknown-revision');
    await assert.rejects(resolveCommit(tmpdir(), 'HEAD'), (e: unknown) => e instanceof GitError && e.problem === 'not-a-repository');
  });

  it('runs no command a hostile repository config names: a partial clone whose remote is an ext:: command', async (t) => {
    const dir = repo();
    write(dir, 'a.json', '{"a":1}');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'base');
    const oid = git(dir, 'rev-parse', 'HEAD:a.json');
    rmSync(path.join(dir, '.git/objects', oid.slice(0, 2), oid.slice(2))); // missing, so git would fetch it lazily
    const marker = path.join(dir, '..', `${path.basename(dir)}-pwned`);
    for (const [key, value] of [
      ['core.repositoryformatversion', '1'],
      ['extensions.partialClone', 'origin'],
      ['remote.origin.promisor', 'true'],
      ['remote.origin.url', `ext::sh -c touch% ${marker}`],
      ['protocol.allow', 'always'],
      ['protocol.ext.allow', 'always'],
      ['core.fsmonitor', `touch ${marker}`],
    ]) git(dir, 'config', key, value);
    // Control: plain git does run it (else this git cannot show the attack and the test proves nothing).
    spawnSync('git', ['cat-file', '--batch'], { cwd: dir, input: `${oid}\n`, encoding: 'utf8' });
    if (!existsSync(marker)) return t.skip('this git does not fetch missing objects lazily');
    rmSync(marker);
    const commit = await resolveCommit(dir, 'HEAD');
    await listRevision(dir, commit, ['.']).catch(() => []);
    await readBlobs(dir, [oid]).catch(() => new Map());
    await resolveDefaultBase(dir).catch(() => undefined);
    assert.equal(existsSync(marker), false, 'the remote command ran');
  });
});
