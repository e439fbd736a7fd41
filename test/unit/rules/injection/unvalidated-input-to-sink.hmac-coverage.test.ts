// What an HMAC in code must be computed over to verify a request: the whole body, reached only through operations that
// keep all of it (JSON.stringify, Buffer.from, String, toString, a template or `+` that includes it, names bound once
// to those). An HMAC over part of the body (a slice, one character, one piece of a split, an index, its length, its
// lower case) leaves the rest free to change under a replayed signature: the provider's fields stay input. Each
// "reports" case was a silence before.
import { describe } from 'node:test';
import { n8nFlow, runFlowTable, slackVerifyCode, type FlowCase } from '../../../helpers/dataflow.js';
import { nodeRedFlow } from '../../../helpers/platformDocs.js';

const RULE = 'injection/unvalidated-input-to-sink';

// n8n: a Code node verifies Slack's signature of the raw body (the webhook's binary `data`), then a step posts to the
// response_url Slack wrote. `signed` is what the HMAC's `.update(…)` reads; `before` binds names it may use.
const hook = { name: 'Hook', type: 'webhook', parameters: { path: 'slack', httpMethod: 'POST', options: { rawBody: true } } };
const verify = (signed: string, before: string[] = [], encoding = '') =>
  slackVerifyCode([
    "const ts = item.json.headers['x-slack-request-timestamp'];",
    ...before,
    `const expected = 'v0=' + crypto.createHmac('sha256', $env.SLACK_SIGNING_SECRET).update(${signed}${encoding}).digest('hex');`,
    "if (expected !== item.json.headers['x-slack-signature']) throw new Error('Unauthorized');",
  ]);
const reply = { name: 'Reply', type: 'httpRequest', parameters: { method: 'POST', url: '={{ $json.body.response_url }}', options: {} } };
const n8n = (signed: string, before?: string[], encoding?: string) => n8nFlow([hook, verify(signed, before, encoding), reply], [['Hook', 'Verify'], ['Verify', 'Reply']]);
const URL = '$json.body.response_url';
const SLACK = '`v0:${ts}:${raw}`';

const n8nCases: FlowCase[] = [
  // The whole body, through operations that keep all of it.
  { name: 'an HMAC of the raw body (Buffer.from(…, "base64").toString())', text: n8n('raw'), expected: [] },
  { name: "an HMAC of Slack's base string, a template literal that includes the raw body", text: n8n(SLACK), expected: [] },
  { name: "an HMAC of Slack's base string joined with +", text: n8n("'v0:' + ts + ':' + raw"), expected: [] },
  { name: 'an HMAC of JSON.stringify of the parsed body', text: n8n('JSON.stringify(item.json.body)'), expected: [] },
  { name: 'an HMAC of JSON.stringify($json.body)', text: n8n('JSON.stringify($json.body)'), expected: [] },
  { name: 'an HMAC of JSON.stringify with no replacer and an indent', text: n8n('JSON.stringify(item.json.body, null, 2)'), expected: [] },
  { name: 'an HMAC of String(raw)', text: n8n('String(raw)'), expected: [] },
  { name: 'an HMAC of Buffer.from(raw)', text: n8n('Buffer.from(raw)'), expected: [] },
  { name: 'an HMAC of raw.toString("utf8")', text: n8n("raw.toString('utf8')"), expected: [] },
  { name: 'an HMAC of a name bound once to the base string', text: n8n('base', [`const base = ${SLACK};`]), expected: [] },
  { name: 'an HMAC of the raw body with an utf8 input encoding', text: n8n('raw', [], ", 'utf8'"), expected: [] },
  { name: 'an HMAC of the raw body or, when there is none, of the parsed body', text: n8n('raw || JSON.stringify(item.json.body)'), expected: [] },
  { name: 'an HMAC of the body of the first item ($input.all()[0]: an index into the items, not the body)', text: n8n('JSON.stringify($input.all()[0].json.body)'), expected: [] },
  // Part of the body: the rest is free to change.
  { name: 'an HMAC of the first character of the stringified body (slice)', text: n8n('JSON.stringify(item.json.body).slice(0, 1)'), expected: [{ covers: URL }] },
  { name: 'an HMAC of a substring of the raw body', text: n8n('raw.substring(0, 16)'), expected: [{ covers: URL }] },
  { name: 'an HMAC of substr of the raw body', text: n8n('raw.substr(0, 16)'), expected: [{ covers: URL }] },
  { name: 'an HMAC of charAt(0) of the raw body', text: n8n('raw.charAt(0)'), expected: [{ covers: URL }] },
  { name: 'an HMAC of at(0) of the raw body', text: n8n('raw.at(0)'), expected: [{ covers: URL }] },
  { name: 'an HMAC of the first parameter of the raw body (split(…)[0])', text: n8n("raw.split('&')[0]"), expected: [{ covers: URL }] },
  { name: 'an HMAC of the first character of the raw body (raw[0])', text: n8n('raw[0]'), expected: [{ covers: URL }] },
  { name: 'an HMAC of an element of the parsed body ($json.body[0])', text: n8n('JSON.stringify($json.body[0])'), expected: [{ covers: URL }] },
  { name: 'an HMAC of the length of the raw body', text: n8n('String(raw.length)'), expected: [{ covers: URL }] },
  { name: 'an HMAC of a slice of a name bound to the whole body', text: n8n('body.slice(0, 1)', ['const body = JSON.stringify(item.json.body);']), expected: [{ covers: URL }] },
  { name: 'an HMAC of a name bound to a slice of the body', text: n8n('part', ['const part = raw.slice(0, 1);']), expected: [{ covers: URL }] },
  { name: 'an HMAC of a base string that includes only a slice of the body', text: n8n('`v0:${ts}:${raw.slice(0, 1)}`'), expected: [{ covers: URL }] },
  { name: 'an HMAC of text joined to a slice of the body', text: n8n("'v0:' + ts + ':' + raw.slice(0, 5)"), expected: [{ covers: URL }] },
  { name: 'an HMAC of the body in lower case (one case stands for many bodies)', text: n8n('raw.toLowerCase()'), expected: [{ covers: URL }] },
  { name: 'an HMAC of JSON.stringify with a replacer list (only the listed keys)', text: n8n("JSON.stringify(item.json.body, ['type'])"), expected: [{ covers: URL }] },
  { name: 'an HMAC of the binary file name, not its data', text: n8n('item.binary.data.fileName'), expected: [{ covers: URL }] },
  { name: 'an HMAC of the raw body read as hex (which stops at the first other character)', text: n8n('raw', [], ", 'hex'"), expected: [{ covers: URL }] },
  { name: 'an HMAC of Buffer.from(raw, "hex")', text: n8n("Buffer.from(raw, 'hex')"), expected: [{ covers: URL }] },
  { name: 'an HMAC of the raw body or, when there is none, of a slice', text: n8n("raw ? raw : JSON.stringify(item.json.body).slice(0, 1)"), expected: [{ covers: URL }] },
  { name: 'an HMAC of the raw bytes written out as ascii (which drops each high bit)', text: n8n("Buffer.from(item.binary.data.data, 'base64').toString('ascii')"), expected: [{ covers: URL }] },
  {
    name: 'an HMAC of each element of the body, one at a time (a list of events signed as a whole)',
    text: n8nFlow([hook, { ...verify('JSON.stringify(event)'), parameters: { jsCode: verify('JSON.stringify(event)').parameters.jsCode.replace(/^const expected[^]*?\n(?=return)/m, (check) => `for (const event of item.json.body) {\n${check}}\n`) } }, reply], [['Hook', 'Verify'], ['Verify', 'Reply']]),
    expected: [{ covers: URL }],
  },
];

describe(`${RULE}: what an HMAC in n8n code must be computed over to verify the request`, () => runFlowTable(RULE, n8nCases));

// Node-RED: a function node drops the message unless the HMAC equals GitHub's signature header; an exec node then runs
// git with the repository's clone URL GitHub wrote.
const tab = { id: 't1', type: 'tab', label: 'GitHub' };
const httpIn = { id: 'in', type: 'http in', z: 't1', name: 'github webhook', url: '/github', method: 'post', wires: [['fn']] };
const verifyFn = (signed: string, before: string[] = []) => ({
  id: 'fn',
  type: 'function',
  z: 't1',
  name: 'Verify',
  func: [
    ...before,
    `const sig = 'sha256=' + crypto.createHmac('sha256', env.get('GITHUB_WEBHOOK_SECRET')).update(${signed}).digest('hex');`,
    "if (sig !== msg.req.headers['x-hub-signature-256']) return null;",
    'return msg;',
  ].join('\n'),
  outputs: 1,
  libs: [{ var: 'crypto', module: 'crypto' }],
  wires: [['run']],
});
const exec = { id: 'run', type: 'exec', z: 't1', name: 'Git', command: 'git', addpay: 'payload.repository.clone_url', append: '', wires: [[], [], []] };
const nr = (signed: string, before?: string[]) => nodeRedFlow(tab, httpIn, verifyFn(signed, before), exec);
const ADDPAY = '"addpay"';

const nodeRedCases: FlowCase[] = [
  { name: 'an HMAC of JSON.stringify(msg.payload)', text: nr('JSON.stringify(msg.payload)'), expected: [] },
  { name: 'an HMAC of the raw body', text: nr('msg.req.rawBody'), expected: [] },
  { name: 'an HMAC of Buffer.from(msg.req.rawBody)', text: nr('Buffer.from(msg.req.rawBody)'), expected: [] },
  { name: 'an HMAC of a name bound once to the stringified payload', text: nr('body', ['const body = JSON.stringify(msg.payload);']), expected: [] },
  { name: 'an HMAC of the first character of the stringified payload', text: nr('JSON.stringify(msg.payload).slice(0, 1)'), expected: [{ covers: ADDPAY }] },
  { name: 'an HMAC of a substring of the raw body', text: nr('msg.req.rawBody.substring(0, 16)'), expected: [{ covers: ADDPAY }] },
  { name: 'an HMAC of a slice of a name bound to the stringified payload', text: nr('body.slice(0, 1)', ['const body = JSON.stringify(msg.payload);']), expected: [{ covers: ADDPAY }] },
  { name: 'an HMAC of the first element of the payload (msg.payload[0])', text: nr('JSON.stringify(msg.payload[0])'), expected: [{ covers: ADDPAY }] },
  { name: 'an HMAC of the length of the raw body', text: nr('String(msg.req.rawBody.length)'), expected: [{ covers: ADDPAY }] },
];

describe(`${RULE}: what an HMAC in a Node-RED function must be computed over to verify the request`, () => runFlowTable(RULE, nodeRedCases));
