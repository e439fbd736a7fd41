import { SIGNING_PROVIDERS, type SigningProvider } from '../../knowledge/signingProviders.js';
import { isInbound, surfaceLabel, type InventorySurface } from '../../inventory/model.js';
import type { Flow, FlowNode } from '../../model/index.js';
import { walkStrings } from '../../walk.js';
import { describeNode, FLOW_FORMATS } from '../flowRules.js';
import { inventoryOf } from '../inventoryRules.js';
import type { Rule, RuleContext } from '../types.js';

/** `ingress/missing-signature-verification`: a webhook from a SaaS that signs its payloads, with no signature check. */
export const missingSignatureVerification: Rule = {
  id: 'ingress/missing-signature-verification',
  defaultSeverity: 'warning',
  appliesTo: [...FLOW_FORMATS, 'surface-inventory'],
  threats: ['S', 'T'],
  cwe: 'CWE-345',
  securitySeverity: 6.5,
  docs: {
    summary: 'A generic webhook that receives events from a SaaS which signs them (GitHub, Stripe, Slack, Shopify, ...), but nothing in the flow checks the signature.',
    rationale: 'The signature is what proves an event came from the provider; without checking it, anyone who finds the URL can send forged events (fake payments, fake pushes) that the flow will act on.',
    remediation: "Verify the provider's HMAC signature header with the signing secret before acting (a Code or Crypto step comparing the HMAC of the raw body), or use the platform's dedicated trigger for that provider.",
  },
  check(context) {
    if (context.format === 'surface-inventory') return checkInventory(context);
    const flow = context.flow;
    if (!flow) return;
    for (const node of flow.nodes) {
      if (node.role !== 'trigger-webhook' || node.disabled) continue;
      const provider = senderOf(node);
      if (!provider || readsHeader(flow, node, provider.header)) continue;
      context.report({
        pointer: node.endpointPointer ?? node.pointer,
        message: `Webhook ${describeNode(node)} looks like it receives ${provider.provider} events, which ${provider.provider} signs (header "${provider.header}"), but nothing in this flow checks that signature: anyone who finds the URL can send forged events. Verify the HMAC with the signing secret before acting on the data.`,
      });
    }
  },
};

/** Each provider's keywords as whole words, compiled once: the rule looks at every webhook of every file. */
const PROVIDER_WORDS = SIGNING_PROVIDERS.map((provider) => ({
  provider,
  words: provider.keywords.map((k) => new RegExp(`(^|[^a-z])${k}([^a-z]|$)`)),
}));

/** The first provider one of whose keywords is a word of `words` (lowercase). */
function providerNamedIn(words: string): SigningProvider | undefined {
  return PROVIDER_WORDS.find((p) => p.words.some((re) => re.test(words)))?.provider;
}

function senderOf(node: FlowNode): SigningProvider | undefined {
  return providerNamedIn(`${node.name} ${node.endpoint ?? ''}`.toLowerCase());
}

/** True when any step other than the trigger mentions the signature header (a check we take at its word). */
function readsHeader(flow: Flow, trigger: FlowNode, header: string): boolean {
  const needle = header.toLowerCase();
  return flow.nodes.some((n) => {
    if (n === trigger) return false;
    let found = false;
    walkStrings(n.parameters, '', ({ value }) => {
      if (!found && value.toLowerCase().includes(needle)) found = true;
    });
    return found;
  });
}

/** Inventory surfaces: an inbound surface from a signing sender whose `auth` records no signature check. */
function checkInventory(context: RuleContext): void {
  for (const surface of inventoryOf(context)?.surfaces ?? []) {
    if (!isInbound(surface) || surface.lifecycle.status === 'retired') continue;
    const provider = surfaceSender(surface);
    const signature = surface.auth.signature;
    if (!provider || surface.auth.method === 'hmac' || (signature && signature.algorithm !== 'none')) continue;
    const stated = signature?.algorithm === 'none';
    context.report({
      pointer: stated ? `${surface.pointer}/auth/signature/algorithm` : surface.anchor,
      surfaceId: surface.id,
      message: `Inbound surface ${surfaceLabel(surface)} receives ${provider.provider} events, which ${provider.provider} signs (header "${provider.header}"), but ${stated ? 'its signature is recorded as `none`' : 'the inventory records no signature check'}: anyone who finds the URL can send forged events. Verify the HMAC with the signing secret and record it in \`auth.signature\`.`,
    });
  }
}

function surfaceSender(surface: InventorySurface): SigningProvider | undefined {
  return providerNamedIn([surface.vendor?.name, surface.name, surface.id, surface.endpoint].filter(Boolean).join(' ').toLowerCase());
}
