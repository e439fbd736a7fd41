// The quick fixes of secret/hardcoded-credential on every platform that has a reference form: each one, applied to
// a small export shaped like the real ones, leaves a document that parses, holds the reference instead of the
// secret, and no longer has the finding. Where an edit would be blind, no fix is offered.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, type Finding } from '../../../../server/src/core/index.js';
import { parseJson } from '../../../../server/src/core/parse/json.js';
import { valueAt } from '../../../../server/src/core/walk.js';
import { findingsOf, httpNode, n8nWorkflow, TODAY } from '../../../helpers/analyze.js';
import { applyFix } from '../../../helpers/inventory.js';
import { makeBlueprint, nodeRedFlow, zapierExport } from '../../../helpers/platformDocs.js';
import { laArmTemplate, laStandardWorkflow, paSolutionFlow } from '../../../helpers/wdl.js';

const RULE = 'secret/hardcoded-credential';
// Made-up values in the providers' documented shapes.
const GITHUB = 'ghp_4gaSMyqces2QkkwcsCK4S8SEIAmmGQiwcS8k';
const ENTRA = 'Ewk8Q~g2KWowao8Go846i2aQuSoammUk2iwOQU';
const LITERAL = 'q8Zr2LmX7vTn4KpW9sYc';
const SECRETS = [GITHUB, ENTRA, LITERAL];

const manual = { manual: { type: 'Request', kind: 'Button', inputs: { schema: {} } } };
const http = (inputs: object) => ({ Call_API: { type: 'Http', inputs: { method: 'POST', uri: 'https://api.example.com/v1', ...inputs }, runAfter: {} } });
const oauth = { authentication: { type: 'ActiveDirectoryOAuth', tenant: 'contoso.onmicrosoft.com', audience: 'https://graph.microsoft.com', clientId: '0a1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9', secret: ENTRA } };
const makeHttp = (mapper: object) => makeBlueprint(
  { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: { hook: 12 }, mapper: {} },
  { id: 2, module: 'http:ActionSendData', version: 3, parameters: { handleErrors: false }, mapper: { url: 'https://api.example.com/v1/orders', method: 'post', bodyType: 'raw', ...mapper } },
);

interface FixCase {
  readonly name: string;
  readonly text: string;
  readonly path?: string;
  readonly title: string;
  /** JSON pointer → the value it must hold after the fix. */
  readonly expect: Readonly<Record<string, unknown>>;
}

const cases: FixCase[] = [
  {
    name: 'n8n: a header becomes an $env expression',
    text: n8nWorkflow([httpNode([{ name: 'Authorization', value: `Bearer ${GITHUB}` }])]),
    title: 'Replace with {{ $env.AUTHORIZATION }} (then rotate the exposed secret)',
    expect: { '/nodes/0/parameters/headerParameters/parameters/0/value': '=Bearer {{ $env.AUTHORIZATION }}' },
  },
  {
    name: 'n8n: a token in the literal part of an expression (its references are not code)',
    text: n8nWorkflow([httpNode([], { url: `=https://api.example.com/v1/search?q={{ $json.query }}&token=${GITHUB}` })]),
    title: 'Replace with {{ $env.GITHUB_CLASSIC_TOKEN }} (then rotate the exposed secret)',
    expect: { '/nodes/0/parameters/url': '=https://api.example.com/v1/search?q={{ $json.query }}&token={{ $env.GITHUB_CLASSIC_TOKEN }}' },
  },
  {
    name: 'Power Automate: part of a header becomes @{parameters()}, added to the existing parameters',
    text: paSolutionFlow(manual, http({ headers: { Authorization: `Bearer ${GITHUB}` } })),
    title: "Replace with @parameters('Call_API_Authorization') and add a SecureString parameter \"Call_API_Authorization\" (then rotate the exposed secret)",
    expect: {
      '/properties/definition/actions/Call_API/inputs/headers/Authorization': "Bearer @{parameters('Call_API_Authorization')}",
      '/properties/definition/parameters/Call_API_Authorization': { type: 'SecureString' },
    },
  },
  {
    name: 'Power Automate: a parameter name already taken gets a suffix, the existing parameter stays',
    text: JSON.stringify({ properties: { connectionReferences: {}, definition: { parameters: { $connections: { defaultValue: {}, type: 'Object' }, Call_API_secret: { type: 'String', defaultValue: 'kept' } }, triggers: manual, actions: http(oauth) } } }, null, 2),
    title: "Replace with @parameters('Call_API_secret_2') and add a SecureString parameter \"Call_API_secret_2\" (then rotate the exposed secret)",
    expect: {
      '/properties/definition/actions/Call_API/inputs/authentication/secret': "@parameters('Call_API_secret_2')",
      '/properties/definition/parameters/Call_API_secret': { type: 'String', defaultValue: 'kept' },
      '/properties/definition/parameters/Call_API_secret_2': { type: 'SecureString' },
    },
  },
  {
    // Standard has no SecureString parameters (Microsoft Learn): an app setting, which can be a Key Vault reference.
    name: 'Logic Apps Standard: a whole value becomes @appsetting(), and no parameter is declared',
    text: laStandardWorkflow({ manual: { type: 'Request', kind: 'Http', inputs: {} } }, { Check: { type: 'If', expression: { and: [] }, actions: { Call_Graph: { type: 'Http', inputs: { method: 'GET', uri: 'https://graph.microsoft.com/v1.0/users', ...oauth } } }, else: { actions: {} }, runAfter: {} } }),
    title: "Replace with @appsetting('Call_Graph_secret') (add that app setting, a Key Vault reference, then rotate the exposed secret)",
    expect: {
      '/definition/actions/Check/actions/Call_Graph/inputs/authentication/secret': "@appsetting('Call_Graph_secret')",
      '/definition/parameters': undefined,
    },
  },
  {
    name: 'Logic Apps ARM template: the parameter goes into resources[i].properties.definition',
    text: laArmTemplate({ manual: { type: 'Request', kind: 'Http' } }, { Call_APIM: { type: 'Http', inputs: { method: 'GET', uri: 'https://contoso.azure-api.net/orders', headers: { 'Ocp-Apim-Subscription-Key': '3f2a9c7e5b1d4f60a8e2c9b7d5f3a1e0' } }, runAfter: {} } }),
    title: "Replace with @parameters('Call_APIM_Ocp_Apim_Subscription_Key') and add a SecureString parameter \"Call_APIM_Ocp_Apim_Subscription_Key\" (then rotate the exposed secret)",
    expect: {
      '/resources/0/properties/definition/actions/Call_APIM/inputs/headers/Ocp-Apim-Subscription-Key': "@parameters('Call_APIM_Ocp_Apim_Subscription_Key')",
      '/resources/0/properties/definition/parameters/Call_APIM_Ocp_Apim_Subscription_Key': { type: 'SecureString' },
    },
  },
  {
    name: 'Logic Apps bare definition (the document is the definition)',
    text: JSON.stringify({ $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#', contentVersion: '1.0.0.0', triggers: { manual: { type: 'Request', kind: 'Http' } }, actions: http({ headers: { 'x-api-key': LITERAL } }) }, null, 2),
    title: "Replace with @parameters('Call_API_x_api_key') and add a SecureString parameter \"Call_API_x_api_key\" (then rotate the exposed secret)",
    expect: {
      '/actions/Call_API/inputs/headers/x-api-key': "@parameters('Call_API_x_api_key')",
      '/parameters/Call_API_x_api_key': { type: 'SecureString' },
    },
  },
  {
    name: "Power Automate: an HTTP action's Raw authentication value keeps its scheme",
    text: paSolutionFlow(manual, http({ authentication: { type: 'Raw', value: `Bearer ${LITERAL}` } })),
    title: "Replace with @parameters('Call_API_authentication') and add a SecureString parameter \"Call_API_authentication\" (then rotate the exposed secret)",
    expect: {
      '/properties/definition/actions/Call_API/inputs/authentication': { type: 'Raw', value: "Bearer @{parameters('Call_API_authentication')}" },
      '/properties/definition/parameters/Call_API_authentication': { type: 'SecureString' },
    },
  },
  {
    name: 'Node-RED: a value stored in context by a function becomes env.get()',
    text: nodeRedFlow({ id: 'f1', type: 'function', z: 't1', name: 'Call', func: `flow.set('token', '${LITERAL}');\nreturn msg;`, outputs: 1, wires: [[]] }),
    title: 'Replace with env.get("TOKEN") (then rotate the exposed secret)',
    expect: { '/0/func': 'flow.set(\'token\', env.get("TOKEN"));\nreturn msg;' },
  },
  {
    name: 'Make: the secret in a mapped header becomes an organization custom variable',
    text: makeHttp({ headers: [{ name: 'Authorization', value: `Bearer ${GITHUB}` }] }),
    title: 'Replace with the custom variable {{var.organization.AUTHORIZATION}} (create it in Make, then rotate the exposed secret)',
    expect: { '/flow/1/mapper/headers/0/value': 'Bearer {{var.organization.AUTHORIZATION}}' },
  },
  {
    name: 'Make: a key in a query string item',
    text: makeHttp({ qs: [{ name: 'api_key', value: LITERAL }] }),
    title: 'Replace with the custom variable {{var.organization.API_KEY}} (create it in Make, then rotate the exposed secret)',
    expect: { '/flow/1/mapper/qs/0/value': '{{var.organization.API_KEY}}' },
  },
  {
    name: 'Node-RED: a function node literal becomes env.get()',
    text: nodeRedFlow({ id: 'f1', type: 'function', z: 't1', name: 'Call', func: `const apiKey = '${LITERAL}';\nmsg.headers = { 'x-api-key': apiKey };\nreturn msg;`, outputs: 1, wires: [[]] }),
    title: 'Replace with env.get("API_KEY") (then rotate the exposed secret)',
    expect: { '/0/func': 'const apiKey = env.get("API_KEY");\nmsg.headers = { \'x-api-key\': apiKey };\nreturn msg;' },
  },
  {
    name: 'Node-RED: a provider token after Bearer in a function node keeps the scheme',
    text: nodeRedFlow({ id: 'f1', type: 'function', z: 't1', name: 'Call', func: `msg.headers = { Authorization: "Bearer ${GITHUB}" };\nreturn msg;`, outputs: 1, wires: [[]] }),
    title: 'Replace with env.get("GITHUB_CLASSIC_TOKEN") (then rotate the exposed secret)',
    expect: { '/0/func': 'msg.headers = { Authorization: "Bearer " + env.get("GITHUB_CLASSIC_TOKEN") };\nreturn msg;' },
  },
  {
    name: 'Node-RED: a template literal gets ${env.get()}',
    text: nodeRedFlow({ id: 'f1', type: 'function', z: 't1', name: 'Call', func: `const auth = \`Bearer ${GITHUB}\`;\nreturn msg;`, outputs: 1, wires: [[]] }),
    title: 'Replace with env.get("GITHUB_CLASSIC_TOKEN") (then rotate the exposed secret)',
    expect: { '/0/func': 'const auth = `Bearer ${env.get("GITHUB_CLASSIC_TOKEN")}`;\nreturn msg;' },
  },
  {
    name: 'Node-RED: a whole string property becomes ${NAME}',
    text: nodeRedFlow({ id: 'r1', type: 'http request', z: 't1', method: 'GET', url: 'https://api.example.com', headers: [{ keyType: 'other', keyValue: 'X-API-Key', valueType: 'other', valueValue: LITERAL }], wires: [[]] }),
    title: 'Replace with ${X_API_KEY} (then rotate the exposed secret)',
    expect: { '/0/headers/0/valueValue': '${X_API_KEY}' },
  },
  {
    name: 'Node-RED: part of a string property: the whole value becomes ${NAME} (whole properties only)',
    text: nodeRedFlow({ id: 'r1', type: 'http request', z: 't1', method: 'GET', url: 'https://api.example.com', headers: [{ keyType: 'other', keyValue: 'Authorization', valueType: 'other', valueValue: `Bearer ${GITHUB}` }], wires: [[]] }),
    title: 'Replace the whole value with ${AUTHORIZATION} (set AUTHORIZATION to the full value, then rotate the exposed secret)',
    expect: { '/0/headers/0/valueValue': '${AUTHORIZATION}' },
  },
  {
    // An env entry's `str` value is taken as it is (no ${…} substitution there): it becomes type `env`, naming the variable.
    name: "Node-RED: a tab's env entry reads the environment variable instead",
    text: nodeRedFlow({ id: 't1', type: 'tab', label: 'Orders', disabled: false, info: '', env: [{ name: 'API_KEY', value: LITERAL, type: 'str' }] }),
    title: 'Read it from the environment variable API_KEY (type env, then rotate the exposed secret)',
    expect: { '/0/env/0': { name: 'API_KEY', value: 'API_KEY', type: 'env' } },
  },
  {
    name: "Node-RED: a subflow instance's env entry",
    text: nodeRedFlow({ id: 's1', type: 'subflow', name: 'Notify', info: '', in: [], out: [], env: [{ name: 'TOKEN', type: 'str', value: '' }] }, { id: 'i1', type: 'subflow:s1', z: 't1', env: [{ name: 'TOKEN', type: 'str', value: `Bearer ${GITHUB}` }], wires: [] }),
    title: 'Read it from the environment variable TOKEN (type env, then rotate the exposed secret)',
    expect: { '/1/env/0': { name: 'TOKEN', type: 'env', value: 'TOKEN' } },
  },
  {
    name: 'Node-RED: a plaintext flows_cred.json password',
    text: JSON.stringify({ '6a1c2f4e.9b8d7': { user: 'nodered', password: 'S3cr3t-Pa55!' } }, null, 4),
    path: 'flows_cred.json',
    title: 'Replace with ${PASSWORD} (then rotate the exposed secret)',
    expect: { '/6a1c2f4e.9b8d7/password': '${PASSWORD}', '/6a1c2f4e.9b8d7/user': 'nodered' },
  },
];

/** Rule id → number of findings, to check that a fix adds no finding of another rule. */
function countByRule(findings: readonly Finding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
  return counts;
}

const review = (text: string, path = 'flow.json') => analyze({ uri: `file:///ws/${path}`, path, text }, { today: TODAY }).findings;

describe(`${RULE} quick fixes`, () => {
  for (const c of cases) {
    it(c.name, () => {
      const before = review(c.text, c.path);
      const findings = before.filter((f) => f.ruleId === RULE);
      assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
      assert.match(findings[0].message, /rotate/, 'the message still says to rotate');
      const fixes = findings[0].fixes ?? [];
      assert.deepEqual(fixes.map((f) => f.title), [c.title]);
      assert.equal(fixes[0].isPreferred, true);
      const fixed = applyFix(c.text, fixes[0]);
      const parsed = parseJson(fixed);
      assert.deepEqual(parsed.problems.map((p) => p.message), [], 'the fixed document is valid JSON');
      for (const [pointer, expected] of Object.entries(c.expect)) {
        assert.deepEqual(valueAt(parsed.value, pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))), expected, pointer);
      }
      assert.ok(!SECRETS.some((s) => fixed.includes(s)) && !fixed.includes('S3cr3t-Pa55!'), 'the secret is gone from the document');
      const after = review(fixed, c.path);
      assert.deepEqual(after.filter((f) => f.ruleId === RULE).map((f) => f.message), [], 'the finding is gone');
      const added = [...countByRule(after)].filter(([rule, n]) => n > (countByRule(before).get(rule) ?? 0)).map(([rule]) => rule);
      assert.deepEqual(added, [], 'the fix adds no finding of another rule');
    });
  }

  it('edits only the secret and the parameters object, not the rest of the document', () => {
    const text = paSolutionFlow(manual, http({ headers: { Authorization: `Bearer ${GITHUB}` } }));
    const [fix] = findingsOf(RULE, text)[0].fixes!;
    const [replace, declare] = fix.edits;
    assert.equal(replace.end - replace.start, GITHUB.length, 'the reference replaces the secret only');
    assert.equal(declare.start, declare.end, 'the parameter is inserted, nothing is replaced');
    assert.equal(text[declare.start - 1], '{', 'inside the empty parameters object');
  });

  const none: { name: string; text: string; path?: string }[] = [
    { name: 'an n8n Code node holding a provider token (the code is not an expression)', text: n8nWorkflow([{ name: 'Sign', type: 'n8n-nodes-base.code', parameters: { jsCode: `const key = '${GITHUB}';\nreturn [];` } }]) },
    { name: 'a Power Automate expression the reference cannot be spliced into', text: paSolutionFlow(manual, http({ headers: { Authorization: `@concat('Bearer ', '${GITHUB}')` } })) },
    { name: 'a literal inside a workflow expression', text: paSolutionFlow(manual, http({ headers: { Authorization: `Basic @{base64(concat('svc:', '${LITERAL}'))}` } })) },
    { name: "a definition parameter's default value (no action to point at it)", text: JSON.stringify({ properties: { connectionReferences: {}, definition: { parameters: { ClientSecret: { type: 'SecureString', defaultValue: ENTRA } }, triggers: manual, actions: {} } } }, null, 2) },
    { name: 'a Make module setting that is not mapped', text: makeBlueprint({ id: 2, module: 'http:ActionSendData', version: 3, parameters: { apiKey: LITERAL }, mapper: { url: 'https://api.example.com', method: 'get' } }) },
    { name: 'a Node-RED template node (code other than a function)', text: nodeRedFlow({ id: 't2', type: 'template', z: 't1', name: 'Body', template: `{ "token": "${GITHUB}" }`, wires: [[]] }) },
    { name: 'a Zapier step (no reference form in an export)', text: zapierExport({ '1': { id: 1, type_of: 'write', params: { url: 'https://api.example.com', headers: { Authorization: `Bearer ${LITERAL}` } }, parent_id: null, action: 'post', selected_api: 'WebHookCLIAPI' } }) },
  ];
  for (const c of none) {
    it(`offers no fix for ${c.name}`, () => {
      const findings = findingsOf(RULE, c.text, c.path);
      assert.ok(findings.length >= 1, 'the secret is reported');
      assert.deepEqual(findings.flatMap((f) => f.fixes ?? []).map((f) => f.title), []);
    });
  }
});
