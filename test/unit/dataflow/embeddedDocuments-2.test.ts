// What an n8n Default Data Loader or JSON Input Loader embeds of the whole item when JSON pointers are set
// (dataflow/n8n.ts, loaderLeaf): n8n's N8nJsonLoader passes them to LangChain's JSONLoader, which keeps only the strings
// under them, wherever in the item they match; an empty pointer is the root (the whole item), and an older `…Load`
// store is a retrieve store.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../server/src/core/index.js';
import { MAX_DEPTH_PLACES } from '../../../server/src/core/dataflow/engine.js';
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

  // LangChain's JSONLoader applies each pointer to every object of the item, top down (extractArrayStringsFromObject):
  // `/email` also takes `body.email`. The reference says so, and the engine follows it through the Set that put it there.
  it('reads a pointer below the top of the item too', () => {
    const wrap = { name: 'Wrap', type: 'set', typeVersion: 3.4, parameters: { assignments: { assignments: [{ id: 'a', name: 'body.email', type: 'string', value: '={{ $json.email }}' }] } } };
    const nodes = [form, wrap, store(), defaultLoader('/email'), embeddings];
    const links: [string, string, string?][] = [['Form', 'Wrap'], ['Wrap', 'Store'], ['Loader', 'Store', 'ai_document'], ['Embeddings', 'Store', 'ai_embedding']];
    const leaves = embeddingLeaves(nodes, links);
    assert.deepEqual(leaves.flatMap((l) => l.refs.map((r) => r.anyDepth)), [true]);
    assert.deepEqual(reaching(nodes, links), ['id-0:email']);
  });

  // Under `meta`, which the Set wrote, there is only what it wrote: the form's item (above it) holds no `meta.email`.
  it('reads below the top only what is known to be there', () => {
    const tag = { name: 'Tag', type: 'set', typeVersion: 3.4, parameters: { includeOtherFields: true, assignments: { assignments: [{ id: 'a', name: 'meta.source', type: 'string', value: 'web' }] } } };
    const nodes = [form, tag, store(), defaultLoader('/email'), embeddings];
    assert.deepEqual(reaching(nodes, [['Form', 'Tag'], ['Tag', 'Store'], ['Loader', 'Store', 'ai_document'], ['Embeddings', 'Store', 'ai_embedding']]), ['id-0:email']);
  });

  // Each place below the top costs a lookup over the node's output: past MAX_DEPTH_PLACES the rest are not tried.
  it('looks in at most MAX_DEPTH_PLACES places below the top, and says when it stopped', () => {
    const assignments = Array.from({ length: MAX_DEPTH_PLACES + 1 }, (_, i) => ({ id: `a${i}`, name: `p${i}.email`, type: 'string', value: '={{ $json.email }}' }));
    const wide = { name: 'Wide', type: 'set', typeVersion: 3.4, parameters: { assignments: { assignments } } };
    const links: [string, string, string?][] = [['Form', 'Wide'], ['Wide', 'Store'], ['Loader', 'Store', 'ai_document'], ['Embeddings', 'Store', 'ai_embedding']];
    const { flow } = analyze({ uri: 'file:///ws/flow.json', path: 'flow.json', text: n8nFlow([form, wide, store(), defaultLoader('/email'), embeddings], links) }, { today: TODAY });
    const dataflow = dataflowOf(flow)!;
    const node = flow!.nodes.find((n) => n.name === 'Embeddings')!;
    const analysis = dataflow.everySource([node.id]);
    const [leaf] = dataflow.model.flowOf(node.id)!.leaves;
    assert.equal(analysis.resolve(node.id, leaf.refs[0], leaf.pointer).length, 1, 'one value, at the first places');
    assert.match(analysis.incomplete ?? '', /"Embeddings" reads a field that may sit anywhere in its input, and more than 64 places of the input may hold it/);
  });
});

/** What the references of the embeddings node's leaves carry, by the engine (following every source): `source:field`. */
function reaching(nodes: readonly N8nNode[], links: readonly (readonly [string, string, string?])[]): string[] {
  const { flow } = analyze({ uri: 'file:///ws/flow.json', path: 'flow.json', text: n8nFlow(nodes, links) }, { today: TODAY });
  const dataflow = dataflowOf(flow)!;
  const node = flow!.nodes.find((n) => n.name === 'Embeddings')!;
  const analysis = dataflow.everySource([node.id]);
  return (dataflow.model.flowOf(node.id)?.leaves ?? []).flatMap((l) => l.refs.flatMap((r) => analysis.resolve(node.id, r, l.pointer).map((t) => `${t.source}:${t.field}`)));
}
