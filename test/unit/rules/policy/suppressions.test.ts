// policy/expired-suppression and policy/unused-suppression, and the "Suppress with reason..." edit that writes one.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, parseDocument, policyFromText, suppressionEdit } from '../../../../server/src/core/index.js';
import { validateAgainst } from '../../../../server/src/core/schema.js';
import { n8nWorkflow, TODAY } from '../../../helpers/analyze.js';
import { assertRangeCovers, joinLines } from '../../../helpers/text.js';
import { TestWorkspace, uriOf } from '../../../helpers/workspace.js';

const FLOW = 'flows/orders.n8n.json';
// Tagged with an owner, so the only findings are the ones these tests suppress (no ownership/missing-owner on the flow).
const flow = n8nWorkflow([{ id: 'n1', name: 'Order webhook', type: 'n8n-nodes-base.webhook', parameters: { path: 'orders', httpMethod: 'POST' } }], { tags: ['owner:orders-team'] });
const OPEN = 'ingress/unauthenticated-webhook';

const policyText = (...suppressions: string[]) => joinLines('version: 1', 'suppressions:', ...suppressions.map((s) => `  - { ${s} }`), '');

function review(policy: string, options: { trusted?: boolean } = {}) {
  const parsed = policyFromText(policy);
  return new TestWorkspace({ [FLOW]: flow, '.surface-review.yaml': policy }, { policy: parsed, ...options });
}

describe('policy/expired-suppression', () => {
  it('reports a suppression past its date on `expires`, and the finding it accepted comes back', () => {
    const text = policyText(`rule: ${OPEN}, reason: accepted for the pilot, owner: sec@example.com, expires: 2026-01-31`);
    const findings = analyze({ uri: uriOf('.surface-review.yaml'), path: '.surface-review.yaml', text }, { today: TODAY }).findings.filter((f) => f.ruleId === 'policy/expired-suppression');
    assert.equal(findings.length, 1);
    assertRangeCovers(text, findings[0].range, '2026-01-31');
    assert.equal(findings[0].message, `The suppression of \`${OPEN}\` everywhere expired on 2026-01-31 (owner sec@example.com): the finding is reported again. Re-decide: fix it and delete this entry, or renew it with a new reason and date.`);
    const flowFindings = analyze({ uri: uriOf(FLOW), path: FLOW, text: flow }, { today: TODAY, policy: policyFromText(text) }).findings.filter((f) => f.ruleId === OPEN);
    assert.match(flowFindings[0].message, /\(Its suppression by sec@example\.com expired on 2026-01-31\.\)$/);
  });
});

describe('policy/unused-suppression', () => {
  it('reports live suppressions that accept no finding, and not those that do (by rule and path, or fingerprint)', () => {
    const fingerprint = analyze({ uri: uriOf(FLOW), path: FLOW, text: flow }, { today: TODAY }).findings.find((f) => f.ruleId === OPEN)!.fingerprint;
    const text = policyText(
      `rule: ${OPEN}, path: "flows/**", reason: r, owner: o, expires: 2099-01-01`,
      `fingerprint: "${fingerprint}", reason: r, owner: o, expires: 2099-01-01`,
      'rule: scope/overbroad, reason: r, owner: o, expires: 2099-01-01',
      'fingerprint: "0123456789abcdef", reason: r, owner: o, expires: 2099-01-01',
      'rule: scope/overbroad, reason: r, owner: o, expires: 2001-01-01',
    );
    const ws = review(text);
    assert.equal(ws.findings(FLOW).length, 0);
    const unused = ws.findings('.surface-review.yaml', 'policy/unused-suppression');
    assert.deepEqual(unused.map((f) => f.pointer), ['/suppressions/2/rule', '/suppressions/3/fingerprint'], 'the expired one is reported by expired-suppression');
    assert.match(unused[1].message, /^The suppression of finding 0123456789abcdef matches no finding in the workspace/);
  });

  it('counts suppressions used by cross-file findings', () => {
    const text = policyText('rule: drift/undocumented-surface, reason: r, owner: o, expires: 2099-01-01');
    const parsed = policyFromText(text);
    const ws = new TestWorkspace({ [FLOW]: flow, 'surfaces.yaml': 'inventory: 1\nsurfaces: []\n', '.surface-review.yaml': text }, { policy: parsed });
    assert.deepEqual(ws.findings(FLOW), []);
    assert.deepEqual(ws.findings('.surface-review.yaml'), []);
    ws.delete('surfaces.yaml');
    assert.equal(ws.findings('.surface-review.yaml', 'policy/unused-suppression').length, 1, 'with no inventory nothing is undocumented: the suppression is unused');
  });

  it('reports nothing in an untrusted workspace, where no suppression applies', () => {
    const ws = review(policyText('rule: scope/overbroad, reason: r, owner: o, expires: 2099-01-01'), { trusted: false });
    assert.deepEqual(ws.findings('.surface-review.yaml'), []);
  });

  it('offers to delete the unused entry', () => {
    const text = policyText('rule: scope/overbroad, reason: r, owner: o, expires: 2099-01-01', `rule: ${OPEN}, reason: r, owner: o, expires: 2099-01-01`);
    const ws = review(text);
    const [finding] = ws.findings('.surface-review.yaml', 'policy/unused-suppression');
    const [fix] = ws.fixes('.surface-review.yaml', finding);
    assert.equal(fix.title, 'Delete the unused suppression');
    assert.equal(ws.applied('.surface-review.yaml', fix), policyText(`rule: ${OPEN}, reason: r, owner: o, expires: 2099-01-01`));
  });
});

describe('Suppress with reason...', () => {
  const request = { fingerprint: '3f2a9c1d0b4e5f67', ruleId: OPEN, path: FLOW, owner: '@acme/security', today: TODAY };
  const apply = (text: string, edit: { start: number; end: number; newText: string }) => text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
  const valid = (text: string) => {
    const document = parseDocument(text, 'yaml');
    assert.deepEqual(document.problems, []);
    assert.deepEqual(validateAgainst('policy', document.value), []);
  };

  it('creates the policy file when there is none, with the reason to write selected', () => {
    const change = suppressionEdit('file:///ws/.surface-review.yaml', undefined, request)!;
    assert.equal(change.create, true);
    const text = apply('', change.edit);
    assert.equal(text, joinLines(
      '# Surface Review policy (schema: surface-review-config.schema.json in the extension).',
      'version: 1',
      'suppressions:',
      '  - fingerprint: 3f2a9c1d0b4e5f67',
      `    rule: ${OPEN}`,
      `    path: ${FLOW}`,
      '    reason: "TODO: why this is acceptable"',
      '    owner: "@acme/security"',
      '    expires: 2026-09-13',
      '',
    ));
    valid(text);
    assert.equal(text.slice(change.reason!.start, change.reason!.end), 'TODO: why this is acceptable');
  });

  for (const [name, before] of [
    ['a list of suppressions', policyText('rule: scope/overbroad, reason: r, owner: o, expires: 2099-01-01')],
    ['block entries', joinLines('version: 1', 'suppressions:', '  - rule: scope/overbroad', '    reason: r', '    owner: o', '    expires: 2099-01-01', '')],
    ['an empty list', joinLines('version: 1', 'suppressions: []', 'sla: { error: 7 }', '')],
    ['no suppressions yet', joinLines('version: 1', 'cadences:', '  reviewDays: 90')],
    ['only comments', '# nothing yet\n'],
  ] as const) {
    it(`adds an entry to a policy with ${name}, and the finding is suppressed`, () => {
      const change = suppressionEdit('file:///ws/.surface-review.yaml', parseDocument(before, 'yaml'), request)!;
      assert.equal(change.create, false);
      const text = apply(before, change.edit);
      valid(text);
      assert.equal(text.slice(change.reason!.start, change.reason!.end), 'TODO: why this is acceptable');
      const policy = policyFromText(text);
      assert.ok(policy.suppressions.some((s) => s.fingerprint === request.fingerprint && s.expires === '2026-09-13'));
    });
  }

  it('writes a suppression that makes the finding go away', () => {
    const finding = analyze({ uri: uriOf(FLOW), path: FLOW, text: flow }, { today: TODAY }).findings.find((f) => f.ruleId === OPEN)!;
    const change = suppressionEdit('file:///ws/.surface-review.yaml', undefined, { ...request, fingerprint: finding.fingerprint })!;
    const result = analyze({ uri: uriOf(FLOW), path: FLOW, text: flow }, { today: TODAY, policy: policyFromText(apply('', change.edit)) });
    assert.equal(result.findings.filter((f) => f.ruleId === OPEN).length, 0);
    assert.deepEqual(result.suppressionsUsed, [0]);
  });
});
