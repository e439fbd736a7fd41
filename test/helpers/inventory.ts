// Helpers for inventory tests: analyse inline YAML as an inventory, apply a fix's edits, re-validate.
import { analyze, parseDocument, type AnalysisOptions, type Finding, type Fix } from '../../server/src/core/index.js';
import { validateAgainst } from '../../server/src/core/schema.js';
import { TODAY } from './analyze.js';

export const INVENTORY_URI = 'file:///ws/app.surfaces.yaml';

/** Every finding for an inventory text (analysed as `app.surfaces.yaml` on {@link TODAY}). */
export function reviewInventory(text: string, options: Partial<AnalysisOptions> = {}, path = 'app.surfaces.yaml'): Finding[] {
  return [...analyze({ uri: `file:///ws/${path}`, path, text }, { today: TODAY, ...options }).findings];
}

/** The findings of one rule. */
export function inventoryFindings(ruleId: string, text: string, options: Partial<AnalysisOptions> = {}): Finding[] {
  return reviewInventory(text, options).filter((f) => f.ruleId === ruleId);
}

/** The text after applying a fix's edits (right to left, so offsets stay valid). */
export function applyFix(text: string, fix: Fix): string {
  let out = text;
  for (const edit of [...fix.edits].sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.newText + out.slice(edit.end);
  return out;
}

/** Schema problems and parse problems of an inventory text: a fix must not add any. */
export function problemsOf(text: string, language: 'yaml' | 'json' = 'yaml'): string[] {
  const doc = parseDocument(text, language);
  return [...doc.problems.map((p) => `parse: ${p.message}`), ...validateAgainst('inventory', doc.value).map((p) => `${p.pointer}: ${p.message}`)];
}

/** A one-surface inventory with the given surface lines (indented under `- `). */
export function oneSurface(...lines: string[]): string {
  return ['inventory: 1', 'surfaces:', ...lines.map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`))].join('\n') + '\n';
}

/** One row of a rule table: an inventory, and the findings expected (what each range covers, severity, message pattern). */
export interface RuleCase {
  readonly name: string;
  readonly text: string;
  readonly expected: readonly { readonly covers: string; readonly nth?: number; readonly severity?: string; readonly message?: RegExp }[];
  readonly options?: Partial<AnalysisOptions>;
}
