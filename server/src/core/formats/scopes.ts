// OAuth scopes as exports carry them: a `scope` parameter (space, comma or plus separated) or the `scope=`
// query parameter of an authorize / token URL. Shared by the adapters, so every platform reads them alike, and by
// what points at a scope in a flow (findings, hover).
import type { FlowNode } from '../model/index.js';

/** Scopes in a `scope` value: `a b`, `a,b`, `a+b`. A template reference is not a scope list. */
export function splitScopes(value: string): string[] {
  if (/\{\{|\$\{|@\{|^=|^@[a-z]+\(/i.test(value)) return [];
  return value.split(/[\s,+]+/).filter((s) => s.length > 0 && s.length <= 200);
}

/** The scopes of a URL's `scope=` query parameter, decoded; `[]` for none (the common, cheap case). */
export function scopesInUrl(url: string): string[] {
  const at = url.indexOf('scope=');
  if (at === -1) return [];
  const before = url.charCodeAt(at - 1);
  if (before !== 63 && before !== 38) return []; // `?scope=` or `&scope=` only, not `redirect_scope=`
  let end = url.indexOf('&', at);
  const hash = url.indexOf('#', at);
  if (hash !== -1 && (end === -1 || hash < end)) end = hash;
  const raw = url.slice(at + 6, end === -1 ? undefined : end);
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    decoded = raw;
  }
  return splitScopes(decoded);
}

/** Where `scope` sits in `raw` (the string it was read from) as a whole item between separators, plain or URL-encoded. */
export function scopeIn(raw: string, scope: string): { start: number; end: number; encoded: boolean } | undefined {
  for (const [needle, encoded] of [[scope, false], [encodeURIComponent(scope), true]] as const) {
    for (let i = raw.indexOf(needle); i !== -1; i = raw.indexOf(needle, i + 1)) {
      const end = i + needle.length;
      if (SEPARATOR_BEFORE.test(raw.slice(Math.max(0, i - 7), i)) && SEPARATOR_AFTER.test(raw.slice(end, end + 3))) return { start: i, end, encoded };
    }
  }
  return undefined;
}

const SEPARATOR_BEFORE = /(?:^|[\s,+]|%20|%2C|[?&]scope=)$/i;
const SEPARATOR_AFTER = /^(?:$|[\s,+&#]|%20|%2C)/i;

/** The words that pick a scope's provider in the catalogue for a flow node (`lookupScope`'s hint). */
export function scopeHintOf(node: FlowNode): string {
  return `${node.service ?? ''} ${node.type} ${node.endpoint ?? ''}`;
}
