import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { parseJson } from '../../../server/src/core/parse/json.js';
import { parsePointer } from '../../../server/src/core/source.js';
import { corpusEntries, hasCorpus, readCorpus } from '../../helpers/corpus.js';
import { assertRangeCovers, joinLines, positions } from '../../helpers/text.js';

describe('parseJson', () => {
  it('locates values and keys by pointer, with UTF-16 offsets', () => {
    const text = joinLines('{', '  "nödes": [', '  {"name": "😀 hook", "n": 1}', '  ]', '}');
    const doc = parseJson(text);
    assert.deepEqual(doc.problems, []);
    const name = doc.locate('/nödes/0/name');
    assert.equal(name.exact, true);
    assertRangeCovers(text, name.range, '"😀 hook"');
    assertRangeCovers(text, name.keyRange!, '"name"');
    assert.deepEqual(positions(text, name.range), { start: [2, 11], end: [2, 20] });
    assertRangeCovers(text, doc.locate('/nödes/0/n').range, '1');
  });

  it('works on CRLF text', () => {
    const text = '{\r\n  "a": {\r\n    "b": "x"\r\n  }\r\n}';
    const doc = parseJson(text);
    const loc = doc.locate('/a/b');
    assert.deepEqual(positions(text, loc.range), { start: [2, 9], end: [2, 12] });
  });

  it('falls back to the deepest existing ancestor for a missing pointer', () => {
    const text = '{"a": {"b": [1, 2]}}';
    const doc = parseJson(text);
    const missing = doc.locate('/a/b/7/c');
    assert.equal(missing.exact, false);
    assertRangeCovers(text, missing.range, '[1, 2]');
    const missingKey = doc.locate('/a/zzz');
    assert.equal(missingKey.exact, false);
    assertRangeCovers(text, missingKey.range, '{"b": [1, 2]}');
  });

  it('resolves many pointers in one pass, including keys with ~ and / and escaped keys', () => {
    const text = '{"a/b": 1, "m~n": {"x\\"y": true}, "arr": [{"k": "v"}, {"k": "w"}]}';
    const doc = parseJson(text);
    const all = doc.locateAll(['/a~1b', '/m~0n/x"y', '/arr/1/k', '/arr/0']);
    assertRangeCovers(text, all.get('/a~1b')!.range, '1');
    assertRangeCovers(text, all.get('/m~0n/x"y')!.range, 'true');
    assertRangeCovers(text, all.get('/arr/1/k')!.range, '"w"');
    assertRangeCovers(text, all.get('/arr/0')!.range, '{"k": "v"}');
  });

  it('maps characters of a string with escapes to their offsets in the text', () => {
    const text = '{"code": "line1\\nconst key = \\"abc\\";\\u00e9 tail"}';
    const doc = parseJson(text);
    const value = doc.value as { code: string };
    const start = value.code.indexOf('abc');
    const range = doc.locateInString('/code', start, start + 3);
    assert.equal(text.slice(range.start, range.end), 'abc');
    const t = value.code.indexOf('tail');
    const tail = doc.locateInString('/code', t, t + 4);
    assert.equal(text.slice(tail.start, tail.end), 'tail');
  });

  it('keeps offsets right after a byte-order mark', () => {
    const text = '\ufeff{"a": "b"}';
    const doc = parseJson(text);
    assert.deepEqual(doc.value, { a: 'b' });
    assertRangeCovers(text, doc.locate('/a').range, '"b"');
  });

  it('reports a truncated file in plain words, at the end', () => {
    const text = '{"nodes": [{"name": "a"';
    const doc = parseJson(text);
    assert.equal(doc.problems.length, 1);
    assert.equal(doc.problems[0].severity, 'error');
    assert.match(doc.problems[0].message, /not closed|truncated/);
    assert.ok(doc.problems[0].range.start >= text.length - 1);
  });

  it('reports trailing data after the value, and still reads the value', () => {
    const text = '{"a": 1}\n{"b": 2}';
    const doc = parseJson(text);
    assert.match(doc.problems[0].message, /trailing data/);
    assert.equal(positions(text, doc.problems[0].range).start[0], 1);
    assert.deepEqual(doc.value, { a: 1 });
  });

  it('reads JSON with comments and trailing commas, with a warning', () => {
    const text = joinLines('{', '  // exported by hand', '  "a": [1, 2,],', '}');
    const doc = parseJson(text);
    assert.deepEqual(doc.value, { a: [1, 2] });
    assert.equal(doc.problems[0].severity, 'warning');
    assertRangeCovers(text, doc.locate('/a/1').range, '2');
  });

  it('survives nesting 100,000 deep without a stack overflow', () => {
    const text = '['.repeat(100_000) + ']'.repeat(100_000);
    const doc = parseJson(text);
    assert.equal(doc.locate('/0/0/0').exact, true);
    assert.equal(doc.tree(), undefined); // no positioned tree that deep, and no crash
    const broken = parseJson('['.repeat(100_000));
    assert.equal(broken.problems[0].severity, 'error');
  });

  it('agrees with jsonc-parser on every located value of real corpus files', { skip: !hasCorpus && 'no ../shared/corpus' }, () => {
    const entries = corpusEntries().filter((e) => !e.malformed);
    let checked = 0;
    for (const entry of entries.filter((_, i) => i % 15 === 0)) {
      const text = readCorpus(entry.path);
      const doc = parseJson(text);
      const tree = parseTree(text)!;
      const pointers: string[] = [];
      const stack: { v: unknown; p: string }[] = [{ v: doc.value, p: '' }];
      while (stack.length && pointers.length < 400) {
        const { v, p } = stack.pop()!;
        pointers.push(p);
        if (v && typeof v === 'object') for (const [k, c] of Object.entries(v)) stack.push({ v: c, p: `${p}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}` });
      }
      // Half in one pass, then the rest one by one: those go through the containers the first pass indexed.
      const first = pointers.filter((_, i) => i % 2 === 0);
      const located = doc.locateAll(first);
      for (const p of pointers.filter((_, i) => i % 2 === 1)) located.set(p, doc.locate(p));
      for (const p of pointers) {
        const expected = findNodeAtLocation(tree, parsePointer(p).map((s, i, all) => (isArrayAt(doc.value, all.slice(0, i)) ? Number(s) : s)));
        const got = located.get(p)!;
        assert.ok(expected, `${entry.path} ${p}`);
        assert.deepEqual(got.range, { start: expected.offset, end: expected.offset + expected.length }, `${entry.path} ${p}`);
        const key = expected.parent?.type === 'property' ? expected.parent.children?.[0] : undefined;
        assert.deepEqual(got.keyRange, key && { start: key.offset, end: key.offset + key.length }, `${entry.path} ${p} key`);
        checked++;
      }
    }
    assert.ok(checked > 10_000, `checked ${checked}`);
  });
});

function isArrayAt(root: unknown, segments: string[]): boolean {
  let v = root;
  for (const s of segments) v = (v as Record<string, unknown>)[s];
  return Array.isArray(v);
}
