// Who is accountable for a flow, from the only place exports carry it: tags. Azure resources (Logic Apps ARM
// templates, resource exports) have a `tags` map where governance policies require `owner` (or `createdBy`); n8n
// workflows have a list of tag names, where teams write `owner:payments` (one corpus export has `createdBy:David`).
// Power Automate, Make, Zapier and Node-RED exports carry no owner: the maker lives in the platform, not the file.
import { asObject, asString } from '../walk.js';

/** Tag names that name an owner, most specific first (compared without case, `-` or `_`). */
const OWNER_KEYS = ['owner', 'createdby'];
/** `owner:` / `createdBy=` at the start of a tag name; the value is the rest, trimmed. */
const TAG_KEY = /^\s*(owner|created[-_ ]?by)\s*[:=]/i;

/**
 * The owner a flow's tags name: an `owner` (else `createdBy`) key of a tag map, or an `owner:NAME` / `owner=NAME`
 * (else `createdBy:NAME`) tag in a list of tags (strings or `{ name }`). Undefined when none does, or when the value
 * is empty or a `TODO` placeholder.
 */
export function ownerFromTags(tags: unknown): string | undefined {
  const found = new Map<string, string>();
  const map = Array.isArray(tags) ? undefined : asObject(tags);
  if (map) {
    for (const [key, value] of Object.entries(map)) {
      const text = asString(value)?.trim();
      if (text) found.set(key.toLowerCase().replace(/[-_ ]/g, ''), text);
    }
  } else if (Array.isArray(tags)) {
    for (const tag of tags) {
      const name = asString(tag) ?? asString(asObject(tag)?.name) ?? '';
      const match = TAG_KEY.exec(name);
      const key = match?.[1].toLowerCase().replace(/[-_ ]/g, '');
      const value = match ? name.slice(match[0].length).trim() : '';
      if (key !== undefined && value && !found.has(key)) found.set(key, value);
    }
  }
  for (const key of OWNER_KEYS) {
    const owner = found.get(key);
    if (owner !== undefined && !owner.toUpperCase().startsWith('TODO')) return owner;
  }
  return undefined;
}
