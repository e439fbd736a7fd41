import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildInventory } from '../../../server/src/core/inventory/model.js';
import { endpointsMatch, flowCandidates, normalizePath, parseEndpoint } from '../../../server/src/core/workspace/link.js';
import { n8nWorkflow } from '../../helpers/analyze.js';
import { TestWorkspace, uriOf } from '../../helpers/workspace.js';
import { joinLines } from '../../helpers/text.js';

const webhook = (name: string, path: string, extra: object = {}) => ({ id: `id-${name}`, name, type: 'n8n-nodes-base.webhook', parameters: { path, httpMethod: 'POST', authentication: 'headerAuth' }, ...extra });
const http = (name: string, url: string) => ({ id: `id-${name}`, name, type: 'n8n-nodes-base.httpRequest', parameters: { url, options: { timeout: 1000 } } });
const slack = (name: string) => ({ id: `id-${name}`, name, type: 'n8n-nodes-base.slack', parameters: {}, credentials: { slackApi: { id: '1', name: 'Bot' } } });

/** An inventory with one entry per line of fields (`id: a, flow: x`), in YAML flow mappings. */
const inventory = (...entries: string[]) => joinLines('inventory: 1', 'surfaces:', ...entries.map((e) => `  - { ${e} }`), '');

/** The ids of the entries that document each surface of `flowPath` in `ws`. */
function linksOf(ws: TestWorkspace, flowPath: string): Record<string, string[]> {
  const links = ws.review.links('');
  const flow = ws.review.file(uriOf(flowPath))!;
  return Object.fromEntries(links.flowLinks(flow).surfaces.map(({ linked, entries }) => [linked.node.name, entries.map((e) => e.entry.id ?? '?')]));
}

describe('endpoints', () => {
  const cases: [string, string, boolean][] = [
    ['https://api.openai.com/v1/chat/completions', 'https://api.openai.com/v1/chat/completions', true],
    ['https://api.openai.com', 'https://api.openai.com/v1/chat/completions', true],
    ['https://API.openai.com:443/v1/', 'https://api.openai.com/v1/chat?x=1', true],
    ['https://api.openai.com/v2', 'https://api.openai.com/v1/chat', false],
    ['https://api.openai.com/v1/chat/completions', 'https://api.openai.com/v1', false],
    ['https://other.example.com/v1', 'https://api.openai.com/v1', false],
    ['https://n8n.example.com/webhook/lead-intake', 'lead-intake', true],
    ['/webhook/lead-intake', 'lead-intake', true],
    ['/webhook/lead-intake', 'https://n8n.example.com/webhook/lead-intake', true],
    ['/webhook/other', 'lead-intake', false],
    ['https://user:pw@billing.example.com/api', 'https://billing.example.com/api/v2/invoices', true],
    ['https://api.example.com', '={{ $json.url }}', false],
    ['https://api.example.com/{{1.path}}', 'https://api.example.com/x', false],
    // Inventories show secrets masked (maskEndpoint): a masked webhook URL documents the node that holds the secret.
    ['https://hooks.slack.com/services/T0ABCD123/B0EFGH456/Zq81…', 'https://hooks.slack.com/services/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', true],
    ['https://hooks.slack.com/services/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', 'https://hooks.slack.com/services/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', true],
    ['https://hooks.slack.com/services/T0ABCD123/B0EFGH456/Qa7W…', 'https://hooks.slack.com/services/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', false],
    // A Telegram bot is told by its id (public, shown whole): an entry for one bot documents no other bot.
    ['https://api.telegram.org/bot734819265:AAFq…/sendMessage', 'https://api.telegram.org/bot734819265:AAFq2Lz8Wm5Tx1Rk7Hb4Nc9Jv3Pd6Gs0Ye/sendMessage', true],
    ['https://api.telegram.org/bot734819265:AAFq…/sendMessage', 'https://api.telegram.org/bot734855511:AAFq9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp/sendMessage', false],
    // A `…` counts where maskEndpoint would write it, after the 4 characters it keeps: a person's `…` is no wildcard,
    // and a short Zapier hook id (masked to 1 character) tells one hook of the account from another too little.
    ['https://api.example.com/…', 'https://api.example.com/admin', false],
    ['/…', 'https://anything.example.com/x', false],
    ['https://api.example.com/admin/Zq81…', 'https://api.example.com/admin/Zq81vLx0Tm4Rw7Yp2Kd9Hs6N', false],
    ['https://hooks.zapier.com/hooks/catch/1234567/a…/', 'https://hooks.zapier.com/hooks/catch/1234567/abc1234/', false],
    ['https://hooks.zapier.com/hooks/catch/1234567/a…/', 'https://hooks.zapier.com/hooks/catch/1234567/a…/', true],
    ['https://api.example.com/files/ghp_….json', 'https://api.example.com/files/ghp_Xc2Vb7Nm4Lk9Jh1Gf6Ds3Aq8Wz5Ex0Rt2YuP.json', true],
    ['https://api.example.com/files/Zq81…', 'https://api.example.com/files/Zq81', false],
    // A password may hold `#` or `?`: the host is what follows the user info's `@`.
    ['https://svc:Tq9!…@legacy.example.com/v1', 'https://svc:Tq9!7mhtfyH9#$%^&*@legacy.example.com/v1/orders', true],
    // With no path, an `@` in the query is not the end of user info: the host is still the one before the query.
    ['https://api.example.com:8443', 'https://api.example.com:8443?notify=ops@example.com', true],
    ['https://api.example.com', 'https://svc:pw@api.example.com?notify=ops@example.com', true],
    ['https://example.com', 'https://api.example.com?notify=ops@example.com', false],
  ];
  for (const [inventoryEndpoint, nodeEndpoint, expected] of cases) {
    it(`${inventoryEndpoint} ${expected ? 'documents' : 'does not document'} ${nodeEndpoint}`, () => {
      assert.equal(endpointsMatch(inventoryEndpoint, nodeEndpoint), expected);
    });
  }

  it('reads hosts and path segments, and nothing from expressions', () => {
    assert.deepEqual(parseEndpoint('HTTPS://Api.Example.com:80/a/b/?q#f'), { host: 'api.example.com', segments: ['a', 'b'] });
    assert.deepEqual(parseEndpoint('lead-intake'), { host: undefined, segments: ['lead-intake'] });
    assert.deepEqual(parseEndpoint('https://api.example.com:8443?notify=ops@example.com'), { host: 'api.example.com:8443', segments: [] });
    assert.deepEqual(parseEndpoint('https://hooks.slack.com./services/T1'), { host: 'hooks.slack.com', segments: ['services', 'T1'] });
    for (const e of ['={{ $json.url }}', "@{parameters('x')}", '${URL}', '', '   ']) assert.equal(parseEndpoint(e), undefined, e);
  });
});

describe('flow paths', () => {
  it('reads `flow:` relative to the inventory, then to the folder', () => {
    assert.deepEqual(flowCandidates('surfaces.yaml', 'flows/a.json'), ['flows/a.json', undefined]);
    assert.deepEqual(flowCandidates('team/app.surfaces.yaml', 'flows/a.json'), ['team/flows/a.json', 'flows/a.json']);
    assert.deepEqual(flowCandidates('team/app.surfaces.yaml', '../flows/a.json'), ['flows/a.json', undefined]);
    assert.equal(normalizePath('./a/./b/../c\\d.json'), 'a/c/d.json');
  });
});

describe('linking inventory entries to flow surfaces', () => {
  const flow = n8nWorkflow([webhook('Order webhook', 'orders'), http('Call billing', 'https://billing.example.com/api/v2/invoices'), slack('Tell sales')]);

  it('links by flow and node name, or node id', () => {
    const ws = new TestWorkspace({
      'flows/orders.n8n.json': flow,
      'surfaces.yaml': inventory('id: hook, flow: flows/orders.n8n.json, node: Order webhook', 'id: billing, flow: flows/orders.n8n.json, node: id-Call billing'),
    });
    assert.deepEqual(linksOf(ws, 'flows/orders.n8n.json'), { 'Order webhook': ['hook'], 'Call billing': ['billing'], 'Tell sales': [] });
  });

  it('links an entry that names the flow but no node by endpoint, service, or the only surface of its kind', () => {
    const ws = new TestWorkspace({
      'flows/orders.n8n.json': flow,
      'surfaces.yaml': inventory(
        'id: by-endpoint, flow: flows/orders.n8n.json, endpoint: "https://billing.example.com/api"',
        'id: by-service, flow: flows/orders.n8n.json, vendor: { name: Slack }',
        'id: by-kind, kind: webhook, flow: flows/orders.n8n.json',
      ),
    });
    assert.deepEqual(linksOf(ws, 'flows/orders.n8n.json'), { 'Order webhook': ['by-kind'], 'Call billing': ['by-endpoint'], 'Tell sales': ['by-service'] });
  });

  it('matches entries without `flow:` by endpoint (base URL, webhook path) or by a specific service, anywhere in the folder', () => {
    const ws = new TestWorkspace({
      'flows/orders.n8n.json': flow,
      'team/other.n8n.json': n8nWorkflow([http('Call OpenAI', 'https://api.openai.com/v1/chat/completions')]),
      'surfaces.yaml': inventory(
        'id: billing-api, endpoint: "https://billing.example.com"',
        'id: hook-url, endpoint: "https://n8n.example.com/webhook/orders"',
        'id: slack, name: Slack',
        'id: http-generic, name: HTTP',
        'id: openai, endpoint: "https://api.openai.com/v1"',
      ),
    });
    assert.deepEqual(linksOf(ws, 'flows/orders.n8n.json'), { 'Order webhook': ['hook-url'], 'Call billing': ['billing-api'], 'Tell sales': ['slack'] });
    assert.deepEqual(linksOf(ws, 'team/other.n8n.json'), { 'Call OpenAI': ['openai'] });
  });

  it('matches an entry whose endpoint shows a secret masked, by host or by the masked last segment', () => {
    const token = 'ghp_Xc2Vb7Nm4Lk9Jh1Gf6Ds3Aq8Wz5Ex0Rt2YuP'; // fake
    const ws = new TestWorkspace({
      'flows/orders.n8n.json': n8nWorkflow([
        { id: 'w', name: 'Deploy hook', type: 'n8n-nodes-base.webhook', parameters: { path: token, httpMethod: 'POST' } },
        http('Notify', 'https://hooks.slack.com/services/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'),
      ]),
      'surfaces.yaml': inventory(
        'id: deploy, endpoint: "https://n8n.example.com/webhook/ghp_…"',
        'id: alerts, endpoint: "https://hooks.slack.com/services/T0ABCD123/B0EFGH456/Zq81…"',
      ),
    });
    assert.deepEqual(linksOf(ws, 'flows/orders.n8n.json'), { 'Deploy hook': ['deploy'], Notify: ['alerts'] });
  });

  it('does not let a linked entry document surfaces of other flows, nor retired entries document anything', () => {
    const ws = new TestWorkspace({
      'flows/orders.n8n.json': flow,
      'flows/other.n8n.json': n8nWorkflow([slack('Tell sales')]),
      'surfaces.yaml': inventory('id: slack-orders, flow: flows/orders.n8n.json, vendor: { name: Slack }', 'id: old, name: Slack, lifecycle: { status: retired }'),
    });
    assert.deepEqual(linksOf(ws, 'flows/other.n8n.json'), { 'Tell sales': [] });
    assert.deepEqual(linksOf(ws, 'flows/orders.n8n.json')['Tell sales'], ['slack-orders']);
  });

  it('resolves `flow:` relative to the inventory first, and falls back to the folder only when nothing is there', () => {
    const ws = new TestWorkspace({
      'flows/a.n8n.json': n8nWorkflow([slack('Tell sales')]),
      'team/flows/a.n8n.json': n8nWorkflow([slack('Tell sales')]),
      'team/app.surfaces.yaml': inventory('id: slack, flow: flows/a.n8n.json, node: Tell sales'),
    });
    assert.deepEqual(linksOf(ws, 'team/flows/a.n8n.json'), { 'Tell sales': ['slack'] });
    assert.deepEqual(linksOf(ws, 'flows/a.n8n.json'), { 'Tell sales': [] });
    ws.delete('team/flows/a.n8n.json');
    assert.deepEqual(linksOf(ws, 'flows/a.n8n.json'), { 'Tell sales': ['slack'] });
  });

  it('lists the inventories that cover a flow, nearest first', () => {
    const ws = new TestWorkspace({
      'team/flows/a.n8n.json': n8nWorkflow([slack('Tell sales')]),
      'surfaces.yaml': inventory('id: x, name: X'),
      'team/team.surfaces.yaml': inventory('id: y, name: Y'),
      'other/other.surfaces.yaml': inventory('id: z, name: Z'),
    });
    const covering = ws.review.links('').flowLinks(ws.review.file(uriOf('team/flows/a.n8n.json'))!).covering.map((f) => f.path);
    assert.deepEqual(covering, ['team/team.surfaces.yaml', 'surfaces.yaml']);
  });

  it('resolves entries: linked, missing flow, missing node, unreadable flow', () => {
    const ws = new TestWorkspace({
      'flows/orders.n8n.json': flow,
      'flows/broken.n8n.json': '{ "name": "x", "nodes": [ {',
      'surfaces.yaml': inventory('id: a, flow: flows/orders.n8n.json, node: Tell sales', 'id: b, flow: flows/gone.n8n.json', 'id: c, flow: flows/orders.n8n.json, node: Nope', 'id: d, flow: flows/broken.n8n.json, node: X', 'id: e, name: E'),
    });
    const links = ws.review.links('');
    const file = ws.review.file(uriOf('surfaces.yaml'))!;
    const entries = (file.document!.value as { surfaces: unknown[] }).surfaces;
    assert.equal(entries.length, 5);
    const states = ['a', 'b', 'c', 'd', 'e'].map((_, i) => links.resolve(file, inventorySurface(ws, i)).state);
    assert.deepEqual(states, ['linked', 'missing-flow', 'missing-node', 'unreadable', 'unlinked']);
  });
});

/** The inventory model the rules read, of `surfaces.yaml`. */
function inventorySurface(ws: TestWorkspace, index: number) {
  return buildInventory(ws.review.file(uriOf('surfaces.yaml'))!.document!.value)!.surfaces[index];
}
