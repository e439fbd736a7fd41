// The "Add to inventory" fix of `drift/undocumented-surface`: a complete entry for a flow surface — kind, direction,
// platform, flow and node link, endpoint, scopes — with placeholders for what only a person can say (owner,
// classification, risk), appended to the inventory's `surfaces` in the file's own style.
import type { Fix } from '../model/index.js';
import type { Flow } from '../model/index.js';
import type { Platform } from '../model/flow.js';
import { maskEndpoint, redactSecrets } from '../secrets/redact.js';
import { appendItem, type ItemValue } from './appendItem.js';
import { inventoryOfFile, parseEndpoint, relativePath, serviceKey, type LinkedSurface } from './link.js';
import type { WorkspaceFile } from './types.js';

/** Placeholder values, marked so a reviewer finds them (`TODO`), each valid against the inventory schema. */
export const ENTRY_PLACEHOLDERS = { owner: 'TODO', classification: 'internal', risk: 'medium' } as const;

const SCHEMA_PLATFORMS = new Set<Platform | string>(['n8n', 'power-automate', 'logic-apps', 'node-red', 'make', 'zapier']);

/** The entry `linked` (a surface of `flowFile`) gets in `inventory`, as plain data in schema order. */
export function inventoryEntryFor(flowFile: WorkspaceFile, linked: LinkedSurface, inventory: WorkspaceFile): Record<string, ItemValue> {
  const flow = flowFile.flow as Flow;
  const { node, surface } = linked;
  const taken = new Set((inventoryOfFile(inventory)?.surfaces ?? []).flatMap((s) => (s.id !== undefined ? [s.id] : [])));
  // A name with surrounding spaces cannot be linked back (the inventory reads `node:` trimmed): the id is used then.
  // So is a name that holds a secret (a token pasted into a label): the inventory shows it masked.
  const name = redactSecrets(node.name);
  const nameIsUnique = name === node.name && node.name === node.name.trim() && flow.nodes.filter((n) => n.name === node.name).length === 1;
  const entry: Record<string, ItemValue> = {
    id: uniqueId(slug(redactSecrets(`${flow.name || baseName(flowFile.path)} ${node.name}`)) || 'surface', taken),
    name,
    kind: surface.kind,
    direction: surface.direction,
  };
  if (SCHEMA_PLATFORMS.has(flow.platform)) entry.platform = flow.platform;
  entry.flow = relativePath(inventory.path, flowFile.path);
  entry.node = nameIsUnique ? node.name : node.id;
  // An inventory is committed and read by people: secrets in the endpoint are written masked (it still links).
  const endpoint = surface.endpoint !== undefined && parseEndpoint(surface.endpoint) ? surface.endpoint : undefined;
  if (endpoint !== undefined) entry.endpoint = maskEndpoint(endpoint);
  entry.owner = ENTRY_PLACEHOLDERS.owner;
  entry.classification = ENTRY_PLACEHOLDERS.classification;
  entry.risk = node.auth.none ? 'high' : ENTRY_PLACEHOLDERS.risk;
  const auth: Record<string, ItemValue> = {};
  if (node.auth.none) auth.method = 'none';
  if (surface.scopes.length) auth.scopes = [...new Set(surface.scopes)];
  if (Object.keys(auth).length) entry.auth = auth;
  if (surface.service !== undefined && serviceKey(surface.service) !== undefined) entry.vendor = { name: surface.service };
  return entry;
}

/** One "Add to inventory" fix per inventory that covers the flow (nearest first, which is preferred). */
export function addToInventoryFixes(flowFile: WorkspaceFile, linked: LinkedSurface, inventories: readonly WorkspaceFile[]): Fix[] {
  return inventories.flatMap((inventory, i): Fix[] => {
    if (!inventory.document) return [];
    const entry = inventoryEntryFor(flowFile, linked, inventory);
    const appended = appendItem(inventory.document, inventory.uri, 'surfaces', entry, {
      comments: {
        owner: 'who answers for this surface: an e-mail or @team',
        classification: 'TODO: public | internal | confidential | restricted',
        risk: 'TODO: low | medium | high | critical',
      },
    });
    if (!appended) return [];
    const title = inventories.length > 1 ? `Add to inventory ${inventory.path}` : 'Add to inventory';
    return [{ title, isPreferred: i === 0, edits: [appended.edit] }];
  });
}

/** `Lead intake New lead webhook` → `lead-intake-new-lead-webhook` (the schema's id pattern: lower case, digits, `-`, `_`, `.`). */
export function slug(text: string): string {
  let out = '';
  for (const c of text.toLowerCase()) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
    else if (out && !out.endsWith('-')) out += '-';
  }
  return out.replace(/-$/, '').slice(0, 60).replace(/-$/, '');
}

function uniqueId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

function baseName(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.indexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}
