// A second reading of how the injection rule recognises a provider's HMAC check, which makes the fields the provider
// writes itself trusted. Each "reports" case was a silence before: a check that lets a forged request through.
// - What is signed: the parsed body is an object, which String(), a template or `+` write as "[object Object]" (one
//   text for every body) and Buffer.from reads as a list of bytes ({"type": "Buffer", "data": [...]}: the bytes of a
//   signed body, beside any other fields); a literal on the left of `||`/`??` may be all that is signed; a field
//   deleted from the body before it is signed can change freely.
// - What the HMAC is compared with: a side computed from the HMAC (its length, its first characters, a constant it
//   may be) or a header side that falls back to the HMAC itself (`sig || expected`) is equal without the key; hex read
//   from 'sha256=…' is no bytes at all.
// - n8n nodes: a Crypto node that signs the body written as text ("[object Object]") or another binary file, or that
//   writes its HMAC over the header the IF compares it with.
// And the shape that was a false finding: an HMAC object fed by separate `h.update(…)` statements before `h.digest()`.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flowFindings, n8nFlow, runFlowTable, slackVerifyCode, type FlowCase, type N8nNode } from '../../../helpers/dataflow.js';
import { nodeRedFlow } from '../../../helpers/platformDocs.js';

const RULE = 'injection/unvalidated-input-to-sink';

// n8n: a Code node verifies Slack's signature, then a step posts to the response_url Slack wrote.
const hook = { name: 'Hook', type: 'webhook', parameters: { path: 'slack', httpMethod: 'POST', options: { rawBody: true } } };
const reply = { name: 'Reply', type: 'httpRequest', parameters: { method: 'POST', url: '={{ $json.body.response_url }}', options: {} } };
const HMAC = "crypto.createHmac('sha256', $env.SLACK_SIGNING_SECRET)";
/** A Code node: the lines that verify come after the raw body, the timestamp and the signature header are read. */
const slack = (...lines: string[]) =>
  n8nFlow(
    [
      hook,
      slackVerifyCode(["const ts = item.json.headers['x-slack-request-timestamp'];", "const sig = item.json.headers['x-slack-signature'];", ...lines]),
      reply,
    ],
    [['Hook', 'Verify'], ['Verify', 'Reply']],
  );
/** Slack's check of an HMAC of `signed`. */
const signing = (signed: string) => slack(`const expected = 'v0=' + ${HMAC}.update(${signed}).digest('hex');`, "if (expected !== sig) throw new Error('Unauthorized');");
/** The HMAC of Slack's base string, compared by `compare`. */
const comparing = (compare: string, expected = `'v0=' + ${HMAC}.update(\`v0:\${ts}:\${raw}\`).digest('hex')`) => slack(`const expected = ${expected};`, compare);
const URL = '$json.body.response_url';

const signedCases: FlowCase[] = [
  // The parsed body is an object: only JSON.stringify writes all of it.
  { name: 'an HMAC of String(body) (the parsed body is an object: "[object Object]" for every body)', text: signing('String(item.json.body)'), expected: [{ covers: URL }] },
  { name: 'an HMAC of a template that holds the parsed body', text: signing('`v0:${ts}:${item.json.body}`'), expected: [{ covers: URL }] },
  { name: "an HMAC of the parsed body + ''", text: signing("item.json.body + ''"), expected: [{ covers: URL }] },
  { name: 'an HMAC of body.toString()', text: signing('item.json.body.toString()'), expected: [{ covers: URL }] },
  { name: 'an HMAC of Buffer.from(body) (a body {"type": "Buffer", "data": [...]} is read as the bytes it lists)', text: signing('Buffer.from(item.json.body)'), expected: [{ covers: URL }] },
  { name: "an HMAC of 'v0' || raw (always 'v0')", text: signing("'v0' || raw"), expected: [{ covers: URL }] },
  { name: "an HMAC of '' ?? raw (always '')", text: signing("'' ?? raw"), expected: [{ covers: URL }] },
  {
    name: 'an HMAC of the body after the code deleted the field the sink reads',
    text: slack('const body = item.json.body;', 'delete body.response_url;', `const expected = 'v0=' + ${HMAC}.update(JSON.stringify(body)).digest('hex');`, "if (expected !== sig) throw new Error('Unauthorized');"),
    expected: [{ covers: URL }],
  },
  { name: 'an HMAC of JSON.stringify($binary.data) ($binary gives the raw body\'s name, type and size, not its data)', text: signing('JSON.stringify($binary.data)'), expected: [{ covers: URL }] },
  { name: 'an HMAC of an awaited promise of a slice of the body', text: signing('await Promise.resolve(raw.slice(1))'), expected: [{ covers: URL }] },
  // Still a verification.
  { name: 'an HMAC of JSON.stringify(body)', text: signing('JSON.stringify(item.json.body)'), expected: [] },
  { name: 'an HMAC of JSON.stringify(item.json?.body) (optional chaining reads the same field)', text: signing('JSON.stringify(item.json?.body)'), expected: [] },
  { name: 'an HMAC of await raw', text: signing('await raw'), expected: [] },
  { name: "an HMAC of JSON.stringify of the item's binary file (with its data)", text: signing('JSON.stringify(item.binary.data)'), expected: [] },
  { name: 'an HMAC of String(raw) (text)', text: signing('String(raw)'), expected: [] },
  { name: "an HMAC of raw || '' (the body, or nothing)", text: signing("raw || ''"), expected: [] },
  { name: 'an HMAC of a template that holds JSON.stringify(body)', text: signing('`v0:${ts}:${JSON.stringify(item.json.body)}`'), expected: [] },
  {
    name: 'an HMAC of the body when the code marks the item after it verified (another field)',
    text: slack(`const expected = 'v0=' + ${HMAC}.update(JSON.stringify(item.json.body)).digest('hex');`, "if (expected !== sig) throw new Error('Unauthorized');", 'item.json.verified = true;'),
    expected: [],
  },
  {
    name: 'an HMAC of the raw body when the code then marks the object it parsed from it (text does not change in place)',
    text: slack(`const expected = 'v0=' + ${HMAC}.update(\`v0:\${ts}:\${raw}\`).digest('hex');`, "if (expected !== sig) throw new Error('Unauthorized');", 'const data = JSON.parse(raw);', 'data.verified = true;'),
    expected: [],
  },
];

describe(`${RULE}: what an HMAC in n8n code signs (second reading)`, () => runFlowTable(RULE, signedCases));

const compareCases: FlowCase[] = [
  // A side computed from the HMAC, or a header side that may be the HMAC itself, is equal without the key.
  { name: 'a check that compares only the lengths of the HMAC and the header', text: comparing("if (expected.length !== sig.length) throw new Error('Unauthorized');"), expected: [{ covers: URL }] },
  { name: 'a check that compares the first 8 characters', text: comparing("if (expected.slice(0, 8) !== sig.slice(0, 8)) throw new Error('Unauthorized');"), expected: [{ covers: URL }] },
  { name: 'a check that compares typeof the HMAC with typeof the header', text: comparing("if (typeof expected !== typeof sig) throw new Error('Unauthorized');"), expected: [{ covers: URL }] },
  {
    name: "a check of a value that is the HMAC only when a request header is set (else the constant 'x')",
    text: comparing("if (expected !== sig) throw new Error('Unauthorized');", `item.json.headers['x-mode'] ? ${HMAC}.update(raw).digest('hex') : 'x'`),
    expected: [{ covers: URL }],
  },
  { name: 'a check whose header side falls back to the HMAC (a request without the header passes)', text: comparing("if (expected !== (sig || expected)) throw new Error('Unauthorized');"), expected: [{ covers: URL }] },
  {
    name: 'a check whose header side falls back to a second HMAC of the same text',
    text: comparing(`if (expected !== (sig || 'v0=' + ${HMAC}.update(\`v0:\${ts}:\${raw}\`).digest('hex'))) throw new Error('Unauthorized');`),
    expected: [{ covers: URL }],
  },
  {
    name: "a timingSafeEqual of 'v0=…' read as hex (no bytes: equal to any header that starts with a letter)",
    text: comparing("if (!crypto.timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(sig, 'hex'))) throw new Error('Unauthorized');"),
    expected: [{ covers: URL }],
  },
  // Still a verification.
  {
    name: 'a check of the header, its length and timingSafeEqual together',
    text: comparing("if (!sig || sig.length !== expected.length || !crypto.timingSafeEqual(Buffer.from(sig), Buffer.from(expected))) throw new Error('Unauthorized');"),
    expected: [],
  },
  {
    name: 'a timingSafeEqual of the bare hex digest read as hex',
    text: comparing("if (!crypto.timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(sig.replace('v0=', ''), 'hex'))) throw new Error('Unauthorized');", `${HMAC}.update(\`v0:\${ts}:\${raw}\`).digest('hex')`),
    expected: [],
  },
  {
    name: 'a check of the digest bytes with Buffer.equals',
    text: comparing("if (!expected.equals(Buffer.from(sig.slice(3), 'hex'))) throw new Error('Unauthorized');", `${HMAC}.update(\`v0:\${ts}:\${raw}\`).digest()`),
    expected: [],
  },
  {
    name: 'a check of a function that returns the HMAC',
    text: slack(`const sign = () => 'v0=' + ${HMAC}.update(\`v0:\${ts}:\${raw}\`).digest('hex');`, "if (sign() !== sig) throw new Error('Unauthorized');"),
    expected: [],
  },
];

describe(`${RULE}: what an HMAC in n8n code is compared with (second reading)`, () => runFlowTable(RULE, compareCases));

// Node-RED: the payload an `http in` node parses from JSON is an object too.
const tab = { id: 't1', type: 'tab', label: 'GitHub' };
const httpIn = { id: 'in', type: 'http in', z: 't1', name: 'github webhook', url: '/github', method: 'post', wires: [['fn']] };
const verifyFn = (...lines: string[]) => ({
  id: 'fn',
  type: 'function',
  z: 't1',
  name: 'Verify',
  func: [...lines, "if (expected !== msg.req.headers['x-hub-signature-256']) return null;", 'return msg;'].join('\n'),
  outputs: 1,
  libs: [{ var: 'crypto', module: 'crypto' }],
  wires: [['run']],
});
const exec = { id: 'run', type: 'exec', z: 't1', name: 'Git', command: 'git', addpay: 'payload.repository.clone_url', append: '', wires: [[], [], []] };
const nr = (...lines: string[]) => nodeRedFlow(tab, httpIn, verifyFn(...lines), exec);
const GITHUB = "crypto.createHmac('sha256', env.get('GITHUB_WEBHOOK_SECRET'))";
const ADDPAY = '"addpay"';

const nodeRedCases: FlowCase[] = [
  { name: 'a Node-RED HMAC of Buffer.from(msg.payload) (a parsed object)', text: nr(`const expected = 'sha256=' + ${GITHUB}.update(Buffer.from(msg.payload)).digest('hex');`), expected: [{ covers: ADDPAY }] },
  { name: 'a Node-RED HMAC of String(msg.payload)', text: nr(`const expected = 'sha256=' + ${GITHUB}.update(String(msg.payload)).digest('hex');`), expected: [{ covers: ADDPAY }] },
  { name: 'a Node-RED HMAC of JSON.stringify(msg.payload)', text: nr(`const expected = 'sha256=' + ${GITHUB}.update(JSON.stringify(msg.payload)).digest('hex');`), expected: [] },
  {
    name: 'a Node-RED HMAC of JSON.stringify(msg.payload) after the code deleted a field of it',
    text: nr('delete msg.payload.sender;', `const expected = 'sha256=' + ${GITHUB}.update(JSON.stringify(msg.payload)).digest('hex');`),
    expected: [{ covers: ADDPAY }],
  },
  {
    name: 'a Node-RED HMAC of JSON.stringify(msg.payload) when the code changes the message after the check',
    text: nodeRedFlow(tab, httpIn, { ...verifyFn(`const expected = 'sha256=' + ${GITHUB}.update(JSON.stringify(msg.payload)).digest('hex');`), func: verifyFn(`const expected = 'sha256=' + ${GITHUB}.update(JSON.stringify(msg.payload)).digest('hex');`).func.replace('return msg;', 'msg.payload.verified = true;\nreturn msg;') }, exec),
    expected: [],
  },
];

describe(`${RULE}: what an HMAC in a Node-RED function signs (second reading)`, () => runFlowTable(RULE, nodeRedCases));

// n8n nodes: a Crypto node computes the HMAC and an IF compares it with GitHub's signature header.
const github = { name: 'GitHub', type: 'webhook', parameters: { path: 'github', httpMethod: 'POST', options: { rawBody: true } } };
const crypto = (parameters: object = {}) => ({
  name: 'HMAC',
  type: 'crypto',
  parameters: { action: 'hmac', type: 'SHA256', binaryData: true, binaryPropertyName: 'data', secret: '={{ $env.GITHUB_WEBHOOK_SECRET }}', dataPropertyName: 'hmac', encoding: 'hex', ...parameters },
});
const SIGNATURE = "={{ $('GitHub').item.json.headers['x-hub-signature-256'] }}";
const valid = (left = "={{ 'sha256=' + $json.hmac }}", right = SIGNATURE) => ({
  name: 'Valid?',
  type: 'if',
  parameters: { conditions: { options: { caseSensitive: true, typeValidation: 'strict' }, conditions: [{ id: 'a', leftValue: left, rightValue: right, operator: { type: 'string', operation: 'equals' } }], combinator: 'and' } },
});
const clone = { name: 'Run', type: 'executeCommand', parameters: { command: '=git clone {{ $json.body.repository.clone_url }}' } };
const line = (...nodes: N8nNode[]) => n8nFlow([github, ...nodes], nodes.map((n, i): [string, string] => [i === 0 ? 'GitHub' : nodes[i - 1].name, n.name]));
const signs = (value: string) => line(crypto({ binaryData: false, value }), valid(), clone);
/** The sink is the last node: its reference is the last occurrence of the text a finding covers. */
const CLONE = '$json.body.repository.clone_url';
const atSink = (c: FlowCase): FlowCase => ({ ...c, expected: c.expected.map((e) => ({ ...e, nth: c.text.split(e.covers).length - 2 })) });
const OWN_HEADER = "={{ $json.headers['x-hub-signature-256'] }}";

const nodeCases: FlowCase[] = [
  { name: 'a Crypto node that signs {{ String($json.body) }} ("[object Object]")', text: signs('={{ String($json.body) }}'), expected: [{ covers: CLONE }] },
  { name: "a Crypto node that signs {{ 'v0:' + $json.body }}", text: signs("={{ 'v0:' + $json.body }}"), expected: [{ covers: CLONE }] },
  { name: "a Crypto node that signs {{ $json.body + '' }}", text: signs("={{ $json.body + '' }}"), expected: [{ covers: CLONE }] },
  { name: 'a Crypto node that signs {{ JSON.stringify($binary.data) }} (an expression gets the file without its data)', text: signs('={{ JSON.stringify($binary.data) }}'), expected: [{ covers: CLONE }] },
  { name: 'a Crypto node that signs the binary file "file" (a file a multipart request uploads, not the body)', text: line(crypto({ binaryPropertyName: 'file' }), valid(), clone), expected: [{ covers: CLONE }] },
  {
    name: 'a Crypto node that writes its HMAC over the signature header, and an IF that compares that field with itself',
    text: line(crypto({ dataPropertyName: 'headers.x-hub-signature-256' }), valid(OWN_HEADER, OWN_HEADER), clone),
    expected: [{ covers: CLONE }],
  },
  // Still a verification.
  { name: 'a Crypto node that signs {{ String(JSON.stringify($json.body)) }}', text: signs('={{ String(JSON.stringify($json.body)) }}'), expected: [] },
  { name: "a Crypto node that signs {{ 'v0:' + JSON.stringify($json.body) }}", text: signs("={{ 'v0:' + JSON.stringify($json.body) }}"), expected: [] },
  { name: 'a Crypto node that signs the binary data with the default property name', text: line(crypto({ binaryPropertyName: undefined }), valid(), clone), expected: [] },
  {
    name: "a Crypto node that writes its HMAC over the header field, compared with the webhook's own header",
    text: line(crypto({ dataPropertyName: 'headers.x-hub-signature-256' }), valid("={{ 'sha256=' + $json.headers['x-hub-signature-256'] }}"), clone),
    expected: [],
  },
];

describe(`${RULE}: a signature check built from n8n nodes (second reading)`, () => {
  runFlowTable(RULE, nodeCases.map(atSink));
  // A Crypto node that carries on after an error sends on an item with no HMAC ({ error }): 'sha256=' + $json.hmac is
  // then 'sha256=undefined', which a forged header can hold. The check relies on the Crypto node, whose settings count.
  it('reports the clone URL when the Crypto node continues on error', () => {
    assert.equal(flowFindings(RULE, { text: line({ ...crypto(), onError: 'continueRegularOutput' }, valid(), clone) }).length, 1);
    assert.equal(flowFindings(RULE, { text: line({ ...crypto(), continueOnFail: true }, valid(), clone) }).length, 1);
  });
  it('keeps the check when the Crypto node sends its errors to an error output (only its HMACs go on)', () => {
    assert.equal(flowFindings(RULE, { text: line({ ...crypto(), onError: 'continueErrorOutput' }, valid(), clone) }).length, 0);
    assert.equal(flowFindings(RULE, { text: line(crypto(), valid(), clone) }).length, 0);
  });
});

// Part 2: an HMAC object fed by separate statements (`h.update(raw)`) counts on the same terms as the chained form:
// the last update before the one digest holds the whole request, every update runs (no branch, loop or helper), and
// the digest is taken after them.
const split = (...lines: string[]) => slack(`const h = ${HMAC};`, ...lines);
const CHECK = "if (expected !== sig) throw new Error('Unauthorized');";
const DIGEST = "const expected = 'v0=' + h.digest('hex');";

const statementCases: FlowCase[] = [
  { name: 'an HMAC updated by a statement with the raw body', text: split('h.update(`v0:${ts}:${raw}`);', DIGEST, CHECK), expected: [] },
  { name: "Slack's base string fed in three updates, the body last", text: split("h.update('v0:');", "h.update(ts + ':');", 'h.update(raw);', DIGEST, CHECK), expected: [] },
  { name: 'updates with other statements between them', text: split("h.update('v0:' + ts + ':');", 'const body = raw;', "h.update(body, 'utf8');", DIGEST, CHECK), expected: [] },
  { name: 'a chained update statement', text: split("h.update('v0:' + ts + ':').update(raw);", DIGEST, CHECK), expected: [] },
  { name: 'the digest taken in the test itself', text: split('h.update(`v0:${ts}:${raw}`);', "if ('v0=' + h.digest('hex') !== sig) throw new Error('Unauthorized');"), expected: [] },
  { name: 'a prefix in the chain that creates the HMAC, the body in a statement', text: slack(`const h = ${HMAC}.update('v0:' + ts + ':');`, 'h.update(raw);', DIGEST, CHECK), expected: [] },
  { name: 'the body fed as the digest is taken', text: split("h.update('v0:' + ts + ':');", "const expected = 'v0=' + h.update(raw).digest('hex');", CHECK), expected: [] },
  // Not the whole request, or not on every run.
  { name: 'an HMAC updated with the body only when a request header says so', text: split("if (item.json.headers['x-full']) h.update(raw);", DIGEST, CHECK), expected: [{ covers: URL }] },
  { name: 'an HMAC digested before the body is added', text: split(DIGEST, 'h.update(raw);', CHECK), expected: [{ covers: URL }] },
  { name: "an HMAC fed the body's pieces in a loop (split drops the '&')", text: split("for (const part of raw.split('&')) h.update(part);", DIGEST, CHECK), expected: [{ covers: URL }] },
  { name: 'an HMAC fed two halves of the body (whole together, but no update holds it: not read)', text: split('h.update(raw.slice(0, 10));', 'h.update(raw.slice(10));', DIGEST, CHECK), expected: [{ covers: URL }] },
  { name: 'an HMAC whose last update is not the body (not the order providers sign in)', text: split('h.update(raw);', 'h.update(ts);', DIGEST, CHECK), expected: [{ covers: URL }] },
  { name: 'an HMAC of a slice of the body, updated by a statement', text: split('h.update(raw.slice(0, 1));', DIGEST, CHECK), expected: [{ covers: URL }] },
  { name: 'an HMAC object handed to a helper (not read)', text: split('feed(h);', 'h.update(raw);', DIGEST, CHECK, 'function feed(x) { x.update(ts); }'), expected: [{ covers: URL }] },
  { name: 'an HMAC updated by a statement, compared only by length', text: split('h.update(raw);', DIGEST, "if (expected.length !== sig.length) throw new Error('Unauthorized');"), expected: [{ covers: URL }] },
  { name: 'an HMAC updated by a statement with a key read from the request', text: slack("const h = crypto.createHmac('sha256', item.json.body.secret);", 'h.update(raw);', DIGEST, CHECK), expected: [{ covers: URL }] },
];

describe(`${RULE}: an HMAC fed by separate update statements (n8n code)`, () => runFlowTable(RULE, statementCases));

const nodeRedStatementCases: FlowCase[] = [
  {
    name: 'a Node-RED HMAC updated by a statement with the stringified payload',
    text: nr(`const hmac = ${GITHUB};`, 'hmac.update(JSON.stringify(msg.payload));', "const expected = 'sha256=' + hmac.digest('hex');"),
    expected: [],
  },
  {
    name: 'a Node-RED HMAC updated with the payload only inside a try whose catch goes on',
    text: nr(`const hmac = ${GITHUB};`, 'try { hmac.update(JSON.stringify(msg.payload)); } catch (e) { node.warn(e); }', "const expected = 'sha256=' + hmac.digest('hex');"),
    expected: [{ covers: ADDPAY }],
  },
];

describe(`${RULE}: an HMAC fed by separate update statements (Node-RED)`, () => runFlowTable(RULE, nodeRedStatementCases));
