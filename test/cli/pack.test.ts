// The CLI as CI installs it: `npm pack` (of the dist/cli.js that `npm test` just built), then `npx ./surface-review-<version>.tgz check …` in another folder.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.resolve(__dirname, '../..');

describe('the packed CLI', () => {
  it('runs with npx from the npm pack tarball, with nothing else installed', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sr-pack-'));
    const packed = spawnSync('npm', ['pack', '--ignore-scripts', '--pack-destination', dir, '--silent'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(packed.status, 0, packed.stderr);
    const tgz = readdirSync(dir).find((f) => /^surface-review-.*\.tgz$/.test(f));
    assert.ok(tgz, 'npm pack made surface-review-<version>.tgz');
    cpSync(path.join(ROOT, 'examples'), path.join(dir, 'examples'), { recursive: true });
    const r = spawnSync('npx', ['--yes', `./${tgz}`, 'check', 'examples', '--format', 'json'], { cwd: dir, encoding: 'utf8', env: { ...process.env, npm_config_cache: path.join(dir, '.npm') } });
    assert.equal(r.status, 1, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.tool, 'surface-review');
    assert.ok(report.findings.some((f: { ruleId: string }) => f.ruleId === 'secret/hardcoded-credential'));
  });
});
