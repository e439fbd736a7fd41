// `surface-review inventory` as a user runs it: a draft inventory from a folder of exports in one command, merged on
// the next run without touching what a person wrote.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { validateAgainst } from '../../server/src/core/schema.js';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('surface-review inventory', () => {
  it('writes a schema-valid draft from examples/flows, then merges without changing hand edits', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sr-inventory-'));
    cpSync(path.join(ROOT, 'examples/flows'), path.join(dir, 'flows'), { recursive: true });
    const first = cli(['inventory', 'flows', '--output', 'surfaces.yaml'], dir);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /^surfaces\.yaml: \d+ surface\(s\) added, 0 marked retired\./);
    const text = readFileSync(path.join(dir, 'surfaces.yaml'), 'utf8');
    const value = parse(text);
    assert.deepEqual(validateAgainst('inventory', value), []);
    assert.ok(value.surfaces.length >= 4, text);
    for (const s of value.surfaces) {
      assert.match(s.flow, /^flows\/.+\.n8n\.json$/);
      assert.equal(s.owner, 'TODO');
      assert.ok(s.boundary.from && s.boundary.to, s.id);
    }
    // The review flags the placeholders.
    const check = cli(['check', '.', '--format', 'json', '--fail-on', 'never'], dir);
    const owners = JSON.parse(check.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'ownership/missing-owner');
    assert.equal(owners.length, value.surfaces.length);
    // A second run changes nothing; a hand edit survives the next one.
    assert.equal(cli(['inventory', 'flows', '--output', 'surfaces.yaml'], dir).code, 0);
    assert.equal(readFileSync(path.join(dir, 'surfaces.yaml'), 'utf8'), text);
    const edited = text.replace(/owner: TODO[^\n]*/, 'owner: finance@example.com # set by hand');
    writeFileSync(path.join(dir, 'surfaces.yaml'), edited);
    const again = cli(['inventory', 'flows', '--output', 'surfaces.yaml'], dir);
    assert.match(again.stderr, /0 surface\(s\) added, 0 marked retired/);
    assert.equal(readFileSync(path.join(dir, 'surfaces.yaml'), 'utf8'), edited);
  });

  it('prints to standard output without --output, and exits 2 on a missing path', () => {
    const r = cli(['inventory', 'examples/flows'], ROOT);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(validateAgainst('inventory', parse(r.stdout)), []);
    assert.equal(cli(['inventory', 'no/such/dir'], ROOT).code, 2);
  });
});
