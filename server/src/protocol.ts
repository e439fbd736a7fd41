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
  /** Files skipped (too large, or beyond `surfaceReview.maxWorkspaceFiles`); the reasons are in the output channel. */
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

/** What the client sends in `initialize`'s `initializationOptions`. */
export interface InitializationOptions {
  /**
   * `vscode.workspace.isTrusted`. Untrusted, the server still reviews, but the workspace's policy file may only
   * tighten the review (no suppressions, no lower severities); absent means trusted (editors without workspace trust).
   */
  workspaceTrusted?: boolean;
}

/**
 * `surfaceReview/workspaceTrust` — client → server, when the user grants workspace trust
 * (`vscode.workspace.onDidGrantWorkspaceTrust`): the server applies the policy file in full and reviews again.
 */
export const WorkspaceTrustNotification = new NotificationType<{ trusted: boolean }>('surfaceReview/workspaceTrust');

// ---- Threat model (server/src/lsp/threatModel.ts ↔ client/src/threatModelView.ts, docs/threat-model.md) ----
// The tree is fetched level by level, so a workspace of thousands of flows never sends what nobody expands:
// groups (`threatModel`) → a page of a group's surfaces (`threatModelGroup`) → a surface's threats (`threatModelSurface`).

export type ThreatRisk = 'low' | 'medium' | 'high' | 'critical';
export type ThreatState = 'open' | 'mitigated';
export type ThreatModelGroupBy = 'boundary' | 'owner' | 'platform' | 'risk';

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

export interface ThreatModelSummary {
  surfaces: number;
  threats: number;
  open: number;
  mitigated: number;
  /** Open threats by the risk of their surface (the view's badge counts high and critical). */
  openByRisk: Record<ThreatRisk, number>;
  /** Findings on no surface (flows without surfaces, inventory headers, policies). */
  unattachedFindings: number;
}

/** A top-level node: a trust boundary, an owner, a platform or a risk level. */
export interface ThreatModelGroup {
  /** The boundary id (`<from>-><to>`), the owner, the platform or the risk: pass it to `threatModelGroup`. */
  key: string;
  label: string;
  /** The highest risk of its surfaces. */
  risk: ThreatRisk;
  /** Surfaces in the group (with `openOnly`, those with an open threat). */
  surfaces: number;
  /** Open threats of those surfaces. */
  open: number;
  /** Boundaries only: the zones, and whether the boundary was inferred from the flows. */
  from?: ThreatModelZone;
  to?: ThreatModelZone;
  inferred?: boolean;
  /** With `changedSince`: its surfaces added, changed or with a new finding since the base (such groups come first). */
  changed?: number;
}

export interface ThreatModelParams {
  groupBy: ThreatModelGroupBy;
  /** Only surfaces with an open threat (and, below them, only open threats). */
  openOnly: boolean;
}

/** What the view is compared with (setting `surfaceReview.threatModel.changedSince`). */
export interface ThreatModelChangedSince {
  /** The revision as set, or `merge base with origin/main`, with its abbreviated commit: `HEAD~3 (1a2b3c4)`. */
  label: string;
  /** The abbreviated commit of each folder's base. */
  commits: string[];
  /** Surfaces added, changed or with a new finding since the base. */
  surfaces: number;
  /** Findings new since the base. */
  findings: number;
}

/** The `surfaceReview/threatModel` answer. */
export interface ThreatModelDto {
  /** Increases with every change of the workspace index. */
  version: number;
  groupBy: ThreatModelGroupBy;
  openOnly: boolean;
  summary: ThreatModelSummary;
  /** Riskiest first; with `changedSince`, those with changes first. */
  groups: ThreatModelGroup[];
  /** Present when a base revision is loaded (absent when the setting is off, or git, the repository or the revision is missing). */
  changedSince?: ThreatModelChangedSince;
}

/** A surface as the tree shows it; its threats come with `surfaceReview/threatModelSurface`. */
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
  /** Since the base revision: `added` (not there), `changed` (`changedFields` differ); absent when neither. */
  change?: 'added' | 'changed';
  /** `endpoint`, `auth`, `scopes`, `owner`, `classification`, `risk`, `flow`. */
  changedFields?: string[];
  /** Scopes granted now that the base did not grant. */
  widenedScopes?: string[];
  /** Its findings that are new since the base. */
  newFindings?: number;
}

export interface ThreatModelGroupParams extends ThreatModelParams {
  key: string;
  /** At most this many surfaces, highest score first (with `changedSince`, those with changes first; default 250). */
  limit?: number;
}

/** The `surfaceReview/threatModelGroup` answer. */
export interface ThreatModelGroupDto {
  version: number;
  surfaces: ThreatModelSurfaceSummary[];
  /** Surfaces in the group; more than `surfaces.length` when `limit` cut the list. */
  total: number;
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
  /** True when the finding is new since the base revision (`ThreatModelDto.changedSince`). */
  isNew?: boolean;
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
 * `surfaceReview/threatModel` — client → server, when the threat-model view opens, after every
 * `surfaceReview/threatModelChanged` and when the grouping or filter changes: the summary and the groups.
 */
export const ThreatModelRequest = new RequestType<ThreatModelParams, ThreatModelDto, void>('surfaceReview/threatModel');

/** `surfaceReview/threatModelGroup` — client → server, when a group is expanded: a page of its surfaces. */
export const ThreatModelGroupRequest = new RequestType<ThreatModelGroupParams, ThreatModelGroupDto, void>('surfaceReview/threatModelGroup');

/**
 * `surfaceReview/threatModelSurface` — client → server, when a surface is expanded: its STRIDE threats with
 * evidence and findings; `null` when no surface has that id any more.
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

/** What `surfaceReview/generateInventory` is asked: which folder, and optionally which inventory (relative to it). */
export interface GenerateInventoryParams {
  /** The workspace folder's file-system path; the first folder when absent. */
  folder?: string;
  /** The inventory to write or merge into, relative to the folder; default: `surfaces.yaml` or the folder's one root inventory. */
  path?: string;
}

export interface GenerateInventoryResult {
  /** The inventory's file URI. */
  uri: string;
  /** Its new text (unchanged when nothing was added or retired). */
  text: string;
  /** False when the inventory does not exist yet. */
  existed: boolean;
  added: string[];
  retired: string[];
}

/**
 * `surfaceReview/generateInventory` — client → server, from `Surface Review: Generate Inventory from Flows`: the
 * folder's inventory completed with every flow surface no inventory documents (the core's `generateInventory`, as the
 * CLI's `inventory` command), for the client to write and open; `null` when the workspace has no folder.
 */
export const GenerateInventoryRequest = new RequestType<GenerateInventoryParams, GenerateInventoryResult | null, void>('surfaceReview/generateInventory');
