import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { policyFromValue } from '../../../../server/src/core/index.js';
import { applyFix, inventoryFindings, oneSurface, problemsOf } from '../../../helpers/inventory.js';
import { runRuleTable } from '../../../helpers/ruleTable.js';

const RULE = 'inventory/review-overdue';
const base = ['id: api', 'name: API', 'kind: api', 'direction: outbound'];

// Today is 2026-06-15 in every test (helpers/analyze.ts).
describe(RULE, () => {
  runRuleTable(RULE, [
    { name: 'a medium surface reviewed within a year', text: oneSurface(...base, 'risk: medium', 'lifecycle: { reviewed: 2025-07-01 }'), expected: [] },
    { name: 'a medium surface reviewed over a year ago', text: oneSurface(...base, 'risk: medium', 'lifecycle: { reviewed: 2025-06-01 }'), expected: [{ covers: '2025-06-01', severity: 'warning', message: /379 days ago; the policy asks every 365 days for medium-risk surfaces, so the review was due on 2026-06-01/ }] },
    { name: 'a critical surface past 90 days', text: oneSurface(...base, 'risk: critical', 'lifecycle: { reviewed: 2026-03-01 }'), expected: [{ covers: '2026-03-01', message: /every 90 days for critical-risk/ }] },
    { name: 'a surface never reviewed, as info', text: oneSurface(...base, 'risk: low'), expected: [{ covers: 'api', severity: 'info', message: /no `lifecycle.reviewed` date/ }] },
    { name: 'a retired surface', text: oneSurface(...base, 'lifecycle: { status: retired, reviewed: 2020-01-01 }'), expected: [] },
    { name: 'the policy cadence', text: oneSurface(...base, 'risk: low', 'lifecycle: { reviewed: 2026-05-01 }'), options: { policy: policyFromValue({ cadences: { reviewDays: 30 } }) }, expected: [{ covers: '2026-05-01', message: /every 30 days/ }] },
  ]);

  it('marks the surface reviewed today, in an existing lifecycle or a new one', () => {
    for (const text of [oneSurface(...base, 'risk: low', 'lifecycle:', '  status: active', '  reviewed: 2020-01-01'), oneSurface(...base, 'risk: low')]) {
      const [finding] = inventoryFindings(RULE, text);
      assert.equal(finding.fixes![0].title, 'Mark as reviewed today (2026-06-15)');
      const fixed = applyFix(text, finding.fixes![0]);
      assert.match(fixed, /reviewed: 2026-06-15/);
      assert.deepEqual(problemsOf(fixed), []);
      assert.deepEqual(inventoryFindings(RULE, fixed), []);
    }
  });
});
