// An n8n webhook without authentication whose flow verifies the sender's signature before it acts: every way from the
// webhook to what the flow does passes code that throws unless the HMAC of the whole request, keyed with a secret that
// holds no input, equals a header of that request, or an IF whose match branch alone goes on after a Crypto node. Only
// those who hold the key get the flow to act, as with a secret header: not reported. A way around the check, a check
// that lets failures on, a key or signature the caller controls, or an HMAC of part of the body is no authentication.
import { describe } from 'node:test';
import { n8nFlow, runFlowTable, type FlowCase, type N8nNode } from '../../../helpers/dataflow.js';

const RULE = 'ingress/unauthenticated-webhook';

const hook = { name: 'GitHub', type: 'webhook', parameters: { path: 'github', httpMethod: 'POST', responseMode: 'responseNode', options: { rawBody: true } } };
const hmac = (parameters: object = {}): N8nNode => ({
  name: 'HMAC',
  type: 'crypto',
  parameters: { action: 'hmac', type: 'SHA256', binaryData: true, binaryPropertyName: 'data', secret: '={{ $env.GITHUB_WEBHOOK_SECRET }}', dataPropertyName: 'hmac', encoding: 'hex', ...parameters },
});
const HEADER = "={{ $('GitHub').item.json.headers['x-hub-signature-256'] }}";
const matches = (right = HEADER): N8nNode => ({
  name: 'Valid?',
  type: 'if',
  parameters: { conditions: { options: { caseSensitive: true, typeValidation: 'strict' }, conditions: [{ id: 'a', leftValue: "={{ 'sha256=' + $json.hmac }}", rightValue: right, operator: { type: 'string', operation: 'equals' } }], combinator: 'and' } },
});
/** Code that throws unless the HMAC of `signed` (with `key`) equals the signature header of `from`'s request. */
const verify = (key = '$env.GITHUB_WEBHOOK_SECRET', signed = 'raw', extra: object = {}, from = 'GitHub'): N8nNode => ({
  name: 'Verify',
  type: 'code',
  ...extra,
  parameters: {
    jsCode: [
      "const crypto = require('crypto');",
      `const item = $('${from}').first();`,
      "const raw = Buffer.from(item.binary.data.data, 'base64').toString();",
      `const expected = 'sha256=' + crypto.createHmac('sha256', ${key}).update(${signed}).digest('hex');`,
      "if (expected !== item.json.headers['x-hub-signature-256']) throw new Error('Unauthorized');",
      'return $input.all();',
    ].join('\n'),
  },
});
const deploy: N8nNode = { name: 'Deploy', type: 'httpRequest', typeVersion: 4.2, parameters: { method: 'POST', url: 'https://deploy.example.com/hooks/main', options: {} } };
const notify: N8nNode = { name: 'Notify', type: 'slack', parameters: { text: '=Push to {{ $json.body.ref }}', select: 'channel', channelId: 'C0123' } };
const ok: N8nNode = { name: 'OK', type: 'respondToWebhook', parameters: { respondWith: 'noData', options: { responseCode: 200 } } };
const reject: N8nNode = { name: 'Reject', type: 'respondToWebhook', parameters: { respondWith: 'noData', options: { responseCode: 401 } } };
const config: N8nNode = { name: 'Config', type: 'set', typeVersion: 3.4, parameters: { assignments: { assignments: [{ name: 'secret', value: '=sk-fake-Qx7vLm2', type: 'string' }] }, includeOtherFields: true } };
const log: N8nNode = { name: 'Log', type: 'code', parameters: { jsCode: "await this.helpers.httpRequest({ method: 'POST', url: 'https://log.example.com', body: $input.all() });\nreturn $input.all();" } };

const OPEN = { covers: '"parameters"', message: /^Webhook "GitHub" \(POST github\) accepts requests from anyone who knows its URL/ } as const;

const cases: FlowCase[] = [
  {
    name: 'a Crypto HMAC of the raw body and an IF whose match branch alone goes on (the other answers 401)',
    text: n8nFlow([hook, hmac(), matches(), deploy, reject], [['GitHub', 'HMAC'], ['HMAC', 'Valid?'], ['Valid?', 'Deploy'], ['Valid?', 'Reject', 'main', 1]]),
    expected: [],
  },
  {
    name: 'the same check answering 200 before it deploys',
    text: n8nFlow([hook, hmac(), matches(), ok, deploy, reject], [['GitHub', 'HMAC'], ['HMAC', 'Valid?'], ['Valid?', 'OK'], ['OK', 'Deploy'], ['Valid?', 'Reject', 'main', 1]]),
    expected: [],
  },
  { name: 'code that throws unless the HMAC of the raw body equals the signature header', text: n8nFlow([hook, verify(), deploy], [['GitHub', 'Verify'], ['Verify', 'Deploy']]), expected: [] },
  {
    name: 'code that verifies with a key a Set step holds, after that step',
    text: n8nFlow([hook, config, verify('$json.secret'), deploy], [['GitHub', 'Config'], ['Config', 'Verify'], ['Verify', 'Deploy']]),
    expected: [],
  },
  {
    name: 'code that verifies, whose error output only answers 401',
    text: n8nFlow([hook, verify(undefined, undefined, { onError: 'continueErrorOutput' }), deploy, reject], [['GitHub', 'Verify'], ['Verify', 'Deploy'], ['Verify', 'Reject', 'main', 1]]),
    expected: [],
  },
  // No authentication: a way to an effect skips the check, or the check passes what it should not.
  {
    name: 'a check whose failing branch deploys too',
    text: n8nFlow([hook, hmac(), matches(), deploy], [['GitHub', 'HMAC'], ['HMAC', 'Valid?'], ['Valid?', 'Deploy'], ['Valid?', 'Deploy', 'main', 1]]),
    expected: [OPEN],
  },
  {
    name: 'a check beside a branch that posts to Slack before any check',
    text: n8nFlow([hook, verify(), deploy, notify], [['GitHub', 'Verify'], ['Verify', 'Deploy'], ['GitHub', 'Notify']]),
    expected: [OPEN],
  },
  {
    name: 'code before the check that calls out',
    text: n8nFlow([hook, log, verify(), deploy], [['GitHub', 'Log'], ['Log', 'Verify'], ['Verify', 'Deploy']]),
    expected: [OPEN],
  },
  {
    name: 'code that verifies but carries on after an error (continueOnFail)',
    text: n8nFlow([hook, verify(undefined, undefined, { continueOnFail: true }), deploy], [['GitHub', 'Verify'], ['Verify', 'Deploy']]),
    expected: [OPEN],
  },
  {
    name: 'code that verifies, whose error output deploys',
    text: n8nFlow([hook, verify(undefined, undefined, { onError: 'continueErrorOutput' }), deploy], [['GitHub', 'Verify'], ['Verify', 'Deploy', 'main', 1]]),
    expected: [OPEN],
  },
  { name: 'code whose HMAC key comes from the request body', text: n8nFlow([hook, verify('item.json.body.secret'), deploy], [['GitHub', 'Verify'], ['Verify', 'Deploy']]), expected: [OPEN] },
  { name: "code whose HMAC key is empty ('': anyone computes the same HMAC)", text: n8nFlow([hook, verify("''"), deploy], [['GitHub', 'Verify'], ['Verify', 'Deploy']]), expected: [OPEN] },
  { name: 'code whose HMAC covers one field of the body', text: n8nFlow([hook, verify(undefined, 'String(item.json.body.ref)'), deploy], [['GitHub', 'Verify'], ['Verify', 'Deploy']]), expected: [OPEN] },
  {
    name: 'an IF that compares the HMAC with a body field, not a header',
    text: n8nFlow([hook, hmac(), matches('={{ $json.body.signature }}'), deploy], [['GitHub', 'HMAC'], ['HMAC', 'Valid?'], ['Valid?', 'Deploy']]),
    expected: [OPEN],
  },
  {
    name: 'a Crypto node that carries on after an error (its item then holds no HMAC: sha256=undefined)',
    text: n8nFlow([hook, { ...hmac(), onError: 'continueRegularOutput' }, matches(), deploy, reject], [['GitHub', 'HMAC'], ['HMAC', 'Valid?'], ['Valid?', 'Deploy'], ['Valid?', 'Reject', 'main', 1]]),
    expected: [OPEN],
  },
  {
    name: 'a Crypto node that sends its errors to an error output (only its HMACs reach the IF)',
    text: n8nFlow([hook, { ...hmac(), onError: 'continueErrorOutput' }, matches(), deploy, reject], [['GitHub', 'HMAC'], ['HMAC', 'Valid?'], ['Valid?', 'Deploy'], ['Valid?', 'Reject', 'main', 1]]),
    expected: [],
  },
  { name: 'a Crypto node whose key is empty', text: n8nFlow([hook, hmac({ secret: '' }), matches(), deploy], [['GitHub', 'HMAC'], ['HMAC', 'Valid?'], ['Valid?', 'Deploy']]), expected: [OPEN] },
  {
    name: 'a Crypto HMAC of binary data a Convert to File step wrote in place of the raw body',
    text: n8nFlow(
      [hook, { name: 'To file', type: 'convertToFile', typeVersion: 1.1, parameters: { operation: 'toText', sourceProperty: 'body.ref', binaryPropertyName: 'data' } }, hmac(), matches(), deploy],
      [['GitHub', 'To file'], ['To file', 'HMAC'], ['HMAC', 'Valid?'], ['Valid?', 'Deploy']],
    ),
    expected: [OPEN],
  },
  { name: 'a check that is disabled', text: n8nFlow([hook, verify(undefined, undefined, { disabled: true }), deploy], [['GitHub', 'Verify'], ['Verify', 'Deploy']]), expected: [OPEN] },
  {
    name: "code that verifies another webhook's request (this one's signature is not read)",
    text: n8nFlow(
      [hook, { name: 'Other', type: 'webhook', parameters: { path: 'other', httpMethod: 'POST', authentication: 'headerAuth' } }, verify(undefined, undefined, {}, 'Other'), deploy],
      [['GitHub', 'Verify'], ['Other', 'Verify'], ['Verify', 'Deploy']],
    ),
    expected: [OPEN],
  },
];

describe(`${RULE}: n8n webhooks whose flow verifies the sender's signature`, () => runFlowTable(RULE, cases));
