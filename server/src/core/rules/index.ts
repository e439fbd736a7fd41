// Every rule, in one explicit array sorted by id (no filesystem discovery).
import { missingSignatureVerification } from './ingress/missing-signature-verification.js';
import { unauthenticatedWebhook } from './ingress/unauthenticated-webhook.js';
import { syntaxError } from './parse/syntax-error.js';
import { exposedWebhookUrl } from './secret/exposed-webhook-url.js';
import { hardcodedCredential } from './secret/hardcoded-credential.js';
import { insecureHttp } from './transport/insecure-http.js';
import { tlsVerificationDisabled } from './transport/tls-verification-disabled.js';
import type { Rule } from './types.js';

export type { Rule, RuleContext, RuleDocs, RuleReport } from './types.js';
export { docsPath } from './types.js';

export const RULES: readonly Rule[] = [
  missingSignatureVerification,
  unauthenticatedWebhook,
  syntaxError,
  exposedWebhookUrl,
  hardcodedCredential,
  insecureHttp,
  tlsVerificationDisabled,
];

const BY_ID = new Map(RULES.map((r) => [r.id, r]));

/** The rule with this id, or undefined. */
export function ruleById(id: string): Rule | undefined {
  return BY_ID.get(id);
}
