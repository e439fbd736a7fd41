import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../../server/src/core/index.js';
import { parseJson } from '../../../../server/src/core/parse/json.js';
import { findingsOf, httpNode, n8nWorkflow, TODAY } from '../../../helpers/analyze.js';
import { paSolutionFlow } from '../../../helpers/wdl.js';
import { assertRangeCovers } from '../../../helpers/text.js';

const RULE = 'secret/hardcoded-credential';
const OPENAI = 'sk-proj-ey4aey0OU4gI4uce6OKOMaskqwiUqAewoCGaqc0ogq8a6oQAeemG0eKuGgKk';
const GITHUB = 'ghp_4gaSMyqces2QkkwcsCK4S8SEIAmmGQiwcS8k';
const STRIPE = 'sk_live_51HxYzAbCdEfGhIjKlMnOpQrStUv';
/** Shaped like a Facebook page access token (EAA…); made up. */
const FACEBOOK = 'EAAGm0PX4ZCpsBAKzQ7vR2xLt9Wb3YhN5cUj8sDf1GkE6oPq0RaZ7TyVwMnB2LcXe4Hi9JkUsOp3Ql6Ar8Zt5';

interface Invalid {
  readonly name: string;
  readonly text: string;
  /** The exact text the finding's range must cover. */
  readonly covers: string;
  readonly message: RegExp;
  readonly severity?: string;
}

const invalid: Invalid[] = [
  {
    name: 'a provider token after Bearer in an Authorization header',
    text: n8nWorkflow([httpNode([{ name: 'Authorization', value: `Bearer ${OPENAI}` }])]),
    covers: OPENAI,
    message: /^Hard-coded OpenAI API key in "Authorization" of node "Call API" \(sk-p…\)\. .*rotate it now.*n8n credential/,
  },
  {
    name: 'a secret key under the same name where a publishable key is not reported',
    text: n8nWorkflow([httpNode([{ name: 'X-API-Key', value: 'sk_test_51HxYzAbCdEfGhIjKlMnOpQrStUv' }])]),
    covers: 'sk_test_51HxYzAbCdEfGhIjKlMnOpQrStUv',
    message: /^Hard-coded Stripe secret or restricted key in "X-API-Key" of node "Call API" \(sk_t…\)/,
  },
  {
    name: 'a literal API key header with no provider format',
    text: n8nWorkflow([httpNode([{ name: 'X-API-Key', value: 'q8Zr2LmX7vTn4KpW9sYc' }])]),
    covers: 'q8Zr2LmX7vTn4KpW9sYc',
    message: /^Hard-coded secret in "X-API-Key" of node "Call API" \(q8Zr…\)/,
  },
  {
    name: 'a Basic credential in an old-style header list',
    text: n8nWorkflow([{ name: 'Old', type: 'n8n-nodes-base.httpRequest', typeVersion: 1, parameters: { headerParametersUi: { parameter: [{ name: 'authorization', value: 'Basic dXNlcjpTM2NyZXQhUGFzcw==' }] } } }]),
    covers: 'dXNlcjpTM2NyZXQhUGFzcw==',
    message: /"authorization" of node "Old"/,
  },
  {
    name: 'a password field holding a literal, however weak',
    text: n8nWorkflow([{ name: 'DB', type: 'n8n-nodes-base.postgres', parameters: { options: { password: 'hunter2!' } } }]),
    covers: 'hunter2!',
    message: /"password" of node "DB"/,
  },
  {
    name: 'a provider token in a query parameter, whatever its name',
    text: n8nWorkflow([httpNode([], { sendQuery: true, queryParameters: { parameters: [{ name: 'q', value: GITHUB }] } })]),
    covers: GITHUB,
    message: /GitHub classic personal access token in "q"/,
  },
  {
    name: 'a token in the literal part of an n8n expression',
    text: n8nWorkflow([httpNode([{ name: 'Authorization', value: `=Bearer ${STRIPE}{{ "" }}` }])]),
    covers: STRIPE,
    message: /Stripe secret or restricted key/,
  },
  {
    name: 'a client secret assigned in a Code node',
    text: n8nWorkflow([{ name: 'Sign', type: 'n8n-nodes-base.code', parameters: { jsCode: "const clientSecret = 'Zq81vLx0Tm4Rw7Yp2Kd9';\nreturn [];" } }]),
    covers: 'Zq81vLx0Tm4Rw7Yp2Kd9',
    message: /"clientSecret" of node "Sign"/,
  },
  {
    name: 'a secret captured in pinned sample data is a warning',
    text: n8nWorkflow([{ name: 'Hook', type: 'n8n-nodes-base.webhook', parameters: {} }], { pinData: { Hook: [{ json: { headers: { authorization: `Bearer ${GITHUB}` } } }] } }),
    covers: GITHUB,
    message: /^A GitHub classic personal access token \(ghp_…\) was captured in "authorization" of the pinned sample data \(pinData\) of node "Hook"\./,
    severity: 'warning',
  },
  {
    name: 'a client secret in a form-encoded Power Automate HTTP body (the client-credentials token call)',
    text: paSolutionFlow({ manual: { type: 'Request', kind: 'Button', inputs: { schema: {} } } }, { Get_token: { type: 'Http', inputs: { method: 'POST', uri: 'https://login.microsoftonline.com/t/oauth2/v2.0/token', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials&client_id=0a1b2c3d&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default&client_secret=Zq81vLx0Tm4Rw7Yp2Kd9' }, runAfter: {} } }),
    covers: 'Zq81vLx0Tm4Rw7Yp2Kd9',
    message: /^Hard-coded secret in "client_secret" of node "Get_token" \(Zq81…\)/,
  },
  {
    name: 'a password first in an n8n raw form-encoded body written as an expression',
    text: n8nWorkflow([httpNode([], { method: 'POST', url: 'https://login.example.com/oauth/token', sendBody: true, contentType: 'raw', rawContentType: 'application/x-www-form-urlencoded', body: '=password=hunter2-Pa55&grant_type=password&username={{ $json.user }}' })]),
    covers: 'hunter2-Pa55',
    message: /^Hard-coded secret in "password" of node "Call API" \(hun…\)/,
  },
  {
    name: 'a Telegram bot token in the Bot API URL path (/bot<token>/)',
    text: n8nWorkflow([httpNode([], { method: 'POST', url: 'https://api.telegram.org/bot7305918264:AAq3Vb8Lm2Xn7Rt5Wy1Zc9Dk4Hp6Jf0Gs2E/sendMessage' })]),
    covers: '7305918264:AAq3Vb8Lm2Xn7Rt5Wy1Zc9Dk4Hp6Jf0Gs2E',
    message: /^Hard-coded Telegram bot token in "url" of node "Call API" \(7305…\)/,
  },
  {
    name: 'a password in a URL',
    text: n8nWorkflow([httpNode([], { url: 'https://svc:Sup3r-S3cret!@api.example.com/v2/export' })]),
    covers: 'Sup3r-S3cret!',
    message: /^Hard-coded URL password \(user:password@host\) in "url" of node "Call API" \(Sup…\)/,
  },
  {
    name: 'a secret under a "credentials" key in pinned sample data (only a node\'s own credentials are references)',
    text: n8nWorkflow([{ name: 'Hook', type: 'n8n-nodes-base.webhook', parameters: {} }], { pinData: { Hook: [{ json: { user: 'ann', credentials: { apiKey: GITHUB } } }] } }),
    covers: GITHUB,
    message: /pinned sample data \(pinData\)/,
    severity: 'warning',
  },
  {
    name: 'a secret written in a sticky note is a warning',
    text: n8nWorkflow([{ name: 'Note', type: 'n8n-nodes-base.stickyNote', parameters: { content: `Use key ${OPENAI} for testing` } }]),
    covers: OPENAI,
    message: /written in a note/,
    severity: 'warning',
  },
  {
    name: 'a Facebook page access token under pageToken (a page token of no cursor shape)',
    text: n8nWorkflow([{ name: 'Set', type: 'n8n-nodes-base.set', parameters: { values: { string: [{ name: 'pageToken', value: FACEBOOK }] } } }]),
    covers: FACEBOOK,
    message: /^Hard-coded secret in "pageToken" of node "Set" \(EAAG…\)/,
  },
  {
    name: 'a Facebook page access token under FB_PAGE_TOKEN',
    text: n8nWorkflow([httpNode([{ name: 'FB_PAGE_TOKEN', value: FACEBOOK }])]),
    covers: FACEBOOK,
    message: /^Hard-coded secret in "FB_PAGE_TOKEN" of node "Call API" \(EAAG…\)/,
  },
  {
    name: 'a page token in a Graph API URL',
    text: n8nWorkflow([httpNode([], { url: `https://graph.facebook.com/v19.0/me/messages?page_token=${FACEBOOK}` })]),
    covers: FACEBOOK,
    message: /^Hard-coded secret in "page_token" of node "Call API" \(EAAG…\)/,
  },
  {
    name: 'a token whose name ends in a cursor word without being one (asyncToken)',
    text: n8nWorkflow([httpNode([{ name: 'asyncToken', value: 'q8Zr2LmX7vTn4KpW9sYc' }])]),
    covers: 'q8Zr2LmX7vTn4KpW9sYc',
    message: /^Hard-coded secret in "asyncToken" of node "Call API" \(q8Zr…\)/,
  },
  {
    name: 'a token in the query of a URL inside a form-encoded body',
    text: n8nWorkflow([httpNode([], { method: 'POST', sendBody: true, contentType: 'raw', body: 'callback=https://cb.example.com/x?token=q8Zr2LmX7vTn4KpW9sYc&mode=1' })]),
    covers: 'q8Zr2LmX7vTn4KpW9sYc',
    message: /^Hard-coded secret in "token" of node "Call API" \(q8Zr…\)/,
  },
  {
    name: 'an Azure API Management subscription key in a URL',
    text: n8nWorkflow([httpNode([], { url: 'https://contoso.azure-api.net/orders?subscription-key=3f9ac81e5b7d42f09a6c1e8b3d7f5a2c' })]),
    covers: '3f9ac81e5b7d42f09a6c1e8b3d7f5a2c',
    message: /^Hard-coded secret in "subscription-key" of node "Call API" \(3f9a…\)/,
  },
  {
    name: 'a password in a database connection string',
    text: n8nWorkflow([{ name: 'Run', type: 'n8n-nodes-base.code', parameters: { jsCode: "const url = 'postgres://app:Sup3r-S3cret!@db.internal:5432/app';" } }]),
    covers: 'Sup3r-S3cret!',
    message: /Database connection string with a password/,
  },
];

const valid: { name: string; text: string }[] = [
  { name: 'an n8n credential reference (older exports: the label only) whose label looks like a secret', text: n8nWorkflow([{ name: 'H', type: 'n8n-nodes-base.httpRequest', credentials: { httpHeaderAuth: 'Zq8vT3mK9xLp2Wn' }, parameters: {} }]) },
  { name: 'an n8n credential reference', text: n8nWorkflow([{ name: 'S', type: 'n8n-nodes-base.slack', credentials: { slackApi: { id: '7', name: 'Bot token' } }, parameters: {} }]) },
  { name: 'an $env expression', text: n8nWorkflow([httpNode([{ name: 'Authorization', value: '=Bearer {{ $env.OPENAI_KEY }}' }])]) },
  { name: 'a $json expression', text: n8nWorkflow([httpNode([{ name: 'X-API-Key', value: '={{ $json.apiKey }}' }])]) },
  { name: 'a $credentials reference', text: n8nWorkflow([httpNode([{ name: 'Authorization', value: '=Bearer {{ $credentials.token }}' }])]) },
  { name: 'placeholders', text: n8nWorkflow([httpNode([{ name: 'Authorization', value: 'Bearer YOUR_API_KEY' }, { name: 'X-API-Key', value: '<your-key>' }, { name: 'api_key', value: 'xxxxxxxxxxxx' }, { name: 'token', value: '****************' }])]) },
  { name: 'a placeholder shaped like a provider token', text: n8nWorkflow([httpNode([{ name: 'Authorization', value: 'Bearer sk_live_YOUR_KEY_HERE_1234567890' }])]) },
  { name: 'a publishable key', text: n8nWorkflow([httpNode([{ name: 'key', value: 'pk_live_51HxYzAbCdEfGhIjKlMnOpQrStUv' }])]) },
  { name: 'a publishable key under a secret name (public by design)', text: n8nWorkflow([httpNode([{ name: 'X-API-Key', value: 'pk_live_51HxYzAbCdEfGhIjKlMnOpQrStUv' }], { options: { password: 'pk_test_51HxYzAbCdEfGhIjKlMnOpQrStUv' } })]) },
  { name: 'ids and urls under secret-looking names', text: n8nWorkflow([httpNode([{ name: 'tokenUrl', value: 'https://auth.example.com/token' }, { name: 'clientId', value: '0a1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9' }, { name: 'token_type', value: 'Bearer' }])]) },
  { name: 'a UUID in a token field', text: n8nWorkflow([httpNode([{ name: 'token', value: '0a1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9' }])]) },
  { name: 'plain words in a token field', text: n8nWorkflow([httpNode([{ name: 'auth', value: 'client-credentials' }])]) },
  { name: "n8n's instance hash", text: JSON.stringify({ meta: { instanceId: 'e4f78845dfed9ddcfba1945ae00d12e9a7d76eab052afd19299228ce02349d86' }, nodes: [], connections: {} }, null, 2) },
  { name: 'a Make-style mapping', text: n8nWorkflow([httpNode([{ name: 'Authorization', value: 'Bearer {{1.token}}' }])]) },
  { name: 'a Power Automate reference', text: n8nWorkflow([httpNode([{ name: 'Authorization', value: "@parameters('ApiKey')" }])]) },
  { name: 'a ${VAR} reference', text: n8nWorkflow([httpNode([{ name: 'X-API-Key', value: '${API_KEY}' }])]) },
  { name: 'form-encoded bodies with references and no secret-named literal', text: n8nWorkflow([httpNode([], { body: 'grant_type=client_credentials&client_id=0a1b2c3d&client_secret={{ $env.CLIENT_SECRET }}' }), { ...httpNode([], { body: "grant_type=client_credentials&client_secret=@{parameters('ClientSecret')}" }), name: 'Second' }]) },
  { name: "AWS's documented example key id (its example secret is a placeholder too)", text: n8nWorkflow([{ name: 'Code', type: 'n8n-nodes-base.code', parameters: { jsCode: 'const accessKeyId = "AKIAIOSFODNN7EXAMPLE";\nconst secretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";\nreturn [];' } }]) },
  { name: 'pagination cursors named as whole words (nextPageToken, next_page_token, prevPageToken, nextSyncToken, cursorToken, skipToken)', text: n8nWorkflow([
    httpNode([{ name: 'nextPageToken', value: 'Zq81vLx0Tm4Rw7Yp2Kd9' }, { name: 'next_page_token', value: 'Zq81vLx0Tm4Rw7Yp2Kd9' }, { name: 'prevPageToken', value: 'Zq81vLx0Tm4Rw7Yp2Kd9' }, { name: 'nextSyncToken', value: 'Zq81vLx0Tm4Rw7Yp2Kd9' }, { name: 'cursorToken', value: 'Zq81vLx0Tm4Rw7Yp2Kd9' }, { name: 'skipToken', value: 'Zq81vLx0Tm4Rw7Yp2Kd9' }]),
  ]) },
  { name: 'pagination cursors in a query list and in pinned output', text: n8nWorkflow([
    httpNode([], { url: 'https://www.googleapis.com/drive/v3/files', sendQuery: true, queryParameters: { parameters: [{ name: 'pageToken', value: '~!!~AI9FV7Tq3mZx8Lr2Kw5Yp1Nc4Hd6Gs0Jb' }, { name: 'page_token', value: 'Q2xpZW50Q3Vyc29yOjE3Mjk0NTY3ODk' }] } }),
    { name: 'List files', type: 'n8n-nodes-base.googleDrive', parameters: {} },
  ], { pinData: { 'List files': [{ json: { nextPageToken: '~!!~AI9FV7Tq3mZx8Lr2Kw5Yp1Nc4Hd6Gs0Jb', continuationToken: 'eyBjb250aW51YXRpb24gfQ2x9Zq', syncToken: 'CPDAlvWDx70CEPDAlvWDx70CGAU=', NextToken: 'AAMA-EFRSURBSGg5cWw3UkNZ' } }] } }) },
];

describe(RULE, () => {
  for (const c of invalid) {
    it(`reports ${c.name}`, () => {
      const findings = findingsOf(RULE, c.text);
      assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
      const [f] = findings;
      assertRangeCovers(c.text, f.range, c.covers);
      assert.match(f.message, c.message);
      assert.equal(f.severity, c.severity ?? 'error');
      assert.ok(!f.message.includes(c.covers), 'message must not show the secret');
      assert.equal(f.evidence, c.covers.slice(0, Math.min(4, Math.floor(c.covers.length / 4))) + '…');
      assert.deepEqual(f.threats, ['I', 'S', 'E']);
    });
  }

  for (const c of valid) {
    it(`stays quiet on ${c.name}`, () => {
      assert.deepEqual(findingsOf(RULE, c.text).map((f) => f.message), []);
    });
  }

  it('offers an n8n fix that replaces the literal with an $env expression and keeps the document valid', () => {
    const text = n8nWorkflow([httpNode([{ name: 'Authorization', value: `Bearer ${OPENAI}` }])]);
    const [finding] = findingsOf(RULE, text);
    const [fix] = finding.fixes!;
    assert.equal(fix.title, 'Replace with {{ $env.AUTHORIZATION }} (then rotate the exposed secret)');
    assert.equal(fix.isPreferred, true);
    let fixed = text;
    for (const e of [...fix.edits].sort((a, b) => b.start - a.start)) fixed = fixed.slice(0, e.start) + e.newText + fixed.slice(e.end);
    const parsed = parseJson(fixed);
    assert.deepEqual(parsed.problems, []);
    assert.equal((parsed.value as { nodes: { parameters: { headerParameters: { parameters: { value: string }[] } } }[] }).nodes[0].parameters.headerParameters.parameters[0].value, '=Bearer {{ $env.AUTHORIZATION }}');
    assert.deepEqual(findingsOf(RULE, fixed), []);
  });

  it('keeps a fingerprint that survives reformatting and moving lines', () => {
    const nodes = [httpNode([{ name: 'Authorization', value: `Bearer ${OPENAI}` }])];
    const a = findingsOf(RULE, n8nWorkflow(nodes));
    const b = findingsOf(RULE, JSON.stringify({ connections: {}, nodes, name: 'Test flow' }));
    assert.equal(a[0].fingerprint, b[0].fingerprint);
    assert.notDeepEqual(a[0].range, b[0].range);
  });

  it('applies severity overrides and "off" from the options', () => {
    const text = n8nWorkflow([httpNode([{ name: 'Authorization', value: `Bearer ${OPENAI}` }])]);
    const run = (level: 'warning' | 'off') => analyze({ uri: 'u', path: 'flow.json', text }, { today: TODAY, rules: { [RULE]: level } }).findings.filter((f) => f.ruleId === RULE);
    assert.equal(run('warning')[0].severity, 'warning');
    assert.deepEqual(run('off'), []);
  });
});

describe(`${RULE}: field names`, () => {
  it('reads camelCase names as words (accessToken, authPass, clientSecret)', () => {
    for (const name of ['accessToken', 'authPass', 'clientSecret', 'refresh_token', 'x-auth-token', 'privateKey']) {
      const text = n8nWorkflow([{ name: 'N', type: 'n8n-nodes-base.set', parameters: { [name]: 'Zq81vLx0Tm4Rw7Yp2Kd9' } }]);
      assert.equal(findingsOf(RULE, text).length, 1, name);
    }
  });

  it('does not take URLs, types and counts named after secrets for secrets', () => {
    for (const name of ['accessTokenUrl', 'tokenType', 'maxTokens', 'passwordLength', 'secretRef', 'apiKeyName']) {
      const text = n8nWorkflow([{ name: 'N', type: 'n8n-nodes-base.set', parameters: { [name]: 'Zq81vLx0Tm4Rw7Yp2Kd9' } }]);
      assert.deepEqual(findingsOf(RULE, text), [], name);
    }
  });
});

describe(`${RULE}: spaced values`, () => {
  const set = (name: string, value: string) => n8nWorkflow([{ name: 'N', type: 'n8n-nodes-base.set', parameters: { [name]: value } }]);
  it('reports a WordPress application password, which is written with spaces', () => {
    assert.equal(findingsOf(RULE, set('wordpressApplicationPassword', 'Ab12 Cd34 Ef56 Gh78 Ij90 Kl12')).length, 1);
  });
  it('stays quiet on prose and on values built from references', () => {
    assert.deepEqual(findingsOf(RULE, set('password', 'a random string you choose')), []);
    assert.deepEqual(findingsOf(RULE, set('privateKey', '${outputDir}/private_key.pem')), []);
  });
});

describe(`${RULE}: node names on every platform`, () => {
  it('names the Power Automate action a secret sits in', () => {
    const text = JSON.stringify({ properties: { connectionReferences: {}, definition: { $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#', triggers: {}, actions: { Call_API: { type: 'Http', inputs: { method: 'GET', uri: 'https://api.example.com', headers: { 'X-API-Key': 'Zq81vLx0Tm4Rw7Yp2Kd9' } } } } } }, schemaVersion: '1.0.0.0' }, null, 2);
    const [f] = findingsOf(RULE, text);
    assert.match(f.message, /"X-API-Key" of node "Call_API"/);
  });
});

describe(`${RULE}: tracking parameters`, () => {
  it('does not take a click-tracking token in a URL for a credential', () => {
    const text = n8nWorkflow([httpNode([], { url: 'https://resy.com/venues/x?rwg_token=AAiGq8Zr2LmX7vTn4KpW9sYcQ81vLx0Tm4Rw7Yp2Kd9%3D%3D' })]);
    assert.deepEqual(findingsOf(RULE, text), []);
  });
});
