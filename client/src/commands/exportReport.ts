import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ExportReportRequest, type ReportFormat } from '../../../server/src/protocol';

const FORMATS: { format: ReportFormat; label: string; detail: string; extension: string }[] = [
  { format: 'html', label: 'HTML', detail: 'A self-contained page to read, print or forward', extension: 'html' },
  { format: 'markdown', label: 'Markdown', detail: 'For a pull request, a wiki or a ticket', extension: 'md' },
  { format: 'sarif', label: 'SARIF 2.1.0', detail: 'For GitHub code scanning and other SARIF viewers', extension: 'sarif' },
  { format: 'json', label: 'JSON', detail: 'The CLI\'s JSON, for scripts', extension: 'json' },
  { format: 'csv', label: 'CSV', detail: 'One row per finding, for spreadsheets', extension: 'csv' },
];

/** Arguments tests (and keybindings) may pass to skip the pickers. */
export interface ExportReportArgs {
  readonly format?: ReportFormat;
  /** Absolute file path to write, instead of asking with a save dialog. */
  readonly path?: string;
}

/**
 * `surfaceReview.exportReport`: pick a format, pick where to save (default: the workspace folder), render on the
 * server with the core's renderer (the CLI's), write it, offer to open it. Returns the written file's path.
 */
export const exportReport = (deps: { client: LanguageClient }) => async (args?: ExportReportArgs): Promise<string | undefined> => {
  const chosen = args?.format
    ? FORMATS.find((f) => f.format === args.format)
    : await vscode.window.showQuickPick(FORMATS, { title: 'Export Security Review Report', placeHolder: 'Format' });
  if (!chosen) return undefined;
  let target: vscode.Uri | undefined;
  if (args?.path) {
    target = vscode.Uri.file(args.path);
  } else {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `security-review-${new Date().toISOString().slice(0, 10)}.${chosen.extension}`;
    target = await vscode.window.showSaveDialog({
      title: 'Save the security review report',
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: { [chosen.label]: [chosen.extension] },
    });
  }
  if (!target) return undefined;
  const destination = target;
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Surface Review: exporting the report…' }, async () => {
    const { content } = await deps.client.sendRequest(ExportReportRequest, { format: chosen.format });
    await vscode.workspace.fs.writeFile(destination, new TextEncoder().encode(content));
  });
  if (!args?.path) {
    void vscode.window.showInformationMessage(`Report saved to ${vscode.workspace.asRelativePath(destination)}.`, 'Open').then((choice) => {
      if (choice !== 'Open') return;
      if (chosen.format === 'html') void vscode.env.openExternal(destination);
      else void vscode.window.showTextDocument(destination);
    });
  }
  return destination.fsPath;
};
