// What the sending node does with a personal field before it sends: a test of it (`includes('@')`, `length(…)`, a
// comparison, a condition) or its last few characters (`slice(-4)`, `substring(x, 0, 3)`) send no personal data; the
// value, a longer part of it, or text functions around it still do.
import { describe } from 'node:test';
import { runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { makeBlueprint } from '../../../helpers/platformDocs.js';
import { n8nToSegment, paToSegment } from '../../../helpers/privacy.js';

const RULE = 'privacy/sensitive-data-to-third-party';

const n8n = n8nToSegment;
const pa = paToSegment;
const makeHook = { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: { hook: 1 }, mapper: {}, metadata: { designer: { name: 'Lead' } } };
const make = (content: string) => makeBlueprint(makeHook, { id: 2, module: 'openai-gpt-3:CreateCompletion', version: 1, parameters: { __IMTCONN__: 3 }, mapper: { model: 'gpt-4o', messages: [{ role: 'user', content }] }, metadata: { designer: { name: 'Ask GPT' } } });

const cases: FlowCase[] = [
  { name: 'n8n: whether an e-mail holds an @ (includes)', text: n8n("={{ JSON.stringify({ properties: { valid: $json.body.email.includes('@') } }) }}"), expected: [] },
  { name: 'n8n: whether an e-mail ends with a domain (endsWith after toLowerCase)', text: n8n("={{ JSON.stringify({ properties: { staff: $json.body.email.toLowerCase().endsWith('@example.com') } }) }}"), expected: [] },
  { name: "n8n: a card number's last four digits (slice(-4))", text: n8n('={{ JSON.stringify({ properties: { last4: $json.body.cardNumber.slice(-4) } }) }}'), expected: [] },
  { name: "n8n: an e-mail's first three characters (substring(0, 3))", text: n8n('={{ JSON.stringify({ properties: { p: $json.body.email.substring(0, 3) } }) }}'), expected: [] },
  { name: 'n8n: a condition on a phone number (ternary)', text: n8n("={{ JSON.stringify({ properties: { hasPhone: $json.body.phone ? 'yes' : 'no' } }) }}"), expected: [] },
  { name: 'n8n: a comparison of an e-mail', text: n8n("={{ JSON.stringify({ properties: { same: $json.body.email === $json.body.other } }) }}"), expected: [] },
  { name: 'n8n: a negated phone number', text: n8n('={{ JSON.stringify({ properties: { noPhone: !$json.body.phone } }) }}'), expected: [] },
  {
    name: 'n8n: an e-mail cut to a long part (substring(0, 64))',
    text: n8n('={{ JSON.stringify({ properties: { e: $json.body.email.substring(0, 64) } }) }}'),
    expected: [{ covers: '$json.body.email', message: /sends email \(contact details\) from "Lead"/ }],
  },
  {
    // slice(1, -1) takes the quotes off: the whole address is sent.
    name: 'n8n: an e-mail stringified and unquoted (JSON.stringify(…).slice(1, -1))',
    text: n8n('={{ JSON.stringify({ properties: { e: JSON.stringify($json.body.email).slice(1, -1) } }) }}'),
    expected: [{ covers: '$json.body.email', message: /sends email/ }],
  },
  {
    // The test's result goes nowhere personal, but the value in the other branch of the condition is the address.
    name: 'n8n: an e-mail sent when it holds an @ (the test, then the value)',
    text: n8n("={{ JSON.stringify({ properties: { e: $json.body.email.includes('@') ? $json.body.email : '' } }) }}"),
    expected: [{ covers: '$json.body.email', nth: 1, message: /sends email/ }],
  },
  { name: 'Power Automate: the length of an e-mail', text: pa("@length(triggerBody()?['email'])"), expected: [] },
  { name: 'Power Automate: whether an e-mail holds an @ (contains)', text: pa("@contains(toLower(triggerBody()?['email']), '@')"), expected: [] },
  { name: "Power Automate: a phone number's last four digits (substring with length 4)", text: pa("@substring(triggerBody()?['phone'], sub(length(triggerBody()?['phone']), 4), 4)"), expected: [] },
  { name: 'Power Automate: a condition on an e-mail (if, as its test)', text: pa("@if(empty(triggerBody()?['email']), 'no', 'yes')"), expected: [] },
  {
    name: 'Power Automate: an e-mail chosen by a condition (if, as its value)',
    text: pa("@if(equals(triggerBody()?['kind'], 'b2b'), triggerBody()?['email'], '')"),
    expected: [{ covers: "triggerBody()?['email']", message: /sends email/ }],
  },
  {
    name: "Power Automate: an e-mail's @ replaced (replace)",
    text: pa("@replace(triggerBody()?['email'], '@', ' at ')"),
    expected: [{ covers: "triggerBody()?['email']", message: /sends email/ }],
  },
  { name: 'Make: the length of an e-mail', text: make('{{length(1.email)}}'), expected: [] },
  { name: "Make: a phone number's first three digits (substring)", text: make('{{substring(1.phone; 0; 3)}}'), expected: [] },
  {
    name: 'Make: an e-mail with its @ replaced',
    text: make('{{replace(1.email; "@"; " at ")}}'),
    expected: [{ covers: '1.email', message: /sends email/ }],
  },
];

describe('privacy/sensitive-data-to-third-party: computed at the sending node', () => runFlowTable(RULE, cases));
