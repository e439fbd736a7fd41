// Element fields read through a callback with a block body or a template literal: a parameter used only as `p.field`
// (`p.field.sub`, `p?.field`, `p['field']`) reads those fields of each element, one reference per field; any other use of
// it (a call on it, a spread, a computed key, JSON.stringify(p), …) reads the whole list, so no tainted value is hidden.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { n8nReferences } from '../../../server/src/core/dataflow/n8n.js';
import { flowFindings, n8nFlow, runFlowTable, type FlowCase } from '../../helpers/dataflow.js';

const refs = (value: string, code?: 'js') =>
  n8nReferences(value, { idByName: new Map(), code, itemsWord: code ? 'items' : undefined }).map((r) => ({ field: r.field, elements: r.elements ?? false }));
const each = (...fields: string[]) => fields.map((field) => ({ field, elements: true }));
const whole = [{ field: 'attendees', elements: false }];

describe('n8n references: block and template callbacks of .map', () => {
  const table: [string, ReturnType<typeof refs>][] = [
    ['={{ $json.attendees.map(a => { return a.name; }) }}', each('attendees.name')],
    ['={{ $json.attendees.map(a => { return a.name }) }}', each('attendees.name')],
    ['={{ $json.attendees.map((a) => `${a.name} <${a.profile?.title}>`).join(", ") }}', each('attendees.name', 'attendees.profile.title')],
    ["={{ $json.attendees.map(a => { return `${a['name']}: ${a.notes.replaceAll('\\n', ' ') || 'none'}`; }) }}", each('attendees.name', 'attendees.notes')],
    ['={{ $json.attendees.map(a => a.first + " " + a.last) }}', each('attendees.first', 'attendees.last')],
    ['={{ $json.attendees.map(a => a.name.toUpperCase()) }}', each('attendees.name')],
    ['={{ $json.attendees.map(function (a) { return `${a.name}`; }) }}', each('attendees.name')],
    ['={{ $json.groups.map(g => `${g.title}: ${g.members.map(m => `${m.name} ${m.role}`)}`) }}', [
      { field: 'groups.title', elements: true }, { field: 'groups.members.name', elements: true }, { field: 'groups.members.role', elements: true },
    ]],
    // Any other use of the parameter reads the whole list.
    ['={{ $json.attendees.map(a => { log(a); return a.name; }) }}', whole],
    ['={{ $json.attendees.map(a => { return `${a.name} ${JSON.stringify(a)}`; }) }}', whole],
    ['={{ $json.attendees.map(a => `${a.name} ${Object.keys(a)}`) }}', whole],
    ['={{ $json.attendees.map(a => ({ ...a, x: a.name })) }}', whole],
    ['={{ $json.attendees.map(a => `${a.name} ${a[key]}`) }}', whole],
    ['={{ $json.attendees.map(a => { const b = a; return b.name; }) }}', whole],
    // The element itself is each element, whole, as a => a was read before (a check of it checks no other element).
    ['={{ $json.attendees.map(a => { return a; }) }}', [{ field: 'attendees', elements: true }]],
    ['={{ $json.attendees.map(a => a) }}', [{ field: 'attendees', elements: true }]],
    ['={{ $json.attendees.map(a => { return `${a}`; }) }}', whole],
    ['={{ $json.attendees.map(a => f(a.name, a)) }}', whole],
    ['={{ $json.attendees.map(function (a) { return `${a.name} ${arguments[0].email}`; }) }}', whole],
    ['={{ $json.attendees.map(({ name, ...rest }) => `${name} ${rest.email}`) }}', whole],
    ['={{ $json.attendees.map((a, i) => `${i}: ${a.name}`) }}', whole],
  ];
  for (const [value, expected] of table) it(value, () => assert.deepEqual(refs(value), expected));

  it('reads a value of the flow inside the callback on its own', () => {
    assert.deepEqual(refs('={{ $json.attendees.map(a => `${a.name} ${$json.topic}`) }}'), [...each('attendees.name'), { field: 'topic', elements: false }]);
  });
});

describe('block callbacks in rules', () => {
  const webhook = { name: 'Orders', type: 'webhook', parameters: { path: 'orders', httpMethod: 'POST' } };
  const pg = (query: string) => ({ name: 'Find order', type: 'postgres', parameters: { operation: 'executeQuery', query } });
  const cases: FlowCase[] = [
    {
      name: 'a block callback returning a field of each element of a webhook list, joined into SQL text',
      text: n8nFlow([webhook, pg("=SELECT * FROM orders WHERE name IN ({{ $json.body.rows.map(r => { return `'${r.name}'`; }).join(',') }})")], [['Orders', 'Find order']]),
      expected: [{ covers: '$json.body.rows.map(r => { return `\'${r.name}\'`; })', message: /is built from body\.rows\.name of "Orders"/ }],
    },
    {
      name: 'a block callback that also passes the element to a call, joined into SQL text',
      text: n8nFlow([webhook, pg("=SELECT * FROM orders WHERE name IN ({{ $json.body.rows.map(r => { log(r); return r.name }).join(',') }})")], [['Orders', 'Find order']]),
      expected: [{ covers: '$json.body.rows', message: /is built from body\.rows of "Orders"/ }],
    },
  ];
  runFlowTable('injection/unvalidated-input-to-sink', cases);

  const PRIVACY = 'privacy/sensitive-data-to-third-party';
  const prompt = (content: string) => n8nFlow([
    { name: 'Event', type: 'googleCalendar', parameters: { operation: 'get' } },
    { name: 'Recap', type: '@n8n/n8n-nodes-langchain.openAi', parameters: { resource: 'text', messages: { values: [{ content }] } } },
  ], [['Event', 'Recap']]);

  it("stays quiet for attendees' names and summaries mapped through a block callback (the Attendee Research Agent prompt)", () => {
    const content = "={{\n$json.attendees.map(item => {\n return\n`attendee name: ${item.name}\n${item.name}'s last correspondance: ${item.email_summary.replaceAll('\\n', ' ') || `none with ${item.name}`}\n${item.name}'s linkedin profile: ${item.linkedin_summary.replaceAll('\\n', ' ') || 'none'}\n`\n}).join('\\n---\\n')\n}}";
    assert.deepEqual(flowFindings(PRIVACY, { text: prompt(content) }).map((f) => f.message), []);
  });

  for (const content of [
    '={{ $json.attendees.map(a => { return `${a.displayName} <${a.email}>`; }).join(", ") }}',
    '={{ $json.attendees.map(a => { return `${a.displayName} ${JSON.stringify(a)}`; }).join(", ") }}',
  ]) {
    it(`reports attendees' e-mails read through a block callback: ${content}`, () => {
      assert.equal(flowFindings(PRIVACY, { text: prompt(content) }).length, 1);
    });
  }
});
