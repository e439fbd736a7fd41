import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, policyFromValue } from '../../../../server/src/core/index.js';
import { oneSurface } from '../../../helpers/inventory.js';
import { runRuleTable } from '../../../helpers/ruleTable.js';

const base = ['id: api', 'name: API', 'kind: api', 'direction: outbound'];

// Today is 2026-06-15 in every test.
describe('credential/rotation-overdue', () => {
  runRuleTable('credential/rotation-overdue', [
    { name: 'a rotation on time', text: oneSurface(...base, 'auth: { method: api-key, rotation: { everyDays: 90, last: 2026-04-01 } }'), expected: [] },
    { name: 'a rotation past its period', text: oneSurface(...base, 'auth: { method: api-key, rotation: { everyDays: 30, last: 2026-04-01 } }'), expected: [{ covers: '2026-04-01', severity: 'warning', message: /last rotated on 2026-04-01, 75 days ago; with a period of 30 days it was due on 2026-05-01/ }] },
    { name: 'a period longer than the policy allows', text: oneSurface(...base, 'risk: critical', 'auth: { method: api-key, rotation: { everyDays: 365, last: 2026-04-01 } }'), expected: [{ covers: '2026-04-01', message: /the surface says 365, but the policy allows at most 30 for critical surfaces/ }] },
    { name: 'a period with no last rotation, as info', text: oneSurface(...base, 'auth:', '  method: api-key', '  rotation: { everyDays: 90 }'), expected: [{ covers: 'rotation', severity: 'info', message: /does not say when it last was/ }] },
    { name: 'the policy cadence', text: oneSurface(...base, 'auth: { method: api-key, rotation: { everyDays: 90, last: 2026-05-01 } }'), options: { policy: policyFromValue({ cadences: { rotationDays: 30 } }) }, expected: [{ covers: '2026-05-01' }] },
  ]);

  it('keeps its fingerprint from one day to the next, though the message counts the days (a suppression by fingerprint holds)', () => {
    const text = oneSurface(...base, 'auth: { method: api-key, rotation: { everyDays: 30, last: 2026-04-01 } }');
    const on = (day: string) => analyze({ uri: 'file:///ws/api.surfaces.yaml', path: 'api.surfaces.yaml', text }, { today: new Date(day) }).findings.filter((f) => f.ruleId === 'credential/rotation-overdue');
    const [today] = on('2026-06-15T12:00:00Z');
    const [tomorrow] = on('2026-06-16T12:00:00Z');
    assert.notEqual(today.message, tomorrow.message);
    assert.equal(today.fingerprint, tomorrow.fingerprint);
  });
});
