export type { Finding, Fix, RelatedLocation, Severity, Stride, TextEdit } from './finding.js';
export type { CredentialRef, Edge, Flow, FlowNode, NodeAuth, NodeRole, Platform } from './flow.js';
