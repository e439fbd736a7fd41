// Custom LSP messages between the extension client and the language server: the one place they are declared.
// Both sides import this file (the client's tsconfig includes it; esbuild bundles it into both).
import { NotificationType, RequestType, RequestType0, type Range } from 'vscode-languageserver-protocol';

/** Counts of findings by severity. */
export interface SeverityCounts {
  error: number;
  warning: number;
  info: number;
  hint: number;
}

/** The workspace's review state, for the status bar. */
export interface ReviewStatus {
  /** Files recognised as ours (flows, inventories, policies). */
  files: number;
  /** Findings in those files, by severity. */
  counts: SeverityCounts;
  /** Files skipped (too large); their one-line reasons are in the output channel. */
  skipped: number;
  /** True while the workspace scan runs. */
  scanning: boolean;
}

/**
 * `surfaceReview/status` — server → client, after the workspace scan and after every change that alters
 * the counts. The client shows it in the status bar.
 */
export const StatusNotification = new NotificationType<ReviewStatus>('surfaceReview/status');

/**
 * `surfaceReview/reviewWorkspace` — client → server, from the `Surface Review: Review Workspace` command:
 * re-reads every file of the workspace (with progress) and answers with the new status.
 */
export const ReviewWorkspaceRequest = new RequestType0<ReviewStatus, void>('surfaceReview/reviewWorkspace');

// ---- Threat model (server/src/lsp/threatModel.ts ↔ client/src/threatModelView.ts) ----

export type ThreatRisk = 'low' | 'medium' | 'high' | 'critical';
export type ThreatState = 'open' | 'mitigated';

/** A place in a file: 0-based positions; `range` is absent when the server could not resolve it. */
export interface ThreatModelLocation {
  uri: string;
  /** Relative to its workspace folder. */
  path: string;
  range?: Range;
}

export interface ThreatModelZone {
  id: string;
  /** `external | partner | saas | platform | internal | restricted`, as the inventory's zones say. */
  kind?: string;
  description?: string;
  /** True when no inventory declares it (the model inferred it from a flow). */
  inferred: boolean;
}

export interface ThreatModelBoundary {
  /** `<from>-><to>`. */
  id: string;
  from: ThreatModelZone;
  to: ThreatModelZone;
  inferred: boolean;
  /** Highest score first. */
  surfaceIds: string[];
  risk: ThreatRisk;
}

/** A surface as the tree's upper levels show it; its threats come with `surfaceReview/threatModelSurface`. */
export interface ThreatModelSurfaceSummary {
  /** Stable: the inventory id when documented, else `<flow path>#<node id>`. */
  id: string;
  name: string;
  kind: string;
  direction: string;
  platform?: string;
  owner?: string;
  classification?: string;
  endpoint?: string;
  risk: ThreatRisk;
  /** `declared` in the inventory, or the band of the `score`. */
  riskSource: 'declared' | 'score';
  /** 0–100, docs/threat-model.md "Score". */
  score: number;
  scoreParts: { classification: number; exposure: number; auth: number; scopes: number; findings: number };
  documented: boolean;
  flowPath?: string;
  boundaryId: string;
  /** The inventory entry first, then the flow node. */
  locations: ThreatModelLocation[];
  /** STRIDE letters of its open and its mitigated threats, in STRIDE order. */
  open: string[];
  mitigated: string[];
  /** Distinct findings on the surface. */
  findings: number;
}

export interface ThreatModelSummary {
  surfaces: number;
  threats: number;
  open: number;
  mitigated: number;
  /** Open threats by the risk of their surface. */
  openByRisk: Record<ThreatRisk, number>;
  /** Findings on no surface (flows without surfaces, inventory headers, policies). */
  unattachedFindings: number;
}

/** The `surfaceReview/threatModel` answer. */
export interface ThreatModelDto {
  /** Increases with every change of the workspace index; details requested for an older version may be gone. */
  version: number;
  zones: ThreatModelZone[];
  /** Highest risk first. */
  boundaries: ThreatModelBoundary[];
  /** Highest score first. */
  surfaces: ThreatModelSurfaceSummary[];
  summary: ThreatModelSummary;
}

export interface ThreatModelFinding {
  ruleId: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  message: string;
  fingerprint: string;
  stride: string[];
  location: ThreatModelLocation;
  /** True for a finding elsewhere in the same flow (not on the surface's own node). */
  elsewhere?: boolean;
}

export interface ThreatModelEvidence {
  control: string;
  label: string;
  detail: string;
  location?: ThreatModelLocation;
}

export interface ThreatModelThreat {
  /** `<surface id>/<STRIDE letter>`. */
  id: string;
  stride: string;
  /** `Spoofing`, `Tampering`, ... */
  category: string;
  title: string;
  description: string;
  state: ThreatState;
  /** Why it is open or mitigated, in one or two sentences. */
  rationale: string;
  /** The surface's risk. */
  risk: ThreatRisk;
  /** Evidence of the controls of the closest mitigation. */
  evidence: ThreatModelEvidence[];
  /** Controls of the closest mitigation with no evidence. */
  missing: { control: string; label: string }[];
  /** The findings that keep it open. */
  findings: ThreatModelFinding[];
}

/** The `surfaceReview/threatModelSurface` answer: a surface's threats. */
export interface ThreatModelSurfaceDetail {
  id: string;
  /** The model version it was computed in. */
  version: number;
  threats: ThreatModelThreat[];
  /** Findings on the surface that match none of its threats' STRIDE letters. */
  otherFindings: ThreatModelFinding[];
}

/**
 * `surfaceReview/threatModel` — client → server, when the threat-model view opens and after every
 * `surfaceReview/threatModelChanged`: the workspace's trust boundaries and surfaces (threats come per surface).
 */
export const ThreatModelRequest = new RequestType0<ThreatModelDto, void>('surfaceReview/threatModel');

/**
 * `surfaceReview/threatModelSurface` — client → server, when a surface is expanded in the view (or a test reads
 * it): its STRIDE threats with evidence and findings; `null` when no surface has that id any more.
 */
export const ThreatModelSurfaceRequest = new RequestType<{ id: string }, ThreatModelSurfaceDetail | null, void>('surfaceReview/threatModelSurface');

/**
 * `surfaceReview/threatModelChanged` — server → client, debounced, after the workspace index changed (a file
 * was analysed, closed, deleted or the workspace re-scanned). The client asks for the model again.
 */
export const ThreatModelChangedNotification = new NotificationType<{ version: number }>('surfaceReview/threatModelChanged');

/**
 * `surfaceReview/dataFlowDiagram` — client → server, from `Surface Review: Show Data-Flow Diagram`: the threat
 * model as a Markdown document with a Mermaid diagram (trust zones as subgraphs).
 */
export const DataFlowDiagramRequest = new RequestType0<{ markdown: string }, void>('surfaceReview/dataFlowDiagram');

/** The formats a review report can be exported in. */
export type ReportFormat = 'markdown' | 'html' | 'sarif' | 'json' | 'csv';

/**
 * `surfaceReview/exportReport` — client → server, from `Surface Review: Export Security Review Report`: the
 * workspace's review rendered by the core's report renderer (the same one the CLI uses), for the client to save.
 */
export const ExportReportRequest = new RequestType<{ format: ReportFormat }, { content: string }, void>('surfaceReview/exportReport');
