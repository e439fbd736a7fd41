// Masking is per reference: a value is masked when a masking call takes it as its argument or receiver, not when some
// other value of the same `{{ }}` block is hashed.
import { describe } from 'node:test';
import { n8nFlow, runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { makeBlueprint } from '../../../helpers/platformDocs.js';
import { laStandardWorkflow } from '../../../helpers/wdl.js';

const RULE = 'privacy/sensitive-data-to-third-party';

const lead = { name: 'Lead', type: 'webhook', parameters: { path: 'lead', httpMethod: 'POST' } };
const segment = (jsonBody: string) => ({ name: 'Send', type: 'httpRequest', parameters: { method: 'POST', url: 'https://api.segment.io/v1/identify', sendBody: true, specifyBody: 'json', jsonBody } });
const makeHook = { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: { hook: 1 }, mapper: {}, metadata: { designer: { name: 'Lead' } } };
const askGpt = (content: string) => ({ id: 2, module: 'openai-gpt-3:CreateCompletion', version: 1, parameters: { __IMTCONN__: 3 }, mapper: { model: 'gpt-4o', messages: [{ role: 'user', content }] }, metadata: { designer: { name: 'Ask GPT' } } });
/** An n8n Set (3.4) that keeps the input and sets `email` to `value`. */
const setEmail = (name: string, value: string) => ({ name, type: 'set', typeVersion: 3.4, parameters: { mode: 'manual', includeOtherFields: true, assignments: { assignments: [{ id: '1', name: 'email', type: 'string', value }] } } });
const request = { manual: { type: 'Request', kind: 'Http', inputs: { schema: {} } } };

const cases: FlowCase[] = [
  {
    name: 'n8n: a phone number beside a hashed e-mail in one block',
    text: n8nFlow([lead, segment("={{ JSON.stringify({ userId: $json.body.email.hash('sha256'), traits: { phone: $json.body.phone } }) }}")], [['Lead', 'Send']]),
    expected: [{ covers: '$json.body.phone', message: /^Personal data goes to an analytics service \(api\.segment\.io\) unmasked: "Send" sends phone \(contact details\) from "Lead"/ }],
  },
  {
    name: 'n8n: every personal value of the block hashed',
    text: n8nFlow([lead, segment("={{ JSON.stringify({ userId: $json.body.email.hash('sha256'), traits: { phone: $json.body.phone.toString().hash() } }) }}")], [['Lead', 'Send']]),
    expected: [],
  },
  {
    name: 'n8n: a value inside a masking call with other calls around it',
    text: n8nFlow([lead, segment("={{ JSON.stringify({ userId: $crypto.sha256($json.body.email.trim().toLowerCase()) }) }}")], [['Lead', 'Send']]),
    expected: [],
  },
  {
    // A bracket inside a regular expression is not code: the hash call's parentheses still end where they end.
    name: 'n8n: a phone number after a hashed e-mail whose regex holds an unbalanced bracket',
    text: n8nFlow([lead, segment("={{ JSON.stringify({ u: $crypto.sha256($json.body.email.replace(/[(]/g, '')), p: $json.body.phone }) }}")], [['Lead', 'Send']]),
    expected: [{ covers: '$json.body.phone', message: /sends phone \(contact details\) from "Lead"/ }],
  },
  {
    // tokenize splits text into words; unmask undoes masking: neither masks the value.
    name: 'n8n: a phone number split into words (tokenize)',
    text: n8nFlow([lead, segment('={{ JSON.stringify({ traits: { words: tokenize($json.body.phone) } }) }}')], [['Lead', 'Send']]),
    expected: [{ covers: '$json.body.phone', message: /sends phone \(contact details\) from "Lead"/ }],
  },
  {
    name: 'n8n: a phone number unmasked',
    text: n8nFlow([lead, segment('={{ JSON.stringify({ p: $json.body.phone.unmask() }) }}')], [['Lead', 'Send']]),
    expected: [{ covers: '$json.body.phone', message: /sends phone \(contact details\) from "Lead"/ }],
  },
  {
    name: 'Make: a phone number beside a hashed e-mail in one block',
    text: makeBlueprint(makeHook, askGpt('{{sha256(1.email) + " / " + 1.phone}}')),
    expected: [{ covers: '1.phone', message: /^Personal data goes to an AI model provider \(OpenAI\) unmasked: "Ask GPT" sends phone \(contact details\) from "Lead"/ }],
  },
  {
    name: 'Make: a hashed e-mail alone',
    text: makeBlueprint(makeHook, askGpt('{{sha256(lower(1.email))}}')),
    expected: [],
  },
  {
    name: 'Logic Apps: a phone number beside a masked e-mail in one expression',
    text: laStandardWorkflow(request, {
      Send: { type: 'Http', inputs: { method: 'POST', uri: 'https://api.segment.io/v1/identify', body: "@{concat(maskEmail(triggerBody()?['email']), ' ', triggerBody()?['phone'])}" }, runAfter: {} },
    }),
    expected: [{ covers: "triggerBody()?['phone']", message: /sends phone \(contact details\) from "manual"/ }],
  },
  // What a step writes at a place replaces what its input held there: the e-mail an earlier Set put at `email` is gone
  // once a Crypto node hashes it into `email`, or a later Set writes a constant there.
  {
    name: 'n8n: an e-mail a Crypto node hashed into the field that held it',
    text: n8nFlow([lead, setEmail('Keep', '={{ $json.body.email }}'), { name: 'Hash', type: 'crypto', typeVersion: 1, parameters: { type: 'SHA256', value: '={{ $json.email }}', dataPropertyName: 'email' } }, segment('={{ JSON.stringify({ userId: $json.email }) }}')], [['Lead', 'Keep'], ['Keep', 'Hash'], ['Hash', 'Send']]),
    expected: [],
  },
  {
    name: 'n8n: an e-mail a later Set overwrote with a constant',
    text: n8nFlow([lead, setEmail('Keep', '={{ $json.body.email }}'), setEmail('Blank', 'nobody'), segment('={{ JSON.stringify({ userId: $json.email }) }}')], [['Lead', 'Keep'], ['Keep', 'Blank'], ['Blank', 'Send']]),
    expected: [],
  },
];

describe(`${RULE}: masking is read per reference`, () => runFlowTable(RULE, cases));
