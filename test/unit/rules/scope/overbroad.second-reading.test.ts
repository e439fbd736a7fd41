// Second reading of the scope commits (0b74e5e, 268724d, 95d7ebe): holes proven by these tests.
// 1. A call signed in with OAuth (an n8n OAuth2 credential) sends its API's own `scope` (GitLab's `?scope=all`): how a
//    request signs in is no sign that its `scope=` is an OAuth scope; only a node's own scope setting reads it so.
// 2. The fix that removes a broad scope whose narrower one is already requested left a separator behind in a list
//    written with ", " (`public_repo,, read:org`, `public_repo,`).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, flowHover } from '../../../../server/src/core/index.js';
import { findingsOf, n8nWorkflow, TODAY } from '../../../helpers/analyze.js';
import { applyFix } from '../../../helpers/inventory.js';
import { paSolutionFlow } from '../../../helpers/wdl.js';

const RULE = 'scope/overbroad';

/** An n8n HTTP Request node calling `url`, signed in with the given OAuth2 credential setting. */
const n8nSignedIn = (url: string, signIn: object, credentials: object) => n8nWorkflow([{ name: 'List issues', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters: { url, ...signIn, options: {} }, credentials }]);

describe(`${RULE} (second reading): an API's own scope in a call signed in with OAuth`, () => {
  const cases = [
    { name: "GitLab's issues API with n8n's GitLab OAuth2 credential (predefined)", text: n8nSignedIn('https://gitlab.com/api/v4/issues?scope=all&state=opened', { authentication: 'predefinedCredentialType', nodeCredentialType: 'gitlabOAuth2Api' }, { gitlabOAuth2Api: { id: '1', name: 'GitLab account' } }) },
    { name: "GitLab's merge requests API with a generic OAuth2 credential", text: n8nSignedIn('https://gitlab.example.com/api/v4/merge_requests?scope=all', { authentication: 'genericCredentialType', genericAuthType: 'oAuth2Api' }, { oAuth2Api: { id: '2', name: 'GitLab self-hosted' } }) },
    { name: 'a legacy HTTP Request node (v1) with authentication oAuth2', text: n8nWorkflow([{ name: 'List MRs', type: 'n8n-nodes-base.httpRequest', typeVersion: 1, parameters: { url: 'https://gitlab.example.com/api/v4/merge_requests?scope=all', authentication: 'oAuth2' }, credentials: { oAuth2Api: { id: '3', name: 'GitLab' } } }]) },
    { name: 'a search API filter in the query list of a call signed in with OAuth2', text: n8nSignedIn('https://search.example.com/v1/query', { authentication: 'genericCredentialType', genericAuthType: 'oAuth2Api', sendQuery: true, queryParameters: { parameters: [{ name: 'q', value: 'invoice' }, { name: 'scope', value: 'repo,user,admin' }] } }, { oAuth2Api: { id: '4', name: 'Search' } }) },
    { name: 'a Power Automate HTTP action with Entra ID OAuth whose audience is a parameter, calling GitLab', text: paSolutionFlow({ manual: { type: 'Request', kind: 'Button', inputs: { schema: {} } } }, { HTTP: { type: 'Http', inputs: { method: 'GET', uri: 'https://gitlab.example.com/api/v4/issues?scope=all', authentication: { type: 'ActiveDirectoryOAuth', tenant: 'contoso.onmicrosoft.com', audience: "@parameters('Audience')", clientId: 'abc', secret: "@parameters('Secret')" } }, runAfter: {} } }) },
  ];
  for (const c of cases) {
    it(`stays quiet for ${c.name}; the model, the hover agree`, () => {
      assert.deepEqual(findingsOf(RULE, c.text).map((f) => f.message), []);
      const result = analyze({ uri: 'file:///ws/flow.json', path: 'flow.json', text: c.text }, { today: TODAY });
      assert.deepEqual(result.flow!.nodes.flatMap((n) => n.scopes), []);
      assert.equal(flowHover(result.document!, result.flow!, c.text.indexOf('scope=') + 7), undefined);
    });
  }

  it("still reports a node's own scope setting beside an OAuth2 sign-in (n8n generic OAuth2 request)", () => {
    const text = n8nSignedIn('https://graph.microsoft.com/v1.0/me/messages', { authentication: 'genericCredentialType', genericAuthType: 'oAuth2Api', scope: 'Mail.ReadWrite' }, { oAuth2Api: { id: '5', name: 'Graph' } });
    assert.deepEqual(findingsOf(RULE, text).map((f) => text.slice(f.range.start, f.range.end)), ['Mail.ReadWrite']);
  });

  it('still reports a scope= of a call signed in with OAuth2 when the call itself is an OAuth one (an authorize URL)', () => {
    const text = n8nSignedIn('https://github.com/login/oauth/authorize?client_id=abc&scope=delete_repo', { authentication: 'genericCredentialType', genericAuthType: 'oAuth2Api' }, { oAuth2Api: { id: '6', name: 'GitHub' } });
    assert.deepEqual(findingsOf(RULE, text).map((f) => text.slice(f.range.start, f.range.end)), ['delete_repo']);
  });
});

describe(`${RULE} (second reading): removing a broad scope leaves a clean list`, () => {
  /** n8n's generic OAuth2 request with a GitHub scope setting. */
  const github = (scope: string) => n8nSignedIn('https://api.github.com/user/repos', { authentication: 'genericCredentialType', genericAuthType: 'oAuth2Api', scope }, { oAuth2Api: { id: '7', name: 'GitHub' } });
  const cases = [
    { scope: 'public_repo, repo', fixed: 'public_repo' },
    { scope: 'public_repo, repo, read:org', fixed: 'public_repo, read:org' },
    { scope: 'repo, public_repo', fixed: 'public_repo' },
    { scope: 'public_repo ,repo', fixed: 'public_repo' },
    { scope: 'public_repo,\trepo', fixed: 'public_repo' },
  ];
  for (const c of cases) {
    it(`"${c.scope}" becomes "${c.fixed}"`, () => {
      const text = github(c.scope);
      const finding = findingsOf(RULE, text).find((f) => f.message.includes('`repo`'))!;
      assert.deepEqual(finding.fixes!.map((f) => f.title), ['Remove repo (public_repo is already requested)']);
      assert.equal(JSON.parse(applyFix(text, finding.fixes![0])).nodes[0].parameters.scope, c.fixed);
    });
  }
});
