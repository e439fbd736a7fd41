// Helpers for the rules about how a flow is built (error paths, retries, node provenance): the node as exported, what
// starts the flow and which nodes act on other systems.
import { addTo, reach } from '../dataflow/graph.js';
import { chatServiceAt, postsChatMessage } from '../knowledge/chatServices.js';
import { wdlOperationId } from '../knowledge/connectors/azure.js';
import { n8nShortType } from '../knowledge/connectors/n8n.js';
import { THIRD_PARTY_HOSTS } from '../knowledge/thirdParty.js';
import type { SignatureCheck } from '../dataflow/types.js';
import type { Edge, Flow, FlowNode, NodeRole } from '../model/index.js';
import { parsePointer } from '../source.js';
import { asObject, asString, valueAt } from '../walk.js';
import type { RuleContext } from './types.js';

/** Each node's exported object, found once: several rules read it for every node, and each look parsed the pointer. */
const rawNodes = new WeakMap<FlowNode, Record<string, unknown>>();

/** The node's object as exported (n8n node settings such as `retryOnFail` and `onError` sit beside its parameters). */
export function rawNode(context: RuleContext, node: FlowNode): Record<string, unknown> {
  let raw = rawNodes.get(node); // a node belongs to one parse of one document
  if (!raw) rawNodes.set(node, (raw = asObject(valueAt(context.document.value, parsePointer(node.pointer))) ?? {}));
  return raw;
}

/** A flow's nodes by id, built once per flow. */
const nodesById = new WeakMap<Flow, ReadonlyMap<string, FlowNode>>();

/**
 * True when an n8n node carries on after an error with the failed item on its regular output. n8n reads `onError` when
 * it is set, `continueOnFail` only when it is not: `continueOnFail: true` beside `onError: stopWorkflow` stops.
 */
function passesFailedItemOn(raw: Record<string, unknown>): boolean {
  return raw.onError === undefined ? raw.continueOnFail === true : raw.onError === 'continueRegularOutput';
}

/**
 * True when an n8n node carries on after it fails, by either output: n8n reads `onError` when it is set (any *Continue*:
 * `continueRegularOutput`, `continueErrorOutput`), `continueOnFail` only when it is not. Its failure does not fail the
 * execution.
 */
export function carriesOnAfterFailure(context: RuleContext, node: FlowNode): boolean {
  const raw = rawNode(context, node);
  return raw.onError === undefined ? raw.continueOnFail === true : typeof raw.onError === 'string' && raw.onError.startsWith('continue');
}

/**
 * The outputs by which only verified items leave a signature check (or a check in code that throws) on `node`
 * (undefined: all), or null when rejected ones go on too: code that throws verifies nothing when its node carries on after an error (n8n `continueOnFail`,
 * `onError: continueRegularOutput`), and only by its regular output with `onError: continueErrorOutput`; a check that
 * relies on another node (the Crypto node whose HMAC an IF compares) verifies nothing when that node carries on after an
 * error, with an item that holds no HMAC (`'sha256=' + $json.hmac` is then `sha256=undefined`, which a forged header can
 * hold).
 */
export function verifiedOutputs(context: RuleContext, node: FlowNode, sig: Pick<SignatureCheck, 'outputs' | 'relies'>): readonly number[] | undefined | null {
  if (sig.relies?.length && context.flow) {
    const flow = context.flow;
    let byId = nodesById.get(flow);
    if (!byId) nodesById.set(flow, (byId = new Map(flow.nodes.map((n) => [n.id, n]))));
    if (sig.relies.some((id) => { const n = byId.get(id); return n !== undefined && passesFailedItemOn(rawNode(context, n)); })) return null;
  }
  if (sig.outputs) return sig.outputs;
  const raw = rawNode(context, node);
  if (raw.onError === 'continueErrorOutput') return [0];
  return passesFailedItemOn(raw) ? null : undefined;
}

/** Roles of nodes that call or change another system. */
export const OUTBOUND_ROLES: ReadonlySet<NodeRole> = new Set(['http-request', 'database', 'file', 'email', 'messaging', 'storage', 'ai', 'command']);

/** True when the node calls another system (an outbound role, or an unclassified node with a credential). */
export function isOutbound(node: FlowNode): boolean {
  return OUTBOUND_ROLES.has(node.role) || (node.role === 'other' && node.credentialRefs.length > 0);
}

/** Triggers a person starts by hand or another workflow calls: their failures surface to whoever started them. */
const ATTENDED = /^(?:Manual|n8n sub-workflow|n8n error workflow|Inject|Manual trigger \(button\)|Power Apps|Copilot Studio)$/;

/** Power Automate triggers a person runs on a selected file, item or message (SharePoint, OneDrive, Outlook "For a selected …"). */
const SELECTED_ITEM_TRIGGER = /^For(?:A)?Selected/i;

/**
 * True when a person starts the flow by hand: a manual, app or sub-workflow trigger, or a "For a selected …" one. A
 * schedule never is, whatever its service (a Node-RED inject node is a button unless it repeats).
 */
function attended(node: FlowNode): boolean {
  if (node.role === 'trigger-schedule') return false;
  if (ATTENDED.test(node.service ?? '')) return true;
  const operationId = wdlOperationId(node.parameters);
  return operationId !== undefined && SELECTED_ITEM_TRIGGER.test(operationId);
}

/** A trigger that starts the flow when nobody is watching: `inbound` (webhooks, events) or `schedule`. */
export interface UnattendedTrigger {
  readonly kind: 'inbound' | 'schedule';
  readonly node: FlowNode;
}

/** The enabled triggers that start the flow when nobody is watching, in node order (empty when it is only run by hand). */
export function unattendedTriggers(nodes: readonly FlowNode[]): UnattendedTrigger[] {
  return nodes
    .filter((node) => !node.disabled && node.role.startsWith('trigger-') && !attended(node))
    .map((node) => ({ kind: node.role === 'trigger-schedule' ? 'schedule' : 'inbound', node }));
}

/** How the flow starts when nobody is watching: its first inbound trigger, else its first schedule; undefined when manual only. */
export function unattendedStart(nodes: readonly FlowNode[]): UnattendedTrigger | undefined {
  const triggers = unattendedTriggers(nodes);
  return triggers.find((t) => t.kind === 'inbound') ?? triggers[0];
}

/** Roles that keep records: a failed write there loses the record. */
const RECORD_ROLES: ReadonlySet<NodeRole> = new Set(['database', 'storage', 'file']);

/** Operations that only read (n8n `operation` values, matched from the start: `get`, `getAll`, `read`, `lookup`, ...). */
const READ_OPERATION = /^(?:get|read|list|lookup|search|find|fetch|download|select|count|exists)(?![a-z])|^(?:getAll|getMany|readRows|readAllRows|readMatchingRows)$/i;

/** True when the node only reads: a read operation, or a GET/HEAD request. */
function readsOnly(node: FlowNode): boolean {
  const operation = asObject(node.parameters)?.operation;
  if (typeof operation === 'string') return READ_OPERATION.test(operation);
  return /^(?:GET|HEAD|OPTIONS)$/i.test(node.method ?? '');
}

/**
 * n8n AI sub-nodes that infer, embed or look up for the node they serve (models, embeddings, rerankers, retrievers,
 * loaders, splitters, parsers, chat memory), matched on the short type of the LangChain package.
 */
const N8N_AI_HELPER = /^(?:lm|embeddings|reranker|retriever|document|textSplitter|outputParser|memory)[A-Z]/;

/** Vector store modes that add to or change the store (`load`, `retrieve` and `retrieve-as-tool` read). */
const VECTOR_STORE_WRITE = /^(?:insert|update)$/;

/** Hosts of AI model APIs (from the third-party catalogue): a POST there asks for an answer and stores nothing. */
const AI_HOSTS = Object.entries(THIRD_PARTY_HOSTS).filter(([, category]) => category === 'ai').map(([host]) => host);

/** True when the node asks an AI model or looks something up for one: it keeps no record, whatever its method. */
function infers(node: FlowNode): boolean {
  if (node.type.startsWith('@n8n/n8n-nodes-langchain.')) {
    const short = n8nShortType(node.type);
    // The older one-mode nodes (`vectorStorePineconeInsert`, `…Load`) say in their type what they do; the others in `mode`.
    if (short.startsWith('vectorStore')) return !(short.endsWith('Insert') || VECTOR_STORE_WRITE.test(asString(asObject(node.parameters)?.mode) ?? 'retrieve'));
    return N8N_AI_HELPER.test(short);
  }
  const host = literalHost(node.endpoint);
  return host !== undefined && AI_HOSTS.some((h) => host === h || host.endsWith(`.${h}`));
}

/**
 * The literal host of a URL, an n8n expression's `=` aside (`=https://api.example.com/x` → `api.example.com`); undefined
 * when an expression or credentials supply it.
 */
export function literalHost(endpoint: string | undefined): string | undefined {
  return literalUrl(endpoint)?.host;
}

/**
 * The literal host of a URL (as {@link literalHost}) and its path, port, query and fragment left out
 * (`=https://api.telegram.org:443/bot{{ $json.token }}/sendMessage?x=1` → `/bot{{ $json.token }}/sendMessage`; `` when
 * it has none); undefined when an expression or credentials supply the host. The path is the one the HTTP client
 * sends: dot segments resolved, `\` read as `/`, tabs and newlines dropped, as the WHATWG URL parser does
 * (`/api/webhooks/../v10/guilds` → `/api/v10/guilds`); the rest is kept as written (an expression is not encoded).
 */
export function literalUrl(endpoint: string | undefined): { readonly host: string; readonly path: string } | undefined {
  if (!endpoint) return undefined;
  const text = endpoint.charCodeAt(0) === 61 ? endpoint.slice(1) : endpoint;
  const scheme = text.indexOf('://');
  // A scheme is letters, digits, `+`, `-` and `.` (leading spaces are dropped): `{{ "https://" + $json.host }}` has none.
  if (scheme <= 0 || scheme > 10 || !/^\s*[a-z][a-z\d+.-]*$/i.test(text.slice(0, scheme))) return undefined;
  // The authority ends where the WHATWG parser ends it for web schemes: `\` too (`https://crm.example.com\x.webhook.office.com`
  // is crm.example.com). User info (`user:password@`) goes before its last `@`; an `@{` starts a Power Automate / Logic Apps
  // expression that writes the host.
  let start = scheme + 3;
  while (start < text.length && !'/\\?#'.includes(text[start])) start++;
  const authority = text.slice(scheme + 3, start);
  if (authority.includes('@{')) return undefined;
  const hostAndPort = authority.slice(authority.lastIndexOf('@') + 1);
  // An IPv6 literal keeps its brackets and colons; otherwise a `:` starts the port. A `}` in what is left means the `@`
  // was an expression's (`https://{{ $json.email.split('@')[1] }}/`): the expression writes the host.
  const host = (hostAndPort.startsWith('[') ? hostAndPort.slice(0, hostAndPort.indexOf(']') + 1) : hostAndPort.split(':')[0]).toLowerCase();
  if (!host || /[{}]/.test(host)) return undefined;
  let stop = start;
  while (stop < text.length && text[stop] !== '?' && text[stop] !== '#') stop++;
  const path = text.slice(start, stop);
  if (!/[.%\\\t\n\r]/.test(path)) return { host, path };
  const segments: string[] = [];
  const parts = path.replace(/[\t\n\r]/g, '').slice(1).split(/[/\\]/);
  parts.forEach((part, i) => {
    const dots = /^(?:\.|%2e){1,2}$/i.test(part) ? part.replace(/%2e/gi, '.').length : 0;
    if (dots === 2) segments.pop();
    if (dots === 0) segments.push(part);
    else if (i === parts.length - 1) segments.push(''); // a trailing `.` or `..` leaves the path ending in `/`
  });
  return { host, path: `/${segments.join('/')}` };
}

/**
 * True when the node posts a chat message or notification: a connector of a chat service that the catalogues give no
 * role, in an operation that posts (messaging nodes are no writes either), or a request to a chat service's incoming
 * webhook or message API (`knowledge/chatServices.ts`).
 */
function postsMessage(node: FlowNode): boolean {
  if (node.role === 'other') return postsChatMessage(node);
  const url = node.role === 'http-request' ? literalUrl(node.endpoint) : undefined;
  return url !== undefined && chatServiceAt(url.host, url.path, () => JSON.stringify(node.parameters ?? null)) !== undefined;
}

/**
 * True when the node writes to a system of record (a database, sheet, CRM, file store, vector store insert, or an
 * HTTP POST/PUT/PATCH/DELETE); a node whose operation or method only reads does not, nor one that asks an AI model
 * (an AI sub-node, a POST to a model API's host), nor one that posts a chat message or notification (a connector of a
 * chat service, a POST to a Slack, Teams or Discord incoming webhook).
 */
export function writesRecords(node: FlowNode): boolean {
  if (infers(node) || postsMessage(node)) return false;
  if (RECORD_ROLES.has(node.role)) return !readsOnly(node);
  if (node.role === 'http-request') return /^(?:POST|PUT|PATCH|DELETE)$/i.test(node.method ?? '');
  return node.role === 'other' && node.credentialRefs.length > 0 && !readsOnly(node);
}

/** Main outputs of the n8n core node types whose count does not depend on their settings (Switch's does). */
const N8N_OUTPUTS: ReadonlyMap<string, number> = new Map([
  ['code', 1], ['function', 1], ['functionItem', 1], ['set', 1], ['noOp', 1], ['httpRequest', 1], ['if', 2],
]);

/**
 * The index of an n8n node's error output (`onError: continueErrorOutput` adds it after the node's own outputs), when the
 * node's own outputs can be counted: IF, Loop Over Items, Compare Datasets, the nodes whose outputs their settings make
 * (Switch v3 rules, Text Classifier and Sentiment Analysis categories), and the one-output core nodes of N8N_OUTPUTS.
 * Undefined for others (Switch v1/v2, Guardrails, Respond to Webhook with its response output, other packages): their
 * error output is read as the last one wired.
 */
export function n8nErrorOutput(context: RuleContext, node: FlowNode): number | undefined {
  const short = n8nShortType(node.type);
  const params = asObject(node.parameters) ?? {};
  const version = rawNode(context, node).typeVersion;
  const options = asObject(params.options) ?? {};
  switch (short) {
    case 'splitInBatches':
      return typeof version === 'number' && version >= 3 ? 2 : 1;
    case 'compareDatasets':
      return 4;
    case 'switch': {
      if (typeof version !== 'number' || version < 3) return undefined; // v1 and v2 count their outputs otherwise
      if (params.mode === 'expression') return typeof params.numberOutputs === 'number' ? params.numberOutputs : 4;
      const rules = asObject(params.rules)?.values;
      return Array.isArray(rules) ? rules.length + (options.fallbackOutput === 'extra' ? 1 : 0) : undefined;
    }
    case 'textClassifier': {
      const categories = asObject(params.categories)?.categories;
      return Array.isArray(categories) ? categories.length + (options.fallback === 'other' ? 1 : 0) : undefined;
    }
    case 'sentimentAnalysis': {
      const categories = asString(options.categories) ?? 'Positive, Neutral, Negative';
      return categories.split(',').filter((c) => c.trim()).length;
    }
  }
  return node.type.startsWith('n8n-nodes-base.') ? N8N_OUTPUTS.get(short) : undefined;
}

/** The edges that can carry data and the nodes that can run (see {@link liveGraph}). */
export interface LiveGraph {
  readonly edges: readonly Edge[];
  /** Ids of the nodes that can run. */
  readonly runs: ReadonlySet<string>;
}

/**
 * The part of a flow that can run. In n8n, an edge from an output its node does not have (output 1 of a Code node,
 * which has one) never carries data, and a node is only reached from a node without inputs (a trigger) along the
 * other edges: a node wired only to such an output never runs. Other platforms: every edge and node.
 */
export function liveGraph(context: RuleContext, flow: Flow): LiveGraph {
  // Once per file: the resilience and monitoring rules both read it.
  return context.memo('liveGraph', () => buildLiveGraph(context, flow));
}

function buildLiveGraph(context: RuleContext, flow: Flow): LiveGraph {
  if (flow.platform !== 'n8n') return { edges: flow.edges, runs: new Set(flow.nodes.map((n) => n.id)) };
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  const outputs = new Map<string, number | undefined>();
  const outputCount = (node: FlowNode): number | undefined => {
    if (!outputs.has(node.id)) outputs.set(node.id, n8nOutputCount(context, node));
    return outputs.get(node.id);
  };
  const edges = flow.edges.filter((e) => {
    const from = byId.get(e.from);
    const count = from && (e.kind ?? 'main') === 'main' && e.output !== undefined ? outputCount(from) : undefined;
    return count === undefined || e.output! < count;
  });
  const hasInput = new Set(flow.edges.map((e) => e.to));
  const succ = new Map<string, string[]>();
  for (const e of edges) addTo(succ, e.from, e.to);
  const runs = reach(flow.nodes.filter((n) => !hasInput.has(n.id)).map((n) => n.id), succ);
  return { edges, runs };
}

/** Main outputs of an n8n core node, plus its error output (`onError: continueErrorOutput`); undefined when unknown. */
function n8nOutputCount(context: RuleContext, node: FlowNode): number | undefined {
  if (!node.type.startsWith('n8n-nodes-base.')) return undefined;
  const base = N8N_OUTPUTS.get(n8nShortType(node.type));
  return base === undefined ? undefined : base + (rawNode(context, node).onError === 'continueErrorOutput' ? 1 : 0);
}
