// What is this file? A cheap look at a document's start (and its name) says which of our formats it is,
// so files that are not ours cost one sniff and nothing else.
import type { DocumentLanguage } from './parse/index.js';
import { JsonScanner } from './parse/jsonScanner.js';
import { PARAMETER_TYPES } from './walk.js';

/** The public format names of the CLI's `files[].format` (DESIGN §8). */
export type FileFormat =
  | 'n8n'
  | 'power-automate'
  | 'logic-apps'
  | 'node-red'
  | 'make'
  | 'zapier'
  | 'surface-inventory'
  | 'policy'
  | 'unknown';

/** The finer kind of export, as the corpus manifest names it (`la-arm-template`, `pa-solution-flow`, ...). */
export type FormatDetail =
  | 'n8n-workflow'
  | 'pa-solution-flow'
  | 'pa-package-flow'
  | 'la-arm-template'
  | 'la-gallery-template'
  | 'la-standard-workflow'
  | 'la-standard-connections'
  | 'la-standard-local-settings'
  | 'la-standard-parameters'
  | 'la-arm-parameters'
  | 'la-definition'
  | 'wdl-definition-wrapper'
  | 'nodered-flow'
  | 'nodered-credentials-file'
  | 'make-blueprint'
  | 'zapier-export'
  | 'surface-inventory'
  | 'policy'
  | 'unknown';

export interface SniffResult {
  readonly format: FileFormat;
  readonly detail: FormatDetail;
  readonly language: DocumentLanguage;
}

const FORMAT_OF: Record<FormatDetail, FileFormat> = {
  'n8n-workflow': 'n8n',
  'pa-solution-flow': 'power-automate',
  'pa-package-flow': 'power-automate',
  'la-arm-template': 'logic-apps',
  'la-gallery-template': 'logic-apps',
  'la-standard-workflow': 'logic-apps',
  'la-standard-connections': 'logic-apps',
  'la-standard-local-settings': 'logic-apps',
  // Parameter files hold values for a deployment or an app's workflows (no flow), committed beside Logic Apps.
  'la-standard-parameters': 'logic-apps',
  'la-arm-parameters': 'logic-apps',
  'la-definition': 'logic-apps',
  'wdl-definition-wrapper': 'logic-apps',
  'nodered-flow': 'node-red',
  'nodered-credentials-file': 'node-red',
  'make-blueprint': 'make',
  'zapier-export': 'zapier',
  'surface-inventory': 'surface-inventory',
  policy: 'policy',
  unknown: 'unknown',
};

/** How much of a file's start the sniff reads. */
const HEAD = 64 * 1024;

const INVENTORY_NAME = /(^|\/)([^/]+\.surfaces\.(ya?ml|json)|surfaces\.ya?ml)$/i;
const POLICY_NAME = /(^|\/)\.surface-review\.ya?ml$/i;
const NODERED_CRED_NAME = /(^|\/)[^/]*_cred\.json$/i;
/** Logic Apps Standard's parameters file: its content (`{ NAME: { type, value } }`) is not distinctive alone. */
const STANDARD_PARAMETERS_NAME = /(^|\/)parameters\.json$/i;
/** What a Standard parameters.json is read from: more would be no hand-written parameters file. */
const STANDARD_PARAMETERS_MAX = 1024 * 1024;
/** What both Azure resource types below contain, case-insensitively: one pass to rule them out together. */
const AZURE_FLOW_TYPE = /Microsoft\.(?:Logic\/galleries\/templates|Flow\/flows)"/i;
// Members that name a format, each at its key's opening quote. Global: `topLevelMember` steps through the matches.
const N8N_NODES = /"(\\")?nodes(\\")?"\s*:/g;
const LA_CONNECTIONS = /"(serviceProviderConnections|managedApiConnections|functionConnections|agentConnections)"\s*:/g;
const IS_ENCRYPTED = /"IsEncrypted"\s*:/g;
const MAKE_FLOW = /"flow"\s*:\s*\[/g;
const ZAPIER_ZAPS = /"zaps"\s*:\s*\[/g;
const VALUES = /"Values"\s*:/g;
const ARM_PARAMETERS_SCHEMA = /"\$schema"\s*:\s*"[^"\\]{0,200}\/deploymentParameters\.json/g;
const MAKE_MODULE = /"module"\s*:\s*"[\w-]+:/;
const WDL_SCHEMA = /Microsoft\.Logic\/schemas\/[^"/]{1,40}\/workflowdefinition\.json/;

/** Says which format `text` is in. `path` (any separator style) helps for inventories and policies. */
export function sniff(text: string, path = ''): SniffResult {
  const name = path.replace(/\\/g, '/');
  const head = text.length > HEAD ? text.slice(0, HEAD) : text;
  const first = firstSignificant(head);
  const jsonLike = first === '{' || first === '[';
  const language: DocumentLanguage = /\.ya?ml$/i.test(name) || (!jsonLike && !/\.json$/i.test(name)) ? 'yaml' : 'json';
  const detail = classify(head, text, name, first, language);
  return { format: FORMAT_OF[detail], detail, language };
}

function classify(head: string, text: string, name: string, first: string, language: DocumentLanguage): FormatDetail {
  if (POLICY_NAME.test(name)) return 'policy';
  if (INVENTORY_NAME.test(name)) return 'surface-inventory';
  if (language === 'yaml') return /^["']?inventory["']?[ \t]*:/m.test(head) ? 'surface-inventory' : 'unknown';
  if (first === '[') {
    return /"type"\s*:/.test(head) && /"id"\s*:/.test(head) && /"(wires|z)"\s*:|"type"\s*:\s*"(tab|subflow)"/.test(head)
      ? 'nodered-flow'
      : 'unknown';
  }
  if (first !== '{') return 'unknown';
  if (/^\s*\{\s*"inventory"\s*:/.test(head)) return 'surface-inventory';
  if (NODERED_CRED_NAME.test(name)) return 'nodered-credentials-file';
  // n8n first: most flows are n8n workflows, and each check below is a pass over the head. Its `nodes` member must be
  // the document's own, as must the keys that name the formats below: a Power Automate, Make or Zapier step may post
  // an n8n workflow to n8n's API, and an n8n workflow's pinned data may hold any platform's keys.
  if (isN8n(head, true)) return 'n8n-workflow';
  if (head.includes('Connections"') && topLevelMember(head, LA_CONNECTIONS)) return 'la-standard-connections';
  if (head.includes('IsEncrypted"') && topLevelMember(head, IS_ENCRYPTED) && topLevelMember(head, VALUES)) return 'la-standard-local-settings';
  if (head.includes('deploymentParameters.json') && topLevelMember(head, ARM_PARAMETERS_SCHEMA)) return 'la-arm-parameters';
  if (STANDARD_PARAMETERS_NAME.test(name) && isStandardParameters(text)) return 'la-standard-parameters';
  const azureType = AZURE_FLOW_TYPE.test(head); // one case-insensitive pass rules out the next two checks
  if (azureType && /"type"\s*:\s*"Microsoft\.Logic\/galleries\/templates"/i.test(head)) return 'la-gallery-template';
  if (azureType && /"type"\s*:\s*"Microsoft\.Flow\/flows"/i.test(head)) return 'pa-package-flow';
  if (/deploymentTemplate\.json/.test(head) && /Microsoft\.Logic\/workflows/i.test(text)) return 'la-arm-template';
  if (matches(head, 'connectionReferences"', /"connectionReferences"\s*:/) && /"definition"\s*:/.test(text)) return 'pa-solution-flow';
  const makeModules = head.includes('flow"') && MAKE_MODULE.test(head);
  if (makeModules && topLevelMember(head, MAKE_FLOW)) return 'make-blueprint';
  if (head.includes('zaps"') && topLevelMember(head, ZAPIER_ZAPS)) return 'zapier-export';
  if (WDL_SCHEMA.test(head)) {
    if (/^\s*\{\s*"\$schema"/.test(head) || /"triggers"\s*:/.test(head) && !/"definition"\s*:/.test(head)) return 'la-definition';
    if (/"\$connections"\s*:/.test(head)) return 'wdl-definition-wrapper';
    if (/"definition"\s*:/.test(head)) return 'la-standard-workflow';
    return 'la-definition';
  }
  // A workflow or blueprint wrapped in another object (an API response's `data`, a template's `workflow`): read as its
  // platform, so the adapter can say what to export instead of the file passing in silence.
  if (makeModules && matches(head, 'flow"', MAKE_FLOW)) return 'make-blueprint';
  if (matches(head, 'zaps"', ZAPIER_ZAPS)) return 'zapier-export';
  if (isN8n(head, false)) return 'n8n-workflow';
  if (/^\s*\{\s*"definition"\s*:\s*\{/.test(head) && /"(triggers|actions)"\s*:/.test(head)) return 'la-standard-workflow';
  return 'unknown';
}

/**
 * n8n: a `nodes` member (of the top-level object when `own`) with n8n node types or n8n's connection map (also when a
 * script quoted every key).
 */
function isN8n(head: string, own: boolean): boolean {
  if (!head.includes('nodes') || !(own ? topLevelMember(head, N8N_NODES) : matches(head, 'nodes', N8N_NODES))) return false;
  if (matches(head, '\\""', /"\\"(position|parameters)\\""\s*:/)) return true; // flattened into a map of source lines
  return /n8n-nodes-|@n8n\//.test(head) || (/"connections"\s*:/.test(head) && /"typeVersion"\s*:/.test(head));
}

/**
 * Logic Apps Standard `parameters.json`: an object of one or more parameters, each `{ type, value }` (and maybe a
 * `description`) whose type is a WDL type in any case. Read whole, which only files of that name pay for; an app config
 * of that name has other shapes.
 */
function isStandardParameters(text: string): boolean {
  if (text.length > STANDARD_PARAMETERS_MAX) return false;
  let root: unknown;
  try {
    root = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return false; // not JSON, or JSON with comments: no parameters file the designer writes
  }
  if (root === null || typeof root !== 'object' || Array.isArray(root)) return false;
  let members = 0;
  for (const parameter of Object.values(root)) {
    if (parameter === null || typeof parameter !== 'object' || Array.isArray(parameter) || !('value' in parameter)) return false;
    const { type } = parameter as { type?: unknown };
    if (typeof type !== 'string' || !PARAMETER_TYPES.has(type.toLowerCase())) return false;
    for (const key of Object.keys(parameter)) if (key !== 'type' && key !== 'value' && key !== 'description') return false;
    members++;
  }
  return members > 0;
}

/**
 * `pattern.test(text)`, run only when `text` includes `literal`, a part of every match. JSON is full of `"`, so
 * a regex that starts with one is slow to rule out; a literal that starts with a rarer character is found (or
 * not) several times faster, and most files hold none of these markers. Sniffing runs on every file.
 */
function matches(text: string, literal: string, pattern: RegExp): boolean {
  pattern.lastIndex = 0; // the top-level patterns are global
  return text.includes(literal) && pattern.test(text);
}

const QUOTE = 34;
const SLASH = 47;

/**
 * True when `pattern` (global, matching at a key's opening quote) matches a member of the top-level object, not one
 * nested in a value or inside a string. Reads the head once at most, up to the last match tried: strings and comments
 * are skipped whole (by the JSON scanner), brackets counted. A head cut short still answers for the members it holds.
 */
function topLevelMember(head: string, pattern: RegExp): boolean {
  const scanner = new JsonScanner(head);
  pattern.lastIndex = 0;
  let at = 0;
  let depth = 0;
  for (let m = pattern.exec(head); m; m = pattern.exec(head)) {
    const target = m.index;
    while (at < target) {
      const c = head.charCodeAt(at);
      const skipped = c === QUOTE ? scanner.stringEnd(at) : c === SLASH ? scanner.skipTrivia(at) : at; // a string, a comment
      if (skipped > at) {
        at = skipped;
        continue;
      }
      if (c === 123 || c === 91) depth++; // { [
      else if (c === 125 || c === 93) depth--; // } ]
      at++;
    }
    // `at` passed the match when it lay inside a string or comment that the scan skipped whole.
    if (at === target && depth === 1) {
      pattern.lastIndex = 0;
      return true;
    }
  }
  return false;
}

function firstSignificant(head: string): string {
  for (let i = 0; i < head.length; i++) {
    const c = head[i];
    if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t' && c !== '\ufeff') return c;
  }
  return '';
}
