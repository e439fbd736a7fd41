import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFix, inventoryFindings, oneSurface, problemsOf } from '../../../helpers/inventory.js';
import { runRuleTable } from '../../../helpers/ruleTable.js';

const RULE = 'secret/hardcoded-credential';
const base = ['id: api', 'name: API', 'kind: api', 'direction: outbound'];
const GITHUB = 'ghp_4gaSMyqces2QkkwcsCK4S8SEIAmmGQiwcS8k';
const LITERAL = 'Zk93nQ2LpX8vR4tY6wA1';

describe(`${RULE} (inventory)`, () => {
  runRuleTable(RULE, [
    { name: 'references', text: oneSurface(...base, 'auth:', '  secretRef: vault://kv/no-code/api', '  signature: { secretRef: "env:SIGNING_SECRET" }'), expected: [] },
    { name: 'a provider token in secretRef', text: oneSurface(...base, 'auth:', `  secretRef: ${GITHUB}`), expected: [{ covers: GITHUB, severity: 'error', message: /GitHub classic personal access token in "secretRef" \(ghp_…\)/ }] },
    { name: 'a literal in secretRef (no provider format)', text: oneSurface(...base, 'auth:', `  secretRef: ${LITERAL}`), expected: [{ covers: LITERAL, message: /`secretRef` holds what looks like the secret itself \(Zk93…\)/ }] },
    { name: 'a literal in a secret-named field', text: oneSurface(...base, 'auth:', `  token: ${LITERAL}`), expected: [{ covers: LITERAL, message: /Hard-coded secret in "token"/ }] },
  ]);

  it('replaces a literal secretRef with a placeholder reference', () => {
    const text = oneSurface(...base, 'auth:', `  secretRef: ${LITERAL}`);
    const [finding] = inventoryFindings(RULE, text);
    assert.equal(finding.fixes![0].title, 'Replace with secretRef: vault://CHANGE-ME/api (then keep the secret in your vault and rotate it)');
    const fixed = applyFix(text, finding.fixes![0]);
    assert.ok(!fixed.includes(LITERAL));
    assert.match(fixed, /secretRef: "vault:\/\/CHANGE-ME\/api"/);
    assert.deepEqual(problemsOf(fixed), []);
    assert.deepEqual(inventoryFindings(RULE, fixed), []);
  });

  it('moves a secret field into a secretRef placeholder, leaving a document that validates better than before', () => {
    const text = oneSurface(...base, 'auth:', '  method: api-key', `  token: ${LITERAL}`);
    const fixed = applyFix(text, inventoryFindings(RULE, text)[0].fixes![0]);
    assert.ok(!fixed.includes(LITERAL), fixed);
    assert.match(fixed, / {2}method: api-key\n {6}secretRef: "vault:\/\/CHANGE-ME\/api"\n/);
    assert.ok(problemsOf(fixed).length < problemsOf(text).length);
    assert.deepEqual(problemsOf(fixed), []);
  });
});
