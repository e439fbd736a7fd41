// Hover in inventories and policy files: LSP request → core `hover` on the cached parse → Markdown.
import { MarkupKind, type Connection, type Hover } from 'vscode-languageserver';
import { hover } from '../core/index.js';
import { schemaOf } from './inventoryDocuments.js';
import type { Workspace } from './workspace.js';

export function registerHover(connection: Connection, workspace: Workspace): void {
  connection.onHover(async (params): Promise<Hover | null> => {
    const entry = await workspace.analysisOfOpen(params.textDocument.uri);
    if (!entry?.result.document) return null;
    const schema = schemaOf(entry.document);
    if (!schema) return null;
    const result = hover(entry.result.document, entry.document.offsetAt(params.position), schema);
    if (!result) return null;
    return {
      contents: { kind: MarkupKind.Markdown, value: result.contents },
      range: { start: entry.document.positionAt(result.range.start), end: entry.document.positionAt(result.range.end) },
    };
  });
}
