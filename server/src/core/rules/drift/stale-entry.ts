import { surfaceLabel } from '../../inventory/model.js';
import { inventoryOfFile } from '../../workspace/link.js';
import type { Rule } from '../types.js';

/** `drift/stale-entry`: an inventory entry whose `flow` or `node` no longer exists in the workspace. */
export const staleEntry: Rule = {
  id: 'drift/stale-entry',
  defaultSeverity: 'warning',
  appliesTo: 'workspace',
  reportsOn: 'inventory',
  threats: ['R'],
  cwe: 'CWE-1059',
  securitySeverity: 3.0,
  docs: {
    summary: 'An inventory entry whose `flow` file, or whose `node` in that flow, no longer exists (renamed, moved or deleted).',
    rationale: 'A stale entry documents a surface that is gone — or, more often, one that was renamed or moved and is now running undocumented under its new name, while the review reads the old description.',
    remediation: 'Point `flow` and `node` at where the surface lives now (the related location shows the flow), or set `lifecycle.status: retired` if it was switched off, or delete the entry.',
  },
  checkWorkspace(context) {
    const { file, folder } = context;
    for (const entry of inventoryOfFile(file)?.surfaces ?? []) {
      if (entry.flow === undefined || entry.lifecycle.status === 'retired') continue;
      const link = folder.resolve(file, entry);
      const key = `surface:${entry.id ?? entry.name ?? entry.index}|${entry.flow}|${entry.node ?? ''}`;
      if (link.state === 'missing-flow') {
        context.report({
          pointer: `${entry.pointer}/flow`,
          key,
          surfaceId: entry.id,
          message: `Surface ${surfaceLabel(entry)} names flow \`${entry.flow}\`, which is not in the workspace (looked for \`${link.flowPath}\`): the flow was moved, renamed or deleted, so the entry documents nothing that runs.`,
        });
      } else if (link.state === 'missing-node') {
        context.report({
          pointer: `${entry.pointer}/node`,
          key,
          surfaceId: entry.id,
          message: `Surface ${surfaceLabel(entry)} names node "${entry.node}", which flow \`${link.file.path}\` no longer has (by name or id): the node was renamed or removed.`,
          related: [{ file: link.file, pointer: nodesPointer(link.file), at: 'key', message: `The nodes of ${link.file.path}` }],
        });
      }
    }
  },
};

/** The pointer of a flow's node list, for related information (the first node's parent). */
function nodesPointer(file: { flow?: { nodes: readonly { pointer: string }[] } }): string {
  const first = file.flow?.nodes[0]?.pointer;
  return first ? first.slice(0, first.lastIndexOf('/')) : '';
}
