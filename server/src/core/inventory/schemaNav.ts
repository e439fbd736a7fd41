// Walking the JSON schemas by path, for completion and hover: properties, items, $ref into $defs.
import { schemaJson, type SchemaName } from '../schema.js';

/** A schema node with `$ref` resolved (the referencing node's own keywords win, as 2020-12 reads them). */
export type SchemaNode = Readonly<Record<string, unknown>>;

/** The root schema. */
export function rootSchema(name: SchemaName): SchemaNode {
  return schemaJson(name);
}

/** `node` with its `$ref` (into the same document's `$defs`) merged under its own keywords. */
export function resolve(node: SchemaNode | undefined, root: SchemaNode): SchemaNode | undefined {
  let current = node;
  for (let i = 0; current && typeof current.$ref === 'string' && i < 10; i++) {
    const m = /^#\/\$defs\/(.+)$/.exec(current.$ref as string);
    const target = m ? ((root.$defs as Record<string, SchemaNode> | undefined)?.[m[1]]) : undefined;
    const { $ref: _ignored, ...own } = current;
    current = target ? { ...target, ...own, ...(typeof target.$ref === 'string' ? { $ref: target.$ref } : {}) } : own;
    if (!target || typeof target.$ref !== 'string') break;
  }
  return current;
}

/** The schema of `segment` inside `node`: a property, or the items of an array (`segment` a number or `[]`). */
export function childSchema(node: SchemaNode | undefined, segment: string, root: SchemaNode): SchemaNode | undefined {
  const n = resolve(node, root);
  if (!n) return undefined;
  if (segment === '[]' || /^\d+$/.test(segment)) return resolve(n.items as SchemaNode | undefined, root);
  const props = n.properties as Record<string, SchemaNode> | undefined;
  if (props && Object.prototype.hasOwnProperty.call(props, segment)) return resolve(props[segment], root);
  const additional = n.additionalProperties;
  if (additional && typeof additional === 'object') return resolve(additional as SchemaNode, root);
  return undefined;
}

/** The schema at a path of segments (`[]` or numbers for array items); undefined when the path leaves the schema. */
export function schemaAt(name: SchemaName, segments: readonly string[]): SchemaNode | undefined {
  const root = rootSchema(name);
  let node: SchemaNode | undefined = root;
  for (const s of segments) {
    node = childSchema(node, s, root);
    if (!node) return undefined;
  }
  return resolve(node, root);
}

/** The properties of an object schema, with their resolved schemas. */
export function propertiesOf(node: SchemaNode | undefined, name: SchemaName): [string, SchemaNode][] {
  const root = rootSchema(name);
  const props = resolve(node, root)?.properties as Record<string, SchemaNode> | undefined;
  return Object.entries(props ?? {}).map(([k, v]) => [k, resolve(v, root) ?? v]);
}

/** The values a schema allows by enumeration (`enum`, `const`, booleans). */
export function enumValues(node: SchemaNode | undefined): unknown[] {
  if (!node) return [];
  if (Array.isArray(node.enum)) return node.enum;
  if ('const' in node) return [node.const];
  if (node.type === 'boolean') return [true, false];
  return [];
}

/** A one-word shape for details: `list`, `mapping`, `text`, `number`, `date`, `one of …`. */
export function shapeOf(node: SchemaNode | undefined): string {
  if (!node) return '';
  const values = enumValues(node);
  if (values.length) return values.map(String).join(' | ');
  if (node.format === 'date') return 'date (YYYY-MM-DD)';
  const type = Array.isArray(node.type) ? node.type.join(' | ') : String(node.type ?? '');
  return ({ array: 'list', object: 'mapping', string: 'text', integer: 'whole number' } as Record<string, string>)[type] ?? type;
}
