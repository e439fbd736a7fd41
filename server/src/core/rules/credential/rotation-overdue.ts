import { addDays, daysSince, holdsCredential, surfaceLabel } from '../../inventory/model.js';
import { cadenceFor } from '../../policy.js';
import { inventoryOf, INVENTORY_FORMATS, policyOf } from '../inventoryRules.js';
import type { Rule } from '../types.js';

/** `credential/rotation-overdue`: a credential whose last rotation plus its period is in the past. */
export const rotationOverdue: Rule = {
  id: 'credential/rotation-overdue',
  defaultSeverity: 'warning',
  appliesTo: INVENTORY_FORMATS,
  threats: ['S', 'E'],
  cwe: 'CWE-324',
  securitySeverity: 5.5,
  docs: {
    summary: 'A credential whose `auth.rotation.last` plus its period (the surface\'s `everyDays`, capped by the policy\'s cadence for its risk) is in the past; an info finding when the last rotation was never recorded.',
    rationale: 'Every day past its rotation date, a leaked or copied credential keeps working; rotation is only a control if it happens on time.',
    remediation: 'Rotate the credential (without downtime: create the new one, switch the connection, revoke the old one), then set `auth.rotation.last` to the day you did.',
  },
  check(context) {
    const policy = policyOf(context);
    for (const surface of inventoryOf(context)?.surfaces ?? []) {
      const rotation = surface.auth.rotation;
      if (!rotation?.everyDays || surface.lifecycle.status === 'retired' || !(holdsCredential(surface) || surface.auth.method === undefined)) continue;
      const cap = cadenceFor(policy.rotationDays, surface.risk);
      const period = Math.min(rotation.everyDays, cap);
      const capped = period < rotation.everyDays ? ` (the surface says ${rotation.everyDays}, but the policy allows at most ${cap} for ${surface.risk ?? 'unrated'} surfaces)` : '';
      if (rotation.last === undefined) {
        context.report({
          pointer: `${surface.pointer}/auth/rotation`,
          at: 'key',
          surfaceId: surface.id,
          severity: 'info',
          message: `Surface ${surfaceLabel(surface)} rotates its credential every ${period} days${capped}, but \`auth.rotation.last\` does not say when it last was, so nobody can tell whether it is overdue.`,
        });
        continue;
      }
      const age = daysSince(rotation.last, context.today);
      if (age === undefined || age <= period) continue;
      context.report({
        pointer: `${surface.pointer}/auth/rotation/last`,
        surfaceId: surface.id,
        message: `The credential of surface ${surfaceLabel(surface)} was last rotated on ${rotation.last}, ${age} days ago; with a period of ${period} days${capped} it was due on ${addDays(rotation.last, period)}. Rotate it, then update \`last\`.`,
      });
    }
  },
};
