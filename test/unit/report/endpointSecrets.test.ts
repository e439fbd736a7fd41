// Endpoints that carry secrets (a Slack webhook, a literal api_key=, a URL password, a SAS sig=, a Telegram bot token
// in the path, a client_secret=) never leave the core unmasked: rule messages (describeNode), every report format, the
// threat model, the generated inventory and the diff. Checked on the core's output before the CLI's last redaction
// pass, which only knows provider formats. All secrets are fake: made-up characters in the providers' shapes.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  analyzeSnapshotFile,
  analyzeWorkspace,
  diffSnapshots,
  generateInventory,
  newFindingsReview,
  redactSecrets,
  snapshotOf,
  toCsv,
  toDiffJson,
  toDiffMarkdown,
  toDiffText,
  toHtml,
  toJsonReport,
  toMarkdown,
  toSarif,
  type Finding,
  type Review,
  type SnapshotFile,
} from '../../../server/src/core/index.js';
import { buildThreatModel } from '../../../server/src/core/threatModel/index.js';
import { toText } from '../../../server/src/cli/output.js';
import { TODAY } from '../../helpers/analyze.js';

const SLACK_SECRET = 'Zq81vLx0Tm4Rw7Yp2Kd9Hs6N';
const API_KEY = 'Qa7We3Uo1Iy8Tr4Eu2Pm9Bn';
const PASSWORD = 'Vi5Xk0Cl7sAh2GdOj';
const SAS_SIG = 'Mf9Lp3Zt6Hq1Wn8Rb4Yc0Kx2Jd7Gs5Ev%3D';
const TELEGRAM = '734819265:AAFq2Lz8Wm5Tx1Rk7Hb4Nc9Jv3Pd6Gs0Ye';
const CLIENT_SECRET = 'Nu4Ke8Rq1Zw6Tb3Lm9Xs2Hy7Dv5';
/** A Telegram bot's id is public (shown whole): its secret is what follows the `:`. */
const SECRETS = [SLACK_SECRET, API_KEY, PASSWORD, SAS_SIG, TELEGRAM.slice(TELEGRAM.indexOf(':') + 1), CLIENT_SECRET];

const http = (id: string, name: string, url: string, method = 'GET') => ({ id, name, type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters: { method, url, options: { timeout: 1000 } } });
const NODES = [
  http('n1', 'Notify', `https://hooks.slack.com/services/T0ABCD123/B0EFGH456/${SLACK_SECRET}`, 'POST'),
  http('n2', 'Get orders', `https://api.example.com/v1/orders?api_key=${API_KEY}&limit=10`),
  http('n3', 'Legacy', `https://svc:${PASSWORD}@legacy.example.com/v1/orders`),
  http('n4', 'Export', `https://acct.blob.core.windows.net/c/f.csv?sv=2022-11-02&sp=rw&sig=${SAS_SIG}`, 'PUT'),
  http('n5', 'Bot', `https://api.telegram.org/bot${TELEGRAM}/sendMessage`, 'POST'),
  http('n6', 'Get token', `https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/token?grant_type=client_credentials&client_id=0a1b2c3d&client_secret=${CLIENT_SECRET}&scope=Directory.ReadWrite.All`, 'POST'),
];
const flowOf = (nodes: object[]) => JSON.stringify({ name: 'Orders', nodes, connections: {} }, null, 2);
const FLOW = flowOf(NODES);
/** An inventory that covers the folder and documents none of the flow's surfaces: each is reported undocumented. */
const INVENTORY = 'inventory: 1\nsurfaces:\n  - id: other\n    name: Other\n    kind: api\n    direction: outbound\n    flow: other.json\n';

/** No 8 consecutive characters of any secret in `text`. */
function assertMasked(text: string, where: string, secrets: readonly string[] = SECRETS): void {
  for (const secret of secrets) {
    for (let i = 0; i + 8 <= secret.length; i++) assert.ok(!text.includes(secret.slice(i, i + 8)), `${where}: characters ${i}-${i + 8} of a secret are shown`);
  }
}

function analysed(files: Record<string, string>): SnapshotFile[] {
  return Object.entries(files).flatMap(([path, text]) => analyzeSnapshotFile({ uri: path, path, text }, { today: TODAY }) ?? []);
}

function review(files: Record<string, string>): Review {
  const snapshot = analysed(files);
  const linked = analyzeWorkspace(snapshot.map((f) => f.file), { today: TODAY });
  return {
    files: snapshot.map((f) => ({ path: f.file.path, format: f.file.format, text: files[f.file.path], findings: [...f.findings, ...(linked.get(f.file.uri) ?? [])], flow: f.file.flow, document: f.file.document })),
    date: TODAY,
    scope: 'ws',
  };
}

describe('endpoints with secrets in what the product outputs', () => {
  const reviewed = review({ 'flows/orders.n8n.json': FLOW, 'surfaces.yaml': INVENTORY });
  const findings: Finding[] = reviewed.files.flatMap((f) => [...f.findings]);

  it('rule messages name the node with its endpoint masked (describeNode)', () => {
    const undocumented = findings.filter((f) => f.ruleId === 'drift/undocumented-surface');
    assert.equal(undocumented.length, NODES.length, 'every call is an undocumented surface');
    assert.ok(undocumented.some((f) => f.message.includes(`"Get orders" (GET https://api.example.com/v1/orders?api_key=${API_KEY.slice(0, 4)}…&limit=10)`)), 'the endpoint stays readable');
    assert.ok(undocumented.some((f) => f.message.includes(`"Notify" (POST https://hooks.slack.com/services/T0ABCD123/B0EFGH456/${SLACK_SECRET.slice(0, 4)}…)`)));
    const overbroad = findings.find((f) => f.ruleId === 'scope/overbroad');
    assert.ok(overbroad, 'the token request for Directory.ReadWrite.All is reported');
    assert.match(overbroad.message, /client_secret=Nu4K…&scope=Directory\.ReadWrite\.All\)/);
    for (const f of findings) assertMasked([f.message, f.evidence ?? '', ...(f.related ?? []).map((r) => r.message)].join('\n'), f.ruleId);
  });

  it('every report format', () => {
    const json = toJsonReport(reviewed);
    assert.equal(json.surfaces.find((s) => s.nodeName === 'Get orders')?.endpoint, `https://api.example.com/v1/orders?api_key=${API_KEY.slice(0, 4)}…&limit=10`);
    const outputs: Record<string, string> = {
      json: JSON.stringify(json),
      sarif: JSON.stringify(toSarif(reviewed)),
      csv: toCsv(reviewed),
      markdown: toMarkdown(reviewed),
      html: toHtml(reviewed),
      text: toText(json),
    };
    for (const [format, out] of Object.entries(outputs)) assertMasked(out, format);
  });

  it('the threat model the editor shows', () => {
    const snapshot = analysed({ 'flows/orders.n8n.json': FLOW });
    const model = buildThreatModel(snapshot.map((f) => ({ uri: f.file.uri, path: f.file.path, format: f.file.format, findings: f.findings, flow: f.file.flow, document: f.file.document })));
    assert.equal(model.surfaces.find((s) => s.name === 'Legacy')?.endpoint, `https://svc:${PASSWORD.slice(0, 4)}…@legacy.example.com/v1/orders`);
    assertMasked(JSON.stringify(model.surfaces), 'threat model');
  });

  it('the generated inventory, which still documents the flow it came from', () => {
    const files = analysed({ 'flows/orders.n8n.json': FLOW });
    const out = generateInventory(files.map((f) => f.file), { path: 'surfaces.yaml' });
    assert.equal(out.added.length, NODES.length);
    assert.match(out.text, /endpoint: https:\/\/api\.telegram\.org\/bot734819265:AAFq…\/sendMessage\n/);
    assertMasked(out.text, 'inventory');
    const again = review({ 'flows/orders.n8n.json': FLOW, 'surfaces.yaml': out.text });
    assert.deepEqual(again.files.flatMap((f) => f.findings.filter((x) => x.ruleId.startsWith('drift/')).map((x) => x.message)), [], 'the masked entries link to their nodes');
  });

  it('a node name holding a token: the HTML map masks it before cutting it short, the inventory writes it masked', () => {
    const github = 'ghp_Xc2Vb7Nm4Lk9Jh1Gf6Ds3Aq8Wz5Ex0Rt2YuP'; // fake
    const named = flowOf([http('d1', `Deploy ${github}`, 'https://deploy.example.com/v1', 'POST')]);
    // The CLI and the editor's export pass every report through redactSecrets; a name cut short would slip past it.
    const html = redactSecrets(toHtml(review({ 'flows/deploy.n8n.json': named })));
    assert.ok(!html.includes(github.slice(4, 12)), 'the boundary map shows the name cut short, after masking');
    const files = analysed({ 'flows/deploy.n8n.json': named });
    const out = generateInventory(files.map((f) => f.file), { path: 'surfaces.yaml' });
    assert.ok(!out.text.toLowerCase().includes(github.slice(4, 12).toLowerCase()), out.text);
    assert.match(out.text, /name: Deploy ghp_…\n/);
    assert.match(out.text, /node: d1\n/, 'linked by node id');
    const again = review({ 'flows/deploy.n8n.json': named, 'surfaces.yaml': out.text });
    assert.deepEqual(again.files.flatMap((f) => f.findings.filter((x) => x.ruleId.startsWith('drift/')).map((x) => x.message)), []);
  });

  it('the diff, in text, JSON, Markdown and SARIF', () => {
    const plain = flowOf(NODES.map((n, i) => http(n.id, n.name, `https://api${i}.example.com/v1`, n.parameters.method)));
    const base = snapshotOf(analysed({ 'flows/orders.n8n.json': plain }), { today: TODAY });
    const headFiles = analysed({ 'flows/orders.n8n.json': FLOW });
    const head = snapshotOf(headFiles, { today: TODAY });
    const diff = diffSnapshots(base.snapshot, head.snapshot);
    assert.equal(diff.changed.length, NODES.length, 'every endpoint changed');
    const placed = newFindingsReview(diff, {
      files: headFiles.map((f) => ({ path: f.file.path, format: f.file.format, text: FLOW, findings: head.byFile.get(f.file.uri) ?? [], flow: f.file.flow, document: f.file.document })),
      date: TODAY,
      scope: 'ws',
    });
    const notify = diff.changed.find((c) => c.after.name === 'Notify')!;
    assert.deepEqual(notify.changes.find((c) => c.field === 'endpoint'), { field: 'endpoint', before: 'https://api0.example.com/v1', after: `https://hooks.slack.com/services/T0ABCD123/B0EFGH456/${SLACK_SECRET.slice(0, 4)}…` });
    assertMasked(toDiffText(diff, 'HEAD', placed), 'diff text');
    assertMasked(JSON.stringify(toDiffJson(diff, 'HEAD', placed)), 'diff json');
    assertMasked(toDiffMarkdown(diff, 'HEAD', placed), 'diff markdown');
    assertMasked(JSON.stringify(toSarif(placed)), 'diff sarif');
  });

  it('endpoints whose host is a template with a URL later in the query, or whose secret holds `;` or ends in `…`', () => {
    const key = 'Hb4Nc9Jv3Pd6Gs0YeWm5Tx1R';
    const nodes = [
      http('t1', 'Templated', `={{ $env.BASE_URL }}/v1/orders?api_key=${key}&callback=https://app.example.com/done`),
      http('t2', 'Semicolon', `https://api.example.com/v1?api_key=ab;${key}&limit=10`),
      http('t3', 'Ellipsis', `https://api.example.com/v2?api_key=${key}…`),
    ];
    const reviewedHere = review({ 'flows/t.n8n.json': flowOf(nodes), 'surfaces.yaml': INVENTORY });
    const all = reviewedHere.files.flatMap((f) => [...f.findings]);
    assert.ok(all.some((f) => f.ruleId === 'secret/hardcoded-credential'), 'the key is reported');
    const json = toJsonReport(reviewedHere);
    const outputs: Record<string, string> = { messages: all.map((f) => f.message).join('\n'), json: JSON.stringify(json), sarif: JSON.stringify(toSarif(reviewedHere)), csv: toCsv(reviewedHere), markdown: toMarkdown(reviewedHere), html: toHtml(reviewedHere), text: toText(json) };
    for (const [format, out] of Object.entries(outputs)) assertMasked(out, format, [key]);
  });

  it('the diff hides the keys of well-known APIs, and any parameter value that is not plainly harmless', () => {
    const apim = '3f9ac81e5b7d42f09a6c1e8b3d7f5a2c';
    const owm = 'b6d27e9f0a1c3b5d8e2f4a6c9b1d3e5f';
    const hubspot = 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f';
    const unknown = 'Rk7Hb4Nc9Jv3Pd6G';
    const urls = [
      `https://contoso.azure-api.net/orders/v1/list?subscription-key=${apim}`,
      `https://api.openweathermap.org/data/2.5/weather?q=Paris&units=metric&appid=${owm}`,
      `https://api.hubapi.com/contacts/v1/lists/all/contacts/all?hapikey=${hubspot}&count=100`,
      `https://api.example.com/v1/export?since=2024-01-02T03:04:05Z&scope=Directory.Read.All&k=${unknown}`,
    ];
    const nodes = (url: (i: number) => string) => flowOf(urls.map((_, i) => http(`d${i}`, `Call${i}`, url(i))));
    const base = snapshotOf(analysed({ 'flows/f.n8n.json': nodes((i) => `https://old${i}.example.com/v1`) }), { today: TODAY });
    const head = snapshotOf(analysed({ 'flows/f.n8n.json': nodes((i) => urls[i]) }), { today: TODAY });
    const diff = diffSnapshots(base.snapshot, head.snapshot);
    const after = diff.changed.map((c) => c.changes.find((x) => x.field === 'endpoint')?.after).sort();
    assert.deepEqual(after, [
      'https://api.example.com/v1/export?since=2024-01-02T03:04:05Z&scope=Directory.Read.All&k=Rk7H…',
      'https://api.hubapi.com/contacts/v1/lists/all/contacts/all?hapikey=c1d2…&count=100',
      'https://api.openweathermap.org/data/2.5/weather?q=Paris&units=metric&appid=b6d2…',
      'https://contoso.azure-api.net/orders/v1/list?subscription-key=3f9a…',
    ]);
    const text = toDiffMarkdown(diff, 'HEAD', newFindingsReview(diff, { files: [], date: TODAY, scope: 'ws' }));
    assertMasked(text, 'diff markdown', [apim, owm, hubspot, unknown]);
  });
});
