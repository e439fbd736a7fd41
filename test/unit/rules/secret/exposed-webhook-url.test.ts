import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, httpNode, n8nWorkflow } from '../../../helpers/analyze.js';
import { assertRangeCovers } from '../../../helpers/text.js';

const RULE = 'secret/exposed-webhook-url';
const SLACK = 'https://hooks.slack.com/services/T01ABCDEF/B02GHIJKL/AbCdEfGhIjKlMnOpQrStUvWx';
const LOGIC_APP = 'https://prod-12.westus.logic.azure.com:443/workflows/0a1b2c3d/triggers/manual/paths/invoke?api-version=2016-10-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2Yz3Ab4';

describe(RULE, () => {
  it('reports a Slack incoming webhook URL on the URL itself', () => {
    const text = n8nWorkflow([httpNode([], { url: SLACK })]);
    const [f] = findingsOf(RULE, text);
    assertRangeCovers(text, f.range, SLACK);
    assert.match(f.message, /^Slack incoming webhook URL in "url" of node "Call API" \(http…\): anyone who has this URL can post/);
    assert.equal(f.severity, 'error');
    assert.deepEqual(findingsOf('secret/hardcoded-credential', text), []);
  });

  it('reports only the signature of a Logic Apps trigger URL', () => {
    const text = n8nWorkflow([httpNode([], { url: LOGIC_APP })]);
    const [f] = findingsOf(RULE, text);
    assertRangeCovers(text, f.range, 'Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2Yz3Ab4');
  });

  it('stays quiet on documentation links and templated URLs', () => {
    for (const url of ['https://api.slack.com/messaging/webhooks', 'https://hooks.slack.com/services/XXX/YYY/ZZZ', '={{ $env.SLACK_WEBHOOK }}']) {
      assert.deepEqual(findingsOf(RULE, n8nWorkflow([httpNode([], { url })])), [], url);
    }
  });
});
