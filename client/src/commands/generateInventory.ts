import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { GenerateInventoryRequest } from '../../../server/src/protocol';

/** Arguments tests (and keybindings) may pass. */
export interface GenerateInventoryArgs {
  /** The inventory to write or merge into, relative to the first workspace folder. */
  readonly path?: string;
}

export interface GeneratedInventoryInfo {
  readonly path: string;
  readonly added: readonly string[];
  readonly retired: readonly string[];
}

/**
 * `surfaceReview.generateInventory`: the server completes the folder's inventory from the flows it has indexed (the
 * CLI's `inventory` command); the client writes it (through the editor when the file is open, so undo works) and
 * opens it, where the placeholders show as findings to resolve.
 */
export const generateInventory = (deps: { client: LanguageClient }) => async (args?: GenerateInventoryArgs): Promise<GeneratedInventoryInfo | undefined> => {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showWarningMessage('Surface Review: open a folder with flow exports to generate an inventory.');
    return undefined;
  }
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Surface Review: generating the inventory from the flows…' }, () =>
    deps.client.sendRequest(GenerateInventoryRequest, { folder: folder.uri.fsPath, path: args?.path }),
  );
  if (!result) return undefined;
  const uri = vscode.Uri.parse(result.uri);
  if (!result.existed && (await exists(uri))) {
    void vscode.window.showErrorMessage(`Surface Review: ${vscode.workspace.asRelativePath(uri)} exists but is not a surface inventory; nothing was written.`);
    return undefined;
  }
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) {
    if (open.getText() !== result.text) {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, new vscode.Range(open.positionAt(0), open.positionAt(open.getText().length)), result.text);
      await vscode.workspace.applyEdit(edit);
      await open.save();
    }
  } else if (!result.existed || result.added.length || result.retired.length) {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(result.text));
  }
  await vscode.window.showTextDocument(uri, { preview: false });
  const what = result.added.length || result.retired.length
    ? `${result.added.length} surface(s) added${result.retired.length ? `, ${result.retired.length} marked retired` : ''}. Fill in each TODO (owner, classification, risk): the Problems view lists what is left.`
    : 'The inventory already documents every surface of the flows.';
  void vscode.window.showInformationMessage(`Surface Review: ${vscode.workspace.asRelativePath(uri)}: ${what}`);
  return { path: uri.fsPath, added: result.added, retired: result.retired };
};

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
