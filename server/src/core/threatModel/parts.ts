// One file's contribution to the threat model, from that file alone: its surfaces, the evidence it shows for
// them and the findings that attach to them. Adapters cache parts per file version (see buildThreatModel).
import { buildInventory } from '../inventory/model.js';
import { CONTROLS, type ControlId } from '../knowledge/threats.js';
import type { Finding } from '../model/index.js';
import { surfaceOf } from '../model/surfaces.js';
import { parsePointer } from '../source.js';
import { asObject, valueAt } from '../walk.js';
import { flowEvidence, flowFacts, inventoryEvidence, type RawEvidenceMap } from './evidence.js';
import type { EvidenceMap, FlowSurfacePart, InventorySurfacePart, ModelFinding, ModelLocation, ThreatModelFile, ThreatModelPart } from './types.js';

/** Computes what `file` contributes to the threat model. Never throws; a file with no surfaces yields an empty part. */
export function threatModelPart(file: ThreatModelFile): ThreatModelPart {
  const root = file.root ?? '';
  const base = { uri: file.uri, path: file.path, root };
  try {
    if (file.flow) return flowPart(file, base);
    if (file.format === 'surface-inventory') return inventoryPart(file, base);
  } catch {
    // A model that cannot be read contributes its findings as unattached rather than breaking the whole view.
  }
  return { ...base, unattached: file.findings.length };
}

type Base = Pick<ThreatModelPart, 'uri' | 'path' | 'root'>;

function flowPart(file: ThreatModelFile, base: Base): ThreatModelPart {
  const flow = file.flow!;
  const facts = flowFacts(flow);
  const pending: { node: (typeof flow.nodes)[number]; surface: NonNullable<ReturnType<typeof surfaceOf>>; raw: RawEvidenceMap }[] = [];
  for (const node of flow.nodes) {
    if (node.disabled) continue;
    const surface = surfaceOf(node);
    if (surface) pending.push({ node, surface, raw: flowEvidence(node, surface, flow, facts) });
  }
  if (!pending.length) return { ...base, unattached: file.findings.length };

  // A finding on a surface's node is its own. One on another node belongs to the surfaces that node is connected
  // to (data reaches them through it, or it acts on what they return); one on the flow itself, to every surface.
  const byPointer = new Map<string, number>(pending.map((p, i) => [p.node.pointer, i]));
  const nodeByPointer = new Map(flow.nodes.map((n) => [n.pointer, n.id]));
  const own: ModelFinding[][] = pending.map(() => []);
  const component = components(flow);
  let unattached = 0;
  for (const finding of file.findings) {
    const index = deepestPrefix(finding.pointer, byPointer);
    if (index !== undefined) {
      own[index].push(toModelFinding(finding, false));
      continue;
    }
    const nodeId = deepestPrefix(finding.pointer, nodeByPointer);
    const targets = nodeId === undefined || !component ? pending.map((_, i) => i) : pending.flatMap((p, i) => (component(p.node.id) === component(nodeId) ? [i] : []));
    if (!targets.length) unattached++;
    const shared = toModelFinding(finding, true);
    for (const i of targets) own[i].push(shared);
  }

  const at = locationsIn(file);
  // Node ids are unique in a sound export; a hand-edited one may repeat them, so repeats are keyed by pointer.
  const seen = new Map<string, number>();
  for (const p of pending) seen.set(p.node.id, (seen.get(p.node.id) ?? 0) + 1);
  const surfaces: FlowSurfacePart[] = pending.map((p, i) => ({
    key: `${file.path}#${(seen.get(p.node.id) ?? 0) > 1 ? p.node.pointer : p.node.id}`,
    surface: p.surface,
    platform: flow.platform,
    flowOwner: flow.owner,
    authNone: p.node.auth.none === true,
    location: at.node(p.node.pointer),
    evidence: at.evidence(p.raw),
    findings: own[i],
  }));
  return { ...base, flow: { platform: flow.platform, surfaces }, unattached };
}

function inventoryPart(file: ThreatModelFile, base: Base): ThreatModelPart {
  const inventory = file.inventory ?? buildInventory(file.document?.value);
  if (!inventory || !inventory.surfaces.length) return { ...base, inventory: inventory ? { zones: inventory.zones, surfaces: [] } : undefined, unattached: file.findings.length };
  const byPointer = new Map<string, number>(inventory.surfaces.map((s, i) => [s.pointer, i]));
  const byId = new Map<string, number>();
  inventory.surfaces.forEach((s, i) => { if (s.id !== undefined && !byId.has(s.id)) byId.set(s.id, i); });
  const own: ModelFinding[][] = inventory.surfaces.map(() => []);
  let unattached = 0;
  for (const finding of file.findings) {
    const index = deepestPrefix(finding.pointer, byPointer) ?? (finding.surfaceId !== undefined ? byId.get(finding.surfaceId) : undefined);
    if (index === undefined) unattached++;
    else own[index].push(toModelFinding(finding, false));
  }
  const at = locationsIn(file);
  const surfaces: InventorySurfacePart[] = inventory.surfaces.map((surface, i) => ({
    key: `${file.path}#${surface.id ?? `#${surface.index}`}`,
    surface,
    location: at.pointer(surface.anchor),
    evidence: at.evidence(inventoryEvidence(surface)),
    findings: own[i],
  }));
  return { ...base, inventory: { zones: inventory.zones, surfaces }, unattached };
}

/**
 * The connected parts of a flow's graph (edges in either direction): a function from node id to its part's
 * representative; undefined when the export has no edges (then every node counts as connected).
 */
function components(flow: NonNullable<ThreatModelFile['flow']>): ((id: string) => string) | undefined {
  if (!flow.edges.length) return undefined;
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    let at = id;
    while (at !== root) {
      const next = parent.get(at) ?? root;
      parent.set(at, root);
      at = next;
    }
    return root;
  };
  for (const e of flow.edges) {
    const a = find(e.from);
    const b = find(e.to);
    if (a !== b) parent.set(a, b);
  }
  return find;
}

/** The value of the longest pointer in `map` that is `pointer` or one of its ancestors (segment-wise). */
function deepestPrefix<T>(pointer: string, map: ReadonlyMap<string, T>): T | undefined {
  let p = pointer;
  for (;;) {
    const hit = map.get(p);
    if (hit !== undefined) return hit;
    if (p === '') return undefined;
    p = p.slice(0, p.lastIndexOf('/'));
  }
}

function toModelFinding(f: Finding, elsewhere: boolean): ModelFinding {
  return { ruleId: f.ruleId, severity: f.severity, message: f.message, fingerprint: f.fingerprint, threats: f.threats, uri: f.uri, range: f.range, ...(elsewhere ? { elsewhere } : {}) };
}

/**
 * Locations in `file`, as pointers: adapters resolve them to ranges only for what they show (`document.locate`),
 * so a workspace of thousands of flows never positions nodes nobody looks at.
 */
function locationsIn(file: ThreatModelFile) {
  const pointer = (p: string): ModelLocation => ({ uri: file.uri, path: file.path, pointer: p });
  return {
    pointer,
    /** A node: at its `name` when the export has one (n8n, Node-RED), else at its key (named actions) or itself. */
    node(p: string): ModelLocation {
      const raw = asObject(valueAt(file.document?.value, parsePointer(p)));
      if (typeof raw?.name === 'string' && raw.name) return pointer(`${p}/name`);
      return { ...pointer(p), at: 'key' };
    },
    evidence(raw: RawEvidenceMap): EvidenceMap {
      const out: EvidenceMap = {};
      for (const [control, e] of Object.entries(raw) as [ControlId, RawEvidenceMap[ControlId]][]) {
        if (!e) continue;
        out[control] = { control, label: CONTROLS[control].label, detail: e.detail, ...(e.pointer !== undefined ? { location: pointer(e.pointer) } : {}) };
      }
      return out;
    },
  };
}
