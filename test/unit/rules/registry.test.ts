import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { docsPath, RULES } from '../../../server/src/core/index.js';

const ROOT = path.resolve(__dirname, '../../..');
const DESIGN_IDS = /^(parse|secret|scope|ownership|ingress|transport|injection|credential|inventory|drift|resilience|monitoring|supply-chain|privacy|policy)\/[a-z]+(-[a-z]+)*$/;

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? markdownFiles(full) : name.endsWith('.md') ? [full] : [];
  });
}

describe('rule registry', () => {
  it('lists unique ids sorted, each in its own file named by the id', () => {
    const ids = RULES.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual(ids, [...ids].sort());
    for (const id of ids) {
      assert.match(id, DESIGN_IDS);
      assert.ok(existsSync(path.join(ROOT, 'server/src/core/rules', `${id}.ts`)), `rules/${id}.ts`);
    }
  });

  it('gives every rule docs, threats and a SARIF security-severity', () => {
    for (const rule of RULES) {
      assert.ok(rule.docs.summary && rule.docs.rationale && rule.docs.remediation, rule.id);
      assert.ok(rule.securitySeverity > 0 && rule.securitySeverity <= 10, rule.id);
    }
  });

  it('has a docs page for every rule and a rule for every docs page', () => {
    for (const rule of RULES) assert.ok(existsSync(path.join(ROOT, docsPath(rule.id))), docsPath(rule.id));
    const pages = markdownFiles(path.join(ROOT, 'docs/rules')).map((f) => path.relative(path.join(ROOT, 'docs/rules'), f).replace(/\\/g, '/').replace(/\.md$/, ''));
    assert.deepEqual(pages.sort(), RULES.map((r) => r.id).sort());
  });
});
