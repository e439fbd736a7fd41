// Documents embedded on their way into an n8n vector store: the embeddings sub-node (an AI call, like a chat model) sends
// its provider what the store's document loader reads of each input item (dataflow/n8n.ts, embeddedLeaves). As with an
// agent and its model, the node that calls the provider is the sender; a self-hosted model (Ollama) is no third party.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flowFindings, n8nFlow, runFlowTable, type FlowCase, type N8nNode } from '../../../helpers/dataflow.js';
import { lead } from '../../../helpers/privacy.js';

const RULE = 'privacy/sensitive-data-to-third-party';

const lc = (short: string) => `@n8n/n8n-nodes-langchain.${short}`;
const form = { name: 'Signup form', type: 'formTrigger', parameters: { path: 'signup', formTitle: 'Sign up', formFields: { values: [{ fieldLabel: 'email', fieldType: 'email' }, { fieldLabel: 'notes' }] } } };
const store = (parameters: object = { mode: 'insert' }, type = 'vectorStoreSupabase') => ({ name: 'Store', type: lc(type), parameters });
const loader = (parameters: object) => ({ name: 'Loader', type: lc('documentDefaultDataLoader'), parameters });
const expression = (jsonData: string) => loader({ jsonMode: 'expressionData', jsonData });
const openAi = { name: 'Embeddings', type: lc('embeddingsOpenAi'), parameters: { options: {} } };
const ollama = { name: 'Embeddings', type: lc('embeddingsOllama'), parameters: { model: 'nomic-embed-text' } };

/** source → Store, with the loader and the embeddings model wired to Store (the loader left out when `docs` is undefined). */
const indexed = (source: N8nNode, storeNode: N8nNode, docs: N8nNode | undefined, model: N8nNode = openAi, between: N8nNode[] = []) => {
  const chain = [source, ...between, storeNode];
  const links: [string, string, string?][] = chain.slice(1).map((n, i) => [chain[i].name, n.name]);
  if (docs) links.push([docs.name, 'Store', 'ai_document']);
  links.push([model.name, 'Store', 'ai_embedding']);
  return n8nFlow([...chain, ...(docs ? [docs] : []), model], links);
};

/** A Set node "Contact" that keeps the webhook body's e-mail as `email`. */
const contact = { name: 'Contact', type: 'set', typeVersion: 3.4, parameters: { assignments: { assignments: [{ id: 'a', name: 'email', type: 'string', value: '={{ $json.body.email }}' }] } } };

const cases: FlowCase[] = [
  {
    name: "n8n: a form's e-mail in the loader's text, embedded by OpenAI",
    text: indexed(form, store(), expression('={{ $json.email }}: {{ $json.notes }}')),
    expected: [{ covers: '$json.email', message: /^Personal data goes to an AI model provider \(OpenAI\) unmasked: "Embeddings" sends email \(contact details\) from "Signup form"/ }],
  },
  {
    // The store keeps its documents itself; the embeddings model still sends them to OpenAI.
    name: 'n8n: the e-mail embedded for an in-memory store',
    text: indexed(form, store({ mode: 'insert' }, 'vectorStoreInMemory'), expression('={{ $json.email }}')),
    expected: [{ covers: '$json.email', message: /"Embeddings" sends email \(contact details\)/ }],
  },
  {
    name: 'n8n: an older insert-only store (vectorStorePineconeInsert, no mode)',
    text: indexed(form, store({}, 'vectorStorePineconeInsert'), expression('={{ $json.email }}')),
    expected: [{ covers: '$json.email', message: /"Embeddings" sends email/ }],
  },
  {
    // All input data (the loader's default): the whole item, whose `email` a Set node named.
    name: "n8n: the whole item (allInputData) holding an e-mail a Set node kept",
    text: indexed(lead, store(), loader({ jsonMode: 'allInputData' }), openAi, [contact]),
    expected: [{ covers: '"allInputData"', message: /"Embeddings" sends email \(contact details\) from "Lead" \(POST lead\) \(body\.email\), via "Contact"/ }],
  },
  {
    // "Get Many" embeds the search prompt.
    name: "n8n: a form's e-mail in the search prompt of load mode",
    text: indexed(form, store({ mode: 'load', prompt: '=Notes about {{ $json.email }}' }), undefined),
    expected: [{ covers: '$json.email', message: /"Embeddings" sends email \(contact details\)/ }],
  },
  // Quiet: a field that is not personal, a masked value, a self-hosted model, a store that embeds no input item.
  { name: 'n8n: the loader reads only the notes', text: indexed(form, store(), expression('={{ $json.notes }}')), expected: [] },
  { name: 'n8n: the e-mail hashed in the loader', text: indexed(form, store(), expression("={{ $json.email.hash('sha256') }}: {{ $json.notes }}")), expected: [] },
  { name: 'n8n: the e-mail embedded by a self-hosted model (Ollama)', text: indexed(form, store(), expression('={{ $json.email }}'), ollama), expected: [] },
  { name: 'n8n: a store in retrieve mode (the default)', text: indexed(form, store({}), expression('={{ $json.email }}')), expected: [] },
  { name: 'n8n: a store in retrieve-as-tool mode', text: indexed(form, store({ mode: 'retrieve-as-tool', toolName: 'kb' }), expression('={{ $json.email }}')), expected: [] },
];

describe('privacy/sensitive-data-to-third-party: documents embedded for a vector store', () => {
  runFlowTable(RULE, cases);
  // A form's fields are named in its parameters, not by any reference: the whole item sent (here, or as
  // `JSON.stringify($json)` to an HTTP node) holds the fields the form declares (dataflow/declaredFields.ts).
  it("reports a form's whole item (allInputData) holding its e-mail field", () => {
    const text = indexed(form, store(), loader({}));
    assert.equal(flowFindings(RULE, { text }).length, 1);
  });
});
