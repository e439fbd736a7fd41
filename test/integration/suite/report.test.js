'use strict';
// The export command in the real extension host: it renders on the server and writes the file it is given.
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const vscode = require('vscode');
const { activate } = require('./helpers');

describe('security review report (real VS Code API)', function () {
  this.timeout(120000);

  before(async () => {
    await activate();
    await vscode.commands.executeCommand('surfaceReview.reviewWorkspace');
  });

  for (const [format, check] of [
    ['html', (text) => { assert.match(text, /^<!DOCTYPE html>/); assert.match(text, /<h2>Findings<\/h2>/); assert.doesNotMatch(text, /<script/); }],
    ['markdown', (text) => { assert.match(text, /^# Security review/); assert.match(text, /secret\/hardcoded-credential/); }],
    ['sarif', (text) => { const log = JSON.parse(text); assert.strictEqual(log.version, '2.1.0'); assert.ok(log.runs[0].results.length > 0); }],
  ]) {
    it(`exports ${format} to the path it is given`, async () => {
      const out = path.join(os.tmpdir(), `surface-review-e2e-${process.pid}.${format}`);
      const written = await vscode.commands.executeCommand('surfaceReview.exportReport', { format, path: out });
      assert.strictEqual(written, out);
      const text = fs.readFileSync(out, 'utf8');
      check(text);
      assert.ok(!text.includes('sk-proj-Q7mX'), 'the raw secret of the fixture must not be in the report');
      fs.unlinkSync(out);
    });
  }
});
