// The scope catalogue (DESIGN §5): per provider, each scope's risk and narrower alternatives, plus wildcards.
// Data only; lookups take the provider hint from the surface (vendor, name, endpoint) when a scope name is shared.
import type { Risk } from '../../inventory/model.js';
import { AZURE } from './azure.js';
import { GITHUB } from './github.js';
import { GOOGLE } from './google.js';
import { MICROSOFT_GRAPH } from './microsoftGraph.js';
import { SALESFORCE } from './salesforce.js';
import { SHOPIFY } from './shopify.js';
import { SLACK } from './slack.js';
import type { ScopeEntry, ScopeProvider } from './types.js';

export type { ScopeEntry, ScopeFamily, ScopeProvider } from './types.js';

export const SCOPE_PROVIDERS: readonly ScopeProvider[] = [MICROSOFT_GRAPH, GOOGLE, GITHUB, SLACK, SALESFORCE, SHOPIFY, AZURE];

/** A catalogue hit: the entry and the provider it belongs to. */
export interface ScopeMatch extends ScopeEntry {
  readonly provider: string;
}

/** Scopes that grant everything, whatever the provider. */
const WILDCARD = /^(?:\*|\*[.:]\*|all|.+[.:/]\*|\*[.:].+)$/i;

/** Looks `scope` up; `hint` (vendor, name, id, endpoint of the surface) picks the provider when several know it. */
export function lookupScope(scope: string, hint = ''): ScopeMatch | undefined {
  const wanted = scope.trim();
  const words = hint.toLowerCase();
  const hits: ScopeMatch[] = [];
  for (const provider of SCOPE_PROVIDERS) {
    for (const entry of provider.scopes) {
      if (sameScope(entry.scope, wanted, provider.prefix)) hits.push({ ...entry, narrower: inFormOf(entry.narrower, wanted, provider.prefix), provider: provider.name });
    }
  }
  if (!hits.length) {
    // Families (`*.ReadWrite.All`, `write_*`): one per provider at most, the first that matches.
    for (const provider of SCOPE_PROVIDERS) {
      const short = provider.prefix && wanted.toLowerCase().startsWith(provider.prefix) ? wanted.slice(provider.prefix.length) : wanted;
      const family = provider.families?.find((f) => f.pattern.test(short));
      if (family) {
        const narrower = inFormOf(family.narrower.map((n) => short.replace(family.pattern, n)), wanted, provider.prefix).filter((n) => n.toLowerCase() !== wanted.toLowerCase());
        hits.push({ scope: wanted, risk: family.risk, narrower, why: family.why, alternative: family.alternative, provider: provider.name });
      }
    }
  }
  if (hits.length) {
    const hinted = hits.find((h) => SCOPE_PROVIDERS.find((p) => p.name === h.provider)!.keywords.some((k) => words.includes(k)));
    return hinted ?? hits[0];
  }
  if (WILDCARD.test(wanted)) {
    return { scope: wanted, provider: 'any provider', risk: 'critical', narrower: [], why: 'A wildcard grants every permission of its family, including ones added later.' };
  }
  return undefined;
}

/** Narrower scopes written as `wanted` is: with the provider's prefix when it has it (`https://graph.microsoft.com/Mail.Read`). */
function inFormOf(narrower: readonly string[], wanted: string, prefix: string | undefined): readonly string[] {
  if (prefix === undefined || !wanted.toLowerCase().startsWith(prefix)) return narrower;
  return narrower.map((n) => (n.includes('://') ? n : prefix + n));
}

function sameScope(known: string, wanted: string, prefix?: string): boolean {
  if (known.toLowerCase() === wanted.toLowerCase()) return true;
  // Audiences are written with and without the trailing slash: `https://graph.microsoft.com(/)`.
  if (known.endsWith('/') !== wanted.endsWith('/') && known.replace(/\/$/, '').toLowerCase() === wanted.replace(/\/$/, '').toLowerCase()) return true;
  if (prefix === undefined) return false;
  // Either side may carry the prefix: Google's entries are full URLs, Microsoft Graph's are short.
  if (known.startsWith(prefix)) return known.slice(prefix.length).toLowerCase() === wanted.toLowerCase();
  return wanted.toLowerCase().startsWith(prefix) && wanted.slice(prefix.length).toLowerCase() === known.toLowerCase();
}

/**
 * A scope as compared with another: lower case, without a provider's prefix, so the short and URI forms of one scope
 * are equal (`Mail.Read` and `https://graph.microsoft.com/Mail.Read`, `drive` and `https://www.googleapis.com/auth/drive`).
 */
export function scopeKey(scope: string): string {
  const lower = scope.trim().toLowerCase();
  for (const provider of SCOPE_PROVIDERS) {
    if (provider.prefix && lower.startsWith(provider.prefix) && lower.length > provider.prefix.length) return lower.slice(provider.prefix.length);
  }
  return lower;
}

/** Every known scope name (for completion), full form. */
export function knownScopes(): { scope: string; provider: string; risk: Risk }[] {
  return SCOPE_PROVIDERS.flatMap((p) => p.scopes.map((s) => ({ scope: s.scope, provider: p.name, risk: s.risk })));
}
