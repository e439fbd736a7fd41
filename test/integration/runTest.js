'use strict';
// Integration-test entry (`npm run test:integration`): runs test/integration/suite in a real VS Code extension host.
// With CODE_SERVER set (see scripts/e2e.sh), that host is code-server's, driven by headless Chromium through
// scripts/vscode-web-test.js; without it, @vscode/test-electron downloads and starts VS Code desktop.
// With SURFACE_REVIEW_VSIX set too, the packaged extension is installed and tested instead of this folder.
const path = require('path');
const { runTests } = require('@vscode/test-electron');

/** Tests the packaged extension: installs the VSIX into code-server and runs the suite against it. */
function runAgainstVsix(root, vsix) {
  const { spawnSync } = require('child_process');
  const r = spawnSync(process.execPath, [
    require.resolve('../../scripts/vscode-web-test.js'),
    `--install-extension=${path.resolve(vsix)}`,
    `--extensionTestsPath=${path.resolve(__dirname, 'suite/index.js')}`,
    path.resolve(root, 'test/fixtures/workspace'),
  ], { stdio: 'inherit', env: { ...process.env, EXT_TEST_RESULTS: process.env.EXT_TEST_RESULTS || path.resolve(root, '.vscode-test/results.json') } });
  if (r.status !== 0) {
    console.error(`Integration tests against ${vsix} failed (exit ${r.status}).`);
    process.exit(1);
  }
}

async function main() {
  const root = path.resolve(__dirname, '../..');
  if (process.env.CODE_SERVER && process.env.SURFACE_REVIEW_VSIX) return runAgainstVsix(root, process.env.SURFACE_REVIEW_VSIX);
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
