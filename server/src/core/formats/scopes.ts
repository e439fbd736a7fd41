// OAuth scopes as exports carry them: a `scope` parameter (space, comma or plus separated), the `scope=` (or Slack's
// `user_scope=`) query parameter of an authorize / token URL, a `scope` entry of a request's parameter list, or a
// form-encoded token request body. Shared by the adapters, so every platform reads them alike, and by
// what points at a scope in a flow (findings, hover).
import type { FlowNode } from '../model/index.js';

/** Scopes in a `scope` value: `a b`, `a,b`, `a+b`. A template reference is not a scope list. */
export function splitScopes(value: string): string[] {
  if (/\{\{|\$\{|@\{|^=|^@[a-z]+\(/i.test(value)) return [];
  return value.split(/[\s,+]+/).filter((s) => s.length > 0 && s.length <= 200);
}

/** The scopes of a URL's `scope=` query parameter (and Slack's `user_scope=`), decoded; `[]` for none (the common, cheap case). */
export function scopesInUrl(url: string): string[] {
  return scopeParameters(url, false);
}

/** The same in a form-encoded body (`grant_type=client_credentials&scope=…`), whose first parameter starts the text. */
export function scopesInForm(body: string): string[] {
  return scopeParameters(body, true);
}

function scopeParameters(text: string, form: boolean): string[] {
  let out: string[] | undefined;
  for (let at = text.indexOf('scope='); at !== -1; at = text.indexOf('scope=', at + 6)) {
    const start = text.startsWith('user_', at - 5) ? at - 5 : at;
    const before = text.charCodeAt(start - 1);
    // `?scope=` or `&scope=` (or the body's first parameter, after n8n's expression `=`), not `redirect_scope=`
    if (before !== 63 && before !== 38 && !(form && (start === 0 || (start === 1 && before === 61)))) continue;
    let end = text.indexOf('&', at);
    const hash = text.indexOf('#', at);
    if (hash !== -1 && (end === -1 || hash < end)) end = hash;
    const raw = text.slice(at + 6, end === -1 ? undefined : end);
    let decoded: string;
    try {
      decoded = decodeURIComponent(raw.replace(/\+/g, ' '));
    } catch {
      decoded = raw;
    }
    for (const scope of splitScopes(decoded)) (out ??= []).push(scope);
  }
  return out ?? [];
}

/** The scopes of a `{ name: 'scope', value }` entry of a list of parameters (n8n query or body parameters, Make `qs`), with its index. */
export function scopesInList(list: unknown): { scopes: string[]; index: number } | undefined {
  if (!Array.isArray(list)) return undefined;
  for (let index = 0; index < list.length; index++) {
    const entry = list[index] as { name?: unknown; value?: unknown } | null;
    if (!entry || (entry.name !== 'scope' && entry.name !== 'user_scope') || typeof entry.value !== 'string') continue;
    const scopes = splitScopes(entry.value);
    if (scopes.length) return { scopes, index };
  }
  return undefined;
}

/** Where `scope` sits in `raw` (the string it was read from) as a whole item between separators, plain or URL-encoded. */
export function scopeIn(raw: string, scope: string): { start: number; end: number; encoded: boolean } | undefined {
  for (const [needle, encoded] of [[scope, false], [encodeURIComponent(scope), true]] as const) {
    for (let i = raw.indexOf(needle); i !== -1; i = raw.indexOf(needle, i + 1)) {
      const end = i + needle.length;
      if (SEPARATOR_BEFORE.test(raw.slice(Math.max(0, i - 12), i)) && SEPARATOR_AFTER.test(raw.slice(end, end + 3))) return { start: i, end, encoded };
    }
  }
  return undefined;
}

/** What may come before a scope: nothing, a separator, or the parameter that holds the list (`?scope=`, `&user_scope=`, a form's first `scope=`). */
const SEPARATOR_BEFORE = /(?:^|[\s,+]|%20|%2C|(?:^=?|[?&])(?:user_)?scope=)$/i;
const SEPARATOR_AFTER = /^(?:$|[\s,+&#]|%20|%2C)/i;

/** The words that pick a scope's provider in the catalogue for a flow node (`lookupScope`'s hint). */
export function scopeHintOf(node: FlowNode): string {
  return `${node.service ?? ''} ${node.type} ${node.endpoint ?? ''}`;
}
