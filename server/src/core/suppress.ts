// Accepted findings: `# surface-review-ignore <rule-id> -- <reason>` comments in YAML (the next line's findings of
// that rule) and the policy's suppressions (by fingerprint, or rule + path glob, until they expire).
import type { Finding } from './model/index.js';
import type { ParsedDocument } from './parse/index.js';
import { matchesGlob, type Policy, type Suppression } from './policy.js';

const IGNORE = /^[ \t]*#[ \t]*surface-review-ignore[ \t]/gm;
const RULE_ID = /^(?:[a-z-]+\/[a-z0-9-]+|\*)$/;

/** An ignore comment: the rule it names and the line (its start and end offsets) it applies to. */
export interface IgnoreComment {
  readonly rule: string;
  readonly reason?: string;
  readonly lineStart: number;
  readonly lineEnd: number;
}

/** The ignore comments of a YAML document; each applies to the next line that is neither blank nor a comment. */
export function ignoreComments(document: ParsedDocument): IgnoreComment[] {
  if (document.language !== 'yaml' || !document.text.includes('surface-review-ignore')) return [];
  const text = document.text;
  const out: IgnoreComment[] = [];
  IGNORE.lastIndex = 0;
  for (let m = IGNORE.exec(text); m; m = IGNORE.exec(text)) {
    const eol = text.indexOf('\n', m.index);
    const rest = text.slice(m.index + m[0].length, eol === -1 ? text.length : eol).trim();
    const dashes = rest.indexOf('--');
    const rule = (dashes === -1 ? rest : rest.slice(0, dashes)).trim();
    const reason = dashes === -1 ? undefined : rest.slice(dashes + 2).trim() || undefined;
    if (!RULE_ID.test(rule)) continue;
    let at = eol;
    while (at !== -1) {
      const start = at + 1;
      const nl = text.indexOf('\n', start);
      const end = nl === -1 ? text.length : nl;
      const line = text.slice(start, end).trim();
      if (line && !line.startsWith('#')) {
        out.push({ rule, reason, lineStart: start, lineEnd: end });
        break;
      }
      at = nl;
    }
  }
  return out;
}

/**
 * Drops the findings an ignore comment or a live policy suppression accepts. A finding whose suppression has
 * expired stays, and its message says so.
 */
export function applySuppressions(findings: readonly Finding[], document: ParsedDocument | undefined, path: string, policy: Policy | undefined, today: Date): Finding[] {
  return suppress(findings, document, path, policy, today).findings;
}

/** What {@link suppress} kept, and which policy suppressions (by `index`) accepted at least one finding. */
export interface SuppressionOutcome {
  readonly findings: Finding[];
  /** The `index` of each live suppression that accepted a finding (unused ones are findings themselves). */
  readonly used: readonly number[];
}

/** Like {@link applySuppressions}, and also says which policy suppressions were used. */
export function suppress(findings: readonly Finding[], document: ParsedDocument | undefined, path: string, policy: Policy | undefined, today: Date): SuppressionOutcome {
  const comments = document ? ignoreComments(document) : [];
  const suppressions = policy?.suppressions ?? [];
  if (!comments.length && !suppressions.length) return { findings: [...findings], used: [] };
  const day = today.toISOString().slice(0, 10);
  const out: Finding[] = [];
  const used = new Set<number>();
  for (const finding of findings) {
    if (finding.ruleId !== 'parse/syntax-error' && comments.some((c) => (c.rule === finding.ruleId || c.rule === '*') && finding.range.start >= c.lineStart && finding.range.start <= c.lineEnd)) continue;
    const matching = suppressions.filter((s) => matches(s, finding, path));
    const live = matching.filter((s) => s.expires >= day);
    if (live.length) {
      for (const s of live) used.add(s.index ?? suppressions.indexOf(s));
      continue;
    }
    const expired = matching[0];
    out.push(expired ? { ...finding, message: `${finding.message} (Its suppression by ${expired.owner} expired on ${expired.expires}.)` } : finding);
  }
  return { findings: out, used: [...used].sort((a, b) => a - b) };
}

function matches(s: Suppression, finding: Finding, path: string): boolean {
  if (s.fingerprint) return s.fingerprint === finding.fingerprint;
  return s.rule === finding.ruleId && (s.path === undefined || matchesGlob(s.path, path));
}
