// Hover on a scope in a flow node that requests scopes in several strings (Slack's `scope` and `user_scope` entries of a
// parameter list, an HTTP action's `queries`): each entry explains its own scopes.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, flowHover } from '../../server/src/core/index.js';
import { n8nWorkflow, TODAY } from '../helpers/analyze.js';
import { makeBlueprint } from '../helpers/platformDocs.js';
import { paSolutionFlow } from '../helpers/wdl.js';

const SLACK_AUTHORIZE = 'https://slack.com/oauth/v2/authorize';

/** What the flow hover covers at the first character of the last occurrence of `at` in `text` (plus `shift`), and its first line. */
function hoverAt(text: string, at: string, shift = 0) {
  const result = analyze({ uri: 'file:///ws/flow.json', path: 'flow.json', text }, { today: TODAY });
  assert.ok(result.document && result.flow, 'the flow is analysed');
  const offset = text.lastIndexOf(at);
  assert.ok(offset !== -1, `the fixture holds ${at}`);
  const found = flowHover(result.document, result.flow, offset + shift);
  return found && { covers: text.slice(found.range.start, found.range.end), title: found.contents.split('\n')[0] };
}

describe('flowHover: every scope entry of a request', () => {
  it("explains a scope of an n8n query parameter list's user_scope entry, and one of its scope entry", () => {
    const text = n8nWorkflow([{ name: 'Slack consent', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters: { url: SLACK_AUTHORIZE, sendQuery: true, queryParameters: { parameters: [{ name: 'scope', value: 'chat:write' }, { name: 'user_scope', value: 'channels:read,search:read' }] } } }]);
    const user = hoverAt(text, 'search:read', 3);
    assert.equal(user?.covers, 'search:read');
    assert.match(user.title, /^\*\*`search:read`\*\* · Slack · risk \*\*high\*\*/);
    assert.equal(hoverAt(text, 'chat:write', 1)?.covers, 'chat:write');
  });

  it("explains a scope of a Make module's qs user_scope entry and of a Power Automate action's queries.user_scope", () => {
    const make = makeBlueprint({ id: 1, module: 'http:ActionSendData', version: 3, parameters: {}, mapper: { url: SLACK_AUTHORIZE, method: 'get', qs: [{ name: 'scope', value: 'chat:write' }, { name: 'user_scope', value: 'admin' }] }, metadata: {} });
    assert.match(hoverAt(make, '"admin"', 1)?.title ?? '', /^\*\*`admin`\*\* · Slack · risk \*\*critical\*\*/);
    const pa = paSolutionFlow({ manual: { type: 'Request', kind: 'Button', inputs: { schema: {} } } }, { HTTP: { type: 'Http', inputs: { method: 'GET', uri: SLACK_AUTHORIZE, queries: { scope: 'chat:write', user_scope: 'admin' } }, runAfter: {} } });
    assert.equal(hoverAt(pa, '"admin"', 1)?.covers, 'admin');
  });
});
