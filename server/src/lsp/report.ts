// `surfaceReview/exportReport`: the workspace's review, rendered by the core's report renderer.
import * as path from 'node:path';
import type { Connection } from 'vscode-languageserver';
import { redactSecrets, toCsv, toHtml, toJsonReport, toMarkdown, toSarif, type Review, type ReviewedFile } from '../core/index.js';
import { ExportReportRequest, type ReportFormat } from '../protocol.js';
import type { PolicyStore } from './policy.js';
import type { Workspace } from './workspace.js';

/** Renders `review` in `format`; the same renderers the CLI uses. */
export function renderReport(format: ReportFormat, review: Review): string {
  switch (format) {
    case 'markdown':
      return toMarkdown(review);
    case 'html':
      return toHtml(review);
    case 'sarif':
      return JSON.stringify(toSarif(review), null, 2) + '\n';
    case 'csv':
      return toCsv(review);
    case 'json':
      return JSON.stringify(toJsonReport(review), null, 2) + '\n';
  }
}

export function registerReport(connection: Connection, workspace: Workspace, policies: PolicyStore | undefined): void {
  connection.onRequest(ExportReportRequest, ({ format }) => {
    const indexed = workspace.files();
    const files: ReviewedFile[] = indexed.map(({ path: p, result, workspaceFindings }) => ({
      path: p,
      format: result.format,
      text: result.document?.text ?? '',
      findings: workspaceFindings.length ? [...result.findings, ...workspaceFindings] : result.findings,
      flow: result.flow,
      document: result.document,
      skipped: result.skipped,
    }));
    const root = indexed.find((f) => f.root)?.root;
    const policy = root && policies ? policies.forFile(path.join(root, '.surface-review.yaml')).policy : undefined;
    const review: Review = { files, date: new Date(), policy, scope: root ? path.basename(root) : undefined };
    return { content: redactSecrets(renderReport(format, review)) }; // a secret echoed in a value, as the CLI does
  });
}
