'use strict';
// "Changed since REV" in the real extension host: with `surfaceReview.threatModel.changedSince` set to HEAD (the
// fixture workspace is committed in this repository, so git reads it at HEAD), an unsaved edit that adds a webhook to
// the threat-model fixture flow shows that webhook first in its group, marked added, with its open-webhook finding
// marked new, and the view says what it compares with; reverting the edit clears the mark. Named with a capital so it
// runs before resilience.test.js (files load in code-unit order), which kills the server.
const assert = require('assert');
const vscode = require('vscode');
const { WAIT_MS, activate, childrenOf: treeChildren, threatModelFlowUri: flowUri, nextModel, revertIfDirty, show, waitFor } = require('./helpers');

const NEW_ID = 'threat-model/stripe-events.n8n.json#e2e-partner-hook';
const NEW_NODE = '{ "id": "e2e-partner-hook", "name": "Partner hook", "type": "n8n-nodes-base.webhook", "typeVersion": 2, "parameters": { "httpMethod": "POST", "path": "partner" } },\n    ';

describe('threat-model view: changed since a revision (real VS Code API)', function () {
  this.timeout(WAIT_MS * 3);
  let api;
  let provider;

  const childrenOf = (node) => treeChildren(provider, node);
  /** The n8n group's surfaces as the tree shows them, once the model compares with HEAD and `ready` accepts them. */
  const n8nSurfaces = (ready, what) => waitFor(async () => {
    const model = api.threatModel.model();
    if (!model || model.groupBy !== 'platform' || !model.changedSince || !/^HEAD \([0-9a-f]{7}\)$/.test(model.changedSince.label)) {
      await nextModel(api);
      return undefined;
    }
    const group = (await childrenOf(undefined)).find((g) => g.item.id === 'platform:n8n');
    const surfaces = group ? await childrenOf(group.node) : [];
    if (ready(surfaces)) return { model, group, surfaces };
    await nextModel(api);
    return undefined;
  }, what);

  before(async () => {
    ({ api } = await activate());
    provider = api.threatModel.provider;
    await vscode.workspace.getConfiguration('surfaceReview').update('threatModel.changedSince', 'HEAD', vscode.ConfigurationTarget.Global);
    assert.strictEqual(await vscode.commands.executeCommand('surfaceReview.threatModel.groupBy', 'platform'), 'platform');
  });

  after(async () => {
    await revertIfDirty(flowUri());
    await vscode.workspace.getConfiguration('surfaceReview').update('threatModel.changedSince', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('surfaceReview.threatModel.groupBy', 'boundary');
  });

  it('marks a webhook added by an unsaved edit, lists it first with its new finding, and clears the mark on revert', async () => {
    const isNew = (s) => s.node.surface.id === NEW_ID;
    await n8nSurfaces((surfaces) => surfaces.length > 0 && !surfaces.some(isNew), 'the model compared with HEAD, without the new webhook');

    const { document } = await show(flowUri());
    const at = document.getText().indexOf('{', document.getText().indexOf('"nodes": ['));
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, document.positionAt(at), NEW_NODE);
    assert.ok(await vscode.workspace.applyEdit(edit), 'applyEdit succeeded');

    const { model, group, surfaces } = await n8nSurfaces((list) => list.some((s) => isNew(s) && s.node.surface.change === 'added'), 'the new webhook, marked added');
    const added = surfaces.find(isNew);
    assert.match(added.item.description, /^added · no owner · /);
    assert.match(added.item.tooltip.value.replace(/\\/g, ''), /\*\*Added\*\* since HEAD \([0-9a-f]{7}\)/);
    const firstUnmarked = surfaces.findIndex((s) => !s.node.surface.change && !s.node.surface.newFindings);
    assert.ok(firstUnmarked === -1 || surfaces.indexOf(added) < firstUnmarked, `the delta first: ${surfaces.map((s) => s.item.label).join(', ')}`);
    assert.match(group.item.description, / · \d+ changed$/);
    assert.ok(model.changedSince.surfaces >= 1 && model.changedSince.findings >= 1, JSON.stringify(model.changedSince));
    assert.match(api.threatModel.view.message, /^Since HEAD \([0-9a-f]{7}\): \d+ surfaces? and \d+ findings? changed or new, listed first\.$/);

    const spoofing = (await childrenOf(added.node)).find((t) => t.node.type === 'threat' && t.node.threat.stride === 'S');
    const findings = await childrenOf(spoofing.node);
    const open = findings.find((f) => f.node.type === 'finding' && f.item.label === 'ingress/unauthenticated-webhook');
    assert.ok(open, `findings: ${findings.map((f) => f.item.label).join(', ')}`);
    assert.match(open.item.description, /^new · /);
    assert.strictEqual(findings[0].node.finding && findings[0].node.finding.isNew, true, 'new findings come first');

    await vscode.window.showTextDocument(document, { preview: false });
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await n8nSurfaces((list) => list.length > 0 && !list.some(isNew), 'the new webhook to go with the revert');
  });
});
