// A second reading of what an n8n embeddings model sends its provider for a vector store (dataflow/n8n.ts,
// embeddedLeaves), checked against n8n's sources: N8nJsonLoader embeds only the strings its JSON pointers pick out of
// the item (`options.pointers` of the Default Data Loader, `pointers` of the JSON Input Loader); metadata is stored with
// each document, never embedded; the older one-mode `…Load` types are retrieve stores (they supply a vector store and
// take no prompt); a retrieve store embeds what the chain it serves asks.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flowFindings, n8nFlow, runFlowTable, type FlowCase, type N8nNode } from '../../../helpers/dataflow.js';
import { lead } from '../../../helpers/privacy.js';

const RULE = 'privacy/sensitive-data-to-third-party';

const lc = (short: string) => `@n8n/n8n-nodes-langchain.${short}`;
const store = (parameters: object = { mode: 'insert' }, type = 'vectorStoreSupabase', name = 'Store') => ({ name, type: lc(type), parameters });
const loader = (parameters: object, name = 'Loader', extra: object = {}) => ({ name, type: lc('documentDefaultDataLoader'), parameters, ...extra });
const expression = (jsonData: string, extra: object = {}) => loader({ jsonMode: 'expressionData', jsonData, ...extra });
const openAi = { name: 'Embeddings', type: lc('embeddingsOpenAi'), parameters: { options: {} } };
const ollamaChat = { name: 'Chat model', type: lc('lmChatOllama'), parameters: { model: 'llama3' } };
/** A Set node "Contact" that keeps the webhook body's e-mail as `email` and its notes as `notes`. */
const contact = {
  name: 'Contact',
  type: 'set',
  typeVersion: 3.4,
  parameters: { assignments: { assignments: [{ id: 'a', name: 'email', type: 'string', value: '={{ $json.body.email }}' }, { id: 'b', name: 'notes', type: 'string', value: '={{ $json.body.notes }}' }] } },
};

/** Lead → Contact → Store, with `docs` as the store's document sub-node and OpenAI embeddings. */
const viaContact = (docs: N8nNode, storeNode: N8nNode = store()) =>
  n8nFlow([lead, contact, storeNode, docs, openAi], [['Lead', 'Contact'], ['Contact', 'Store'], [docs.name, 'Store', 'ai_document'], ['Embeddings', 'Store', 'ai_embedding']]);

const jsonInputLoader = (pointers: string) => ({ name: 'Loader', type: lc('documentJsonInputLoader'), parameters: { pointers } });

const cases: FlowCase[] = [
  // N8nJsonLoader (allInputData): JSON.stringify(item.json) read by LangChain's JSONLoader with the pointers: only the
  // strings under them are embedded.
  { name: 'n8n: the whole item with JSON pointers that leave the e-mail out (Default Data Loader options.pointers)', text: viaContact(loader({ options: { pointers: '/notes' } })), expected: [] },
  { name: 'n8n: the whole item with JSON pointers that leave the e-mail out (JSON Input Loader)', text: viaContact(jsonInputLoader('/notes')), expected: [] },
  {
    name: 'n8n: the whole item with a JSON pointer to the e-mail',
    text: viaContact(loader({ options: { pointers: '/notes, /email' } })),
    expected: [{ covers: '/email', message: /"Embeddings" sends email \(contact details\) from "Lead"/ }],
  },
  {
    name: 'n8n: the whole item with a JSON pointer to the e-mail (JSON Input Loader)',
    text: viaContact(jsonInputLoader('/email')),
    expected: [{ covers: '/email', message: /"Embeddings" sends email/ }],
  },
  // Metadata is kept with each document (doc.metadata), not embedded: embedDocuments takes the page content only.
  { name: "n8n: the e-mail only in the loader's metadata", text: viaContact(expression('={{ $json.notes }}', { options: { metadata: { metadataValues: [{ name: 'email', value: '={{ $json.email }}' }] } } })), expected: [] },
  // The text splitter cuts the loader's text into chunks: every chunk is embedded.
  {
    name: 'n8n: the e-mail in a loader chained through a text splitter',
    text: n8nFlow([lead, contact, store(), expression('={{ $json.email }}', { textSplittingMode: 'custom' }), openAi, { name: 'Splitter', type: lc('textSplitterRecursiveCharacterTextSplitter'), parameters: { chunkSize: 500 } }], [['Lead', 'Contact'], ['Contact', 'Store'], ['Splitter', 'Loader', 'ai_textSplitter'], ['Loader', 'Store', 'ai_document'], ['Embeddings', 'Store', 'ai_embedding']]),
    expected: [{ covers: '$json.email', message: /"Embeddings" sends email/ }],
  },
  {
    name: "n8n: the e-mail read by name ($('Contact')) in the loader",
    text: viaContact(expression("={{ $('Contact').item.json.email }}")),
    expected: [{ covers: "$('Contact').item.json.email", message: /"Embeddings" sends email/ }],
  },
  { name: 'n8n: a binary loader with a named property', text: viaContact(loader({ dataType: 'binary', binaryMode: 'specificField', binaryDataKey: 'data' })), expected: [] },
  {
    name: "n8n: the Get Many prompt reading the e-mail by name",
    text: n8nFlow([lead, contact, store({ mode: 'load', prompt: "=Notes about {{ $('Contact').item.json.email }}" }), openAi], [['Lead', 'Contact'], ['Contact', 'Store'], ['Embeddings', 'Store', 'ai_embedding']]),
    expected: [{ covers: "$('Contact').item.json.email", message: /"Embeddings" sends email/ }],
  },
  { name: 'n8n: a literal Get Many prompt', text: n8nFlow([lead, contact, store({ mode: 'load', prompt: 'refund policy' }), openAi], [['Lead', 'Contact'], ['Contact', 'Store'], ['Embeddings', 'Store', 'ai_embedding']]), expected: [] },
  {
    name: 'n8n: update mode embeds the whole item',
    text: n8nFlow([lead, contact, store({ mode: 'update', id: '={{ $json.id }}' }), openAi], [['Lead', 'Contact'], ['Contact', 'Store'], ['Embeddings', 'Store', 'ai_embedding']]),
    expected: [{ covers: '"update"', message: /"Embeddings" sends email/ }],
  },
  // One embeddings node for an insert store and a retrieve store (the corpus' common shape): the insert's documents.
  {
    name: 'n8n: one embeddings node shared by an insert store and a retrieve store',
    text: n8nFlow([lead, contact, store(), expression('={{ $json.email }}'), openAi, store({}, 'vectorStoreSupabase', 'Lookup')], [['Lead', 'Contact'], ['Contact', 'Store'], ['Loader', 'Store', 'ai_document'], ['Embeddings', 'Store', 'ai_embedding'], ['Embeddings', 'Lookup', 'ai_embedding']]),
    expected: [{ covers: '$json.email', message: /"Embeddings" sends email/ }],
  },
  // n8n skips disabled sub-nodes: the enabled model embeds.
  {
    name: 'n8n: a store with a disabled and an enabled embeddings node',
    text: n8nFlow([lead, contact, store(), expression('={{ $json.email }}'), openAi, { name: 'Old embeddings', type: lc('embeddingsCohere'), parameters: {}, disabled: true }], [['Lead', 'Contact'], ['Contact', 'Store'], ['Loader', 'Store', 'ai_document'], ['Embeddings', 'Store', 'ai_embedding'], ['Old embeddings', 'Store', 'ai_embedding']]),
    expected: [{ covers: '$json.email', message: /"Embeddings" sends email/ }],
  },
  // A retrieve store behind the Vector Store Tool: the agent's model writes the query.
  {
    name: 'n8n: a retrieve store behind a Vector Store Tool',
    text: n8nFlow([lead, contact, store({}), openAi, { name: 'Tool', type: lc('toolVectorStore'), parameters: { name: 'kb' } }, { name: 'Agent', type: lc('agent'), parameters: { promptType: 'define', text: '={{ $json.notes }}' } }, ollamaChat], [['Lead', 'Contact'], ['Contact', 'Agent'], ['Embeddings', 'Store', 'ai_embedding'], ['Store', 'Tool', 'ai_vectorStore'], ['Tool', 'Agent', 'ai_tool'], ['Chat model', 'Agent', 'ai_languageModel'], ['Chat model', 'Tool', 'ai_languageModel']]),
    expected: [],
  },
];

describe('privacy/sensitive-data-to-third-party: documents embedded for a vector store (second reading)', () => {
  runFlowTable(RULE, cases);

  // The older one-mode types: `vectorStorePineconeLoad` & co. supply a vector store (retrieve); they have no prompt.
  it('reads no prompt on an older one-mode Load store (a retrieve store)', () => {
    const text = n8nFlow([lead, contact, store({ pineconeIndex: 'kb', prompt: '={{ $json.email }}' }, 'vectorStorePineconeLoad'), openAi], [['Lead', 'Contact'], ['Contact', 'Store'], ['Embeddings', 'Store', 'ai_embedding']]);
    assert.deepEqual(flowFindings(RULE, { text }).map((f) => f.message), []);
  });

  // RetrievalQAChain hands its question to the retriever, which embeds it: with a self-hosted chat model, the e-mail in
  // the chain's question still reaches OpenAI through the embeddings model.
  const qa = (chainParams: object, extra: object = {}) =>
    n8nFlow(
      [lead, contact, store({}), openAi, { name: 'Retriever', type: lc('retrieverVectorStore'), parameters: {} }, { name: 'QA', type: lc('chainRetrievalQa'), typeVersion: 1.4, parameters: chainParams, ...extra }, ollamaChat],
      [['Lead', 'Contact'], ['Contact', 'QA'], ['Embeddings', 'Store', 'ai_embedding'], ['Store', 'Retriever', 'ai_vectorStore'], ['Retriever', 'QA', 'ai_retriever'], ['Chat model', 'QA', 'ai_languageModel']],
    );
  it("reports the e-mail in a Question and Answer Chain's question, embedded for its retrieve store", () => {
    const findings = flowFindings(RULE, { text: qa({ promptType: 'define', text: '=What do we know about {{ $json.email }}?' }) });
    assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
    assert.match(findings[0].message, /^Personal data goes to an AI model provider \(OpenAI\) unmasked: "Embeddings" sends email/);
  });
  it("reports the e-mail in an older chain's query (version 1.2)", () => {
    assert.equal(flowFindings(RULE, { text: qa({ query: '={{ $json.email }}' }) }).length, 1);
  });
  it('stays quiet for a disabled Question and Answer Chain', () => {
    assert.deepEqual(flowFindings(RULE, { text: qa({ promptType: 'define', text: '={{ $json.email }}' }, { disabled: true }) }).map((f) => f.message), []);
  });
  it("stays quiet for a chain's question that reads only the notes", () => {
    assert.deepEqual(flowFindings(RULE, { text: qa({ promptType: 'define', text: '={{ $json.notes }}' }) }).map((f) => f.message), []);
  });

  // Linear in the stores: 500 insert stores, each with its own loader reading the e-mail, sharing one embeddings node
  // (one finding) or each with its own (one finding each).
  const storesFlow = (n: number, shared: boolean) => {
    const nodes: N8nNode[] = [lead, contact];
    const links: [string, string, string?][] = [['Lead', 'Contact']];
    if (shared) nodes.push(openAi);
    for (let i = 0; i < n; i++) {
      const model = shared ? 'Embeddings' : `Embeddings ${i}`;
      nodes.push(store(undefined, 'vectorStoreSupabase', `Store ${i}`), loader({ jsonMode: 'expressionData', jsonData: '={{ $json.email }}' }, `Loader ${i}`));
      if (!shared) nodes.push({ ...openAi, name: model });
      links.push(['Contact', `Store ${i}`], [`Loader ${i}`, `Store ${i}`, 'ai_document'], [model, `Store ${i}`, 'ai_embedding']);
    }
    return n8nFlow(nodes, links);
  };
  for (const shared of [true, false]) {
    it(`reviews 500 stores ${shared ? 'sharing one embeddings node' : 'with an embeddings node each'} in about linear time`, () => {
      const time = (n: number) => {
        const text = storesFlow(n, shared);
        const t0 = performance.now();
        assert.equal(flowFindings(RULE, { text }).length, shared ? 1 : n);
        return performance.now() - t0;
      };
      time(20); // warm up
      const small = time(100);
      const big = time(500);
      assert.ok(big < small * 12 + 300, `100 stores: ${small.toFixed(0)} ms, 500 stores: ${big.toFixed(0)} ms`);
    });
  }
});

// LangChain's JSONLoader applies each JSON pointer to every object of the item, top down (extractArrayStringsFromObject):
// `/email` also takes `customer.email`. What sits there is followed back through the Set nodes like any reference, and
// a hash or a constant written there on the way still hides it.
describe('privacy/sensitive-data-to-third-party: JSON pointers read at any depth of the item', () => {
  const assigned = (name: string, value: string, type = 'string') => ({ id: name, name, type, value });
  const set = (name: string, assignments: object[], extra: object = {}) => ({ name, type: 'set', typeVersion: 3.4, parameters: { assignments: { assignments }, ...extra } });
  /** Lead → each of `between` → Store, the Default Data Loader with `pointers`, OpenAI embeddings. */
  const pointed = (pointers: string, ...between: N8nNode[]) => {
    const chain = [lead, ...between, store()];
    return n8nFlow([...chain, loader({ options: { pointers } }), openAi], [...chain.slice(1).map((n, i): [string, string] => [chain[i].name, n.name]), ['Loader', 'Store', 'ai_document'], ['Embeddings', 'Store', 'ai_embedding']]);
  };
  /** Keeps the webhook body's e-mail and notes under `customer` (only those). */
  const customer = (email = '={{ $json.body.email }}') => set('Customer', [assigned('customer.email', email), assigned('customer.notes', '={{ $json.body.notes }}')]);
  /** Keeps the webhook body, whole, as `payload` (only it). */
  const payload = set('Payload', [assigned('payload', '={{ $json.body }}', 'object')]);

  runFlowTable(RULE, [
    { name: 'a pointer that names a field below the top (customer.email)', text: pointed('/email', customer()), expected: [{ covers: '/email', message: /"Embeddings" sends email \(contact details\) from "Lead" \(POST lead\) \(body\.email\), via "Customer"/ }] },
    { name: "a pointer that names a field of the webhook's whole item kept as `request`", text: pointed('/email', set('Request', [assigned('request', '={{ $json }}', 'object')])), expected: [{ covers: '/email', message: /"Embeddings" sends email \(contact details\) from "Lead"/ }] },
    // A Set field typed Object or Array holds fields (n8n validates it as one): what it copies is looked in. A copy
    // typed otherwise may be text, and is not (`email` = `$json.body.email` has no `email.phone`).
    { name: 'a pointer that names a field of the webhook body kept whole (payload)', text: pointed('/notes, /email', payload), expected: [{ covers: '/email', message: /"Embeddings" sends email \(contact details\) from "Lead" \(POST lead\) \(body\.email\), via "Payload"/ }] },
    {
      name: 'a pointer that names a field of the webhook body kept whole (Set v3.2, objectValue)',
      text: pointed('/email', { name: 'Payload', type: 'set', typeVersion: 3.2, parameters: { include: 'none', fields: { values: [{ name: 'payload', type: 'objectValue', objectValue: '={{ $json.body }}' }] } } }),
      expected: [{ covers: '/email', message: /"Embeddings" sends email \(contact details\) from "Lead" \(POST lead\) \(body\.email\), via "Payload"/ }],
    },
    { name: 'a pointer that names a field of a part kept whole as an object (contact.phone)', text: pointed('/phone', set('Contact', [assigned('contact', '={{ $json.body.contact }}', 'object')])), expected: [{ covers: '/phone', message: /"Embeddings" sends phone \(contact details\) from "Lead" \(POST lead\) \(body\.contact\.phone\)/ }] },
    { name: 'a pointer that names a field of a part kept whole as text (contact.phone)', text: pointed('/phone', set('Contact', [assigned('contact', '={{ $json.body.contact }}')])), expected: [] },
    { name: 'a pointer that names a field of a part kept whole, its type unset (Set v3.2, stringValue)', text: pointed('/phone', { name: 'Contact', type: 'set', typeVersion: 3.2, parameters: { include: 'none', fields: { values: [{ name: 'contact', stringValue: '={{ $json.body.contact }}' }] } } }), expected: [] },
    { name: 'a pointer to a field below a copied text (email.phone)', text: pointed('/phone', set('Email', [assigned('email', '={{ $json.body.email }}')])), expected: [] },
    // JSONLoader walks arrays as it walks objects: `/email` takes each element's `email`.
    { name: 'a pointer that names a field of the elements of a list kept whole (items)', text: pointed('/email', set('Rows', [assigned('items', '={{ $json.body.rows }}', 'array')])), expected: [{ covers: '/email', message: /"Embeddings" sends email \(contact details\) from "Lead" \(POST lead\) \(body\.rows\.email\), via "Rows"/ }] },
    { name: 'a pointer to a field of the body kept whole and hashed in the same node', text: pointed('/email', set('Payload', [assigned('payload', '={{ $json.body }}', 'object'), assigned('payload.email', '={{ $json.body.email.hash() }}')])), expected: [] },
    // The webhook's item is not known field by field: `email` may be anywhere in it (`body.email`). Only the loader's
    // pointers name the field (failed: the cheap look for a named personal field did not read them, and stopped).
    { name: "a pointer that names a field of the webhook's item, read directly", text: pointed('/email'), expected: [{ covers: '/email', message: /"Embeddings" sends email \(contact details\) from "Lead"/ }] },
    { name: 'a pointer that names no field the item has', text: pointed('/phone', customer()), expected: [] },
    { name: 'a pointer to a field of that name hashed on the way', text: pointed('/email', customer('={{ $json.body.email.hash() }}')), expected: [] },
    { name: 'a pointer to a field of the body kept whole, then hashed in place', text: pointed('/email', payload, set('Scrub', [assigned('payload.email', '={{ $json.payload.email.hash() }}')], { includeOtherFields: true })), expected: [] },
    { name: 'a pointer to a field of the body kept whole, then overwritten', text: pointed('/email', payload, set('Scrub', [assigned('payload.email', 'redacted')], { includeOtherFields: true })), expected: [] },
  ]);

  it("points at the loader's pointers option", () => {
    const findings = flowFindings(RULE, { text: pointed('/notes, /email', customer()) });
    assert.deepEqual(findings.map((f) => f.pointer), ['/nodes/3/parameters/options/pointers']);
  });
});
