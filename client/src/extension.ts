// activate/deactivate: wiring only.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { StatusNotification, type ReviewStatus } from '../../server/src/protocol';
import { reviewWorkspace } from './commands/reviewWorkspace';
import { showOutput } from './commands/showOutput';
import { CrashHandler } from './crashHandler';
import { createLanguageClient } from './languageClient';
import { StatusBar } from './statusBar';

/** What `activate` returns: tests wait on `ready` and read the status bar's state. */
export interface SurfaceReviewApi {
  /** Resolves once the language server runs and has answered `initialize`. */
  readonly ready: Promise<void>;
  /** The last status the server sent, if any. */
  status(): ReviewStatus | undefined;
  /** Resolves with the next status the server sends whose scan has finished. */
  nextStatus(): Promise<ReviewStatus>;
  readonly statusBarItem: vscode.StatusBarItem;
  readonly outputChannel: vscode.LogOutputChannel;
  /** How many times the server crashed and was restarted in this session. */
  serverRestarts(): number;
}

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): SurfaceReviewApi {
  const outputChannel = vscode.window.createOutputChannel('Surface Review', { log: true });
  const statusBar = new StatusBar();
  const crashHandler = new CrashHandler(outputChannel);
  client = createLanguageClient(context, outputChannel, crashHandler);
  const listeners = new Set<(s: ReviewStatus) => void>();
  const deps = { outputChannel, client };
  const commands: Record<string, (...args: never[]) => unknown> = {
    'surfaceReview.showOutput': showOutput(deps),
    'surfaceReview.reviewWorkspace': reviewWorkspace(deps),
  };
  context.subscriptions.push(outputChannel, statusBar, ...Object.entries(commands).map(([id, handler]) => vscode.commands.registerCommand(id, handler)));
  const started = client;
  const ready = started.start().then(() => {
    context.subscriptions.push(started.onNotification(StatusNotification, (status) => {
      statusBar.update(status);
      for (const listener of [...listeners]) listener(status);
    }));
  });
  ready.catch((e: unknown) => {
    outputChannel.appendLine(`Surface Review could not start its language server: ${(e as Error).message}`);
    void vscode.window.showErrorMessage('Surface Review could not start its language server. See the output for details.');
  });
  return {
    ready,
    status: () => statusBar.status,
    nextStatus: () =>
      new Promise((resolve) => {
        const listener = (s: ReviewStatus) => {
          if (s.scanning) return;
          listeners.delete(listener);
          resolve(s);
        };
        listeners.add(listener);
      }),
    statusBarItem: statusBar.item,
    outputChannel,
    serverRestarts: () => crashHandler.restarts,
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
