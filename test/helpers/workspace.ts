// Cross-file reviews of small in-memory workspaces: each file analysed as the CLI does, then linked.
import { analyze, WorkspaceReview, type AnalysisOptions, type Finding, type Fix, type WorkspaceFile, type WorkspaceOptions } from '../../server/src/core/index.js';
import { TODAY } from './analyze.js';

export const uriOf = (path: string) => `file:///ws/${path}`;

/** One file as the cross-file review sees it, analysed with `options`. */
export function workspaceFile(path: string, text: string, options: Partial<AnalysisOptions> = {}): WorkspaceFile {
  const result = analyze({ uri: uriOf(path), path, text }, { today: TODAY, ...options });
  return { uri: uriOf(path), root: '', path, format: result.format, document: result.document, flow: result.flow, suppressionsUsed: result.suppressionsUsed };
}

/** A review of `files` (path → text), kept so tests can change files and review again. */
export class TestWorkspace {
  readonly review: WorkspaceReview;
  readonly #options: Partial<AnalysisOptions>;
  readonly texts = new Map<string, string>();

  constructor(files: Readonly<Record<string, string>>, options: Partial<AnalysisOptions> & Partial<WorkspaceOptions> = {}) {
    this.#options = options;
    this.review = new WorkspaceReview({ today: TODAY, ...options });
    for (const [path, text] of Object.entries(files)) this.set(path, text);
    this.review.review();
  }

  /** Adds or changes a file; returns the uris whose cross-file findings changed. */
  set(path: string, text: string): Set<string> {
    this.texts.set(path, text);
    this.review.set(workspaceFile(path, text, this.#options));
    return this.review.review();
  }

  delete(path: string): Set<string> {
    this.texts.delete(path);
    this.review.delete(uriOf(path));
    return this.review.review();
  }

  /** Cross-file findings of `ruleId` (every rule when absent) on `path`. */
  findings(path: string, ruleId?: string): readonly Finding[] {
    return this.review.findingsOf(uriOf(path)).filter((f) => ruleId === undefined || f.ruleId === ruleId);
  }

  fixes(path: string, finding: Finding): Fix[] {
    return this.review.fixesOf(uriOf(path), finding.fingerprint);
  }

  /** The text of `path` with `fix`'s edits to it applied. */
  applied(path: string, fix: Fix): string {
    let out = this.texts.get(path) ?? '';
    for (const edit of [...fix.edits].filter((e) => e.uri === uriOf(path)).sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.newText + out.slice(edit.end);
    return out;
  }
}
