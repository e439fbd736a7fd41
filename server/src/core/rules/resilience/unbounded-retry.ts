import { nodeAnchor } from '../../dataflow/chain.js';
import { addTo, Budget, cyclesOf, isDataEdge } from '../../dataflow/graph.js';
import { RATE_LIMITED_SERVICES, serviceKey } from '../../knowledge/thirdParty.js';
import { maskEndpoint } from '../../secrets/redact.js';
import type { Flow, FlowNode } from '../../model/index.js';
import { asObject, asString, walkStrings } from '../../walk.js';
import { FLOW_FORMATS } from '../flowRules.js';
import { isOutbound, liveGraph, rawNode, type LiveGraph } from '../flowShape.js';
import { answers, executionOrders, MAX_RUNS, Scheduler } from '../n8nScheduler.js';
import { nodeRedAnswers } from '../nodeRedAnswers.js';
import type { RelatedReport, Rule, RuleContext } from '../types.js';

/** n8n's own run counters: a loop whose condition checks one stops. */
const RUN_COUNTER = /\$runIndex|isExecuted/;

/** `$runIndex` in code: it counts the loop's passes only where the code compares it. */
const RUN_INDEX = /\$runIndex\b/g;

/** `+ 1`, `++`, `+= 5`, `+ $json.results.length`: something that makes a value grow. */
const INCREMENT = /\+(?:\+|=|\s*[\d$])/g;

/** `- 1`, `--`, `-= 5` after a field: a value counted down (`$json.left - 1`, `msg.tries--`). */
const DECREMENT = /-(?:-|=|\s*[\d$])/g;

/** `+ 1`, `++`, `+= 5`: a number that grows by steps (a page number, an offset), not a sum or a longer text. */
const STEP = /\+(?:\+|=\s*\d|\s*\d)/g;

/** Names in expressions and code. */
const IDENTIFIER = /[A-Za-z_$][\w$]*/g;

/** A default before an increment: `(msg.retries || 0) + 1`. */
const ZERO_DEFAULT = /(?:\|\||\?\?)\s*0$/;

/** Words of a loop that walks pages: a cursor, a next-page token or link, page info, an offset. */
const PAGE_WORDS = /has_?next_?page|has_?more|page_?info|page_?token|next_?page|next_?link|next_?cursor|end_?cursor|\bcursor\b|\boffset\b|skip_?token|rel=\\*"next/i;

/** The number of items a node received (`$input.all().length`, `$items().length`): in a loop's condition, a page's size. */
const ITEM_COUNT = /\.all\(\)\.length|\$items\([^)]{0,200}\)\.length/;

/** `variables('isDone')` in a workflow expression. */
const VARIABLE_REF = /variables\('([^']{1,256})'\)/g;

/** Passes in a row below which a Logic Apps / Power Automate loop's limit is itself the bound (as for retry policies). */
const FEW_PASSES = 5;

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

function rateLimited(node: FlowNode): boolean {
  return RATE_LIMITED_SERVICES.has(serviceKey(node.service));
}

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

/**
 * HTTP calls with no timeout on the path of a webhook whose caller waits for the response. With *Using 'Respond to
 * Webhook' node*, the caller has its answer once a Respond to Webhook node ran: the path ends there, and a call on
 * another branch that n8n runs after that one ({@link runBeforeAnswer}) does not hold the caller either.
 */
function checkN8nTimeouts(context: RuleContext, flow: Flow, live: LiveGraph): void {
  const dataEdges = live.edges.filter((e) => isDataEdge(flow.platform, e));
  const graph = new Map<string, string[]>();
  for (const e of dataEdges) addTo(graph, e.from, e.to);
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  // Built for the first webhook that needs it: its maps serve every webhook of the flow.
  let scheduler: Scheduler | undefined;
  // Nodes the webhooks' walks may visit in all: many webhooks sharing one long chain would cost webhooks × nodes.
  const visits = new Budget(MAX_RUNS);
  // What a form's answer depends on after it (a page, a Respond to Webhook node): most flows have neither.
  const formSteps = flow.nodes.some((n) => isFormPage(n) || n.type === 'n8n-nodes-base.respondToWebhook');
  // AI tools by the node they plug into (an agent; an agent used as a tool has tools of its own), each once however
  // often it is wired.
  const tools = new Map<string, Set<string>>();
  for (const e of live.edges) if (e.kind === 'ai_tool') (tools.get(e.to) ?? tools.set(e.to, new Set()).get(e.to)!).add(e.from);
  for (const hook of flow.nodes) {
    if (visits.exhausted) break;
    const caller = hook.disabled ? undefined : waitingCaller(context, hook, () => (formSteps ? downstream(hook, graph, byId, visits) : []));
    if (!caller) continue;
    const { mode, kind } = caller;
    const onPath: FlowNode[] = [];
    const seen = new Set([hook.id]);
    const queue = [hook.id];
    for (let i = 0; i < queue.length && i < 10_000 && visits.spend(); i++) {
      for (const to of graph.get(queue[i]) ?? []) {
        if (seen.has(to)) continue;
        seen.add(to);
        const node = byId.get(to);
        if (node && ((mode === 'responseNode' && answers(node)) || (kind === 'Form' && isFormPage(node)))) continue;
        queue.push(to);
        if (node && !node.disabled && node.type.endsWith('.httpRequest') && untimed(node)) onPath.push(node);
      }
    }
    // The HTTP tools the nodes on the path run (an agent calls them while it runs), each with the nodes that run it (a
    // tool may be wired to several agents).
    const hostsOf = new Map<string, FlowNode[]>();
    for (const id of queue.slice(1)) {
      const host = byId.get(id);
      if (!host || host.disabled || !tools.has(id)) continue;
      // A Set beside the queue: an agent with thousands of tools would cost their number squared in an array.
      const within = [id];
      const reached = new Set(within);
      for (let i = 0; i < within.length && visits.spend(); i++) {
        for (const t of tools.get(within[i]) ?? []) {
          const tool = byId.get(t);
          if (!tool || tool.disabled || reached.has(t)) continue;
          reached.add(t);
          within.push(t);
          if (!httpTool(tool) || !untimed(tool)) continue;
          if (!hostsOf.has(t)) onPath.push(tool);
          addTo(hostsOf, t, host);
        }
      }
    }
    if (!onPath.length) continue;
    // A call holds the caller when it runs before the answer in an order the workflow may run in (see executionOrders).
    let waiting = onPath;
    if (mode === 'responseNode') {
      scheduler ??= new Scheduler(context, dataEdges, byId);
      const before = executionOrders(flow).map((order) => scheduler!.runBeforeAnswer(hook, order));
      // A run too long to follow (huge fan-out) answers nothing: every call on the path is taken to hold the caller.
      // A tool holds the caller when one of the agents that run it runs before the answer: that agent is the one named.
      if (!before.includes(undefined)) {
        for (const [t, hosts] of hostsOf) hostsOf.set(t, hosts.filter((h) => before.some((run) => run!.has(h.id))));
        waiting = onPath.filter((n) => (hostsOf.has(n.id) ? hostsOf.get(n.id)!.length > 0 : before.some((run) => run!.has(n.id))));
      }
    }
    const hostOf = new Map([...hostsOf].flatMap(([t, hosts]) => (hosts.length ? [[t, hosts[0]] as const] : [])));
    if (!waiting.length) continue;
    const [first, ...rest] = waiting;
    // When no timeout is set, HTTP Request 3 and later wait 5 minutes (n8n's HttpRequestV3), versions 1 and 2 one hour
    // (HttpRequestV1/V2); older releases set none for versions 1 and 2. The HTTP Request Tool has no setting: n8n's
    // request helper waits 5 minutes (axios.defaults.timeout).
    const defaultWait = (n: FlowNode) => {
      const version = rawNode(context, n).typeVersion;
      return n.type === TOOL_HTTP_REQUEST || (typeof version === 'number' && version >= 3) ? '5 minutes' : '1 hour';
    };
    const host = hostOf.get(first.id);
    const name = (n: FlowNode) => (hostOf.has(n.id) ? `"${n.name}", a tool of "${hostOf.get(n.id)!.name}"` : `"${n.name}"`);
    const more = `${rest.length ? ` (and ${rest.length} more HTTP call${rest.length > 1 ? 's' : ''})` : ''}${host ? ',' : ''}`;
    const when = mode === 'lastNode'
      ? `answers only when its flow ends, and ${name(first)}${more} ${host ? 'runs before that' : 'on that path'}`
      : mode === 'formPage'
        ? `keeps its submitter waiting until a form page or ending runs, and ${name(first)}${more} runs before that${host ? '' : ' and'}`
        : `answers when a Respond to Webhook node runs, and ${name(first)}${more} runs before that${host ? '' : ' and'}`;
    const holds = `${first.type === TOOL_HTTP_REQUEST ? 'has no timeout setting' : 'has no timeout set'}, so n8n waits ${defaultWait(first)} (its default in current releases): a slow service holds the caller and an n8n worker that long`;
    const fix = first.type === TOOL_HTTP_REQUEST
      ? 'Use the HTTP Request node as the tool instead and set its Options → Timeout, shorter than the caller waits, or answer the caller first.'
      : `Set Options → Timeout on the HTTP Request ${host ? 'tool' : 'node'}, shorter than the caller waits.`;
    context.report({
      ...(first.type === TOOL_HTTP_REQUEST || !first.parametersPointer ? nodeAnchor(first, flow.platform) : { pointer: `${first.parametersPointer}/options`, at: 'key' as const }),
      key: `webhook:${hook.id}`, // several webhooks may wait on one call
      severity: 'info',
      message: host
        ? `${kind} "${hook.name}" ${when}: ${toolCalls(host)}, and each call ${holds}, each time. ${fix}`
        : `${kind} "${hook.name}" ${when} ${holds}. ${fix}`,
      related: rest.map((n) => ({ ...nodeAnchor(n, flow.platform), message: `${name(n)}${hostOf.has(n.id) ? ',' : ''} has no timeout ${n.type === TOOL_HTTP_REQUEST ? 'setting' : 'set'} either (n8n waits ${defaultWait(n)}${hostOf.has(n.id) ? ' on each call' : ''})` })),
    });
  }
}

/** The HTTP Request Tool of n8n's AI nodes: it has no timeout setting. */
const TOOL_HTTP_REQUEST = '@n8n/n8n-nodes-langchain.toolHttpRequest';

/** An n8n AI tool that makes HTTP calls: the HTTP Request Tool, or the HTTP Request node used as a tool. */
function httpTool(node: FlowNode): boolean {
  return node.type === TOOL_HTTP_REQUEST || node.type === 'n8n-nodes-base.httpRequestTool';
}

/** An n8n HTTP call with no timeout: an HTTP Request node (or tool) without Options → Timeout, the HTTP Request Tool. */
function untimed(node: FlowNode): boolean {
  return node.type === TOOL_HTTP_REQUEST || asObject(asObject(node.parameters)?.options)?.timeout === undefined;
}

/** How often the node that runs a tool may call it: an agent once per step, up to its Max Iterations (10 unless set). */
function toolCalls(host: FlowNode): string {
  const max = asObject(asObject(host.parameters)?.options)?.maxIterations;
  return /\.agent(?:Tool)?$/.test(host.type)
    ? `the agent may call it up to ${typeof max === 'number' ? max : 10} times (its Max Iterations)`
    : `"${host.name}" may call it more than once`;
}

/**
 * An n8n trigger whose caller waits for the run to answer it, how it is answered, and what to call it in a message:
 * a Webhook (*Respond*: `lastNode` waits for the end of the run, `responseNode` for a Respond to Webhook node;
 * `onReceived`, the default, answers at once), a Form ({@link formMode}), or a public Chat, whose response mode
 * defaults to `lastNode` (n8n's ChatTrigger; a chat that is not public is only used from the editor). Undefined for
 * other nodes and modes. `after` lists the nodes after the trigger (read only for forms).
 */
function waitingCaller(context: RuleContext, hook: FlowNode, after: () => readonly FlowNode[]): { readonly mode: 'lastNode' | 'responseNode' | 'formPage'; readonly kind: 'Webhook' | 'Form' | 'Chat' } | undefined {
  const params = asObject(hook.parameters);
  let kind: 'Webhook' | 'Form' | 'Chat';
  let mode: string | undefined;
  if (hook.type.endsWith('.webhook')) [kind, mode] = ['Webhook', asString(params?.responseMode)];
  else if (hook.type.endsWith('.formTrigger')) [kind, mode] = ['Form', formMode(context, hook, asString(params?.responseMode), after())];
  else if (hook.type.endsWith('.chatTrigger') && params?.public === true) [kind, mode] = ['Chat', asString(asObject(params.options)?.responseMode) ?? 'lastNode'];
  else return undefined;
  return mode === 'lastNode' || mode === 'responseNode' || mode === 'formPage' ? { mode, kind } : undefined;
}

/**
 * How an n8n Form Trigger answers the person who submitted it, given its *Respond When* (`responseMode`) and the nodes
 * after it. n8n checks the setting before it shows the form (`validateResponseModeConfiguration`) and shows an error
 * instead when a Respond to Webhook node follows a Form Trigger 2.2 or later, or one set otherwise than *Using 'Respond
 * to Webhook' Node*, or when none follows one so set: nobody submits such a form (undefined). Then, when an enabled
 * form page or ending follows ({@link isFormPage}), n8n answers the submission at once with a page that waits for the
 * run to reach one, whatever *Respond When* says (`formPage`, its webhook helpers' name). Otherwise *Respond When*.
 */
function formMode(context: RuleContext, hook: FlowNode, respondWhen: string | undefined, after: readonly FlowNode[]): string | undefined {
  const version = rawNode(context, hook).typeVersion;
  const respondNode = after.some((n) => n.type === 'n8n-nodes-base.respondToWebhook');
  if (respondNode ? (typeof version === 'number' && version > 2.1) || respondWhen !== 'responseNode' : respondWhen === 'responseNode') return undefined;
  return after.some(isFormPage) ? 'formPage' : respondWhen;
}

/**
 * A page of an n8n form after its trigger: a Form node (a next page or the form's ending) or a Wait node that resumes on
 * a form. The person who submitted the form sees it once it runs.
 */
function isFormPage(node: FlowNode): boolean {
  return !node.disabled && (node.type === 'n8n-nodes-base.form' || (node.type === 'n8n-nodes-base.wait' && asObject(node.parameters)?.resume === 'form'));
}

/** The nodes after `hook` along `graph` (each visit paid from `visits`; past it, those reached so far). */
function downstream(hook: FlowNode, graph: ReadonlyMap<string, readonly string[]>, byId: ReadonlyMap<string, FlowNode>, visits: Budget): FlowNode[] {
  const seen = new Set([hook.id]);
  const queue = [hook.id];
  for (let i = 0; i < queue.length && visits.spend(); i++) {
    for (const to of graph.get(queue[i]) ?? []) {
      if (seen.has(to)) continue;
      seen.add(to);
      queue.push(to);
    }
  }
  return queue.slice(1).flatMap((id) => byId.get(id) ?? []);
}

/**
 * Node-RED `http request` nodes between an `http in` and the `http response` that answers its caller
 * ({@link nodeRedAnswers}) that a message from the endpoint can reach without passing a step that sets
 * `msg.requestTimeout` ({@link timeoutEffect}): Node-RED waits for the service as long as settings.js says
 * (`httpRequestTimeout`, 120 s when unset), and the caller with it. One finding per endpoint; a request that holds the
 * callers of several counts for the nearest (fewest hops) whose messages reach it untimed.
 */
function checkNodeRedTimeouts(context: RuleContext, flow: Flow): void {
  const { next, heldBy } = nodeRedAnswers(context, flow);
  // All endpoints at once, breadth-first over the nodes they hold, each reached either with a timeout on the message or
  // without: a setter sends timed messages on, an unsetter untimed ones, whatever they received; other nodes pass on
  // what they received. `untimed` labels a node with the first endpoint, so the nearest, whose message arrives there
  // with no timeout (an unsetter's label counts the hops from the endpoint, not from the unsetter). Each node is
  // visited at most twice.
  const effects = new Map<string, 'sets' | 'clears'>();
  const untimed = new Map<string, FlowNode>();
  const timed = new Map<string, FlowNode>();
  const queue: { readonly id: string; readonly timed: boolean }[] = [];
  for (const node of flow.nodes) {
    const hook = heldBy.get(node.id);
    if (!hook) continue;
    const effect = timeoutEffect(node);
    if (effect) effects.set(node.id, effect);
    if (hook !== node) continue; // an answering endpoint is held by itself
    untimed.set(node.id, hook);
    queue.push({ id: node.id, timed: false });
  }
  for (let i = 0; i < queue.length; i++) {
    const { id, timed: arrivedTimed } = queue[i];
    const hook = (arrivedTimed ? timed : untimed).get(id)!;
    const effect = effects.get(id);
    const leavesTimed = effect === 'sets' || (arrivedTimed && effect !== 'clears');
    const labels = leavesTimed ? timed : untimed;
    for (const to of next.get(id) ?? []) {
      if (labels.has(to) || !heldBy.has(to)) continue;
      labels.set(to, hook);
      queue.push({ id: to, timed: leavesTimed });
    }
  }
  const held = new Map<FlowNode, FlowNode[]>();
  for (const node of flow.nodes) {
    const hook = untimed.get(node.id);
    if (hook && !node.disabled && node.type === 'http request') addTo(held, hook, node);
  }
  for (const [hook, [first, ...rest]] of held) {
    const more = rest.length ? ` (and ${rest.length} more HTTP request${rest.length > 1 ? 's' : ''})` : '';
    context.report({
      ...nodeAnchor(first, flow.platform),
      key: `webhook:${hook.id}`, // several endpoints may wait on one request
      severity: 'info',
      message: `HTTP endpoint ${endpointName(hook)} answers when its message reaches an http response node, and "${first.name}"${more} runs before that with no msg.requestTimeout: Node-RED waits up to 120 s for the service (httpRequestTimeout in settings.js, unless set otherwise there), and the caller waits as long. Set msg.requestTimeout (in milliseconds) on the message before the request, shorter than the caller waits.`,
      related: rest.map((n) => ({ ...nodeAnchor(n, flow.platform), message: `"${n.name}" has no msg.requestTimeout either` })),
    });
  }
}

/** A Node-RED `http in` as its users know it: its name, else its method and path (`POST /order`). */
function endpointName(hook: FlowNode): string {
  const name = asString(asObject(hook.parameters)?.name);
  return name ? `"${name}"` : `${(hook.method ?? '').toUpperCase()} ${maskEndpoint(hook.endpoint ?? '')}`.trim();
}

/**
 * What a Node-RED node does to `msg.requestTimeout`, which the `http request` node reads (a number of milliseconds; a
 * value that is not a number, or below 1, is warned about and the default used): `sets` for a change node whose last
 * rule on it sets a number of at least 1 (`num`, a `str` that reads as one, `json` that parses to one) or a value the
 * export does not show (`env`, `msg`, `flow`, `global`, `jsonata`; also a `move` into it), and for a function node
 * whose code assigns it (outside comments) anything but a literal below 1, `null`, `undefined` or a text that is no
 * number; `clears` for a change node whose last rule on it deletes it, moves it away or sets something unusable
 * (`"two seconds"`, 0, a boolean, JSON that is no such number).
 * Rules on flow or global context, or on other properties (`msg.payload.requestTimeout`), do nothing to it.
 */
function timeoutEffect(node: FlowNode): 'sets' | 'clears' | undefined {
  if (node.disabled) return undefined;
  const raw = asObject(node.parameters) ?? {};
  if (node.type === 'function') return typeof raw.func === 'string' && assignsTimeout(raw.func) ? 'sets' : undefined;
  if (node.type !== 'change' || !Array.isArray(raw.rules)) return undefined;
  let effect: 'sets' | 'clears' | undefined;
  for (const item of raw.rules) {
    const rule = asObject(item);
    if (!rule) continue;
    const on = (p: unknown, pt: unknown) => (asString(pt) ?? 'msg') === 'msg' && asString(p)?.trim() === TIMEOUT_PROPERTY;
    const t = asString(rule.t);
    if (t === 'set' && on(rule.p, rule.pt)) effect = usableTimeout(rule.to, asString(rule.tot) ?? 'str') ? 'sets' : 'clears';
    else if ((t === 'delete' || t === 'move') && on(rule.p, rule.pt)) effect = 'clears';
    if (t === 'move' && on(rule.to, rule.tot)) effect = 'sets';
  }
  return effect;
}

/** The message property the http request node reads its timeout from. */
const TIMEOUT_PROPERTY = 'requestTimeout';

/** Value types of a change rule whose value the export does not show (an environment variable, another property, an expression). */
const REFERENCE_TYPES = new Set(['env', 'msg', 'flow', 'global', 'jsonata']);

/**
 * True when a change rule's value (`to` of type `tot`) makes a timeout the http request node uses. A `json` value is
 * parsed when the flow starts (`"5000"` sets the number 5000); text that is no JSON makes no timeout.
 */
function usableTimeout(to: unknown, tot: string): boolean {
  if (REFERENCE_TYPES.has(tot)) return true;
  if (tot === 'num' || tot === 'str') return readsAsTimeout(to);
  if (tot !== 'json') return false;
  if (typeof to !== 'string') return readsAsTimeout(to);
  try {
    return readsAsTimeout(JSON.parse(to));
  } catch {
    return false;
  }
}

/** True for a number of at least 1, or a text that reads as one (`"5000"`), as the http request node takes it. */
function readsAsTimeout(value: unknown): boolean {
  const text = typeof value === 'number' ? String(value) : asString(value)?.trim();
  return !!text && Number(text) >= 1;
}

/** `msg.requestTimeout =` / `msg["requestTimeout"] =` and what is assigned, up to the end of the statement. */
const TIMEOUT_ASSIGNMENT = /\bmsg\s*(?:\.\s*requestTimeout|\[\s*(["'`])requestTimeout\1\s*\])\s*=(?![=>])\s*([^;\n]*)/g;

/** True when JavaScript code assigns `msg.requestTimeout` something usable, outside comments. */
function assignsTimeout(code: string): boolean {
  if (!code.includes(TIMEOUT_PROPERTY)) return false;
  for (const m of withoutComments(code).matchAll(TIMEOUT_ASSIGNMENT)) {
    const value = m[2].trim();
    const quoted = /^(["'`])(.*)\1$/.exec(value);
    // A literal is read as Node-RED reads it; an expression (a variable, env.get(…), 5 * 1000) is trusted.
    if (quoted || NUMBER_LITERAL.test(value)) {
      if (Number(quoted ? quoted[2] : value.replace(/_/g, '')) >= 1) return true;
    } else if (value !== '' && value !== 'null' && value !== 'undefined') return true;
  }
  return false;
}

/** A JavaScript number literal, signed (`5000`, `-1`, `2e3`, `0.5`). */
const NUMBER_LITERAL = /^[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$/i;

/** The code with its comments left out; strings and template literals are skipped whole, so a `//` in a URL stays. */
function withoutComments(code: string): string {
  const kept: string[] = [];
  let from = 0;
  let i = 0;
  while (i < code.length) {
    const c = code[i];
    if (c === '"' || c === "'" || c === '`') {
      i++;
      while (i < code.length && code[i] !== c && (c === '`' || code[i] !== '\n')) i += code[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '/' && (code[i + 1] === '/' || code[i + 1] === '*')) {
      kept.push(code.slice(from, i), ' ');
      const end = code[i + 1] === '/' ? code.indexOf('\n', i) : code.indexOf('*/', i + 2);
      i = end < 0 ? code.length : code[i + 1] === '/' ? end : end + 2;
      from = i;
    } else i++;
  }
  kept.push(code.slice(from));
  return kept.join('');
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
      if (!calls.length || paced(context, node, inside) || untilBounded(node, inside)) continue;
      const limit = asObject(raw.limit);
      const count = typeof limit?.count === 'number' ? limit.count : 60;
      // The engine stops the loop at its limit: a few passes in a row are a bounded retry, as a retry policy's are.
      if (count < FEW_PASSES) continue;
      // A wait that some passes skip: say which, the maker sees it in the loop.
      const waits = inside.filter(waitsForPass).map((w) => `"${w.name}"`);
      const throttled = calls.some(rateLimited) ? ', against a service that throttles callers' : '';
      context.report({
        ...nodeAnchor(node, flow.platform),
        message: waits.length
          ? `"${node.name}" calls ${calls.map((c) => `"${c.name}"`).slice(0, 3).join(', ')} up to ${count} times in a row with no delay on the passes that skip ${waits.slice(0, 3).join(', ')}${throttled}: ${waits.length > 1 ? 'they do' : 'it does'} not run on every pass (only after a failure, in one branch of a Condition or Switch, or in a For each). Make every pass that goes round wait (a Delay outside the branches, or one in every branch and the default), or set a done flag the loop's exit reads on the passes that skip it, and keep the loop's limit low.`
          : `"${node.name}" calls ${calls.map((c) => `"${c.name}"`).slice(0, 3).join(', ')} up to ${count} times in a row with no delay between iterations${throttled}. Add a Delay (Wait) action in the loop and keep its limit low.`,
        related: calls.map((c) => ({ ...nodeAnchor(c, flow.platform), message: `"${c.name}" is called on every iteration` })),
      });
    }
  }
}

/**
 * WDL actions that subscribe and wait for a callback (`HttpWebhook`, `ApiConnectionWebhook`, `OpenApiConnectionWebhook`):
 * "Start and wait for an approval", "Post adaptive card and wait for a response", a job that calls back when done. A
 * loop through one goes at the pace of whoever answers.
 */
const WEBHOOK_ACTION = /^(?:Http|ApiConnection|OpenApiConnection)Webhook$/i;

/**
 * True when every pass of the loop that goes round again waits: it runs a Wait (Delay, Delay until) action, an action
 * that waits for a callback ({@link WEBHOOK_ACTION}), or one that waits itself between its polls
 * (`RosettaNetWaitForResponse`, a `pollingInterval`) ({@link waitsForPass}). By type, not name: a call named
 * "Get_delayed_orders" waits for nothing. A pass that skips the wait (one after a step failed, or one that takes a
 * branch of a Condition or Switch without it) must end the loop ({@link everyPass}): it sets a "done" flag the loop's
 * exit reads, to a constant (a variable that copies the call's answer, a status, lets a "pending" answer go round), or
 * it takes a branch only when the loop's exit holds (a Delay when the status is not Succeeded, in a loop until it is).
 * Otherwise a "still pending" answer goes round at once.
 */
function paced(context: RuleContext, loop: FlowNode, inside: readonly FlowNode[]): boolean {
  if (!inside.some(waitsForPass)) return false;
  const expression = asObject(loop.parameters)?.expression;
  const read = new Set([...JSON.stringify(expression ?? '').matchAll(VARIABLE_REF)].map((m) => m[1]));
  const ends = (n: FlowNode) => waitsForPass(n) || (n.type.toLowerCase() === 'setvariable' && read.has(variableSet(n) ?? '') && isConstant(asObject(asObject(n.parameters)?.inputs)?.value));
  return everyPass(context, `${loop.pointer}/actions`, blocksOf(inside), ends, conditionKey(expression));
}

/** A WDL action that waits: a Wait (Delay) of more than nothing, one that waits for a callback, one that polls at an interval. */
function waitsForPass(node: FlowNode): boolean {
  return asObject(asObject(node.parameters)?.inputs)?.pollingInterval !== undefined || (/wait/i.test(node.type) && !delaysNothing(node)) || WEBHOOK_ACTION.test(node.type);
}

/** The actions of a loop by the pointer of the block that holds them (`…/actions`, `…/else/actions`, `…/cases/<c>/actions`). */
function blocksOf(inside: readonly FlowNode[]): Map<string, FlowNode[]> {
  const blocks = new Map<string, FlowNode[]>();
  for (const n of inside) addTo(blocks, n.pointer.slice(0, n.pointer.lastIndexOf('/')), n);
  return blocks;
}

/**
 * True when every run of the block at `block` runs an action that `ends` the pass (a wait, a done flag) and does not run
 * only after a failure: one of its actions, or a Scope or Until whose own block does, or a Condition (If) each of whose
 * branches does or is taken only when the loop's `exit` holds (the Condition tests the exit: its true branch; the
 * exit's negation: its else branch), or a Switch each of whose cases and default does (a case taken only when the exit
 * holds counts). A branch that does neither runs on passes that go round without ending; a For each may run its actions
 * no time.
 */
function everyPass(context: RuleContext, block: string, blocks: ReadonlyMap<string, readonly FlowNode[]>, ends: (n: FlowNode) => boolean, exit: string | undefined): boolean {
  return (blocks.get(block) ?? []).some((n) => {
    if (onlyAfterFailure(n)) return false;
    if (ends(n)) return true;
    const type = n.type.toLowerCase();
    const params = asObject(n.parameters);
    const covered = (at: string, exits: boolean) => exits || everyPass(context, `${n.pointer}/${at}`, blocks, ends, exit);
    if (type === 'scope' || type === 'until') return covered('actions', false);
    if (type === 'if') {
      const test = exit === undefined ? undefined : conditionKey(params?.expression);
      return covered('actions', test !== undefined && test === exit) && covered('else/actions', test !== undefined && (`not(${test})` === exit || `not(${exit})` === test));
    }
    if (type !== 'switch') return false;
    const on = exit === undefined ? undefined : operandKey(params?.expression);
    // The model's parameters leave the nested actions out: the cases (an empty one too) are read from the document.
    return Object.entries(asObject(rawNode(context, n).cases) ?? {}).every(([name, c]) => {
      const value = on === undefined ? undefined : operandKey(asObject(c)?.case);
      return covered(`cases/${name.replace(/~/g, '~0').replace(/\//g, '~1')}/actions`, value !== undefined && (exit === `equals(${on},${value})` || exit === `equals(${value},${on})`));
    }) && covered('default/actions', false);
  });
}

/**
 * A condition of a Condition or Until as text to compare: the expression (`@equals(body('Poll')?['status'], 'Done')`)
 * or the designer's object (`{ "and": [{ "equals": ["@body('Poll')?['status']", "Done"] }] }`) both read
 * `equals(body('Poll')?['status'],'Done')`; `not(…)` for a negation. Undefined when it is neither.
 */
function conditionKey(condition: unknown): string | undefined {
  if (typeof condition === 'string') return condition.startsWith('@') && !condition.startsWith('@@') ? operandKey(condition) : undefined;
  const entries = Object.entries(asObject(condition) ?? {});
  if (entries.length !== 1) return undefined;
  const [op, value] = entries[0];
  if (op === 'not') {
    const inner = conditionKey(value);
    return inner === undefined ? undefined : `not(${inner})`;
  }
  if (!Array.isArray(value) || !value.length) return undefined;
  const parts = value.map((v) => (op === 'and' || op === 'or' ? conditionKey(v) : operandKey(v)));
  if (parts.some((k) => k === undefined)) return undefined;
  return (op === 'and' || op === 'or') && parts.length === 1 ? parts[0] : `${op.toLowerCase()}(${parts.join(',')})`;
}

/** An operand of a condition as text to compare: an expression without its `@` (or `@{…}`), blanks and case outside quotes; a literal quoted. */
function operandKey(value: unknown): string | undefined {
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (typeof value !== 'string') return undefined;
  if (!value.startsWith('@') || value.startsWith('@@')) return `'${(value.startsWith('@@') ? value.slice(1) : value).replace(/'/g, "''")}'`;
  const text = value.startsWith('@{') && value.endsWith('}') && value.indexOf('@{', 1) < 0 ? value.slice(2, -1) : value.slice(1);
  let key = '';
  let quoted = false;
  for (const c of text) {
    if (c === "'") quoted = !quoted;
    if (quoted || c === "'") key += c;
    else if (!/\s/.test(c)) key += c.toLowerCase();
  }
  return key;
}

/** A Wait (Delay) action whose interval is a count of 0 or less: it goes on at once. A count set by an expression is taken as a wait. */
function delaysNothing(node: FlowNode): boolean {
  const count = asObject(asObject(asObject(node.parameters)?.inputs)?.interval)?.count;
  return node.type.toLowerCase() === 'wait' && typeof count === 'number' && count <= 0;
}

/** A value written as a constant (`true`, `@true`, `5`, `'done'`): a flag that ends the loop, not a copy of what a call answered. */
function isConstant(value: unknown): boolean {
  if (typeof value === 'boolean' || typeof value === 'number') return true;
  return typeof value === 'string' && (!value.startsWith('@') || value.startsWith('@@') || /^@(?:true|false|-?\d+(?:\.\d+)?|'[^']*')$/.test(value));
}

/** True when an action runs only after a step failed or timed out (every `runAfter` entry lists only those states). */
function onlyAfterFailure(node: FlowNode): boolean {
  const after = Object.values(asObject(asObject(node.parameters)?.runAfter) ?? {});
  return after.length > 0 && after.every((states) => Array.isArray(states) && states.length > 0 && states.every((s) => /^(?:failed|timedout)$/i.test(String(s))));
}

/**
 * True when an `Until` loop counts its passes or stops on failure: its condition or an action inside uses
 * `iterationIndexes('<loop>')`, or its condition reads a variable that an action inside increments, or sets when a
 * call fails (run after `Failed`/`TimedOut`), or computes, after such a step, from a variable that step sets (the
 * failure branch marks the next-page link "Stop", and the exit flag is computed from the link).
 */
function untilBounded(loop: FlowNode, inside: readonly FlowNode[]): boolean {
  const exit = JSON.stringify(asObject(loop.parameters)?.expression ?? '');
  const passes = `iterationIndexes('${loop.name}')`;
  if (exit.includes(passes) || inside.some((n) => JSON.stringify(asObject(n.parameters)?.inputs ?? '').includes(passes))) return true;
  const read = new Set([...exit.matchAll(VARIABLE_REF)].map((m) => m[1]));
  if (inside.some((n) => read.has(variableSet(n) ?? '') && (n.type.toLowerCase() === 'incrementvariable' || setsOnFailure(n)))) return true;
  // Actions of the loop itself (not nested in a condition or scope), by name: what their `runAfter` refers to.
  const own = new Map(inside.filter((n) => !n.pointer.slice(loop.pointer.length + '/actions/'.length).includes('/')).map((n) => [n.name, n]));
  for (const flag of own.values()) {
    if (flag.type.toLowerCase() !== 'setvariable' || !read.has(variableSet(flag) ?? '')) continue;
    const from = new Set([...JSON.stringify(asObject(asObject(flag.parameters)?.inputs)?.value ?? '').matchAll(VARIABLE_REF)].map((m) => m[1]));
    for (const stop of own.values()) if (from.has(variableSet(stop) ?? '') && setsOnFailure(stop) && runsAfter(flag, stop, own)) return true;
  }
  return false;
}

/** The variable a SetVariable/IncrementVariable action sets. */
function variableSet(node: FlowNode): string | undefined {
  return asString(asObject(asObject(node.parameters)?.inputs)?.name);
}

/** A SetVariable action that runs after a step failed or timed out. */
function setsOnFailure(node: FlowNode): boolean {
  const runAfter = asObject(asObject(node.parameters)?.runAfter) ?? {};
  return node.type.toLowerCase() === 'setvariable' && Object.values(runAfter).some((states) => Array.isArray(states) && states.some((s) => s === 'Failed' || s === 'TimedOut'));
}

/** True when `action` runs after `before` succeeded: a chain of `runAfter` entries that accept `Succeeded` leads from one to the other. */
function runsAfter(action: FlowNode, before: FlowNode, siblings: ReadonlyMap<string, FlowNode>): boolean {
  const seen = new Set([action.name]);
  const queue = [action];
  for (let i = 0; i < queue.length; i++) {
    for (const [name, states] of Object.entries(asObject(asObject(queue[i].parameters)?.runAfter) ?? {})) {
      if (!Array.isArray(states) || (states.length && !states.includes('Succeeded'))) continue;
      if (name === before.name) return true;
      const next = siblings.get(name);
      if (next && !seen.has(name)) {
        seen.add(name);
        queue.push(next);
      }
    }
  }
  return false;
}

/** n8n and Node-RED loops that call a service again and again with no counter (retry and polling loops). */
/**
 * Node-RED: leaves out of `succ` the returns no loop can take. A return-mode link out leads on to what is wired to every
 * link call of its chain (the flow model does not know which call a message came from), so a chain called twice on one
 * path (a token fetched before two requests) would close a loop from the second call's chain back to what follows the
 * first. A message returns to the call it came from: a return to `S` can be part of a loop only when a call wired to
 * `S` is in the same strongly connected part as `S`. Dropping a return inside a part can split it: again until none
 * does, within `budget` (past it, the returns left stay, and the loops are still searched).
 */
function dropUnmatchedReturns(flow: Flow, active: readonly string[], succ: Map<string, string[]>, budget: Budget): void {
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  // The link calls wired to each node (a static call's wires are no edges of the model: its chain's returns are).
  const callsInto = new Map<string, string[]>();
  for (const node of flow.nodes) {
    const wires = node.type === 'link call' ? asObject(node.parameters)?.wires : undefined;
    if (!Array.isArray(wires)) continue;
    for (const port of wires) if (Array.isArray(port)) for (const to of port) if (typeof to === 'string') addTo(callsInto, to, node.id);
  }
  const isReturn = (id: string) => byId.get(id)?.type === 'link out' && asObject(byId.get(id)!.parameters)?.mode === 'return';
  let returns = flow.edges.filter((e) => e.kind === 'link' && callsInto.has(e.to) && isReturn(e.from));
  while (returns.length) {
    const part = new Map<string, number>();
    cyclesOf(active, (id) => succ.get(id) ?? [], budget).forEach((cycle, i) => {
      for (const id of cycle) part.set(id, i);
    });
    if (budget.exhausted) return; // parts cut short: a return of a real loop could look unmatched
    // Per link out, the returns to drop; each list filtered once (a chain many calls share has many returns). Only a
    // return inside a part can split it: dropping the others changes no part, so another round is needed only then.
    const drop = new Map<string, Set<string>>();
    let splits = false;
    for (const e of returns) {
      const p = part.get(e.to);
      if (p !== undefined && callsInto.get(e.to)!.some((call) => part.get(call) === p)) continue;
      (drop.get(e.from) ?? drop.set(e.from, new Set()).get(e.from)!).add(e.to);
      if (p !== undefined && part.get(e.from) === p) splits = true;
    }
    for (const [from, gone] of drop) succ.set(from, (succ.get(from) ?? []).filter((to) => !gone.has(to)));
    if (!splits) return;
    returns = returns.filter((e) => !drop.get(e.from)?.has(e.to));
  }
}

function checkLoops(context: RuleContext, flow: Flow, live: LiveGraph): void {
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  const succ = new Map<string, string[]>();
  /** n8n sub-nodes (a model, a code tool) by the node they plug into. */
  const subNodes = new Map<string, string[]>();
  for (const e of live.edges) {
    const kind = e.kind ?? 'main';
    if (flow.platform === 'n8n' && kind !== 'main') addTo(subNodes, e.to, e.from);
    // Node-RED retry loops go through catch nodes (error edges); n8n ones through the error output (still `main`).
    if (flow.platform === 'n8n' ? kind !== 'main' : kind === 'complete') continue;
    // n8n passes a disabled node's items on by its first output and does nothing else (no wait, no check, no call);
    // Node-RED does not deploy a disabled node, so nothing passes it.
    if (flow.platform === 'n8n' ? byId.get(e.from)?.disabled && (e.output ?? 0) !== 0 : byId.get(e.from)?.disabled || byId.get(e.to)?.disabled) continue;
    addTo(succ, e.from, e.to);
  }
  const active = flow.nodes.filter((n) => !n.disabled && live.runs.has(n.id)).map((n) => n.id);
  // The returns' reading has a budget of its own: the loops are searched within theirs whatever it spent.
  if (flow.platform === 'node-red') dropUnmatchedReturns(flow, active, succ, new Budget(LOOP_BUDGET));
  const budget = new Budget(LOOP_BUDGET);
  const loops = cyclesOf(active, (id) => succ.get(id) ?? [], budget);
  for (let i = 0; i < loops.length; i++) {
    const nodes = loops[i].map((id) => byId.get(id)!).filter(Boolean);
    // The steps that act: a disabled n8n node on the way only passes the items on.
    const acting = nodes.filter((n) => !n.disabled);
    // n8n "Loop Over Items" and Node-RED split/join walk a finite list; they end by themselves. A loop inside one that
    // does not pass the list step (a retry or a poll for each item) does not: it is judged on its own.
    if (acting.some(walksList)) {
      const inner = new Set(nodes.filter((n) => n.disabled || !walksList(n)).map((n) => n.id));
      const within = restrictTo(inner, succ);
      loops.push(...cyclesOf([...inner], (id) => within.get(id) ?? [], budget));
      continue;
    }
    const calls = acting.filter((n) => isOutbound(n));
    if (!calls.length) continue;
    // A loop through a step that waits for a person (a form page, an approval, a resume link) goes at their pace, when
    // every way back to a call passes one: an error output wired around it retries at once. Such a step paces the
    // ways that pass it, as a wait does.
    const persons = new Set(acting.filter(waitsForPerson).map((n) => n.id));
    // Such a step waits only once its message went out: a failed send goes on at once (see withFailedSends).
    const { steps, next } = flow.platform === 'n8n' && persons.size ? withFailedSends(context, nodes, persons, succ, live) : { steps: nodes, next: succ };
    if (persons.size && !callCycleAvoiding(steps, persons, next, false)) continue;
    const plugged = acting.flatMap((host) => (subNodes.get(host.id) ?? []).flatMap((id) => (byId.get(id)?.disabled === false ? [[byId.get(id)!, host] as const] : [])));
    // Counted only when every way back to a call passes a step that counts: an error output or a catch node wired
    // around the check retries without counting. Past the work budget the loop keeps reading as counted.
    const counters = countingSteps(acting, plugged);
    if (counters.size && !callCycleAvoiding(steps, counters, next, false)) continue;
    // A loop that walks pages ends with the data. A failing call stops the run instead of repeating, unless a step
    // carries on after the failure and leads back to a call without passing a step that moves to the next page.
    const pages = pageSteps(acting);
    if (pages && !(acting.some((n) => continuesOnError(context, n)) && callCycleAvoiding(steps, pages, next))) continue;
    // Paced only when every way back to a call passes a wait: an error output or a catch node wired straight back to
    // the call retries a failing service at once.
    // With a counter that some ways back skip, those ways are the ones to pace.
    const waits = new Set(acting.filter((n) => waitsBetweenPasses(context, n) || persons.has(n.id)).map((n) => n.id));
    const paced = waits.size > 0 && !callCycleAvoiding(steps, new Set([...waits, ...counters]), next, false);
    // In n8n a failed call stops the run unless a node of the loop carries on: then only a "not done" answer keeps
    // the loop going. A Node-RED http request passes an error status on as a message.
    const failures = flow.platform !== 'n8n' || acting.some((n) => continuesOnError(context, n) || answersFailure(n))
      ? 'if the service keeps failing or never reports "done"'
      : 'a failed call stops the run, but if the service never reports "done"';
    const [first] = calls;
    const related: RelatedReport[] = nodes.filter((n) => n !== first).slice(0, 20).map((n) => ({ ...nodeAnchor(n, flow.platform), message: `"${n.name}" is part of the loop` }));
    // A Node-RED loop before an http response holds the caller of the endpoint that started it.
    const hook = flow.platform === 'node-red' ? calls.map((c) => nodeRedAnswers(context, flow).heldBy.get(c.id)).find((h) => h !== undefined) : undefined;
    const holds = hook ? ` The caller of HTTP endpoint ${endpointName(hook)} waits all the while: its http response comes after the loop.` : '';
    context.report({
      ...nodeAnchor(first, flow.platform),
      // A paced loop cannot hammer the service, but it can still run forever.
      severity: paced ? 'info' : 'warning',
      message: `"${first.name}" sits in a loop (${nodes.map((n) => `"${n.name}"`).slice(0, 5).join(' → ')}${nodes.length > 5 ? ' → …' : ''}) with ${unbounded(counters.size > 0, paced ? 'paced' : waits.size ? 'skipped' : 'none')}: ${failures}, the flow calls it ${paced ? 'forever' : 'as fast as it can, forever'}.${holds} Count attempts (n8n: $runIndex in the IF; Node-RED: a counter in the message)${counters.size ? ' on every way back to it' : ''} and stop after a few${paced ? '' : ', with a wait between attempts'}.`,
      related,
    });
  }
}

/**
 * What a loop lacks, in words: no attempt counter, or one that a way back to the call skips (`skipsCounter`); and no
 * wait (`none`), or one that such a way back skips (`skipped`), or nothing more when every such way passes a wait (`paced`).
 */
function unbounded(skipsCounter: boolean, wait: 'paced' | 'skipped' | 'none'): string {
  if (!skipsCounter) return `no attempt counter${wait === 'paced' ? '' : wait === 'skipped' ? ' and a way back to it that skips the wait' : ' and no wait'}`;
  return `a way back to it that skips ${wait === 'skipped' ? 'both its attempt counter and its wait' : `its attempt counter${wait === 'none' ? ', and no wait' : ''}`}`;
}

/**
 * An n8n Wait node, a Node-RED delay or trigger node: a step that holds the message before the loop goes round again.
 * Not one that waits for nothing ({@link waitsNothing}).
 */
function waitsBetweenPasses(context: RuleContext, node: FlowNode): boolean {
  return (/\.wait$/.test(node.type) || node.type === 'delay' || node.type === 'trigger') && !waitsNothing(context, node);
}

/** Seconds in a unit of n8n's Wait node. */
const N8N_WAIT_UNITS: Readonly<Record<string, number>> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };

/** Seconds in a unit of Node-RED's delay node. */
const NODE_RED_DELAY_UNITS: Readonly<Record<string, number>> = { milliseconds: 0.001, seconds: 1, minutes: 60, hours: 3600, days: 86400 };

/** Waits shorter than this (seconds) hold nothing back, as n8n's Retry On Fail waits of under 100 ms. */
const NO_WAIT = 0.1;

/**
 * True for a wait written as (almost) nothing: an n8n Wait after a time interval whose amount is a number below 0.1 s
 * (n8n sleeps that long in process: `amount: 0` goes on at once), a Node-RED delay node of a fixed or random delay
 * below it (`timeout: '0'`). A wait set by an expression or a message property is taken as a wait.
 */
function waitsNothing(context: RuleContext, node: FlowNode): boolean {
  const params = asObject(node.parameters) ?? {};
  if (/\.wait$/.test(node.type)) {
    if (params.resume !== undefined && params.resume !== 'timeInterval') return false;
    const version = rawNode(context, node).typeVersion;
    const unit = N8N_WAIT_UNITS[asString(params.unit) ?? (version === 1 ? 'hours' : 'seconds')];
    return typeof params.amount === 'number' && unit !== undefined && params.amount * unit < NO_WAIT;
  }
  if (node.type !== 'delay') return false;
  const pause = asString(params.pauseType) ?? 'delay';
  const [amount, unit] = pause === 'delay' ? [params.timeout, params.timeoutUnits] : pause === 'random' ? [params.randomLast, params.randomUnits] : [];
  const seconds = NODE_RED_DELAY_UNITS[asString(unit) ?? 'seconds'];
  const value = typeof amount === 'number' ? amount : typeof amount === 'string' && amount.trim() !== '' ? Number(amount) : NaN;
  return seconds !== undefined && Number.isFinite(value) && value * seconds < NO_WAIT;
}

/** n8n "Loop Over Items" (Split In Batches) and Node-RED split/join: steps that walk a finite list. */
function walksList(node: FlowNode): boolean {
  return /\.splitInBatches$/.test(node.type) || node.type === 'split' || node.type === 'join';
}

/** An n8n HTTP Request that returns an error status as data (*Never Error*; *Ignore Response Code* in versions 1 and 2). */
function answersFailure(node: FlowNode): boolean {
  const options = asObject(asObject(node.parameters)?.options);
  return node.type.endsWith('.httpRequest') && (asObject(asObject(options?.response)?.response)?.neverError === true || options?.ignoreResponseCode === true);
}

/**
 * A loop with the failures of its steps that wait for a person (`persons`) as steps of their own. An n8n send-and-wait
 * waits for its answer only once the message went out: when sending fails (a throttled or revoked account, a wrong
 * channel) and the node carries on, the item goes on at once, by the error output with *Continue (using error output)*,
 * by its regular output with no answer in it with *Continue* (`continueOnFail`). Each such step gets a twin that stands
 * for its failure: it calls what the step calls, has its predecessors, and leads where the failures go, without
 * waiting. `steps` and `next` hold the loop's nodes and successors with the twins (unchanged when no step carries on).
 */
function withFailedSends(context: RuleContext, loop: readonly FlowNode[], persons: ReadonlySet<string>, succ: ReadonlyMap<string, string[]>, live: LiveGraph): { steps: readonly FlowNode[]; next: ReadonlyMap<string, string[]> } {
  // Form pages and Wait nodes send nothing that could fail.
  const failing = loop.filter((n) => persons.has(n.id) && asObject(n.parameters)?.operation === 'sendAndWait' && carriesOn(context, n));
  if (!failing.length) return { steps: loop, next: succ };
  const next = new Map(loop.map((n) => [n.id, [...(succ.get(n.id) ?? [])]]));
  const twins = new Map(failing.map((n) => [n.id, `${n.id}\u0000failed`]));
  for (const person of failing) {
    const out = live.edges.filter((e) => e.from === person.id && (e.kind ?? 'main') === 'main');
    // The step's own output is the first; with an error output, any other is that (a send-and-wait has one output).
    const byErrorOutput = rawNode(context, person).onError === 'continueErrorOutput';
    next.set(twins.get(person.id)!, out.filter((e) => !byErrorOutput || (e.output ?? 0) > 0).map((e) => e.to));
    if (byErrorOutput) next.set(person.id, out.filter((e) => (e.output ?? 0) === 0).map((e) => e.to));
  }
  // What leads to a step leads to its failure too (an error output wired back to the step itself: to its twin).
  for (const to of next.values()) for (const id of [...to]) if (twins.has(id)) to.push(twins.get(id)!);
  return { steps: [...loop, ...failing.map((n) => ({ ...n, id: twins.get(n.id)! }))], next };
}

/** True when an n8n node carries on after it fails: n8n reads `onError` (any *Continue*), else `continueOnFail`. */
function carriesOn(context: RuleContext, node: FlowNode): boolean {
  const raw = rawNode(context, node);
  return raw.onError === undefined ? raw.continueOnFail === true : typeof raw.onError === 'string' && raw.onError.startsWith('continue');
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
  for (const key of ['conditions', 'rules', 'value1', 'jsCode', 'pythonCode', 'functionCode', 'func', 'code', 'property', 'expression', 'options']) {
    if (raw[key] !== undefined) parts.push(JSON.stringify(raw[key]).slice(0, 20_000));
  }
  return parts.join(' ');
}

/**
 * The steps of the loop that count its passes: a condition or code that reads n8n's `$runIndex`, or that checks a
 * field the loop makes grow ({@link grownFields}): an IF/Switch/Filter of the loop reading it, the code of a code node
 * comparing it, or a code sub-node plugged into a node of the loop comparing it (an n8n model picker that throws when
 * its list of models runs out: the node it plugs into is the step). `plugged` pairs each sub-node with that node.
 */
function countingSteps(loop: readonly FlowNode[], plugged: readonly (readonly [FlowNode, FlowNode])[]): Set<string> {
  const steps = new Set<string>();
  for (const n of loop) if (checksRuns(n)) steps.add(n.id);
  const grown = new Set(loop.filter(raises).flatMap((n) => [...grownFields(n), ...grownFields(n, DECREMENT)]));
  if (!grown.size) return steps;
  for (const [node, step] of [...loop.map((n) => [n, n] as const), ...plugged.filter(([sub]) => sub.role === 'code')]) {
    if (node.role !== 'control' && node.role !== 'code') continue;
    const text = conditionText(node);
    for (const m of text.matchAll(IDENTIFIER)) {
      if (!grown.has(m[0])) continue;
      if (node.role === 'control' || comparedAt(text, m.index + m[0].length)) {
        steps.add(step.id);
        break;
      }
    }
  }
  return steps;
}

/**
 * True when a node checks n8n's run counters: an IF/Switch/Filter whose condition reads `$runIndex` or `isExecuted`,
 * code that compares `$runIndex` (`if ($runIndex >= 5) throw …`, `5 <= $runIndex`) or reads `isExecuted`. Code that
 * only uses the number (`attempt: $runIndex + 1`, a log line) stops nothing.
 */
function checksRuns(node: FlowNode): boolean {
  if (node.role !== 'control' && node.role !== 'code' && node.role !== 'transform') return false;
  const text = conditionText(node);
  if (!RUN_COUNTER.test(text)) return false;
  if (node.role === 'control' || text.includes('isExecuted')) return true;
  for (const m of text.matchAll(RUN_INDEX)) if (comparedAt(text, m.index + m[0].length) || comparedBefore(text, m.index)) return true;
  return false;
}

/** Nodes that can raise a counter: Set/Change, Code/Function, IF/Switch. */
function raises(node: FlowNode): boolean {
  return node.role === 'transform' || node.role === 'code' || node.role === 'control';
}

/**
 * Fields a node makes grow: a field read and increased (`$json.attempt + 1`, `msg.count++`, `json["sofar"] +
 * $json.total`, `(msg.retries || 0) + 1`), and the name a Set/Change node gives the increased value. Local variables
 * (`i++` of a `for` loop) do not count: they start again on every pass. With {@link DECREMENT}, fields counted down.
 */
function grownFields(node: FlowNode, increment = INCREMENT): string[] {
  const names: string[] = [];
  walkStrings(node.parameters, '', (v) => {
    let grows = false;
    for (const m of v.value.matchAll(increment)) {
      const field = fieldBefore(v.value, m.index);
      if (field) names.push(field);
      // A dash after no field is a minus sign or part of a date or a name, not a countdown.
      if (field || increment !== DECREMENT) grows = true;
    }
    // `{ name: 'limitKNN', value: '={{ $json.limitKNN + 5 }}' }`: the pair's name, not a key such as `jsCode`.
    if (grows && !v.pointer.endsWith(`/${v.name}`)) names.push(v.name.replace(/^=/, '').split('.').pop()!);
  });
  return names;
}

/** The field name that ends just before `end` (closing brackets, quotes and a `|| 0` default skipped), if it is a field. */
function fieldBefore(text: string, end: number): string | undefined {
  let i = skipClosers(text, end);
  const zero = ZERO_DEFAULT.exec(text.slice(Math.max(0, i - 8), i));
  if (zero) i = skipClosers(text, i - zero[0].length);
  let start = i;
  while (start > 0 && isNameChar(text.charCodeAt(start - 1))) start--;
  const name = text.slice(start, i);
  if (!name || isDigit(name.charCodeAt(0)) || name === 'length') return undefined;
  // A field: `obj.name`, `obj["name"]`, `get('name')`.
  const before = text.slice(Math.max(0, start - 3), start);
  return before.endsWith('.') || /[[(]\\?["']$/.test(before) ? name : undefined;
}

/** Closing brackets, quotes and blanks between a name and what follows it (`json["count"] + 1`, `llms[i] === x`). */
const CLOSERS = ' \t\n"\')]\\';

function skipClosers(text: string, end: number): number {
  let i = end;
  while (i > 0 && CLOSERS.includes(text[i - 1])) i--;
  return i;
}

/** True when a comparison (`<`, `>=`, `===`, `!=`) follows `start`, closing brackets and quotes skipped. */
function comparedAt(text: string, start: number): boolean {
  let i = start;
  while (i < text.length && CLOSERS.includes(text[i])) i++;
  return text[i] === '<' || text[i] === '>' || ((text[i] === '=' || text[i] === '!') && text[i + 1] === '=');
}

/** True when a comparison (`<`, `>=`, `===`, `!=`; not an arrow `=>`) comes just before `end`, blanks and `(` skipped. */
function comparedBefore(text: string, end: number): boolean {
  let i = end;
  while (i > 0 && ' \t('.includes(text[i - 1])) i--;
  const c = text[i - 1];
  if (c === '<') return true;
  if (c === '>') return text[i - 2] !== '=';
  return c === '=' && '=!<>'.includes(text[i - 2] ?? '');
}

function isNameChar(code: number): boolean {
  return isDigit(code) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 36;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * The steps of a loop that walks pages, or undefined when it does not: steps that read a cursor, a next-page token or
 * link, page info or an offset, or a condition that checks how many items came back (a page shorter than the limit is
 * the last), or calls that read a number the loop raises by steps (a page number, an offset, a time window further
 * back: each pass asks for something new). The steps that move to the next page are those of them that are not calls,
 * and the steps that raise the number.
 */
function pageSteps(loop: readonly FlowNode[]): Set<string> | undefined {
  const stepped = new Map(loop.filter(raises).map((n) => [n, grownFields(n, STEP)]));
  const counters = new Set([...stepped.values()].flat());
  const steps = new Set<string>();
  /** Fields the loop makes grow that a call reads. */
  const read = new Set<string>();
  let pages = false;
  for (const n of loop) {
    if (n.role === 'ai') continue; // prompts mention pages without walking them
    const text = JSON.stringify(n.parameters ?? {}).slice(0, 100_000);
    const call = isOutbound(n);
    if (call) for (const field of fieldsRead(text, counters)) read.add(field);
    if (PAGE_WORDS.test(text) || (n.role === 'control' && ITEM_COUNT.test(conditionText(n)))) {
      pages = true;
      if (!call) steps.add(n.id);
    }
  }
  if (!pages && !read.size) return undefined;
  for (const [n, fields] of stepped) if (fields.some((f) => read.has(f))) steps.add(n.id);
  return steps;
}

/** The names of `fields` that `text` reads as a field (`.page`, `["page"]`, `['page']`). */
function fieldsRead(text: string, fields: ReadonlySet<string>): string[] {
  if (!fields.size) return [];
  const found: string[] = [];
  for (const m of text.matchAll(IDENTIFIER)) {
    if (!fields.has(m[0])) continue;
    const before = text.slice(Math.max(0, m.index - 3), m.index);
    if (before.endsWith('.') || /\[\\?["']$/.test(before)) found.push(m[0]);
  }
  return found;
}

/**
 * True when a call of the loop lies on a cycle that passes none of `steps`; past the work budget, `whenUnsure` (true
 * where a missed cycle would hide a finding, false where it would make one up).
 */
function callCycleAvoiding(loop: readonly FlowNode[], steps: ReadonlySet<string>, succ: ReadonlyMap<string, string[]>, whenUnsure = true): boolean {
  const rest = new Set(loop.filter((n) => !steps.has(n.id)).map((n) => n.id));
  const calls = new Set(loop.filter((n) => !n.disabled && isOutbound(n)).map((n) => n.id));
  const budget = new Budget(LOOP_BUDGET);
  const within = restrictTo(rest, succ);
  const cycles = cyclesOf([...rest], (id) => within.get(id) ?? [], budget);
  return cycles.some((cycle) => cycle.some((id) => calls.has(id))) || (budget.exhausted && whenUnsure);
}

/**
 * `succ` between the nodes of `keep` only, each list filtered once: the cycle search reads a node's successors again at
 * each of its steps, and a check or wait that fans out to thousands of calls would cost their number squared.
 */
function restrictTo(keep: ReadonlySet<string>, succ: ReadonlyMap<string, string[]>): Map<string, string[]> {
  const within = new Map<string, string[]>();
  for (const id of keep) within.set(id, (succ.get(id) ?? []).filter((to) => keep.has(to)));
  return within;
}

/** True when the node carries on after a failure: n8n `onError: continue…` or `continueOnFail`, a Node-RED catch node. */
function continuesOnError(context: RuleContext, node: FlowNode): boolean {
  if (node.type === 'catch') return true;
  const raw = rawNode(context, node);
  return raw.continueOnFail === true || (typeof raw.onError === 'string' && raw.onError.startsWith('continue'));
}
