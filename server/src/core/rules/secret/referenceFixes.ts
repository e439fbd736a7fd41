// Quick fixes for a literal secret in a flow: replace it with the platform's own reference form, with an edit that
// touches only the secret (and, for Power Automate / Logic Apps, the definition's `parameters`). Every fix keeps the
// document valid JSON; none is offered where the edit would be blind (inside code other than a Node-RED function,
// a private key, sample data, notes, an expression the reference cannot be spliced into).
import { replaceInJsonString, replaceScalar, setProperty } from '../../inventory/edit.js';
import type { Fix, TextEdit } from '../../model/index.js';
import { isSecretName, literalPart } from '../../secrets/detect.js';
import type { LocatedSecret } from '../../secrets/scan.js';
import { formatPointer, parsePointer } from '../../source.js';
import { asObject, valueAt } from '../../walk.js';
import type { RuleContext } from '../types.js';
import { envName } from './advice.js';

const ROTATE = 'then rotate the exposed secret';

/** The quick fixes for `secret`, built when asked for; undefined when this platform or place has none. */
export function referenceFixes(secret: LocatedSecret, context: RuleContext): (() => Fix[]) | undefined {
  if (context.document.language !== 'json' || secret.place !== 'config' || secret.formatId === 'private-key') return undefined;
  switch (context.format) {
    case 'n8n':
      return inCode(secret) ? undefined : () => n8nFix(secret, context);
    case 'power-automate':
    case 'logic-apps':
      // A connections.json or parameters.json value is replaced whole (a connection string's `;` is no code).
      if (context.detail === 'la-standard-connections' || context.detail === 'la-standard-parameters') return () => appSettingFix(secret, context);
      if (context.detail === 'la-arm-parameters') return () => keyVaultReferenceFix(secret, context);
      if (inCode(secret) || context.detail === 'la-standard-local-settings') return undefined;
      return context.detail === 'la-standard-workflow' ? () => appSettingFix(secret, context) : () => wdlFix(secret, context);
    case 'make':
      return inCode(secret) || !parsePointer(secret.pointer).includes('mapper') ? undefined : () => makeFix(secret, context);
    case 'node-red':
      return () => nodeRedFix(secret, context);
    default:
      return undefined;
  }
}

/**
 * True when the secret sits inside code or JSON text held in the value. A provider token is found in the whole
 * string before the code scan runs, so `inCode` alone misses `const key = "ghp_…"`: the value's shape decides too,
 * template references (`{{ $json.q }}`, `@{…}`) left out.
 */
function inCode(secret: LocatedSecret): boolean {
  return secret.inCode || (secret.value.length >= 24 && /[\n;{]/.test(literalPart(secret.value)));
}

/**
 * What the reference is named after: the field when its name says secret (`Authorization`, `apiKey`), else the
 * provider format the secret was recognised by (a token in a `url` → `github-classic-token`); a managed connection's
 * Raw key `parameter` is its `connectionKey`.
 */
function nameOf(secret: LocatedSecret): string {
  // A managed connection's key: named as the designer names its app setting (`servicebus-connectionKey`).
  if (secret.credential === 'connection-key') return 'connectionKey';
  return secret.formatId !== 'literal' && !isSecretName(secret.name) ? secret.formatId : secret.name;
}

/** n8n: the value becomes an expression with `{{ $env.NAME }}` where the secret was. */
function n8nFix(secret: LocatedSecret, context: RuleContext): Fix[] {
  const whole = context.document.locate(secret.pointer);
  if (!whole.exact || context.document.text.charCodeAt(whole.range.start) !== 34) return [];
  const name = envName(nameOf(secret));
  const v = secret.value;
  const reference = `{{ $env.${name} }}`;
  const expression = v.startsWith('=') ? v.slice(0, secret.start) + reference + v.slice(secret.end) : '=' + v.slice(0, secret.start) + reference + v.slice(secret.end);
  return [{
    title: `Replace with {{ $env.${name} }} (${ROTATE})`,
    isPreferred: true,
    edits: [{ uri: context.uri, start: whole.range.start, end: whole.range.end, newText: JSON.stringify(expression) }],
  }];
}

/**
 * Power Automate / Logic Apps: `@parameters('NAME')` (the whole value) or `@{parameters('NAME')}` (part of a string)
 * where the secret was, and a `SecureString` parameter NAME without a default value in the workflow definition's
 * `parameters` (created when absent), so the secret is supplied at deployment and hidden from run history.
 */
function wdlFix(secret: LocatedSecret, context: RuleContext): Fix[] {
  const v = secret.value;
  // A whole-value expression (`@concat('Bearer ', '…')`) or an ARM expression (`[concat(…)]`): no blind splice.
  if ((v.startsWith('@') && !v.startsWith('@{')) || v.startsWith('[')) return [];
  const definitionPointer = definitionOf(context.document.value, secret.pointer);
  if (definitionPointer === undefined) return [];
  const definition = asObject(valueAt(context.document.value, parsePointer(definitionPointer)))!;
  const existing = asObject(definition.parameters);
  if (definition.parameters !== undefined && !existing) return [];
  const name = uniqueName(parameterName(secret), existing ?? {});
  const whole = v.slice(0, secret.start).trim() === '' && v.slice(secret.end).trim() === '';
  const reference = whole ? `@parameters('${name}')` : `@{parameters('${name}')}`;
  const replace = whole
    ? replaceInJsonString(context.document, context.uri, secret.pointer, 0, v.length, reference)
    : replaceInJsonString(context.document, context.uri, secret.pointer, secret.start, secret.end, reference);
  const declare = setProperty(context.document, context.uri, definitionPointer, 'parameters', { [name]: { type: 'SecureString' } });
  if (!replace || !declare || overlaps(replace, declare)) return [];
  return [{
    title: `Replace with @parameters('${name}') and add a SecureString parameter "${name}" (${ROTATE})`,
    isPreferred: true,
    edits: [replace, declare],
  }];
}

/**
 * Logic Apps Standard (`workflow.json`, `connections.json`): `@appsetting('NAME')` (the whole value) or
 * `@{appsetting('NAME')}` (part of a string in a workflow) where the secret was. Standard has no SecureString
 * parameters; an app setting can be a Key Vault reference, and both files may read one. In `connections.json` the whole
 * value becomes the reference (a connection string is kept whole in one app setting, as the designer does).
 */
function appSettingFix(secret: LocatedSecret, context: RuleContext): Fix[] {
  const v = secret.value;
  if ((v.startsWith('@') && !v.startsWith('@{')) || v.startsWith('[')) return [];
  const whole = context.detail === 'la-standard-connections' || context.detail === 'la-standard-parameters' || (v.slice(0, secret.start).trim() === '' && v.slice(secret.end).trim() === '');
  const partial = whole && (secret.start > 0 || secret.end < v.length);
  // The rest of a value replaced whole holds a reference (`@{appsetting('prefix')}…`): the edit would drop it.
  const rest = v.slice(0, secret.start) + v.slice(secret.end);
  if (partial && literalPart(rest) !== rest) return [];
  // The setting holds the whole value when it replaces more than the secret: named after the field, as the designer
  // names it (`serviceBus_connectionString`). parameters.json has no nodes: named after where the value sits
  // (`ordersApiKey`, `crmApi_clientSecret`, `apiKey_0`), so two secrets never share one setting.
  const name = context.detail === 'la-standard-parameters'
    ? parameterSettingName(secret.pointer)
    : partial ? identifierOf([lastSegment(secret.nodeName), secret.name]) : parameterName(secret);
  const edit = whole
    ? replaceInJsonString(context.document, context.uri, secret.pointer, 0, v.length, `@appsetting('${name}')`)
    : replaceInJsonString(context.document, context.uri, secret.pointer, secret.start, secret.end, `@{appsetting('${name}')}`);
  if (!edit) return [];
  return [{
    title: `${partial ? 'Replace the whole value' : 'Replace'} with @appsetting('${name}') (add that app setting, a Key Vault reference, ${ROTATE})`,
    isPreferred: true,
    edits: [edit],
  }];
}

/** A parameters.json value's app setting: the parameter's name and the path inside its value (`/crmApi/value/clientSecret`). */
function parameterSettingName(pointer: string): string {
  const segments = parsePointer(pointer);
  return identifierOf([segments[0], ...segments.slice(2)]);
}

/** Where the user fills in the vault when the file references none yet. */
const VAULT_ID_PLACEHOLDER = '/subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/Microsoft.KeyVault/vaults/<vault-name>';

/**
 * ARM deployment parameters file: the parameter's `value` member becomes a Key Vault reference
 * (`"reference": { "keyVault": { "id" }, "secretName" }`), the documented way to pass a secret at deployment. Only
 * where the secret's string is a parameter's whole value (`/parameters/NAME/value`): a secret inside an object value
 * cannot be referenced alone. The vault is one the file already references, else a resource id to fill in; Key Vault
 * secret names allow letters, digits and dashes only.
 */
function keyVaultReferenceFix(secret: LocatedSecret, context: RuleContext): Fix[] {
  const segments = parsePointer(secret.pointer);
  if (segments.length !== 3 || segments[0] !== 'parameters' || segments[2] !== 'value') return [];
  const parameters = asObject(asObject(context.document.value)?.parameters);
  if (!parameters || asObject(parameters[segments[1]])?.reference !== undefined) return [];
  const at = context.document.locate(secret.pointer);
  if (!at.exact || !at.keyRange) return [];
  const vault = Object.values(parameters).map((p) => asObject(asObject(asObject(p)?.reference)?.keyVault)?.id).find((id) => typeof id === 'string' && id.startsWith('/subscriptions/'));
  const secretName = segments[1].replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 127) || 'secret';
  const reference = { keyVault: { id: vault ?? VAULT_ID_PLACEHOLDER }, secretName };
  const where = vault ? 'in the vault this file already uses; store the value there' : "set the vault's resource id, store the value there";
  return [{
    title: `Replace with a Key Vault reference to secret "${secretName}" (${where}, declare the template parameter securestring, ${ROTATE})`,
    isPreferred: true,
    edits: [{ uri: context.uri, start: at.keyRange.start, end: at.range.end, newText: `"reference": ${JSON.stringify(reference)}` }],
  }];
}

/**
 * The pointer of the workflow definition holding `pointer`: the outermost ancestor that is the document (a bare
 * definition) or a `definition` member, and whose `actions` or `triggers` the pointer goes through. Undefined
 * outside actions and triggers (a parameter's default value, an ARM template parameter, a connection).
 */
function definitionOf(root: unknown, pointer: string): string | undefined {
  const segments = parsePointer(pointer);
  for (let i = 0; i < segments.length - 1; i++) {
    if (segments[i] !== 'actions' && segments[i] !== 'triggers') continue;
    if (i > 0 && segments[i - 1] !== 'definition') continue;
    if (asObject(valueAt(root, segments.slice(0, i)))) return formatPointer(segments.slice(0, i));
  }
  return undefined;
}

/** `Call_API` + `Authorization` → `Call_API_Authorization`: letters, digits and underscores, at most 80 characters. */
function parameterName(secret: LocatedSecret): string {
  return identifierOf([lastSegment(secret.nodeName), nameOf(secret)]);
}

/** A node's own name, without the containers a name such as `Scope/Call_API` is prefixed with. */
function lastSegment(nodeName: string | undefined): string | undefined {
  return nodeName?.slice(nodeName.lastIndexOf('/') + 1);
}

/** The parts joined by `_`: letters, digits and underscores, starting with a letter, at most 80 characters. */
function identifierOf(parts: readonly (string | undefined)[]): string {
  const raw = parts.filter(Boolean).join('_');
  const name = raw.replace(/[^A-Za-z0-9_]+/g, '_').replace(/_+/g, '_').replace(/^_|_$/g, '').slice(0, 80);
  return /^[A-Za-z]/.test(name) ? name : `Secret_${name || 'value'}`.slice(0, 80);
}

function uniqueName(name: string, taken: Readonly<Record<string, unknown>>): string {
  let candidate = name;
  for (let n = 2; Object.hasOwn(taken, candidate); n++) candidate = `${name}_${n}`;
  return candidate;
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  return a.start < b.end && b.start < a.end;
}

/**
 * Make: `{{var.organization.NAME}}` where the secret was. Custom variables are organization- or team-level in Make
 * (`{{var.scenario.…}}` are read-only system variables); a mapping can sit anywhere in a mapped (`mapper`) field.
 */
function makeFix(secret: LocatedSecret, context: RuleContext): Fix[] {
  const name = envName(nameOf(secret));
  const reference = `{{var.organization.${name}}}`;
  const edit = replaceInJsonString(context.document, context.uri, secret.pointer, secret.start, secret.end, reference);
  if (!edit) return [];
  return [{ title: `Replace with the custom variable ${reference} (create it in Make, ${ROTATE})`, isPreferred: true, edits: [edit] }];
}

/** Node-RED function node properties that hold JavaScript. */
const FUNCTION_CODE = new Set(['func', 'initialize', 'finalize']);

/**
 * Node-RED: in a function node's code, the string literal becomes `env.get("NAME")`; in any other string property,
 * the whole value becomes `${NAME}` (the runtime substitutes environment variables in whole properties only, so a
 * secret after `Bearer ` means the variable holds the full value). None inside other code or JSON text.
 */
function nodeRedFix(secret: LocatedSecret, context: RuleContext): Fix[] {
  const segments = parsePointer(secret.pointer);
  const property = segments.at(-1)!;
  const element = asObject(valueAt(context.document.value, segments.slice(0, -1)));
  if (element?.type === 'function' && FUNCTION_CODE.has(property)) {
    const name = envName(nameOf(secret));
    const splice = codeReference(secret, `env.get("${name}")`);
    const edit = splice && replaceInJsonString(context.document, context.uri, secret.pointer, splice.start, splice.end, splice.text);
    return edit ? [{ title: `Replace with env.get("${name}") (${ROTATE})`, isPreferred: true, edits: [edit] }] : [];
  }
  if (inCode(secret)) return [];
  if (property === 'value' && segments.at(-3) === 'env' && element?.type === 'str' && typeof element.name === 'string') return envEntryFix(secret, context, element.name);
  const name = envName(nameOf(secret));
  const edit = replaceInJsonString(context.document, context.uri, secret.pointer, 0, secret.value.length, `\${${name}}`);
  if (!edit) return [];
  const whole = secret.start === 0 && secret.end === secret.value.length;
  return [{
    title: whole ? `Replace with \${${name}} (${ROTATE})` : `Replace the whole value with \${${name}} (set ${name} to the full value, ${ROTATE})`,
    isPreferred: true,
    edits: [edit],
  }];
}

/**
 * Node-RED: an `env` entry of a tab, subflow, subflow instance or group (`{ name, type: 'str', value }`). Its value is
 * taken as written (the runtime substitutes `${NAME}` in node properties, not in env entries), so the entry becomes
 * type `env`, whose value names the environment variable to read: the variable of the entry's own name.
 */
function envEntryFix(secret: LocatedSecret, context: RuleContext, entryName: string): Fix[] {
  const entry = secret.pointer.slice(0, secret.pointer.lastIndexOf('/'));
  const value = replaceScalar(context.document, context.uri, secret.pointer, entryName);
  const type = replaceScalar(context.document, context.uri, `${entry}/type`, 'env');
  if (!value || !type || overlaps(value, type)) return [];
  return [{ title: `Read it from the environment variable ${entryName} (type env, ${ROTATE})`, isPreferred: true, edits: [value, type] }];
}

/**
 * The splice that puts `call` in place of the secret in JavaScript: the string literal around it becomes the call
 * (`'Bearer ' + call` when the literal holds more than the secret; `${call}` inside a template literal). Undefined
 * when the secret is not inside a one-line string literal holding only plain text besides it.
 */
function codeReference(secret: LocatedSecret, call: string): { start: number; end: number; text: string } | undefined {
  const code = secret.value;
  let open = secret.start - 1;
  while (open >= 0 && !QUOTES.includes(code[open]) && code[open] !== '\n') open--;
  if (open < 0 || code[open] === '\n') return undefined;
  const quote = code[open];
  const close = code.indexOf(quote, secret.end);
  if (close === -1) return undefined;
  const before = code.slice(open + 1, secret.start);
  const after = code.slice(secret.end, close);
  if (!PLAIN.test(before) || !PLAIN.test(after)) return undefined;
  if (quote === '`') return { start: secret.start, end: secret.end, text: `\${${call}}` };
  const parts = [before && quote + before + quote, call, after && quote + after + quote].filter(Boolean);
  return { start: open, end: close + 1, text: parts.join(' + ') };
}

const QUOTES = `"'\``;
/** Text that may share a string literal with the secret: an auth scheme, a separator. */
const PLAIN = /^[\w .:=-]*$/;
