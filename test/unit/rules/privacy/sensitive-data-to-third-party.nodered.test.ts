// Node-RED flows for the privacy rule: what an `http request` node sends (its body and headers, not only its URL), and
// personal fields shaped by change and function nodes on the way.
import { describe } from 'node:test';
import { runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { nodeRedFlow } from '../../../helpers/platformDocs.js';

const RULE = 'privacy/sensitive-data-to-third-party';

const tab = { id: 't1', type: 'tab', label: 'API' };
const signup = { id: 'in', type: 'http in', z: 't1', name: 'Signup', url: '/signup', method: 'post', x: 100, y: 100, wires: [['c']] };
const pickEmail = { id: 'c', type: 'change', z: 't1', name: 'Props', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'payload.email', tot: 'msg' }], x: 300, y: 100, wires: [['r']] };
const request = (method: string, extra: object = {}) => ({ id: 'r', type: 'http request', z: 't1', name: 'Mixpanel', method, ret: 'obj', paytoqs: 'ignore', url: 'https://api.mixpanel.com/engage', x: 500, y: 100, wires: [[]], ...extra });
const fn = (func: string) => ({ id: 'c', type: 'function', z: 't1', name: 'Shape', func, outputs: 1, x: 300, y: 100, wires: [['r']] });

const cases: FlowCase[] = [
  {
    name: 'an e-mail sent as the body of a POST to an analytics API',
    text: nodeRedFlow(tab, signup, pickEmail, request('POST')),
    expected: [{ covers: '"POST"', severity: 'warning', message: /^Personal data goes to an analytics service \(api\.mixpanel\.com\) unmasked: "Mixpanel" sends email \(contact details\) from "Signup" \(POST \/signup\) \(payload\.email\), via "Props"/, related: 3 }],
  },
  {
    name: 'an e-mail sent by a request whose method msg.method sets',
    text: nodeRedFlow(tab, signup, pickEmail, request('use')),
    expected: [{ covers: '"use"', message: /"Mixpanel" sends email/ }],
  },
  {
    name: 'an e-mail a GET appends to its query string',
    text: nodeRedFlow(tab, signup, pickEmail, request('GET', { paytoqs: 'query' })),
    expected: [{ covers: '"query"', message: /"Mixpanel" sends email/ }],
  },
  {
    name: 'a new message a function builds with the e-mail in its payload',
    text: nodeRedFlow(tab, signup, fn('return { payload: { $email: msg.payload.email, plan: "pro" } };'), request('POST')),
    expected: [{ covers: '"POST"', message: /"Mixpanel" sends email \(contact details\) from "Signup" \(POST \/signup\) \(payload\.email\), via "Shape"/ }],
  },
  {
    name: 'an e-mail a function serialises into the payload',
    text: nodeRedFlow(tab, signup, fn('msg.payload = JSON.stringify({ properties: { email: msg.payload.email } });\nreturn msg;'), request('POST')),
    expected: [{ covers: '"POST"', message: /"Mixpanel" sends email \(contact details\) from "Signup" \(POST \/signup\) \(payload\.email\), via "Shape"/ }],
  },
  {
    name: 'an e-mail a function puts in a header',
    text: nodeRedFlow(tab, signup, fn('msg.headers = { "X-User": msg.payload.email };\nmsg.payload = {};\nreturn msg;'), request('GET')),
    expected: [{ covers: '"http request"', message: /"Mixpanel" sends email \(contact details\) from "Signup"/ }],
  },
  {
    name: 'a phone number a function sends beside the e-mail it hashes',
    text: nodeRedFlow(tab, signup, fn('msg.payload = { id: sha256(msg.payload.email), phone: msg.payload.phone };\nreturn msg;'), request('POST')),
    expected: [{ covers: '"POST"', message: /"Mixpanel" sends phone \(contact details\) from "Signup"/ }],
  },
  {
    // Destructuring writes a field as an assignment does.
    name: 'an e-mail a function destructures into the payload',
    text: nodeRedFlow(tab, signup, fn('msg.payload = { event: "signup" };\n[msg.payload.email] = [msg.req.body.email];\nreturn msg;'), request('POST')),
    expected: [{ covers: '"POST"', message: /"Mixpanel" sends email \(contact details\) from "Signup" \(POST \/signup\) \(req\.body\.email\), via "Shape"/ }],
  },
  {
    // An object that holds msg writes into msg.
    name: 'an e-mail a function writes through an object holding the message',
    text: nodeRedFlow(tab, signup, fn('msg.payload = { event: "signup" };\nconst o = { m: msg };\no.m.payload.email = msg.req.body.email;\nreturn msg;'), request('POST')),
    expected: [{ covers: '"POST"', message: /"Mixpanel" sends email \(contact details\) from "Signup" \(POST \/signup\) \(req\.body\.email\), via "Shape"/ }],
  },
  {
    name: 'a GET that sends no body',
    text: nodeRedFlow(tab, signup, pickEmail, request('GET')),
    expected: [],
  },
  {
    name: 'a payload a function replaced with a constant before the POST',
    text: nodeRedFlow(tab, signup, fn('msg.payload = { event: "signup" };\nreturn msg;'), request('POST')),
    expected: [],
  },
  {
    name: 'an e-mail a function hashes before the POST',
    text: nodeRedFlow(tab, signup, fn('msg.payload = { id: sha256(msg.payload.email) };\nreturn msg;'), request('POST')),
    expected: [],
  },
];

describe(`${RULE} (Node-RED)`, () => runFlowTable(RULE, cases));
