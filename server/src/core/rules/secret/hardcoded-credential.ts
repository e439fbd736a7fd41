import type { Fix } from '../../model/index.js';
import { mask } from '../../mask.js';
import { secretRefFixes } from '../../inventory/secretFix.js';
import { findNamedSecret } from '../../secrets/detect.js';
import { isSecretReference } from '../../secrets/reference.js';
import type { LocatedSecret } from '../../secrets/scan.js';
import { walkStrings } from '../../walk.js';
import { documentFacts } from '../documentPass.js';
import type { Rule, RuleContext } from '../types.js';
import { secretAdvice } from './advice.js';
import { referenceFixes } from './referenceFixes.js';

/** `secret/hardcoded-credential`: a literal secret where a credential reference belongs. */
export const hardcodedCredential: Rule = {
  id: 'secret/hardcoded-credential',
  defaultSeverity: 'error',
  appliesTo: 'all',
  threats: ['I', 'S', 'E'],
  cwe: 'CWE-798',
  securitySeverity: 9.0,
  docs: {
    summary: 'A literal secret (provider token, Authorization header, password or API key) in an export or inventory.',
    rationale: 'Exports are shared, committed and pasted into tickets: anyone who reads the file can call the service as this integration, and the secret stays valid until someone rotates it.',
    remediation: "Rotate the secret first (it is exposed), then store it in the platform's credential store or an environment variable and reference it from the flow.",
  },
  check(context) {
    for (const secret of secretsOf(context)) {
      if (secret.kind === 'webhook-url') continue;
      context.report({
        pointer: secret.pointer,
        at: { start: secret.start, end: secret.end },
        secret: secret.secret,
        severity: secret.place === 'config' ? undefined : 'warning',
        message: messageFor(secret, context),
        fixes: fixFor(secret, context),
      });
    }
    if (context.format === 'surface-inventory') literalSecretRefs(context);
  },
};

/** Inventory `secretRef` values that are a credential themselves rather than a reference (the scan skips `…Ref` names). */
function literalSecretRefs(context: RuleContext): void {
  const seen = new Set(secretsOf(context).map((s) => s.pointer));
  walkStrings(context.document.value, '', (visit) => {
    const { value, name } = visit;
    if (name !== 'secretRef') return;
    const pointer = visit.pointer; // built only here: walks meet far more strings than they report
    if (seen.has(pointer) || isSecretReference(value)) return;
    const hit = findNamedSecret('secret', value);
    if (!hit) return;
    context.report({
      pointer,
      at: { start: hit.start, end: hit.end },
      secret: hit.secret,
      message: `\`secretRef\` holds what looks like the secret itself (${mask(hit.secret)}), not a reference to where it is kept. Anyone who can read this file can use it: rotate it now, then ${secretAdvice(context.format, context.detail)}.`,
      fixes: () => secretRefFixes(context.document, context.uri, pointer),
    });
  });
}

/** The document's secret candidates, scanned once per analysis (in the walk the TLS check shares). */
export function secretsOf(context: RuleContext): readonly LocatedSecret[] {
  return documentFacts(context).secrets;
}

function messageFor(secret: LocatedSecret, context: RuleContext): string {
  const what = secret.provider ? `${secret.provider} ${secret.what}` : 'secret';
  const field = secret.nodeName ? `"${secret.name}" of node "${secret.nodeName}"` : `"${secret.name}"`;
  const shown = mask(secret.secret);
  if (secret.place === 'sample-data') {
    return `A ${what} (${shown}) was captured in "${secret.name}" of the pinned sample data (pinData) of ${secret.nodeName ? `node "${secret.nodeName}"` : 'this workflow'}. Anyone with the export can use it: remove the pinned data before sharing, and rotate the secret.`;
  }
  if (secret.place === 'note') {
    return `A ${what} (${shown}) is written in a note. Notes travel with every export: delete it from the note and rotate it.`;
  }
  const label = credentialLabel(secret, what, shown) ?? (secret.kind === 'literal' ? `Hard-coded secret in ${field} (${shown})` : `Hard-coded ${what} in ${field} (${shown})`);
  return `${label}. Anyone who can read this file can use it: rotate it now, then ${secretAdvice(context.format, context.detail)}.`;
}

/**
 * A value that is a credential by the authentication object it sits in, not by its name (which says nothing: `Code`,
 * `parameter`): the label says what the platform does with it.
 */
function credentialLabel(secret: LocatedSecret, what: string, shown: string): string | undefined {
  const of = secret.nodeName ? ` of "${secret.nodeName}"` : '';
  const literal = secret.kind === 'literal';
  if (secret.credential === 'query-parameter') return `Hard-coded ${literal ? 'key' : what} in the QueryString authentication${of}, sent with every call as the query parameter "${secret.name}", the way an Azure Functions key is sent (${shown})`;
  if (secret.credential === 'connection-key') return `Hard-coded ${literal ? 'connection key' : `${what} (the connection key)`} in "parameter" of the Raw authentication${of} (${shown})`;
  return undefined;
}

/** Inventories: a `secretRef` placeholder; flows: the platform's reference form (see `referenceFixes`). */
function fixFor(secret: LocatedSecret, context: RuleContext): ((range: { start: number; end: number }) => Fix[]) | undefined {
  if (context.format === 'surface-inventory') {
    const wholeValue = secret.value.slice(0, secret.start).replace(/^\s*(?:bearer|basic|token)?\s*/i, '') === '' && secret.value.slice(secret.end).trim() === '';
    return secret.place === 'config' && wholeValue ? () => secretRefFixes(context.document, context.uri, secret.pointer) : undefined;
  }
  return referenceFixes(secret, context);
}
