// Offsets, line/character positions and JSON pointers: the coordinates every other core module speaks.

/** A span of a document in UTF-16 code units (the units of JS strings and of LSP), `end` exclusive. */
export interface SourceRange {
  readonly start: number;
  readonly end: number;
}

/** A zero-based line/character position, computed only at the edge (CLI, LSP adapter). */
export interface Position {
  readonly line: number;
  readonly character: number;
}

/**
 * Turns offsets into positions and back. `\n`, `\r\n` and `\r` all end a line, as LSP says.
 * Built once per document text; lookups are a binary search.
 */
export class LineIndex {
  readonly #lineStarts: number[];
  readonly #length: number;

  constructor(text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (c === 10 /* \n */) {
        starts.push(i + 1);
      }
    }
    this.#lineStarts = starts;
    this.#length = text.length;
  }

  get lineCount(): number {
    return this.#lineStarts.length;
  }

  /** The position of `offset`, clamped into the document. */
  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.#length));
    const starts = this.#lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - starts[lo] };
  }

  /** The offset of `position`, clamped to its line's start and the document's end. */
  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.#lineStarts.length) return this.#length;
    const start = this.#lineStarts[position.line];
    const next = position.line + 1 < this.#lineStarts.length ? this.#lineStarts[position.line + 1] : this.#length;
    return Math.max(start, Math.min(start + position.character, next));
  }
}

/** Splits an RFC 6901 JSON pointer into its unescaped segments (`''` is the root, `[]`). */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => (s.includes('~') ? s.replace(/~1/g, '/').replace(/~0/g, '~') : s));
}

/** Joins segments into an RFC 6901 JSON pointer. */
export function formatPointer(segments: readonly (string | number)[]): string {
  let out = '';
  for (const s of segments) {
    const str = String(s);
    out += '/' + (str.includes('~') || str.includes('/') ? str.replace(/~/g, '~0').replace(/\//g, '~1') : str);
  }
  return out;
}

/** Appends one segment to a pointer. */
export function childPointer(pointer: string, segment: string | number): string {
  return pointer + formatPointer([segment]);
}
