// The surface score (docs/threat-model.md, "Score"): an objective 0–100 from classification, exposure, auth
// strength, scope risk and open findings. The report's scorecard uses the same function.
import type { Risk } from '../inventory/model.js';
import { byName } from '../knowledge/byName.js';
import { lookupScope } from '../knowledge/scopes/index.js';
import type { Severity } from '../model/index.js';
import type { ScoreParts } from './types.js';

export interface ScoreInput {
  /** `public | internal | confidential | restricted`, or undefined when not recorded. */
  readonly classification?: string;
  readonly direction: string;
  /** The zone kind on the far side of the boundary: where requests come from (inbound) or go to (outbound). */
  readonly farZoneKind?: string;
  /** `none` (anyone can call or no credential), `weak`, `strong`, or `unknown`. */
  readonly auth: 'none' | 'weak' | 'strong' | 'unknown';
  readonly scopes: readonly string[];
  /** Words naming the provider, for scope lookups. */
  readonly scopeHint: string;
  /** Severities of the open findings on the surface (one per distinct finding). */
  readonly findings: readonly Severity[];
}

const CLASSIFICATION: Readonly<Record<string, number>> = byName<number>({ restricted: 20, confidential: 15, internal: 7, public: 0 });
const UNKNOWN_CLASSIFICATION = 10;
const AUTH: Readonly<Record<ScoreInput['auth'], number>> = { none: 20, unknown: 12, weak: 8, strong: 0 };
const SCOPE: Readonly<Record<Risk, number>> = { critical: 15, high: 10, medium: 5, low: 0 };
const FINDING: Readonly<Record<Severity, number>> = { error: 10, warning: 4, info: 1, hint: 0 };
const FINDINGS_CAP = 25;

/** Exposure by where the other side of the boundary is. */
function exposure(direction: string, far: string | undefined): number {
  const inbound = direction === 'inbound' || direction === 'bidirectional';
  if (inbound) {
    if (far === 'external' || far === undefined) return 20;
    if (far === 'partner' || far === 'saas') return 14;
    return 6;
  }
  if (far === 'external' || far === 'partner' || far === 'saas' || far === undefined) return 10;
  return 4;
}

/** The score's parts; their sum (at most 100) is the score. */
export function scoreParts(input: ScoreInput): ScoreParts {
  let scopes = 0;
  for (const scope of input.scopes) {
    const entry = lookupScope(scope, input.scopeHint);
    if (entry) scopes = Math.max(scopes, SCOPE[entry.risk]);
  }
  const findings = Math.min(FINDINGS_CAP, input.findings.reduce((n, s) => n + FINDING[s], 0));
  return {
    classification: input.classification !== undefined && input.classification in CLASSIFICATION ? CLASSIFICATION[input.classification] : UNKNOWN_CLASSIFICATION,
    exposure: exposure(input.direction, input.farZoneKind),
    auth: AUTH[input.auth],
    scopes,
    findings,
  };
}

/** The score: the sum of its parts, 0–100. */
export function scoreOf(parts: ScoreParts): number {
  return Math.min(100, parts.classification + parts.exposure + parts.auth + parts.scopes + parts.findings);
}

/** The risk band of a score: 70+ critical, 45+ high, 25+ medium, else low. */
export function riskOfScore(score: number): Risk {
  if (score >= 70) return 'critical';
  if (score >= 45) return 'high';
  if (score >= 25) return 'medium';
  return 'low';
}
