import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, n8nWorkflow } from '../../../helpers/analyze.js';
import { makeBlueprint } from '../../../helpers/platformDocs.js';
import { assertRangeCovers } from '../../../helpers/text.js';

const RULE = 'ingress/missing-signature-verification';
// No caller authentication: with it, not anyone who finds the URL can send forged events (missing-signature-verification.senders).
const hook = (name: string, path: string) => ({ name, type: 'n8n-nodes-base.webhook', parameters: { path, httpMethod: 'POST' } });

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

  it('splits camelCase names and paths into words (stripeWebhook, StripeWebhook)', () => {
    assert.equal(findingsOf(RULE, n8nWorkflow([hook('Webhook', 'stripeWebhook')])).length, 1);
    assert.equal(findingsOf(RULE, n8nWorkflow([hook('StripeWebhook', 'a1b2c3d4')])).length, 1);
    // Names written as one word by the provider itself still match as written.
    assert.equal(findingsOf(RULE, n8nWorkflow([hook('HubSpot deals', 'deals')])).length, 1);
  });

  it('takes an everyday word (square, linear) as the provider only beside a webhook word or a companion', () => {
    for (const [name, path] of [['Webhook', 'square-footage'], ['Linear regression input', 'forecast'], ['Square root', 'math'], ['Webhook', 'linear']]) {
      assert.deepEqual(findingsOf(RULE, n8nWorkflow([hook(name, path)])), [], `${name} ${path}`);
    }
    for (const [name, path, provider] of [['Square webhook', 'sq'], ['Webhook', 'square-payments', 'Square'], ['squareEvents', 'x'], ['SquareUp orders', 'x'], ['Linear events', 'x'], ['Webhook', 'linear-issues', 'Linear'], ['Hook', 'linear.app']]) {
      const [f] = findingsOf(RULE, n8nWorkflow([hook(name, path)]));
      assert.ok(f, `${name} ${path}`);
      if (provider) assert.match(f.message, new RegExp(`receives ${provider} events`));
    }
  });

  it('says a check of GitHub\'s legacy SHA-1 header should move to X-Hub-Signature-256 (info)', () => {
    const verify = { name: 'Verify', type: 'n8n-nodes-base.code', parameters: { jsCode: "const sig = $json.headers['x-hub-signature'];\nconst mac = 'sha1=' + crypto.createHmac('sha1', $env.GH_SECRET).update(body).digest('hex');" } };
    const [f] = findingsOf(RULE, n8nWorkflow([hook('GitHub push', 'gh-push'), verify]));
    assert.equal(f.severity, 'info');
    assert.equal(f.message, 'Webhook "GitHub push" (POST gh-push) looks like it receives GitHub events, and the flow checks GitHub\'s legacy SHA-1 signature (header "x-hub-signature"), which GitHub sends only for compatibility. Move the check to "x-hub-signature-256" (HMAC-SHA256 with the same secret).');
  });

  it('asks to compare GitLab\'s secret token, which is no HMAC', () => {
    const [f] = findingsOf(RULE, n8nWorkflow([hook('GitLab MR', 'gitlab-mr')]));
    assert.match(f.message, /which GitLab sends with a secret token \(header "x-gitlab-token"\), but nothing in this flow checks that token: .* Compare the header with the secret token set on the GitLab webhook before acting on the data\.$/);
    const compare = { name: 'Check token', type: 'n8n-nodes-base.if', parameters: { conditions: { string: [{ value1: "={{ $json.headers['x-gitlab-token'] }}", value2: '={{ $env.GITLAB_TOKEN }}' }] } } };
    assert.deepEqual(findingsOf(RULE, n8nWorkflow([hook('GitLab MR', 'gitlab-mr'), compare])), []);
  });

  it('says Mailgun signs in the body, and takes only a read of that field as a check', () => {
    const [f] = findingsOf(RULE, n8nWorkflow([hook('Mailgun events', 'mailgun-events')]));
    assert.match(f.message, /which Mailgun signs in the request body \(signature\.timestamp, signature\.token, signature\.signature\), but nothing in this flow checks that signature/);
    const mail = { name: 'Notify', type: 'n8n-nodes-base.emailSend', parameters: { text: 'A message bounced.\n-- \nOps team signature', toEmail: 'ops@example.com' } };
    assert.equal(findingsOf(RULE, n8nWorkflow([hook('Mailgun events', 'mailgun-events'), mail])).length, 1, 'the word in a mail is no check');
    const verify = { name: 'Verify', type: 'n8n-nodes-base.code', parameters: { jsCode: 'const { timestamp, token, signature } = $json.body.signature;\nconst ok = hmac(timestamp + token) === $json.body.signature.signature;' } };
    assert.deepEqual(findingsOf(RULE, n8nWorkflow([hook('Mailgun events', 'mailgun-events'), verify])), []);
  });

  it('takes no note, mail or prose as a check of a header', () => {
    const note = { name: 'Note', type: 'n8n-nodes-base.stickyNote', parameters: { content: "TODO: verify the 'stripe-signature' header" } };
    const slack = { name: 'Tell', type: 'n8n-nodes-base.slack', parameters: { text: "Remember to check 'stripe-signature'" } };
    const prose = { name: 'Label', type: 'n8n-nodes-base.set', parameters: { values: { string: [{ name: 'note', value: 'stripe-signature is checked upstream' }] } } };
    assert.equal(findingsOf(RULE, n8nWorkflow([hook('Stripe events', 'stripe-events'), note, slack, prose])).length, 1);
  });

  it('recognises the sender from a Make custom webhook\'s hook label', () => {
    const text = makeBlueprint(
      { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: { hook: 1304, maxResults: 1 }, mapper: {}, metadata: { restore: { hook: { label: 'Stripe checkout.session.completed' } }, parameters: [{ name: 'hook', type: 'hook', label: 'Webhook', required: true }] } },
      { id: 2, module: 'google-sheets:addRow', version: 2, parameters: { __IMTCONN__: 77 }, mapper: { values: { 0: '{{1.data.object.customer_email}}' } } },
    );
    const [f] = findingsOf(RULE, text);
    assert.match(f.message, /receives Stripe events/);
  });
});
