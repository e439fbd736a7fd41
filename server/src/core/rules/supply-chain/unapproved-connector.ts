import { nodeAnchor } from '../../dataflow/chain.js';
import { serviceKey } from '../../knowledge/thirdParty.js';
import type { Flow, FlowNode } from '../../model/index.js';
import { surfaceOf } from '../../model/surfaces.js';
import { FLOW_FORMATS } from '../flowRules.js';
import { policyOf } from '../inventoryRules.js';
import type { Rule } from '../types.js';

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
    const approvedKeys = new Set(approved.map(serviceKey));
    const blockedKeys = new Set(blocked.map(serviceKey));
    for (const node of flow.nodes) {
      if (node.disabled) continue;
      const service = connectorOf(node);
      if (!service) continue;
      const keys = namesOf(service, node.type);
      const anchor = anchorOf(node, flow);
      if (keys.some((k) => blockedKeys.has(k))) {
        context.report({ ...anchor, severity: 'error', message: `"${node.name}" uses ${service}, which the review policy blocks (connectors.blocked). Replace it with an approved connector.` });
      } else if (approved.length && !keys.some((k) => approvedKeys.has(k))) {
        context.report({ ...anchor, message: `"${node.name}" uses ${service}, which is not on the review policy's approved list (connectors.approved: ${approved.slice(0, 6).join(', ')}${approved.length > 6 ? ', …' : ''}). Use an approved connector, or have ${service} assessed and add it to the list.` });
      }
    }
  },
};

/** The platform's own inbound endpoints and AI building blocks: no vendor's connector (their model or service is). */
const PLATFORM_SERVICES = new Set(['webhook', 'webhooks', 'mailhook', 'n8nform', 'n8nchat', 'mcpserver', 'httprequest', 'httpendpoint', 'webhooksbyzapier', 'aiagent', 'llmchain']);

/** Prefixes and suffixes of n8n type names around the vendor's name (`lmChatAzureOpenAi`, `embeddingsOpenAi`, `gmailTool`). */
const AFFIXES = /^(?:lmchat|lm|embeddings|vectorstore|memory|chat)|(?:tool|trigger)$/g;

/** The names a policy entry may use for this node: its service and type, with and without n8n's affixes. */
function namesOf(service: string, type: string): string[] {
  const short = type.slice(type.lastIndexOf('.') + 1);
  const keys = [serviceKey(service), serviceKey(type), serviceKey(short)];
  return [...keys, ...keys.map((k) => k.replace(AFFIXES, ''))].filter(Boolean);
}

/** The service a node connects to (an external surface), or undefined for steps that stay inside the platform. */
function connectorOf(node: FlowNode): string | undefined {
  // The platform's own inbound endpoints (n8n Webhook, Request triggers, Node-RED http in, catch hooks) are no vendor's connector.
  if (!node.service || PLATFORM_SERVICES.has(serviceKey(node.service)) || (node.role === 'trigger-webhook' && !node.credentialRefs.length)) return undefined;
  if (surfaceOf(node)) return node.service;
  return node.role === 'trigger-event' && node.credentialRefs.length ? node.service : undefined;
}

function anchorOf(node: FlowNode, flow: Flow): ReturnType<typeof nodeAnchor> {
  return flow.platform === 'n8n' ? { pointer: `${node.pointer}/type` } : nodeAnchor(node, flow.platform);
}
