// Flows for privacy/sensitive-data-to-third-party tests: a webhook's lead posted to Segment (an analytics service), as
// an n8n workflow or a Power Automate flow, with the sent value the test is about.
import { n8nFlow } from './dataflow.js';
import { nodeRedFlow } from './platformDocs.js';
import { paSolutionFlow } from './wdl.js';

/** An n8n webhook node "Lead" (POST /lead). */
export const lead = { name: 'Lead', type: 'webhook', parameters: { path: 'lead', httpMethod: 'POST' } };

/** An n8n HTTP Request node "Send" posting `jsonBody` to Segment's track API. */
export const segment = (jsonBody: string) => ({ name: 'Send', type: 'httpRequest', parameters: { method: 'POST', url: 'https://api.segment.io/v1/track', sendBody: true, specifyBody: 'json', jsonBody } });

/** Lead → Send (n8n), the body being `jsonBody`. */
export const n8nToSegment = (jsonBody: string) => n8nFlow([lead, segment(jsonBody)], [['Lead', 'Send']]);

/** A Power Automate HTTP request trigger, then an HTTP action posting `{ properties: { value } }` to Segment. */
export const paToSegment = (value: string) => paSolutionFlow({ manual: { type: 'Request', kind: 'Http', inputs: { schema: {} } } }, {
  Send: { type: 'Http', inputs: { method: 'POST', uri: 'https://api.segment.io/v1/track', body: { properties: { value } } }, runAfter: {} },
});

/**
 * Node-RED: an http-in "Signup" → a function "Prompt" wired to an OpenAI request "Ask" (`r`) by output 1 and to a debug
 * node "Log" (`d`) by output 2 (`wires` to change that), and what the rule says when "Ask" sends the e-mail.
 */
export const nodeRedPrompt = (() => {
  const tab = { id: 't1', type: 'tab', label: 'API' };
  const signup = { id: 'in', type: 'http in', z: 't1', name: 'Signup', url: '/signup', method: 'post', wires: [['c']] };
  const fn = (func: string, outputs = 2, wires: string[][] = outputs === 1 ? [['r', 'd']] : [['r'], ['d']]) => ({ id: 'c', type: 'function', z: 't1', name: 'Prompt', func, outputs, wires });
  const openAi = { id: 'r', type: 'http request', z: 't1', name: 'Ask', method: 'POST', ret: 'obj', paytoqs: 'ignore', url: 'https://api.openai.com/v1/chat/completions', wires: [[]] };
  const debug = { id: 'd', type: 'debug', z: 't1', name: 'Log', active: true, complete: 'payload', wires: [] };
  return {
    tab,
    signup,
    fn,
    openAi,
    debug,
    flow: (func: string, outputs?: number, wires?: string[][]) => nodeRedFlow(tab, signup, fn(func, outputs, wires), openAi, debug),
    reported: [{ covers: '"POST"', message: /"Ask" sends email \(contact details\) from "Signup"/ }],
    /** A prompt with the e-mail's domain only, and one with the e-mail as written. */
    DOMAIN: '{ prompt: "Describe the company at " + msg.payload.email.split("@")[1] }',
    WHOLE: '{ prompt: "Write a welcome note to " + msg.payload.email }',
  };
})();
