// A lean, iterative JSON(C) scanner that resolves JSON pointers to ranges in one pass over the text.
// It exists because the hot path gets its values from JSON.parse and needs positions only for what a rule
// reports: building jsonc-parser's full tree for every file would cost more than the whole review (DESIGN §10).
import type { SourceRange } from '../source.js';
import { parsePointer } from '../source.js';
import type { Location } from './tree.js';

interface TrieNode {
  readonly children: Map<string, TrieNode>;
  readonly pointers: string[];
}

/**
 * A container's members as a walk found them. Objects keep where each key starts, by key (the value follows the key's
 * colon); arrays where each item starts. Offsets only, not objects per member: a large flow's node list is walked once
 * for every finding in it, and the index was a tenth of the memory a review allocates.
 */
interface ContainerIndex {
  readonly end: number;
  readonly keys?: Map<string, number>;
  readonly items?: number[];
}

const QUOTE = 34; // "
const BACKSLASH = 92;
const SLASH = 47;
const STAR = 42;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;
const COLON = 58;
/** A JSON pointer segment that names an array item: decimal, no leading zero (RFC 6901). */
const ARRAY_INDEX = /^(?:0|[1-9]\d{0,8})$/;

/** Scans JSON text (comments and trailing commas tolerated) without building a tree. */
export class JsonScanner {
  readonly #text: string;
  readonly #origin: number;
  /**
   * Containers already scanned, by start offset, so later lookups jump to a member instead of scanning the
   * text again: without it, one lookup per finding (quick fixes locate their own pointers) is quadratic on a
   * large file. Kept only for strict JSON, where a member's offsets do not depend on which pointers a walk
   * asks for; in text that needed recovery they can (a stray `{` in a bare word unbalances the skip).
   */
  readonly #scanned: Map<number, ContainerIndex> | undefined;

  /** `origin` is where the value starts (after a byte-order mark); `strict` says `JSON.parse` accepted the text. */
  constructor(text: string, origin = 0, strict = false) {
    this.#text = text;
    this.#origin = origin;
    this.#scanned = strict ? new Map() : undefined;
  }

  /** Resolves each pointer; a missing one falls back to its deepest existing ancestor (`exact: false`). */
  locateAll(pointers: Iterable<string>): Map<string, Location> {
    const root: TrieNode = { children: new Map(), pointers: [] };
    for (const pointer of pointers) {
      let node = root;
      for (const segment of parsePointer(pointer)) {
        let next = node.children.get(segment);
        if (!next) {
          next = { children: new Map(), pointers: [] };
          node.children.set(segment, next);
        }
        node = next;
      }
      node.pointers.push(pointer);
    }
    const out = new Map<string, Location>();
    const start = this.skipTrivia(this.#origin);
    if (start >= this.#text.length) {
      const empty = { range: { start: 0, end: 0 }, exact: false };
      for (const p of collectPointers(root)) out.set(p, empty);
      return out;
    }
    this.#walk(root, start, undefined, out);
    return out;
  }

  /** Walks the value at `start` for the trie node; returns the value's end offset. */
  #walk(node: TrieNode, start: number, keyRange: SourceRange | undefined, out: Map<string, Location>): number {
    const c = this.#text.charCodeAt(start);
    let end: number;
    let found: Set<string> | undefined;
    const known = this.#scanned?.get(start);
    if (node.children.size === 0) {
      end = known?.end ?? this.valueEnd(start);
    } else if (known) {
      for (const [key, child] of node.children) {
        const member = this.#memberOf(known, key);
        if (!member) continue;
        this.#walk(child, member.start, member.keyRange, out);
        (found ??= new Set()).add(key);
      }
      end = known.end;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      found = new Set();
      end = this.#walkMembers(node, start, found, out);
    } else {
      end = this.valueEnd(start);
    }
    const here: Location = { range: { start, end }, keyRange, exact: true };
    for (const p of node.pointers) out.set(p, here);
    if (node.children.size > (found?.size ?? 0)) {
      const fallback: Location = { range: { start, end }, keyRange, exact: false };
      for (const [key, child] of node.children) {
        if (!found?.has(key)) for (const p of collectPointers(child)) out.set(p, fallback);
      }
    }
    return end;
  }

  /** A member of an indexed container: where its value starts, and its key's range (objects). */
  #memberOf(known: ContainerIndex, key: string): { start: number; keyRange?: SourceRange } | undefined {
    if (known.items) {
      const index = ARRAY_INDEX.test(key) ? Number(key) : -1;
      return index >= 0 && index < known.items.length ? { start: known.items[index] } : undefined;
    }
    const keyStart = known.keys?.get(key);
    if (keyStart === undefined) return undefined;
    const keyEnd = this.stringEnd(keyStart);
    return { start: this.skipTrivia(this.skipTrivia(keyEnd) + 1), keyRange: { start: keyStart, end: keyEnd } };
  }

  /** Scans the object or array at `start`, walking the members the trie asks for; returns the container's end. */
  #walkMembers(node: TrieNode, start: number, found: Set<string>, out: Map<string, Location>): number {
    const text = this.#text;
    const isObject = text.charCodeAt(start) === OPEN_BRACE;
    const close = isObject ? CLOSE_BRACE : CLOSE_BRACKET;
    const keys = isObject ? new Map<string, number>() : undefined;
    const items: number[] | undefined = isObject ? undefined : [];
    // The items the trie asks for, by index: no string per item to look one up.
    const wanted = items ? new Map<number, string>() : undefined;
    if (wanted) for (const key of node.children.keys()) if (ARRAY_INDEX.test(key)) wanted.set(Number(key), key);
    let i = this.skipTrivia(start + 1);
    while (i < text.length && text.charCodeAt(i) !== close) {
      let key: string | undefined;
      let memberKey: SourceRange | undefined;
      if (keys) {
        if (text.charCodeAt(i) !== QUOTE) break; // malformed: stop here
        const keyEnd = this.stringEnd(i);
        key = this.#readString(i, keyEnd);
        keys.set(key, i); // the last of duplicate keys wins, as in JSON.parse
        if (node.children.has(key)) memberKey = { start: i, end: keyEnd };
        i = this.skipTrivia(keyEnd);
        if (text.charCodeAt(i) !== COLON) break;
        i = this.skipTrivia(i + 1);
      } else {
        key = wanted!.get(items!.length);
        items!.push(i);
      }
      const child = key === undefined ? undefined : node.children.get(key);
      let valueEnd: number;
      if (child) {
        valueEnd = this.#walk(child, i, memberKey, out);
        found.add(key!);
      } else {
        valueEnd = this.valueEnd(i);
      }
      if (valueEnd <= i) break; // no progress: malformed
      i = this.skipTrivia(valueEnd);
      if (text.charCodeAt(i) === COMMA) i = this.skipTrivia(i + 1);
      else break;
    }
    if (text.charCodeAt(i) !== close) return this.valueEnd(start);
    this.#scanned?.set(start, { end: i + 1, keys, items });
    return i + 1;
  }

  /** Skips white space and comments from `i`; returns the next significant offset. */
  skipTrivia(i: number): number {
    const text = this.#text;
    const n = text.length;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff) {
        i++;
      } else if (c === SLASH && text.charCodeAt(i + 1) === SLASH) {
        const nl = text.indexOf('\n', i + 2);
        i = nl === -1 ? n : nl + 1;
      } else if (c === SLASH && text.charCodeAt(i + 1) === STAR) {
        const close = text.indexOf('*/', i + 2);
        i = close === -1 ? n : close + 2;
      } else {
        break;
      }
    }
    return i;
  }

  /** `i` is at an opening quote; returns the offset after the closing quote (or the text's end). */
  stringEnd(i: number): number {
    const text = this.#text;
    let from = i + 1;
    for (;;) {
      const q = text.indexOf('"', from);
      if (q === -1) return text.length;
      let backslashes = 0;
      for (let k = q - 1; k > i && text.charCodeAt(k) === BACKSLASH; k--) backslashes++;
      if (backslashes % 2 === 0) return q + 1;
      from = q + 1;
    }
  }

  /** The end offset of the value that starts at `i` (iterative, so nesting depth costs no stack). */
  valueEnd(i: number): number {
    const text = this.#text;
    const n = text.length;
    const c = text.charCodeAt(i);
    if (c === QUOTE) return this.stringEnd(i);
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      let depth = 0;
      let j = i;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === QUOTE) {
          j = this.stringEnd(j);
          continue;
        }
        if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
        else if (d === CLOSE_BRACE || d === CLOSE_BRACKET) {
          depth--;
          if (depth === 0) return j + 1;
        } else if (d === SLASH && (text.charCodeAt(j + 1) === SLASH || text.charCodeAt(j + 1) === STAR)) {
          j = this.skipTrivia(j);
          continue;
        }
        j++;
      }
      return n;
    }
    let j = i;
    while (j < n) {
      const d = text.charCodeAt(j);
      if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || d === 32 || d === 10 || d === 13 || d === 9 || d === SLASH) break;
      j++;
    }
    return j;
  }

  /** Maps a decoded index inside the string literal starting at `quote` to its offset in the text. */
  rawOffsetInString(quote: number, decodedIndex: number): number {
    const text = this.#text;
    let raw = quote + 1;
    let decoded = 0;
    while (decoded < decodedIndex && raw < text.length) {
      const c = text.charCodeAt(raw);
      if (c === QUOTE) break;
      raw += c === BACKSLASH ? (text.charCodeAt(raw + 1) === 117 /* u */ ? 6 : 2) : 1;
      decoded++;
    }
    return raw;
  }

  #readString(start: number, end: number): string {
    const raw = this.#text.slice(start + 1, end - 1);
    if (!raw.includes('\\')) return raw;
    try {
      return JSON.parse(this.#text.slice(start, end)) as string;
    } catch {
      return raw;
    }
  }
}

function collectPointers(node: TrieNode): string[] {
  const out: string[] = [];
  const stack = [node];
  while (stack.length) {
    const n = stack.pop()!;
    out.push(...n.pointers);
    for (const child of n.children.values()) stack.push(child);
  }
  return out;
}
