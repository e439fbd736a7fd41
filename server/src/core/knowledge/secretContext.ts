// Context knowledge for values with no provider format: which names say "secret", which say "not a secret",
// and what references and placeholders look like on each platform.

/** A field, header or parameter whose name matches this holds a secret when its value is a literal. */
export const SECRET_NAME = /(?:^|[^a-z])(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|auth(?:orization)?|x-api-key|x-auth-token|credentials?|signing[_-]?key|bearer|app[_-]?key|master[_-]?key|webhook[_-]?secret|subscription[_-]?key|hapikey)(?:$|[^a-z])/i; // subscription-key: Azure API Management's key parameter; hapikey: HubSpot's legacy API key

/**
 * Names that mention a secret word but hold something else (a URL, a type, a length, an id, a reference, a hash or
 * fingerprint of a secret, a password policy).
 */
export const NOT_SECRET_NAME = /(?:url|uri|endpoint|path|type|name|id|ids|length|count|limit|max|min|expires?|expiry|ttl|field|mode|method|header|prefix|ref|reference|location|format|enabled|required|hint|label|description|placeholder|usage|scope|scopes|version|tokens|address|sessionkey|session_key|hash|hashed|sha\d{0,3}|md5|checksum|digest|fingerprint|thumbprint|policy|strength|complexity)$|^(?:max|min|num|total)|token_?type|grant_?type|secret_?ref|auth_?type|authentication$|credentials?_?(?:type|id|name)|^extends_?credential$|^rwg_?token$|(?:^|[^a-z])(?:(?:next|prev|previous)(?:[_-]?(?:page|sync))?|continuation|sync|delta|skip|resume|cursor|pagination)[_-]?token$/i; // rwg_token: Reserve with Google's click-tracking parameter. Pagination and sync cursors: nextToken (AWS NextToken), nextPageToken, next_page_token, prevPageToken, nextSyncToken, continuationToken, syncToken, deltaToken ($deltatoken), skipToken, resumeToken, cursorToken, as whole words (asyncToken is a token). Not a bare pageToken or page_token: Facebook calls its page access tokens that (FB_PAGE_TOKEN, fbPageToken), and a literal cursor in a flow is rare; a short one is no credential anyway

/**
 * A page token: a pagination cursor in most APIs (Google's `pageToken`, `page_token`), but Facebook calls its page
 * access tokens so too (`FB_PAGE_TOKEN`, `fbPageToken`). Such a value is a cursor only when it has a cursor's shape:
 * {@link CURSOR_VALUE}, or base64 of readable text (`Q2xpZW50Q3Vyc29yOjE3Mjk0NTY3ODk` is `ClientCursor:1729456789`),
 * which a random credential never is.
 */
export const PAGE_TOKEN_NAME = /(?:^|[^a-z])page[_-]?token$/i;
/** Cursors by their shape: Google Drive's page tokens start with `~!!~`. */
export const CURSOR_VALUE = /^~!!~/;

/**
 * JSONata functions whose string argument names where a value is read (Node-RED: `$env("TOKEN")`, `$flowContext("k")`,
 * `$globalContext("k")`), so the string is a name, not a value.
 */
export const EXPRESSION_REFERENCE_FUNCTIONS: ReadonlySet<string> = new Set([
  '$env', '$flowContext', '$globalContext',
  // Workflow Definition Language (Power Automate, Logic Apps): the first argument names a parameter, variable, action,
  // app setting or loop (`parameters('ApiKey')`, `body('Get_secret')`, `appsetting('KEY')`, `items('Apply_to_each')`).
  'parameters', 'variables', 'appsetting', 'body', 'outputs', 'actions', 'actionBody', 'actionOutputs', 'item', 'items',
  'iterationIndexes', 'result', 'triggerFormDataValue', 'triggerFormDataMultiValues', 'formDataValue', 'formDataMultiValues', 'multipartBody',
]);

/**
 * Expression functions whose string arguments are not what the expression outputs: a text compared with or searched for
 * (`equals(parameters('Tenant'), 'contoso-prod-01')`, `contains(…, 'Mail.ReadWrite')`, `split(…, '#access_token=')`),
 * a date or number format (`formatDateTime(utcNow(), 'yyyy-MM-ddTHH:mm:ssZ')`), a time zone, an XPath. Each maps to
 * the argument positions (from 0) that are such, or `all`: `replace`'s old text is one, its new text is output.
 * Workflow Definition Language (Power Automate, Logic Apps) and JSONata (Node-RED, `$`-prefixed).
 */
export const EXPRESSION_NON_VALUE_ARGUMENTS: ReadonlyMap<string, 'all' | readonly number[]> = new Map<string, 'all' | readonly number[]>([
  // A truth value, a number, a date: nothing of the text comes out.
  ...['equals', 'contains', 'startsWith', 'endsWith', 'indexOf', 'lastIndexOf', 'nthIndexOf', 'greater', 'greaterOrEquals', 'less', 'lessOrEquals',
    'formatDateTime', 'parseDateTime', 'addDays', 'addHours', 'addMinutes', 'addSeconds', 'addToTime', 'subtractFromTime', 'getFutureTime', 'getPastTime',
    'convertTimeZone', 'convertFromUtc', 'convertToUtc', 'utcNow', 'startOfDay', 'startOfHour', 'startOfMonth', 'dateDifference', 'dayOfMonth', 'dayOfWeek',
    'dayOfYear', 'ticks', 'formatNumber',
    '$contains', '$now', '$fromMillis', '$toMillis', '$formatNumber', '$formatInteger', '$parseInteger',
  ].map((name) => [name, 'all'] as const),
  // Part of the first argument comes out (`split('svc:…', ':')`): only the separator, pattern or path is no value.
  ...['split', 'replace', 'xpath', '$split', '$match', '$substringBefore', '$substringAfter', '$replace'].map((name) => [name, [1]] as const),
]);

/**
 * Code calls whose first argument is a name and whose second is the value stored or sent under it: Node-RED context
 * (`flow.set('token', '…')`, `global.set`, `context.set`), `localStorage.setItem`, and request headers
 * (`req.setHeader('X-API-Key', '…')`, `headers.append`, `headers.set`).
 */
export const NAMED_VALUE_SETTERS: ReadonlySet<string> = new Set(['set', 'setItem', 'setHeader', 'append', 'set_header']);

/** Names whose literal value is a password: accepted whatever its shape (people choose weak ones). */
export const PASSWORD_NAME = /(?:^|[^a-z])(?:password|passwd|passphrase|pwd)(?:$|[^a-z])|^pass$/i;

/**
 * Fields whose value is `username|password` (Webhooks by Zapier's "Basic Auth": "a pipe (|) separated username,
 * password combo"): the password is the secret, read as a password.
 */
export const USER_PIPE_PASSWORD_NAME = /^basic_auth$/i;

/** Keys that are public by design (Stripe publishable keys ship in every checkout page): never a credential, whatever the field. */
export const PUBLIC_KEY = /^pk_(?:live|test)_[A-Za-z0-9]{8,}$/;

/** Header names that carry a credential whatever their value looks like. */
export const CREDENTIAL_HEADER = /^(?:authorization|proxy-authorization|x-api-key|api-key|apikey|x-auth-token|x-access-token|x-functions-key|ocp-apim-subscription-key|x-goog-api-key|private-token|x-shopify-access-token|x-hub-signature-secret)$/i;

/** `Authorization` schemes: the credential is what follows the scheme. */
export const AUTH_SCHEME = /^(?:bearer|basic|token|bot|apikey|sso-key|digest)\s+/i;

/**
 * Template references delimited by a pair of markers, with the longest reference we accept: n8n `{{ $env.X }}`,
 * Make `{{1.field}}`, `${VAR}` and `${{ secrets.X }}`, Power Automate / Logic Apps `@{...}`. Matched by scanning
 * for the markers (linear), not by a regex with a long bounded repetition (quadratic on hostile input).
 */
export const REFERENCE_DELIMITERS: readonly (readonly [open: string, close: string, maxLength: number])[] = [
  ['{{', '}}', 2000],
  ['${', '}', 200],
  ['@{', '}', 2000],
  ['env.get(', ')', 200], // Node-RED
];

/** Other template references: a value that is (or only consists of) one of these is not a secret. */
export const REFERENCE_PATTERNS: readonly RegExp[] = [
  /^@[a-zA-Z]+\([\s\S]{0,2000}\)$/g, // @parameters('x'), @body('x'), @appsetting('x') as a whole value
  /^\[[a-zA-Z]+\([\s\S]{0,2000}\)\]$/g, // ARM [parameters('x')]
  /\$[A-Z_][A-Z0-9_]{1,100}\b/g, // $VAR
  /%[A-Z_][A-Z0-9_]{1,100}%/g, // %VAR%
  /(?:process\.env|\$env|\$credentials|\$secrets|\$vars)\.[A-Za-z_]\w*/g, // n8n and Node.js references in code
];

/**
 * Whole values that are obviously placeholders (compared case-insensitively, after trimming). `__PWRD__` is what
 * Node-RED's editor and admin API write for a password that is set (the value stays in flows_cred.json).
 */
export const PLACEHOLDER_VALUE = /^(?:<[^<>]{0,100}>|\[[^[\]]{0,100}\]|\{[^{}]{0,100}\}|your[\w\s-]{0,60}|my[_-]?(?:api[_-]?)?(?:key|token|secret|password)\w{0,20}|x{3,}|\*{3,}|•{3,}|\.{3,}|-{3,}|_{3,}|#{3,}|0{6,}|1234(?:5678?)?|changeme|change[_-]?me|placeholder|example\w{0,20}|sample\w{0,20}|dummy\w{0,20}|test\w{0,10}|fake\w{0,20}|foo|bar|baz|secret|password|passwd|token|api[_-]?key|redacted|removed|hidden|masked|null|none|undefined|todo|tbd|n\/a|__pwrd__|replace[\w\s-]{0,60}|insert[\w\s-]{0,60}|enter[\w\s-]{0,60}|put[\w\s-]{0,60}|add[\w\s-]{0,60}here)$/i;

/**
 * Substrings that make any value a placeholder (`sk_live_YOUR_KEY_HERE`, `xxxx-xxxx`, a group of four X's in a value
 * partly blanked out: `XXXX-Q7RT-M2KD-XXXX`, `sk_xxxx_…`), and a value ending in `EXAMPLE`:
 * AWS documents its key formats with `AKIAIOSFODNN7EXAMPLE` and `…EXAMPLEKEY`.
 */
export const PLACEHOLDER_PART = /\byour[_-]|your[_-]?(?:api|key|token|secret|pass|own|app|client|account)|\[[a-z_ -]{3,60}\]|_here\b|-here\b|\bhere\b|xxxxx|\*\*\*\*|<[a-z_ -]{2,40}>|replace[_-]?(?:me|this|with)|example(?:key|token|secret)|example$|insert[_-]?(?:your|key|token)|(?:^|[^a-z0-9])x{4}(?:[^a-z0-9]|$)/i;
