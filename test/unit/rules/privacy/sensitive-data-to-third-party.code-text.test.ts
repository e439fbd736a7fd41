// Text that code builds around a personal field and sends on: a Node-RED function's prompt (`"Write to " +
// msg.payload.email`, a template literal) sent as `msg.payload`, and an n8n Code node's prompt sent as the whole item.
import { describe } from 'node:test';
import { n8nFlow, runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { nodeRedFlow } from '../../../helpers/platformDocs.js';

const RULE = 'privacy/sensitive-data-to-third-party';

const tab = { id: 't1', type: 'tab', label: 'API' };
const signup = { id: 'in', type: 'http in', z: 't1', name: 'Signup', url: '/signup', method: 'post', x: 100, y: 100, wires: [['c']] };
const fn = (func: string) => ({ id: 'c', type: 'function', z: 't1', name: 'Prompt', func, outputs: 1, x: 300, y: 100, wires: [['r']] });
const openAi = { id: 'r', type: 'http request', z: 't1', name: 'Ask', method: 'POST', ret: 'obj', paytoqs: 'ignore', url: 'https://api.openai.com/v1/chat/completions', x: 500, y: 100, wires: [[]] };
const nodeRed = (func: string) => nodeRedFlow(tab, signup, fn(func), openAi);

const lead = { name: 'Lead', type: 'webhook', parameters: { path: 'lead', httpMethod: 'POST' } };
const code = (jsCode: string) => ({ name: 'Prompt', type: 'code', parameters: { mode: 'runOnceForEachItem', jsCode } });
const ask = (content: string) => ({ name: 'Summarise', type: '@n8n/n8n-nodes-langchain.openAi', parameters: { resource: 'text', messages: { values: [{ content }] } } });

const cases: FlowCase[] = [
  {
    name: 'Node-RED: a prompt a function builds with + around an e-mail, sent as the body',
    text: nodeRed('msg.payload = { prompt: "Write to " + msg.payload.email }; return msg;'),
    expected: [{ covers: '"POST"', message: /^Personal data goes to an AI model provider \(api\.openai\.com\) unmasked: "Ask" sends email \(contact details\) from "Signup" \(POST \/signup\) \(payload\.email\), via "Prompt"/ }],
  },
  {
    name: 'Node-RED: a prompt a function builds with a template literal, sent as the body',
    text: nodeRed('const prompt = `Write to ${msg.payload.email}`;\nmsg.payload = { messages: [{ role: "user", content: prompt }] };\nreturn msg;'),
    expected: [{ covers: '"POST"', message: /"Ask" sends email \(contact details\)/ }],
  },
  { name: "Node-RED: a prompt with the e-mail's domain only", text: nodeRed('msg.payload = { prompt: "Domain " + msg.payload.email.split("@")[1] }; return msg;'), expected: [] },
  { name: 'Node-RED: the length of a text built from an e-mail', text: nodeRed('const text = "Write to " + msg.payload.email;\nmsg.payload = { size: text.length };\nreturn msg;'), expected: [] },
  {
    name: 'n8n: a prompt a Code node builds around an e-mail, sent as the whole item',
    text: n8nFlow([lead, code('const prompt = `Write to ${$json.body.email}`;\nreturn { json: { prompt } };'), ask('={{ JSON.stringify($json) }}')], [['Lead', 'Prompt'], ['Prompt', 'Summarise']]),
    expected: [{ covers: '$json', nth: 1, message: /"Summarise" sends email \(contact details\) from "Lead"/ }],
  },
];

describe('privacy/sensitive-data-to-third-party: text code builds', () => runFlowTable(RULE, cases));
