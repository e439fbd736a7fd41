// YAML text → ParsedDocument, on the `yaml` library's AST, with the same pointers and ranges as JSON.
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node as YamlNode } from 'yaml';
import type { SourceRange } from '../source.js';
import { parsePointer } from '../source.js';
import type { Location, ParsedDocument, ParseProblem, SourceNode } from './tree.js';

/** Aliases expanded at most this many times: a "billion laughs" document stops here. */
const MAX_ALIAS_COUNT = 100;

/**
 * Flow collections (`[[[...`) nested deeper than this are refused before parsing: the `yaml` library recurses
 * per level, and running out of stack inside V8's regex compiler is a fatal error, not a catchable one.
 */
const MAX_FLOW_DEPTH = 256;

/** Parses YAML (only the first document is reviewed) into a {@link ParsedDocument}. Never throws. */
export function parseYaml(text: string): ParsedDocument {
  if (flowDepthExceeds(text, MAX_FLOW_DEPTH)) return failed(text, `The YAML is nested more than ${MAX_FLOW_DEPTH} levels deep; it was not read.`);
  const problems: ParseProblem[] = [];
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: true, keepSourceTokens: false, logLevel: 'silent' }) as Document.Parsed[];
    if (!Array.isArray(docs)) docs = []; // an EmptyStream
  } catch (e) {
    return failed(text, e instanceof RangeError ? 'The YAML is nested too deeply to read.' : 'The YAML could not be read.');
  }
  const doc = docs[0];
  if (!doc) return new YamlDocument(text, undefined, undefined, []);
  for (const err of doc.errors) problems.push(toProblem(text, err.message, err.pos, 'error'));
  for (const warning of doc.warnings) problems.push(toProblem(text, warning.message, warning.pos, 'warning'));
  if (docs.length > 1) {
    const second = docs[1].range?.[0] ?? text.length;
    problems.push({ severity: 'warning', message: `This file holds ${docs.length} YAML documents; only the first is reviewed.`, range: { start: second, end: Math.min(text.length, second + 3) } });
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const message = e instanceof RangeError
      ? 'The YAML is nested too deeply to read.'
      : /alias/i.test(String((e as Error).message))
        ? `The YAML expands aliases more than ${MAX_ALIAS_COUNT} times (an "alias bomb"); it was not read.`
        : `The YAML could not be read: ${(e as Error).message}`;
    problems.push({ severity: 'error', message, range: { start: 0, end: Math.min(1, text.length) } });
    value = undefined;
  }
  return new YamlDocument(text, doc, value, problems);
}

/** True when `[`/`{` flow collections nest deeper than `limit` (quoted strings and comments are skipped). */
function flowDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > limit) return true;
    } else if (c === 93 /* ] */ || c === 125 /* } */) {
      if (depth > 0) depth--;
    } else if (c === 34 /* " */) {
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92 /* \ */) i++;
    } else if (c === 39 /* ' */ && depth > 0) {
      const close = text.indexOf("'", i + 1);
      i = close === -1 ? text.length : close;
    } else if (c === 35 /* # */ && (i === 0 || text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 10)) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl;
    }
  }
  return false;
}

function toProblem(text: string, message: string, pos: [number, number], severity: 'error' | 'warning'): ParseProblem {
  const start = Math.min(pos[0], text.length);
  const end = Math.min(Math.max(pos[1], start + 1), text.length);
  const plain = message.split(' at line ')[0].trim(); // drop the yaml library's own position
  return { severity, message: `The YAML does not parse: ${plain.charAt(0).toLowerCase()}${plain.slice(1)}${plain.endsWith('.') ? '' : '.'}`, range: { start, end } };
}

function failed(text: string, message: string): ParsedDocument {
  return new YamlDocument(text, undefined, undefined, [{ severity: 'error', message, range: { start: 0, end: Math.min(1, text.length) } }]);
}

function nodeRange(node: YamlNode | null | undefined): SourceRange | undefined {
  const r = node?.range;
  return r ? { start: r[0], end: r[1] } : undefined;
}

class YamlDocument implements ParsedDocument {
  readonly language = 'yaml' as const;
  #tree: SourceNode | undefined | null = null;

  constructor(
    readonly text: string,
    readonly doc: Document.Parsed | undefined,
    readonly value: unknown,
    readonly problems: readonly ParseProblem[],
  ) {}

  locate(pointer: string): Location {
    const doc = this.doc;
    const whole: SourceRange = { start: 0, end: this.text.length };
    if (!doc) return { range: whole, exact: false };
    let node: unknown = doc.contents;
    let range = nodeRange(node as YamlNode) ?? whole;
    let keyRange: SourceRange | undefined;
    for (const segment of parsePointer(pointer)) {
      if (isAlias(node)) node = node.resolve(doc);
      let next: unknown;
      let nextKey: SourceRange | undefined;
      if (isMap(node)) {
        const pair = [...node.items].reverse().find((p) => String(isScalar(p.key) ? p.key.value : p.key) === segment);
        if (pair) {
          nextKey = nodeRange(pair.key as YamlNode);
          next = pair.value ?? { range: nextKey ? [nextKey.end, nextKey.end, nextKey.end] : undefined };
        }
      } else if (isSeq(node) && /^\d+$/.test(segment)) {
        next = node.items[Number(segment)];
      }
      const nextRange = nodeRange(next as YamlNode);
      if (next === undefined || !nextRange) return { range, keyRange, exact: false };
      node = next;
      range = nextRange;
      keyRange = nextKey;
    }
    return { range, keyRange, exact: true };
  }

  locateAll(pointers: Iterable<string>): Map<string, Location> {
    const out = new Map<string, Location>();
    for (const p of pointers) out.set(p, this.locate(p));
    return out;
  }

  locateInString(pointer: string, start: number, end: number): SourceRange {
    const { range, exact } = this.locate(pointer);
    if (!exact) return range;
    const raw = this.text.slice(range.start, range.end);
    const value = this.#valueAt(pointer);
    if (typeof value !== 'string') return range;
    const needle = value.slice(start, end);
    const at = needle ? raw.indexOf(needle) : -1;
    return at === -1 ? range : { start: range.start + at, end: range.start + at + needle.length };
  }

  #valueAt(pointer: string): unknown {
    let v: unknown = this.value;
    for (const s of parsePointer(pointer)) {
      if (v === null || typeof v !== 'object') return undefined;
      v = (v as Record<string, unknown>)[s];
    }
    return v;
  }

  tree(): SourceNode | undefined {
    if (this.#tree === null) {
      try {
        this.#tree = this.doc?.contents ? convert(this.doc, this.doc.contents as YamlNode, 0) : undefined;
      } catch {
        this.#tree = undefined;
      }
    }
    return this.#tree;
  }
}

function convert(doc: Document.Parsed, node: YamlNode, aliases: number): SourceNode {
  const range = nodeRange(node) ?? { start: 0, end: 0 };
  if (isAlias(node)) {
    const target = node.resolve(doc);
    if (!target || aliases >= MAX_ALIAS_COUNT) return { kind: 'scalar', range, value: null };
    return convert(doc, target as YamlNode, aliases + 1);
  }
  if (isMap(node)) {
    const entries = node.items.flatMap((pair) => {
      const keyRange = nodeRange(pair.key as YamlNode);
      if (!keyRange) return [];
      const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
      const value: SourceNode = pair.value
        ? convert(doc, pair.value as YamlNode, aliases)
        : { kind: 'scalar', range: { start: keyRange.end, end: keyRange.end }, value: null };
      return [{ key, keyRange, value }];
    });
    return { kind: 'map', range, entries };
  }
  if (isSeq(node)) return { kind: 'seq', range, items: node.items.map((i) => convert(doc, i as YamlNode, aliases)) };
  const v = isScalar(node) ? node.value : null;
  return { kind: 'scalar', range, value: typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : v === null ? null : String(v) };
}
