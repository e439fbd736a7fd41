import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../../helpers/analyze.js';
import { assertRangeCovers } from '../../../helpers/text.js';
import { laStandardWorkflow, paSolutionFlow } from '../../../helpers/wdl.js';

const RULE = 'transport/insecure-http';
const manual = { manual: { type: 'Request', kind: 'Button', inputs: { schema: {} } } };
const paHttp = (uri: string, name = 'HTTP') => paSolutionFlow(manual, { [name]: { type: 'Http', inputs: { method: 'GET', uri }, runAfter: {} } });
const laHttp = (uri: string) => laStandardWorkflow({ manual: { type: 'Request', kind: 'Http', inputs: {} } }, { Scope: { type: 'Scope', actions: { Call_partner: { type: 'Http', inputs: { method: 'POST', uri }, runAfter: {} } }, runAfter: {} } });

const invalid: { name: string; text: string; covers: string; message: string }[] = [
  {
    name: 'a Power Automate HTTP action to a plain http:// host',
    text: paHttp('http://api.example.com/v1/orders'),
    covers: 'http://api.example.com',
    message: '"HTTP" (GET) talks to api.example.com over plain HTTP: data and credentials cross the network unencrypted. Use https://.',
  },
  {
    name: 'a Logic Apps HTTP action nested in a Scope, with a port and an @{...} path',
    text: laHttp("http://203.0.113.4:8080/orders/@{triggerBody()?['id']}"),
    covers: 'http://203.0.113.4:8080',
    message: '"Call_partner" (POST) talks to 203.0.113.4 over plain HTTP: data and credentials cross the network unencrypted. Use https://.',
  },
  {
    name: 'a literal host followed by an expression',
    text: paHttp("http://legacy.contoso.com@{parameters('path')}"),
    covers: 'http://legacy.contoso.com',
    message: '"HTTP" (GET) talks to legacy.contoso.com over plain HTTP: data and credentials cross the network unencrypted. Use https://.',
  },
  {
    name: 'credentials in the URL, naming only the host',
    text: paHttp('http://svc:Winter2024@files.example.net/export'),
    covers: 'http://svc:Winter2024@files.example.net',
    message: '"HTTP" (GET) talks to files.example.net over plain HTTP: data and credentials cross the network unencrypted. Use https://.',
  },
];

const valid: { name: string; uri: string }[] = [
  { name: 'https', uri: 'https://graph.microsoft.com/v1.0/users' },
  { name: 'localhost (a Standard app calling itself)', uri: 'http://localhost:7071/api/health' },
  { name: 'loopback IP', uri: 'http://127.0.0.1/x' },
  { name: 'an app setting', uri: "@appsetting('httpuri')" },
  { name: 'a whole-value expression', uri: "@{variables('Next Link')}" },
  { name: 'an expression host', uri: "http://@{parameters('host')}/api" },
  { name: 'a parameter reference', uri: "@parameters('endpoint')" },
  { name: 'an ARM expression', uri: "[concat('https://', parameters('host'))]" },
];

describe(`${RULE} (Power Automate, Logic Apps)`, () => {
  for (const c of invalid) {
    it(`reports ${c.name}`, () => {
      const findings = findingsOf(RULE, c.text);
      assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
      const [f] = findings;
      assertRangeCovers(c.text, f.range, c.covers);
      assert.equal(f.message, c.message);
      assert.equal(f.severity, 'warning');
    });
  }

  for (const c of valid) {
    it(`stays quiet on ${c.name}`, () => {
      assert.deepEqual(findingsOf(RULE, paHttp(c.uri)).map((f) => f.message), []);
      assert.deepEqual(findingsOf(RULE, laHttp(c.uri)).map((f) => f.message), []);
    });
  }

  it('quick fix switches the Logic Apps URI to https://', () => {
    const text = laHttp('http://partner.example.org/orders');
    const [fix] = findingsOf(RULE, text)[0].fixes!;
    const [edit] = fix.edits;
    const fixed = text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
    assert.ok(fixed.includes('"uri": "https://partner.example.org/orders"'));
    assert.deepEqual(findingsOf(RULE, fixed), []);
  });
});
