// Second reading of 941ba95 (a Set node read by its typeVersion, with Selected and All Except), against n8n's Set
// (v2/SetV2.node.ts: from 3.3 `include` is none unless Include Other Input Fields is on; v2/helpers/utils.ts prepareItem:
// "Selected" reads `includeFields` for each item, so a computed list may name any field; the fields the node sets are
// set after the included ones; without dot notation an excluded `body.url` is `delete item['body.url']`, a key of that
// name, and body's url stays).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flowFindings, n8nFlow, type FlowCase, type N8nNode } from '../../helpers/dataflow.js';

const RULE = 'injection/unvalidated-input-to-sink';

const webhook: N8nNode = { name: 'Orders', type: 'webhook', parameters: { path: 'orders', httpMethod: 'POST' } };
const fetch = (url: string): N8nNode => ({ name: 'Fetch', type: 'httpRequest', parameters: { url, options: {} } });
const chain = (...nodes: N8nNode[]) => n8nFlow(nodes, nodes.slice(1).map((n, i) => [nodes[i].name, n.name] as [string, string]));
const set = (typeVersion: number, parameters: object): N8nNode => ({ name: 'Keep', type: 'set', typeVersion, parameters: { options: {}, ...parameters } });
const status = { assignments: [{ id: 'a1', name: 'url', value: 'https://status.example.com/ping', type: 'string' }] };

function runTable(cases: readonly FlowCase[]): void {
  for (const c of cases) {
    it(c.expected.length ? `reports ${c.name}` : `stays quiet for ${c.name}`, () => {
      const findings = flowFindings(RULE, c);
      assert.equal(findings.length, c.expected.length, findings.map((f) => f.message).join('\n'));
      c.expected.forEach((e, i) => {
        if (e.message) assert.match(findings[i].message, e.message);
      });
    });
  }
}

describe('n8n Set, Selected and All Except as prepareItem runs them (second reading of 941ba95)', () => {
  runTable([
    // A computed list is read for each item: it may name body.url (failed: nothing passed, a missed SSRF).
    {
      name: 'Selected with Fields to Include computed (3.2)',
      text: chain(webhook, set(3.2, { fields: { values: [] }, include: 'selected', includeFields: '={{ $json.body.keep }}' }), fetch('={{ $json.body.url }}')),
      expected: [{ covers: '$json.body.url', message: /comes from body\.url of "Orders"/ }],
    },
    {
      name: 'Selected with Fields to Include computed (3.4, other fields on)',
      text: chain(webhook, set(3.4, { assignments: { assignments: [] }, includeOtherFields: true, include: 'selected', includeFields: '={{ $json.body.keep }}' }), fetch('={{ $json.body.url }}')),
      expected: [{ covers: '$json.body.url', message: /comes from body\.url of "Orders"/ }],
    },
    // Without dot notation n8n deletes the key "body.url", which the webhook's item does not have (failed: removed).
    {
      name: 'All Except body.url without dot notation: body.url stays',
      text: chain(webhook, set(3.2, { fields: { values: [] }, include: 'except', excludeFields: 'body.url', options: { dotNotation: false } }), fetch('={{ $json.body.url }}')),
      expected: [{ covers: '$json.body.url', message: /comes from body\.url of "Orders"/ }],
    },
    // Guard: with dot notation (the default) it is gone.
    { name: 'All Except body.url with dot notation', text: chain(webhook, set(3.2, { fields: { values: [] }, include: 'except', excludeFields: 'body.url' }), fetch('={{ $json.body.url }}')), expected: [] },
    // The node's own url is set after the included body.url (under url): the constant is what goes on (failed: reported).
    {
      name: 'Selected body.url replaced by the url the node sets',
      text: chain(webhook, set(3.4, { assignments: status, includeOtherFields: true, include: 'selected', includeFields: 'body.url, body.id' }), fetch('={{ $json.url }}')),
      expected: [],
    },
    // Guard: the other included field still comes through.
    {
      name: 'Selected body.id beside a url the node sets',
      text: chain(webhook, set(3.4, { assignments: status, includeOtherFields: true, include: 'selected', includeFields: 'body.url, body.id' }), fetch('={{ $json.id }}')),
      expected: [{ covers: '$json.id', message: /comes from body\.id of "Orders"/ }],
    },
    // From 3.3, a JSON-mode node with Include Other Input Fields off includes none, whatever `include` says (failed: url included).
    {
      name: 'a JSON-mode Set 3.4 with other fields off and a stale include: selected',
      text: chain(webhook, set(3.4, { mode: 'raw', jsonOutput: '={ "a": 1 }', include: 'selected', includeFields: 'body.url' }), fetch('={{ $json.url }}')),
      expected: [],
    },
    // Guard: with it on, body.url is included under url.
    {
      name: 'a JSON-mode Set 3.4 with other fields on, Selected body.url',
      text: chain(webhook, set(3.4, { mode: 'raw', jsonOutput: '={ "a": 1 }', includeOtherFields: true, include: 'selected', includeFields: 'body.url' }), fetch('={{ $json.url }}')),
      expected: [{ covers: '$json.url', message: /comes from body\.url of "Orders"/ }],
    },
  ]);
});
