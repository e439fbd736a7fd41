// buildThreatModel: trust boundaries → surfaces → STRIDE threats (open or mitigated, with evidence) → findings,
// assembled from per-file parts (parts.ts) so an edit recomputes one part and reassembles.
import { riskRank, RISKS, type Risk } from '../inventory/model.js';
import { byName } from '../knowledge/byName.js';
import { isInternalEndpoint } from '../knowledge/internalHosts.js';
import { dirOf, endpointsMatch, flowCandidates, serviceKey } from '../workspace/link.js';
import { providerHint } from '../inventory/risk.js';
import { CONTROLS, elementClassOf, STRIDE_CATEGORIES, STRIDE_ORDER, threatsFor, type ControlId, type ElementClass } from '../knowledge/threats.js';
import type { Stride } from '../model/index.js';
import { threatModelPart } from './parts.js';
import { maskEndpoint } from '../secrets/redact.js';
import { riskOfScore, scoreOf, scoreParts, type ScoreInput } from './score.js';
import type {
  EvidenceMap,
  FlowSurfacePart,
  InventorySurfacePart,
  ModelBoundary,
  ModelEvidence,
  ModelFinding,
  ModelLocation,
  ModelSurface,
  ModelThreat,
  ModelZone,
  ThreatModel,
  ThreatModelFile,
  ThreatModelPart,
} from './types.js';

/**
 * The threat model of a workspace snapshot. Pure and deterministic: the same files give the same model.
 * For incremental use, cache {@link threatModelPart} per file version and call {@link assembleThreatModel}.
 */
export function buildThreatModel(files: readonly ThreatModelFile[]): ThreatModel {
  return assembleThreatModel(files.map(threatModelPart));
}

/** Well-known zones the model infers when no inventory declares a matching one. */
const INFERRED_ZONES: Readonly<Record<string, { kind: string; description: string }>> = byName<{ kind: string; description: string }>({
  internet: { kind: 'external', description: 'Anyone on the public internet' },
  saas: { kind: 'saas', description: 'Third-party SaaS and APIs the flows call' },
  internal: { kind: 'internal', description: 'Hosts on private networks' },
  'data-stores': { kind: 'internal', description: 'Databases, file servers and storage the flows reach' },
  'platform-host': { kind: 'internal', description: 'The machine the platform runs on' },
});

/**
 * Reuses the surfaces of unchanged parts between assemblies: keep one per workspace and pass it to every
 * {@link assembleThreatModel} call. Entries live as long as their parts (weak references).
 */
export class ThreatModelCache {
  readonly flowParts = new WeakMap<ThreatModelPart, { readonly zonesKey: string; readonly claimed: string; readonly built: readonly BuiltSurface[] }>();
  readonly documented = new WeakMap<InventorySurfacePart, { readonly zonesKey: string; readonly linked?: FlowSurfacePart; readonly built: BuiltSurface }>();
}

interface BuiltSurface {
  readonly surface: ModelSurface;
  /** Its open threats. */
  readonly open: number;
  readonly from: ModelZone;
  readonly to: ModelZone;
}

/** Joins per-file parts into the model: links inventory entries to flow nodes, infers boundaries, evaluates threats. */
export function assembleThreatModel(parts: readonly ThreatModelPart[], cache: ThreatModelCache = new ThreatModelCache()): ThreatModel {
  const zones = new Map<string, ModelZone>();
  const flows = new Map<string, ThreatModelPart>();
  const inventories: { readonly root: string; readonly dir: string; readonly part: ThreatModelPart; readonly zones: ModelZone[] }[] = [];
  for (const part of parts) {
    if (part.flow) flows.set(`${part.root}\0${part.path}`, part);
    const declared: ModelZone[] = [];
    for (const zone of part.inventory?.zones ?? []) {
      if (zone.id === undefined) continue;
      const model: ModelZone = { id: zone.id, kind: zone.kind, description: zone.description, inferred: false };
      declared.push(model);
      if (!zones.has(zone.id)) zones.set(zone.id, model);
    }
    if (declared.length) inventories.push({ root: part.root, dir: dirOf(part.path), part, zones: declared });
  }
  // The zones a file's surfaces see: those of the nearest inventory with zones in its folder or above (its own
  // first), so one team's zones never relabel another folder's flows.
  const scopes = new Map<ThreatModelPart, { readonly key: string; readonly zones: readonly ModelZone[] }>();
  const scopeOf = (part: ThreatModelPart) => {
    let scope = scopes.get(part);
    if (!scope) {
      const dir = dirOf(part.path);
      let best = -1;
      for (const i of inventories) if (i.root === part.root && dir.startsWith(i.dir)) best = Math.max(best, i.dir.length);
      const nearest = inventories.filter((i) => i.root === part.root && i.dir.length === best && dir.startsWith(i.dir)).sort((a, b) => (a.part === part ? -1 : b.part === part ? 1 : 0));
      const declared = nearest.flatMap((i) => i.zones);
      scope = { key: JSON.stringify(declared.map((z) => [z.id, z.kind ?? '', z.description ?? ''])), zones: declared };
      scopes.set(part, scope);
    }
    return scope;
  };
  const claimed = new Set<string>();
  const claimedIn = new Set<ThreatModelPart>();
  const flowPartOf = new Map<FlowSurfacePart, ThreatModelPart>();
  const folders = new Map<string, FlowSurfacePart[]>();
  /** Every flow surface of a workspace folder (built on first use: only entries without `flow:` need it). */
  const inFolder = (root: string): readonly FlowSurfacePart[] => {
    if (!folders.size) {
      for (const p of flows.values()) {
        const list = folders.get(p.root) ?? [];
        for (const s of p.flow?.surfaces ?? []) {
          list.push(s);
          flowPartOf.set(s, p);
        }
        folders.set(p.root, list);
      }
    }
    return folders.get(root) ?? [];
  };
  const built: BuiltSurface[] = [];
  let unattached = 0;
  for (const part of parts) {
    unattached += part.unattached;
    for (const entry of part.inventory?.surfaces ?? []) {
      if (entry.surface.lifecycle.status === 'retired') continue;
      const linked = linkFlowSurface(part, entry, flows, claimed, inFolder);
      if (linked) {
        claimed.add(linked.key);
        claimedIn.add(flowPartOf.get(linked) ?? flows.get(`${part.root}\0${linked.location.path}`)!);
      }
      const { key: zonesKey, zones: declared } = scopeOf(part);
      const hit = cache.documented.get(entry);
      if (hit && hit.linked === linked && hit.zonesKey === zonesKey) built.push(hit.built);
      else {
        const b = documentedSurface(part, entry, linked, declared);
        cache.documented.set(entry, { linked, zonesKey, built: b });
        built.push(b);
      }
    }
  }
  // Flow surfaces no inventory entry claims: cached per file, since most flows are never linked.
  for (const part of parts) {
    const surfacesOfFlow = part.flow?.surfaces;
    if (!surfacesOfFlow?.length) continue;
    const { key: zonesKey, zones: declared } = scopeOf(part);
    const taken = claimedIn.has(part) ? surfacesOfFlow.filter((s) => claimed.has(s.key)).map((s) => s.key).join('\0') : '';
    const hit = cache.flowParts.get(part);
    if (hit && hit.zonesKey === zonesKey && hit.claimed === taken) {
      for (const b of hit.built) built.push(b);
      continue;
    }
    const fresh = surfacesOfFlow.filter((s) => !claimed.has(s.key)).map((s) => flowOnlySurface(part, s, declared));
    cache.flowParts.set(part, { zonesKey, claimed: taken, built: fresh });
    for (const b of fresh) built.push(b);
  }
  // The same inventory id in two entries (or two inventories): the later ones are told apart by their file.
  const used = new Set<string>();
  built.forEach((b, i) => {
    if (used.has(b.surface.id)) built[i] = withId(b, `${b.surface.locations[0]?.path ?? ''}#${b.surface.id}#${i}`);
    used.add(built[i].surface.id);
  });
  for (const b of built) {
    if (!zones.has(b.from.id)) zones.set(b.from.id, b.from);
    if (!zones.has(b.to.id)) zones.set(b.to.id, b.to);
  }
  const surfaces = built.map((b) => b.surface);
  surfaces.sort((a, b) => b.score - a.score || compare(a.name, b.name) || compare(a.id, b.id));

  const boundaries = new Map<string, { from: string; to: string; inferred: boolean; surfaceIds: string[]; risk: Risk }>();
  for (const s of surfaces) {
    const b = boundaries.get(s.boundaryId);
    if (!b) {
      const [from, to] = s.boundaryId.split('->');
      boundaries.set(s.boundaryId, { from, to, inferred: s.boundaryInferred, surfaceIds: [s.id], risk: s.risk });
    } else {
      b.surfaceIds.push(s.id);
      b.inferred &&= s.boundaryInferred;
      if (riskRank(s.risk) > riskRank(b.risk)) b.risk = s.risk;
    }
  }
  const boundaryList: ModelBoundary[] = [...boundaries].map(([id, b]) => ({ id, from: zones.get(b.from)!, to: zones.get(b.to)!, inferred: b.inferred, surfaceIds: b.surfaceIds, risk: b.risk }));
  boundaryList.sort((a, b) => riskRank(b.risk) - riskRank(a.risk) || b.surfaceIds.length - a.surfaceIds.length || compare(a.id, b.id));

  const openByRisk = Object.fromEntries(RISKS.map((r) => [r, 0])) as Record<Risk, number>;
  let threats = 0;
  let open = 0;
  for (const b of built) {
    threats += b.surface.threats.length;
    open += b.open;
    openByRisk[b.surface.risk] += b.open;
  }
  const usedZones = new Set(boundaryList.flatMap((b) => [b.from.id, b.to.id]));
  return {
    zones: [...zones.values()].filter((z) => usedZones.has(z.id) || !z.inferred),
    boundaries: boundaryList,
    surfaces,
    summary: { surfaces: surfaces.length, threats, open, mitigated: threats - open, openByRisk, unattachedFindings: unattached },
  };
}

/**
 * The flow surface an inventory entry documents, as the cross-file review links them (core/workspace/link.ts): its
 * `flow` (relative to the inventory, else to the folder) and `node` (name, else id); without `node`, the flow's
 * surface with the entry's endpoint or service, else its only surface of the entry's kind; without `flow`, the one
 * flow surface of the folder with the entry's endpoint (else service). Ambiguous matches stay unlinked.
 */
function linkFlowSurface(part: ThreatModelPart, entry: InventorySurfacePart, flows: ReadonlyMap<string, ThreatModelPart>, claimed: ReadonlySet<string>, inFolder: (root: string) => readonly FlowSurfacePart[]): FlowSurfacePart | undefined {
  const e = entry.surface;
  const free = (s: FlowSurfacePart) => !claimed.has(s.key);
  if (e.flow === undefined) {
    const all = inFolder(part.root).filter(free);
    const byEndpoint = e.endpoint !== undefined ? all.filter((s) => s.surface.endpoint !== undefined && endpointsMatch(e.endpoint!, s.surface.endpoint)) : [];
    if (byEndpoint.length) return byEndpoint.length === 1 ? byEndpoint[0] : undefined;
    const keys = serviceKeysOf(e);
    const byService = keys.length ? all.filter((s) => s.surface.service !== undefined && keys.includes(serviceKey(s.surface.service) ?? '')) : [];
    return byService.length === 1 ? byService[0] : undefined;
  }
  const [primary, fallback] = flowCandidates(part.path, e.flow);
  const flowPart = flows.get(`${part.root}\0${primary}`) ?? (fallback !== undefined ? flows.get(`${part.root}\0${fallback}`) : undefined);
  const surfaces = flowPart?.flow?.surfaces ?? [];
  const candidates = surfaces.filter(free);
  if (e.node !== undefined) {
    return candidates.find((s) => s.surface.nodeName === e.node) ?? (surfaces.some((s) => s.surface.nodeName === e.node) ? undefined : candidates.find((s) => s.surface.nodeId === e.node));
  }
  const keys = serviceKeysOf(e);
  const documented = candidates.find((s) =>
    (e.endpoint !== undefined && s.surface.endpoint !== undefined && endpointsMatch(e.endpoint, s.surface.endpoint)) ||
    (s.surface.service !== undefined && keys.includes(serviceKey(s.surface.service) ?? '')));
  if (documented) return documented;
  const sameKind = surfaces.filter((s) => s.surface.kind === e.kind);
  return sameKind.length === 1 && free(sameKind[0]) ? sameKind[0] : undefined;
}

/** The service names an entry may match (its vendor, its name), as `serviceKey` spells them. */
function serviceKeysOf(entry: InventorySurfacePart['surface']): string[] {
  const keys: string[] = [];
  for (const name of [entry.vendor?.name, entry.name]) {
    const key = name !== undefined ? serviceKey(name) : undefined;
    if (key !== undefined && !keys.includes(key)) keys.push(key);
  }
  return keys;
}

function withId(b: BuiltSurface, id: string): BuiltSurface {
  const threats = b.surface.threats.map((t) => ({ ...t, id: `${id}/${t.stride}` }));
  return { ...b, surface: { ...b.surface, id, threats } };
}

/** Code-unit order: deterministic and fast (`localeCompare` dominates sorting thousands of surfaces). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function documentedSurface(part: ThreatModelPart, entry: InventorySurfacePart, linked: FlowSurfacePart | undefined, declared: readonly ModelZone[]): BuiltSurface {
  const s = entry.surface;
  const kind = s.kind ?? linked?.surface.kind ?? 'connector';
  const direction = s.direction ?? linked?.surface.direction ?? (kind === 'webhook' ? 'inbound' : 'outbound');
  const platform = s.platform ?? linked?.platform;
  const evidence: EvidenceMap = { ...linked?.evidence, ...entry.evidence };
  return makeSurface({
    id: s.id ?? `${part.path}#${s.index}`,
    name: s.name ?? s.id ?? linked?.surface.nodeName ?? `surface ${s.index + 1}`,
    kind,
    direction,
    platform,
    owner: s.owner ?? linked?.flowOwner,
    classification: s.classification,
    endpoint: s.endpoint ?? linked?.surface.endpoint,
    declaredRisk: s.risk,
    boundary: s.boundary,
    documented: true,
    flowPath: linked ? linked.location.path : s.flow,
    locations: linked ? [entry.location, linked.location] : [entry.location],
    evidence,
    findings: [...entry.findings, ...(linked?.findings ?? [])],
    scopes: [...s.auth.scopes.map((x) => x.scope), ...(linked?.surface.scopes ?? [])],
    scopeHint: providerHint(s),
    authNone: s.auth.method === 'none' || linked?.authNone === true,
  }, declared);
}

function flowOnlySurface(part: ThreatModelPart, fs: FlowSurfacePart, declared: readonly ModelZone[]): BuiltSurface {
  return makeSurface({
    id: fs.key,
    name: fs.surface.nodeName,
    kind: fs.surface.kind,
    direction: fs.surface.direction,
    platform: fs.platform,
    owner: fs.flowOwner,
    endpoint: fs.surface.endpoint,
    documented: false,
    flowPath: part.path,
    locations: [fs.location],
    evidence: fs.evidence,
    findings: fs.findings,
    scopes: fs.surface.scopes,
    scopeHint: `${fs.surface.service ?? ''} ${fs.surface.endpoint ?? ''}`,
    authNone: fs.authNone,
  }, declared);
}

interface SurfaceFacts {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly direction: string;
  readonly platform?: string;
  readonly owner?: string;
  readonly classification?: string;
  readonly endpoint?: string;
  readonly declaredRisk?: Risk;
  readonly boundary?: { readonly from?: string; readonly to?: string };
  readonly documented: boolean;
  readonly flowPath?: string;
  readonly locations: readonly ModelLocation[];
  readonly evidence: EvidenceMap;
  readonly findings: readonly ModelFinding[];
  readonly scopes: readonly string[];
  readonly scopeHint: string;
  readonly authNone: boolean;
}

function makeSurface(f: SurfaceFacts, declared: readonly ModelZone[]): BuiltSurface {
  const element = elementClassOf(f.kind, f.direction);
  const boundary = boundaryOf(f, element, declared);
  const findings = dedupe(f.findings);
  const auth: ScoreInput['auth'] = f.authNone ? 'none' : f.evidence['strong-auth'] ? 'strong' : f.evidence['caller-auth'] || f.evidence['managed-secret'] ? 'weak' : 'unknown';
  const inbound = f.direction === 'inbound' || f.direction === 'bidirectional';
  const far = inbound ? boundary.from : boundary.to;
  const parts = scoreParts({ classification: f.classification, direction: f.direction, farZoneKind: far?.kind, auth, scopes: f.scopes, scopeHint: f.scopeHint, findings: findings.map((x) => x.severity) });
  const score = scoreOf(parts);
  const risk = f.declaredRisk ?? riskOfScore(score);
  const threats = threatsFor(element).map((entry) => evaluateThreat(f.id, entry, f.evidence, findings, risk));
  const letters = new Set<Stride>(threats.map((t) => t.stride));
  const surface: ModelSurface = {
    id: f.id,
    name: f.name,
    kind: f.kind,
    direction: f.direction,
    element,
    platform: f.platform,
    owner: f.owner,
    classification: f.classification,
    endpoint: f.endpoint !== undefined ? maskEndpoint(f.endpoint) : undefined, // shown in the view's hover
    risk,
    riskSource: f.declaredRisk ? 'declared' : 'score',
    score,
    scoreParts: parts,
    documented: f.documented,
    flowPath: f.flowPath,
    boundaryId: `${boundary.from.id}->${boundary.to.id}`,
    boundaryInferred: boundary.inferred,
    locations: f.locations,
    threats,
    otherFindings: findings.filter((x) => !x.threats.some((l) => letters.has(l))),
  };
  return { surface, open: threats.filter((t) => t.state === 'open').length, from: boundary.from, to: boundary.to };
}

function dedupe(findings: readonly ModelFinding[]): ModelFinding[] {
  const seen = new Set<string>();
  return findings.filter((x) => {
    const key = `${x.uri}\0${x.fingerprint}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The declared boundary, completed by inference where a side is missing (docs/threat-model.md, "Boundaries"). */
function boundaryOf(f: SurfaceFacts, element: ElementClass, declared: readonly ModelZone[]): { from: ModelZone; to: ModelZone; inferred: boolean } {
  const single = (kind: string) => {
    const matching = declared.filter((z) => z.kind === kind);
    return matching.length === 1 ? matching[0] : undefined;
  };
  const byId = (id: string): ModelZone => declared.find((z) => z.id === id) ?? (INFERRED_ZONES[id] ? { id, ...INFERRED_ZONES[id], inferred: true } : { id, inferred: false });
  const platformZone = (): ModelZone => {
    const zone = single('platform');
    if (zone) return zone;
    const name = f.platform ?? 'platform';
    return declared.find((z) => z.id === name) ?? { id: name, kind: 'platform', description: `The ${name} platform that runs the flows and holds their credentials`, inferred: true };
  };
  const wellKnown = (id: string): ModelZone => (id === 'internet' || id === 'saas' ? single(INFERRED_ZONES[id].kind) : undefined) ?? byId(id);
  const outside = (): ModelZone => {
    switch (element) {
      case 'entry-point':
        return wellKnown(f.kind === 'event-stream' ? 'saas' : 'internet');
      case 'data-store':
      case 'file-transfer':
        return wellKnown('data-stores');
      case 'script':
        return wellKnown('platform-host');
      default:
        return wellKnown(f.endpoint && isInternalEndpoint(f.endpoint) ? 'internal' : 'saas');
    }
  };
  const declaredFrom = f.boundary?.from;
  const declaredTo = f.boundary?.to;
  const inbound = element === 'entry-point';
  const from = declaredFrom !== undefined ? byId(declaredFrom) : inbound ? outside() : platformZone();
  const to = declaredTo !== undefined ? byId(declaredTo) : inbound ? platformZone() : outside();
  return { from, to, inferred: declaredFrom === undefined || declaredTo === undefined };
}

/** Shared `missing` entries (one object per control, not per threat). */
const MISSING = Object.fromEntries(Object.values(CONTROLS).map((c) => [c.id, { control: c.id, label: c.label }])) as Readonly<Record<ControlId, { readonly control: ControlId; readonly label: string }>>;

function evaluateThreat(surfaceId: string, entry: ReturnType<typeof threatsFor>[number], evidence: EvidenceMap, findings: readonly ModelFinding[], risk: Risk): ModelThreat {
  const keeping = findings.filter((x) => x.threats.includes(entry.stride));
  let best: { present: ModelEvidence[]; missing: ControlId[] } | undefined;
  for (const alternative of entry.mitigations) {
    const present: ModelEvidence[] = [];
    const missing: ControlId[] = [];
    for (const c of alternative) {
      const e = evidence[c];
      if (e) present.push(e);
      else missing.push(c);
    }
    if (!best || missing.length < best.missing.length || (missing.length === best.missing.length && present.length > best.present.length)) best = { present, missing };
  }
  const { present, missing } = best ?? { present: [], missing: [] };
  const state = keeping.length === 0 && missing.length === 0 ? 'mitigated' : 'open';
  return {
    id: `${surfaceId}/${entry.stride}`,
    catalogueId: entry.id,
    stride: entry.stride,
    category: STRIDE_CATEGORIES[entry.stride],
    title: entry.title,
    description: entry.description,
    state,
    evidence: present,
    missing: missing.map((c) => MISSING[c]),
    findings: keeping,
    rationale: rationaleOf(state, present, missing, keeping, entry.mitigations),
    risk,
  };
}

function rationaleOf(state: 'open' | 'mitigated', present: readonly ModelEvidence[], missing: readonly ControlId[], keeping: readonly ModelFinding[], alternatives: readonly (readonly ControlId[])[]): string {
  const shown = present.map((e) => `${e.label} (${e.detail})`);
  if (state === 'mitigated') return `Mitigated by ${joinAnd(shown)}.`;
  const parts: string[] = [];
  if (keeping.length) {
    const rules = [...new Set(keeping.map((x) => x.ruleId))];
    parts.push(`${keeping.length} finding${keeping.length === 1 ? '' : 's'} keep${keeping.length === 1 ? 's' : ''} it open (${rules.join(', ')}).`);
  }
  if (missing.length) parts.push(`No evidence of ${joinAnd(missing.map((c) => CONTROLS[c].label))}${shown.length ? `; in place: ${joinAnd(shown)}` : ''}.`);
  else if (shown.length) parts.push(`In place: ${joinAnd(shown)}.`);
  if (alternatives.length > 1) parts.push(`Mitigated by ${alternatives.map((a) => a.map((c) => CONTROLS[c].label).join(' + ')).join(', or ')}.`);
  return parts.join(' ');
}

function joinAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** STRIDE letters in their canonical order (for labels such as `open: S T D`). */
export function strideSorted(letters: Iterable<Stride>): Stride[] {
  const set = new Set(letters);
  return STRIDE_ORDER.filter((l) => set.has(l));
}
