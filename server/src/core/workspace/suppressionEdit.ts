// The "Suppress with reason..." fix every finding offers: a suppression entry — fingerprint, rule, path, a reason to
// write, an owner and an expiry — added to the policy file (`.surface-review.yaml`), which is created when missing.
import { addDays, isoDate } from '../inventory/model.js';
import type { TextEdit } from '../model/index.js';
import type { ParsedDocument } from '../parse/index.js';
import { appendItem, yamlItem } from './appendItem.js';

/** How long a new suppression lasts before it must be looked at again. */
export const SUPPRESSION_DAYS = 90;
/** The reason a new suppression carries until someone writes one. */
export const REASON_PLACEHOLDER = 'TODO: why this is acceptable';
export const OWNER_PLACEHOLDER = 'TODO';

export interface SuppressionRequest {
  readonly fingerprint: string;
  readonly ruleId: string;
  /** The finding's file, relative to the folder. */
  readonly path: string;
  /** Who owns the decision (the placeholder when unknown). */
  readonly owner?: string;
  readonly today: Date;
}

export interface SuppressionEdit {
  readonly edit: TextEdit;
  /** True when the policy file does not exist yet and must be created with `edit.newText`. */
  readonly create: boolean;
  /** Where the reason's text lands in the file after the edit (for the editor to select it). */
  readonly reason?: { readonly start: number; readonly end: number };
}

/** The entry a suppression request writes, in the policy schema's order. */
export function suppressionEntry(request: SuppressionRequest): Record<string, string> {
  return {
    fingerprint: request.fingerprint,
    rule: request.ruleId,
    path: request.path,
    reason: REASON_PLACEHOLDER,
    owner: request.owner ?? OWNER_PLACEHOLDER,
    expires: addDays(isoDate(request.today), SUPPRESSION_DAYS),
  };
}

/**
 * The edit that adds a suppression to the policy file at `uri`: appended to its `suppressions` (created when missing),
 * or a whole new file when `document` is undefined. Undefined when the file holds something that is not a policy
 * mapping (the user must fix it first).
 */
export function suppressionEdit(uri: string, document: ParsedDocument | undefined, request: SuppressionRequest): SuppressionEdit | undefined {
  const entry = suppressionEntry(request);
  if (!document || document.text.trim() === '' || onlyComments(document.text)) {
    const head = document ? document.text + (document.text && !document.text.endsWith('\n') ? '\n' : '') : '# Surface Review policy (schema: surface-review-config.schema.json in the extension).\n';
    const body = `version: 1\nsuppressions:\n${yamlItem(fakeYaml, entry, '  - ')}`;
    const newText = head + body;
    const reasonAt = newText.indexOf(JSON.stringify(REASON_PLACEHOLDER)) + 1;
    return {
      edit: { uri, start: 0, end: document ? document.text.length : 0, newText },
      create: !document,
      reason: { start: reasonAt, end: reasonAt + REASON_PLACEHOLDER.length },
    };
  }
  const appended = appendItem(document, uri, 'suppressions', entry, { focusKey: 'reason' });
  if (!appended) return undefined;
  return { edit: appended.edit, create: false, reason: appended.focus };
}

function onlyComments(text: string): boolean {
  return text.split('\n').every((line) => line.trim() === '' || line.trim().startsWith('#'));
}

/** Enough of a parsed YAML document for rendering scalars into a file that does not exist yet. */
const fakeYaml = { language: 'yaml' } as ParsedDocument;
