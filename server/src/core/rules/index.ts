// Every rule, in one explicit array sorted by id (no filesystem discovery).
import { missingRotationPolicy } from './credential/missing-rotation-policy.js';
import { rotationOverdue } from './credential/rotation-overdue.js';
import { staleEntry } from './drift/stale-entry.js';
import { undocumentedSurface } from './drift/undocumented-surface.js';
import { missingReplayProtection } from './ingress/missing-replay-protection.js';
import { unvalidatedInputToSink } from './injection/unvalidated-input-to-sink.js';
import { duplicateId } from './inventory/duplicate-id.js';
import { missingClassification } from './inventory/missing-classification.js';
import { missingRollback } from './inventory/missing-rollback.js';
import { reviewOverdue } from './inventory/review-overdue.js';
import { riskUnderstated } from './inventory/risk-understated.js';
import { schema } from './inventory/schema.js';
import { unknownZone } from './inventory/unknown-zone.js';
import { missingErrorHandling } from './monitoring/missing-error-handling.js';
import { missingOwner } from './ownership/missing-owner.js';
import { overbroad } from './scope/overbroad.js';
import { undeclared } from './scope/undeclared.js';
import { missingSignatureVerification } from './ingress/missing-signature-verification.js';
import { unauthenticatedWebhook } from './ingress/unauthenticated-webhook.js';
import { syntaxError } from './parse/syntax-error.js';
import { expiredSuppression } from './policy/expired-suppression.js';
import { unusedSuppression } from './policy/unused-suppression.js';
import { sensitiveDataToThirdParty } from './privacy/sensitive-data-to-third-party.js';
import { unboundedRetry } from './resilience/unbounded-retry.js';
import { exposedWebhookUrl } from './secret/exposed-webhook-url.js';
import { hardcodedCredential } from './secret/hardcoded-credential.js';
import { unapprovedConnector } from './supply-chain/unapproved-connector.js';
import { unvettedNode } from './supply-chain/unvetted-node.js';
import { insecureHttp } from './transport/insecure-http.js';
import { tlsVerificationDisabled } from './transport/tls-verification-disabled.js';
import type { Rule } from './types.js';

export type { FileRule, Rule, RuleContext, RuleDocs, RuleReport, WorkspaceRule } from './types.js';
export { docsPath } from './types.js';

export const RULES: readonly Rule[] = [
  missingRotationPolicy,
  rotationOverdue,
  staleEntry,
  undocumentedSurface,
  missingReplayProtection,
  missingSignatureVerification,
  unauthenticatedWebhook,
  unvalidatedInputToSink,
  duplicateId,
  missingClassification,
  missingRollback,
  reviewOverdue,
  riskUnderstated,
  schema,
  unknownZone,
  missingErrorHandling,
  missingOwner,
  syntaxError,
  expiredSuppression,
  unusedSuppression,
  sensitiveDataToThirdParty,
  unboundedRetry,
  overbroad,
  undeclared,
  exposedWebhookUrl,
  hardcodedCredential,
  unapprovedConnector,
  unvettedNode,
  insecureHttp,
  tlsVerificationDisabled,
];

const BY_ID = new Map(RULES.map((r) => [r.id, r]));

/** The rule with this id, or undefined. */
export function ruleById(id: string): Rule | undefined {
  return BY_ID.get(id);
}
