'use strict';
// Records how long activation took in the real extension host, for `npm run bench` to report against the 50 ms
// budget (budgets are checked by the bench, not by timed tests).
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const { EXT_ID } = require('./helpers');

describe('activation (real VS Code API)', () => {
  it('activates with the server started afterwards, and records the time it took', async () => {
    const api = await vscode.extensions.getExtension(EXT_ID).activate();
    assert.strictEqual(typeof api.activationMs, 'number');
    assert.ok(api.activationMs > 0);
    await api.ready;
    const out = path.resolve(__dirname, '../../../.vscode-test/metrics.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify({ activationMs: api.activationMs, vscode: vscode.version, at: new Date().toISOString() }, null, 2));
  });
});
