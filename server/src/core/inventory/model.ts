// The surface inventory as plain data with pointers (DESIGN §3), built from the parsed document's value.
// Fields of the wrong type read as absent: the schema rule reports them, the other rules see a clean model.
import { asObject, asString } from '../walk.js';

export type Risk = 'low' | 'medium' | 'high' | 'critical';
export type Classification = 'public' | 'internal' | 'confidential' | 'restricted';

export const RISKS: readonly Risk[] = ['low', 'medium', 'high', 'critical'];
export const CLASSIFICATIONS: readonly Classification[] = ['public', 'internal', 'confidential', 'restricted'];

/** 0 for low … 3 for critical. */
export function riskRank(risk: Risk): number {
  return RISKS.indexOf(risk);
}

export interface InventoryZone {
  readonly id?: string;
  readonly kind?: string;
  readonly description?: string;
  /** `/zones/<index>`. */
  readonly pointer: string;
}

export interface SurfaceAuth {
  readonly method?: string;
  readonly scopes: readonly { readonly scope: string; readonly pointer: string }[];
  readonly secretRef?: string;
  readonly rotation?: { readonly everyDays?: number; readonly last?: string };
  readonly signature?: { readonly algorithm?: string; readonly header?: string; readonly secretRef?: string };
  readonly replayProtection?: { readonly method?: string; readonly toleranceSeconds?: number };
  /** True when the surface has an `auth` mapping at all. */
  readonly present: boolean;
}

export interface InventorySurface {
  readonly index: number;
  /** `/surfaces/<index>`. */
  readonly pointer: string;
  /** Where findings about the whole surface point: its `id` value, else its `name`, else the entry. */
  readonly anchor: string;
  readonly id?: string;
  readonly name?: string;
  readonly kind?: string;
  readonly direction?: string;
  readonly platform?: string;
  readonly flow?: string;
  readonly node?: string;
  readonly endpoint?: string;
  readonly owner?: string;
  readonly classification?: Classification;
  readonly data: readonly string[];
  readonly risk?: Risk;
  readonly boundary?: { readonly from?: string; readonly to?: string };
  readonly auth: SurfaceAuth;
  readonly lifecycle: { readonly status?: string; readonly version?: string; readonly reviewed?: string; readonly deprecates?: string };
  readonly rollback?: string;
  readonly vendor?: { readonly name?: string; readonly approved?: boolean; readonly contract?: string; readonly deprecation?: string };
  /** The entry as written. */
  readonly raw: Readonly<Record<string, unknown>>;
}

export interface SurfaceInventory {
  readonly project?: string;
  readonly owner?: string;
  readonly policy?: string;
  readonly zones: readonly InventoryZone[];
  readonly surfaces: readonly InventorySurface[];
}

/** Builds the inventory model; `undefined` when the document is not a mapping. Never throws. */
export function buildInventory(value: unknown): SurfaceInventory | undefined {
  const root = asObject(value);
  if (!root) return undefined;
  const zones = (Array.isArray(root.zones) ? root.zones : []).flatMap((raw, index): InventoryZone[] => {
    const zone = asObject(raw);
    if (!zone) return [];
    return [{ id: text(zone.id), kind: text(zone.kind), description: text(zone.description), pointer: `/zones/${index}` }];
  });
  const surfaces = (Array.isArray(root.surfaces) ? root.surfaces : []).flatMap((raw, index): InventorySurface[] => {
    const entry = asObject(raw);
    return entry ? [toSurface(entry, index)] : [];
  });
  return { project: text(root.project), owner: text(root.owner), policy: text(root.policy), zones, surfaces };
}

function toSurface(entry: Record<string, unknown>, index: number): InventorySurface {
  const pointer = `/surfaces/${index}`;
  const id = text(entry.id);
  const name = text(entry.name);
  const boundary = asObject(entry.boundary);
  const lifecycle = asObject(entry.lifecycle) ?? {};
  const vendor = asObject(entry.vendor);
  return {
    index,
    pointer,
    anchor: id !== undefined ? `${pointer}/id` : name !== undefined ? `${pointer}/name` : pointer,
    id,
    name,
    kind: text(entry.kind),
    direction: text(entry.direction),
    platform: text(entry.platform),
    flow: text(entry.flow),
    node: text(entry.node),
    endpoint: text(entry.endpoint),
    owner: placeholderFree(text(entry.owner)),
    classification: oneOf(entry.classification, ['public', 'internal', 'confidential', 'restricted'] as const),
    data: Array.isArray(entry.data) ? entry.data.filter((d): d is string => typeof d === 'string') : [],
    risk: oneOf(entry.risk, RISKS),
    boundary: boundary ? { from: text(boundary.from), to: text(boundary.to) } : undefined,
    auth: toAuth(asObject(entry.auth), `${pointer}/auth`),
    lifecycle: {
      status: text(lifecycle.status),
      version: typeof lifecycle.version === 'number' ? String(lifecycle.version) : text(lifecycle.version),
      reviewed: text(lifecycle.reviewed),
      deprecates: text(lifecycle.deprecates),
    },
    rollback: text(entry.rollback),
    vendor: vendor ? { name: text(vendor.name), approved: typeof vendor.approved === 'boolean' ? vendor.approved : undefined, contract: text(vendor.contract), deprecation: text(vendor.deprecation) } : undefined,
    raw: entry,
  };
}

function toAuth(auth: Record<string, unknown> | undefined, pointer: string): SurfaceAuth {
  if (!auth) return { scopes: [], present: false };
  const rotation = asObject(auth.rotation);
  const signature = asObject(auth.signature);
  const replay = asObject(auth.replayProtection);
  return {
    present: true,
    method: text(auth.method),
    scopes: (Array.isArray(auth.scopes) ? auth.scopes : []).flatMap((s, i) => (typeof s === 'string' && s.trim() ? [{ scope: s.trim(), pointer: `${pointer}/scopes/${i}` }] : [])),
    secretRef: text(auth.secretRef),
    rotation: rotation ? { everyDays: positiveInt(rotation.everyDays), last: text(rotation.last) } : undefined,
    signature: signature ? { algorithm: text(signature.algorithm), header: text(signature.header), secretRef: text(signature.secretRef) } : undefined,
    replayProtection: replay ? { method: text(replay.method), toleranceSeconds: positiveInt(replay.toleranceSeconds) } : undefined,
  };
}

/** `TODO` (the placeholder generated entries carry until a person fills it in) reads as absent, so the rules flag it. */
function placeholderFree(v: string | undefined): string | undefined {
  return v !== undefined && v.toUpperCase().startsWith('TODO') ? undefined : v;
}

/** A non-empty string, else undefined. */
function text(v: unknown): string | undefined {
  const s = asString(v)?.trim();
  return s ? s : undefined;
}

function positiveInt(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined;
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[]): T | undefined {
  return typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
}

/** How a message names a surface: its id, else its name, else its position. */
export function surfaceLabel(surface: InventorySurface): string {
  if (surface.id) return `\`${surface.id}\``;
  if (surface.name) return `"${surface.name}"`;
  return `${surface.index + 1}`;
}

/** True for surfaces that others call into. */
export function isInbound(surface: InventorySurface): boolean {
  return surface.direction === 'inbound' || surface.direction === 'bidirectional' || (surface.direction === undefined && surface.kind === 'webhook');
}

/** Methods that rely on a secret someone must rotate. */
const SECRET_METHODS = new Set(['api-key', 'basic', 'bearer', 'oauth2', 'oauth2-client-credentials', 'jwt', 'hmac', 'mtls']);

/** True when the surface uses a credential that needs rotating (a secret reference, or a secret-based method). */
export function holdsCredential(surface: InventorySurface): boolean {
  return surface.auth.secretRef !== undefined || (surface.auth.method !== undefined && SECRET_METHODS.has(surface.auth.method));
}

/** Whole days from `from` (YYYY-MM-DD) to `today`, or undefined when `from` is not a date. */
export function daysSince(from: string, today: Date): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(from);
  if (!m) return undefined;
  const then = Date.UTC(+m[1], +m[2] - 1, +m[3]);
  const now = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return Math.floor((now - then) / 86_400_000);
}

/** `date` plus `days`, as YYYY-MM-DD. */
export function addDays(date: string, days: number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)!;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3] + days)).toISOString().slice(0, 10);
}

/** `today` as YYYY-MM-DD (UTC). */
export function isoDate(today: Date): string {
  return today.toISOString().slice(0, 10);
}
