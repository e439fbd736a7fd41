// The reports of `surface-review diff`: a pull-request comment (markdown), JSON for pipelines and plain text, all
// from one `SurfaceDiff` and the new findings placed in the head's files.
import { TOOL_NAME, TOOL_VERSION } from '../meta.js';
import type { ChangedSurface, DiffSurface, SurfaceDiff } from '../workspace/diff.js';
import { toJsonReport, type JsonFinding } from './json.js';
import type { Review } from './review.js';

export interface JsonDiffSurface {
  key: string;
  id?: string;
  name: string;
  kind?: string;
  direction?: string;
  platform?: string;
  file: string;
  endpoint?: string;
  auth?: string;
  scopes: string[];
  owner?: string;
  classification?: string;
  risk?: string;
  flow?: string;
}

export interface JsonDiffReport {
  version: string;
  tool: string;
  base: string;
  surfaces: {
    added: JsonDiffSurface[];
    removed: JsonDiffSurface[];
    changed: { key: string; id?: string; name: string; file: string; changes: { field: string; before?: string; after?: string }[]; widenedScopes: string[] }[];
  };
  findings: { new: JsonFinding[]; resolved: number };
  blocking: string[];
  summary: { added: number; removed: number; changed: number; newFindings: number; newErrors: number; widenedScopes: number; blocking: boolean };
}

/** The new findings of `diff`, placed in the head's files (`head` holds every file, each with its own findings). */
export function newFindingsReview(diff: SurfaceDiff, head: Review): Review {
  const fresh = new Set(diff.newFindings);
  return { ...head, files: head.files.map((f) => ({ ...f, findings: f.findings.filter((x) => fresh.has(x)) })) };
}

export function toDiffJson(diff: SurfaceDiff, base: string, placed: Review): JsonDiffReport {
  const findings = toJsonReport(placed).findings;
  return {
    version: TOOL_VERSION,
    tool: TOOL_NAME,
    base,
    surfaces: {
      added: diff.added.map(jsonSurface),
      removed: diff.removed.map(jsonSurface),
      changed: diff.changed.map((c) => ({ key: c.after.key, id: c.after.id, name: c.after.name, file: c.after.file, changes: c.changes.map((x) => ({ ...x })), widenedScopes: [...c.widenedScopes] })),
    },
    findings: { new: findings, resolved: diff.resolvedFindings },
    blocking: [...diff.blocking],
    summary: {
      added: diff.added.length,
      removed: diff.removed.length,
      changed: diff.changed.length,
      newFindings: findings.length,
      newErrors: findings.filter((f) => f.severity === 'error').length,
      widenedScopes: diff.changed.reduce((n, c) => n + c.widenedScopes.length, 0),
      blocking: diff.blocking.length > 0,
    },
  };
}

/** A pull-request comment: what the change adds, removes and changes in the integration surfaces, and new findings. */
export function toDiffMarkdown(diff: SurfaceDiff, base: string, placed: Review): string {
  const report = toDiffJson(diff, base, placed);
  const s = report.summary;
  const lines = [`## Integration surfaces: changes since \`${cell(base)}\``, ''];
  lines.push(diff.blocking.length ? `**Blocking:** ${diff.blocking.map(cell).join('; ')}.` : 'Nothing blocking: no new error-level finding and no widened scope.');
  lines.push('', `${s.added} added, ${s.removed} removed, ${s.changed} changed; ${s.newFindings} new finding(s), ${diff.resolvedFindings} resolved.`);
  if (diff.added.length) lines.push('', '### Added', '', '| surface | kind | file | endpoint | auth | scopes | owner |', '|---|---|---|---|---|---|---|', ...diff.added.map((x) => `| ${name(x)} | ${cell(x.kind)} | ${cell(x.file)} | ${code(x.endpoint)} | ${cell(x.auth)} | ${code(x.scopes.join(', '))} | ${cell(x.owner)} |`));
  if (diff.removed.length) lines.push('', '### Removed', '', '| surface | kind | file |', '|---|---|---|', ...diff.removed.map((x) => `| ${name(x)} | ${cell(x.kind)} | ${cell(x.file)} |`));
  if (diff.changed.length) lines.push('', '### Changed', '', '| surface | field | before | after |', '|---|---|---|---|', ...diff.changed.flatMap(changedRows));
  if (report.findings.new.length) {
    lines.push('', '### New findings', '', '| severity | rule | where | message |', '|---|---|---|---|');
    for (const f of report.findings.new) lines.push(`| ${f.severity} | \`${f.ruleId}\` | ${cell(f.file)}:${f.range.start.line + 1} | ${cell(f.message)} |`);
  }
  lines.push('', `<sub>${TOOL_NAME} ${TOOL_VERSION}</sub>`, '');
  return lines.join('\n');
}

/** Plain text for a terminal. */
export function toDiffText(diff: SurfaceDiff, base: string, placed: Review): string {
  const report = toDiffJson(diff, base, placed);
  const lines: string[] = [];
  for (const x of diff.added) lines.push(`+ ${x.id ?? x.name} (${x.kind ?? 'surface'}, ${x.file})`);
  for (const x of diff.removed) lines.push(`- ${x.id ?? x.name} (${x.kind ?? 'surface'}, ${x.file})`);
  for (const c of diff.changed) for (const ch of c.changes) lines.push(`~ ${c.after.id ?? c.after.name}: ${ch.field} ${ch.before ?? '(none)'} -> ${ch.after ?? '(none)'}`);
  for (const f of report.findings.new) lines.push(`${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} ${f.message} [${f.ruleId}] (new)`);
  const s = report.summary;
  lines.push(`Since ${base}: ${s.added} surface(s) added, ${s.removed} removed, ${s.changed} changed; ${s.newFindings} new finding(s), ${diff.resolvedFindings} resolved.`);
  if (diff.blocking.length) lines.push(`Blocking: ${diff.blocking.join('; ')}.`);
  return lines.join('\n') + '\n';
}

function changedRows(c: ChangedSurface): string[] {
  return c.changes.map((ch, i) => `| ${i === 0 ? name(c.after) : ''} | ${ch.field} | ${code(ch.before)} | ${code(ch.after)}${ch.field === 'scopes' && c.widenedScopes.length ? ` (widened: ${code(c.widenedScopes.join(', '))})` : ''} |`);
}

function jsonSurface(x: DiffSurface): JsonDiffSurface {
  return { ...x, scopes: [...x.scopes] };
}

function name(x: DiffSurface): string {
  return x.id !== undefined ? `\`${cell(x.id)}\`` : cell(x.name);
}

function code(text: string | undefined): string {
  return text ? `\`${cell(text).replace(/`/g, "'")}\`` : '—';
}

/** Text safe in a table cell: no pipes or line breaks, HTML-escaped. */
function cell(text: string | undefined): string {
  if (text === undefined || text === '') return '—';
  return text.replace(/[\r\n]+/g, ' ').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|');
}
