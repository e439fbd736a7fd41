// `surface-review check --config FILE`, and `.surface-review.yaml` in the current directory.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const INVENTORY = 'inventory: 1\nsurfaces:\n  - id: a\n    name: A\n    kind: api\n    direction: outbound\n    owner: o@example.com\n    risk: low\n    classification: internal\n    rollback: Stop it.\n    lifecycle: { reviewed: 2000-01-01 }\n';

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, 'check', ...args, '--format', 'json', '--fail-on', 'never'], { cwd, encoding: 'utf8' });
  return { code: r.status, stderr: r.stderr, report: r.stdout ? JSON.parse(r.stdout) : undefined };
}

describe('surface-review check --config', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sr-config-'));
  writeFileSync(path.join(dir, 'app.surfaces.yaml'), INVENTORY);
  writeFileSync(path.join(dir, 'strict.yaml'), 'version: 1\nseverity:\n  inventory/review-overdue: error\n');

  it('applies the policy file given with --config', () => {
    const { code, report } = run(['app.surfaces.yaml', '--config', 'strict.yaml'], dir);
    assert.equal(code, 0);
    assert.equal(report.findings.find((f: { ruleId: string }) => f.ruleId === 'inventory/review-overdue').severity, 'error');
  });

  it('reads .surface-review.yaml in the current directory by default', () => {
    writeFileSync(path.join(dir, '.surface-review.yaml'), 'version: 1\nseverity:\n  inventory/review-overdue: "off"\n');
    const { report } = run(['app.surfaces.yaml'], dir);
    assert.deepEqual(report.findings.filter((f: { ruleId: string }) => f.ruleId === 'inventory/review-overdue'), []);
  });

  it('exits 2 when the --config file cannot be read', () => {
    const { code, stderr } = run(['app.surfaces.yaml', '--config', 'missing.yaml'], dir);
    assert.equal(code, 2);
    assert.match(stderr, /cannot read the policy missing.yaml: no such file or directory/);
  });
});
