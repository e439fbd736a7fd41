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

  it('advises what each trigger type offers: Form trigger Basic Auth only; Chat trigger Basic Auth, n8n User Auth or private; MCP Bearer or Header Auth', () => {
    assert.match(findingsOf(RULE, webhook({ path: 'f' }, 'n8n-nodes-base.formTrigger'))[0].message, /Set its Authentication to Basic Auth \(the only method the Form trigger has\)\.$/);
    assert.match(findingsOf(RULE, webhook({ public: true }, '@n8n/n8n-nodes-langchain.chatTrigger'))[0].message, /Set its Authentication to Basic Auth or n8n User Auth, or turn off "Make Chat Publicly Available"\.$/);
    assert.match(findingsOf(RULE, webhook({ path: 'm' }, '@n8n/n8n-nodes-langchain.mcpTrigger'))[0].message, /Set its Authentication to Bearer Auth or Header Auth\.$/);
  });

  const fixed = (parameters: object, type: string, title: RegExp) => {
    const text = webhook(parameters, type);
    const fix = findingsOf(RULE, text)[0].fixes!.find((x) => title.test(x.title));
    assert.ok(fix, `a fix titled ${title}`);
    const out = applyFix(text, fix);
    assert.deepEqual(parseJson(out).problems, []);
    return { params: (parseJson(out).value as { nodes: { parameters: Record<string, unknown> }[] }).nodes[0].parameters, findings: findingsOf(RULE, out) };
  };

  it('fixes a Form trigger with basicAuth, the value that node has', () => {
    const text = webhook({ path: 'contact', formTitle: 'Contact' }, 'n8n-nodes-base.formTrigger');
    const fixes = findingsOf(RULE, text)[0].fixes!;
    assert.deepEqual(fixes.map((f) => f.title), ['Require Basic Auth on this form (then choose its credential in n8n)']);
    const { params, findings } = fixed({ path: 'contact', formTitle: 'Contact' }, 'n8n-nodes-base.formTrigger', /Basic Auth/);
    assert.equal(params.authentication, 'basicAuth');
    assert.deepEqual(findings, []);
  });

  it('fixes a public Chat trigger with Basic Auth (preferred), n8n User Auth, or by making it private', () => {
    const parameters = { public: true, mode: 'hostedChat', options: {} };
    const fixes = findingsOf(RULE, webhook(parameters, '@n8n/n8n-nodes-langchain.chatTrigger'))[0].fixes!;
    assert.deepEqual(fixes.map((f) => [f.title.split(' (')[0], f.isPreferred]), [['Require Basic Auth on this chat', true], ['Require n8n User Auth on this chat', false], ['Make this chat private', false]]);
    for (const [title, key, value] of [[/Basic Auth/, 'authentication', 'basicAuth'], [/n8n User Auth/, 'authentication', 'n8nUserAuth'], [/private/, 'public', false]] as const) {
      const { params, findings } = fixed(parameters, '@n8n/n8n-nodes-langchain.chatTrigger', title);
      assert.equal(params[key], value);
      assert.deepEqual(findings, [], String(title));
    }
  });

  it('reports a webhook whose only check is an IP allowlist as info, naming the allowlist', () => {
    const text = webhook({ httpMethod: 'POST', path: 'orders', options: { ipWhitelist: '203.0.113.10,203.0.113.11' } });
    const [f] = findingsOf(RULE, text);
    assert.equal(f.severity, 'info');
    assertRangeCovers(text, f.range, '"203.0.113.10,203.0.113.11"');
    assert.equal(f.message, 'Webhook "Orders in" (POST orders) has no authentication, only an IP allowlist (203.0.113.10, 203.0.113.11): that keeps out the internet at large, but anything that can send from those addresses (a shared proxy or NAT, a cloud provider\'s range) can call it. Set its Authentication to Header Auth, Basic Auth or JWT as well, and verify signatures where the sender signs requests.');
    assert.equal(f.fixes![0].title, 'Require Header Auth on this webhook (then choose its credential in n8n)');
  });

  it('reads an allowlist entry 0.0.0.0/0 as n8n does: as text, which no address contains', () => {
    const [f] = findingsOf(RULE, webhook({ path: 'orders', options: { ipWhitelist: '0.0.0.0/0' } }));
    assert.equal(f.severity, 'info');
    assert.match(f.message, /so a range such as 0\.0\.0\.0\/0 matches no caller: list single addresses\./);
  });

  it('takes an allowlist with an empty entry as admitting every address', () => {
    const [f] = findingsOf(RULE, webhook({ path: 'orders', options: { ipWhitelist: ' ' } }));
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /accepts requests from anyone who knows its URL: it has no authentication, and its IP allowlist admits every caller/);
  });
});
