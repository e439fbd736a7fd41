// scope/overbroad on exports as users make them, one per platform where scopes appear: each broad scope of the issue's
// list (#5) is found and names its narrower alternative, narrow ones are not, every fix leaves valid JSON that no longer
// has the finding, and the hover explains the scope.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, flowHover } from '../../../../server/src/core/index.js';
import { findingsOf, n8nWorkflow, TODAY } from '../../../helpers/analyze.js';
import { applyFix } from '../../../helpers/inventory.js';
import { makeBlueprint, nodeRedFlow, zapierExport } from '../../../helpers/platformDocs.js';
import { laStandardWorkflow, paSolutionFlow } from '../../../helpers/wdl.js';

const RULE = 'scope/overbroad';
const TOKEN_URL = 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/oauth2/v2.0/token';

/** n8n HTTP Request nodes as the editor exports them. */
const n8nAuthorize = (url: string) => n8nWorkflow([{ id: 'a1', name: 'Build consent link', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position: [460, 300], parameters: { url, options: {} } }]);
const n8nClientCredentials = (scope: string) => n8nWorkflow([{ id: 'a2', name: 'Get Graph token', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position: [460, 300], parameters: {
  method: 'POST', url: TOKEN_URL, sendBody: true, contentType: 'form-urlencoded',
  bodyParameters: { parameters: [{ name: 'grant_type', value: 'client_credentials' }, { name: 'client_id', value: '={{ $env.CLIENT_ID }}' }, { name: 'client_secret', value: '={{ $env.CLIENT_SECRET }}' }, { name: 'scope', value: scope }] }, options: {},
} }]);
const n8nRawTokenBody = (body: string) => n8nWorkflow([{ id: 'a3', name: 'Get token', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position: [460, 300], parameters: { method: 'POST', url: TOKEN_URL, sendBody: true, contentType: 'raw', rawContentType: 'application/x-www-form-urlencoded', body, options: {} } }]);
const n8nGenericOAuth = (scope: string) => n8nWorkflow([{ id: 'a4', name: 'List mail', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position: [460, 300], parameters: { url: 'https://graph.microsoft.com/v1.0/me/messages', authentication: 'genericCredentialType', genericAuthType: 'oAuth2Api', scope, options: {} }, credentials: { oAuth2Api: { id: '7', name: 'Graph OAuth2' } } }]);
const manual = { manual: { type: 'Request', kind: 'Button', inputs: { schema: {} } } };
const paHttp = (inputs: object) => paSolutionFlow(manual, { HTTP: { type: 'Http', inputs, runAfter: {} } });
const laHttp = (inputs: object) => laStandardWorkflow({ When_a_HTTP_request_is_received: { type: 'Request', kind: 'Http', inputs: {} } }, { HTTP: { type: 'Http', inputs, runAfter: {} } });
const nodeRed = (...nodes: object[]) => nodeRedFlow({ id: 'f1', type: 'tab', label: 'Flow 1' }, ...nodes);
const makeHttp = (mapper: object) => makeBlueprint({ id: 1, module: 'http:ActionSendData', version: 3, parameters: { handleErrors: false }, mapper: { method: 'post', ...mapper }, metadata: { designer: { x: 0, y: 0 } } });

interface Case { name: string; text: string; expected: { scope: string; severity: 'error' | 'warning'; names: RegExp }[] }
const cases: Case[] = [
  { name: 'n8n client-credentials token request for Graph .default (the only form: permissions are granted in Entra ID)', text: n8nClientCredentials('https://graph.microsoft.com/.default'), expected: [] },
  { name: 'n8n client-credentials token request with named application permissions', text: n8nClientCredentials('https://graph.microsoft.com/Directory.ReadWrite.All https://graph.microsoft.com/Sites.FullControl.All'), expected: [
    { scope: 'https://graph.microsoft.com/Directory.ReadWrite.All', severity: 'error', names: /Use `https:\/\/graph.microsoft.com\/User.ReadWrite.All` or/ },
    { scope: 'https://graph.microsoft.com/Sites.FullControl.All', severity: 'error', names: /Use `https:\/\/graph.microsoft.com\/Sites.Selected`/ },
  ] },
  { name: 'n8n raw form token body', text: n8nRawTokenBody('grant_type=client_credentials&client_id=abc&scope=RoleManagement.ReadWrite.Directory%20AppRoleAssignment.ReadWrite.All'), expected: [
    { scope: 'RoleManagement.ReadWrite.Directory', severity: 'error', names: /Use `RoleManagement.Read.Directory`/ },
    { scope: 'AppRoleAssignment.ReadWrite.All', severity: 'error', names: /Use `Application.Read.All`/ },
  ] },
  { name: 'n8n generic OAuth2 request with delegated scopes', text: n8nGenericOAuth('openid offline_access Mail.ReadWrite Files.ReadWrite.All User.ReadBasic.All'), expected: [
    { scope: 'Mail.ReadWrite', severity: 'warning', names: /Use `Mail.Read` or `Mail.ReadBasic`/ },
    { scope: 'Files.ReadWrite.All', severity: 'warning', names: /`Sites.Selected`/ },
  ] },
  { name: 'n8n generic OAuth2 request with narrow scopes only', text: n8nGenericOAuth('openid offline_access User.Read Sites.Selected Files.SelectedOperations.Selected User.ReadBasic.All'), expected: [] },
  { name: 'Google authorize URL, +-separated, restricted Gmail and Drive scopes', text: n8nAuthorize('https://accounts.google.com/o/oauth2/v2/auth?client_id=abc&redirect_uri=https%3A%2F%2Fn8n.example.com%2Fcb&response_type=code&access_type=offline&scope=openid+https://www.googleapis.com/auth/gmail.modify+https://www.googleapis.com/auth/drive'), expected: [
    { scope: 'https://www.googleapis.com/auth/gmail.modify', severity: 'warning', names: /`https:\/\/www.googleapis.com\/auth\/gmail.send`/ },
    { scope: 'https://www.googleapis.com/auth/drive', severity: 'warning', names: /Use `https:\/\/www.googleapis.com\/auth\/drive.file`/ },
  ] },
  { name: 'Google authorize URL, %20-separated, cloud-platform and full Gmail', text: n8nAuthorize('https://accounts.google.com/o/oauth2/v2/auth?client_id=abc&response_type=code&scope=https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fcloud-platform%20https%3A%2F%2Fmail.google.com%2F'), expected: [
    { scope: 'https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fcloud-platform', severity: 'error', names: /devstorage.read_only/ },
    { scope: 'https%3A%2F%2Fmail.google.com%2F', severity: 'error', names: /gmail.send/ },
  ] },
  { name: 'Google authorize URL with drive.file and gmail.send', text: n8nAuthorize('https://accounts.google.com/o/oauth2/v2/auth?client_id=abc&response_type=code&scope=https://www.googleapis.com/auth/drive.file%20https://www.googleapis.com/auth/gmail.send'), expected: [] },
  { name: 'GitHub authorize URL with classic scopes, space-separated', text: n8nAuthorize('https://github.com/login/oauth/authorize?client_id=abc&scope=repo admin:org workflow delete_repo'), expected: [
    { scope: 'repo', severity: 'warning', names: /Use `public_repo`/ },
    { scope: 'admin:org', severity: 'error', names: /Use `read:org` or `write:org`/ },
    { scope: 'workflow', severity: 'warning', names: /fine-grained personal access token/ },
    { scope: 'delete_repo', severity: 'error', names: /fine-grained personal access token/ },
  ] },
  { name: 'GitHub authorize URL with public_repo and read:user', text: n8nAuthorize('https://github.com/login/oauth/authorize?client_id=abc&scope=public_repo%20read:user'), expected: [] },
  { name: 'Slack v2 authorize URL: bot history scopes and user-token search', text: n8nAuthorize('https://slack.com/oauth/v2/authorize?client_id=1.2&scope=chat:write,im:history,admin.conversations:write&user_scope=search:read'), expected: [
    { scope: 'im:history', severity: 'warning', names: /only `channels:history`/ },
    { scope: 'admin.conversations:write', severity: 'error', names: /Use `admin.conversations:read`/ },
    { scope: 'search:read', severity: 'warning', names: /only `search:read.public`/ },
  ] },
  { name: 'Slack v2 authorize URL with bot chat:write and channels:read', text: n8nAuthorize('https://slack.com/oauth/v2/authorize?client_id=1.2&scope=chat:write,channels:read,channels:history'), expected: [] },
  { name: 'Salesforce authorize URL: full and refresh_token', text: n8nAuthorize('https://login.salesforce.com/services/oauth2/authorize?response_type=code&client_id=abc&redirect_uri=https://n8n.example.com/cb&scope=full%20refresh_token'), expected: [
    { scope: 'full', severity: 'error', names: /Use `api` instead/ },
    { scope: 'refresh_token', severity: 'warning', names: /Use `api` instead/ },
  ] },
  { name: 'Salesforce authorize URL with api only', text: n8nAuthorize('https://login.salesforce.com/services/oauth2/authorize?response_type=code&client_id=abc&scope=api%20id'), expected: [] },
  { name: 'Shopify install URL: write_* and read_all_orders', text: n8nAuthorize('https://acme.myshopify.com/admin/oauth/authorize?client_id=abc&scope=read_products,write_customers,read_all_orders&redirect_uri=https://n8n.example.com/cb'), expected: [
    { scope: 'write_customers', severity: 'warning', names: /Use `read_customers`/ },
    { scope: 'read_all_orders', severity: 'warning', names: /Use `read_orders`/ },
  ] },
  { name: 'Power Automate HTTP action with Entra ID OAuth to Graph (an audience: rated in the hover, no narrower audience)', text: paHttp({ method: 'GET', uri: 'https://graph.microsoft.com/v1.0/users', authentication: { type: 'ActiveDirectoryOAuth', authority: 'https://login.microsoft.com', tenant: 'contoso.onmicrosoft.com', audience: 'https://graph.microsoft.com', clientId: 'abc', secret: "@parameters('GraphSecret')" } }), expected: [] },
  { name: 'Logic Apps HTTP action with a managed identity for Resource Manager', text: laHttp({ method: 'GET', uri: 'https://management.azure.com/subscriptions?api-version=2022-12-01', authentication: { type: 'ManagedServiceIdentity', audience: 'https://management.azure.com/' } }), expected: [] },
  { name: 'Power Automate HTTP token request with a form body', text: paHttp({ method: 'POST', uri: TOKEN_URL, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: "grant_type=client_credentials&client_id=abc&client_secret=@{parameters('Secret')}&scope=Application.ReadWrite.All" }), expected: [
    { scope: 'Application.ReadWrite.All', severity: 'error', names: /Use `Application.ReadWrite.OwnedBy` or `Application.Read.All`/ },
  ] },
  { name: 'Node-RED http request to a token endpoint with scope= in its URL', text: nodeRed({ id: 'n1', type: 'http request', z: 'f1', name: 'Token', method: 'POST', ret: 'obj', url: `${TOKEN_URL}?scope=Sites.FullControl.All`, x: 300, y: 80, wires: [[]] }), expected: [
    { scope: 'Sites.FullControl.All', severity: 'error', names: /Use `Sites.Selected`/ },
  ] },
  { name: 'Node-RED OAuth2 node (node-red-contrib-oauth2)', text: nodeRed({ id: 'n2', type: 'oauth2', z: 'f1', name: 'Get token', container: 'oauth2Response', grant_type: 'client_credentials', access_token_url: TOKEN_URL, client_id: 'abc', scope: 'offline_access Mail.Read', x: 300, y: 80, wires: [[]] }), expected: [
    { scope: 'Mail.Read', severity: 'warning', names: /Use `Mail.ReadBasic`/ },
  ] },
  { name: 'Make HTTP module token request with a form body (data)', text: makeHttp({ url: TOKEN_URL, bodyType: 'raw', contentType: 'application/x-www-form-urlencoded', data: 'grant_type=client_credentials&client_id=abc&scope=Sites.ReadWrite.All' }), expected: [
    { scope: 'Sites.ReadWrite.All', severity: 'warning', names: /Use `Sites.Selected`/ },
  ] },
  { name: 'Make HTTP module authorize call with a query string list (qs)', text: makeHttp({ url: 'https://github.com/login/oauth/authorize', method: 'get', qs: [{ name: 'client_id', value: 'abc' }, { name: 'scope', value: 'admin:repo_hook' }] }), expected: [
    { scope: 'admin:repo_hook', severity: 'warning', names: /Use `write:repo_hook` or `read:repo_hook`/ },
  ] },
  { name: 'Zapier Webhooks GET to an authorize URL', text: zapierExport({ 1: { id: 1, parent_id: null, root_id: null, type_of: 'write', selected_api: 'WebHookCLIAPI@1.0.0', action: 'get', params: { url: 'https://slack.com/oauth/v2/authorize?client_id=1.2&scope=admin' } } }), expected: [
    { scope: 'admin', severity: 'error', names: /Use `chat:write` or `channels:read`/ },
  ] },
];

/** The flow hover on the first character of `scope` in `text`. */
function hoverOn(text: string, scope: string): string | undefined {
  const result = analyze({ uri: 'file:///ws/flow.json', path: 'flow.json', text }, { today: TODAY });
  assert.ok(result.document && result.flow);
  return flowHover(result.document, result.flow, text.indexOf(scope) + 1)?.contents;
}

describe(`${RULE} on realistic exports`, () => {
  for (const c of cases) {
    it(c.expected.length ? `reports ${c.name}` : `stays quiet for ${c.name}`, () => {
      const findings = findingsOf(RULE, c.text);
      assert.deepEqual(findings.map((f) => c.text.slice(f.range.start, f.range.end)), c.expected.map((e) => e.scope), findings.map((f) => f.message).join('\n'));
      c.expected.forEach((e, i) => {
        const finding = findings[i];
        assert.equal(finding.severity, e.severity);
        assert.match(finding.message, e.names);
        assert.ok(hoverOn(c.text, e.scope), `hover on ${e.scope}`);
        for (const fix of finding.fixes ?? []) {
          const fixed = applyFix(c.text, fix);
          assert.doesNotThrow(() => JSON.parse(fixed), fix.title);
          assert.ok(!findingsOf(RULE, fixed).some((f) => f.message === finding.message), `${fix.title} clears the finding`);
        }
      });
    });
  }

  it('removes a broad scope whose narrower one the same string already requests, rather than list it twice', () => {
    const text = n8nAuthorize('https://login.salesforce.com/services/oauth2/authorize?response_type=code&client_id=abc&scope=api%20refresh_token');
    const [finding] = findingsOf(RULE, text);
    assert.deepEqual(finding.fixes!.map((f) => f.title), ['Remove refresh_token (api is already requested)']);
    const fixed = applyFix(text, finding.fixes![0]);
    assert.equal(JSON.parse(fixed).nodes[0].parameters.url, 'https://login.salesforce.com/services/oauth2/authorize?response_type=code&client_id=abc&scope=api');
    assert.deepEqual(findingsOf(RULE, fixed), []);
  });

  it('removes a broad scope listed first, with the separator after it', () => {
    const text = n8nGenericOAuth('Mail.ReadWrite Mail.Read');
    const fixes = findingsOf(RULE, text).find((f) => f.message.includes('`Mail.ReadWrite`'))!.fixes!;
    assert.equal(fixes[0].title, 'Remove Mail.ReadWrite (Mail.Read is already requested)');
    assert.equal(JSON.parse(applyFix(text, fixes[0])).nodes[0].parameters.scope, 'Mail.Read');
  });
});
