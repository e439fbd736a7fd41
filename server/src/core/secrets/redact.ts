// The last line of defence at every exit: any provider-format secret inside text the product emits (a message, a
// hover, a report) is masked there, wherever it came from (an endpoint, a scope, a zone, free text).
import { mask } from '../mask.js';
import { SELF_HOSTED_CHAT_HOOKS } from '../knowledge/chatServices.js';
import { findFormatSecrets, findNamedSecret, isSecretName, literalPart } from './detect.js';

/** At most this many secrets are masked on one line (each costs a scan of the line); the line is dropped beyond. */
const MAX_PER_LINE = 200;

/**
 * `text` with every provider-format secret (the knowledge base's formats, placeholders excepted) replaced by its
 * mask (DESIGN §3); the same string when there is none. Literal passwords cannot be told from other words out of
 * context: the rules that read them never echo them.
 */
export function redactSecrets(text: string): string {
  if (!findFormatSecrets(text).length) return text;
  return text.split('\n').map(redactLine).join('\n');
}

function redactLine(line: string): string {
  let out = line;
  for (let masked = 0; masked < MAX_PER_LINE; ) {
    const hits = findFormatSecrets(out);
    if (!hits.length) return out;
    // Right to left, so the offsets of the hits still to replace stay valid.
    for (const hit of [...hits].sort((a, b) => b.start - a.start)) out = out.slice(0, hit.start) + mask(hit.secret) + out.slice(hit.end);
    masked += hits.length;
  }
  return findFormatSecrets(out).length ? '…' : out;
}

/**
 * Webhook URLs that are themselves the credential: by host, the first path segment (0-based) from which every segment
 * is the secret, or -1 when the path is no such hook. From the providers' documented URL shapes (see also
 * knowledge/chatServices.ts and the webhook formats of knowledge/secretFormats.ts).
 */
const BEARER_URL_PATHS: readonly { readonly host: RegExp; readonly secretFrom: (segments: readonly string[], path: string) => number }[] = [
  // hooks.slack.com/services/T…/B…/<secret>, /workflows/T…/A…/<id>/<secret>, /triggers/T…/<id>/<secret>
  { host: /^hooks\.slack\.com$/, secretFrom: (s) => (/^(?:services|workflows|triggers)$/.test(s[0] ?? '') ? 3 : -1) },
  // discord.com/api/webhooks/<id>/<token> (and /api/v10/webhooks/…, discordapp.com, canary., ptb.)
  { host: /(?:^|\.)discord(?:app)?\.com$/, secretFrom: (s) => after(s, 'webhooks', 2) },
  // <tenant>.webhook.office.com/webhookb2/<group>@<tenant>/IncomingWebhook/<key>/<owner>[/<extra>], outlook.office.com/webhook/…
  { host: /(?:^|\.)webhook\.office\.com$|^outlook\.office(?:365)?\.com$/, secretFrom: (s) => after(s, 'IncomingWebhook', 1) },
  // open.feishu.cn/open-apis/bot/v2/hook/<token> (Lark: open.larksuite.com)
  { host: /^open\.(?:feishu\.cn|larksuite\.com)$/, secretFrom: (s) => after(s, 'hook', 1) },
  // hooks.zapier.com/hooks/catch/<account>/<hook>/
  { host: /^hooks\.zapier\.com$/, secretFrom: (s) => (s[0] === 'hooks' && s[1] === 'catch' ? 3 : -1) },
  // hook.eu1.make.com/<token> (formerly hook.integromat.com)
  { host: /^hook\.(?:[a-z0-9-]{1,20}\.)?(?:make|integromat)\.com$/, secretFrom: () => 0 },
  // maker.ifttt.com/trigger/<event>/with/key/<key>, /use/<key>
  { host: /^maker\.ifttt\.com$/, secretFrom: (s) => (s[0] === 'use' ? 1 : after(s, 'key', 1)) },
  // Self-hosted Mattermost and Rocket.Chat, on any host: /hooks/<key>, /hooks/<id>/<token>.
  { host: /(?:)/, secretFrom: (_s, path) => (SELF_HOSTED_CHAT_HOOKS.some((h) => h.path.test(path)) ? 1 : -1) },
];

/** The index `offset` segments after the first segment named `name` (case-insensitively); -1 when there is none. */
function after(segments: readonly string[], name: string, offset: number): number {
  const i = segments.findIndex((s) => s.toLowerCase() === name.toLowerCase());
  return i === -1 ? -1 : i + offset;
}

/** A Telegram Bot API path segment on any host (a self-hosted Bot API server): `bot<id>:<secret>`. */
const TELEGRAM_BOT_SEGMENT = /^bot\d{5,12}:[A-Za-z0-9_-]{10,}$/;
/** Parameters that sign or authorise a URL, whatever the detector's secret names say. */
const SIGNATURE_PARAMETER = /^(?:sig|signature|key|token|hmac)$|[-_.](?:signature|sig|credential)$/i;
/** Hosts of Azure Functions and Logic Apps trigger URLs, whose `code` parameter is the function or trigger key. */
const AZURE_TRIGGER_HOST = /\.(?:azurewebsites\.net|logic\.azure\.com|azure-api\.net)$/;
/** A `code` at least this long is a key, not a country, a status or a short-lived OAuth code. */
const LONG_CODE = 20;
const URL_SCHEME = /[A-Za-z][A-Za-z0-9+.-]{0,20}:\/\//;
/** What follows a `:` in the authority when it is a port then the query (`https://h:8443?mail=a@b.com`), not a password. */
const PORT_THEN_QUERY = /^\d{1,5}(?:[?#]|$)/;
const PORT = /:\d{1,5}$/;

/** Where the parts of an endpoint are (indices into it); `host` is lower case, without port, `''` with no scheme. */
interface EndpointParts {
  readonly user?: { readonly start: number; readonly colon: number; readonly end: number };
  readonly host: string;
  readonly pathStart: number;
  readonly pathEnd: number;
}

/**
 * `endpoint` (a URL, a path or a connection string, with or without template references) as people may see it: the
 * host, the path and the parameters that say nothing secret stay readable; every secret in it is masked as
 * {@link mask} does (its first characters then `…`, DESIGN §3):
 * - a password in the user info, and a user name that looks like a token;
 * - the value of a query, fragment or `;`-separated parameter whose name is secret-like (`isSecretName`: `api_key`,
 *   `access_token`, `client_secret`, `SharedAccessKey`) or signs the URL (`sig`, `signature`, `key`, `token`,
 *   `X-Amz-Signature`; `code` of Azure Functions and Logic Apps trigger URLs, or any `code` of 20+ characters);
 * - the secret path segments of webhook URLs that are bearer credentials (Slack, Discord, Teams, Feishu and Lark,
 *   Zapier, Make, IFTTT, self-hosted Mattermost and Rocket.Chat) and Telegram's `/bot<token>/`;
 * - any provider-format secret anywhere ({@link redactSecrets}).
 * Template references (`{{ $env.KEY }}`, `@{…}`) stay as written. Idempotent (a masked endpoint masks to itself),
 * which lets inventories written with masked endpoints still match their flows. Linear in the length of `endpoint`.
 */
export function maskEndpoint(endpoint: string): string {
  const literal = literalPart(endpoint);
  /** The secret parts; `masked` when one already is (it stays as it is, so masking twice changes nothing). */
  const spans: { start: number; end: number; masked: boolean }[] = [];
  const hide = (start: number, end: number) => {
    if (end > start && literal.slice(start, end).trim()) spans.push({ start, end, masked: endpoint.slice(start, end).endsWith('…') }); // a reference is no secret
  };
  // Provider-format tokens first: one may run across the parts below (a Telegram token as `user:password`).
  const hits = findFormatSecrets(endpoint);
  for (const hit of hits) if (hit.kind === 'token' || !URL_SCHEME.test(hit.secret)) hide(hit.start, hit.end);
  const parts = endpointParts(endpoint, literal);
  if (parts.user) {
    const { start, colon, end } = parts.user;
    if (colon !== -1) hide(colon + 1, end);
    else if (findNamedSecret('token', endpoint.slice(start, end))) hide(start, end);
  }
  if (parts.host) hideBearerPath(endpoint, parts, hide);
  hideSecretParameters(endpoint, literal, parts, hide);
  // Overlapping parts are masked as one; the text between them is redacted (more tokens of a format, a webhook URL
  // of a shape the parts do not know), unless the endpoint holds no provider format at all (most do not).
  const redact = hits.length ? redactSecrets : (text: string) => text;
  let out = '';
  let at = 0;
  spans.sort((a, b) => a.start - b.start);
  for (let i = 0; i < spans.length; ) {
    const start = spans[i].start;
    let { end, masked } = spans[i];
    for (i++; i < spans.length && spans[i].start < end; i++) {
      end = Math.max(end, spans[i].end);
      masked &&= spans[i].masked;
    }
    const part = endpoint.slice(start, end);
    out += redact(endpoint.slice(at, start)) + (masked ? part : mask(part));
    at = end;
  }
  return out + redact(endpoint.slice(at));
}

function endpointParts(endpoint: string, literal: string): EndpointParts {
  const scheme = URL_SCHEME.exec(literal);
  if (!scheme) return { host: '', pathStart: 0, pathEnd: firstOf(literal, '?#', 0) };
  const authority = scheme.index + scheme[0].length;
  // The user info ends at the last `@` before the path: a password may hold `?`, `#` or `@` (the user name may not).
  const at = literal.lastIndexOf('@', firstOf(literal, '/', authority) - 1);
  let user: EndpointParts['user'];
  if (at >= authority) {
    const colon = literal.indexOf(':', authority);
    const nameEnd = colon !== -1 && colon < at ? colon : at;
    const name = literal.slice(authority, nameEnd);
    if (!name.includes('?') && !name.includes('#') && !(nameEnd < at && PORT_THEN_QUERY.test(literal.slice(nameEnd + 1, at)))) {
      user = { start: authority, colon: nameEnd < at ? nameEnd : -1, end: at };
    }
  }
  const hostStart = user ? user.end + 1 : authority;
  const hostEnd = firstOf(literal, '/?#', hostStart);
  const pathEnd = firstOf(literal, '?#', hostEnd);
  return { user, host: endpoint.slice(hostStart, hostEnd).toLowerCase().replace(PORT, ''), pathStart: hostEnd, pathEnd };
}

/** The index of the first of `chars` in `text` at or after `from`, else the length of `text`. */
function firstOf(text: string, chars: string, from: number): number {
  for (let i = from; i < text.length; i++) if (chars.includes(text[i])) return i;
  return text.length;
}

function hideBearerPath(endpoint: string, parts: EndpointParts, hide: (start: number, end: number) => void): void {
  const path = endpoint.slice(parts.pathStart, parts.pathEnd);
  const segments: { text: string; start: number }[] = [];
  for (let i = 0, start = 0; i <= path.length; i++) {
    if (i < path.length && path[i] !== '/') continue;
    if (i > start) segments.push({ text: path.slice(start, i), start: parts.pathStart + start });
    start = i + 1;
  }
  const texts = segments.map((s) => s.text);
  for (const bearer of BEARER_URL_PATHS) {
    if (!bearer.host.test(parts.host)) continue;
    const from = bearer.secretFrom(texts, path);
    if (from === -1) continue;
    for (const s of segments.slice(from)) hide(s.start, s.start + s.text.length);
    break;
  }
  for (const s of segments) {
    if (TELEGRAM_BOT_SEGMENT.test(s.text) || (parts.host === 'api.telegram.org' && s.text.startsWith('bot'))) hide(s.start + 3, s.start + s.text.length);
  }
}

/** `name=value` pairs after the host (anywhere with no scheme), each after `?`, `&`, `;`, `#` or a space. */
function hideSecretParameters(endpoint: string, literal: string, parts: EndpointParts, hide: (start: number, end: number) => void): void {
  for (let i = parts.pathStart; i < literal.length; ) {
    const equals = literal.indexOf('=', i);
    if (equals === -1) return;
    let nameStart = equals;
    while (nameStart > i && equals - nameStart < 60 && isNameCharacter(literal.charCodeAt(nameStart - 1))) nameStart--;
    let end = equals + 1;
    while (end < literal.length && !'&;#'.includes(literal[end])) end++;
    const before = nameStart > 0 ? literal[nameStart - 1] : ' ';
    const name = literal.slice(nameStart, equals);
    if (name && '?&;# \t'.includes(before) && isSecretParameter(name, parts.host, endpoint.slice(equals + 1, end))) hide(equals + 1, end);
    i = end;
  }
}

/** `[\w.-]`: a character of a parameter name. */
function isNameCharacter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45;
}

function isSecretParameter(name: string, host: string, value: string): boolean {
  if (isSecretName(name) || SIGNATURE_PARAMETER.test(name)) return true;
  return name.toLowerCase() === 'code' && (AZURE_TRIGGER_HOST.test(host) || value.length >= LONG_CODE);
}
