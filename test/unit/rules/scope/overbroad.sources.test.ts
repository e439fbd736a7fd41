// scope/overbroad on flows: each place a request carries scopes is read, not only the first a node has. The adapters
// (formats/scopes.ts scopesInList, formats/wdl.ts requestScopes) read one `scope` entry per node; Slack's authorize
// call lists its user-token scopes in a second entry, `user_scope`, which these tests show is missed.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, n8nWorkflow } from '../../../helpers/analyze.js';
import { makeBlueprint } from '../../../helpers/platformDocs.js';
import { paSolutionFlow } from '../../../helpers/wdl.js';

const RULE = 'scope/overbroad';
const SLACK_AUTHORIZE = 'https://slack.com/oauth/v2/authorize';
const covered = (text: string) => findingsOf(RULE, text).map((f) => text.slice(f.range.start, f.range.end));

describe(`${RULE}: every scope entry of a request`, () => {
  it("reads Slack's user_scope entry of an n8n query parameter list after its scope entry", { todo: 'needs formats/scopes.ts scopesInList to return every scope and user_scope entry, and FlowNode to carry more than one scopesPointer' }, () => {
    const text = n8nWorkflow([{ name: 'Slack consent', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters: { url: SLACK_AUTHORIZE, sendQuery: true, queryParameters: { parameters: [{ name: 'client_id', value: '1.2' }, { name: 'scope', value: 'chat:write' }, { name: 'user_scope', value: 'admin,search:read' }] } } }]);
    assert.deepEqual(covered(text), ['admin', 'search:read']);
  });

  it("reads Slack's user_scope entry of a Make HTTP module's qs after its scope entry", { todo: 'needs formats/scopes.ts scopesInList to return every scope and user_scope entry (make.ts makeScopes)' }, () => {
    const text = makeBlueprint({ id: 1, module: 'http:ActionSendData', version: 3, parameters: {}, mapper: { url: SLACK_AUTHORIZE, method: 'get', qs: [{ name: 'client_id', value: '1.2' }, { name: 'scope', value: 'chat:write' }, { name: 'user_scope', value: 'admin' }] }, metadata: {} });
    assert.deepEqual(covered(text), ['admin']);
  });

  it("reads a Power Automate HTTP action's queries.user_scope", { todo: 'needs formats/wdl.ts requestScopes to read queries.user_scope beside queries.scope' }, () => {
    const text = paSolutionFlow({ manual: { type: 'Request', kind: 'Button', inputs: { schema: {} } } }, { HTTP: { type: 'Http', inputs: { method: 'GET', uri: SLACK_AUTHORIZE, queries: { client_id: '1.2', scope: 'chat:write', user_scope: 'admin' } }, runAfter: {} } });
    assert.deepEqual(covered(text), ['admin']);
  });

  it("reads scope= and user_scope= of one authorize URL (both in the one string the adapters read)", () => {
    const text = n8nWorkflow([{ name: 'Slack consent', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters: { url: `${SLACK_AUTHORIZE}?client_id=1.2&scope=chat:write&user_scope=admin` } }]);
    assert.deepEqual(covered(text), ['admin']);
  });
});
