// The rules that walk a flow once per webhook or trigger share one work budget per flow: many webhooks feeding one long
// chain would otherwise cost webhooks × nodes (a second reader's 5.4 MB flow took 25 s). Past the budget each rule
// falls back to less work, never to an error. Speed itself is measured by `npm run bench`; these pin the fallbacks.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../server/src/core/index.js';
import { TODAY } from '../../helpers/analyze.js';
import { n8nFlow } from '../../helpers/dataflow.js';

/** `hooks` webhooks (the last one answering on receipt) feeding one chain of `length` steps that ends in a POST. */
function manyHooksOneChain(hooks: number, length: number, responseMode: string): string {
  const webhooks = Array.from({ length: hooks }, (_, i) => ({ name: `W${i}`, type: 'webhook', parameters: { path: `w${i}`, httpMethod: 'POST', authentication: 'headerAuth', responseMode: i === hooks - 1 ? 'onReceived' : responseMode } }));
  const steps = Array.from({ length }, (_, i) => ({ name: `S${i}`, type: 'noOp', parameters: {} }));
  const call = { name: 'Call', type: 'httpRequest', typeVersion: 4.2, parameters: { method: 'POST', url: 'https://api.example.com/orders', options: {} } };
  const links: [string, string][] = [...webhooks.map((w): [string, string] => [w.name, 'S0']), ...steps.map((s, i): [string, string] => [s.name, i + 1 < length ? `S${i + 1}` : 'Call'])];
  return n8nFlow([...webhooks, ...steps, call], links);
}

const review = (text: string) => analyze({ uri: 'file:///ws/flow.json', path: 'flow.json', text }, { today: TODAY, maxFileSizeKB: 20_000 }).findings;

describe('work budgets per flow', () => {
  const text = manyHooksOneChain(60, 4_000, 'lastNode'); // 60 walks of ~4,000 nodes: past 200,000 visits

  it('stops looking at more webhooks in the resilience rule, and still reports the first ones', () => {
    const findings = review(text);
    assert.deepEqual(findings.filter((f) => /could not finish/.test(f.message)), []);
    const timeouts = findings.filter((f) => f.ruleId === 'resilience/unbounded-retry');
    assert.ok(timeouts.length > 0 && timeouts.length < 59, `${timeouts.length} webhooks judged`);
    // A small flow of the same shape is judged whole.
    assert.equal(review(manyHooksOneChain(5, 100, 'lastNode')).filter((f) => f.ruleId === 'resilience/unbounded-retry').length, 4);
  });

  it('judges only the first trigger in the monitoring rule past the budget, and every trigger below it', () => {
    const about = (t: string) => review(t).filter((f) => f.ruleId === 'monitoring/missing-error-handling').map((f) => f.message);
    // Below the budget the last webhook, which answers on receipt, is the worst exposure: its caller hears of nothing.
    assert.match(about(manyHooksOneChain(5, 100, 'lastNode'))[0], /the data "W4" received/);
    assert.match(about(text)[0], /the caller of "W0" gets an error/);
  });

  it('keeps the triggers judged before the budget ran out, and a first trigger wired to nothing costs it nothing', () => {
    const flow = JSON.parse(manyHooksOneChain(60, 4_000, 'onReceived'));
    // A webhook wired to nothing, listed first: the fallback must not judge it alone and report nothing.
    flow.nodes.unshift({ id: 'lone', name: 'Lone', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, -200], parameters: { path: 'lone', httpMethod: 'POST', authentication: 'headerAuth' } });
    const found = review(JSON.stringify(flow)).filter((f) => f.ruleId === 'monitoring/missing-error-handling');
    assert.equal(found.length, 1);
    assert.equal(found[0].severity, 'warning');
  });
});
