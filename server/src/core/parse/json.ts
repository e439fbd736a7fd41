// JSON text → ParsedDocument: values from JSON.parse (fast), positions from the lean scanner on demand,
// problems in plain words from jsonc-parser when the text is not strict JSON.
import { parse as parseJsonc, parseTree, printParseErrorCode, type Node as JsoncNode, type ParseError } from 'jsonc-parser';
import type { SourceRange } from '../source.js';
import { JsonScanner } from './jsonScanner.js';
import type { Location, ParsedDocument, ParseProblem, SourceNode } from './tree.js';

const PLAIN_WORDS: Record<string, string> = {
  InvalidSymbol: 'an unexpected character',
  InvalidNumberFormat: 'a malformed number',
  PropertyNameExpected: 'a property name in double quotes was expected',
  ValueExpected: 'a value was expected',
  ColonExpected: 'a colon was expected after the property name',
  CommaExpected: 'a comma was expected between items',
  CloseBraceExpected: 'an object is not closed with "}" (the file may be truncated)',
  CloseBracketExpected: 'an array is not closed with "]" (the file may be truncated)',
  EndOfFileExpected: 'unexpected data after the end of the JSON value (trailing data)',
  InvalidCommentToken: 'a malformed comment',
  UnexpectedEndOfComment: 'a comment is not closed',
  UnexpectedEndOfString: 'a string is not closed (the file may be truncated)',
  UnexpectedEndOfNumber: 'a number is cut off',
  InvalidUnicode: 'a malformed \\u escape',
  InvalidEscapeCharacter: 'an invalid escape sequence in a string',
  InvalidCharacter: 'a control character inside a string',
};

/** Parses JSON (with a tolerated byte-order mark) into a {@link ParsedDocument}. Never throws. */
export function parseJson(text: string): ParsedDocument {
  const origin = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let value: unknown;
  let problems: ParseProblem[] = [];
  let strict = true;
  try {
    value = JSON.parse(origin ? text.slice(origin) : text);
  } catch {
    ({ value, problems } = recover(text));
    strict = false;
  }
  return new JsonDocument(text, origin, value, problems, strict);
}

function recover(text: string): { value: unknown; problems: ParseProblem[] } {
  const strict: ParseError[] = [];
  const lenient: ParseError[] = [];
  let value: unknown;
  try {
    parseJsonc(text, strict, { disallowComments: true, allowTrailingComma: false });
    value = parseJsonc(text, lenient, { disallowComments: false, allowTrailingComma: true, allowEmptyContent: false });
  } catch (e) {
    const tooDeep = e instanceof RangeError;
    return {
      value: undefined,
      problems: [{
        severity: 'error',
        range: { start: 0, end: Math.min(text.length, 1) },
        message: tooDeep ? 'The JSON is nested too deeply to read.' : 'The JSON could not be read.',
      }],
    };
  }
  const errors = lenient.length ? lenient : strict;
  const severity = lenient.length ? 'error' : 'warning';
  const first = errors[0];
  if (!first) return { value, problems: [] };
  const rest = errors.length - 1;
  const what = PLAIN_WORDS[printParseErrorCode(first.error)] ?? printParseErrorCode(first.error);
  const message = severity === 'error'
    ? `The JSON does not parse: ${what}${rest ? ` (and ${rest} more problem${rest > 1 ? 's' : ''} after it)` : ''}.`
    : `The JSON has comments or trailing commas, which JSON does not allow (${what}); the platform will likely refuse to import it.`;
  const start = Math.min(first.offset, text.length);
  return { value, problems: [{ severity, message, range: { start, end: Math.min(text.length, start + Math.max(1, first.length)) } }] };
}

class JsonDocument implements ParsedDocument {
  readonly language = 'json' as const;
  readonly #scanner: JsonScanner;
  readonly #cache = new Map<string, Location>();
  #tree: SourceNode | undefined | null = null;

  constructor(
    readonly text: string,
    readonly origin: number,
    readonly value: unknown,
    readonly problems: readonly ParseProblem[],
    strict: boolean,
  ) {
    this.#scanner = new JsonScanner(text, origin, strict);
  }

  locate(pointer: string): Location {
    return this.locateAll([pointer]).get(pointer)!;
  }

  locateAll(pointers: Iterable<string>): Map<string, Location> {
    const missing: string[] = [];
    const out = new Map<string, Location>();
    for (const p of pointers) {
      const hit = this.#cache.get(p);
      if (hit) out.set(p, hit);
      else missing.push(p);
    }
    if (missing.length) {
      for (const [p, loc] of this.#scanner.locateAll(missing)) {
        this.#cache.set(p, loc);
        out.set(p, loc);
      }
    }
    return out;
  }

  locateInString(pointer: string, start: number, end: number): SourceRange {
    const { range, exact } = this.locate(pointer);
    if (!exact || this.text.charCodeAt(range.start) !== 34) return range;
    return {
      start: this.#scanner.rawOffsetInString(range.start, start),
      end: this.#scanner.rawOffsetInString(range.start, end),
    };
  }

  tree(): SourceNode | undefined {
    if (this.#tree === null) {
      try {
        const root = parseTree(this.text, [], { allowTrailingComma: true, disallowComments: false });
        this.#tree = root ? convert(root) : undefined;
      } catch {
        this.#tree = undefined; // nested too deeply for a positioned tree
      }
    }
    return this.#tree;
  }
}

function convert(node: JsoncNode): SourceNode {
  const range = { start: node.offset, end: node.offset + node.length };
  if (node.type === 'object') {
    const entries = (node.children ?? []).flatMap((prop) => {
      const [key, value] = prop.children ?? [];
      if (!key || !value) return [];
      return [{ key: String(key.value), keyRange: { start: key.offset, end: key.offset + key.length }, value: convert(value) }];
    });
    return { kind: 'map', range, entries };
  }
  if (node.type === 'array') return { kind: 'seq', range, items: (node.children ?? []).map(convert) };
  return { kind: 'scalar', range, value: node.value as string | number | boolean | null };
}
