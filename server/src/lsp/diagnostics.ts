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

export function toDiagnostic(finding: Finding, document: Pick<TextDocument, 'positionAt'>): Diagnostic {
  const data: DiagnosticData = { fingerprint: finding.fingerprint };
  return {
    range: { start: document.positionAt(finding.range.start), end: document.positionAt(finding.range.end) },
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: docsUri(finding.ruleId) },
    source: 'surface-review',
    message: finding.message,
    data,
  };
}
