import { riskRank, surfaceLabel } from '../../inventory/model.js';
import { inventoryOf, INVENTORY_FORMATS } from '../inventoryRules.js';
import type { Rule } from '../types.js';

/** `inventory/missing-rollback`: a surface with no rollback / containment procedure. */
export const missingRollback: Rule = {
  id: 'inventory/missing-rollback',
  defaultSeverity: 'info',
  appliesTo: INVENTORY_FORMATS,
  threats: ['D'],
  securitySeverity: 3.0,
  docs: {
    summary: 'A surface with no `rollback`: nothing says how to contain it if it is compromised or misbehaves. A warning on high and critical surfaces.',
    rationale: 'When a connector leaks data or a webhook is abused, the first minutes count; without a written procedure people improvise, and switching the wrong thing off can cause a second outage.',
    remediation: 'Write the containment steps in `rollback`: what to deactivate, which credential to revoke, how to fall back.',
  },
  check(context) {
    for (const surface of inventoryOf(context)?.surfaces ?? []) {
      if (surface.rollback !== undefined || surface.lifecycle.status === 'retired') continue;
      const high = surface.risk !== undefined && riskRank(surface.risk) >= riskRank('high');
      context.report({
        pointer: surface.anchor,
        surfaceId: surface.id,
        severity: high ? 'warning' : undefined,
        message: `Surface ${surfaceLabel(surface)} has no \`rollback\`: if it is compromised, nothing says how to contain it. Write what to switch off, which credential to revoke and how to fall back.`,
      });
    }
  },
};
