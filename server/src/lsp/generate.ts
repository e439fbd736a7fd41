// `surfaceReview/generateInventory`: the folder's inventory completed from the flows in the index (the core's
// `generateInventory`), returned as text for the client to write and open.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Connection } from 'vscode-languageserver';
import { generateInventory, type WorkspaceFile } from '../core/index.js';
import { GenerateInventoryRequest } from '../protocol.js';
import type { Workspace } from './workspace.js';

const DEFAULT_NAME = 'surfaces.yaml';

export function registerGenerateInventory(connection: Connection, workspace: Workspace): void {
  connection.onRequest(GenerateInventoryRequest, ({ folder, path: requested }) => {
    const indexed = workspace.files();
    const root = folder ?? indexed.find((f) => f.root)?.root;
    if (!root) return null;
    const files: WorkspaceFile[] = indexed
      .filter((f) => f.root === root)
      .map((f) => ({ uri: f.uri, root: '', path: f.path, format: f.result.format, document: f.result.document, flow: f.result.flow }));
    const rootInventories = files.filter((f) => f.format === 'surface-inventory' && !f.path.includes('/'));
    const target = requested ?? (files.some((f) => f.path === DEFAULT_NAME) || rootInventories.length !== 1 ? DEFAULT_NAME : rootInventories[0].path);
    const existing = files.find((f) => f.path === target);
    const text = existing?.document?.text;
    const result = generateInventory(files, { path: target, text });
    return { uri: pathToFileURL(path.join(root, target)).toString(), text: result.text, existed: existing !== undefined, added: [...result.added], retired: [...result.retired] };
  });
}
