// Hover in inventories and policy files: the field's description from the schema, and on a scope its risk
// and narrower alternatives from the catalogue; on a zone id, the zone's description.
import { lookupScope } from '../knowledge/scopes/index.js';
import type { ParsedDocument, SourceNode } from '../parse/index.js';
import type { SchemaName } from '../schema.js';
import type { SourceRange } from '../source.js';
import { buildInventory } from './model.js';
import { impliedRisk, providerHint } from './risk.js';
import { enumValues, schemaAt, shapeOf } from './schemaNav.js';

export interface HoverResult {
  /** Markdown. */
  readonly contents: string;
  readonly range: SourceRange;
}

interface Hit {
  readonly path: string[];
  readonly node: SourceNode;
  readonly onKey: boolean;
  readonly range: SourceRange;
}

/** What to show when hovering `offset`; undefined when the offset is on nothing the schema describes. */
export function hover(document: ParsedDocument, offset: number, schema: SchemaName): HoverResult | undefined {
  const hit = find(document.tree(), offset);
  if (!hit || !hit.path.length) return undefined;
  const path = hit.path;
  const sub = schemaAt(schema, path);
  const parts: string[] = [];
  const name = path.filter((s) => !/^\d+$/.test(s)).join('.');
  if (schema === 'inventory' && !hit.onKey && /^surfaces\/\d+\/auth\/scopes\/\d+$/.test(path.join('/')) && hit.node.kind === 'scalar') {
    const inventory = buildInventory(document.value);
    const surface = inventory?.surfaces.find((s) => s.index === Number(path[1]));
    return { contents: scopeMarkdown(String(hit.node.value), surface ? providerHint(surface) : ''), range: hit.range };
  }
  if (schema === 'inventory' && !hit.onKey && /^surfaces\/\d+\/boundary\/(from|to)$/.test(path.join('/')) && hit.node.kind === 'scalar') {
    const id = String(hit.node.value);
    const zone = buildInventory(document.value)?.zones.find((z) => z.id === id);
    parts.push(zone ? `**Zone \`${zone.id}\`**${zone.kind ? ` (${zone.kind})` : ''}${zone.description ? `: ${zone.description}` : ''}` : `**Zone \`${id}\`**: not defined in \`zones\`.`);
  }
  if (schema === 'inventory' && /^surfaces\/\d+\/risk$/.test(path.join('/')) && !hit.onKey) {
    const inventory = buildInventory(document.value);
    const surface = inventory?.surfaces.find((s) => s.index === Number(path[1]));
    if (surface) {
      const implied = impliedRisk(surface, inventory!.zones);
      if (implied.reasons.length) parts.push(`Implied by the entry: **${implied.risk}** (${implied.reasons.join('; ')}).`);
    }
  }
  if (!sub) return parts.length ? { contents: parts.join('\n\n'), range: hit.range } : undefined;
  const shape = shapeOf(sub);
  parts.unshift(`**${name}**${shape ? ` · ${shape}` : ''}${typeof sub.description === 'string' ? `\n\n${sub.description}` : ''}`);
  const examples = Array.isArray(sub.examples) ? sub.examples.filter((e) => typeof e !== 'object') : [];
  if (examples.length && !enumValues(sub).length) parts.push(`Example: \`${String(examples[0])}\``);
  return { contents: parts.join('\n\n'), range: hit.range };
}

/**
 * What a hover on a scope shows, in inventories and flows alike: its provider, risk and why from the catalogue, and
 * the narrower alternatives. `hint` (vendor, service, node type, endpoint) picks the provider when several know it.
 */
export function scopeMarkdown(scope: string, hint: string): string {
  const entry = lookupScope(scope, hint);
  if (!entry) return `**\`${scope}\`**: not in the scope catalogue, so its risk is not rated. Check the provider's documentation for a narrower scope.`;
  const parts = [`**\`${entry.scope}\`** · ${entry.provider} · risk **${entry.risk}**`, entry.why];
  if (entry.narrower.length) parts.push(`Narrower alternatives: ${entry.narrower.map((n) => `\`${n}\``).join(', ')}`);
  if (entry.alternative) parts.push(entry.alternative);
  return parts.join('\n\n');
}

/** The deepest node whose key or value contains `offset`, with its path. */
function find(root: SourceNode | undefined, offset: number): Hit | undefined {
  let node = root;
  const path: string[] = [];
  let best: Hit | undefined;
  while (node) {
    let next: SourceNode | undefined;
    if (node.kind === 'map') {
      for (const entry of node.entries) {
        if (offset >= entry.keyRange.start && offset <= entry.keyRange.end) {
          return { path: [...path, entry.key], node: entry.value, onKey: true, range: entry.keyRange };
        }
        if (offset >= entry.value.range.start && offset <= entry.value.range.end && entry.value.range.end > entry.value.range.start) {
          path.push(entry.key);
          next = entry.value;
          break;
        }
      }
    } else if (node.kind === 'seq') {
      const i = node.items.findIndex((item) => offset >= item.range.start && offset <= item.range.end);
      if (i !== -1) {
        path.push(String(i));
        next = node.items[i];
      }
    } else {
      return { path: [...path], node, onKey: false, range: node.range };
    }
    if (!next) return best;
    best = { path: [...path], node: next, onKey: false, range: next.range };
    node = next;
  }
  return best;
}
