import { SIGNING_PROVIDERS, WEBHOOK_WORDS, type SigningProvider } from '../../knowledge/signingProviders.js';
import { isInbound, surfaceLabel, type InventorySurface } from '../../inventory/model.js';
import type { Flow, FlowNode } from '../../model/index.js';
import { asObject, walkStrings } from '../../walk.js';
import { describeNode, FLOW_FORMATS } from '../flowRules.js';
import { inventoryOf } from '../inventoryRules.js';
import type { Rule, RuleContext } from '../types.js';
import { callersChecked } from './callers.js';

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
      if (node.role !== 'trigger-webhook' || node.disabled || NO_PROVIDER_SENDS.test(node.type)) continue;
      if (context.format === 'n8n' && headerOnlyAuth(node, flow, context)) continue;
      // Callers that must authenticate (or pass a secret-header condition, or call from allowed addresses): not anyone
      // who finds the URL can send forged events.
      if (callersChecked(node, context.format, context.document.value)) continue;
      const provider = senderOf(node);
      if (!provider) continue;
      const check = checkOf(flow, node, provider);
      if (check === 'current') continue;
      const pointer = node.endpointPointer ?? node.pointer;
      if (check === 'legacy') {
        context.report({
          pointer,
          severity: 'info',
          message: `Webhook ${describeNode(node)} looks like it receives ${provider.provider} events, and the flow checks ${provider.provider}'s legacy SHA-1 signature (header "${provider.legacyHeader}"), which ${provider.provider} sends only for compatibility. Move the check to "${provider.header}" (HMAC-SHA256 with the same secret).`,
        });
        continue;
      }
      context.report({ pointer, message: `Webhook ${describeNode(node)} looks like it receives ${provider.provider} events, ${unchecked(provider, 'this flow')}` });
    }
  },
};

/** n8n authentication that needs a header of the caller's choosing: Header Auth (a named header), JWT Auth (a Bearer token). */
const HEADER_METHODS: Readonly<Record<string, string>> = { headerAuth: 'Header Auth', jwtAuth: 'JWT Auth' };

/**
 * An n8n webhook named for a provider that cannot send the header its authentication asks for (Header or JWT Auth on a
 * Stripe webhook), with no check of the provider's signature: reported as info, and true. Such authentication is no
 * check the provider passes: either its deliveries are refused, or something else calls the URL; the provider's
 * signature is the check it can pass.
 */
function headerOnlyAuth(node: FlowNode, flow: Flow, context: RuleContext): boolean {
  const method = HEADER_METHODS[node.auth.method ?? ''];
  const provider = method ? senderOf(node) : undefined;
  if (!method || !provider || !provider.noCustomHeaders || checkOf(flow, node, provider)) return false;
  const p = provider.provider;
  context.report({
    pointer: node.endpointPointer ?? node.pointer,
    severity: 'info',
    message: `Webhook ${describeNode(node)} looks like it receives ${p} events and requires ${method}, but ${p}'s webhooks cannot carry a header of your choosing: either ${p}'s deliveries are refused, or something else calls this URL. ${p} signs each event (header "${provider.header}"): verify that signature with the signing secret before acting on the data, in place of ${method}.`,
  });
  return true;
}

/** What the provider sends, that nothing checks, and what to do: in the words of its scheme (HMAC header, body, token). */
function unchecked(provider: SigningProvider, where: 'this flow' | 'the inventory' | 'recorded none'): string {
  const p = provider.provider;
  const token = provider.scheme === 'token';
  const what = token ? 'token' : 'signature';
  const gap = where === 'this flow' ? `nothing in this flow checks that ${what}` : where === 'the inventory' ? `the inventory records no ${what} check` : 'its signature is recorded as `none`';
  const sent = token ? `which ${p} sends with a secret token (header "${provider.header}")` : `which ${p} signs ${provider.described ?? `(header "${provider.header}")`}`;
  const act = token ? `Compare the header with the secret token set on the ${p} webhook` : 'Verify the HMAC with the signing secret';
  return `${sent}, but ${gap}: anyone who finds the URL can send forged events. ${act} ${where === 'this flow' ? 'before acting on the data.' : 'and record it in `auth.signature`.'}`;
}

/** Each provider's keywords as whole words, compiled once: the rule looks at every webhook of every file. */
const PROVIDER_WORDS = SIGNING_PROVIDERS.map((provider) => {
  const beside = [...WEBHOOK_WORDS, ...(provider.companions ?? [])].join('|');
  return {
    provider,
    words: [
      ...provider.keywords.map((k) => new RegExp(`(?:^|[^a-z])${k}(?:[^a-z]|$)`)),
      // An everyday word names the provider only right beside a webhook word or a companion, either side.
      ...(provider.ordinaryWords ?? []).map((w) => new RegExp(`(?:^|[^a-z])(?:${w}[^a-z]{0,3}(?:${beside})|(?:${beside})[^a-z]{0,3}${w})(?:[^a-z]|$)`)),
    ],
  };
});

/** The first provider one of whose keywords is a word of one of `texts` (each a name, a path or a label, read apart). */
function providerNamedIn(texts: readonly (string | undefined)[]): SigningProvider | undefined {
  for (const text of texts) {
    if (!text) continue;
    const words = wordsOf(text);
    const found = PROVIDER_WORDS.find((p) => p.words.some((re) => re.test(words)));
    if (found) return found.provider;
  }
  return undefined;
}

/** Lower case, with camelCase split into words beside the text as written (`stripeWebhook` → `stripewebhook stripe webhook`). */
function wordsOf(text: string): string {
  const split = text.replace(/([a-z0-9])([A-Z])/g, '$1 $2');
  return (split === text ? text : `${text} ${split}`).toLowerCase();
}

/**
 * Triggers no provider posts its webhooks to: people submit an n8n Form, chat with a Chat trigger, MCP clients call an
 * MCP Server trigger, and a Make mailhook receives mail.
 */
const NO_PROVIDER_SENDS = /(?:^|\.)(?:formTrigger|chatTrigger|mcpTrigger)$|^gateway:CustomMailHook$/;

/**
 * Services that pass a provider's messages on to a webhook in requests of their own, without the provider's signature:
 * WAHA (a self-hosted WhatsApp HTTP API), ManyChat (Instagram, Messenger and WhatsApp bots). Named beside the provider,
 * they are the sender.
 */
const RELAYS = /(?:^|[^a-z])(?:waha|manychat)(?:[^a-z]|$)/;

/** The sender, from the trigger's name, its path or URL, or the label of the hook it listens on (Make custom webhooks). */
function senderOf(node: FlowNode): SigningProvider | undefined {
  const hooks = node.credentialRefs.filter((r) => r.type.startsWith('hook')).map((r) => r.name);
  const texts = [node.name, node.endpoint, ...hooks];
  if (texts.some((t) => t !== undefined && RELAYS.test(wordsOf(t)))) return undefined;
  return providerNamedIn(texts);
}

/** Roles whose steps pass data on rather than check it: a signature named in a mail or a chat message checks nothing. */
const PASSING_ROLES = new Set(['email', 'messaging', 'ai', 'storage', 'database', 'file']);
/** Notes on the canvas. */
const NOTE_TYPES = /(?:^|\.)(?:stickyNote|comment)$/;

/**
 * Whether a step checks the provider's proof: `current` when code, a condition or an expression reads its header or field
 * by name (`headers['stripe-signature']`, `$json.body.signature.signature`); `legacy` when only the provider's older header
 * is read. A check that reads it is taken at its word; the rule does not judge the comparison itself. The trigger's own
 * conditions count (Power Automate and Logic Apps trigger conditions); prose, notes and messages do not.
 */
function checkOf(flow: Flow, trigger: FlowNode, provider: SigningProvider): 'current' | 'legacy' | undefined {
  const current = reference(provider.header);
  const legacy = provider.legacyHeader ? reference(provider.legacyHeader) : undefined;
  let found: 'current' | 'legacy' | undefined;
  for (const n of flow.nodes) {
    if (PASSING_ROLES.has(n.role) || NOTE_TYPES.test(n.type)) continue;
    const root = n === trigger ? asObject(n.parameters)?.conditions : n.parameters;
    if (root === undefined) continue;
    walkStrings(root, '', ({ value }) => {
      if (found === 'current') return;
      if (current.test(value)) found = 'current';
      else if (legacy?.test(value)) found = 'legacy';
    });
    if (found === 'current') return found;
  }
  return found;
}

/** The name read by code or an expression: after a quote, a bracket or a dot, and not running on (`-256`). */
function reference(name: string): RegExp {
  return new RegExp(`[\\[.'"\`]${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`, 'i');
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
      message: `Inbound surface ${surfaceLabel(surface)} receives ${provider.provider} events, ${unchecked(provider, stated ? 'recorded none' : 'the inventory')}`,
    });
  }
}

function surfaceSender(surface: InventorySurface): SigningProvider | undefined {
  return providerNamedIn([surface.vendor?.name, surface.name, surface.id, surface.endpoint]);
}
