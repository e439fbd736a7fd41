import { describe } from 'node:test';
import { runRuleTable } from '../../../helpers/ruleTable.js';
import { joinLines } from '../../../helpers/text.js';

const surfaces = (...ids: string[]) => ids.map((id) => `  - { id: ${id}, name: N, kind: api, direction: outbound }`);

describe('inventory/duplicate-id', () => {
  runRuleTable('inventory/duplicate-id', [
    { name: 'unique ids', text: joinLines('inventory: 1', 'surfaces:', ...surfaces('a', 'b')), expected: [] },
    { name: 'a repeated surface id, on the second', text: joinLines('inventory: 1', 'surfaces:', ...surfaces('dup', 'b', 'dup')), expected: [{ covers: 'dup', nth: 1, severity: 'error', message: /The surface id `dup` is already used by surface 1/ }] },
    { name: 'a repeated zone id', text: joinLines('inventory: 1', 'zones:', '  - id: net', '  - id: net', 'surfaces: []'), expected: [{ covers: 'net', nth: 1, message: /zone id `net` is already used by zone 1/ }] },
  ]);
});
