// Iterative traversal of parsed values: no recursion, so a document nested 100,000 deep costs no stack.
import { formatPointer } from './source.js';

/** Containers deeper than this are not descended into. */
export const MAX_DEPTH = 256;

export interface StringVisit {
  readonly value: string;
  /** The string's JSON pointer. Built when first read: most strings are never reported, so most never need one. */
  readonly pointer: string;
  /** The field name: the object key, or for `{ name, value }` pairs (n8n parameters) the sibling `name`. */
  readonly name: string;
}

/**
 * One step down from a parent value. A chain of steps is a JSON pointer that is built only when asked for
 * (see {@link pointerOf}): walks pass through far more values than they ever report.
 */
export interface PathStep {
  /** `undefined` for the walk's root, which adds no segment. */
  readonly parent: PathStep | undefined;
  readonly segment: string | number;
}

/** The JSON pointer of `step`: `base` followed by the segments from the root down to `step`. */
export function pointerOf(step: PathStep, base = ''): string {
  const segments: (string | number)[] = [];
  for (let s: PathStep = step; s.parent; s = s.parent) segments.push(s.segment);
  return base + formatPointer(segments.reverse());
}

/** A value on the walk's stack. */
interface Pending extends PathStep {
  readonly value: unknown;
  readonly name: string;
  readonly depth: number;
}

class Visit implements StringVisit {
  readonly #entry: Pending;
  readonly #base: string;
  #pointer: string | undefined;

  constructor(
    readonly value: string,
    readonly name: string,
    entry: Pending,
    base: string,
  ) {
    this.#entry = entry;
    this.#base = base;
  }

  get pointer(): string {
    this.#pointer ??= pointerOf(this.#entry, this.#base);
    return this.#pointer;
  }
}

/**
 * Calls `visit` for every string under `root` (starting at `pointer`), in document order for objects.
 * `skip(key)` may prune the subtree under an object member. Returns false when some subtree was deeper than {@link MAX_DEPTH}.
 */
export function walkStrings(
  root: unknown,
  pointer: string,
  visit: (v: StringVisit) => void,
  skip?: (key: string) => boolean,
): boolean {
  let complete = true;
  const stack: Pending[] = [{ value: root, parent: undefined, segment: '', name: '', depth: 0 }];
  while (stack.length) {
    const entry = stack.pop()!;
    const { value, name, depth } = entry;
    if (typeof value === 'string') {
      visit(new Visit(value, name, entry, pointer));
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_DEPTH) {
      complete = false;
      continue;
    }
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) {
        const v = value[i];
        if (v !== null && (typeof v === 'object' || typeof v === 'string')) stack.push({ value: v, parent: entry, segment: i, name, depth: depth + 1 });
      }
      continue;
    }
    const obj = value as Record<string, unknown>;
    // Name/value pairs: the value is named by its sibling. n8n and Make `{ name, value }`, Node-RED headers
    // `{ keyValue, valueValue }` and change rules `{ p, to }`, WDL parameters `{ NAME: { type, defaultValue } }`.
    let pairName: string | undefined;
    let valueKey = 'value';
    if (typeof obj.name === 'string' && 'value' in obj) pairName = obj.name;
    else if (typeof obj.keyValue === 'string' && 'valueValue' in obj) [pairName, valueKey] = [obj.keyValue, 'valueValue'];
    else if (typeof obj.p === 'string' && 'to' in obj) [pairName, valueKey] = [obj.p, 'to'];
    else if (typeof obj.defaultValue === 'string' && typeof entry.segment === 'string') [pairName, valueKey] = [entry.segment, 'defaultValue'];
    const keys = Object.keys(obj);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      const v = obj[key];
      if (v === null || (typeof v !== 'object' && typeof v !== 'string')) continue;
      if (skip?.(key)) continue;
      stack.push({ value: v, parent: entry, segment: key, name: key === valueKey && pairName !== undefined ? pairName : key, depth: depth + 1 });
    }
  }
  return complete;
}

/** Reads the value at a JSON pointer's segments, or `undefined`. */
export function valueAt(root: unknown, segments: readonly (string | number)[]): unknown {
  let v = root;
  for (const s of segments) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[String(s)];
  }
  return v;
}

/** `value` as a plain object, or undefined. */
export function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** `value` if it is a string, else undefined. */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
