// An HMAC with an empty key verifies nothing: anyone computes the same signature of a body they wrote. Whether the key
// is written as '' or held in a name bound once to it, the provider's fields stay input.
import { describe } from 'node:test';
import { n8nFlow, runFlowTable, slackVerifyCode, type FlowCase } from '../../../helpers/dataflow.js';

const RULE = 'injection/unvalidated-input-to-sink';

const hook = { name: 'Hook', type: 'webhook', parameters: { path: 'slack', httpMethod: 'POST', options: { rawBody: true } } };
const verify = (key: string, before: string[] = []) =>
  slackVerifyCode([
    "const ts = item.json.headers['x-slack-request-timestamp'];",
    ...before,
    `const expected = 'v0=' + crypto.createHmac('sha256', ${key}).update(\`v0:\${ts}:\${raw}\`).digest('hex');`,
    "if (expected !== item.json.headers['x-slack-signature']) throw new Error('Unauthorized');",
  ]);
const reply = { name: 'Reply', type: 'httpRequest', parameters: { method: 'POST', url: '={{ $json.body.response_url }}', options: {} } };
const flow = (key: string, before?: string[]) => n8nFlow([hook, verify(key, before), reply], [['Hook', 'Verify'], ['Verify', 'Reply']]);
const URL = '$json.body.response_url';

const cases: FlowCase[] = [
  { name: "an HMAC keyed with ''", text: flow("''"), expected: [{ covers: URL }] },
  { name: 'an HMAC keyed with ""', text: flow('""'), expected: [{ covers: URL }] },
  { name: 'an HMAC keyed with an empty template', text: flow('``'), expected: [{ covers: URL }] },
  { name: "an HMAC keyed with a name bound to ''", text: flow('key', ["const key = '';"]), expected: [{ covers: URL }] },
  { name: "an HMAC keyed with a name bound to a name bound to ''", text: flow('key', ["const empty = '';", 'const key = empty;']), expected: [{ covers: URL }] },
  // An empty buffer is an empty key too: createHmac takes a string or a buffer, and Node's HMAC with Buffer.alloc(0) or
  // Buffer.from([]) is the one with ''.
  { name: 'an HMAC keyed with Buffer.alloc(0)', text: flow('Buffer.alloc(0)'), expected: [{ covers: URL }] },
  { name: "an HMAC keyed with Buffer.from('')", text: flow("Buffer.from('')"), expected: [{ covers: URL }] },
  { name: "an HMAC keyed with Buffer.from('', 'utf8')", text: flow("Buffer.from('', 'utf8')"), expected: [{ covers: URL }] },
  { name: 'an HMAC keyed with Buffer.from([])', text: flow('Buffer.from([])'), expected: [{ covers: URL }] },
  { name: "an HMAC keyed with a name bound to Buffer.from('')", text: flow('key', ["const key = Buffer.from('');"]), expected: [{ covers: URL }] },
  { name: "an HMAC keyed with Buffer.from of a name bound to ''", text: flow('Buffer.from(secret)', ["const secret = '';"]), expected: [{ covers: URL }] },
  { name: 'an HMAC keyed with Buffer.from of the environment secret', text: flow("Buffer.from($env.SIGNING_SECRET, 'utf8')"), expected: [] },
  { name: 'an HMAC keyed with the signing secret from the environment', text: flow('$env.SIGNING_SECRET'), expected: [] },
  { name: 'an HMAC keyed with a name bound to the environment', text: flow('key', ['const key = $env.SIGNING_SECRET;']), expected: [] },
  { name: "an HMAC keyed with a prefix joined to the secret ('' + secret)", text: flow("'' + $env.SIGNING_SECRET"), expected: [] },
];

describe(`${RULE}: HMAC keys`, () => runFlowTable(RULE, cases));
