import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../../helpers/analyze.js';
import { assertRangeCovers } from '../../../helpers/text.js';
import { laArmTemplate, laStandardWorkflow, paSolutionFlow } from '../../../helpers/wdl.js';

const RULE = 'secret/hardcoded-credential';
// Made-up values in the providers' documented shapes.
const GITHUB = 'ghp_4gaSMyqces2QkkwcsCK4S8SEIAmmGQiwcS8k';
const ENTRA = 'Ewk8Q~g2KWowao8Go846i2aQuSoammUk2iwOQU';
const ADVICE = "use a secure parameter (@parameters('NAME') of type SecureString) or Azure Key Vault";

const manual = { manual: { type: 'Request', kind: 'Button', inputs: { schema: {} } } };
const paHttp = (inputs: object) => paSolutionFlow(manual, { Call_API: { type: 'Http', inputs: { method: 'POST', uri: 'https://api.example.com/v1', ...inputs }, runAfter: {} } });
const oauth = (secret: string) => ({ authentication: { type: 'ActiveDirectoryOAuth', tenant: 'contoso.onmicrosoft.com', audience: 'https://graph.microsoft.com', clientId: '0a1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9', secret } });

// Logic Apps Standard has no SecureString parameters: its secrets go into app settings.
const STANDARD_ADVICE = "use an app setting (@appsetting('NAME')) whose value is a Key Vault reference";

const invalid: { name: string; text: string; covers: string; message: RegExp; advice?: string }[] = [
  {
    name: 'a provider token after Bearer in a Power Automate Authorization header',
    text: paHttp({ headers: { Authorization: `Bearer ${GITHUB}` } }),
    covers: GITHUB,
    message: /^Hard-coded GitHub classic personal access token in "Authorization" of node "Call_API" \(ghp_…\)\. Anyone who can read this file can use it: rotate it now, then use a secure parameter/,
  },
  {
    name: 'a literal Basic credential in an Authorization header',
    text: paHttp({ headers: { 'Content-Type': 'application/json', Authorization: 'Basic c3ZjLW9yZGVyczpUMHBTM2NyZXQh' } }),
    covers: 'c3ZjLW9yZGVyczpUMHBTM2NyZXQh',
    message: /^Hard-coded secret in "Authorization" of node "[^"]+" \(c3Zj…\)/,
  },
  {
    name: 'a literal ActiveDirectoryOAuth client secret with no provider format',
    text: paHttp(oauth('vX4.q8Zr2LmX7vTn4KpW9sYc_J1')),
    covers: 'vX4.q8Zr2LmX7vTn4KpW9sYc_J1',
    message: /^Hard-coded secret in "secret" of node "[^"]+" \(vX4\.…\)/,
  },
  {
    name: 'an Entra ID client secret in a Logic Apps HTTP action nested in an If',
    text: laStandardWorkflow({ manual: { type: 'Request', kind: 'Http', inputs: {} } }, { Check: { type: 'If', expression: { and: [] }, actions: { Call_Graph: { type: 'Http', inputs: { method: 'GET', uri: 'https://graph.microsoft.com/v1.0/users', ...oauth(ENTRA) } } }, else: { actions: {} }, runAfter: {} } }),
    covers: ENTRA,
    message: /^Hard-coded Microsoft Entra ID \(Azure AD\) client secret in "secret" of node "Call_Graph" \(Ewk8…\)/,
    advice: STANDARD_ADVICE,
  },
  {
    name: 'a subscription key header in an ARM template',
    text: laArmTemplate({ manual: { type: 'Request', kind: 'Http' } }, { Call_APIM: { type: 'Http', inputs: { method: 'GET', uri: 'https://contoso.azure-api.net/orders', headers: { 'Ocp-Apim-Subscription-Key': '3f2a9c7e5b1d4f60a8e2c9b7d5f3a1e0' } }, runAfter: {} } }),
    covers: '3f2a9c7e5b1d4f60a8e2c9b7d5f3a1e0',
    message: /^Hard-coded secret in "Ocp-Apim-Subscription-Key" of node "[^"]*Call_APIM" \(3f2a…\)/,
  },
  {
    name: "a definition parameter's default value",
    text: JSON.stringify({ properties: { connectionReferences: {}, definition: { parameters: { ClientSecret: { type: 'SecureString', defaultValue: ENTRA } }, triggers: manual, actions: {} } } }, null, 2),
    covers: ENTRA,
    message: /^Hard-coded Microsoft Entra ID \(Azure AD\) client secret in "ClientSecret"/,
  },
];

const valid: { name: string; text: string }[] = [
  { name: "an @parameters('x') reference", text: paHttp({ headers: { Authorization: "@parameters('ApiKey')" } }) },
  { name: 'an @{...} interpolation after Bearer', text: paHttp({ headers: { Authorization: "Bearer @{parameters('token')}" } }) },
  { name: 'a Key Vault action output', text: paHttp({ headers: { 'x-api-key': "@{body('Get_secret')?['value']}" } }) },
  { name: 'a concat expression', text: paHttp({ headers: { Authorization: "@{concat('Bearer ', variables('token'))}" } }) },
  { name: 'an OAuth secret from a parameter', text: paHttp(oauth("@parameters('ClientSecret')")) },
  { name: 'an OAuth secret from an app setting', text: paHttp(oauth("@appsetting('WORKFLOWAPP_AAD_CLIENTSECRET')")) },
  { name: 'an ARM parameter expression', text: laArmTemplate({ manual: { type: 'Request', kind: 'Http' } }, { Call: { type: 'Http', inputs: { method: 'GET', uri: 'https://a.example.com', authentication: { type: 'Basic', username: 'svc', password: "[parameters('password')]" } }, runAfter: {} } }) },
  { name: "the connector's Raw token passing", text: paSolutionFlow(manual, { Get_items: { type: 'OpenApiConnection', inputs: { host: { connectionName: 'shared_sharepointonline', operationId: 'GetItems', apiId: '/providers/Microsoft.PowerApps/apis/shared_sharepointonline' }, authentication: { type: 'Raw', value: "@json(decodeBase64(triggerOutputs().headers['X-MS-APIM-Tokens']))['$ConnectionKey']" } }, runAfter: {} } }) },
  { name: 'the $authentication parameter', text: paSolutionFlow(manual, { Send: { type: 'OpenApiConnection', inputs: { host: { connectionName: 'shared_office365' }, authentication: "@parameters('$authentication')" }, runAfter: {} } }) },
  { name: 'placeholders', text: paHttp({ headers: { Authorization: 'Bearer <your-token>', 'api-key': 'YOUR_API_KEY' } }) },
];

describe(`${RULE} (Power Automate, Logic Apps)`, () => {
  for (const c of invalid) {
    it(`reports ${c.name}`, () => {
      const findings = findingsOf(RULE, c.text);
      assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
      const [f] = findings;
      assertRangeCovers(c.text, f.range, c.covers);
      assert.match(f.message, c.message);
      assert.ok(f.message.endsWith(`rotate it now, then ${c.advice ?? ADVICE}.`), f.message);
      assert.ok(!f.message.includes(c.covers), 'message must not show the secret');
      assert.equal(f.severity, 'error');
    });
  }

  for (const c of valid) {
    it(`stays quiet on ${c.name}`, () => {
      assert.deepEqual(findingsOf(RULE, c.text).map((f) => f.message), []);
    });
  }
});
