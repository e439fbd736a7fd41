// Owner suggestions: the owners CODEOWNERS names and those the inventory already uses.
import type { SurfaceInventory } from './model.js';

/** The distinct owners of a CODEOWNERS file (`@user`, `@org/team`, e-mail addresses), in order of first use. */
export function ownersFromCodeowners(text: string): string[] {
  const out = new Set<string>();
  for (const raw of text.split(/\r?\n/)) {
    const hash = raw.search(/(?:^|\s)#/);
    const line = (hash === -1 ? raw : raw.slice(0, hash)).trim();
    if (!line) continue;
    for (const token of line.split(/\s+/).slice(1)) {
      const email = /^[^@\s]+@[^@\s]+$/.test(token) && token.slice(token.indexOf('@')).includes('.');
      if (/^@[\w.-]+(?:\/[\w.-]+)?$/.test(token) || email) out.add(token);
    }
  }
  return [...out];
}

/** Owners for a surface, best first: those the inventory uses (most used first), the inventory's owner, then `known`. */
export function suggestOwners(inventory: SurfaceInventory | undefined, known: readonly string[] = []): string[] {
  const counts = new Map<string, number>();
  for (const s of inventory?.surfaces ?? []) if (s.owner) counts.set(s.owner, (counts.get(s.owner) ?? 0) + 1);
  const used = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([o]) => o);
  return [...new Set([...used, ...(inventory?.owner ? [inventory.owner] : []), ...known])];
}
