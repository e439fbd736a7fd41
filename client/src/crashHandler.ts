// What happens when the language server dies: restart it, tell the user once, and give up after repeated crashes.
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, type CloseHandlerResult, type ErrorHandler, type ErrorHandlerResult, type Message } from 'vscode-languageclient/node';

/** More crashes than this within {@link WINDOW_MS} stop the restarts. */
const MAX_RESTARTS = 4;
const WINDOW_MS = 3 * 60_000;

/**
 * Restarts a crashed server; the first crash of the session shows one notification (later ones only go to
 * the output channel), and a crash loop stops with an error that says where to look.
 */
export class CrashHandler implements ErrorHandler {
  readonly #output: vscode.LogOutputChannel;
  readonly #crashes: number[] = [];
  #told = false;

  constructor(output: vscode.LogOutputChannel) {
    this.#output = output;
  }

  /** How many times the server stopped unexpectedly in this session. */
  restarts = 0;

  error(error: Error, _message: Message | undefined, count: number | undefined): ErrorHandlerResult {
    this.#output.error(`Connection to the Surface Review server failed: ${error.message}`);
    return { action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.restarts++;
    this.#crashes.push(now);
    while (this.#crashes.length && this.#crashes[0] < now - WINDOW_MS) this.#crashes.shift();
    if (this.#crashes.length > MAX_RESTARTS) {
      this.#output.error(`The Surface Review server stopped ${this.#crashes.length} times in 3 minutes; it will not be restarted.`);
      void vscode.window.showErrorMessage('Surface Review stopped: its language server keeps crashing. Run "Surface Review: Show Output" for details, then reload the window.');
      return { action: CloseAction.DoNotRestart, handled: true };
    }
    this.#output.warn('The Surface Review server stopped unexpectedly; restarting it.');
    if (!this.#told) {
      this.#told = true;
      void vscode.window.showWarningMessage('Surface Review\'s language server stopped unexpectedly and was restarted. Run "Surface Review: Show Output" for details.');
    }
    return { action: CloseAction.Restart, handled: true };
  }
}
