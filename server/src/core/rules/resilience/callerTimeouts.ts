// HTTP calls with no timeout that a waiting caller depends on, for the retry rule: n8n webhooks, forms and chats that
// answer after their run (and the HTTP tools their agents call); Node-RED http in endpoints and msg.requestTimeout.
import { nodeAnchor } from '../../dataflow/chain.js';
import { addTo, Budget, isDataEdge } from '../../dataflow/graph.js';
import type { Flow, FlowNode } from '../../model/index.js';
import { maskEndpoint } from '../../secrets/redact.js';
import { asObject, asString } from '../../walk.js';
import { rawNode, type LiveGraph } from '../flowShape.js';
import { answers, executionOrders, MAX_RUNS, Scheduler } from '../n8nScheduler.js';
import { nodeRedAnswers } from '../nodeRedAnswers.js';
import type { RuleContext } from '../types.js';

/**
 * HTTP calls with no timeout on the path of a webhook whose caller waits for the response. With *Using 'Respond to
 * Webhook' node*, the caller has its answer once a Respond to Webhook node ran: the path ends there, and a call on
 * another branch that n8n runs after that one ({@link runBeforeAnswer}) does not hold the caller either.
 */
export function checkN8nTimeouts(context: RuleContext, flow: Flow, live: LiveGraph): void {
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
export function checkNodeRedTimeouts(context: RuleContext, flow: Flow): void {
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
export function endpointName(hook: FlowNode): string {
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
