// The one document model that JSON and YAML both parse into, so everything downstream is format-blind.
import type { SourceRange } from '../source.js';

export type DocumentLanguage = 'json' | 'yaml';

/** A parse problem: what is wrong, in plain words, and where. */
export interface ParseProblem {
  readonly message: string;
  readonly range: SourceRange;
  /** `error` when the document could not be read as written; `warning` when it was read with a caveat. */
  readonly severity: 'error' | 'warning';
}

/** Where a JSON pointer landed. */
export interface Location {
  /** The value's range; for a missing pointer, the deepest existing ancestor's. */
  readonly range: SourceRange;
  /** The property key's range, when the (found) node is an object member. */
  readonly keyRange?: SourceRange;
  /** False when the pointer did not exist and an ancestor was returned. */
  readonly exact: boolean;
}

export type SourceNode = MapNode | SeqNode | ScalarNode;

export interface MapEntry {
  readonly key: string;
  readonly keyRange: SourceRange;
  readonly value: SourceNode;
}

export interface MapNode {
  readonly kind: 'map';
  readonly range: SourceRange;
  readonly entries: readonly MapEntry[];
}

export interface SeqNode {
  readonly kind: 'seq';
  readonly range: SourceRange;
  readonly items: readonly SourceNode[];
}

export interface ScalarNode {
  readonly kind: 'scalar';
  readonly range: SourceRange;
  readonly value: string | number | boolean | null;
}

/**
 * A parsed document. `value` is the plain data (what `JSON.parse` would give); ranges are
 * resolved on demand through `locate`, so the hot path never builds a positioned tree it does not need.
 */
export interface ParsedDocument {
  readonly text: string;
  readonly language: DocumentLanguage;
  /** The data; `undefined` when nothing could be recovered. */
  readonly value: unknown;
  readonly problems: readonly ParseProblem[];
  /** Resolves one pointer; see {@link Location}. */
  locate(pointer: string): Location;
  /** Resolves many pointers in one pass over the text; the map is keyed by pointer. */
  locateAll(pointers: Iterable<string>): Map<string, Location>;
  /**
   * The range of characters `start`..`end` of the string value at `pointer` (decoded indices, so
   * `\n` escapes in JSON are accounted for). Falls back to the whole value when it is not a plain string.
   */
  locateInString(pointer: string, start: number, end: number): SourceRange;
  /** The positioned node tree (built lazily, for editor features); `undefined` when it cannot be built. */
  tree(): SourceNode | undefined;
}
