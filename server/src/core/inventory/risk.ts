// The risk a surface's scopes, data and exposure imply, with the reasons: used by `inventory/risk-understated`
// and by hover, so a reviewer sees why.
import { lookupScope } from '../knowledge/scopes/index.js';
import { isInbound, riskRank, type InventorySurface, type InventoryZone, type Risk } from './model.js';

export interface ImpliedRisk {
  readonly risk: Risk;
  /** Why, one short phrase per factor that reaches `risk`. */
  readonly reasons: readonly string[];
}

const HIGH_DATA = new Set(['payment-card', 'health', 'credentials', 'sensitive-personal', 'biometric', 'genetic']);
const MEDIUM_DATA = new Set(['personal', 'financial', 'contact', 'customer']);

/** Words that identify the surface's provider for scope lookups. */
export function providerHint(surface: InventorySurface): string {
  return [surface.vendor?.name, surface.name, surface.id, surface.endpoint, surface.platform].filter(Boolean).join(' ');
}

/** The lowest risk the surface's own description supports; `low` with no reasons when nothing raises it. */
export function impliedRisk(surface: InventorySurface, zones: readonly InventoryZone[] = []): ImpliedRisk {
  const factors: { risk: Risk; reason: string }[] = [];
  const hint = providerHint(surface);
  for (const { scope } of surface.auth.scopes) {
    const entry = lookupScope(scope, hint);
    if (entry && riskRank(entry.risk) >= riskRank('medium')) factors.push({ risk: entry.risk, reason: `scope \`${scope}\` is rated ${entry.risk}` });
  }
  if (surface.classification === 'restricted') factors.push({ risk: 'high', reason: 'it carries restricted data' });
  else if (surface.classification === 'confidential') factors.push({ risk: 'medium', reason: 'it carries confidential data' });
  for (const category of surface.data) {
    const c = category.toLowerCase();
    if (HIGH_DATA.has(c)) factors.push({ risk: 'high', reason: `it carries ${c} data` });
    else if (MEDIUM_DATA.has(c)) factors.push({ risk: 'medium', reason: `it carries ${c} data` });
  }
  const from = zones.find((z) => z.id !== undefined && z.id === surface.boundary?.from);
  const open = isInbound(surface) && surface.auth.method === 'none';
  if (open) {
    const sensitive = surface.classification === 'confidential' || surface.classification === 'restricted';
    factors.push({ risk: sensitive ? 'critical' : 'high', reason: sensitive ? 'anyone can call it (auth `none`) and it carries sensitive data' : 'anyone can call it (auth `none`)' });
  } else if (isInbound(surface) && from?.kind === 'external' && surface.auth.method === undefined) {
    factors.push({ risk: 'medium', reason: `it takes requests from the \`${from.id}\` zone with no documented authentication` });
  }
  let risk: Risk = 'low';
  for (const f of factors) if (riskRank(f.risk) > riskRank(risk)) risk = f.risk;
  return { risk, reasons: [...new Set(factors.filter((f) => f.risk === risk).map((f) => f.reason))] };
}
