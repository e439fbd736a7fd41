import { chainRelated, fieldLabel, viaText } from '../../dataflow/chain.js';
import { addTo } from '../../dataflow/graph.js';
import { dataflowOf, type Reference, type Taint } from '../../dataflow/index.js';
import { CATEGORY_LABEL, SENSITIVE_TEXT, sensitiveCategoryOf, type SensitiveCategory } from '../../knowledge/sensitiveData.js';
import { isLocalModel, serviceKey, THIRD_PARTY_HOSTS, THIRD_PARTY_LABEL, THIRD_PARTY_SERVICES, type ThirdPartyCategory } from '../../knowledge/thirdParty.js';
import type { Flow, FlowNode } from '../../model/index.js';
import { describeNode, FLOW_FORMATS } from '../flowRules.js';
import type { Rule } from '../types.js';

const HOSTS = Object.entries(THIRD_PARTY_HOSTS);

/** HTTP nodes that can send anywhere: their host decides whether the data leaves. */
const GENERIC_HTTP = new Set(['http', 'graphql', 'webhooksbyzapier', 'httpwebhook', 'httprequest']);

/** `privacy/sensitive-data-to-third-party`: personal data sent unmasked to an AI, analytics, marketing or external HTTP service. */
export const sensitiveDataToThirdParty: Rule = {
  id: 'privacy/sensitive-data-to-third-party',
  defaultSeverity: 'warning',
  appliesTo: FLOW_FORMATS,
  threats: ['I'],
  cwe: 'CWE-359',
  securitySeverity: 6.5,
  docs: {
    summary: 'Personal data (e-mail, phone, address, national id, card or bank numbers, date of birth, health) is sent unmasked to an AI model, analytics or marketing service, or an external HTTP endpoint.',
    rationale: 'Each such call discloses personal data to another processor: it needs a legal basis and a data-processing agreement, it may leave the region, and AI providers may keep prompts. Chained across nodes, the disclosure is easy to miss in review.',
    remediation: 'Send only what the service needs: an id, a hash (n8n Crypto node, `hash()`), or a masked value; keep personal fields out of prompts. If the transfer is intended, record the service and its approval (vendor, contract) in the surface inventory and suppress the finding with a reason.',
  },
  check(context) {
    const flow = context.flow;
    if (!flow || !SENSITIVE_TEXT.test(context.document.text)) return;
    // A cheap look first: most flows send nothing to a third party, and then no data-flow model is built.
    const destinations = destinationsOf(flow);
    if (!destinations.size) return;
    const dataflow = dataflowOf(context);
    // A sensitive field is named by some reference in the flow (where it is read, or copied); without one, nothing to follow.
    const categories = new Map<string, ReturnType<typeof sensitiveCategoryOf>>();
    const categoryOf = (field: string) => {
      if (!categories.has(field)) categories.set(field, sensitiveCategoryOf(field));
      return categories.get(field);
    };
    const targets = [...destinations.keys()];
    if (!dataflow || !dataflow.cone(targets).some((f) => f.leaves.some((l) => l.refs.some((r) => categoryOf(r.field))))) return;
    const analysis = dataflow.everySource(targets);
    const byId = dataflow.model.graph.byId;
    for (const [id, target] of destinations) {
      const f = dataflow.model.flowOf(id);
      // A model sub-node has nothing to send: the agent or chain using it is the sender.
      if (!f || (!f.leaves.length && !f.implicitRefs?.length)) continue;
      const hits: { taint: Taint; ref: Reference; pointer: string; category: SensitiveCategory; name: string }[] = [];
      for (const leaf of f.leaves) {
        for (const ref of leaf.refs) {
          if (ref.masked) continue;
          for (const taint of analysis.resolve(f.node.id, ref, leaf.pointer)) {
            // Data sent back to the service it came from (or re-sent by the node that fetched it) discloses nothing new.
            if (taint.masked || taint.source === f.node.id || sameService(byId.get(taint.source), f.node, target)) continue;
            // The source's field decides, since a Set node may call anything "email" (a drafted e-mail text is no e-mail
            // address). When a value was computed from several fields on the way (code), the name sent must say so too.
            const atSource = categoryOf(taint.field);
            const atSink = categoryOf(ref.field);
            const found = taint.field === '' ? atSink : taint.derived ? atSource && atSink : atSource;
            if (found) hits.push({ taint, ref, pointer: leaf.pointer, ...found });
          }
        }
      }
      if (!hits.length) continue;
      const first = hits.reduce((best, h) => (h.taint.hops.length < best.taint.hops.length ? h : best));
      const source = byId.get(first.taint.source);
      const names = [...new Set(hits.map((h) => h.name))];
      const categories = [...new Set(hits.map((h) => CATEGORY_LABEL[h.category]))];
      const via = viaText(byId, first.taint, f.node.id);
      const fromField = first.taint.field && first.taint.field !== first.ref.field && first.taint.field !== first.name ? ` (${fieldLabel(first.taint.field)})` : '';
      const service = target.service ? ` (${target.service})` : '';
      const at = first.ref.end > first.ref.start ? { start: first.ref.start, end: first.ref.end } : undefined;
      context.report({
        pointer: first.pointer,
        at,
        // A generic HTTP call is often the organisation's own system of record: worth a look, not a warning.
        severity: target.category === 'http' ? 'info' : undefined,
        message: `Personal data goes to ${THIRD_PARTY_LABEL[target.category]}${service} unmasked: "${f.node.name}" sends ${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''} (${categories.join(', ')}) from ${source ? describeNode(source) : 'the flow'}${fromField}${via ? `, via ${via}` : ''}. Send an id or a hash instead, or record the approved transfer in the surface inventory and suppress this finding with a reason.`,
        related: chainRelated(flow.platform, byId, first.taint, { node: f.node.id, pointer: first.pointer, at, message: `"${f.node.name}" sends it to ${THIRD_PARTY_LABEL[target.category]}${service} here` }),
      });
    }
  },
};

/** The nodes that send to a third party, with where to: AI models (not local ones), analytics, marketing, external HTTP. */
function destinationsOf(flow: Flow): Map<string, { category: ThirdPartyCategory; service?: string }> {
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  const models = new Map<string, FlowNode[]>();
  for (const e of flow.edges) {
    const model = e.kind === 'ai_languageModel' ? byId.get(e.from) : undefined;
    if (model) addTo(models, e.to, model);
  }
  const out = new Map<string, { category: ThirdPartyCategory; service?: string }>();
  for (const node of flow.nodes) {
    if (node.disabled) continue;
    const target = destinationOf(node, models.get(node.id) ?? []);
    if (target) out.set(node.id, target);
  }
  return out;
}

/** Where a node sends its data, when that is a third party; undefined for internal services and local models. */
function destinationOf(node: FlowNode, models: readonly FlowNode[]): { category: ThirdPartyCategory; service?: string } | undefined {
  const key = serviceKey(node.service);
  if (node.role === 'ai' || models.length) {
    if (isLocalModel(`${node.type} ${node.service ?? ''}`) || (models.length && models.every((m) => isLocalModel(`${m.type} ${m.service ?? ''}`)))) return undefined;
    return { category: 'ai', service: models[0]?.service ?? node.service };
  }
  const listed = THIRD_PARTY_SERVICES[key];
  if (listed) return { category: listed, service: node.service };
  if (node.role !== 'http-request' || !GENERIC_HTTP.has(key)) return undefined;
  const host = hostOf(node.endpoint);
  if (host === undefined || isInternalHost(host)) return undefined;
  const known = HOSTS.find(([suffix]) => host === suffix || host.endsWith(`.${suffix}`));
  return known ? { category: known[1], service: host } : { category: 'http', service: host };
}

/** True when the source is the same service as the destination (HubSpot to HubSpot, one host to itself). */
function sameService(source: FlowNode | undefined, sink: FlowNode, target: { category: ThirdPartyCategory; service?: string }): boolean {
  if (!source) return false;
  if (target.category === 'http' || source.role === 'http-request') return hostOf(source.endpoint) !== undefined && hostOf(source.endpoint) === hostOf(sink.endpoint);
  return !!source.service && serviceKey(source.service) === serviceKey(sink.service);
}

/** The literal host of a URL (`https://api.example.com/x` → `api.example.com`); undefined when an expression supplies it. */
function hostOf(endpoint: string | undefined): string | undefined {
  if (!endpoint) return undefined;
  const text = endpoint.charCodeAt(0) === 61 ? endpoint.slice(1) : endpoint;
  const scheme = text.indexOf('://');
  if (scheme <= 0 || scheme > 10) return undefined;
  let end = scheme + 3;
  while (end < text.length && !'/?#:{@'.includes(text[end])) end++;
  if (text[end] === '{' || text[end] === '@') return undefined;
  const host = text.slice(scheme + 3, end).toLowerCase();
  return host || undefined;
}

/** Loopback, private ranges, single-label names (container networks) and `.local`/`.internal` names. */
function isInternalHost(host: string): boolean {
  if (!host.includes('.') || host === 'localhost' || host.endsWith('.local') || host.endsWith('.internal') || host.endsWith('.localhost')) return true;
  const octets = host.split('.').map(Number);
  if (octets.length === 4 && octets.every((o) => Number.isInteger(o) && o >= 0 && o <= 255)) {
    const [a, b] = octets;
    return a === 127 || a === 10 || (a === 192 && b === 168) || (a === 172 && b >= 16 && b <= 31) || (a === 169 && b === 254);
  }
  return false;
}
