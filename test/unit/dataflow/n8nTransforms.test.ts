// What n8n's Aggregate, Summarize and Rename Keys nodes pass on, as n8n runs them (dataflow/n8nTransforms.ts): Aggregate
// and Summarize output new items holding only what they aggregate (the input's other fields are gone); Rename Keys
// passes each item on with the value moved to its new key. Before, all three passed every input field on as it was.
import { describe } from 'node:test';
import { n8nFlow, runFlowTable, type FlowCase, type N8nNode } from '../../helpers/dataflow.js';

const RULE = 'injection/unvalidated-input-to-sink';

const webhook: N8nNode = { name: 'Orders', type: 'webhook', parameters: { path: 'orders', httpMethod: 'POST' } };
const fetch = (url: string): N8nNode => ({ name: 'Fetch', type: 'httpRequest', parameters: { url, options: {} } });
const chain = (...nodes: N8nNode[]) => n8nFlow(nodes, nodes.slice(1).map((n, i) => [nodes[i].name, n.name] as [string, string]));
const aggregate = (parameters: object): N8nNode => ({ name: 'Step', type: 'aggregate', typeVersion: 1, parameters: { options: {}, ...parameters } });
const renameKeys = (currentKey: string, newKey: string): N8nNode => ({ name: 'Step', type: 'renameKeys', typeVersion: 1, parameters: { keys: { key: [{ currentKey, newKey }] } } });
const urls = { fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: 'body.url', renameField: true, outputFieldName: 'urls' }] } };

const cases: FlowCase[] = [
  { name: "an Aggregate's list of URLs, one read", text: chain(webhook, aggregate(urls), fetch('={{ $json.urls[0] }}')), expected: [{ covers: '$json.urls[0]', message: /comes from body\.url of "Orders" \(POST orders\), via "Step"/ }] },
  { name: 'an input field read after an Aggregate (not passed on)', text: chain(webhook, aggregate(urls), fetch('={{ $json.body.url }}')), expected: [] },
  {
    name: "an Aggregate's items under data (All Item Data)",
    text: chain(webhook, aggregate({ aggregate: 'aggregateAllItemData' }), fetch('={{ $json.data[0].body.url }}')),
    expected: [{ covers: '$json.data[0].body.url', message: /comes from body\.url of "Orders"/ }],
  },
  {
    // A name computed by an expression: read as before (the input passed on).
    name: 'an input field read after an Aggregate of a computed field',
    text: chain(webhook, aggregate({ fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: '={{ "body." + "url" }}' }] } }), fetch('={{ $json.body.url }}')),
    expected: [{ covers: '$json.body.url', message: /comes from body\.url of "Orders"/ }],
  },
  { name: 'a URL a Summarize lists (appended_body_url)', text: chain(webhook, { name: 'Step', type: 'summarize', typeVersion: 1.1, parameters: { fieldsToSummarize: { values: [{ aggregation: 'append', field: 'body.url' }] }, options: {} } }, fetch('={{ $json.appended_body_url[0] }}')), expected: [{ covers: '$json.appended_body_url[0]', message: /comes from body\.url of "Orders"/ }] },
  { name: 'an input field read after a Summarize (not passed on)', text: chain(webhook, { name: 'Step', type: 'summarize', typeVersion: 1.1, parameters: { fieldsToSummarize: { values: [{ aggregation: 'count', field: 'body.id' }] }, options: {} } }, fetch('={{ $json.body.url }}')), expected: [] },
  { name: 'the URL Rename Keys moved to target', text: chain(webhook, renameKeys('body.url', 'target'), fetch('={{ $json.target }}')), expected: [{ covers: '$json.target', message: /comes from body\.url of "Orders" \(POST orders\), via "Step"/ }] },
  { name: 'the old key after Rename Keys moved it', text: chain(webhook, renameKeys('body.url', 'target'), fetch('={{ $json.body.url }}')), expected: [] },
  { name: 'another input field after Rename Keys (passed on)', text: chain(webhook, renameKeys('body.id', 'orderId'), fetch('={{ $json.body.url }}')), expected: [{ covers: '$json.body.url', message: /comes from body\.url of "Orders"/ }] },
  {
    name: 'the URL a Rename Keys regular expression moved to link',
    text: chain(webhook, { name: 'Step', type: 'renameKeys', typeVersion: 1, parameters: { keys: {}, additionalOptions: { regexReplacement: { replacements: [{ searchRegex: '^url$', replaceRegex: 'link', options: {} }] } } } }, fetch('={{ $json.body.link }}')),
    expected: [{ covers: '$json.body.link', message: /comes from body\.url of "Orders"/ }],
    todo: 'regular-expression renames are not read: the value stays at its old key in the model',
  },
];

describe(`${RULE}: what n8n's Aggregate, Summarize and Rename Keys pass on`, () => runFlowTable(RULE, cases));
