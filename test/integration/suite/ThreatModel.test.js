'use strict';
// The threat-model view in the real extension host: the tree read through the extension's API and through
// TreeDataProvider.getChildren, grouping and filtering, and a change followed end to end (the webhook's quick fix
// turns its spoofing threat mitigated; revert opens it again). Named with a capital so it runs before
// resilience.test.js (files load in code-unit order), which kills the server.
const assert = require('assert');
const vscode = require('vscode');
const { WAIT_MS, activate, childrenOf: treeChildren, codeOf, threatModelFlowUri: flowUri, nextModel, revertIfDirty, show, waitFor, waitForQuickFix } = require('./helpers');

const SURFACE = 'stripe-events';
const BOUNDARY = 'internet->n8n-payments';
const FIX_TITLE = 'Require Header Auth on this webhook';

describe('threat-model view (real VS Code API)', function () {
  this.timeout(WAIT_MS * 3);
  let api;
  let provider;

  /** The fixture's surface, through the API, once the model shows it with `open` as its open STRIDE letters. */
  const surfaceWith = (open) => waitFor(async () => {
    const model = api.threatModel.model();
    const group = model && model.groupBy === 'boundary' && model.groups.find((g) => g.key === BOUNDARY);
    const page = group && (await provider.group(group.key));
    const surface = page && page.surfaces.find((s) => s.id === SURFACE);
    if (surface && surface.open.join('') === open) return { model, group, surface };
    await nextModel(api);
    return undefined;
  }, `the threat model to show ${SURFACE} with open threats "${open}"`);

  const childrenOf = (node) => treeChildren(provider, node);
  const stripeSurface = async () => {
    const groups = await childrenOf(undefined);
    const boundary = groups.find((g) => g.item.id === `boundary:${BOUNDARY}`);
    assert.ok(boundary, `a group for the boundary; groups: ${groups.map((g) => g.item.label).join(', ')}`);
    const surfaces = await childrenOf(boundary.node);
    return surfaces.find((s) => s.item.label === 'Stripe payment events');
  };

  before(async () => {
    ({ api } = await activate());
    provider = api.threatModel.provider;
  });

  after(async () => {
    await vscode.commands.executeCommand('surfaceReview.threatModel.groupBy', 'boundary');
    await vscode.commands.executeCommand('surfaceReview.threatModel.showAll');
    await revertIfDirty(flowUri());
  });

  it('reads the model through the API: boundary, documented surface, open threats and the badge', async () => {
    const { model, group, surface } = await surfaceWith('STRIDE');
    assert.strictEqual(group.label, 'internet → n8n-payments');
    assert.strictEqual(group.from.kind, 'external');
    assert.strictEqual(group.inferred, false);
    assert.strictEqual(surface.documented, true);
    assert.deepStrictEqual(surface.locations.map((l) => l.path), ['threat-model/payments.surfaces.yaml', 'threat-model/stripe-events.n8n.json']);
    const detail = await provider.detail(SURFACE);
    assert.deepStrictEqual(detail.threats.find((t) => t.stride === 'S').findings.map((f) => f.ruleId), ['ingress/unauthenticated-webhook']);
    const urgent = model.summary.openByRisk.high + model.summary.openByRisk.critical;
    const badge = api.threatModel.view.badge;
    assert.strictEqual(badge ? badge.value : 0, urgent, 'the badge counts open threats on high and critical surfaces');
  });

  it('reads the tree through TreeDataProvider.getChildren: surface → STRIDE threats → findings and evidence', async () => {
    await surfaceWith('STRIDE');
    const surface = await stripeSurface();
    assert.ok(surface, 'the surface is in its boundary group');
    assert.match(surface.item.description, /^payments-team@example\.com · 6 open, 0 mitigated · 1 finding$/);
    assert.strictEqual(surface.item.iconPath.id, 'info', 'medium risk icon');
    assert.strictEqual(surface.item.command.command, 'vscode.open');
    assert.ok(surface.item.command.arguments[0].path.endsWith('/threat-model/payments.surfaces.yaml'), 'click opens the inventory entry');

    const threats = await childrenOf(surface.node);
    assert.deepStrictEqual(threats.map((t) => t.item.label), [
      'Spoofing: Spoofed caller',
      'Tampering: Forged or altered request',
      'Repudiation: Unattributable request',
      'Information disclosure: Data exposed through the endpoint',
      'Denial of service: Flooded endpoint',
      'Elevation of privilege: Caller drives privileged actions',
    ]);
    const spoofing = threats[0];
    assert.strictEqual(spoofing.item.description, 'open · 1 finding');
    assert.strictEqual(spoofing.item.iconPath.id, 'unlock');
    const tooltip = spoofing.item.tooltip.value.replace(/&nbsp;/g, ' ').replace(/\\/g, '');
    assert.match(tooltip, /1 finding keeps it open \(ingress\/unauthenticated-webhook\)/);
    assert.ok(spoofing.item.command.arguments[0].path.endsWith('/threat-model/stripe-events.n8n.json'), 'click opens the finding');
    const leaves = await childrenOf(spoofing.node);
    assert.deepStrictEqual(leaves.map((l) => `${l.node.type}:${l.item.label}`), ['finding:ingress/unauthenticated-webhook', 'evidence:HMAC signature verification', 'evidence:replay protection']);
  });

  it('groups by owner and filters to open threats from the view commands', async () => {
    await surfaceWith('STRIDE');
    assert.strictEqual(await vscode.commands.executeCommand('surfaceReview.threatModel.groupBy', 'owner'), 'owner');
    const owners = await childrenOf(undefined);
    const payments = owners.find((g) => g.item.label === 'payments-team@example.com');
    assert.ok(payments, `an owner group; groups: ${owners.map((g) => g.item.label).join(', ')}`);
    assert.deepStrictEqual((await childrenOf(payments.node)).map((s) => s.item.label), ['Stripe payment events']);
    assert.strictEqual(api.threatModel.view.description, 'by owner');
    await vscode.commands.executeCommand('surfaceReview.threatModel.groupBy', 'boundary');

    await vscode.commands.executeCommand('surfaceReview.threatModel.showOpenOnly');
    assert.strictEqual(api.threatModel.view.description, 'by boundary · open only');
    const surface = await stripeSurface();
    assert.strictEqual((await childrenOf(surface.node)).length, 6, 'all six are open');
    await vscode.commands.executeCommand('surfaceReview.threatModel.showAll');
  });

  it('follows a change: the quick fix turns the threats mitigated, revert opens them again, ids stay stable', async () => {
    await surfaceWith('STRIDE');
    const before = await stripeSurface();
    const { document } = await show(flowUri());
    const { fix } = await waitForQuickFix(document.uri,
      () => vscode.languages.getDiagnostics(document.uri).find((d) => codeOf(d) === 'ingress/unauthenticated-webhook'),
      (title) => title.startsWith(FIX_TITLE), `the quick fix "${FIX_TITLE}"`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'applyEdit succeeded');

    const { surface } = await surfaceWith('');
    assert.deepStrictEqual(surface.mitigated, ['S', 'T', 'R', 'I', 'D', 'E']);
    const after = await stripeSurface();
    assert.strictEqual(after.item.id, before.item.id, 'the surface keeps its tree id, so its expansion state survives');
    const threats = await childrenOf(after.node);
    assert.strictEqual(threats[0].item.description, 'mitigated');
    assert.strictEqual(threats[0].item.iconPath.id, 'shield');
    assert.deepStrictEqual((await childrenOf(threats[0].node)).map((l) => l.node.type), ['evidence', 'evidence']);

    await vscode.window.showTextDocument(document, { preview: false });
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await surfaceWith('STRIDE');
  });

  it('shows the data-flow diagram as Markdown with a Mermaid block', async () => {
    const document = await vscode.commands.executeCommand('surfaceReview.showDataFlowDiagram');
    assert.strictEqual(document.languageId, 'markdown');
    const text = document.getText();
    assert.match(text, /```mermaid\nflowchart LR\n/);
    assert.match(text, /subgraph \w+\["internet \(external\)"\]/);
    assert.match(text, /Stripe payment events/);
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
