// Where the corpus review's time goes, for `npm run bench`: each rule's own time in a pass over the corpus, and the time
// of the pipeline the rules run on (sniff, parse, platform adapter, locating and fingerprinting findings) with every rule
// turned off. The corpus budget of DESIGN §10 is one figure for both; this says how much of it the rules have left.
import { reviewCorpus, round } from './bench-common.mjs';

const MiB = 1024 * 1024;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Times `passes` reviews of `files` with every rule, `passes` with none (after one untimed pass of each), then one pass
 * with each rule's check timed. A rule that is the first to ask for a model several rules share (the document walk of
 * the secret and TLS rules, the live graph, the data-flow model) is charged for building it; the timed pass is not one
 * of the measured ones, so the wrapping costs the other figures nothing. The rules' checks are restored before this
 * returns, also when a pass throws.
 */
export function ruleCosts(core, files, { today, passes = 3, budgetMiBPerSec } = {}) {
  const mib = files.reduce((n, f) => n + f.bytes, 0) / MiB;
  const none = Object.fromEntries(core.RULES.map((r) => [r.id, 'off']));
  const whole = [];
  const pipeline = [];
  reviewCorpus(core, files, today);
  reviewCorpus(core, files, today, none);
  for (let i = 0; i < passes; i++) {
    let t0 = performance.now();
    reviewCorpus(core, files, today);
    whole.push(performance.now() - t0);
    t0 = performance.now();
    reviewCorpus(core, files, today, none);
    pipeline.push(performance.now() - t0);
  }
  const spent = new Map();
  const restore = [];
  // A rule checks a file (`check`), the workspace (`checkWorkspace`), or both (a file rule's `crossFile` part).
  const wrap = (id, owner, method) => {
    const original = owner[method];
    if (typeof original !== 'function') return;
    restore.push(() => {
      owner[method] = original;
    });
    owner[method] = function timed(context) {
      const t0 = performance.now();
      try {
        return original.call(this, context);
      } finally {
        spent.set(id, (spent.get(id) ?? 0) + performance.now() - t0);
      }
    };
  };
  for (const rule of core.RULES) {
    wrap(rule.id, rule, 'check');
    wrap(rule.id, rule, 'checkWorkspace');
    if (rule.crossFile) wrap(rule.id, rule.crossFile, 'checkWorkspace');
  }
  try {
    reviewCorpus(core, files, today);
  } finally {
    for (const undo of restore) undo();
  }
  const wholeMs = median(whole);
  const pipelineMs = median(pipeline);
  const rulesMs = [...spent.values()].reduce((a, b) => a + b, 0);
  const budgetMs = budgetMiBPerSec ? (mib / budgetMiBPerSec) * 1000 : undefined;
  return {
    passes,
    wholeReviewMs: round(wholeMs),
    pipelineWithoutRulesMs: round(pipelineMs),
    pipelineMBperSec: round(mib / (pipelineMs / 1000)),
    rulesMs: round(rulesMs),
    ...(budgetMs === undefined ? {} : { budgetMs: round(budgetMs), leftForRulesMs: round(budgetMs - pipelineMs) }),
    byRule: [...spent].sort((a, b) => b[1] - a[1]).map(([id, ms]) => ({ id, ms: round(ms), share: round(ms / rulesMs, 3) })),
    note: 'ms per pass over the corpus; byRule from one pass with each check timed (a rule that first asks for a shared model pays for building it)',
  };
}
