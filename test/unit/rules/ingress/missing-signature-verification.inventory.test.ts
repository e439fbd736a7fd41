import { describe } from 'node:test';
import { oneSurface } from '../../../helpers/inventory.js';
import { runRuleTable } from '../../../helpers/ruleTable.js';

const hook = (name: string) => [`id: hook`, `name: ${name}`, 'kind: webhook', 'direction: inbound'];

describe('ingress/missing-signature-verification (inventory)', () => {
  runRuleTable('ingress/missing-signature-verification', [
    { name: 'a Stripe webhook with a recorded signature check', text: oneSurface(...hook('Stripe events'), 'auth: { signature: { algorithm: hmac-sha256, header: Stripe-Signature } }'), expected: [] },
    { name: 'a GitHub webhook with HMAC auth', text: oneSurface(...hook('GitHub push'), 'auth: { method: hmac }'), expected: [] },
    { name: 'a webhook from a sender that does not sign', text: oneSurface(...hook('Form posts')), expected: [] },
    { name: 'a Stripe webhook with no signature check', text: oneSurface(...hook('Stripe events')), expected: [{ covers: 'hook', message: /receives Stripe events, which Stripe signs \(header "stripe-signature"\), but the inventory records no signature check/ }] },
    { name: 'a Shopify webhook (by vendor) with signature `none`', text: oneSurface(...hook('Orders'), 'vendor: { name: Shopify }', 'auth: { signature: { algorithm: none } }'), expected: [{ covers: 'none', message: /its signature is recorded as `none`/ }] },
  ]);
});
