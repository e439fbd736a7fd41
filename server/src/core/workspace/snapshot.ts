// A folder as analysed at one point (a git revision, the working tree, the editor's index), for `diffSnapshots`:
// each file analysed on its own as `check` does, then the cross-file rules over all of them. The CLI's `diff` and the
// language server's "changed since" build both sides with these.
import { analyze, type AnalysisInput, type AnalysisOptions } from '../analyze.js';
import type { Finding } from '../model/index.js';
import { analyzeWorkspace } from './review.js';
import type { Snapshot } from './diff.js';
import type { WorkspaceFile, WorkspaceOptions } from './types.js';

/** One analysed file of a snapshot: the workspace file and its own findings (the cross-file ones come from `snapshotOf`). */
export interface SnapshotFile {
  readonly file: WorkspaceFile;
  readonly findings: readonly Finding[];
}

/** Analyses one file's text; undefined when it is not ours. `root` names its workspace folder ('' by default). */
export function analyzeSnapshotFile(input: AnalysisInput, options: AnalysisOptions, root = ''): SnapshotFile | undefined {
  const result = analyze(input, options);
  if (result.format === 'unknown') return undefined;
  return {
    file: { uri: input.uri, root, path: input.path, format: result.format, document: result.document, flow: result.flow, suppressionsUsed: result.suppressionsUsed },
    findings: result.findings,
  };
}

/**
 * The snapshot of `files`: every file with its own findings and the cross-file findings the workspace rules add
 * (run here over exactly these files), as one list and by file uri.
 */
export function snapshotOf(files: readonly SnapshotFile[], options: WorkspaceOptions): { readonly snapshot: Snapshot; readonly byFile: ReadonlyMap<string, readonly Finding[]> } {
  const linked = analyzeWorkspace(files.map((f) => f.file), options);
  const byFile = new Map<string, readonly Finding[]>();
  for (const f of files) {
    const more = linked.get(f.file.uri);
    byFile.set(f.file.uri, more ? [...f.findings, ...more] : f.findings);
  }
  return { snapshot: { files: files.map((f) => f.file), findings: [...byFile.values()].flat() }, byFile };
}
