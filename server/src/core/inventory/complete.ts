// Completion in inventories and policy files: keys and enum values from the schema, zone ids, owners, scopes,
// dates. Works on offsets and on the text around the cursor, so half-typed documents complete too.
import { knownScopes, lookupScope } from '../knowledge/scopes/index.js';
import type { SchemaName } from '../schema.js';
import { buildInventory, isoDate } from './model.js';
import { suggestOwners } from './owners.js';
import { enumValues, propertiesOf, schemaAt, shapeOf, type SchemaNode } from './schemaNav.js';
import { yamlCursor } from './yamlContext.js';

export type CompletionKind = 'property' | 'value' | 'zone' | 'owner' | 'scope' | 'date' | 'reference';

export interface CompletionItem {
  readonly label: string;
  readonly kind: CompletionKind;
  /** One line shown next to the label. */
  readonly detail?: string;
  /** Markdown shown in the details pane. */
  readonly documentation?: string;
  /** Replaces `start`..`end` of the document. */
  readonly insertText: string;
  readonly start: number;
  readonly end: number;
  /** Items sort by this, then by label. */
  readonly sortText?: string;
}

export interface CompletionInput {
  readonly text: string;
  readonly offset: number;
  /** Which schema drives completion. */
  readonly schema: SchemaName;
  /** The parsed value of the document, when it parsed (partially is fine). */
  readonly value?: unknown;
  /** Owners known outside the document (CODEOWNERS). */
  readonly knownOwners?: readonly string[];
  readonly today: Date;
}

/** Completion items at `offset` of a YAML inventory or policy; `[]` when there is nothing useful to offer. */
export function complete(input: CompletionInput): CompletionItem[] {
  const cursor = yamlCursor(input.text, input.offset);
  if (!cursor) return [];
  const { start, end } = cursor;
  const itemSchema = cursor.mode === 'item' && !cursor.inFlowSeq ? schemaAt(input.schema, [...cursor.path, '[]']) : undefined;
  if (cursor.mode === 'key' || itemSchema?.type === 'object') {
    // `- |` in a list of mappings starts a new entry: complete its keys.
    const schema = itemSchema ?? schemaAt(input.schema, cursor.path);
    const present = new Set(cursor.siblings);
    return propertiesOf(schema, input.schema)
      .filter(([name]) => !present.has(name))
      .map(([name, prop], i) => ({
        label: name,
        kind: 'property' as const,
        detail: shapeOf(prop),
        documentation: docOf(prop),
        insertText: keyInsert(name, prop, cursor.indent),
        start,
        end,
        sortText: String(i).padStart(3, '0'),
      }));
  }
  const path = cursor.mode === 'value' ? [...cursor.path, cursor.key!] : [...cursor.path, '[]'];
  const schema = schemaAt(input.schema, path);
  const special = specialValues(path, input, start, end);
  if (special) return special;
  const values = enumValues(schema);
  const items: CompletionItem[] = values.map((v, i) => ({
    label: String(v),
    kind: 'value',
    detail: path.filter((s) => s !== '[]').at(-1),
    documentation: docOf(schema),
    insertText: String(v),
    start,
    end,
    sortText: String(i).padStart(3, '0'),
  }));
  if (!items.length && schema?.format === 'date') items.push(dateItem(input.today, start, end));
  if (!items.length && Array.isArray(schema?.examples)) {
    for (const example of schema.examples as unknown[]) {
      if (typeof example === 'string' || typeof example === 'number') items.push({ label: String(example), kind: 'value', detail: 'example', documentation: docOf(schema), insertText: String(example), start, end });
    }
  }
  return items;
}

/** Values that come from the document or the knowledge base rather than the schema. */
function specialValues(path: readonly string[], input: CompletionInput, start: number, end: number): CompletionItem[] | undefined {
  if (input.schema !== 'inventory') return undefined;
  const at = path.join('/');
  const inventory = buildInventory(input.value);
  if (at === 'surfaces/[]/boundary/from' || at === 'surfaces/[]/boundary/to') {
    const zones = inventory?.zones.length ? inventory.zones : zonesFromText(input.text);
    return zones.flatMap((z) => (z.id ? [{ label: z.id, kind: 'zone' as const, detail: z.kind ? `${z.kind} zone` : 'zone', documentation: z.description, insertText: z.id, start, end }] : []));
  }
  if (at === 'surfaces/[]/owner' || at === 'owner' || at === 'decisions/[]/who') {
    return suggestOwners(inventory, input.knownOwners).map((o, i) => ({ label: o, kind: 'owner' as const, detail: 'owner', insertText: o, start, end, sortText: String(i).padStart(3, '0') }));
  }
  if (at === 'surfaces/[]/auth/scopes/[]') {
    return knownScopes().map((s) => {
      const entry = lookupScope(s.scope);
      return {
        label: s.scope,
        kind: 'scope' as const,
        detail: `${s.provider} · ${s.risk}`,
        documentation: entry ? `${entry.why}${entry.narrower.length ? `\n\nNarrower: ${entry.narrower.map((n) => `\`${n}\``).join(', ')}` : ''}` : undefined,
        insertText: s.scope,
        start,
        end,
        sortText: `${['low', 'medium', 'high', 'critical'].indexOf(s.risk)}${s.scope}`,
      };
    });
  }
  if (at === 'surfaces/[]/lifecycle/deprecates' || at === 'decisions/[]/surfaces/[]') {
    return (inventory?.surfaces ?? []).flatMap((s) => (s.id ? [{ label: s.id, kind: 'reference' as const, detail: s.name ?? 'surface', insertText: s.id, start, end }] : []));
  }
  return undefined;
}

/** Zone ids written in the text, for documents that do not parse yet. */
function zonesFromText(text: string): { id?: string; kind?: string; description?: string }[] {
  const out: { id: string }[] = [];
  let inZones = false;
  for (const line of text.split('\n')) {
    if (/^zones:[ \t]*$/.test(line)) {
      inZones = true;
      continue;
    }
    if (!inZones) continue;
    if (line.trim() && !line.startsWith(' ') && !line.startsWith('-')) break; // the next top-level key
    const m = /^[ \t]*(?:-[ \t]+)?id:[ \t]*["']?([A-Za-z0-9._-]+)/.exec(line);
    if (m) out.push({ id: m[1] });
  }
  return out;
}

function dateItem(today: Date, start: number, end: number): CompletionItem {
  const day = isoDate(today);
  return { label: day, kind: 'date', detail: 'today', insertText: day, start, end };
}

function keyInsert(name: string, prop: SchemaNode, indent: number): string {
  const child = ' '.repeat(indent + 2);
  if (prop.type === 'object') return `${name}:\n${child}`;
  if (prop.type === 'array') return `${name}:\n${child}- `;
  return `${name}: `;
}

function docOf(schema: SchemaNode | undefined): string | undefined {
  if (!schema) return undefined;
  const parts = [typeof schema.description === 'string' ? schema.description : undefined];
  const examples = Array.isArray(schema.examples) ? schema.examples.filter((e) => typeof e !== 'object') : [];
  if (examples.length) parts.push(`Example: \`${String(examples[0])}\``);
  return parts.filter(Boolean).join('\n\n') || undefined;
}
