// Core findings → LSP diagnostics.
import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { docsPath, type Finding, type Severity } from '../core/index.js';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The extension's root: `dist/server.js` sits one level below it; its `docs/` ship in the VSIX. */
const EXTENSION_ROOT = path.resolve(__dirname, '..');

/** The rule's documentation page, shipped with the extension, so the link works offline. */
export function docsUri(ruleId: string): string {
  return pathToFileURL(path.join(EXTENSION_ROOT, docsPath(ruleId))).toString();
}

/** What a diagnostic carries for its quick fixes: the finding's fingerprint. */
export interface DiagnosticData {
  fingerprint: string;
}

/** Turns offsets into positions for one document (a `TextDocument` or the core's `LineIndex`). */
export type Positions = Pick<TextDocument, 'positionAt'>;

/**
 * The finding as a diagnostic of `document` (whose `positionAt` converts offsets). Related locations become
 * `relatedInformation`: those in the same file (each hop of a data-flow chain) through `document`, those in other
 * files (cross-file findings) through `positionsOf`; a location whose file it cannot convert is left to the message.
 */
export function toDiagnostic(finding: Finding, document: Positions, positionsOf?: (uri: string) => Positions | undefined): Diagnostic {
  const data: DiagnosticData = { fingerprint: finding.fingerprint };
  const related = (finding.related ?? []).flatMap((r) => {
    const at = r.uri === finding.uri ? document : positionsOf?.(r.uri);
    return at ? [{ location: { uri: r.uri, range: { start: at.positionAt(r.range.start), end: at.positionAt(r.range.end) } }, message: r.message }] : [];
  });
  return {
    range: { start: document.positionAt(finding.range.start), end: document.positionAt(finding.range.end) },
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: docsUri(finding.ruleId) },
    source: 'surface-review',
    message: finding.message,
    ...(related.length ? { relatedInformation: related } : {}),
    data,
  };
}

/** VS Code slows down with thousands of diagnostics in one file: past this many, the rest are summarised. */
export const MAX_DIAGNOSTICS_PER_FILE = 500;

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

/**
 * The findings to publish for one file: all of them up to `max`; beyond it the most severe `max - 1` (in
 * document order) and one information diagnostic that says how many are not shown and where to see them all.
 */
export function capDiagnostics(findings: readonly Finding[], document: Positions, positionsOf: ((uri: string) => Positions | undefined) | undefined, max = MAX_DIAGNOSTICS_PER_FILE): Diagnostic[] {
  if (findings.length <= max) return findings.map((f) => toDiagnostic(f, document, positionsOf));
  const kept = [...findings].sort((a, b) => RANK[a.severity] - RANK[b.severity] || a.range.start - b.range.start).slice(0, max - 1);
  kept.sort((a, b) => a.range.start - b.range.start);
  const hidden = findings.length - kept.length;
  return [
    ...kept.map((f) => toDiagnostic(f, document, positionsOf)),
    {
      range: { start: document.positionAt(0), end: document.positionAt(0) },
      severity: DiagnosticSeverity.Information,
      source: 'surface-review',
      message: `This file has ${findings.length} findings; the ${kept.length} most severe are shown and ${hidden} more are not, to keep the editor responsive. Run "surface-review check" or export the report to see them all.`,
    },
  ];
}
