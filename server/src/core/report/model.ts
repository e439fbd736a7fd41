// What the Markdown and HTML reports say (DESIGN §9), computed once from a finished review so both formats agree.
import type { Risk } from '../inventory/model.js';
import type { Severity } from '../model/index.js';
import { DEFAULT_POLICY, type Suppression } from '../policy.js';
import { ruleById } from '../rules/index.js';
import { buildThreatModel, toMermaid, type ModelSurface, type ThreatModel } from '../threatModel/index.js';
import { LineIndex } from '../source.js';
import type { Review } from './review.js';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];
export const RISK_ORDER: readonly Risk[] = ['critical', 'high', 'medium', 'low'];

export interface ReportFinding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly file: string;
  /** 1-based, as people read them. */
  readonly line: number;
  readonly column: number;
  readonly fingerprint: string;
  readonly evidence?: string;
  readonly rationale: string;
  readonly remediation: string;
  readonly owner?: string;
  /** YYYY-MM-DD: the review date plus the policy's SLA days for the severity. */
  readonly due: string;
}

export interface ReportSurfaceSection {
  /** Undefined for the findings on no surface ("Other findings"). */
  readonly surface?: ModelSurface;
  readonly findings: readonly ReportFinding[];
}

export interface PhaseCheck {
  readonly label: string;
  readonly passed: boolean;
  /** Why it failed: the count of findings or surfaces that fail it. */
  readonly detail: string;
}

export interface ReviewPhase {
  readonly name: string;
  readonly checks: readonly PhaseCheck[];
}

export interface ReportModel {
  readonly title: string;
  readonly date: string;
  readonly files: { readonly reviewed: number; readonly byFormat: Readonly<Record<string, number>>; readonly skipped: readonly string[] };
  /** 0–100, higher is better: 100 minus the mean surface score, less 5 per open error finding on no surface. */
  readonly postureScore: number;
  readonly surfacesByRisk: Readonly<Record<Risk, number>>;
  readonly surfacesByPlatform: Readonly<Record<string, number>>;
  readonly findingsBySeverity: Readonly<Record<Severity, number>>;
  readonly findingsByRule: readonly { readonly ruleId: string; readonly count: number; readonly summary: string }[];
  readonly owners: readonly { readonly owner: string; readonly open: number; readonly surfaces: number }[];
  readonly threatModel: ThreatModel;
  readonly mermaid: string;
  /** Surfaces with findings first (highest score first), then the rest; the last section holds findings on no surface. */
  readonly sections: readonly ReportSurfaceSection[];
  readonly suppressions: readonly (Suppression & { readonly expired: boolean })[];
  readonly phases: readonly ReviewPhase[];
}

const DAY = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** Builds everything the reports print. */
export function buildReportModel(review: Review): ReportModel {
  const policy = review.policy ?? DEFAULT_POLICY;
  const today = isoDay(review.date);
  const model = buildThreatModel(review.files.filter((f) => f.format !== 'unknown').map((f) => ({ uri: f.path, path: f.path, format: f.format, findings: f.findings, flow: f.flow, document: f.document })));
  const surfaceOf = new Map<string, ModelSurface>();
  for (const s of model.surfaces) {
    for (const t of s.threats) for (const f of t.findings) if (!f.elsewhere && !surfaceOf.has(f.fingerprint)) surfaceOf.set(f.fingerprint, s);
    for (const f of s.otherFindings) if (!f.elsewhere && !surfaceOf.has(f.fingerprint)) surfaceOf.set(f.fingerprint, s);
  }
  const bySurface = new Map<ModelSurface | undefined, ReportFinding[]>();
  const findingsBySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  const byRule = new Map<string, number>();
  for (const file of review.files) {
    const lines = file.findings.length ? new LineIndex(file.text) : undefined;
    for (const f of file.findings) {
      findingsBySeverity[f.severity]++;
      byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
      const surface = surfaceOf.get(f.fingerprint);
      const rule = ruleById(f.ruleId);
      const at = lines!.positionAt(f.range.start);
      const entry: ReportFinding = {
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.message,
        file: file.path,
        line: at.line + 1,
        column: at.character + 1,
        fingerprint: f.fingerprint,
        evidence: f.evidence,
        rationale: rule?.docs.rationale ?? '',
        remediation: rule?.docs.remediation ?? '',
        owner: surface?.owner,
        due: isoDay(new Date(review.date.getTime() + policy.sla[f.severity] * DAY)),
      };
      const list = bySurface.get(surface) ?? [];
      list.push(entry);
      bySurface.set(surface, list);
    }
  }
  const rank = (s: Severity) => SEVERITIES.indexOf(s);
  for (const list of bySurface.values()) list.sort((a, b) => rank(a.severity) - rank(b.severity) || a.file.localeCompare(b.file) || a.line - b.line);
  const sections: ReportSurfaceSection[] = [
    ...model.surfaces.filter((s) => bySurface.has(s)).map((s) => ({ surface: s, findings: bySurface.get(s)! })),
    ...model.surfaces.filter((s) => !bySurface.has(s)).map((s) => ({ surface: s, findings: [] })),
    ...(bySurface.has(undefined) ? [{ findings: bySurface.get(undefined)! }] : []),
  ];

  const surfacesByRisk: Record<Risk, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  const surfacesByPlatform: Record<string, number> = {};
  const owners = new Map<string, { open: number; surfaces: number }>();
  for (const s of model.surfaces) {
    surfacesByRisk[s.risk]++;
    surfacesByPlatform[s.platform ?? 'inventory only'] = (surfacesByPlatform[s.platform ?? 'inventory only'] ?? 0) + 1;
    const o = owners.get(s.owner ?? '(no owner)') ?? { open: 0, surfaces: 0 };
    o.surfaces++;
    o.open += s.threats.filter((t) => t.state === 'open').length;
    owners.set(s.owner ?? '(no owner)', o);
  }
  const meanScore = model.surfaces.length ? model.surfaces.reduce((n, s) => n + s.score, 0) / model.surfaces.length : 0;
  const unattachedErrors = (bySurface.get(undefined) ?? []).filter((f) => f.severity === 'error').length;
  const postureScore = Math.max(0, Math.round(100 - meanScore - 5 * unattachedErrors));

  const byFormat: Record<string, number> = {};
  for (const f of review.files) if (f.format !== 'unknown') byFormat[f.format] = (byFormat[f.format] ?? 0) + 1;
  const has = (...ids: string[]) => ids.reduce((n, id) => n + (byRule.get(id) ?? 0), 0);
  const check = (label: string, failing: number, what: string): PhaseCheck => ({ label, passed: failing === 0, detail: failing === 0 ? 'passed' : `${failing} ${what}` });
  const undocumented = model.surfaces.filter((s) => !s.documented).length;
  const openHigh = model.surfaces.filter((s) => s.risk === 'high' || s.risk === 'critical').reduce((n, s) => n + s.threats.filter((t) => t.state === 'open').length, 0);
  const phases: ReviewPhase[] = [
    { name: 'Inventory', checks: [
      check('Every surface a flow exposes is documented', undocumented, 'undocumented surface(s)'),
      check('Every surface has an accountable owner', has('ownership/missing-owner'), 'finding(s)'),
      check('Every surface is classified by data and risk', has('inventory/missing-classification'), 'finding(s)'),
      check('The inventory matches its schema', has('inventory/schema', 'inventory/duplicate-id', 'inventory/unknown-zone'), 'finding(s)'),
    ] },
    { name: 'Threat modelling', checks: [
      check('Every surface sits on a declared trust boundary', model.surfaces.filter((s) => s.boundaryInferred).length, 'surface(s) on an inferred boundary'),
      check('No open threat on a high or critical surface', openHigh, 'open threat(s)'),
      check('Declared risk matches what the surface implies', has('inventory/risk-understated'), 'finding(s)'),
    ] },
    { name: 'Controls', checks: [
      check('No hard-coded credential or exposed webhook URL', has('secret/hardcoded-credential', 'secret/exposed-webhook-url'), 'finding(s)'),
      check('Inbound surfaces authenticate and verify their callers', has('ingress/unauthenticated-webhook', 'ingress/missing-signature-verification', 'ingress/missing-replay-protection'), 'finding(s)'),
      check('Transport is encrypted and verified', has('transport/insecure-http', 'transport/tls-verification-disabled'), 'finding(s)'),
      check('Scopes are least-privilege', has('scope/overbroad', 'scope/undeclared'), 'finding(s)'),
    ] },
    { name: 'Testing', checks: [
      check('Every file parses', has('parse/syntax-error'), 'file problem(s)'),
      check('No untrusted input reaches a sink unvalidated', has('injection/unvalidated-input-to-sink'), 'finding(s)'),
      check('Failures are handled and retries bounded', has('monitoring/missing-error-handling', 'resilience/unbounded-retry'), 'finding(s)'),
    ] },
    { name: 'Privacy', checks: [
      check('Sensitive data goes only to approved services', has('privacy/sensitive-data-to-third-party'), 'finding(s)'),
      check('Surfaces holding personal data are classified', model.surfaces.filter((s) => s.documented && s.classification === undefined).length, 'unclassified surface(s)'),
    ] },
    { name: 'Governance', checks: [
      check('Credentials are rotated on time', has('credential/rotation-overdue', 'credential/missing-rotation-policy'), 'finding(s)'),
      check('Surfaces are reviewed on their cadence', has('inventory/review-overdue'), 'finding(s)'),
      check('Connectors are on the approved list', has('supply-chain/unapproved-connector', 'supply-chain/unvetted-node'), 'finding(s)'),
      check('No suppression has expired', policy.suppressions.filter((s) => s.expires < today).length, 'expired suppression(s)'),
    ] },
  ];

  return {
    title: `Security review${review.scope ? `: ${review.scope}` : ''}`,
    date: today,
    files: { reviewed: review.files.filter((f) => f.format !== 'unknown').length, byFormat, skipped: review.files.flatMap((f) => (f.skipped ? [f.skipped] : [])) },
    postureScore,
    surfacesByRisk,
    surfacesByPlatform,
    findingsBySeverity,
    findingsByRule: [...byRule].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([ruleId, count]) => ({ ruleId, count, summary: ruleById(ruleId)?.docs.summary ?? '' })),
    owners: [...owners].sort((a, b) => b[1].open - a[1].open || a[0].localeCompare(b[0])).map(([owner, o]) => ({ owner, ...o })),
    threatModel: model,
    mermaid: toMermaid(model),
    sections,
    suppressions: policy.suppressions.map((s) => ({ ...s, expired: s.expires < today })),
    phases,
  };
}
