// A large YAML inventory parsed entry by entry, so that an edit re-parses one entry rather than megabytes: the
// `surfaces` block is cut at its items, each item parsed on its own (and cached by its text), the rest of the file
// parsed as a small skeleton. The result is a ParsedDocument like `parseDocument`'s, with the same values and
// offsets. Anything unusual (anchors, several documents, a flow-style or nested `surfaces`, a parse problem
// anywhere) returns undefined, and the caller parses the whole text the ordinary way.
import { parseDocument, type Location, type ParsedDocument, type SourceNode } from '../parse/index.js';
import type { SourceRange } from '../source.js';
import { parsePointer } from '../source.js';

/** Parsed items by their text, kept from one version of a document to the next. */
export class ChunkCache {
  chunks = new Map<string, ParsedDocument>();
}

interface Chunk {
  readonly start: number;
  readonly end: number;
  readonly document: ParsedDocument;
}

/**
 * `text` (a YAML inventory) parsed entry by entry, reusing `cache`; undefined when the text is not in the plain shape
 * this handles (see the file comment), or when any part has a problem (the full parse then reports it).
 */
export function parseInventoryChunked(text: string, cache: ChunkCache): ParsedDocument | undefined {
  if (!isPlain(text)) return undefined;
  const key = surfacesKey(text);
  if (key === undefined) return undefined;
  const block = itemBlock(text, key);
  if (!block || block.items.length < 2) return undefined;
  const skeletonText = text.slice(0, block.start) + text.slice(block.end);
  const skeleton = parseDocument(skeletonText, 'yaml');
  const root = skeleton.value;
  if (skeleton.problems.length || !root || typeof root !== 'object' || Array.isArray(root) || (root as Record<string, unknown>).surfaces !== null) return undefined;
  const fresh = new Map<string, ParsedDocument>();
  const chunks: Chunk[] = [];
  const values: unknown[] = [];
  for (let i = 0; i < block.items.length; i++) {
    const start = block.items[i];
    const end = i + 1 < block.items.length ? block.items[i + 1] : block.end;
    const chunkText = text.slice(start, end);
    let document = fresh.get(chunkText) ?? cache.chunks.get(chunkText);
    if (!document) document = parseDocument(chunkText, 'yaml');
    if (document.problems.length || !Array.isArray(document.value) || document.value.length !== 1) return undefined;
    fresh.set(chunkText, document);
    chunks.push({ start, end, document });
    values.push(document.value[0]);
  }
  cache.chunks = fresh;
  const value = { ...(root as Record<string, unknown>), surfaces: values };
  return new ChunkedDocument(text, value, skeleton, block.start, block.end, chunks);
}

/** No anchors or aliases, directives, document markers or tabs: the cases where cutting the text could change its meaning. */
function isPlain(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 9 /* \t */) return false;
    if ((c === 38 /* & */ || c === 42 /* * */) && i + 1 < text.length && isAnchorChar(text.charCodeAt(i + 1))) {
      const before = i === 0 ? 10 : text.charCodeAt(i - 1);
      if (before === 32 || before === 10 || before === 91 || before === 123 || before === 44 || before === 45 || before === 58) return false;
    }
    if (c === 10 /* \n */ || i === 0) {
      const at = c === 10 ? i + 1 : i;
      if (text.startsWith('---', at) || text.startsWith('...', at) || text.charCodeAt(at) === 37 /* % */) return false;
    }
  }
  return true;
}

function isAnchorChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
}

/** The offset just after the line `surfaces:` (at column 0, nothing but a comment after it), or undefined. */
function surfacesKey(text: string): number | undefined {
  let at = text.startsWith('surfaces:') ? 0 : text.indexOf('\nsurfaces:');
  if (at === -1) return undefined;
  if (at > 0) at++;
  const nl = text.indexOf('\n', at);
  const rest = text.slice(at + 'surfaces:'.length, nl === -1 ? text.length : nl).trim();
  if (rest && !rest.startsWith('#')) return undefined;
  if (text.indexOf('\nsurfaces:', at + 1) !== -1) return undefined; // a second top-level key of that name
  return nl === -1 ? undefined : nl + 1;
}

/** The item lines of the block sequence after `surfaces:`: where each item starts, and where the block ends. */
function itemBlock(text: string, from: number): { start: number; end: number; items: number[] } | undefined {
  const items: number[] = [];
  let indent = -1;
  let at = from;
  let end = text.length;
  while (at < text.length) {
    const nl = text.indexOf('\n', at);
    const lineEnd = nl === -1 ? text.length : nl;
    let col = 0;
    while (at + col < lineEnd && text.charCodeAt(at + col) === 32) col++;
    const blank = at + col === lineEnd || text.charCodeAt(at + col) === 35 /* # */ || text.charCodeAt(at + col) === 13;
    if (!blank) {
      const dash = text.charCodeAt(at + col) === 45 && (at + col + 1 === lineEnd || text.charCodeAt(at + col + 1) === 32 || text.charCodeAt(at + col + 1) === 13);
      if (indent === -1) {
        if (!dash) return undefined;
        indent = col;
      }
      if (col === indent && dash) items.push(at);
      else if (col <= indent) {
        end = at;
        break;
      }
    }
    at = nl === -1 ? text.length : nl + 1;
  }
  if (!items.length) return undefined;
  // Blank and comment lines before the first item belong to the skeleton.
  return { start: items[0], end, items };
}

class ChunkedDocument implements ParsedDocument {
  readonly language = 'yaml' as const;
  readonly problems = [];
  #tree: SourceNode | undefined | null = null;

  constructor(
    readonly text: string,
    readonly value: unknown,
    readonly skeleton: ParsedDocument,
    readonly blockStart: number,
    readonly blockEnd: number,
    readonly chunks: readonly Chunk[],
  ) {}

  locate(pointer: string): Location {
    const segments = parsePointer(pointer);
    if (segments[0] === 'surfaces' && segments.length >= 2) {
      const chunk = /^\d+$/.test(segments[1]) ? this.chunks[Number(segments[1])] : undefined;
      if (!chunk) return { ...this.locate('/surfaces'), exact: false };
      const inner = chunk.document.locate('/0' + pointer.slice(pointer.indexOf('/', 1) + 1 + segments[1].length));
      return { range: shift(inner.range, chunk.start), keyRange: inner.keyRange && shift(inner.keyRange, chunk.start), exact: inner.exact };
    }
    const loc = this.skeleton.locate(pointer);
    const mapped = { range: this.#fromSkeleton(loc.range), keyRange: loc.keyRange && this.#fromSkeleton(loc.keyRange), exact: loc.exact };
    if (segments.length === 1 && segments[0] === 'surfaces') {
      // The sequence spans its items as the full parse reports it: from the first dash to the end of the last item.
      const first = this.chunks[0];
      const last = this.chunks[this.chunks.length - 1];
      return { ...mapped, range: { start: first.start + first.document.locate('').range.start, end: last.start + last.document.locate('').range.end } };
    }
    return mapped;
  }

  locateAll(pointers: Iterable<string>): Map<string, Location> {
    const out = new Map<string, Location>();
    for (const p of pointers) out.set(p, this.locate(p));
    return out;
  }

  locateInString(pointer: string, start: number, end: number): SourceRange {
    const segments = parsePointer(pointer);
    const chunk = segments[0] === 'surfaces' && /^\d+$/.test(segments[1] ?? '') ? this.chunks[Number(segments[1])] : undefined;
    if (!chunk) return this.locate(pointer).range;
    return shift(chunk.document.locateInString('/0' + pointer.slice(pointer.indexOf('/', 1) + 1 + segments[1].length), start, end), chunk.start);
  }

  /** The positioned tree, assembled from the skeleton's and the items' trees (built on first use). */
  tree(): SourceNode | undefined {
    if (this.#tree === null) {
      const skeleton = this.skeleton.tree();
      const items = this.chunks.map((c) => {
        const tree = c.document.tree();
        return tree?.kind === 'seq' && tree.items[0] ? shiftNode(tree.items[0], c.start) : undefined;
      });
      if (!skeleton || skeleton.kind !== 'map' || items.some((i) => i === undefined)) this.#tree = parseDocument(this.text, 'yaml').tree();
      else {
        const gap = this.blockEnd - this.blockStart;
        const surfaces = this.locate('/surfaces').range;
        const root = mapNode(skeleton, (o) => (o < this.blockStart ? o : o + gap));
        this.#tree = {
          ...root,
          entries: root.entries.map((e) => (e.key === 'surfaces' ? { ...e, value: { kind: 'seq' as const, range: surfaces, items: items as SourceNode[] } } : e)),
        };
      }
    }
    return this.#tree;
  }

  #fromSkeleton(range: SourceRange): SourceRange {
    const gap = this.blockEnd - this.blockStart;
    const map = (o: number) => (o < this.blockStart ? o : o + gap);
    return { start: map(range.start), end: map(range.end) };
  }
}

function shift(range: SourceRange, by: number): SourceRange {
  return { start: range.start + by, end: range.end + by };
}

function shiftNode(node: SourceNode, by: number): SourceNode {
  return mapNode(node, (o) => o + by);
}

/** `node` with every offset passed through `map`. */
function mapNode<T extends SourceNode>(node: T, map: (offset: number) => number): T {
  const range = { start: map(node.range.start), end: map(node.range.end) };
  if (node.kind === 'map') return { ...node, range, entries: node.entries.map((e) => ({ key: e.key, keyRange: { start: map(e.keyRange.start), end: map(e.keyRange.end) }, value: mapNode(e.value, map) })) };
  if (node.kind === 'seq') return { ...node, range, items: node.items.map((i) => mapNode(i, map)) };
  return { ...node, range };
}
