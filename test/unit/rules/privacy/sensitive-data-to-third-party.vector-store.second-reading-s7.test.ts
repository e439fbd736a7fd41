// A second reading of JSON pointers read at any depth of the item (issue #6: dataflow/n8n.ts pointedLeaf sets
// Reference.anyDepth, dataflow/engine.ts lookupRef looks for the field under each place the output is known to hold
// fields): pointers of several names, escaped or with array indexes, at depth; loaders that do not read pointers; a
// place named like the field; and an output with many places, most of which cannot hold the field.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flowFindings, n8nFlow, runFlowTable, type N8nNode } from '../../../helpers/dataflow.js';
import { lead } from '../../../helpers/privacy.js';

const RULE = 'privacy/sensitive-data-to-third-party';

const lc = (short: string) => `@n8n/n8n-nodes-langchain.${short}`;
const store = { name: 'Store', type: lc('vectorStoreSupabase'), parameters: { mode: 'insert' } };
const openAi = { name: 'Embeddings', type: lc('embeddingsOpenAi'), parameters: { options: {} } };
const assigned = (name: string, value: string, type = 'string') => ({ id: name, name, type, value });
const set = (assignments: object[], name = 'Keep', extra: object = {}) => ({ name, type: 'set', typeVersion: 3.4, parameters: { assignments: { assignments }, ...extra } });
const email = '={{ $json.body.email }}';
/** Lead → each of `between` → Store, its Default Data Loader with `parameters`, OpenAI embeddings. */
const embedded = (parameters: object, ...between: N8nNode[]) => {
  const chain = [lead, ...between, store];
  const links = chain.slice(1).map((n, i): [string, string] => [chain[i].name, n.name]);
  return n8nFlow([...chain, { name: 'Loader', type: lc('documentDefaultDataLoader'), parameters }, openAi], [...links, ['Loader', 'Store', 'ai_document'], ['Embeddings', 'Store', 'ai_embedding']]);
};
const pointed = (pointers: string, ...between: N8nNode[]) => embedded({ options: { pointers } }, ...between);
const sends = /"Embeddings" sends email \(contact details\) from "Lead" \(POST lead\) \(body\.email\)/;
/** 70 fields under places of their own (`p0.title` …), then the e-mail under `z`: `values` fills the 70. */
const crowded = (value: (i: number) => string) => set([...Array.from({ length: 70 }, (_, i) => assigned(`p${i}.title`, value(i))), assigned('z.email', email)]);

describe('privacy/sensitive-data-to-third-party: JSON pointers read at any depth (second reading)', () => {
  runFlowTable(RULE, [
    { name: 'a pointer of two names (/meta/email) below the top', text: pointed('/meta/email', set([assigned('doc.meta.email', email)])), expected: [{ covers: '/meta/email', message: sends }] },
    { name: 'a pointer of two names whose first is not there (/meta/email, only doc.email)', text: pointed('/meta/email', set([assigned('doc.email', email)])), expected: [] },
    { name: 'a pointer with an array index (/items/0/email) into a list built below the top', text: pointed('/items/0/email', set([assigned('x.items', '={{ [{ email: $json.body.email }] }}', 'array')])), expected: [{ covers: '/items/0/email', message: sends }] },
    { name: 'a pointer with escapes (~1 for /, ~0 for ~) below the top', text: pointed('/a~1b~0c', set([assigned('x.a/b~c', email)])), expected: [{ covers: '/a~1b~0c', message: sends }] },
    { name: 'pointers separated by commas and spaces', text: pointed('  /notes ,   /email  ', set([assigned('c.email', email)])), expected: [{ covers: '/email', message: sends }] },
    { name: 'a pointer on a loader that reads binary data', text: embedded({ dataType: 'binary', options: { pointers: '/email' } }, set([assigned('c.email', email)])), expected: [] },
    { name: 'a pointer on a loader in Load Specific Data mode (its Data expression names another field)', text: embedded({ jsonMode: 'expressionData', jsonData: '={{ $json.c.notes }}', options: { pointers: '/email' } }, set([assigned('c.email', email), assigned('c.notes', '={{ $json.body.notes }}')])), expected: [] },
    { name: 'a field under a place named like it (email.email), once', text: pointed('/email', set([assigned('email.email', email)])), expected: [{ covers: '/email', message: sends }] },
    { name: 'a field hashed at one place and kept plain at another', text: pointed('/email', set([assigned('a.email', '={{ $json.body.email.hash() }}'), assigned('b.email', email)])), expected: [{ covers: '/email', message: sends }] },
    { name: 'a field hashed at its only place', text: pointed('/email', set([assigned('c.email', '={{ $json.body.email.hash() }}')])), expected: [] },
    { name: "a field of an earlier step's whole output copied below the top (req = $json)", text: pointed('/email', set([assigned('c.email', email)]), set([assigned('req', '={{ $json }}', 'object')], 'Wrap')), expected: [{ covers: '/email', message: /"Embeddings" sends email \(contact details\) from "Lead" \(POST lead\) \(body\.email\), via "Keep" → "Wrap"/ }] },
    // Places that cannot hold the field (no value at, above or below it there) are not counted against MAX_DEPTH_PLACES:
    // before, the 70 titles used up the places tried and the e-mail under `z` was missed (the review said it gave up).
    { name: 'a field under one place of 71, the others holding constants', text: pointed('/email', crowded(() => 'x')), expected: [{ covers: '/email', message: sends }] },
    { name: 'a field under one place of 71, the others holding other data', text: pointed('/email', crowded(() => '={{ $json.body.notes }}')), expected: [{ covers: '/email', message: sends }] },
  ]);

  it('says in plain words why it stopped when more than MAX_DEPTH_PLACES places may hold the field', () => {
    const wide = set(Array.from({ length: 65 }, (_, i) => assigned(`p${i}.email`, email)));
    const messages = flowFindings(RULE, { text: pointed('/email', wide) }).map((f) => f.message);
    assert.ok(messages.some((m) => m.includes('gave up on this flow ("Embeddings" reads a field that may sit anywhere in its input, and more than 64 places of the input may hold it)')), messages.join('\n'));
  });
});
