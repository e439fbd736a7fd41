import { chainRelated, fieldLabel, nodeAnchor, viaText } from '../../dataflow/chain.js';
import { addTo } from '../../dataflow/graph.js';
import { declaredFieldsOf } from '../../dataflow/declaredFields.js';
import { dataflowOf, mayReferenceMatching, releaseDataflow, sharedDataflow, type Dataflow, type Reference, type Taint, type TaintAnalysis } from '../../dataflow/index.js';
import { isFieldPrefix, joinField } from '../../dataflow/expressions.js';
import { CLASSIFICATIONS, type Classification } from '../../inventory/model.js';
import { isInternalHost } from '../../knowledge/internalHosts.js';
import { CATEGORY_LABEL, holdsFewCharacters, MESSAGE_SOURCE_MARKERS, mayNameSensitiveField, messagePartyOf, sensitiveCategoryOf, type SensitiveCategory } from '../../knowledge/sensitiveData.js';
import { isLocalModel, SELF_HOSTED_SERVICES, serviceKey, THIRD_PARTY_HOSTS, THIRD_PARTY_LABEL, THIRD_PARTY_SERVICES, type ThirdPartyCategory } from '../../knowledge/thirdParty.js';
import type { Flow, FlowNode } from '../../model/index.js';
import type { FolderLinks, LinkedEntry } from '../../workspace/link.js';
import type { WorkspaceFile, WorkspaceRelated, WorkspaceRuleContext } from '../../workspace/types.js';
import { describeNode } from '../flowRules.js';
import { literalHost } from '../flowShape.js';
import { computedAtSinkAll } from './computedAtSink.js';
import { embedsSource } from './embedded.js';
import { spreadIn } from './operands.js';
import type { Rule } from '../types.js';

/** The known hosts with their place in the list: where several suffixes of a host are known, the first listed wins. */
const HOSTS = new Map(Object.entries(THIRD_PARTY_HOSTS).map(([host, category], index) => [host, { category, index }]));

/** HTTP nodes that can send anywhere: their host decides whether the data leaves. */
const GENERIC_HTTP = new Set(['http', 'graphql', 'webhooksbyzapier', 'httpwebhook', 'httprequest']);

/**
 * `privacy/sensitive-data-to-third-party`: personal data sent unmasked to an AI, analytics, marketing or external HTTP
 * service that the surface inventory does not approve for it. A cross-file rule: the inventory says which sources carry
 * personal or confidential data (beyond the field names the rule recognises) and which transfers were approved.
 */
export const sensitiveDataToThirdParty: Rule = {
  id: 'privacy/sensitive-data-to-third-party',
  defaultSeverity: 'warning',
  appliesTo: 'workspace',
  reportsOn: 'flow',
  threats: ['I'],
  cwe: 'CWE-359',
  securitySeverity: 6.5,
  docs: {
    summary: 'Personal data (e-mail, phone, address, national id, card or bank numbers, date of birth, health), or data the surface inventory classifies as personal or confidential, is sent unmasked to an AI model, analytics or marketing service, or an external HTTP endpoint that the inventory does not approve for it.',
    rationale: 'Each such call discloses personal data to another processor: it needs a legal basis and a data-processing agreement, it may leave the region, and AI providers may keep prompts. Chained across nodes, the disclosure is easy to miss in review.',
    remediation: 'Send only what the service needs: an id, a hash (n8n Crypto node, `hash()`), or a masked value; keep personal fields out of prompts. If the transfer is intended, record it in the surface inventory: the entry for that node with `vendor.approved: true` and the data it receives in `data` (`personal`, `health`, ...).',
  },
  checkWorkspace(context) {
    const { file, folder } = context;
    const flow = file.flow;
    if (!flow || !flow.nodes.length || !file.document) return;
    const classified = classifiedSources(folder, file);
    const { found: transfers, incomplete } = transfersOf(flow, file.document.text, classified.size > 0);
    if (incomplete) reportGaveUp(context, flow, incomplete);
    if (!transfers.length) return;
    const documenting = entriesByNode(folder, file);
    for (const transfer of transfers) {
      const hits = transfer.hits.filter((h) => h.category !== undefined || classified.has(h.taint.source));
      if (!hits.length) continue;
      const entries = documenting.get(transfer.node.id) ?? [];
      if (entries.some((e) => approves(e, hits, classified))) continue;
      reportTransfer(context, file, flow, transfer, hits, entries, classified);
    }
  },
};

/** Data categories of the inventory (`data:`) that name personal or regulated data. */
const PERSONAL_DATA = new Set(['personal', 'sensitive-personal', 'contact', 'financial', 'payment-card', 'health']);

/** The inventory data categories that cover each recognised kind of field: an approved entry must list one. */
const COVERED_BY: Readonly<Record<SensitiveCategory, readonly string[]>> = {
  contact: ['personal', 'contact', 'sensitive-personal'],
  address: ['personal', 'contact', 'sensitive-personal'],
  'national-id': ['personal', 'sensitive-personal'],
  'birth-date': ['personal', 'sensitive-personal'],
  'payment-card': ['payment-card'],
  'bank-account': ['financial'],
  health: ['health', 'sensitive-personal'],
};

/** What the inventory says about a source node that holds personal or confidential data. */
interface ClassifiedSource {
  readonly entry: LinkedEntry;
  /** `confidential`/`restricted`, or undefined when only its `data` categories say so. */
  readonly classification?: Classification;
  /** Its personal data categories. */
  readonly data: readonly string[];
}

/** What a flow sends to third parties, and why following its data stopped early, if it did. */
interface Transfers {
  readonly found: Transfer[];
  readonly incomplete?: GaveUp;
}

/** Why the data-flow review stopped before the end of a flow, and how many of its nodes send to a third party (the first of them). */
interface GaveUp {
  readonly reason: string;
  readonly senders: number;
  readonly first: FlowNode;
}

/** One node sending to a third party, with every value from a source that gets there unmasked. */
interface Transfer {
  readonly node: FlowNode;
  readonly target: Destination;
  readonly hits: readonly Hit[];
}

interface Hit {
  readonly taint: Taint;
  readonly ref: Reference;
  readonly pointer: string;
  /** The recognised kind of field, when its name says; undefined for other fields (which count from classified sources). */
  readonly category?: SensitiveCategory;
  readonly name?: string;
  /** The field is one its source declares (a form's field) and the step sends the source's whole item. */
  readonly declared?: boolean;
}

/** The inventory entries documenting each node of the flow. */
function entriesByNode(folder: FolderLinks, file: WorkspaceFile): Map<string, readonly LinkedEntry[]> {
  const out = new Map<string, readonly LinkedEntry[]>();
  for (const { linked, entries } of folder.flowLinks(file).surfaces) if (entries.length) out.set(linked.node.id, entries);
  return out;
}

/** Source nodes whose inventory entry classifies their data as confidential or restricted, or lists personal data. */
function classifiedSources(folder: FolderLinks, file: WorkspaceFile): Map<string, ClassifiedSource> {
  const out = new Map<string, ClassifiedSource>();
  for (const { linked, entries } of folder.flowLinks(file).surfaces) {
    for (const entry of entries) {
      const { classification, data } = entry.entry;
      const sensitive = classification === 'confidential' || classification === 'restricted' ? classification : undefined;
      const personal = data.filter((d) => PERSONAL_DATA.has(d));
      if (sensitive || personal.length) {
        out.set(linked.node.id, { entry, classification: sensitive, data: personal });
        break;
      }
    }
  }
  return out;
}

/**
 * True when the entry approves the transfer: its vendor passed review (`vendor.approved: true`) and it declares the data
 * it receives — a `data` category covering each recognised field, and for data from a classified source, that source's
 * data categories or a classification at least as high.
 */
function approves(linked: LinkedEntry, hits: readonly Hit[], classified: ReadonlyMap<string, ClassifiedSource>): boolean {
  const { entry } = linked;
  if (entry.vendor?.approved !== true) return false;
  const rank = (c: Classification | undefined) => (c === undefined ? -1 : CLASSIFICATIONS.indexOf(c));
  return hits.every((h) => {
    if (h.category !== undefined && COVERED_BY[h.category].some((d) => entry.data.includes(d))) return true;
    const source = classified.get(h.taint.source);
    if (!source) return false;
    return (source.classification !== undefined && rank(entry.classification) >= rank(source.classification)) || source.data.some((d) => entry.data.includes(d));
  });
}

function reportTransfer(
  context: WorkspaceRuleContext,
  file: WorkspaceFile,
  flow: Flow,
  transfer: Transfer,
  hits: readonly Hit[],
  entries: readonly LinkedEntry[],
  classified: ReadonlyMap<string, ClassifiedSource>,
): void {
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  const { node, target } = transfer;
  const first = hits.reduce((best, h) => (h.taint.hops.length < best.taint.hops.length ? h : best));
  const source = byId.get(first.taint.source);
  const fromInventory = first.category === undefined ? classified.get(first.taint.source) : undefined;
  const names = [...new Set(hits.map((h) => h.name ?? fieldLabel(h.taint.field)))];
  const kinds = [...new Set(hits.map((h) => (h.category !== undefined ? CATEGORY_LABEL[h.category] : `data the inventory classifies as ${classified.get(h.taint.source)?.classification ?? 'personal'}`)))];
  const via = viaText(byId, first.taint, node.id);
  const fromField = first.declared
    ? ` (its whole item, with the fields its settings declare)`
    : first.name !== undefined && first.taint.field && first.taint.field !== first.ref.field && first.taint.field !== first.name
      ? ` (${fieldLabel(first.taint.field)})`
      : '';
  const service = target.service ? ` (${target.service}${target.selfHosted ? ', which organisations often run themselves' : ''})` : '';
  const at = first.ref.end > first.ref.start ? { start: first.ref.start, end: first.ref.end } : undefined;
  const documented = entries.length
    ? ` The inventory entry \`${entries[0].entry.id}\` documents this transfer but does not approve it for this data: once the vendor review passed, set \`vendor.approved: true\` and list what it receives in \`data\`.`
    : target.category === 'marketing'
      ? ' A marketing service needs the address to reach the person: check they consented, then record the transfer in the surface inventory (`vendor.approved: true`, the data it receives in `data`).'
      : ' If the service does not need the value itself, send an id or a hash instead; if it does (a lookup, a delivery), record the transfer in the surface inventory (`vendor.approved: true`, the data it receives in `data`).';
  const related: WorkspaceRelated[] = chainRelated(flow.platform, byId, first.taint, { node: node.id, pointer: first.pointer, at, message: `"${node.name}" sends it to ${THIRD_PARTY_LABEL[target.category]}${service} here` })
    .map((r) => ({ file, pointer: r.pointer, at: r.at === undefined || r.at === 'value' || r.at === 'key' ? r.at : 'start' in r.at ? r.at : undefined, message: r.message }));
  if (fromInventory) related.push({ file: fromInventory.entry.inventory, pointer: fromInventory.entry.entry.pointer, at: 'key', message: `The inventory entry \`${fromInventory.entry.entry.id}\` classifies what "${source?.name ?? ''}" brings in as ${fromInventory.classification ?? fromInventory.data.join(', ')}` });
  if (entries.length) related.push({ file: entries[0].inventory, pointer: entries[0].entry.pointer, at: 'key', message: `The inventory entry \`${entries[0].entry.id}\` for "${node.name}"` });
  context.report({
    pointer: first.pointer,
    at,
    key: `node:${node.id}`,
    // A generic HTTP call is often the organisation's own system of record, and Mautic or Matomo its own server: worth a
    // look, not a warning.
    severity: target.category === 'http' || target.selfHosted ? 'info' : undefined,
    message: `Personal data goes to ${THIRD_PARTY_LABEL[target.category]}${service} unmasked: "${node.name}" sends ${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''} (${kinds.join(', ')}) from ${source ? describeNode(source) : 'the flow'}${fromField}${via ? `, via ${via}` : ''}.${documented}`,
    related,
  });
}

/**
 * The note for a flow whose data the review stopped following (the step budget ran out, the flow is too big): what it
 * found stands, but a transfer past that point may be missing. On the first node that sends to a third party.
 */
function reportGaveUp(context: WorkspaceRuleContext, flow: Flow, gaveUp: GaveUp): void {
  const anchor = nodeAnchor(gaveUp.first, flow.platform);
  const others = gaveUp.senders > 1 ? ` and the ${gaveUp.senders - 1} other step${gaveUp.senders > 2 ? 's' : ''} that send to AI, analytics, marketing or external HTTP services` : '';
  context.report({
    pointer: anchor.pointer,
    at: anchor.at === 'key' ? 'key' : undefined,
    key: 'gave-up',
    severity: 'info',
    message: `The data-flow review gave up on this flow (${gaveUp.reason}): personal data sent to a third party past that point was not followed. Check by hand what "${gaveUp.first.name}"${others} ${gaveUp.senders > 1 ? 'send' : 'sends'}.`,
  });
}

/** Per flow (a parse), the transfers found: with recognised fields only, and with every field (for classified sources). */
const transferCache = new WeakMap<Flow, { recognised?: Transfers; everyField?: Transfers }>();

/**
 * The nodes of `flow` that send data from a source to a third party unmasked, with what they send. Without
 * `everyField`, only recognised personal fields (the common case, and cheap: most flows stop at the first look).
 */
function transfersOf(flow: Flow, text: string, everyField: boolean): Transfers {
  let cached = transferCache.get(flow);
  if (!cached) transferCache.set(flow, (cached = {}));
  try {
    if (everyField) return (cached.everyField ??= findTransfers(flow, text, true));
    const every = cached.everyField;
    return (cached.recognised ??= every ? { ...every, found: every.found.map((t) => ({ ...t, hits: t.hits.filter((h) => h.category !== undefined) })).filter((t) => t.hits.length) } : findTransfers(flow, text, false));
  } finally {
    // The transfers are kept; the model they came from (and the injection rule's, shared) is not needed any more.
    releaseDataflow(flow);
  }
}

/** At most this many values are kept per sending node. */
const MAX_HITS = 64;

function findTransfers(flow: Flow, text: string, everyField: boolean): Transfers {
  // Cheap looks first, cheapest first: most flows send nothing to a third party (a look at each node), and most that do
  // name no personal field anywhere (one pass over the text); only then is a data-flow model built.
  const destinations = destinationsOf(flow);
  if (!destinations.size) return NONE;
  // Mail and SMS sources name their sender `from` (or `From`), a word no text look can single out: such flows skip them.
  const messages = new Set(flow.nodes.filter(isMessageSource).map((n) => n.id));
  // The file's text as written: a JSON escape (`em\u0061il`, `Stra\u00dfe`) hides a name from it, so such files skip this look.
  if (!everyField && !messages.size && !text.includes('\\u') && !mayNameSensitiveField(text)) return NONE;
  // The text names one (most do: node types such as Gmail, sticky notes, pinned data), but the field must be named where
  // references are read: in expressions and code.
  // Sources that declare personal fields (a form's e-mail field) send them with their whole item, which no reference names.
  const declaring = new Map<string, readonly DeclaredSensitive[]>();
  for (const node of flow.nodes) {
    const fields = declaredSensitiveFields(node, flow.platform);
    if (fields.length) declaring.set(node.id, fields);
  }
  if (!everyField && !messages.size && !declaring.size && !sharedDataflow(flow) && !mayReferenceMatching(flow, mayNameSensitiveField)) return NONE;
  const dataflow: Dataflow = dataflowOf(flow)!; // the flow has nodes: it has destinations
  const gaveUp = (reason: string | undefined): GaveUp | undefined => {
    const first = reason === undefined ? undefined : flow.nodes.find((n) => destinations.has(n.id));
    return first && { reason: reason!, senders: destinations.size, first };
  };
  // A sensitive field is named by some reference in the flow (where it is read, or copied); without one, nothing to follow.
  const categories = new Map<string, ReturnType<typeof sensitiveCategoryOf>>();
  const categoryOf = (field: string) => {
    if (!categories.has(field)) categories.set(field, sensitiveCategoryOf(field));
    return categories.get(field);
  };
  // At the source, a mail's or SMS's sender and recipients are contact details too.
  const parties = new Map<string, ReturnType<typeof messagePartyOf>>();
  const sourceCategoryOf = (source: string, field: string) => {
    const named = categoryOf(field);
    if (named || !messages.has(source)) return named;
    if (!parties.has(field)) parties.set(field, messagePartyOf(field));
    return parties.get(field);
  };
  const targets = [...destinations.keys()];
  const named = (r: Reference) => categoryOf(r.field) || (messages.size > 0 && messagePartyOf(r.field));
  // Node-RED code names the field it takes only in what it writes (`const { email } = msg.payload`: its reference is `payload`).
  if (!everyField && !dataflow.cone(targets).some((f) => declaring.has(f.node.id) || f.leaves.some((l) => l.refs.some(named)) || f.writes.some((w) => w.refs.some(named)))) {
    return { found: [], incomplete: gaveUp(dataflow.incomplete) };
  }
  const analysis = dataflow.everySource(targets);
  const byId = dataflow.model.graph.byId;
  const out: Transfer[] = [];
  for (const [id, target] of destinations) {
    const f = dataflow.model.flowOf(id);
    // A model sub-node has nothing to send: the agent or chain using it is the sender.
    if (!f || (!f.leaves.length && !f.implicitRefs?.length)) continue;
    const hits: Hit[] = [];
    for (const leaf of f.leaves) {
      // A test of the value (`includes('@')`, `length(…)`) sends none of it; nor do its last few characters, unless it
      // is health data (a diagnosis code's first three characters, `F32`, are the condition), a value no longer than
      // that (a card security code), or one of several cuts of the same field (a card number in groups of four).
      const computedAt = leaf.refs.length ? computedAtSinkAll(leaf.value, leaf.refs, flow.platform) : undefined;
      for (const ref of leaf.refs) {
        const computed = computedAt?.get(ref);
        if (ref.masked || computed === 'test') continue;
        // The keys the expression writes after spreading the value (`{ ...$json, email: … }`) replace what it held there.
        const replaced = flow.platform === 'n8n' ? spreadIn(leaf.value, ref)?.after : undefined;
        for (const { taint, rel } of analysis.resolveAt(f.node.id, ref, leaf.pointer)) {
          if (rel && replaced?.has(rel.split('.')[0])) continue;
          // Data sent back to the service it came from (or re-sent by the node that fetched it) discloses nothing new.
          if (taint.masked || taint.source === f.node.id || sameService(byId.get(taint.source), f.node, target)) continue;
          // The source's field decides, since a Set node may call anything "email" (a drafted e-mail text is no e-mail
          // address). A value built from it on the way still discloses it when it holds its text as written (a prompt
          // or message filled in by a Set, Compose or template step, or by code); one computed from it (a count, a
          // score, what an AI model answered) does only when the name sent says so too.
          const atSource = sourceCategoryOf(taint.source, taint.field);
          const atSink = categoryOf(ref.field);
          // All of a source's data taken in (code reading a whole mail): the name sent says what part it is.
          const found = taint.field === '' ? atSink ?? sourceCategoryOf(taint.source, ref.field) : !taint.derived ? atSource : atSource && (atSink ?? (embedsSource(dataflow, analysis, taint, ref, replaced) ? atSource : undefined));
          if (computed === 'cut' && found?.category !== 'health' && !(found && holdsFewCharacters(found.name))) continue;
          if (found) hits.push({ taint, ref, pointer: leaf.pointer, category: found.category, name: found.name });
          else if (declaring.has(taint.source) && !atSink && (!taint.derived || embedsSource(dataflow, analysis, taint, ref, replaced))) {
            // The source's whole item (or the part holding its declared fields) is sent: each personal field it declares,
            // as it still sits there at the sender (a step on the way may have replaced or masked it: asked of the engine).
            // Where the value was read from the source's item: here, or where a step on the way built it into text.
            const readers = taint.derived ? builtFrom(dataflow, analysis, taint, flow.platform === 'n8n') : [{ node: f.node.id, pointer: leaf.pointer, ref, rel, replaced }];
            let any = false;
            for (const d of declaring.get(taint.source)!) {
              if (!isFieldPrefix(taint.field, d.path) || (computed === 'cut' && d.category !== 'health')) continue;
              const whole = d.path !== taint.field;
              const rest = d.path.slice(taint.field ? taint.field.length + 1 : 0);
              // Where the source's value sits under the field read (`data` when a step put the item there), then the
              // declared field's place in it; a key the expression writes after spreading the value replaces that place.
              const at = !whole
                ? taint
                : readers
                    .map((r) => {
                      const place = joinField(r.rel, rest);
                      if (r.replaced?.has(place.split('.')[0])) return undefined;
                      const held = analysis.resolve(r.node, { ...r.ref, field: joinField(r.ref.field, place) }, r.pointer).find((t) => t.source === taint.source && t.field === d.path && !t.masked);
                      // Built into text, it goes on by the text's chain.
                      return held && taint.derived ? { ...taint, field: d.path } : held;
                    })
                    .find((t) => t !== undefined);
              if (!at) continue;
              hits.push({ taint: { ...at, derived: taint.derived }, ref, pointer: leaf.pointer, category: d.category, name: d.label, ...(whole ? { declared: true } : {}) });
              any = true;
            }
            if (!any && everyField) hits.push({ taint, ref, pointer: leaf.pointer });
          } else if (everyField) hits.push({ taint, ref, pointer: leaf.pointer });
          if (hits.length >= MAX_HITS) break;
        }
      }
    }
    if (hits.length) out.push({ node: f.node, target, hits });
  }
  return { found: out, incomplete: gaveUp(dataflow.incomplete ?? analysis.incomplete) };
}

const NONE: Transfers = { found: [] };

/**
 * A reference by which a step reads a source's value: the step, its parameter, where the value sits under the field
 * read, and the keys the step's expression writes after spreading the value (see {@link spreadIn}).
 */
interface Reader {
  readonly node: string;
  readonly pointer: string;
  readonly ref: Reference;
  readonly rel: string;
  readonly replaced: ReadonlySet<string> | undefined;
}

/**
 * Where the value `taint` was built from its source's value (`taint.derived`): the references of the first step on its
 * chain that read the value into something it computes (`{ "data": {{ JSON.stringify($json) }} }` in a Set), which say
 * what the value held there; `spreads` reads the keys an expression writes after spreading it (n8n). Empty when no step says.
 */
function builtFrom(dataflow: Dataflow, analysis: TaintAnalysis, taint: Taint, spreads: boolean): Reader[] {
  const same = (t: Taint) => t.source === taint.source && t.field === taint.field && !t.derived;
  for (const { node, pointer } of taint.hops.slice(0, -1)) {
    const f = dataflow.model.flowOf(node);
    if (!f) return [];
    const text = f.leaves.find((l) => l.pointer === pointer)?.value ?? '';
    const writes = [...f.writes, ...(f.ports ?? []).flatMap((p) => p.writes)].filter((w) => w.pointer === pointer);
    const out: Reader[] = [];
    for (const ref of new Set(writes.flatMap((w) => w.refs))) {
      if (ref.whole) continue;
      const replaced = spreads ? spreadIn(text, ref)?.after : undefined;
      for (const { taint: t, rel } of analysis.resolveAt(node, ref, pointer)) if (same(t)) out.push({ node, pointer, ref, rel, replaced });
    }
    if (out.length) return out;
  }
  return [];
}

/** A personal field a source declares in its settings (see dataflow/declaredFields.ts), with what kind it is. */
interface DeclaredSensitive {
  readonly path: string;
  readonly label: string;
  readonly category: SensitiveCategory;
}

/** The personal fields `node` declares: by label, other name or key, or an e-mail input type (a form's `email` field). */
function declaredSensitiveFields(node: FlowNode, platform: Flow['platform']): readonly DeclaredSensitive[] {
  const out: DeclaredSensitive[] = [];
  for (const d of declaredFieldsOf(node, platform)) {
    const key = d.path.slice(d.path.lastIndexOf('.') + 1);
    const category = sensitiveCategoryOf(d.label)?.category ?? (d.alias !== undefined ? sensitiveCategoryOf(d.alias)?.category : undefined) ?? sensitiveCategoryOf(key)?.category ?? (d.type === 'email' ? 'contact' : undefined);
    if (category) out.push({ path: d.path, label: d.label, category });
  }
  return out;
}

/** Where a node sends data: the kind of third party, the service, and whether organisations usually run it themselves. */
interface Destination {
  readonly category: ThirdPartyCategory;
  readonly service?: string;
  readonly selfHosted?: boolean;
}

/** The nodes that send to a third party, with where to: AI models (not local ones), analytics, marketing, external HTTP. */
function destinationsOf(flow: Flow): Map<string, Destination> {
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  const models = new Map<string, FlowNode[]>();
  for (const e of flow.edges) {
    const model = e.kind === 'ai_languageModel' ? byId.get(e.from) : undefined;
    if (model) addTo(models, e.to, model);
  }
  const out = new Map<string, Destination>();
  for (const node of flow.nodes) {
    if (node.disabled) continue;
    const target = destinationOf(node, models.get(node.id) ?? []);
    if (target) out.set(node.id, target);
  }
  return out;
}

/** Where a node sends its data, when that is a third party; undefined for internal services and local models. */
function destinationOf(node: FlowNode, models: readonly FlowNode[]): Destination | undefined {
  const key = serviceKey(node.service);
  if (node.role === 'ai' || models.length) {
    if (isLocalModel(`${node.type} ${node.service ?? ''}`) || (models.length && models.every((m) => isLocalModel(`${m.type} ${m.service ?? ''}`)))) return undefined;
    return { category: 'ai', service: models[0]?.service ?? node.service };
  }
  const listed = THIRD_PARTY_SERVICES[key];
  if (listed) return { category: listed, service: node.service, ...(SELF_HOSTED_SERVICES.has(key) ? { selfHosted: true } : {}) };
  if (node.role !== 'http-request' || !GENERIC_HTTP.has(key)) return undefined;
  const host = literalHost(node.endpoint);
  if (host === undefined || isInternalHost(host)) return undefined;
  const known = knownHost(host);
  return known ? { category: known, service: host } : { category: 'http', service: host };
}

/** The category of the known host that `host` is or lies under (`eu.api.example.com` under `api.example.com`). */
function knownHost(host: string): ThirdPartyCategory | undefined {
  let best: { category: ThirdPartyCategory; index: number } | undefined;
  for (let at = 0; ; ) {
    const hit = HOSTS.get(at ? host.slice(at) : host);
    if (hit && (!best || hit.index < best.index)) best = hit;
    const dot = host.indexOf('.', at);
    if (dot === -1) return best?.category;
    at = dot + 1;
  }
}

/** True when the source is the same service as the destination (HubSpot to HubSpot, one host to itself). */
function sameService(source: FlowNode | undefined, sink: FlowNode, target: Destination): boolean {
  if (!source) return false;
  const sameConnector = !!source.service && serviceKey(source.service) === serviceKey(sink.service);
  // Two nodes of one connector (Mautic to Mautic) talk to the same service, whatever category it counts as.
  if (sameConnector && source.role !== 'http-request' && sink.role !== 'http-request') return true;
  // An HTTP call to a connector's own API with that connector's credential (lemlist's trigger, then a call to
  // api.lemlist.com with the `lemlistApi` credential) goes back to where the data came from.
  if (target.category === 'http' && sink.role === 'http-request' && sharesVendorCredential(source, sink)) return true;
  if (target.category === 'http' || source.role === 'http-request') return literalHost(source.endpoint) !== undefined && literalHost(source.endpoint) === literalHost(sink.endpoint);
  return sameConnector;
}

/** Credential types any host may take (n8n's generic HTTP auth), which say nothing about the service. */
const GENERIC_CREDENTIALS = new Set(['httpheaderauth', 'httpqueryauth', 'httpbasicauth', 'httpdigestauth', 'httpcustomauth', 'httpbearerauth', 'httpsslauth', 'oauth1api', 'oauth2api']);

/**
 * True when an n8n HTTP node calls the source connector's own API with that connector's credential: the credential
 * type it selects (`nodeCredentialType`, not one left over in the export) is not a generic one and is one the source
 * holds or one named after the source's service (`lemlistApi` for lemlist: templates are exported without credentials;
 * not `calendlyApi` for Cal.com's "Cal", which names Calendly), and its host names the source's service (`api.lemlist.com`).
 */
function sharesVendorCredential(source: FlowNode, sink: FlowNode): boolean {
  const params = (sink.parameters ?? {}) as Record<string, unknown>;
  const selected = params.authentication === 'predefinedCredentialType' && typeof params.nodeCredentialType === 'string' ? params.nodeCredentialType.toLowerCase() : undefined;
  const service = serviceKey(source.service);
  if (!selected || GENERIC_CREDENTIALS.has(selected) || service.length < 3) return false;
  const held = source.credentialRefs.some((c) => c.type.toLowerCase() === selected);
  if (!held && !serviceKey(selected).startsWith(service)) return false;
  const host = literalHost(sink.endpoint);
  if (host === undefined || !serviceKey(host).includes(service)) return false;
  // A type named after a longer service whose name starts with the source's, on that service's host (Cal.com's "Cal",
  // then calendlyApi to api.calendly.com), is that other service's.
  const label = held ? undefined : host.split('.').map(serviceKey).find((l) => l.includes(service));
  return !label || label === service || !serviceKey(selected).startsWith(label);
}

/**
 * True when the node brings in mail or SMS messages (an IMAP, Gmail or Outlook trigger or read, a mail hook, Twilio),
 * whose `from`, `to`, `cc` and `replyTo` fields are their sender's and recipients' addresses or phone numbers.
 */
function isMessageSource(node: FlowNode): boolean {
  if (node.disabled || (node.role !== 'email' && node.role !== 'messaging' && !node.role.startsWith('trigger-'))) return false;
  const key = serviceKey(`${node.service ?? ''} ${node.type.slice(node.type.lastIndexOf('.') + 1)}`);
  return MESSAGE_SOURCE_MARKERS.some((m) => key.includes(m));
}
