import { removeItem } from '../../inventory/edit.js';
import { isoDate } from '../../inventory/model.js';
import { describeSuppression } from './expired-suppression.js';
import type { Rule } from '../types.js';

/** `policy/unused-suppression`: a live suppression that accepts no finding anywhere in the workspace folder. */
export const unusedSuppression: Rule = {
  id: 'policy/unused-suppression',
  defaultSeverity: 'info',
  appliesTo: 'workspace',
  reportsOn: 'policy',
  threats: ['R'],
  securitySeverity: 2.0,
  docs: {
    summary: 'A suppression in the policy file that matches no finding in the workspace: the finding was fixed, or it moved and the fingerprint no longer matches.',
    rationale: 'Suppressions that match nothing rot: a later, unrelated finding with the same rule and path is silently accepted by a decision made about something else.',
    remediation: 'Delete the entry (the quick fix does) if the finding was fixed; if the finding still exists under a new fingerprint, suppress it again from its diagnostic and delete this one.',
  },
  checkWorkspace(context) {
    const used = context.suppressionsUsed;
    const document = context.file.document;
    if (!used || !document) return;
    const today = isoDate(context.today);
    for (const s of context.policy.suppressions) {
      if (s.index === undefined || used.has(s.index) || s.expires < today) continue;
      const pointer = `/suppressions/${s.index}`;
      context.report({
        pointer: `${pointer}/${s.fingerprint ? 'fingerprint' : 'rule'}`,
        key: `suppression:${s.fingerprint ?? ''}|${s.rule ?? ''}|${s.path ?? ''}`,
        message: `The suppression of ${describeSuppression(s)} matches no finding in the workspace: the finding was fixed or has moved. Delete it, so it cannot silently accept a different finding later.`,
        fixes: () => {
          const edit = removeItem(document, context.file.uri, pointer);
          return edit ? [{ title: 'Delete the unused suppression', isPreferred: true, edits: [edit] }] : [];
        },
      });
    }
  },
};
