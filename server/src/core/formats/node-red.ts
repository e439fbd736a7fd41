// Node-RED flow JSON → Flow. One Flow per file: every tab and subflow of the array is in it (the tabs are
// listed in `settings.tabs`). Config nodes (a broker, a TLS profile) are nodes of role `other`; the nodes that
// point at them get their endpoint and a credential reference from them.
import { addTo, reach } from '../dataflow/graph.js';
import {
  NODE_RED_CONFIG,
  NODE_RED_CONTAINERS,
  NODE_RED_NODES,
  nodeRedConfigInfo,
  nodeRedNodeInfo,
  type NodeRedEndpoint,
  type NodeRedNodeInfo,
} from '../knowledge/connectors/node-red.js';
import type { CredentialRef, Edge, FlowNode, NodeAuth, NodeRole, ScopeSource } from '../model/index.js';
import { childPointer } from '../source.js';
import { asObject, asString } from '../walk.js';
import { requestedScopes, scopesInUrl, splitScopes } from './scopes.js';
import type { AdapterResult, StructureProblem } from './types.js';

type Raw = Record<string, unknown>;

interface Element {
  readonly raw: Raw;
  readonly pointer: string;
  readonly id: string;
  readonly type: string;
  readonly config: boolean;
}

/**
 * Builds the flow model of a Node-RED flow export: the array the editor exports, or the `{ rev, flows }`
 * object of the admin API. Never throws.
 */
export function buildNodeRedFlow(value: unknown): AdapterResult {
  const wrapped = asObject(value);
  const items = Array.isArray(value) ? value : Array.isArray(wrapped?.flows) ? (wrapped!.flows as unknown[]) : undefined;
  if (!items) {
    return { problems: [{ pointer: '', message: 'This looks like a Node-RED export but is not an array of nodes, so it cannot be reviewed. Export the flow again from Node-RED (Menu → Export → JSON).' }] };
  }
  const base = Array.isArray(value) ? '' : '/flows';
  const problems: StructureProblem[] = [];
  const elements: Element[] = [];
  const byId = new Map<string, Element>();
  const tabs: Raw[] = [];
  const subflows = new Map<string, Raw>();
  items.forEach((item, index) => {
    const pointer = `${base}/${index}`;
    const raw = asObject(item);
    if (!raw) {
      problems.push({ pointer, message: `Element ${index} is not a node object; it was skipped.` });
      return;
    }
    const type = asString(raw.type) ?? '';
    const id = asString(raw.id) ?? `(element ${index})`;
    if (type === 'tab') tabs.push(raw);
    if (type === 'subflow') subflows.set(id, raw);
    const element = { raw, pointer, id, type, config: isConfigNode(raw, type) };
    if (byId.has(id)) problems.push({ pointer: childPointer(pointer, 'id'), message: `Node id "${id}" is used twice; Node-RED would refuse this import. Export the flow again.` });
    else byId.set(id, element);
    elements.push(element);
  });
  const disabledTabs = new Set(tabs.filter((t) => t.disabled === true).map((t) => asString(t.id)));
  const nodes = elements
    .filter((e) => !NODE_RED_CONTAINERS.has(e.type))
    .map((e) => toFlowNode(e, byId, subflows, disabledTabs.has(asString(e.raw.z))));
  const names = [...tabs.map((t) => asString(t.label)), ...(tabs.length ? [] : [...subflows.values()].map((s) => asString(s.name)))].filter(Boolean);
  return {
    flow: {
      platform: 'node-red',
      name: names.join(', '),
      nodes,
      edges: readEdges(elements, byId, subflows),
      settings: {
        tabs: tabs.map((t) => ({ id: t.id, label: t.label, disabled: t.disabled === true })),
        subflows: [...subflows.values()].map((s) => ({ id: s.id, name: s.name })),
      },
      sampleDataPointers: [],
      notePointers: notePointersOf(elements),
    },
    problems,
  };
}

/** Text written for people: a `comment` node's title and body, and the `info` description of any element (tabs too). */
function notePointersOf(elements: readonly Element[]): string[] {
  const out: string[] = [];
  for (const e of elements) {
    if (typeof e.raw.info === 'string') out.push(childPointer(e.pointer, 'info'));
    if (e.type === 'comment' && typeof e.raw.name === 'string') out.push(childPointer(e.pointer, 'name'));
  }
  return out;
}

/**
 * A `flows_cred.json` file: plaintext (`{ "<node id>": { "user", "password" } }`) or encrypted (`{ "$": "…" }`).
 * It holds no flow; the secret rules read it as it is. Never throws.
 */
export function buildNodeRedCredentials(value: unknown): AdapterResult {
  if (asObject(value)) return { problems: [] };
  return { problems: [{ pointer: '', message: 'A Node-RED credentials file is a JSON object keyed by node id (or { "$": "…" } when encrypted); this one is not.' }] };
}

/** Config nodes have no wires and no canvas position; known types decide first. */
function isConfigNode(raw: Raw, type: string): boolean {
  if (NODE_RED_CONTAINERS.has(type) || NODE_RED_NODES[type]) return false;
  if (NODE_RED_CONFIG[type]) return true;
  return !Array.isArray(raw.wires) && typeof raw.x !== 'number';
}

function toFlowNode(e: Element, byId: Map<string, Element>, subflows: Map<string, Raw>, inDisabledTab: boolean): FlowNode {
  const { raw, pointer, id, type } = e;
  const info: NodeRedNodeInfo = e.config ? { role: 'other', service: nodeRedConfigInfo(type).service } : nodeRedNodeInfo(type);
  const subflow = type.startsWith('subflow:') ? subflows.get(type.slice('subflow:'.length)) : undefined;
  const name = asString(raw.name) || asString(subflow?.name) || type;
  const refs = e.config ? [] : configRefsOf(raw, info, byId);
  const endpoint = e.config ? undefined : endpointOf(e, info, refs, byId);
  const role = roleOf(raw, type, info, refs);
  const scopes = requestedScopes(scopeSourcesOf(raw, type, pointer, endpoint));
  return {
    id,
    name,
    type,
    role,
    service: info.service,
    endpoint: endpoint?.value,
    endpointPointer: endpoint?.pointer,
    method: methodOf(raw, type),
    auth: authOf(raw, pointer, info, role, endpoint?.pointer),
    credentialRefs: credentialsOf(raw, id, name, type, info, refs),
    ...scopes,
    parameters: raw,
    parametersPointer: pointer,
    pointer,
    disabled: raw.d === true || inDisabledTab,
  };
}

interface ConfigRef {
  readonly prop: string;
  /** The config node's type: from the file when it is there, else the one the catalogue expects. */
  readonly type: string;
  readonly id: string;
  readonly element?: Element;
}

/** The config nodes this node points at: the catalogue's properties, and any property holding a config node's id. */
function configRefsOf(raw: Raw, info: NodeRedNodeInfo, byId: Map<string, Element>): ConfigRef[] {
  const refs: ConfigRef[] = [];
  for (const [prop, expected] of Object.entries(info.configRefs ?? {})) {
    const id = asString(raw[prop]);
    if (!id) continue;
    const element = byId.get(id);
    if (element && !element.config) continue; // it names a flow node, so it is no config reference
    refs.push({ prop, type: element?.type ?? expected, id, element });
  }
  for (const [prop, v] of Object.entries(raw)) {
    if (prop === 'id' || prop === 'z' || prop === 'g' || info.configRefs?.[prop] || typeof v !== 'string') continue;
    const element = byId.get(v);
    if (element?.config) refs.push({ prop, type: element.type, id: v, element });
  }
  return refs;
}

function credentialsOf(raw: Raw, id: string, name: string, type: string, info: NodeRedNodeInfo, refs: readonly ConfigRef[]): CredentialRef[] {
  const out: CredentialRef[] = [];
  // The node's own credentials live in flows_cred.json under its id.
  if (info.ownCredentials || (type === 'http request' && nonEmpty(raw.authType))) out.push({ type, id, name });
  for (const ref of refs) {
    if (!nodeRedConfigInfo(ref.type).credentials) continue;
    out.push({ type: ref.type, id: ref.id, name: asString(ref.element?.raw.name) || undefined });
  }
  return out;
}

function endpointOf(e: Element, info: NodeRedNodeInfo, refs: readonly ConfigRef[], byId: Map<string, Element>): { value: string; pointer: string } | undefined {
  if (info.endpoint) return endpointFrom(e, info.endpoint, isListener(e.raw, e.type));
  for (const ref of refs) {
    const shape = nodeRedConfigInfo(ref.type).endpoint;
    const config = ref.element ?? byId.get(ref.id);
    if (shape && config) {
      const found = endpointFrom(config, shape, false);
      if (found) return found;
    }
  }
  return undefined;
}

/** TCP and UDP nodes that listen on a port (any interface) rather than connect to a host. */
function isListener(raw: Raw, type: string): boolean {
  return (type === 'tcp in' && raw.server === 'server') || (type === 'tcp out' && raw.beserver === 'server') || type === 'udp in';
}

function endpointFrom(e: Element, shape: NodeRedEndpoint, listener: boolean): { value: string; pointer: string } | undefined {
  const raw = e.raw;
  const host = scalar(raw[shape.host]);
  const port = shape.port ? scalar(raw[shape.port]) : undefined;
  const pointer = childPointer(e.pointer, listener && shape.port ? shape.port : shape.host);
  if (!shape.scheme) return host ? { value: host, pointer } : undefined;
  if (!listener && !host) return undefined;
  if (listener && !port) return undefined;
  if (host && /^[a-z][a-z0-9+.-]*:\/\//i.test(host)) return { value: host, pointer }; // already a URL
  const tls = shape.tlsFlag && (raw[shape.tlsFlag] === true || raw[shape.tlsFlag] === 'true');
  const scheme = tls && shape.tlsScheme ? shape.tlsScheme : shape.scheme;
  const path = shape.path ? scalar(raw[shape.path]) : undefined;
  const value = `${scheme}://${listener ? '*' : host}${port ? `:${port}` : ''}${path ? `/${path.replace(/^\//, '')}` : ''}`;
  return { value, pointer };
}

/**
 * Scheduled injects, WebSocket listeners (a server path others connect to), and a `tcp out` that replies to the client
 * of a `tcp in` or a `websocket out` on a listener (answers, as an `http response` is, not calls to another system)
 * differ from their type's role.
 */
function roleOf(raw: Raw, type: string, info: NodeRedNodeInfo, refs: readonly ConfigRef[]): NodeRole {
  if (type === 'inject' && (nonEmpty(raw.repeat) || nonEmpty(raw.crontab))) return 'trigger-schedule';
  if (type === 'tcp out' && raw.beserver === 'reply') return 'transform';
  // A websocket out on this flow's own listener sends to the clients connected to it: an answer, not a call.
  if (type === 'websocket out' && refs.some((r) => r.type === 'websocket-listener')) return 'transform';
  if (type === 'websocket in' && refs.some((r) => r.type === 'websocket-listener')) return 'trigger-webhook';
  return info.role;
}

function methodOf(raw: Raw, type: string): string | undefined {
  if (type !== 'http in' && type !== 'http request') return undefined;
  const method = asString(raw.method);
  return method && method !== 'use' ? method : undefined; // `use`: taken from msg.method at run time
}

function authOf(raw: Raw, pointer: string, info: NodeRedNodeInfo, role: NodeRole, endpointPointer?: string): NodeAuth {
  // Node-RED decides who may call its HTTP and WebSocket endpoints in settings.js, which no export contains.
  if (info.authSetting) return { method: info.authSetting, configuredOutside: true, pointer: endpointPointer ?? pointer };
  if (role === 'trigger-webhook' && info.role !== role) return { method: 'webSocketNodeVerifyClient (settings.js)', configuredOutside: true, pointer: childPointer(pointer, 'server') };
  const authType = asString(raw.authType);
  if (authType) return { method: authType, pointer: childPointer(pointer, 'authType') };
  return {};
}

function readEdges(elements: readonly Element[], byId: Map<string, Element>, subflows: Map<string, Raw>): Edge[] {
  const edges: Edge[] = [];
  const seen = new Set<string>();
  const isNode = (id: string) => {
    const e = byId.get(id);
    return e !== undefined && !e.config && !NODE_RED_CONTAINERS.has(e.type);
  };
  const add = (from: string, to: string, kind: string, output?: number) => {
    const key = `${from}\u0000${to}\u0000${kind}\u0000${output ?? ''}`;
    if (seen.has(key) || !isNode(from) || !isNode(to)) return;
    seen.add(key);
    edges.push(output === undefined ? { from, to, kind } : { from, to, kind, output });
  };
  const outputs = (raw: Raw): string[][] => (Array.isArray(raw.wires) ? raw.wires.map((port) => (Array.isArray(port) ? port.filter((t): t is string => typeof t === 'string') : [])) : []);
  for (const { raw, id, type, config } of elements) {
    if (config || NODE_RED_CONTAINERS.has(type)) continue;
    outputs(raw).forEach((port, output) => {
      for (const to of port) add(id, to, 'main', output);
    });
    const links = linksOf(raw);
    // Link nodes list each other both ways; either side is enough.
    if (type === 'link out' || type === 'link call') links.filter((to) => byId.get(to)?.type === 'link in').forEach((to) => add(id, to, 'link'));
    if (type === 'link in') links.filter((from) => byId.get(from)?.type === 'link out').forEach((from) => add(from, id, 'link'));
    const subflow = type.startsWith('subflow:') ? subflows.get(type.slice('subflow:'.length)) : undefined;
    if (subflow) {
      // Into the subflow through its input port; out of it through each output port to this instance's wires.
      for (const port of Array.isArray(subflow.in) ? subflow.in : []) for (const to of wireTargets(port)) add(id, to, 'main');
      const ports = outputs(raw);
      (Array.isArray(subflow.out) ? subflow.out : []).forEach((port, i) => {
        // Each wire leaves its inner node by one output (`port`): a function's second output is not its first.
        for (const from of wirePorts(port)) for (const to of ports[i] ?? []) add(from.id, to, 'main', from.port);
      });
    }
    if (type === 'catch' || type === 'complete') {
      const kind = type === 'catch' ? 'error' : 'complete';
      for (const from of scopeOf(raw, type, elements)) add(from, id, kind);
    }
  }
  addReturns(elements, byId, edges, add);
  // A static link call passes on only what its chain returns (the returns above), never its own input: when its target
  // is in the file, its wires are not the message's way on.
  const returning = new Set(elements.filter((e) => e.type === 'link call' && e.raw.linkType !== 'dynamic' && linksOf(e.raw).some((l) => byId.get(l)?.type === 'link in')).map((e) => e.id));
  return returning.size ? edges.filter((e) => !((e.kind ?? 'main') === 'main' && returning.has(e.from))) : edges;
}

/** The ids a link node's `links` lists. */
function linksOf(raw: Raw): string[] {
  return Array.isArray(raw.links) ? raw.links.filter((l): l is string => typeof l === 'string') : [];
}

/**
 * A `link out` in return mode sends the message back to the `link call` that called into its chain, and the message
 * goes on from that call's outputs: an edge (`link`) from the link out to each node wired to the output of each link
 * call whose target `link in` reaches it (a dynamic call's `links`, which Node-RED ignores for `msg.target`, are taken
 * as its likely target, as for its edge in). Not to the link call itself: that would close a loop through the chain
 * that Node-RED never runs. Which call a message came from is not modelled: two calls into one chain both get every
 * return. A nested link call inside a chain is followed by its wires, not into its own target.
 */
function addReturns(elements: readonly Element[], byId: Map<string, Element>, edges: readonly Edge[], add: (from: string, to: string, kind: string) => void): void {
  const calls = elements.filter((e) => e.type === 'link call' && Array.isArray(e.raw.links));
  if (!calls.length) return;
  const next = new Map<string, string[]>();
  const prev = new Map<string, string[]>();
  const wired = new Map<string, string[]>();
  for (const e of edges) {
    // A nested link call's own target returns to its outputs, which its wires already follow.
    if (e.kind === 'link' && byId.get(e.from)?.type === 'link call') continue;
    addTo(next, e.from, e.to);
    addTo(prev, e.to, e.from);
    if ((e.kind ?? 'main') === 'main') addTo(wired, e.from, e.to);
  }
  const targetsOf = new Map(calls.map((call) => [call, linksOf(call.raw).filter((l) => byId.get(l)?.type === 'link in')]));
  const targets = new Set([...targetsOf.values()].flat());
  const backs = elements.filter((e) => e.type === 'link out' && e.raw.mode === 'return').map((e) => e.id);
  // The return-mode link outs each target leads to: walked from whichever side has fewer starts, so many calls or
  // many link outs on one long shared chain cost a walk each from the few on the other side.
  const returnsOf = new Map<string, string[]>();
  if (targets.size <= backs.length) {
    const isBack = new Set(backs);
    for (const target of targets) returnsOf.set(target, [...reach([target], next)].filter((id) => isBack.has(id)));
  } else {
    for (const back of backs) for (const id of reach([back], prev)) if (targets.has(id)) addTo(returnsOf, id, back);
  }
  for (const [call, list] of targetsOf) {
    for (const target of list) for (const back of returnsOf.get(target) ?? []) for (const to of wired.get(call.id) ?? []) add(back, to, 'link');
  }
}

/**
 * The nodes a catch/complete node listens to: its scope list, its group, or (catch only) every node of its tab. A
 * complete node leaves out the nodes it is wired to itself, as Node-RED does (no loop back into them).
 */
function scopeOf(raw: Raw, type: string, elements: readonly Element[]): string[] {
  if (Array.isArray(raw.scope)) {
    const wired = new Set(type === 'complete' && Array.isArray(raw.wires) ? raw.wires.flat() : []);
    return raw.scope.filter((s): s is string => typeof s === 'string' && !wired.has(s));
  }
  if (type !== 'catch') return [];
  // Scoped to its group: the nodes of that group and of the groups inside it (Node-RED walks a node's groups upwards);
  // a catch node in no group watches its whole tab.
  const group = raw.scope === 'group' ? asString(raw.g) : undefined;
  const parents = new Map(elements.filter((e) => e.type === 'group').map((e) => [e.id, asString(e.raw.g)]));
  const inGroup = (g: string | undefined) => {
    for (let depth = 0; g !== undefined && depth < 64; depth++, g = parents.get(g)) if (g === group) return true;
    return false;
  };
  return elements
    .filter((e) => !e.config && !NODE_RED_CONTAINERS.has(e.type) && e.raw !== raw && !['catch', 'status', 'complete', 'comment'].includes(e.type))
    .filter((e) => (group !== undefined ? inGroup(asString(e.raw.g)) : e.raw.z === raw.z))
    .map((e) => e.id);
}

/** Ids in a subflow port's `wires: [{ id, port }]`. */
function wireTargets(port: unknown): string[] {
  return wirePorts(port).map((w) => w.id);
}

/** The nodes a subflow port is wired to (its input) or from (its outputs), with the output of each it leaves (`port`). */
function wirePorts(port: unknown): { readonly id: string; readonly port?: number }[] {
  const wires = asObject(port)?.wires;
  if (!Array.isArray(wires)) return [];
  return wires.flatMap((w) => {
    const id = asString(asObject(w)?.id);
    const output = asObject(w)?.port;
    return id ? [{ id, ...(typeof output === 'number' ? { port: output } : {}) }] : [];
  });
}

function scalar(v: unknown): string | undefined {
  if (typeof v === 'number') return String(v);
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

function nonEmpty(v: unknown): boolean {
  return (typeof v === 'string' && v.trim() !== '') || (typeof v === 'number' && v > 0);
}

/** Where the node requests scopes: an OAuth2 node's `scope` property, else the `scope=` of the URL the node calls. */
function scopeSourcesOf(raw: Raw, type: string, pointer: string, endpoint: { value: string; pointer: string } | undefined): ScopeSource[] {
  if (typeof raw.scope === 'string' && /oauth/i.test(type)) {
    const scopes = splitScopes(raw.scope);
    if (scopes.length) return [{ pointer: childPointer(pointer, 'scope'), scopes }];
  }
  return endpoint ? [{ pointer: endpoint.pointer, scopes: scopesInUrl(endpoint.value) }] : [];
}
