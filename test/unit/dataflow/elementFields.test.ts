// Element fields: a field read out of each element of a list (`$json.attendees.map(a => a.name)`) is the list's element
// field (`attendees.name`), as an index is (`attendees[0].name`); a callback the reader cannot resolve reads all of it.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { n8nReferences } from '../../../server/src/core/dataflow/n8n.js';

const idByName = new Map([['Event', 'e1']]);
const refs = (value: string, code?: 'js') =>
  n8nReferences(value, { idByName, code, itemsWord: code ? 'items' : undefined }).map((r) => ({ field: r.field, text: value.slice(r.start, r.end), elements: r.elements ?? false }));

describe('n8n references: fields of the elements of a list', () => {
  const table: [string, ReturnType<typeof refs>][] = [
    ["={{ $json.attendees.map(a => a.displayName).join(', ') }}", [{ field: 'attendees.displayName', text: '$json.attendees.map(a => a.displayName)', elements: true }]],
    ["={{ $json.attendees.map((item) => item.name).join(',') }}", [{ field: 'attendees.name', text: '$json.attendees.map((item) => item.name)', elements: true }]],
    ['={{ $json.attendees.map(a => a.profile?.name) }}', [{ field: 'attendees.profile.name', text: '$json.attendees.map(a => a.profile?.name)', elements: true }]],
    ["={{ $json.attendees.map(a => a['name']) }}", [{ field: 'attendees.name', text: "$json.attendees.map(a => a['name'])", elements: true }]],
    ['={{ $json.attendees.map(({ name }) => name) }}', [{ field: 'attendees.name', text: '$json.attendees.map(({ name }) => name)', elements: true }]],
    ['={{ $json.attendees.map(({ profile: p }) => p.name) }}', [{ field: 'attendees.profile.name', text: '$json.attendees.map(({ profile: p }) => p.name)', elements: true }]],
    ['={{ $json.attendees.map(function (a) { return a.name; }) }}', [{ field: 'attendees.name', text: '$json.attendees.map(function (a) { return a.name; })', elements: true }]],
    ['={{ $json.groups.map(g => g.members.map(m => m.name)) }}', [{ field: 'groups.members.name', text: '$json.groups.map(g => g.members.map(m => m.name))', elements: true }]],
    ["={{ $('Event').item.json.attendees.map(a => a.name) }}", [{ field: 'attendees.name', text: "$('Event').item.json.attendees.map(a => a.name)", elements: true }]],
    ['={{ $input.all().map(i => i.json.name) }}', [{ field: 'name', text: '$input.all().map(i => i.json.name)', elements: true }]],
    // A call on a field, an operator between fields, a block that returns them: the fields read (see elementFields.block-callbacks).
    ['={{ $json.attendees.map(a => a.name.toUpperCase()) }}', [{ field: 'attendees.name', text: '$json.attendees.map(a => a.name.toUpperCase())', elements: true }]],
    ['={{ $json.attendees.map(a => a.name + a.email) }}', [
      { field: 'attendees.name', text: '$json.attendees.map(a => a.name + a.email)', elements: true },
      { field: 'attendees.email', text: '$json.attendees.map(a => a.name + a.email)', elements: true },
    ]],
    ['={{ $json.attendees.map(a => { return `${a.name}`; }) }}', [{ field: 'attendees.name', text: '$json.attendees.map(a => { return `${a.name}`; })', elements: true }]],
    // Anything else reads the whole list: the element passed to a call, another name, a computed key, more statements.
    ['={{ $json.attendees.map(a => eval(a)) }}', [{ field: 'attendees', text: '$json.attendees', elements: false }]],
    ['={{ $json.attendees.map(a => b.name) }}', [{ field: 'attendees', text: '$json.attendees', elements: false }]],
    ['={{ $json.attendees.map(a => a[k]) }}', [{ field: 'attendees', text: '$json.attendees', elements: false }]],
    ['={{ $json.attendees.map((a, i) => a.name) }}', [{ field: 'attendees', text: '$json.attendees', elements: false }]],
    ['={{ $json.attendees.map(a => { log(a); return a.name; }) }}', [{ field: 'attendees', text: '$json.attendees', elements: false }]],
    ['={{ $json.attendees.map(({ name, email }) => name) }}', [{ field: 'attendees', text: '$json.attendees', elements: false }]],
    ['={{ $json.attendees.filter(a => a.name).length }}', [{ field: 'attendees', text: '$json.attendees', elements: false }]],
  ];
  for (const [value, expected] of table) it(value, () => assert.deepEqual(refs(value), expected));

  it('reads them in code too', () => {
    assert.deepEqual(refs("const names = $json.attendees.map(a => a.name).join(', ');\nreturn [{ json: { names } }];", 'js'), [
      { field: 'attendees.name', text: '$json.attendees.map(a => a.name)', elements: true },
    ]);
  });
});
