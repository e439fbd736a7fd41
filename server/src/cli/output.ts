// The CLI's output formats: text for people, JSON for pipelines (DESIGN §8).
import { LineIndex, type FileFormat, type Finding, type Position, type Severity } from '../core/index.js';

export const TOOL = 'surface-review';
export const VERSION = '0.1.0';

/** One reviewed file, with what the CLI needs to print it. */
export interface FileReport {
  /** Relative to the working directory, `/`-separated. */
  readonly file: string;
  readonly format: FileFormat;
  readonly text: string;
  readonly findings: readonly Finding[];
  readonly nodes?: number;
  readonly surfaces?: number;
  readonly skipped?: string;
}

export interface JsonFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  range: { start: Position; end: Position };
  fingerprint: string;
  surfaceId?: string;
  evidence?: string;
}

export interface JsonReport {
  version: string;
  tool: string;
  files: { file: string; format: FileFormat; nodes?: number; surfaces?: number; skipped?: string }[];
  surfaces: unknown[];
  findings: JsonFinding[];
  summary: { files: number; findings: number; bySeverity: Record<Severity, number>; byRule: Record<string, number> };
}

export function toJsonReport(reports: readonly FileReport[]): JsonReport {
  const findings: JsonFinding[] = [];
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  const byRule: Record<string, number> = {};
  for (const report of reports) {
    const lines = report.findings.length ? new LineIndex(report.text) : undefined;
    for (const f of report.findings) {
      bySeverity[f.severity]++;
      byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
      findings.push({
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.message,
        file: report.file,
        range: { start: lines!.positionAt(f.range.start), end: lines!.positionAt(f.range.end) },
        fingerprint: f.fingerprint,
        ...(f.surfaceId !== undefined ? { surfaceId: f.surfaceId } : {}),
        ...(f.evidence !== undefined ? { evidence: f.evidence } : {}),
      });
    }
  }
  return {
    version: VERSION,
    tool: TOOL,
    files: reports.map((r) => ({
      file: r.file,
      format: r.format,
      ...(r.nodes !== undefined ? { nodes: r.nodes } : {}),
      ...(r.surfaces !== undefined ? { surfaces: r.surfaces } : {}),
      ...(r.skipped !== undefined ? { skipped: r.skipped } : {}),
    })),
    surfaces: [],
    findings,
    summary: { files: reports.filter((r) => r.format !== 'unknown').length, findings: findings.length, bySeverity, byRule },
  };
}

/** `file:line:col: severity message [rule]` lines (1-based, as compilers print), then a summary line. */
export function toText(report: JsonReport): string {
  const lines = report.findings.map((f) => `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} ${f.message} [${f.ruleId}]`);
  for (const f of report.files) if (f.skipped) lines.push(`note: ${f.skipped}`);
  const s = report.summary.bySeverity;
  lines.push(`${report.summary.files} file(s) reviewed: ${s.error} error(s), ${s.warning} warning(s), ${s.info} info, ${s.hint} hint(s).`);
  return lines.join('\n') + '\n';
}
