// Second reading of 0cc8674 (a value the sending node only tests or cuts to at most four characters is not sent): a
// cut keeps characters of a text, but `.slice` and WDL `take` keep whole elements of a list (the first three addresses),
// and the first characters of a health value are the health data (an ICD-10 code's first three characters, `F32`, name
// the condition), and a card security code has no more than four.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flowFindings, n8nFlow, runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { makeBlueprint, nodeRedFlow } from '../../../helpers/platformDocs.js';
import { lead, n8nToSegment, paToSegment } from '../../../helpers/privacy.js';

const RULE = 'privacy/sensitive-data-to-third-party';

const n8n = n8nToSegment;
const pa = paToSegment;
const event = { name: 'Event', type: 'googleCalendar', parameters: { calendar: { __rl: true, value: 'primary', mode: 'list' }, operation: 'get', eventId: '={{ $json.eventId }}' } };
const recap = (content: string) => ({ name: 'Recap', type: '@n8n/n8n-nodes-langchain.openAi', parameters: { resource: 'text', messages: { values: [{ content }] } } });
const makeHook = { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: { hook: 1 }, mapper: {}, metadata: { designer: { name: 'Intake' } } };
const make = (content: string) => makeBlueprint(makeHook, { id: 2, module: 'openai-gpt-3:CreateCompletion', version: 1, parameters: { __IMTCONN__: 3 }, mapper: { model: 'gpt-4o', messages: [{ role: 'user', content }] }, metadata: { designer: { name: 'Ask GPT' } } });

const cases: FlowCase[] = [
  {
    // An array's slice keeps elements: three whole addresses.
    name: 'n8n: the first three addresses of a list (emails.slice(0, 3))',
    text: n8n('={{ JSON.stringify({ properties: { invited: $json.body.emails.slice(0, 3) } }) }}'),
    expected: [{ covers: '$json.body.emails', message: /^Personal data goes to an analytics service \(api\.segment\.io\) unmasked: "Send" sends emails \(contact details\) from "Lead"/ }],
  },
  {
    name: "n8n: a calendar event's first three attendees in a prompt (attendees.slice(0, 3))",
    text: n8nFlow([event, recap('=Write a recap for {{ JSON.stringify($json.attendees.slice(0, 3)) }}')], [['Event', 'Recap']]),
    expected: [{ covers: '$json.attendees', message: /^Personal data goes to an AI model provider \(OpenAI\) unmasked: "Recap" sends attendees \(contact details\) from "Event"/ }],
  },
  {
    name: "Power Automate: a request's first three recipients (take(…, 3))",
    text: pa("@take(triggerBody()?['recipients'], 3)"),
    expected: [{ covers: "triggerBody()?['recipients']", message: /"Send" sends recipients \(contact details\)/ }],
  },
  {
    // ICD-10: the first three characters are the category (F32, a depressive episode).
    name: "n8n: a diagnosis code's first three characters (substring(0, 3))",
    text: n8n('={{ JSON.stringify({ properties: { condition: $json.body.diagnosis.substring(0, 3) } }) }}'),
    expected: [{ covers: '$json.body.diagnosis', message: /"Send" sends diagnosis \(health data\) from "Lead"/ }],
  },
  {
    name: "Power Automate: a diagnosis code's first three characters (substring(x, 0, 3))",
    text: pa("@substring(triggerBody()?['diagnosis'], 0, 3)"),
    expected: [{ covers: "triggerBody()?['diagnosis']", message: /sends diagnosis \(health data\)/ }],
  },
  {
    name: "Make: a diagnosis code's first three characters in a prompt (substring(x; 0; 3))",
    text: make('Suggest a leaflet for {{substring(1.diagnosis; 0; 3)}}'),
    expected: [{ covers: '1.diagnosis', message: /sends diagnosis \(health data\) from "Intake"/ }],
  },
  {
    // A card security code has three or four digits: cutting it to four keeps all of it (input trimmed to its length).
    name: "n8n: a card's security code cut to four characters (cvc.substring(0, 4))",
    text: n8nFlow([lead, { name: 'Pay', type: 'httpRequest', parameters: { method: 'POST', url: 'https://api.payments-partner.example.net/v1/charges', sendBody: true, specifyBody: 'json', jsonBody: '={{ JSON.stringify({ card: { cvc: $json.body.cvc.substring(0, 4) } }) }}' } }], [['Lead', 'Pay']]),
    expected: [{ covers: '$json.body.cvc', severity: 'info', message: /^Personal data goes to an external HTTP endpoint \(api\.payments-partner\.example\.net\) unmasked: "Pay" sends cvc \(payment card data\)/ }],
  },
  {
    name: "Power Automate: a card's security code cut to four characters (take(…, 4))",
    text: pa("@take(triggerBody()?['cvv'], 4)"),
    expected: [{ covers: "triggerBody()?['cvv']", message: /sends cvv \(payment card data\)/ }],
  },
  {
    // Groups of at most four characters that together are the whole number: a phone number written (555) 010-4477.
    name: 'n8n: a phone number formatted from three cuts (slice(0, 3), slice(3, 6), slice(6, 10))',
    text: n8n('={{ JSON.stringify({ properties: { phone: `(${$json.body.phone.slice(0, 3)}) ${$json.body.phone.slice(3, 6)}-${$json.body.phone.slice(6, 10)}` } }) }}'),
    expected: [{ covers: '$json.body.phone', message: /"Send" sends phone \(contact details\) from "Lead"/ }],
  },
  {
    name: 'Power Automate: a card number in groups of four (substring(x, 0, 4), substring(x, 4, 4), …)',
    text: pa("@{concat(substring(triggerBody()?['cardNumber'], 0, 4), ' ', substring(triggerBody()?['cardNumber'], 4, 4), ' ', substring(triggerBody()?['cardNumber'], 8, 4), ' ', substring(triggerBody()?['cardNumber'], 12, 4))}"),
    expected: [{ covers: "triggerBody()?['cardNumber']", message: /sends cardNumber \(payment card data\)/ }],
  },
  // Still quiet: a few characters of a text that is not health data, singular names (address, diagnosis is no plural).
  { name: "n8n: a postcode's first three characters (slice(0, 3))", text: n8n('={{ JSON.stringify({ properties: { area: $json.body.postcode.slice(0, 3) } }) }}'), expected: [] },
  { name: "n8n: an address's first four characters (slice(0, 4))", text: n8n('={{ JSON.stringify({ properties: { a: $json.body.address.slice(0, 4) } }) }}'), expected: [] },
  { name: "Power Automate: a phone number's first three characters (take(…, 3))", text: pa("@take(triggerBody()?['phone'], 3)"), expected: [] },
  { name: 'n8n: whether a list of addresses holds the owner (emails.includes)', text: n8n('={{ JSON.stringify({ properties: { n: $json.body.emails.includes($json.body.owner) } }) }}'), expected: [] },
];

describe('privacy/sensitive-data-to-third-party: second reading 2 (cuts of lists and of health data)', () => runFlowTable(RULE, cases));

// Second reading of 410753d (a Node-RED function's text read as code): the function's writes are read again where the
// code read them (every reference to the same field when the reader has no one place), and the text it builds counts
// when the name it is assigned to is read afterwards. A message property set on the side (`msg.topic`, a label the debug
// and e-mail nodes show) is not `msg.payload.topic`, which the request sends.
const tab = { id: 't1', type: 'tab', label: 'API' };
const signup = { id: 'in', type: 'http in', z: 't1', name: 'Signup', url: '/signup', method: 'post', x: 100, y: 100, wires: [['c']] };
const fn = (func: string, outputs = 1) => ({ id: 'c', type: 'function', z: 't1', name: 'Prompt', func, outputs, x: 300, y: 100, wires: outputs === 1 ? [['r']] : [['r'], ['d']] });
const openAi = { id: 'r', type: 'http request', z: 't1', name: 'Ask', method: 'POST', ret: 'obj', paytoqs: 'ignore', url: 'https://api.openai.com/v1/chat/completions', x: 500, y: 100, wires: [[]] };
const debug = { id: 'd', type: 'debug', z: 't1', name: 'Log', active: true, complete: 'payload', x: 500, y: 200, wires: [] };

const nodeRedCases: FlowCase[] = [
  {
    name: "Node-RED: the e-mail in msg.topic, only its domain in the body's topic",
    text: nodeRedFlow(tab, signup, fn('msg.topic = "Lead " + msg.payload.email;\nmsg.payload = { topic: "Describe the company at " + msg.payload.email.split("@")[1] };\nreturn msg;'), openAi),
    expected: [],
  },
  {
    name: 'Node-RED: the e-mail in msg.payload.prompt (a member path the request sends)',
    text: nodeRedFlow(tab, signup, fn('msg.topic = "Lead";\nmsg.payload.prompt = "Write to " + msg.payload.email;\nreturn msg;'), openAi),
    expected: [{ covers: '"POST"', message: /"Ask" sends email \(contact details\) from "Signup"/ }],
  },
  {
    name: 'Node-RED: the e-mail as the whole body (msg.payload = "…" + email)',
    text: nodeRedFlow(tab, signup, fn('msg.payload = "Write a welcome note to " + msg.payload.email;\nreturn msg;'), openAi),
    expected: [{ covers: '"POST"', message: /"Ask" sends email \(contact details\) from "Signup"/ }],
  },
];

describe('privacy/sensitive-data-to-third-party: second reading 2 (Node-RED function text)', () => {
  runFlowTable(RULE, nodeRedCases);
  // The code reader (dataflow/nodeRedCode.ts, functionOutput) keeps what each output sends, and where the code read it:
  // a log message on the second output, wired to a debug node, is not what the first output sends.
  it('stays quiet for a log line on the second output when the first sends only the domain', () => {
    const text = nodeRedFlow(tab, signup, fn('const log = { payload: "New lead " + msg.payload.email };\nmsg.payload = { prompt: "Describe the company at " + msg.payload.email.split("@")[1] };\nreturn [msg, log];', 2), openAi, debug);
    assert.deepEqual(flowFindings(RULE, { text }).map((f) => f.message), []);
  });
});

// Second reading of 5c328e3 (a call back to the source connector's API with a credential type named after it, from an
// export without credentials): a type named after a longer service whose name starts with the source's (Cal.com's
// service is "Cal"; calendlyApi, api.calendly.com) is another service's.
const booking = { name: 'Booking created', type: 'calTrigger', parameters: { events: ['BOOKING_CREATED'] } };
const calendly = (nodeCredentialType: string, host: string) => ({ name: 'Find in Calendly', type: 'httpRequest', parameters: { url: `=https://${host}/scheduled_events?invitee_email={{ $json.payload.attendees[0].email }}`, authentication: 'predefinedCredentialType', nodeCredentialType } });

const sameServiceCases: FlowCase[] = [
  {
    name: "n8n: a Cal.com attendee's e-mail sent to api.calendly.com with the calendlyApi type (another service)",
    text: n8nFlow([booking, calendly('calendlyApi', 'api.calendly.com')], [['Booking created', 'Find in Calendly']]),
    expected: [{ covers: '$json.payload.attendees[0].email', severity: 'info', message: /^Personal data goes to an external HTTP endpoint \(api\.calendly\.com\) unmasked: "Find in Calendly" sends email \(contact details\) from "Booking created"/ }],
  },
  {
    // Cal.com's own API with its own type stays no transfer.
    name: "n8n: a Cal.com attendee's e-mail sent back to api.cal.com with the calApi type",
    text: n8nFlow([booking, calendly('calApi', 'api.cal.com')], [['Booking created', 'Find in Calendly']]),
    expected: [],
  },
];

describe('privacy/sensitive-data-to-third-party: second reading 2 (a credential type named after another service)', () => runFlowTable(RULE, sameServiceCases));

// 9a8d3f4 made n8n embeddings models AI calls; they have no parameters that read data, so the documents they embed
// were not followed: what a vector store inserts goes through its embeddings model to the provider, and the document
// loader sub-node's `$json` is the store's input. The data-flow model (dataflow/n8n.ts, embeddedLeaves) now gives the
// embeddings model the loader's reads of the store's input (more cases: sensitive-data-to-third-party.vector-store.test.ts).
describe('privacy/sensitive-data-to-third-party: second reading 2 (documents embedded by a provider)', () => {
  const lc = (short: string) => `@n8n/n8n-nodes-langchain.${short}`;
  it("reports a form's e-mail embedded by OpenAI on its way into a vector store", () => {
    const text = n8nFlow([
      { name: 'Signup form', type: 'formTrigger', parameters: { path: 'signup', formTitle: 'Sign up', formFields: { values: [{ fieldLabel: 'email', fieldType: 'email' }, { fieldLabel: 'notes' }] } } },
      { name: 'Store', type: lc('vectorStoreSupabase'), parameters: { mode: 'insert', tableName: { __rl: true, value: 'documents', mode: 'list' } } },
      { name: 'Loader', type: lc('documentDefaultDataLoader'), parameters: { jsonMode: 'expressionData', jsonData: '={{ $json.email }}: {{ $json.notes }}' } },
      { name: 'Embeddings', type: lc('embeddingsOpenAi'), parameters: { options: {} } },
    ], [['Signup form', 'Store'], ['Loader', 'Store', 'ai_document'], ['Embeddings', 'Store', 'ai_embedding']]);
    assert.equal(flowFindings(RULE, { text }).length, 1);
  });
});
