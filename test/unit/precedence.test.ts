// Settings, the policy file and workspace trust: one precedence, in core/precedence.ts.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, loosenedByPolicy, policyFromText, policyInForce, resolveSeverity, ruleEnabled } from '../../server/src/core/index.js';
import { n8nWorkflow, TODAY } from '../helpers/analyze.js';

const RULE = 'ingress/unauthenticated-webhook';
const flow = n8nWorkflow([{ id: 'n1', name: 'Hook', type: 'n8n-nodes-base.webhook', parameters: { path: 'x' } }]);
const loose = policyFromText([
  'version: 1',
  'severity: { ingress/unauthenticated-webhook: hint, transport/insecure-http: off, scope/overbroad: error }',
  'cadences: { rotationDays: 999, reviewDays: { critical: 30 } }',
  'sla: { error: 60, warning: 10 }',
  'suppressions:',
  '  - { rule: ingress/unauthenticated-webhook, reason: r, owner: o, expires: 2099-01-01 }',
].join('\n'));

describe('precedence', () => {
  it('settings over the policy over the rule', () => {
    assert.equal(resolveSeverity(RULE, 'warning', {}), 'warning');
    assert.equal(resolveSeverity(RULE, 'warning', { policy: loose }), 'hint');
    assert.equal(resolveSeverity(RULE, 'warning', { policy: loose, rules: { [RULE]: 'error' } }), 'error');
    assert.equal(ruleEnabled('transport/insecure-http', { policy: loose }), false);
    assert.equal(ruleEnabled('transport/insecure-http', { policy: loose, rules: { 'transport/insecure-http': 'info' } }), true);
    assert.equal(ruleEnabled('scope/overbroad', { rules: { 'scope/overbroad': 'off' } }), false);
  });

  it('untrusted, the policy only tightens: it raises severities, but cannot lower, turn off, suppress or lengthen', () => {
    const untrusted = { policy: loose, trusted: false };
    assert.equal(resolveSeverity(RULE, 'warning', untrusted), 'warning');
    assert.equal(resolveSeverity('scope/overbroad', 'warning', untrusted), 'error');
    assert.equal(ruleEnabled('transport/insecure-http', untrusted), true);
    const inForce = policyInForce(untrusted)!;
    assert.deepEqual(inForce.suppressions, []);
    assert.deepEqual(inForce.rotationDays, { critical: 30, high: 60, medium: 90, low: 180 });
    assert.equal(inForce.reviewDays.critical, 30);
    assert.deepEqual(inForce.sla, { error: 7, warning: 10, info: 90, hint: 180 });
    assert.equal(policyInForce({ policy: loose }), loose, 'trusted: as written');
    assert.deepEqual(loosenedByPolicy(loose), ['1 suppression(s)', 'turning off transport/insecure-http', 'severity overrides that may lower a finding', 'cadences longer than the defaults', 'SLAs longer than the defaults']);
  });

  it('analyze applies it: untrusted, the suppressed and lowered finding is back at its own severity', () => {
    const input = { uri: 'file:///ws/a.n8n.json', path: 'a.n8n.json', text: flow };
    assert.deepEqual(analyze(input, { today: TODAY, policy: loose }).findings.filter((f) => f.ruleId === RULE), []);
    const [finding] = analyze(input, { today: TODAY, policy: loose, trusted: false }).findings.filter((f) => f.ruleId === RULE);
    assert.equal(finding.severity, 'warning');
  });
});
