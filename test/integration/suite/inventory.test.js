'use strict';
// The surface inventory in the real extension host: a missing owner is reported, its quick fix applies and the
// finding clears; completion offers the schema's values. Tests wait on diagnostics and state, never on time.
const assert = require('assert');
const vscode = require('vscode');
const { activate, diagnosticsOf, fixtureUri, revertIfDirty, show, waitFor, waitForQuickFix } = require('./helpers');

const RULE = 'ownership/missing-owner';
const FIX_TITLE = 'Set owner to crm-team@example.com';

const inventoryUri = () => fixtureUri('reports.surfaces.yaml');
const ownerDiagnostics = (uri) => diagnosticsOf(uri, RULE);

describe('Surface inventory in a real VS Code extension host', function () {
  this.timeout(180000);

  before(async () => {
    await activate();
  });

  after(async () => {
    await revertIfDirty(inventoryUri());
  });

  it('reports the surface without an owner, on its id, as a warning', async () => {
    const { document } = await show(inventoryUri());
    const [diagnostic, ...others] = await waitFor(() => {
      const found = ownerDiagnostics(document.uri);
      return found.length ? found : undefined;
    }, `a ${RULE} diagnostic`);
    assert.strictEqual(others.length, 0, 'one surface lacks an owner');
    assert.strictEqual(document.getText(diagnostic.range), 'report-export');
    assert.strictEqual(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(diagnostic.message, /Surface `report-export` has no `owner`/);
  });

  it('applies the owner quick fix and the finding clears', async () => {
    const uri = inventoryUri();
    const { document } = await show(uri);
    const { fix } = await waitForQuickFix(uri, () => ownerDiagnostics(uri)[0], (title) => title === FIX_TITLE, `the quick fix "${FIX_TITLE}"`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'applyEdit succeeded');
    assert.match(document.getText(), / {4}rollback: Stop the export job\.\n {4}owner: crm-team@example\.com\n?$/);
    await waitFor(() => ownerDiagnostics(uri).length === 0, 'the missing-owner diagnostic to clear');
  });

  it('completes enum values from the schema', async () => {
    const uri = inventoryUri();
    const { document } = await show(uri);
    const line = document.getText().split('\n').findIndex((l) => l.startsWith('    risk: low'));
    const position = new vscode.Position(line, '    risk: '.length);
    const labels = await waitFor(async () => {
      const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', uri, position);
      const found = (list ? list.items : []).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      return ['low', 'medium', 'high', 'critical'].every((v) => found.includes(v)) && found;
    }, 'risk values in completion');
    assert.ok(labels.includes('critical'));
  });
});
