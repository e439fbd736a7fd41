// A number, boolean or date check restricts a value's characters, but not where a URL it names the host of goes: one
// number names any IPv4 address (`http://2852039166/` is 169.254.169.254), as for a value converted to a number.
import { describe } from 'node:test';
import { n8nFlow, runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { nodeRedFlow } from '../../../helpers/platformDocs.js';

const RULE = 'injection/unvalidated-input-to-sink';

const webhook = { name: 'Orders', type: 'webhook', parameters: { path: 'orders', httpMethod: 'POST' } };
const pg = (query: string) => ({ name: 'Find order', type: 'postgres', parameters: { operation: 'executeQuery', query } });
const http = (url: string) => ({ name: 'Fetch', type: 'httpRequest', parameters: { url, options: {} } });
const numberCheck = (leftValue: string) => ({
  name: 'Check',
  type: 'if',
  parameters: { conditions: { conditions: [{ leftValue, rightValue: '0', operator: { type: 'number', operation: 'gt' } }], combinator: 'and' } },
});
const code = (jsCode: string) => ({ name: 'Validate', type: 'code', parameters: { jsCode } });

const cases: FlowCase[] = [
  {
    name: 'a number check on a field that becomes the host of a URL (n8n IF)',
    text: n8nFlow([webhook, numberCheck('={{ $json.body.host }}'), http('=http://{{ $json.body.host }}/latest/meta-data/')], [['Orders', 'Check'], ['Check', 'Fetch']]),
    expected: [{ covers: '$json.body.host', nth: 1, message: /^Server-side request forgery.*"Check" only checks its type, and as a host one number names any IPv4 address/ }],
  },
  {
    name: "code that throws unless the host field is a number (typeof n !== 'number')",
    text: n8nFlow([
      webhook,
      code("const n = $json.body.host;\nif (typeof n !== 'number') throw new Error('host must be a number');\nreturn $input.all();"),
      http('=http://{{ $json.body.host }}/status'),
    ], [['Orders', 'Validate'], ['Validate', 'Fetch']]),
    expected: [{ covers: '$json.body.host', nth: 1 }],
  },
  {
    name: 'a Node-RED switch that passes only numbers on to the URL of an http request',
    text: nodeRedFlow(
      { id: 'in', type: 'http in', z: 't1', name: 'Orders', url: '/orders', method: 'post', wires: [['sw']] },
      { id: 'sw', type: 'switch', z: 't1', name: 'Number?', property: 'payload.host', propertyType: 'msg', rules: [{ t: 'istype', v: 'number', vt: 'number' }], outputs: 1, wires: [['req']] },
      { id: 'req', type: 'http request', z: 't1', name: 'Fetch', method: 'GET', url: 'http://{{payload.host}}/status', wires: [[]] },
    ),
    expected: [{ covers: '{{payload.host}}' }],
  },
  // The same checks still make the value safe for the other sinks.
  {
    name: 'a number check on a field written into SQL text',
    text: n8nFlow([webhook, numberCheck('={{ $json.body.id }}'), pg('SELECT * FROM orders WHERE id = {{ $json.body.id }}')], [['Orders', 'Check'], ['Check', 'Find order']]),
    expected: [],
  },
  {
    name: 'a number check on a field in the path of a URL whose host is fixed',
    text: n8nFlow([webhook, numberCheck('={{ $json.body.id }}'), http('=https://api.example.com/orders/{{ $json.body.id }}')], [['Orders', 'Check'], ['Check', 'Fetch']]),
    expected: [],
  },
];

describe(`${RULE}: type checks and the host of a URL`, () => runFlowTable(RULE, cases));

// A number in the port of a URL whose scheme and host are literal picks a port on that host, not the host; anything else
// there can move the host (`80@evil.net` makes evil.net the host, the rest user info).
const portCases: FlowCase[] = [
  {
    name: 'a number check on a field in the port of a fixed host (n8n)',
    text: n8nFlow([webhook, numberCheck('={{ $json.body.port }}'), http('=http://internal.example.com:{{ $json.body.port }}/status')], [['Orders', 'Check'], ['Check', 'Fetch']]),
    expected: [],
  },
  {
    name: 'a field converted to a number in the port of a fixed host (n8n)',
    text: n8nFlow([webhook, http('=http://internal.example.com:{{ parseInt($json.body.port, 10) }}/status')], [['Orders', 'Fetch']]),
    expected: [],
  },
  {
    name: 'an unchecked field in the port of a fixed host (80@evil.net moves the host)',
    text: n8nFlow([webhook, http('=http://internal.example.com:{{ $json.body.port }}/status')], [['Orders', 'Fetch']]),
    expected: [{ covers: '$json.body.port', message: /^Server-side request forgery/ }],
  },
  {
    name: 'a number check on a field after the port of a host that is not literal',
    text: n8nFlow([webhook, numberCheck('={{ $json.body.port }}'), http('=http://{{ $json.body.host }}:{{ $json.body.port }}/status')], [['Orders', 'Check'], ['Check', 'Fetch']]),
    expected: [{ covers: '$json.body.host' }],
  },
  {
    name: 'a Node-RED switch that passes only numbers on to the port of a fixed host',
    text: nodeRedFlow(
      { id: 'in', type: 'http in', z: 't1', name: 'Orders', url: '/orders', method: 'post', wires: [['sw']] },
      { id: 'sw', type: 'switch', z: 't1', name: 'Number?', property: 'payload.port', propertyType: 'msg', rules: [{ t: 'istype', v: 'number', vt: 'number' }], outputs: 1, wires: [['req']] },
      { id: 'req', type: 'http request', z: 't1', name: 'Fetch', method: 'GET', url: 'http://internal.example.com:{{payload.port}}/status', wires: [[]] },
    ),
    expected: [],
  },
];

describe(`${RULE}: the port of a fixed host`, () => runFlowTable(RULE, portCases));
