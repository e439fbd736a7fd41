// Quick fixes: a diagnostic's `data.fingerprint` finds the finding (in the file's own analysis, else among its
// cross-file findings); its fixes become code actions, whose edits may reach other files (an inventory). Every
// Surface Review diagnostic also gets "Suppress with reason...", which adds a suppression to the policy file.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  CreateFile,
  TextDocumentEdit,
  type ClientCapabilities,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { LineIndex, parseDocument, suppressionEdit, type Fix } from '../core/index.js';
import type { DiagnosticData, Positions } from './diagnostics.js';
import { POLICY_FILES, type PolicyStore } from './policy.js';
import type { Workspace } from './workspace.js';

/** The title of the suppression action on every diagnostic. */
export const SUPPRESS_TITLE = 'Suppress with reason...';
/** Server command run after the suppression is written: shows the policy file with the reason selected. */
export const REVEAL_COMMAND = 'surfaceReview.revealSuppression';

export function registerCodeActions(connection: Connection, workspace: Workspace, policies: PolicyStore | undefined, capabilities: () => ClientCapabilities | undefined): void {
  connection.onCodeAction(async (params: CodeActionParams): Promise<CodeAction[]> => {
    const uri = params.textDocument.uri;
    const entry = await workspace.analysisOfOpen(uri);
    const actions: CodeAction[] = [];
    for (const diagnostic of params.context.diagnostics) {
      const fingerprint = (diagnostic.data as DiagnosticData | undefined)?.fingerprint;
      if (diagnostic.source !== 'surface-review' || !fingerprint) continue;
      const own = entry?.result.findings.find((f) => f.fingerprint === fingerprint);
      const fixes = own ? own.fixes ?? [] : workspace.workspaceFixes(uri, fingerprint);
      for (const fix of fixes) {
        const edit = toWorkspaceEdit(fix, (target) => (target === uri && entry ? entry.document : workspace.positionsOf(target)));
        if (edit) actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.isPreferred, edit });
      }
      const suppress = await suppressAction(uri, diagnostic, fingerprint, workspace, policies, capabilities());
      if (suppress) actions.push(suppress);
    }
    return actions;
  });

  connection.onExecuteCommand(async (params) => {
    if (params.command !== REVEAL_COMMAND) return;
    const [uri, range] = (params.arguments ?? []) as [string, LspTextEdit['range']];
    if (capabilities()?.window?.showDocument?.support) await connection.window.showDocument({ uri, selection: range, takeFocus: true });
  });
}

/** A fix's offset edits as a workspace edit; undefined when a file it edits is not known (cannot convert offsets). */
function toWorkspaceEdit(fix: Fix, positionsOf: (uri: string) => Positions | undefined): WorkspaceEdit | undefined {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const edit of fix.edits) {
    const at = positionsOf(edit.uri);
    if (!at) return undefined;
    (changes[edit.uri] ??= []).push({ range: { start: at.positionAt(edit.start), end: at.positionAt(edit.end) }, newText: edit.newText });
  }
  return { changes };
}

/**
 * "Suppress with reason...": adds {fingerprint, rule, path, reason placeholder, owner, expiry} to the folder's policy
 * file, creating it when missing. None for findings about the policy itself or outside a workspace folder.
 */
async function suppressAction(uri: string, diagnostic: Diagnostic, fingerprint: string, workspace: Workspace, policies: PolicyStore | undefined, capabilities: ClientCapabilities | undefined): Promise<CodeAction | undefined> {
  const ruleId = typeof diagnostic.code === 'string' ? diagnostic.code : undefined;
  const folder = workspace.folderOf(uri);
  if (!ruleId || ruleId.startsWith('policy/') || !folder) return undefined;
  const folderPolicy = policies?.forFile(path.join(folder, POLICY_FILES[0]));
  const policyPath = path.join(folder, folderPolicy?.file ?? (await existing(folder)) ?? POLICY_FILES[0]);
  const policyUri = pathToFileURL(policyPath).toString();
  const text = workspace.openText(policyUri) ?? (await readOptional(policyPath));
  const document = text === undefined ? undefined : parseDocument(text, /^\s*\{/.test(text) ? 'json' : 'yaml');
  const owner = folderPolicy?.knownOwners[0];
  const change = suppressionEdit(policyUri, document, { fingerprint, ruleId, path: workspace.relativePath(uri), owner, today: new Date() });
  if (!change) return undefined;
  const before = new LineIndex(text ?? '');
  const range = { start: before.positionAt(change.edit.start), end: before.positionAt(change.edit.end) };
  const edits: LspTextEdit[] = [{ range, newText: change.edit.newText }];
  let edit: WorkspaceEdit;
  if (change.create) {
    const resources = capabilities?.workspace?.workspaceEdit;
    if (!resources?.documentChanges || !resources.resourceOperations?.includes('create')) return undefined;
    edit = { documentChanges: [CreateFile.create(policyUri, { ignoreIfExists: true }), TextDocumentEdit.create({ uri: policyUri, version: null }, edits)] };
  } else {
    edit = { changes: { [policyUri]: edits } };
  }
  const action: CodeAction = { title: SUPPRESS_TITLE, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: false, edit };
  if (change.reason) {
    const after = (text ?? '').slice(0, change.edit.start) + change.edit.newText + (text ?? '').slice(change.edit.end);
    const lines = new LineIndex(after);
    action.command = { title: 'Write the reason', command: REVEAL_COMMAND, arguments: [policyUri, { start: lines.positionAt(change.reason.start), end: lines.positionAt(change.reason.end) }] };
  }
  return action;
}

async function existing(folder: string): Promise<string | undefined> {
  for (const name of POLICY_FILES) if ((await readOptional(path.join(folder, name))) !== undefined) return name;
  return undefined;
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}
