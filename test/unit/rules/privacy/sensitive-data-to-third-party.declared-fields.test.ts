// A source that declares its fields in its settings (an n8n form's fields, a Power Automate / Logic Apps trigger's JSON
// schema) sends them with its whole item, though no expression names one: `JSON.stringify($json)`, a document loader's
// "all input data", `@{triggerBody()}`. The personal ones among them (by label, name or key, or an e-mail input type)
// are reported where such an item reaches a third party (dataflow/declaredFields.ts).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flowFindings, n8nFlow, runFlowTable, type FlowCase, type N8nNode } from '../../../helpers/dataflow.js';
import { paSolutionFlow } from '../../../helpers/wdl.js';
import { declaredFieldsOf } from '../../../../server/src/core/dataflow/declaredFields.js';
import type { FlowNode } from '../../../../server/src/core/model/index.js';

const RULE = 'privacy/sensitive-data-to-third-party';
const lc = (short: string) => `@n8n/n8n-nodes-langchain.${short}`;

const form = (fields: object[], extra: object = {}): N8nNode => ({ name: 'Signup form', type: 'formTrigger', parameters: { path: 'signup', formTitle: 'Sign up', formFields: { values: fields }, ...extra } });
const emailField = { fieldLabel: 'email', fieldType: 'email' };
const notesField = { fieldLabel: 'notes' };
const post = (jsonBody: string, url = 'https://api.example-crm.com/v1/leads'): N8nNode => ({ name: 'Post', type: 'httpRequest', parameters: { method: 'POST', url, sendBody: true, specifyBody: 'json', jsonBody } });
const chain = (...nodes: N8nNode[]) => n8nFlow(nodes, nodes.slice(1).map((n, i) => [nodes[i].name, n.name] as [string, string]));
const agent = (text: string): N8nNode => ({ name: 'Agent', type: lc('agent'), parameters: { promptType: 'define', text } });
const openAiModel: N8nNode = { name: 'OpenAI', type: lc('lmChatOpenAi'), parameters: { model: 'gpt-4o-mini' } };
const withModel = (...nodes: N8nNode[]) =>
  n8nFlow([...nodes, openAiModel], [...nodes.slice(1).map((n, i) => [nodes[i].name, n.name] as [string, string]), ['OpenAI', 'Agent', 'ai_languageModel']]);
const keepNotes: N8nNode = { name: 'Notes only', type: 'set', typeVersion: 3.4, parameters: { assignments: { assignments: [{ id: 'a', name: 'notes', type: 'string', value: '={{ $json.notes }}' }] } } };

const button = (properties: object) => ({ manual: { type: 'Request', kind: 'Button', inputs: { schema: { type: 'object', properties, required: [] } } } });
const paPost = (body: unknown, after: readonly string[] = []) => ({ Post: { type: 'Http', inputs: { method: 'POST', uri: 'https://api.example-crm.com/v1/leads', body }, runAfter: Object.fromEntries(after.map((a) => [a, ['Succeeded']])) } });
const paCompose = (inputs: unknown) => ({ Compose: { type: 'Compose', inputs, runAfter: {} } });

const cases: FlowCase[] = [
  {
    name: "n8n: a form's whole submission posted as JSON.stringify($json)",
    text: chain(form([emailField, notesField]), post('={{ JSON.stringify($json) }}')),
    expected: [{ covers: '$json', severity: 'info', message: /^Personal data goes to an external HTTP endpoint \(api\.example-crm\.com\) unmasked: "Post" sends email \(contact details\) from "Signup form" \(signup\) \(its whole item, with the fields its settings declare\)/ }],
  },
  {
    name: "n8n: a form's whole submission in an AI agent's prompt",
    text: withModel(form([{ fieldLabel: 'Phone number' }, notesField]), agent('=Qualify this lead: {{ JSON.stringify($json) }}')),
    expected: [{ covers: '$json', severity: 'warning', message: /"Agent" sends Phone number \(contact details\) from "Signup form"/ }],
  },
  {
    // The input type says e-mail whatever the label.
    name: "n8n: a field typed e-mail under another label",
    text: chain(form([{ fieldLabel: 'Where can we reach you?', fieldType: 'email' }]), post('={{ JSON.stringify($json) }}')),
    expected: [{ covers: '$json', message: /sends Where can we reach you\? \(contact details\)/ }],
  },
  {
    name: 'n8n: a form defined as JSON',
    text: chain(form([], { defineForm: 'json', jsonOutput: JSON.stringify([{ fieldLabel: 'Email', fieldType: 'email' }]) }), post('={{ JSON.stringify($json) }}')),
    expected: [{ covers: '$json', message: /sends Email \(contact details\)/ }],
  },
  // Quiet: no personal field declared, a field that is not sent, the item replaced on the way, a named part sent.
  { name: 'n8n: a form with no personal field', text: chain(form([notesField, { fieldLabel: 'Company size', fieldType: 'number' }]), post('={{ JSON.stringify($json) }}')), expected: [] },
  { name: "n8n: only the form's notes sent", text: chain(form([emailField, notesField]), post('={{ JSON.stringify({ notes: $json.notes }) }}')), expected: [] },
  { name: 'n8n: a Set node keeps only the notes before the whole item is sent', text: chain(form([emailField, notesField]), keepNotes, post('={{ JSON.stringify($json) }}')), expected: [] },
  { name: 'n8n: the whole submission sent to an internal host', text: chain(form([emailField]), post('={{ JSON.stringify($json) }}', 'http://crm.internal/api/leads')), expected: [] },
  {
    name: "Power Automate: a button's e-mail input, the whole trigger body posted",
    text: paSolutionFlow(button({ text: { title: 'Name', type: 'string', 'x-ms-content-hint': 'TEXT' }, text_1: { title: 'Customer e-mail', type: 'string', 'x-ms-content-hint': 'EMAIL' } }), paPost('@triggerBody()')),
    expected: [{ covers: "triggerBody()", severity: 'info', message: /"Post" sends Customer e-mail \(contact details\) from "manual"/ }],
  },
  {
    name: 'Power Automate: a request schema property named email, the body posted inside a template',
    text: paSolutionFlow({ manual: { type: 'Request', kind: 'Http', inputs: { schema: { type: 'object', properties: { email: { type: 'string' }, plan: { type: 'string' } } } } } }, paPost({ lead: "@{triggerBody()}" })),
    expected: [{ covers: 'triggerBody()', message: /sends email \(contact details\)/ }],
  },
  // The trigger body built into a Compose's text, then the text sent (failed: the declared fields were asked of the
  // sender, where the text holds no field by name; they are asked where the text was built).
  {
    name: 'Power Automate: the whole trigger body built into a Compose text, the text posted',
    text: paSolutionFlow(button({ text: { title: 'Name', type: 'string' }, text_1: { title: 'Customer e-mail', type: 'string', 'x-ms-content-hint': 'EMAIL' } }), { ...paCompose('Lead: @{triggerBody()}'), ...paPost("@outputs('Compose')", ['Compose']) }),
    expected: [{ covers: "outputs('Compose')", message: /"Post" sends Customer e-mail \(contact details\) from "manual" \(its whole item, with the fields its settings declare\), via "Compose"/ }],
  },
  {
    name: "Power Automate: only the button's name built into a Compose text, the text posted",
    text: paSolutionFlow(button({ text: { title: 'Name', type: 'string' }, text_1: { title: 'Customer e-mail', type: 'string', 'x-ms-content-hint': 'EMAIL' } }), { ...paCompose("Lead: @{triggerBody()?['text']}"), ...paPost("@outputs('Compose')", ['Compose']) }),
    expected: [],
  },
  {
    name: "Power Automate: the whole trigger body in a Compose key the sender does not send",
    text: paSolutionFlow(button({ text_1: { title: 'Customer e-mail', type: 'string', 'x-ms-content-hint': 'EMAIL' } }), { ...paCompose({ lead: '@{triggerBody()}', id: 1 }), ...paPost("@outputs('Compose')?['id']", ['Compose']) }),
    expected: [],
  },
  { name: "Power Automate: only the button's name input posted", text: paSolutionFlow(button({ text: { title: 'Name', type: 'string' }, text_1: { title: 'E-mail', type: 'string', 'x-ms-content-hint': 'EMAIL' } }), paPost("@triggerBody()?['text']")), expected: [] },
];

describe('privacy/sensitive-data-to-third-party: fields a source declares, sent with its whole item', () => runFlowTable(RULE, cases));

describe('declaredFieldsOf', () => {
  const node = (type: string, parameters: object): FlowNode => ({ id: 'n', name: 'n', type, role: 'other', auth: {}, credentialRefs: [], scopes: [], parameters, pointer: '/n' });
  it("reads an n8n form's fields by label, with the name a 2.4 form keys them by, and skips HTML blocks", () => {
    assert.deepEqual(declaredFieldsOf(node('n8n-nodes-base.formTrigger', { formFields: { values: [{ fieldLabel: 'E-mail', fieldName: 'email', fieldType: 'email' }, { fieldType: 'html', html: '<p>hi</p>' }, { fieldLabel: 'Notes' }] } }), 'n8n'), [
      { path: 'E-mail', label: 'E-mail', alias: 'email', type: 'email' },
      { path: 'Notes', label: 'Notes', type: undefined },
    ]);
  });

  it('reads nothing from other nodes, a form defined by an expression, or a schema without properties', () => {
    assert.deepEqual(declaredFieldsOf(node('n8n-nodes-base.webhook', { formFields: { values: [emailField] } }), 'n8n'), []);
    assert.deepEqual(declaredFieldsOf(node('n8n-nodes-base.formTrigger', { defineForm: 'json', jsonOutput: '={{ $json.fields }}' }), 'n8n'), []);
    assert.deepEqual(declaredFieldsOf(node('n8n-nodes-base.formTrigger', { defineForm: 'json', jsonOutput: '[{ not json' }), 'n8n'), []);
    assert.deepEqual(declaredFieldsOf(node('Request', { inputs: { schema: {} } }), 'power-automate'), []);
    assert.deepEqual(declaredFieldsOf(node('Http', { inputs: { schema: { properties: { email: {} } } } }), 'logic-apps'), []);
  });

  it("reads a trigger schema's properties under body, titled as the designer shows them", () => {
    assert.deepEqual(declaredFieldsOf(node('Request', { inputs: { schema: { properties: { text_1: { title: 'E-mail', 'x-ms-content-hint': 'EMAIL' }, id: { type: 'integer' } } } } }), 'power-automate'), [
      { path: 'body.text_1', label: 'E-mail', type: 'email' },
      { path: 'body.id', label: 'id', type: undefined },
    ]);
  });
});

describe('privacy/sensitive-data-to-third-party: declared fields reach the rule only through the whole item', () => {
  it('names every personal field the whole item holds', () => {
    const text = chain(form([emailField, { fieldLabel: 'Phone' }, notesField]), post('={{ JSON.stringify($json) }}'));
    const [f] = flowFindings(RULE, { text });
    assert.match(f.message, /sends email, Phone \(contact details\)/);
  });
});
