import type { Fix } from '../../model/index.js';
import { setProperty } from '../../inventory/edit.js';
import { addDays, daysSince, isoDate, surfaceLabel, type InventorySurface } from '../../inventory/model.js';
import { cadenceFor } from '../../policy.js';
import { inventoryOf, INVENTORY_FORMATS, policyOf } from '../inventoryRules.js';
import type { Rule, RuleContext } from '../types.js';

/** `inventory/review-overdue`: a surface whose last review is older than the policy's cadence for its risk. */
export const reviewOverdue: Rule = {
  id: 'inventory/review-overdue',
  defaultSeverity: 'warning',
  appliesTo: INVENTORY_FORMATS,
  threats: ['R'],
  securitySeverity: 3.5,
  docs: {
    summary: 'A surface whose `lifecycle.reviewed` date is older than the policy\'s review cadence for its risk (an info finding when it was never reviewed).',
    rationale: 'Connectors gain scopes, vendors change terms, and flows grow new branches; a surface reviewed long ago is reviewed in name only.',
    remediation: 'Review the surface (owner, scopes, data, boundary, rollback), then set `lifecycle.reviewed` to the day you did. The cadence comes from `.surface-review.yaml` (`cadences.reviewDays`).',
  },
  check(context) {
    const policy = policyOf(context);
    for (const surface of inventoryOf(context)?.surfaces ?? []) {
      if (surface.lifecycle.status === 'retired') continue;
      const days = cadenceFor(policy.reviewDays, surface.risk);
      const reviewed = surface.lifecycle.reviewed;
      const rating = surface.risk ? `${surface.risk}-risk surfaces` : 'unrated surfaces';
      if (reviewed === undefined) {
        context.report({
          pointer: surface.raw.lifecycle !== undefined ? `${surface.pointer}/lifecycle` : surface.anchor,
          at: surface.raw.lifecycle !== undefined ? 'key' : 'value',
          surfaceId: surface.id,
          severity: 'info',
          message: `Surface ${surfaceLabel(surface)} has no \`lifecycle.reviewed\` date: nothing shows it was ever reviewed (the policy asks every ${days} days for ${rating}).`,
          fixes: () => reviewedToday(context, surface),
        });
        continue;
      }
      const age = daysSince(reviewed, context.today);
      if (age === undefined || age <= days) continue;
      context.report({
        pointer: `${surface.pointer}/lifecycle/reviewed`,
        surfaceId: surface.id,
        message: `Surface ${surfaceLabel(surface)} was last reviewed on ${reviewed}, ${age} days ago; the policy asks every ${days} days for ${rating}, so the review was due on ${addDays(reviewed, days)}.`,
        fixes: () => reviewedToday(context, surface),
      });
    }
  },
};

function reviewedToday(context: RuleContext, surface: InventorySurface): Fix[] {
  const today = isoDate(context.today);
  const edit = setProperty(context.document, context.uri, `${surface.pointer}/lifecycle`, 'reviewed', today);
  return edit ? [{ title: `Mark as reviewed today (${today})`, isPreferred: true, edits: [edit] }] : [];
}
