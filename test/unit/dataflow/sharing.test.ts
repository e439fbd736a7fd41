// One data-flow model per parse, shared by the injection rule (file review) and the privacy rule (cross-file review),
// and not kept once both are done: a workspace holds thousands of flows.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, analyzeWorkspace } from '../../../server/src/core/index.js';
import { sharedDataflow } from '../../../server/src/core/dataflow/index.js';
import { TODAY } from '../../helpers/analyze.js';
import { n8nFlow } from '../../helpers/dataflow.js';

const text = n8nFlow(
  [
    { name: 'Hook', type: 'webhook', parameters: { path: 'in' } },
    { name: 'Run', type: 'executeCommand', parameters: { command: '=echo {{ $json.body.name }}' } },
  ],
  [['Hook', 'Run']],
);

function review(rules?: Record<string, 'off'>) {
  const options = { today: TODAY, rules };
  const result = analyze({ uri: 'file:///ws/flow.json', path: 'flow.json', text }, options);
  assert.ok(result.flow);
  assert.equal(result.findings.filter((f) => f.ruleId === 'injection/unvalidated-input-to-sink').length, 1);
  return { result, options };
}

describe('data-flow model sharing', () => {
  it('keeps the model the injection rule built for the cross-file review, which releases it', () => {
    const { result, options } = review();
    assert.ok(sharedDataflow(result.flow!), 'left for the privacy rule');
    analyzeWorkspace([{ uri: 'file:///ws/flow.json', root: '', path: 'flow.json', format: result.format, document: result.document, flow: result.flow }], options);
    assert.equal(sharedDataflow(result.flow!), undefined, 'released after the cross-file review');
  });

  it('keeps nothing when the privacy rule is off (nobody would release it)', () => {
    const { result } = review({ 'privacy/sensitive-data-to-third-party': 'off' });
    assert.equal(sharedDataflow(result.flow!), undefined);
  });
});
