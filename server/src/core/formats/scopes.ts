// OAuth scopes as exports carry them: a `scope` parameter (space, comma or plus separated), the `scope=` (or Slack's
// `user_scope=`) query parameter of an authorize / token URL, the `scope` and `user_scope` entries of a request's
// parameter list or of a JSON query or body written as text, or a form-encoded token request body. Shared by the
// adapters, so every platform reads them alike, and by what points at a scope in a flow (findings, hover).
import type { Flow, FlowNode, ScopeSource } from '../model/index.js';
import { parseJson } from '../parse/json.js';
import { parsePointer } from '../source.js';
import { valueAt } from '../walk.js';

/**
 * Scopes in a `scope` value: `a b`, `a,b`, `a+b`. A template reference is not a scope list, nor a piece of code (what
 * follows `scope=` in an n8n expression `{{ "…&scope=" + $json.scopes }}` or an ARM `[concat('…&scope=', parameters('s'))]`):
 * no scope holds a quote, a bracket, a brace or `$`.
 */
export function splitScopes(value: string): string[] {
  if (/\{\{|\$\{|@\{|^=|^@[a-z]+\(/i.test(value) || /['"`(){}[\]$]/.test(value)) return [];
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
    for (const scope of parameterScopes(text, at + 6, parameterEnd(text, at))) (out ??= []).push(scope);
  }
  return out ?? [];
}

/**
 * The scopes of each `{ name: 'scope' | 'user_scope', value }` entry of a list of parameters (n8n query or body
 * parameters, Make `qs`), with the entry's index; `[]` when no entry holds a scope.
 */
export function scopesInList(list: unknown): { scopes: string[]; index: number }[] {
  if (!Array.isArray(list)) return [];
  let out: { scopes: string[]; index: number }[] | undefined;
  for (let index = 0; index < list.length; index++) {
    const entry = list[index] as { name?: unknown; value?: unknown } | null;
    if (!entry || (entry.name !== 'scope' && entry.name !== 'user_scope') || typeof entry.value !== 'string') continue;
    const scopes = splitScopes(entry.value);
    if (scopes.length) (out ??= []).push({ scopes, index });
  }
  return out ?? [];
}

/**
 * The scopes of the top-level `scope` and `user_scope` members of a JSON object written as text (an n8n HTTP Request's
 * JSON query or body), or as an n8n expression that is that text after its `=` (`={"user_scope":"admin"}`: n8n
 * evaluates it to the same JSON; a member built with `{{ }}` is no scope list); `[]` for none, and for text that is no
 * JSON object (`={{ … }}`, a broken document).
 */
export function scopesInJson(text: string): string[] {
  if (text.indexOf('scope') === -1 && text.indexOf('\\u') === -1) return []; // a name may be escaped (`"scop\u0065"`)
  return jsonScopeMembers(text)?.flatMap((member) => splitScopes(member.value)) ?? [];
}

type JsonScopeMember = { readonly name: string; readonly start: number; readonly end: number; readonly value: string };

/**
 * The last text {@link jsonScopeMembers} parsed, with its answer: a rule asks again for every scope and every place it
 * sits (scopeIn, scopeListAt), each time of the same text. The answer depends on the text alone, so whichever caller
 * asks next gets what a new parse would give; only that one text is held.
 */
let lastJson: { text: string; members: readonly JsonScopeMember[] | undefined } | undefined;

/**
 * The top-level `scope` and `user_scope` string members of a JSON object written as text (or after an expression's
 * `=`), each with where its characters sit in `text` (inside the quotes); undefined when `text` is no JSON object. Each
 * is one scope list.
 */
function jsonScopeMembers(text: string): readonly JsonScopeMember[] | undefined {
  if (!JSON_OBJECT_START.test(text)) return undefined;
  if (lastJson?.text === text) return lastJson.members;
  const members = readJsonScopeMembers(text);
  lastJson = { text, members };
  return members;
}

/** {@link jsonScopeMembers}, parsing the text. */
function readJsonScopeMembers(text: string): JsonScopeMember[] | undefined {
  const shift = text.charCodeAt(0) === 61 ? 1 : 0; // an n8n expression's `=`
  const document = parseJson(shift ? text.slice(shift) : text);
  const object = document.value;
  if (document.problems.length || !object || typeof object !== 'object' || Array.isArray(object)) return undefined;
  const members: JsonScopeMember[] = [];
  for (const name of ['scope', 'user_scope']) {
    const value = (object as Record<string, unknown>)[name];
    const at = typeof value === 'string' ? document.locate(`/${name}`) : undefined;
    if (at?.exact) members.push({ name, start: shift + at.range.start + 1, end: shift + at.range.end - 1, value: value as string });
  }
  return members;
}

const JSON_OBJECT_START = /^=?\s*\{/;

/**
 * A node's `scopes` and `scopeSources` from the strings it requests scopes in (scope-less ones are skipped;
 * `scopeSources` is undefined when none is left): the adapters' one way to fill both, so `scopes` is always every
 * source's scopes, each once.
 */
export function requestedScopes(sources: readonly ScopeSource[]): { scopes: string[]; scopeSources?: ScopeSource[] } {
  const kept = sources.filter((s) => s.scopes.length > 0);
  if (!kept.length) return { scopes: [] };
  return { scopes: [...new Set(kept.flatMap((s) => s.scopes))], scopeSources: kept };
}

/**
 * Where `scope` sits in `raw` (the string it was read from) as a whole item between separators, plain or URL-encoded
 * (either case of hex digits: `%3a%2f` as well as `%3A%2F`), at or after `from`. In a JSON object written as text, only
 * inside its top-level `scope` / `user_scope` strings, whose quotes bound the list.
 */
export function scopeIn(raw: string, scope: string, from = 0): { start: number; end: number; encoded: boolean } | undefined {
  const members = jsonScopeMembers(raw);
  let best: { start: number; end: number; encoded: boolean } | undefined;
  for (const [needle, encoded] of [[scope, false], [encodeURIComponent(scope), true]] as const) {
    if (encoded && needle === scope) break;
    const haystack = encoded ? raw.toLowerCase() : raw;
    const sought = encoded ? needle.toLowerCase() : needle;
    for (let i = haystack.indexOf(sought, from); i !== -1 && (!best || i < best.start); i = haystack.indexOf(sought, i + 1)) {
      const end = i + sought.length;
      if (encoded && decoded(raw.slice(i, end)) !== scope) continue;
      if (members ? isItemOfMember(raw, i, end, members) : SEPARATOR_BEFORE.test(raw.slice(Math.max(0, i - 12), i)) && SEPARATOR_AFTER.test(raw.slice(end, end + 3)) && scopeListAt(raw, i)) {
        best = { start: i, end, encoded };
        break;
      }
    }
  }
  return best;
}

/** Whether `raw[start, end)` is a whole item of one of the JSON `members`' lists: separators or the member's quotes either side. */
function isItemOfMember(raw: string, start: number, end: number, members: readonly { start: number; end: number }[]): boolean {
  const member = members.find((m) => start >= m.start && end <= m.end);
  return member !== undefined && SEPARATOR_BEFORE.test(raw.slice(Math.max(member.start, start - 12), start)) && SEPARATOR_AFTER.test(raw.slice(end, Math.min(member.end, end + 3)));
}

/** Every place `scope` sits in `raw` (see {@link scopeIn}), in order. */
export function scopesIn(raw: string, scope: string): { start: number; end: number; encoded: boolean }[] {
  const out: { start: number; end: number; encoded: boolean }[] = [];
  for (let at = scopeIn(raw, scope); at; at = scopeIn(raw, scope, at.end)) out.push(at);
  return out;
}

/**
 * The scope list that holds `offset` in `raw`: in a URL or a form body, the one `scope=` / `user_scope=` parameter it
 * is in (Slack's bot and user scopes are two lists in one URL), with its start and name; undefined when `offset` is in
 * another parameter (`state=go+admin`). In a JSON object written as text, its top-level `scope` or `user_scope` string
 * (undefined elsewhere in it). A string with no such parameter is one list.
 */
export function scopeListAt(raw: string, offset: number): { start: number; name: string; scopes: string[] } | undefined {
  const members = jsonScopeMembers(raw);
  if (members) {
    const member = members.find((m) => offset >= m.start && offset < m.end);
    return member && { start: member.start, name: member.name, scopes: splitScopes(member.value) };
  }
  const parameter = /(?:^=?|[?&])((?:user_)?scope)=/g;
  if (!parameter.test(raw)) return { start: 0, name: '', scopes: splitScopes(raw) };
  parameter.lastIndex = 0;
  let start = -1;
  let name = '';
  for (let m = parameter.exec(raw); m; m = parameter.exec(raw)) {
    if (m.index >= offset) break;
    start = m.index + m[0].length;
    name = m[1];
  }
  if (start === -1) return undefined;
  const end = parameterEnd(raw, start);
  if (end !== -1 && offset >= end) return undefined;
  return { start, name, scopes: parameterScopes(raw, start, end) };
}

/** Where the URL query or form parameter that goes on at `from` ends: at the next `&` or `#`; -1 at the end of `text`. */
function parameterEnd(text: string, from: number): number {
  const end = text.indexOf('&', from);
  const hash = text.indexOf('#', from);
  return hash !== -1 && (end === -1 || hash < end) ? hash : end;
}

/**
 * The scopes of a parameter's value, `text` from `start` to `end` (-1: to its end), decoded: `+` and a space separate
 * scopes alike (splitScopes), whether or not the rest decodes.
 */
function parameterScopes(text: string, start: number, end: number): string[] {
  return splitScopes(decoded(text.slice(start, end === -1 ? undefined : end).replace(/\+/g, ' ')));
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** What may come before a scope: nothing, a separator, or the parameter that holds the list (`?scope=`, `&user_scope=`, a form's first `scope=`). */
const SEPARATOR_BEFORE = /(?:^|[\s,+]|%20|%2C|(?:^=?|[?&])(?:user_)?scope=)$/i;
const SEPARATOR_AFTER = /^(?:$|[\s,+&#]|%20|%2C)/i;

/** The words that pick a scope's provider in the catalogue for a flow node (`lookupScope`'s hint). */
export function scopeHintOf(node: FlowNode): string {
  return `${node.service ?? ''} ${node.type} ${node.endpoint ?? ''}`;
}

/**
 * OAuth parameters (`client_id`, `grant_type`, `response_type`, `redirect_uri`, Slack's `user_scope`), an OAuth path
 * (`/oauth2/`, `/authorize`, `/token`) or, for a node's own scope setting, an OAuth sign-in (n8n's `oAuth2Api`, a
 * Node-RED `oauth2` node).
 */
const OAUTH_SIGNS = /oauth|\b(?:client_id|grant_type|response_type|redirect_uri|client_assertion|user_scope)\b|\/(?:authorize|token)(?:[/?#]|$)/i;

/**
 * Whether the scopes a node carries are an OAuth request's: an audience always is; a `scope` read from a URL, a
 * parameter or a body only beside OAuth signs, since many APIs have a `scope` of their own (GitLab's `?scope=all`, a
 * search filter) whose words (`all`, `repo`, `admin`, `full`) are also scope names. `raw` is the string at `pointer`, one
 * of the node's scope sources, judged on its own. How the node signs in (an OAuth2 credential, `ActiveDirectoryOAuth`)
 * counts only for the node's own scope setting: a call signed in with OAuth sends its API's own `scope=` (GitLab's
 * issues API with a GitLab OAuth2 credential).
 */
function isOAuthRequest(node: FlowNode, pointer: string, raw: string): boolean {
  if (pointer.endsWith('/audience')) return true;
  if (OAUTH_SIGNS.test(raw) || OAUTH_SIGNS.test(node.endpoint ?? '')) return true;
  // The request's other parameters (a body's grant_type, a query list's client_id), without its sign-in settings.
  if (OAUTH_SIGNS.test(JSON.stringify(node.parameters ?? null, (key, value: unknown) => (SIGN_IN_KEYS.has(key) ? undefined : value)))) return true;
  const own = node.parametersPointer;
  if (own === undefined || (pointer !== `${own}/scope` && pointer !== `${own}/scopes`)) return false;
  // A node's own scope setting beside an OAuth sign-in: n8n's generic OAuth2 request, a Node-RED `oauth2` node.
  return OAUTH_SIGNS.test(`${node.type} ${node.auth.method ?? ''} ${JSON.stringify(node.parameters ?? null)}`) || node.credentialRefs.some((c) => OAUTH_SIGNS.test(c.type));
}

/** Settings that say how a node signs in, not what it sends: n8n's, Node-RED's, an HTTP action's, a Make module's connection and metadata. */
const SIGN_IN_KEYS: ReadonlySet<string> = new Set(['authentication', 'genericAuthType', 'nodeCredentialType', 'authType', 'credentials', 'metadata']);

/**
 * The flow with only the scopes its nodes request from an OAuth provider (every reader of `FlowNode.scopes` — the scope
 * rules, hover, the threat model — sees the same ones): a scope written as a provider's URI always, other words only in
 * an OAuth request (see {@link isOAuthRequest}), judged for each source on its own. `root` is the document the flow was
 * built from. The same flow when nothing is dropped (the common case: most nodes request no scope).
 */
export function withOAuthScopesOnly(flow: Flow, root: unknown): Flow {
  let nodes: FlowNode[] | undefined;
  flow.nodes.forEach((node, i) => {
    const sources = node.scopeSources;
    if (!sources || node.scopes.every((s) => s.includes('://'))) return;
    let changed = false;
    const kept = sources.map((source) => {
      if (source.scopes.every((s) => s.includes('://'))) return source;
      const raw = valueAt(root, parsePointer(source.pointer));
      if (typeof raw === 'string' && isOAuthRequest(node, source.pointer, raw)) return source;
      changed = true;
      return { pointer: source.pointer, scopes: source.scopes.filter((s) => s.includes('://')) };
    });
    if (!changed) return;
    const { scopes, scopeSources } = requestedScopes(kept);
    (nodes ??= [...flow.nodes])[i] = { ...node, scopes, scopeSources };
  });
  return nodes ? { ...flow, nodes } : flow;
}
