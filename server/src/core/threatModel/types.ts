// The threat model's input (a plain workspace snapshot) and output (plain data for the tree view, the report and
// the data-flow diagram). Offsets only: positions are computed by the adapters.
import type { InventorySurface, Risk, SurfaceInventory } from '../inventory/model.js';
import type { ControlId, ElementClass } from '../knowledge/threats.js';
import type { Finding, Flow, Platform, Severity, Stride } from '../model/index.js';
import type { FlowSurface } from '../model/surfaces.js';
import type { ParsedDocument } from '../parse/index.js';
import type { FileFormat } from '../sniff.js';
import type { SourceRange } from '../source.js';

/** One analysed file of the workspace, as the threat model reads it. */
export interface ThreatModelFile {
  readonly uri: string;
  /** Relative to its workspace folder, `/`-separated: inventory `flow:` paths resolve against it. */
  readonly path: string;
  /** The workspace folder the file belongs to (any stable string); links never cross folders. Default `''`. */
  readonly root?: string;
  readonly format: FileFormat;
  readonly findings: readonly Finding[];
  readonly flow?: Flow;
  /** The inventory model of a `surface-inventory` file; built from `document.value` when absent. */
  readonly inventory?: SurfaceInventory;
  /** The parsed data: the inventory is built from it when `inventory` is absent, and node names are read from it. */
  readonly document?: Pick<ParsedDocument, 'value'>;
}

/**
 * Where something is: a file and a JSON pointer. Adapters resolve the pointer with `document.locate` when they
 * show it (the value's range, or the key's when `at` is `key`), so nothing is positioned that nobody looks at.
 */
export interface ModelLocation {
  readonly uri: string;
  readonly path: string;
  readonly pointer: string;
  /** `key`: point at the property name (actions named by their key); the value otherwise. */
  readonly at?: 'key';
}

/** What shows a control is in place. */
export interface ModelEvidence {
  readonly control: ControlId;
  /** The control's label from the catalogue. */
  readonly label: string;
  /** What was found, e.g. `auth.signature: hmac-sha256 (Stripe-Signature)`. */
  readonly detail: string;
  readonly location?: ModelLocation;
}

/** A finding as the threat model shows it. `elsewhere` is true for a flow-wide finding (not on this surface's node). */
export interface ModelFinding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly fingerprint: string;
  readonly threats: readonly Stride[];
  readonly uri: string;
  readonly range: SourceRange;
  readonly elsewhere?: boolean;
}

export type ThreatState = 'open' | 'mitigated';

export interface ModelThreat {
  /** `<surface id>/<stride>`: stable across rebuilds. */
  readonly id: string;
  /** The catalogue entry, e.g. `S/entry-point`. */
  readonly catalogueId: string;
  readonly stride: Stride;
  readonly category: string;
  readonly title: string;
  readonly description: string;
  readonly state: ThreatState;
  /** Evidence of the controls of the closest mitigation (all of it when mitigated). */
  readonly evidence: readonly ModelEvidence[];
  /** Controls of the closest mitigation with no evidence. */
  readonly missing: readonly { readonly control: ControlId; readonly label: string }[];
  /** The findings that keep it open (attached to the surface and carrying this STRIDE letter). */
  readonly findings: readonly ModelFinding[];
  /** One or two sentences: why it is open or mitigated. */
  readonly rationale: string;
  /** The surface's risk: how much an open threat here matters. */
  readonly risk: Risk;
}

export interface ScoreParts {
  readonly classification: number;
  readonly exposure: number;
  readonly auth: number;
  readonly scopes: number;
  readonly findings: number;
}

export interface ModelZone {
  readonly id: string;
  readonly kind?: string;
  readonly description?: string;
  /** True when no inventory declares it (the model inferred it from a flow). */
  readonly inferred: boolean;
}

export interface ModelBoundary {
  /** `<from>-><to>`. */
  readonly id: string;
  readonly from: ModelZone;
  readonly to: ModelZone;
  /** True when every surface on it had its boundary inferred. */
  readonly inferred: boolean;
  /** Surface ids, highest score first. */
  readonly surfaceIds: readonly string[];
  /** The highest risk of its surfaces. */
  readonly risk: Risk;
}

export interface ModelSurface {
  /** Stable: the inventory id when documented, else `<flow path>#<node id>`. */
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly direction: string;
  readonly element: ElementClass;
  readonly platform?: string;
  readonly owner?: string;
  readonly classification?: string;
  /** Secrets masked (`maskEndpoint`): it is shown as it is. */
  readonly endpoint?: string;
  /** Declared in the inventory, else the band of the score. */
  readonly risk: Risk;
  readonly riskSource: 'declared' | 'score';
  /** 0–100 (docs/threat-model.md). */
  readonly score: number;
  readonly scoreParts: ScoreParts;
  /** True when an inventory entry documents it. */
  readonly documented: boolean;
  /** The flow file (path) whose node implements it, when known. */
  readonly flowPath?: string;
  readonly boundaryId: string;
  readonly boundaryInferred: boolean;
  /** The inventory entry first, then the flow node. */
  readonly locations: readonly ModelLocation[];
  readonly threats: readonly ModelThreat[];
  /** Findings on the surface whose STRIDE letters match none of its threats (or that carry none). */
  readonly otherFindings: readonly ModelFinding[];
}

export interface ThreatModelSummary {
  readonly surfaces: number;
  readonly threats: number;
  readonly open: number;
  readonly mitigated: number;
  /** Open threats by the risk of their surface. */
  readonly openByRisk: Readonly<Record<Risk, number>>;
  /** Findings of the workspace on no surface (flows without surfaces, inventory headers, policies). */
  readonly unattachedFindings: number;
}

export interface ThreatModel {
  readonly zones: readonly ModelZone[];
  readonly boundaries: readonly ModelBoundary[];
  /** Highest score first. */
  readonly surfaces: readonly ModelSurface[];
  readonly summary: ThreatModelSummary;
}

/** A partial map of controls to their evidence. */
export type EvidenceMap = Partial<Record<ControlId, ModelEvidence>>;

/** A flow node that is a surface, with what its own file shows. */
export interface FlowSurfacePart {
  readonly key: string;
  readonly surface: FlowSurface;
  readonly platform: Platform;
  readonly flowOwner?: string;
  readonly authNone: boolean;
  readonly location: ModelLocation;
  readonly evidence: EvidenceMap;
  readonly findings: readonly ModelFinding[];
}

/** An inventory entry with what its own file shows. */
export interface InventorySurfacePart {
  readonly key: string;
  readonly surface: InventorySurface;
  readonly location: ModelLocation;
  readonly evidence: EvidenceMap;
  readonly findings: readonly ModelFinding[];
}

/**
 * What one file contributes, computed from that file alone: adapters cache it per file version, so a rebuild
 * after an edit recomputes one part and reassembles.
 */
export interface ThreatModelPart {
  readonly uri: string;
  readonly path: string;
  readonly root: string;
  readonly flow?: { readonly platform: Platform; readonly surfaces: readonly FlowSurfacePart[] };
  readonly inventory?: { readonly zones: SurfaceInventory['zones']; readonly surfaces: readonly InventorySurfacePart[] };
  /** Findings of the file that attach to none of its surfaces. */
  readonly unattached: number;
}
