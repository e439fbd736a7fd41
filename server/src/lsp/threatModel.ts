// The threat-model feature: `surfaceReview/threatModel`, `surfaceReview/threatModelSurface` and
// `surfaceReview/dataFlowDiagram`, and a debounced `surfaceReview/threatModelChanged` when the index changes.
// The model is rebuilt from cached per-file parts: an edit recomputes one file's part and reassembles. What changed
// since a git revision (lsp/changedSince.ts) is marked and listed first.
import type { Connection } from 'vscode-languageserver';
import type { AnalysisResult, Finding, ParsedDocument, SourceRange } from '../core/index.js';
import { LineIndex } from '../core/index.js';
import {
  assembleThreatModel,
  dataFlowMarkdown,
  findingKey,
  groupSurfaces,
  threatModelPart,
  ThreatModelCache,
  type ModelEvidence,
  type ModelFinding,
  type ModelLocation,
  type ModelSurface,
  type SurfaceGroup,
  type ThreatModel,
  type ThreatModelPart,
} from '../core/threatModel/index.js';
import type { Location } from '../core/parse/index.js';
import {
  DataFlowDiagramRequest,
  ThreatModelChangedNotification,
  ThreatModelGroupRequest,
  ThreatModelRequest,
  ThreatModelSurfaceRequest,
  type ThreatModelDto,
  type ThreatModelEvidence,
  type ThreatModelFinding,
  type ThreatModelGroupDto,
  type ThreatModelGroupParams,
  type ThreatModelLocation,
  type ThreatModelParams,
  type ThreatModelSurfaceDetail,
  type ThreatModelSurfaceSummary,
  type ThreatModelZone,
} from '../protocol.js';
import { ChangedSince, type ChangesSince } from './changedSince.js';
import type { SettingsCache } from './configuration.js';
import type { PolicyStore } from './policy.js';
import type { IndexedFile, Workspace } from './workspace.js';

/** Index changes closer together than this send one notification (a scan, a burst of edits). */
const CHANGE_DEBOUNCE_MS = 250;
/** Surfaces per `threatModelGroup` page unless the client asks for more. */
const DEFAULT_PAGE = 250;
/** Builds slower than this are logged (with the workspace's size). */
const SLOW_BUILD_MS = 500;

interface Built {
  readonly version: number;
  readonly model: ThreatModel;
  readonly byId: ReadonlyMap<string, ModelSurface>;
  readonly documents: ReadonlyMap<string, ParsedDocument>;
  readonly groups: Map<string, SurfaceGroup[]>;
  /** What changed since the base revision, when one is loaded. */
  readonly changes?: ChangesSince;
}

/** Where the changes since a revision come from (lsp/changedSince.ts; a fake in tests). */
export interface ChangesSource {
  changes(files: readonly IndexedFile[], model: ThreatModel): ChangesSince | undefined;
}

/** Builds the threat model of the workspace index on demand, reusing what did not change. */
export class ThreatModelService {
  readonly #workspace: Workspace;
  readonly #log: (line: string) => void;
  /** Per analysis: the part and the cross-file findings it was built with (those change when other files do). */
  readonly #parts = new WeakMap<AnalysisResult, { readonly extra: readonly Finding[]; readonly part: ThreatModelPart }>();
  readonly #cache = new ThreatModelCache();
  readonly #lines = new WeakMap<ParsedDocument, LineIndex>();
  readonly #located = new WeakMap<ParsedDocument, Map<string, Location>>();
  readonly #summaries = new WeakMap<ModelSurface, ThreatModelSurfaceSummary>();
  readonly #changesSource: ChangesSource | undefined;
  #version = 1;
  #built: Built | undefined;
  /** How long the last model build took, in ms. */
  lastBuildMs = 0;

  constructor(workspace: Workspace, log: (line: string) => void = () => undefined, changes?: ChangesSource) {
    this.#workspace = workspace;
    this.#log = log;
    this.#changesSource = changes;
  }

  get version(): number {
    return this.#version;
  }

  /** The index changed: the next request rebuilds. */
  invalidate(): void {
    this.#version++;
  }

  /** The summary and the groups, for the tree's top level and the badge. */
  model(params: ThreatModelParams): ThreatModelDto {
    const built = this.#current();
    const zone = (z: ThreatModelZone): ThreatModelZone => ({ id: z.id, ...(z.kind ? { kind: z.kind } : {}), ...(z.description ? { description: z.description } : {}), inferred: z.inferred });
    const changes = built.changes;
    const changedIn = (g: SurfaceGroup) => (changes ? g.surfaces.filter((s) => changes.surfaces.has(s.id)).length : 0);
    const groups = this.#groups(built, params).map((g) => ({
      key: g.key,
      label: g.label,
      risk: g.risk,
      surfaces: g.surfaces.length,
      open: g.open,
      ...(g.from ? { from: zone(g.from) } : {}),
      ...(g.to ? { to: zone(g.to) } : {}),
      ...(g.inferred !== undefined ? { inferred: g.inferred } : {}),
      ...(changes ? { changed: changedIn(g) } : {}),
    }));
    return {
      version: built.version,
      groupBy: params.groupBy,
      openOnly: params.openOnly,
      summary: { ...built.model.summary, openByRisk: { ...built.model.summary.openByRisk } },
      // The delta first: groups with a changed surface ahead of the rest, each part in its usual order.
      groups: changes ? deltaFirst(groups, (g) => (g.changed ?? 0) > 0) : groups,
      ...(changes ? { changedSince: { label: changes.label, commits: [...changes.commits], surfaces: changes.surfaces.size, findings: changes.findings.size } } : {}),
    };
  }

  /** A page of a group's surfaces, highest score first (empty when the group is gone). */
  group(params: ThreatModelGroupParams): ThreatModelGroupDto {
    const built = this.#current();
    const group = this.#groups(built, params).find((g) => g.key === params.key);
    const changes = built.changes;
    const ordered = changes && group ? deltaFirst(group.surfaces, (s) => changes.surfaces.has(s.id)) : group?.surfaces ?? [];
    const page = ordered.slice(0, Math.max(1, params.limit ?? DEFAULT_PAGE));
    this.#prefetch(page.flatMap((s) => s.locations), built.documents);
    return { version: built.version, surfaces: page.map((s) => this.#withChange(this.#summary(s, built.documents), changes)), total: group?.surfaces.length ?? 0 };
  }

  /** A surface's threats, or null when no surface has that id. */
  surface(id: string): ThreatModelSurfaceDetail | null {
    const built = this.#current();
    const surface = built.byId.get(id);
    if (!surface) return null;
    const docs = built.documents;
    this.#prefetch([...surface.threats.flatMap((t) => t.evidence.flatMap((e) => e.location ?? []))], docs);
    const finding = (f: ModelFinding): ThreatModelFinding => this.#finding(f, docs, built.changes);
    const findings = (list: readonly ModelFinding[]) => {
      const out = list.map(finding);
      return built.changes ? deltaFirst(out, (f) => f.isNew === true) : out;
    };
    return {
      id,
      version: built.version,
      threats: surface.threats.map((t) => ({
        id: t.id,
        stride: t.stride,
        category: t.category,
        title: t.title,
        description: t.description,
        state: t.state,
        rationale: t.rationale,
        risk: t.risk,
        evidence: t.evidence.map((e: ModelEvidence): ThreatModelEvidence => ({ control: e.control, label: e.label, detail: e.detail, ...(e.location ? { location: this.#location(e.location, docs) } : {}) })),
        missing: t.missing.map((m) => ({ control: m.control, label: m.label })),
        findings: findings(t.findings),
      })),
      otherFindings: findings(surface.otherFindings),
    };
  }

  /** The data-flow diagram as a Markdown document with a Mermaid block. */
  diagram(): string {
    return dataFlowMarkdown(this.#current().model);
  }

  #current(): Built {
    if (this.#built?.version === this.#version) return this.#built;
    const started = performance.now();
    const files = this.#workspace.files();
    const documents = new Map<string, ParsedDocument>();
    const parts = files.map((file) => {
      if (file.result.document) documents.set(file.uri, file.result.document);
      return this.#partOf(file);
    });
    const model = assembleThreatModel(parts, this.#cache);
    let changes: ChangesSince | undefined;
    try {
      changes = this.#changesSource?.changes(files, model);
    } catch (e) {
      this.#log(`Threat model: changes since the base revision not marked: ${(e as Error).message}`);
    }
    this.#built = { version: this.#version, model, byId: new Map(model.surfaces.map((s) => [s.id, s])), documents, groups: new Map(), changes };
    this.lastBuildMs = performance.now() - started;
    if (this.lastBuildMs > SLOW_BUILD_MS) this.#log(`Threat model: ${model.surfaces.length} surfaces of ${files.length} files in ${Math.round(this.lastBuildMs)} ms.`);
    return this.#built;
  }

  #groups(built: Built, params: ThreatModelParams): SurfaceGroup[] {
    const key = `${params.groupBy}/${params.openOnly}`;
    let groups = built.groups.get(key);
    if (!groups) {
      groups = groupSurfaces(built.model, params.groupBy, params.openOnly);
      built.groups.set(key, groups);
    }
    return groups;
  }

  #partOf(file: IndexedFile): ThreatModelPart {
    const { result, workspaceFindings: extra } = file;
    const cached = this.#parts.get(result);
    if (cached && (cached.extra === extra || sameFindings(cached.extra, extra))) return cached.part;
    const findings = extra.length ? [...result.findings, ...extra] : result.findings;
    const part = threatModelPart({ uri: file.uri, path: file.path, root: file.root, format: result.format, findings, flow: result.flow, document: result.document });
    this.#parts.set(result, { extra, part });
    return part;
  }

  #summary(s: ModelSurface, documents: ReadonlyMap<string, ParsedDocument>): ThreatModelSurfaceSummary {
    let summary = this.#summaries.get(s);
    if (!summary) {
      const findings = new Set<string>();
      for (const t of s.threats) for (const f of t.findings) findings.add(`${f.uri}\0${f.fingerprint}`);
      for (const f of s.otherFindings) findings.add(`${f.uri}\0${f.fingerprint}`);
      summary = {
        id: s.id,
        name: s.name,
        kind: s.kind,
        direction: s.direction,
        ...(s.platform !== undefined ? { platform: s.platform } : {}),
        ...(s.owner !== undefined ? { owner: s.owner } : {}),
        ...(s.classification !== undefined ? { classification: s.classification } : {}),
        ...(s.endpoint !== undefined ? { endpoint: s.endpoint } : {}),
        risk: s.risk,
        riskSource: s.riskSource,
        score: s.score,
        scoreParts: { ...s.scoreParts },
        documented: s.documented,
        ...(s.flowPath !== undefined ? { flowPath: s.flowPath } : {}),
        boundaryId: s.boundaryId,
        locations: s.locations.map((l) => this.#location(l, documents)),
        open: s.threats.filter((t) => t.state === 'open').map((t) => t.stride),
        mitigated: s.threats.filter((t) => t.state === 'mitigated').map((t) => t.stride),
        findings: findings.size,
      };
      this.#summaries.set(s, summary);
    }
    return summary;
  }

  /** The summary with what changed since the base (the summary itself is cached across builds; the change is not). */
  #withChange(summary: ThreatModelSurfaceSummary, changes: ChangesSince | undefined): ThreatModelSurfaceSummary {
    const change = changes?.surfaces.get(summary.id);
    if (!change) return summary;
    return {
      ...summary,
      ...(change.status !== 'findings' ? { change: change.status } : {}),
      ...(change.fields.length ? { changedFields: [...change.fields] } : {}),
      ...(change.widenedScopes.length ? { widenedScopes: [...change.widenedScopes] } : {}),
      ...(change.newFindings ? { newFindings: change.newFindings } : {}),
    };
  }

  #finding(f: ModelFinding, documents: ReadonlyMap<string, ParsedDocument>, changes?: ChangesSince): ThreatModelFinding {
    const document = documents.get(f.uri);
    const isNew = changes?.findings.has(findingKey(changes.uriOf(f.uri), f.fingerprint)) === true;
    return {
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      fingerprint: f.fingerprint,
      stride: [...f.threats],
      location: { uri: f.uri, path: '', ...(document ? { range: this.#range(f.range, document) } : {}) },
      ...(f.elsewhere ? { elsewhere: true } : {}),
      ...(isNew ? { isNew } : {}),
    };
  }

  /** Resolves the pointers of `locations` in one pass per document (only those not resolved before). */
  #prefetch(locations: readonly ModelLocation[], documents: ReadonlyMap<string, ParsedDocument>): void {
    const wanted = new Map<ParsedDocument, Set<string>>();
    for (const l of locations) {
      const document = documents.get(l.uri);
      if (!document || this.#located.get(document)?.has(l.pointer)) continue;
      const set = wanted.get(document) ?? new Set<string>();
      set.add(l.pointer);
      wanted.set(document, set);
    }
    for (const [document, pointers] of wanted) {
      const cache = this.#located.get(document) ?? new Map<string, Location>();
      try {
        for (const [pointer, location] of document.locateAll(pointers)) cache.set(pointer, location);
      } catch {
        // A document that cannot be located leaves its locations without ranges.
      }
      this.#located.set(document, cache);
    }
  }

  #location(l: ModelLocation, documents: ReadonlyMap<string, ParsedDocument>): ThreatModelLocation {
    const out: ThreatModelLocation = { uri: l.uri, path: l.path };
    const document = documents.get(l.uri);
    if (!document) return out;
    let located = this.#located.get(document)?.get(l.pointer);
    if (!located) {
      this.#prefetch([l], documents);
      located = this.#located.get(document)?.get(l.pointer);
    }
    if (located) out.range = this.#range(l.at === 'key' ? located.keyRange ?? located.range : located.range, document);
    return out;
  }

  #range(range: SourceRange, document: ParsedDocument): { start: { line: number; character: number }; end: { line: number; character: number } } {
    let lines = this.#lines.get(document);
    if (!lines) {
      lines = new LineIndex(document.text);
      this.#lines.set(document, lines);
    }
    return { start: lines.positionAt(range.start), end: lines.positionAt(range.end) };
  }
}

/** `items` with those that match first, each part in its original order. */
function deltaFirst<T>(items: readonly T[], changed: (item: T) => boolean): T[] {
  const first: T[] = [];
  const rest: T[] = [];
  for (const item of items) (changed(item) ? first : rest).push(item);
  return first.length ? [...first, ...rest] : [...items];
}

function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  return a.length === b.length && a.every((f, i) => f.fingerprint === b[i].fingerprint && f.severity === b[i].severity && f.message === b[i].message);
}

/**
 * Registers the threat-model requests and the change notification; returns the service (for tests and benchmarks).
 * With `settings`, the view marks what changed since the revision `surfaceReview.threatModel.changedSince` names.
 */
export function registerThreatModel(connection: Connection, workspace: Workspace, since?: { readonly settings: SettingsCache; readonly policies?: PolicyStore }): ThreatModelService {
  const log = (line: string) => connection.console.log(line);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const changed = () => {
    service.invalidate();
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connection.sendNotification(ThreatModelChangedNotification, { version: service.version });
    }, CHANGE_DEBOUNCE_MS);
  };
  const changedSince = since ? new ChangedSince(workspace, since.settings, since.policies, log, changed) : undefined;
  const service = new ThreatModelService(workspace, log, changedSince);
  workspace.onDidChange(() => {
    changed();
    changedSince?.request();
  });
  connection.onRequest(ThreatModelRequest, (params) => {
    changedSince?.request(); // a commit or a checkout moves the base without changing a file the index reads
    return service.model(params);
  });
  connection.onRequest(ThreatModelGroupRequest, (params) => service.group(params));
  connection.onRequest(ThreatModelSurfaceRequest, (params) => service.surface(params.id));
  connection.onRequest(DataFlowDiagramRequest, () => ({ markdown: service.diagram() }));
  return service;
}
