// The language server's entry: connection, capabilities, and one registration per feature.
// Started by the extension over IPC, or by any editor with `--stdio`.
import { createConnection, FileChangeType, ProposedFeatures, TextDocuments, TextDocumentSyncKind, type ClientCapabilities, type InitializeResult } from 'vscode-languageserver/node';
import { ReviewWorkspaceRequest, WorkspaceTrustNotification, type InitializationOptions } from '../protocol.js';
import { registerCodeActions, REVEAL_COMMAND } from './codeActions.js';
import { COMPLETION_TRIGGERS, registerCompletion } from './completion.js';
import { SettingsCache } from './configuration.js';
import { registerHover } from './hover.js';
import { PolicyStore } from './policy.js';
import { registerSymbols } from './symbols.js';
import { registerReport } from './report.js';
import { registerGenerateInventory } from './generate.js';
import { registerThreatModel } from './threatModel.js';
import { LINE_BATCHED_DOCUMENTS } from './textDocument.js';
import { Workspace } from './workspace.js';
import { fileURLToPath } from 'node:url';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(LINE_BATCHED_DOCUMENTS);
const settings = new SettingsCache(connection);
const policies = new PolicyStore((line) => connection.console.log(line));
const workspace = new Workspace(connection, documents, settings, policies);
const folderPaths = (uris: readonly string[]) => uris.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
let policiesLoaded: Promise<void> = Promise.resolve();
let clientCapabilities: ClientCapabilities | undefined;

process.on('uncaughtException', (e) => connection.console.error(`Surface Review: unexpected error: ${e.message}`));
process.on('unhandledRejection', (e) => connection.console.error(`Surface Review: unexpected error: ${(e as Error)?.message ?? e}`));

connection.onInitialize((params): InitializeResult => {
  settings.setSupported(params.capabilities.workspace?.configuration === true);
  workspace.setTrusted((params.initializationOptions as InitializationOptions | undefined)?.workspaceTrusted !== false);
  clientCapabilities = params.capabilities;
  const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  workspace.setFolders(folders);
  policiesLoaded = policies.load(folderPaths(folders));
  workspace.waitFor(policiesLoaded);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: { codeActionKinds: ['quickfix'] },
      executeCommandProvider: { commands: [REVEAL_COMMAND] },
      completionProvider: { triggerCharacters: COMPLETION_TRIGGERS },
      hoverProvider: true,
      documentSymbolProvider: true,
      workspace: {
        workspaceFolders: { supported: true, changeNotifications: true },
        // Renames and folder deletions re-link at once (the file watcher reports neither for the files inside a folder).
        fileOperations: {
          didRename: { filters: [{ scheme: 'file', pattern: { glob: '**/*', matches: 'file' } }, { scheme: 'file', pattern: { glob: '**/*', matches: 'folder' } }] },
          didDelete: { filters: [{ scheme: 'file', pattern: { glob: '**/*', matches: 'folder' } }] },
        },
      },
    },
    serverInfo: { name: 'surface-review', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  void policiesLoaded.then(() => workspace.scan()).catch((e) => connection.console.error(`Surface Review: workspace scan failed: ${(e as Error).message}`));
  connection.workspace.onDidChangeWorkspaceFolders?.(async () => {
    const folders = await connection.workspace.getWorkspaceFolders();
    workspace.setFolders(folders?.map((f) => f.uri) ?? []);
    await policies.load(folderPaths(folders?.map((f) => f.uri) ?? []));
    await workspace.scan();
  });
});

connection.onDidChangeConfiguration(() => {
  settings.clear();
  void workspace.refresh();
});

documents.onDidOpen((e) => workspace.onOpenOrChange(e.document));
documents.onDidChangeContent((e) => workspace.onOpenOrChange(e.document));
documents.onDidClose((e) => void workspace.onClose(e.document.uri));
connection.onDidChangeWatchedFiles(async (params) => {
  // A changed policy or CODEOWNERS changes every finding of its folder: re-review; otherwise only what changed.
  if (await policies.onWatchedFiles(params.changes)) await workspace.refresh();
  else await workspace.onWatchedFiles(params.changes);
});
connection.onRequest(ReviewWorkspaceRequest, () => workspace.scan(true));
connection.workspace.onDidRenameFiles((params) => void workspace.onRenamed(params.files));
connection.workspace.onDidDeleteFiles((params) => void workspace.onWatchedFiles(params.files.map(({ uri }) => ({ uri, type: FileChangeType.Deleted }))));
connection.onNotification(WorkspaceTrustNotification, ({ trusted }) => {
  if (trusted === workspace.trusted) return;
  workspace.setTrusted(trusted);
  connection.console.log(`Workspace trust ${trusted ? 'granted: the policy file applies in full' : 'withdrawn: the policy file may only tighten the review'}.`);
  void workspace.refresh();
});

registerCodeActions(connection, workspace, policies, () => clientCapabilities);
registerCompletion(connection, documents, policies);
registerHover(connection, workspace);
registerSymbols(connection, workspace);
registerThreatModel(connection, workspace, { settings, policies });
registerReport(connection, workspace, policies);
registerGenerateInventory(connection, workspace);

documents.listen(connection);
connection.listen();
