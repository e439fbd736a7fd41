import type { Fix } from '../../model/index.js';
import { setProperty } from '../../inventory/edit.js';
import { riskRank, surfaceLabel, type InventorySurface } from '../../inventory/model.js';
import { suggestOwners } from '../../inventory/owners.js';
import { inventoryOf, INVENTORY_FORMATS } from '../inventoryRules.js';
import type { Rule, RuleContext } from '../types.js';

/** How many owners the fix offers at most. */
const MAX_SUGGESTIONS = 5;

/** `ownership/missing-owner`: a surface with no accountable owner; an error when it is high-risk or holds confidential data. */
export const missingOwner: Rule = {
  id: 'ownership/missing-owner',
  defaultSeverity: 'warning',
  appliesTo: INVENTORY_FORMATS,
  threats: ['R'],
  securitySeverity: 5.0,
  docs: {
    summary: 'A surface with no `owner`. An error when the surface is rated high or critical, or carries confidential or restricted data.',
    rationale: 'A surface nobody owns is a surface nobody reviews, rotates or switches off in an incident; the inventory\'s own `owner` keeps the document, not each surface.',
    remediation: 'Set `owner` to the team or person accountable for the surface (the quick fix suggests the owners in CODEOWNERS and those the inventory already uses).',
  },
  check(context) {
    const inventory = inventoryOf(context);
    for (const surface of inventory?.surfaces ?? []) {
      if (surface.owner !== undefined || surface.lifecycle.status === 'retired') continue;
      const high = surface.risk !== undefined && riskRank(surface.risk) >= riskRank('high');
      const sensitive = surface.classification === 'confidential' || surface.classification === 'restricted';
      const why = high ? ` It is rated ${surface.risk}` : sensitive ? ` It carries ${surface.classification} data` : '';
      context.report({
        pointer: surface.anchor,
        surfaceId: surface.id,
        severity: high || sensitive ? 'error' : undefined,
        message: `Surface ${surfaceLabel(surface)} has no \`owner\`: nobody is accountable for reviewing it, rotating its credentials or switching it off in an incident.${why ? `${why}, so an owner is required.` : ''}`,
        fixes: () => ownerFixes(context, surface),
      });
    }
  },
};

function ownerFixes(context: RuleContext, surface: InventorySurface): Fix[] {
  const owners = suggestOwners(inventoryOf(context), context.knownOwners).slice(0, MAX_SUGGESTIONS);
  return owners.flatMap((owner, i) => {
    const edit = setProperty(context.document, context.uri, surface.pointer, 'owner', owner);
    return edit ? [{ title: `Set owner to ${owner}`, isPreferred: i === 0, edits: [edit] }] : [];
  });
}
