// What a change did to the threat model: the snapshot diff (workspace/diff.ts, the one `surface-review diff` prints)
// put onto the model's surfaces and findings, so the view can mark and list first what is new since a revision.
import type { DiffField, SurfaceDiff } from '../workspace/diff.js';
import type { ModelSurface } from './types.js';

export interface SurfaceChange {
  /** `added`: not there at the base; `changed`: a compared field differs; `findings`: only new findings. */
  readonly status: 'added' | 'changed' | 'findings';
  /** For `changed`: the fields that differ (endpoint, auth, scopes, owner, classification, risk, flow). */
  readonly fields: readonly DiffField[];
  /** Scopes granted now that were not at the base. */
  readonly widenedScopes: readonly string[];
  /** How many of its findings are new since the base. */
  readonly newFindings: number;
}

export interface ModelChanges {
  /** By model surface id: only surfaces with a change. */
  readonly surfaces: ReadonlyMap<string, SurfaceChange>;
  /** The new findings, as {@link findingKey}s. */
  readonly findings: ReadonlySet<string>;
}

/** How a finding is matched between two snapshots: its file and fingerprint. */
export function findingKey(uri: string, fingerprint: string): string {
  return `${uri}\u0000${fingerprint}`;
}

/**
 * The changes `diff` describes, on `surfaces` (the model's, of the folder the diff covers). A documented surface is
 * matched by its inventory and id, a flow surface no inventory lists by its flow and node id: the keys the diff uses.
 * `uriOf` turns a model finding's uri into the spelling the diff's findings use (identity by default).
 */
export function modelChanges(surfaces: readonly ModelSurface[], diff: SurfaceDiff, uriOf: (uri: string) => string = (u) => u): ModelChanges {
  const findings = new Set(diff.newFindings.map((f) => findingKey(f.uri, f.fingerprint)));
  const byKey = new Map<string, { status: 'added' | 'changed'; fields: DiffField[]; widenedScopes: readonly string[] }>();
  for (const s of diff.added) byKey.set(s.key, { status: 'added', fields: [], widenedScopes: [] });
  for (const c of diff.changed) byKey.set(c.after.key, { status: 'changed', fields: c.changes.map((x) => x.field), widenedScopes: c.widenedScopes });
  const out = new Map<string, SurfaceChange>();
  for (const s of surfaces) {
    const hit = byKey.get(diffKeyOf(s));
    const seen = new Set<string>();
    for (const f of [...s.threats.flatMap((t) => t.findings), ...s.otherFindings]) {
      const key = findingKey(uriOf(f.uri), f.fingerprint);
      if (findings.has(key)) seen.add(key);
    }
    if (!hit && !seen.size) continue;
    out.set(s.id, { status: hit?.status ?? 'findings', fields: hit?.fields ?? [], widenedScopes: hit?.widenedScopes ?? [], newFindings: seen.size });
  }
  return { surfaces: out, findings };
}

/** The key `diffSnapshots` gives the same surface: `<inventory>#<entry id>` when documented, else `<flow>#<node id>`. */
function diffKeyOf(s: ModelSurface): string {
  return s.documented ? `${s.locations[0]?.path ?? ''}#${s.id}` : s.id;
}
