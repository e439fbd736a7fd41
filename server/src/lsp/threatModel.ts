// The threat-model feature: `surfaceReview/threatModel`, `surfaceReview/threatModelSurface` and
// `surfaceReview/dataFlowDiagram`, and a debounced `surfaceReview/threatModelChanged` when the index changes.
// The model is rebuilt from cached per-file parts: an edit recomputes one file's part and reassembles.
import type { Connection } from 'vscode-languageserver';
import type { AnalysisResult, ParsedDocument, SourceRange } from '../core/index.js';
import { LineIndex } from '../core/index.js';
import {
  assembleThreatModel,
  dataFlowMarkdown,
  threatModelPart,
  ThreatModelCache,
  type ModelEvidence,
  type ModelFinding,
  type ModelLocation,
  type ModelSurface,
  type ThreatModel,
  type ThreatModelPart,
} from '../core/threatModel/index.js';
import {
  DataFlowDiagramRequest,
  ThreatModelChangedNotification,
  ThreatModelRequest,
  ThreatModelSurfaceRequest,
  type ThreatModelDto,
  type ThreatModelEvidence,
  type ThreatModelFinding,
  type ThreatModelLocation,
  type ThreatModelSurfaceDetail,
  type ThreatModelSurfaceSummary,
} from '../protocol.js';
import type { IndexedFile, Workspace } from './workspace.js';

/** Index changes closer together than this send one notification (a scan, a burst of edits). */
const CHANGE_DEBOUNCE_MS = 250;

interface Built {
  readonly version: number;
  readonly model: ThreatModel;
  readonly dto: ThreatModelDto;
  readonly byId: ReadonlyMap<string, ModelSurface>;
  readonly documents: ReadonlyMap<string, ParsedDocument>;
}

/** Builds the threat model of the workspace index on demand, reusing what did not change. */
export class ThreatModelService {
  readonly #workspace: Workspace;
  readonly #parts = new WeakMap<AnalysisResult, ThreatModelPart>();
  readonly #cache = new ThreatModelCache();
  readonly #lines = new WeakMap<ParsedDocument, LineIndex>();
  readonly #summaries = new WeakMap<ModelSurface, ThreatModelSurfaceSummary>();
  #version = 1;
  #built: Built | undefined;
  /** How long the last build took, in ms (logged, and read by the benchmark). */
  lastBuildMs = 0;

  constructor(workspace: Workspace) {
    this.#workspace = workspace;
  }

  get version(): number {
    return this.#version;
  }

  /** The index changed: the next request rebuilds. */
  invalidate(): void {
    this.#version++;
  }

  /** The model DTO for the current index. */
  model(): ThreatModelDto {
    return this.#current().dto;
  }

  /** A surface's threats, or null when no surface has that id. */
  surface(id: string): ThreatModelSurfaceDetail | null {
    const built = this.#current();
    const surface = built.byId.get(id);
    if (!surface) return null;
    const at = (l: ModelLocation | undefined) => (l ? this.#location(l, built.documents) : undefined);
    const finding = (f: ModelFinding): ThreatModelFinding => this.#finding(f, built.documents);
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
        evidence: t.evidence.map((e: ModelEvidence): ThreatModelEvidence => ({ control: e.control, label: e.label, detail: e.detail, ...(e.location ? { location: at(e.location) } : {}) })),
        missing: t.missing.map((m) => ({ control: m.control, label: m.label })),
        findings: t.findings.map(finding),
      })),
      otherFindings: surface.otherFindings.map(finding),
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
    const version = this.#version;
    const dto: ThreatModelDto = {
      version,
      zones: model.zones.map((z) => ({ ...z })),
      boundaries: model.boundaries.map((b) => ({ id: b.id, from: { ...b.from }, to: { ...b.to }, inferred: b.inferred, surfaceIds: [...b.surfaceIds], risk: b.risk })),
      surfaces: model.surfaces.map((s) => this.#summary(s, documents)),
      summary: { ...model.summary, openByRisk: { ...model.summary.openByRisk } },
    };
    this.#built = { version, model, dto, byId: new Map(model.surfaces.map((s) => [s.id, s])), documents };
    this.lastBuildMs = performance.now() - started;
    return this.#built;
  }

  #partOf(file: IndexedFile): ThreatModelPart {
    let part = this.#parts.get(file.result);
    if (!part) {
      const { result } = file;
      part = threatModelPart({ uri: file.uri, path: file.path, root: file.root, format: result.format, findings: result.findings, flow: result.flow, document: result.document });
      this.#parts.set(file.result, part);
    }
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

  #finding(f: ModelFinding, documents: ReadonlyMap<string, ParsedDocument>): ThreatModelFinding {
    return {
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      fingerprint: f.fingerprint,
      stride: [...f.threats],
      location: this.#location({ uri: f.uri, path: '', pointer: '', range: f.range }, documents),
      ...(f.elsewhere ? { elsewhere: true } : {}),
    };
  }

  #location(l: ModelLocation, documents: ReadonlyMap<string, ParsedDocument>): ThreatModelLocation {
    const out: ThreatModelLocation = { uri: l.uri, path: l.path };
    const document = documents.get(l.uri);
    if (l.range && document) out.range = this.#range(l.range, document);
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

/** Registers the threat-model requests and the change notification; returns the service (for tests and benchmarks). */
export function registerThreatModel(connection: Connection, workspace: Workspace): ThreatModelService {
  const service = new ThreatModelService(workspace);
  let timer: ReturnType<typeof setTimeout> | undefined;
  workspace.onDidChange(() => {
    service.invalidate();
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connection.sendNotification(ThreatModelChangedNotification, { version: service.version });
    }, CHANGE_DEBOUNCE_MS);
  });
  connection.onRequest(ThreatModelRequest, () => service.model());
  connection.onRequest(ThreatModelSurfaceRequest, (params) => service.surface(params.id));
  connection.onRequest(DataFlowDiagramRequest, () => ({ markdown: service.diagram() }));
  return service;
}
