// Where a URL's user info, host and port are: the one authority parser of the core, shared by endpoint masking
// (secrets/redact.ts), inventory matching (workspace/link.ts), transport/insecure-http.ts and the internal-network test
// (knowledge/internalHosts.ts, behind the threat model's and the generated inventory's zones), so that the host one of
// them reads is the host the others read.

/** Where the authority of a URL is, as indices into the text it was read from. */
export interface UrlAuthority {
  /** The first index of the authority: just after `://`. */
  readonly start: number;
  /** The user info, when there is one: from `start` to the `@` at `end`; `colon` is the `:` before a password, or -1. */
  readonly user?: { readonly start: number; readonly colon: number; readonly end: number };
  /** The host as written (`[…]` for an IPv6 literal), without user info or port: may be empty. */
  readonly hostStart: number;
  readonly hostEnd: number;
  /** The host in lower case, without a trailing dot (`HOOKS.SLACK.COM.` is `hooks.slack.com`). */
  readonly host: string;
  /** The port's digits, when one is written. */
  readonly port?: string;
  /** Where the authority ends: the first `/`, `?` or `#` after it, or the end of the text. */
  readonly end: number;
}

/** A URL scheme at the start of a value, after blanks: `https://`, `sftp://`, `mongodb+srv://`. */
const LEADING_SCHEME = /^\s*[A-Za-z][A-Za-z0-9+.-]{0,20}:\/\//;
/** What may follow the `@` that ends a password as people write one, up to the next `/`, `?` or `#`: a host and a port. */
const HOST_AND_PORT = /^(?:\[[0-9A-Fa-f:.]{2,60}\]|[A-Za-z0-9._~-]{1,253})(?::\d{0,5})?$/;
const DIGITS = /^\d*$/;

/**
 * The authority of `text` when it starts (after blanks) with a URL scheme; undefined for anything else (a path, a
 * template reference, a connection string, a URL further in: `?callback=https://…` is a value, not this URL's host).
 *
 * Read as RFC 3986 reads it: the authority ends at the first `/`, `?` or `#`, and the user info is everything before its
 * last `@` (`https://api.example.com:8443?notify=ops@example.com` has host `api.example.com`). One exception, for URLs
 * people write with a password that holds `/`, `?` or `#` (`https://svc:pa?ss@db.example.com/x`): when the authority
 * read so has a port that is not a number, and an `@` further on is followed by a host (and port), the user info runs to
 * that `@`. Linear in the length of `text`.
 */
export function urlAuthority(text: string): UrlAuthority | undefined {
  const scheme = LEADING_SCHEME.exec(text);
  return scheme ? authorityAt(text, scheme[0].length) : undefined;
}

/** The authority that starts at `start` of `text` (just after `://`), read as {@link urlAuthority} says. */
export function authorityAt(text: string, start: number): UrlAuthority {
  const end = firstOf(text, '/?#', start);
  const at = text.lastIndexOf('@', end - 1);
  const strict = withUser(text, start, at >= start ? at : -1, end);
  if (strict.hostEnd === end || strict.port !== undefined) return strict;
  // The port is not a number: read the text as user:password@host with `/`, `?` or `#` in the password.
  for (let a = text.indexOf('@', end); a !== -1; a = text.indexOf('@', a + 1)) {
    const hostEnd = firstOf(text, '/?#@', a + 1);
    if (text[hostEnd] === '@') continue;
    if (HOST_AND_PORT.test(text.slice(a + 1, hostEnd))) return withUser(text, start, a, hostEnd);
    break; // a later `@` is in the path or the query: `?email=a@b.com`
  }
  return strict;
}

/** The authority from `start` to `end`, with user info up to the `@` at `at` (-1 for none). */
function withUser(text: string, start: number, at: number, end: number): UrlAuthority {
  const hostStart = at === -1 ? start : at + 1;
  let hostEnd = end;
  let port: string | undefined;
  const close = text[hostStart] === '[' ? text.indexOf(']', hostStart) : -1;
  const colon = text.indexOf(':', close !== -1 && close < end ? close : hostStart);
  if (colon !== -1 && colon < end) {
    hostEnd = colon;
    const digits = text.slice(colon + 1, end);
    if (DIGITS.test(digits)) port = digits;
  }
  let host = text.slice(hostStart, hostEnd).toLowerCase();
  if (host.endsWith('.')) host = host.slice(0, -1);
  const user = at === -1 ? undefined : { start, colon: colonIn(text, start, at), end: at };
  return { start, user, hostStart, hostEnd, host, port, end };
}

/** The index of the first `:` in `text` from `start` to `end`, or -1. */
function colonIn(text: string, start: number, end: number): number {
  const i = text.indexOf(':', start);
  return i !== -1 && i < end ? i : -1;
}

/** The index of the first of `chars` in `text` at or after `from`, else the length of `text`. */
export function firstOf(text: string, chars: string, from: number): number {
  for (let i = from; i < text.length; i++) if (chars.includes(text[i])) return i;
  return text.length;
}
