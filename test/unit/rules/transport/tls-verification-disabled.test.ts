import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, RULES, type Finding } from '../../../../server/src/core/index.js';
import { SECRET_RULES, TLS_RULE } from '../../../../server/src/core/rules/documentPass.js';
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

  it("reports n8n's skipSslCertificateValidation setting", () => {
    const text = n8nWorkflow([{ name: 'Call', type: 'n8n-nodes-base.httpRequest', parameters: { url: 'https://erp.example.com', skipSslCertificateValidation: true } }]);
    const [f] = findingsOf(RULE, text);
    assertRangeCovers(text, f.range, '"skipSslCertificateValidation"');
  });

  it('stays quiet when verification is on', () => {
    const text = n8nWorkflow([httpNode([], { options: { allowUnauthorizedCerts: false, rejectUnauthorized: true } })]);
    assert.deepEqual(findingsOf(RULE, text), []);
  });
});

describe(`${RULE}: code and commands`, () => {
  const code = (parameters: object, type = 'n8n-nodes-base.code') => n8nWorkflow([{ name: 'Step', type, parameters }]);
  const invalid: { name: string; text: string; covers: string; message: RegExp }[] = [
    { name: 'an assignment to the global agent', text: code({ jsCode: "const https = require('https');\nhttps.globalAgent.options.rejectUnauthorized = false;" }), covers: 'rejectUnauthorized = false', message: /^Code turns off TLS certificate verification \(rejectUnauthorized = false\)/ },
    { name: 'the environment variable set in bracket form', text: code({ jsCode: "process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = '0';\nreturn items;" }), covers: "['NODE_TLS_REJECT_UNAUTHORIZED'] = '0'", message: /\(\['NODE_TLS_REJECT_UNAUTHORIZED'\] = '0'\)/ },
    { name: "n8n's request helper option", text: code({ jsCode: "const res = await this.helpers.httpRequest({ url: 'https://erp.example.com', skipSslCertificateValidation: true });" }), covers: 'skipSslCertificateValidation: true', message: /\(skipSslCertificateValidation: true\)/ },
    { name: 'a quoted key in code', text: code({ jsCode: 'const options = { "rejectUnauthorized": false };' }), covers: '\\"rejectUnauthorized\\": false', message: /\("rejectUnauthorized": false\)/ },
    { name: 'Python ssl._create_unverified_context()', text: code({ language: 'python', pythonCode: 'import ssl\nctx = ssl._create_unverified_context()\nreturn []' }), covers: '_create_unverified_context()', message: /\(_create_unverified_context\(\)\)/ },
    { name: 'Python verify_mode = ssl.CERT_NONE', text: code({ language: 'python', pythonCode: 'import ssl\nctx = ssl.create_default_context()\nctx.verify_mode = ssl.CERT_NONE' }), covers: 'verify_mode = ssl.CERT_NONE', message: /\(verify_mode = ssl\.CERT_NONE\)/ },
    { name: 'curl -sk in an Execute Command node', text: code({ command: 'curl -sk https://erp.example.com/api/export -o /tmp/export.json' }, 'n8n-nodes-base.executeCommand'), covers: '-sk', message: /^A shell command turns off TLS certificate verification \(curl -sk\)/ },
    { name: 'curl --insecure in an Execute Command node', text: code({ command: 'curl --insecure -o /tmp/x.json https://erp.example.com/api' }, 'n8n-nodes-base.executeCommand'), covers: '--insecure', message: /\(curl --insecure\)/ },
    { name: 'wget --no-check-certificate', text: code({ command: 'wget -q --no-check-certificate https://erp.example.com/a.csv' }, 'n8n-nodes-base.executeCommand'), covers: '--no-check-certificate', message: /\(wget --no-check-certificate\)/ },
  ];
  for (const c of invalid) {
    it(`reports ${c.name}`, () => {
      const findings = findingsOf(RULE, c.text);
      assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
      assertRangeCovers(c.text, findings[0].range, c.covers);
      assert.match(findings[0].message, c.message);
    });
  }

  const valid: { name: string; text: string }[] = [
    { name: 'a comparison, not an assignment', text: code({ jsCode: "if (agent.options.rejectUnauthorized === false || process.env.NODE_TLS_REJECT_UNAUTHORIZED == '0') throw new Error('TLS off');" }) },
    { name: 'curl with -K (a config file) and other options', text: code({ command: 'curl -sSL -K /etc/curlrc --max-time 10 https://erp.example.com/api' }, 'n8n-nodes-base.executeCommand') },
    { name: 'curl -k quoted in a sticky note (not a command)', text: code({ content: 'Never run curl -k https://erp.example.com/api in production' }, 'n8n-nodes-base.stickyNote') },
  ];
  for (const c of valid) {
    it(`stays quiet on ${c.name}`, () => assert.deepEqual(findingsOf(RULE, c.text).map((f) => f.message), []));
  }
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

describe(`${RULE}: the walk it shares with the secret scan`, () => {
  const code = `const agent = new https.Agent({ rejectUnauthorized: false });\nconst apiKey = "${'Zq8' + 'vT3mK9xLp2WnR7bYc4HdJ6fGs1aE5'}";`;
  const text = n8nWorkflow([
    { name: 'Code', type: 'n8n-nodes-base.code', parameters: { jsCode: code } },
    httpNode([], { options: { allowUnauthorizedCerts: true } }),
  ]);
  const review = (off: string[]) =>
    analyze({ uri: 'file:///ws/flow.json', path: 'flow.json', text }, { today: new Date(), rules: Object.fromEntries(off.map((id) => [id, 'off' as const])) }).findings;
  const of = (findings: readonly Finding[], id: string) => findings.filter((f) => f.ruleId === id).map((f) => `${f.pointer} ${f.range.start}-${f.range.end}`);
  const SECRET = 'secret/hardcoded-credential';

  it('reads what the secret scan leaves out (a node\'s credential references) whether the secret rules run or not', () => {
    const node = { ...httpNode([]), credentials: { httpHeaderAuth: { id: '1', name: 'Header', allowUnauthorizedCerts: true } } };
    const flow = n8nWorkflow([node]);
    const tls = (off: string[]) =>
      analyze({ uri: 'file:///ws/flow.json', path: 'flow.json', text: flow }, { today: new Date(), rules: Object.fromEntries(off.map((id) => [id, 'off' as const])) }).findings.filter((f) => f.ruleId === RULE).length;
    assert.equal(tls([]), 1);
    assert.equal(tls([SECRET, 'secret/exposed-webhook-url']), 1);
  });

  it('names rules that exist (the pass looks for what they read only when they run)', () => {
    for (const id of [...SECRET_RULES, TLS_RULE]) assert.ok(RULES.some((r) => r.id === id), id);
  });

  it('finds the same with the secret rules on or off, and the secrets with it on or off', () => {
    const all = review([]);
    assert.equal(of(all, RULE).length, 2);
    assert.equal(of(all, SECRET).length, 1);
    assert.deepEqual(of(review([SECRET, 'secret/exposed-webhook-url']), RULE), of(all, RULE));
    assert.deepEqual(of(review([RULE]), SECRET), of(all, SECRET));
    assert.deepEqual(review([RULE, SECRET, 'secret/exposed-webhook-url']).filter((f) => f.ruleId === RULE || f.ruleId.startsWith('secret/')), []);
  });
});
