// Reading a folder as the core's workspace files: each file analysed as `check` does (same size limit, same encoding
// rules), for the `inventory` and `diff` commands.
import * as path from 'node:path';
import { analyzeSnapshotFile, DEFAULT_MAX_FILE_SIZE_KB, sniff, type AnalysisOptions, type SnapshotFile } from '../core/index.js';
import { collectFiles, describe, InputError, readText } from './files.js';

export type { SnapshotFile } from '../core/index.js';

/** `file` relative to `cwd`, `/`-separated. */
export function relativeTo(cwd: string, file: string): string {
  return path.relative(cwd, file).split(path.sep).join('/') || path.basename(file);
}

/** The working tree's files under `paths` (relative to `cwd`), analysed. */
export async function readWorkingTree(paths: readonly string[], cwd: string, options: AnalysisOptions): Promise<SnapshotFile[]> {
  const out: SnapshotFile[] = [];
  for (const file of await collectFiles(paths)) {
    const relative = relativeTo(cwd, file);
    let read;
    try {
      read = await readText(file, DEFAULT_MAX_FILE_SIZE_KB * 1024);
    } catch (e) {
      throw new InputError(`cannot read ${relative}: ${describe(e)}`);
    }
    if (read.kind === 'binary') continue;
    if (read.kind === 'too-large') {
      const format = sniff(read.head, relative).format;
      if (format !== 'unknown') out.push({ file: { uri: relative, root: '', path: relative, format, skipped: true }, findings: [] });
      continue;
    }
    const analysed = analyzeSnapshotFile({ uri: relative, path: relative, text: read.text, invalidEncodingAt: read.kind === 'not-utf8' ? read.offset : undefined }, options);
    if (analysed) out.push(analysed);
  }
  return out;
}
