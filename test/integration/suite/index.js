'use strict';
// The extensionTestsPath module: VS Code's extension host calls run(); a rejection makes the run exit non-zero.
// Runs every *.test.js next to this file with mocha and writes a JSON summary to $EXT_TEST_RESULTS
// (scripts/e2e.sh reads it for its final "e2e: N passed, M failed" line).
const fs = require('fs');
const os = require('os');
const path = require('path');
const Mocha = require('mocha');

exports.run = function run() {
  const resultsFile = process.env.EXT_TEST_RESULTS || path.join(os.tmpdir(), 'surface-review-integration-results.json');
  const mocha = new Mocha({ ui: 'bdd', timeout: 120000, color: false, reporter: 'spec' });
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  const results = { startedAt: new Date().toISOString(), pid: process.pid, vscodeVersion: require('vscode').version, tests: [] };
  const write = () => {
    fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
    fs.writeFileSync(resultsFile, JSON.stringify(results, null, 2));
  };
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        results.finishedAt = new Date().toISOString();
        results.passed = results.tests.filter((t) => t.state === 'passed').length;
        results.failed = failures;
        write();
        if (failures > 0) reject(new Error(`${failures} test(s) failed.`));
        else resolve();
      });
      runner.on('pass', (t) => results.tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
      runner.on('fail', (t, err) => results.tests.push({ title: t.fullTitle(), state: 'failed', error: String((err && err.stack) || err) }));
    } catch (err) {
      results.error = String((err && err.stack) || err);
      results.passed = 0;
      results.failed = 1;
      write();
      reject(err);
    }
  });
};
