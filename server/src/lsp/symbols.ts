// The outline of an inventory: LSP documentSymbol → core `documentSymbols` on the cached parse.
import { SymbolKind, type Connection, type DocumentSymbol } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { documentSymbols, redactSecrets, type DocumentSymbol as CoreSymbol, type SymbolKind as CoreKind } from '../core/index.js';
import { schemaOf } from './inventoryDocuments.js';
import type { Workspace } from './workspace.js';

const KIND: Record<CoreKind, SymbolKind> = {
  section: SymbolKind.Namespace,
  surface: SymbolKind.Interface,
  zone: SymbolKind.Module,
  decision: SymbolKind.Event,
};

export function registerSymbols(connection: Connection, workspace: Workspace): void {
  connection.onDocumentSymbol(async (params): Promise<DocumentSymbol[]> => {
    const entry = await workspace.analysisOfOpen(params.textDocument.uri);
    if (!entry?.result.document || schemaOf(entry.document) !== 'inventory') return [];
    return documentSymbols(entry.result.document).map((s) => toSymbol(s, entry.document));
  });
}

function toSymbol(symbol: CoreSymbol, document: TextDocument): DocumentSymbol {
  const range = { start: document.positionAt(symbol.range.start), end: document.positionAt(symbol.range.end) };
  const selection = { start: document.positionAt(symbol.selectionRange.start), end: document.positionAt(symbol.selectionRange.end) };
  return {
    // Names and details are the document's own values: a secret put there is masked.
    name: redactSecrets(symbol.name) || '(unnamed)',
    detail: symbol.detail && redactSecrets(symbol.detail),
    kind: KIND[symbol.kind],
    range,
    selectionRange: selection,
    children: symbol.children.map((c) => toSymbol(c, document)),
  };
}
