// Findings and fixes: what a rule reports, in plain offsets, with no editor types.
import type { SourceRange } from '../source.js';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** STRIDE threat letters: Spoofing, Tampering, Repudiation, Information disclosure, Denial of service, Elevation of privilege. */
export type Stride = 'S' | 'T' | 'R' | 'I' | 'D' | 'E';

/** A location in another (or the same) file that explains a finding. */
export interface RelatedLocation {
  readonly uri: string;
  readonly range: SourceRange;
  readonly message: string;
}

/** One text edit in plain offsets. */
export interface TextEdit {
  readonly uri: string;
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/** A quick fix: every fix must leave a document that parses. */
export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  readonly isPreferred: boolean;
}

/** What a rule found. `evidence` is always masked (see `mask`). */
export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly uri: string;
  readonly range: SourceRange;
  readonly pointer: string;
  /** Stable across edits that do not touch the finding: rule id + file + pointer + masked evidence. */
  readonly fingerprint: string;
  readonly surfaceId?: string;
  readonly evidence?: string;
  readonly threats: readonly Stride[];
  readonly related?: readonly RelatedLocation[];
  readonly fixes?: readonly Fix[];
}
