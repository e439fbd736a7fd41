// A signature check built from nodes, not code: an n8n Crypto node computes the HMAC of the request and an IF (Filter,
// Switch) lets the request on only when it equals the provider's signature header. The fields the provider writes
// itself are then no input, as after code that verifies the HMAC; a Crypto node whose result is not compared, or a
// comparison whose failing branch goes on to the sink too, verifies nothing.
import { describe } from 'node:test';
import { n8nFlow, runFlowTable, type FlowCase, type N8nNode } from '../../../helpers/dataflow.js';
import { nodeRedFlow } from '../../../helpers/platformDocs.js';

const RULE = 'injection/unvalidated-input-to-sink';

const hook = { name: 'GitHub', type: 'webhook', parameters: { path: 'github', httpMethod: 'POST', options: { rawBody: true } } };
const hmac = (parameters: object = {}) => ({
  name: 'HMAC',
  type: 'crypto',
  parameters: { action: 'hmac', type: 'SHA256', binaryData: true, binaryPropertyName: 'data', secret: '={{ $env.GITHUB_WEBHOOK_SECRET }}', dataPropertyName: 'hmac', encoding: 'hex', ...parameters },
});
const header = "={{ $('GitHub').item.json.headers['x-hub-signature-256'] }}";
/** An IF (v2) that holds when `left` equals `right`; `more` adds a condition, joined by `combinator`. */
const valid = (left = "={{ 'sha256=' + $json.hmac }}", right = header, operation = 'equals', combinator = 'and', more: object[] = []) => ({
  name: 'Valid?',
  type: 'if',
  parameters: { conditions: { options: { caseSensitive: true, typeValidation: 'strict' }, conditions: [{ id: 'a', leftValue: left, rightValue: right, operator: { type: 'string', operation } }, ...more], combinator } },
});
const validV1 = { name: 'Valid?', type: 'if', typeVersion: 1, parameters: { conditions: { string: [{ value1: "={{ $node['HMAC'].json['hmac'] }}", value2: "={{ $node['GitHub'].json['headers']['x-hub-signature-256'].replace('sha256=', '') }}" }] } } };
/** A Switch (v3) whose one rule holds when the HMAC equals the signature header. */
const switchOn = (options: object) => ({
  name: 'Valid?',
  type: 'switch',
  typeVersion: 3,
  parameters: { rules: { values: [{ conditions: { conditions: [{ leftValue: "={{ 'sha256=' + $json.hmac }}", rightValue: header, operator: { type: 'string', operation: 'equals' } }], combinator: 'and' } }] }, options },
});
/** A Filter v1 keeping items whose HMAC equals the header, combined with a check of `zen` by `combineConditions`. */
const filterV1 = (combineConditions: string) => ({
  name: 'Valid?',
  type: 'filter',
  typeVersion: 1,
  parameters: { conditions: { string: [{ value1: "={{ $node['HMAC'].json['hmac'] }}", value2: validV1.parameters.conditions.string[0].value2 }, { value1: '={{ $json.body.zen }}', value2: 'ok' }] }, combineConditions },
});
/** An IF (v2) whose one condition is an expression that must be true (`operation: 'true'`) or false, as n8n writes "boolean is true". */
const isTrue = (expression: string, operation = 'true') => ({
  name: 'Valid?',
  type: 'if',
  parameters: { conditions: { options: { caseSensitive: true, typeValidation: 'strict' }, conditions: [{ id: 'a', leftValue: expression, rightValue: '', operator: { type: 'boolean', operation, singleValue: true } }], combinator: 'and' } },
});
/** An IF v1 whose one boolean condition compares an expression with `value2` (absent: n8n's default, false). */
const booleanV1 = (expression: string, value2?: boolean, operation?: string) => ({
  name: 'Valid?',
  type: 'if',
  typeVersion: 1,
  parameters: { conditions: { boolean: [{ value1: expression, ...(operation ? { operation } : {}), ...(value2 === undefined ? {} : { value2 }) }] }, combineOperation: 'all' },
});
const HEADER = "$('GitHub').item.json.headers['x-hub-signature-256']";
const MATCHES = `={{ 'sha256=' + $json.hmac === ${HEADER} }}`;
const DIFFERS = `={{ 'sha256=' + $json.hmac !== ${HEADER} }}`;
const clone = { name: 'Run', type: 'executeCommand', parameters: { command: '=git clone {{ $json.body.repository.clone_url }}' } };
const checkout = { name: 'Run', type: 'executeCommand', parameters: { command: '=git checkout {{ $json.body.pull_request.head.ref }}' } };
const reject = { name: 'Reject', type: 'respondToWebhook', parameters: { respondWith: 'text', responseBody: 'invalid signature', options: { responseCode: 401 } } };
const line = (...nodes: N8nNode[]) => n8nFlow([hook, ...nodes], nodes.map((n, i): [string, string] => [i === 0 ? 'GitHub' : nodes[i - 1].name, n.name]));
const CLONE = '$json.body.repository.clone_url';

const cases: FlowCase[] = [
  { name: "GitHub's clone URL after an IF passes only requests whose Crypto HMAC equals the signature header", text: line(hmac(), valid(), clone), expected: [] },
  {
    name: 'the clone URL when the IF\'s false branch answers 401',
    text: n8nFlow([hook, hmac(), valid(), clone, reject], [['GitHub', 'HMAC'], ['HMAC', 'Valid?'], ['Valid?', 'Run'], ['Valid?', 'Reject', 'main', 1]]),
    expected: [],
  },
  { name: 'the clone URL after an IF v1 that reads the HMAC and the header by node name', text: line(hmac(), validV1, clone), expected: [] },
  { name: 'the clone URL after a comparison written the other way round (header first)', text: line(hmac(), valid(header, "={{ 'sha256=' + $json.hmac }}"), clone), expected: [] },
  {
    name: 'the clone URL when the IF\'s false branch goes on to the command too',
    text: n8nFlow([hook, hmac(), valid(), clone], [['GitHub', 'HMAC'], ['HMAC', 'Valid?'], ['Valid?', 'Run'], ['Valid?', 'Run', 'main', 1]]),
    expected: [{ covers: CLONE, message: /built from body\.repository\.clone_url of "GitHub"/ }],
  },
  { name: 'the clone URL after a Crypto HMAC that nothing compares', text: line(hmac(), clone), expected: [{ covers: CLONE }] },
  { name: 'the clone URL after an IF that compares the HMAC with something else than a header', text: line(hmac(), valid(undefined, "={{ $json.body.signature }}"), clone), expected: [{ covers: CLONE }] },
  { name: 'the clone URL after an IF that only checks that the header is not equal to the HMAC', text: line(hmac(), valid(undefined, header, 'notEquals'), clone), expected: [{ covers: CLONE }] },
  {
    name: 'the clone URL after an IF that also passes requests on another condition (OR)',
    text: line(hmac(), valid(undefined, header, 'equals', 'or', [{ id: 'b', leftValue: '={{ $json.body.zen }}', rightValue: 'ok', operator: { type: 'string', operation: 'equals' } }]), clone),
    expected: [{ covers: CLONE }],
  },
  { name: 'the clone URL when the HMAC key comes from the request', text: line(hmac({ secret: '={{ $json.body.secret }}' }), valid(), clone), expected: [{ covers: CLONE }] },
  { name: 'the clone URL when the Crypto node has no key', text: line(hmac({ secret: '' }), valid(), clone), expected: [{ covers: CLONE }] },
  // An expression that gives the empty text is no key either: n8n signs with ''.
  { name: "the clone URL when the Crypto node's key is the expression {{ '' }}", text: line(hmac({ secret: "={{ '' }}" }), valid(), clone), expected: [{ covers: CLONE }] },
  { name: 'the clone URL when the Crypto node\'s key is the expression {{ "" }}', text: line(hmac({ secret: '={{ "" }}' }), valid(), clone), expected: [{ covers: CLONE }] },
  { name: "a Crypto node keyed with text and an expression ('prefix-{{ $env.X }}')", text: line(hmac({ secret: '=prefix-{{ $env.GITHUB_WEBHOOK_SECRET }}' }), valid(), clone), expected: [] },
  { name: 'the clone URL when the Crypto node hashes a literal, not the request', text: line(hmac({ binaryData: false, value: 'constant' }), valid(), clone), expected: [{ covers: CLONE }] },
  { name: 'the clone URL after an IF on the HMAC of the parsed body', text: line(hmac({ binaryData: false, value: '={{ JSON.stringify($json.body) }}' }), valid(), clone), expected: [] },
  { name: 'the clone URL when the Crypto node signs one field of the body (the others could change under a replayed signature)', text: line(hmac({ binaryData: false, value: '={{ $json.body.after }}' }), valid(), clone), expected: [{ covers: CLONE }] },
  { name: 'the clone URL when the Crypto node only hashes (no key)', text: line(hmac({ action: 'hash' }), valid(), clone), expected: [{ covers: CLONE }] },
  { name: 'the branch name of a pull request after the IF (people choose it)', text: line(hmac(), valid(), checkout), expected: [{ covers: '$json.body.pull_request.head.ref' }] },
  // A side that computes something from the HMAC or the header may be equal for any signature.
  { name: 'the clone URL after an IF that compares typeof the HMAC with typeof the header (both "string")', text: line(hmac(), valid('={{ typeof $json.hmac }}', header.replace('{{ ', '{{ typeof ')), clone), expected: [{ covers: CLONE }] },
  { name: 'the clone URL after an IF that compares Boolean() of both', text: line(hmac(), valid('={{ Boolean($json.hmac) }}', header.replace('{{ ', '{{ Boolean(').replace(' }}', ') }}')), clone), expected: [{ covers: CLONE }] },
  { name: 'the clone URL after an IF that compares one character of each', text: line(hmac(), valid('={{ $json.hmac.slice(0, 1) }}', header.replace(' }}', '.slice(7, 8) }}')), clone), expected: [{ covers: CLONE }] },
  { name: 'the clone URL when the Crypto node signs one character of the body', text: line(hmac({ binaryData: false, value: '={{ JSON.stringify($json.body).slice(0, 1) }}' }), valid(), clone), expected: [{ covers: CLONE }] },
  // What the Crypto node signs must keep all of the body: one lower-case text stands for many bodies, and replace drops what it replaces.
  { name: 'the clone URL when the Crypto node signs the body in lower case', text: line(hmac({ binaryData: false, value: '={{ JSON.stringify($json.body).toLowerCase() }}' }), valid(), clone), expected: [{ covers: CLONE }] },
  { name: 'the clone URL when the Crypto node signs the body with a text replaced', text: line(hmac({ binaryData: false, value: "={{ JSON.stringify($json.body).replace('clone_url', '') }}" }), valid(), clone), expected: [{ covers: CLONE }] },
  { name: 'the clone URL when the Crypto node signs an element of the body ($json.body[0])', text: line(hmac({ binaryData: false, value: '={{ JSON.stringify($json.body[0]) }}' }), valid(), clone), expected: [{ covers: CLONE }] },
  { name: "the clone URL after an IF on the HMAC of the first item's parsed body ($input.all()[0]: an index into the items)", text: line(hmac({ binaryData: false, value: "={{ JSON.stringify($('GitHub').all()[0].json.body) }}" }), valid(), clone), expected: [] },
  { name: 'the clone URL after an IF on the HMAC of the parsed body joined to a prefix', text: line(hmac({ binaryData: false, value: "={{ 'v0:' + JSON.stringify($json.body) }}" }), valid(), clone), expected: [] },
  { name: 'the clone URL after a Switch whose fallback output is the match output', text: line(hmac(), switchOn({ fallbackOutput: 0 }), clone), expected: [{ covers: CLONE }] },
  { name: 'the clone URL after a Switch whose fallback is an extra output', text: line(hmac(), switchOn({ fallbackOutput: 'extra' }), clone), expected: [] },
  { name: 'the clone URL after a Filter v1 that keeps items meeting either condition (OR)', text: line(hmac(), filterV1('OR'), clone), expected: [{ covers: CLONE }] },
  { name: 'the clone URL after a Filter v1 that keeps items meeting both conditions', text: line(hmac(), filterV1('AND'), clone), expected: [] },
  // One expression that compares the HMAC with the header, as a boolean condition (v2 "is true"/"is false", v1 `boolean`).
  { name: 'the clone URL after an IF whose expression "HMAC === header" is true', text: line(hmac(), isTrue(MATCHES), clone), expected: [] },
  { name: 'the clone URL after an IF whose expression "HMAC !== header" is false', text: line(hmac(), isTrue(DIFFERS, 'false'), clone), expected: [] },
  { name: 'the clone URL after an IF whose expression is "!(HMAC !== header)"', text: line(hmac(), isTrue(`={{ !('sha256=' + $json.hmac !== ${HEADER}) }}`), clone), expected: [] },
  { name: 'the clone URL after an IF whose expression is the match AND another test', text: line(hmac(), isTrue(`={{ 'sha256=' + $json.hmac === ${HEADER} && $json.body.zen !== '' }}`), clone), expected: [] },
  { name: 'the clone URL after an IF v1 whose boolean value1 "HMAC === header" equals true', text: line(hmac(), booleanV1(MATCHES, true), clone), expected: [] },
  { name: 'the clone URL after an IF v1 whose boolean "HMAC !== header" equals false (the default value2)', text: line(hmac(), booleanV1(DIFFERS), clone), expected: [] },
  { name: 'the clone URL after an IF whose expression "HMAC !== header" is true (the true branch is a mismatch)', text: line(hmac(), isTrue(DIFFERS), clone), expected: [{ covers: CLONE }] },
  { name: 'the clone URL after an IF v1 whose boolean "HMAC === header" equals false', text: line(hmac(), booleanV1(MATCHES, false), clone), expected: [{ covers: CLONE }] },
  { name: 'the clone URL after an IF v1 whose boolean "HMAC === header" is not equal to true', text: line(hmac(), booleanV1(MATCHES, true, 'notEqual'), clone), expected: [{ covers: CLONE }] },
  { name: 'the clone URL after an IF whose expression is the match OR another test', text: line(hmac(), isTrue(`={{ 'sha256=' + $json.hmac === ${HEADER} || $json.body.zen !== '' }}`), clone), expected: [{ covers: CLONE }] },
  { name: 'the clone URL after an IF whose expression compares the HMAC with a body field', text: line(hmac(), isTrue("={{ $json.hmac === $json.body.signature }}"), clone), expected: [{ covers: CLONE }] },
  { name: 'the clone URL after an IF whose expression compares one character of each', text: line(hmac(), isTrue(`={{ $json.hmac.slice(0, 1) === ${HEADER}.slice(7, 8) }}`), clone), expected: [{ covers: CLONE }] },
  { name: 'the clone URL after an IF whose expression only mentions the comparison in text', text: line(hmac(), isTrue(`={{ 'sha256=' + $json.hmac === ${HEADER} }} ok`), clone), expected: [{ covers: CLONE }] },
  { name: 'the clone URL after a boolean match whose HMAC key comes from the request', text: line(hmac({ secret: '={{ $json.body.secret }}' }), isTrue(MATCHES), clone), expected: [{ covers: CLONE }] },
  { name: 'the clone URL after a boolean match of an HMAC of one field of the body', text: line(hmac({ binaryData: false, value: '={{ $json.body.after }}' }), isTrue(MATCHES), clone), expected: [{ covers: CLONE }] },
  {
    name: 'the clone URL when the false branch of a boolean match goes on to the command too',
    text: n8nFlow([hook, hmac(), isTrue(MATCHES), clone], [['GitHub', 'HMAC'], ['HMAC', 'Valid?'], ['Valid?', 'Run'], ['Valid?', 'Run', 'main', 1]]),
    expected: [{ covers: CLONE }],
  },
];

/** The sink is the last node: its reference is the last occurrence of the text a finding covers. */
const atSink = (c: FlowCase): FlowCase => ({ ...c, expected: c.expected.map((e) => ({ ...e, nth: c.text.split(e.covers).length - 2 })) });

describe(`${RULE}: a provider's signature verified by a Crypto node and an IF (n8n)`, () => runFlowTable(RULE, cases.map(atSink)));

// Node-RED: a function node that computes the HMAC of the request (`msg.payload`) and drops the message (`return null`)
// or throws unless it equals `msg.req.headers['x-hub-signature-256']`. The provider's fields are `msg.payload.…`.
const tab = { id: 't1', type: 'tab', label: 'GitHub' };
const httpIn = (wires: string[]) => ({ id: 'in', type: 'http in', z: 't1', name: 'github webhook', url: '/github', method: 'post', wires: [wires] });
const verifyCode = (opts: { key?: string; body?: string; compare?: string; before?: string } = {}) =>
  [
    opts.before ?? '',
    `const expected = 'sha256=' + crypto.createHmac('sha256', ${opts.key ?? "env.get('GITHUB_WEBHOOK_SECRET')"}).update(${opts.body ?? 'JSON.stringify(msg.payload)'}).digest('hex');`,
    opts.compare ?? "if (expected !== msg.req.headers['x-hub-signature-256']) {\n  node.warn('bad signature');\n  return null;\n}",
    'return msg;',
  ].join('\n');
const verifyFn = (func: string) => ({ id: 'fn', type: 'function', z: 't1', name: 'Verify', func, outputs: 1, libs: [{ var: 'crypto', module: 'crypto' }], wires: [['run']] });
const exec = (field: string) => ({ id: 'run', type: 'exec', z: 't1', name: 'Git', command: 'git', addpay: field, append: '', wires: [[], [], []] });
const nr = (func: string, field = 'payload.repository.clone_url', direct = false) => nodeRedFlow(tab, httpIn(direct ? ['fn', 'run'] : ['fn']), verifyFn(func), exec(field));

const SIGNATURE = "msg.req.headers['x-hub-signature-256']";
const THROWS = `if (expected !== ${SIGNATURE}) throw new Error('bad signature');`;
/** The flow of {@link nr} with a catch node (of `scope`: null for the whole tab) wired to the command. */
const withCatch = (scope: string[] | null, func: string) => nr(func).replace(/\n\]$/, `,\n  ${JSON.stringify({ id: 'c', type: 'catch', z: 't1', name: '', scope, uncaught: false, wires: [['run']] })}\n]`);
/** The flow of {@link nr} whose HMAC key is `key`, while the webhook also stores its query's `secret` in flow.secret. */
const storingSecret = (key: string) =>
  nodeRedFlow(tab, httpIn(['fn', 'keep']), verifyFn(verifyCode({ key })), exec('payload.repository.clone_url'), { id: 'keep', type: 'change', z: 't1', name: 'Keep', rules: [{ t: 'set', p: 'secret', pt: 'flow', to: 'req.query.secret', tot: 'msg' }], wires: [[]] });

const nodeRedCases: FlowCase[] = [
  { name: "GitHub's clone URL after a function drops the message unless its HMAC equals the signature header", text: nr(verifyCode()), expected: [] },
  { name: 'the clone URL after a function that throws unless the HMAC matches', text: nr(verifyCode({ compare: "if (expected !== msg.req.headers['x-hub-signature-256']) throw new Error('bad signature');" })), expected: [] },
  { name: 'the clone URL when the function only logs the comparison', text: nr(verifyCode({ compare: "node.warn(expected === msg.req.headers['x-hub-signature-256']);" })), expected: [{ covers: '"addpay"', message: /appends msg\.payload\.repository\.clone_url/ }] },
  { name: 'the clone URL when the function sends the message before it checks', text: nr(verifyCode({ before: 'node.send(msg);' })), expected: [{ covers: '"addpay"' }] },
  { name: 'the clone URL when the HMAC key comes from the request', text: nr(verifyCode({ key: 'msg.payload.secret' })), expected: [{ covers: '"addpay"' }] },
  { name: 'the clone URL when the HMAC covers one field of the body', text: nr(verifyCode({ body: 'msg.payload.after' })), expected: [{ covers: '"addpay"' }] },
  { name: 'the clone URL when the command is also wired straight from the webhook', text: nr(verifyCode(), undefined, true), expected: [{ covers: '"addpay"' }] },
  { name: 'the branch name of a pull request after the verification (people choose it)', text: nr(verifyCode(), 'payload.pull_request.head.ref'), expected: [{ covers: '"addpay"', message: /payload\.pull_request\.head\.ref/ }] },
  // A second reader's cases: the message sent another way, a catch node that is sent the rejected message, a key the request stored.
  { name: "the clone URL when the function sends the message with node['send'] before it checks", text: nr(verifyCode({ before: "node['send'](msg);" })), expected: [{ covers: '"addpay"' }] },
  { name: 'the clone URL when a catch node for the tab goes on to the command', text: withCatch(null, verifyCode({ compare: THROWS })), expected: [{ covers: '"addpay"' }] },
  { name: 'the clone URL when a catch node for the function gets the message node.error reports', text: withCatch(['fn'], verifyCode({ compare: `if (expected !== ${SIGNATURE}) {\n  node.error('bad signature', msg);\n  return null;\n}` })), expected: [{ covers: '"addpay"' }] },
  { name: 'the clone URL when a catch node covers only another node', text: withCatch(['other'], verifyCode({ compare: THROWS })), expected: [] },
  { name: 'the clone URL when the HMAC key is a flow key the request sets', text: storingSecret("flow.get('secret')"), expected: [{ covers: '"addpay"' }] },
  { name: 'the clone URL when the HMAC key is a global key no node sets', text: storingSecret("global.get('secret')"), expected: [] },
  { name: 'the clone URL when the HMAC key is an empty buffer (Buffer.alloc(0))', text: nr(verifyCode({ key: 'Buffer.alloc(0)' })), expected: [{ covers: '"addpay"' }] },
];

describe(`${RULE}: a provider's signature verified by a Node-RED function`, () => runFlowTable(RULE, nodeRedCases));

// Code that throws unless the HMAC matches verifies nothing when its node carries on after an error: the rejected item
// goes on by the regular output (`continueRegularOutput`, `continueOnFail`), or by the error output when that is wired on.
const verifyJs = `const crypto = require('crypto');
const sig = $input.first().json.headers['x-hub-signature-256'];
const mac = 'sha256=' + crypto.createHmac('sha256', $env.GITHUB_WEBHOOK_SECRET).update(JSON.stringify($input.first().json.body)).digest('hex');
if (mac !== sig) throw new Error('bad signature');
return $input.all();`;
const verifyNode = (settings: object = {}) => ({ name: 'Verify', type: 'code', parameters: { jsCode: verifyJs }, ...settings });
const cloneHook = { name: 'Run', type: 'executeCommand', parameters: { command: "=git clone {{ $('GitHub').item.json.body.repository.clone_url }}" } };
const CLONE_HOOK = "$('GitHub').item.json.body.repository.clone_url";
const errorOutputTo = (target: string) => n8nFlow([hook, verifyNode({ onError: 'continueErrorOutput' }), cloneHook, reject], [['GitHub', 'Verify'], ['Verify', 'Run'], ['Verify', target, 'main', 1]]);

const carryOnCases: FlowCase[] = [
  { name: 'the clone URL after code that throws unless the HMAC matches', text: line(verifyNode(), cloneHook), expected: [] },
  { name: 'the clone URL when the verifying code node continues on error (regular output)', text: line(verifyNode({ onError: 'continueRegularOutput' }), cloneHook), expected: [{ covers: CLONE_HOOK }] },
  { name: 'the clone URL when the verifying code node has continueOnFail', text: line(verifyNode({ continueOnFail: true }), cloneHook), expected: [{ covers: CLONE_HOOK }] },
  { name: 'the clone URL when the verifying code node\'s error output goes on to the command', text: errorOutputTo('Run'), expected: [{ covers: CLONE_HOOK }] },
  { name: 'the clone URL when the verifying code node\'s error output answers 401', text: errorOutputTo('Reject'), expected: [] },
];

describe(`${RULE}: a verifying n8n code node that carries on after an error`, () => runFlowTable(RULE, carryOnCases));
