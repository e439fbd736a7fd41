// A chained weakness in the editor: the language server publishes the injection diagnostic with one related location
// per hop (source, each node, sink), each on the exact text of its place; and a privacy transfer the surface inventory
// approves goes away when the inventory says so.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  type PublishDiagnosticsParams,
  type Range,
} from 'vscode-languageserver-protocol/node';
import { n8nFlow } from '../helpers/dataflow.js';
import { LspSession, uriOf } from '../helpers/lspSession.js';

const NO_NETWORK = path.resolve(__dirname, '../helpers/no-network.cjs');

const TEXT = n8nFlow([
  { name: 'Orders', type: 'webhook', parameters: { path: 'orders', httpMethod: 'POST' } },
  { name: 'Pick fields', type: 'set', parameters: { assignments: { assignments: [{ name: 'host', value: '={{ $json.body.host }}', type: 'string' }] } } },
  { name: 'Run', type: 'executeCommand', parameters: { command: '=ping -c 1 {{ $json.host }}' } },
], [['Orders', 'Pick fields'], ['Pick fields', 'Run']]);

function textAt(text: string, range: Range): string {
  const lines = text.split('\n');
  if (range.start.line === range.end.line) return lines[range.start.line].slice(range.start.character, range.end.character);
  return [lines[range.start.line].slice(range.start.character), ...lines.slice(range.start.line + 1, range.end.line), lines[range.end.line].slice(0, range.end.character)].join('\n');
}

const LEADS = n8nFlow([
  { name: 'Get contacts', type: 'hubspot', parameters: { resource: 'contact', operation: 'getAll' } },
  { name: 'Summarise', type: '@n8n/n8n-nodes-langchain.openAi', parameters: { resource: 'text', messages: { values: [{ content: '=Write a greeting for {{ $json.properties.email }}' }] } } },
], [['Get contacts', 'Summarise']]);

const inventory = (approved: boolean) => [
  'inventory: 1',
  'project: Leads',
  'surfaces:',
  '  - id: openai-greeting',
  '    name: Summarise',
  '    kind: api',
  '    direction: outbound',
  '    flow: flows/leads.json',
  '    node: Summarise',
  '    data: [personal]',
  `    vendor: { name: OpenAI, approved: ${approved} }`,
  '',
].join('\n');

describe('data-flow findings in the language server', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'surface-review-privacy-'));
  fs.mkdirSync(path.join(folder, 'flows'));
  fs.writeFileSync(path.join(folder, 'flows/leads.json'), LEADS);
  fs.writeFileSync(path.join(folder, 'surfaces.yaml'), inventory(false));
  let session: LspSession;

  before(async () => {
    session = new LspSession(undefined, { execArgv: ['--require', NO_NETWORK] });
    await session.start([folder], { capabilities: { textDocument: { publishDiagnostics: { relatedInformation: true } } } });
  });

  after(() => {
    session.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('publishes the chain with a related location for every hop', async () => {
    const uri = 'file:///virtual/chain.n8n.json';
    await session.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'json', version: 1, text: TEXT } });
    const [diagnostic] = await session.waitForDiagnostics(uri, 'the injection diagnostic', 'injection/unvalidated-input-to-sink');
    assert.equal(diagnostic.severity, 1);
    assert.equal(textAt(TEXT, diagnostic.range), '$json.host');
    assert.match(diagnostic.codeDescription!.href, /docs\/rules\/injection\/unvalidated-input-to-sink\.md$/);
    const related = diagnostic.relatedInformation ?? [];
    assert.deepEqual(related.map((r) => r.message), [
      '1. "Orders" (POST orders) brings the data in (body.host)',
      '2. "Pick fields" uses it here',
      '3. it reaches the shell command of "Run" here (CWE-78)',
    ]);
    assert.deepEqual(related.map((r) => r.location.uri), [uri, uri, uri]);
    assert.deepEqual(related.map((r) => textAt(TEXT, r.location.range)), ['"Orders"', '"={{ $json.body.host }}"', '$json.host']);
    assert.equal(session.child.exitCode, null);
  });

  it('reports personal data sent to an unapproved vendor, and drops it when the inventory approves the transfer', async () => {
    const flowUri = uriOf(path.join(folder, 'flows/leads.json'));
    const inventoryUri = uriOf(path.join(folder, 'surfaces.yaml'));
    const privacy = (p: PublishDiagnosticsParams | undefined) => p?.diagnostics.find((d) => d.code === 'privacy/sensitive-data-to-third-party');
    const found = privacy(await session.waitForPublication(flowUri, 'the privacy diagnostic on the closed flow', (p) => !!privacy(p)))!;
    assert.equal(textAt(LEADS, found.range), '$json.properties.email');
    assert.match(String(found.message), /The inventory entry `openai-greeting` documents this transfer but does not approve it/);
    assert.ok(found.relatedInformation?.some((r) => r.location.uri === inventoryUri), JSON.stringify(found.relatedInformation));
    await session.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: inventoryUri, languageId: 'yaml', version: 1, text: inventory(false) } });
    await session.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: inventoryUri, version: 2 }, contentChanges: [{ text: inventory(true) }] });
    await session.waitForPublication(flowUri, 'the privacy diagnostic to go away once approved', (p) => !privacy(p));
  });
});
