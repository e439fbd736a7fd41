import { mask } from '../../mask.js';
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
        message: `${secret.provider} ${secret.what}${where} (${mask(secret.secret)}): anyone who has this URL can post as this integration. Regenerate it and keep the new one in a secret store.`,
      });
    }
  },
};
