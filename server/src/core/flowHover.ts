// Hover in flows: on a scope a node requests (an OAuth `scope` parameter, an HTTP action's `audience`, the `scope=` of
// a URL, a `scope` or `user_scope` entry of a parameter list), the same explanation as in the inventory: provider, risk, why, narrower alternatives.
import { scopeHintOf, scopesIn } from './formats/scopes.js';
import { scopeMarkdown, type HoverResult } from './inventory/hover.js';
import type { Flow } from './model/index.js';
import type { ParsedDocument } from './parse/index.js';
import { parsePointer } from './source.js';
import { valueAt } from './walk.js';

/**
 * What to show when hovering `offset` of a flow document; undefined unless the offset is on a scope of one of the
 * flow's nodes. The range is the scope's characters inside its string (URL-encoded as written, when it is).
 */
export function flowHover(document: ParsedDocument, flow: Flow, offset: number): HoverResult | undefined {
  for (const node of flow.nodes) {
    for (const { pointer, scopes } of node.scopeSources ?? []) {
      const whole = document.locate(pointer);
      if (!whole.exact || offset < whole.range.start || offset > whole.range.end) continue;
      const raw = valueAt(document.value, parsePointer(pointer));
      if (typeof raw !== 'string') continue;
      for (const scope of new Set(scopes)) {
        for (const at of scopesIn(raw, scope)) {
          const range = document.locateInString(pointer, at.start, at.end);
          if (offset >= range.start && offset <= range.end) return { contents: scopeMarkdown(scope, scopeHintOf(node)), range };
        }
      }
    }
  }
  return undefined;
}
