// What n8n's Aggregate, Summarize and Rename Keys nodes output, read from the field names their settings give in plain
// text (as n8n's nodes-base runs them: Transform/Aggregate/Aggregate.node.ts, Transform/Summarize/utils.ts and
// Summarize.node.ts, RenameKeys/RenameKeys.node.ts). The n8n describer turns these into writes, and the privacy rule's
// cheap gate reads the same field names, so the two cannot drift apart.
import { asObject } from '../walk.js';

/**
 * One value a node writes at `at` (dotted) of its output: the input field `field` (dotted, `''` the whole item) it
 * reads, or nothing (`field` undefined: the place is emptied). `path` is where the name is written, below the node's
 * parameters.
 */
export interface NamedWrite {
  readonly at: string;
  readonly field?: string;
  readonly path: readonly string[];
  /** The value written is a number computed from the field (a count, a sum): not its text. */
  readonly numeric?: boolean;
  /** The value written is a list of the field's values, one per input item (or a text joined from them). */
  readonly elements?: boolean;
  /** The value written is a list of objects (whole input items). */
  readonly object?: boolean;
}

/** What a node with field names in plain text writes, and whether it passes its input on beside that. */
export interface NamedOutput {
  readonly writes: readonly NamedWrite[];
  readonly passesInput: boolean;
}

/**
 * What an Aggregate, Summarize or Rename Keys node outputs, from the field names its settings give; undefined for other
 * nodes, and when a name (or a setting that decides where values land) is computed by an expression (`={{ … }}`): the
 * node is then read as before (its input passed on, what its expressions reference computed into it). An Aggregate field
 * whose name is computed beside others named in plain text keeps those, with the input passed on for the computed one.
 */
export function namedOutput(short: string, params: Record<string, unknown>): NamedOutput | undefined {
  if (short === 'aggregate') return aggregateOutput(params);
  if (short === 'summarize') return summarizeOutput(params);
  if (short === 'renameKeys') return renameKeysOutput(params);
  return undefined;
}

/** The input fields a node's settings name in plain text, as {@link namedOutput} reads them. */
export function namedInputFields(short: string, params: Record<string, unknown>): string[] {
  return (namedOutput(short, params)?.writes ?? []).flatMap((w) => (w.field ? [w.field] : []));
}

/** Marks a name as computed: it makes the whole output unknown. */
const COMPUTED = Symbol('computed');

/**
 * A field name as n8n nodes take it: the text (an expression with no `{{ … }}` is its text, `=body.email`), trimmed;
 * `''` for none; {@link COMPUTED} when an expression computes it, or the setting is not text.
 */
function plainName(value: unknown): string | typeof COMPUTED {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string' || value.includes('{{')) return COMPUTED;
  return (value.startsWith('=') ? value.slice(1) : value).trim();
}

/** A comma-separated list of names (`body.id, body.name`), trimmed, empty ones dropped; {@link COMPUTED} when computed. */
function plainList(value: unknown): string[] | typeof COMPUTED {
  const text = plainName(value);
  return text === COMPUTED ? COMPUTED : commaList(text);
}

/** The names of a comma-separated list (`body.id, body.name`), as n8n nodes take them: trimmed, empty ones dropped. */
export function commaList(text: string): string[] {
  return text.split(',').map((f) => f.trim()).filter((f) => f.length > 0);
}

/** A field path as references spell it: array indexes dropped (`items[0].email` is `items.email`). */
function dataPath(name: string): string {
  return name.replace(/\[\d+\]/g, '');
}

/** The entries of a fixed collection (`{ key: [ … ] }`), each as an object. */
function entries(collection: unknown, key: string): Record<string, unknown>[] {
  const list = asObject(collection)?.[key];
  return Array.isArray(list) ? list.map((e) => asObject(e) ?? {}) : [];
}

/**
 * Aggregate (v1): one item (one per group with Group By Fields). "Individual Fields" puts the list of each field's
 * values under the output field name (with Rename Field on), or else the field's last name part (the whole name without
 * dot notation); "All Item Data" puts the items (only the top-level keys included, or all but the excluded ones) under
 * `destinationFieldName` (`data`). Group By Fields copies each group's value of those fields at their path; Include
 * Binaries brings the items' files. The input is not passed on.
 */
function aggregateOutput(params: Record<string, unknown>): NamedOutput | undefined {
  const options = asObject(params.options) ?? {};
  const writes: NamedWrite[] = [];
  // A field whose name (or output name) an expression computes lands where the data decides: the node is then read as
  // passing its input on, beside the fields named in plain text.
  let computed = false;
  const mode = params.aggregate ?? 'aggregateIndividualFields';
  if (mode === 'aggregateIndividualFields') {
    const dots = options.disableDotNotation !== true;
    const fields = entries(params.fieldsToAggregate, 'fieldToAggregate');
    for (let i = 0; i < fields.length; i++) {
      const name = plainName(fields[i].fieldToAggregate);
      // The output name counts only with Rename Field on: n8n drops a setting its switch hides when it loads the
      // workflow (getNodeParameters), and then uses the output name whenever one is given. A computed switch may be on.
      const renamed = fields[i].renameField === true || typeof fields[i].renameField === 'string';
      const output = renamed ? plainName(fields[i].outputFieldName) : '';
      if (name === COMPUTED || output === COMPUTED) {
        computed = true;
        continue;
      }
      if (!name) continue; // n8n skips an empty field
      const at = output || (dots && name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : name);
      writes.push({ at: dataPath(at), field: dataPath(name), path: ['fieldsToAggregate', 'fieldToAggregate', String(i), 'fieldToAggregate'], elements: true });
    }
  } else if (mode === 'aggregateAllItemData') {
    const destination = params.destinationFieldName === undefined ? 'data' : plainName(params.destinationFieldName);
    if (destination === COMPUTED) return undefined;
    const include = params.include ?? 'allFields';
    if (typeof include !== 'string' || include.includes('{{')) return undefined;
    const listed = plainList(include === 'specifiedFields' ? params.fieldsToInclude : include === 'allFieldsExcept' ? params.fieldsToExclude : '');
    if (listed === COMPUTED) return undefined;
    // n8n keeps or drops each item's top-level keys by these names: a dotted name matches none.
    const keys = listed.filter((n) => !n.includes('.'));
    if (include === 'specifiedFields' && listed.length) {
      for (const key of keys) writes.push({ at: `${destination}.${key}`, field: key, path: ['fieldsToInclude'], elements: true });
    } else {
      writes.push({ at: destination, field: '', path: ['destinationFieldName'], elements: true, object: true });
      if (include === 'allFieldsExcept') for (const key of keys) writes.push({ at: `${destination}.${key}`, path: ['fieldsToExclude'] });
    }
  } else return undefined;
  const groups = plainList(options.groupByFields);
  if (groups === COMPUTED) return undefined;
  for (const field of groups) writes.push({ at: dataPath(field), field: dataPath(field), path: ['options', 'groupByFields'] });
  if (options.includeBinaries === true) writes.push({ at: '#binary', field: '#binary', path: ['options', 'includeBinaries'], elements: true });
  return { writes, passesInput: computed };
}

/** The prefix of each Summarize aggregation's output key (Summarize/utils.ts AggregationDisplayNames). */
const SUMMARY_PREFIX: Readonly<Record<string, string>> = {
  append: 'appended_',
  average: 'average_',
  concatenate: 'concatenated_',
  count: 'count_',
  countUnique: 'unique_count_',
  max: 'max_',
  min: 'min_',
  sum: 'sum_',
};

/** Aggregations whose result is a number computed from the values (not any value's text). */
const NUMBER_SUMMARIES = new Set(['average', 'count', 'countUnique', 'sum']);

/** An output key as Summarize writes it (utils.ts parseReturnData): `[`, `]` and `"` dropped, spaces and dots made `_`. */
function summaryKey(key: string): string {
  return key.replace(/[[\]"]/g, '').replace(/[ .]/g, '_');
}

/**
 * Summarize (v1, v1.1): one item (one per combination of the split fields' values, each under its name made a key:
 * `body.country` → `body_country`), each aggregation under its prefix and the field's name made a key
 * (`concatenated_body_email`): the list of values (append), the values joined into text (concatenate), one of the
 * values (min, max), or a number computed from them (count, unique count, sum, average). With "All Splits in a Single
 * Item" the split values become keys the data decides: read as before. The input is not passed on.
 */
function summarizeOutput(params: Record<string, unknown>): NamedOutput | undefined {
  const options = asObject(params.options) ?? {};
  const splits = plainList(params.fieldsToSplitBy);
  if (splits === COMPUTED || (splits.length && options.outputFormat !== 'separateItems' && options.outputFormat !== undefined)) return undefined;
  const writes: NamedWrite[] = [];
  const values = entries(params.fieldsToSummarize, 'values');
  for (let i = 0; i < values.length; i++) {
    const name = plainName(values[i].field);
    const aggregation = values[i].aggregation ?? 'count';
    if (name === COMPUTED || typeof aggregation !== 'string' || !Object.hasOwn(SUMMARY_PREFIX, aggregation)) return undefined;
    if (!name) continue;
    const path = ['fieldsToSummarize', 'values', String(i), 'field'];
    const at = summaryKey(`${SUMMARY_PREFIX[aggregation]}${name}`);
    writes.push(NUMBER_SUMMARIES.has(aggregation) ? { at, field: dataPath(name), path, numeric: true } : { at, field: dataPath(name), path, elements: true });
  }
  for (const field of splits) writes.push({ at: summaryKey(field), field: dataPath(field), path: ['fieldsToSplitBy'] });
  return { writes, passesInput: false };
}

/**
 * Rename Keys (v1): each item as it came, the value at each current key (dot notation) moved to its new key; a key
 * given as an expression is read as before. Regular-expression renames keep the values, under names the data decides.
 */
function renameKeysOutput(params: Record<string, unknown>): NamedOutput {
  const writes: NamedWrite[] = [];
  entries(params.keys, 'key').forEach((key, i) => {
    const from = plainName(key.currentKey);
    const to = plainName(key.newKey);
    // n8n skips a key with either name empty, or the same.
    if (from === COMPUTED || to === COMPUTED || !from || !to || from === to) return;
    const path = ['keys', 'key', String(i), 'currentKey'];
    writes.push({ at: dataPath(to), field: dataPath(from), path }, { at: dataPath(from), path });
  });
  return { writes, passesInput: true };
}
