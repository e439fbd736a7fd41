// Chains in words and places: how a finding names the nodes data went through, and the related locations (one per hop)
// the editor shows under it.
import type { Flow, FlowNode } from '../model/index.js';
import { describeNode } from '../rules/flowRules.js';
import type { RelatedReport } from '../rules/types.js';
import type { Taint } from './types.js';

/** The place that names a node in its file: n8n and Node-RED `name`, a WDL action's key, a Make module's `module`. */
export function nodeAnchor(node: FlowNode, platform: Flow['platform']): Pick<RelatedReport, 'pointer' | 'at'> {
  const raw = node.parameters as Record<string, unknown> | undefined;
  switch (platform) {
    case 'n8n':
      return { pointer: `${node.pointer}/name` };
    case 'power-automate':
    case 'logic-apps':
      return { pointer: node.pointer, at: 'key' };
    case 'node-red':
      return { pointer: `${node.pointer}/${typeof raw?.name === 'string' && raw.name ? 'name' : 'type'}` };
    case 'make':
      return { pointer: `${node.pointer}/module` };
    case 'zapier':
      return { pointer: node.pointer, at: 'key' };
  }
}

/** How a message names a field: `body.id`, `its whole payload`, `the uploaded file's fileName`. */
export function fieldLabel(field: string): string {
  if (!field) return 'the input';
  if (field === '#binary' || field.startsWith('#binary.')) return `the file ${field.slice(1)}`;
  return field;
}

/** The nodes a taint went through before `sink`, by name: `"Set fields" → "Loop"`; long chains keep both ends. */
export function viaText(byId: ReadonlyMap<string, FlowNode>, taint: Taint, sink: string): string {
  const names: string[] = [];
  for (const hop of taint.hops) {
    if (hop.node === sink || hop.node === taint.source) continue;
    const name = `"${byId.get(hop.node)?.name ?? hop.node}"`;
    if (names[names.length - 1] !== name) names.push(name);
  }
  if (names.length > 6) return [...names.slice(0, 2), '…', ...names.slice(-3)].join(' → ');
  return names.join(' → ');
}

/**
 * Related locations for a chain: the source, each node the value went through (at the parameter that picked it up),
 * then the sink's own place. Messages are numbered so the editor lists them in order.
 */
export function chainRelated(
  platform: Flow['platform'],
  byId: ReadonlyMap<string, FlowNode>,
  taint: Taint,
  sink: { node: string; pointer: string; at?: RelatedReport['at']; message: string },
): RelatedReport[] {
  const related: RelatedReport[] = [];
  const source = byId.get(taint.source);
  if (source) related.push({ ...nodeAnchor(source, platform), message: `1. ${describeNode(source)} brings the data in${taint.field ? ` (${fieldLabel(taint.field)})` : ''}` });
  for (const hop of taint.hops) {
    if (hop.node === sink.node || hop.node === taint.source) continue;
    const node = byId.get(hop.node);
    if (!node) continue;
    const picked = hop.pointer !== node.pointer;
    related.push({
      ...(picked ? { pointer: hop.pointer } : nodeAnchor(node, platform)),
      message: `${related.length + 1}. "${node.name}" ${picked ? 'uses it here' : 'passes it on'}`,
    });
  }
  related.push({ pointer: sink.pointer, at: sink.at, message: `${related.length + 1}. ${sink.message}` });
  return related;
}
