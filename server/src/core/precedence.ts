// Where editor settings, the workspace's policy file and workspace trust meet: the one place that decides a rule's
// severity and the policy in force, for `analyze` and `reviewWorkspace` alike.
//
// Precedence, highest first:
//   1. VS Code settings `surfaceReview.rules` (user, workspace, folder — VS Code merges those; in an untrusted
//      workspace VS Code itself ignores the workspace's values, see `restrictedConfigurations` in package.json);
//   2. the policy file's `severity` (`.surface-review.yaml`) — in an untrusted workspace only where it raises;
//   3. the severity the rule reports for the finding (its default, or higher for high-risk surfaces).
// An untrusted workspace's policy file cannot loosen anything: its suppressions are ignored, its severity overrides
// only raise, and its cadences and SLAs can only be stricter than the defaults.
import type { Severity } from './model/index.js';
import { DEFAULT_POLICY, type Cadence, type Policy } from './policy.js';

export type SeverityOverride = Severity | 'off';

/** What precedence needs from the caller's options (a subset of `AnalysisOptions`). */
export interface PrecedenceOptions {
  /** Severity overrides from editor settings, by rule id. */
  readonly rules?: Readonly<Record<string, SeverityOverride>>;
  readonly policy?: Policy;
  /** False in an untrusted workspace: the policy file may then only tighten. Trusted when absent. */
  readonly trusted?: boolean;
}

const RANK: Record<Severity, number> = { hint: 0, info: 1, warning: 2, error: 3 };

/** False when settings (or, in a trusted workspace, the policy) turn the rule off. */
export function ruleEnabled(ruleId: string, options: PrecedenceOptions): boolean {
  const setting = options.rules?.[ruleId];
  if (setting !== undefined) return setting !== 'off';
  return !(options.trusted !== false && options.policy?.severity[ruleId] === 'off');
}

/** The severity a finding is shown with, given the one its rule reported. */
export function resolveSeverity(ruleId: string, reported: Severity, options: PrecedenceOptions): Severity {
  const setting = options.rules?.[ruleId];
  if (setting !== undefined && setting !== 'off') return setting;
  const fromPolicy = options.policy?.severity[ruleId];
  if (fromPolicy === undefined || fromPolicy === 'off') return reported;
  if (options.trusted === false && RANK[fromPolicy] < RANK[reported]) return reported;
  return fromPolicy;
}

/**
 * The policy rules and suppressions see: the workspace's as written when trusted; in an untrusted workspace the same
 * policy with nothing that loosens (no suppressions, no `off`, cadences and SLAs no longer than the defaults).
 * Undefined when there is no policy.
 */
export function policyInForce(options: PrecedenceOptions): Policy | undefined {
  const policy = options.policy;
  if (!policy || options.trusted !== false) return policy;
  return tightened(policy);
}

const TIGHTENED = new WeakMap<Policy, Policy>();

function tightened(policy: Policy): Policy {
  let hit = TIGHTENED.get(policy);
  if (!hit) {
    const severity = Object.fromEntries(Object.entries(policy.severity).filter(([, level]) => level !== 'off'));
    const sla = { ...policy.sla };
    for (const k of Object.keys(sla) as Severity[]) sla[k] = Math.min(sla[k], DEFAULT_POLICY.sla[k]);
    hit = {
      ...policy,
      rotationDays: stricter(policy.rotationDays, DEFAULT_POLICY.rotationDays),
      reviewDays: stricter(policy.reviewDays, DEFAULT_POLICY.reviewDays),
      severity,
      sla,
      suppressions: [],
    };
    TIGHTENED.set(policy, hit);
  }
  return hit;
}

function stricter(a: Cadence, b: Cadence): Cadence {
  return { low: Math.min(a.low, b.low), medium: Math.min(a.medium, b.medium), high: Math.min(a.high, b.high), critical: Math.min(a.critical, b.critical) };
}

/**
 * What an untrusted workspace's policy file would loosen, in plain words (empty when nothing): the server tells the
 * user once why these are not applied.
 */
export function loosenedByPolicy(policy: Policy | undefined): string[] {
  if (!policy) return [];
  const out: string[] = [];
  if (policy.suppressions.length) out.push(`${policy.suppressions.length} suppression(s)`);
  const off = Object.entries(policy.severity).filter(([, level]) => level === 'off').map(([id]) => id);
  if (off.length) out.push(`turning off ${off.join(', ')}`);
  if (Object.values(policy.severity).some((level) => level === 'hint' || level === 'info' || level === 'warning')) out.push('severity overrides that may lower a finding');
  const longer = (a: Cadence, b: Cadence) => (Object.keys(a) as (keyof Cadence)[]).some((k) => a[k] > b[k]);
  if (longer(policy.rotationDays, DEFAULT_POLICY.rotationDays) || longer(policy.reviewDays, DEFAULT_POLICY.reviewDays)) out.push('cadences longer than the defaults');
  if ((Object.keys(policy.sla) as Severity[]).some((k) => policy.sla[k] > DEFAULT_POLICY.sla[k])) out.push('SLAs longer than the defaults');
  return out;
}
