import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatPointer, LineIndex, parsePointer } from '../../server/src/core/source.js';

describe('LineIndex', () => {
  it('maps offsets to positions across LF, CRLF and CR line ends', () => {
    const text = 'a\nbc\r\ndef\rg';
    const index = new LineIndex(text);
    assert.equal(index.lineCount, 4);
    assert.deepEqual(index.positionAt(0), { line: 0, character: 0 });
    assert.deepEqual(index.positionAt(2), { line: 1, character: 0 });
    assert.deepEqual(index.positionAt(4), { line: 1, character: 2 }); // the \r of \r\n
    assert.deepEqual(index.positionAt(6), { line: 2, character: 0 });
    assert.deepEqual(index.positionAt(10), { line: 3, character: 0 });
    assert.deepEqual(index.positionAt(99), { line: 3, character: 1 }); // clamped
  });

  it('counts UTF-16 code units, as LSP does (a surrogate pair is two characters)', () => {
    const text = '{"ü": "😀x"}';
    const index = new LineIndex(text);
    const x = text.indexOf('x');
    assert.equal(x, 9); // the emoji counts 2
    assert.deepEqual(index.positionAt(x), { line: 0, character: 9 });
  });

  it('round-trips offsets and positions', () => {
    const text = 'line one\r\nline two\nthree';
    const index = new LineIndex(text);
    for (let o = 0; o <= text.length; o++) {
      if (text[o - 1] === '\r' && text[o] === '\n') continue; // between \r and \n is not a position
      assert.equal(index.offsetAt(index.positionAt(o)), o);
    }
  });
});

describe('JSON pointers', () => {
  it('escapes ~ and / per RFC 6901', () => {
    assert.equal(formatPointer(['a/b', 'm~n', 0]), '/a~1b/m~0n/0');
    assert.deepEqual(parsePointer('/a~1b/m~0n/0'), ['a/b', 'm~n', '0']);
    assert.deepEqual(parsePointer(''), []);
  });
});
