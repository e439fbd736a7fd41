// The fields a source declares its items hold, read from its own settings: an n8n form's fields, the JSON schema of a
// Power Automate / Logic Apps request or manual trigger. A step that sends such a source's whole item (`$json`,
// `JSON.stringify($json)`, a loader's "all input data", `triggerBody()`) sends each of them, though no expression names
// one: the privacy rule reads them to say what such a step sends.
import type { FlowNode, Platform } from '../model/index.js';
import { asObject, asString } from '../walk.js';
import { joinField } from './expressions.js';

export interface DeclaredField {
  /** Where the field sits in the source's output, as the engine names fields (`email`, `body.email`). */
  readonly path: string;
  /** What the maker called it: a form field's label, a schema property's title (else its key). */
  readonly label: string;
  /** Another name the field goes by (an n8n form field's `fieldName`, its key from version 2.4). */
  readonly alias?: string;
  /** The input type the source asks for, lower-cased, where it says one (`email`, an n8n form field type). */
  readonly type?: string;
}

const NONE: readonly DeclaredField[] = [];
const cache = new WeakMap<FlowNode, readonly DeclaredField[]>();

/** What `node` declares its items hold; empty for a node that declares nothing (most). */
export function declaredFieldsOf(node: FlowNode, platform: Platform): readonly DeclaredField[] {
  let fields = cache.get(node);
  if (!fields) {
    fields = platform === 'n8n' ? n8nFormFields(node) : platform === 'power-automate' || platform === 'logic-apps' ? requestSchemaFields(node) : NONE;
    cache.set(node, fields);
  }
  return fields;
}

/**
 * An n8n Form Trigger's fields: each submission is one item keyed by the field's label (from version 2.4, by its
 * `fieldName` when it has one: n8n's Form/utils getFieldIdentifier), defined in the node (`formFields.values`) or as
 * JSON (`defineForm: json`, `jsonOutput`, when it is written out rather than computed). HTML blocks and file fields
 * are left out: their entries in the item hold no answer (a file field's is its name, type and size).
 */
function n8nFormFields(node: FlowNode): readonly DeclaredField[] {
  if (!node.type.endsWith('.formTrigger')) return NONE;
  const params = asObject(node.parameters) ?? {};
  let list: unknown = asObject(params.formFields)?.values;
  if (params.defineForm === 'json') {
    const json = asString(params.jsonOutput);
    try {
      // An expression with no `{{ … }}` is its text (`=[{ "fieldLabel": … }]`); one that computes the form is not read.
      list = json !== undefined && !json.includes('{{') ? JSON.parse(json.startsWith('=') ? json.slice(1) : json) : undefined;
    } catch {
      list = undefined;
    }
  }
  if (!Array.isArray(list)) return NONE;
  const out: DeclaredField[] = [];
  for (const entry of list) {
    const field = asObject(entry);
    const label = asString(field?.fieldLabel) ?? asString(field?.fieldName);
    // An HTML block holds the maker's text; a file field's entry holds the file's name, type and size (the file itself is
    // the item's binary data, which no JSON of it carries).
    if (!field || !label || field.fieldType === 'html' || field.fieldType === 'file') continue;
    const name = asString(field.fieldName);
    out.push({ path: label, label, ...(name && name !== label ? { alias: name } : {}), type: asString(field.fieldType)?.toLowerCase() });
  }
  return out;
}

/**
 * A request or manual trigger's JSON schema (`inputs.schema.properties`): what `triggerBody()` holds, by property key,
 * titled as the designer shows it (a Power Automate button's input is `text_1`, titled `Email`, with the content hint
 * `EMAIL`). Top-level properties only.
 */
function requestSchemaFields(node: FlowNode): readonly DeclaredField[] {
  if (node.type.toLowerCase() !== 'request') return NONE;
  const properties = asObject(asObject(asObject(asObject(node.parameters)?.inputs)?.schema)?.properties);
  if (!properties) return NONE;
  const out: DeclaredField[] = [];
  for (const [key, value] of Object.entries(properties)) {
    const property = asObject(value);
    const hint = asString(property?.['x-ms-content-hint'])?.toLowerCase();
    const format = asString(property?.format)?.toLowerCase();
    out.push({ path: joinField('body', key), label: asString(property?.title) ?? key, type: hint === 'email' || format === 'email' ? 'email' : hint ?? format });
  }
  return out;
}
