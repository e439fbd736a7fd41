import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, n8nWorkflow } from '../../../helpers/analyze.js';
import { assertRangeCovers } from '../../../helpers/text.js';

const RULE = 'ingress/missing-signature-verification';
const hook = (name: string, path: string) => ({ name, type: 'n8n-nodes-base.webhook', parameters: { path, httpMethod: 'POST', authentication: 'headerAuth' } });

describe(`${RULE} (n8n)`, () => {
  it('reports a Stripe webhook that nothing verifies, on its path', () => {
    const text = n8nWorkflow([hook('Stripe events', 'stripe-events'), { name: 'Save', type: 'n8n-nodes-base.set', parameters: {} }]);
    const [f] = findingsOf(RULE, text);
    assertRangeCovers(text, f.range, '"stripe-events"');
    assert.match(f.message, /receives Stripe events, which Stripe signs \(header "stripe-signature"\), but nothing in this flow checks that signature/);
  });

  it('recognises the sender from the path alone, on word boundaries', () => {
    assert.equal(findingsOf(RULE, n8nWorkflow([hook('Incoming', 'github/push')])).length, 1);
    assert.deepEqual(findingsOf(RULE, n8nWorkflow([hook('Incoming', 'githubby')])), []);
    assert.deepEqual(findingsOf(RULE, n8nWorkflow([hook('Orders', 'orders')])), []);
  });

  it('stays quiet when a later step reads the signature header', () => {
    const verify = { name: 'Verify', type: 'n8n-nodes-base.code', parameters: { jsCode: "const sig = $json.headers['x-hub-signature-256'];" } };
    assert.deepEqual(findingsOf(RULE, n8nWorkflow([hook('GitHub push', 'gh'), verify])), []);
  });
});
