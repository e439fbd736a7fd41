// What n8n's Set (Edit Fields) and Split Out nodes pass on, as n8n runs them: a Set node from version 3.3 outputs only the
// fields it sets unless "Include Other Input Fields" is on (3.0 to 3.2: unless "Include in Output" is none; v1 and v2:
// unless "Keep Only Set"); Split Out outputs one item per element of the field it splits, the other input fields only
// when "Include" says so. Before, both passed every input field on, so a request after them was taken to read fields
// that no longer exist, and a split item's fields were named as if they were the source's top-level fields.
import { describe } from 'node:test';
import { n8nFlow, runFlowTable, type FlowCase, type N8nNode } from '../../helpers/dataflow.js';

const RULE = 'injection/unvalidated-input-to-sink';

const webhook: N8nNode = { name: 'Orders', type: 'webhook', parameters: { path: 'orders', httpMethod: 'POST' } };
const fetch = (url: string): N8nNode => ({ name: 'Fetch', type: 'httpRequest', parameters: { url, options: {} } });
const chain = (...nodes: N8nNode[]) => n8nFlow(nodes, nodes.slice(1).map((n, i) => [nodes[i].name, n.name] as [string, string]));
const assignments = { assignments: [{ id: 'a1', name: 'orderId', value: '={{ $json.body.id }}', type: 'string' }] };
const set = (typeVersion: number, parameters: object): N8nNode => ({ name: 'Keep', type: 'set', typeVersion, parameters });
const splitOut = (parameters: object): N8nNode => ({ name: 'Each link', type: 'splitOut', typeVersion: 1, parameters });

const cases: FlowCase[] = [
  // Set, version by version: the webhook's body.url is gone after a Set that keeps only what it sets.
  { name: 'Set 3.4: only the fields it sets (the default)', text: chain(webhook, set(3.4, { assignments, options: {} }), fetch('={{ $json.body.url }}')), expected: [] },
  {
    name: 'Set 3.4: with Include Other Input Fields',
    text: chain(webhook, set(3.4, { assignments, includeOtherFields: true, options: {} }), fetch('={{ $json.body.url }}')),
    expected: [{ covers: '$json.body.url', message: /the host of the request URL of "Fetch" comes from body\.url of "Orders"/ }],
  },
  {
    name: 'Set 3.2: all input fields (the default)',
    text: chain(webhook, set(3.2, { fields: { values: [{ name: 'orderId', stringValue: '={{ $json.body.id }}' }] }, options: {} }), fetch('={{ $json.body.url }}')),
    expected: [{ covers: '$json.body.url', message: /comes from body\.url of "Orders"/ }],
  },
  { name: 'Set 3.2: no input fields', text: chain(webhook, set(3.2, { fields: { values: [{ name: 'orderId', stringValue: '={{ $json.body.id }}' }] }, include: 'none', options: {} }), fetch('={{ $json.body.url }}')), expected: [] },
  { name: 'Set 2: Keep Only Set', text: chain(webhook, set(2, { values: { string: [{ name: 'orderId', value: '={{ $json.body.id }}' }] }, keepOnlySet: true, options: {} }), fetch('={{ $json.body.url }}')), expected: [] },
  {
    name: 'Set 2: every field kept (the default)',
    text: chain(webhook, set(2, { values: { string: [{ name: 'orderId', value: '={{ $json.body.id }}' }] }, options: {} }), fetch('={{ $json.body.url }}')),
    expected: [{ covers: '$json.body.url', message: /comes from body\.url of "Orders"/ }],
  },
  {
    name: 'Set 3.4: a field it sets still carries the input',
    text: chain(webhook, set(3.4, { assignments: { assignments: [{ id: 'a1', name: 'target', value: '={{ $json.body.url }}', type: 'string' }] }, options: {} }), fetch('={{ $json.target }}')),
    expected: [{ covers: '$json.target', message: /comes from body\.url of "Orders" \(POST orders\), via "Keep"/ }],
  },
  // Split Out: each element of body.links becomes an item.
  {
    name: 'Split Out: a field of each element',
    text: chain(webhook, splitOut({ fieldToSplitOut: 'body.links', options: {} }), fetch('={{ $json.href }}')),
    expected: [{ covers: '$json.href', message: /comes from body\.links\.href of "Orders" \(POST orders\), via "Each link"/ }],
  },
  {
    name: 'Split Out: the field name written as an expression of its text (=body.links)',
    text: chain(webhook, splitOut({ fieldToSplitOut: '=body.links', options: {} }), fetch('={{ $json.href }}')),
    expected: [{ covers: '$json.href', message: /comes from body\.links\.href of "Orders"/ }],
  },
  {
    name: 'Split Out: a list of plain values, under the field name',
    text: chain(webhook, splitOut({ fieldToSplitOut: 'urls', options: {} }), fetch('={{ $json.urls }}')),
    expected: [{ covers: '$json.urls', message: /comes from urls of "Orders"/ }],
  },
  {
    // The split item is the element: its body.url is the element's, which the caller wrote too; the input's is gone.
    name: 'Split Out: the other input fields are left out (the default)',
    text: chain(webhook, splitOut({ fieldToSplitOut: 'body.links', options: {} }), fetch('={{ $json.body.url }}')),
    expected: [{ covers: '$json.body.url', message: /comes from body\.links\.body\.url of "Orders"/ }],
  },
  {
    name: 'Split Out: all other fields included',
    text: chain(webhook, splitOut({ fieldToSplitOut: 'body.links', include: 'allOtherFields', options: {} }), fetch('={{ $json.body.url }}')),
    expected: [{ covers: '$json.body.url', message: /comes from body\.url of "Orders" \(POST orders\), via/ }],
  },
  {
    // A name the node computes is not read: everything passes on, as before.
    name: 'Split Out: a computed field name passes every field on',
    text: chain(webhook, splitOut({ fieldToSplitOut: '={{ $json.which }}', options: {} }), fetch('={{ $json.body.url }}')),
    expected: [{ covers: '$json.body.url', message: /comes from body\.url of "Orders"/ }],
  },
];

describe(`${RULE}: what n8n's Set and Split Out nodes pass on`, () => runFlowTable(RULE, cases));
