// Custom LSP messages between the extension client and the language server: the one place they are declared.
// Both sides import this file (the client's tsconfig includes it; esbuild bundles it into both).
import { NotificationType, RequestType0 } from 'vscode-languageserver-protocol';

/** Counts of findings by severity. */
export interface SeverityCounts {
  error: number;
  warning: number;
  info: number;
  hint: number;
}

/** The workspace's review state, for the status bar. */
export interface ReviewStatus {
  /** Files recognised as ours (flows, inventories, policies). */
  files: number;
  /** Findings in those files, by severity. */
  counts: SeverityCounts;
  /** Files skipped (too large); their one-line reasons are in the output channel. */
  skipped: number;
  /** True while the workspace scan runs. */
  scanning: boolean;
}

/**
 * `surfaceReview/status` — server → client, after the workspace scan and after every change that alters
 * the counts. The client shows it in the status bar.
 */
export const StatusNotification = new NotificationType<ReviewStatus>('surfaceReview/status');

/**
 * `surfaceReview/reviewWorkspace` — client → server, from the `Surface Review: Review Workspace` command:
 * re-reads every file of the workspace (with progress) and answers with the new status.
 */
export const ReviewWorkspaceRequest = new RequestType0<ReviewStatus, void>('surfaceReview/reviewWorkspace');
