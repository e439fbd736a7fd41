// One file's contribution to the threat model, from that file alone: its surfaces, the evidence it shows for
// them and the findings that attach to them. Adapters cache parts per file version (see buildThreatModel).
import { buildInventory } from '../inventory/model.js';
import { CONTROLS, type ControlId } from '../knowledge/threats.js';
import type { Finding } from '../model/index.js';
import { surfaceOf } from '../model/surfaces.js';
import type { Location } from '../parse/index.js';
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

  const byPointer = new Map<string, number>(pending.map((p, i) => [p.node.pointer, i]));
  const own: ModelFinding[][] = pending.map(() => []);
  const flowWide: ModelFinding[] = [];
  for (const finding of file.findings) {
    const index = deepestPrefix(finding.pointer, byPointer);
    if (index === undefined) flowWide.push(toModelFinding(finding, true));
    else own[index].push(toModelFinding(finding, false));
  }

  const locator = new Locator(file);
  for (const p of pending) {
    locator.want(p.node.pointer);
    locator.want(`${p.node.pointer}/name`);
    for (const e of Object.values(p.raw)) if (e?.pointer) locator.want(e.pointer);
  }
  locator.resolve();
  const surfaces: FlowSurfacePart[] = pending.map((p, i) => ({
    key: `${file.path}#${p.node.id}`,
    surface: p.surface,
    platform: flow.platform,
    flowOwner: flow.owner,
    authNone: p.node.auth.none === true,
    location: locator.nodeLocation(p.node.pointer),
    evidence: locator.evidence(p.raw),
    findings: [...own[i], ...flowWide],
  }));
  return { ...base, flow: { platform: flow.platform, surfaces }, unattached: 0 };
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
  const raws = inventory.surfaces.map((s) => inventoryEvidence(s));
  const locator = new Locator(file);
  inventory.surfaces.forEach((s, i) => {
    locator.want(s.anchor);
    for (const e of Object.values(raws[i])) if (e?.pointer) locator.want(e.pointer);
  });
  locator.resolve();
  const surfaces: InventorySurfacePart[] = inventory.surfaces.map((surface, i) => ({
    key: `${file.path}#${surface.id ?? `#${surface.index}`}`,
    surface,
    location: locator.location(surface.anchor),
    evidence: locator.evidence(raws[i]),
    findings: own[i],
  }));
  return { ...base, inventory: { zones: inventory.zones, surfaces }, unattached };
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

/** Collects pointers, resolves them in one pass over the document, and builds locations. */
class Locator {
  readonly #file: ThreatModelFile;
  readonly #wanted = new Set<string>();
  #found = new Map<string, Location>();

  constructor(file: ThreatModelFile) {
    this.#file = file;
  }

  want(pointer: string): void {
    this.#wanted.add(pointer);
  }

  resolve(): void {
    if (!this.#file.document || !this.#wanted.size) return;
    try {
      this.#found = this.#file.document.locateAll(this.#wanted);
    } catch {
      this.#found = new Map();
    }
  }

  location(pointer: string): ModelLocation {
    const hit = this.#found.get(pointer);
    return { uri: this.#file.uri, path: this.#file.path, pointer, ...(hit ? { range: hit.range } : {}) };
  }

  /** A node: at its `name` when the export has one there, else at its key (named actions) or the node itself. */
  nodeLocation(pointer: string): ModelLocation {
    const name = this.#found.get(`${pointer}/name`);
    if (name?.exact) return { uri: this.#file.uri, path: this.#file.path, pointer, range: name.range };
    const hit = this.#found.get(pointer);
    return { uri: this.#file.uri, path: this.#file.path, pointer, ...(hit ? { range: hit.keyRange ?? hit.range } : {}) };
  }

  evidence(raw: RawEvidenceMap): EvidenceMap {
    const out: EvidenceMap = {};
    for (const [control, e] of Object.entries(raw) as [ControlId, RawEvidenceMap[ControlId]][]) {
      if (!e) continue;
      out[control] = { control, label: CONTROLS[control].label, detail: e.detail, ...(e.pointer !== undefined ? { location: this.location(e.pointer) } : {}) };
    }
    return out;
  }
}
