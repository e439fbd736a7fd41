// The secret detection engine: provider formats anywhere in a string, and context rules for literal values
// whose name says "secret". Pure functions over strings; the rules decide where to look.
import { SECRET_FORMATS, type SecretFormat } from '../knowledge/secretFormats.js';
import {
  AUTH_SCHEME,
  CREDENTIAL_HEADER,
  CURSOR_VALUE,
  EXPRESSION_NON_VALUE_ARGUMENTS,
  EXPRESSION_REFERENCE_FUNCTIONS,
  NAMED_VALUE_SETTERS,
  NOT_SECRET_NAME,
  PAGE_TOKEN_NAME,
  PASSWORD_NAME,
  PLACEHOLDER_PART,
  PLACEHOLDER_VALUE,
  PUBLIC_KEY,
  REFERENCE_DELIMITERS,
  REFERENCE_PATTERNS,
  SECRET_NAME,
  USER_PIPE_PASSWORD_NAME,
} from '../knowledge/secretContext.js';

/** A secret inside a string: `start`/`end` index the string as given. */
export interface SecretHit {
  /** The provider format's id, or `literal` for a context match. */
  readonly formatId: string;
  readonly provider?: string;
  readonly what: string;
  readonly kind: 'token' | 'webhook-url' | 'literal';
  readonly start: number;
  readonly end: number;
  readonly secret: string;
  /** The identifier the secret was assigned to, for secrets found inside code or JSON text. */
  readonly name?: string;
}

/** The formats' keywords; `.` (formats with no better keyword) is tested apart, as it is in almost every string. */
const KEYWORDS = [...new Set(SECRET_FORMATS.flatMap((f) => f.keywords))].filter((k) => k !== '.');
/**
 * The keywords by their first two characters (all are ASCII, at least two long), indexed `c0 << 7 | c1`: a string is
 * searched with one table look-up per character, and only where a pair starts a keyword are keywords compared (their
 * third character first: pairs such as "ec", "se" and "nt" start keywords and many English words).
 */
const BY_PAIR: (string[] | undefined)[] = new Array(128 * 128).fill(undefined);
/** 1 where a pair starts some keyword: a typed array, cheaper to test than the list. */
const STARTS_KEYWORD = new Uint8Array(128 * 128);
for (const k of KEYWORDS) {
  if (k.length < 2 || [...k].some((ch) => ch.charCodeAt(0) > 127)) throw new Error(`secret format keyword ${JSON.stringify(k)}: keywords are ASCII, two characters or more`);
  const at = (k.charCodeAt(0) << 7) | k.charCodeAt(1);
  (BY_PAIR[at] ??= []).push(k);
  STARTS_KEYWORD[at] = 1;
}
const ALWAYS = SECRET_FORMATS.filter((f) => f.keywords.includes('.'));

// The patterns below are module constants, not literals in the functions that use them: V8 builds a new RegExp object
// each time a literal is evaluated, and these run for every string of a document (a garbage collection every few MB).
const REPEATED_CHARACTER = /^(.)\1+$/;
const GROUP_SEPARATORS = /[-_ .:]/g;
/** A template marker left inside a match: the value is built from a reference, not a secret. */
const TEMPLATE_MARK = /\{\{|\$\{|@\{|\$[A-Z_]{2}/;
const CAMEL_CASE_BOUNDARY = /([a-z0-9])([A-Z])/g;
const SPACE = /\s/;
const NOT_SPACE = /\S/;
/** Literal values that are not credentials, whatever their name says. */
const NOT_CREDENTIAL = {
  keyword: /^(?:true|false|null|undefined|none|yes|no|on|off|bearer|basic|oauth2?|header|query|body|json|string|auto|unknown|pass|fail|disabled|required|optional)$/i,
  url: /^(?:https?|ftp|file|wss?):\/\//i,
  reference: /^[$@=[{<]/,
  path: /^(?:\.{0,2}\/|~\/|[A-Za-z]:\\)/,
  port: /^\d{1,5}$/,
  words: /^[a-z]+(?:[-_. ][a-z]+)*$/,
  camelCase: /^[a-z]+(?:[A-Z][a-z]+)+$/,
  number: /^\d+$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
};
const CHARACTER_CLASS = { lower: /[a-z]/, upper: /[A-Z]/, digit: /\d/, other: /[^A-Za-z0-9]/ };
/** Code that names no secret-like identifier holds no named secret. */
const CODE_SECRET_WORD = /pass|secret|token|key|auth|pwd|credential|bearer/i;
/** An assignment or property of a quoted literal (`=` or `:`, then the opening quote). Reset before each use. */
const ASSIGNMENT = /[:=][ \t]*(["'`])/g;
const LINE_BREAK_OR_ESCAPE = /[\n\\]/;
/**
 * A call of a setter with a quoted name and a quoted value (`flow.set('token', '…')`, `req.setHeader("X-API-Key", "…")`):
 * the method, the name's quote, the name, the value's opening quote. Reset before each use.
 */
const SETTER_CALL = /\.([A-Za-z_]{3,12})\([ \t]*(["'`])([A-Za-z_$][\w$.-]{0,59})\2[ \t]*,[ \t]*(["'`])/g;
const IDENTIFIER_START = /^[A-Za-z_$]/;
/** A query parameter and its value. Reset before each use. */
const QUERY_PARAMETER = /[?&]([A-Za-z][\w.-]{0,59})=([^&#\s"'<>]{4,500})/g;
/** A form-encoded body's parameter and its value: the first starts the string. Reset before each use. */
const FORM_PARAMETER = /(?:^=?|&)([A-Za-z][\w.-]{0,59})=([^&#\s"'<>]{4,500})/g;
/** How a form-encoded body (`application/x-www-form-urlencoded`) starts: `name=value&name` (n8n may put `=` first). */
const FORM_BODY = /^=?[A-Za-z][\w.-]{0,59}=[^\s&]*&[A-Za-z]/;
/** Base64 (standard or URL-safe), unpadded or padded. */
const BASE64_TEXT = /^[A-Za-z0-9+/_-]{8,4096}={0,2}$/;
const BASE64_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** `[\w$-]`: a character of an identifier or header name, read backwards from an assignment. */
function isIdentifierCharacter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c === 45;
}

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  if (!s) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** True when the value is an obvious placeholder (`YOUR_API_KEY`, `<token>`, `xxxx`, `****`). */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (PLACEHOLDER_VALUE.test(v) || PLACEHOLDER_PART.test(v)) return true;
  return REPEATED_CHARACTER.test(v.replace(GROUP_SEPARATORS, '')); // one repeated character, maybe grouped: XXXX-XXXX
}

/**
 * Blanks out every template reference (n8n `{{ }}`, `${VAR}`, `@{...}`, `@parameters()`, `$env.X`, ...) with
 * spaces of the same length, so what is left is the literal text and indices still line up.
 */
export function literalPart(value: string): string {
  let out = value.startsWith('=') ? ' ' + value.slice(1) : value; // n8n marks expressions with a leading '='
  for (const [open, close, maxLength] of REFERENCE_DELIMITERS) out = blankDelimited(out, open, close, maxLength);
  for (const re of REFERENCE_PATTERNS) {
    re.lastIndex = 0;
    out = out.replace(re, (m) => ' '.repeat(m.length));
  }
  return out;
}

/** Blanks every `open … close` span of at most `maxLength` characters; linear in the length of `s`. */
function blankDelimited(s: string, open: string, close: string, maxLength: number): string {
  let from = s.indexOf(open);
  if (from === -1) return s;
  let out = '';
  let copied = 0;
  let nextClose = -1;
  while (from !== -1) {
    if (nextClose < from + open.length) nextClose = s.indexOf(close, from + open.length);
    if (nextClose === -1) break; // no close after here: no later open can close either
    const end = nextClose + close.length;
    if (end - from <= maxLength) {
      out += s.slice(copied, from) + ' '.repeat(end - from);
      copied = end;
      from = s.indexOf(open, end);
    } else {
      from = s.indexOf(open, from + 1);
    }
  }
  return out + s.slice(copied);
}

/** The hit list of a string with no secret: one shared, frozen list, so the common case allocates nothing. */
export const NO_HITS: readonly SecretHit[] = Object.freeze([]);

/** True when `hit` overlaps one of `hits` (a second detector's find inside a first one's is the same secret). */
export function overlapsAny(hits: readonly SecretHit[], hit: SecretHit): boolean {
  for (let i = 0; i < hits.length; i++) if (hits[i].start < hit.end && hit.start < hits[i].end) return true;
  return false;
}

/** Provider-format secrets anywhere in `value`, placeholders excepted. Allocates nothing when there are none (most strings). */
export function findFormatSecrets(value: string): readonly SecretHit[] {
  const present = keywordsIn(value);
  const hasDot = value.includes('.');
  if (!present && !hasDot) return NO_HITS;
  let hits: SecretHit[] | undefined;
  const formats = present ? SECRET_FORMATS : ALWAYS;
  for (let i = 0; i < formats.length; i++) {
    const format = formats[i];
    if ((format.minLength !== undefined && value.length < format.minLength) || !hasKeyword(format, present, hasDot)) continue;
    const hit = matchFormat(format, value);
    if (hit && !overlapsAny(hits ?? NO_HITS, hit)) (hits ??= []).push(hit);
  }
  return hits ?? NO_HITS;
}

function hasKeyword(format: SecretFormat, present: ReadonlySet<string> | undefined, hasDot: boolean): boolean {
  const keywords = format.keywords;
  for (let i = 0; i < keywords.length; i++) if (keywords[i] === '.' ? hasDot : present?.has(keywords[i])) return true;
  return false;
}

/**
 * The keywords (other than `.`) that occur in `value`, or `undefined` for none, which is the common case. Overlapping
 * keywords are all found (`sk-ant-` holds `sk-`). A loop over the characters with a table look-up each: a quarter faster
 * than one regex of the keywords, which V8 tries at nearly every offset.
 */
function keywordsIn(value: string): Set<string> | undefined {
  let present: Set<string> | undefined;
  let previous = value.charCodeAt(0);
  const n = value.length;
  for (let i = 1; i < n; i++) {
    const c = value.charCodeAt(i);
    if ((previous | c) < 128 && STARTS_KEYWORD[(previous << 7) | c] === 1) {
      const keywords = BY_PAIR[(previous << 7) | c]!;
      const third = value.charCodeAt(i + 1);
      for (let j = 0; j < keywords.length; j++) {
        const k = keywords[j];
        if ((k.length === 2 || k.charCodeAt(2) === third) && value.startsWith(k, i - 1)) (present ??= new Set()).add(k);
      }
    }
    previous = c;
  }
  return present;
}

function matchFormat(format: SecretFormat, value: string): SecretHit | undefined {
  const m = format.pattern.exec(value);
  if (!m) return undefined;
  const secret = m.groups?.secret ?? m[0];
  const start = m.index + (m.groups?.secret !== undefined ? m[0].indexOf(secret) : 0);
  if (isPlaceholder(secret) || TEMPLATE_MARK.test(secret)) return undefined;
  if (format.minEntropy !== undefined && entropy(secret) < format.minEntropy) return undefined;
  return { formatId: format.id, provider: format.provider, what: format.what, kind: format.kind, start, end: start + secret.length, secret };
}

const nameCache = new Map<string, boolean>();

/** WordPress application passwords: six groups of four characters separated by spaces. */
const WORDPRESS_APP_PASSWORD = /^[A-Za-z0-9]{4}(?: [A-Za-z0-9]{4}){5}$/;

/** `accessToken` → `access_Token`, so the name patterns see camelCase words as words. */
function splitCamelCase(name: string): string {
  return name.replace(CAMEL_CASE_BOUNDARY, '$1_$2');
}

/** True when a field, header or parameter of this name holds a secret if its value is a literal. */
export function isSecretName(name: string): boolean {
  let hit = nameCache.get(name);
  if (hit === undefined) {
    const words = splitCamelCase(name);
    hit = name.length <= 80 && (CREDENTIAL_HEADER.test(name) || (SECRET_NAME.test(words) && !NOT_SECRET_NAME.test(words)));
    if (nameCache.size < 10_000) nameCache.set(name, hit);
  }
  return hit;
}

/**
 * A literal secret in `value`, given that its name is secret-like (`isSecretName`). References and
 * placeholders are not secrets; the value must look like a credential (any literal for password fields).
 */
export function findNamedSecret(name: string, value: string): SecretHit | undefined {
  const literal = literalPart(value);
  let start = literal.search(NOT_SPACE);
  if (start === -1) return undefined;
  const end = literal.trimEnd().length;
  let candidate = literal.slice(start, end);
  const scheme = AUTH_SCHEME.exec(candidate);
  if (scheme) {
    start += scheme[0].length;
    candidate = literal.slice(start, end);
  }
  let asName = name;
  if (USER_PIPE_PASSWORD_NAME.test(name) && candidate.includes('|')) {
    start += candidate.indexOf('|') + 1;
    candidate = literal.slice(start, end);
    asName = 'password';
  }
  if (SPACE.test(candidate)) {
    // A reference left a gap ("Bearer {{ $json.token }}", "${dir}/key.pem"): the value is built, not a secret.
    // Otherwise spaces mean prose; the one spaced credential we accept is a WordPress application password.
    if (literal !== value || !WORDPRESS_APP_PASSWORD.test(candidate) || !PASSWORD_NAME.test(splitCamelCase(name))) return undefined;
  }
  if (!looksLikeCredential(asName, candidate)) return undefined;
  return { formatId: 'literal', what: `literal value of "${name}"`, kind: 'literal', start, end, secret: candidate };
}

function looksLikeCredential(name: string, candidate: string): boolean {
  if (candidate.length < 4 || candidate.length > 4096 || isPlaceholder(candidate)) return false;
  if (PUBLIC_KEY.test(candidate)) return false;
  if (NOT_CREDENTIAL.keyword.test(candidate)) return false;
  if (NOT_CREDENTIAL.url.test(candidate)) return false; // a URL (credentials in URLs are a format)
  if (NOT_CREDENTIAL.reference.test(candidate)) return false; // a reference the patterns did not know, or a JSON/HTML fragment
  if (NOT_CREDENTIAL.path.test(candidate)) return false; // a file path
  if (PASSWORD_NAME.test(splitCamelCase(name))) return !NOT_CREDENTIAL.port.test(candidate);
  if (candidate.length < 8) return false;
  if (NOT_CREDENTIAL.words.test(candidate)) return false; // words: "readonly", "client-credentials"
  if (NOT_CREDENTIAL.camelCase.test(candidate)) return false; // a camelCase identifier: "virusTotalApi"
  if (NOT_CREDENTIAL.number.test(candidate) && candidate.length < 16) return false; // small numbers, ports, ids
  if (NOT_CREDENTIAL.uuid.test(candidate)) return false; // a UUID is an id
  const classes = +CHARACTER_CLASS.lower.test(candidate) + +CHARACTER_CLASS.upper.test(candidate) + +CHARACTER_CLASS.digit.test(candidate) + +CHARACTER_CLASS.other.test(candidate);
  if (!(entropy(candidate) >= 3 && (classes >= 2 || candidate.length >= 20))) return false;
  return !(PAGE_TOKEN_NAME.test(splitCamelCase(name)) && isCursor(candidate)); // a page token is a cursor by its shape
}

/** A pagination cursor by its shape: a known cursor prefix, or base64 of readable text (a credential is random bytes). */
function isCursor(value: string): boolean {
  if (CURSOR_VALUE.test(value)) return true;
  if (!BASE64_TEXT.test(value)) return false;
  let bits = 0;
  let buffer = 0;
  let bytes = 0;
  let readable = 0;
  for (let i = 0; i < value.length && value[i] !== '='; i++) {
    const c = value[i] === '-' ? '+' : value[i] === '_' ? '/' : value[i];
    buffer = ((buffer << 6) | BASE64_DIGITS.indexOf(c)) & 0xffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      const byte = (buffer >> bits) & 0xff;
      bytes++;
      if ((byte >= 0x20 && byte < 0x7f) || byte === 0x09 || byte === 0x0a || byte === 0x0d) readable++;
    }
  }
  return bytes >= 6 && readable >= bytes * 0.9;
}

/**
 * Assignments of literal strings to secret-named identifiers inside code or JSON text
 * (`const apiKey = "…"`, `"Authorization": "Bearer …"`, `password: '…'`).
 */
export function findCodeSecrets(code: string): readonly SecretHit[] {
  if (!CODE_SECRET_WORD.test(code)) return NO_HITS;
  let hits: SecretHit[] | undefined;
  // Find the operator and the opening quote first, then read the identifier backwards: a regex that starts at
  // every identifier character would be quadratic on long identifier-like runs.
  const operator = ASSIGNMENT;
  operator.lastIndex = 0;
  for (let m = operator.exec(code); m; m = operator.exec(code)) {
    const valueStart = m.index + m[0].length;
    const value = quotedLiteral(code, valueStart, m[1]);
    if (value === undefined) continue;
    const name = identifierBefore(code, m.index);
    if (!name || !isSecretName(name)) continue;
    const hit = findNamedSecret(name, value);
    if (!hit) continue;
    (hits ??= []).push({ ...hit, name, start: valueStart + hit.start, end: valueStart + hit.end });
    if (hits.length >= 20) break;
  }
  const setter = SETTER_CALL;
  setter.lastIndex = 0;
  for (let m = setter.exec(code); m && (hits?.length ?? 0) < 20; m = setter.exec(code)) {
    if (!NAMED_VALUE_SETTERS.has(m[1]) || !isSecretName(m[3])) continue;
    const valueStart = m.index + m[0].length;
    const value = quotedLiteral(code, valueStart, m[4]);
    if (value === undefined) continue;
    const hit = findNamedSecret(m[3], value);
    if (hit && !overlapsAny(hits ?? NO_HITS, hit)) (hits ??= []).push({ ...hit, name: m[3], start: valueStart + hit.start, end: valueStart + hit.end });
  }
  return hits ?? NO_HITS;
}

/** The literal quoted from `valueStart` to the next `quote`: 4 to 500 characters on one line with no escape, else undefined. */
function quotedLiteral(code: string, valueStart: number, quote: string): string | undefined {
  const valueEnd = code.indexOf(quote, valueStart);
  if (valueEnd === -1 || valueEnd - valueStart < 4 || valueEnd - valueStart > 500) return undefined;
  const value = code.slice(valueStart, valueEnd);
  return LINE_BREAK_OR_ESCAPE.test(value) ? undefined : value;
}

/**
 * Literal secrets in an expression the runtime evaluates for the value of `name` (a Node-RED JSONata value, a Power
 * Automate / Logic Apps expression): each quoted string in it that reads as a credential of that name (`"Bearer …"`,
 * `$exists(key) ? key : "…"`, `concat('Bearer ', '…')`), wherever the expression outputs it; but the name a reference
 * function reads (`$env("TOKEN")`), a property name (`?['access_token']`), and an argument the expression compares,
 * searches for or formats with (`equals(parameters('Tenant'), '…')`, `formatDateTime(utcNow(), '…')`: see
 * {@link EXPRESSION_NON_VALUE_ARGUMENTS}). A query fragment (`'&skn=…'`) is read by its parameters' names. None when
 * `name` says no secret, unless the value is a `credential` whatever its name (a QueryString authentication's `value`,
 * a Raw authentication's key).
 */
export function findExpressionSecrets(name: string, expression: string, credential = false): readonly SecretHit[] {
  if (!credential && !isSecretName(name)) return NO_HITS;
  let hits: SecretHit[] | undefined;
  // The calls and brackets open at the current position, innermost last: the function (empty for a bracket) and the
  // argument the position is in.
  const open: { fn: string; arg: number }[] = [];
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i];
    if (c === '(' || c === '[' || c === '{') open.push({ fn: c === '(' ? functionBefore(expression, i) : '', arg: 0 });
    else if (c === ')' || c === ']' || c === '}') open.pop();
    else if (c === ',' && open.length) open[open.length - 1].arg++;
    if (c !== '"' && c !== "'") continue;
    const quote = c;
    let close = i + 1;
    while (close < expression.length && expression[close] !== quote) close += expression[close] === '\\' ? 2 : 1;
    if (close >= expression.length) break;
    const start = i;
    i = close;
    if (close - start <= 4 || close - start > 501 || isReferenceArgument(expression, start) || isPropertyName(expression, start) || isNonValueArgument(open)) continue;
    const literal = expression.slice(start + 1, close);
    // A literal ending in `:` is the user part of a Basic credential (`concat('svc:', …)`), not its secret.
    if (literal.includes('\\') || literal.endsWith(':')) continue;
    if (QUERY_FRAGMENT.test(literal)) {
      for (const hit of findQuerySecrets(literal)) (hits ??= []).push({ ...hit, start: start + 1 + hit.start, end: start + 1 + hit.end });
    } else {
      const hit = findNamedSecret(name, literal);
      if (hit) (hits ??= []).push({ ...hit, name, start: start + 1 + hit.start, end: start + 1 + hit.end });
    }
    if ((hits?.length ?? 0) >= 20) break;
  }
  return hits ?? NO_HITS;
}

/** A query fragment in an expression (`'&skn=RootManageSharedAccessKey'`, `'?api-version=2024-01-01&code='`). */
const QUERY_FRAGMENT = /^[?&][A-Za-z][\w.-]{0,59}=/;

/** The name of the function called by the `(` at `at` (`$env`, `parameters`), or empty. */
function functionBefore(text: string, at: number): string {
  let i = at;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  const end = i;
  while (i > 0 && end - i <= 40 && isIdentifierCharacter(text.charCodeAt(i - 1))) i--;
  return text.slice(i, end);
}

/**
 * True when some call open around a literal takes it as a text to compare, search for or format with, or as part of the
 * name a reference function reads (`appsetting(concat('servicebus_1', '-connectionKey'))`).
 */
function isNonValueArgument(open: readonly { fn: string; arg: number }[]): boolean {
  for (let j = 0; j < open.length; j++) {
    if (open[j].fn && EXPRESSION_REFERENCE_FUNCTIONS.has(open[j].fn)) return true;
    const positions = open[j].fn ? EXPRESSION_NON_VALUE_ARGUMENTS.get(open[j].fn) : undefined;
    if (positions === 'all' || positions?.includes(open[j].arg)) return true;
  }
  return false;
}

/** True when the string quoted at `open` names a property (`body('x')?['access_token']`, `payload["x-api-key"]`). */
function isPropertyName(text: string, open: number): boolean {
  let i = open - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  return text[i] === '[';
}

/** True when the string quoted at `open` is the first argument of a function that reads a value by name (`$env("TOKEN")`). */
function isReferenceArgument(text: string, open: number): boolean {
  let i = open - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  if (text[i] !== '(') return false;
  const end = i;
  while (i > 0 && end - i <= 40 && isIdentifierCharacter(text.charCodeAt(i - 1))) i--;
  return EXPRESSION_REFERENCE_FUNCTIONS.has(text.slice(i, end));
}

/**
 * The identifier (up to 60 characters) that ends just before `at`, skipping spaces and a closing quote; or the quoted
 * key of a bracket assignment (`headers["Authorization"] =`, `headers['x-api-key'] =`).
 */
function identifierBefore(code: string, at: number): string | undefined {
  let i = at - 1;
  while (i >= 0 && (code[i] === ' ' || code[i] === '\t')) i--;
  let bracket = false;
  if (code[i] === ']') {
    bracket = true;
    i--;
  }
  const quote = code[i];
  if (quote === '"' || quote === "'" || (bracket && quote === '`')) i--;
  else if (bracket) return undefined; // `a[i] = …`: an index, not a name
  const end = i + 1;
  while (i >= 0 && end - i <= 60 && isIdentifierCharacter(code.charCodeAt(i))) i--;
  if (bracket && (code[i] !== quote || code[i - 1] !== '[')) return undefined;
  const name = code.slice(i + 1, end);
  return IDENTIFIER_START.test(name) ? name : undefined;
}

/**
 * True when `s` reads as a form-encoded body (`grant_type=client_credentials&client_secret=…`). Runs on every string:
 * `indexOf` first (a string with no `&` is no form body), the anchored pattern only on the few with one.
 */
export function isFormEncoded(s: string): boolean {
  return s.indexOf('&') !== -1 && FORM_BODY.test(s);
}

/**
 * Literal secrets in a URL's query parameters, or with `form` in a form-encoded body's parameters, whose name says
 * secret (`?api_key=…`, `&access_token=…`, `client_secret=…&grant_type=client_credentials`).
 */
export function findQuerySecrets(url: string, form = false): readonly SecretHit[] {
  let hits: SecretHit[] | undefined;
  const param = form ? FORM_PARAMETER : QUERY_PARAMETER;
  param.lastIndex = 0;
  for (let m = param.exec(url); m; m = param.exec(url)) {
    const name = m[1];
    if (!isSecretName(name)) continue;
    const hit = findNamedSecret(name, m[2]);
    if (!hit) continue;
    const start = m.index + m[0].length - m[2].length;
    (hits ??= []).push({ ...hit, name, start: start + hit.start, end: start + hit.end });
    if (hits.length >= 10) break;
  }
  return hits ?? NO_HITS;
}
