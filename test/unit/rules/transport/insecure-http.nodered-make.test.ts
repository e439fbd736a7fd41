import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../../helpers/analyze.js';
import { makeBlueprint, nodeRedFlow } from '../../../helpers/platformDocs.js';
import { assertRangeCovers } from '../../../helpers/text.js';

const RULE = 'transport/insecure-http';

const nodeRedRequest = (url: string) => nodeRedFlow(
  { id: 'i1', type: 'inject', z: 't1', name: '', repeat: '', crontab: '', once: false, wires: [['r1']] },
  { id: 'r1', type: 'http request', z: 't1', name: 'Push order', method: 'POST', ret: 'obj', url, tls: '', persist: false, proxy: '', authType: '', wires: [[]] },
);
const makeRequest = (url: string) => makeBlueprint({ id: 3, module: 'http:ActionSendData', version: 3, parameters: { handleErrors: false }, mapper: { url, method: 'post', headers: [], bodyType: 'raw', parseResponse: true, rejectUnauthorized: true } });

const invalid: { name: string; text: string; covers: string; message: string }[] = [
  {
    name: 'a Node-RED "http request" to a plain http:// host',
    text: nodeRedRequest('http://erp.example.com/api/orders'),
    covers: 'http://erp.example.com',
    message: '"Push order" (POST) talks to erp.example.com over plain HTTP: data and credentials cross the network unencrypted. Use https://.',
  },
  {
    name: 'a Make HTTP module to a plain http:// host with a port and mapped path',
    text: makeRequest('http://198.51.100.3:8080/items/{{1.id}}'),
    covers: 'http://198.51.100.3:8080',
    message: '"http:ActionSendData" (POST) talks to 198.51.100.3 over plain HTTP: data and credentials cross the network unencrypted. Use https://.',
  },
];

describe(`${RULE} (Node-RED, Make)`, () => {
  for (const c of invalid) {
    it(`reports ${c.name}`, () => {
      const findings = findingsOf(RULE, c.text);
      assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
      assertRangeCovers(c.text, findings[0].range, c.covers);
      assert.equal(findings[0].message, c.message);
      const [edit] = findings[0].fixes![0].edits;
      assert.equal(c.text.slice(edit.start, edit.end), 'http://');
    });
  }

  it('stays quiet on https, loopback, mapped hosts and URLs set at run time', () => {
    for (const url of ['https://erp.example.com', 'http://localhost:1880/hello', 'http://127.0.0.1:1880/x', '']) assert.deepEqual(findingsOf(RULE, nodeRedRequest(url)), [], url);
    for (const url of ['https://erp.example.com', '{{1.url}}', 'http://{{1.host}}/x']) assert.deepEqual(findingsOf(RULE, makeRequest(url)), [], url);
  });
});
