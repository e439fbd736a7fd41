import { describe } from 'node:test';
import { oneSurface } from '../../../helpers/inventory.js';
import { runRuleTable } from '../../../helpers/ruleTable.js';

const base = ['id: api', 'name: API', 'kind: api', 'direction: outbound'];

describe('inventory/missing-rollback', () => {
  runRuleTable('inventory/missing-rollback', [
    { name: 'a surface with a rollback', text: oneSurface(...base, 'rollback: Disable the workflow.'), expected: [] },
    { name: 'a retired surface', text: oneSurface(...base, 'lifecycle: { status: retired }'), expected: [] },
    { name: 'a medium surface without one, as info', text: oneSurface(...base, 'risk: medium'), expected: [{ covers: 'api', severity: 'info', message: /has no `rollback`/ }] },
    { name: 'a critical surface without one, as a warning', text: oneSurface(...base, 'risk: critical'), expected: [{ covers: 'api', severity: 'warning' }] },
  ]);
});
