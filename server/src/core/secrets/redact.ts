// The last line of defence at every exit: any provider-format secret inside text the product emits (a message, a
// hover, a report) is masked there, wherever it came from (an endpoint, a scope, a zone, free text).
import { mask } from '../mask.js';
import { BEARER_URL_PATHS, CODE_PARAMETER, TELEGRAM_BOT_API_HOST, TELEGRAM_BOT_SEGMENT, URL_KEY_PARAMETER, type BearerUrlPath } from '../knowledge/secretUrls.js';
import { findFormatSecrets, findNamedSecret, isSecretName, literalPart } from './detect.js';
import { authorityAt, firstOf, urlAuthority } from './urlAuthority.js';

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
 * A parameter value people may see whatever its name: words (`client_credentials`, `Directory.Read.All`, `en-US`,
 * `America/New_York`), a number or a list of numbers, a date or a date and time. (Empty values and references are
 * plain too: they are blank in the literal text.)
 */
const PLAIN_VALUE =
  /^(?:[A-Za-z]{1,24}(?:(?:[-_.:,+ /]|%20|%2C|%2F|%3A)[A-Za-z]{1,24}){0,20}|[-+]?\d{1,12}(?:\.\d{1,12})?(?:,[-+]?\d{1,12}(?:\.\d{1,12})?){0,20}|\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?)$/;
/** Values this short say nothing worth hiding (and mask to `…` alone). */
const SHORT_VALUE = 3;
/** Longer values are not plain (longer than {@link PLAIN_VALUE} can match, blanks around it included). */
const MAX_PLAIN_VALUE = 600;
/** A user name and password with no scheme before them, followed by a host: `admin:pw@db.example.com/x`. */
const BARE_USER_INFO = /^\s*[^\s:/?#@]{1,100}:[^\s/?#@]{1,200}@(?=[A-Za-z0-9.-]{1,253}(?::\d{1,5})?(?:[/?#]|$))/;
const BOT_PREFIX = /^bot/i;
/** What may come just before a parameter's name: the start of a query, fragment or `;` parameter, a path segment, a blank. */
const PARAMETER_START = '?&;#/ \t';

/** How much of an endpoint's parameters {@link maskEndpoint} hides. */
export interface EndpointMasking {
  /**
   * `secret` (the default): the values of parameters whose name says they hold a secret. `unless-plain`: every
   * parameter value that is not plainly harmless as well (harmless: a number, words such as `client_credentials` or
   * `Directory.Read.All`, a date, up to 3 characters, a reference), for text posted where anyone may read it, where a
   * parameter the knowledge does not name (`?k=…`, `?license=…`) must not show its key either (`diff`).
   */
  readonly parameters?: 'secret' | 'unless-plain';
}

/**
 * `endpoint` (a URL, a path or a connection string, with or without template references) as people may see it: the
 * host, the path and the parameters that say nothing secret stay readable; every secret in it is masked as
 * {@link mask} does (its first characters then `…`, DESIGN §3):
 * - a password in the user info (`https://user:pw@host`, and `user:pw@host` with no scheme), and a user name that
 *   looks like a token;
 * - the value of a query, fragment, `;`-separated or path parameter whose name is secret-like (`isSecretName`:
 *   `api_key`, `access_token`, `client_secret`, `SharedAccessKey`), or that holds a key or signs the URL in well-known
 *   APIs (knowledge/secretUrls.ts: `sig`, `key`, `token`, `subscription-key`, `appid`, `hapikey`, `X-Amz-Signature`;
 *   `code` of Azure Functions and Logic Apps trigger URLs, or any `code` of 20+ characters); with `unless-plain`, every
 *   other value that is not plainly harmless too. A parameter name may be percent-encoded (`api%5Fkey`); parameters of
 *   a URL inside a value (`?callback=https://…?token=…`) are read too;
 * - the secret path segments of webhook URLs that are bearer credentials (Slack, Discord, Teams, Feishu and Lark,
 *   Zapier, Make, IFTTT, self-hosted Mattermost and Rocket.Chat) and the secret of Telegram's `/bot<id>:<secret>/` (the
 *   bot id is public and stays);
 * - any provider-format secret anywhere ({@link redactSecrets}).
 * Template references (`{{ $env.KEY }}`, `@{…}`) stay as written. Idempotent: a part that already has the shape
 * {@link mask} gives (at most 4 characters then `…`) stays as it is, so inventories written with masked endpoints still
 * match their flows; any other value, even one ending in `…`, is masked. Linear in the length of `endpoint`.
 */
export function maskEndpoint(endpoint: string, options: EndpointMasking = {}): string {
  const literal = literalPart(endpoint);
  /** The secret parts; `masked` when one already is (it stays as it is, so masking twice changes nothing). */
  const spans: { start: number; end: number; masked: boolean }[] = [];
  const hide = (start: number, end: number) => {
    if (end > start && hasText(literal, start, end)) spans.push({ start, end, masked: isMasked(endpoint, start, end) }); // a reference is no secret
  };
  // Provider-format tokens first: one may run across the parts below (a Telegram token as `user:password`).
  const hits = findFormatSecrets(endpoint);
  for (const hit of hits) {
    if (hit.kind === 'webhook-url' && hit.secret.includes('://')) continue; // a whole webhook URL: its parts are masked below
    // A Telegram bot's id is public (it is the bot's user id): its secret is what follows the `:`.
    const colon = hit.formatId === 'telegram-bot-token' ? endpoint.indexOf(':', hit.start) : -1;
    hide(colon !== -1 && colon < hit.end ? colon + 1 : hit.start, hit.end);
  }
  const authority = urlAuthority(literal) ?? (BARE_USER_INFO.test(literal) ? authorityAt(literal, literal.length - literal.trimStart().length) : undefined);
  const user = authority?.user;
  if (user) {
    if (user.colon !== -1) hide(user.colon + 1, user.end);
    else if (findNamedSecret('token', endpoint.slice(user.start, user.end))) hide(user.start, user.end);
  }
  const host = authority?.host ?? '';
  const pathStart = authority?.end ?? 0;
  hideBearerPath(endpoint, host, pathStart, firstOf(literal, '?#', pathStart), hide);
  hideSecretParameters(literal, host, pathStart, options.parameters ?? 'secret', hide);
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

/** True when `text` has a character other than a blank from `start` to `end`. */
function hasText(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (text[i] !== ' ' && text[i] !== '\t' && text[i] !== '\n' && text[i] !== '\r') return true;
  return false;
}

/** True when `text` from `start` to `end` has the shape {@link mask} gives: at most 4 characters, then one `…` that ends it. */
function isMasked(text: string, start: number, end: number): boolean {
  if (end - start > 5 || text[end - 1] !== '…') return false;
  for (let i = start; i < end - 1; i++) if (text[i] === '…') return false;
  return true;
}

/** Hides the secret segments of a bearer webhook path and the secret of Telegram bot segments in `[pathStart, pathEnd)`. */
function hideBearerPath(endpoint: string, host: string, pathStart: number, pathEnd: number, hide: (start: number, end: number) => void): void {
  const segments: { text: string; start: number }[] = [];
  for (let i = pathStart, start = pathStart; i <= pathEnd; i++) {
    if (i < pathEnd && endpoint[i] !== '/') continue;
    if (i > start) segments.push({ text: endpoint.slice(start, i), start });
    start = i + 1;
  }
  const texts = segments.map((s) => s.text);
  for (const bearer of BEARER_URL_PATHS) {
    if (!bearer.host.test(host)) continue;
    const from = secretSegment(bearer, texts);
    if (from === -1) continue;
    for (const s of segments.slice(from)) hide(s.start, s.start + s.text.length);
    break;
  }
  for (const s of segments) {
    if (!TELEGRAM_BOT_SEGMENT.test(s.text) && !(host === TELEGRAM_BOT_API_HOST && BOT_PREFIX.test(s.text))) continue;
    const colon = s.text.indexOf(':');
    hide(s.start + (colon !== -1 ? colon + 1 : 3), s.start + s.text.length);
  }
}

/** The index of the first secret segment of a bearer webhook path, or -1 when `segments` are no such path. */
function secretSegment(bearer: BearerUrlPath, segments: readonly string[]): number {
  let base = 0;
  if (bearer.after !== undefined) {
    const name = bearer.after.toLowerCase();
    base = segments.findIndex((s) => s.toLowerCase() === name);
    if (base === -1) return -1;
  }
  if (bearer.path && !bearer.path.test('/' + segments.slice(base).join('/'))) return -1;
  return base + bearer.secretFrom;
}

/**
 * Hides the values of secret `name=value` parameters after the host (anywhere with no scheme), each after `?`, `&`,
 * `;`, `#`, `/` or a blank, nested ones included (`?callback=https://…?token=…`). In the query and the fragment a value
 * ends at `&` or `#` (a `;` is part of it); before them (a path's `;jsessionid=`, a connection string) at `;` too.
 */
function hideSecretParameters(literal: string, host: string, from: number, mode: 'secret' | 'unless-plain', hide: (start: number, end: number) => void): void {
  const query = firstOf(literal, '?#', from);
  // The end of the value after the last `=` read: values overlap when nested, and reusing it keeps the scan linear.
  let stop = -1;
  for (let equals = literal.indexOf('=', from); equals !== -1; equals = literal.indexOf('=', equals + 1)) {
    let nameStart = equals;
    while (nameStart > from && equals - nameStart < 60 && isNameCharacter(literal.charCodeAt(nameStart - 1))) nameStart--;
    if (nameStart === equals || !PARAMETER_START.includes(nameStart > 0 ? literal[nameStart - 1] : ' ')) continue;
    if (stop <= equals) stop = firstOf(literal, equals < query ? ';&#?' : '&#', equals + 1);
    if (isSecretParameter(decodeName(literal.slice(nameStart, equals)), host, literal, equals + 1, stop, mode)) hide(equals + 1, stop);
  }
}

/** `[\w.%-]`: a character of a parameter name (percent-encoded ones included). */
function isNameCharacter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45 || c === 37;
}

/** A parameter name with its percent-encoding undone (`api%5Fkey` is `api_key`); as written when it is not valid. */
function decodeName(name: string): string {
  if (!name.includes('%')) return name;
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** Whether the value from `start` to `end` of `literal` (references blanked) of parameter `name` is to be hidden. */
function isSecretParameter(name: string, host: string, literal: string, start: number, end: number, mode: 'secret' | 'unless-plain'): boolean {
  if (isSecretName(name) || URL_KEY_PARAMETER.test(name)) return true;
  if (name.toLowerCase() === CODE_PARAMETER.name && (CODE_PARAMETER.keyHost.test(host) || end - start >= CODE_PARAMETER.keyLength)) return true;
  if (mode === 'secret') return false;
  // Read no more than a plain value can be long: values overlap when nested, and the scan stays linear.
  if (end - start > MAX_PLAIN_VALUE) return true;
  const text = literal.slice(start, end).trim();
  return text.length > SHORT_VALUE && !PLAIN_VALUE.test(text);
}
