// `npm run bench`'s "where the time goes" (scripts/bench-rules.mjs): each rule's time in a pass, and the pipeline's with
// every rule off. The figures are timings and are not asserted; what is: every rule that ran is charged, file rules and
// cross-file checks alike, the rules are left as they were, and the budget arithmetic.
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as core from '../../../server/src/core/index.js';
import { TODAY } from '../../helpers/analyze.js';
import { n8nFlow } from '../../helpers/dataflow.js';

/** A public webhook whose e-mail field is posted to an AI service, and an HTTP call with a pasted bearer token. */
const FLOW = n8nFlow([
  { name: 'Hook', type: 'webhook', parameters: { path: 'lead', httpMethod: 'POST' } },
  { name: 'Ask AI', type: 'httpRequest', typeVersion: 4.2, parameters: { method: 'POST', url: 'https://api.openai.com/v1/chat/completions', sendBody: true, specifyBody: 'json', jsonBody: '={{ JSON.stringify({ input: $json.body.email }) }}' } },
  { name: 'Call', type: 'httpRequest', typeVersion: 4.2, parameters: { method: 'GET', url: 'https://api.example.com/x', sendHeaders: true, headerParameters: { parameters: [{ name: 'Authorization', value: 'Bearer 9fQx2LmZ7vTb4RkW8sYp3NcJ6hDa1GuE' }] } } },
], [['Hook', 'Ask AI'], ['Ask AI', 'Call']]);

interface CorpusFile { readonly path: string; readonly text: string; readonly bytes: number }
interface RuleCost { readonly id: string; readonly ms: number; readonly share: number }
interface RuleCosts { readonly byRule: readonly RuleCost[]; readonly pipelineWithoutRulesMs: number; readonly budgetMs?: number; readonly leftForRulesMs?: number }
type Rules = Record<string, 'off'>;
// Plain JavaScript modules of the benchmark, typed here for what the tests use (a path held in a variable: no declarations).
const scripts = '../../../scripts/';
let reviewCorpus: (c: typeof core, files: readonly CorpusFile[], today: Date, rules?: Rules) => number;
let ruleCosts: (c: typeof core, files: readonly CorpusFile[], o: { today: Date; passes?: number; budgetMiBPerSec?: number }) => RuleCosts;

const file = (path: string, text: string) => ({ path, text, bytes: Buffer.byteLength(text) });
const FILES = [file('flows/lead.json', FLOW), file('notes.txt', 'not a flow')];

describe('bench: where the corpus review spends its time', () => {
  before(async () => {
    ({ reviewCorpus } = (await import(`${scripts}bench-common.mjs`)) as { reviewCorpus: typeof reviewCorpus });
    ({ ruleCosts } = (await import(`${scripts}bench-rules.mjs`)) as { ruleCosts: typeof ruleCosts });
  });

  it('charges each rule that reported, a file rule and a cross-file one, and leaves the rules as they were', () => {
    const methods = (rule: object) => {
      const r = rule as { check?: unknown; checkWorkspace?: unknown; crossFile?: { checkWorkspace?: unknown } };
      return [r.check, r.checkWorkspace, r.crossFile?.checkWorkspace];
    };
    const before = core.RULES.map(methods);
    const findings = reviewCorpus(core, FILES, TODAY);
    const cost = ruleCosts(core, FILES, { today: TODAY, passes: 1 });
    assert.deepEqual(core.RULES.map(methods), before);
    assert.equal(reviewCorpus(core, FILES, TODAY), findings);

    const charged = new Set(cost.byRule.map((r) => r.id));
    for (const id of ['secret/hardcoded-credential', 'ingress/unauthenticated-webhook', 'privacy/sensitive-data-to-third-party']) {
      assert.ok(charged.has(id), `${id} is charged: ${[...charged].join(', ')}`);
    }
    for (const r of cost.byRule) assert.ok(r.ms >= 0 && r.share >= 0 && r.share <= 1, JSON.stringify(r));
    assert.ok(cost.byRule.every((r, i) => i === 0 || cost.byRule[i - 1].ms >= r.ms), 'the costliest first');
    assert.equal(cost.budgetMs, undefined);
  });

  it('turns every rule off for the pipeline figure', () => {
    const none: Rules = Object.fromEntries(core.RULES.map((r) => [r.id, 'off']));
    assert.equal(reviewCorpus(core, FILES, TODAY, none), 0);
    assert.ok(reviewCorpus(core, FILES, TODAY) > 0);
  });

  it('says what the budget leaves for the rules once the pipeline has run', () => {
    const cost = ruleCosts(core, FILES, { today: TODAY, passes: 1, budgetMiBPerSec: 40 });
    const mib = FILES.reduce((n, f) => n + f.bytes, 0) / 1024 / 1024;
    assert.ok(cost.budgetMs !== undefined && cost.leftForRulesMs !== undefined);
    assert.ok(Math.abs(cost.budgetMs - (mib / 40) * 1000) < 0.1);
    assert.ok(Math.abs(cost.leftForRulesMs - (cost.budgetMs - cost.pipelineWithoutRulesMs)) < 0.11);
  });
});
