// When the data-flow review stops before the end of a flow (a node carries more values than the engine keeps, the flow
// has more nodes than it follows), the privacy rule says so on the flow: a transfer past that point may be missing.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flowFindings, n8nFlow } from '../../../helpers/dataflow.js';

const RULE = 'privacy/sensitive-data-to-third-party';
const hook = { name: 'Hook', type: 'webhook', parameters: { path: 'signup' } };
const enrich = (name: string, field: string) => ({
  name,
  type: 'httpRequest',
  parameters: { method: 'POST', url: 'https://api.enrich.example.com/v1/person', sendBody: true, specifyBody: 'json', jsonBody: `={{ JSON.stringify({ who: $json.${field} }) }}` },
});
/** A Set step that copies 300 fields of the request: more distinct values than the engine keeps for one node. */
const copyAll = { name: 'Copy', type: 'set', parameters: { assignments: { assignments: Array.from({ length: 300 }, (_, i) => ({ name: `f${i}`, value: `={{ $json.body.f${i} }}` })) } } };

describe(`${RULE}: a flow whose data the review stopped following`, () => {
  it('says so on the first step that sends to a third party, as information', () => {
    const text = n8nFlow([hook, copyAll, enrich('Enrich', 'email')], [['Hook', 'Copy'], ['Copy', 'Enrich']]);
    const notes = flowFindings(RULE, { text }).filter((f) => /gave up/.test(f.message));
    assert.equal(notes.length, 1);
    assert.equal(notes[0].severity, 'info');
    assert.match(notes[0].message, /^The data-flow review gave up on this flow \(node "Copy" carries more than 256 distinct values\): personal data sent to a third party past that point was not followed\. Check by hand what "Enrich" sends\.$/);
    assert.equal(text.slice(notes[0].range.start, notes[0].range.end), '"Enrich"');
  });

  it('counts the other steps that send to third parties', () => {
    const text = n8nFlow([hook, copyAll, enrich('Enrich', 'email'), enrich('Enrich again', 'phone')], [['Hook', 'Copy'], ['Copy', 'Enrich'], ['Copy', 'Enrich again']]);
    const notes = flowFindings(RULE, { text }).filter((f) => /gave up/.test(f.message));
    assert.equal(notes.length, 1);
    assert.match(notes[0].message, /Check by hand what "Enrich" and the 1 other step that send to AI, analytics, marketing or external HTTP services send\.$/);
  });

  it('says nothing when the review followed the whole flow', () => {
    const copy = { name: 'Copy', type: 'set', parameters: { assignments: { assignments: [{ name: 'email', value: '={{ $json.body.email }}' }] } } };
    const found = flowFindings(RULE, { text: n8nFlow([hook, copy, enrich('Enrich', 'email')], [['Hook', 'Copy'], ['Copy', 'Enrich']]) });
    assert.equal(found.length, 1);
    assert.match(found[0].message, /^Personal data goes to an external HTTP endpoint/);
  });

  it('says nothing of giving up on a flow that sends nothing to a third party', () => {
    const store = { name: 'Store', type: 'postgres', parameters: { operation: 'insert', table: 'people' } };
    assert.deepEqual(flowFindings(RULE, { text: n8nFlow([hook, copyAll, store], [['Hook', 'Copy'], ['Copy', 'Store']]) }), []);
  });
});
