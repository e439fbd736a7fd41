// Traversals of parsed values that allocate nothing per value: the path is one stack of segments, and a JSON pointer
// is built only for what a caller asks about (walks pass through far more values than they ever report).
import { formatPointer } from './source.js';

/** Containers deeper than this are not descended into (so a walk's recursion stays shallow, whatever the input). */
export const MAX_DEPTH = 256;

/** A string a walk met. Valid only during the callback: the walk reuses it for the next string. */
export interface StringVisit {
  readonly value: string;
  /** The string's JSON pointer, built when read: most strings are never reported, so most never need one. */
  readonly pointer: string;
  /**
   * The field name: the object key, or for name/value pairs the name their sibling gives (`{ name, value }` of n8n
   * parameters, `{ key, value }` of Make form fields, a parameter value `{ NAME: { value } }`: see `pairOf`).
   */
  readonly name: string;
  /**
   * True when the pair's own type says the value names where the value comes from rather than being it: a Node-RED
   * typed input (`tot` of a change rule, `valueType` of a request header) of type msg, flow, global, env or node.
   */
  readonly reference: boolean;
  /**
   * True when the pair's own type says the value is an expression the runtime evaluates (a Node-RED typed input of type
   * jsonata): neither the value itself nor only a reference, it is code, whose quoted literals are literals.
   */
  readonly expression: boolean;
  /**
   * What the pair's own type says the value is when it is a credential whatever its name: `query-parameter` for a WDL
   * QueryString authentication `{ type: 'QueryString', name, value }`, which sends the value as the query parameter
   * `name` (an Azure Functions key as `code`); `connection-key` for a Logic Apps Standard managed connection's Raw
   * authentication `{ type: 'Raw', scheme: 'Key', parameter }`, whose `parameter` is the connection key. Else undefined.
   */
  readonly credential: CredentialKind | undefined;
}

/** What kind of credential a pair's type says its value is (see {@link StringVisit.credential}). */
export type CredentialKind = 'query-parameter' | 'connection-key';

/** Where a walk is: the JSON pointer of the member or string it is visiting. Valid only during the callback. */
export interface WalkPosition {
  readonly pointer: string;
}

export interface WalkHandlers {
  /** Every string, in document order. */
  readonly string?: (visit: StringVisit) => void;
  /** Every object member (any value), before the walk visits or descends into it; `at.pointer` is the member's. */
  readonly member?: (key: string, value: unknown, at: WalkPosition) => void;
  /** True to leave out an object member and everything under it. */
  readonly skip?: (key: string) => boolean;
}

/**
 * Visits the strings (and, when asked, the object members) under `root`, whose pointer is `base`, in document order.
 * Returns false when some container was deeper than {@link MAX_DEPTH} and was not read.
 */
export function walk(root: unknown, base: string, handlers: WalkHandlers): boolean {
  const walker = new Walker(base, handlers);
  if (typeof root === 'string') walker.visitString(root, '');
  else if (root !== null && typeof root === 'object') walker.container(root, '', '', 0);
  return walker.complete;
}

/**
 * Calls `visit` for every string under `root` (starting at `pointer`), in document order for objects.
 * `skip(key)` may prune the subtree under an object member. Returns false when some subtree was deeper than {@link MAX_DEPTH}.
 */
export function walkStrings(root: unknown, pointer: string, visit: (v: StringVisit) => void, skip?: WalkHandlers['skip']): boolean {
  return walk(root, pointer, { string: visit, skip });
}

class Walker implements StringVisit {
  value = '';
  name = '';
  reference = false;
  expression = false;
  credential: CredentialKind | undefined = undefined;
  complete = true;
  readonly #segments: (string | number)[] = [];

  constructor(
    readonly base: string,
    readonly handlers: WalkHandlers,
  ) {}

  get pointer(): string {
    return this.base + formatPointer(this.#segments);
  }

  visitString(value: string, name: string, pair?: Pair): void {
    const visit = this.handlers.string;
    if (!visit) return;
    this.value = value;
    this.name = name;
    this.reference = pair?.reference ?? false;
    this.expression = pair?.expression ?? false;
    this.credential = pair?.credential;
    visit(this);
  }

  /** Walks an object or array; `name` is the field name its strings inherit, `segment` the key it sits under. */
  container(value: object, name: string, segment: string | number | undefined, depth: number): void {
    if (depth >= MAX_DEPTH) {
      this.complete = false;
      return;
    }
    const segments = this.#segments;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const v: unknown = value[i];
        if (typeof v === 'string') {
          segments.push(i);
          this.visitString(v, name);
          segments.pop();
        } else if (v !== null && typeof v === 'object') {
          segments.push(i);
          this.container(v, name, i, depth + 1);
          segments.pop();
        }
      }
      return;
    }
    const obj = value as Record<string, unknown>;
    // The sibling that names this object's value member, looked for only when a member is one that can be named so:
    // probing every object for `name`, `keyValue`, `p` and `defaultValue` was a third of the walk.
    let pair: Pair | null | undefined;
    const { member, skip } = this.handlers;
    // for…in, not Object.keys: no array per object. Own keys only: jsonc-parser (text with comments or trailing commas)
    // builds objects by assignment, so a "__proto__" member there becomes the prototype, which is not a member.
    for (const key in obj) {
      if (!Object.hasOwn(obj, key)) continue;
      const v = obj[key];
      if (skip?.(key)) continue;
      segments.push(key);
      member?.(key, v, this);
      let memberName = key;
      let named: Pair | undefined;
      if (key === 'value' || key === 'valueValue' || key === 'to' || key === 'defaultValue' || key === 'v' || key === 'parameter') {
        if (pair === undefined) pair = pairOf(obj, segment);
        if (pair?.valueKey === key) {
          memberName = pair.name;
          named = pair;
        }
      }
      if (typeof v === 'string') this.visitString(v, memberName, named);
      else if (v !== null && typeof v === 'object') this.container(v, memberName, key, depth + 1);
      segments.pop();
    }
  }
}

interface Pair {
  readonly name: string;
  readonly valueKey: string;
  /** The value is a reference by its declared type (see {@link StringVisit.reference}). */
  readonly reference: boolean;
  /** The value is an expression by its declared type (see {@link StringVisit.expression}). */
  readonly expression: boolean;
  /** The value is a credential by its declared type (see {@link StringVisit.credential}). */
  readonly credential?: CredentialKind;
}

/**
 * Node-RED typed-input types whose value says where to read the value at run time (a message path, a context key, an
 * environment variable name, a node), not the value itself. Literal types (`str`, `json`, `bin`, the http request
 * header's `other`) and presets are not here: unknown types are read as literals.
 */
const REFERENCE_TYPES = new Set(['msg', 'flow', 'global', 'env', 'node']);
/** Node-RED typed-input types whose value is an expression (JSONata): code that may hold literals. */
const EXPRESSION_TYPES = new Set(['jsonata']);

/** A pair's value typed by `type` (a Node-RED typed input's `tot` or `valueType`), named `name`. */
function typedPair(name: string, valueKey: string, type: unknown): Pair {
  const typed = typeof type === 'string';
  return { name, valueKey, reference: typed && REFERENCE_TYPES.has(type), expression: typed && EXPRESSION_TYPES.has(type) };
}

/**
 * Name/value pairs: the value is named by its sibling. n8n and Make `{ name, value }`, Make form fields `{ key, value }`,
 * Node-RED headers `{ keyType, keyValue, valueType, valueValue }` (named by `keyValue` when `keyType` is `other` or
 * `msg`, else by the preset header `keyType` names, such as "Authorization"), change rules `{ p, to, tot }` and inject
 * properties `{ p, v, vt }`, WDL parameters `{ NAME: { type, defaultValue } }` and parameter values
 * `{ NAME: { value } }` (named by the key the object sits under; see {@link isParameterValue}), a Raw authentication
 * that is a parameter's value (named "Authorization"). A WDL QueryString authentication `{ type, name, value }` is named
 * by its `name` and marked a credential, and so is a Raw authentication's connection key `{ type, scheme, parameter }`
 * (named "parameter"). The first that fits wins; null for none.
 */
function pairOf(obj: Record<string, unknown>, segment: string | number | undefined): Pair | null {
  if (typeof obj.name === 'string' && 'value' in obj) {
    return { name: obj.name, valueKey: 'value', reference: false, expression: false, credential: isQueryStringAuthentication(obj) ? 'query-parameter' : undefined };
  }
  if (typeof obj.key === 'string' && 'value' in obj) return typedPair(obj.key, 'value', undefined);
  if ('valueValue' in obj && (typeof obj.keyValue === 'string' || typeof obj.keyType === 'string')) {
    const preset = typeof obj.keyType === 'string' && obj.keyType !== '' && obj.keyType !== 'other' && obj.keyType !== 'msg';
    const name = preset ? (obj.keyType as string) : typeof obj.keyValue === 'string' ? obj.keyValue : '';
    return typedPair(name, 'valueValue', obj.valueType);
  }
  if (typeof obj.p === 'string') {
    if ('to' in obj) return typedPair(obj.p, 'to', obj.tot);
    if ('v' in obj) return typedPair(obj.p, 'v', obj.vt);
  }
  if (typeof obj.parameter === 'string' && isRawAuthentication(obj)) return RAW_KEY;
  if (typeof segment !== 'string') return null;
  if (typeof obj.defaultValue === 'string') return typedPair(segment, 'defaultValue', undefined);
  if (!('value' in obj)) return null;
  if (isParameterValue(obj)) return typedPair(segment, 'value', undefined);
  return (segment === 'value' || segment === 'defaultValue') && isRawAuthentication(obj) ? RAW_PARAMETER : null;
}

/**
 * A WDL Raw authentication given as a parameter's value (`{ NAME: { type: 'Object', value: { type: 'Raw', value } } }`,
 * which a workflow reads with `"authentication": "@parameters('NAME')"`): its value is the Authorization header. Under
 * an action's `authentication` member it keeps its own name (the secret scan reads it there).
 */
const RAW_PARAMETER: Pair = typedPair('Authorization', 'value', undefined);

/**
 * A Logic Apps Standard managed connection's Raw authentication in connections.json (`{ type: 'Raw', scheme: 'Key',
 * parameter }`, Microsoft Learn: `"parameter": "@appsetting('servicebus_1-connectionKey')"`): `parameter` is the
 * connection key, whatever it looks like (a JWT is found by its format anyway).
 */
const RAW_KEY: Pair = { name: 'parameter', valueKey: 'parameter', reference: false, expression: false, credential: 'connection-key' };

/**
 * A WDL QueryString authentication (`{ type: 'QueryString', name: 'Code', value }`: Microsoft Learn's Logic Apps Standard
 * function connection and `functionAuth` parameter): the value is sent as the query parameter `name`, an Azure
 * Functions key as `code`. Only these three members: other objects typed so (a gateway's forwarded query parameter)
 * say where a value comes from.
 */
function isQueryStringAuthentication(obj: Record<string, unknown>): boolean {
  const type = obj.type;
  if (typeof type !== 'string' || type.length !== 11 || type.toLowerCase() !== 'querystring') return false;
  for (const key in obj) if (key !== 'type' && key !== 'name' && key !== 'value') return false;
  return true;
}

function isRawAuthentication(obj: Record<string, unknown>): boolean {
  return typeof obj.type === 'string' && obj.type.length === 3 && obj.type.toLowerCase() === 'raw';
}

/** Parameter types as WDL (Logic Apps Standard `parameters.json`) and ARM spell them (any case), lower-cased. */
export const PARAMETER_TYPES: ReadonlySet<string> = new Set(['string', 'securestring', 'int', 'float', 'bool', 'array', 'object', 'secureobject']);

/**
 * A parameter's value as ARM parameter files (`{ value }`) and Logic Apps Standard `parameters.json`
 * (`{ type, value }`) write it, with maybe `metadata` or a `description`: its name is the key it sits under. Another
 * member, or a `type` that is no parameter type (a WDL Raw authentication `{ type: 'Raw', value }`, whose value is an
 * Authorization header), is another shape. Reads the members in place: no array per object.
 */
function isParameterValue(obj: Record<string, unknown>): boolean {
  for (const key in obj) {
    if (key === 'value' || key === 'metadata' || key === 'description') continue;
    if (key !== 'type' || typeof obj.type !== 'string' || !PARAMETER_TYPES.has(obj.type.toLowerCase())) return false;
  }
  return true;
}

/** Reads the value at a JSON pointer's segments, or `undefined`. */
export function valueAt(root: unknown, segments: readonly (string | number)[]): unknown {
  let v = root;
  for (const s of segments) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[String(s)];
  }
  return v;
}

/** `value` as a plain object, or undefined. */
export function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** `value` if it is a string, else undefined. */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
