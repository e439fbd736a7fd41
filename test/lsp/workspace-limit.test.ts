// surfaceReview.maxWorkspaceFiles: the scan reads at most that many JSON/YAML files (the shallowest), says once how
// many it left out and which setting raises the limit, and still reviews any file the user opens.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DidChangeWatchedFilesNotification, DidCloseTextDocumentNotification, DidOpenTextDocumentNotification, FileChangeType, MessageType } from 'vscode-languageserver-protocol/node';
import { ReviewWorkspaceRequest } from '../../server/src/protocol.js';
import { LspSession, uriOf } from '../helpers/lspSession.js';

/** A flow with an open webhook: `ingress/unauthenticated-webhook` wherever it is reviewed. */
const OPEN_FLOW = JSON.stringify({ name: 'Open', nodes: [{ id: 'w', name: 'Open hook', type: 'n8n-nodes-base.webhook', parameters: { path: 'open' } }], connections: {}, settings: { errorWorkflow: '1' } }, null, 2);

const entry = (id: string, flow: string) => [`  - id: ${id}`, `    name: ${id}`, '    kind: webhook', '    direction: inbound', `    flow: ${flow}`, '    node: Open hook'];
/** Links one flow the limit leaves out (not stale: it exists) and one that does not exist (stale). */
const INVENTORY = ['inventory: 1', 'surfaces:', ...entry('deep-hook', 'flows/deep/open.n8n.json'), ...entry('gone-hook', 'flows/gone.n8n.json'), ''].join('\n');

const LIMIT = 3;
const OPEN = 'ingress/unauthenticated-webhook';

describe('language server: at most surfaceReview.maxWorkspaceFiles files are read', () => {
  let ws: string;
  let session: LspSession;
  const at = (...parts: string[]) => path.join(ws, ...parts);
  const capNotices = () => session.messages.filter((m) => m.message.includes('surfaceReview.maxWorkspaceFiles'));

  before(async () => {
    ws = mkdtempSync(path.join(tmpdir(), 'sr-limit-'));
    mkdirSync(at('flows', 'deep'), { recursive: true });
    // Depth 1 and 2 are read (3 files); the two at depth 3 are left out.
    writeFileSync(at('a.n8n.json'), OPEN_FLOW);
    writeFileSync(at('surfaces.yaml'), INVENTORY);
    writeFileSync(at('flows', 'b.n8n.json'), OPEN_FLOW);
    writeFileSync(at('flows', 'deep', 'open.n8n.json'), OPEN_FLOW);
    writeFileSync(at('flows', 'deep', 'c.n8n.json'), OPEN_FLOW);
    session = new LspSession({ enable: true, rules: {}, maxFileSizeKB: 10240, maxWorkspaceFiles: LIMIT });
    await session.start([ws]);
  });

  after(() => {
    session.stop();
    rmSync(ws, { recursive: true, force: true });
  });

  it('reads the shallowest files and publishes nothing for the rest', async () => {
    for (const file of [at('a.n8n.json'), at('flows', 'b.n8n.json')]) {
      await session.until(`findings on ${path.basename(file)}`, () => session.diagnostics(uriOf(file), OPEN).length === 1);
    }
    for (const file of [at('flows', 'deep', 'open.n8n.json'), at('flows', 'deep', 'c.n8n.json')]) assert.equal(session.published.get(uriOf(file)), undefined);
    const status = session.statuses.at(-1)!;
    assert.equal(status.skipped, 2);
    assert.equal(status.files, 3);
  });

  it('tells the user once, in a warning and in the output, how many were skipped and which setting raises the limit', () => {
    const notices = capNotices();
    assert.equal(notices.length, 1);
    assert.equal(notices[0].type, MessageType.Warning);
    assert.match(notices[0].message, /has 5 JSON and YAML files, more than surfaceReview\.maxWorkspaceFiles \(3\): the 2 deepest were skipped\. Files you open are still reviewed\. Raise surfaceReview\.maxWorkspaceFiles/);
    assert.ok(session.logs.includes(notices[0].message), 'the same line is in the output');
  });

  it('does not call a link to a file it left out stale (the file exists)', async () => {
    const inventory = uriOf(at('surfaces.yaml'));
    const stale = await session.waitForDiagnostics(inventory, 'the stale entry', 'drift/stale-entry');
    assert.equal(stale.length, 1);
    assert.match(String(stale[0].message), /`gone-hook` names flow `flows\/gone\.n8n\.json`/);
  });

  it('reviews a file beyond the limit while it is open, and clears it on close', async () => {
    const uri = uriOf(at('flows', 'deep', 'c.n8n.json'));
    await session.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'json', version: 1, text: OPEN_FLOW } });
    await session.until('the open file to be reviewed', () => session.diagnostics(uri, OPEN).length === 1);
    await session.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    await session.until('its diagnostics to be cleared', () => session.published.get(uri)?.diagnostics.length === 0);
  });

  it('leaves out a file created once the limit is reached, and re-applies the limit on the next scan without telling again', async () => {
    const created = at('flows', 'new.n8n.json');
    writeFileSync(created, OPEN_FLOW);
    await session.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(created), type: FileChangeType.Created }] });
    await session.until('the created file to count as skipped', () => session.statuses.at(-1)?.skipped === 3);
    assert.equal(session.published.get(uriOf(created)), undefined);
    const status = await session.connection.sendRequest(ReviewWorkspaceRequest);
    assert.equal(status.skipped, 3);
    assert.equal(capNotices().length, 1, 'the warning is shown once');
    assert.ok(session.logs.some((line) => line.includes('has 6 JSON and YAML files') && line.includes('the 3 deepest were skipped')), 'the output has the new figures');
  });
});
