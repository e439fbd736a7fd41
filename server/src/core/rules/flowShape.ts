// Helpers for the rules about how a flow is built (error paths, retries, node provenance): the node as exported, what
// starts the flow and which nodes act on other systems.
import type { FlowNode, NodeRole } from '../model/index.js';
import { parsePointer } from '../source.js';
import { asObject, valueAt } from '../walk.js';
import type { RuleContext } from './types.js';

/** The node's object as exported (n8n node settings such as `retryOnFail` and `onError` sit beside its parameters). */
export function rawNode(context: RuleContext, node: FlowNode): Record<string, unknown> {
  return asObject(valueAt(context.document.value, parsePointer(node.pointer))) ?? {};
}

/** Roles of nodes that call or change another system. */
export const OUTBOUND_ROLES: ReadonlySet<NodeRole> = new Set(['http-request', 'database', 'file', 'email', 'messaging', 'storage', 'ai', 'command']);

/** True when the node calls another system (an outbound role, or an unclassified node with a credential). */
export function isOutbound(node: FlowNode): boolean {
  return OUTBOUND_ROLES.has(node.role) || (node.role === 'other' && node.credentialRefs.length > 0);
}

/** Triggers a person starts by hand or another workflow calls: their failures surface to whoever started them. */
const ATTENDED = /^(?:Manual|n8n sub-workflow|n8n error workflow|Inject|Manual trigger \(button\)|Power Apps|Copilot Studio)$/;

/** How the flow starts when nobody is watching: `inbound` (webhooks, events), `schedule`, or undefined (manual only). */
export function unattendedStart(nodes: readonly FlowNode[]): { kind: 'inbound' | 'schedule'; node: FlowNode } | undefined {
  let schedule: FlowNode | undefined;
  for (const node of nodes) {
    if (node.disabled || !node.role.startsWith('trigger-') || ATTENDED.test(node.service ?? '')) continue;
    if (node.role === 'trigger-schedule') schedule ??= node;
    else return { kind: 'inbound', node };
  }
  return schedule && { kind: 'schedule', node: schedule };
}

/** Roles that keep records: a failed write there loses the record. */
const RECORD_ROLES: ReadonlySet<NodeRole> = new Set(['database', 'storage', 'file']);

/** True when the node writes to a system of record (a database, sheet, CRM, file store, or an HTTP POST/PUT/PATCH/DELETE). */
export function writesRecords(node: FlowNode): boolean {
  if (RECORD_ROLES.has(node.role)) return true;
  if (node.role === 'http-request') return /^(?:POST|PUT|PATCH|DELETE)$/i.test(node.method ?? '');
  return node.role === 'other' && node.credentialRefs.length > 0;
}
