// CSV: one row per finding, for spreadsheets and ticket imports (RFC 4180 quoting).
import { placeFindings, type Review } from './review.js';

const HEADER = ['file', 'line', 'column', 'severity', 'rule', 'message', 'evidence', 'fingerprint'];

function cell(value: string | number): string {
  const s = String(value);
  // A leading = + - @ would run as a formula in a spreadsheet: neutralise it.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(review: Review): string {
  const rows = placeFindings(review).map(({ file, finding: f, start }) =>
    [file.path, start.line + 1, start.character + 1, f.severity, f.ruleId, f.message, f.evidence ?? '', f.fingerprint].map(cell).join(','),
  );
  return [HEADER.join(','), ...rows].join('\r\n') + '\r\n';
}
