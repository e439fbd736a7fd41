import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseYaml } from '../../../server/src/core/parse/yaml.js';
import { assertRangeCovers, joinLines, positions } from '../../helpers/text.js';

describe('parseYaml', () => {
  it('locates scalars, keys and items by pointer, with UTF-16 offsets', () => {
    const text = joinLines('surfaces:', '  - id: 🔑-hook', '    owner: ana@example.com', '    scopes: [read, write]');
    const doc = parseYaml(text);
    assert.deepEqual(doc.problems, []);
    assertRangeCovers(text, doc.locate('/surfaces/0/owner').range, 'ana@example.com');
    assertRangeCovers(text, doc.locate('/surfaces/0/owner').keyRange!, 'owner');
    assertRangeCovers(text, doc.locate('/surfaces/0/scopes/1').range, 'write');
    assert.deepEqual(positions(text, doc.locate('/surfaces/0/id').range), { start: [1, 8], end: [1, 15] });
  });

  it('works on CRLF text', () => {
    const text = 'a:\r\n  b: x\r\n';
    assert.deepEqual(positions(text, parseYaml(text).locate('/a/b').range), { start: [1, 5], end: [1, 6] });
  });

  it('falls back to the deepest existing ancestor', () => {
    const text = joinLines('surfaces:', '  - id: a', '    auth:', '      method: none');
    const loc = parseYaml(text).locate('/surfaces/0/auth/rotation/everyDays');
    assert.equal(loc.exact, false);
    assertRangeCovers(text, loc.range, 'method: none');
  });

  it('locates a key with no value: an empty range after the colon, and the key', () => {
    const text = joinLines('owner:', 'risk: high');
    const loc = parseYaml(text).locate('/owner');
    assert.equal(loc.exact, true);
    assert.deepEqual(loc.range, { start: 6, end: 6 });
    assertRangeCovers(text, loc.keyRange!, 'owner');
  });

  it('finds characters inside a string value', () => {
    const text = 'token: "Bearer abcdef123456"';
    const range = parseYaml(text).locateInString('/token', 7, 19);
    assert.equal(text.slice(range.start, range.end), 'abcdef123456');
  });

  it('stops an alias bomb with a clear problem instead of expanding it', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
    const doc = parseYaml(lines.join('\n'));
    assert.equal(doc.value, undefined);
    assert.match(doc.problems.map((p) => p.message).join(' '), /alias/);
  });

  it('reports duplicate keys, tabs and extra documents in plain words', () => {
    const dup = parseYaml(joinLines('a: 1', 'a: 2'));
    assert.match(dup.problems[0].message, /unique/);
    assert.equal(positions(joinLines('a: 1', 'a: 2'), dup.problems[0].range).start[0], 1);
    const tabs = parseYaml('a:\n\tb: 1');
    assert.ok(tabs.problems.length > 0);
    const multi = parseYaml(joinLines('a: 1', '---', 'b: 2'));
    assert.deepEqual(multi.value, { a: 1 });
    assert.match(multi.problems[0].message, /2 YAML documents/);
    assert.equal(multi.problems[0].severity, 'warning');
  });

  it('builds a positioned tree for editor features', () => {
    const text = joinLines('a:', '  - b: 1');
    const tree = parseYaml(text).tree();
    assert.equal(tree?.kind, 'map');
    if (tree?.kind !== 'map') return;
    assert.equal(tree.entries[0].key, 'a');
    assert.equal(tree.entries[0].value.kind, 'seq');
  });

  it('refuses deep flow nesting before the parser recurses into it', () => {
    const doc = parseYaml('a: ' + '['.repeat(100_000) + ']'.repeat(100_000));
    assert.equal(doc.value, undefined);
    assert.match(doc.problems[0].message, /nested more than 256 levels/);
    assert.deepEqual(parseYaml('a: "[[[[[[" # {{{{').value, { a: '[[[[[[' });
    assert.deepEqual(parseYaml('a: ' + '['.repeat(200) + ']'.repeat(200)).problems, []);
  });
});

describe('parseYaml and the process log', () => {
  it('prints nothing for collection keys (the library would echo the key, which may hold a secret)', async () => {
    const seen: string[] = [];
    const listener = (w: Error) => seen.push(w.message);
    process.on('warning', listener);
    try {
      parseYaml('? {token: not-to-be-logged}\n: v\n');
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', listener);
    }
    assert.deepEqual(seen, []);
  });
});
