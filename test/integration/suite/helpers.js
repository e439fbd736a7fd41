'use strict';
// What the integration suites share: the extension and its test API, the fixture workspace's files, waiting on
// diagnostics and state (never on time), quick fixes, and leaving a fixture as it is on disk.
// Not a test file: suite/index.js loads only *.test.js, and this file defines no tests.
const assert = require('assert');
const vscode = require('vscode');
const manifest = require('../../../package.json');

const EXT_ID = `${manifest.publisher}.${manifest.name}`;
/** The `source` of this extension's diagnostics. */
const SOURCE = 'surface-review';
const WAIT_MS = 60000; // 2 cores, other test runs in parallel: generous, but only a ceiling

/** Activates the extension and waits for its language server; resolves with the extension and its test API. */
async function activate() {
  const extension = vscode.extensions.getExtension(EXT_ID);
  assert.ok(extension, `extension ${EXT_ID} is not installed in the test host`);
  const api = await extension.activate();
  assert.ok(api && api.ready, 'activate() returns the test API with a ready promise');
  await api.ready;
  return { extension, api };
}

/** A file of the fixture workspace (test/fixtures/workspace, the first workspace folder). */
const fixtureUri = (...parts) => vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, ...parts);

/** The flow of the threat-model fixture (threat-model/stripe-events.n8n.json), which the threat-view suites edit. */
const threatModelFlowUri = () => fixtureUri('threat-model', 'stripe-events.n8n.json');

/** `Diagnostic.code` is `{ value, target }` when the server sets `codeDescription`, a plain string otherwise. */
const codeOf = (d) => (d.code !== null && typeof d.code === 'object' ? d.code.value : d.code);

/** This extension's diagnostics on `uri`, of rule `rule` when given. */
const diagnosticsOf = (uri, rule) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE && (rule === undefined || codeOf(d) === rule));

// preview:false keeps earlier editors open: a replaced preview editor closes its document, the server then
// falls back to the file on disk and re-publishes, which races with what a test is checking.
const show = async (uri) => vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });

/** Reverts the open document of `uri` if it has unsaved edits, so that later suites see the file as it is on disk. */
async function revertIfDirty(uri) {
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (document && document.isDirty) {
    await vscode.window.showTextDocument(document, { preview: false });
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
}

/**
 * Resolves with the first truthy value of `check`, re-evaluated whenever diagnostics change and on a short tick (for
 * state that has no event, such as code actions or the threat model); a request cancelled by a concurrent edit counts
 * as no value yet, any other error rejects. Rejects after `timeoutMs` with `what` and the last value seen.
 */
function waitFor(check, what, timeoutMs = WAIT_MS) {
  return new Promise((resolve, reject) => {
    let done = false;
    let running = false;
    let again = false;
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
      if (running) { again = true; return; }
      running = true;
      try {
        do {
          again = false;
          try {
            last = await check();
          } catch (e) {
            if (!/Canceled/.test(String(e && e.message))) throw e;
            last = undefined;
          }
          if (last) return finish(resolve, last);
        } while (again && !done);
      } catch (e) {
        return finish(reject, e);
      } finally {
        running = false;
      }
    };
    const subscription = vscode.languages.onDidChangeDiagnostics(() => void evaluate());
    const tick = setInterval(() => void evaluate(), 100);
    const timer = setTimeout(() => finish(reject, new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}`)), timeoutMs);
    void evaluate();
  });
}

/**
 * Waits until the quick fixes offered on the diagnostic `diagnostic()` returns (none yet: undefined) include one whose
 * title `matches` accepts; resolves with that fix and the titles of all offered. A timeout lists the titles offered.
 */
async function waitForQuickFix(uri, diagnostic, matches, what) {
  let titles = [];
  const fix = await waitFor(async () => {
    const found = diagnostic();
    if (!found) return undefined;
    const actions = (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, found.range, vscode.CodeActionKind.QuickFix.value)) || [];
    titles = actions.map((a) => a.title);
    return actions.find((a) => matches(a.title));
  }, what).catch((e) => { throw new Error(`${e.message}; titles offered: ${JSON.stringify(titles)}`); });
  return { fix, titles };
}

/** The children of `node` in the threat-model tree (its groups for `undefined`), each with its tree item. */
const childrenOf = async (provider, node) => Promise.all((await provider.getChildren(node)).map(async (child) => ({ node: child, item: await provider.getTreeItem(child) })));

/** Waits for the next threat model the view receives, or one second at most. */
const nextModel = (api) => Promise.race([api.threatModel.nextModel(), new Promise((r) => setTimeout(r, 1000))]);

module.exports = {
  EXT_ID,
  SOURCE,
  WAIT_MS,
  activate,
  fixtureUri,
  threatModelFlowUri,
  codeOf,
  diagnosticsOf,
  show,
  revertIfDirty,
  waitFor,
  waitForQuickFix,
  childrenOf,
  nextModel,
};
