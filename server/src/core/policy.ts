// The review policy (`.surface-review.yaml`, DESIGN §6) as typed data with defaults, so rules never read YAML.
// The adapters read the file; the core turns its value into a Policy and uses it.
import type { SeverityOverride } from './analyze.js';
import type { Risk } from './inventory/model.js';
import type { Severity } from './model/index.js';
import { parseDocument } from './parse/index.js';
import { isDate } from './schema.js';
import { asObject } from './walk.js';

/** Days per risk level. */
export type Cadence = Readonly<Record<Risk, number>>;

export interface Suppression {
  readonly fingerprint?: string;
  readonly rule?: string;
  /** A workspace-relative glob (`*` within a folder, `**` across folders). */
  readonly path?: string;
  readonly reason: string;
  readonly owner: string;
  /** YYYY-MM-DD; from the day after, the finding is reported again. */
  readonly expires: string;
  /** Its position in the file's `suppressions` list (findings about the suppression point at it). */
  readonly index?: number;
}

export interface Policy {
  /** The highest risk accepted without a recorded decision. */
  readonly riskAppetite?: Risk;
  /** The longest a credential may go unrotated, per risk. */
  readonly rotationDays: Cadence;
  /** The longest a surface may go unreviewed, per risk. */
  readonly reviewDays: Cadence;
  readonly connectors: { readonly approved: readonly string[]; readonly blocked: readonly string[] };
  /** Severity overrides by rule id (editor settings win over these). */
  readonly severity: Readonly<Record<string, SeverityOverride>>;
  /** Days to fix a finding, per severity. */
  readonly sla: Readonly<Record<Severity, number>>;
  readonly suppressions: readonly Suppression[];
}

/** The policy when a workspace has none: common industry cadences (NIST SP 800-57-style rotation, yearly review). */
export const DEFAULT_POLICY: Policy = {
  rotationDays: { critical: 30, high: 60, medium: 90, low: 180 },
  reviewDays: { critical: 90, high: 180, medium: 365, low: 365 },
  connectors: { approved: [], blocked: [] },
  severity: {},
  sla: { error: 7, warning: 30, info: 90, hint: 180 },
  suppressions: [],
};

const RISK_KEYS: readonly Risk[] = ['low', 'medium', 'high', 'critical'];
const LEVELS = new Set(['error', 'warning', 'info', 'hint', 'off']);

/**
 * The policy a `.surface-review.yaml` value describes, on top of {@link DEFAULT_POLICY}. Tolerant: a field of the
 * wrong type keeps its default (the schema rule reports it in the policy file). Never throws.
 */
export function policyFromValue(value: unknown): Policy {
  const root = asObject(value);
  if (!root) return DEFAULT_POLICY;
  const cadences = asObject(root.cadences) ?? {};
  const connectors = asObject(root.connectors) ?? {};
  const severity: Record<string, SeverityOverride> = {};
  for (const [id, level] of Object.entries(asObject(root.severity) ?? {})) {
    if (typeof level === 'string' && LEVELS.has(level)) severity[id] = level as SeverityOverride;
  }
  const sla = { ...DEFAULT_POLICY.sla };
  for (const [k, v] of Object.entries(asObject(root.sla) ?? {})) {
    if (k in sla && typeof v === 'number' && Number.isInteger(v) && v >= 0) sla[k as Severity] = v;
  }
  return {
    riskAppetite: RISK_KEYS.includes(root.riskAppetite as Risk) ? (root.riskAppetite as Risk) : undefined,
    rotationDays: cadence(cadences.rotationDays, DEFAULT_POLICY.rotationDays),
    reviewDays: cadence(cadences.reviewDays, DEFAULT_POLICY.reviewDays),
    connectors: { approved: strings(connectors.approved), blocked: strings(connectors.blocked) },
    severity,
    sla,
    suppressions: (Array.isArray(root.suppressions) ? root.suppressions : []).flatMap((raw, index): Suppression[] => {
      const s = asObject(raw);
      if (!s) return [];
      const str = (k: string) => (typeof s[k] === 'string' && (s[k] as string).trim() ? (s[k] as string).trim() : undefined);
      const expires = str('expires');
      const reason = str('reason');
      const owner = str('owner');
      if (!(str('fingerprint') || str('rule')) || !reason || !owner || !expires || !isDate(expires)) return [];
      return [{ fingerprint: str('fingerprint'), rule: str('rule'), path: str('path'), reason, owner, expires, index }];
    }),
  };
}

function cadence(raw: unknown, fallback: Cadence): Cadence {
  if (isDays(raw)) return { low: raw, medium: raw, high: raw, critical: raw };
  const table = asObject(raw);
  if (!table) return fallback;
  const base = isDays(table.default) ? { low: table.default, medium: table.default, high: table.default, critical: table.default } : { ...fallback };
  for (const risk of RISK_KEYS) if (isDays(table[risk])) base[risk] = table[risk] as number;
  return base;
}

function isDays(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && s.trim() !== '') : [];
}

/** The cadence for a surface of this risk (unrated surfaces get the medium cadence). */
export function cadenceFor(table: Cadence, risk: Risk | undefined): number {
  return table[risk ?? 'medium'];
}

/** True when `path` (workspace-relative, `/`-separated) matches `glob` (`*` within a folder, `**` across folders, `?` one character). */
export function matchesGlob(glob: string, path: string): boolean {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      re += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  const anchored = glob.includes('/') ? `^${re}$` : `(?:^|/)${re}$`;
  return new RegExp(anchored).test(path.replace(/^\.\//, ''));
}

/** The policy a `.surface-review.yaml` text describes; the defaults when it does not parse. Never throws. */
export function policyFromText(text: string): Policy {
  return policyFromValue(parseDocument(text, /^\s*\{/.test(text) ? 'json' : 'yaml').value);
}
