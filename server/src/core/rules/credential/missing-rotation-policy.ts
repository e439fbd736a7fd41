import { setProperty } from '../../inventory/edit.js';
import { holdsCredential, surfaceLabel } from '../../inventory/model.js';
import { cadenceFor } from '../../policy.js';
import { isSecretReference } from '../../secrets/reference.js';
import { inventoryOf, INVENTORY_FORMATS, policyOf } from '../inventoryRules.js';
import type { Rule } from '../types.js';

/** `credential/missing-rotation-policy`: a surface whose credential has no rotation period. */
export const missingRotationPolicy: Rule = {
  id: 'credential/missing-rotation-policy',
  defaultSeverity: 'warning',
  appliesTo: INVENTORY_FORMATS,
  threats: ['S', 'E'],
  cwe: 'CWE-324',
  securitySeverity: 4.5,
  docs: {
    summary: 'A surface that uses a credential (a `secretRef`, or an API key, OAuth client, HMAC or certificate method) with no `auth.rotation.everyDays`.',
    rationale: 'A credential that is never rotated stays valid for whoever copied it, from a departed employee to an old export; a rotation period is what bounds that exposure.',
    remediation: 'Set `auth.rotation.everyDays` (the quick fix uses the policy\'s cadence for the surface\'s risk), and record `auth.rotation.last` when you rotate.',
  },
  check(context) {
    const policy = policyOf(context);
    for (const surface of inventoryOf(context)?.surfaces ?? []) {
      if (!holdsCredential(surface) || surface.auth.rotation?.everyDays !== undefined || surface.lifecycle.status === 'retired') continue;
      const days = cadenceFor(policy.rotationDays, surface.risk);
      const where = surface.auth.secretRef !== undefined ? `${surface.pointer}/auth/secretRef` : `${surface.pointer}/auth/method`;
      context.report({
        pointer: where,
        surfaceId: surface.id,
        // A secretRef that holds the secret itself is named, never shown (secret/hardcoded-credential reports it).
        message: `Surface ${surfaceLabel(surface)} uses a credential (${credentialLabel(surface.auth)}) with no rotation period: set \`auth.rotation.everyDays\` (the policy's cadence for ${surface.risk ?? 'unrated'} surfaces is ${days} days).`,
        fixes: () => {
          const edit = setProperty(context.document, context.uri, `${surface.pointer}/auth/rotation`, 'everyDays', days);
          return edit ? [{ title: `Rotate every ${days} days (the policy's cadence)`, isPreferred: true, edits: [edit] }] : [];
        },
      });
    }
  },
};

/** The credential as a message may name it: its reference, `auth.secretRef` when that is not one, else the method. */
function credentialLabel(auth: { secretRef?: string; method?: string }): string {
  if (auth.secretRef === undefined) return `auth \`${auth.method}\``;
  return isSecretReference(auth.secretRef) ? `\`${auth.secretRef}\`` : '`auth.secretRef`';
}
