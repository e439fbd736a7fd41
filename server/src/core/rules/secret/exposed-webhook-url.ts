import { FLOW_TRIGGER_URL } from '../../knowledge/secretUrls.js';
import { mask } from '../../mask.js';
import type { LocatedSecret } from '../../secrets/scan.js';
import type { Rule } from '../types.js';
import { secretsOf } from './hardcoded-credential.js';

/** `secret/exposed-webhook-url`: a URL that is itself a bearer secret (Slack/Teams/Discord webhooks, `sig=` URLs). */
export const exposedWebhookUrl: Rule = {
  id: 'secret/exposed-webhook-url',
  defaultSeverity: 'error',
  appliesTo: 'all',
  threats: ['S', 'I'],
  cwe: 'CWE-798',
  securitySeverity: 7.5,
  docs: {
    summary: 'A webhook URL whose path or signature is the only thing that authorises callers.',
    rationale: 'Whoever has an incoming-webhook or signed trigger URL can post to the channel or start the flow as if they were this integration; the URL is a password.',
    remediation: 'Regenerate the webhook or trigger URL (the old one stays valid until you do), then keep it in a secret store and reference it.',
  },
  check(context) {
    for (const secret of secretsOf(context)) {
      if (secret.kind !== 'webhook-url') continue;
      const where = secret.nodeName ? ` in "${secret.name}" of node "${secret.nodeName}"` : ` in "${secret.name}"`;
      context.report({
        pointer: secret.pointer,
        at: { start: secret.start, end: secret.end },
        secret: secret.secret,
        severity: secret.place === 'config' ? undefined : 'warning',
        message: `${secret.provider} ${secret.what}${where} (${mask(secret.secret)}): ${whatItGrants(secret)}`,
      });
    }
  },
};

/** What whoever holds the secret can do, and what to do about it. */
function whatItGrants(secret: LocatedSecret): string {
  if (secret.formatId !== 'azure-sas-signature') return 'anyone who has this URL can post as this integration. Regenerate it and keep the new one in a secret store.';
  if (FLOW_TRIGGER_URL.test(secret.value)) {
    return 'anyone who has this URL can start the flow, with any input they send. Regenerate it (for Logic Apps, regenerate the access keys) and keep the new one in a secret store, or require Microsoft Entra ID (OAuth) on the trigger.';
  }
  return 'anyone who has it can use the resource it signs (a storage account, container, blob, queue or Service Bus entity) with the permissions signed into it until it expires. Revoke it (rotate the key it was signed with, or its stored access policy) and keep a new one in a secret store, or use a managed identity.';
}
