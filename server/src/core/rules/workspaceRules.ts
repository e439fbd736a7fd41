// Shared helpers for the cross-file rules (`drift/*`, `scope/undeclared`, `policy/unused-suppression`).
import type { FlowNode } from '../model/index.js';
import type { ParsedDocument } from '../parse/index.js';
import { childPointer, parsePointer } from '../source.js';
import { asObject, valueAt } from '../walk.js';

/** Where a finding about a node points: its `name` value when the node object has one, else the node's key (or the node). */
export function nodeAnchor(document: ParsedDocument | undefined, node: FlowNode): { pointer: string; at: 'value' | 'key' } {
  const raw = asObject(valueAt(document?.value, parsePointer(node.pointer)));
  if (raw && raw.name === node.name) return { pointer: childPointer(node.pointer, 'name'), at: 'value' };
  return { pointer: node.pointer, at: 'key' };
}

/** `\`a\``, `\`a\` and \`b\``, `\`a\`, \`b\` and \`c\``. */
export function listOf(items: readonly string[]): string {
  const quoted = items.map((s) => `\`${s}\``);
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
}

/** How messages name a flow node: `"Name"` with its kind. */
export function nodeLabel(node: FlowNode): string {
  return `"${node.name}"`;
}
