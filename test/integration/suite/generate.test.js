'use strict';
// Generate Inventory from Flows in the real extension host: the server completes the inventory from the indexed
// flows, the client writes and opens it, the placeholders show as findings, and a second run changes nothing.
// The file is created in the fixture workspace and deleted afterwards (other suites count that workspace's files).
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const { activate, codeOf, waitFor } = require('./helpers');

const NAME = 'e2e-generated.surfaces.yaml';

describe('generate inventory from flows (real VS Code API)', function () {
  this.timeout(120000);
  let target;

  before(async () => {
    await activate();
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
    const owners = await waitFor(() => {
      const found = vscode.languages.getDiagnostics(uri).filter((d) => codeOf(d) === 'ownership/missing-owner');
      return found.length ? found : undefined;
    }, 'the missing-owner finding', 30000);
    assert.strictEqual(owners.length, 1);
    const second = await vscode.commands.executeCommand('surfaceReview.generateInventory', { path: NAME });
    assert.deepStrictEqual([second.added, second.retired], [[], []]);
    assert.strictEqual(fs.readFileSync(target, 'utf8'), text);
  });
});
