import { nodeAnchor } from '../../dataflow/chain.js';
import { addTo } from '../../dataflow/graph.js';
import { Budget, cyclesOf, isDataEdge } from '../../dataflow/graph.js';
import { RATE_LIMITED_SERVICES, serviceKey } from '../../knowledge/thirdParty.js';
import type { Flow, FlowNode } from '../../model/index.js';
import { asObject, asString } from '../../walk.js';
import { FLOW_FORMATS } from '../flowRules.js';
import { isOutbound, rawNode } from '../flowShape.js';
import type { RelatedReport, Rule, RuleContext } from '../types.js';

/** Words of a loop condition that count attempts or check a node already ran (a loop that checks one of these stops). */
const COUNTER = /\$runIndex|isExecuted|attempt|retr(?:y|ies)|tries|count|iteration|max/i;

/** Steps a loop check may take. */
const LOOP_BUDGET = 200_000;

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
    if (flow.platform === 'n8n') {
      checkN8nRetries(context, flow);
      checkN8nTimeouts(context, flow);
    }
    if (flow.platform === 'power-automate' || flow.platform === 'logic-apps') checkWdl(context, flow);
    if (flow.platform === 'n8n' || flow.platform === 'node-red') checkLoops(context, flow);
  },
};

function rateLimited(node: FlowNode): boolean {
  return RATE_LIMITED_SERVICES.has(serviceKey(node.service));
}

function checkN8nRetries(context: RuleContext, flow: Flow): void {
  for (const node of flow.nodes) {
    if (node.disabled || !isOutbound(node)) continue;
    const raw = rawNode(context, node);
    if (raw.retryOnFail !== true) continue;
    const wait = typeof raw.waitBetweenTries === 'number' ? raw.waitBetweenTries : 1000;
    const tries = typeof raw.maxTries === 'number' ? raw.maxTries : 3;
    const throttled = rateLimited(node) ? ` ${node.service} throttles callers, and immediate retries of a throttled call fail again (HTTP 429).` : '';
    if (wait < 100) {
      context.report({
        pointer: `${node.pointer}/${raw.waitBetweenTries !== undefined ? 'waitBetweenTries' : 'retryOnFail'}`,
        at: 'key',
        message: `"${node.name}" retries up to ${tries} times with no wait between attempts (${wait} ms).${throttled} Set Wait Between Tries to a few seconds (n8n allows up to 5000 ms).`,
      });
    } else if (tries > 10) {
      context.report({
        pointer: `${node.pointer}/maxTries`,
        at: 'key',
        message: `"${node.name}" retries up to ${tries} times, ${wait} ms apart, with no backoff: a failing call is repeated ${tries} times.${throttled} Keep Max Tries at 5 or fewer and route persistent failures to an error path.`,
      });
    }
  }
}

/** HTTP calls with no timeout on the path of a webhook whose caller waits for the response. */
function checkN8nTimeouts(context: RuleContext, flow: Flow): void {
  const graph = new Map<string, string[]>();
  for (const e of flow.edges) if (isDataEdge(flow.platform, e)) addTo(graph, e.from, e.to);
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  for (const hook of flow.nodes) {
    if (hook.disabled || !hook.type.endsWith('.webhook')) continue;
    const mode = asString(asObject(hook.parameters)?.responseMode);
    if (mode !== 'lastNode' && mode !== 'responseNode') continue;
    const waiting: FlowNode[] = [];
    const seen = new Set([hook.id]);
    const queue = [hook.id];
    for (let i = 0; i < queue.length && i < 10_000; i++) {
      for (const to of graph.get(queue[i]) ?? []) {
        if (seen.has(to)) continue;
        seen.add(to);
        queue.push(to);
        const node = byId.get(to);
        if (node && !node.disabled && node.type.endsWith('.httpRequest') && asObject(asObject(node.parameters)?.options)?.timeout === undefined) waiting.push(node);
      }
    }
    if (!waiting.length) continue;
    const [first, ...rest] = waiting;
    context.report({
      pointer: first.parametersPointer ? `${first.parametersPointer}/options` : first.pointer,
      at: 'key',
      severity: 'info',
      message: `Webhook "${hook.name}" answers only when its flow ends, and "${first.name}"${rest.length ? ` (and ${rest.length} more HTTP call${rest.length > 1 ? 's' : ''})` : ''} on that path has no timeout: a slow service holds the caller and an n8n worker until it gives up. Set Options → Timeout on the HTTP Request node.`,
      related: rest.map((n) => ({ ...nodeAnchor(n, flow.platform), message: `"${n.name}" has no timeout either` })),
    });
  }
}

/** ISO 8601 durations of retry policies (`PT10S`, `PT1M`, `P1D`) in seconds; undefined when unreadable. */
function seconds(duration: string | undefined): number | undefined {
  const m = duration ? /^P(?:(\d{1,6})D)?(?:T(?:(\d{1,6})H)?(?:(\d{1,6})M)?(?:(\d{1,6}(?:\.\d{1,6})?)S)?)?$/i.exec(duration.trim()) : null;
  if (!m) return undefined;
  return Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
}

function checkWdl(context: RuleContext, flow: Flow): void {
  for (const node of flow.nodes) {
    if (node.disabled) continue;
    const raw = asObject(node.parameters) ?? {};
    const policy = asObject(asObject(raw.inputs)?.retryPolicy);
    const type = asString(policy?.type)?.toLowerCase();
    if (policy && (type === 'fixed' || type === 'incremental')) {
      const count = typeof policy.count === 'number' ? policy.count : 4;
      const interval = seconds(asString(policy.interval)) ?? 20;
      if ((type === 'fixed' && interval < 5 && count >= 5) || count > 20) {
        context.report({
          pointer: `${node.pointer}/inputs/retryPolicy`,
          at: 'key',
          message: `"${node.name}" retries up to ${count} times with a ${type} interval of ${interval} s and no exponential backoff${rateLimited(node) ? `; ${node.service} throttles callers` : ''}. Use the default (exponential) retry policy, or a ${type} one with fewer attempts and a longer interval.`,
        });
      }
    }
    if (node.type.toLowerCase() === 'until') {
      const inside = flow.nodes.filter((n) => n.pointer.startsWith(`${node.pointer}/actions/`));
      const calls = inside.filter((n) => isOutbound(n));
      if (!calls.length || inside.some((n) => n.type.toLowerCase() === 'wait' || /delay/i.test(n.name))) continue;
      const limit = asObject(raw.limit);
      const count = typeof limit?.count === 'number' ? limit.count : 60;
      context.report({
        ...nodeAnchor(node, flow.platform),
        message: `"${node.name}" calls ${calls.map((c) => `"${c.name}"`).slice(0, 3).join(', ')} up to ${count} times in a row with no delay between iterations${calls.some(rateLimited) ? ', against a service that throttles callers' : ''}. Add a Delay (Wait) action in the loop and keep its limit low.`,
        related: calls.map((c) => ({ ...nodeAnchor(c, flow.platform), message: `"${c.name}" is called on every iteration` })),
      });
    }
  }
}

/** n8n and Node-RED loops that call a service again and again with no counter (retry and polling loops). */
function checkLoops(context: RuleContext, flow: Flow): void {
  const succ = new Map<string, string[]>();
  for (const e of flow.edges) {
    const kind = e.kind ?? 'main';
    // Node-RED retry loops go through catch nodes (error edges); n8n ones through the error output (still `main`).
    if (flow.platform === 'n8n' ? kind !== 'main' : kind === 'complete') continue;
    addTo(succ, e.from, e.to);
  }
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  const active = flow.nodes.filter((n) => !n.disabled).map((n) => n.id);
  for (const cycle of cyclesOf(active, (id) => succ.get(id) ?? [], new Budget(LOOP_BUDGET))) {
    const nodes = cycle.map((id) => byId.get(id)!).filter(Boolean);
    // n8n "Loop Over Items" and Node-RED split/join walk a finite list; they end by themselves.
    if (nodes.some((n) => /\.splitInBatches$/.test(n.type) || n.type === 'split' || n.type === 'join')) continue;
    // A loop through a step that waits for a person (a form page, an approval, a resume link) goes at their pace.
    if (nodes.some(waitsForPerson)) continue;
    const calls = nodes.filter((n) => isOutbound(n));
    if (!calls.length) continue;
    const bounded = nodes.some((n) => (n.role === 'control' || n.role === 'code' || n.role === 'transform') && COUNTER.test(conditionText(n)));
    if (bounded) continue;
    const paced = nodes.some((n) => /\.wait$/.test(n.type) || n.type === 'delay' || n.type === 'trigger');
    const [first] = calls;
    const related: RelatedReport[] = nodes.filter((n) => n !== first).slice(0, 20).map((n) => ({ ...nodeAnchor(n, flow.platform), message: `"${n.name}" is part of the loop` }));
    context.report({
      ...nodeAnchor(first, flow.platform),
      // A paced loop cannot hammer the service, but it can still run forever.
      severity: paced ? 'info' : 'warning',
      message: `"${first.name}" sits in a loop (${nodes.map((n) => `"${n.name}"`).slice(0, 5).join(' → ')}${nodes.length > 5 ? ' → …' : ''}) with no attempt counter${paced ? '' : ' and no wait'}: if the service keeps failing or never reports "done", the flow calls it ${paced ? 'forever' : 'as fast as it can, forever'}. Count attempts (n8n: $runIndex in the IF; Node-RED: a counter in the message) and stop after a few${paced ? '' : ', with a wait between attempts'}.`,
      related,
    });
  }
}

/** n8n form pages, Wait nodes resumed by a webhook or form, "send and wait for approval" operations. */
function waitsForPerson(node: FlowNode): boolean {
  const params = asObject(node.parameters) ?? {};
  if (/\.form$/.test(node.type) || params.operation === 'sendAndWait') return true;
  return /\.wait$/.test(node.type) && (params.resume === 'webhook' || params.resume === 'form');
}

/** The text of a node's conditions and code (what would hold a counter check). */
function conditionText(node: FlowNode): string {
  const raw = asObject(node.parameters) ?? {};
  const parts: string[] = [];
  for (const key of ['conditions', 'rules', 'value1', 'jsCode', 'functionCode', 'func', 'property', 'expression', 'options']) {
    if (raw[key] !== undefined) parts.push(JSON.stringify(raw[key]).slice(0, 20_000));
  }
  return parts.join(' ');
}
