// Second reading of the Make, Zapier and WDL describers: a key that holds a `.` is one key (WDL `?['region.code']`,
// Make `` {{1.`region.code`}} ``), not the path `region` → `code` the sender can set beside it; a Make filter that a
// value is true lets any text through (Make reads every text but `false` and an empty one as true).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flowFindings, n8nFlow, runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { makeBlueprint, nodeRedFlow } from '../../../helpers/platformDocs.js';
import { paSolutionFlow } from '../../../helpers/wdl.js';

const RULE = 'injection/unvalidated-input-to-sink';

// Power Automate: a Request trigger anyone can call, SQL text built from what it sends.
const request = { manual: { type: 'Request', kind: 'Http', inputs: { triggerAuthenticationType: 'All', schema: {} } } };
const sqlQuery = (query: string, runAfter: object = {}) => ({
  type: 'OpenApiConnection',
  inputs: { host: { connectionName: 'shared_sql', operationId: 'ExecutePassThroughNativeQuery_V2', apiId: '/providers/Microsoft.PowerApps/apis/shared_sql' }, parameters: { server: 'default', database: 'default', 'query/query': query } },
  runAfter,
});
/** An If that lets only `'eu'` through, then SQL text built from `inQuery`. */
const checked = (checkedValue: string, inQuery: string, runAfter: object = {}) => ({
  type: 'If',
  expression: { and: [{ equals: [checkedValue, 'eu'] }] },
  actions: { Run_query: sqlQuery(`SELECT * FROM Sites WHERE Region = '@{${inQuery}}'`) },
  else: { actions: {} },
  runAfter,
});
const parseJson = (schema: object) => ({ type: 'ParseJson', inputs: { content: '@triggerBody()', schema }, runAfter: {} });
const afterParse = { Parse_JSON: ['Succeeded'] };
const regionSchema = (properties: object) => ({ type: 'object', properties });

// Make: a custom webhook anyone can call, SQL text built from what it sends.
const makeModule = (id: number, module: string, mapper: object, extra: object = {}) => ({ id, module, version: 1, parameters: {}, mapper, metadata: { designer: { x: id * 300, y: 0 } }, ...extra });
const hook = { ...makeModule(1, 'gateway:CustomWebHook', {}), parameters: { hook: 1234 }, metadata: { designer: { x: 0, y: 0, name: 'Job hook' } } };
const sqlModule = (id: number, query: string, conditions?: object[][]) => makeModule(id, 'mysql:ExecuteQuery', { query }, conditions ? { filter: { name: 'Allowed', conditions } } : {});
const setVariable = (id: number, name: string, value: string) => makeModule(id, 'util:SetVariable2', { name, scope: 'roundtrip', value });

const cases: FlowCase[] = [
  // A key with a dot, WDL.
  {
    name: "an If on triggerBody()?['region']?['code'] before SQL text with triggerBody()?['region.code'] (another key the caller sends)",
    text: paSolutionFlow(request, { Check: checked("@triggerBody()?['region']?['code']", "triggerBody()?['region.code']") }),
    expected: [{ covers: "triggerBody()?['region.code']", message: /^SQL injection: the SQL query text of "Run_query" is built from body\.region\u200b\.code of "manual", with no validation step/ }],
  },
  {
    name: "an If on body('Parse_JSON')?['region.code'] before SQL text with body('Parse_JSON')?['region']?['code']",
    text: paSolutionFlow(request, { Parse_JSON: parseJson({ type: 'object' }), Check: checked("@body('Parse_JSON')?['region.code']", "body('Parse_JSON')?['region']?['code']", afterParse) }),
    expected: [{ covers: "body('Parse_JSON')?['region']?['code']" }],
  },
  {
    name: "a Parse JSON schema that enumerates region.code (a key with a dot), before SQL text with ?['region']?['code']",
    text: paSolutionFlow(request, { Parse_JSON: parseJson(regionSchema({ 'region.code': { type: 'string', enum: ['eu', 'us'] } })), Run_query: sqlQuery("SELECT * FROM Sites WHERE Region = '@{body('Parse_JSON')?['region']?['code']}'", afterParse) }),
    expected: [{ covers: "body('Parse_JSON')?['region']?['code']" }],
  },
  {
    name: "an If on triggerOutputs()?['body/@odata.id'] (an outputs path whose last key holds a dot) before SQL text with triggerBody()?['@odata']?['id']",
    text: paSolutionFlow(request, { Check: checked("@triggerOutputs()?['body/@odata.id']", "triggerBody()?['@odata']?['id']") }),
    expected: [{ covers: "triggerBody()?['@odata']?['id']" }],
  },
  // The same key on both sides, or written through a step, still matches.
  {
    name: "an If on triggerBody()?['region.code'] before SQL text with the same key",
    text: paSolutionFlow(request, { Check: checked("@triggerBody()?['region.code']", "triggerBody()?['region.code']") }),
    expected: [],
  },
  {
    name: 'a Parse JSON schema that enumerates region.code, before SQL text with the same key',
    text: paSolutionFlow(request, { Parse_JSON: parseJson(regionSchema({ 'region.code': { type: 'string', enum: ['eu', 'us'] } })), Run_query: sqlQuery("SELECT * FROM Sites WHERE Region = '@{body('Parse_JSON')?['region.code']}'", afterParse) }),
    expected: [],
  },
  {
    name: "a Compose that puts the request's region under the key region.code, read back as outputs('Compose')?['region.code'] into SQL text",
    text: paSolutionFlow(request, { Compose: { type: 'Compose', inputs: { 'region.code': "@triggerBody()?['region']" }, runAfter: {} }, Run_query: sqlQuery("SELECT * FROM Sites WHERE Region = '@{outputs('Compose')?['region.code']}'", { Compose: ['Succeeded'] }) }),
    expected: [{ covers: "outputs('Compose')?['region.code']", message: /built from body\.region of "manual", via "Compose"/ }],
  },
  // A key with a dot, Make.
  {
    name: 'a Make filter on {{1.region.code}} before SQL text with {{1.`region.code`}} (another key)',
    text: makeBlueprint(hook, sqlModule(2, "SELECT * FROM jobs WHERE region = '{{1.`region.code`}}'", [[{ a: '{{1.region.code}}', b: 'eu', o: 'text:equal' }]])),
    expected: [{ covers: '1.`region.code`', message: /built from region\u200b\.code of "Job hook", with no validation step/ }],
  },
  {
    name: 'a Make filter on {{1.`region.code`}} before SQL text with the same key',
    text: makeBlueprint(hook, sqlModule(2, "SELECT * FROM jobs WHERE region = '{{1.`region.code`}}'", [[{ a: '{{1.`region.code`}}', b: 'eu', o: 'text:equal' }]])),
    expected: [],
  },
  {
    name: 'a Make variable named region.code, set from the hook and read back as {{2.`region.code`}} into SQL text',
    text: makeBlueprint(hook, setVariable(2, 'region.code', '{{1.region}}'), sqlModule(3, "SELECT * FROM jobs WHERE region = '{{2.`region.code`}}'")),
    expected: [{ covers: '2.`region.code`', message: /built from region of "Job hook", via "util:SetVariable2"/ }],
  },
  {
    name: 'a Make variable named region.code read through Get variable into SQL text',
    text: makeBlueprint(hook, setVariable(2, 'region.code', '{{1.region}}'), makeModule(3, 'util:GetVariable2', { name: 'region.code' }), sqlModule(4, "SELECT * FROM jobs WHERE region = '{{3.`region.code`}}'")),
    expected: [{ covers: '3.`region.code`', message: /built from region of "Job hook", via "util:SetVariable2" → "util:GetVariable2"/ }],
  },
  // Make boolean conditions.
  ...([
    ['Equal to true', 'boolean:equal', 'true'],
    ['Equal to true (a JSON true)', 'boolean:equal', true],
    ['Not equal to false', 'boolean:notequal', 'false'],
    ['Equal to a mapped value', 'boolean:equal', '{{1.expected}}'],
  ] as const).map(([what, o, b]): FlowCase => ({
    name: `a Make filter that the value is ${what} (${o}) before SQL text with it`,
    text: makeBlueprint(hook, sqlModule(2, "SELECT * FROM jobs WHERE id = '{{1.id}}'", [[{ a: '{{1.id}}', b, o }]])),
    expected: [{ covers: '1.id', message: /^SQL injection: .* built from id of "Job hook", with no validation step on the way\. "mysql:ExecuteQuery" checks it in a way that does not restrict its characters\./ }],
  })),
  ...([
    ['Equal to false', 'boolean:equal', 'false'],
    ['Not equal to true', 'boolean:notequal', true],
    ['Equal to an empty text', 'boolean:equal', ''],
  ] as const).map(([what, o, b]): FlowCase => ({
    name: `a Make filter that the value is ${what} (${o}) before SQL text with it (only false and empty values pass)`,
    text: makeBlueprint(hook, sqlModule(2, "SELECT * FROM jobs WHERE id = '{{1.id}}'", [[{ a: '{{1.id}}', b, o }]])),
    expected: [],
  })),
  {
    name: 'a Make filter that a number is greater than 0 before SQL text (still a type check)',
    text: makeBlueprint(hook, sqlModule(2, "SELECT * FROM jobs WHERE id = '{{1.id}}'", [[{ a: '{{1.id}}', b: '0', o: 'number:greater' }]])),
    expected: [],
  },
];

describe(`${RULE}: describers, second reading (keys with a dot, Make boolean filters)`, () => runFlowTable(RULE, cases));

// Not fixed here (the rule decides, and it is not a describer's file): a number in the port of a URL whose host is
// literal cannot choose the host, yet a number check before it is reported as SSRF of the host, with a message that a
// number names an IPv4 address.
describe(`${RULE}: a number in the port of a fixed host (second reading, open)`, () => {
  it('stays quiet for a number-checked port of a fixed host', () => {
    const text = paSolutionFlow(request, {
      Check: { type: 'If', expression: { and: [{ greater: ["@int(triggerBody()?['port'])", 0] }] }, actions: { Fetch: { type: 'Http', inputs: { method: 'GET', uri: "http://internal.example.com:@{triggerBody()?['port']}/status" }, runAfter: {} } }, else: { actions: {} }, runAfter: {} },
    });
    assert.deepEqual(flowFindings(RULE, { text }).map((f) => f.message), []);
  });
});

// Not fixed here (the n8n and Node-RED describers are not part of this reading): checks read as type checks that let
// any text through. n8n parses a dateTime operand with Date.parse as its last resort, which skips text in parentheses
// and a `$` (`2000-01-02 ('; DROP TABLE t; --)` and `Jan 2 2000 $(id)` are dates); a Node-RED switch compares with a
// string bound (`vt: 'str'`, or a flow/global/env value, whose type the export does not fix) as strings, so `z; rm -rf /`
// is greater than `0`.
describe(`${RULE}: type checks that let text through (second reading, open)`, () => {
  const reported = (text: string) => flowFindings(RULE, { text }).length;
  const webhook = { name: 'Orders', type: 'webhook', parameters: { path: 'orders', httpMethod: 'POST' } };
  const touch = { name: 'Run', type: 'executeCommand', parameters: { command: '=touch /tmp/{{ $json.body.when }}' } };
  const dateCheck = { name: 'Check', type: 'if', parameters: { conditions: { conditions: [{ leftValue: '={{ $json.body.when }}', rightValue: '2000-01-01', operator: { type: 'dateTime', operation: 'after' } }], combinator: 'and' } } };
  it('reports an n8n dateTime check before a shell command', () => {
    assert.equal(reported(n8nFlow([webhook, dateCheck, touch], [['Orders', 'Check'], ['Check', 'Run']])), 1);
  });
  for (const [bound, rule] of [
    ["a string ('0', vt: 'str')", { t: 'gt', v: '0', vt: 'str' }],
    ['a flow context value', { t: 'gt', v: 'min', vt: 'flow' }],
    ['an environment variable', { t: 'btwn', v: 'MIN', vt: 'env', v2: 'MAX', v2t: 'env' }],
  ] as const) {
    it(`reports a Node-RED switch comparing with ${bound} before an exec node`, () => {
      const text = nodeRedFlow(
        { id: 'in', type: 'http in', z: 't1', name: 'Orders', url: '/orders', method: 'post', wires: [['sw']] },
        { id: 'sw', type: 'switch', z: 't1', name: 'Positive?', property: 'payload', propertyType: 'msg', rules: [rule], outputs: 1, wires: [['exec']] },
        { id: 'exec', type: 'exec', z: 't1', name: 'Convert', command: 'convert', addpay: 'payload', append: '', wires: [[], [], []] },
      );
      assert.equal(reported(text), 1);
    });
  }
});
