// Generating a surface inventory from the flows of a folder (and merging into an existing one): one entry per flow
// surface no inventory documents yet, built by `inventoryEntryFor` (the "Add to inventory" fix), with a stable id,
// auth method, credential reference and inferred boundary. Entries whose flow or node is gone are marked retired.
// Pure: files in, YAML (or JSON) text out; the existing document is edited through the `yaml` Document API, so its
// comments, order and every field a person wrote survive.
import { isMap, isScalar, isSeq, parseDocument as parseYamlDocument, type Document, type YAMLMap } from 'yaml';
import { digest } from '../mask.js';
import { isInternalEndpoint } from '../knowledge/internalHosts.js';
import { redactSecrets } from '../secrets/redact.js';
import type { FlowNode } from '../model/index.js';
import type { LinkedSurface } from './link.js';
import { parseDocument } from '../parse/index.js';
import { inventoryEntryFor, slug } from './addEntry.js';
import type { ItemValue } from './appendItem.js';
import { FolderLinks, inventoryOfFile, isFlowFile } from './link.js';
import type { WorkspaceFile } from './types.js';

/** Where the inventory goes (folder-relative, like the files' paths) and, when it exists, its text. */
export interface InventoryTarget {
  readonly path: string;
  readonly text?: string;
  /**
   * The folders (or files) that were read, folder-relative (`''` for all): an entry is retired only when its flow
   * path lies under one of them, so a run over part of a folder never retires what it did not look at.
   */
  readonly scanned?: readonly string[];
}

export interface GeneratedInventory {
  /** The inventory's new text (the existing text, unchanged, when there was nothing to add or retire). */
  readonly text: string;
  /** Ids of the entries added. */
  readonly added: readonly string[];
  /** Ids (else names) of the entries marked `lifecycle.status: retired`. */
  readonly retired: readonly string[];
}

/** Zones the generated boundaries name, with the kind the threat model gives them. */
const ZONES: Readonly<Record<string, { readonly kind: string; readonly description: string }>> = {
  internet: { kind: 'external', description: 'Anyone on the public internet' },
  saas: { kind: 'saas', description: 'Third-party SaaS and APIs the flows call' },
  internal: { kind: 'internal', description: 'Hosts on private networks' },
  'data-stores': { kind: 'internal', description: 'Databases, file servers and storage the flows reach' },
  'platform-host': { kind: 'internal', description: 'The machine the platform runs on' },
};

const PLACEHOLDER_COMMENTS: Readonly<Record<string, string>> = {
  owner: 'TODO: who answers for this surface (an e-mail or @team)',
  classification: 'TODO: public | internal | confidential | restricted',
  risk: 'TODO: low | medium | high | critical',
};

/** Schema order of a surface entry's keys. */
const KEY_ORDER = ['id', 'name', 'kind', 'direction', 'platform', 'flow', 'node', 'endpoint', 'owner', 'classification', 'data', 'risk', 'boundary', 'auth', 'lifecycle', 'vendor'];

/**
 * The inventory at `target.path` completed with every surface of `files`' flows that no inventory of `files` (or the
 * target) documents. `files` are analysed workspace files of one folder (paths relative to it); the target's own
 * entry in `files`, if any, is replaced by `target.text`. Never drops or rewrites a field that is already written.
 */
export function generateInventory(files: readonly WorkspaceFile[], target: InventoryTarget): GeneratedInventory {
  const json = target.text !== undefined && target.text.trimStart().startsWith('{');
  const existingText = target.text !== undefined && target.text.trim() ? target.text : undefined;
  const inventory: WorkspaceFile = {
    uri: target.path,
    root: '',
    path: target.path,
    format: 'surface-inventory',
    document: parseDocument(existingText ?? 'inventory: 1\nsurfaces: []\n', json ? 'json' : 'yaml'),
  };
  const links = new FolderLinks();
  for (const file of files) if (file.path !== target.path) links.set(file);
  links.set(inventory);

  const model = inventoryOfFile(inventory);
  const declaredZones = model?.zones ?? [];
  const taken = new Set((model?.surfaces ?? []).flatMap((s) => (s.id !== undefined ? [s.id] : [])));

  // What to add: surfaces no entry documents, in path then node order, with ids that do not depend on that order.
  const flows = [...links.files()].filter((f) => isFlowFile(f) && f.flow).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const missing: { file: WorkspaceFile; linked: LinkedSurface; base: string }[] = [];
  for (const file of flows) {
    for (const { linked, entries } of links.flowLinks(file).surfaces) {
      if (entries.length) continue;
      missing.push({ file, linked, base: slug(redactSecrets(`${file.flow!.platform} ${file.flow!.name || baseName(file.path)} ${linked.node.name}`)) || 'surface' });
    }
  }
  const baseCount = new Map<string, number>();
  for (const m of missing) baseCount.set(m.base, (baseCount.get(m.base) ?? 0) + 1);
  const zonesUsed = new Set<string>();
  const entries = missing.map(({ file, linked, base }) => {
    const written = inventoryEntryFor(file, linked, inventory);
    // A shared base gets a suffix from what identifies the node (its id, else its name, else its place in the file).
    let id = baseCount.get(base) === 1 && !taken.has(base) ? base : undefined;
    for (const key of [linked.node.id, `${linked.node.id}#${linked.node.name}`, linked.node.pointer]) {
      if (id !== undefined) break;
      const candidate = `${base.slice(0, 51)}-${digest(`${file.path}#${key}`).slice(0, 8)}`;
      if (!taken.has(candidate)) id = candidate;
    }
    id ??= `${base.slice(0, 51)}-${digest(`${file.path}#${linked.node.pointer}#${taken.size}`).slice(0, 8)}`;
    taken.add(id);
    const boundary = boundaryOf(file.flow!.platform, linked, declaredZones);
    for (const zone of [boundary.from, boundary.to]) zonesUsed.add(zone);
    const auth: Record<string, ItemValue> = { ...((written.auth as Record<string, ItemValue> | undefined) ?? {}) };
    const method = authMethodOf(linked.node);
    if (method !== undefined && auth.method === undefined) auth.method = method;
    const secretRef = secretRefOf(file.flow!.platform, linked.node);
    if (secretRef !== undefined) auth.secretRef = secretRef;
    const entry: Record<string, ItemValue> = { ...written, id, boundary };
    if (Object.keys(auth).length) entry.auth = orderAuth(auth);
    else delete entry.auth;
    return ordered(entry);
  });

  // What to retire: entries that link to a flow or node that is no longer there, when nobody wrote a status.
  const retire: { index: number; label: string }[] = [];
  for (const entry of model?.surfaces ?? []) {
    const link = links.resolve(inventory, entry);
    const looked = link.state !== 'missing-flow' || target.scanned === undefined || target.scanned.some((p) => p === '' || p === '.' || link.flowPath === p || link.flowPath.startsWith(p.endsWith('/') ? p : `${p}/`));
    if ((link.state === 'missing-flow' || link.state === 'missing-node') && looked && !hasStatus(entry.raw)) retire.push({ index: entry.index, label: entry.id ?? entry.name ?? entry.pointer });
  }

  const newZones = [...zonesUsed].filter((id) => !declaredZones.some((z) => z.id === id));
  const added = entries.map((e) => e.id as string);
  const retired = retire.map((r) => r.label);
  if (existingText !== undefined && !entries.length && !retire.length) return { text: existingText, added, retired };

  if (json) {
    const value = JSON.parse(existingText!) as Record<string, unknown>;
    const surfaces = Array.isArray(value.surfaces) ? (value.surfaces as unknown[]) : (value.surfaces = []) as unknown[];
    for (const r of retire) {
      const raw = surfaces[r.index] as Record<string, unknown>;
      raw.lifecycle = { ...((raw.lifecycle as Record<string, unknown> | undefined) ?? {}), status: 'retired' };
    }
    surfaces.push(...entries);
    if (newZones.length) value.zones = [...(Array.isArray(value.zones) ? value.zones : []), ...newZones.map((id) => zoneItem(id, newZones))];
    return { text: JSON.stringify(value, null, indentOf(existingText!)) + '\n', added, retired };
  }

  const doc = parseYamlDocument(existingText ?? 'inventory: 1\nzones: []\nsurfaces: []\n');
  if (!isMap(doc.contents)) throw new Error(`${target.path} is not a mapping: cannot merge into it`);
  for (const r of retire) {
    const lifecycle = doc.getIn(['surfaces', r.index, 'lifecycle']);
    if (isMap(lifecycle)) lifecycle.set('status', 'retired');
    else doc.setIn(['surfaces', r.index, 'lifecycle'], doc.createNode({ status: 'retired' }));
  }
  if (newZones.length) appendAll(doc, 'zones', newZones.map((id) => zoneItem(id, newZones)));
  if (entries.length) appendAll(doc, 'surfaces', entries);
  if (existingText === undefined) {
    doc.commentBefore = ' Surface inventory generated from the flows by `surface-review inventory`.\n Fill in every TODO: owner, classification and risk are placeholders the review flags until a person sets them.';
    const zones = doc.get('zones');
    if (isSeq(zones) && !zones.items.length) doc.delete('zones');
  }
  return { text: doc.toString({ lineWidth: 0 }), added, retired };
}

function appendAll(doc: Document, key: string, items: readonly Record<string, ItemValue>[]): void {
  let seq = doc.get(key, true);
  if (!isSeq(seq)) {
    seq = doc.createNode([]);
    (doc.contents as YAMLMap).set(key, seq);
  }
  if (!isSeq(seq)) return;
  seq.flow = false;
  for (const item of items) {
    const node = doc.createNode(item) as YAMLMap;
    for (const pair of node.items) {
      const k = isScalar(pair.key) ? String(pair.key.value) : '';
      if (isScalar(pair.value)) {
        if (k in PLACEHOLDER_COMMENTS) pair.value.comment = ` ${PLACEHOLDER_COMMENTS[k]}`;
      } else if (isMap(pair.value) || isSeq(pair.value)) {
        for (const inner of pair.value.items) if (isSeq((inner as { value?: unknown }).value)) ((inner as { value: { flow: boolean } }).value).flow = true;
      }
    }
    seq.items.push(node);
  }
}

function zoneItem(id: string, _all: readonly string[]): Record<string, ItemValue> {
  const known = ZONES[id];
  if (known) return { id, kind: known.kind, description: known.description };
  return { id, kind: 'platform', description: `The ${id} platform that runs the flows and holds their credentials` };
}

/** The boundary the threat model infers (docs/threat-model.md, "Boundaries"), naming declared zones where one kind has one zone. */
function boundaryOf(platform: string, { surface }: LinkedSurface, declared: readonly { readonly id?: string; readonly kind?: string }[]): { from: string; to: string } {
  const single = (kind: string, fallback: string): string => {
    const matching = declared.filter((z) => z.kind === kind && z.id !== undefined);
    return matching.length === 1 ? matching[0].id! : fallback;
  };
  const platformZone = single('platform', platform);
  if (surface.direction === 'inbound') return { from: surface.kind === 'event-stream' ? single('saas', 'saas') : single('external', 'internet'), to: platformZone };
  let to: string;
  if (surface.kind === 'database' || surface.kind === 'file-transfer') to = 'data-stores';
  else if (surface.kind === 'automation-script') to = 'platform-host';
  else to = surface.endpoint !== undefined && isInternalEndpoint(surface.endpoint) ? 'internal' : single('saas', 'saas');
  return { from: platformZone, to };
}

/** The node's authentication in the schema's words; undefined when the export does not say. */
function authMethodOf(node: FlowNode): string | undefined {
  if (node.auth.none) return 'none';
  const said = `${node.auth.method ?? ''} ${node.credentialRefs.map((c) => c.type).join(' ')}`.toLowerCase();
  if (said.includes('oauth2') && said.includes('client')) return 'oauth2-client-credentials';
  if (said.includes('oauth')) return 'oauth2';
  if (said.includes('jwt')) return 'jwt';
  if (said.includes('bearer')) return 'bearer';
  if (said.includes('basic')) return 'basic';
  if (said.includes('hmac')) return 'hmac';
  if (said.includes('headerauth') || said.includes('queryauth') || said.includes('apikey') || said.includes('api-key') || said.includes('api key')) return 'api-key';
  if (said.includes('managed identity') || said.includes('managedserviceidentity')) return 'managed-identity';
  if (node.credentialRefs.length || said.includes('connector subscription') || said.includes('keychain')) return 'platform-connection';
  return undefined;
}

/** Where the node's credential is kept (the platform's credential store), never the credential itself. */
function secretRefOf(platform: string, node: FlowNode): string | undefined {
  const ref = node.credentialRefs[0];
  if (!ref) return undefined;
  const label = (ref.name ?? ref.id ?? ref.type).trim();
  return label ? `${platform}-credential:${label}` : undefined;
}

function orderAuth(auth: Record<string, ItemValue>): Record<string, ItemValue> {
  const out: Record<string, ItemValue> = {};
  for (const k of ['method', 'scopes', 'secretRef']) if (auth[k] !== undefined) out[k] = auth[k];
  return out;
}

function ordered(entry: Record<string, ItemValue>): Record<string, ItemValue> {
  const out: Record<string, ItemValue> = {};
  for (const k of KEY_ORDER) if (entry[k] !== undefined) out[k] = entry[k];
  for (const [k, v] of Object.entries(entry)) if (!(k in out)) out[k] = v;
  return out;
}

function hasStatus(raw: Readonly<Record<string, unknown>>): boolean {
  const lifecycle = raw.lifecycle;
  return typeof lifecycle === 'object' && lifecycle !== null && (lifecycle as Record<string, unknown>).status !== undefined;
}

function indentOf(text: string): string | number {
  const m = /\n([ \t]+)\S/.exec(text);
  return m ? m[1] : 2;
}

function baseName(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.indexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}
