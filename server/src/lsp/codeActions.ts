// Quick fixes: a diagnostic's `data.fingerprint` finds the finding in the cached analysis; its fixes become code actions.
import { CodeActionKind, type CodeAction, type CodeActionParams, type Connection } from 'vscode-languageserver';
import type { DiagnosticData } from './diagnostics.js';
import type { Workspace } from './workspace.js';

export function registerCodeActions(connection: Connection, workspace: Workspace): void {
  connection.onCodeAction(async (params: CodeActionParams): Promise<CodeAction[]> => {
    const entry = await workspace.analysisOfOpen(params.textDocument.uri);
    if (!entry) return [];
    const { result, document } = entry;
    const actions: CodeAction[] = [];
    for (const diagnostic of params.context.diagnostics) {
      const fingerprint = (diagnostic.data as DiagnosticData | undefined)?.fingerprint;
      const finding = fingerprint && result.findings.find((f) => f.fingerprint === fingerprint);
      if (!finding) continue;
      for (const fix of finding.fixes ?? []) {
        const changes: Record<string, { range: { start: ReturnType<typeof document.positionAt>; end: ReturnType<typeof document.positionAt> }; newText: string }[]> = {};
        for (const edit of fix.edits) {
          (changes[edit.uri] ??= []).push({ range: { start: document.positionAt(edit.start), end: document.positionAt(edit.end) }, newText: edit.newText });
        }
        actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.isPreferred, edit: { changes } });
      }
    }
    return actions;
  });
}
