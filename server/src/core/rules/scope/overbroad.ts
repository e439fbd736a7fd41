import { scopeHintOf, scopeListAt, scopesIn } from '../../formats/scopes.js';
import { lookupScope, scopeKey, type ScopeMatch } from '../../knowledge/scopes/index.js';
import { removeItem, replaceScalar } from '../../inventory/edit.js';
import { riskRank, surfaceLabel } from '../../inventory/model.js';
import { providerHint } from '../../inventory/risk.js';
import type { Fix, ScopeSource } from '../../model/index.js';
import { parsePointer } from '../../source.js';
import { valueAt } from '../../walk.js';
import { describeNode, FLOW_FORMATS } from '../flowRules.js';
import { inventoryOf, INVENTORY_FORMATS } from '../inventoryRules.js';
import type { Rule, RuleContext } from '../types.js';

/** `scope/overbroad`: a scope the catalogue rates high or critical where a narrower one exists (critical ones always). */
export const overbroad: Rule = {
  id: 'scope/overbroad',
  defaultSeverity: 'warning',
  appliesTo: [...INVENTORY_FORMATS, ...FLOW_FORMATS],
  threats: ['E', 'I'],
  cwe: 'CWE-250',
  securitySeverity: 7.0,
  docs: {
    summary: 'A scope in an inventory\'s `auth.scopes` or requested by a flow node (OAuth `scope` parameter, `audience`, `scope=` in a URL) that the scope catalogue rates high or critical, where a narrower scope exists (critical scopes and wildcards always). An error for critical scopes.',
    rationale: 'Whoever gets the token gets every permission its scopes grant: an overbroad scope turns a leaked connector credential into access to a whole tenant, mailbox or organisation.',
    remediation: 'Request the narrower scope the message names (the quick fix offers each), and re-consent the connection. If the broad scope is truly needed, record why in `decisions` and suppress the finding.',
  },
  check(context) {
    if (context.flow) {
      flowScopes(context);
      return;
    }
    for (const surface of inventoryOf(context)?.surfaces ?? []) {
      const hint = providerHint(surface);
      for (const { scope, pointer } of surface.auth.scopes) {
        const entry = lookupScope(scope, hint);
        if (!reported(entry)) continue;
        const instead = insteadOf(entry, ' No narrower scope exists: record why it is needed in `decisions`.');
        context.report({
          pointer,
          key: scope,
          surfaceId: surface.id,
          severity: entry.risk === 'critical' ? 'error' : undefined,
          message: `Surface ${surfaceLabel(surface)} is granted \`${scope}\` (${entry.provider}, rated ${entry.risk}): ${entry.why}${instead}`,
          fixes: entry.narrower.length ? () => {
            // A narrower scope already granted makes the broad one redundant: remove it rather than list it twice.
            const granted = entry.narrower.find((n) => surface.auth.scopes.some((s) => scopeKey(s.scope) === scopeKey(n)));
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

/** Critical scopes always; high ones where something narrower exists (a scope, or another way such as a fine-grained token). */
function reported(entry: ScopeMatch | undefined): entry is ScopeMatch {
  if (!entry || riskRank(entry.risk) < riskRank('high')) return false;
  return entry.risk === 'critical' || entry.narrower.length > 0 || entry.alternative !== undefined;
}

/** The end of the message: the narrower scopes, else the narrower way that is no scope, else `none` (what to do without one). */
function insteadOf(entry: ScopeMatch, none: string, after = ''): string {
  if (entry.narrower.length) return ` Use ${entry.narrower.map((n) => `\`${n}\``).join(' or ')} instead${after}.`;
  return entry.alternative ? ` ${entry.alternative}` : none;
}

/**
 * Scopes requested by flow nodes: reported on the string they were read from (each of a node's scope sources: Slack's
 * `scope` and `user_scope` entries are two), with a fix that swaps in a narrower one. A URL's `scope=` and
 * `user_scope=` are two lists in one string: a scope both request is reported in each; one a list repeats is reported
 * once, and its fix rewrites every copy.
 */
function flowScopes(context: RuleContext): void {
  for (const node of context.flow!.nodes) {
    const hint = scopeHintOf(node);
    for (const source of node.scopeSources ?? []) {
      const raw = valueAt(context.document.value, parsePointer(source.pointer));
      if (typeof raw !== 'string') continue;
      for (const scope of new Set(source.scopes)) {
        const entry = lookupScope(scope, hint);
        if (!reported(entry)) continue;
        const instead = insteadOf(entry, ' No narrower scope exists: document why the flow needs it, or split the work so a narrower connection does it.', ', and re-consent the connection');
        const message = `Node ${describeNode(node)} requests \`${scope}\` (${entry.provider}, rated ${entry.risk}): ${entry.why}${instead}`;
        const severity = entry.risk === 'critical' ? 'error' : undefined;
        const lists = listsOf(raw, scope);
        if (!lists.length) {
          context.report({ pointer: source.pointer, at: 'value', key: scope, severity, message });
          continue;
        }
        lists.forEach(({ places, scopes, name }, i) => {
          const [at] = places;
          context.report({
            pointer: source.pointer,
            at: { start: at.start, end: at.end },
            key: i === 0 ? scope : `${scope}|${name}`, // one string may request several, or one twice (a URL's scope= and user_scope=)
            severity,
            message,
            fixes: entry.narrower.length ? () => narrowInFlow(context, source, raw, scope, places, scopes, entry.narrower) : undefined,
          });
        });
      }
    }
  }
}

/** The places `scope` sits in `raw`, grouped by the scope list they are in (a URL's `scope=` and `user_scope=` are two), with that list's scopes. */
function listsOf(raw: string, scope: string): { places: { start: number; end: number; encoded: boolean }[]; scopes: string[]; name: string }[] {
  const lists = new Map<number, { places: { start: number; end: number; encoded: boolean }[]; scopes: string[]; name: string }>();
  for (const at of scopesIn(raw, scope)) {
    const list = scopeListAt(raw, at.start);
    if (!list) continue; // scopesIn finds only places inside a scope list
    const known = lists.get(list.start);
    if (known) known.places.push(at);
    else lists.set(list.start, { places: [at], scopes: list.scopes, name: list.name });
  }
  return [...lists.values()];
}

/**
 * Replaces the scope inside its JSON string with each narrower one (and drops the other copies the same list repeats);
 * the edit re-serialises the whole string. When the same list already requests a narrower one, the fix removes the
 * broad scope with one separator instead (no scope twice). Another list does not count: Slack's `scope` and
 * `user_scope` (two entries, or two parameters of one URL) ask for two different tokens. In a JSON query or body written
 * as text, the edit stays inside the member's string (a scope holds no quote or backslash), so the text stays JSON.
 */
function narrowInFlow(context: RuleContext, source: ScopeSource, raw: string, scope: string, places: readonly { start: number; end: number; encoded: boolean }[], listScopes: readonly string[], narrower: readonly string[]): Fix[] {
  if (context.document.language !== 'json') return [];
  const whole = context.document.locate(source.pointer);
  if (!whole.exact || context.document.text.charCodeAt(whole.range.start) !== 34) return [];
  const rewrite = (text: string) => [{ uri: context.uri, start: whole.range.start, end: whole.range.end, newText: JSON.stringify(text) }];
  const requested = narrower.find((n) => listScopes.some((s) => scopeKey(s) === scopeKey(n)));
  // The copies after the first go in every fix, last first so the earlier offsets hold.
  let rest: string | undefined = raw;
  for (const at of places.slice(1).reverse()) rest = rest === undefined ? undefined : withoutScope(rest, at);
  const first = places[0];
  const without = requested === undefined || rest === undefined ? undefined : withoutScope(rest, first);
  if (without !== undefined) return [{ title: `Remove ${scope} (${requested} is already requested)`, isPreferred: true, edits: rewrite(without) }];
  if (rest === undefined) return [];
  return narrower.map((n, i) => ({
    title: `Narrow to ${n}`,
    isPreferred: i === 0,
    edits: rewrite(rest!.slice(0, first.start) + (first.encoded ? encodeURIComponent(n) : n) + rest!.slice(first.end)),
  }));
}

/**
 * `raw` without the scope at `at` and the separators before it (or after it, for the first of a list: all of `, `, not
 * one character of it); undefined when it stands alone.
 */
function withoutScope(raw: string, at: { start: number; end: number }): string | undefined {
  const before = /(?:[\s,+]|%20|%2C){1,4}$/i.exec(raw.slice(Math.max(0, at.start - 12), at.start));
  if (before) return raw.slice(0, at.start - before[0].length) + raw.slice(at.end);
  const after = /^(?:[\s,+]|%20|%2C){1,4}/i.exec(raw.slice(at.end, at.end + 12));
  return after ? raw.slice(0, at.start) + raw.slice(at.end + after[0].length) : undefined;
}
