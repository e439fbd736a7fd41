// Hover: in inventories and policy files, LSP request → core `hover` on the cached parse; in flows, core `flowHover`
// on the cached analysis (a scope a node requests). Markdown either way.
import { MarkupKind, type Connection, type Hover } from 'vscode-languageserver';
import { flowHover, hover, redactSecrets, type HoverResult } from '../core/index.js';
import { schemaOf } from './inventoryDocuments.js';
import type { Workspace } from './workspace.js';

export function registerHover(connection: Connection, workspace: Workspace): void {
  connection.onHover(async (params): Promise<Hover | null> => {
    const entry = await workspace.analysisOfOpen(params.textDocument.uri);
    const document = entry?.result.document;
    if (!entry || !document) return null;
    const offset = entry.document.offsetAt(params.position);
    const schema = schemaOf(entry.document);
    let result: HoverResult | undefined;
    if (schema) result = hover(document, offset, schema);
    else if (entry.result.flow) result = flowHover(document, entry.result.flow, offset);
    if (!result) return null;
    return {
      // A scope or a zone is shown as written: a secret put there is masked, as everywhere else.
      contents: { kind: MarkupKind.Markdown, value: redactSecrets(result.contents) },
      range: { start: entry.document.positionAt(result.range.start), end: entry.document.positionAt(result.range.end) },
    };
  });
}
