// Azure Logic Apps exports → Flow: ARM templates (`Microsoft.Logic/workflows` resources, nested deployments too),
// gallery templates, Standard `workflow.json`, `{ $connections, definition }` wrappers, bare definitions and Standard
// `connections.json`. `local.settings.json`, Standard `parameters.json` and ARM deployment parameters files hold no flow:
// nobody runs them, so no rule that judges a workflow judges them (their secrets are found by the secret rules on the raw file).
import { azureApiName, azureConnectorInfo, azureServiceProviderInfo, type AzureOperationInfo } from '../knowledge/connectors/azure.js';
import type { FlowNode, NodeAuth } from '../model/index.js';
import type { FormatDetail } from '../sniff.js';
import { childPointer } from '../source.js';
import { asObject, asString, MAX_DEPTH } from '../walk.js';
import { ownerFromTags } from './owner.js';
import type { AdapterResult, StructureProblem } from './types.js';
import { readConnectionReferences, walkDefinition, type WdlConnection } from './wdl.js';

/** A display name the gallery fills in (`${Resources.TEMPLATE_…_DISPLAYNAME}`) or a sample's (`{Name of the template}`). */
const PLACEHOLDER_NAME = /^\$?\{.*\}$/s;

/**
 * A gallery template's name: its `properties.displayName`, unless that is a placeholder. Then none: the template's
 * `name` is its gallery id (a GUID, kept as the flow's id), no name to show, so messages say "This workflow" and an
 * inventory entry is named after the file.
 */
function galleryDisplayName(value: unknown): string {
  const name = asString(value)?.trim() ?? '';
  return PLACEHOLDER_NAME.test(name) ? '' : name;
}

/** Builds the flow model of a Logic Apps export of the given kind. Never throws. */
export function buildLogicAppsFlow(detail: FormatDetail, value: unknown): AdapterResult {
  const root = asObject(value);
  if (!root) return { problems: [{ pointer: '', message: 'This looks like a Logic Apps file but is not a JSON object, so it cannot be reviewed.' }] };
  switch (detail) {
    case 'la-arm-template':
      return fromArmTemplate(root);
    case 'la-gallery-template': {
      const properties = asObject(root.properties);
      return fromDefinition(properties?.definition, '/properties', {
        name: galleryDisplayName(properties?.displayName),
        id: asString(root.name),
        // A resource export carries its tags; a gallery template's `author` wrote the template, it owns no workflow.
        owner: ownerFromTags(root.tags),
        connections: readConnectionReferences(properties?.connectionReferences),
        accessControl: properties?.accessControl,
      });
    }
    case 'la-standard-workflow':
      return fromDefinition(root.definition, '', { name: '', connections: new Map(), settings: definedOnly({ kind: root.kind }) });
    case 'wdl-definition-wrapper':
      // `$connections` beside the definition, or under `parameters` as the portal's code view shows it; the access
      // control too when the workflow resource's properties were saved (`{ definition, parameters, accessControl }`).
      return fromDefinition(root.definition, '', {
        name: '',
        connections: readConnectionReferences(asObject(root.$connections ?? asObject(root.parameters)?.$connections)?.value),
        accessControl: root.accessControl,
      });
    case 'la-definition':
      return fromDefinition(root, undefined, { name: '', connections: new Map() });
    case 'la-standard-connections':
      return fromConnectionsFile(root);
    default:
      return { problems: [] }; // la-standard-local-settings, la-standard-parameters, la-arm-parameters: values, no flow
  }
}

interface WorkflowInfo {
  readonly name: string;
  readonly id?: string;
  readonly owner?: string;
  readonly connections: ReadonlyMap<string, WdlConnection>;
  readonly accessControl?: unknown;
  readonly settings?: Record<string, unknown>;
}

/**
 * One workflow whose definition is `container.definition` (`containerPointer` given), or the document itself
 * (`containerPointer` undefined, a bare definition).
 */
function fromDefinition(definition: unknown, containerPointer: string | undefined, info: WorkflowInfo): AdapterResult {
  const definitionPointer = containerPointer === undefined ? '' : childPointer(containerPointer, 'definition');
  const def = asObject(definition);
  if (!def) {
    return { problems: [{ pointer: containerPointer ?? '', message: 'This looks like a Logic Apps workflow but has no "definition" object, so it cannot be reviewed. Export the workflow again (code view or ARM template).' }] };
  }
  const graph = walkDefinition(def, definitionPointer, {
    connections: info.connections,
    requestAuth: requestAuth(info.accessControl, childPointer(containerPointer ?? '', 'accessControl')),
  });
  return {
    flow: { platform: 'logic-apps', name: info.name, id: info.id, owner: info.owner, nodes: graph.nodes, edges: graph.edges, settings: info.settings ?? {}, sampleDataPointers: [] },
    problems: graph.problems,
  };
}

/**
 * A Logic Apps `Request` trigger is called through a URL signed with a SAS key (`sig=`). Callers are restricted
 * further only by the workflow's `accessControl.triggers`: OAuth policies (`openAuthenticationPolicies`) or
 * allowed caller IP ranges. Without either, anyone who has the URL can call it.
 */
function requestAuth(accessControl: unknown, accessControlPointer: string): (trigger: Record<string, unknown>, pointer: string) => NodeAuth {
  const triggers = asObject(asObject(accessControl)?.triggers);
  const triggersPointer = childPointer(accessControlPointer, 'triggers');
  const policies = asObject(asObject(triggers?.openAuthenticationPolicies)?.policies);
  const ips = triggers?.allowedCallerIpAddresses;
  return (_trigger, pointer) => {
    if (policies && Object.keys(policies).length) return { method: 'OAuth (Microsoft Entra ID)', none: false, pointer: childPointer(triggersPointer, 'openAuthenticationPolicies') };
    // An empty list is the portal's "Only other Logic Apps": only parent workflows can fire the trigger.
    if (Array.isArray(ips) && !ips.length) return { method: 'only other Logic Apps (parent workflows)', none: false, pointer: childPointer(triggersPointer, 'allowedCallerIpAddresses') };
    if (Array.isArray(ips)) return { method: 'SAS and allowed caller IPs', none: false, pointer: childPointer(triggersPointer, 'allowedCallerIpAddresses') };
    return { method: 'SAS', none: true, pointer: triggers ? triggersPointer : pointer };
  };
}

/** Every `Microsoft.Logic/workflows` resource of an ARM template, nested resources and deployments included. */
function fromArmTemplate(root: Record<string, unknown>): AdapterResult {
  const workflows: { resource: Record<string, unknown>; pointer: string }[] = [];
  const queue: { list: unknown; pointer: string; depth: number }[] = [{ list: root.resources, pointer: '/resources', depth: 0 }];
  for (let q = 0; q < queue.length; q++) {
    const { list, pointer, depth } = queue[q];
    if (!Array.isArray(list) || depth > MAX_DEPTH) continue;
    list.forEach((raw, i) => {
      const resource = asObject(raw);
      if (!resource) return;
      const p = `${pointer}/${i}`;
      if (asString(resource.type)?.toLowerCase() === 'microsoft.logic/workflows') workflows.push({ resource, pointer: p });
      queue.push({ list: resource.resources, pointer: `${p}/resources`, depth: depth + 1 });
      const template = asObject(asObject(resource.properties)?.template);
      if (template) queue.push({ list: template.resources, pointer: `${p}/properties/template/resources`, depth: depth + 1 });
    });
  }
  if (!workflows.length) {
    return { problems: [{ pointer: '/resources', message: 'This ARM template has no Microsoft.Logic/workflows resource, so there is no workflow to review.' }] };
  }
  const problems: StructureProblem[] = [];
  const nodes: FlowNode[] = [];
  const edges: ReturnType<typeof walkDefinition>['edges'] = [];
  const names: string[] = [];
  const seen = new Map<string, number>();
  let owner: string | undefined;
  for (const { resource, pointer } of workflows) {
    const name = asString(resource.name) ?? '';
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    names.push(name);
    owner ??= ownerFromTags(resource.tags);
    const properties = asObject(resource.properties);
    const propertiesPointer = childPointer(pointer, 'properties');
    const definition = asObject(properties?.definition);
    if (!definition) {
      problems.push({ pointer: properties ? propertiesPointer : pointer, message: `Workflow resource "${name}" has no "properties.definition" object (it may be computed by an expression), so it was not reviewed.` });
      continue;
    }
    const graph = walkDefinition(definition, childPointer(propertiesPointer, 'definition'), {
      connections: readConnectionReferences(asObject(asObject(properties!.parameters)?.$connections)?.value),
      requestAuth: requestAuth(properties!.accessControl, childPointer(propertiesPointer, 'accessControl')),
      // Node ids stay the action names for one workflow; with several, the workflow name keeps them unique.
      idPrefix: workflows.length > 1 ? `${name}${count > 1 ? `#${count}` : ''}/` : undefined,
    });
    nodes.push(...graph.nodes);
    edges.push(...graph.edges);
    problems.push(...graph.problems);
  }
  const state = asString(asObject(workflows[0].resource.properties)?.state);
  return {
    flow: { platform: 'logic-apps', name: names.join(', '), owner, nodes, edges, settings: definedOnly({ state }), sampleDataPointers: [] },
    problems,
  };
}

/** The groups of a Standard `connections.json`, each connection a node whose role is its service's. */
const CONNECTION_GROUPS = ['managedApiConnections', 'serviceProviderConnections', 'functionConnections', 'agentConnections', 'apiManagementConnections'] as const;

/** Standard `connections.json`: no triggers or actions, but every connection the app's workflows call out through. */
function fromConnectionsFile(root: Record<string, unknown>): AdapterResult {
  const nodes: FlowNode[] = [];
  const problems: StructureProblem[] = [];
  for (const group of CONNECTION_GROUPS) {
    for (const [key, raw] of Object.entries(asObject(root[group]) ?? {})) {
      const pointer = childPointer(`/${group}`, key);
      const connection = asObject(raw);
      if (!connection) {
        problems.push({ pointer, message: `Connection "${key}" is not an object; it was skipped.` });
        continue;
      }
      nodes.push(connectionNode(group, key, connection, pointer));
    }
  }
  return { flow: { platform: 'logic-apps', name: '', kind: 'connections', nodes, edges: [], settings: {}, sampleDataPointers: [] }, problems };
}

function connectionNode(group: (typeof CONNECTION_GROUPS)[number], key: string, connection: Record<string, unknown>, pointer: string): FlowNode {
  const base = { id: key, name: key, type: group.replace(/s$/, ''), parameters: connection, pointer, parametersPointer: pointer, scopes: [] as string[] };
  const authentication = connection.authentication;
  const auth: NodeAuth = authentication === undefined ? {} : { method: asString(asObject(authentication)?.type), pointer: childPointer(pointer, 'authentication') };
  const at = (container: unknown, containerPointer: string, test: RegExp) => {
    const obj = asObject(container);
    const k = obj && Object.keys(obj).find((name) => test.test(name) && typeof obj[name] === 'string');
    return k !== undefined ? { endpoint: obj![k] as string, endpointPointer: childPointer(containerPointer, k) } : {};
  };
  let info: AzureOperationInfo;
  switch (group) {
    case 'managedApiConnections': {
      const apiId = asString(asObject(connection.api)?.id);
      const api = apiId && /\/managedApis\//i.test(apiId) ? azureApiName(apiId) : azureApiName(key);
      info = azureConnectorInfo(api);
      const id = asString(asObject(connection.connection)?.id);
      return { ...base, role: info.role, service: info.service, ...at(connection, pointer, /^connectionRuntimeUrl$/), auth, credentialRefs: [id ? { type: api, id, name: key } : { type: api, name: key }] };
    }
    case 'serviceProviderConnections': {
      const providerId = asString(asObject(connection.serviceProvider)?.id) ?? key;
      info = azureServiceProviderInfo(providerId);
      const setName = asString(connection.parameterSetName);
      return {
        ...base,
        role: info.role,
        service: info.service,
        ...at(connection.parameterValues, childPointer(pointer, 'parameterValues'), /(?:endpoint|uri|url|baseaddress)$/i),
        auth: setName !== undefined ? { method: setName, pointer: childPointer(pointer, 'parameterSetName') } : auth,
        credentialRefs: [{ type: providerId.slice(providerId.lastIndexOf('/') + 1), name: key }],
      };
    }
    case 'functionConnections':
      return { ...base, role: 'http-request', service: 'Azure Functions', ...at(connection, pointer, /^triggerUrl$/), auth, credentialRefs: [{ type: 'function', name: key }] };
    case 'agentConnections':
      return { ...base, role: 'ai', service: 'AI agent model', ...at(connection, pointer, /^endpoint$/), auth, credentialRefs: [{ type: 'agent', name: key }] };
    case 'apiManagementConnections':
      return { ...base, role: 'http-request', service: 'Azure API Management', ...at(connection, pointer, /^baseUrl$/), auth, credentialRefs: [{ type: 'apiManagement', name: key }] };
  }
}

function definedOnly(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
}
