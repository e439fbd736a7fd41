// The outline of an inventory: its zones, surfaces and decisions, with ranges for navigation.
import type { ParsedDocument, SourceNode } from '../parse/index.js';
import type { SourceRange } from '../source.js';

export type SymbolKind = 'section' | 'surface' | 'zone' | 'decision';

export interface DocumentSymbol {
  readonly name: string;
  readonly detail?: string;
  readonly kind: SymbolKind;
  /** The whole entry. */
  readonly range: SourceRange;
  /** What to highlight: the entry's id (or name), else the entry. */
  readonly selectionRange: SourceRange;
  readonly children: readonly DocumentSymbol[];
}

const SECTIONS: Record<string, { kind: SymbolKind; label: (entry: Record<string, SourceNode>, i: number) => string; detail: (entry: Record<string, SourceNode>) => string | undefined }> = {
  zones: { kind: 'zone', label: (e, i) => scalar(e.id) ?? `zone ${i + 1}`, detail: (e) => scalar(e.kind) },
  surfaces: {
    kind: 'surface',
    label: (e, i) => scalar(e.id) ?? scalar(e.name) ?? `surface ${i + 1}`,
    detail: (e) => [scalar(e.kind), scalar(e.direction), scalar(e.risk) ? `risk ${scalar(e.risk)}` : undefined, scalar(e.owner)].filter(Boolean).join(' · ') || undefined,
  },
  decisions: { kind: 'decision', label: (e, i) => scalar(e.what) ?? `decision ${i + 1}`, detail: (e) => [scalar(e.when), scalar(e.who)].filter(Boolean).join(' · ') || undefined },
};

/** The outline: one section per list (zones, surfaces, decisions) with one child per entry. `[]` when the tree cannot be built. */
export function documentSymbols(document: ParsedDocument): DocumentSymbol[] {
  const root = document.tree();
  if (!root || root.kind !== 'map') return [];
  const out: DocumentSymbol[] = [];
  for (const entry of root.entries) {
    const section = SECTIONS[entry.key];
    if (!section || entry.value.kind !== 'seq') continue;
    const children = entry.value.items.flatMap((item, i): DocumentSymbol[] => {
      if (item.kind !== 'map') return [];
      const fields: Record<string, SourceNode> = {};
      for (const e of item.entries) fields[e.key] = e.value;
      const selection = (fields.id ?? fields.name ?? fields.what)?.range ?? item.range;
      return [{ name: section.label(fields, i), detail: section.detail(fields), kind: section.kind, range: item.range, selectionRange: selection, children: [] }];
    });
    out.push({ name: entry.key, detail: `${children.length}`, kind: 'section', range: { start: entry.keyRange.start, end: Math.max(entry.value.range.end, entry.keyRange.end) }, selectionRange: entry.keyRange, children });
  }
  return out;
}

function scalar(node: SourceNode | undefined): string | undefined {
  return node?.kind === 'scalar' && node.value !== null && node.value !== '' ? String(node.value) : undefined;
}
