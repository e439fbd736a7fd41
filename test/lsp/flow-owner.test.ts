// ownership/missing-owner on a flow in the editor: dist/server.js --stdio publishes it once on a flow no inventory
// documents, at the flow's name, and withdraws it when an inventory entry with an owner (opened, unsaved) documents it.
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DidOpenTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { DEFAULT_SETTINGS, LspSession, uriOf } from '../helpers/lspSession.js';

const RULE = 'ownership/missing-owner';
const FLOW = JSON.stringify({
  name: 'Order intake',
  nodes: [
    { id: 'w1', name: 'New order', type: 'n8n-nodes-base.webhook', parameters: { path: 'orders', httpMethod: 'POST', authentication: 'headerAuth' } },
    { id: 'h1', name: 'Send to ERP', type: 'n8n-nodes-base.httpRequest', parameters: { method: 'POST', url: 'https://erp.example.com/api/orders', options: { timeout: 5000 } } },
    { id: 'h2', name: 'Send to CRM', type: 'n8n-nodes-base.httpRequest', parameters: { method: 'POST', url: 'https://crm.example.com/api/leads', options: { timeout: 5000 } } },
  ],
  connections: {},
}, null, 2);
const INVENTORY = ['inventory: 1', 'surfaces:', '  - id: order-hook', '    name: New order', '    kind: webhook', '    direction: inbound', '    flow: orders.n8n.json', '    node: New order', '    owner: payments@example.com', ''].join('\n');

describe('ownership/missing-owner on a flow, in the editor', () => {
  let session: LspSession;
  let workspace: string;

  before(async () => {
    workspace = mkdtempSync(path.join(tmpdir(), 'sr-owner-'));
    writeFileSync(path.join(workspace, 'orders.n8n.json'), FLOW);
    session = new LspSession({ ...DEFAULT_SETTINGS, threatModel: { changedSince: 'off' } });
    await session.start([workspace]);
  });

  after(() => session.stop());

  it('publishes one warning on the flow name, not one per node, and withdraws it once an entry with an owner documents the flow', async () => {
    const flowUri = uriOf(path.join(workspace, 'orders.n8n.json'));
    const [diagnostic, ...more] = await session.waitForDiagnostics(flowUri, 'the missing-owner diagnostic', RULE);
    assert.equal(more.length, 0);
    assert.equal(diagnostic.severity, 2);
    const lines = FLOW.split('\n');
    const line = lines.findIndex((l) => l.includes('"Order intake"'));
    const character = lines[line].indexOf('"Order intake"');
    assert.deepEqual(diagnostic.range, { start: { line, character }, end: { line, character: character + '"Order intake"'.length } });
    assert.match(diagnostic.message as string, /^Flow "Order intake" has no accountable owner: no tag of the workflow names one/);

    const inventoryUri = uriOf(path.join(workspace, 'surfaces.yaml'));
    await session.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: inventoryUri, languageId: 'yaml', version: 1, text: INVENTORY } });
    await session.waitForPublication(flowUri, 'the diagnostic to go', (p) => !p.diagnostics.some((d) => d.code === RULE));
  });
});
