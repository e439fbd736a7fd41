// JSON Schema validation of inventories and policy files: ajv, compiled once per schema, and its errors
// turned into one plain-words problem each, anchored on the key or value the problem is about.
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import inventorySchema from '../../../schemas/surface-inventory.schema.json';
import policySchema from '../../../schemas/surface-review-config.schema.json';
import { closest } from './inventory/similar.js';
import { parsePointer } from './source.js';
import { valueAt } from './walk.js';

/** One schema problem: where (a pointer, and whether the key or the value) and what, in plain words. */
export interface SchemaProblem {
  readonly pointer: string;
  readonly at: 'key' | 'value';
  readonly message: string;
  /** A `required` problem: the missing property (its parent is `pointer`). */
  readonly missing?: string;
}

export type SchemaName = 'inventory' | 'policy';

const SCHEMAS: Record<SchemaName, Record<string, unknown>> = { inventory: inventorySchema, policy: policySchema };
const compiled = new Map<SchemaName, ValidateFunction>();
let ajv: Ajv2020 | undefined;

/** The schema's JSON (for completion and hover). */
export function schemaJson(name: SchemaName): Record<string, unknown> {
  return SCHEMAS[name];
}

function validator(name: SchemaName): ValidateFunction {
  let v = compiled.get(name);
  if (!v) {
    ajv ??= createAjv();
    v = ajv.compile(SCHEMAS[name]);
    compiled.set(name, v);
  }
  return v;
}

function createAjv(): Ajv2020 {
  const instance = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictTypes: false, strictRequired: false, allowUnionTypes: true });
  // VS Code's JSON schema extensions: annotations for editors, no validation of their own.
  instance.addVocabulary(['patternErrorMessage', 'markdownDescription', 'enumDescriptions', 'defaultSnippets', 'doNotSuggest']);
  instance.addFormat('date', { type: 'string', validate: isDate });
  return instance;
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** Validates `value` against the named schema: one problem per thing wrong, never ajv's dump. Never throws. */
export function validateAgainst(name: SchemaName, value: unknown): SchemaProblem[] {
  const validate = validator(name);
  if (validate(value)) return [];
  return toProblems(validate.errors ?? [], value, name);
}

const PRIORITY: Record<string, number> = { type: 0, const: 1, enum: 1, required: 2, additionalProperties: 2 };

function toProblems(errors: readonly ErrorObject[], root: unknown, schema: SchemaName): SchemaProblem[] {
  // Branch errors under a oneOf/anyOf that failed are noise: the combinator's own message says it all.
  // (Branches reached through $ref report the referenced schema's path, so a oneOf also hides what lies under its value.)
  const combinators = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  const hidden = (e: ErrorObject) => combinators.some((c) => c !== e && (e.schemaPath.startsWith(c.schemaPath + '/')
    || (c.keyword === 'oneOf' && (e.instancePath === c.instancePath || e.instancePath.startsWith(c.instancePath + '/')))));
  const relevant = errors.filter((e) => !hidden(e) && e.keyword !== 'if' && !e.schemaPath.includes('/propertyNames/'));
  const byPlace = new Map<string, ErrorObject[]>();
  for (const e of relevant) {
    const key = placeOf(e);
    byPlace.set(key, [...(byPlace.get(key) ?? []), e]);
  }
  const out: SchemaProblem[] = [];
  for (const group of byPlace.values()) {
    group.sort((a, b) => (PRIORITY[a.keyword] ?? 3) - (PRIORITY[b.keyword] ?? 3));
    const e = group[0];
    out.push(toProblem(e, root, schema));
  }
  return out;
}

/** Errors about the same thing share a place: the value's pointer, or the pointer of the missing/extra key. */
function placeOf(e: ErrorObject): string {
  if (e.keyword === 'required') return `${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}#required`;
  if (e.keyword === 'additionalProperties') return `${e.instancePath}/${(e.params as { additionalProperty: string }).additionalProperty}#key`;
  if (e.keyword === 'propertyNames') return `${e.instancePath}/${(e.params as { propertyName: string }).propertyName}#key`;
  if (e.keyword === 'uniqueItems') return `${e.instancePath}#${(e.params as { j: number }).j}`;
  return e.instancePath;
}

function toProblem(e: ErrorObject, root: unknown, schema: SchemaName): SchemaProblem {
  const pointer = e.instancePath;
  const field = (p: string) => describeField(p, root, schema);
  const parent = e.parentSchema as Record<string, unknown> | undefined;
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      const owner = pointer === '' ? (schema === 'inventory' ? 'The inventory' : 'The policy') : capitalize(field(pointer));
      const enumHint = enumOf(parent, missing);
      return { pointer, at: 'value', missing, message: `${owner} is missing \`${missing}\`${enumHint ? ` (one of ${enumHint.join(', ')})` : ''}.` };
    }
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      const known = Object.keys((parent?.properties as Record<string, unknown>) ?? {});
      const guess = closest(extra, known);
      const where = pointer === '' ? (schema === 'inventory' ? 'the inventory' : 'the policy') : field(pointer);
      return {
        pointer: `${pointer}/${escape(extra)}`,
        at: 'key',
        message: `\`${extra}\` is not a field of ${where}.${guess ? ` Did you mean \`${guess}\`?` : ` Known fields: ${known.join(', ')}.`}`,
      };
    }
    case 'propertyNames': {
      const name = String(params.propertyName);
      const names = parent?.propertyNames as Record<string, unknown> | undefined;
      return { pointer: `${pointer}/${escape(name)}`, at: 'key', message: `\`${name}\` ${String(names?.patternErrorMessage ?? 'is not an accepted name here')}.` };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const actual = valueAt(root, parsePointer(pointer));
      const guess = typeof actual === 'string' ? closest(actual, allowed) : undefined;
      return { pointer, at: 'value', message: `${capitalize(field(pointer))} must be one of ${allowed.join(', ')}${guess ? ` (did you mean \`${guess}\`?)` : ''}.` };
    }
    case 'const': {
      const expected = JSON.stringify(params.allowedValue);
      const version = parsePointer(pointer).at(-1) === 'inventory' || parsePointer(pointer).at(-1) === 'version';
      return { pointer, at: 'value', message: `${capitalize(field(pointer))} must be ${expected}${version ? ' (the format version this extension reads)' : ''}.` };
    }
    case 'type': {
      const actual = valueAt(root, parsePointer(pointer));
      const wanted = String(params.type).split(',').map(typeWord).join(' or ');
      return { pointer, at: 'value', message: `${capitalize(field(pointer))} must be ${wanted}, not ${typeWord(jsonType(actual))}.` };
    }
    case 'minLength':
      return { pointer, at: 'value', message: `${capitalize(field(pointer))} must not be empty.` };
    case 'minimum':
      return { pointer, at: 'value', message: `${capitalize(field(pointer))} must be at least ${String(params.limit)}.` };
    case 'maximum':
      return { pointer, at: 'value', message: `${capitalize(field(pointer))} must be at most ${String(params.limit)}.` };
    case 'minItems':
      return { pointer, at: 'value', message: `${capitalize(field(pointer))} needs at least ${String(params.limit)} item(s).` };
    case 'pattern':
    case 'format': {
      const hint = typeof parent?.patternErrorMessage === 'string' ? parent.patternErrorMessage : e.keyword === 'format' ? `must be a valid ${String(params.format)}` : `must match ${String(params.pattern)}`;
      return { pointer, at: 'value', message: `${capitalize(field(pointer))} ${hint}.` };
    }
    case 'uniqueItems': {
      const j = Number(params.j);
      const list = valueAt(root, parsePointer(pointer));
      const item = Array.isArray(list) ? list[j] : undefined;
      return { pointer: `${pointer}/${j}`, at: 'value', message: `${capitalize(field(pointer))} lists ${JSON.stringify(item)} more than once.` };
    }
    case 'anyOf':
    case 'oneOf': {
      const options = (parent?.[e.keyword] as Record<string, unknown>[] | undefined) ?? [];
      const needs = options.map((o) => (Array.isArray(o.required) ? `\`${o.required.join('` and `')}\`` : undefined));
      const message = needs.every(Boolean)
        ? `${capitalize(field(pointer))} needs ${needs.join(' or ')}.`
        : `${capitalize(field(pointer))} must be ${options.map((o) => describeShape(o)).join(', or ')}.`;
      return { pointer, at: 'value', message };
    }
    default:
      return { pointer, at: 'value', message: `${capitalize(field(pointer))} ${e.message ?? 'is not valid'}.` };
  }
}

function describeShape(schema: Record<string, unknown>): string {
  const ref = typeof schema.$ref === 'string' ? schema.$ref : '';
  if (ref.endsWith('/days')) return 'a whole number of days';
  if (schema.type === 'object') return `a mapping of ${Object.keys((schema.properties as object) ?? {}).join(', ')}`;
  return typeWord(String(schema.type ?? 'value'));
}

function enumOf(schema: Record<string, unknown> | undefined, property: string): string[] | undefined {
  const prop = (schema?.properties as Record<string, Record<string, unknown>> | undefined)?.[property];
  return Array.isArray(prop?.enum) ? prop.enum.map(String) : undefined;
}

const TYPE_WORDS: Record<string, string> = {
  object: 'a mapping (key: value pairs)',
  array: 'a list',
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  null: 'empty',
};

function typeWord(type: string): string {
  return TYPE_WORDS[type] ?? type;
}

function jsonType(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const COLLECTIONS: Record<string, string> = { surfaces: 'surface', zones: 'zone', decisions: 'decision', suppressions: 'suppression' };

/**
 * Names a value for a message: "`risk` of surface `billing-api`", "`auth.rotation.everyDays` of surface 3",
 * "`scopes` item 2 of surface `x`", "zone `internet`", "`project`".
 */
export function describeField(pointer: string, root: unknown, _schema: SchemaName = 'inventory'): string {
  const segments = parsePointer(pointer);
  if (segments.length === 0) return 'the document';
  const [first, second, ...rest] = segments;
  const noun = COLLECTIONS[first];
  if (noun && second !== undefined && /^\d+$/.test(second)) {
    const entry = valueAt(root, [first, second]) as Record<string, unknown> | undefined;
    const id = entry && typeof entry === 'object' && typeof entry.id === 'string' && entry.id ? `\`${entry.id}\`` : String(Number(second) + 1);
    const owner = `${noun} ${id}`;
    return rest.length ? `${path(rest)} of ${owner}` : owner;
  }
  return path(segments);
}

function path(segments: readonly string[]): string {
  let out = '';
  let index: string | undefined;
  for (const s of segments) {
    if (/^\d+$/.test(s)) index = String(Number(s) + 1);
    else out += (out ? '.' : '') + s;
  }
  const last = segments.at(-1) ?? '';
  return /^\d+$/.test(last) ? `\`${out}\` item ${index}` : `\`${out}\``;
}
