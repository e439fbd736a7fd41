'use strict';
// Inventory ↔ flow drift in the real extension host: a flow's undocumented surface is reported with related
// information in the inventory; "Add to inventory" (choosing the nearest inventory) writes the entry into the other
// file and the finding clears. Tests wait on diagnostics, never on time.
const assert = require('assert');
const vscode = require('vscode');
const { activate, diagnosticsOf, fixtureUri, revertIfDirty, show, waitFor, waitForQuickFix } = require('./helpers');

const RULE = 'drift/undocumented-surface';
const FIX_TITLE = 'Add to inventory drift/orders.surfaces.yaml';

const flowUri = () => fixtureUri('drift', 'orders.n8n.json');
const inventoryUri = () => fixtureUri('drift', 'orders.surfaces.yaml');
const driftDiagnostics = (uri) => diagnosticsOf(uri, RULE);

describe('Inventory ↔ flow drift in a real VS Code extension host', function () {
  this.timeout(180000);

  before(async () => {
    await activate();
  });

  after(async () => {
    await revertIfDirty(inventoryUri());
  });

  it('reports the undocumented surface on its node, with related information in the inventory', async () => {
    const { document } = await show(flowUri());
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
    const { fix, titles } = await waitForQuickFix(flowUri(), () => driftDiagnostics(flowUri())[0], (title) => title === FIX_TITLE, `the quick fix "${FIX_TITLE}"`);
    assert.strictEqual(fix.isPreferred, true, 'the nearest inventory is preferred');
    assert.ok(titles.includes('Add to inventory flows.surfaces.yaml'), `one fix per covering inventory: ${JSON.stringify(titles)}`);
    assert.ok(titles.includes('Suppress with reason...'), `the suppression action: ${JSON.stringify(titles)}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'applyEdit succeeded');
    const inventory = await vscode.workspace.openTextDocument(inventoryUri());
    assert.match(inventory.getText(), /\n {2}- id: order-intake-send-to-fulfilment\n {4}name: Send to fulfilment\n {4}kind: api\n {4}direction: outbound\n {4}platform: n8n\n {4}flow: orders\.n8n\.json\n {4}node: Send to fulfilment\n/);
    await waitFor(() => driftDiagnostics(flowUri()).length === 0, 'the drift diagnostic to clear');
  });
});
