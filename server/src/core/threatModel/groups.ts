// The model's surfaces grouped for the tree view and the report: by trust boundary, owner, platform or risk.
import { riskRank, type Risk } from '../inventory/model.js';
import type { ModelSurface, ModelZone, ThreatModel } from './types.js';

export type GroupBy = 'boundary' | 'owner' | 'platform' | 'risk';
export const GROUP_BYS: readonly GroupBy[] = ['boundary', 'owner', 'platform', 'risk'];

export interface SurfaceGroup {
  /** Stable within its `groupBy`: the boundary id, owner, platform or risk. */
  readonly key: string;
  readonly label: string;
  /** The highest risk of its surfaces. */
  readonly risk: Risk;
  /** Highest score first; with `openOnly`, only surfaces with an open threat. */
  readonly surfaces: readonly ModelSurface[];
  /** Open threats of those surfaces. */
  readonly open: number;
  /** For boundaries: its zones and whether it was inferred. */
  readonly from?: ModelZone;
  readonly to?: ModelZone;
  readonly inferred?: boolean;
}

const NO_OWNER = '(no owner)';
const NO_PLATFORM = '(no platform)';

/** Groups the surfaces; empty groups are left out. Boundaries keep the model's order, others go riskiest first. */
export function groupSurfaces(model: ThreatModel, groupBy: GroupBy, openOnly = false): SurfaceGroup[] {
  const visible = (s: ModelSurface) => !openOnly || s.threats.some((t) => t.state === 'open');
  const openOf = (surfaces: readonly ModelSurface[]) => surfaces.reduce((n, s) => n + s.threats.filter((t) => t.state === 'open').length, 0);
  const riskOf = (surfaces: readonly ModelSurface[]): Risk => surfaces.reduce<Risk>((r, s) => (riskRank(s.risk) > riskRank(r) ? s.risk : r), 'low');
  if (groupBy === 'boundary') {
    const byId = new Map(model.surfaces.map((s) => [s.id, s]));
    return model.boundaries.flatMap((b) => {
      const surfaces = b.surfaceIds.flatMap((id) => byId.get(id) ?? []).filter(visible);
      return surfaces.length ? [{ key: b.id, label: `${b.from.id} → ${b.to.id}`, risk: b.risk, surfaces, open: openOf(surfaces), from: b.from, to: b.to, inferred: b.inferred }] : [];
    });
  }
  const keyOf = (s: ModelSurface): string => (groupBy === 'owner' ? s.owner ?? NO_OWNER : groupBy === 'platform' ? s.platform ?? NO_PLATFORM : s.risk);
  const groups = new Map<string, ModelSurface[]>();
  for (const s of model.surfaces) {
    if (!visible(s)) continue;
    const key = keyOf(s);
    const list = groups.get(key);
    if (list) list.push(s);
    else groups.set(key, [s]);
  }
  return [...groups]
    .map(([key, surfaces]): SurfaceGroup => ({ key, label: groupBy === 'risk' ? `${key[0].toUpperCase()}${key.slice(1)} risk` : key, risk: riskOf(surfaces), surfaces, open: openOf(surfaces) }))
    .sort((a, b) => riskRank(b.risk) - riskRank(a.risk) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
