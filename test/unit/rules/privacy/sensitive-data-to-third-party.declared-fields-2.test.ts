// Second reading of 5e3f4bc (fields a source declares, sent with its whole item), against n8n's Form sources
// (Form/utils addFormResponseDataToReturnItem, prepareFormReturnItem): a file field's entry in the item is the file's
// name, type and size (the file is binary data, which JSON.stringify($json) does not hold); an HTML block's is the
// maker's text; a form defined as JSON may be written `=[…]`, an expression with no `{{ … }}`. The todos are items
// the rule takes as the form's whole item though a node on the way changed them (see each).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runFlowTable, n8nFlow, type FlowCase, type N8nNode } from '../../../helpers/dataflow.js';
import { declaredFieldsOf } from '../../../../server/src/core/dataflow/declaredFields.js';
import type { FlowNode } from '../../../../server/src/core/model/index.js';

const RULE = 'privacy/sensitive-data-to-third-party';

const form = (fields: object[], extra: object = {}): N8nNode => ({ name: 'Signup form', type: 'formTrigger', typeVersion: 2.2, parameters: { path: 'signup', formTitle: 'Sign up', formFields: { values: fields }, ...extra } });
const emailField = { fieldLabel: 'email', fieldType: 'email' };
const notesField = { fieldLabel: 'notes' };
const post = (jsonBody: string, url = 'https://api.example-crm.com/v1/leads'): N8nNode => ({ name: 'Post', type: 'httpRequest', parameters: { method: 'POST', url, sendBody: true, specifyBody: 'json', jsonBody } });
const chain = (...nodes: N8nNode[]) => n8nFlow(nodes, nodes.slice(1).map((n, i) => [nodes[i].name, n.name] as [string, string]));
const whole = '={{ JSON.stringify($json) }}';
const set = (name: string, parameters: object): N8nNode => ({ name, type: 'set', typeVersion: 3.4, parameters: { options: {}, ...parameters } });


const cases: FlowCase[] = [
  // A file field's entry is { filename, mimetype, size }: the passport scan itself is not in the JSON sent.
  { name: "a file field labelled Passport, the form's JSON sent", text: chain(form([{ fieldLabel: 'Passport', fieldType: 'file' }, notesField]), post(whole)), expected: [] },
  {
    name: 'a form defined as JSON written =[…] (an expression with no {{ }})',
    text: chain(form([], { defineForm: 'json', jsonOutput: '=[{"fieldLabel":"Email","fieldType":"email"}]' }), post(whole)),
    expected: [{ covers: '$json', message: /sends Email \(contact details\) from "Signup form"/ }],
  },
  // Guards: an HTML block named email holds the maker's text; a Respond to Webhook answers the person who filled it in.
  { name: 'an HTML block whose element is named email', text: chain(form([{ fieldType: 'html', elementName: 'email', html: '<p>Thanks</p>' }, notesField]), post(whole)), expected: [] },
  {
    name: 'the submission sent back by Respond to Webhook',
    text: chain(form([emailField], { responseMode: 'responseNode' }), { name: 'Respond', type: 'respondToWebhook', parameters: { respondWith: 'json', responseBody: whole } }),
    expected: [],
  },
  {
    // Named and whole in one parameter: one finding, the field named once.
    name: 'the e-mail named and the whole item in one body',
    text: chain(form([emailField, notesField]), post('={{ JSON.stringify({ to: $json.email, all: $json }) }}')),
    expected: [{ covers: '$json.email', message: /sends email \(contact details\) from "Signup form" \(signup\)[ .]/ }],
  },
  // Todos: the whole item reaches the step, but a node on the way changed the declared field.
  {
    name: 'the e-mail overwritten with a constant by a Set that keeps the other fields',
    text: chain(form([emailField, notesField]), set('Redact', { assignments: { assignments: [{ id: 'a', name: 'email', type: 'string', value: 'redacted' }] }, includeOtherFields: true }), post(whole)),
    expected: [],
  },
  {
    name: 'the e-mail hashed in place by a Set that keeps the other fields',
    text: chain(form([emailField, notesField]), set('Hash', { assignments: { assignments: [{ id: 'a', name: 'email', type: 'string', value: '={{ $json.email.hash() }}' }] }, includeOtherFields: true }), post(whole)),
    expected: [],
  },
  {
    name: 'a Set that keeps every input field except the e-mail',
    text: chain(form([emailField, notesField]), set('Drop', { assignments: { assignments: [] }, includeOtherFields: true, include: 'except', excludeFields: 'email' }), post(whole)),
    expected: [],
  },
  {
    name: 'a JSON-mode Set 3.4 (no input field by default) before the whole item is sent',
    text: chain(form([emailField, notesField]), set('Raw', { mode: 'raw', jsonOutput: '={ "n": {{ JSON.stringify($json.notes) }} }' }), post(whole)),
    expected: [],
  },
  {
    // One field sent by name: the message should not say the whole item went.
    name: 'one declared field sent by its label',
    text: chain(form([{ fieldLabel: 'Where can we reach you?', fieldType: 'email' }, notesField]), post('={{ $json["Where can we reach you?"] }}')),
    expected: [{ covers: '$json[\\"Where can we reach you?\\"]', message: /sends Where can we reach you\? \(contact details\) from "Signup form" \(signup\)\. / }],
  },
];

describe(`${RULE}: declared fields (second reading)`, () => runFlowTable(RULE, cases));

describe('declaredFieldsOf (second reading)', () => {
  const node = (parameters: object): FlowNode => ({ id: 'n', name: 'n', type: 'n8n-nodes-base.formTrigger', role: 'trigger-webhook', auth: {}, credentialRefs: [], scopes: [], parameters, pointer: '/n' });
  it('leaves file fields out and reads a JSON form written as an expression of its text', () => {
    assert.deepEqual(declaredFieldsOf(node({ formFields: { values: [{ fieldLabel: 'Passport', fieldType: 'file' }, { fieldLabel: 'Name' }] } }), 'n8n').map((d) => d.label), ['Name']);
    assert.deepEqual(declaredFieldsOf(node({ defineForm: 'json', jsonOutput: '=[{"fieldLabel":"Email","fieldType":"email"}]' }), 'n8n').map((d) => d.label), ['Email']);
    assert.deepEqual(declaredFieldsOf(node({ defineForm: 'json', jsonOutput: '={{ $json.fields }}' }), 'n8n'), []);
  });
});
