import { surfaceLabel } from '../../inventory/model.js';
import { inventoryOf, INVENTORY_FORMATS } from '../inventoryRules.js';
import type { Rule } from '../types.js';

/** `inventory/missing-classification`: a surface with no data classification or no risk level. */
export const missingClassification: Rule = {
  id: 'inventory/missing-classification',
  defaultSeverity: 'warning',
  appliesTo: INVENTORY_FORMATS,
  threats: ['I'],
  securitySeverity: 4.0,
  docs: {
    summary: 'A surface with no `classification` (the most sensitive data it carries) or no `risk` level.',
    rationale: 'Classification and risk decide which controls a surface needs and how often it is reviewed; an unrated surface gets the defaults, which are wrong for the sensitive ones.',
    remediation: 'Set `classification` (public, internal, confidential, restricted) and `risk` (low, medium, high, critical) on the surface.',
  },
  check(context) {
    for (const surface of inventoryOf(context)?.surfaces ?? []) {
      const missing = [surface.raw.classification === undefined ? 'classification' : undefined, surface.raw.risk === undefined ? 'risk' : undefined].filter(Boolean);
      if (!missing.length) continue;
      context.report({
        pointer: surface.anchor,
        surfaceId: surface.id,
        message: `Surface ${surfaceLabel(surface)} has no ${missing.map((m) => `\`${m}\``).join(' and no ')}: without ${missing.length === 2 ? 'them' : 'it'} the review cannot tell which controls it needs. Add ${missing.includes('classification') ? '`classification` (public, internal, confidential, restricted)' : ''}${missing.length === 2 ? ' and ' : ''}${missing.includes('risk') ? '`risk` (low, medium, high, critical)' : ''}.`,
      });
    }
  },
};
