// What counts as a check that breaks the chain (n8n), after a second reader's repros: equalities with something other
// than a literal, regexes that let any character through or come from the data, tests of a copy of the value, tests that
// do not decide whether the code throws, variables assigned twice, and code that returns an object built field by field.
// Each "reports" case was a silence before.
import { describe } from 'node:test';
import { n8nFlow, runFlowTable, slackVerifyCode, type FlowCase, type N8nNode } from '../../../helpers/dataflow.js';

const RULE = 'injection/unvalidated-input-to-sink';

const hook = { name: 'Hook', type: 'webhook', parameters: { path: 'h', httpMethod: 'POST' } };
const run = (command: string) => ({ name: 'Run', type: 'executeCommand', parameters: { command } });
const fetch = (url: string) => ({ name: 'Fetch', type: 'httpRequest', parameters: { url, options: {} } });
const query = (q: string) => ({ name: 'Q', type: 'postgres', parameters: { operation: 'executeQuery', query: q } });
const code = (jsCode: string) => ({ name: 'Code', type: 'code', parameters: { jsCode } });
const check = (leftValue: string, operation: string, type = 'string', rightValue = '') => ({
  name: 'Check',
  type: 'if',
  parameters: { conditions: { options: { caseSensitive: true, typeValidation: 'strict' }, conditions: [{ id: 'a', leftValue, rightValue, operator: { type, operation } }], combinator: 'and' } },
});
const isTrue = (expression: string) => check(expression, 'true', 'boolean');
const chain = (...nodes: N8nNode[]) => n8nFlow([hook, ...nodes], nodes.map((n, i): [string, string] => [i === 0 ? 'Hook' : nodes[i - 1].name, n.name]));
const ret = 'return $input.all();';
const X = '=ls {{ $json.body.x }}';
const ID = '=ls {{ $json.body.id }}';

const cases: FlowCase[] = [
  // Equalities: only a literal (or a list of literals) on the other side restricts the value.
  { name: 'an IF that compares the value with itself', text: chain(isTrue('={{ $json.body.x === $json.body.x }}'), run(X)), expected: [{ covers: '$json.body.x', message: /built from body\.x of "Hook"/ }] },
  { name: 'an IF that compares the value with another field', text: chain(isTrue('={{ $json.body.x == $json.body.confirm }}'), run(X)), expected: [{ covers: '$json.body.x' }] },
  { name: 'an IF that compares the value with its own trimmed copy', text: chain(isTrue('={{ $json.body.x === $json.body.x.trim() }}'), run(X)), expected: [{ covers: '$json.body.x' }] },
  { name: 'an IF whose comparison is the condition of a ternary that is always true', text: chain(isTrue("={{ $json.body.x == 'a' ? true : true }}"), run(X)), expected: [{ covers: '$json.body.x' }] },
  { name: 'an IF whose ternary returns the value itself', text: chain(isTrue("={{ $json.body.x === 'a' ? $json.body.x : 'b' }}"), run(X)), expected: [{ covers: '$json.body.x' }] },
  { name: 'an IF equals whose right value is an expression', text: chain(check('={{ $json.body.x }}', 'equals', 'string', '={{ $json.body.y }}'), run(X)), expected: [{ covers: '$json.body.x' }] },
  { name: 'an IF equals with a literal written in expression mode', text: chain(check('={{ $json.body.x }}', 'equals', 'string', '=eu'), run(X)), expected: [] },
  { name: "an IF that is false when the value is not 'a' (the negation of an inequality)", text: chain(check("={{ $json.body.x !== 'a' }}", 'false', 'boolean'), run(X)), expected: [] },
  { name: 'an IF on a list of allowed values', text: chain(isTrue("={{ ['a', 'b'].includes($json.body.x) }}"), run(X)), expected: [] },
  // Regexes: anchored at both ends, but letting any character through; or taken from the data.
  { name: 'a regex whose alternative matches anything (^(a|.*)$)', text: chain(isTrue('={{ /^(a|.*)$/.test($json.body.x) }}'), run(X)), expected: [{ covers: '$json.body.x', message: /"Check" checks it with a pattern that lets any character through/ }] },
  { name: 'a regex of any characters (^[\\s\\S]*$)', text: chain(check('={{ $json.body.x }}', 'regex', 'string', '^[\\s\\S]*$'), run(X)), expected: [{ covers: '$json.body.x', message: /lets any character through/ }] },
  { name: 'a regex of a negated class (^[^@]+$)', text: chain(check('={{ $json.body.x }}', 'regex', 'string', '^[^@]+$'), run(X)), expected: [{ covers: '$json.body.x', message: /lets any character through/ }] },
  { name: 'a regex with a lookahead before .* (^(?=[a-z]).*$)', text: chain(check('={{ $json.body.x }}', 'regex', 'string', '^(?=[a-z]).*$'), run(X)), expected: [{ covers: '$json.body.x' }] },
  { name: 'a regex taken from the input', text: chain(check('={{ $json.body.x }}', 'regex', 'string', '={{ $json.body.re }}'), run(X)), expected: [{ covers: '$json.body.x', message: /"Check" checks it in a way that does not restrict its characters/ }] },
  { name: 'a strict regex', text: chain(check('={{ $json.body.x }}', 'regex', 'string', '^[a-z0-9._-]+$'), run(X)), expected: [] },
  { name: 'a regex that lets any path through after a base URL that ends the host', text: chain(check('={{ $json.body.u }}', 'regex', 'string', '^https://api\\.example\\.com/.*$'), fetch('={{ $json.body.u }}')), expected: [] },
  // Code: only tests that decide whether it throws, of the value itself, through a variable bound once.
  { name: 'code that throws when parseInt of the value is NaN', text: chain(code(`if (isNaN(parseInt($json.body.id))) throw new Error('bad');\n${ret}`), run(ID)), expected: [{ covers: '$json.body.id' }] },
  { name: 'code that tests a number parsed from the value', text: chain(code(`const n = parseInt($json.body.id, 10);\nif (!Number.isInteger(n)) throw new Error('bad');\n${ret}`), run(ID)), expected: [{ covers: '$json.body.id' }] },
  { name: 'code that matches the value with a string (an unanchored regex)', text: chain(code(`if (!$json.body.url.match('https://api.example.com/')) throw new Error('bad');\n${ret}`), fetch('={{ $json.body.url }}')), expected: [{ covers: '$json.body.url' }] },
  { name: 'code that tests with new RegExp of an unanchored pattern', text: chain(code(`if (!new RegExp('[0-9]').test($json.body.id)) throw new Error('bad');\n${ret}`), run(ID)), expected: [{ covers: '$json.body.id', message: /does not cover the whole value/ }] },
  { name: 'code that tests with new RegExp of an anchored pattern', text: chain(code(`if (!new RegExp('^[0-9]+$').test($json.body.id)) throw new Error('bad');\n${ret}`), run(ID)), expected: [] },
  { name: 'code that tests the first part of a split copy', text: chain(code(`const first = $json.body.q.split(';')[0];\nif (!/^\\w+$/.test(first)) throw new Error('bad');\n${ret}`), query("=SELECT * FROM t WHERE a = '{{ $json.body.q }}'")), expected: [{ covers: '$json.body.q' }] },
  { name: 'code that tests a slice of the value', text: chain(code(`if (!/^\\w+$/.test($json.body.q.slice(0, 3))) throw new Error('bad');\n${ret}`), query("=SELECT * FROM t WHERE a = '{{ $json.body.q }}'")), expected: [{ covers: '$json.body.q' }] },
  { name: 'code that tests a variable it then assigns another field to', text: chain(code(`let v = $json.body.id;\nif (!/^\\d+$/.test(v)) throw new Error('bad');\nv = $json.body.cmd;\nconsole.log(v);\n${ret}`), run('=ls {{ $json.body.cmd }}')), expected: [{ covers: '$json.body.cmd' }] },
  { name: 'code that destructures again into the tested name', text: chain(code(`let { id } = $json.body;\nif (!/^\\d+$/.test(id)) throw new Error('bad');\n({ id } = $json.query);\n${ret}`), run('=ls {{ $json.query.id }}')), expected: [{ covers: '$json.query.id' }] },
  { name: 'code whose test result decides nothing (it throws on another condition)', text: chain(code(`const ok = /^\\d+$/.test($json.body.id);\nif (!$json.body.id) throw new Error('missing');\n${ret}`), run(ID)), expected: [{ covers: '$json.body.id', message: /"Code" only checks that it is there/ }] },
  { name: 'code whose test result is the condition of the throw', text: chain(code(`const ok = /^\\d+$/.test($json.body.id);\nif (!ok) throw new Error('bad');\n${ret}`), run(ID)), expected: [] },
  { name: 'code that tests a local constant object', text: chain(code(`const cfg = { id: '5' };\nif (!/^\\d+$/.test(cfg.id)) throw new Error('bad config');\n${ret}`), run(ID)), expected: [{ covers: '$json.body.id' }] },
  { name: 'code that throws only for one kind of request', text: chain(code(`if ($json.body.kind === 'strict' && !/^\\d+$/.test($json.body.id)) throw new Error('bad');\n${ret}`), run(ID)), expected: [{ covers: '$json.body.id' }] },
  { name: 'code that throws unless either of two values is allowed (both checked)', text: chain(code(`if ($json.body.id !== 'a' && $json.body.id !== 'b') throw new Error('bad');\n${ret}`), run(ID)), expected: [] },
  { name: 'code whose regex matches anything', text: chain(code(`if (!/^(\\d+|.*)$/.test($json.body.id)) throw new Error('bad');\n${ret}`), run(ID)), expected: [{ covers: '$json.body.id', message: /lets any character through/ }] },
  { name: 'code that throws when parseFloat of the value is negative', text: chain(code(`if (parseFloat($json.body.id) < 0) throw new Error('negative');\n${ret}`), run(ID)), expected: [{ covers: '$json.body.id' }] },
  { name: 'code whose only throw is in a catch, beside a test that decides nothing', text: chain(code(`try { JSON.parse($json.body.meta) } catch (e) { throw new Error('bad meta') }\nconsole.log(/^\\d+$/.test($json.body.id));\n${ret}`), run(ID)), expected: [{ covers: '$json.body.id' }] },
  { name: 'code that tests the type of a number it made from the value', text: chain(code(`const n = Number($json.body.id);\nif (typeof n !== 'number') throw new Error('bad');\n${ret}`), run(ID)), expected: [{ covers: '$json.body.id' }] },
  { name: 'code that skips some items before its test', text: chain(code(`if ($json.body.skip) return $input.all();\nif (!/^\\d+$/.test($json.body.id)) throw new Error('bad');\n${ret}`), run(ID)), expected: [{ covers: '$json.body.id' }] },
  { name: 'code whose catch goes on after the test threw', text: chain(code(`try {\n  if (!/^\\d+$/.test($json.body.id)) throw new Error('bad');\n} catch (e) {\n  console.log(e.message);\n}\n${ret}`), run(ID)), expected: [{ covers: '$json.body.id' }] },
  { name: 'code that tests every item in a forEach callback', text: chain(code(`$input.all().forEach((item) => {\n  if (!/^\\d+$/.test(item.json.body.id)) throw new Error('bad');\n});\n${ret}`), run(ID)), expected: [] },
  { name: 'code that returns no items unless the value matches', text: chain(code(`if (!/^\\d+$/.test($json.body.id)) return [];\n${ret}`), run(ID)), expected: [] },
  { name: 'code that throws in an else branch', text: chain(code(`if (/^[a-z]+$/i.test($json.body.id)) {\n  console.log('ok');\n} else {\n  throw new Error('bad');\n}\n${ret}`), run(ID)), expected: [] },
  // Code that returns an object built field by field: a check of one field is not a check of another.
  {
    name: 'a check of one field of an object code returns, and another field in the command',
    text: chain(code('return [{ json: { a: $json.body.a, b: $json.body.b } }];'), check('={{ $json.a }}', 'equals', 'string', 'x'), run('=ls {{ $json.b }}')),
    expected: [{ covers: '$json.b', message: /built from body\.b of "Hook"/ }],
  },
  {
    name: 'a check of a field code computes beside a spread of its input, and an input field in the command',
    text: chain(code("const t = $input.first().json.body.text;\nreturn { ...$input.first().json, command: t.split(' ')[0] };"), check('={{ $json.command }}', 'equals', 'string', 'help'), run('=ls {{ $json.body.path }}')),
    expected: [{ covers: '$json.body.path', message: /built from body\.path of "Hook"/ }],
  },
  {
    name: 'a field of a spread input after code that also computes a field',
    text: chain(code("return { ...$input.first().json, n: 1 };"), fetch('={{ $json.body.url }}')),
    expected: [{ covers: '$json.body.url', message: /comes from body\.url of "Hook" \(POST h\), via "Code"/ }],
  },
];

/** The sink is the last node: its reference is the last occurrence of the text a finding covers. */
const atSink = (c: FlowCase): FlowCase => ({ ...c, expected: c.expected.map((e) => ({ ...e, nth: c.text.split(e.covers).length - 2 })) });

describe(`${RULE}: what a check restricts (n8n)`, () => runFlowTable(RULE, cases.map(atSink)));

// A provider's signed webhook: once a step has verified the provider's HMAC of the request, the fields the provider
// writes itself (Slack's response_url, GitHub's repository URLs) are not input; what people type stays input.
const signedHook = { name: 'Hook', type: 'webhook', parameters: { path: 'slack', httpMethod: 'POST', options: { rawBody: true } } };
const verify = (key: string, header = 'x-slack-signature', compare = (expected: string, received: string) => `if (${expected} !== ${received}) throw new Error('Unauthorized');`) =>
  slackVerifyCode([
    "const base = `v0:${item.json.headers['x-slack-request-timestamp']}:${raw}`;",
    `const expected = 'v0=' + crypto.createHmac('sha256', ${key}).update(base, 'utf8').digest('hex');`,
    compare('expected', `item.json.headers['${header}']`),
  ]);
const reply = (field: string) => ({ name: 'Reply', type: 'httpRequest', parameters: { method: 'POST', url: `={{ $json.body.${field} }}`, options: {} } });
const signed = (...nodes: N8nNode[]) => n8nFlow([signedHook, ...nodes], nodes.map((n, i): [string, string] => [i === 0 ? 'Hook' : nodes[i - 1].name, n.name]));
const config = { name: 'Config', type: 'set', parameters: { includeOtherFields: true, assignments: { assignments: [{ name: 'signing_secret', value: 'FILL_ME', type: 'string' }] } } };

const signedCases: FlowCase[] = [
  { name: "Slack's response_url after its signature is verified with a secret from the environment", text: signed(verify('$env.SLACK_SIGNING_SECRET'), reply('response_url')), expected: [] },
  { name: "Slack's response_url after its signature is verified with a secret a Set step holds", text: signed(config, verify('$input.first().json.signing_secret'), reply('response_url')), expected: [] },
  { name: "the text of a Slack command after its signature is verified (people write it)", text: signed(verify('$env.SLACK_SIGNING_SECRET'), run('=echo {{ $json.body.text }}')), expected: [{ covers: '$json.body.text', message: /built from body\.text of "Hook"/ }] },
  { name: "Slack's response_url when the HMAC key comes from the request", text: signed(verify('$json.body.secret'), reply('response_url')), expected: [{ covers: '$json.body.response_url' }] },
  { name: "Slack's response_url when the result of the comparison is only logged", text: signed(verify('$env.SLACK_SIGNING_SECRET', 'x-slack-signature', (a, b) => `console.log(${a} === ${b});`), reply('response_url')), expected: [{ covers: '$json.body.response_url' }] },
  { name: "a response_url compared with a header no provider of the catalogue signs with", text: signed(verify('$env.SECRET', 'x-my-signature'), reply('response_url')), expected: [{ covers: '$json.body.response_url' }] },
  {
    name: "Slack's response_url also wired straight from the webhook, around the verification",
    text: n8nFlow([signedHook, verify('$env.SLACK_SIGNING_SECRET'), reply('response_url')], [['Hook', 'Verify'], ['Verify', 'Reply'], ['Hook', 'Reply']]),
    expected: [{ covers: '$json.body.response_url' }],
  },
  { name: "GitHub's repository clone URL after its signature is verified", text: signed(verify('$env.GITHUB_WEBHOOK_SECRET', 'x-hub-signature-256'), run('=git clone {{ $json.body.repository.clone_url }}')), expected: [] },
  { name: 'the branch name of a GitHub pull request after its signature is verified (people choose it)', text: signed(verify('$env.GITHUB_WEBHOOK_SECRET', 'x-hub-signature-256'), run('=git checkout {{ $json.body.pull_request.head.ref }}')), expected: [{ covers: '$json.body.pull_request.head.ref' }] },
  {
    // A replayed signature of one field leaves the request's other fields free: only an HMAC of the whole body signs them.
    name: "Slack's response_url when the HMAC is of one field of the body only",
    text: signed({ ...verify('$env.SLACK_SIGNING_SECRET'), parameters: { jsCode: verify('$env.SLACK_SIGNING_SECRET').parameters.jsCode.replace('.update(base, ', ".update(item.json.body.text, ") } }, reply('response_url')),
    expected: [{ covers: '$json.body.response_url' }],
  },
  {
    name: "Slack's response_url when the HMAC is of the whole parsed body",
    text: signed({ ...verify('$env.SLACK_SIGNING_SECRET'), parameters: { jsCode: verify('$env.SLACK_SIGNING_SECRET').parameters.jsCode.replace('.update(base, ', '.update(JSON.stringify(item.json.body), ') } }, reply('response_url')),
    expected: [],
  },
  {
    name: "Slack's response_url when the HMAC is of the raw body taken by destructuring ({ binary: { data } } = item)",
    text: signed({ ...verify('$env.SLACK_SIGNING_SECRET'), parameters: { jsCode: verify('$env.SLACK_SIGNING_SECRET').parameters.jsCode.replace("const raw = Buffer.from(item.binary.data.data, 'base64').toString();", "const { binary: { data } } = item;\nconst raw = Buffer.from(data.data, 'base64').toString();") } }, reply('response_url')),
    expected: [],
  },
  { name: "Slack's response_url after a verification with timingSafeEqual", text: signed(verify('$env.SLACK_SIGNING_SECRET', 'x-slack-signature', (a, b) => `if (!crypto.timingSafeEqual(Buffer.from(${a}), Buffer.from(${b}))) throw new Error('Unauthorized');`), reply('response_url')), expected: [] },
];

describe(`${RULE}: fields a provider writes in a request whose signature was verified`, () => runFlowTable(RULE, signedCases.map(atSink)));
