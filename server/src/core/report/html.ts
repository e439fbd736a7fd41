// The review report as one self-contained HTML file: inline CSS and SVG, no script, no external resource
// (a Content-Security-Policy forbids them), and a print stylesheet so it reads well on paper.
import type { Risk } from '../inventory/model.js';
import { DOCS_BASE_URL, TOOL_FULL_NAME, TOOL_VERSION } from '../meta.js';
import type { Severity } from '../model/index.js';
import { docsPath } from '../rules/index.js';
import type { ThreatModel } from '../threatModel/index.js';
import { buildReportModel, RISK_ORDER, SEVERITIES, type ReportFinding, type ReportModel } from './model.js';
import type { Review } from './review.js';
import { redactSecrets } from '../secrets/redact.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
/** Escaped text whose `backtick spans` become code. */
const inline = (s: string) => esc(s).replace(/`([^`]{1,200})`/g, '<code>$1</code>');

const RISK_COLOR: Record<Risk, string> = { critical: '#7f1d1d', high: '#c2410c', medium: '#b45309', low: '#15803d' };
const SEVERITY_COLOR: Record<Severity, string> = { error: '#b91c1c', warning: '#b45309', info: '#1d4ed8', hint: '#6b7280' };

const CSS = `
:root { --ink: #111827; --muted: #4b5563; --line: #e5e7eb; --bg: #f9fafb; --accent: #1e3a6e; }
* { box-sizing: border-box; }
body { font: 14px/1.5 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); margin: 0; background: #fff; }
header { background: var(--accent); color: #fff; padding: 28px 40px 22px; }
header h1 { margin: 0 0 4px; font-size: 26px; font-weight: 600; }
header p { margin: 0; opacity: .85; }
main { padding: 8px 40px 40px; max-width: 1200px; }
h2 { font-size: 19px; margin: 32px 0 10px; padding-bottom: 6px; border-bottom: 2px solid var(--line); color: var(--accent); }
h3 { font-size: 15px; margin: 22px 0 8px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 13px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--bg); font-weight: 600; color: var(--muted); }
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 14px; margin: 18px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; background: var(--bg); }
.card .n { font-size: 28px; font-weight: 700; }
.card .l { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; }
.pill { display: inline-block; padding: 1px 8px; border-radius: 999px; color: #fff; font-size: 12px; font-weight: 600; }
.sev { display: inline-block; min-width: 64px; text-align: center; }
.finding { border-left: 4px solid var(--line); padding: 6px 12px; margin: 8px 0; background: #fff; }
.finding .meta { color: var(--muted); font-size: 12px; }
.finding p { margin: 4px 0; }
.phase { display: grid; grid-template-columns: 170px 1fr; gap: 4px 12px; margin-bottom: 10px; }
.ok { color: #15803d; font-weight: 700; } .ko { color: #b91c1c; font-weight: 700; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; background: var(--bg); padding: 0 3px; border-radius: 3px; }
footer { color: var(--muted); font-size: 12px; padding: 0 40px 30px; }
a { color: var(--accent); }
@media print {
  header { background: none; color: var(--ink); border-bottom: 3px solid var(--accent); padding: 0 0 10px; }
  main, footer { padding: 0; max-width: none; }
  h2 { break-after: avoid; } .finding, .card, svg, tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  .cards { grid-template-columns: repeat(4, 1fr); }
}`;

export function toHtml(review: Review): string {
  return renderHtml(buildReportModel(review));
}

export function renderHtml(m: ReportModel): string {
  const tm = m.threatModel;
  const s = m.findingsBySeverity;
  const body: string[] = [];
  body.push(`<div class="cards">
  <div class="card"><div class="n">${m.postureScore}<small>/100</small></div><div class="l">Posture score</div></div>
  <div class="card"><div class="n">${tm.summary.surfaces}</div><div class="l">Surfaces</div></div>
  <div class="card"><div class="n">${tm.summary.open}</div><div class="l">Open threats</div></div>
  <div class="card"><div class="n" style="color:${SEVERITY_COLOR.error}">${s.error}</div><div class="l">Errors · ${s.warning} warnings</div></div>
</div>`);
  body.push(`<div class="charts"><div><h3>Findings by severity</h3>${barChart(SEVERITIES.map((k) => ({ label: k, value: s[k], color: SEVERITY_COLOR[k] })))}</div><div><h3>Surfaces by risk</h3>${barChart(RISK_ORDER.map((r) => ({ label: r, value: m.surfacesByRisk[r], color: RISK_COLOR[r] })))}</div></div>`);
  if (m.findingsByRule.length) body.push(`<h3>Findings by rule</h3>${table(['Rule', 'Findings', 'What it finds'], m.findingsByRule.map((r) => [ruleLink(r.ruleId), String(r.count), inline(r.summary)]))}`);
  if (m.owners.length) body.push(`<h3>Owners</h3>${table(['Owner', 'Surfaces', 'Open threats'], m.owners.map((o) => [esc(o.owner), String(o.surfaces), String(o.open)]))}`);

  body.push(`<h2>Review checklist</h2>`);
  for (const phase of m.phases) {
    body.push(`<div class="phase"><strong>${esc(phase.name)}</strong><div>${phase.checks.map((c) => `<div><span class="${c.passed ? 'ok' : 'ko'}">${c.passed ? '✓' : '✗'}</span> ${esc(c.label)}${c.passed ? '' : ` <span class="meta">— ${esc(c.detail)}</span>`}</div>`).join('')}</div></div>`);
  }

  body.push(`<h2>Inventory</h2>`);
  body.push(tm.surfaces.length
    ? table(['Surface', 'Kind', 'Direction', 'Platform', 'Owner', 'Classification', 'Risk', 'Score', 'Documented'], tm.surfaces.map((x) => [esc(x.name), esc(x.kind), esc(x.direction), esc(x.platform ?? '—'), esc(x.owner ?? '—'), esc(x.classification ?? '—'), riskPill(x.risk), String(x.score), x.documented ? 'yes' : '<strong>no</strong>']))
    : '<p>No surfaces found.</p>');

  body.push(`<h2>Scorecard</h2><p class="meta">Score 0–100, higher is riskier: classification + exposure + auth strength + scope risk + open findings (docs/threat-model.md).</p>`);
  if (tm.surfaces.length) body.push(table(['Surface', 'Classification', 'Exposure', 'Auth', 'Scopes', 'Findings', 'Score'], tm.surfaces.map((x) => [esc(x.name), String(x.scoreParts.classification), String(x.scoreParts.exposure), String(x.scoreParts.auth), String(x.scoreParts.scopes), String(x.scoreParts.findings), `<strong>${x.score}</strong>`])));

  body.push(`<h2>Threat model</h2>${boundaryMap(tm)}`);
  for (const x of tm.surfaces) {
    const open = x.threats.filter((t) => t.state === 'open');
    if (!open.length) continue;
    body.push(`<h3>${esc(x.name)} ${riskPill(x.risk)}</h3>${table(['Threat', 'State', 'Why'], x.threats.map((t) => [`<strong>${t.stride}</strong> ${esc(t.title)}`, t.state === 'open' ? '<span class="ko">open</span>' : '<span class="ok">mitigated</span>', inline(t.rationale)]))}`);
  }

  body.push(`<h2>Findings</h2>`);
  if (!m.sections.some((sec) => sec.findings.length)) body.push('<p>No findings.</p>');
  for (const sec of m.sections) {
    if (!sec.findings.length) continue;
    body.push(`<h3>${sec.surface ? esc(sec.surface.name) : 'Other findings'}${sec.surface?.owner ? ` <span class="meta">owner ${esc(sec.surface.owner)}</span>` : ''}</h3>`);
    for (const f of sec.findings) body.push(findingHtml(f));
  }

  body.push(`<h2>Suppressions</h2>`);
  body.push(m.suppressions.length
    ? table(['What', 'Reason', 'Owner', 'Expires'], m.suppressions.map((x) => [esc(x.fingerprint ?? `${x.rule ?? '*'} on ${x.path ?? '**'}`), esc(x.reason), esc(x.owner), `${esc(x.expires)}${x.expired ? ' <span class="ko">expired</span>' : ''}`]))
    : '<p>None.</p>');

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(m.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>${esc(m.title)}</h1><p>Reviewed ${esc(m.date)} · ${m.files.reviewed} file(s): ${esc(Object.entries(m.files.byFormat).map(([f, n]) => `${n} ${f}`).join(', ') || 'none')}</p></header>
<main>
<h2>Executive summary</h2>
${body.join('\n')}
</main>
<footer>Generated by ${esc(TOOL_FULL_NAME)} ${esc(TOOL_VERSION)}, offline. Secrets are masked: only their first characters are shown.${m.files.skipped.length ? ` Skipped: ${esc(m.files.skipped.join('; '))}` : ''}</footer>
</body>
</html>
`;
}

function table(header: string[], rows: string[][]): string {
  return `<table><thead><tr>${header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

const riskPill = (r: Risk) => `<span class="pill" style="background:${RISK_COLOR[r]}">${r}</span>`;
const ruleLink = (id: string) => `<a href="${esc(DOCS_BASE_URL + docsPath(id))}"><code>${esc(id)}</code></a>`;

function findingHtml(f: ReportFinding): string {
  return `<div class="finding" style="border-left-color:${SEVERITY_COLOR[f.severity]}">
<div class="meta"><span class="pill sev" style="background:${SEVERITY_COLOR[f.severity]}">${f.severity}</span> ${ruleLink(f.ruleId)} · <code>${esc(f.file)}:${f.line}:${f.column}</code> · due ${esc(f.due)}${f.owner ? ` · owner ${esc(f.owner)}` : ''}</div>
<p>${inline(f.message)}</p>
<p class="meta"><strong>Why:</strong> ${inline(f.rationale)} <strong>Fix:</strong> ${inline(f.remediation)}</p>
</div>`;
}

/** A horizontal bar chart as inline SVG. */
function barChart(bars: { label: string; value: number; color: string }[]): string {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const rowH = 26;
  const w = 420;
  const labelW = 80;
  const rows = bars.map((b, i) => {
    const len = Math.round(((w - labelW - 50) * b.value) / max);
    const y = i * rowH;
    return `<text x="0" y="${y + 17}" font-size="12" fill="#4b5563">${esc(b.label)}</text><rect x="${labelW}" y="${y + 5}" width="${Math.max(len, b.value ? 2 : 0)}" height="16" rx="3" fill="${b.color}"/><text x="${labelW + len + 6}" y="${y + 17}" font-size="12" fill="#111827">${b.value}</text>`;
  });
  return `<svg role="img" aria-label="bar chart" width="${w}" height="${bars.length * rowH}" viewBox="0 0 ${w} ${bars.length * rowH}" xmlns="http://www.w3.org/2000/svg">${rows.join('')}</svg>`;
}

/** Trust boundaries as rows: from-zone → the surfaces on the boundary (coloured by risk) → to-zone. */
function boundaryMap(tm: ThreatModel): string {
  if (!tm.boundaries.length) return '<p>No trust boundaries: no surfaces found.</p>';
  const w = 1100;
  const rowGap = 14;
  const pillH = 24;
  const perRow = 4;
  let y = 0;
  const parts: string[] = [];
  for (const b of tm.boundaries) {
    const surfaces = b.surfaceIds.map((id) => tm.surfaces.find((s) => s.id === id)).filter((s) => s !== undefined);
    const lines = Math.max(1, Math.ceil(surfaces.length / perRow));
    const h = lines * (pillH + 8) + 16;
    const dash = b.inferred ? ' stroke-dasharray="5 4"' : '';
    parts.push(`<rect x="0" y="${y}" width="150" height="${h}" rx="6" fill="#eef2ff" stroke="#1e3a6e"${dash}/><text x="75" y="${y + h / 2 + 4}" text-anchor="middle" font-size="13" font-weight="600" fill="#1e3a6e">${esc(trim(b.from.id, 18))}</text>`);
    parts.push(`<rect x="${w - 150}" y="${y}" width="150" height="${h}" rx="6" fill="#eef2ff" stroke="#1e3a6e"${dash}/><text x="${w - 75}" y="${y + h / 2 + 4}" text-anchor="middle" font-size="13" font-weight="600" fill="#1e3a6e">${esc(trim(b.to.id, 18))}</text>`);
    parts.push(`<line x1="150" y1="${y + h / 2}" x2="${w - 158}" y2="${y + h / 2}" stroke="#9ca3af" stroke-width="2" marker-end="url(#arrow)"/>`);
    surfaces.forEach((s, i) => {
      const col = i % perRow;
      const row = Math.floor(i / perRow);
      const px = 175 + col * 190;
      const py = y + 12 + row * (pillH + 8);
      const open = s.threats.filter((t) => t.state === 'open').length;
      // Masked before it is cut short: a cut secret no longer has its format, and the last redaction pass would miss it.
      parts.push(`<rect x="${px}" y="${py}" width="180" height="${pillH}" rx="12" fill="${RISK_COLOR[s.risk]}"/><text x="${px + 90}" y="${py + 16}" text-anchor="middle" font-size="11.5" fill="#fff">${esc(trim(redactSecrets(s.name), 22))}${open ? ` · ${open} open` : ''}</text>`);
    });
    y += h + rowGap;
  }
  return `<svg role="img" aria-label="trust boundaries and surfaces" width="100%" viewBox="0 0 ${w} ${y}" xmlns="http://www.w3.org/2000/svg"><defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#9ca3af"/></marker></defs>${parts.join('')}</svg>
<p class="meta">Each row is a trust boundary (dashed: inferred from a flow), with the surfaces that cross it, coloured by risk.</p>`;
}

const trim = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + '…' : s);
