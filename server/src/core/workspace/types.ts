// The inputs and outputs of the cross-file review (`drift/*`, `scope/undeclared`, `policy/unused-suppression`):
// each file's own analysis, with where it sits, and what the cross-file rules report about it.
import type { Fix, Flow, Severity } from '../model/index.js';
import type { ParsedDocument } from '../parse/index.js';
import type { Policy } from '../policy.js';
import type { SeverityOverride } from '../precedence.js';
import type { FileFormat } from '../sniff.js';
import type { FolderLinks } from './link.js';

/** One analysed file of a workspace, as the cross-file review needs it (built from its `AnalysisResult`). */
export interface WorkspaceFile {
  /** Where findings about it point. */
  readonly uri: string;
  /** Its workspace folder (any string that names it; '' for a single-root review such as the CLI's). */
  readonly root: string;
  /** Relative to `root`, `/`-separated, no leading `./`. */
  readonly path: string;
  readonly format: FileFormat;
  /** The parsed document (absent when the file was skipped). */
  readonly document?: ParsedDocument;
  /** The flow model, for flow exports that could be read. */
  readonly flow?: Flow;
  /** The `index` of each policy suppression that accepted one of the file's own findings. */
  readonly suppressionsUsed?: readonly number[];
  /** True when the file exists but was not analysed (too large): links to it are not stale, and nothing more is known. */
  readonly skipped?: boolean;
}

/** The options of one workspace folder's cross-file review (the same precedence as `analyze`). */
export interface WorkspaceOptions {
  readonly today: Date;
  /** Severity overrides from editor settings, by rule id. */
  readonly rules?: Readonly<Record<string, SeverityOverride>>;
  /** The folder's policy (`.surface-review.yaml`), as loaded; suppressions apply to cross-file findings too. */
  readonly policy?: Policy;
  /** Where `policy` was read from, relative to the folder: unused suppressions are reported there. */
  readonly policyPath?: string;
  /** False in an untrusted workspace (the policy may only tighten). */
  readonly trusted?: boolean;
}

/** Which part of the value at a pointer: the value (default), its key, or characters of its string value. */
export type WorkspaceAt = 'value' | 'key' | { readonly start: number; readonly end: number };

/** A place in another (or the same) file that explains a cross-file finding; the engine resolves its range. */
export interface WorkspaceRelated {
  readonly file: WorkspaceFile;
  readonly pointer: string;
  readonly at?: WorkspaceAt;
  readonly message: string;
}

/** What a cross-file rule reports about the file it checks. */
export interface WorkspaceReport {
  readonly pointer: string;
  readonly at?: WorkspaceAt;
  readonly message: string;
  /**
   * What the finding is about, stable across reformatting, reordering and line moves (a node id, a surface id and
   * its link, a suppression): with the rule id and the file's path, it makes the fingerprint.
   */
  readonly key: string;
  readonly severity?: Severity;
  readonly surfaceId?: string;
  readonly related?: readonly WorkspaceRelated[];
  /** Builds the quick fixes on demand (they may edit other files). */
  readonly fixes?: () => Fix[];
}

/** What a cross-file rule sees: the file it checks, its folder's links, and where to report. */
export interface WorkspaceRuleContext {
  /** The file the rule checks and reports on (a flow, an inventory or the policy file, as the rule declares). */
  readonly file: WorkspaceFile;
  /** The links of the file's workspace folder. */
  readonly folder: FolderLinks;
  readonly today: Date;
  /** The policy in force (tightened in an untrusted workspace). */
  readonly policy: Policy;
  /**
   * For the policy file: the `index` of every suppression that accepted a finding anywhere in the folder; undefined
   * when that cannot be known (an untrusted workspace applies none).
   */
  readonly suppressionsUsed?: ReadonlySet<number>;
  report(report: WorkspaceReport): void;
}
