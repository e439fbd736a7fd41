// redactSecrets masks every provider-format secret in text the product emits; isSecretReference tells a secretRef
// that names a vault path or variable from one that holds the secret.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactSecrets } from '../../../server/src/core/index.js';
import { isSecretReference } from '../../../server/src/core/secrets/reference.js';

const GITHUB = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0'.repeat(2).slice(0, 36);
const STRIPE = 'sk_live_' + '51HqLyjWDarjtT1zdp7dcXyZ'.repeat(2).slice(0, 28);

describe('redactSecrets', () => {
  it('returns text without a secret as it is', () => {
    const text = 'Surface `api` names the zone `partner`: https://api.example.com/v1?scope=read';
    assert.equal(redactSecrets(text), text);
  });

  it('masks every secret, several of one format on a line and on other lines', () => {
    const text = `scopes ${GITHUB} and ${GITHUB.slice(0, -1)}Z\nendpoint https://x.example.com/?scope=${STRIPE} ok`;
    const out = redactSecrets(text);
    assert.equal(out, 'scopes ghp_… and ghp_…\nendpoint https://x.example.com/?scope=sk_l… ok');
  });
});

describe('isSecretReference', () => {
  it('tells references from secrets', () => {
    for (const ref of ['vault://kv/payments/stripe', 'env:STRIPE_KEY', 'STRIPE_KEY', '${STRIPE_KEY}', 'kv/payments/stripe']) assert.equal(isSecretReference(ref), true, ref);
    for (const secret of [STRIPE, 'Xq9!vR2#pL7@wM4s', 'hunter2']) assert.equal(isSecretReference(secret), false);
  });
});
