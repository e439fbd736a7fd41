// The CLI's text output for people; the machine formats come from the core's report renderers.
import type { JsonReport } from '../core/index.js';

/** `file:line:col: severity message [rule]` lines (1-based, as compilers print), then a summary line. */
export function toText(report: JsonReport): string {
  const lines = report.findings.map((f) => `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} ${f.message} [${f.ruleId}]`);
  for (const f of report.files) if (f.skipped) lines.push(`note: ${f.skipped}`);
  const s = report.summary.bySeverity;
  lines.push(`${report.summary.files} file(s) reviewed: ${s.error} error(s), ${s.warning} warning(s), ${s.info} info, ${s.hint} hint(s).`);
  return lines.join('\n') + '\n';
}
