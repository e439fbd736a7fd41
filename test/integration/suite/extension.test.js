'use strict';
// One path per editor feature, in the real extension host: a diagnostic appears, its quick fix applies,
// the status bar counts, the commands run. Tests wait on events and state, never on time.
const assert = require('assert');
const path = require('path');
const vscode = require('vscode');
const manifest = require('../../../package.json');
const { SOURCE, activate, codeOf, diagnosticsOf, fixtureUri, revertIfDirty, show, waitFor, waitForQuickFix } = require('./helpers');

const RULE = 'secret/hardcoded-credential';
const FIX_TITLE = 'Replace with {{ $env.AUTHORIZATION }}';

const HARDCODED = () => fixtureUri('hardcoded-api-key.n8n.json');
const CLEAN = () => fixtureUri('clean.n8n.json');

const ours = (uri) => diagnosticsOf(uri);
const secretDiagnostics = (uri) => diagnosticsOf(uri, RULE);

/** Where the fixture's secret is: the token after `Bearer ` in the Authorization header value. */
function locateSecret(document) {
  for (let line = 0; line < document.lineCount; line++) {
    const text = document.lineAt(line).text;
    const at = text.indexOf('"Bearer ');
    if (at < 0) continue;
    const start = at + '"Bearer '.length;
    const end = text.indexOf('"', start);
    return { line, start, end, token: text.slice(start, end) };
  }
  throw new Error(`no "Bearer ..." value in ${document.uri}`);
}

describe('No-Code Surface Review in a real VS Code extension host', function () {
  this.timeout(180000);
  let ext;
  let api;

  before(async () => {
    ({ extension: ext, api } = await activate());
  });

  after(async () => {
    // Leave the fixture as it is on disk, whatever happened above.
    await revertIfDirty(HARDCODED());
  });

  it('reports the hard-coded OpenAI key with its exact range, severity, masked evidence and docs link', async () => {
    const { document } = await show(HARDCODED());
    const secret = locateSecret(document);
    assert.ok(secret.token.startsWith('sk-proj-'), 'the fixture still holds the OpenAI key this test expects');
    const [diagnostic, ...others] = await waitFor(() => {
      const found = secretDiagnostics(document.uri);
      return found.length ? found : undefined;
    }, `a ${RULE} diagnostic in ${document.uri.path}`);
    assert.strictEqual(others.length, 0, 'one finding for one secret');

    assert.deepStrictEqual(
      { start: [diagnostic.range.start.line, diagnostic.range.start.character], end: [diagnostic.range.end.line, diagnostic.range.end.character] },
      { start: [secret.line, secret.start], end: [secret.line, secret.end] },
      'the range covers exactly the token after "Bearer "');
    assert.ok(document.getText(diagnostic.range) === secret.token, 'the range holds the key (not shown here)');
    assert.strictEqual(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(diagnostic.source, SOURCE);

    assert.ok(diagnostic.message.includes('sk-p…'), `masked evidence in: ${diagnostic.message}`);
    assert.ok(!diagnostic.message.includes(secret.token), 'the message never shows the raw key');
    assert.ok(!diagnostic.message.includes(secret.token.slice(0, 10)), 'the message shows no more than the masked prefix');

    assert.ok(diagnostic.code && typeof diagnostic.code === 'object', 'code carries a codeDescription target');
    const target = diagnostic.code.target;
    assert.ok(target instanceof vscode.Uri, 'codeDescription target is a Uri');
    assert.strictEqual(target.scheme, 'file');
    assert.strictEqual(
      path.normalize(target.fsPath),
      path.join(ext.extensionUri.fsPath, 'docs', 'rules', 'secret', 'hardcoded-credential.md'),
      'the docs link points at the rule page shipped with the extension');
  });

  it('offers the $env quick fix; applying it clears the diagnostic; revert brings it back', async () => {
    const uri = HARDCODED();
    const { document } = await show(uri);
    const original = document.getText();
    // The LSP answer is eventually consistent with the published diagnostics: poll until the fix is offered.
    const { fix } = await waitForQuickFix(uri, () => secretDiagnostics(uri)[0], (title) => title.startsWith(FIX_TITLE), `the quick fix "${FIX_TITLE}..."`);

    assert.ok(fix.edit, 'the quick fix carries its edit');
    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'applyEdit succeeded');
    assert.ok(document.getText().includes('{{ $env.AUTHORIZATION }}'), 'the document now references the environment variable');
    assert.ok(!document.getText().includes(locateSecretIn(original)), 'the literal key is gone from the document');
    await waitFor(() => secretDiagnostics(uri).length === 0, 'the diagnostic to disappear after the fix');

    await show(uri);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitFor(() => !document.isDirty && document.getText() === original, 'the revert to restore the fixture');
    await waitFor(() => secretDiagnostics(uri).length === 1, 'the diagnostic to come back after revert');
  });

  it('publishes no Surface Review diagnostics for the clean flow', async () => {
    await show(CLEAN());
    // The status counts every reviewed file, the clean one included; once every counted finding is visible
    // as a diagnostic, the clean file has had its turn and must have none.
    const total = (c) => c.error + c.warning + c.info + c.hint;
    const visible = () => vscode.languages.getDiagnostics().reduce((n, [, ds]) => n + ds.filter((d) => d.source === SOURCE).length, 0);
    await waitFor(() => {
      const status = api.status();
      return status && !status.scanning && status.files >= 2 && total(status.counts) === visible() && status;
    }, 'the status to account for every published diagnostic');
    assert.deepStrictEqual(ours(CLEAN()).map((d) => `${codeOf(d)}: ${d.message}`), []);
  });

  it('shows the error count in the status bar', async () => {
    const status = await waitFor(() => {
      const s = api.status();
      return s && !s.scanning && s.counts.error >= 1 && s;
    }, 'a finished status with at least one error');
    assert.strictEqual(status.counts.error, 1, 'one error in the fixture workspace');
    const text = api.statusBarItem.text;
    assert.match(text, new RegExp(`(^|\\D)${status.counts.error}(\\D|$)`), `status bar text shows the error count: ${text}`);
    assert.match(text, /\$\(error\)/, `status bar text has the error icon: ${text}`);
  });

  it('logs to the "Surface Review" output channel and shows it on command', async () => {
    assert.strictEqual(api.outputChannel.name, 'Surface Review');
    const commands = await vscode.commands.getCommands(true);
    for (const id of manifest.contributes.commands.map((c) => c.command)) assert.ok(commands.includes(id), `${id} is registered`);
    await vscode.commands.executeCommand('surfaceReview.showOutput');
  });

  it('re-reviews the workspace on command and answers with the status', async () => {
    const status = await vscode.commands.executeCommand('surfaceReview.reviewWorkspace');
    assert.ok(status && typeof status === 'object', 'the command returns the status');
    assert.strictEqual(status.scanning, false);
    assert.ok(status.files >= 2, `files reviewed: ${status.files}`);
    assert.ok(status.counts.error >= 1, `errors: ${status.counts.error}`);
  });
});

/** The raw key of a fixture text (for "is it gone" checks that must not print it). */
function locateSecretIn(text) {
  const match = /"Bearer ([^"]+)"/.exec(text);
  assert.ok(match, 'fixture has a Bearer value');
  return match[1];
}

if (process.env.SURFACE_REVIEW_FORCE_FAIL) {
  describe('negative control (SURFACE_REVIEW_FORCE_FAIL)', () => {
    it('fails on purpose, to prove the harness reports failures', () => {
      assert.strictEqual(secretDiagnostics(HARDCODED()).length, 99, 'expected 99 diagnostics (deliberate failure)');
    });
  });
}
