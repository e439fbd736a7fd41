import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../../helpers/analyze.js';
import { nodeRedFlow } from '../../../helpers/platformDocs.js';
import { assertRangeCovers } from '../../../helpers/text.js';

const RULE = 'transport/tls-verification-disabled';

const request = { id: 'r1', type: 'http request', z: 't1', name: 'Call CRM', method: 'GET', url: 'https://crm.example.com/api', tls: 'c1', wires: [[]] };

const invalid: { name: string; text: string; covers: string; message: RegExp }[] = [
  {
    name: 'a tls-config node with verifyservercert false, on its key',
    text: nodeRedFlow(request, { id: 'c1', type: 'tls-config', name: 'CRM', cert: '', key: '', ca: '', certname: '', keyname: '', caname: '', servername: '', verifyservercert: false }),
    covers: '"verifyservercert"',
    message: /^"verifyservercert: false" turns off TLS certificate verification/,
  },
  {
    name: 'rejectUnauthorized: false in a function node',
    text: nodeRedFlow({ id: 'f1', type: 'function', z: 't1', name: 'Fetch', func: "const agent = new https.Agent({ rejectUnauthorized: false });\nreturn msg;", outputs: 1, wires: [[]] }),
    covers: 'rejectUnauthorized: false',
    message: /^Code turns off TLS certificate verification \(rejectUnauthorized: false\)/,
  },
  {
    name: 'rejectUnauthorized false set on a contrib config node',
    text: nodeRedFlow({ id: 'q1', type: 'postgresql', z: 't1', postgreSQLConfig: 'p1', query: 'select 1', wires: [[]] }, { id: 'p1', type: 'postgreSQLConfig', name: 'db', host: 'db.example.com', ssl: true, rejectUnauthorized: false }),
    covers: '"rejectUnauthorized"',
    message: /^"rejectUnauthorized: false" turns off/,
  },
  {
    name: 'an e-mail node whose "Check server certificate is valid" is off (node-red-node-email: tls: { rejectUnauthorized: node.tls })',
    text: nodeRedFlow({ id: 'e1', type: 'e-mail', z: 't1', server: 'smtp.example.com', port: '465', secure: true, tls: false, name: 'ops@example.com', dname: 'Alert mail', wires: [] }),
    covers: '"tls"',
    message: /^E-mail node "Alert mail" has "Check server certificate is valid" off \("tls": false\)/,
  },
];

describe(`${RULE} (Node-RED)`, () => {
  for (const c of invalid) {
    it(`reports ${c.name}`, () => {
      const findings = findingsOf(RULE, c.text);
      assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
      assertRangeCovers(c.text, findings[0].range, c.covers);
      assert.match(findings[0].message, c.message);
      assert.equal(findings[0].severity, 'warning');
    });
  }

  it('stays quiet on an e-mail node that checks the certificate (tls true, or unset in older exports)', () => {
    for (const tls of [true, undefined]) {
      const text = nodeRedFlow({ id: 'e1', type: 'e-mail', z: 't1', server: 'smtp.example.com', port: '465', secure: true, tls, name: 'ops@example.com', wires: [] });
      assert.deepEqual(findingsOf(RULE, text), []);
    }
  });

  it('stays quiet on a tls-config that verifies the server certificate', () => {
    const text = nodeRedFlow(request, { id: 'c1', type: 'tls-config', name: 'CRM', verifyservercert: true });
    assert.deepEqual(findingsOf(RULE, text), []);
  });
});
