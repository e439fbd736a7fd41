// One spelling per file URI: editors and `pathToFileURL` may encode the same path differently (`%3A`, `:`), and the
// index, the cross-file review and the threat view's "changed since" must agree on it.
import { fileURLToPath, pathToFileURL } from 'node:url';

/** File URIs → [canonical URI, file system path], remembered (a model build asks for every finding's). */
const spellings = new Map<string, readonly [string, string]>();

function spellingOf(uri: string): readonly [string, string] | undefined {
  if (!uri.startsWith('file:')) return undefined;
  let hit = spellings.get(uri);
  if (!hit) {
    try {
      const file = fileURLToPath(uri);
      hit = [pathToFileURL(file).toString(), file];
    } catch {
      hit = [uri, ''];
    }
    if (spellings.size > 50_000) spellings.clear();
    spellings.set(uri, hit);
  }
  return hit;
}

/** The one spelling of a file URI; any other URI as it is. */
export function canonicalUri(uri: string): string {
  return spellingOf(uri)?.[0] ?? uri;
}

/** The file system path of a file URI; undefined for other URIs ('' for one that names no path). */
export function filePathOfUri(uri: string): string | undefined {
  return spellingOf(uri)?.[1];
}
