// Make filters as checks: OR-groups, prefixes that do not end the host, regexes that are not anchored, conditions on a
// value computed from the field; and numbers converted from a value.
import { describe } from 'node:test';
import { runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { makeBlueprint } from '../../../helpers/platformDocs.js';

const RULE = 'injection/unvalidated-input-to-sink';

const hook = { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: { hook: 1234 }, mapper: {}, metadata: { designer: { x: 0, y: 0, name: 'Job hook' } } };
const httpModule = (url: string, conditions?: object[][]) => ({
  id: 2,
  module: 'http:ActionSendData',
  version: 3,
  parameters: {},
  mapper: { url, method: 'get' },
  metadata: { designer: { x: 300, y: 0, name: 'Call back' } },
  ...(conditions ? { filter: { name: 'Allowed', conditions } } : {}),
});
const sqlModule = (query: string, conditions?: object[][]) => ({
  id: 2,
  module: 'mysql:ExecuteQuery',
  version: 1,
  parameters: {},
  mapper: { query },
  metadata: { designer: { x: 300, y: 0, name: 'Run query' } },
  ...(conditions ? { filter: { name: 'Allowed', conditions } } : {}),
});

const cases: FlowCase[] = [
  {
    name: 'a pattern check in one OR-group while another group lets anything through',
    text: makeBlueprint(hook, httpModule('{{1.callback}}', [
      [{ a: '{{1.callback}}', b: '^https://hooks\\.example\\.com/', o: 'text:pattern' }],
      [{ a: '{{1.mode}}', b: 'debug', o: 'text:equal' }],
    ])),
    expected: [{ covers: '1.callback', message: /^Server-side request forgery \(SSRF\): the host of the request URL of "Call back" comes from callback of "Job hook", with no validation step on the way\. Keep/ }],
  },
  {
    name: 'a pattern check on the allowed base URL, with another condition in the same group (AND)',
    text: makeBlueprint(hook, httpModule('{{1.callback}}', [[
      { a: '{{1.callback}}', b: '^https://hooks\\.example\\.com/', o: 'text:pattern' },
      { a: '{{1.mode}}', b: 'live', o: 'text:equal' },
    ]])),
    expected: [],
  },
  {
    name: 'a starts-with check on a base URL without its "/"',
    text: makeBlueprint(hook, httpModule('{{1.callback}}', [[{ a: '{{1.callback}}', b: 'https://hooks.example.com', o: 'text:startwith' }]])),
    expected: [{ covers: '1.callback', message: /"Call back" only checks how it starts, and that start does not fix the host/ }],
  },
  {
    name: 'a starts-with check on a base URL that ends the host',
    text: makeBlueprint(hook, httpModule('{{1.callback}}', [[{ a: '{{1.callback}}', b: 'https://hooks.example.com/', o: 'text:startwith' }]])),
    expected: [],
  },
  {
    name: 'a pattern that is not anchored, before SQL',
    text: makeBlueprint(hook, sqlModule("SELECT * FROM jobs WHERE id = '{{1.id}}'", [[{ a: '{{1.id}}', b: '[0-9]+', o: 'text:pattern' }]])),
    expected: [{ covers: '1.id', message: /^SQL injection: .* "Run query" checks it with a pattern that does not cover the whole value/ }],
  },
  {
    name: 'a pattern anchored at both ends, before SQL',
    text: makeBlueprint(hook, sqlModule("SELECT * FROM jobs WHERE id = '{{1.id}}'", [[{ a: '{{1.id}}', b: '^[0-9]+$', o: 'text:pattern' }]])),
    expected: [],
  },
  {
    name: 'the value used as the pattern, not matched against one',
    text: makeBlueprint(hook, sqlModule("SELECT * FROM jobs WHERE id = '{{1.id}}'", [[{ a: 'job-1', b: '{{1.id}}', o: 'text:pattern' }]])),
    expected: [{ covers: '1.id', message: /"Run query" checks it in a way that does not restrict its characters\./ }],
  },
  {
    name: 'a number check on the length of the value',
    text: makeBlueprint(hook, sqlModule("SELECT * FROM jobs WHERE id = '{{1.id}}'", [[{ a: '{{length(1.id)}}', b: '0', o: 'number:greater' }]])),
    expected: [{ covers: '1.id', message: /"Run query" only checks that it is there\./ }],
  },
  {
    name: 'a text that must not equal an empty one',
    text: makeBlueprint(hook, sqlModule("SELECT * FROM jobs WHERE id = '{{1.id}}'", [[{ a: '{{1.id}}', b: '', o: 'text:notequal' }]])),
    expected: [{ covers: '1.id', message: /"Run query" only checks that it is there\./ }],
  },
  {
    name: 'an equality on the lower-cased value',
    text: makeBlueprint(hook, sqlModule("SELECT * FROM jobs WHERE region = '{{1.region}}'", [[{ a: '{{lower(1.region)}}', b: 'eu', o: 'text:equal:ci' }]])),
    expected: [],
  },
  // An equality with another value, or a pattern from the data or one that lets any character through, restricts nothing.
  {
    name: 'a filter that compares the value with another field',
    text: makeBlueprint(hook, sqlModule("SELECT * FROM jobs WHERE id = '{{1.id}}'", [[{ a: '{{1.id}}', b: '{{1.confirm}}', o: 'text:equal' }]])),
    expected: [{ covers: '1.id', message: /"Run query" checks it in a way that does not restrict its characters\./ }],
  },
  {
    name: 'a filter pattern taken from the data',
    text: makeBlueprint(hook, sqlModule("SELECT * FROM jobs WHERE id = '{{1.id}}'", [[{ a: '{{1.id}}', b: '{{1.re}}', o: 'text:pattern' }]])),
    expected: [{ covers: '1.id', message: /"Run query" checks it in a way that does not restrict its characters\./ }],
  },
  {
    name: 'a filter pattern that matches anything (^.*$)',
    text: makeBlueprint(hook, sqlModule("SELECT * FROM jobs WHERE id = '{{1.id}}'", [[{ a: '{{1.id}}', b: '^.*$', o: 'text:pattern' }]])),
    expected: [{ covers: '1.id', message: /"Run query" checks it with a pattern that lets any character through/ }],
  },
  {
    name: 'a number converted from the value (parseNumber)',
    text: makeBlueprint(hook, sqlModule('SELECT * FROM jobs WHERE id = {{parseNumber(1.id; ".")}}')),
    expected: [],
  },
];

describe(`${RULE} (Make filters)`, () => runFlowTable(RULE, cases));
