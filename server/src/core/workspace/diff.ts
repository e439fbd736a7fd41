// What a change does to a folder's integration surfaces: two snapshots (the files and findings at a base revision and
// now) compared surface by surface and finding by finding. Pure: the CLI reads the base from git and analyses both.
import type { Finding, Severity } from '../model/index.js';
import { inventoryOfFile, FolderLinks, isFlowFile } from './link.js';
import type { InventorySurface } from '../inventory/model.js';
import { maskEndpoint } from '../secrets/redact.js';
import type { WorkspaceFile } from './types.js';

/** A folder as analysed at one point: its files and every finding (each file's own and the cross-file ones). */
export interface Snapshot {
  readonly files: readonly WorkspaceFile[];
  readonly findings: readonly Finding[];
}

/** The fields a surface is compared on. */
export const DIFF_FIELDS = ['endpoint', 'auth', 'scopes', 'owner', 'classification', 'risk', 'flow'] as const;
export type DiffField = (typeof DIFF_FIELDS)[number];

/** One surface as the diff sees it: a flow surface with the inventory entry that documents it, or an entry alone. */
export interface DiffSurface {
  /** Stable across both snapshots: the entry's inventory and id (else name), else the flow file and node id. */
  readonly key: string;
  readonly id?: string;
  readonly name: string;
  readonly kind?: string;
  readonly direction?: string;
  readonly platform?: string;
  /** The file the surface is declared in: the inventory for documented surfaces, else the flow. */
  readonly file: string;
  readonly endpoint?: string;
  readonly auth?: string;
  readonly scopes: readonly string[];
  readonly owner?: string;
  readonly classification?: string;
  readonly risk?: string;
  /** The flow file and node the surface lives in, when a flow has it. */
  readonly flow?: string;
}

export interface FieldChange {
  readonly field: DiffField;
  readonly before?: string;
  readonly after?: string;
}

export interface ChangedSurface {
  readonly before: DiffSurface;
  readonly after: DiffSurface;
  readonly changes: readonly FieldChange[];
  /** Scopes granted now that were not before. */
  readonly widenedScopes: readonly string[];
}

export interface SurfaceDiff {
  readonly added: readonly DiffSurface[];
  readonly removed: readonly DiffSurface[];
  readonly changed: readonly ChangedSurface[];
  /** Findings present now and not at the base (matched by file and fingerprint). */
  readonly newFindings: readonly Finding[];
  /** How many findings of the base are gone. */
  readonly resolvedFindings: number;
  /** Why the change should block a merge (empty when it should not): a new error-level finding, a widened scope. */
  readonly blocking: readonly string[];
}

// A base is compared with many heads in the editor ("changed since REV" after every edit): what only depends on one
// snapshot is computed once per file list and finding list.
const surfacesMemo = new WeakMap<readonly WorkspaceFile[], Map<string, DiffSurface>>();
const findingKeysMemo = new WeakMap<readonly Finding[], Set<string>>();

/** Compares the base snapshot with the head snapshot. Snapshots are read, never changed: keep them immutable. */
export function diffSnapshots(base: Snapshot, head: Snapshot): SurfaceDiff {
  const before = memo(surfacesMemo, base.files, surfacesOf);
  const after = memo(surfacesMemo, head.files, surfacesOf);
  const added = [...after.values()].filter((s) => !before.has(s.key));
  const removed = [...before.values()].filter((s) => !after.has(s.key));
  const changed: ChangedSurface[] = [];
  for (const [key, now] of after) {
    const then = before.get(key);
    if (!then) continue;
    const changes: FieldChange[] = [];
    for (const field of DIFF_FIELDS) {
      const a = field === 'scopes' ? then.scopes.join(', ') || undefined : then[field];
      const b = field === 'scopes' ? now.scopes.join(', ') || undefined : now[field];
      if (a !== b) changes.push({ field, before: a, after: b });
    }
    if (!changes.length) continue;
    const widenedScopes = now.scopes.filter((s) => !then.scopes.includes(s));
    changed.push({ before: then, after: now, changes, widenedScopes });
  }
  const seen = memo(findingKeysMemo, base.findings, (list) => new Set(list.map(findingKey)));
  const still = memo(findingKeysMemo, head.findings, (list) => new Set(list.map(findingKey)));
  const newFindings = head.findings.filter((f) => !seen.has(findingKey(f)));
  const resolvedFindings = base.findings.filter((f) => !still.has(findingKey(f))).length;
  const blocking: string[] = [];
  const errors = newFindings.filter((f) => f.severity === 'error');
  if (errors.length) blocking.push(`${errors.length} new error-level finding(s)`);
  for (const c of changed) if (c.widenedScopes.length) blocking.push(`${label(c.after)} is granted ${c.widenedScopes.map((s) => `\`${s}\``).join(', ')}`);
  const order = (a: DiffSurface, b: DiffSurface) => compare(a.key, b.key);
  return { added: added.sort(order), removed: removed.sort(order), changed: changed.sort((a, b) => order(a.after, b.after)), newFindings: sortFindings(newFindings), resolvedFindings, blocking };
}

function memo<K extends object, V>(cache: WeakMap<K, V>, key: K, compute: (key: K) => V): V {
  let hit = cache.get(key);
  if (hit === undefined) {
    hit = compute(key);
    cache.set(key, hit);
  }
  return hit;
}

/** How a surface is named in reports: its id (else name) and where it is. */
export function label(s: DiffSurface): string {
  return `\`${s.id ?? s.name}\``;
}

/** The worst severity among findings (undefined for none). */
export function worstSeverity(findings: readonly Finding[]): Severity | undefined {
  const rank: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };
  let worst: Severity | undefined;
  for (const f of findings) if (worst === undefined || rank[f.severity] > rank[worst]) worst = f.severity;
  return worst;
}

function surfacesOf(files: readonly WorkspaceFile[]): Map<string, DiffSurface> {
  const links = new FolderLinks();
  for (const file of files) links.set(file);
  const out = new Map<string, DiffSurface>();
  const documented = new Set<InventorySurface>();
  for (const file of [...files].filter(isFlowFile).sort((a, b) => compare(a.path, b.path))) {
    for (const { linked, entries } of links.flowLinks(file).surfaces) {
      const { node, surface } = linked;
      const first = entries[0];
      if (first) documented.add(first.entry);
      const entry = first?.entry;
      const scopes = [...new Set([...surface.scopes, ...(entry?.auth.scopes.map((s) => s.scope) ?? [])])].sort();
      const s: DiffSurface = {
        key: first ? entryKey(first.inventory.path, first.entry) : `${file.path}#${node.id}`,
        id: entry?.id,
        name: entry?.name ?? node.name,
        kind: entry?.kind ?? surface.kind,
        direction: entry?.direction ?? surface.direction,
        platform: file.flow?.platform,
        file: first ? first.inventory.path : file.path,
        endpoint: masked(entry?.endpoint ?? surface.endpoint),
        auth: entry?.auth.method ?? (node.auth.none ? 'none' : node.auth.method),
        scopes,
        owner: entry?.owner,
        classification: entry?.classification,
        risk: entry?.risk,
        flow: `${file.path}#${node.name}`,
      };
      if (!out.has(s.key)) out.set(s.key, s);
    }
  }
  for (const inventory of [...links.inventories()].sort((a, b) => compare(a.path, b.path))) {
    for (const entry of inventoryOfFile(inventory)?.surfaces ?? []) {
      const key = entryKey(inventory.path, entry);
      if (documented.has(entry) || out.has(key) || entry.lifecycle.status === 'retired') continue;
      // An entry whose flow or node is gone documents nothing that runs: the surface is removed (drift/stale-entry says so).
      const state = links.resolve(inventory, entry).state;
      if (state === 'missing-flow' || state === 'missing-node') continue;
      out.set(key, {
        key,
        id: entry.id,
        name: entry.name ?? entry.id ?? entry.pointer,
        kind: entry.kind,
        direction: entry.direction,
        platform: entry.platform,
        file: inventory.path,
        endpoint: masked(entry.endpoint),
        auth: entry.auth.method,
        scopes: [...new Set(entry.auth.scopes.map((s) => s.scope))].sort(),
        owner: entry.owner,
        classification: entry.classification,
        risk: entry.risk,
      });
    }
  }
  return out;
}

/**
 * An endpoint as a diff may print it: secrets masked (`maskEndpoint`), and every other parameter value that is not
 * plainly harmless too (a number, words, a date stay), since a diff is posted where anyone may read it and a key may
 * sit under a name the knowledge does not know (`?k=…`). Surfaces are compared on it too: a change to the hidden part
 * of a value alone (a rotated key with the same first characters) is not reported.
 */
function masked(endpoint: string | undefined): string | undefined {
  return endpoint === undefined ? undefined : maskEndpoint(endpoint, { parameters: 'unless-plain' });
}

function entryKey(inventoryPath: string, entry: InventorySurface): string {
  return `${inventoryPath}#${entry.id ?? entry.name ?? entry.pointer}`;
}

function findingKey(f: Finding): string {
  return `${f.uri}\u0000${f.fingerprint}`;
}

function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => compare(a.uri, b.uri) || a.range.start - b.range.start || compare(a.ruleId, b.ruleId));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
