// A finished review: what every report format renders (DESIGN §8, §9).
import type { Finding, Flow } from '../model/index.js';
import type { ParsedDocument } from '../parse/index.js';
import type { Policy } from '../policy.js';
import type { FileFormat } from '../sniff.js';
import { LineIndex, type Position } from '../source.js';

/** One file of the review, with its text (positions are computed from it) and what the core found. */
export interface ReviewedFile {
  /** Relative to the review's root, `/`-separated. */
  readonly path: string;
  readonly format: FileFormat;
  readonly text: string;
  readonly findings: readonly Finding[];
  readonly flow?: Flow;
  /** The parsed document (the report's threat model reads inventories from it and locates surfaces). */
  readonly document?: ParsedDocument;
  /** Why the file was not analysed (too large), if it was not. */
  readonly skipped?: string;
}

export interface Review {
  readonly files: readonly ReviewedFile[];
  /** When the review ran (reports print it; SARIF records it). */
  readonly date: Date;
  /** The policy the review applied (SLA days for due dates, suppressions); the default policy when absent. */
  readonly policy?: Policy;
  /** What was reviewed, as the report's title names it (a folder name). */
  readonly scope?: string;
}

/** A finding with its file and 0-based positions, the unit most formats iterate over. */
export interface PlacedFinding {
  readonly file: ReviewedFile;
  readonly finding: Finding;
  readonly start: Position;
  readonly end: Position;
}

/** Every finding of the review with positions, in file order then document order. */
export function placeFindings(review: Review): PlacedFinding[] {
  const out: PlacedFinding[] = [];
  for (const file of review.files) {
    if (!file.findings.length) continue;
    const lines = new LineIndex(file.text);
    const sorted = [...file.findings].sort((a, b) => a.range.start - b.range.start || a.ruleId.localeCompare(b.ruleId));
    for (const finding of sorted) out.push({ file, finding, start: lines.positionAt(finding.range.start), end: lines.positionAt(finding.range.end) });
  }
  return out;
}
