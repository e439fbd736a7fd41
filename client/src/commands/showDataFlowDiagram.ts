import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DataFlowDiagramRequest } from '../../../server/src/protocol';

/**
 * `surfaceReview.showDataFlowDiagram`: opens the threat model's data-flow diagram (Markdown with a Mermaid block)
 * in an untitled editor and its Markdown preview. VS Code's built-in preview shows the Mermaid source as code
 * unless a Mermaid extension is installed; the text is valid Mermaid either way.
 */
export const showDataFlowDiagram = (deps: { client: LanguageClient }) => async (): Promise<vscode.TextDocument> => {
  const { markdown } = await deps.client.sendRequest(DataFlowDiagramRequest);
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
  await vscode.window.showTextDocument(document, { preview: false });
  await vscode.commands.executeCommand('markdown.showPreviewToSide', document.uri).then(undefined, () => undefined);
  return document;
};
