// Hover on a scope in a flow, through the language server as an editor sees it: the same explanation as on the
// scope in the inventory, over the scope's characters; nothing off a scope.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DidOpenTextDocumentNotification, HoverRequest, type Hover, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { LspSession, uriOf } from '../helpers/lspSession.js';

const SCOPES = 'User.Read Mail.ReadWrite offline_access';
const FLOW = JSON.stringify({
  name: 'Mail digest',
  nodes: [{ id: 'a', name: 'Read mail', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters: { url: 'https://graph.microsoft.com/v1.0/me/messages', authentication: 'genericCredentialType', genericAuthType: 'oAuth2Api', scope: SCOPES } }],
  connections: {},
}, null, 2);
const INVENTORY = ['inventory: 1', 'surfaces:', '  - id: graph-mail', '    vendor: Microsoft Graph', '    auth:', '      scopes: [Mail.ReadWrite]', ''].join('\n');

describe('language server: hover on a scope in a flow', () => {
  let ws: string;
  let session: LspSession;
  const flowUri = () => uriOf(path.join(ws, 'mail.n8n.json'));
  const inventoryUri = () => uriOf(path.join(ws, 'app.surfaces.yaml'));

  /** Line and character of `needle` (plus `shift`) in `text`. */
  const positionOf = (text: string, needle: string, shift = 0) => {
    const offset = text.indexOf(needle) + shift;
    const before = text.slice(0, offset).split('\n');
    return { line: before.length - 1, character: before.at(-1)!.length };
  };
  const hoverAt = (uri: string, text: string, needle: string, shift = 0) =>
    session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(text, needle, shift) }) as Promise<Hover | null>;

  before(async () => {
    ws = mkdtempSync(path.join(tmpdir(), 'sr-hover-'));
    writeFileSync(path.join(ws, 'mail.n8n.json'), FLOW);
    writeFileSync(path.join(ws, 'app.surfaces.yaml'), INVENTORY);
    session = new LspSession();
    await session.start([ws]);
    await session.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: flowUri(), languageId: 'json', version: 1, text: FLOW } });
    await session.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: inventoryUri(), languageId: 'yaml', version: 1, text: INVENTORY } });
  });

  after(() => {
    session.stop();
    rmSync(ws, { recursive: true, force: true });
  });

  it('explains the scope under the cursor as the inventory does, over the scope only', async () => {
    const inFlow = await hoverAt(flowUri(), FLOW, 'Mail.ReadWrite', 3);
    const inInventory = await hoverAt(inventoryUri(), INVENTORY, 'Mail.ReadWrite', 3);
    const markdown = (h: Hover | null) => (h?.contents as MarkupContent | undefined)?.value;
    assert.equal((inFlow?.contents as MarkupContent).kind, 'markdown');
    assert.match(markdown(inFlow) ?? '', /^\*\*`Mail\.ReadWrite`\*\* · Microsoft Graph · risk \*\*high\*\*/);
    assert.match(markdown(inFlow) ?? '', /Narrower alternatives: `Mail\.Read`/);
    assert.equal(markdown(inFlow), markdown(inInventory));
    const start = positionOf(FLOW, 'Mail.ReadWrite');
    assert.deepEqual(inFlow?.range, { start, end: { line: start.line, character: start.character + 'Mail.ReadWrite'.length } });
  });

  it('explains the other scopes of the list each on its own', async () => {
    const first = await hoverAt(flowUri(), FLOW, 'User.Read', 1);
    assert.match((first?.contents as MarkupContent).value, /^\*\*`User\.Read`\*\*/);
  });

  it('shows nothing off a scope', async () => {
    assert.equal(await hoverAt(flowUri(), FLOW, 'graph.microsoft.com/v1.0/me', 2), null);
    assert.equal(await hoverAt(flowUri(), FLOW, '"Read mail"', 2), null);
  });
});
