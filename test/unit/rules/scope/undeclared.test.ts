import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { n8nWorkflow } from '../../../helpers/analyze.js';
import { assertRangeCovers, joinLines } from '../../../helpers/text.js';
import { TestWorkspace, uriOf } from '../../../helpers/workspace.js';

const RULE = 'scope/undeclared';
const FLOW = 'flows/sheets.n8n.json';
const flow = (scope: string) => n8nWorkflow([{ id: 's', name: 'Save lead', type: 'n8n-nodes-base.googleSheets', parameters: { scope }, credentials: { googleSheetsOAuth2Api: { id: '1', name: 'Sheets' } } }]);
const inventory = (scopes: string) => joinLines(
  'inventory: 1',
  'surfaces:',
  '  - id: lead-sheet',
  '    name: Lead sheet',
  '    kind: connector',
  '    direction: outbound',
  `    flow: ${FLOW}`,
  '    node: Save lead',
  ...(scopes ? ['    auth:', `      scopes: ${scopes}`] : []),
  '',
);
const SHEETS = 'https://www.googleapis.com/auth/spreadsheets';
const DRIVE = 'https://www.googleapis.com/auth/drive';

describe(RULE, () => {
  it('accepts scopes the entry declares (case-insensitively)', () => {
    assert.deepEqual(new TestWorkspace({ [FLOW]: flow(SHEETS), 'surfaces.yaml': inventory(`["${SHEETS.toUpperCase()}", "${DRIVE}"]`) }).findings(FLOW), []);
  });

  it('accepts a scope declared in its short form where the flow writes its URI, and the other way round', () => {
    const graph = (scope: string) => n8nWorkflow([{ id: 's', name: 'Save lead', type: 'n8n-nodes-base.microsoftOutlook', parameters: { scope }, credentials: { microsoftOutlookOAuth2Api: { id: '1', name: 'Mail' } } }]);
    assert.deepEqual(new TestWorkspace({ [FLOW]: graph('https://graph.microsoft.com/Mail.Read offline_access'), 'surfaces.yaml': inventory('["mail.read", "offline_access"]') }).findings(FLOW, RULE), []);
    assert.deepEqual(new TestWorkspace({ [FLOW]: flow('drive'), 'surfaces.yaml': inventory(`["${DRIVE}"]`) }).findings(FLOW, RULE), []);
  });

  it('reports scopes the entry does not declare, on the scope parameter, with the declared scopes as related information', () => {
    const text = flow(`${SHEETS} ${DRIVE}`);
    const inv = inventory(`["${SHEETS}"]`);
    const [finding, ...others] = new TestWorkspace({ [FLOW]: text, 'surfaces.yaml': inv }).findings(FLOW, RULE);
    assert.equal(others.length, 0);
    assertRangeCovers(text, finding.range, `"${SHEETS} ${DRIVE}"`);
    assert.equal(finding.message, `"Save lead" uses scope \`${DRIVE}\` that its inventory entry \`lead-sheet\` does not declare: privilege the review never approved.`);
    assert.equal(finding.surfaceId, 'lead-sheet');
    assert.equal(finding.related?.[0].uri, uriOf('surfaces.yaml'));
    assertRangeCovers(inv, finding.related![0].range, 'scopes');
    assert.match(finding.related![0].message, /^Declared scopes of `lead-sheet`: https/);
  });

  it('reports every scope when the entry declares none, and nothing when no entry documents the node', () => {
    const [finding] = new TestWorkspace({ [FLOW]: flow(`${SHEETS},${DRIVE}`), 'surfaces.yaml': inventory('') }).findings(FLOW, RULE);
    assert.match(finding.message, /uses scopes `https:\/\/www\.googleapis\.com\/auth\/spreadsheets` and `https:\/\/www\.googleapis\.com\/auth\/drive` that/);
    assert.deepEqual(new TestWorkspace({ [FLOW]: flow(DRIVE), 'surfaces.yaml': joinLines('inventory: 1', 'surfaces: []', '') }).findings(FLOW, RULE), []);
  });

  it("does not take an API's own scope parameter for an OAuth scope (GitLab's ?scope=all)", () => {
    const gitlab = (url: string) => n8nWorkflow([{ id: 's', name: 'Save lead', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters: { url } }]);
    assert.deepEqual(new TestWorkspace({ [FLOW]: gitlab('https://gitlab.com/api/v4/issues?scope=all&state=opened'), 'surfaces.yaml': inventory('["read_api"]') }).findings(FLOW, RULE), []);
    const [finding] = new TestWorkspace({ [FLOW]: gitlab('https://gitlab.com/oauth/authorize?client_id=abc&response_type=code&scope=api'), 'surfaces.yaml': inventory('["read_api"]') }).findings(FLOW, RULE);
    assert.match(finding?.message ?? '', /uses scope `api` that/, 'an OAuth request still counts');
  });

  it("reports on the entry that requests the undeclared scope: Slack's user_scope entry of a query parameter list", () => {
    const slack = n8nWorkflow([{ id: 's', name: 'Save lead', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters: { url: 'https://slack.com/oauth/v2/authorize', sendQuery: true, queryParameters: { parameters: [{ name: 'scope', value: 'chat:write' }, { name: 'user_scope', value: 'search:read' }] } } }]);
    const [finding, ...others] = new TestWorkspace({ [FLOW]: slack, 'surfaces.yaml': inventory('["chat:write"]') }).findings(FLOW, RULE);
    assert.equal(others.length, 0);
    assertRangeCovers(slack, finding.range, '"search:read"');
    assert.match(finding.message, /uses scope `search:read` that/);
  });

  it('changes with the inventory: declaring the scope clears it', () => {
    const ws = new TestWorkspace({ [FLOW]: flow(DRIVE), 'surfaces.yaml': inventory(`["${SHEETS}"]`) });
    assert.equal(ws.findings(FLOW, RULE).length, 1);
    assert.ok(ws.set('surfaces.yaml', inventory(`["${SHEETS}", "${DRIVE}"]`)).has(uriOf(FLOW)));
    assert.deepEqual(ws.findings(FLOW, RULE), []);
  });
});
