// Which hosts are the organisation's own network, not the internet, as data: read by the privacy rule (no third party),
// transport/insecure-http (plain HTTP there is an info, not a warning) and the threat model's zones (internal, not SaaS).
import { urlAuthority } from '../secrets/urlAuthority.js';

/** Names that resolve only inside a network: mDNS, cloud-internal DNS, Kubernetes services, home and company networks (RFC 6762, 8375). */
const INTERNAL_SUFFIXES = ['.localhost', '.local', '.internal', '.lan', '.corp', '.intranet', '.home.arpa', '.svc'];

/** A host name of one label, as Docker and Kubernetes name services (`selenium_chrome`, `qdrant`). */
const SINGLE_LABEL = /^[a-z0-9](?:[a-z0-9_-]{0,61}[a-z0-9])?$/;

/** A template's stand-in for a URL, to be replaced (`http://QDRANT_URL/`): no host at all, and no known network. */
const PLACEHOLDER = /(?:^|[_-])(?:url|uri)$/;

/** What kind of host on the organisation's own network a host is, for the words a message uses. */
export type InternalHostKind = 'loopback' | 'metadata' | 'private-address' | 'shared-address' | 'link-local-address' | 'service-name' | 'internal-name';

/** The cloud's instance metadata service (AWS, Azure, GCP, ...): HTTP only, answered by the machine's own hypervisor. */
const METADATA_V4 = (169 << 24 | 254 << 16 | 169 << 8 | 254) >>> 0;
const METADATA_NAMES = new Set(['metadata.google.internal']);

/**
 * The IPv4 address `host` names, as the WHATWG URL parser (browsers, Node) and .NET read it: one to four parts, each
 * decimal, octal (a leading 0) or hex (0x), the last filling the bytes left (`10.1` is 10.0.0.1, `2852039166` is
 * 169.254.169.254, `0x7f.1` is 127.0.0.1). `undefined` when the host is a name (its last label is not a number); NaN
 * when it ends in a number but is no address (`256.1.1.1`, `1.2.3.4.5`: the URL is invalid).
 */
export function ipv4Of(host: string): number | undefined {
  const parts = host.split('.');
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  if (!/^(?:\d+|0x[0-9a-f]*)$/.test(parts[parts.length - 1])) return undefined;
  if (parts.length > 4) return NaN;
  const values = parts.map((p) => (/^0x[0-9a-f]*$/.test(p) ? (p.length > 2 ? parseInt(p.slice(2), 16) : 0) : /^0[0-7]+$/.test(p) ? parseInt(p, 8) : /^(?:0|[1-9]\d*)$/.test(p) ? Number(p) : NaN));
  const last = values.pop()!;
  if (values.some((v) => !(v <= 255)) || !(last < 256 ** (4 - values.length))) return NaN;
  return values.reduce((n, v, i) => n + v * 256 ** (3 - i), 0) + last;
}

/** The eight 16-bit groups of an IPv6 address (`::`, a dotted IPv4 tail and a zone `%…` allowed), or undefined. */
function ipv6Of(text: string): number[] | undefined {
  const zone = text.indexOf('%');
  const v6 = zone === -1 ? text : text.slice(0, zone);
  if (!/^[0-9a-f:.]+$/.test(v6)) return undefined;
  let groups = v6;
  const tail = /(?:^|:)(\d+\.\d+\.\d+\.\d+)$/.exec(v6);
  if (tail) {
    const v4 = /^(?:\d{1,3}\.){3}\d{1,3}$/.test(tail[1]) ? ipv4Of(tail[1]) : NaN;
    if (v4 === undefined || Number.isNaN(v4)) return undefined;
    groups = `${v6.slice(0, v6.length - tail[1].length)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = groups.split('::');
  if (halves.length > 2) return undefined;
  const read = (s: string) => (s === '' ? [] : s.split(':'));
  const head = read(halves[0]);
  const rest = halves.length === 2 ? read(halves[1]) : [];
  const fill = 8 - head.length - rest.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? fill : 0).fill('0'), ...rest];
  if (!all.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined;
  return all.map((g) => parseInt(g, 16));
}

/** The kind of an IPv4 address on this machine or a private network; undefined for the internet. */
function ipv4Kind(n: number): InternalHostKind | undefined {
  const a = n >>> 24;
  const b = (n >>> 16) & 0xff;
  if (a === 127) return 'loopback';
  if (n === METADATA_V4) return 'metadata';
  if (a === 10 || (a === 192 && b === 168) || (a === 172 && b >= 16 && b <= 31)) return 'private-address';
  if (a === 100 && b >= 64 && b <= 127) return 'shared-address'; // RFC 6598: carrier-grade NAT, Tailscale
  if (a === 169 && b === 254) return 'link-local-address';
  return undefined;
}

/** The host in lower case, without one trailing dot (`qdrant.` names the same host as `qdrant`). */
function normal(host: string): string {
  const h = host.toLowerCase();
  return h.endsWith('.') && !h.endsWith('..') ? h.slice(0, -1) : h;
}

/**
 * What kind of host on this machine or the organisation's own network `host` is: `localhost` and loopback addresses,
 * the cloud's metadata service, private (RFC 1918), shared (100.64.0.0/10) and link-local IPv4 addresses in any notation
 * the URL parser reads (`10.1`, `0xa000001`, `167772161`), IPv6 loopback, unique-local (`fc00::/7`), link-local
 * (`fe80::/10`) and IPv4-mapped ones (`::ffff:10.0.0.1`), the suffixes above, and single-label names (`qdrant`,
 * `selenium_chrome`: the services of a Docker or Kubernetes network) that are not a template's placeholder. Undefined for
 * a host on the internet, an unspecified address (`0.0.0.0`), an empty host or a template. `host` as urlAuthority reads
 * it (IPv6 in brackets or not); case and one trailing dot do not matter.
 */
export function internalHostKind(host: string): InternalHostKind | undefined {
  const h = normal(host);
  if (!h) return undefined;
  if (h.startsWith('[') || h.includes(':')) {
    const g = ipv6Of(h.replace(/^\[|\]$/g, ''));
    if (!g) return undefined;
    if (g.slice(0, 7).every((x) => x === 0)) return g[7] === 1 ? 'loopback' : undefined;
    if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return ipv4Kind(((g[6] << 16) | g[7]) >>> 0); // ::ffff:a.b.c.d
    if (g[0] === 0xfd00 && g[1] === 0xec2 && g.slice(2, 7).every((x) => x === 0) && g[7] === 0x254) return 'metadata'; // AWS
    if ((g[0] & 0xfe00) === 0xfc00) return 'private-address';
    if ((g[0] & 0xffc0) === 0xfe80) return 'link-local-address';
    return undefined;
  }
  const v4 = ipv4Of(h);
  if (v4 !== undefined) return Number.isNaN(v4) ? undefined : ipv4Kind(v4);
  if (h === 'localhost' || h.endsWith('.localhost')) return 'loopback';
  if (METADATA_NAMES.has(h)) return 'metadata';
  if (!h.includes('.')) return SINGLE_LABEL.test(h) && !PLACEHOLDER.test(h) ? 'service-name' : undefined; // not a template (`{{host}}`)
  return INTERNAL_SUFFIXES.some((s) => h.endsWith(s)) ? 'internal-name' : undefined;
}

/** True for a host on this machine or the organisation's own network (see {@link internalHostKind}). */
export function isInternalHost(host: string): boolean {
  return internalHostKind(host) !== undefined;
}

/** True for a URL whose host is on this machine or the organisation's own network, as urlAuthority reads its host. */
export function isInternalEndpoint(endpoint: string): boolean {
  return isInternalHost(urlAuthority(endpoint)?.host ?? '');
}

/** True for the address that means every interface when listened on and this machine when called: `0.0.0.0` (any notation), `[::]`. */
export function isUnspecifiedHost(host: string): boolean {
  const h = normal(host);
  if (h.startsWith('[') || h.includes(':')) return ipv6Of(h.replace(/^\[|\]$/g, ''))?.every((x) => x === 0) ?? false;
  return ipv4Of(h) === 0;
}
