// Hover on a scope in a flow: the scope under the cursor, wherever the adapters read scopes from (an OAuth `scope`
// parameter, an HTTP action's `audience`, a URL's `scope=`), explained as the inventory hover explains it.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, flowHover, hover, parseDocument } from '../../server/src/core/index.js';
import { n8nWorkflow, TODAY } from '../helpers/analyze.js';
import { makeBlueprint } from '../helpers/platformDocs.js';
import { paSolutionFlow } from '../helpers/wdl.js';

/** The flow hover at the first character of the `nth` occurrence of `at` (plus `shift`) in `text`. */
function hoverAt(text: string, at: string, shift = 0, nth = 0) {
  const result = analyze({ uri: 'file:///ws/flow.json', path: 'flow.json', text }, { today: TODAY });
  assert.ok(result.document && result.flow, 'the flow is analysed');
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(at, offset + 1);
  assert.ok(offset !== -1, `the fixture holds ${at}`);
  const found = flowHover(result.document, result.flow, offset + shift);
  return found && { contents: found.contents, covers: text.slice(found.range.start, found.range.end) };
}

/** The inventory's hover on the same scope, for comparison. */
function inventoryHover(scope: string, vendor: string): string {
  const text = `inventory: 1\nsurfaces:\n  - id: s\n    vendor: ${vendor}\n    auth:\n      scopes: [${scope}]\n`;
  const result = hover(parseDocument(text, 'yaml'), text.lastIndexOf(scope) + 1, 'inventory');
  assert.ok(result, 'the inventory hover explains the scope');
  return result.contents;
}

const n8nOAuth = (scope: string) => n8nWorkflow([{ name: 'Get token', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters: { url: 'https://graph.microsoft.com/v1.0/users', authentication: 'genericCredentialType', genericAuthType: 'oAuth2Api', scope } }]);
const n8nUrl = (url: string) => n8nWorkflow([{ name: 'Authorize', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters: { url } }]);

describe('flowHover', () => {
  it('explains the scope under the cursor in an n8n OAuth scope list, as the inventory hover does', () => {
    const text = n8nOAuth('User.Read Directory.ReadWrite.All offline_access');
    const found = hoverAt(text, 'Directory.ReadWrite.All', 5);
    assert.equal(found?.covers, 'Directory.ReadWrite.All');
    assert.equal(found.contents, inventoryHover('Directory.ReadWrite.All', 'Microsoft Graph'));
    assert.match(found.contents, /^\*\*`Directory\.ReadWrite\.All`\*\* · Microsoft Graph · risk \*\*critical\*\*/);
    assert.match(found.contents, /Narrower alternatives: /);
  });

  it('explains each scope of the list on its own, a narrow one too, and the first and last characters count', () => {
    const text = n8nOAuth('User.Read Directory.ReadWrite.All offline_access');
    assert.equal(hoverAt(text, 'User.Read')?.covers, 'User.Read');
    assert.equal(hoverAt(text, 'User.Read', 'User.Read'.length)?.covers, 'User.Read');
    assert.match(hoverAt(text, 'User.Read')!.contents, /^\*\*`User\.Read`\*\* · Microsoft Graph · risk \*\*low\*\*/);
    assert.match(hoverAt(text, 'offline_access', 3)!.contents, /offline_access/);
  });

  it('explains a URL-encoded scope of an authorize URL, ranged over its encoded text', () => {
    const text = n8nUrl('https://accounts.google.com/o/oauth2/v2/auth?client_id=abc&scope=https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fdrive%20openid&response_type=code');
    const found = hoverAt(text, 'https%3A%2F%2Fwww.googleapis.com', 10);
    assert.equal(found?.covers, 'https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fdrive');
    assert.match(found.contents, /^\*\*`https:\/\/www\.googleapis\.com\/auth\/drive`\*\* · Google · risk \*\*high\*\*/);
  });

  it('explains the audience of a Power Automate HTTP action', () => {
    const text = paSolutionFlow({ manual: { type: 'Request', kind: 'Button', inputs: { schema: {} } } }, { Call_API: { type: 'Http', inputs: { method: 'GET', uri: 'https://management.azure.com/subscriptions', authentication: { type: 'ManagedServiceIdentity', audience: 'https://management.azure.com/' } }, runAfter: {} } });
    const found = hoverAt(text, '"https://management.azure.com/"', 3);
    assert.equal(found?.covers, 'https://management.azure.com/');
    assert.match(found.contents, /· risk \*\*/);
  });

  it('explains a scope= in a Make HTTP module URL', () => {
    const text = makeBlueprint({ id: 1, module: 'http:ActionSendData', version: 3, parameters: {}, mapper: { url: 'https://slack.com/oauth/v2/authorize?scope=chat:write,admin.users:write&client_id=1', method: 'get' } });
    const found = hoverAt(text, 'admin.users:write', 2);
    assert.equal(found?.covers, 'admin.users:write');
    assert.match(found.contents, /· Slack · risk \*\*critical\*\*/);
  });

  it('says so for a scope the catalogue does not rate', () => {
    const found = hoverAt(n8nOAuth('User.Read custom.scope.unknown'), 'custom.scope.unknown', 2);
    assert.equal(found?.contents, inventoryHover('custom.scope.unknown', 'Microsoft Graph'));
    assert.match(found.contents, /not in the scope catalogue/);
  });

  it('names the narrower way that is no scope, where the catalogue has one (GitHub: a fine-grained token)', () => {
    const text = n8nUrl('https://github.com/login/oauth/authorize?client_id=abc&scope=workflow%20read:user');
    const found = hoverAt(text, 'workflow', 2);
    assert.equal(found?.covers, 'workflow');
    assert.match(found.contents, /fine-grained personal access token/);
    assert.equal(found.contents, inventoryHover('workflow', 'GitHub'));
  });

  it("shows nothing on an API's own scope parameter, which is no OAuth scope (GitLab's ?scope=all)", () => {
    assert.equal(hoverAt(n8nUrl('https://gitlab.com/api/v4/issues?scope=all&state=opened'), 'scope=all', 6), undefined);
    assert.match(hoverAt(n8nUrl('https://gitlab.com/oauth/authorize?client_id=abc&response_type=code&scope=api'), 'scope=api', 6)!.contents, /`api`/, 'an OAuth request is explained');
  });

  it('shows nothing off a scope: elsewhere in the string holding the scopes, on another field or key', () => {
    const text = n8nOAuth('User.Read Directory.ReadWrite.All');
    assert.equal(hoverAt(text, 'https://graph.microsoft.com/v1.0/users', 3), undefined);
    assert.equal(hoverAt(text, '"scope"', 2), undefined, 'the key');
    const url = n8nUrl('https://slack.com/oauth/v2/authorize?scope=chat:write&client_id=1');
    assert.equal(hoverAt(url, 'client_id', 2), undefined);
    assert.equal(hoverAt(url, 'slack.com', 2), undefined);
  });
});
