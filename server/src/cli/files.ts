// Finding the files to review and reading them as the editor would (UTF-8, BOM stripped).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ownersFromCodeowners } from '../core/index.js';
import { CANDIDATE, SKIP_DIRS } from '../git/revision.js';

export class InputError extends Error {}

/**
 * Expands paths into files: a file is taken as given, a directory is walked for JSON/YAML files.
 * Throws {@link InputError} for a path that does not exist or cannot be read.
 */
export async function collectFiles(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    let stat;
    try {
      stat = await fs.stat(p);
    } catch (e) {
      throw new InputError(`cannot read ${p}: ${describe(e)}`);
    }
    if (stat.isDirectory()) await walk(p, out);
    else out.push(p);
  }
  return [...new Set(out.map((f) => path.resolve(f)))].sort();
}

async function walk(dir: string, out: string[]): Promise<void> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (e) {
    throw new InputError(`cannot read directory ${dir}: ${describe(e)}`);
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) await walk(full, out);
    } else if (entry.isFile() && CANDIDATE.test(entry.name)) {
      out.push(full);
    }
  }
}

export type ReadResult =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'binary' }
  | { readonly kind: 'too-large'; readonly bytes: number; readonly head: string }
  | { readonly kind: 'not-utf8'; readonly text: string; readonly offset: number };

/** Reads a file as text the way the editor shows it. */
export async function readText(file: string, maxBytes: number): Promise<ReadResult> {
  const stat = await fs.stat(file);
  if (stat.size > maxBytes) {
    const handle = await fs.open(file, 'r');
    try {
      const buffer = Buffer.alloc(64 * 1024);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      return { kind: 'too-large', bytes: stat.size, head: new TextDecoder().decode(buffer.subarray(0, bytesRead)) };
    } finally {
      await handle.close();
    }
  }
  const bytes = await fs.readFile(file);
  if (bytes.includes(0)) return { kind: 'binary' };
  try {
    return { kind: 'text', text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const text = new TextDecoder('utf-8').decode(bytes);
    return { kind: 'not-utf8', text, offset: Math.max(0, text.indexOf('\ufffd')) };
  }
}

export function describe(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  return code ?? (e as Error)?.message ?? String(e);
}

/** Owners named in CODEOWNERS (where GitHub and GitLab look for it), for the add-owner suggestions. */
export async function readCodeowners(root: string): Promise<string[]> {
  for (const candidate of ['CODEOWNERS', '.github/CODEOWNERS', 'docs/CODEOWNERS', '.gitlab/CODEOWNERS']) {
    try {
      return ownersFromCodeowners(await fs.readFile(path.join(root, candidate), 'utf8'));
    } catch {
      // not there: look in the next place
    }
  }
  return [];
}
