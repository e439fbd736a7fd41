// Second reading of 123beee and aeeaa22 (element fields): a check of one element of a list, or of a list of fields read
// out of each element, must not clear a sink of another element, also when the value reaches the check through a Set
// node, a variable or an index (`links[0].href`, `?[0]?['href']`). A check of the very element the sink reads still counts.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flowFindings, n8nFlow, runFlowTable, type FlowCase } from '../../helpers/dataflow.js';
import { laStandardWorkflow } from '../../helpers/wdl.js';

const RULE = 'injection/unvalidated-input-to-sink';

const webhook = { name: 'Orders', type: 'webhook', parameters: { path: 'orders', httpMethod: 'POST' } };
const http = (url: string) => ({ name: 'Fetch', type: 'httpRequest', parameters: { url, options: {} } });
const startsWith = (leftValue: string) => ({
  name: 'Check',
  type: 'if',
  parameters: { conditions: { conditions: [{ leftValue, rightValue: 'https://api.example.com/', operator: { type: 'string', operation: 'startsWith' } }], combinator: 'and' } },
});
const set = (name: string, value: string) => ({ name: 'Keep', type: 'set', typeVersion: 3.4, parameters: { assignments: { assignments: [{ id: 'a1', name, value, type: 'string' }] }, includeOtherFields: true, options: {} } });
const code = (jsCode: string) => ({ name: 'Validate', type: 'code', parameters: { jsCode } });
const request = { manual: { type: 'Request', kind: 'Http', inputs: { schema: {} } } };
const fetch = (uri: string, runAfter: object = {}) => ({ type: 'Http', inputs: { method: 'GET', uri }, runAfter });
const ifStartsWith = (left: string, actions: object, runAfter: object = {}) => ({ type: 'If', expression: { and: [{ startsWith: [left, 'https://api.contoso.com/'] }] }, actions, runAfter });

const cases: FlowCase[] = [
  // n8n
  {
    name: 'n8n: an IF on the first link of a webhook list, then a request to the second link',
    text: n8nFlow([webhook, startsWith('={{ $json.body.links[0].href }}'), http('={{ $json.body.links[1].href }}')], [['Orders', 'Check'], ['Check', 'Fetch']]),
    expected: [{ covers: '$json.body.links[1].href', message: /comes from body\.links\.href of "Orders" \(POST orders\), via "Check", with no validation step/ }],
  },
  {
    name: 'n8n: an IF on the links mapped by a Set node, then a request to the second link',
    text: n8nFlow([webhook, set('hrefs', '={{ $json.body.links.map(l => l.href) }}'), startsWith('={{ $json.hrefs }}'), http('={{ $json.body.links[1].href }}')], [['Orders', 'Keep'], ['Keep', 'Check'], ['Check', 'Fetch']]),
    expected: [{ covers: '$json.body.links[1].href', message: /comes from body\.links\.href of "Orders"/ }],
  },
  {
    name: 'n8n: an IF on the first link kept by a Set node, then a request to the second link',
    text: n8nFlow([webhook, set('href', '={{ $json.body.links[0].href }}'), startsWith('={{ $json.href }}'), http('={{ $json.body.links[1].href }}')], [['Orders', 'Keep'], ['Keep', 'Check'], ['Check', 'Fetch']]),
    expected: [{ covers: '$json.body.links[1].href', message: /comes from body\.links\.href of "Orders"/ }],
  },
  {
    name: 'n8n: code that checks the first link, then a request to the second link',
    text: n8nFlow([
      webhook,
      code("if (!$json.body.links[0].href.startsWith('https://api.example.com/')) throw new Error('bad link');\nreturn $input.all();"),
      http('={{ $json.body.links[1].href }}'),
    ], [['Orders', 'Validate'], ['Validate', 'Fetch']]),
    expected: [{ covers: '$json.body.links[1].href', message: /comes from body\.links\.href of "Orders"/ }],
  },
  {
    name: 'n8n: an IF on the first link, then a request to that same link (the check counts)',
    text: n8nFlow([webhook, startsWith('={{ $json.body.links[0].href }}'), http('={{ $json.body.links[0].href }}')], [['Orders', 'Check'], ['Check', 'Fetch']]),
    expected: [],
  },
  {
    name: 'n8n: an IF on the first link kept by a Set node, then a request to the kept link (the check counts)',
    text: n8nFlow([webhook, set('href', '={{ $json.body.links[0].href }}'), startsWith('={{ $json.href }}'), http('={{ $json.href }}')], [['Orders', 'Keep'], ['Keep', 'Check'], ['Check', 'Fetch']]),
    expected: [],
  },
  // Workflow Definition Language
  {
    name: "WDL: an If on ?[0]?['href'] of a request's links, then a request to last(…)?['href']",
    text: laStandardWorkflow(request, { Check: ifStartsWith("@triggerBody()?['links']?[0]?['href']", { Fetch: fetch("@{last(triggerBody()?['links'])?['href']}") }) }),
    expected: [{ covers: "last(triggerBody()?['links'])?['href']", message: /comes from body\.links\.href of "manual"/ }],
  },
  {
    name: "WDL: an If on a variable set to first(…)?['href'], then a request to last(…)?['href']",
    text: laStandardWorkflow(request, {
      Init: { type: 'InitializeVariable', inputs: { variables: [{ name: 'link', type: 'string', value: "@{first(triggerBody()?['links'])?['href']}" }] }, runAfter: {} },
      Check: ifStartsWith("@variables('link')", { Fetch: fetch("@{last(triggerBody()?['links'])?['href']}") }, { Init: ['Succeeded'] }),
    }),
    expected: [{ covers: "last(triggerBody()?['links'])?['href']", message: /comes from body\.links\.href of "manual"/ }],
  },
  {
    name: "WDL: an If on first(…)?['href'], then a request to ?[0]?['href'], the same link (the check counts)",
    text: laStandardWorkflow(request, { Check: ifStartsWith("@first(triggerBody()?['links'])?['href']", { Fetch: fetch("@{triggerBody()?['links']?[0]?['href']}") }) }),
    expected: [],
  },
];

describe(`${RULE}: a check of elements of a list (second reading)`, () => runFlowTable(RULE, cases));

// A key built by a template literal (`a[`${field}`]`) is no known key: the element is read whole. It was read as the key
// `${field}` (no contact details), so the attendees' e-mails sent that way were not reported (the mapped form since 123beee).
describe('privacy/sensitive-data-to-third-party: an element read by a computed template key', () => {
  for (const content of ["=Write to {{ $json.attendees.map(a => a[`${$json.contactField}`]).join(', ') }}", '=Write to {{ $json.attendees[0][`${$json.contactField}`] }}']) {
    it(`reports ${content}`, () => {
      const text = n8nFlow([
        { name: 'Event', type: 'googleCalendar', parameters: { operation: 'get' } },
        { name: 'Recap', type: '@n8n/n8n-nodes-langchain.openAi', parameters: { resource: 'text', messages: { values: [{ content }] } } },
      ], [['Event', 'Recap']]);
      assert.equal(flowFindings('privacy/sensitive-data-to-third-party', { text }).length, 1);
    });
  }
});
