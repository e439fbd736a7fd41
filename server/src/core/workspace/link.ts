// How inventory entries and flow surfaces find each other across a workspace folder (DESIGN §6): an entry names its
// flow (`flow:`, relative to the inventory, else to the folder) and node (`node:`, name or id); flow surfaces no entry
// links to are matched by endpoint or service. Kept per folder and updated file by file.
import { buildInventory, type InventorySurface, type SurfaceInventory } from '../inventory/model.js';
import type { FlowNode } from '../model/index.js';
import { surfaceOf, type FlowSurface } from '../model/surfaces.js';
import { maskEndpoint } from '../secrets/redact.js';
import { urlAuthority } from '../secrets/urlAuthority.js';
import type { FileFormat } from '../sniff.js';
import type { WorkspaceFile } from './types.js';

const FLOW_FORMATS = new Set<FileFormat>(['n8n', 'power-automate', 'logic-apps', 'node-red', 'make', 'zapier']);

/** True for files that hold a flow export. */
export function isFlowFile(file: WorkspaceFile): boolean {
  return FLOW_FORMATS.has(file.format);
}

/** A surface a flow exposes or uses, with its node. */
export interface LinkedSurface {
  readonly surface: FlowSurface;
  readonly node: FlowNode;
}

/** An inventory entry and the file it is in. */
export interface LinkedEntry {
  readonly inventory: WorkspaceFile;
  readonly entry: InventorySurface;
}

/** How an entry's `flow:` and `node:` resolve. */
export type EntryLink =
  | { readonly state: 'unlinked' }
  /** No flow at the path (tried relative to the inventory, then to the folder). */
  | { readonly state: 'missing-flow'; readonly flowPath: string }
  /** The file is there but its flow could not be read (skipped, does not parse): nothing can be said. */
  | { readonly state: 'unreadable'; readonly file: WorkspaceFile }
  | { readonly state: 'missing-node'; readonly file: WorkspaceFile }
  | { readonly state: 'linked'; readonly file: WorkspaceFile; readonly node?: FlowNode };

/** The surfaces of a flow, each with the entries that document it. */
export interface FlowLinks {
  /** Inventories in the flow's folder or above, nearest first: they are expected to document it. */
  readonly covering: readonly WorkspaceFile[];
  readonly surfaces: readonly { readonly linked: LinkedSurface; readonly entries: readonly LinkedEntry[] }[];
  /** The entries that name the flow by `flow:` (whether or not their `node:` is one of its surfaces). */
  readonly naming: readonly LinkedEntry[];
}

/** A flow's surfaces, and what matching them to inventory entries reads: worked out when first read (a folder without an inventory never does). */
class FlowFacts {
  #endpoints: readonly (ParsedEndpoint | undefined)[] | undefined;
  #names: ReadonlySet<string> | undefined;

  constructor(
    readonly surfaces: readonly LinkedSurface[],
    private readonly nodes: readonly FlowNode[],
  ) {}

  /** Each surface's endpoint, parsed once. */
  get endpoints(): readonly (ParsedEndpoint | undefined)[] {
    return (this.#endpoints ??= this.surfaces.map((s) => (s.surface.endpoint !== undefined ? parseEndpoint(s.surface.endpoint) : undefined)));
  }

  /** The names of the flow's nodes. */
  get names(): ReadonlySet<string> {
    return (this.#names ??= new Set(this.nodes.map((n) => n.name)));
  }
}

interface EntryIndex {
  /** Entries by the folder-relative flow path they may name: `primary` when read relative to their inventory. */
  readonly byFlow: Map<string, { readonly linked: LinkedEntry; readonly primary: boolean; readonly primaryPath: string }[]>;
  /** Entries without `flow:`, by what they can be matched on. */
  readonly byHost: Map<string, LinkedEntry[]>;
  readonly byLastSegment: Map<string, LinkedEntry[]>;
  readonly byService: Map<string, LinkedEntry[]>;
  /** Inventories by their folder (`''` for the root, else `a/b/`). */
  readonly byDir: Map<string, WorkspaceFile[]>;
}

const flowFactsCache = new WeakMap<object, FlowFacts>();
const entryEndpoints = new WeakMap<InventorySurface, ParsedEndpoint | null>();
const entryFlowPathCache = new WeakMap<InventorySurface, [string, string | undefined]>();

/** An entry's endpoint, parsed once. */
function entryEndpoint(entry: InventorySurface): ParsedEndpoint | undefined {
  let hit = entryEndpoints.get(entry);
  if (hit === undefined) {
    hit = (entry.endpoint !== undefined ? parseEndpoint(entry.endpoint) : undefined) ?? null;
    entryEndpoints.set(entry, hit);
  }
  return hit ?? undefined;
}

/** {@link flowCandidates} of an entry, computed once. */
function entryFlowPaths(inventory: WorkspaceFile, entry: InventorySurface): [string, string | undefined] {
  let hit = entryFlowPathCache.get(entry);
  if (!hit) {
    hit = flowCandidates(inventory.path, entry.flow ?? '');
    entryFlowPathCache.set(entry, hit);
  }
  return hit;
}
const inventoryCache = new WeakMap<object, SurfaceInventory | null>();

/** The inventory model of an inventory file (cached per parse); undefined when it is not a mapping. */
export function inventoryOfFile(file: WorkspaceFile): SurfaceInventory | undefined {
  if (file.format !== 'surface-inventory') return undefined;
  const key = file.document ?? file;
  let hit = inventoryCache.get(key);
  if (hit === undefined) {
    hit = buildInventory(file.document?.value) ?? null;
    inventoryCache.set(key, hit);
  }
  return hit ?? undefined;
}

function flowFacts(file: WorkspaceFile): FlowFacts {
  const key = file.flow ?? file;
  let hit = flowFactsCache.get(key);
  if (!hit) {
    const nodes = file.flow?.nodes ?? [];
    const surfaces: LinkedSurface[] = [];
    for (const node of nodes) {
      if (node.disabled) continue;
      const surface = surfaceOf(node);
      if (surface) surfaces.push({ surface, node });
    }
    hit = new FlowFacts(surfaces, nodes);
    flowFactsCache.set(key, hit);
  }
  return hit;
}

/** The links of one workspace folder. Mutable: `set` and `delete` files as they change; queries read the current state. */
export class FolderLinks {
  readonly #files = new Map<string, WorkspaceFile>();
  readonly #inventories = new Map<string, WorkspaceFile>();
  #index: EntryIndex | undefined;
  /** Bumped on every change, so per-flow links can be cached between changes. */
  #version = 0;
  readonly #linksCache = new WeakMap<WorkspaceFile, { readonly version: number; readonly links: FlowLinks }>();

  /** Adds or replaces a file (by path). */
  set(file: WorkspaceFile): void {
    this.#version++;
    const before = this.#files.get(file.path);
    this.#files.set(file.path, file);
    if (file.format === 'surface-inventory') {
      this.#inventories.set(file.path, file);
      this.#index = undefined;
    } else if (before?.format === 'surface-inventory') {
      this.#inventories.delete(file.path);
      this.#index = undefined;
    }
  }

  delete(path: string): void {
    this.#version++;
    const before = this.#files.get(path);
    this.#files.delete(path);
    if (before?.format === 'surface-inventory') {
      this.#inventories.delete(path);
      this.#index = undefined;
    }
  }

  get(path: string): WorkspaceFile | undefined {
    return this.#files.get(path);
  }

  files(): IterableIterator<WorkspaceFile> {
    return this.#files.values();
  }

  inventories(): IterableIterator<WorkspaceFile> {
    return this.#inventories.values();
  }

  get size(): number {
    return this.#files.size;
  }

  /** The inventories whose entries may name `flowPath` (relative to themselves or to the folder). */
  inventoriesNaming(flowPath: string): WorkspaceFile[] {
    return [...new Set((this.#entryIndex().byFlow.get(flowPath) ?? []).map((e) => e.linked.inventory))];
  }

  /** What `entry` (of `inventory`) links to. */
  resolve(inventory: WorkspaceFile, entry: InventorySurface): EntryLink {
    if (entry.flow === undefined) return { state: 'unlinked' };
    const [primary, fallback] = entryFlowPaths(inventory, entry);
    const file = this.#files.get(primary) ?? (fallback !== undefined ? this.#files.get(fallback) : undefined);
    if (!file) return { state: 'missing-flow', flowPath: primary };
    if (!file.flow) return { state: 'unreadable', file };
    if (entry.node === undefined) return { state: 'linked', file };
    const node = file.flow.nodes.find((n) => n.name === entry.node) ?? file.flow.nodes.find((n) => n.id === entry.node);
    return node ? { state: 'linked', file, node } : { state: 'missing-node', file };
  }

  /** A flow's surfaces with the entries that document each, and the inventories that cover the flow. */
  flowLinks(flow: WorkspaceFile): FlowLinks {
    const cached = this.#linksCache.get(flow);
    if (cached?.version === this.#version) return cached.links;
    const index = this.#entryIndex();
    const facts = flowFacts(flow);
    const covering: WorkspaceFile[] = [];
    for (const dir of ancestors(flow.path)) covering.push(...(index.byDir.get(dir) ?? []));
    const linkedHere = (index.byFlow.get(flow.path) ?? []).filter(({ primary, primaryPath }) => primary || !this.#files.has(primaryPath)).map((e) => e.linked);
    const surfaces = facts.surfaces.map((linked, i) => {
      const entries: LinkedEntry[] = [];
      if (!this.#inventories.size) return { linked, entries }; // nothing to match: no endpoint is parsed
      const endpoint = facts.endpoints[i];
      for (const candidate of linkedHere) if (documentsLinked(candidate.entry, linked, facts, endpoint)) entries.push(candidate);
      for (const candidate of unlinkedCandidates(index, linked, endpoint)) if (!entries.includes(candidate) && documentsUnlinked(candidate.entry, linked, endpoint)) entries.push(candidate);
      return { linked, entries };
    });
    const links = { covering, surfaces, naming: linkedHere };
    this.#linksCache.set(flow, { version: this.#version, links });
    return links;
  }

  #entryIndex(): EntryIndex {
    if (this.#index) return this.#index;
    const index: EntryIndex = { byFlow: new Map(), byHost: new Map(), byLastSegment: new Map(), byService: new Map(), byDir: new Map() };
    const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
      const list = map.get(key);
      if (list) list.push(value);
      else map.set(key, [value]);
    };
    for (const inventory of [...this.#inventories.values()].sort((a, b) => compare(a.path, b.path))) {
      push(index.byDir, dirOf(inventory.path), inventory);
      for (const entry of inventoryOfFile(inventory)?.surfaces ?? []) {
        if (entry.lifecycle.status === 'retired') continue;
        const linked = { inventory, entry };
        if (entry.flow !== undefined) {
          const [primary, fallback] = entryFlowPaths(inventory, entry);
          push(index.byFlow, primary, { linked, primary: true, primaryPath: primary });
          if (fallback !== undefined) push(index.byFlow, fallback, { linked, primary: false, primaryPath: primary });
          continue;
        }
        const endpoint = entryEndpoint(entry);
        if (endpoint?.host !== undefined) push(index.byHost, endpoint.host, linked);
        if (endpoint?.segments.length) push(index.byLastSegment, lastSegmentKey(endpoint), linked);
        for (const key of serviceKeys(entry)) push(index.byService, key, linked);
      }
    }
    // Nearest inventory first when several share a folder is meaningless; keep path order. Ancestors are walked nearest first.
    this.#index = index;
    return index;
  }
}

/** Does `entry`, which names this flow, document `linked`? By node when it names one, else by endpoint, service or kind. */
function documentsLinked(entry: InventorySurface, linked: LinkedSurface, facts: FlowFacts, endpoint: ParsedEndpoint | undefined): boolean {
  const { node, surface } = linked;
  if (entry.node !== undefined) return entry.node === node.name || (entry.node === node.id && !facts.names.has(entry.node));
  if (documentsUnlinked(entry, linked, endpoint)) return true;
  if (entry.kind === undefined) return false;
  const sameKind = facts.surfaces.filter((s) => s.surface.kind === entry.kind);
  return sameKind.length === 1 && sameKind[0].surface === surface;
}

/** Does `entry` (which names no flow) document `linked` (whose endpoint is `endpoint`), by endpoint or by service? */
function documentsUnlinked(entry: InventorySurface, linked: LinkedSurface, endpoint: ParsedEndpoint | undefined): boolean {
  const { surface } = linked;
  const documented = entryEndpoint(entry);
  if (documented && endpoint && parsedEndpointsMatch(documented, endpoint)) return true;
  const service = surface.service !== undefined ? serviceKey(surface.service) : undefined;
  return service !== undefined && serviceKeys(entry).includes(service);
}

function unlinkedCandidates(index: EntryIndex, linked: LinkedSurface, endpoint: ParsedEndpoint | undefined): LinkedEntry[] {
  const out: LinkedEntry[] = [];
  if (endpoint?.host !== undefined) out.push(...(index.byHost.get(endpoint.host) ?? []));
  if (endpoint?.segments.length) out.push(...(index.byLastSegment.get(endpoint.segments.at(-1)!) ?? []), ...(index.byLastSegment.get(MASKED) ?? []));
  const service = linked.surface.service !== undefined ? serviceKey(linked.surface.service) : undefined;
  if (service !== undefined) out.push(...(index.byService.get(service) ?? []));
  return out;
}

/** The index key of entries whose last segment shows a secret masked: tried for every endpoint (`segmentsMatch` decides). */
const MASKED = '…';

function lastSegmentKey(endpoint: ParsedEndpoint): string {
  const last = endpoint.segments.at(-1)!;
  return last.includes(MASKED) ? MASKED : last;
}

/** Services that name a protocol or a platform feature rather than a system: matched by endpoint only. */
const GENERIC_SERVICES = new Set([
  'http', 'webhook', 'webhookresponse', 'schedule', 'localfiles', 'code', 'shellcommand', 'inlinejavascript', 'tcp', 'udp',
  'websocket', 'mqtt', 'sftp', 'ftp', 'ssh', 'smtp', 'smtpemail', 'email', 'dashboard', 'function',
]);

/** `Google Sheets` → `googlesheets`; undefined for generic services. */
export function serviceKey(service: string): string | undefined {
  let key = '';
  for (const c of service.toLowerCase()) if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) key += c;
  return key && !GENERIC_SERVICES.has(key) ? key : undefined;
}

function serviceKeys(entry: InventorySurface): string[] {
  const keys: string[] = [];
  for (const name of [entry.vendor?.name, entry.name]) {
    const key = name !== undefined ? serviceKey(name) : undefined;
    if (key !== undefined && !keys.includes(key)) keys.push(key);
  }
  return keys;
}

/**
 * An endpoint split for matching: lower-case host without credentials or default port, and path segments. Segments
 * may show a secret masked (`maskEndpoint`: `Zq81…`, `bot7348192650:AAFq…`), as inventories do; see
 * {@link endpointsMatch}.
 */
export interface ParsedEndpoint {
  readonly host?: string;
  readonly segments: readonly string[];
}

/** The text each parsed endpoint was read from, and its masked form parsed (null: it names no endpoint), when asked. */
const endpointTexts = new WeakMap<ParsedEndpoint, string>();
const maskedEndpoints = new WeakMap<ParsedEndpoint, ParsedEndpoint | null>();

/** Undefined for expressions (`{{ … }}`, `={{ … }}`, `@{…}`, `${…}`), which name no fixed endpoint. */
export function parseEndpoint(endpoint: string): ParsedEndpoint | undefined {
  const text = endpoint.trim();
  if (!text || text.startsWith('=') || text.includes('{{') || text.includes('@{') || text.includes('${') || text.includes('@parameters(')) return undefined;
  let rest = text;
  let host: string | undefined;
  const authority = urlAuthority(text); // the one authority parser: the host masking and the threat model read too
  if (authority) {
    const port = authority.port && authority.port !== '443' && authority.port !== '80' ? `:${authority.port}` : '';
    host = authority.host ? authority.host + port : undefined;
    rest = text.slice(authority.end);
  }
  for (const c of ['?', '#']) {
    const i = rest.indexOf(c);
    if (i !== -1) rest = rest.slice(0, i);
  }
  const segments = rest.split('/').filter(Boolean);
  if (host === undefined && !segments.length) return undefined;
  const parsed = { host, segments };
  endpointTexts.set(parsed, text);
  return parsed;
}

/**
 * True when an inventory endpoint documents a node's endpoint: with both hosts, the same host and the inventory's
 * path a prefix of the node's (a base URL documents its calls); without a host on one side (a webhook path), the
 * shorter path is the end of the longer one. An endpoint that shows a secret masked (`…`) matches the endpoints that
 * mask to the same text, where each `…` follows 4 characters of what it hides, as `maskEndpoint` writes it (a `…` a
 * person typed is no wildcard, and a mask that keeps fewer characters, as a short Zapier hook id's, tells too little).
 */
export function endpointsMatch(inventoryEndpoint: string, nodeEndpoint: string): boolean {
  const a = parseEndpoint(inventoryEndpoint);
  const b = parseEndpoint(nodeEndpoint);
  return a !== undefined && b !== undefined && parsedEndpointsMatch(a, b);
}

function parsedEndpointsMatch(a: ParsedEndpoint, b: ParsedEndpoint): boolean {
  if (sameEndpoint(a, b, equalSegments)) return true;
  if (!showsMask(a) && !showsMask(b)) return false;
  const maskedA = maskedOf(a);
  const maskedB = maskedOf(b);
  return maskedA !== undefined && maskedB !== undefined && sameEndpoint(maskedA, maskedB, equalMaskedSegments);
}

function sameEndpoint(a: ParsedEndpoint, b: ParsedEndpoint, same: (x: string, y: string) => boolean): boolean {
  if (a.host !== undefined && b.host !== undefined) {
    if (a.host !== b.host || a.segments.length > b.segments.length) return false;
    return a.segments.every((s, i) => same(s, b.segments[i]));
  }
  if (!a.segments.length || !b.segments.length) return false;
  const [short, long] = a.segments.length <= b.segments.length ? [a.segments, b.segments] : [b.segments, a.segments];
  const offset = long.length - short.length;
  return short.every((s, i) => same(s, long[offset + i]));
}

function equalSegments(x: string, y: string): boolean {
  return x === y;
}

/** Equal masked segments, where a `…` counts only in the shape `maskEndpoint` writes: after 4 characters it kept. */
function equalMaskedSegments(x: string, y: string): boolean {
  return x === y && hasMaskedShape(x);
}

/** True when every `…` in `segment` follows at least 4 characters that are not `…` (or there is none). */
function hasMaskedShape(segment: string): boolean {
  let kept = 0;
  for (const c of segment) {
    if (c !== MASKED) kept++;
    else if (kept < 4) return false;
    else kept = 0;
  }
  return true;
}

function showsMask(endpoint: ParsedEndpoint): boolean {
  return endpoint.segments.some((s) => s.includes(MASKED)) || (endpoint.host?.includes(MASKED) ?? false);
}

/** `endpoint` as `maskEndpoint` shows it, parsed (masking is idempotent: a masked endpoint is its own). */
function maskedOf(endpoint: ParsedEndpoint): ParsedEndpoint | undefined {
  let hit = maskedEndpoints.get(endpoint);
  if (hit === undefined) {
    const text = endpointTexts.get(endpoint);
    hit = (text !== undefined ? parseEndpoint(maskEndpoint(text)) : undefined) ?? null;
    maskedEndpoints.set(endpoint, hit);
  }
  return hit ?? undefined;
}

/** An entry's `flow:` as folder-relative paths: relative to its inventory's folder, then (if different) to the root. */
export function flowCandidates(inventoryPath: string, flow: string): [string, string | undefined] {
  const primary = normalizePath(dirOf(inventoryPath) + flow);
  const fallback = normalizePath(flow);
  return [primary, fallback !== primary ? fallback : undefined];
}

/** `a/b/c.json` → `a/b/`; `c.json` → `` (the folder, with its trailing slash). */
export function dirOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/') + 1);
}

/** The folders above a file, nearest first: `a/b/c.json` → `a/b/`, `a/`, ``. */
function ancestors(path: string): string[] {
  const out: string[] = [];
  let dir = dirOf(path);
  for (;;) {
    out.push(dir);
    if (!dir) return out;
    dir = dirOf(dir.slice(0, -1));
  }
}

/** `a/./b/../c` → `a/c`; backslashes read as slashes; a leading `./` or `/` is dropped. */
export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const segment of path.replace(/\\/g, '/').split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  return out.join('/');
}

/** `from` (a folder-relative file) → the relative path of `to` from its folder. */
export function relativePath(from: string, to: string): string {
  const base = dirOf(from);
  return to.startsWith(base) ? to.slice(base.length) : to;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
