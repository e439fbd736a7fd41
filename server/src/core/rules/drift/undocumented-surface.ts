import type { FlowSurface } from '../../model/index.js';
import { addToInventoryFixes } from '../../workspace/addEntry.js';
import { nodeAnchor } from '../workspaceRules.js';
import { describeNode } from '../flowRules.js';
import type { Rule } from '../types.js';

const KIND: Record<FlowSurface['kind'], string> = {
  webhook: 'webhook',
  api: 'API call',
  connector: 'connector',
  database: 'database connection',
  'file-transfer': 'file transfer',
  'automation-script': 'command',
  'event-stream': 'event trigger',
};

/**
 * `drift/undocumented-surface`: a surface a flow exposes or uses that no inventory entry documents — by its flow and
 * node link, or by its endpoint or service. Only flows an inventory covers (one in the flow's folder or above) are checked.
 */
export const undocumentedSurface: Rule = {
  id: 'drift/undocumented-surface',
  defaultSeverity: 'warning',
  appliesTo: 'workspace',
  reportsOn: 'flow',
  threats: ['R', 'I'],
  cwe: 'CWE-1059',
  securitySeverity: 5.0,
  docs: {
    summary: 'A webhook, API call or connector in a flow that no entry of the surface inventory documents (by `flow`/`node` link, endpoint or service).',
    rationale: 'A surface missing from the inventory has no owner, classification, rotation or review: it is the integration nobody knows to switch off in an incident, and the review signs off on a system that is not the one running.',
    remediation: 'Add an entry for it (the quick fix writes a complete one with placeholders for owner, classification and risk, into the inventory you choose), then fill in the placeholders; or remove the node if the flow should not have it.',
  },
  checkWorkspace(context) {
    const { file, folder } = context;
    const links = folder.flowLinks(file);
    if (!links.covering.length) return;
    const nearest = links.covering[0];
    for (const { linked, entries } of links.surfaces) {
      if (entries.length) continue;
      const { node, surface } = linked;
      const kind = surface.kind === 'connector' && surface.service ? `${surface.service} connector` : KIND[surface.kind];
      const what = `${surface.direction === 'inbound' ? 'Inbound' : 'Outbound'} ${kind}`;
      const where = links.covering.length === 1 ? `\`${nearest.path}\`` : `any of ${links.covering.map((f) => `\`${f.path}\``).join(', ')}`;
      context.report({
        ...nodeAnchor(file.document, node),
        key: `node:${node.id}`,
        message: `${what} ${describeNode(node)} is not in the surface inventory: no entry of ${where} names this flow and node, or its endpoint or service. An undocumented surface has no owner, classification or review.`,
        related: [{ file: nearest, pointer: hasSurfaces(nearest) ? '/surfaces' : '', at: 'key', message: `The inventory that covers ${file.path}` }],
        fixes: () => addToInventoryFixes(file, linked, links.covering),
      });
    }
  },
};

function hasSurfaces(file: { document?: { value: unknown } }): boolean {
  const value = file.document?.value;
  return typeof value === 'object' && value !== null && 'surfaces' in value;
}
