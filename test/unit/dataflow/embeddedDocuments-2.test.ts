// What an n8n Default Data Loader or JSON Input Loader embeds of the whole item when JSON pointers are set
// (dataflow/n8n.ts, loaderLeaf): n8n's N8nJsonLoader passes them to LangChain's JSONLoader, which keeps only the strings
// under them; an empty pointer is the root (the whole item), and an older `…Load` store is a retrieve store.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../server/src/core/index.js';
import { dataflowOf, type Leaf } from '../../../server/src/core/dataflow/index.js';
import { TODAY } from '../../helpers/analyze.js';
import { n8nFlow, type N8nNode } from '../../helpers/dataflow.js';

const lc = (short: string) => `@n8n/n8n-nodes-langchain.${short}`;
const form = { name: 'Form', type: 'formTrigger', parameters: { path: 'signup' } };
const store = (parameters: object = { mode: 'insert' }, type = 'vectorStoreSupabase') => ({ name: 'Store', type: lc(type), parameters });
const embeddings = { name: 'Embeddings', type: lc('embeddingsOpenAi'), parameters: { options: {} } };
const defaultLoader = (pointers: unknown) => ({ name: 'Loader', type: lc('documentDefaultDataLoader'), parameters: { options: { pointers } } });
const jsonLoader = (pointers: unknown) => ({ name: 'Loader', type: lc('documentJsonInputLoader'), parameters: { pointers } });

function embeddingLeaves(nodes: readonly N8nNode[], links: readonly (readonly [string, string, string?])[] = [['Form', 'Store'], ['Loader', 'Store', 'ai_document'], ['Embeddings', 'Store', 'ai_embedding']]): Leaf[] {
  const { flow } = analyze({ uri: 'file:///ws/flow.json', path: 'flow.json', text: n8nFlow(nodes, links) }, { today: TODAY });
  const node = flow?.nodes.find((n) => n.name === 'Embeddings');
  assert.ok(node, 'an embeddings node');
  return [...(dataflowOf(flow)!.model.flowOf(node.id)?.leaves ?? [])];
}
const refsOf = (leaves: readonly Leaf[]) => leaves.flatMap((l) => l.refs.map((r) => `${r.kind}:${r.target ?? ''}:${r.field}@${r.start}-${r.end}`));

describe('dataflow/n8n: JSON pointers of a loader that reads the whole item', () => {
  it('reads the fields the pointers name, each at its place in the text', () => {
    const leaves = embeddingLeaves([form, store(), defaultLoader('/text, /meta/title'), embeddings]);
    assert.deepEqual(leaves.map((l) => l.pointer), ['/nodes/2/parameters/options/pointers']);
    assert.deepEqual(refsOf(leaves), ['node:id-0:text@0-5', 'node:id-0:meta.title@7-18']);
  });

  it("reads the JSON Input Loader's pointers", () => {
    const leaves = embeddingLeaves([form, store(), jsonLoader('/notes'), embeddings]);
    assert.deepEqual(leaves.map((l) => l.pointer), ['/nodes/2/parameters/pointers']);
    assert.deepEqual(refsOf(leaves), ['node:id-0:notes@0-6']);
  });

  it('unescapes ~1 and ~0 and drops array indexes', () => {
    assert.deepEqual(refsOf(embeddingLeaves([form, store(), defaultLoader('/a~1b/items/0/c~0d'), embeddings])), ['node:id-0:a/b.items.c~d@0-18']);
  });

  const whole: [string, unknown][] = [
    ['no pointers', ''],
    ['an empty pointer after a comma (the root)', '/text,'],
    ['a pointer without a leading slash', 'text'],
    ['an expression', '={{ $json.field }}'],
    ['a pointer to the root key ("/")', '/'],
  ];
  for (const [name, pointers] of whole) {
    it(`reads the whole item for ${name}`, () => assert.deepEqual(refsOf(embeddingLeaves([form, store(), defaultLoader(pointers), embeddings])), ['node:id-0:@0-0']));
  }

  it('ignores pointers in Load Specific Data mode (the text is the Data expression)', () => {
    const leaves = embeddingLeaves([form, store(), { name: 'Loader', type: lc('documentDefaultDataLoader'), parameters: { jsonMode: 'expressionData', jsonData: '={{ $json.email }}', options: { pointers: '/notes' } } }, embeddings]);
    assert.deepEqual(leaves.map((l) => l.pointer), ['/nodes/2/parameters/jsonData']);
  });

  it('reads no prompt of an older one-mode Load store (it supplies a vector store)', () => {
    assert.deepEqual(embeddingLeaves([form, store({ prompt: '={{ $json.email }}' }, 'vectorStoreSupabaseLoad'), embeddings], [['Form', 'Store'], ['Embeddings', 'Store', 'ai_embedding']]), []);
  });

  // LangChain's JSONLoader looks for each pointer at every level of the item (`/email` also takes `body.email`); the
  // model reads it at the top only.
  it('reads a pointer below the top of the item too', { todo: 'a pointer is read at the top of the item only (dataflow/n8n.ts pointedLeaf); LangChain searches every level, which needs a reference "at any depth" from the engine (dataflow/engine.ts)' }, () => {
    const refs = refsOf(embeddingLeaves([form, store(), defaultLoader('/email'), embeddings]));
    assert.ok(refs.some((r) => r.includes(':body.email@')), refs.join(', '));
  });
});
