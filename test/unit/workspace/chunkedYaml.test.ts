import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseDocument } from '../../../server/src/core/index.js';
import { ChunkCache, parseInventoryChunked } from '../../../server/src/core/workspace/chunkedYaml.js';
import { joinLines } from '../../helpers/text.js';

const EXAMPLE = readFileSync(path.resolve(__dirname, '../../../examples/surfaces.yaml'), 'utf8');

/** Every pointer of a value, depth first. */
function pointers(value: unknown, base = ''): string[] {
  const out = [base];
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out.push(...pointers(v, `${base}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`));
  }
  return out;
}

function assertSameAsFullParse(text: string): void {
  const full = parseDocument(text, 'yaml');
  const chunked = parseInventoryChunked(text, new ChunkCache());
  assert.ok(chunked, 'the text is chunked');
  assert.deepEqual(chunked.value, full.value);
  for (const p of [...pointers(full.value), '/surfaces/99', '/nope/x', '/surfaces/0/nope']) {
    assert.deepEqual(chunked.locate(p), full.locate(p), p);
  }
  assert.deepEqual(chunked.locateInString('/surfaces/1/name', 2, 5), full.locateInString('/surfaces/1/name', 2, 5));
  assert.deepEqual(chunked.tree(), full.tree());
}

describe('parseInventoryChunked', () => {
  it('gives the same values and locations as the full parse (the example inventory)', () => {
    assertSameAsFullParse(EXAMPLE);
  });

  it('handles items at the key\'s column, comments between items, keys after the list and no final newline', () => {
    assertSameAsFullParse(joinLines('inventory: 1', 'surfaces:', '# first', '- id: a', '  name: A', '', '  # inside', '- { id: b, name: "B: two" }', 'decisions:', '  - { what: x }'));
    assertSameAsFullParse(joinLines('inventory: 1', 'surfaces: # the list', '  - id: a', '    auth:', '      scopes: [x, y]', '  - id: b', '    name: |', '      several', '      lines'));
  });

  it('re-parses only the items that changed', () => {
    const cache = new ChunkCache();
    const first = parseInventoryChunked(EXAMPLE, cache)!;
    const kept = [...cache.chunks.values()];
    const edited = EXAMPLE.replace('name: Lead intake webhook', 'name: Lead intake hook');
    const second = parseInventoryChunked(edited, cache)!;
    assert.deepEqual(second.value, parseDocument(edited, 'yaml').value);
    const reused = [...cache.chunks.values()].filter((d) => kept.includes(d)).length;
    assert.equal(reused, kept.length - 1, 'all items but the edited one come from the cache');
    assert.notEqual(first, second);
  });

  it('leaves unusual documents to the full parse', () => {
    const cases = [
      joinLines('inventory: 1', 'surfaces: [{ id: a }, { id: b }]'),
      joinLines('base: &b { kind: api }', 'surfaces:', '  - <<: *b', '    id: a', '  - id: b'),
      joinLines('---', 'surfaces:', '  - id: a', '  - id: b'),
      joinLines('surfaces:', '  - id: a', '  - id: b', '    name: [unclosed'),
      joinLines('inventory: 1', 'surfaces:', '  - id: a'),
      joinLines('x:', '  surfaces:', '    - id: a', '    - id: b'),
      'surfaces:\n\t- id: a\n\t- id: b\n',
    ];
    for (const text of cases) assert.equal(parseInventoryChunked(text, new ChunkCache()), undefined, text);
  });
});
