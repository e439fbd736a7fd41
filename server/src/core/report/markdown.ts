// The review report as Markdown: for pull requests, wikis and tickets.
import { DOCS_BASE_URL, TOOL_FULL_NAME, TOOL_VERSION } from '../meta.js';
import { docsPath } from '../rules/index.js';
import { buildReportModel, RISK_ORDER, SEVERITIES, type ReportFinding, type ReportModel } from './model.js';
import type { Review } from './review.js';

/** Escapes text for a Markdown table cell or inline text. */
function md(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const table = (header: string[], rows: string[][]) =>
  [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

const ruleLink = (id: string) => `[\`${id}\`](${DOCS_BASE_URL}${docsPath(id)})`;

export function toMarkdown(review: Review): string {
  return renderMarkdown(buildReportModel(review));
}

export function renderMarkdown(m: ReportModel): string {
  const out: string[] = [];
  const tm = m.threatModel;
  out.push(`# ${md(m.title)}`, '');
  out.push(`Reviewed on ${m.date} by ${TOOL_FULL_NAME} ${TOOL_VERSION}: ${m.files.reviewed} file(s) (${Object.entries(m.files.byFormat).map(([f, n]) => `${n} ${f}`).join(', ') || 'none'}).`, '');
  if (m.files.skipped.length) out.push(`Skipped: ${m.files.skipped.map(md).join('; ')}`, '');

  out.push('## Summary', '');
  const s = m.findingsBySeverity;
  out.push(`**Posture score: ${m.postureScore}/100.** ${tm.summary.surfaces} surface(s), ${tm.summary.open} open and ${tm.summary.mitigated} mitigated threat(s); findings: ${s.error} error(s), ${s.warning} warning(s), ${s.info} info, ${s.hint} hint(s).`, '');
  out.push(table(['risk', 'surfaces', 'open threats'], RISK_ORDER.map((r) => [r, String(m.surfacesByRisk[r]), String(tm.summary.openByRisk[r])])), '');
  if (Object.keys(m.surfacesByPlatform).length) out.push(table(['platform', 'surfaces'], Object.entries(m.surfacesByPlatform).map(([p, n]) => [md(p), String(n)])), '');
  if (m.findingsByRule.length) out.push(table(['rule', 'findings', 'what it finds'], m.findingsByRule.map((r) => [ruleLink(r.ruleId), String(r.count), md(r.summary)])), '');
  if (m.owners.length) out.push(table(['owner', 'surfaces', 'open threats'], m.owners.map((o) => [md(o.owner), String(o.surfaces), String(o.open)])), '');

  out.push('## Review checklist', '');
  for (const phase of m.phases) {
    out.push(`**${phase.name}**`, '');
    for (const c of phase.checks) out.push(`- [${c.passed ? 'x' : ' '}] ${md(c.label)}${c.passed ? '' : ` — ${md(c.detail)}`}`);
    out.push('');
  }

  out.push('## Inventory', '');
  if (tm.surfaces.length) {
    out.push(table(['surface', 'kind', 'direction', 'platform', 'owner', 'classification', 'risk', 'score', 'documented'],
      tm.surfaces.map((x) => [md(x.name), md(x.kind), md(x.direction), md(x.platform ?? '—'), md(x.owner ?? '—'), md(x.classification ?? '—'), `${x.risk}${x.riskSource === 'score' ? ' (from score)' : ''}`, String(x.score), x.documented ? 'yes' : '**no**'])), '');
  } else {
    out.push('No surfaces found.', '');
  }

  out.push('## Scorecard', '', 'Score 0–100 (higher is riskier) = classification + exposure + auth strength + scope risk + open findings; see docs/threat-model.md.', '');
  if (tm.surfaces.length) {
    out.push(table(['surface', 'classification', 'exposure', 'auth', 'scopes', 'findings', 'score'],
      tm.surfaces.map((x) => [md(x.name), String(x.scoreParts.classification), String(x.scoreParts.exposure), String(x.scoreParts.auth), String(x.scoreParts.scopes), String(x.scoreParts.findings), `**${x.score}**`])), '');
  }

  out.push('## Threat model', '');
  out.push('```mermaid', m.mermaid.trimEnd(), '```', '');
  for (const b of tm.boundaries) {
    out.push(`**${md(b.from.id)} → ${md(b.to.id)}**${b.inferred ? ' (inferred)' : ''}, risk ${b.risk}`, '');
    for (const id of b.surfaceIds) {
      const x = tm.surfaces.find((y) => y.id === id);
      if (!x) continue;
      const open = x.threats.filter((t) => t.state === 'open');
      out.push(`- ${md(x.name)} (${x.kind}, ${x.risk}): ${open.length ? `open ${open.map((t) => `${t.stride} ${md(t.title)}`).join('; ')}` : 'all threats mitigated'}`);
    }
    out.push('');
  }

  out.push('## Findings', '');
  if (!m.sections.some((sec) => sec.findings.length)) out.push('No findings.', '');
  for (const sec of m.sections) {
    if (!sec.findings.length) continue;
    out.push(`### ${sec.surface ? md(sec.surface.name) : 'Other findings'}${sec.surface?.owner ? ` — owner ${md(sec.surface.owner)}` : ''}`, '');
    for (const f of sec.findings) out.push(...findingLines(f));
  }

  out.push('## Suppressions', '');
  if (m.suppressions.length) {
    out.push(table(['what', 'reason', 'owner', 'expires'], m.suppressions.map((x) => [md(x.fingerprint ?? `${x.rule ?? '*'} on ${x.path ?? '**'}`), md(x.reason), md(x.owner), `${x.expires}${x.expired ? ' **(expired)**' : ''}`])), '');
  } else {
    out.push('None.', '');
  }
  return out.join('\n');
}

function findingLines(f: ReportFinding): string[] {
  return [
    `- **${f.severity}** ${ruleLink(f.ruleId)} at \`${md(f.file)}:${f.line}:${f.column}\` — due ${f.due}${f.owner ? `, owner ${md(f.owner)}` : ''}`,
    `  ${md(f.message)}`,
    `  *Why:* ${md(f.rationale)} *Fix:* ${md(f.remediation)}`,
    '',
  ];
}

export { SEVERITIES };
