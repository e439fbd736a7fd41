// activate/deactivate: wiring only.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { StatusNotification, ThreatModelChangedNotification, WorkspaceTrustNotification, type ReviewStatus, type ThreatModelDto } from '../../server/src/protocol';
import { exportReport } from './commands/exportReport';
import { generateInventory } from './commands/generateInventory';
import { filterThreatModel } from './commands/filterThreatModel';
import { groupThreatModel } from './commands/groupThreatModel';
import { refreshThreatModel } from './commands/refreshThreatModel';
import { reviewWorkspace } from './commands/reviewWorkspace';
import { showDataFlowDiagram } from './commands/showDataFlowDiagram';
import { showMoreThreatModel } from './commands/showMoreThreatModel';
import { showOutput } from './commands/showOutput';
import { CrashHandler } from './crashHandler';
import { createLanguageClient } from './languageClient';
import { StatusBar } from './statusBar';
import { ThreatModelView, type ThreatModelProvider, type ThreatNode } from './threatModelView';

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
  /** How long `activate` took, in milliseconds (the server starts afterwards). */
  readonly activationMs: number;
  /** The threat-model view: its tree (read it with `provider.getChildren`, or level by level with `provider.group` and `provider.detail`) and the last model loaded. */
  readonly threatModel: {
    readonly view: vscode.TreeView<ThreatNode>;
    readonly provider: ThreatModelProvider;
    model(): ThreatModelDto | undefined;
    /** Resolves with the next model the view loads (after a change notification or a refresh). */
    nextModel(): Promise<ThreatModelDto>;
  };
}

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): SurfaceReviewApi {
  const activationStarted = performance.now();
  const outputChannel = vscode.window.createOutputChannel('Surface Review', { log: true });
  const statusBar = new StatusBar();
  const crashHandler = new CrashHandler(outputChannel);
  client = createLanguageClient(context, outputChannel, crashHandler);
  const listeners = new Set<(s: ReviewStatus) => void>();
  const threatModel = new ThreatModelView(client);
  const deps = { outputChannel, client, threatModel };
  const commands: Record<string, (...args: never[]) => unknown> = {
    'surfaceReview.showOutput': showOutput(deps),
    'surfaceReview.reviewWorkspace': reviewWorkspace(deps),
    'surfaceReview.exportReport': exportReport(deps),
    'surfaceReview.generateInventory': generateInventory(deps),
    'surfaceReview.showDataFlowDiagram': showDataFlowDiagram(deps),
    'surfaceReview.threatModel.refresh': refreshThreatModel(deps),
    'surfaceReview.threatModel.groupBy': groupThreatModel(deps),
    'surfaceReview.threatModel.showOpenOnly': filterThreatModel(deps, true),
    'surfaceReview.threatModel.showAll': filterThreatModel(deps, false),
    'surfaceReview.threatModel.showMore': showMoreThreatModel(deps),
  };
  context.subscriptions.push(outputChannel, statusBar, threatModel, ...Object.entries(commands).map(([id, handler]) => vscode.commands.registerCommand(id, handler)));
  const started = client;
  // The server starts after activation returns, so activating costs the editor only the wiring above.
  const ready = new Promise<void>((resolve) => setImmediate(resolve)).then(() => started.start()).then(() => {
    context.subscriptions.push(started.onNotification(StatusNotification, (status) => {
      statusBar.update(status);
      for (const listener of [...listeners]) listener(status);
    }));
    context.subscriptions.push(started.onNotification(ThreatModelChangedNotification, () => void threatModel.refresh().catch(() => undefined)));
    context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void started.sendNotification(WorkspaceTrustNotification, { trusted: true })));
    void threatModel.refresh().catch(() => undefined);
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
    activationMs: performance.now() - activationStarted,
    threatModel: {
      view: threatModel.view,
      provider: threatModel.provider,
      model: () => threatModel.provider.model,
      nextModel: () =>
        new Promise((resolve) => {
          const subscription = threatModel.provider.onDidRefresh((model) => {
            subscription.dispose();
            resolve(model);
          });
        }),
    },
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
