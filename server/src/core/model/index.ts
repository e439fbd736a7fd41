export type { Finding, Fix, RelatedLocation, Severity, Stride, TextEdit } from './finding.js';
export type { CredentialRef, Edge, Flow, FlowNode, NodeAuth, NodeRole, Platform, ScopeSource } from './flow.js';
export { flowSurfaces, surfaceOf } from './surfaces.js';
export type { FlowSurface, SurfaceDirection } from './surfaces.js';
