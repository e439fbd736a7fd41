// Element fields: `$json.body.rows.map(r => r.id)` reads the field body.rows.id of each element. The narrower reading
// must never hide a tainted value: the mapped field is still followed into the sink, a callback the reader cannot
// resolve reads the whole list, and a test of the mapped list (its text) checks no element.
import { describe } from 'node:test';
import { n8nFlow, runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { laStandardWorkflow } from '../../../helpers/wdl.js';

const RULE = 'injection/unvalidated-input-to-sink';

const webhook = { name: 'Orders', type: 'webhook', parameters: { path: 'orders', httpMethod: 'POST' } };
const pg = (query: string) => ({ name: 'Find order', type: 'postgres', parameters: { operation: 'executeQuery', query } });
const http = (url: string) => ({ name: 'Fetch', type: 'httpRequest', parameters: { url, options: {} } });
const code = (jsCode: string) => ({ name: 'Validate', type: 'code', parameters: { jsCode } });
const request = { manual: { type: 'Request', kind: 'Http', inputs: { schema: {} } } };
const fetch = (uri: string, runAfter: object = {}) => ({ type: 'Http', inputs: { method: 'GET', uri }, runAfter });

const cases: FlowCase[] = [
  {
    name: 'a field mapped out of a webhook list, joined into SQL text',
    text: n8nFlow([webhook, pg("=SELECT * FROM orders WHERE name IN ({{ $json.body.rows.map(r => r.name).join(',') }})")], [['Orders', 'Find order']]),
    expected: [{ covers: '$json.body.rows.map(r => r.name)', message: /^SQL injection: the SQL query text of "Find order" is built from body\.rows\.name of "Orders"/ }],
  },
  {
    name: 'a webhook list mapped through a callback that is not a plain field read',
    text: n8nFlow([webhook, pg("=SELECT * FROM orders WHERE name IN ({{ $json.body.rows.map(r => eval(r)).join(',') }})")], [['Orders', 'Find order']]),
    expected: [{ covers: '$json.body.rows', message: /is built from body\.rows of "Orders"/ }],
  },
  {
    name: 'ids mapped out of a webhook list that code checks element by element',
    text: n8nFlow([
      webhook,
      code("for (const r of $json.body.rows) {\n  if (!/^\\d+$/.test(r.id)) throw new Error('bad id');\n}\nreturn $input.all();"),
      pg("=SELECT * FROM orders WHERE id IN ({{ $json.body.rows.map(r => r.id).join(',') }})"),
    ], [['Orders', 'Validate'], ['Validate', 'Find order']]),
    expected: [],
  },
  {
    name: 'names mapped out of a webhook list whose ids code checks',
    text: n8nFlow([
      webhook,
      code("for (const r of $json.body.rows) {\n  if (!/^\\d+$/.test(r.id)) throw new Error('bad id');\n}\nreturn $input.all();"),
      pg("=SELECT * FROM orders WHERE name IN ({{ $json.body.rows.map(r => r.name).join(',') }})"),
    ], [['Orders', 'Validate'], ['Validate', 'Find order']]),
    expected: [{ covers: '$json.body.rows.map(r => r.name)', message: /is built from body\.rows\.name of "Orders"/ }],
  },
  {
    name: 'a starts-with check of a mapped list, which tests only how its first element starts',
    text: n8nFlow([
      webhook,
      { name: 'Check', type: 'if', parameters: { conditions: { conditions: [{ leftValue: '={{ $json.body.links.map(l => l.href) }}', rightValue: 'https://api.example.com/', operator: { type: 'string', operation: 'startsWith' } }], combinator: 'and' } } },
      http('={{ $json.body.links.map(l => l.href)[1] }}'),
    ], [['Orders', 'Check'], ['Check', 'Fetch']]),
    expected: [{ covers: '$json.body.links.map(l => l.href)[1]', message: /comes from body\.links\.href of "Orders" \(POST orders\), via "Check", with no validation step/ }],
  },
  // Workflow Definition Language: first() and last() of a list read an element, whose key is the list's element field.
  {
    name: 'the URL of the first link of a request, taken with first()',
    text: laStandardWorkflow(request, { Fetch: fetch("@{first(triggerBody()?['links'])?['href']}") }),
    expected: [{ covers: "first(triggerBody()?['links'])?['href']", message: /comes from body\.links\.href of "manual"/ }],
  },
  {
    name: 'the URL of the last link of a request whose first link an If checks',
    text: laStandardWorkflow(request, {
      Check: { type: 'If', expression: { and: [{ startsWith: ["@first(triggerBody()?['links'])?['href']", 'https://api.contoso.com/'] }] }, actions: { Fetch: fetch("@{last(triggerBody()?['links'])?['href']}") }, runAfter: {} },
    }),
    expected: [{ covers: "last(triggerBody()?['links'])?['href']", message: /comes from body\.links\.href of "manual"/ }],
  },
];

describe(`${RULE}: fields of the elements of a list`, () => runFlowTable(RULE, cases));
