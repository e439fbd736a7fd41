// Last reading of 96f6f17 and f0f3c49: a narrower read must never hide a tainted value that reaches a sink.
// A `.map` callback whose parameter is also used inside a nested `.map` callback of one of its fields
// (`a => a.tags.map(t => t.label + a.email)`) reads `email` of each element too: the nested callback's text was skipped.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { n8nReferences } from '../../../server/src/core/dataflow/n8n.js';

const refs = (value: string) =>
  n8nReferences(value, { idByName: new Map() }).map((r) => ({ field: r.field, elements: r.elements ?? false }));
const whole = [{ field: 'attendees', elements: false }];

describe('n8n references: the parameter used inside a nested .map callback', () => {
  it('reads the field the nested callback reads of the outer element', () => {
    assert.deepEqual(refs('={{ $json.attendees.map(a => a.tags.map(t => t.label + a.email)) }}'), [
      { field: 'attendees.tags.label', elements: true },
      { field: 'attendees.email', elements: true },
    ]);
  });
  it('reads the whole list when the nested callback uses the outer element whole', () => {
    assert.deepEqual(refs('={{ $json.attendees.map(a => a.tags.map(t => t.label + JSON.stringify(a))) }}'), whole);
    assert.deepEqual(refs('={{ $json.attendees.map(a => { return a.tags.map(t => `${t.label} ${a}`); }) }}'), whole);
  });
});
