// scope/overbroad on flows: each place a request carries scopes is read, not only the first a node has. Slack's authorize
// call lists its user-token scopes in a second entry, `user_scope`, beside `scope`: each entry is a scope source of its
// own (FlowNode.scopeSources), reported, hovered and fixed in place.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, n8nWorkflow } from '../../../helpers/analyze.js';
import { applyFix } from '../../../helpers/inventory.js';
import { makeBlueprint } from '../../../helpers/platformDocs.js';
import { paSolutionFlow } from '../../../helpers/wdl.js';

const RULE = 'scope/overbroad';
const SLACK_AUTHORIZE = 'https://slack.com/oauth/v2/authorize';
const covered = (text: string) => findingsOf(RULE, text).map((f) => text.slice(f.range.start, f.range.end));

describe(`${RULE}: every scope entry of a request`, () => {
  it("reads Slack's user_scope entry of an n8n query parameter list after its scope entry", () => {
    const text = n8nWorkflow([{ name: 'Slack consent', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters: { url: SLACK_AUTHORIZE, sendQuery: true, queryParameters: { parameters: [{ name: 'client_id', value: '1.2' }, { name: 'scope', value: 'chat:write' }, { name: 'user_scope', value: 'admin,search:read' }] } } }]);
    assert.deepEqual(covered(text), ['admin', 'search:read']);
  });

  it("reads Slack's user_scope entry of a Make HTTP module's qs after its scope entry", () => {
    const text = makeBlueprint({ id: 1, module: 'http:ActionSendData', version: 3, parameters: {}, mapper: { url: SLACK_AUTHORIZE, method: 'get', qs: [{ name: 'client_id', value: '1.2' }, { name: 'scope', value: 'chat:write' }, { name: 'user_scope', value: 'admin' }] }, metadata: {} });
    assert.deepEqual(covered(text), ['admin']);
  });

  it("reads a Power Automate HTTP action's queries.user_scope", () => {
    const text = paSolutionFlow({ manual: { type: 'Request', kind: 'Button', inputs: { schema: {} } } }, { HTTP: { type: 'Http', inputs: { method: 'GET', uri: SLACK_AUTHORIZE, queries: { client_id: '1.2', scope: 'chat:write', user_scope: 'admin' } }, runAfter: {} } });
    assert.deepEqual(covered(text), ['admin']);
  });

  it("reads scope= and user_scope= of one authorize URL (both in the one string the adapters read)", () => {
    const text = n8nWorkflow([{ name: 'Slack consent', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters: { url: `${SLACK_AUTHORIZE}?client_id=1.2&scope=chat:write&user_scope=admin` } }]);
    assert.deepEqual(covered(text), ['admin']);
  });

  it("reads a query parameter list's user_scope entry beside the URL's scope=", () => {
    const text = n8nWorkflow([{ name: 'Slack consent', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters: { url: `${SLACK_AUTHORIZE}?client_id=1.2&scope=admin`, sendQuery: true, queryParameters: { parameters: [{ name: 'user_scope', value: 'search:read' }] } } }]);
    assert.deepEqual(covered(text), ['admin', 'search:read']);
  });

  it('reports a scope both entries request once in each, on its own entry', () => {
    const text = makeBlueprint({ id: 1, module: 'http:ActionSendData', version: 3, parameters: {}, mapper: { url: SLACK_AUTHORIZE, method: 'get', qs: [{ name: 'scope', value: 'admin' }, { name: 'user_scope', value: 'admin' }] }, metadata: {} });
    const findings = findingsOf(RULE, text);
    assert.deepEqual(findings.map((f) => text.slice(f.range.start, f.range.end)), ['admin', 'admin']);
    assert.ok(findings[0].range.start < text.indexOf('"user_scope"') && findings[1].range.start > text.indexOf('"user_scope"'), 'one finding in each entry');
  });
});

describe(`${RULE}: the fix edits the entry the scope is in`, () => {
  const slack = (scope: string, userScope: string) => n8nWorkflow([{ name: 'Slack consent', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters: { url: SLACK_AUTHORIZE, sendQuery: true, queryParameters: { parameters: [{ name: 'client_id', value: '1.2' }, { name: 'scope', value: scope }, { name: 'user_scope', value: userScope }] } } }]);
  const entries = (text: string) => (JSON.parse(text).nodes[0].parameters.queryParameters.parameters as { name: string; value: string }[]).map((e) => `${e.name}=${e.value}`);

  it('removes the broad scope from its entry when that entry already requests the narrower one, and leaves the other entry alone', () => {
    const text = slack('chat:write', 'admin,chat:write');
    const [finding, ...others] = findingsOf(RULE, text);
    assert.equal(others.length, 0);
    assert.equal(finding.fixes![0].title, 'Remove admin (chat:write is already requested)');
    const fixed = applyFix(text, finding.fixes![0]);
    assert.deepEqual(entries(fixed), ['client_id=1.2', 'scope=chat:write', 'user_scope=chat:write']);
    assert.deepEqual(findingsOf(RULE, fixed), []);
  });

  it("narrows rather than removes when only the other entry requests the narrower scope (a bot scope is no user scope)", () => {
    const text = slack('chat:write', 'admin');
    const [finding] = findingsOf(RULE, text);
    assert.deepEqual(finding.fixes!.map((f) => f.title), ['Narrow to chat:write', 'Narrow to channels:read']);
    const fixed = applyFix(text, finding.fixes![1]);
    assert.deepEqual(entries(fixed), ['client_id=1.2', 'scope=chat:write', 'user_scope=channels:read']);
    assert.deepEqual(findingsOf(RULE, fixed), []);
  });

  it("narrows in a Power Automate action's queries.user_scope only", () => {
    const text = paSolutionFlow({ manual: { type: 'Request', kind: 'Button', inputs: { schema: {} } } }, { HTTP: { type: 'Http', inputs: { method: 'GET', uri: SLACK_AUTHORIZE, queries: { client_id: '1.2', scope: 'admin.users:read', user_scope: 'admin.users:write' } }, runAfter: {} } });
    const [finding, ...others] = findingsOf(RULE, text);
    assert.equal(others.length, 0);
    assert.equal(finding.fixes![0].title, 'Narrow to admin.users:read');
    const fixed = applyFix(text, finding.fixes![0]);
    assert.deepEqual(JSON.parse(fixed).properties.definition.actions.HTTP.inputs.queries, { client_id: '1.2', scope: 'admin.users:read', user_scope: 'admin.users:read' });
  });
});
