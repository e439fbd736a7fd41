import { isInbound, riskRank, surfaceLabel } from '../../inventory/model.js';
import { inventoryOf, INVENTORY_FORMATS } from '../inventoryRules.js';
import type { Rule } from '../types.js';

/** Kinds of inbound surface that receive messages a replay could repeat. */
const MESSAGE_KINDS = new Set(['webhook', 'api', 'event-stream', 'middleware']);

/** `ingress/missing-replay-protection`: an inbound surface with no timestamp, nonce or idempotency protection. */
export const missingReplayProtection: Rule = {
  id: 'ingress/missing-replay-protection',
  defaultSeverity: 'info',
  appliesTo: INVENTORY_FORMATS,
  threats: ['T', 'R'],
  cwe: 'CWE-294',
  securitySeverity: 5.0,
  docs: {
    summary: 'An inbound webhook, API or event stream whose inventory entry records no `auth.replayProtection` (or records `none`). A warning on high and critical surfaces.',
    rationale: 'A signature proves who sent a message, not when: a captured request replayed an hour later passes every signature check and runs the flow again (a second payment, a second account).',
    remediation: 'Reject messages whose signed timestamp is older than a few minutes, or remember nonces / idempotency keys and drop repeats; record it in `auth.replayProtection` (`method`, `toleranceSeconds`).',
  },
  check(context) {
    for (const surface of inventoryOf(context)?.surfaces ?? []) {
      if (!isInbound(surface) || !MESSAGE_KINDS.has(surface.kind ?? 'webhook') || surface.lifecycle.status === 'retired') continue;
      const replay = surface.auth.replayProtection;
      if (replay && replay.method !== undefined && replay.method !== 'none') continue;
      const high = surface.risk !== undefined && riskRank(surface.risk) >= riskRank('high');
      const stated = replay?.method === 'none';
      context.report({
        pointer: stated ? `${surface.pointer}/auth/replayProtection/method` : surface.anchor,
        surfaceId: surface.id,
        severity: high ? 'warning' : undefined,
        message: `Inbound surface ${surfaceLabel(surface)} ${stated ? 'has no replay protection (`none`)' : 'records no replay protection'}: a captured request can be sent again and the flow will act on it twice. Check a signed timestamp (with a tolerance) or a nonce / idempotency key, and record it in \`auth.replayProtection\`.`,
      });
    }
  },
};
