// The threat model (DESIGN §7, docs/threat-model.md): boundaries → surfaces → STRIDE threats → findings.
export { assembleThreatModel, buildThreatModel, ThreatModelCache } from './build.js';
export { findingKey, modelChanges } from './changes.js';
export type { ModelChanges, SurfaceChange } from './changes.js';
export { dataFlowMarkdown, toMermaid } from './mermaid.js';
export type { MermaidOptions } from './mermaid.js';
export { threatModelPart } from './parts.js';
export { riskOfScore, scoreOf, scoreParts } from './score.js';
export type { ScoreInput } from './score.js';
export type * from './types.js';
export { CONTROLS, STRIDE_CATEGORIES, STRIDE_ORDER, THREATS, elementClassOf, threatsFor } from '../knowledge/threats.js';
export type { ControlId, ControlEntry, ElementClass, ThreatEntry } from '../knowledge/threats.js';
export { GROUP_BYS, groupSurfaces } from './groups.js';
export type { GroupBy, SurfaceGroup } from './groups.js';
