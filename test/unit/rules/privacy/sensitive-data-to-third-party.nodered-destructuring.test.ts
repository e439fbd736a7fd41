// Node-RED function code that takes a personal field by destructuring (`const { email } = msg.payload;`) and sends it on:
// the field is named only in what the code writes, not in its `msg` references, and the rule's look for a named field
// must read the writes too.
import { describe } from 'node:test';
import { runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { nodeRedFlow } from '../../../helpers/platformDocs.js';

const RULE = 'privacy/sensitive-data-to-third-party';

const tab = { id: 't1', type: 'tab', label: 'API' };
const signup = { id: 'in', type: 'http in', z: 't1', name: 'Signup', url: '/signup', method: 'post', wires: [['c']] };
const fn = (func: string) => ({ id: 'c', type: 'function', z: 't1', name: 'Shape', func, outputs: 1, wires: [['r']] });
const post = (name: string, url: string) => ({ id: 'r', type: 'http request', z: 't1', name, method: 'POST', ret: 'obj', paytoqs: 'ignore', url, wires: [[]] });
const openai = post('OpenAI', 'https://api.openai.com/v1/chat/completions');
const mixpanel = post('Mixpanel', 'https://api.mixpanel.com/engage');

const cases: FlowCase[] = [
  {
    name: 'an e-mail a function destructures from the payload and sends to an AI provider',
    text: nodeRedFlow(tab, signup, fn('const { email } = msg.payload;\nmsg.payload = { user: email };\nreturn msg;'), openai),
    expected: [{ covers: '"POST"', message: /"OpenAI" sends email \(contact details\) from "Signup" \(POST \/signup\) \(payload\.email\), via "Shape"/ }],
  },
  {
    name: 'an e-mail destructured under another name and sent to an analytics API',
    text: nodeRedFlow(tab, signup, fn('const { email: to } = msg.payload;\nmsg.payload = { distinct_id: to };\nreturn msg;'), mixpanel),
    expected: [{ covers: '"POST"', message: /"Mixpanel" sends email \(contact details\) from "Signup"/ }],
  },
  {
    name: 'an e-mail read through a local alias of the payload',
    text: nodeRedFlow(tab, signup, fn('const p = msg.payload;\nmsg.payload = { id: p.email };\nreturn msg;'), mixpanel),
    expected: [{ covers: '"POST"', message: /"Mixpanel" sends email/ }],
  },
  { name: 'a destructured e-mail the code does not send on', text: nodeRedFlow(tab, signup, fn('const { email } = msg.payload;\nnode.warn(email);\nmsg.payload = { event: "signup" };\nreturn msg;'), mixpanel), expected: [] },
];

describe(`${RULE}: Node-RED code that destructures a personal field`, () => runFlowTable(RULE, cases));
