'use strict';
// Integration-test entry (`npm run test:integration`): runs test/integration/suite in a real VS Code extension host.
// With CODE_SERVER set (see scripts/e2e.sh), that host is code-server's, driven by headless Chromium through
// scripts/vscode-web-test.js; without it, @vscode/test-electron downloads and starts VS Code desktop.
const path = require('path');
const { runTests } = require('@vscode/test-electron');

async function main() {
  const root = path.resolve(__dirname, '../..');
  try {
    await runTests({
      vscodeExecutablePath: process.env.CODE_SERVER ? require.resolve('../../scripts/vscode-web-test.js') : undefined,
      extensionDevelopmentPath: root,
      extensionTestsPath: path.resolve(__dirname, 'suite/index.js'),
      launchArgs: [path.resolve(root, 'test/fixtures/workspace'), '--disable-extensions'],
      extensionTestsEnv: { EXT_TEST_RESULTS: process.env.EXT_TEST_RESULTS || path.resolve(root, '.vscode-test/results.json') },
    });
  } catch (e) {
    console.error(`Integration tests failed: ${e && e.message ? e.message : e}`);
    process.exit(1);
  }
}

main();
