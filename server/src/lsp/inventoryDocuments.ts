// Which open documents the inventory editor features serve: YAML or JSON inventories and policy files.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { sniff } from '../core/index.js';

/** The schema that drives completion and hover for this document, or undefined when it is not ours. */
export function schemaOf(document: TextDocument): 'inventory' | 'policy' | undefined {
  const path = decodeURIComponent(document.uri.replace(/^[a-z]+:\/\/[^/]*/i, ''));
  const { format } = sniff(document.getText(), path);
  return format === 'surface-inventory' ? 'inventory' : format === 'policy' ? 'policy' : undefined;
}
