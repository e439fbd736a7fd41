// FlowNode.scopeSources: the adapters list every string a node requests scopes in (a URL's scope=, each scope and
// user_scope entry of a parameter list, an audience), and FlowNode.scopes is their scopes, each once.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../server/src/core/index.js';
import type { FlowNode } from '../../../server/src/core/model/index.js';
import { n8nWorkflow, TODAY } from '../../helpers/analyze.js';
import { makeBlueprint, nodeRedFlow, zapierExport } from '../../helpers/platformDocs.js';
import { paSolutionFlow } from '../../helpers/wdl.js';

const SLACK_AUTHORIZE = 'https://slack.com/oauth/v2/authorize';

function onlyNode(text: string): FlowNode {
  const result = analyze({ uri: 'file:///ws/flow.json', path: 'flow.json', text }, { today: TODAY });
  const nodes = result.flow?.nodes.filter((n) => n.role === 'http-request') ?? [];
  assert.equal(nodes.length, 1);
  return nodes[0];
}
const sourcesOf = (node: FlowNode) => node.scopeSources?.map((s) => `${s.pointer} ${s.scopes.join(' ')}`);

describe('FlowNode.scopeSources', () => {
  it('n8n: the URL and each scope entry of the query parameters, in order; scopes each once', () => {
    const node = onlyNode(n8nWorkflow([{ name: 'Slack consent', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters: { url: `${SLACK_AUTHORIZE}?scope=chat:write`, sendQuery: true, queryParameters: { parameters: [{ name: 'client_id', value: '1.2' }, { name: 'user_scope', value: 'chat:write,search:read' }, { name: 'scope', value: 'users:read' }] } } }]));
    assert.deepEqual(sourcesOf(node), [
      '/nodes/0/parameters/url chat:write',
      '/nodes/0/parameters/queryParameters/parameters/1/value chat:write search:read',
      '/nodes/0/parameters/queryParameters/parameters/2/value users:read',
    ]);
    assert.deepEqual(node.scopes, ['chat:write', 'search:read', 'users:read']);
  });

  it("Make: each scope entry of an HTTP module's qs", () => {
    const node = onlyNode(makeBlueprint({ id: 1, module: 'http:ActionSendData', version: 3, parameters: {}, mapper: { url: SLACK_AUTHORIZE, method: 'get', qs: [{ name: 'scope', value: 'chat:write' }, { name: 'user_scope', value: 'admin' }] }, metadata: {} }));
    assert.deepEqual(sourcesOf(node), ['/flow/0/mapper/qs/0/value chat:write', '/flow/0/mapper/qs/1/value admin']);
    assert.deepEqual(node.scopes, ['chat:write', 'admin']);
  });

  it("Power Automate: an HTTP action's audience beside its URI's scope=, and queries.scope beside queries.user_scope", () => {
    const trigger = { manual: { type: 'Request', kind: 'Button', inputs: { schema: {} } } };
    const withAudience = onlyNode(paSolutionFlow(trigger, { HTTP: { type: 'Http', inputs: { method: 'GET', uri: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=1&scope=Mail.Read', authentication: { type: 'ActiveDirectoryOAuth', audience: 'https://graph.microsoft.com' } }, runAfter: {} } }));
    assert.deepEqual(sourcesOf(withAudience), [
      '/properties/definition/actions/HTTP/inputs/authentication/audience https://graph.microsoft.com',
      '/properties/definition/actions/HTTP/inputs/uri Mail.Read',
    ]);
    const queries = onlyNode(paSolutionFlow(trigger, { HTTP: { type: 'Http', inputs: { method: 'GET', uri: SLACK_AUTHORIZE, queries: { scope: 'chat:write', user_scope: 'admin' } }, runAfter: {} } }));
    assert.deepEqual(sourcesOf(queries), ['/properties/definition/actions/HTTP/inputs/queries/scope chat:write', '/properties/definition/actions/HTTP/inputs/queries/user_scope admin']);
  });

  it('Node-RED and Zapier: a URL that names a scope twice keeps both places, and the node requests it once', () => {
    const url = `${SLACK_AUTHORIZE}?client_id=1&scope=chat:write,users:read,chat:write`;
    const red = onlyNode(nodeRedFlow({ id: 'consent', type: 'http request', method: 'GET', url, wires: [[]] }));
    assert.deepEqual(sourcesOf(red), ['/0/url chat:write users:read chat:write']);
    assert.deepEqual(red.scopes, ['chat:write', 'users:read']);
    const zap = onlyNode(zapierExport({ '1': { id: 1, type_of: 'read', params: { url }, parent_id: null, action: 'get', selected_api: 'WebHookCLIAPI', title: null, authentication_id: null } }));
    assert.deepEqual(sourcesOf(zap), ['/zaps/0/nodes/1/params/url chat:write users:read chat:write']);
    assert.deepEqual(zap.scopes, ['chat:write', 'users:read']);
  });

  it("drops only the source that is no OAuth request: an API's own ?scope= beside the node's OAuth scope setting", () => {
    const node = onlyNode(n8nWorkflow([{ name: 'Issues', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters: { url: 'https://gitlab.com/api/v4/issues?scope=all', authentication: 'genericCredentialType', genericAuthType: 'oAuth2Api', scope: 'read_api' }, credentials: { oAuth2Api: { id: '1', name: 'GitLab' } } }]));
    assert.deepEqual(sourcesOf(node), ['/nodes/0/parameters/scope read_api']);
    assert.deepEqual(node.scopes, ['read_api']);
  });
});
