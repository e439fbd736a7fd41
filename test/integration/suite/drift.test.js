'use strict';
// Inventory ↔ flow drift in the real extension host: a flow's undocumented surface is reported with related
// information in the inventory; "Add to inventory" (choosing the nearest inventory) writes the entry into the other
// file and the finding clears. Tests wait on diagnostics, never on time.
const assert = require('assert');
const vscode = require('vscode');
const manifest = require('../../../package.json');

const SOURCE = 'surface-review';
const RULE = 'drift/undocumented-surface';
const FIX_TITLE = 'Add to inventory drift/orders.surfaces.yaml';
const WAIT_MS = 60000;

const folder = () => vscode.workspace.workspaceFolders[0].uri;
const flowUri = () => vscode.Uri.joinPath(folder(), 'drift', 'orders.n8n.json');
const inventoryUri = () => vscode.Uri.joinPath(folder(), 'drift', 'orders.surfaces.yaml');
const codeOf = (d) => (d.code !== null && typeof d.code === 'object' ? d.code.value : d.code);
const driftDiagnostics = (uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE && codeOf(d) === RULE);

/** Resolves with the first truthy value of `check`, re-evaluated on every diagnostics change and on a short tick. */
function waitFor(check, what, timeoutMs = WAIT_MS) {
  return new Promise((resolve, reject) => {
    let done = false;
    let last;
    const finish = (fn, value) => {
      if (done) return;
      done = true;
      clearInterval(tick);
      clearTimeout(timer);
      subscription.dispose();
      fn(value);
    };
    const evaluate = async () => {
      if (done) return;
      try {
        last = await check();
        if (last) finish(resolve, last);
      } catch (e) {
        finish(reject, e);
      }
    };
    const subscription = vscode.languages.onDidChangeDiagnostics(() => void evaluate());
    const tick = setInterval(() => void evaluate(), 100);
    const timer = setTimeout(() => finish(reject, new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}`)), timeoutMs);
    void evaluate();
  });
}

describe('Inventory ↔ flow drift in a real VS Code extension host', function () {
  this.timeout(180000);

  before(async () => {
    const ext = vscode.extensions.getExtension(`${manifest.publisher}.${manifest.name}`);
    assert.ok(ext, 'the extension is installed');
    const api = await ext.activate();
    await api.ready;
  });

  after(async () => {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === inventoryUri().toString());
    if (document && document.isDirty) {
      await vscode.window.showTextDocument(document, { preview: false });
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  it('reports the undocumented surface on its node, with related information in the inventory', async () => {
    const document = await vscode.workspace.openTextDocument(flowUri());
    await vscode.window.showTextDocument(document, { preview: false });
    const [diagnostic, ...others] = await waitFor(() => {
      const found = driftDiagnostics(flowUri());
      return found.length ? found : undefined;
    }, `a ${RULE} diagnostic`);
    assert.strictEqual(others.length, 0, 'the webhook is documented; the call to fulfilment is not');
    assert.strictEqual(document.getText(diagnostic.range), '"Send to fulfilment"');
    assert.strictEqual(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(diagnostic.message, /^Outbound API call "Send to fulfilment" \(POST https:\/\/fulfilment\.example\.com\/api\/v1\/orders\) is not in the surface inventory/);
    const related = diagnostic.relatedInformation || [];
    assert.ok(related.some((r) => r.location.uri.toString() === inventoryUri().toString()), `related information in the inventory: ${JSON.stringify(related.map((r) => r.location.uri.toString()))}`);
  });

  it('applies "Add to inventory" to the nearest inventory, and the finding clears', async () => {
    let titles = [];
    const fix = await waitFor(async () => {
      const [diagnostic] = driftDiagnostics(flowUri());
      if (!diagnostic) return undefined;
      const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', flowUri(), diagnostic.range, vscode.CodeActionKind.QuickFix.value);
      titles = (actions || []).map((a) => a.title);
      return (actions || []).find((a) => a.title === FIX_TITLE);
    }, `the quick fix "${FIX_TITLE}"`).catch((e) => { throw new Error(`${e.message}; titles offered: ${JSON.stringify(titles)}`); });
    assert.strictEqual(fix.isPreferred, true, 'the nearest inventory is preferred');
    assert.ok(titles.includes('Add to inventory flows.surfaces.yaml'), `one fix per covering inventory: ${JSON.stringify(titles)}`);
    assert.ok(titles.includes('Suppress with reason...'), `the suppression action: ${JSON.stringify(titles)}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'applyEdit succeeded');
    const inventory = await vscode.workspace.openTextDocument(inventoryUri());
    assert.match(inventory.getText(), /\n {2}- id: order-intake-send-to-fulfilment\n {4}name: Send to fulfilment\n {4}kind: api\n {4}direction: outbound\n {4}platform: n8n\n {4}flow: orders\.n8n\.json\n {4}node: Send to fulfilment\n/);
    await waitFor(() => driftDiagnostics(flowUri()).length === 0, 'the drift diagnostic to clear');
  });
});
