// Completion in inventories and policy files: LSP request → core `complete` (on offsets) → CompletionItems.
import { CompletionItemKind, MarkupKind, type CompletionItem, type Connection, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { complete, parseDocument, redactSecrets, type CompletionKind } from '../core/index.js';
import { schemaOf } from './inventoryDocuments.js';
import type { PolicyStore } from './policy.js';

const KIND: Record<CompletionKind, CompletionItemKind> = {
  property: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
  zone: CompletionItemKind.Reference,
  owner: CompletionItemKind.Text,
  scope: CompletionItemKind.Constant,
  date: CompletionItemKind.Value,
  reference: CompletionItemKind.Reference,
};

/** Characters that open completion by themselves: the space after `key:` or `-`. */
export const COMPLETION_TRIGGERS = [' '];

export function registerCompletion(connection: Connection, documents: TextDocuments<TextDocument>, policies: PolicyStore): void {
  connection.onCompletion((params): CompletionItem[] => {
    const document = documents.get(params.textDocument.uri);
    if (!document || document.languageId !== 'yaml') return []; // JSON inventories complete through jsonValidation
    const schema = schemaOf(document);
    if (!schema) return [];
    const text = document.getText();
    const offset = document.offsetAt(params.position);
    if (params.context?.triggerCharacter === ' ' && !/[:-] $/.test(text.slice(Math.max(0, offset - 2), offset))) return [];
    const items = complete({
      text,
      offset,
      schema,
      value: parseDocument(text, 'yaml').value,
      knownOwners: policies.forFile(document.uri).knownOwners,
      today: new Date(),
    });
    // Values come from the document too (zones, owners, surfaces): a secret is never offered, nor shown in the docs.
    return items.filter((item) => redactSecrets(item.insertText) === item.insertText).map((item) => ({
      label: item.label,
      kind: KIND[item.kind],
      detail: item.detail && redactSecrets(item.detail),
      documentation: item.documentation ? { kind: MarkupKind.Markdown, value: redactSecrets(item.documentation) } : undefined,
      sortText: item.sortText,
      filterText: item.label,
      textEdit: { range: { start: document.positionAt(item.start), end: document.positionAt(item.end) }, newText: item.insertText },
    }));
  });
}
