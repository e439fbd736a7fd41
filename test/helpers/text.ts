// Helpers for table-driven tests: documents written one line per element, ranges read off the test.
import * as assert from 'node:assert/strict';
import { LineIndex, type SourceRange } from '../../server/src/core/index.js';

export const joinLines = (...lines: string[]) => lines.join('\n');

/** Line/character of a range, for assertions people can read. */
export function positions(text: string, range: SourceRange) {
  const index = new LineIndex(text);
  const s = index.positionAt(range.start);
  const e = index.positionAt(range.end);
  return { start: [s.line, s.character], end: [e.line, e.character] };
}

/** Asserts that `range` covers exactly `expected` text at its first (or `nth`) occurrence. */
export function assertRangeCovers(text: string, range: SourceRange, expected: string, nth = 0): void {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(expected, at + 1);
  assert.ok(at !== -1, `fixture does not contain ${JSON.stringify(expected)}`);
  assert.deepEqual({ start: range.start, end: range.end }, { start: at, end: at + expected.length }, `range covers ${JSON.stringify(text.slice(range.start, range.end))}`);
}
