import { scopeIn, scopeListAt } from '../../formats/scopes.js';
import { surfaceLabel } from '../../inventory/model.js';
import { scopeKey } from '../../knowledge/scopes/index.js';
import { parsePointer } from '../../source.js';
import { valueAt } from '../../walk.js';
import { describeNode } from '../flowRules.js';
import { listOf, nodeAnchor } from '../workspaceRules.js';
import type { Rule } from '../types.js';

/** `scope/undeclared`: a flow node requests scopes its inventory entry does not declare (privilege creep). */
export const undeclared: Rule = {
  id: 'scope/undeclared',
  defaultSeverity: 'warning',
  appliesTo: 'workspace',
  reportsOn: 'flow',
  threats: ['E'],
  cwe: 'CWE-269',
  securitySeverity: 6.0,
  docs: {
    summary: 'A flow node uses OAuth scopes (or an audience) that the inventory entry documenting it does not list in `auth.scopes`.',
    rationale: 'Scopes added in the flow but not in the inventory are privilege creep the review never saw: the connection can do more than the documented, approved surface, and a leaked token grants it all.',
    remediation: 'Remove the extra scopes from the node if it does not need them; if it does, add them to the entry\'s `auth.scopes` so the review (and `scope/overbroad`) sees them.',
  },
  checkWorkspace(context) {
    const { file, folder } = context;
    for (const { linked, entries } of folder.flowLinks(file).surfaces) {
      const { node, surface } = linked;
      if (!surface.scopes.length || !entries.length) continue;
      // Compared case-insensitively, short and URI forms alike (`Mail.Read`, `https://graph.microsoft.com/Mail.Read`).
      const declared = new Set(entries.flatMap(({ entry }) => entry.auth.scopes.map((s) => scopeKey(s.scope))));
      const extra = [...new Set(surface.scopes)].filter((s) => !declared.has(scopeKey(s)));
      if (!extra.length) continue;
      // On the string that requests the first extra scope (a scope parameter, one entry of a parameter list: the whole
      // list); inside a URL's query or a form body (`…&scope=…`) or a JSON query or body, on that scope.
      const source = node.scopeSources?.find((s) => s.scopes.some((scope) => extra.includes(scope)));
      const raw = source && file.document ? valueAt(file.document.value, parsePointer(source.pointer)) : undefined;
      const at = source && typeof raw === 'string' ? scopeIn(raw, source.scopes.find((scope) => extra.includes(scope))!) : undefined;
      // A named list inside the string (a `scope=` parameter, a JSON member), not the whole string as one list.
      const inside = at && typeof raw === 'string' && scopeListAt(raw, at.start)?.name ? { start: at.start, end: at.end } : ('value' as const);
      const anchor = source ? { pointer: source.pointer, at: inside } : nodeAnchor(file.document, node);
      const documented = entries.map(({ entry }) => surfaceLabel(entry)).join(', ');
      context.report({
        ...anchor,
        key: `node:${node.id}|${extra.map((s) => s.toLowerCase()).sort().join(' ')}`,
        surfaceId: entries[0].entry.id,
        message: `${describeNode(node)} uses ${extra.length === 1 ? 'scope' : 'scopes'} ${listOf(extra)} that its inventory entry ${documented} does not declare: privilege the review never approved.`,
        related: entries.map(({ inventory, entry }) => ({
          file: inventory,
          pointer: entry.auth.scopes.length ? `${entry.pointer}/auth/scopes` : entry.auth.present ? `${entry.pointer}/auth` : entry.anchor,
          at: entry.auth.scopes.length || entry.auth.present ? 'key' as const : 'value' as const,
          message: `Declared scopes of ${surfaceLabel(entry)}${entry.auth.scopes.length ? `: ${entry.auth.scopes.map((s) => s.scope).join(', ')}` : ' (none)'}`,
        })),
      });
    }
  },
};
