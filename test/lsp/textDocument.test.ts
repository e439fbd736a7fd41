// The server's open documents (lsp/textDocument.ts) against vscode-languageserver-textdocument's TextDocument: the
// same text, line count, offsets and positions after any sequence of edits, typing in one line or anything else.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TextDocument, type Position, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { LINE_BATCHED_DOCUMENTS } from '../../server/src/lsp/textDocument.js';

const join = (pieces: string[]) => pieces.join('');
/** Text with every kind of line break (a lone CR too) and characters of two UTF-16 units. */
const text = fc.array(fc.constantFrom('a', 'bc', ' ', '\n', '\r\n', '\r', 'é', '😀'), { maxLength: 24 }).map(join);
const typed = fc.array(fc.constantFrom('x', 'yz', 'é', '😀', ''), { maxLength: 3 }).map(join);
const line = fc.integer({ min: 0, max: 7 });
const character = fc.integer({ min: 0, max: 10 });
const position = fc.record({ line, character });

const change: fc.Arbitrary<TextDocumentContentChangeEvent> = fc.oneof(
  // Typing: within one line (ends in either order, past the line's end too), no line break.
  { weight: 6, arbitrary: fc.record({ line, a: character, b: character, text: typed }).map(({ line, a, b, text }) => ({ range: { start: { line, character: a }, end: { line, character: b } }, text })) },
  { weight: 2, arbitrary: fc.record({ range: fc.record({ start: position, end: position }), text }) },
  { weight: 1, arbitrary: fc.record({ text }) },
);

type Step = { changes: TextDocumentContentChangeEvent[] } | { read: 'text' | 'lineCount' } | { positionAt: number } | { offsetAt: { line: number; character: number } };
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 8, arbitrary: fc.array(change, { minLength: 1, maxLength: 3 }).map((changes) => ({ changes })) },
  { weight: 1, arbitrary: fc.constantFrom<Step>({ read: 'text' }, { read: 'lineCount' }) },
  { weight: 1, arbitrary: fc.integer({ min: -1, max: 40 }).map((positionAt) => ({ positionAt })) },
  { weight: 1, arbitrary: position.map((offsetAt) => ({ offsetAt })) },
);

/** `position` with its line wrapped into `document`'s lines (its character may still be past the line's end). */
const within = (document: TextDocument, position: Position): Position => ({ line: position.line % document.lineCount, character: position.character });

/** Everything a reader can ask of `document`. */
function observe(document: TextDocument) {
  const content = document.getText();
  const positions = Array.from({ length: content.length + 2 }, (_, i) => document.positionAt(i));
  const offsets = Array.from({ length: document.lineCount + 1 }, (_, line) => [0, 1, 3, 100].map((character) => document.offsetAt({ line, character })));
  return { content, version: document.version, lineCount: document.lineCount, positions, offsets, range: document.getText({ start: { line: 0, character: 1 }, end: { line: 1, character: 2 } }) };
}

describe('open documents: typing merged lazily', () => {
  it('reads the same as TextDocument after any sequence of edits and reads', () => {
    fc.assert(
      fc.property(text, fc.array(step, { maxLength: 25 }), (initial, steps) => {
        let expected = TextDocument.create('file:///a.json', 'json', 1, initial);
        const actual = LINE_BATCHED_DOCUMENTS.create('file:///a.json', 'json', 1, initial);
        let version = 1;
        for (const s of steps) {
          if ('changes' in s) {
            version++;
            // Lines inside the document, as editors send them (TextDocument itself garbles its lines past the end).
            const changes = s.changes.map((change) => {
              const inside = 'range' in change ? { ...change, range: { start: within(expected, change.range.start), end: within(expected, change.range.end) } } : change;
              expected = TextDocument.update(expected, [inside], version);
              return inside;
            });
            assert.equal(LINE_BATCHED_DOCUMENTS.update(actual, changes, version), actual, 'the same document, updated in place');
            assert.equal(actual.version, version);
          } else if ('read' in s) assert.deepEqual(s.read === 'text' ? actual.getText() : actual.lineCount, s.read === 'text' ? expected.getText() : expected.lineCount);
          else if ('positionAt' in s) assert.deepEqual(actual.positionAt(s.positionAt), expected.positionAt(s.positionAt));
          else assert.equal(actual.offsetAt(s.offsetAt), expected.offsetAt(s.offsetAt));
        }
        assert.deepEqual(observe(actual), observe(expected));
      }),
      { numRuns: 3000, seed: 20260615 },
    );
  });

  it('copies the whole text once for a burst of typing in one line, when it is next read', () => {
    const initial = '{\n' + '  "name": "Call",\n'.repeat(50_000) + '}\n';
    let expected = TextDocument.create('file:///big.json', 'json', 1, initial);
    const actual = LINE_BATCHED_DOCUMENTS.create('file:///big.json', 'json', 1, initial);
    const update = TextDocument.update;
    let copies = 0;
    TextDocument.update = (document, changes, version) => {
      copies++;
      return update(document, changes, version);
    };
    try {
      for (let v = 2; v <= 1001; v++) {
        const at = { line: 3, character: 10 + v - 2 };
        const changes = [{ range: { start: at, end: at }, text: 'x' }];
        expected = update(expected, changes, v);
        LINE_BATCHED_DOCUMENTS.update(actual, changes, v);
      }
      assert.equal(copies, 0);
      assert.equal(actual.getText(), expected.getText());
      assert.equal(copies, 1);
      assert.deepEqual(actual.positionAt(initial.length), expected.positionAt(initial.length));
    } finally {
      TextDocument.update = update;
    }
  });
});
