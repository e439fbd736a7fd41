import { nodeAnchor } from '../../dataflow/chain.js';
import { azureApiName, CONNECTOR_TYPES } from '../../knowledge/connectors/azure.js';
import { makeApp } from '../../knowledge/connectors/make.js';
import { N8N_NODES } from '../../knowledge/connectors/n8n.js';
import { zapierAppName } from '../../knowledge/connectors/zapier.js';
import { serviceKey } from '../../knowledge/thirdParty.js';
import type { Flow, FlowNode } from '../../model/index.js';
import { surfaceOf } from '../../model/surfaces.js';
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
    const approvedKeys = new Set(approved.flatMap(entryKeys));
    const blockedKeys = new Set(blocked.flatMap(entryKeys));
    for (const node of flow.nodes) {
      if (node.disabled) continue;
      const found = connectorOf(node, flow.platform);
      if (!found) continue;
      // A Power Automate custom connector made in a solution has its encoded API name as its service.
      const own = flow.platform === 'power-automate' || flow.platform === 'logic-apps' ? customConnectorName(node) : undefined;
      const service = own !== undefined ? `Custom connector "${own}"` : found;
      const keys = namesOf(node, service, flow.platform, own);
      const anchor = anchorOf(node, flow);
      if (keys.some((k) => blockedKeys.has(k))) {
        context.report({ ...anchor, severity: 'error', message: `"${node.name}" uses ${service}, which the review policy blocks (connectors.blocked). Replace it with an approved connector.` });
      } else if (approved.length && !keys.some((k) => approvedKeys.has(k))) {
        context.report({ ...anchor, message: `"${node.name}" uses ${service}, which is not on the review policy's approved list (connectors.approved: ${approved.slice(0, 6).join(', ')}${approved.length > 6 ? ', …' : ''}). Use an approved connector, or have ${service} assessed and add it to the list.` });
      }
    }
  },
};

/**
 * The platform's own inbound endpoints and AI building blocks: no vendor's connector (their model or service is).
 * Zapier's Catch Hook (Webhooks by Zapier) is an inbound endpoint too, left out as a webhook trigger; its requests are HTTP.
 */
const PLATFORM_SERVICES = new Set(['webhook', 'webhooks', 'mailhook', 'n8nform', 'n8nchat', 'mcpserver', 'httprequest', 'httpendpoint', 'aiagent', 'llmchain']);

/** Services of nodes that call any URL, as HTTP Request does: a policy's `HTTP` entry names them too. */
const GENERIC_HTTP = new Set(['webhooksbyzapier', 'httpwebhook']);

/**
 * n8n's triggers of its own events (by service): manual runs, sub-workflow calls, errors, the editor's chat, instance
 * events, workflow activation, evaluations, files on the n8n host. Any other n8n trigger is a service's, and counts even
 * when the export left its credentials out.
 */
const N8N_OWN_TRIGGERS = new Set(['manual', 'manualchat', 'n8nsubworkflow', 'n8nerrorworkflow', 'n8n', 'workflow', 'evaluation', 'localfile', 'simulate']);

/**
 * Prefixes and suffixes of n8n type names around the vendor's name (`lmChatAzureOpenAi`, `embeddingsOpenAi`, `gmailTool`,
 * LangChain's `toolSerpApi`).
 */
const AFFIXES = /^(?:lmchat|lm|embeddings|vectorstore|memory|chat|tool)|(?:tool|trigger)$/g;

/** Power Automate and Logic Apps operations whose connection names a managed connector (by its API name). */
const MANAGED_CONNECTOR_TYPES: ReadonlySet<string> = new Set([...CONNECTOR_TYPES, 'managedapiconnection']);

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
  return keys.filter(Boolean);
}

/**
 * The names a policy entry may use for this node: its service and type, with and without n8n's affixes, and the name
 * each platform gives the connector (Power Platform's API name, a custom connector's own name, Make's app, Zapier's
 * selected_api, the node an n8n tool or chat memory wraps).
 */
function namesOf(node: FlowNode, service: string, platform: Flow['platform'], ownName: string | undefined): string[] {
  const short = node.type.slice(node.type.lastIndexOf('.') + 1);
  const keys = [serviceKey(service), serviceKey(node.type), serviceKey(short)];
  if (node.role === 'http-request' && GENERIC_HTTP.has(keys[0])) keys.push('http');
  switch (platform) {
    case 'power-automate':
    case 'logic-apps': {
      if (ownName !== undefined) keys.push(serviceKey(ownName));
      // Not Standard's built-in service providers: `/serviceProviders/openai` is Azure OpenAI, not OpenAI.
      const api = node.credentialRefs[0]?.type;
      if (api && MANAGED_CONNECTOR_TYPES.has(node.type.toLowerCase())) keys.push(serviceKey(api));
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
      const wrapped = /^memory(\w+)Chat$/.exec(short)?.[1] ?? (short.endsWith('Tool') ? short.slice(0, -4) : undefined);
      const base = wrapped ? N8N_NODES[wrapped[0].toLowerCase() + wrapped.slice(1)]?.service : undefined;
      if (base) keys.push(serviceKey(base));
      break;
    }
  }
  return [...keys, ...keys.map((k) => k.replace(AFFIXES, ''))].filter(Boolean);
}

/** The service a node connects to (an external surface), or undefined for steps that stay inside the platform. */
function connectorOf(node: FlowNode, platform: Flow['platform']): string | undefined {
  // The platform's own inbound endpoints (n8n Webhook, Request triggers, Node-RED http in, catch hooks) are no vendor's connector.
  const key = serviceKey(node.service);
  if (!node.service || PLATFORM_SERVICES.has(key) || (node.role === 'trigger-webhook' && !node.credentialRefs.length)) return undefined;
  if (surfaceOf(node)) return node.service;
  if (node.role !== 'trigger-event') return undefined;
  // An n8n `<service>Trigger` names its service: exported templates leave the credentials out.
  return node.credentialRefs.length || (platform === 'n8n' && !N8N_OWN_TRIGGERS.has(key)) ? node.service : undefined;
}

function anchorOf(node: FlowNode, flow: Flow): ReturnType<typeof nodeAnchor> {
  return flow.platform === 'n8n' ? { pointer: `${node.pointer}/type` } : nodeAnchor(node, flow.platform);
}
