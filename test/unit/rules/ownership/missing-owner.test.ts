import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFix, inventoryFindings, oneSurface, problemsOf, reviewInventory } from '../../../helpers/inventory.js';
import { runRuleTable } from '../../../helpers/ruleTable.js';
import { joinLines } from '../../../helpers/text.js';

const RULE = 'ownership/missing-owner';
const base = ['id: api', 'name: API', 'kind: api', 'direction: outbound'];

describe(RULE, () => {
  runRuleTable(RULE, [
    { name: 'a surface with an owner', text: oneSurface(...base, 'owner: team@example.com'), expected: [] },
    { name: 'a retired surface', text: oneSurface(...base, 'lifecycle: { status: retired }'), expected: [] },
    { name: 'a low-risk surface with no owner, as a warning', text: oneSurface(...base, 'risk: low'), expected: [{ covers: 'api', severity: 'warning', message: /Surface `api` has no `owner`/ }] },
    { name: 'a high-risk surface with no owner, as an error', text: oneSurface(...base, 'risk: high'), expected: [{ covers: 'api', severity: 'error', message: /rated high, so an owner is required/ }] },
    { name: 'a surface with confidential data and no owner, as an error', text: oneSurface(...base, 'classification: confidential'), expected: [{ covers: 'api', severity: 'error', message: /carries confidential data/ }] },
    { name: 'a surface with no id, on its name', text: oneSurface('name: Nameless', 'kind: api', 'direction: outbound'), expected: [{ covers: 'Nameless' }] },
  ]);

  it('suggests owners in use, the inventory owner and CODEOWNERS; the fix leaves a valid document', () => {
    const text = joinLines('inventory: 1', 'owner: platform@example.com', 'surfaces:', '  - id: a', '    name: A', '    kind: api', '    direction: outbound', '    owner: team-a@example.com', '  - id: b', '    name: B', '    kind: api', '    direction: outbound', '');
    const [finding] = inventoryFindings(RULE, text, { knownOwners: ['@acme/security'] });
    assert.deepEqual(finding.fixes!.map((f) => f.title), ['Set owner to team-a@example.com', 'Set owner to platform@example.com', 'Set owner to @acme/security']);
    const fixed = applyFix(text, finding.fixes![0]);
    assert.ok(fixed.includes('    direction: outbound\n    owner: team-a@example.com\n'), fixed);
    assert.deepEqual(problemsOf(fixed), problemsOf(text));
    assert.deepEqual(inventoryFindings(RULE, fixed), []);
    const quoted = applyFix(text, finding.fixes![2]);
    assert.ok(quoted.includes('    owner: "@acme/security"\n'), 'a leading @ is quoted in YAML');
    assert.deepEqual(problemsOf(quoted), []);
  });

  it('inserts into flow mappings and JSON inventories too', () => {
    const flow = joinLines('inventory: 1', 'owner: o@example.com', 'surfaces:', '  - { id: a, name: A, kind: api, direction: outbound }');
    const fixedFlow = applyFix(flow, inventoryFindings(RULE, flow)[0].fixes![0]);
    assert.match(fixedFlow, /direction: outbound, owner: "o@example.com" \}/);
    assert.deepEqual(problemsOf(fixedFlow), []);
    const json = JSON.stringify({ inventory: 1, owner: 'o@example.com', surfaces: [{ id: 'a', name: 'A', kind: 'api', direction: 'outbound' }] }, null, 2);
    const [finding] = reviewInventory(json, {}, 'app.surfaces.json').filter((f) => f.ruleId === RULE);
    const fixedJson = applyFix(json, finding.fixes![0]);
    assert.equal(JSON.parse(fixedJson).surfaces[0].owner, 'o@example.com');
    assert.deepEqual(problemsOf(fixedJson, 'json'), []);
  });
});
