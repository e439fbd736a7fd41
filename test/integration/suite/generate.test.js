'use strict';
// Generate Inventory from Flows in the real extension host: the server completes the inventory from the indexed
// flows, the client writes and opens it, the placeholders show as findings, and a second run changes nothing.
// The file is created in the fixture workspace and deleted afterwards (other suites count that workspace's files).
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const manifest = require('../../../package.json');

const EXT_ID = `${manifest.publisher}.${manifest.name}`;
const NAME = 'e2e-generated.surfaces.yaml';

async function until(what, check, timeoutMs = 30000) {
  const start = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('generate inventory from flows (real VS Code API)', function () {
  this.timeout(120000);
  let target;

  before(async () => {
    const api = await vscode.extensions.getExtension(EXT_ID).activate();
    await api.ready;
    await vscode.commands.executeCommand('surfaceReview.reviewWorkspace');
    target = path.join(vscode.workspace.workspaceFolders[0].uri.fsPath, NAME);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (fs.existsSync(target)) fs.unlinkSync(target);
    await vscode.commands.executeCommand('surfaceReview.reviewWorkspace');
  });

  it('writes the inventory, opens it with the placeholders flagged, and a second run adds nothing', async () => {
    const first = await vscode.commands.executeCommand('surfaceReview.generateInventory', { path: NAME });
    assert.strictEqual(first.path, target);
    assert.deepStrictEqual(first.added, ['n8n-order-intake-send-to-fulfilment']);
    const text = fs.readFileSync(target, 'utf8');
    assert.match(text, /^inventory: 1$/m);
    assert.match(text, /flow: drift\/orders\.n8n\.json/);
    assert.match(text, /owner: TODO/);
    assert.strictEqual(vscode.window.activeTextEditor.document.uri.fsPath, target);
    const uri = vscode.Uri.file(target);
    const owners = await until('the missing-owner finding', () => {
      const found = vscode.languages.getDiagnostics(uri).filter((d) => (typeof d.code === 'object' ? d.code.value : d.code) === 'ownership/missing-owner');
      return found.length ? found : undefined;
    });
    assert.strictEqual(owners.length, 1);
    const second = await vscode.commands.executeCommand('surfaceReview.generateInventory', { path: NAME });
    assert.deepStrictEqual([second.added, second.retired], [[], []]);
    assert.strictEqual(fs.readFileSync(target, 'utf8'), text);
  });
});
