// The status bar item: the workspace's findings by severity, from the server's status notification.
import * as vscode from 'vscode';
import type { ReviewStatus } from '../../server/src/protocol';

export class StatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  #status: ReviewStatus | undefined;

  constructor() {
    this.item = vscode.window.createStatusBarItem('surfaceReview.status', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'Surface Review';
    this.item.command = 'surfaceReview.showOutput';
    this.item.text = '$(shield) Surface Review';
    this.item.tooltip = 'Surface Review: starting';
    this.item.show();
  }

  get status(): ReviewStatus | undefined {
    return this.#status;
  }

  update(status: ReviewStatus): void {
    this.#status = status;
    const { error, warning, info } = status.counts;
    this.item.text = status.scanning
      ? '$(sync~spin) Surface Review'
      : `$(shield) ${error} $(error) ${warning} $(warning) ${info} $(info)`;
    this.item.tooltip = status.scanning
      ? 'Surface Review: reviewing the workspace…'
      : `Surface Review: ${status.files} file(s) reviewed — ${error} error(s), ${warning} warning(s), ${info} info` +
        (status.skipped ? `; ${status.skipped} skipped (see the output)` : '');
    this.item.backgroundColor = error > 0 ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
