// Shapes of real Power Automate, Logic Apps, Node-RED and Make exports that hold a secret where the field's name does
// not say so (an HTTP action's Raw authentication `value`), in a call rather than an assignment (Node-RED's
// `flow.set('token', '…')`), or inside a workflow expression (`@{base64(concat('svc:', '…'))}`); and fields whose
// name mentions a secret word but that hold something else (a hash of a secret, a password policy).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../../helpers/analyze.js';
import { makeBlueprint, nodeRedFlow } from '../../../helpers/platformDocs.js';
import { assertRangeCovers } from '../../../helpers/text.js';
import { paSolutionFlow } from '../../../helpers/wdl.js';

const RULE = 'secret/hardcoded-credential';
const LITERAL = 'q8Zr2LmX7vTn4KpW9sYc'; // made up
const PASSWORD = 'Vx8#kQ2m!Lp9Zr'; // made up

const manual = { manual: { type: 'Request', kind: 'Button', inputs: { schema: {} } } };
const paHttp = (inputs: object) => paSolutionFlow(manual, { Call_API: { type: 'Http', inputs: { method: 'POST', uri: 'https://api.example.com/v1', ...inputs }, runAfter: {} } });
const fn = (code: string, property = 'func') => nodeRedFlow({ id: 'f1', type: 'function', z: 't1', name: 'Auth', func: 'return msg;', [property]: code, outputs: 1, wires: [[]] });

const invalid: { name: string; text: string; covers: string; message: RegExp }[] = [
  {
    name: "an HTTP action's Raw authentication value (the whole Authorization header)",
    text: paHttp({ authentication: { type: 'Raw', value: `Bearer ${LITERAL}` } }),
    covers: LITERAL,
    message: /^Hard-coded secret in "authentication" of node "Call_API" \(q8Zr…\)/,
  },
  {
    name: 'a password inside a Basic header built by an expression',
    text: paHttp({ headers: { Authorization: `Basic @{base64(concat('svc-orders:', '${PASSWORD}'))}` } }),
    covers: PASSWORD,
    message: /^Hard-coded secret in "Authorization" of node "Call_API" \(Vx8…\)/,
  },
  {
    name: 'a token concatenated in a whole-value expression',
    text: paHttp({ headers: { Authorization: `@concat('Bearer ', '${LITERAL}')` } }),
    covers: LITERAL,
    message: /^Hard-coded secret in "Authorization" of node "Call_API" \(q8Zr…\)/,
  },
  {
    name: 'a token stored in flow context by a Node-RED function',
    text: fn(`flow.set('token', '${LITERAL}');\n`, 'initialize'),
    covers: LITERAL,
    message: /^Hard-coded secret in "token" of node "Auth" \(q8Zr…\)/,
  },
  {
    name: 'a header set by setHeader in code',
    text: fn(`msg.headers = msg.headers || {};\nreq.setHeader("X-API-Key", "${LITERAL}");\nreturn msg;`),
    covers: LITERAL,
    message: /^Hard-coded secret in "X-API-Key" of node "Auth" \(q8Zr…\)/,
  },
];

const valid: { name: string; text: string }[] = [
  { name: "the connector's Raw authentication read from the trigger", text: paHttp({ authentication: { type: 'Raw', value: "@json(decodeBase64(triggerOutputs().headers['X-MS-APIM-Tokens']))['$ConnectionKey']" } }) },
  { name: 'a Raw authentication from a parameter', text: paHttp({ authentication: { type: 'Raw', value: "Bearer @{parameters('ApiToken')}" } }) },
  { name: 'an expression reading a body, a parameter and a variable by name', text: paHttp({ headers: { Authorization: "@{concat('Bearer ', body('Get_token_from_Key_Vault')?['value'])}", 'x-api-key': "@{parameters('OrdersApiKeyProd')}", token: "@{variables('accessTokenCache')}" } }) },
  { name: 'a Basic header built from parameters', text: paHttp({ headers: { Authorization: "Basic @{base64(concat(parameters('user'), ':', parameters('password')))}" } }) },
  { name: 'an expression reading a property by name', text: paHttp({ headers: { Authorization: "@{concat('Bearer ', outputs('Parse_JSON')?['body/access_token_value'])}" } }) },
  { name: 'Node-RED context reads and sets from the message', text: fn("flow.set('token', msg.payload.access_token);\nconst t = flow.get('tokenCacheKey');\nglobal.set('apiKey', env.get('API_KEY'));\nreturn msg;") },
  { name: 'a hash of a secret, by its field name', text: paHttp({ body: { secretHash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', tokenSha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', password_md5: '5f4dcc3b5aa765d61d8327deb882cf99', apiKeyFingerprint: 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8', certThumbprint: '3C7D9E1F5A2B8C4D6E0F1A3B5C7D9E1F2A4B6C8D' } }) },
  // Node-RED's editor and admin API write `__PWRD__` for a password that is set (its value stays in flows_cred.json);
  // exported flows shared on the web carry it.
  { name: "Node-RED's __PWRD__ marker for a password that is set", text: nodeRedFlow({ id: 'e5', type: 'vscp-tcp-in', z: 't1', name: 'Localhost', username: 'admin', password: '__PWRD__', wires: [[]] }, { id: 'b1', type: 'mqtt-broker', name: 'broker', broker: 'mqtt.example.com', port: '8883', credentials: { user: 'plant', password: '__PWRD__' } }) },
  // A value partly blanked out with a group of X's (seen in a shared n8n export) is no usable credential.
  { name: 'a password with groups blanked out', text: paHttp({ authentication: { type: 'Basic', username: 'svc', password: 'XXXX-Q7RT-M2KD-XXXX' }, headers: { 'x-api-key': 'sk_xxxx_9fKq2LmX7vTn' } }) },
  { name: 'a password policy', text: paHttp({ body: { passwordPolicy: 'StrongPassword', password_strength: 'VeryStrong2', passwordComplexity: 'Upper+Lower+Digit' } }) },
];

describe(`${RULE} (export shapes)`, () => {
  for (const c of invalid) {
    it(`reports ${c.name}`, () => {
      const findings = findingsOf(RULE, c.text);
      assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
      assertRangeCovers(c.text, findings[0].range, c.covers);
      assert.match(findings[0].message, c.message);
      assert.ok(!findings[0].message.includes(c.covers), 'message must not show the secret');
    });
  }

  for (const c of valid) {
    it(`stays quiet on ${c.name}`, () => {
      assert.deepEqual(findingsOf(RULE, c.text).map((f) => f.message), []);
    });
  }

  // Make's form fields are `{ key, value }` pairs, named by their key (walk.ts pairOf).
  it("reports a client secret in a Make HTTP module's form fields", () => {
    const text = makeBlueprint({ id: 1, module: 'http:ActionSendData', version: 3, parameters: { handleErrors: false }, mapper: { url: 'https://login.example.com/oauth/token', method: 'post', headers: [], qs: [], bodyType: 'x_www_form_urlencoded', formFields: [{ key: 'grant_type', value: 'client_credentials' }, { key: 'client_secret', value: LITERAL }] } });
    assert.equal(findingsOf(RULE, text).length, 1);
    const mapped = makeBlueprint({ id: 1, module: 'http:ActionSendData', version: 3, parameters: { handleErrors: false }, mapper: { url: 'https://login.example.com/oauth/token', method: 'post', bodyType: 'multipart_form_data', formDataFields: [{ key: 'client_secret', value: '{{1.client_secret}}', fieldType: 'text' }] } });
    assert.deepEqual(findingsOf(RULE, mapped).map((f) => f.message), []);
  });

  // A Node-RED inject node's properties are `{ p, v, vt }` typed inputs, named by `p` (walk.ts pairOf).
  it("reports a literal token in a Node-RED inject node's properties", () => {
    const text = nodeRedFlow({ id: 'in', type: 'inject', z: 't1', name: 'Start', props: [{ p: 'payload' }, { p: 'token', v: LITERAL, vt: 'str' }], repeat: '', once: false, topic: '', payload: '', payloadType: 'date', wires: [[]] });
    assert.equal(findingsOf(RULE, text).length, 1);
    const fromEnv = nodeRedFlow({ id: 'in', type: 'inject', z: 't1', name: 'Start', props: [{ p: 'token', v: 'API_TOKEN', vt: 'env' }, { p: 'auth', v: 'secrets.q8Zr2LmX7vTn4KpW9sYc', vt: 'global' }], repeat: '', once: false, wires: [[]] });
    assert.deepEqual(findingsOf(RULE, fromEnv).map((f) => f.message), []);
  });
});
