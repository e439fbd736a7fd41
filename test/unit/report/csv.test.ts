import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toCsv, type Finding } from '../../../server/src/core/index.js';
import { TODAY } from '../../helpers/analyze.js';

const finding = (message: string, start: number): Finding => ({
  ruleId: 'secret/hardcoded-credential', severity: 'error', message, uri: 'u', range: { start, end: start + 1 }, pointer: '', fingerprint: 'abc', evidence: 'sk-p…', threats: [],
});

describe('CSV', () => {
  it('writes one quoted row per finding with 1-based positions', () => {
    const csv = toCsv({ date: TODAY, files: [{ path: 'a.json', format: 'n8n', text: 'x\ny', findings: [finding('He said "no", twice', 2)] }] });
    assert.equal(csv, 'file,line,column,severity,rule,message,evidence,fingerprint\r\na.json,2,1,error,secret/hardcoded-credential,"He said ""no"", twice",sk-p…,abc\r\n');
  });

  it('neutralises spreadsheet formulas', () => {
    const csv = toCsv({ date: TODAY, files: [{ path: 'a.json', format: 'n8n', text: 'x', findings: [finding('=HYPERLINK("x")', 0)] }] });
    assert.ok(csv.includes(`"'=HYPERLINK(""x"")"`));
  });
});
