import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFix, inventoryFindings, problemsOf } from '../../../helpers/inventory.js';
import { runRuleTable } from '../../../helpers/ruleTable.js';
import { joinLines } from '../../../helpers/text.js';

const doc = (boundary: string, zones = ['  - { id: internet, kind: external }', '  - { id: core, kind: internal }']) =>
  joinLines('inventory: 1', ...(zones.length ? ['zones:', ...zones] : []), 'surfaces:', '  - id: hook', '    name: Hook', '    kind: webhook', '    direction: inbound', `    boundary: ${boundary}`, '');

describe('inventory/unknown-zone', () => {
  runRuleTable('inventory/unknown-zone', [
    { name: 'known zones', text: doc('{ from: internet, to: core }'), expected: [] },
    { name: 'a near miss, with the guess', text: doc('{ from: internt, to: core }'), expected: [{ covers: 'internt', message: /did you mean `internet`\?/ }] },
    { name: 'both sides unknown', text: doc('{ from: partner, to: vault }'), expected: [{ covers: 'partner', message: /\(defined: internet, core\)/ }, { covers: 'vault' }] },
    { name: 'boundaries with no zones at all', text: doc('{ from: internet, to: core }', []), expected: [{ covers: 'internet', message: /defines no `zones`/ }, { covers: 'core' }] },
  ]);

  it('fixes a near miss to the zone it meant', () => {
    const text = doc('{ from: internt, to: core }');
    const [finding] = inventoryFindings('inventory/unknown-zone', text);
    const fixed = applyFix(text, finding.fixes![0]);
    assert.match(fixed, /from: internet, to: core/);
    assert.deepEqual(problemsOf(fixed), []);
  });
});
