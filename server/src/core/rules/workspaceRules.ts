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

/**
 * Where a finding about a whole flow points: its name where the export has one (Power Automate and Logic Apps
 * `properties.displayName`; n8n, Make `name`; an ARM template's first workflow resource `name`; a Node-RED tab `label`, else
 * subflow `name`; a Zapier zap `title`), else the `definition` key, else the document's first key (never the whole file).
 */
export function flowAnchor(document: ParsedDocument | undefined): { pointer: string; at: 'value' | 'key' } {
  const root = document?.value;
  const isText = (v: unknown) => typeof v === 'string' && v.trim() !== '';
  if (Array.isArray(root)) {
    const tab = root.findIndex((e) => asObject(e)?.type === 'tab' && isText(asObject(e)?.label));
    if (tab !== -1) return { pointer: `/${tab}/label`, at: 'value' };
    const subflow = root.findIndex((e) => asObject(e)?.type === 'subflow' && isText(asObject(e)?.name));
    if (subflow !== -1) return { pointer: `/${subflow}/name`, at: 'value' };
    const first = asObject(root[0]);
    return { pointer: first && isText(first.type) ? '/0/type' : root.length ? '/0' : '', at: 'value' };
  }
  const obj = asObject(root);
  if (!obj) return { pointer: '', at: 'value' };
  // A resource's `name` is its id; its display name is what people call it.
  if (isText(asObject(obj.properties)?.displayName)) return { pointer: '/properties/displayName', at: 'value' };
  if (isText(obj.name)) return { pointer: '/name', at: 'value' };
  if (Array.isArray(obj.resources)) {
    const i = obj.resources.findIndex((r) => /^microsoft\.logic\/workflows$/i.test(String(asObject(r)?.type ?? '')) && isText(asObject(r)?.name));
    if (i !== -1) return { pointer: `/resources/${i}/name`, at: 'value' };
  }
  if (Array.isArray(obj.zaps)) {
    const zap = asObject(obj.zaps[0]);
    if (isText(zap?.title)) return { pointer: '/zaps/0/title', at: 'value' };
  }
  if (asObject(asObject(obj.properties)?.definition)) return { pointer: '/properties/definition', at: 'key' };
  if (asObject(obj.definition)) return { pointer: '/definition', at: 'key' };
  const first = Object.keys(obj)[0];
  return first !== undefined ? { pointer: childPointer('', first), at: 'key' } : { pointer: '', at: 'value' };
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
