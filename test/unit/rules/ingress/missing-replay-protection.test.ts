import { describe } from 'node:test';
import { oneSurface } from '../../../helpers/inventory.js';
import { runRuleTable } from '../../../helpers/ruleTable.js';

const base = ['id: hook', 'name: Hook', 'kind: webhook', 'direction: inbound'];

describe('ingress/missing-replay-protection (inventory)', () => {
  runRuleTable('ingress/missing-replay-protection', [
    { name: 'a webhook with a timestamp check', text: oneSurface(...base, 'auth: { method: hmac, replayProtection: { method: timestamp, toleranceSeconds: 300 } }'), expected: [] },
    { name: 'an outbound connector', text: oneSurface('id: c', 'name: C', 'kind: connector', 'direction: outbound'), expected: [] },
    { name: 'a webhook with none recorded, as info', text: oneSurface(...base, 'risk: medium'), expected: [{ covers: 'hook', severity: 'info', message: /records no replay protection/ }] },
    { name: 'a high-risk webhook with `none`, as a warning on the method', text: oneSurface(...base, 'risk: high', 'auth: { replayProtection: { method: none } }'), expected: [{ covers: 'none', severity: 'warning', message: /has no replay protection \(`none`\)/ }] },
  ]);
});
