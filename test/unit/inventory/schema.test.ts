import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseDocument } from '../../../server/src/core/index.js';
import { validateAgainst } from '../../../server/src/core/schema.js';
import { inventoryFindings, oneSurface, reviewInventory } from '../../helpers/inventory.js';
import { assertRangeCovers, joinLines } from '../../helpers/text.js';

const ROOT = path.resolve(__dirname, '../../..');
const RULE = 'inventory/schema';

describe('surface inventory schema', () => {
  it('accepts the example inventory and the example policy', () => {
    const inventory = parseDocument(readFileSync(path.join(ROOT, 'examples/surfaces.yaml'), 'utf8'), 'yaml');
    assert.deepEqual(inventory.problems, []);
    assert.deepEqual(validateAgainst('inventory', inventory.value), []);
    const policy = parseDocument(readFileSync(path.join(ROOT, 'examples/.surface-review.yaml'), 'utf8'), 'yaml');
    assert.deepEqual(validateAgainst('policy', policy.value), []);
  });

  it('describes every property, with examples', () => {
    for (const file of ['surface-inventory.schema.json', 'surface-review-config.schema.json']) {
      const schema = JSON.parse(readFileSync(path.join(ROOT, 'schemas', file), 'utf8'));
      assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
      const missing: string[] = [];
      const visit = (node: unknown, where: string) => {
        if (!node || typeof node !== 'object') return;
        const n = node as Record<string, unknown>;
        for (const [name, prop] of Object.entries((n.properties as Record<string, Record<string, unknown>>) ?? {})) {
          if (typeof prop.description !== 'string' || !Array.isArray(prop.examples) || !prop.examples.length) missing.push(`${where}.${name}`);
        }
        for (const [k, v] of Object.entries(n)) if (typeof v === 'object') visit(v, `${where}/${k}`);
      };
      visit(schema, file);
      assert.deepEqual(missing, []);
    }
  });

  const cases: { name: string; text: string; message: string; covers: string; nth?: number }[] = [
    { name: 'an enum value', text: oneSurface('id: a', 'name: A', 'kind: api', 'direction: outbound', 'risk: hihg'), message: '`risk` of surface `a` must be one of low, medium, high, critical (did you mean `high`?).', covers: 'hihg' },
    { name: 'a misspelt field', text: oneSurface('id: a', 'name: A', 'kind: api', 'direction: outbound', 'ownr: x@example.com'), message: '`ownr` is not a field of surface `a`. Did you mean `owner`?', covers: 'ownr' },
    { name: 'a wrong type', text: oneSurface('id: a', 'name: A', 'kind: api', 'direction: outbound', 'latencyBudgetMs: fast'), message: '`latencyBudgetMs` of surface `a` must be a whole number, not text.', covers: 'fast' },
    { name: 'a missing required field', text: oneSurface('id: a', 'name: A', 'direction: outbound'), message: 'Surface `a` is missing `kind` (one of connector, webhook, api, event-stream, auth-bridge, middleware, automation-script, file-transfer, database).', covers: 'id' },
    { name: 'a bad date', text: oneSurface('id: a', 'name: A', 'kind: api', 'direction: outbound', 'lifecycle: { reviewed: 2026-02-30 }'), message: '`lifecycle.reviewed` of surface `a` must be a date written YYYY-MM-DD.', covers: '2026-02-30' },
    { name: 'a repeated scope', text: oneSurface('id: a', 'name: A', 'kind: api', 'direction: outbound', 'auth: { scopes: [repo, repo] }'), message: '`auth.scopes` of surface `a` lists "repo" more than once.', covers: 'repo', nth: 1 },
    { name: 'the format version', text: joinLines('inventory: 2', 'surfaces: []'), message: '`inventory` must be 1 (the format version this extension reads).', covers: '2' },
    { name: 'a list that is text', text: joinLines('inventory: 1', 'surfaces: none'), message: '`surfaces` must be a list, not text.', covers: 'none' },
    { name: 'a surface that is not a mapping', text: joinLines('inventory: 1', 'surfaces:', '  - just text'), message: 'Surface 1 must be a mapping (key: value pairs), not text.', covers: 'just text' },
  ];
  for (const c of cases) {
    it(`reports ${c.name} in plain words, once, at the exact range`, () => {
      const findings = inventoryFindings(RULE, c.text);
      assert.deepEqual(findings.map((f) => f.message), [c.message]);
      assertRangeCovers(c.text, findings[0].range, c.covers, c.nth ?? 0);
    });
  }

  it('validates the policy file too', () => {
    const text = joinLines('version: 1', 'cadences:', '  rotationDays: soon', 'severity:', '  scope/overbroad: loud');
    const findings = reviewInventory(text, {}, '.surface-review.yaml').filter((f) => f.ruleId === RULE);
    assertRangeCovers(text, findings[1].range, 'loud');
    assert.deepEqual(findings.map((f) => f.message), [
      '`cadences.rotationDays` must be a whole number of days, or a mapping of default, low, medium, high, critical.',
      '`severity.scope/overbroad` must be one of error, warning, info, hint, off.',
    ]);
  });
});
