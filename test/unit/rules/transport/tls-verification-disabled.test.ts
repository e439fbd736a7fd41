import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, httpNode, n8nWorkflow } from '../../../helpers/analyze.js';
import { assertRangeCovers } from '../../../helpers/text.js';

const RULE = 'transport/tls-verification-disabled';

describe(`${RULE} (n8n)`, () => {
  it('reports allowUnauthorizedCerts on its key', () => {
    const text = n8nWorkflow([httpNode([], { options: { allowUnauthorizedCerts: true } })]);
    const [f] = findingsOf(RULE, text);
    assertRangeCovers(text, f.range, '"allowUnauthorizedCerts"');
    assert.match(f.message, /^"allowUnauthorizedCerts: true" turns off TLS certificate verification/);
  });

  it('reports the spellings of other tools, including string booleans', () => {
    const text = n8nWorkflow([{ name: 'DB', type: 'n8n-nodes-base.postgres', parameters: { ignoreSSLIssues: true, tls: { rejectUnauthorized: 'false' } } }]);
    assert.equal(findingsOf(RULE, text).length, 2);
  });

  it('reports code that turns verification off', () => {
    const code = "const agent = new https.Agent({ rejectUnauthorized: false });\nprocess.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';";
    const text = n8nWorkflow([{ name: 'Code', type: 'n8n-nodes-base.code', parameters: { jsCode: code } }]);
    const findings = findingsOf(RULE, text);
    assert.equal(findings.length, 2);
    assertRangeCovers(text, findings[0].range, 'rejectUnauthorized: false');
  });

  it('stays quiet when verification is on', () => {
    const text = n8nWorkflow([httpNode([], { options: { allowUnauthorizedCerts: false, rejectUnauthorized: true } })]);
    assert.deepEqual(findingsOf(RULE, text), []);
  });
});

describe(`${RULE}: the whole-text prefilter`, () => {
  it('still finds a key spelled with \\u escapes, which the raw text does not show', () => {
    const plain = n8nWorkflow([httpNode([], { options: { allowUnauthorizedCerts: true } })]);
    const escaped = plain.replace('"allowUnauthorizedCerts"', '"allow\\u0055nauthorizedCerts"');
    assert.notEqual(escaped, plain);
    assert.equal(findingsOf(RULE, escaped).length, 1);
  });

  it('finds every spelling in any letter case, and nothing in a document without them', () => {
    for (const key of ['ALLOWUNAUTHORIZEDCERTS', 'IgnoreSslIssues', 'StrictSSL', 'TlsInsecure', 'Verify_SSL', 'disableSSLVerification']) {
      const off = /strictssl|verify_ssl/i.test(key) ? false : true;
      const text = n8nWorkflow([{ name: 'DB', type: 'n8n-nodes-base.postgres', parameters: { [key]: off } }]);
      assert.equal(findingsOf(RULE, text).length, 1, key);
    }
    assert.deepEqual(findingsOf(RULE, n8nWorkflow([httpNode([], { options: { timeout: 1000 } })])), []);
  });
});
