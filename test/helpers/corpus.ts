// Reads ../shared/corpus in place (never copied into the project). Tests that need it skip when it is absent.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export const CORPUS = path.resolve(__dirname, '../../../shared/corpus');
export const hasCorpus = existsSync(path.join(CORPUS, 'MANIFEST.tsv'));

export interface CorpusEntry {
  readonly platform: string;
  /** Path under the corpus folder. */
  readonly path: string;
  /** Expected recognition, e.g. `n8n-workflow`. */
  readonly format: string;
  /** The malformation, e.g. `trailing-data`, when the file is deliberately broken. */
  readonly malformed?: string;
}

export function corpusEntries(): CorpusEntry[] {
  const lines = readFileSync(path.join(CORPUS, 'MANIFEST.tsv'), 'utf8').trim().split('\n');
  const header = lines[0].split('\t');
  const col = (name: string) => header.indexOf(name);
  return lines.slice(1).map((line) => {
    const c = line.split('\t');
    const [format, malformed] = c[col('format')].split('+MALFORMED-');
    return { platform: c[col('platform')], path: c[col('path')], format, malformed };
  });
}

/** The file's text as the editor shows it (a BOM is stripped by VS Code; keep it to test that the core copes). */
export function readCorpus(relative: string): string {
  return readFileSync(path.join(CORPUS, relative), 'utf8');
}
