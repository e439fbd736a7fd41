// n8n workflow JSON → Flow. Handles old and new node versions, both credential reference forms
// ({ id, name } and the old bare name), pinData and hand-edited exports (missing fields, duplicate names).
import { n8nNodeInfo } from '../knowledge/connectors/n8n.js';
import type { CredentialRef, Edge, FlowNode, NodeAuth, ScopeSource } from '../model/index.js';
import { childPointer } from '../source.js';
import { asObject, asString } from '../walk.js';
import { ownerFromTags } from './owner.js';
import { requestedScopes, scopesInForm, scopesInJson, scopesInList, scopesInUrl, splitScopes } from './scopes.js';
import type { AdapterResult, StructureProblem } from './types.js';

/** Builds the flow model of an n8n workflow export. Never throws. */
export function buildN8nFlow(value: unknown): AdapterResult {
  const root = asObject(value);
  if (!root || !Array.isArray(root.nodes)) {
    const mangled = root && Object.keys(root).some((k) => k.startsWith('"'));
    return {
      problems: [{
        pointer: '',
        message: mangled
          ? 'This looks like an n8n export whose structure was mangled (every line became a key), so it is not a workflow any more. Export the workflow again from n8n (Download, or copy the nodes).'
          : 'This looks like an n8n export but has no "nodes" array, so it cannot be reviewed. Export the workflow again from n8n.',
      }],
    };
  }
  const problems: StructureProblem[] = [];
  const nodes: FlowNode[] = [];
  const idByName = new Map<string, string>();
  root.nodes.forEach((raw, index) => {
    const pointer = `/nodes/${index}`;
    const node = asObject(raw);
    if (!node) {
      problems.push({ pointer, message: `Node ${index} is not an object; it was skipped.` });
      return;
    }
    const name = asString(node.name) ?? `(unnamed node ${index})`;
    const id = asString(node.id) ?? name;
    const type = asString(node.type) ?? '';
    if (!idByName.has(name)) idByName.set(name, id);
    nodes.push(toFlowNode(node, { id, name, type, pointer }));
  });
  const edges = readEdges(asObject(root.connections), idByName);
  const settings = asObject(root.settings) ?? {};
  const pinData = asObject(root.pinData);
  return {
    flow: {
      platform: 'n8n',
      name: asString(root.name) ?? '',
      id: asString(root.id) ?? (typeof root.id === 'number' ? String(root.id) : undefined),
      owner: ownerFromTags(root.tags),
      nodes,
      edges,
      settings,
      sampleDataPointers: pinData && Object.keys(pinData).length ? ['/pinData'] : [],
    },
    problems,
  };
}

function toFlowNode(node: Record<string, unknown>, base: { id: string; name: string; type: string; pointer: string }): FlowNode {
  const info = n8nNodeInfo(base.type);
  const parameters = asObject(node.parameters) ?? {};
  const endpointParam = info.legacyEndpointParam !== undefined && parameters[info.endpointParam!] === undefined ? info.legacyEndpointParam : info.endpointParam;
  const endpoint = endpointParam ? asString(parameters[endpointParam]) : undefined;
  const method = asString(parameters.method) ?? asString(parameters.httpMethod) ?? asString(parameters.requestMethod);
  const parametersPointer = childPointer(base.pointer, 'parameters');
  const scopes = readScopes(parameters, parametersPointer, endpoint, endpointParam);
  // Fields are listed one by one: a `...base` spread here cost more than the rest of the adapter (V8's
  // object-clone path is slow when more properties follow), and this runs once per node of every file.
  return {
    id: base.id,
    name: base.name,
    type: base.type,
    pointer: base.pointer,
    role: info.role,
    service: info.service,
    endpoint,
    endpointPointer: endpoint !== undefined ? childPointer(parametersPointer, endpointParam!) : undefined,
    method,
    auth: readAuth(base.type, info.role, parameters, parametersPointer),
    credentialRefs: readCredentials(asObject(node.credentials)),
    scopes: scopes.scopes,
    scopeSources: scopes.scopeSources,
    parameters,
    parametersPointer: node.parameters !== undefined ? parametersPointer : undefined,
    disabled: node.disabled === true,
    typeVersion: typeof node.typeVersion === 'number' ? node.typeVersion : undefined,
  };
}

function readAuth(type: string, role: FlowNode['role'], parameters: Record<string, unknown>, parametersPointer: string): NodeAuth {
  const method = asString(parameters.authentication) ?? asString(parameters.genericAuthType);
  const pointer = method !== undefined ? childPointer(parametersPointer, 'authentication') : parametersPointer;
  if (role === 'trigger-webhook') {
    // The chat trigger is public only when `public` is on; the others take requests whenever the workflow is active.
    const isPublic = /chatTrigger$/.test(type) ? parameters.public === true : true;
    return { method: method ?? 'none', none: isPublic && (method === undefined || method === 'none'), pointer };
  }
  return { method, pointer };
}

function readCredentials(credentials: Record<string, unknown> | undefined): CredentialRef[] {
  if (!credentials) return [];
  return Object.entries(credentials).map(([type, ref]) => {
    const obj = asObject(ref);
    if (obj) return { type, id: asString(obj.id), name: asString(obj.name) };
    return { type, name: asString(ref) }; // the old form: the credential's name only
  });
}

/**
 * Every place the node requests scopes: a `scope`/`scopes` parameter (OAuth2 nodes and requests), the `scope=` of the
 * URL the node calls, each `scope` / `user_scope` entry of its query and body parameters or of its JSON query and body,
 * the `scope=` of a raw form body (a token request).
 */
function readScopes(parameters: Record<string, unknown>, parametersPointer: string, endpoint: string | undefined, endpointParam: string | undefined): { scopes: string[]; scopeSources?: ScopeSource[] } {
  const sources: ScopeSource[] = [];
  const key = typeof parameters.scope === 'string' ? 'scope' : typeof parameters.scopes === 'string' ? 'scopes' : undefined;
  const own = key ? splitScopes(parameters[key] as string) : [];
  if (own.length) sources.push({ pointer: childPointer(parametersPointer, key!), scopes: own });
  const fromUrl = endpoint !== undefined && endpointParam ? scopesInUrl(endpoint) : [];
  if (fromUrl.length) sources.push({ pointer: childPointer(parametersPointer, endpointParam!), scopes: fromUrl });
  // The HTTP Request node sends its query and body only when Send Query / Send Body is on (both off by default): the
  // lists when they are given as fields, the JSON text when as JSON (n8n's HttpRequestV3: `if (sendQuery && …)`,
  // specifyQuery `keypair` or `json`; a JSON body only with the JSON content type, the default). The JSON is read when
  // it is JSON as written, or after an expression's `=` (`={"scope":"…"}` is sent as that JSON); `={{ … }}` is not read.
  for (const [list, json, send, specifyKey] of [['queryParameters', 'jsonQuery', 'sendQuery', 'specifyQuery'], ['bodyParameters', 'jsonBody', 'sendBody', 'specifyBody']] as const) {
    if (parameters[send] !== true) continue;
    const specify = parameters[specifyKey];
    if (specify === undefined || specify === 'keypair') {
      for (const { scopes, index } of scopesInList(asObject(parameters[list])?.parameters)) sources.push({ pointer: `${parametersPointer}/${list}/parameters/${index}/value`, scopes });
    } else if (specify === 'json' && (json === 'jsonQuery' || (parameters.contentType ?? 'json') === 'json')) {
      const text = asString(parameters[json]);
      if (text !== undefined) sources.push({ pointer: childPointer(parametersPointer, json), scopes: scopesInJson(text) });
    }
  }
  const body = asString(parameters.body);
  const fromBody = body !== undefined ? scopesInForm(body) : [];
  if (fromBody.length) sources.push({ pointer: childPointer(parametersPointer, 'body'), scopes: fromBody });
  return requestedScopes(sources);
}

function readEdges(connections: Record<string, unknown> | undefined, idByName: Map<string, string>): Edge[] {
  const edges: Edge[] = [];
  if (!connections) return edges;
  for (const [sourceName, outputs] of Object.entries(connections)) {
    const from = idByName.get(sourceName);
    const byType = asObject(outputs);
    if (!from || !byType) continue;
    for (const [kind, outputList] of Object.entries(byType)) {
      if (!Array.isArray(outputList)) continue;
      outputList.forEach((targets: unknown, output) => {
        if (!Array.isArray(targets)) return;
        for (const target of targets) {
          const to = idByName.get(asString(asObject(target)?.node) ?? '');
          const input = asObject(target)?.index;
          if (to) edges.push(typeof input === 'number' && input > 0 ? { from, to, kind, output, input } : { from, to, kind, output });
        }
      });
    }
  }
  return edges;
}
