// A file with thousands of findings: the server publishes at most MAX_DIAGNOSTICS_PER_FILE, the most severe
// ones, plus one diagnostic that says how many more there are.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { capDiagnostics, MAX_DIAGNOSTICS_PER_FILE } from '../../server/src/lsp/diagnostics.js';
import { analyze, LineIndex } from '../../server/src/core/index.js';
import { TODAY } from '../helpers/analyze.js';

describe('diagnostics per file', () => {
  it(`caps at ${MAX_DIAGNOSTICS_PER_FILE}, keeps the most severe, and says how many are hidden`, () => {
    // 600 plain-HTTP calls (warnings) and 3 hard-coded keys (errors) at the end of the file.
    const nodes: object[] = Array.from({ length: 600 }, (_, i) => ({ name: `Call ${i}`, type: 'n8n-nodes-base.httpRequest', parameters: { url: `http://api${i}.example.com/x`, options: { timeout: 1000 } } }));
    for (let i = 0; i < 3; i++) {
      const headers = { parameters: [{ name: 'X-API-Key', value: `Zq81vLx0Tm4Rw7Yp2Kd${i}` }] };
      nodes.push({ name: `Key ${i}`, type: 'n8n-nodes-base.httpRequest', parameters: { url: 'https://api.example.com', options: { timeout: 1000 }, headerParameters: headers } });
    }
    const text = JSON.stringify({ name: 'Many', nodes, connections: {} }, null, 2);
    const findings = analyze({ uri: 'u', path: 'many.json', text }, { today: TODAY }).findings;
    assert.ok(findings.length > MAX_DIAGNOSTICS_PER_FILE, `${findings.length} findings`);
    const diagnostics = capDiagnostics(findings, new LineIndex(text), undefined);
    assert.equal(diagnostics.length, MAX_DIAGNOSTICS_PER_FILE);
    assert.equal(diagnostics.filter((d) => d.severity === 1).length, 3, 'every error is kept');
    const summary = diagnostics.at(-1)!;
    assert.match(String(summary.message), new RegExp(`^This file has ${findings.length} findings; the ${MAX_DIAGNOSTICS_PER_FILE - 1} most severe are shown and ${findings.length - MAX_DIAGNOSTICS_PER_FILE + 1} more are not`));
    assert.deepEqual(capDiagnostics(findings.slice(0, 10), new LineIndex(text), undefined).length, 10);
  });
});
