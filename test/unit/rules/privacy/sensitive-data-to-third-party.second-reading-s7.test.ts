// Second reading of the declared-field change (issue #6): a form's declared fields sent with text a step on the way
// built from its whole item (findTransfers builtFrom), and a key written after spreading the item or after it in an Object.assign (operands.ts spreadIn).
import { describe } from 'node:test';
import { runFlowTable, n8nFlow, type N8nNode } from '../../../helpers/dataflow.js';

const RULE = 'privacy/sensitive-data-to-third-party';

const form = (fields: object[]): N8nNode => ({ name: 'Signup form', type: 'formTrigger', typeVersion: 2.2, parameters: { path: 'signup', formTitle: 'Sign up', formFields: { values: fields } } });
const emailField = { fieldLabel: 'email', fieldType: 'email' };
const notesField = { fieldLabel: 'notes' };
const post = (jsonBody: string): N8nNode => ({ name: 'Post', type: 'httpRequest', typeVersion: 4.2, parameters: { method: 'POST', url: 'https://api.example-crm.com/v1/leads', sendBody: true, specifyBody: 'json', jsonBody } });
const chain = (...nodes: N8nNode[]) => n8nFlow(nodes, nodes.slice(1).map((n, i) => [nodes[i].name, n.name] as [string, string]));
const set = (name: string, parameters: object): N8nNode => ({ name, type: 'set', typeVersion: 3.4, parameters: { options: {}, ...parameters } });
const signup = form([emailField, notesField]);
const sent = /sends email \(contact details\) from "Signup form"/;

describe('privacy: second reading of the spread and built-text declared fields', () => {
  runFlowTable(RULE, [
    { name: 'spread into an object passed to a call, e-mail replaced', text: chain(signup, post('={{ JSON.stringify(Object.freeze({ ...$json, email: null })) }}')), expected: [] },
    { name: 'a later second spread writes the e-mail back', text: chain(signup, post('={{ JSON.stringify({ ...$json, email: null, ...$json }) }}')), expected: [{ covers: '$json', nth: 1, message: sent }] },
    { name: 'a computed key after the spread', text: chain(signup, post("={{ JSON.stringify({ ...$json, ['no' + 'tes']: 1 }) }}")), expected: [{ covers: '$json', message: sent }] },
    { name: 'a spread of another node replaced', text: chain(signup, post("={{ JSON.stringify({ ...$('Signup form').item.json, email: null }) }}")), expected: [] },
    { name: 'a spread of another node not replaced', text: chain(signup, post("={{ JSON.stringify({ ...$('Signup form').item.json, notes: null }) }}")), expected: [{ covers: "$('Signup form').item.json", message: sent }] },
    { name: 'the e-mail key inside a string after the spread', text: chain(signup, post("={{ JSON.stringify({ ...$json, note: 'x, email: 1' }) }}")), expected: [{ covers: '$json', message: sent }] },
    { name: 'the e-mail key inside a comment after the spread', text: chain(signup, post('={{ JSON.stringify({ ...$json /* , email: 1 */ }) }}')), expected: [{ covers: '$json', message: sent }] },
    { name: 'the e-mail key inside a nested object after the spread', text: chain(signup, post('={{ JSON.stringify({ ...$json, meta: { email: null } }) }}')), expected: [{ covers: '$json', message: sent }] },
    { name: 'spread inside an array', text: chain(signup, post('={{ JSON.stringify([{ ...$json, email: null }, 1]) }}')), expected: [] },
    { name: 'array spread of the item', text: chain(signup, post('={{ JSON.stringify([...Object.values($json), 1]) }}')), expected: [{ covers: '$json', message: sent }] },
    { name: 'three dots in a string before the item', text: chain(signup, post("={{ JSON.stringify({ a: '...', b: $json, email: null }) }}")), expected: [{ covers: '$json', message: sent }] },
    { name: 'escaped quote before the spread', text: chain(signup, post("={{ JSON.stringify({ a: 'it\\'s', ...$json, email: null }) }}")), expected: [] },
    {
      name: 'Object.assign with the e-mail replaced',
      text: chain(signup, post('={{ JSON.stringify(Object.assign({}, $json, { email: null })) }}')),
      expected: [],
    },
    { name: 'Object.assign into the item with the e-mail replaced', text: chain(signup, post('={{ JSON.stringify(Object.assign($json, { email: null })) }}')), expected: [] },
    { name: 'Object.assign with the e-mail replaced after another argument', text: chain(signup, post('={{ JSON.stringify(Object.assign({}, $json, $json.extra, { "email": null })) }}')), expected: [] },
    { name: 'Object.assign with an escaped quote before the item', text: chain(signup, post("={{ JSON.stringify(Object.assign({ a: 'it\\'s' }, $json, { email: null })) }}")), expected: [] },
    { name: 'Object.assign with the e-mail written before the item', text: chain(signup, post('={{ JSON.stringify(Object.assign({ email: null }, $json)) }}')), expected: [{ covers: '$json', message: sent }] },
    { name: 'Object.assign with another key replaced', text: chain(signup, post('={{ JSON.stringify(Object.assign({}, $json, { notes: null })) }}')), expected: [{ covers: '$json', message: sent }] },
    { name: 'Object.assign with the e-mail key inside a nested object', text: chain(signup, post('={{ JSON.stringify(Object.assign({}, $json, { meta: { email: null } })) }}')), expected: [{ covers: '$json', message: sent }] },
    { name: 'Object.assign with the e-mail key inside a string', text: chain(signup, post("={{ JSON.stringify(Object.assign({}, $json, { note: 'x, email: 1' })) }}")), expected: [{ covers: '$json', message: sent }] },
    { name: 'Object.assign with the e-mail replaced, then the item again', text: chain(signup, post('={{ JSON.stringify(Object.assign({}, $json, { email: null }, $json)) }}')), expected: [{ covers: '$json', nth: 1, message: sent }] },
    { name: 'another call than Object.assign', text: chain(signup, post('={{ JSON.stringify(merge({}, $json, { email: null })) }}')), expected: [{ covers: '$json', message: sent }] },
    { name: 'Object.assign called by a computed name', text: chain(signup, post("={{ JSON.stringify(Object['assign']({}, $json, { email: null })) }}")), expected: [{ covers: '$json', message: sent }] },
    { name: 'Object.assign given to another call as a value', text: chain(signup, post('={{ JSON.stringify(g(Object.assign, $json, { email: null })) }}')), expected: [{ covers: '$json', message: sent }] },
    { name: 'Object.assign with the e-mail replaced inside a comment', text: chain(signup, post('={{ JSON.stringify(Object.assign({}, $json /* , { email: null }, */)) }}')), expected: [{ covers: '$json', message: sent }] },
    { name: 'Object.assign with the e-mail replaced by a getter', text: chain(signup, post('={{ JSON.stringify(Object.assign({}, $json, { get email() { return null } })) }}')), expected: [{ covers: '$json', message: sent }] },
    { name: 'Object.assign with the e-mail replaced, the item spread back in the same object', text: chain(signup, post('={{ JSON.stringify(Object.assign({}, $json, { email: null, ...$json })) }}')), expected: [{ covers: '$json', nth: 1, message: sent }] },
    { name: 'Object.assign with the e-mail replaced by itself trimmed', text: chain(signup, post('={{ JSON.stringify(Object.assign({}, $json, { email: $json.email.trim() })) }}')), expected: [{ covers: '$json.email', message: sent }] },
    // Built into text on the way.
    {
      name: 'built into a JSON-mode Set text with the e-mail replaced there, the e-mail key read next',
      text: chain(signup, set('Wrap', { mode: 'raw', jsonOutput: '={ "data": {{ JSON.stringify({ ...$json, email: null }) }} }' }), post('={{ JSON.stringify($json) }}')),
      expected: [],
    },
    {
      name: 'copied under data, the e-mail replaced there, then built into text',
      text: chain(
        signup,
        set('Copy', { assignments: { assignments: [{ id: 'a', name: 'data', type: 'object', value: '={{ $json }}' }] } }),
        set('Redact', { assignments: { assignments: [{ id: 'a', name: 'data.email', type: 'string', value: 'redacted' }] }, includeOtherFields: true }),
        set('Wrap', { mode: 'raw', jsonOutput: '={ "text": {{ JSON.stringify($json.data) }} }' }),
        post('={{ JSON.stringify($json) }}'),
      ),
      expected: [],
    },
    {
      name: 'copied under data, then built into text',
      text: chain(
        signup,
        set('Copy', { assignments: { assignments: [{ id: 'a', name: 'data', type: 'object', value: '={{ $json }}' }] } }),
        set('Wrap', { mode: 'raw', jsonOutput: '={ "text": {{ JSON.stringify($json.data) }} }' }),
        post('={{ JSON.stringify($json) }}'),
      ),
      expected: [{ covers: '$json', nth: 2, message: sent }],
    },
    {
      name: "a webhook's e-mail copied by a Set, then spread by the sender with the e-mail replaced",
      text: chain(
        { name: 'Lead', type: 'webhook', parameters: { path: 'lead', httpMethod: 'POST' } },
        set('Pick', { assignments: { assignments: [{ id: 'a', name: 'email', type: 'string', value: '={{ $json.body.email }}' }, { id: 'b', name: 'plan', type: 'string', value: '={{ $json.body.plan }}' }] } }),
        post('={{ JSON.stringify({ ...$json, email: $json.email.hash() }) }}'),
      ),
      expected: [],
    },
    {
      name: "a webhook's e-mail copied by a Set, then spread by the sender",
      text: chain(
        { name: 'Lead', type: 'webhook', parameters: { path: 'lead', httpMethod: 'POST' } },
        set('Pick', { assignments: { assignments: [{ id: 'a', name: 'email', type: 'string', value: '={{ $json.body.email }}' }, { id: 'b', name: 'plan', type: 'string', value: '={{ $json.body.plan }}' }] } }),
        post("={{ JSON.stringify({ ...$json, plan: 'x' }) }}"),
      ),
      expected: [{ covers: '$json', nth: 2, message: /sends email/ }],
    },
    {
      name: 'built into text, then the sender spreads the item with the text replaced',
      text: chain(signup, set('Wrap', { mode: 'raw', jsonOutput: '={ "data": {{ JSON.stringify($json) }} }' }), post("={{ JSON.stringify({ ...$json, data: 'x' }) }}")),
      expected: [],
    },
    {
      name: 'built into text, then the sender spreads the item with another key replaced',
      text: chain(signup, set('Wrap', { mode: 'raw', jsonOutput: '={ "data": {{ JSON.stringify($json) }} }' }), post("={{ JSON.stringify({ ...$json, id: 'x' }) }}")),
      expected: [{ covers: '$json', nth: 1, message: sent }],
    },
    {
      name: 'two steps build text: the second from the first',
      text: chain(
        signup,
        set('Wrap', { mode: 'raw', jsonOutput: '={ "data": {{ JSON.stringify($json) }} }' }),
        set('Wrap2', { mode: 'raw', jsonOutput: '={ "msg": {{ JSON.stringify($json) }} }' }),
        post('={{ JSON.stringify($json) }}'),
      ),
      expected: [{ covers: '$json', nth: 2, message: sent }],
    },
  ]);
});
