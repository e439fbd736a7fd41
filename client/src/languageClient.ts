// How the extension starts and talks to the language server.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { InitializationOptions } from '../../server/src/protocol';
import type { CrashHandler } from './crashHandler';

/** Documents the server reviews: JSON and YAML on disk (flows, inventories, policies). */
const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'json' },
  { scheme: 'file', language: 'jsonc' },
  { scheme: 'file', language: 'yaml' },
];

/**
 * Node flags of the server process: 16 MB semi-spaces for the young generation, where a review's short-lived objects
 * live. That is Node 20's own default on 64-bit (measured: the flag changes nothing there); it pins the size for
 * runtimes that default smaller, so the editor's server collects garbage as the benchmarks measure it. The benchmarks
 * start the server with the same flags (scripts/bench-lsp.mjs, scripts/bench-workspace.mjs).
 */
export const SERVER_EXEC_ARGV = ['--max-semi-space-size=16'];

/** Builds (but does not start) the language client. */
export function createLanguageClient(context: vscode.ExtensionContext, outputChannel: vscode.LogOutputChannel, crashHandler: CrashHandler): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: SERVER_EXEC_ARGV } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel,
    errorHandler: crashHandler,
    // Untrusted, the server still reviews but lets the workspace's policy file only tighten (protocol.ts).
    initializationOptions: { workspaceTrusted: vscode.workspace.isTrusted } satisfies InitializationOptions,
    synchronize: {
      configurationSection: 'surfaceReview',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{json,yaml,yml}'),
    },
  };
  return new LanguageClient('surfaceReview', 'Surface Review', serverOptions, clientOptions);
}
