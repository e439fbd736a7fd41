import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseJson } from '../../../../server/src/core/parse/json.js';
import { findingsOf, n8nWorkflow } from '../../../helpers/analyze.js';
import { assertRangeCovers } from '../../../helpers/text.js';

const RULE = 'ingress/unauthenticated-webhook';
const webhook = (parameters: object, type = 'n8n-nodes-base.webhook') => n8nWorkflow([{ name: 'Orders in', type, typeVersion: 2, parameters }]);

function applyFix(text: string, fix: { edits: readonly { start: number; end: number; newText: string }[] }): string {
  let out = text;
  for (const e of [...fix.edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

describe(`${RULE} (n8n)`, () => {
  it('reports a webhook with no authentication parameter, on its parameters key', () => {
    const text = webhook({ httpMethod: 'POST', path: 'orders' });
    const [f] = findingsOf(RULE, text);
    assertRangeCovers(text, f.range, '"parameters"');
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /^Webhook "Orders in" \(POST orders\) accepts requests from anyone who knows its URL: the export shows no authentication\. Set its Authentication to Header Auth/);
    assert.deepEqual(f.threats, ['S', 'T', 'D']);
  });

  it('reports authentication "none" on that value', () => {
    const text = webhook({ path: 'orders', authentication: 'none' });
    const [f] = findingsOf(RULE, text);
    assertRangeCovers(text, f.range, '"none"');
  });

  it('reports form and MCP triggers, and public chat triggers', () => {
    assert.equal(findingsOf(RULE, webhook({ path: 'f' }, 'n8n-nodes-base.formTrigger')).length, 1);
    assert.equal(findingsOf(RULE, webhook({ path: 'm' }, '@n8n/n8n-nodes-langchain.mcpTrigger')).length, 1);
    assert.equal(findingsOf(RULE, webhook({ public: true }, '@n8n/n8n-nodes-langchain.chatTrigger')).length, 1);
  });

  it('stays quiet on authenticated, private-chat, disabled and non-webhook triggers', () => {
    for (const auth of ['headerAuth', 'basicAuth', 'jwtAuth']) assert.deepEqual(findingsOf(RULE, webhook({ path: 'o', authentication: auth })), [], auth);
    assert.deepEqual(findingsOf(RULE, webhook({ public: false }, '@n8n/n8n-nodes-langchain.chatTrigger')), []);
    assert.deepEqual(findingsOf(RULE, webhook({}, '@n8n/n8n-nodes-langchain.chatTrigger')), []);
    assert.deepEqual(findingsOf(RULE, n8nWorkflow([{ name: 'W', type: 'n8n-nodes-base.webhook', disabled: true, parameters: {} }])), []);
    assert.deepEqual(findingsOf(RULE, webhook({}, 'n8n-nodes-base.scheduleTrigger')), []);
  });

  for (const [name, parameters] of [
    ['adds authentication to the parameters', { httpMethod: 'POST', path: 'orders' }],
    ['replaces authentication "none"', { path: 'orders', authentication: 'none' }],
    ['fills empty parameters', {}],
  ] as const) {
    it(`quick fix ${name}, leaving a valid document with no finding`, () => {
      const text = webhook(parameters);
      const [f] = findingsOf(RULE, text);
      const [fix] = f.fixes!;
      assert.equal(fix.title, 'Require Header Auth on this webhook (then choose its credential in n8n)');
      const fixed = applyFix(text, fix);
      const parsed = parseJson(fixed);
      assert.deepEqual(parsed.problems, []);
      assert.equal((parsed.value as { nodes: { parameters: { authentication: string } }[] }).nodes[0].parameters.authentication, 'headerAuth');
      assert.deepEqual(findingsOf(RULE, fixed), []);
    });
  }
});
