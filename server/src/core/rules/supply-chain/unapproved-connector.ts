import { nodeAnchor } from '../../dataflow/chain.js';
import { AZURE_CONNECTORS, azureApiName, CONNECTOR_TYPES } from '../../knowledge/connectors/azure.js';
import { MAKE_APPS, makeApp } from '../../knowledge/connectors/make.js';
import { n8nCredentialService, n8nWrappedNode, N8N_NODES, type N8nNodeInfo } from '../../knowledge/connectors/n8n.js';
import { ZAPIER_APPS, zapierAppName } from '../../knowledge/connectors/zapier.js';
import { serviceKey } from '../../knowledge/thirdParty.js';
import type { Flow, FlowNode } from '../../model/index.js';
import { surfaceOf } from '../../model/surfaces.js';
import { asObject, asString } from '../../walk.js';
import { FLOW_FORMATS } from '../flowRules.js';
import { policyOf } from '../inventoryRules.js';
import type { Rule } from '../types.js';
import { customConnectorName } from './customConnectors.js';

/** `supply-chain/unapproved-connector`: a connector the review policy blocks, or one missing from its approved list. */
export const unapprovedConnector: Rule = {
  id: 'supply-chain/unapproved-connector',
  defaultSeverity: 'warning',
  appliesTo: FLOW_FORMATS,
  threats: ['I', 'T'],
  cwe: 'CWE-1357',
  securitySeverity: 5.0,
  docs: {
    summary: 'A flow uses a connector (service) that the review policy blocks, or that is not on the policy\'s approved list when it has one.',
    rationale: 'An approved list is how an organisation keeps data with vendors it has assessed (contract, data processing, security review); a connector outside it sends data and credentials to a vendor nobody has assessed, and a blocked one to a vendor someone decided against.',
    remediation: 'Replace the connector with an approved one, or have it assessed and add it to `connectors.approved` in `.surface-review.yaml`.',
  },
  check(context) {
    const flow = context.flow;
    const { approved, blocked } = policyOf(context).connectors;
    if (!flow || (!approved.length && !blocked.length)) return;
    const approvedKeys = keysOf(approved);
    const blockedKeys = keysOf(blocked);
    for (const node of flow.nodes) {
      if (node.disabled || !node.service) continue;
      const wrapped = flow.platform === 'n8n' ? n8nWrappedNode(node.type) : undefined;
      const found = connectorOf(node, flow.platform, wrapped);
      if (!found) continue;
      // A custom connector by its own name (Power Automate's decoded API name, a Logic Apps customApis resource's name).
      const own = flow.platform === 'power-automate' || flow.platform === 'logic-apps' ? customConnectorName(node) : undefined;
      const signedIn = flow.platform === 'n8n' ? n8nRequestCredential(node) : undefined;
      const named = own !== undefined ? `Custom connector "${own}"` : found;
      const keys = namesOf(node, named, flow.platform, own, wrapped);
      if (signedIn) keys.push(...signedIn.keys);
      const service = signedIn ? `${named} (with its ${signedIn.name} credential)` : named;
      if (keys.some((k) => blockedKeys.has(k))) {
        context.report({ ...anchorOf(node, flow), severity: 'error', message: `"${node.name}" uses ${service}, which the review policy blocks (connectors.blocked). Replace it with an approved connector.` });
      } else if (approved.length && !keys.some((k) => approvedKeys.has(k))) {
        context.report({ ...anchorOf(node, flow), message: `"${node.name}" uses ${service}, which is not on the review policy's approved list (connectors.approved: ${approved.slice(0, 6).join(', ')}${approved.length > 6 ? ', …' : ''}). Use an approved connector, or have ${service} assessed and add it to the list.` });
      }
    }
  },
};

/**
 * The platform's own inbound endpoints and AI building blocks: no vendor's connector (their model or service is).
 * Zapier's Catch Hook (Webhooks by Zapier) is an inbound endpoint too, left out as a webhook trigger; its requests are HTTP.
 */
const PLATFORM_SERVICES = new Set(['webhook', 'webhooks', 'mailhook', 'n8nform', 'n8nchat', 'mcpserver', 'httprequest', 'httpendpoint', 'aiagent', 'llmchain']);

/** Services of nodes that call any URL, as HTTP Request does (n8n's GraphQL posts to any endpoint): a policy's `HTTP` entry names them too. */
const GENERIC_HTTP = new Set(['webhooksbyzapier', 'httpwebhook', 'graphql']);

/**
 * n8n's triggers of its own events (by service): manual runs, sub-workflow calls, errors, the editor's chat, instance
 * events, workflow activation, evaluations, files on the n8n host. Any other n8n trigger is a service's, and counts even
 * when the export left its credentials out.
 */
const N8N_OWN_TRIGGERS = new Set(['manual', 'manualchat', 'n8nsubworkflow', 'n8nerrorworkflow', 'n8n', 'workflow', 'evaluation', 'localfile', 'simulate']);

/**
 * Prefixes and suffixes of n8n type names around the vendor's name (`lmChatAzureOpenAi`, `embeddingsOpenAi`, `gmailTool`,
 * LangChain's `toolSerpApi`). n8n's only: another platform's name (a custom connector's `Slack Tool`) keeps them.
 */
const AFFIXES = /^(?:lmchat|lm|embeddings|vectorstore|memory|chat|tool)|(?:tool|trigger)$/g;

/**
 * The service an n8n HTTP Request signs in to with a service's own credential type (`authentication:
 * predefinedCredentialType`, `nodeCredentialType: slackOAuth2Api`): its name (Slack, or the credential type when the
 * catalogue has no node of it) and its keys. Undefined for other nodes and generic credentials (header, query, basic auth).
 */
function n8nRequestCredential(node: FlowNode): { readonly name: string; readonly keys: readonly string[] } | undefined {
  const params = asObject(node.parameters);
  const type = params?.authentication === 'predefinedCredentialType' ? asString(params.nodeCredentialType) : undefined;
  const credential = node.role === 'http-request' && type ? n8nCredentialService(type) : undefined;
  if (!type || !credential) return undefined;
  const { base, service } = credential;
  return { name: service ?? type, keys: [serviceKey(type), serviceKey(base), serviceKey(service)].filter(Boolean) };
}

/**
 * Keys of the names connectors go by on every platform (Microsoft's API names and every catalogue's services and apps):
 * a custom connector's own name, which its author types, is not matched when it is one of them.
 */
let knownConnectorKeys: ReadonlySet<string> | undefined;
function isKnownConnectorKey(key: string): boolean {
  knownConnectorKeys ??= new Set([
    ...Object.keys(AZURE_CONNECTORS),
    ...Object.values(AZURE_CONNECTORS).map((c) => c.service),
    ...Object.values(N8N_NODES).map((n) => n.service),
    ...Object.keys(MAKE_APPS),
    ...Object.values(MAKE_APPS).map((a) => a.service),
    ...Object.keys(ZAPIER_APPS),
    ...Object.values(ZAPIER_APPS).map((a) => a.service),
    'HTTP',
    'HTTP Request',
  ].map(serviceKey).filter(Boolean));
  return knownConnectorKeys.has(key);
}

/** Power Automate and Logic Apps operations whose connection names a managed connector (by its API name). */
const MANAGED_CONNECTOR_TYPES: ReadonlySet<string> = new Set([...CONNECTOR_TYPES, 'managedapiconnection']);

/** The keys of a policy list, computed once per list (a policy is read once and reviews every file). */
const listKeys = new WeakMap<readonly string[], ReadonlySet<string>>();
function keysOf(list: readonly string[]): ReadonlySet<string> {
  let keys = listKeys.get(list);
  if (!keys) listKeys.set(list, (keys = new Set(list.flatMap(entryKeys))));
  return keys;
}

/**
 * The keys a policy entry stands for: its name, and for a Power Platform or Azure connector id (`shared_office365`,
 * `/providers/Microsoft.PowerApps/apis/shared_office365`, `…/managedApis/office365`) the API name; for a name with a
 * version (Zapier's `SlackCLIAPI@1.21.0`), the name without it too.
 */
function entryKeys(entry: string): string[] {
  const keys = [serviceKey(entry)];
  if (/^\s*(?:\/|shared_)/i.test(entry)) keys.push(serviceKey(azureApiName(entry)));
  const versioned = /^([^@]+)@\d[\w.-]*$/.exec(entry.trim());
  if (versioned) keys.push(serviceKey(versioned[1]));
  // `HTTP Request` is n8n's and Node-RED's name for the node that calls any URL: on every platform, HTTP.
  if (keys[0] === 'httprequest') keys.push('http');
  return keys.filter(Boolean);
}

/**
 * The names a policy entry may use for this node: its service and type, with and without n8n's affixes, and the name
 * each platform gives the connector (Power Platform's API name, a custom connector's own name, Make's app, Zapier's
 * selected_api, the node an n8n tool or chat memory wraps).
 */
function namesOf(node: FlowNode, service: string, platform: Flow['platform'], ownName: string | undefined, wrapped: N8nNodeInfo | undefined): string[] {
  const short = node.type.slice(node.type.lastIndexOf('.') + 1);
  const keys = [serviceKey(service), serviceKey(node.type), serviceKey(short)];
  if (node.role === 'http-request' && GENERIC_HTTP.has(keys[0])) keys.push('http');
  switch (platform) {
    case 'power-automate':
    case 'logic-apps': {
      // A custom connector's own name and a Logic Apps custom API's resource name are whatever its author typed: not
      // when they are another connector's (`SharePoint`, `office365`).
      const own = (key: string) => (ownName === undefined || !isKnownConnectorKey(key) ? [key] : []);
      if (ownName !== undefined) keys.push(...own(serviceKey(ownName)));
      const api = node.credentialRefs[0]?.type;
      if (api && MANAGED_CONNECTOR_TYPES.has(node.type.toLowerCase())) keys.push(...own(serviceKey(api)));
      // A Standard built-in service provider goes by the API name of Microsoft's connector of the same service
      // (`/serviceProviders/sql` is SQL Server, as `sql` is); `/serviceProviders/openai` is Azure OpenAI, not OpenAI.
      else if (api && node.type.toLowerCase() === 'serviceprovider' && node.service && AZURE_CONNECTORS[api.toLowerCase()]?.service === node.service) keys.push(serviceKey(api));
      break;
    }
    case 'make':
      keys.push(serviceKey(makeApp(node.type)));
      break;
    case 'zapier': {
      const api = node.type.split(':')[0];
      const at = api.indexOf('@');
      keys.push(serviceKey(at === -1 ? api : api.slice(0, at)), serviceKey(zapierAppName(api)));
      break;
    }
    case 'n8n': {
      // `postgresTool` and `memoryPostgresChat` call the service of `postgres` (PostgreSQL).
      const base = wrapped?.service;
      if (base) keys.push(serviceKey(base));
      return [...keys, ...keys.map((k) => k.replace(AFFIXES, ''))].filter(Boolean);
    }
  }
  return keys.filter(Boolean);
}

/**
 * The service a node connects to (an external surface), or undefined for steps that stay inside the platform. An n8n
 * node that wraps another (an AI tool, chat memory, embeddings, vector store, trigger) is named by the node it wraps,
 * and counts as it would, with or without credentials in the export.
 */
function connectorOf(node: FlowNode, platform: Flow['platform'], wrapped?: N8nNodeInfo): string | undefined {
  // The platform's own inbound endpoints (n8n Webhook, Request triggers, Node-RED http in, catch hooks) are no vendor's connector.
  const key = serviceKey(node.service);
  if (!node.service || PLATFORM_SERVICES.has(key) || (node.role === 'trigger-webhook' && !node.credentialRefs.length)) return undefined;
  if (wrapped?.service && !PLATFORM_SERVICES.has(serviceKey(wrapped.service)) && (surfaceOf(node) || surfaceOf({ ...node, role: wrapped.role }))) return wrapped.service;
  if (surfaceOf(node)) return node.service;
  if (node.role !== 'trigger-event') return undefined;
  // An n8n `<service>Trigger` names its service: exported templates leave the credentials out.
  return node.credentialRefs.length || (platform === 'n8n' && !N8N_OWN_TRIGGERS.has(key)) ? node.service : undefined;
}

function anchorOf(node: FlowNode, flow: Flow): ReturnType<typeof nodeAnchor> {
  return flow.platform === 'n8n' ? { pointer: `${node.pointer}/type` } : nodeAnchor(node, flow.platform);
}
