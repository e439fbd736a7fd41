// The contract every rule implements (STYLE.md §4): declared metadata apart from a pure check.
import type { AdapterResult } from '../formats/index.js';
import type { Fix, Flow, Severity, Stride } from '../model/index.js';
import type { ParsedDocument, ParseProblem } from '../parse/index.js';
import type { Policy } from '../policy.js';
import type { FileFormat, FormatDetail } from '../sniff.js';
import type { SourceRange } from '../source.js';
import type { WorkspaceRuleContext } from '../workspace/types.js';

export interface RuleDocs {
  /** One line: what the rule finds. */
  readonly summary: string;
  /** One or two sentences: the security risk. Users see this in hovers and reports. */
  readonly rationale: string;
  /** How to fix it, in plain words. */
  readonly remediation: string;
}

interface RuleMetadata {
  /** `<domain>/<kebab-name>`, fixed by DESIGN.md §4; the file's path under `rules/`. */
  readonly id: string;
  readonly defaultSeverity: Severity;
  readonly docs: RuleDocs;
  readonly threats: readonly Stride[];
  readonly cwe?: string;
  /** SARIF `security-severity`, 0.1–10. */
  readonly securitySeverity: number;
}

/** A rule that reads one file at a time (`analyze`). */
export interface FileRule extends RuleMetadata {
  /** The file formats the rule reads; `all` for every format we recognise. */
  readonly appliesTo: 'all' | readonly FileFormat[];
  check(context: RuleContext): void;
  /**
   * A part of the same rule that needs the folder's links, run by the cross-file review (core/workspace/review.ts):
   * `ownership/missing-owner` reads inventory entries file by file, and flows across files, since an inventory entry
   * can own a flow.
   */
  readonly crossFile?: CrossFileCheck;
}

/** What a cross-file check reports on, and the check. */
export interface CrossFileCheck {
  /** The files it checks and reports on. */
  readonly reportsOn: 'flow' | 'inventory' | 'policy';
  checkWorkspace(context: WorkspaceRuleContext): void;
}

/** A cross-file rule (`reviewWorkspace`, core/workspace/): it reads the links between a folder's files. */
export interface WorkspaceRule extends RuleMetadata, CrossFileCheck {
  readonly appliesTo: 'workspace';
}

export type Rule = FileRule | WorkspaceRule;

/** What a rule reports; the engine resolves the range, masks the secret and computes the fingerprint. */
export interface RuleReport {
  readonly pointer: string;
  /** Which part of the node: its value (default), its key, characters of its string value, or a raw range. */
  readonly at?: 'value' | 'key' | { readonly start: number; readonly end: number } | { readonly range: SourceRange };
  /** Must not contain the raw secret: pass it as `secret` and use its masked form. */
  readonly message: string;
  /** The raw secret, if any: masked into `evidence` (which the fingerprint hashes), never shown. */
  readonly secret?: string;
  /**
   * What tells this finding apart from others of its rule at the same place, for its fingerprint (the webhook a call
   * holds, the scope a URL requests): stable across edits, unlike the order findings are found in.
   */
  readonly key?: string;
  readonly severity?: Severity;
  readonly surfaceId?: string;
  /** Builds the quick fixes, given the finding's resolved range. */
  readonly fixes?: (range: SourceRange) => Fix[];
  /** Other places in the same file that explain the finding (each hop of a data-flow chain), resolved like `pointer`/`at`. */
  readonly related?: readonly RelatedReport[];
}

/** A place in the same document that explains a finding; the engine resolves it into a `RelatedLocation`. */
export interface RelatedReport {
  readonly pointer: string;
  readonly at?: RuleReport['at'];
  readonly message: string;
}

export interface RuleContext {
  readonly uri: string;
  readonly document: ParsedDocument;
  readonly format: FileFormat;
  readonly detail: FormatDetail;
  readonly adapter: AdapterResult;
  /** Problems met while reading the file's bytes (bad encoding), before parsing. */
  readonly readingProblems: readonly ParseProblem[];
  readonly flow?: Flow;
  /** Today's date (from the caller's clock), for rotation and review cadences. */
  readonly today: Date;
  /** The workspace's review policy, when it has one (rules fall back to `DEFAULT_POLICY`). */
  readonly policy?: Policy;
  /** Owners known outside the document (CODEOWNERS), for owner suggestions. */
  readonly knownOwners?: readonly string[];
  /** Computes a value once per analysis and shares it between rules (e.g. one secret scan for two rules). */
  memo<T>(key: string, compute: () => T): T;
  /** True when the rule with this id runs on this file too (enabled, and it reads this format): shared work it alone needs can be skipped. */
  runs(ruleId: string): boolean;
  report(report: RuleReport): void;
}

/** The docs page of a rule, relative to the project root. */
export function docsPath(ruleId: string): string {
  return `docs/rules/${ruleId}.md`;
}
