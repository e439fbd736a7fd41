// Iterative traversal of parsed values: no recursion, so a document nested 100,000 deep costs no stack.
import { childPointer } from './source.js';

/** Containers deeper than this are not descended into. */
export const MAX_DEPTH = 256;

export interface StringVisit {
  readonly value: string;
  readonly pointer: string;
  /** The field name: the object key, or for `{ name, value }` pairs (n8n parameters) the sibling `name`. */
  readonly name: string;
}

/**
 * Calls `visit` for every string under `root` (starting at `pointer`), in document order for objects.
 * `skip(key, pointer)` may prune a subtree. Returns false when some subtree was deeper than {@link MAX_DEPTH}.
 */
export function walkStrings(
  root: unknown,
  pointer: string,
  visit: (v: StringVisit) => void,
  skip?: (key: string, pointer: string) => boolean,
): boolean {
  let complete = true;
  const stack: { value: unknown; pointer: string; name: string; depth: number }[] = [{ value: root, pointer, name: '', depth: 0 }];
  while (stack.length) {
    const { value, pointer: p, name, depth } = stack.pop()!;
    if (typeof value === 'string') {
      visit({ value, pointer: p, name });
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
        if (v !== null && (typeof v === 'object' || typeof v === 'string')) stack.push({ value: v, pointer: p + '/' + i, name, depth: depth + 1 });
      }
      continue;
    }
    const obj = value as Record<string, unknown>;
    const pairName = typeof obj.name === 'string' && 'value' in obj ? obj.name : undefined;
    const keys = Object.keys(obj);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      const v = obj[key];
      if (v === null || (typeof v !== 'object' && typeof v !== 'string')) continue;
      const cp = childPointer(p, key);
      if (skip?.(key, cp)) continue;
      stack.push({ value: v, pointer: cp, name: key === 'value' && pairName !== undefined ? pairName : key, depth: depth + 1 });
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
