import type { Fix } from '../../model/index.js';
import { replaceScalar } from '../../inventory/edit.js';
import { surfaceLabel } from '../../inventory/model.js';
import { closest } from '../../inventory/similar.js';
import { inventoryOf, INVENTORY_FORMATS } from '../inventoryRules.js';
import type { Rule } from '../types.js';

/** `inventory/unknown-zone`: a trust boundary that names a zone the inventory does not define. */
export const unknownZone: Rule = {
  id: 'inventory/unknown-zone',
  defaultSeverity: 'warning',
  appliesTo: INVENTORY_FORMATS,
  threats: ['T', 'E'],
  securitySeverity: 3.5,
  docs: {
    summary: 'A surface\'s `boundary.from` or `boundary.to` names a zone that `zones` does not define.',
    rationale: 'The trust boundary is what the threat model is drawn on: a boundary to an undefined zone means nobody wrote down who sits on the other side, or a typo hides the real crossing.',
    remediation: 'Use an id from `zones`, or add the zone (id, kind, description) to `zones`.',
  },
  check(context) {
    const inventory = inventoryOf(context);
    if (!inventory) return;
    const ids = inventory.zones.flatMap((z) => (z.id ? [z.id] : []));
    for (const surface of inventory.surfaces) {
      for (const side of ['from', 'to'] as const) {
        const zone = surface.boundary?.[side];
        if (zone === undefined || ids.includes(zone)) continue;
        const pointer = `${surface.pointer}/boundary/${side}`;
        const guess = closest(zone, ids);
        context.report({
          pointer,
          surfaceId: surface.id,
          message: ids.length
            ? `Surface ${surfaceLabel(surface)}: \`boundary.${side}\` names the zone \`${zone}\`, which \`zones\` does not define${guess ? ` (did you mean \`${guess}\`?)` : ` (defined: ${ids.join(', ')})`}.`
            : `Surface ${surfaceLabel(surface)}: \`boundary.${side}\` names the zone \`${zone}\`, but the inventory defines no \`zones\`. Add a \`zones\` list that says who sits in each zone.`,
          fixes: guess ? () => {
            const edit = replaceScalar(context.document, context.uri, pointer, guess);
            return edit ? [{ title: `Change to \`${guess}\``, isPreferred: true, edits: [edit] } satisfies Fix] : [];
          } : undefined,
        });
      }
    }
  },
};
