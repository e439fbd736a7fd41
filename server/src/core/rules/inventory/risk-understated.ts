import { replaceScalar, setProperty } from '../../inventory/edit.js';
import { riskRank, surfaceLabel } from '../../inventory/model.js';
import { impliedRisk } from '../../inventory/risk.js';
import { inventoryOf, INVENTORY_FORMATS } from '../inventoryRules.js';
import type { Rule } from '../types.js';

/** `inventory/risk-understated`: a declared risk lower than what the surface's scopes, data and exposure imply. */
export const riskUnderstated: Rule = {
  id: 'inventory/risk-understated',
  defaultSeverity: 'warning',
  appliesTo: INVENTORY_FORMATS,
  threats: ['E', 'I'],
  securitySeverity: 5.0,
  docs: {
    summary: 'A surface whose declared `risk` is lower than its scopes, data categories, classification or exposure imply.',
    rationale: 'The declared risk drives review cadences, rotation periods and who must sign off; an understated risk lets a dangerous surface through with the controls of a harmless one.',
    remediation: 'Raise `risk` to the implied level, or remove what raises it (narrow the scopes, stop carrying the data, require authentication) and record the decision.',
  },
  check(context) {
    const inventory = inventoryOf(context);
    if (!inventory) return;
    for (const surface of inventory.surfaces) {
      if (!surface.risk) continue;
      const implied = impliedRisk(surface, inventory.zones);
      if (riskRank(implied.risk) <= riskRank(surface.risk)) continue;
      const pointer = `${surface.pointer}/risk`;
      context.report({
        pointer,
        surfaceId: surface.id,
        message: `Surface ${surfaceLabel(surface)} is rated ${surface.risk}, but ${implied.reasons.join('; ')}: that implies at least ${implied.risk}.`,
        fixes: () => {
          const edit = replaceScalar(context.document, context.uri, pointer, implied.risk) ?? setProperty(context.document, context.uri, surface.pointer, 'risk', implied.risk);
          return edit ? [{ title: `Set risk to ${implied.risk}`, isPreferred: true, edits: [edit] }] : [];
        },
      });
    }
  },
};
