// scope/overbroad on flows: scopes the adapters read from OAuth parameters, audiences and `scope=` URLs.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, n8nWorkflow } from '../../../helpers/analyze.js';
import { applyFix } from '../../../helpers/inventory.js';
import { assertRangeCovers } from '../../../helpers/text.js';
import { makeBlueprint } from '../../../helpers/platformDocs.js';
import { laStandardWorkflow, paSolutionFlow } from '../../../helpers/wdl.js';

const RULE = 'scope/overbroad';
const n8nOAuth = (scope: string) => n8nWorkflow([{ name: 'Get token', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters: { url: 'https://graph.microsoft.com/v1.0/users', authentication: 'genericCredentialType', genericAuthType: 'oAuth2Api', scope } }]);
const n8nUrl = (url: string) => n8nWorkflow([{ name: 'Authorize', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters: { url } }]);
const n8nRequest = (parameters: object) => n8nWorkflow([{ name: 'Token', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters: { method: 'POST', url: 'https://login.example.com/token', ...parameters } }]);
const manual = { manual: { type: 'Request', kind: 'Button', inputs: { schema: {} } } };
const paHttp = (inputs: object) => paSolutionFlow(manual, { Call_API: { type: 'Http', inputs: { method: 'GET', uri: 'https://management.azure.com/subscriptions', ...inputs }, runAfter: {} } });

const cases: { name: string; text: string; expected: { covers: string; severity?: string; message?: RegExp }[] }[] = [
  { name: 'an n8n OAuth scope list with a critical and a high scope', text: n8nOAuth('User.Read Directory.ReadWrite.All Files.ReadWrite.All'), expected: [
    { covers: 'Directory.ReadWrite.All', severity: 'error', message: /^Node "Get token".*requests `Directory.ReadWrite.All` \(Microsoft Graph, rated critical\)/ },
    { covers: 'Files.ReadWrite.All', severity: 'warning', message: /Use `Files.ReadWrite.AppFolder` or `Sites.Selected`/ },
  ] },
  { name: 'narrow scopes only', text: n8nOAuth('User.Read Sites.Selected offline_access'), expected: [] },
  { name: 'a family scope no entry names (*.ReadWrite.All)', text: n8nOAuth('Tasks.ReadWrite.All'), expected: [{ covers: 'Tasks.ReadWrite.All', message: /`Tasks.Read.All` or `Tasks.ReadWrite`/ }] },
  { name: 'a scope in an authorize URL (URL-encoded Google scope)', text: n8nUrl('https://accounts.google.com/o/oauth2/v2/auth?client_id=abc&scope=https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fdrive%20openid&response_type=code'), expected: [{ covers: 'https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fdrive', message: /Google, rated high/ }] },
  { name: 'Slack scopes in a URL, comma separated', text: n8nUrl('https://slack.com/oauth/v2/authorize?scope=chat:write,admin.users:write&client_id=1'), expected: [{ covers: 'admin.users:write', severity: 'error' }] },
  { name: 'a templated scope', text: n8nOAuth('={{ $json.scopes }}'), expected: [] },
  { name: 'Microsoft Graph scopes as URIs in an n8n OAuth scope', text: n8nOAuth('openid offline_access https://graph.microsoft.com/Directory.ReadWrite.All'), expected: [{ covers: 'https://graph.microsoft.com/Directory.ReadWrite.All', severity: 'error', message: /requests `https:\/\/graph.microsoft.com\/Directory.ReadWrite.All` \(Microsoft Graph, rated critical\)/ }] },
  { name: 'Microsoft Graph scopes as URIs, URL-encoded, in an authorize URL', text: n8nUrl('https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=x&response_type=code&scope=offline_access%20https%3A%2F%2Fgraph.microsoft.com%2FMail.ReadWrite%20https%3A%2F%2Fgraph.microsoft.com%2FSites.FullControl.All'), expected: [
    { covers: 'https%3A%2F%2Fgraph.microsoft.com%2FMail.ReadWrite', severity: 'warning' },
    { covers: 'https%3A%2F%2Fgraph.microsoft.com%2FSites.FullControl.All', severity: 'error' },
  ] },
  { name: 'a wildcard', text: n8nOAuth('*'), expected: [{ covers: '*', severity: 'error', message: /wildcard/ }] },
  // Where else requests carry scopes: Slack's user_scope, parameter lists, form-encoded token request bodies.
  { name: "Slack's user scopes in an authorize URL (user_scope=)", text: n8nUrl('https://slack.com/oauth/v2/authorize?client_id=1&scope=chat:write&user_scope=admin,search:read'), expected: [{ covers: 'admin', severity: 'error' }, { covers: 'search:read', severity: 'warning', message: /needs only `search:read.public`/ }] },
  { name: 'a parameter that only ends in scope (not_scope=)', text: n8nUrl('https://app.example.com/callback?not_scope=admin&xuser_scope=admin'), expected: [] },
  { name: 'an n8n request whose query parameters list the scope', text: n8nRequest({ sendQuery: true, queryParameters: { parameters: [{ name: 'client_id', value: 'x' }, { name: 'scope', value: 'openid https://mail.google.com/' }] } }), expected: [{ covers: 'https://mail.google.com/', severity: 'error', message: /Google, rated critical/ }] },
  { name: 'an n8n token request whose form body parameters list the scope', text: n8nRequest({ sendBody: true, contentType: 'form-urlencoded', bodyParameters: { parameters: [{ name: 'scope', value: 'https://www.googleapis.com/auth/cloud-platform' }] } }), expected: [{ covers: 'https://www.googleapis.com/auth/cloud-platform', severity: 'error' }] },
  { name: 'an n8n token request with a raw form body', text: n8nRequest({ sendBody: true, contentType: 'raw', body: 'grant_type=client_credentials&client_id=x&scope=Directory.ReadWrite.All' }), expected: [{ covers: 'Directory.ReadWrite.All', severity: 'error' }] },
  { name: "an n8n token request whose form body is an expression starting with scope (n8n's leading =)", text: n8nRequest({ sendBody: true, contentType: 'raw', body: '=scope=Directory.ReadWrite.All&client_id={{ $json.id }}' }), expected: [{ covers: 'Directory.ReadWrite.All', severity: 'error' }] },
  { name: "a Make HTTP module's query string list", text: makeBlueprint({ id: 1, module: 'http:ActionSendData', version: 3, parameters: {}, mapper: { url: 'https://github.com/login/oauth/authorize', method: 'get', qs: [{ name: 'scope', value: 'read:user delete_repo' }] }, metadata: {} }), expected: [{ covers: 'delete_repo', severity: 'error' }] },
  { name: "a Power Automate HTTP action's queries.scope", text: paHttp({ uri: 'https://login.microsoftonline.com/t/oauth2/v2.0/authorize', queries: { client_id: 'x', scope: 'Mail.ReadWrite.All' } }), expected: [{ covers: 'Mail.ReadWrite.All' }] },
  { name: 'a Power Automate token request with a form-encoded body', text: paHttp({ method: 'POST', body: 'grant_type=client_credentials&scope=Directory.ReadWrite.All' }), expected: [{ covers: 'Directory.ReadWrite.All', severity: 'error' }] },
  { name: 'a Power Automate HTTP audience (a high audience with no narrower one stays quiet)', text: paHttp({ authentication: { type: 'ManagedServiceIdentity', audience: 'https://management.azure.com/' } }), expected: [] },
  { name: 'a Logic Apps HTTP action with a Graph .default scope in its URL', text: laStandardWorkflow({ manual: { type: 'Request', kind: 'Http', inputs: {} } }, { Token: { type: 'Http', inputs: { method: 'POST', uri: 'https://login.microsoftonline.com/t/oauth2/v2.0/token?scope=Mail.ReadWrite.All' } } }), expected: [{ covers: 'Mail.ReadWrite.All' }] },
];

describe(`${RULE} on flows`, () => {
  for (const c of cases) {
    it(c.expected.length ? `reports ${c.name}` : `stays quiet for ${c.name}`, () => {
      const findings = findingsOf(RULE, c.text);
      assert.equal(findings.length, c.expected.length, findings.map((f) => f.message).join('\n'));
      c.expected.forEach((e, i) => {
        assertRangeCovers(c.text, findings[i].range, e.covers);
        if (e.severity) assert.equal(findings[i].severity, e.severity);
        if (e.message) assert.match(findings[i].message, e.message);
      });
    });
  }

  it('narrows the scope inside its string; the document re-parses and the finding clears', () => {
    const text = n8nOAuth('User.Read Files.ReadWrite.All');
    const [finding] = findingsOf(RULE, text);
    assert.deepEqual(finding.fixes!.map((f) => f.title), ['Narrow to Files.ReadWrite.AppFolder', 'Narrow to Sites.Selected', 'Narrow to Files.ReadWrite']);
    const fixed = applyFix(text, finding.fixes![1]);
    assert.equal(JSON.parse(fixed).nodes[0].parameters.scope, 'User.Read Sites.Selected');
    assert.deepEqual(findingsOf(RULE, fixed), []);
  });

  it('narrows a scope inside a form-encoded token request body; the body keeps its other parameters', () => {
    const text = n8nRequest({ sendBody: true, contentType: 'raw', body: 'grant_type=client_credentials&scope=Files.ReadWrite.All&client_id=x' });
    const [finding] = findingsOf(RULE, text);
    const fixed = applyFix(text, finding.fixes!.find((f) => f.title === 'Narrow to Sites.Selected')!);
    assert.equal(JSON.parse(fixed).nodes[0].parameters.body, 'grant_type=client_credentials&scope=Sites.Selected&client_id=x');
    assert.deepEqual(findingsOf(RULE, fixed), []);
  });

  it('narrows a Graph scope written as a URI to a URI', () => {
    const text = n8nOAuth('openid https://graph.microsoft.com/Sites.FullControl.All');
    const [finding] = findingsOf(RULE, text);
    assert.deepEqual(finding.fixes!.map((f) => f.title), ['Narrow to https://graph.microsoft.com/Sites.Selected', 'Narrow to https://graph.microsoft.com/Sites.ReadWrite.All']);
    assert.equal(JSON.parse(applyFix(text, finding.fixes![0])).nodes[0].parameters.scope, 'openid https://graph.microsoft.com/Sites.Selected');
  });

  it('keeps a URL-encoded scope encoded', () => {
    const text = n8nUrl('https://accounts.google.com/o/oauth2/v2/auth?scope=https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fdrive&x=1');
    const fixed = applyFix(text, findingsOf(RULE, text)[0].fixes![0]);
    assert.equal(JSON.parse(fixed).nodes[0].parameters.url, 'https://accounts.google.com/o/oauth2/v2/auth?scope=https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fdrive.file&x=1');
    assert.deepEqual(findingsOf(RULE, fixed), []);
  });
});
