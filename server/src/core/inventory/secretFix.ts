// The inventory's fix for a literal secret: put a `secretRef` placeholder where the secret was, so the file
// names where the secret is kept instead of holding it.
import type { Fix, TextEdit } from '../model/index.js';
import type { ParsedDocument } from '../parse/index.js';
import { parsePointer } from '../source.js';
import { asObject, valueAt } from '../walk.js';
import { nodeAt, renderScalar, setProperty } from './edit.js';

/** The placeholder a fix writes: a vault path the team then points at the real secret. */
export function secretRefPlaceholder(surfaceId: string | undefined): string {
  return `vault://CHANGE-ME/${surfaceId ?? 'surface'}`;
}

/**
 * Fixes for a literal secret that is the whole value at `pointer`: a `secretRef` gets the placeholder; another
 * field of a surface (`auth.token`, `apiKey`) is removed and a `secretRef` placeholder added to `auth` instead.
 */
export function secretRefFixes(document: ParsedDocument, uri: string, pointer: string): Fix[] {
  const segments = parsePointer(pointer);
  if (segments[0] !== 'surfaces' || !/^\d+$/.test(segments[1] ?? '')) return [];
  const surfacePointer = `/surfaces/${segments[1]}`;
  const surface = asObject(valueAt(document.value, ['surfaces', segments[1]]));
  const placeholder = secretRefPlaceholder(typeof surface?.id === 'string' ? surface.id : undefined);
  const title = `Replace with secretRef: ${placeholder} (then keep the secret in your vault and rotate it)`;
  const field = segments.at(-1)!;
  const node = nodeAt(document, pointer);
  if (!node || node.kind !== 'scalar') return [];
  if (field === 'secretRef') {
    return [{ title, isPreferred: true, edits: [{ uri, start: node.range.start, end: node.range.end, newText: renderScalar(document, placeholder) }] }];
  }
  if (document.language !== 'yaml' || document.text[nodeAt(document, segments.slice(0, -1).length ? '/' + segments.slice(0, -1).join('/') : '')?.range.start ?? 0] === '{') return [];
  const line = lineOf(document.text, node.range.start, node.range.end);
  if (!line) return [];
  const edits: TextEdit[] = [{ uri, start: line.start, end: line.end, newText: '' }];
  const auth = asObject(surface?.auth);
  if (!auth || typeof auth.secretRef !== 'string') {
    const add = setProperty(document, uri, `${surfacePointer}/auth`, 'secretRef', placeholder);
    if (!add || (add.start > line.start && add.start < line.end)) return [];
    edits.push(add);
  }
  return [{ title, isPreferred: true, edits }];
}

/** The whole line (with its newline) holding `start`..`end`, when the value fits on that one line. */
function lineOf(text: string, start: number, end: number): { start: number; end: number } | undefined {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const nl = text.indexOf('\n', start);
  if (nl !== -1 && nl < end) return undefined;
  return { start: lineStart, end: nl === -1 ? text.length : nl + 1 };
}
