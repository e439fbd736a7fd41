'use strict';
// The surface inventory in the real extension host: a missing owner is reported, its quick fix applies and the
// finding clears; completion offers the schema's values. Tests wait on diagnostics and state, never on time.
const assert = require('assert');
const vscode = require('vscode');
const manifest = require('../../../package.json');

const SOURCE = 'surface-review';
const RULE = 'ownership/missing-owner';
const FIX_TITLE = 'Set owner to crm-team@example.com';
const WAIT_MS = 60000;

const inventoryUri = () => vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, 'reports.surfaces.yaml');
const codeOf = (d) => (d.code !== null && typeof d.code === 'object' ? d.code.value : d.code);
const ownerDiagnostics = (uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE && codeOf(d) === RULE);
const show = async (uri) => vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });

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

describe('Surface inventory in a real VS Code extension host', function () {
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
      await show(document.uri);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
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
    let titles = [];
    const fix = await waitFor(async () => {
      const [diagnostic] = ownerDiagnostics(uri);
      if (!diagnostic) return undefined;
      const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
      titles = (actions || []).map((a) => a.title);
      return (actions || []).find((a) => a.title === FIX_TITLE);
    }, `the quick fix "${FIX_TITLE}"`).catch((e) => { throw new Error(`${e.message}; titles offered: ${JSON.stringify(titles)}`); });
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
