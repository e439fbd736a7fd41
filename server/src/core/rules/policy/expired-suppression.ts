import { removeItem } from '../../inventory/edit.js';
import { isoDate } from '../../inventory/model.js';
import { policyFromValue, type Suppression } from '../../policy.js';
import type { Rule } from '../types.js';

/** `policy/expired-suppression`: a suppression in `.surface-review.yaml` past its `expires` date. */
export const expiredSuppression: Rule = {
  id: 'policy/expired-suppression',
  defaultSeverity: 'warning',
  appliesTo: ['policy'],
  threats: ['R'],
  securitySeverity: 4.0,
  docs: {
    summary: 'A suppression in the policy file whose `expires` date has passed: the finding it accepted is reported again.',
    rationale: 'A suppression is a risk acceptance with a shelf life; once it expires nobody has re-decided, and leaving the stale entry in the file hides that the decision is overdue.',
    remediation: 'Re-decide: fix the finding and delete the entry, or renew it with a fresh `reason`, `owner` and `expires` agreed with the owner.',
  },
  check(context) {
    const today = isoDate(context.today);
    for (const s of policyFromValue(context.document.value).suppressions) {
      if (s.expires >= today || s.index === undefined) continue;
      const pointer = `/suppressions/${s.index}`;
      context.report({
        pointer: `${pointer}/expires`,
        message: `The suppression of ${describeSuppression(s)} expired on ${s.expires} (owner ${s.owner}): the finding is reported again. Re-decide: fix it and delete this entry, or renew it with a new reason and date.`,
        fixes: () => {
          const edit = removeItem(context.document, context.uri, pointer);
          return edit ? [{ title: 'Delete the expired suppression', isPreferred: false, edits: [edit] }] : [];
        },
      });
    }
  },
};

/** How messages name a suppression: by fingerprint (and rule), or by rule and path. */
export function describeSuppression(s: Suppression): string {
  if (s.fingerprint) return `finding ${s.fingerprint}${s.rule ? ` (${s.rule}${s.path ? ` in ${s.path}` : ''})` : ''}`;
  return `\`${s.rule}\`${s.path ? ` in \`${s.path}\`` : ' everywhere'}`;
}
