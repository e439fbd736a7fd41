import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from '../../../../server/src/core/index.js';
import { validateAgainst } from '../../../../server/src/core/schema.js';
import { n8nWorkflow, TODAY } from '../../../helpers/analyze.js';
import { assertRangeCovers, joinLines } from '../../../helpers/text.js';
import { TestWorkspace, uriOf } from '../../../helpers/workspace.js';

const RULE = 'drift/undocumented-surface';
const FLOW = 'flows/orders.n8n.json';

const nodes = [
  { id: 'n1', name: 'Order webhook', type: 'n8n-nodes-base.webhook', parameters: { path: 'orders', httpMethod: 'POST', authentication: 'headerAuth' } },
  { id: 'n2', name: 'Send to fulfilment', type: 'n8n-nodes-base.httpRequest', parameters: { method: 'POST', url: 'https://fulfilment.example.com/api/v1/orders', options: { timeout: 1000 } } },
  { id: 'n3', name: 'Shape order', type: 'n8n-nodes-base.set', parameters: {} },
];
const flow = n8nWorkflow(nodes);

const INVENTORY = joinLines(
  'inventory: 1',
  'project: Orders',
  'surfaces:',
  '  - id: order-webhook',
  '    name: Order webhook',
  '    kind: webhook',
  '    direction: inbound',
  '    flow: flows/orders.n8n.json',
  '    node: Order webhook',
  '',
);

/** Parse and schema problems of an inventory: what the "Add to inventory" fix must never introduce. */
function problems(text: string, language: 'yaml' | 'json' = 'yaml'): string[] {
  const document = parseDocument(text, language);
  return [...document.problems.map((p) => p.message), ...validateAgainst('inventory', document.value).map((e) => `${e.pointer}: ${e.message}`)];
}

describe(RULE, () => {
  it('reports each undocumented surface on its node name, with the covering inventory as related information', () => {
    const ws = new TestWorkspace({ [FLOW]: flow, 'surfaces.yaml': INVENTORY });
    const [finding, ...others] = ws.findings(FLOW, RULE);
    assert.equal(others.length, 0, 'the webhook is documented and the Set node is no surface');
    assertRangeCovers(flow, finding.range, '"Send to fulfilment"');
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.message, 'Outbound API call "Send to fulfilment" (POST https://fulfilment.example.com/api/v1/orders) is not in the surface inventory: no entry of `surfaces.yaml` names this flow and node, or its endpoint or service. An undocumented surface has no owner, classification or review.');
    assert.equal(finding.related?.length, 1);
    assert.equal(finding.related![0].uri, uriOf('surfaces.yaml'));
    assertRangeCovers(INVENTORY, finding.related![0].range, 'surfaces');
  });

  it('checks only flows an inventory covers (in their folder or above)', () => {
    assert.deepEqual(new TestWorkspace({ [FLOW]: flow }).findings(FLOW, RULE), []);
    assert.deepEqual(new TestWorkspace({ [FLOW]: flow, 'other/surfaces.yaml': INVENTORY }).findings(FLOW, RULE), []);
    assert.equal(new TestWorkspace({ [FLOW]: flow, 'flows/surfaces.yaml': INVENTORY.replace('flows/orders.n8n.json', 'orders.n8n.json') }).findings(FLOW, RULE).length, 1);
  });

  it('keeps its fingerprint when the flow is reformatted and its nodes reordered', () => {
    const before = new TestWorkspace({ [FLOW]: flow, 'surfaces.yaml': INVENTORY }).findings(FLOW, RULE)[0];
    const reformatted = JSON.stringify({ name: 'Test flow', nodes: [nodes[2], nodes[1], nodes[0]], connections: {} }, null, 4);
    const after = new TestWorkspace({ [FLOW]: reformatted, 'surfaces.yaml': `# moved down a line\n${INVENTORY}` }).findings(FLOW, RULE)[0];
    assert.notDeepEqual(after.range, before.range);
    assert.equal(after.fingerprint, before.fingerprint);
  });

  it('follows settings and the policy: severity overrides, `off`, and suppressions by fingerprint or rule and path', () => {
    const base = new TestWorkspace({ [FLOW]: flow, 'surfaces.yaml': INVENTORY }).findings(FLOW, RULE)[0];
    assert.equal(new TestWorkspace({ [FLOW]: flow, 'surfaces.yaml': INVENTORY }, { rules: { [RULE]: 'error' } }).findings(FLOW, RULE)[0].severity, 'error');
    assert.deepEqual(new TestWorkspace({ [FLOW]: flow, 'surfaces.yaml': INVENTORY }, { rules: { [RULE]: 'off' } }).findings(FLOW), []);
    const suppressions = [{ fingerprint: base.fingerprint, reason: 'r', owner: 'o', expires: '2099-01-01', index: 0 }];
    const policy = { rotationDays: { low: 1, medium: 1, high: 1, critical: 1 }, reviewDays: { low: 1, medium: 1, high: 1, critical: 1 }, connectors: { approved: [], blocked: [] }, severity: {}, sla: { error: 1, warning: 1, info: 1, hint: 1 }, suppressions };
    assert.deepEqual(new TestWorkspace({ [FLOW]: flow, 'surfaces.yaml': INVENTORY }, { policy }).findings(FLOW), []);
    const byGlob = { ...policy, suppressions: [{ rule: RULE, path: 'flows/**', reason: 'r', owner: 'o', expires: '2099-01-01', index: 0 }] };
    assert.deepEqual(new TestWorkspace({ [FLOW]: flow, 'surfaces.yaml': INVENTORY }, { policy: byGlob }).findings(FLOW), []);
    assert.equal(new TestWorkspace({ [FLOW]: flow, 'surfaces.yaml': INVENTORY }, { policy, trusted: false }).findings(FLOW, RULE).length, 1, 'untrusted: no suppression applies');
  });

  it('masks a secret in the endpoint it names, and an entry showing that endpoint masked documents the node', () => {
    const secret = 'Zq81vLx0Tm4Rw7Yp2Kd9Hs6N'; // fake
    const masked = 'https://hooks.slack.com/services/T0ABCD123/B0EFGH456/Zq81…';
    const hook = n8nWorkflow([{ id: 'h', name: 'Notify', type: 'n8n-nodes-base.httpRequest', parameters: { method: 'POST', url: `https://hooks.slack.com/services/T0ABCD123/B0EFGH456/${secret}` } }]);
    const ws = new TestWorkspace({ [FLOW]: hook, 'surfaces.yaml': INVENTORY });
    const [finding] = ws.findings(FLOW, RULE);
    assert.match(finding.message, new RegExp(`^Outbound API call "Notify" \\(POST ${masked.replace(/[./]/g, '\\$&')}\\) is not in the surface inventory`));
    // The fix writes the endpoint masked, and the entry it writes documents the node.
    const text = ws.applied('surfaces.yaml', ws.fixes(FLOW, finding)[0]);
    assert.ok(text.includes(`    endpoint: "${masked}"\n`), text);
    assert.ok(!text.includes(secret.slice(4, 12)));
    ws.set('surfaces.yaml', text);
    assert.deepEqual(ws.findings(FLOW, RULE), []);
    // An entry that names no flow or node is matched by its endpoint: masked, it still matches.
    const byEndpoint = joinLines('inventory: 1', 'surfaces:', '  - id: alerts', '    name: Alerts', '    kind: api', '    direction: outbound', `    endpoint: "${masked}"`, '');
    assert.deepEqual(new TestWorkspace({ [FLOW]: hook, 'surfaces.yaml': byEndpoint }).findings(FLOW, RULE), []);
    const other = byEndpoint.replace('Zq81…', 'Qa7W…');
    assert.equal(new TestWorkspace({ [FLOW]: hook, 'surfaces.yaml': other }).findings(FLOW, RULE).length, 1, 'another hook of the channel is another surface');
  });

  describe('Add to inventory', () => {
    const fixOf = (ws: TestWorkspace, title = 'Add to inventory') => {
      const finding = ws.findings(FLOW, RULE)[0];
      const fix = ws.fixes(FLOW, finding).find((f) => f.title === title);
      assert.ok(fix, `fix "${title}" among ${ws.fixes(FLOW, finding).map((f) => f.title).join(', ')}`);
      return fix;
    };

    it('appends a complete, valid entry linked to the flow and node, and the finding goes away', () => {
      const ws = new TestWorkspace({ [FLOW]: flow, 'surfaces.yaml': INVENTORY });
      const fix = fixOf(ws);
      assert.equal(fix.isPreferred, true);
      const text = ws.applied('surfaces.yaml', fix);
      assert.equal(text, INVENTORY + joinLines(
        '  - id: test-flow-send-to-fulfilment',
        '    name: Send to fulfilment',
        '    kind: api',
        '    direction: outbound',
        '    platform: n8n',
        '    flow: flows/orders.n8n.json',
        '    node: Send to fulfilment',
        '    endpoint: "https://fulfilment.example.com/api/v1/orders"',
        '    owner: TODO  # who answers for this surface: an e-mail or @team',
        '    classification: internal  # TODO: public | internal | confidential | restricted',
        '    risk: medium  # TODO: low | medium | high | critical',
        '',
      ));
      assert.deepEqual(problems(text), []);
      const changed = ws.set('surfaces.yaml', text);
      assert.ok(changed.has(uriOf(FLOW)), 'the flow is republished');
      assert.deepEqual(ws.findings(FLOW, RULE), []);
    });

    it('writes scopes, an open webhook\'s `auth.method: none` and a high risk, and a vendor for a named service', () => {
      const open = n8nWorkflow([
        { id: 'w', name: 'Lead form', type: 'n8n-nodes-base.webhook', parameters: { path: 'lead', httpMethod: 'POST' } },
        { id: 's', name: 'Save lead', type: 'n8n-nodes-base.googleSheets', parameters: { scope: 'https://www.googleapis.com/auth/spreadsheets' }, credentials: { googleSheetsOAuth2Api: { id: '1', name: 'Sheets' } } },
      ]);
      const ws = new TestWorkspace({ [FLOW]: open, 'surfaces.yaml': joinLines('inventory: 1', 'surfaces: []', '') });
      let text = ws.texts.get('surfaces.yaml')!;
      for (const _ of [0, 1]) {
        const fix = ws.fixes(FLOW, ws.findings(FLOW, RULE)[0])[0];
        text = ws.applied('surfaces.yaml', fix);
        assert.deepEqual(problems(text), []);
        ws.set('surfaces.yaml', text);
      }
      assert.deepEqual(ws.findings(FLOW, RULE), []);
      assert.match(text, /^surfaces:\n {2}- id: test-flow-lead-form\n/m);
      assert.match(text, / {4}risk: high {2}# TODO.*\n {4}auth:\n {6}method: none\n/);
      assert.match(text, / {4}auth:\n {6}scopes: \["https:\/\/www\.googleapis\.com\/auth\/spreadsheets"\]\n {4}vendor:\n {6}name: Google Sheets\n/);
    });

    it('appends to a JSON inventory in its indentation, and to one without `surfaces`', () => {
      const json = JSON.stringify({ inventory: 1, surfaces: [{ id: 'a', name: 'A', kind: 'api', direction: 'outbound' }] }, null, 2) + '\n';
      const ws = new TestWorkspace({ [FLOW]: flow, 'app.surfaces.json': json });
      const text = ws.applied('app.surfaces.json', ws.fixes(FLOW, ws.findings(FLOW, RULE)[0])[0]);
      assert.deepEqual(problems(text, 'json'), []);
      assert.match(text, /\n {4}\},\n {4}\{\n {6}"id": "test-flow-order-webhook",/);
      const bare = new TestWorkspace({ [FLOW]: flow, 'surfaces.yaml': 'inventory: 1\nproject: X' });
      const added = bare.applied('surfaces.yaml', bare.fixes(FLOW, bare.findings(FLOW, RULE)[0])[0]);
      assert.deepEqual(problems(added), []);
      assert.match(added, /^project: X\nsurfaces:\n {2}- id: /m);
    });

    it('offers one fix per covering inventory, the nearest preferred, and keeps ids unique', () => {
      const ws = new TestWorkspace({
        [FLOW]: flow,
        'surfaces.yaml': INVENTORY,
        'flows/team.surfaces.yaml': joinLines('inventory: 1', 'surfaces:', '  - { id: test-flow-send-to-fulfilment, name: Taken, kind: api, direction: outbound, endpoint: "https://elsewhere.example.com" }', ''),
      });
      const fixes = ws.fixes(FLOW, ws.findings(FLOW, RULE)[0]);
      assert.deepEqual(fixes.map((f) => [f.title, f.isPreferred]), [['Add to inventory flows/team.surfaces.yaml', true], ['Add to inventory surfaces.yaml', false]]);
      const text = ws.applied('flows/team.surfaces.yaml', fixes[0]);
      assert.match(text, /- id: test-flow-send-to-fulfilment-2\n/);
      assert.match(text, /\n {4}flow: orders\.n8n\.json\n/, 'relative to the inventory');
      assert.deepEqual(problems(text), []);
    });
  });

  it('republishes only what changed: an edit of one flow touches that flow', () => {
    const ws = new TestWorkspace({ [FLOW]: flow, 'flows/b.n8n.json': flow, 'surfaces.yaml': INVENTORY });
    assert.deepEqual([...ws.set(FLOW, n8nWorkflow(nodes.slice(0, 1)))], [uriOf(FLOW)]);
    assert.deepEqual([...ws.set(FLOW, n8nWorkflow(nodes.slice(0, 1)) + '\n')], [], 'same findings, nothing to republish');
    void TODAY;
  });
});
