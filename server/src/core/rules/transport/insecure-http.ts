import { isInbound } from '../../inventory/model.js';
import { internalHostKind, isUnspecifiedHost, type InternalHostKind } from '../../knowledge/internalHosts.js';
import { authorityAt } from '../../secrets/urlAuthority.js';
import type { Fix } from '../../model/index.js';
import { describeNode, FLOW_FORMATS } from '../flowRules.js';
import { inventoryOf } from '../inventoryRules.js';
import type { Rule, RuleContext } from '../types.js';

/**
 * The URL's own scheme: at the start of the value, after n8n's `=` expression marker and blanks. An `http://` further in
 * is part of the path or query (`https://r.jina.ai/http://…`, `?target=http://…`) and travels inside the outer URL.
 */
const OWN_SCHEME = /^[=\s]*(http:\/\/)([^/\s"'?#{}]+)/i;

/** `transport/insecure-http`: a plain `http://` endpoint to a host that is not this machine. */
export const insecureHttp: Rule = {
  id: 'transport/insecure-http',
  defaultSeverity: 'warning',
  appliesTo: [...FLOW_FORMATS, 'surface-inventory'],
  threats: ['I', 'T'],
  cwe: 'CWE-319',
  securitySeverity: 5.9,
  docs: {
    summary: 'A flow calls or exposes an endpoint over plain http:// to a host other than loopback.',
    rationale: 'Plain HTTP sends data and credentials readable and changeable by anyone on the network path: proxies, Wi-Fi, the cloud provider\'s network.',
    remediation: 'Use https:// (the service almost always supports it); for internal services without TLS, put them behind a TLS-terminating proxy.',
  },
  check(context) {
    for (const node of endpointsOf(context)) {
      if (!node.endpoint || !node.endpointPointer || node.disabled) continue;
      const m = OWN_SCHEME.exec(node.endpoint);
      if (!m) continue;
      // A trailing `@` before `{` starts a Power Automate / Logic Apps expression (`http://@{...}`, `http://host@{...}`);
      // any other `@` ends userinfo (`user:password@`), which is not the host and must not reach the message.
      const expression = node.endpoint[m.index + m[0].length] === '{';
      const authority = m[2].endsWith('@') && expression ? m[2].slice(0, -1) : m[2];
      // The host as the core's one authority parser reads it: a password may hold `?`, `#` or `/`, and must not be taken
      // for the host (the message names the host).
      const host = expression ? authority.slice(authority.lastIndexOf('@') + 1).replace(/:\d+$/, '') : authorityAt(node.endpoint, m.index + m[0].length - m[2].length).host;
      if (!host || host.includes('{{') || host.includes('$')) continue;
      // The host runs into an expression (`http://api@{…}`, `http://10.0.0.{{ n }}`): only its start is known.
      const partial = expression && !authority.includes(':');
      const kind = partial ? partialKind(host) : internalHostKind(host);
      // This machine (`localhost`, `127.1`, `[::ffff:127.0.0.1]`), and the cloud's metadata service, which answers on HTTP
      // only and is reached without crossing a network.
      if (kind === 'loopback' || kind === 'metadata') continue;
      // An inbound surface (an inventory's webhook) is called, not calling: its callers send over plain HTTP.
      const inbound = node.inbound ?? node.role === 'trigger-webhook';
      // Connecting to 0.0.0.0 reaches this machine; listening on it is every interface, so only calls out are local.
      if (!partial && isUnspecifiedHost(host) && !inbound) continue;
      const start = m.index + m[0].indexOf(m[1]);
      const pointer = node.endpointPointer;
      const who = describeNode({ ...node, endpoint: undefined });
      // A service on the organisation's own network (a container beside the platform, a private address) often serves
      // no TLS at all: the traffic is still readable there, but https:// alone may break the call.
      const internal = kind !== undefined;
      const where = internal ? `${host}, a host on your own network (${KIND_WORDS[kind]}),` : host;
      context.report({
        pointer,
        at: { start, end: start + m[1].length + authority.length },
        severity: internal ? 'info' : undefined,
        message: inbound
          ? internal
            ? `${who} is served at ${where} over plain HTTP: anyone on that network can read and change what its callers send, credentials included. Turn on TLS at the service, or put a TLS-terminating proxy in front of it, and publish its https:// address.`
            : `${who} is served at ${where} over plain HTTP: what its callers send, credentials included, crosses the network unencrypted. Serve it over https:// (a TLS-terminating proxy in front of it will do).`
          : internal
            ? `${who} talks to ${where} over plain HTTP: anyone on that network can read and change the data and credentials it carries. If the service runs beside the platform on one host, that may be acceptable; otherwise turn on TLS at the service, or put a TLS-terminating proxy in front of it, and use https://.`
            : `${who} talks to ${host} over plain HTTP: data and credentials cross the network unencrypted. Use https://.`,
        fixes: () => httpsFix(context.document, context.uri, pointer, start, !internal),
      });
    }
  },
};

/** What the message calls each kind of internal host. */
const KIND_WORDS: Record<Exclude<InternalHostKind, 'loopback' | 'metadata'>, string> = {
  'private-address': 'a private address',
  'shared-address': 'a shared address, as carrier-grade NAT and Tailscale use',
  'link-local-address': 'a link-local address',
  'service-name': 'a single-label name, as Docker and Kubernetes name services',
  'internal-name': 'a name that resolves only inside a network',
};

/**
 * The kind of a host an expression completes: known only for the start of a dotted IPv4 address (`10.`, `192.168.1.`),
 * read with the missing parts as 0; a name's last label may go on (`api` + `{{ suffix }}`), so a name is not judged.
 */
function partialKind(host: string): InternalHostKind | undefined {
  if (!/^(?:\d{1,3}\.){1,3}$/.test(host)) return undefined;
  const parts = host.slice(0, -1).split('.');
  return internalHostKind([...parts, '0', '0', '0'].slice(0, 4).join('.'));
}

/** Rewrites the scheme; preferred only for a host on the internet (an internal service may answer on HTTP only). */
function httpsFix(document: { locateInString(p: string, s: number, e: number): { start: number; end: number }; text: string }, uri: string, pointer: string, start: number, isPreferred: boolean): Fix[] {
  const range = document.locateInString(pointer, start, start + 'http://'.length);
  if (document.text.slice(range.start, range.end).toLowerCase() !== 'http://') return [];
  return [{ title: 'Use https://', isPreferred, edits: [{ uri, start: range.start, end: range.end, newText: 'https://' }] }];
}

/** What has an endpoint: a flow's nodes, or an inventory's surfaces (named by id, retired ones left out). */
function endpointsOf(context: RuleContext): readonly { name: string; method?: string; endpoint?: string; endpointPointer?: string; disabled?: boolean; role?: string; inbound?: boolean }[] {
  if (context.format !== 'surface-inventory') return context.flow?.nodes ?? [];
  return (inventoryOf(context)?.surfaces ?? []).map((s) => ({
    name: s.id ?? s.name ?? `surface ${s.index + 1}`,
    endpoint: s.endpoint,
    endpointPointer: s.endpoint !== undefined ? `${s.pointer}/endpoint` : undefined,
    disabled: s.lifecycle.status === 'retired',
    inbound: isInbound(s),
  }));
}
