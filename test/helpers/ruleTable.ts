// Runs a rule's valid/invalid table: each case lists every finding expected, with the text its range covers.
import * as assert from 'node:assert/strict';
import { it } from 'node:test';
import { inventoryFindings, type RuleCase } from './inventory.js';
import { assertRangeCovers } from './text.js';

export function runRuleTable(ruleId: string, cases: readonly RuleCase[]): void {
  for (const c of cases) {
    it(c.expected.length ? `reports ${c.name}` : `stays quiet for ${c.name}`, () => {
      const findings = inventoryFindings(ruleId, c.text, c.options);
      assert.equal(findings.length, c.expected.length, findings.map((f) => f.message).join('\n'));
      c.expected.forEach((e, i) => {
        assertRangeCovers(c.text, findings[i].range, e.covers, e.nth ?? 0);
        if (e.severity) assert.equal(findings[i].severity, e.severity);
        if (e.message) assert.match(findings[i].message, e.message);
      });
    });
  }
}
