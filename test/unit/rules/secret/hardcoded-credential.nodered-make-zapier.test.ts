import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../../helpers/analyze.js';
import { makeBlueprint, nodeRedFlow, zapierExport } from '../../../helpers/platformDocs.js';
import { assertRangeCovers } from '../../../helpers/text.js';

const RULE = 'secret/hardcoded-credential';
const OPENAI = 'sk-proj-ey4aey0OU4gI4uce6OKOMaskqwiUqAewoCGaqc0ogq8a6oQAeemG0eKuGgKk';
const LITERAL = 'q8Zr2LmX7vTn4KpW9sYc';

const makeHttp = (headers: { name: string; value: string }[]) => makeBlueprint(
  { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: { hook: 12 }, mapper: {} },
  { id: 2, module: 'http:ActionSendData', version: 3, parameters: { handleErrors: false }, mapper: { url: 'https://api.openai.com/v1/chat/completions', method: 'post', headers, bodyType: 'raw' } },
);
const zapPost = (headers: Record<string, string>) => zapierExport({
  '1': { id: 1, type_of: 'read', params: {}, parent_id: null, action: 'hook', selected_api: 'WebHookCLIAPI' },
  '2': { id: 2, type_of: 'write', params: { url: 'https://api.example.com/orders', headers }, parent_id: 1, action: 'post', selected_api: 'WebHookCLIAPI' },
});

const invalid: { name: string; text: string; path?: string; covers: string; message: RegExp }[] = [
  {
    name: 'a literal Authorization header in a Make HTTP module',
    text: makeHttp([{ name: 'Authorization', value: `Bearer ${OPENAI}` }]),
    covers: OPENAI,
    message: /^Hard-coded OpenAI API key in "Authorization"(?: of node "[^"]+")? \(sk-p…\)\. .*store it in a Make connection or keychain/,
  },
  {
    name: 'a literal API key header in a Make HTTP module',
    text: makeHttp([{ name: 'X-API-Key', value: LITERAL }]),
    covers: LITERAL,
    message: /^Hard-coded secret in "X-API-Key"(?: of node "[^"]+")? \(q8Zr…\)/,
  },
  {
    name: 'a literal Authorization header in a Zapier webhook POST',
    text: zapPost({ Authorization: `Bearer ${LITERAL}` }),
    covers: LITERAL,
    message: /^Hard-coded secret in "Authorization"(?: of node "[^"]+")? \(q8Zr…\)\. .*Zapier connected account/,
  },
  {
    // Webhooks by Zapier's "Basic Auth" field is `username|password`: the password is the secret, the user name is not.
    name: "the password of a Zapier webhook's Basic Auth (username|password)",
    text: zapierExport({ '1': { id: 1, type_of: 'write', params: { url: 'https://api.example.com/orders', basic_auth: `svc-orders|${LITERAL}` }, parent_id: null, action: 'post', selected_api: 'WebHookCLIAPI' } }),
    covers: LITERAL,
    message: /^Hard-coded secret in "basic_auth" of node "[^"]+" \(q8Zr…\)/,
  },
  {
    name: 'a token in a Node-RED function node',
    text: nodeRedFlow({ id: 'f1', type: 'function', z: 't1', name: 'Call', func: `const apiKey = '${LITERAL}';\nreturn msg;`, wires: [[]] }),
    covers: LITERAL,
    message: /^Hard-coded secret in "apiKey"(?: of node "[^"]+")? \(q8Zr…\)\. .*node's credentials or an environment variable/,
  },
  {
    name: 'a literal Bearer token in a Node-RED preset Authorization header (keyType names it, keyValue is empty)',
    text: nodeRedFlow({ id: 'r1', type: 'http request', z: 't1', name: 'Call', url: 'https://api.example.com', headers: [{ keyType: 'Authorization', keyValue: '', valueType: 'other', valueValue: `Bearer ${LITERAL}` }], wires: [[]] }),
    covers: LITERAL,
    message: /^Hard-coded secret in "Authorization" of node "Call" \(q8Zr…\)/,
  },
  {
    name: 'a header set by bracket assignment in a Node-RED function node',
    text: nodeRedFlow({ id: 'f1', type: 'function', z: 't1', name: 'Auth', func: `msg.headers = {};\nmsg.headers["Authorization"] = "Bearer ${LITERAL}";\nreturn msg;`, wires: [[]] }),
    covers: LITERAL,
    message: /^Hard-coded secret in "Authorization" of node "Auth" \(q8Zr…\)/,
  },
  {
    name: "a header set by bracket assignment with single quotes (x-api-key)",
    text: nodeRedFlow({ id: 'f1', type: 'function', z: 't1', name: 'Auth', func: `msg.headers['x-api-key'] = '${LITERAL}';\nreturn msg;`, wires: [[]] }),
    covers: LITERAL,
    message: /^Hard-coded secret in "x-api-key" of node "Auth" \(q8Zr…\)/,
  },
  {
    name: 'a literal (str) value of a Node-RED change rule',
    text: nodeRedFlow({ id: 'c1', type: 'change', z: 't1', name: 'Set key', rules: [{ t: 'set', p: 'headers.x-api-key', pt: 'msg', to: LITERAL, tot: 'str' }], wires: [[]] }),
    covers: LITERAL,
    message: /^Hard-coded secret in "headers.x-api-key" of node "Set key" \(q8Zr…\)/,
  },
  {
    name: 'a quoted literal as the whole JSONata value of a Node-RED change rule',
    text: nodeRedFlow({ id: 'c1', type: 'change', z: 't1', name: 'Set pw', rules: [{ t: 'set', p: 'password', pt: 'msg', to: `"${LITERAL}"`, tot: 'jsonata' }], wires: [[]] }),
    covers: LITERAL,
    message: /^Hard-coded secret in "password" of node "Set pw" \(q8Zr…\)/,
  },
  {
    name: 'a Bearer literal in a JSONata value for the Authorization header',
    text: nodeRedFlow({ id: 'c1', type: 'change', z: 't1', name: 'Auth', rules: [{ t: 'set', p: 'headers.Authorization', pt: 'msg', to: `"Bearer ${LITERAL}"`, tot: 'jsonata' }], wires: [[]] }),
    covers: LITERAL,
    message: /^Hard-coded secret in "headers.Authorization" of node "Auth" \(q8Zr…\)/,
  },
  {
    name: 'a literal fallback inside a JSONata condition',
    text: nodeRedFlow({ id: 'c1', type: 'change', z: 't1', name: 'Key', rules: [{ t: 'set', p: 'apiKey', pt: 'msg', to: `$exists(payload.key) ? payload.key : '${LITERAL}'`, tot: 'jsonata' }], wires: [[]] }),
    covers: LITERAL,
    message: /^Hard-coded secret in "apiKey" of node "Key" \(q8Zr…\)/,
  },
  {
    name: 'a plaintext password in a Node-RED flows_cred.json',
    text: JSON.stringify({ '6a1c2f4e.9b8d7': { user: 'nodered', password: 'S3cr3t-Pa55!' } }, null, 4),
    path: 'flows_cred.json',
    covers: 'S3cr3t-Pa55!',
    message: /^Hard-coded secret in "password"(?: of node "[^"]+")? \(S3c…\)/,
  },
];

const valid: { name: string; text: string; path?: string }[] = [
  { name: 'a Make mapping in an Authorization header', text: makeHttp([{ name: 'Authorization', value: 'Bearer {{1.token}}' }]) },
  { name: 'a Make mapping as the whole API key', text: makeHttp([{ name: 'X-API-Key', value: '{{1.headers.`x-api-key`}}' }]) },
  { name: 'a Zapier mapping in an Authorization header', text: zapPost({ Authorization: 'Bearer {{1__token}}' }) },
  { name: "a Zapier Basic Auth whose password is mapped", text: zapierExport({ '1': { id: 1, type_of: 'write', params: { url: 'https://api.example.com/orders', basic_auth: 'svc-orders-integration|{{1__password}}' }, parent_id: null, action: 'post', selected_api: 'WebHookCLIAPI' } }) },
  { name: 'a Node-RED env var reference', text: nodeRedFlow({ id: 'r1', type: 'http request', z: 't1', url: 'https://api.example.com', headers: [{ keyType: 'Authorization', valueType: 'other', valueValue: '${API_TOKEN}' }], wires: [[]] }) },
  // Typed inputs whose value says where to read it: an environment variable's name, a message path, a context key.
  { name: 'Node-RED change rules reading env, msg, flow, global and JSONata', text: nodeRedFlow({ id: 'c1', type: 'change', z: 't1', name: 'Set', rules: [
    { t: 'set', p: 'headers.x-api-key', pt: 'msg', to: 'OS2IOT_API_KEY_VALUE', tot: 'env' },
    { t: 'set', p: 'token', pt: 'msg', to: 'oauthTokenCache2', tot: 'flow' },
    { t: 'set', p: 'password', pt: 'msg', to: 'payload.credentials.pw', tot: 'msg' },
    { t: 'set', p: 'apiKey', pt: 'msg', to: 'vault.apiKeyValue2', tot: 'global' },
    { t: 'set', p: 'headers.authorization', pt: 'msg', to: '"Bearer " & $env("TOKEN_X9")', tot: 'jsonata' },
    { t: 'set', p: 'token', pt: 'msg', to: '$flowContext("oauthTokenCache2") ? $flowContext("oauthTokenCache2") : $globalContext(\'vault.apiKeyValue2\')', tot: 'jsonata' },
    { t: 'set', p: 'apiKey', pt: 'msg', to: 'payload.credentials.apiKeyValue2', tot: 'jsonata' },
    { t: 'set', p: 'headers', pt: 'msg', to: '{"x-api-key": payload.key, "Authorization": "Bearer " & $env("TOKEN_X9")}', tot: 'jsonata' },
  ], wires: [[]] }) },
  { name: 'Node-RED request headers reading env and msg', text: nodeRedFlow({ id: 'r1', type: 'http request', z: 't1', url: 'https://api.example.com', headers: [
    { keyType: 'other', keyValue: 'Authorization', valueType: 'env', valueValue: 'QUACK_DEVICE_AUTH' },
    { keyType: 'other', keyValue: 'X-API-Key', valueType: 'msg', valueValue: 'payload.credentials.apiKeyValue' },
    { keyType: 'Authorization', keyValue: '', valueType: 'msg', valueValue: 'req.headers.authorizationValue' },
  ], wires: [[]] }) },
  { name: 'an encrypted Node-RED credentials file', text: JSON.stringify({ $: '6c0a8f1d9e2b4c7a0f3e5d8b1a2c4e6f8a0b2c4d6e8f0a1b3c5d7e9f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d3e5f7a9b1c3d5e7f9a1b3c5d7e9f' }), path: 'flows_cred.json' },
  { name: 'a plaintext Node-RED credentials file with empty values', text: JSON.stringify({ '6a1c2f4e.9b8d7': { user: '', password: '' } }), path: 'flows_cred.json' },
];

describe(`${RULE} (Node-RED, Make, Zapier)`, () => {
  for (const c of invalid) {
    it(`reports ${c.name}`, () => {
      const findings = findingsOf(RULE, c.text, c.path);
      assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
      const [f] = findings;
      assertRangeCovers(c.text, f.range, c.covers);
      assert.match(f.message, c.message);
      assert.equal(f.severity, 'error');
      assert.ok(!f.message.includes(c.covers), 'message must not show the secret');
    });
  }

  for (const c of valid) {
    it(`stays quiet on ${c.name}`, () => {
      assert.deepEqual(findingsOf(RULE, c.text, c.path).map((f) => f.message), []);
    });
  }
});
