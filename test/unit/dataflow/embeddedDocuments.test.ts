// What an n8n embeddings sub-node sends its provider for the LangChain vector store it serves (dataflow/n8n.ts,
// embeddedLeaves): in insert mode, the documents the store's loader sub-node builds from each input item; in update
// mode the whole item; in load mode the search prompt. The loader's `$json` is the store's input, so its references
// read the outputs of the store's predecessors.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../server/src/core/index.js';
import { dataflowOf, type Leaf } from '../../../server/src/core/dataflow/index.js';
import { TODAY } from '../../helpers/analyze.js';
import { n8nFlow, type N8nNode } from '../../helpers/dataflow.js';

const lc = (short: string) => `@n8n/n8n-nodes-langchain.${short}`;
const form = { name: 'Form', type: 'formTrigger', parameters: { path: 'signup' } };
const store = (parameters: object, type = 'vectorStoreSupabase', extra: object = {}) => ({ name: 'Store', type: lc(type), parameters, ...extra });
const loader = (parameters: object, extra: object = {}) => ({ name: 'Loader', type: lc('documentDefaultDataLoader'), parameters, ...extra });
const embeddings = { name: 'Embeddings', type: lc('embeddingsOpenAi'), parameters: { options: {} } };

/** The leaves of node "Embeddings" in a flow Form → Store, with the loader and the embeddings model wired to Store. */
function embeddingLeaves(nodes: readonly N8nNode[], links: readonly (readonly [string, string, string?])[] = [['Form', 'Store'], ['Loader', 'Store', 'ai_document'], ['Embeddings', 'Store', 'ai_embedding']]): Leaf[] {
  const text = n8nFlow(nodes, links);
  const { flow } = analyze({ uri: 'file:///ws/flow.json', path: 'flow.json', text }, { today: TODAY });
  const node = flow?.nodes.find((n) => n.name === 'Embeddings');
  assert.ok(node, 'an embeddings node');
  return [...(dataflowOf(flow)!.model.flowOf(node.id)?.leaves ?? [])];
}

const refsOf = (leaves: readonly Leaf[]) => leaves.flatMap((l) => l.refs.map((r) => `${r.kind}:${r.target ?? ''}:${r.field}${r.whole ? ' (whole)' : ''}`));

describe('dataflow/n8n: what an embeddings model embeds for a vector store', () => {
  it("reads the loader's expression (expressionData) on the store's input", () => {
    const leaves = embeddingLeaves([form, store({ mode: 'insert' }), loader({ jsonMode: 'expressionData', jsonData: '={{ $json.email }}: {{ $json.notes }}' }), embeddings]);
    assert.deepEqual(leaves.map((l) => l.pointer), ['/nodes/2/parameters/jsonData']);
    assert.deepEqual(refsOf(leaves), ['node:id-0:email', 'node:id-0:notes']);
  });

  it('reads the whole item for allInputData, written or by default', () => {
    const written = embeddingLeaves([form, store({ mode: 'insert' }), loader({ jsonMode: 'allInputData' }), embeddings]);
    assert.deepEqual(written.map((l) => l.pointer), ['/nodes/2/parameters/jsonMode']);
    assert.deepEqual(refsOf(written), ['node:id-0: (whole)']);
    const byDefault = embeddingLeaves([form, store({ mode: 'insert' }), loader({}), embeddings]);
    assert.deepEqual(byDefault.map((l) => l.pointer), ['/nodes/2/parameters']);
    assert.deepEqual(refsOf(byDefault), ['node:id-0: (whole)']);
  });

  it("reads each predecessor's output when the store has several", () => {
    const other = { name: 'Sheet', type: 'googleSheets', parameters: {} };
    const leaves = embeddingLeaves([form, store({ mode: 'insert' }), loader({ jsonMode: 'expressionData', jsonData: '={{ $json.email }}' }), embeddings, other], [['Form', 'Store'], ['Sheet', 'Store'], ['Loader', 'Store', 'ai_document'], ['Embeddings', 'Store', 'ai_embedding']]);
    assert.deepEqual(refsOf(leaves), ['node:id-0:email (whole)', 'node:id-4:email (whole)']);
  });

  it('keeps a reference to another node by name', () => {
    const leaves = embeddingLeaves([form, store({ mode: 'insert' }), loader({ jsonMode: 'expressionData', jsonData: "={{ $('Form').item.json.phone }}" }), embeddings]);
    assert.deepEqual(refsOf(leaves), ['node:id-0:phone (whole)']);
  });

  it('reads an older insert-only store (no mode parameter)', () => {
    const leaves = embeddingLeaves([form, store({}, 'vectorStorePineconeInsert'), loader({ jsonMode: 'expressionData', jsonData: '={{ $json.email }}' }), embeddings]);
    assert.deepEqual(refsOf(leaves), ['node:id-0:email (whole)']);
  });

  it("reads the whole item in update mode, and load mode's prompt", () => {
    const update = embeddingLeaves([form, store({ mode: 'update', id: '={{ $json.id }}' }), embeddings], [['Form', 'Store'], ['Embeddings', 'Store', 'ai_embedding']]);
    assert.deepEqual(update.map((l) => l.pointer), ['/nodes/1/parameters/mode']);
    assert.deepEqual(refsOf(update), ['node:id-0: (whole)']);
    const load = embeddingLeaves([form, store({ mode: 'load', prompt: '=Similar to {{ $json.notes }}' }), embeddings], [['Form', 'Store'], ['Embeddings', 'Store', 'ai_embedding']]);
    assert.deepEqual(load.map((l) => l.pointer), ['/nodes/1/parameters/prompt']);
    assert.deepEqual(refsOf(load), ['node:id-0:notes']);
  });

  const none: [string, N8nNode[]][] = [
    ['retrieve mode (the default): what an agent asks', [form, store({}), loader({ jsonMode: 'expressionData', jsonData: '={{ $json.email }}' }), embeddings]],
    ['retrieve-as-tool mode', [form, store({ mode: 'retrieve-as-tool' }), loader({ jsonMode: 'expressionData', jsonData: '={{ $json.email }}' }), embeddings]],
    ['a binary loader (a file, no field)', [form, store({ mode: 'insert' }), loader({ dataType: 'binary' }), embeddings]],
    ['a disabled loader', [form, store({ mode: 'insert' }), loader({ jsonMode: 'expressionData', jsonData: '={{ $json.email }}' }, { disabled: true }), embeddings]],
    ['a disabled store', [form, store({ mode: 'insert' }, 'vectorStoreSupabase', { disabled: true }), loader({ jsonMode: 'expressionData', jsonData: '={{ $json.email }}' }), embeddings]],
    ['literal loader text', [form, store({ mode: 'insert' }), loader({ jsonMode: 'expressionData', jsonData: 'Company handbook' }), embeddings]],
  ];
  for (const [name, nodes] of none) it(`embeds nothing of the input for ${name}`, () => assert.deepEqual(embeddingLeaves(nodes), []));

  it('embeds nothing for a store with no input wired', () => {
    assert.deepEqual(embeddingLeaves([form, store({ mode: 'insert' }), loader({}), embeddings], [['Loader', 'Store', 'ai_document'], ['Embeddings', 'Store', 'ai_embedding']]), []);
  });
});
