import type { Fix } from '../../model/index.js';
import { setProperties, type PlainValue } from '../../inventory/edit.js';
import { isoDate } from '../../inventory/model.js';
import type { ParsedDocument } from '../../parse/index.js';
import { validateAgainst, type SchemaProblem } from '../../schema.js';
import { parsePointer } from '../../source.js';
import { asObject, valueAt } from '../../walk.js';
import type { Rule, RuleContext } from '../types.js';

/** `inventory/schema`: an inventory (or policy file) that does not match its JSON schema. */
export const schema: Rule = {
  id: 'inventory/schema',
  defaultSeverity: 'warning',
  appliesTo: ['surface-inventory', 'policy'],
  threats: ['R'],
  securitySeverity: 3.0,
  docs: {
    summary: 'An inventory or policy file that does not match its schema: a misspelt field, a value outside its list, a wrong type, a missing required field.',
    rationale: 'A field the review cannot read is a control nobody checks: a misspelt `owner` or an unknown `risk` value silently drops the surface out of the ownership and risk rules.',
    remediation: 'Fix the field as the message says; completion in the editor offers the known fields and values. The schemas are in `schemas/` of the extension.',
  },
  check(context) {
    const value = context.document.value;
    if (value === undefined) return;
    const problems = validateAgainst(context.format === 'policy' ? 'policy' : 'inventory', value);
    const missingByParent = new Map<string, string[]>();
    for (const p of problems) if (p.missing) missingByParent.set(p.pointer, [...(missingByParent.get(p.pointer) ?? []), p.missing]);
    for (const problem of problems) {
      const anchor = anchorOf(problem, value);
      const missing = problem.missing ? missingByParent.get(problem.pointer)! : undefined;
      context.report({
        pointer: anchor.pointer,
        at: anchor.at,
        message: problem.message,
        fixes: missing && context.format === 'surface-inventory' ? () => addRequiredFix(context, problem.pointer, missing) : undefined,
      });
    }
  },
};

/** A `required` problem points at the mapping's first key (a short range), not at the whole mapping. */
function anchorOf(problem: SchemaProblem, root: unknown): { pointer: string; at: 'key' | 'value' } {
  if (!problem.missing) return { pointer: problem.pointer, at: problem.at };
  const parent = asObject(valueAt(root, parsePointer(problem.pointer)));
  const first = parent ? Object.keys(parent)[0] : undefined;
  if (first === undefined) return { pointer: problem.pointer, at: 'value' };
  return { pointer: `${problem.pointer}/${first.replace(/~/g, '~0').replace(/\//g, '~1')}`, at: 'key' };
}

const KIND_CHOICES = 'connector, webhook, api, event-stream, auth-bridge, middleware, automation-script, file-transfer, database';

/** Inserts every missing required field of a surface or zone, with a best guess and (in YAML) the choices as a comment. */
function addRequiredFix(context: RuleContext, pointer: string, missing: readonly string[]): Fix[] {
  const doc: ParsedDocument = context.document;
  const entry = asObject(valueAt(doc.value, parsePointer(pointer))) ?? {};
  const segments = parsePointer(pointer);
  const values: Record<string, PlainValue> = {};
  const comments: Record<string, string> = {};
  const collection = segments.length === 2 ? segments[0] : segments.length === 0 ? '' : undefined;
  for (const field of missing) {
    const guess = guessFor(collection, field, entry, Number(segments[1] ?? 0), context.today, doc.value);
    if (guess === undefined) continue;
    values[field] = guess.value;
    if (guess.comment) comments[field] = guess.comment;
  }
  const names = Object.keys(values);
  if (!names.length) return [];
  const edit = setProperties(doc, context.uri, pointer, values, { comments });
  if (!edit) return [];
  return [{ title: `Add the missing ${names.map((n) => `\`${n}\``).join(', ')} (then check the values)`, isPreferred: false, edits: [edit] }];
}

function guessFor(collection: string | undefined, field: string, entry: Record<string, unknown>, index: number, today: Date, root: unknown): { value: PlainValue; comment?: string } | undefined {
  const str = (k: string) => (typeof entry[k] === 'string' ? (entry[k] as string) : undefined);
  if (collection === '' && field === 'inventory') return { value: 1 };
  if (collection === 'surfaces') {
    switch (field) {
      case 'id': {
        const taken = new Set((Array.isArray((root as Record<string, unknown>).surfaces) ? ((root as Record<string, unknown>).surfaces as unknown[]) : []).map((s) => asObject(s)?.id));
        const base = trimDashes((str('name') ?? `surface-${index + 1}`).toLowerCase().replace(/[^a-z0-9]+/g, '-')) || `surface-${index + 1}`;
        let id = base;
        for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
        return { value: id };
      }
      case 'name':
        return { value: str('id') ? str('id')!.replace(/[-_.]+/g, ' ').replace(/^./, (c) => c.toUpperCase()) : `Surface ${index + 1}` };
      case 'kind': {
        const direction = str('direction');
        return { value: direction === 'inbound' ? 'webhook' : str('endpoint') ? 'api' : 'connector', comment: KIND_CHOICES };
      }
      case 'direction':
        return { value: str('kind') === 'webhook' ? 'inbound' : 'outbound', comment: 'inbound, outbound, bidirectional' };
      default:
        return undefined;
    }
  }
  if (collection === 'decisions' && field === 'when') return { value: isoDate(today) };
  return undefined;
}

function trimDashes(s: string): string {
  let start = 0;
  let end = s.length;
  while (s[start] === '-') start++;
  while (end > start && s[end - 1] === '-') end--;
  return s.slice(start, end);
}
