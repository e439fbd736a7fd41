import type { Flow } from '../../model/index.js';
import { FLOW_FORMATS } from '../flowRules.js';
import { isOutbound, liveGraph, rawNode, type LiveGraph } from '../flowShape.js';
import type { Rule, RuleContext } from '../types.js';
import { checkN8nTimeouts, checkNodeRedTimeouts } from './callerTimeouts.js';
import { checkLoops } from './loops.js';
import { checkWdl, rateLimited } from './wdlLoops.js';

/** `resilience/unbounded-retry`: retries without bound or backoff, polling loops without a limit, HTTP calls a caller waits on without timeout. */
export const unboundedRetry: Rule = {
  id: 'resilience/unbounded-retry',
  defaultSeverity: 'warning',
  appliesTo: FLOW_FORMATS,
  threats: ['D'],
  cwe: 'CWE-400',
  securitySeverity: 4.3,
  docs: {
    summary: 'Retries with no wait between attempts or with an excessive count, loops that call a service again and again with no limit, and HTTP calls without a timeout on the path a webhook caller waits on.',
    rationale: 'Immediate or endless retries turn one failure into a burst of calls: a throttled API (HTTP 429) blocks the account, the platform\'s execution quota burns, and the flow never stops. A call without timeout holds the waiting caller and a worker until the other side gives up.',
    remediation: 'Retry a bounded number of times with a growing wait (n8n: Retry On Fail with Wait Between Tries of a few seconds; Power Automate/Logic Apps: the default exponential policy); give every polling loop a counter and a wait; set a timeout on HTTP calls a caller waits for.',
  },
  check(context) {
    const flow = context.flow;
    if (!flow || !flow.nodes.length) return;
    const live = liveGraph(context, flow);
    if (flow.platform === 'n8n') {
      checkN8nRetries(context, flow, live);
      checkN8nTimeouts(context, flow, live);
    }
    if (flow.platform === 'power-automate' || flow.platform === 'logic-apps') checkWdl(context, flow);
    if (flow.platform === 'node-red') checkNodeRedTimeouts(context, flow);
    if (flow.platform === 'n8n' || flow.platform === 'node-red') checkLoops(context, flow, live);
  },
};

/**
 * n8n's Retry On Fail as its engine runs it (`workflow-execute.ts`, `getRetryParams`): Max Tries is clamped to 2–5 (3 when
 * unset) and Wait Between Tries to 0–5000 ms, where 0 or unset means 1000 ms. So no node retries more than five times, and
 * only a wait of 1–99 ms (or a negative one, which becomes 0) is a burst.
 */
function checkN8nRetries(context: RuleContext, flow: Flow, live: LiveGraph): void {
  for (const node of flow.nodes) {
    if (node.disabled || !live.runs.has(node.id) || !isOutbound(node)) continue;
    const raw = rawNode(context, node);
    if (raw.retryOnFail !== true) continue;
    const wait = Math.min(5000, Math.max(0, (typeof raw.waitBetweenTries === 'number' ? raw.waitBetweenTries : 0) || 1000));
    if (wait >= 100) continue;
    const tries = Math.min(5, Math.max(2, (typeof raw.maxTries === 'number' ? raw.maxTries : 0) || 3));
    const throttled = rateLimited(node) ? ` ${node.service} throttles callers, and immediate retries of a throttled call fail again (HTTP 429).` : '';
    context.report({
      pointer: `${node.pointer}/waitBetweenTries`,
      at: 'key',
      message: `"${node.name}" retries up to ${tries} times with ${wait ? `only ${wait} ms` : 'no wait'} between attempts.${throttled} Set Wait Between Tries to a few seconds (n8n allows up to 5000 ms).`,
    });
  }
}
