import { lookupScope } from '../../knowledge/scopes/index.js';
import { removeItem, replaceScalar } from '../../inventory/edit.js';
import { riskRank, surfaceLabel } from '../../inventory/model.js';
import { providerHint } from '../../inventory/risk.js';
import { inventoryOf, INVENTORY_FORMATS } from '../inventoryRules.js';
import type { Rule } from '../types.js';

/** `scope/overbroad`: a scope the catalogue rates high or critical where a narrower one exists (critical ones always). */
export const overbroad: Rule = {
  id: 'scope/overbroad',
  defaultSeverity: 'warning',
  appliesTo: INVENTORY_FORMATS,
  threats: ['E', 'I'],
  cwe: 'CWE-250',
  securitySeverity: 7.0,
  docs: {
    summary: 'A scope in `auth.scopes` that the scope catalogue rates high or critical, where a narrower scope exists (critical scopes and wildcards always). An error for critical scopes.',
    rationale: 'Whoever gets the token gets every permission its scopes grant: an overbroad scope turns a leaked connector credential into access to a whole tenant, mailbox or organisation.',
    remediation: 'Request the narrower scope the message names (the quick fix offers each), and re-consent the connection. If the broad scope is truly needed, record why in `decisions` and suppress the finding.',
  },
  check(context) {
    for (const surface of inventoryOf(context)?.surfaces ?? []) {
      const hint = providerHint(surface);
      for (const { scope, pointer } of surface.auth.scopes) {
        const entry = lookupScope(scope, hint);
        if (!entry || riskRank(entry.risk) < riskRank('high')) continue;
        if (entry.risk !== 'critical' && entry.narrower.length === 0) continue;
        const instead = entry.narrower.length ? ` Use ${entry.narrower.map((n) => `\`${n}\``).join(' or ')} instead.` : ' No narrower scope exists: record why it is needed in `decisions`.';
        context.report({
          pointer,
          surfaceId: surface.id,
          severity: entry.risk === 'critical' ? 'error' : undefined,
          message: `Surface ${surfaceLabel(surface)} is granted \`${scope}\` (${entry.provider}, rated ${entry.risk}): ${entry.why}${instead}`,
          fixes: entry.narrower.length ? () => {
            // A narrower scope already granted makes the broad one redundant: remove it rather than list it twice.
            const granted = entry.narrower.find((n) => surface.auth.scopes.some((s) => s.scope.toLowerCase() === n.toLowerCase()));
            if (granted) {
              const edit = removeItem(context.document, context.uri, pointer);
              return edit ? [{ title: `Remove ${scope} (${granted} is already granted)`, isPreferred: true, edits: [edit] }] : [];
            }
            return entry.narrower.flatMap((narrower, i) => {
              const edit = replaceScalar(context.document, context.uri, pointer, narrower);
              return edit ? [{ title: `Narrow to ${narrower}`, isPreferred: i === 0, edits: [edit] }] : [];
            });
          } : undefined,
        });
      }
    }
  },
};
