'use strict';
// Runs last (files load in name order): kills the language server the way a crash would, and checks the client
// restarts it and the review comes back.
const assert = require('assert');
const { execFileSync } = require('child_process');
const vscode = require('vscode');
const { WAIT_MS, activate, waitFor } = require('./helpers');

/** Pids of this extension's language servers (node processes running dist/server.js from the extension). */
function serverPids(extensionPath) {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.includes(`${extensionPath}/dist/server.js`)).map((l) => Number(l.trim().split(/\s+/)[0]));
}

describe('resilience (real VS Code API)', function () {
  this.timeout(WAIT_MS * 2);

  it('restarts a crashed language server and reviews again', async () => {
    const { extension: ext, api } = await activate();
    const before = await waitFor(() => serverPids(ext.extensionPath).length === 1 && serverPids(ext.extensionPath), 'the server process');
    const restarts = api.serverRestarts();
    process.kill(before[0], 'SIGKILL');
    await waitFor(() => api.serverRestarts() === restarts + 1, 'the client to notice the crash');
    const after = await waitFor(() => { const p = serverPids(ext.extensionPath); return p.length === 1 && p[0] !== before[0] && p; }, 'a new server process');
    assert.notStrictEqual(after[0], before[0]);
    const status = await vscode.commands.executeCommand('surfaceReview.reviewWorkspace');
    assert.ok(status.files >= 2, `the restarted server reviewed ${status.files} files`);
  });
});
