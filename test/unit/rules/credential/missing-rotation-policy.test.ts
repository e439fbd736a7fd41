import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { policyFromValue } from '../../../../server/src/core/index.js';
import { applyFix, inventoryFindings, oneSurface, problemsOf } from '../../../helpers/inventory.js';
import { runRuleTable } from '../../../helpers/ruleTable.js';

const RULE = 'credential/missing-rotation-policy';
const base = ['id: api', 'name: API', 'kind: api', 'direction: outbound'];

describe(RULE, () => {
  runRuleTable(RULE, [
    { name: 'a credential with a period', text: oneSurface(...base, 'auth: { secretRef: "vault://kv/api", rotation: { everyDays: 90 } }'), expected: [] },
    { name: 'a surface with no credential', text: oneSurface(...base, 'auth: { method: managed-identity }'), expected: [] },
    { name: 'a secretRef with no period, on the reference', text: oneSurface(...base, 'risk: high', 'auth: { secretRef: "vault://kv/api" }'), expected: [{ covers: '"vault://kv/api"', message: /no rotation period.*high surfaces is 60 days/ }] },
    { name: 'a secretRef that holds the secret itself, named but not shown', text: oneSurface(...base, 'auth: { secretRef: "Xq9!vR2#pL7@wM4s" }'), expected: [{ covers: '"Xq9!vR2#pL7@wM4s"', message: /^Surface `api` uses a credential \(`auth\.secretRef`\) with no rotation period/ }] },
    { name: 'an API-key method with no period, on the method', text: oneSurface(...base, 'auth: { method: api-key }'), expected: [{ covers: 'api-key', message: /unrated surfaces is 90 days/ }] },
  ]);

  it('adds the policy cadence as the rotation period (block and flow auth)', () => {
    const policy = policyFromValue({ cadences: { rotationDays: { default: 45 } } });
    for (const text of [oneSurface(...base, 'auth:', '  method: api-key'), oneSurface(...base, 'auth: { method: api-key }')]) {
      const [finding] = inventoryFindings(RULE, text, { policy });
      assert.equal(finding.fixes![0].title, "Rotate every 45 days (the policy's cadence)");
      const fixed = applyFix(text, finding.fixes![0]);
      assert.deepEqual(problemsOf(fixed), []);
      assert.deepEqual(inventoryFindings(RULE, fixed, { policy }), [], fixed);
    }
  });
});
