// Which hosts are the organisation's own network, not the internet, as data: read by the privacy rule (no third party),
// transport/insecure-http (plain HTTP there is an info, not a warning) and the threat model's zones (internal, not SaaS).

/** Names that resolve only inside a network: mDNS, cloud-internal DNS, home and company networks (RFC 6762, 8375). */
const INTERNAL_SUFFIXES = ['.localhost', '.local', '.internal', '.lan', '.corp', '.intranet', '.home.arpa'];

/** A host name of one label, as Docker and Kubernetes name services (`selenium_chrome`, `qdrant`). */
const SINGLE_LABEL = /^[a-z0-9](?:[a-z0-9_-]{0,61}[a-z0-9])?$/;

/** IPv4 loopback, private (RFC 1918) and link-local ranges, by their first two octets. */
function isInternalIpv4(a: number, b: number): boolean {
  return a === 127 || a === 10 || (a === 192 && b === 168) || (a === 172 && b >= 16 && b <= 31) || (a === 169 && b === 254);
}

/**
 * True for a host on this machine or the organisation's own network: `localhost`, loopback, private and link-local IPv4
 * addresses, IPv6 loopback, unique-local (`fc00::/7`) and link-local (`fe80::/10`) addresses, the suffixes above, and
 * single-label names (`qdrant`, `selenium_chrome`: the services of a Docker or Kubernetes network). `host` is lower
 * case, as urlAuthority reads it (IPv6 in brackets or not).
 */
export function isInternalHost(host: string): boolean {
  if (!host) return false;
  if (host.startsWith('[') || host.includes(':')) {
    const v6 = host.replace(/^\[|\]$/g, '');
    return v6 === '::1' || /^f[cd][0-9a-f]{2}:/.test(v6) || /^fe[89ab][0-9a-f]:/.test(v6);
  }
  if (!host.includes('.')) return SINGLE_LABEL.test(host); // not a template (`{{host}}`) or an expression
  if (INTERNAL_SUFFIXES.some((s) => host.endsWith(s))) return true;
  const octets = host.split('.');
  if (octets.length !== 4 || !octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255)) return false;
  return isInternalIpv4(Number(octets[0]), Number(octets[1]));
}
