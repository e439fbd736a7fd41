import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFix, inventoryFindings, oneSurface, problemsOf } from '../../../helpers/inventory.js';
import { runRuleTable } from '../../../helpers/ruleTable.js';

const RULE = 'inventory/risk-understated';
const base = ['id: hook', 'name: Hook', 'kind: webhook', 'direction: inbound'];

describe(RULE, () => {
  runRuleTable(RULE, [
    { name: 'a risk that matches', text: oneSurface(...base, 'risk: high', 'auth: { method: none }'), expected: [] },
    { name: 'an open webhook rated low', text: oneSurface(...base, 'risk: low', 'auth: { method: none }'), expected: [{ covers: 'low', message: /rated low, but anyone can call it \(auth `none`\): that implies at least high/ }] },
    { name: 'an open webhook with confidential data rated high', text: oneSurface(...base, 'risk: high', 'classification: confidential', 'auth: { method: none }'), expected: [{ covers: 'high', message: /implies at least critical/ }] },
    { name: 'a critical scope rated medium', text: oneSurface(...base, 'risk: medium', 'auth: { method: oauth2, scopes: [Directory.ReadWrite.All] }'), expected: [{ covers: 'medium', message: /scope `Directory.ReadWrite.All` is rated critical/ }] },
    { name: 'health data rated low', text: oneSurface(...base, 'risk: low', 'auth: { method: hmac }', 'data: [health]'), expected: [{ covers: 'low', message: /it carries health data: that implies at least high/ }] },
    { name: 'an unrated surface (another rule asks for the rating)', text: oneSurface(...base, 'auth: { method: none }'), expected: [] },
  ]);

  it('raises the risk to the implied level', () => {
    const text = oneSurface(...base, 'risk: low', 'auth: { method: none }');
    const fixed = applyFix(text, inventoryFindings(RULE, text)[0].fixes![0]);
    assert.match(fixed, /risk: high/);
    assert.deepEqual(problemsOf(fixed), []);
    assert.deepEqual(inventoryFindings(RULE, fixed), []);
  });
});
