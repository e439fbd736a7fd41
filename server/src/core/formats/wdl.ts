// The Workflow Definition Language (`definition` of Power Automate flows and Azure Logic Apps) → flow nodes and edges.
// Both platforms run the same engine; the adapters differ only in where the definition sits, how connections are
// referenced and how a `Request` trigger authenticates its callers, which they pass in as options.
import {
  azureApiName,
  azureConnectorInfo,
  azureServiceProviderInfo,
  CONNECTOR_TYPES,
  armResourceName,
  customApiInfo,
  isCustomApiId,
  REQUEST_KINDS,
  WDL_ACTIONS,
  WDL_TRIGGERS,
  type AzureOperationInfo,
} from '../knowledge/connectors/azure.js';
import type { CredentialRef, Edge, FlowNode, NodeAuth, ScopeSource } from '../model/index.js';
import { childPointer } from '../source.js';
import { asObject, asString, MAX_DEPTH } from '../walk.js';
import { requestedScopes, scopesInForm, scopesInUrl, splitScopes } from './scopes.js';
import type { StructureProblem } from './types.js';
import { byName } from '../knowledge/byName.js';

/** A connection an action can name: which connector it is, and the platform's reference to it. */
export interface WdlConnection {
  /** Bare API name (`office365`), when the reference says. */
  readonly api?: string;
  /** The platform's reference to the connection (never the secret itself). */
  readonly ref: CredentialRef;
  /** True for a Logic Apps custom connector (its API is a `Microsoft.Web/customApis` resource). */
  readonly custom?: boolean;
}

export interface WdlOptions {
  /** Connection references by the name actions use (`shared_office365`, `office365`, `servicebus_1`). */
  readonly connections: ReadonlyMap<string, WdlConnection>;
  /**
   * The inbound authentication of a `Request` trigger (other than the connector-invoked kind `ApiConnection`):
   * Power Automate reads `triggerAuthenticationType`, Logic Apps the workflow's `accessControl`.
   */
  requestAuth(trigger: Record<string, unknown>, pointer: string): NodeAuth;
  /** Prepended to node ids when one file holds several workflows, so ids stay unique in the file. */
  readonly idPrefix?: string;
}

export interface WdlGraph {
  readonly nodes: FlowNode[];
  readonly edges: Edge[];
  readonly problems: StructureProblem[];
}

/** Keys of an action that hold nested actions (If, Switch, Scope, Foreach, Until, Agent tools). */
const NESTED_KEYS = new Set(['actions', 'else', 'cases', 'default', 'tools']);

const STATUS: Readonly<Record<string, string>> = byName<string>({ succeeded: 'Succeeded', failed: 'Failed', skipped: 'Skipped', timedout: 'TimedOut' });

interface PendingAction {
  readonly name: string;
  readonly raw: unknown;
  readonly pointer: string;
  /** The containing action's id, for nested actions. */
  readonly parent?: string;
  /** Edge kind from the container to an action that runs first in it. */
  readonly entry: string;
  /** The branch's output number: an If's `actions` 0 and `else` 1, a Switch's cases in order and `default` last. */
  readonly output?: number;
  readonly depth: number;
}

/**
 * Builds the nodes and edges of one workflow definition found at `pointer`. Every trigger and action, nested ones
 * included (`actions` of Scope/If/Foreach/Until, `else.actions`, `cases.*.actions`, `default.actions`, Agent
 * `tools.*.actions`), becomes a node, in document order with containers before their contents.
 *
 * Edges: `runAfter` gives one edge per predecessor and status, its kind the status (`Succeeded`, `Failed`,
 * `Skipped`, `TimedOut`). An action with no `runAfter` runs first: at the top level after each trigger (kind
 * `Succeeded`), inside a container after the container, with kind `true`/`false` (If branches), `case:<name>` and
 * `default` (Switch), `tool:<name>` (Agent) or `body` (Scope, Foreach, Until). Never throws.
 */
export function walkDefinition(definition: Record<string, unknown>, pointer: string, options: WdlOptions): WdlGraph {
  const nodes: FlowNode[] = [];
  const edges: Edge[] = [];
  const problems: StructureProblem[] = [];
  const idOf = new Map<string, string>();
  const triggerIds: string[] = [];
  const prefix = options.idPrefix ?? '';

  const triggersPointer = childPointer(pointer, 'triggers');
  const triggers = asObject(definition.triggers);
  if (definition.triggers !== undefined && !triggers) problems.push({ pointer: triggersPointer, message: '"triggers" is not an object; the triggers were skipped.' });
  for (const [name, raw] of Object.entries(triggers ?? {})) {
    const p = childPointer(triggersPointer, name);
    const trigger = asObject(raw);
    if (!trigger) {
      problems.push({ pointer: p, message: `Trigger "${name}" is not an object; it was skipped.` });
      continue;
    }
    const node = triggerNode(name, trigger, p, options);
    nodes.push(node);
    idOf.set(name, node.id);
    triggerIds.push(node.id);
  }

  const runAfters: { id: string; runAfter: unknown; parent?: string; entry: string; output?: number }[] = [];
  const stack: PendingAction[] = [];
  const pushContainer = (value: unknown, containerPointer: string, parent: string | undefined, entry: string, depth: number, output?: number) => {
    const obj = asObject(value);
    if (!obj) {
      if (value !== undefined) problems.push({ pointer: containerPointer, message: `"${containerPointer.slice(containerPointer.lastIndexOf('/') + 1)}" is not an object of actions; it was skipped.` });
      return;
    }
    const entries = Object.entries(obj);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [name, raw] = entries[i];
      stack.push({ name, raw, pointer: childPointer(containerPointer, name), parent, entry, output, depth });
    }
  };
  pushContainer(definition.actions, childPointer(pointer, 'actions'), undefined, 'Succeeded', 0);

  while (stack.length) {
    const item = stack.pop()!;
    const action = asObject(item.raw);
    if (!action) {
      problems.push({ pointer: item.pointer, message: `Action "${item.name}" is not an object; it was skipped.` });
      continue;
    }
    const node = actionNode(item.name, action, item.pointer, options);
    nodes.push(node);
    if (!idOf.has(item.name)) idOf.set(item.name, prefix + item.name);
    runAfters.push({ id: node.id, runAfter: action.runAfter, parent: item.parent, entry: item.entry, output: item.output });
    if (item.depth >= MAX_DEPTH) {
      problems.push({ pointer: item.pointer, message: `Action "${item.name}" is nested more than ${MAX_DEPTH} levels deep; what is inside it was not reviewed.` });
      continue;
    }
    const children = nestedContainers(action, item.pointer);
    for (let i = children.length - 1; i >= 0; i--) pushContainer(children[i].value, children[i].pointer, node.id, children[i].entry, item.depth + 1, children[i].output);
  }

  for (const { id, runAfter, parent, entry, output } of runAfters) {
    const after = asObject(runAfter);
    const predecessors = after ? Object.entries(after) : [];
    if (!predecessors.length) {
      if (parent !== undefined) edges.push(output === undefined ? { from: parent, to: id, kind: entry } : { from: parent, to: id, kind: entry, output });
      else for (const t of triggerIds) edges.push({ from: t, to: id, kind: 'Succeeded' });
      continue;
    }
    for (const [name, statuses] of predecessors) {
      const from = idOf.get(name);
      if (from === undefined) continue;
      const list = Array.isArray(statuses) ? statuses.filter((s): s is string => typeof s === 'string') : [];
      if (!list.length) edges.push({ from, to: id, kind: 'Succeeded' });
      for (const s of list) edges.push({ from, to: id, kind: STATUS[s.toLowerCase()] ?? s });
    }
  }
  return { nodes, edges, problems };
}

/** The nested action containers of an action, in document order, with the edge kind into each. */
function nestedContainers(action: Record<string, unknown>, pointer: string): { value: unknown; pointer: string; entry: string; output?: number }[] {
  const out: { value: unknown; pointer: string; entry: string; output?: number }[] = [];
  const isIf = asString(action.type)?.toLowerCase() === 'if';
  const caseCount = Object.keys(asObject(action.cases) ?? {}).length;
  for (const key of Object.keys(action)) {
    if (key === 'actions') {
      out.push({ value: action.actions, pointer: childPointer(pointer, 'actions'), entry: isIf ? 'true' : 'body', output: isIf ? 0 : undefined });
    } else if (key === 'else' || key === 'default') {
      const branch = asObject(action[key]);
      if (branch && 'actions' in branch) out.push({ value: branch.actions, pointer: childPointer(childPointer(pointer, key), 'actions'), entry: key === 'else' ? 'false' : 'default', output: key === 'else' ? 1 : caseCount });
    } else if (key === 'cases' || key === 'tools') {
      Object.entries(asObject(action[key]) ?? {}).forEach(([name, raw], i) => {
        const branch = asObject(raw);
        if (branch && 'actions' in branch) out.push({ value: branch.actions, pointer: childPointer(childPointer(childPointer(pointer, key), name), 'actions'), entry: `${key === 'cases' ? 'case' : 'tool'}:${name}`, output: key === 'cases' ? i : undefined });
      });
    }
  }
  return out;
}

/** The action's own settings (type, inputs, runAfter, runtimeConfiguration, ...) without its nested actions. */
function ownSettings(action: Record<string, unknown>): Record<string, unknown> {
  if (!Object.keys(action).some((k) => NESTED_KEYS.has(k))) return action;
  const own: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(action)) if (!NESTED_KEYS.has(k) || asObject(v) === undefined) own[k] = v;
  return own;
}

interface Operation {
  readonly info: AzureOperationInfo;
  readonly credentialRefs: readonly CredentialRef[];
}

function triggerNode(name: string, trigger: Record<string, unknown>, pointer: string, options: WdlOptions): FlowNode {
  const type = asString(trigger.type) ?? '';
  const t = type.toLowerCase();
  const kind = asString(trigger.kind);
  const k = kind?.toLowerCase();
  const inputs = asObject(trigger.inputs);
  const inputsPointer = childPointer(pointer, 'inputs');
  const base = baseNode(name, type, trigger, pointer, options);
  if (t === 'request' && k !== 'apiconnection') {
    return {
      ...base,
      role: 'trigger-webhook',
      service: (k && REQUEST_KINDS[k]) ?? (kind ? `Request (${kind})` : 'HTTP request'),
      ...endpointAt(inputs, inputsPointer, ['relativePath']),
      method: asString(inputs?.method),
      auth: options.requestAuth(trigger, pointer),
    };
  }
  const operation = t === 'request' || CONNECTOR_TYPES.has(t) || t === 'serviceprovider' ? operationOf(t, inputs, options) : undefined;
  const known = t === 'request' ? undefined : WDL_TRIGGERS[t]; // a connector-invoked Request (kind ApiConnection) is an event
  const role = known?.role ?? 'trigger-event';
  const service = operation?.info.service ?? known?.service ?? (type || undefined);
  const node: FlowNode = { ...base, role, service, credentialRefs: operation?.credentialRefs ?? [] };
  if (t === 'http') return { ...node, ...endpointAt(inputs, inputsPointer, ['uri']), method: asString(inputs?.method), ...outboundAuth(inputs, inputsPointer) };
  if (t === 'httpwebhook') {
    // Logic Apps hands the subscribed service a callback URL signed with a SAS key; only that service learns it.
    const subscribe = asObject(inputs?.subscribe);
    return { ...node, ...endpointAt(subscribe, childPointer(inputsPointer, 'subscribe'), ['uri']), method: asString(subscribe?.method), auth: { method: 'SAS-signed callback URL', none: false, pointer } };
  }
  if (role === 'trigger-webhook') return { ...node, auth: { method: 'connector subscription', none: false, pointer } };
  return node;
}

function actionNode(name: string, action: Record<string, unknown>, pointer: string, options: WdlOptions): FlowNode {
  const type = asString(action.type) ?? '';
  const t = type.toLowerCase();
  const inputs = asObject(action.inputs);
  const inputsPointer = childPointer(pointer, 'inputs');
  const base = baseNode(name, type, action, pointer, options);
  const builtIn = WDL_ACTIONS[t];
  if (builtIn) {
    const node: FlowNode = { ...base, role: builtIn.role, service: builtIn.service };
    if (t === 'http') return { ...node, ...endpointAt(inputs, inputsPointer, ['uri']), method: asString(inputs?.method), ...outboundAuth(inputs, inputsPointer) };
    if (t === 'httpwebhook') {
      const subscribe = asObject(inputs?.subscribe);
      return { ...node, ...endpointAt(subscribe, childPointer(inputsPointer, 'subscribe'), ['uri']), method: asString(subscribe?.method), ...outboundAuth(subscribe, childPointer(inputsPointer, 'subscribe')) };
    }
    if (t === 'function' || t === 'apimanagement') return { ...node, method: asString(inputs?.method), ...outboundAuth(inputs, inputsPointer) };
    return node;
  }
  if (CONNECTOR_TYPES.has(t) || t === 'serviceprovider') {
    const { info, credentialRefs } = operationOf(t, inputs, options);
    const parameters = asObject(inputs?.parameters);
    const urlKey = parameters && Object.keys(parameters).find((key) => /(?:^|\/)ur[il]$/i.test(key) && typeof parameters[key] === 'string');
    return {
      ...base,
      role: info.role,
      service: info.service,
      credentialRefs,
      method: asString(inputs?.method),
      ...(urlKey ? endpointAt(parameters, childPointer(inputsPointer, 'parameters'), [urlKey]) : {}),
    };
  }
  return { ...base, role: 'other', service: type || undefined };
}

function baseNode(name: string, type: string, raw: Record<string, unknown>, pointer: string, options: WdlOptions): FlowNode {
  return {
    id: (options.idPrefix ?? '') + name,
    name,
    type,
    role: 'other',
    auth: {},
    credentialRefs: [],
    scopes: [],
    parameters: ownSettings(raw),
    pointer,
    parametersPointer: pointer,
  };
}

/** The first of `keys` holding a string in `container`, as the node's endpoint. */
function endpointAt(container: Record<string, unknown> | undefined, containerPointer: string, keys: readonly string[]): { endpoint?: string; endpointPointer?: string } {
  for (const key of keys) {
    const value = asString(container?.[key]);
    if (value !== undefined) return { endpoint: value, endpointPointer: childPointer(containerPointer, key) };
  }
  return {};
}

/** The strings an HTTP action asks for scopes in: its URI's `scope=`, its `queries.scope` and `queries.user_scope` (Slack's), a form-encoded body's `scope=`. */
function requestScopeSources(inputs: Record<string, unknown> | undefined, inputsPointer: string): ScopeSource[] {
  const sources: ScopeSource[] = [];
  const uri = asString(inputs?.uri);
  const fromUri = uri !== undefined ? scopesInUrl(uri) : [];
  if (fromUri.length) sources.push({ pointer: childPointer(inputsPointer, 'uri'), scopes: fromUri });
  const queries = asObject(inputs?.queries);
  for (const name of ['scope', 'user_scope']) {
    const query = asString(queries?.[name]);
    const fromQuery = query !== undefined ? splitScopes(query) : [];
    if (fromQuery.length) sources.push({ pointer: childPointer(childPointer(inputsPointer, 'queries'), name), scopes: fromQuery });
  }
  const body = asString(inputs?.body);
  const fromBody = body !== undefined ? scopesInForm(body) : [];
  if (fromBody.length) sources.push({ pointer: childPointer(inputsPointer, 'body'), scopes: fromBody });
  return sources;
}

/** `inputs.authentication` of an outbound call: its type as the method; its audience, beside the request's own scopes, as scopes. */
function outboundAuth(inputs: Record<string, unknown> | undefined, inputsPointer: string): { auth: NodeAuth; scopes: string[]; scopeSources?: ScopeSource[] } {
  const authentication = inputs?.authentication;
  const requested = requestScopeSources(inputs, inputsPointer);
  if (authentication === undefined) return { auth: {}, ...requestedScopes(requested) };
  const pointer = childPointer(inputsPointer, 'authentication');
  const obj = asObject(authentication);
  const audience = asString(obj?.audience);
  const fromAudience = audience !== undefined ? splitScopes(audience) : [];
  const sources = fromAudience.length ? [{ pointer: childPointer(pointer, 'audience'), scopes: fromAudience }, ...requested] : requested;
  return { auth: { method: asString(obj?.type), pointer }, ...requestedScopes(sources) };
}

/** The connector or service provider an operation uses, and the connection it names. */
function operationOf(type: string, inputs: Record<string, unknown> | undefined, options: WdlOptions): Operation {
  if (type === 'serviceprovider') {
    const config = asObject(inputs?.serviceProviderConfiguration);
    const providerId = asString(config?.serviceProviderId) ?? '';
    const connectionName = asString(config?.connectionName);
    return {
      info: azureServiceProviderInfo(providerId),
      credentialRefs: connectionName !== undefined ? [{ type: providerId.slice(providerId.lastIndexOf('/') + 1) || 'serviceProvider', name: connectionName }] : [],
    };
  }
  const host = asObject(inputs?.host);
  const connection = asObject(host?.connection);
  const key = asString(host?.connectionName) ?? asString(connection?.referenceName) ?? connectionKey(asString(connection?.name));
  const known = key !== undefined ? options.connections.get(key) : undefined;
  const apiId = asString(host?.apiId) ?? asString(asObject(host?.api)?.runtimeUrl);
  const api = known?.api ?? (apiId !== undefined ? azureApiName(apiId) : undefined) ?? (key !== undefined ? azureApiName(key) : '');
  const credentialRefs = known ? [known.ref] : key !== undefined ? [{ type: api, name: key }] : [];
  return { info: known?.custom || (apiId !== undefined && isCustomApiId(apiId)) ? customApiInfo(api) : azureConnectorInfo(api), credentialRefs };
}

/**
 * The connection key of an `ApiConnection` host expression: `@parameters('$connections')['office365']['connectionId']`,
 * Power Automate's `@json(decodeBase64(...))['$connections']['shared_office365']['connectionId']`, or the literal
 * prefix of a computed one (`[concat('servicebus_', rand(1,3))]` → `servicebus_`).
 */
export function connectionKey(expression: string | undefined): string | undefined {
  if (!expression) return undefined;
  const m = /\$connections'\s*[)\]]\s*\[\s*(?:concat\(\s*)?'([^']+)'/.exec(expression);
  return m?.[1];
}

/**
 * Connection references by key, from any of the export shapes: Power Automate solutions
 * (`{ api: { name }, connection: { connectionReferenceLogicalName } }`), packages (`{ id, connectionName }`), gallery
 * templates (`{ api: { id }, connection: { id } }`) and Logic Apps `$connections` values (`{ id, connectionId, connectionName }`).
 */
export function readConnectionReferences(value: unknown): Map<string, WdlConnection> {
  const out = new Map<string, WdlConnection>();
  for (const [key, raw] of Object.entries(asObject(value) ?? {})) {
    const ref = asObject(raw);
    if (!ref) continue;
    const apiRef = asObject(ref.api);
    const connection = asObject(ref.connection);
    const apiId = asString(apiRef?.id) || asString(ref.id) || '';
    const custom = isCustomApiId(apiId);
    const api = azureApiName((custom && armResourceName(apiId)) || asString(apiRef?.name) || apiId || key);
    const name = asString(connection?.connectionReferenceLogicalName) || asString(ref.connectionName) || asString(connection?.name) || key;
    const id = asString(connection?.id) || asString(ref.connectionId) || undefined;
    out.set(key, { api, ref: id ? { type: api, id, name } : { type: api, name }, ...(custom ? { custom } : {}) });
  }
  return out;
}
