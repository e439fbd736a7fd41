import { inventoryOf, INVENTORY_FORMATS } from '../inventoryRules.js';
import type { Rule } from '../types.js';

/** `inventory/duplicate-id`: two surfaces (or two zones) with the same id. */
export const duplicateId: Rule = {
  id: 'inventory/duplicate-id',
  defaultSeverity: 'error',
  appliesTo: INVENTORY_FORMATS,
  threats: ['R'],
  securitySeverity: 4.0,
  docs: {
    summary: 'Two surfaces, or two zones, share an id.',
    rationale: 'Findings, suppressions, decisions and flow links key on the id: with two entries under one id, a suppression or a decision meant for one silently covers the other.',
    remediation: 'Give each entry its own id. If the two entries describe the same surface, merge them.',
  },
  check(context) {
    const inventory = inventoryOf(context);
    if (!inventory) return;
    for (const [noun, entries] of [['surface', inventory.surfaces], ['zone', inventory.zones]] as const) {
      const first = new Map<string, number>();
      for (const entry of entries) {
        if (entry.id === undefined) continue;
        const earlier = first.get(entry.id);
        if (earlier === undefined) {
          first.set(entry.id, Number(entry.pointer.split('/')[2]));
          continue;
        }
        context.report({
          pointer: `${entry.pointer}/id`,
          surfaceId: noun === 'surface' ? entry.id : undefined,
          message: `The ${noun} id \`${entry.id}\` is already used by ${noun} ${earlier + 1}: ids must be unique, because findings, suppressions and decisions refer to them.`,
        });
      }
    }
  },
};
