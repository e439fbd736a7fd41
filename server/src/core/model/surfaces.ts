// The integration surfaces a flow exposes and uses, derived from its nodes (for the threat view, the report
// and the inventory links).
import type { Flow, FlowNode, NodeRole } from './flow.js';

export type SurfaceDirection = 'inbound' | 'outbound';

/** A surface found in a flow: an inbound trigger others call, or an outbound service the flow calls. */
export interface FlowSurface {
  /** Stable within the file: the node's id. */
  readonly nodeId: string;
  readonly nodeName: string;
  readonly direction: SurfaceDirection;
  /** DESIGN §3 surface kinds. */
  readonly kind: 'webhook' | 'api' | 'connector' | 'database' | 'file-transfer' | 'automation-script' | 'event-stream';
  readonly service?: string;
  readonly endpoint?: string;
  readonly authMethod?: string;
  readonly scopes: readonly string[];
  readonly pointer: string;
}

const OUTBOUND_KIND: Partial<Record<NodeRole, FlowSurface['kind']>> = {
  'http-request': 'api',
  database: 'database',
  file: 'file-transfer',
  email: 'connector',
  messaging: 'connector',
  storage: 'connector',
  ai: 'connector',
  command: 'automation-script',
};

/** The node as a surface, or undefined for internal steps (transforms, control, code without I/O). */
export function surfaceOf(node: FlowNode): FlowSurface | undefined {
  const base = { nodeId: node.id, nodeName: node.name, service: node.service, endpoint: node.endpoint, authMethod: node.auth.method, scopes: node.scopes, pointer: node.pointer };
  if (node.role === 'trigger-webhook') return { ...base, direction: 'inbound', kind: 'webhook' };
  if (node.role === 'trigger-event' && node.service && node.credentialRefs.length) return { ...base, direction: 'inbound', kind: 'event-stream' };
  const kind = OUTBOUND_KIND[node.role];
  if (kind) return { ...base, direction: 'outbound', kind };
  if (node.role === 'other' && node.credentialRefs.length) return { ...base, direction: 'outbound', kind: 'connector' };
  return undefined;
}

/** Every surface of a flow, in node order; disabled nodes are left out. */
export function flowSurfaces(flow: Flow): FlowSurface[] {
  return flow.nodes.filter((n) => !n.disabled).flatMap((n) => surfaceOf(n) ?? []);
}
