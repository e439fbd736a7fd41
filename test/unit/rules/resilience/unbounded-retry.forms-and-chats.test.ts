import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flowFindings, n8nFlow, runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';

// n8n Form and Chat triggers are webhooks too: with "Respond When: Workflow Finishes" or "Using 'Respond to Webhook'
// Node" the person who submitted the form waits for the answer, and a public chat waits for the last node by default
// (its response mode defaults to lastNode). HTTP Request nodes without a timeout on that path hold them.

const RULE = 'resilience/unbounded-retry';

const http = (name: string, extra: object = {}) => ({ name, type: 'httpRequest', typeVersion: 4.2, parameters: { url: 'https://api.example.com/jobs', options: {}, ...extra } });
const form = (responseMode?: string) => ({ name: 'Order form', type: 'formTrigger', typeVersion: 2.2, parameters: { path: 'order', formTitle: 'Order', ...(responseMode ? { responseMode } : {}) } });
const chat = (parameters: object) => ({ name: 'Chat', type: '@n8n/n8n-nodes-langchain.chatTrigger', typeVersion: 1.1, parameters });
const answer = (name: string) => ({ name, type: 'respondToWebhook', parameters: { respondWith: 'text' } });
const page = (name: string) => ({ name, type: 'form', typeVersion: 1, parameters: { operation: 'completion' } });

const cases: FlowCase[] = [
  {
    name: 'an n8n form that answers when its workflow finishes, with an HTTP Request without timeout on the way',
    text: n8nFlow([form('lastNode'), http('Price')], [['Order form', 'Price']]),
    expected: [{ covers: '"options"', severity: 'info', message: /^Form "Order form" answers only when its flow ends, and "Price" on that path has no timeout set, so n8n waits 5 minutes .* Set Options → Timeout on the HTTP Request node/ }],
  },
  {
    // Form Trigger 2.1: n8n refuses a Respond to Webhook node after a Form Trigger 2.2 or later (second-reading test).
    name: "an n8n form (Form Trigger 2.1) answered by a Respond to Webhook node, with an HTTP Request without timeout before it",
    text: n8nFlow([{ ...form('responseNode'), typeVersion: 2.1 }, http('Price'), answer('Thanks')], [['Order form', 'Price'], ['Price', 'Thanks']]),
    expected: [{ covers: '"options"', severity: 'info', message: /^Form "Order form" answers when a Respond to Webhook node runs, and "Price" runs before that and has no timeout set/ }],
  },
  {
    name: 'a public n8n chat (it answers when the last node finishes unless told otherwise), with an HTTP Request without timeout',
    text: n8nFlow([chat({ public: true, options: {} }), http('Lookup')], [['Chat', 'Lookup']]),
    expected: [{ covers: '"options"', nth: 1, severity: 'info', message: /^Chat "Chat" answers only when its flow ends, and "Lookup" on that path has no timeout set/ }],
  },
  {
    name: 'an n8n form that answers on receipt (the default): its submitter does not wait',
    text: n8nFlow([form(), http('Price')], [['Order form', 'Price']]),
    expected: [],
  },
  {
    name: 'an n8n form whose HTTP Request comes after a form ending page (the submitter has its answer)',
    text: n8nFlow([form('lastNode'), page('Done'), http('Notify')], [['Order form', 'Done'], ['Done', 'Notify']]),
    expected: [],
  },
  {
    name: 'an n8n form whose HTTP Request sets a timeout',
    text: n8nFlow([form('lastNode'), http('Price', { options: { timeout: 10000 } })], [['Order form', 'Price']]),
    expected: [],
  },
  {
    name: 'an n8n chat that is not public (only the editor chats with it)',
    text: n8nFlow([chat({ public: false }), http('Lookup')], [['Chat', 'Lookup']]),
    expected: [],
  },
  {
    name: 'a public n8n chat answered by a Respond to Webhook node before its HTTP Request',
    text: n8nFlow([chat({ public: true, options: { responseMode: 'responseNode' } }), answer('Reply'), http('Log')], [['Chat', 'Reply'], ['Reply', 'Log']]),
    expected: [],
  },
];

describe(`${RULE}: forms and chats`, () => runFlowTable(RULE, cases));

describe(`${RULE}: what n8n waits for each HTTP Request`, () => {
  it('names the default wait of an HTTP Request 1 among the related calls (1 hour)', () => {
    const text = n8nFlow([form('lastNode'), http('Price'), { ...http('Legacy'), typeVersion: 1 }], [['Order form', 'Price'], ['Price', 'Legacy']]);
    const [finding] = flowFindings(RULE, { text });
    assert.deepEqual(finding.related?.map((r) => r.message), ['"Legacy" has no timeout set either (n8n waits 1 hour)']);
  });
});
