// Shared helpers for rules that read the flow model.
import { maskEndpoint } from '../secrets/redact.js';
import type { FileFormat } from '../sniff.js';

/** The formats that carry flows (as opposed to inventories and policies). */
export const FLOW_FORMATS: readonly FileFormat[] = ['n8n', 'power-automate', 'logic-apps', 'node-red', 'make', 'zapier'];

/** `"Name" (POST /path)` — how messages name a node and its endpoint (masked: {@link maskEndpoint}). */
export function describeNode(node: { name: string; method?: string; endpoint?: string }): string {
  const where = [node.method?.toUpperCase(), node.endpoint && maskEndpoint(node.endpoint)].filter(Boolean).join(' ');
  return where ? `"${node.name}" (${where})` : `"${node.name}"`;
}
