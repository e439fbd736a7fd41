import { describe } from 'node:test';
import { oneSurface } from '../../../helpers/inventory.js';
import { runRuleTable } from '../../../helpers/ruleTable.js';

const base = ['id: api', 'name: API', 'kind: api', 'direction: outbound', 'owner: o@example.com'];

describe('inventory/missing-classification', () => {
  runRuleTable('inventory/missing-classification', [
    { name: 'a rated surface', text: oneSurface(...base, 'classification: internal', 'risk: low'), expected: [] },
    { name: 'a surface with neither', text: oneSurface(...base), expected: [{ covers: 'api', severity: 'warning', message: /has no `classification` and no `risk`/ }] },
    { name: 'a surface with no risk', text: oneSurface(...base, 'classification: internal'), expected: [{ covers: 'api', message: /has no `risk`: without it/ }] },
    { name: 'a surface with no classification', text: oneSurface(...base, 'risk: low'), expected: [{ covers: 'api', message: /has no `classification`: without it/ }] },
  ]);
});
