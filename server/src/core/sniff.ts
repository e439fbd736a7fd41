// What is this file? A cheap look at a document's start (and its name) says which of our formats it is,
// so files that are not ours cost one sniff and nothing else.
import type { DocumentLanguage } from './parse/index.js';

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
/** What both Azure resource types below contain, case-insensitively: one pass to rule them out together. */
const AZURE_FLOW_TYPE = /Microsoft\.(?:Logic\/galleries\/templates|Flow\/flows)"/i;
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
  if (matches(head, 'Connections"', /"(serviceProviderConnections|managedApiConnections|functionConnections|agentConnections)"\s*:/)) return 'la-standard-connections';
  if (matches(head, 'IsEncrypted"', /"IsEncrypted"\s*:/) && /"Values"\s*:/.test(head)) return 'la-standard-local-settings';
  const azureType = AZURE_FLOW_TYPE.test(head); // one case-insensitive pass rules out the next two checks
  if (azureType && /"type"\s*:\s*"Microsoft\.Logic\/galleries\/templates"/i.test(head)) return 'la-gallery-template';
  if (azureType && /"type"\s*:\s*"Microsoft\.Flow\/flows"/i.test(head)) return 'pa-package-flow';
  if (/deploymentTemplate\.json/.test(head) && /Microsoft\.Logic\/workflows/i.test(text)) return 'la-arm-template';
  if (matches(head, 'connectionReferences"', /"connectionReferences"\s*:/) && /"definition"\s*:/.test(text)) return 'pa-solution-flow';
  if (matches(head, 'flow"', /"flow"\s*:\s*\[/) && /"module"\s*:\s*"[\w-]+:/.test(head)) return 'make-blueprint';
  if (matches(head, 'zaps"', /"zaps"\s*:\s*\[/)) return 'zapier-export';
  if (isN8n(head)) return 'n8n-workflow';
  if (WDL_SCHEMA.test(head)) {
    if (/^\s*\{\s*"\$schema"/.test(head) || /"triggers"\s*:/.test(head) && !/"definition"\s*:/.test(head)) return 'la-definition';
    if (/"\$connections"\s*:/.test(head)) return 'wdl-definition-wrapper';
    if (/"definition"\s*:/.test(head)) return 'la-standard-workflow';
    return 'la-definition';
  }
  if (/^\s*\{\s*"definition"\s*:\s*\{/.test(head) && /"(triggers|actions)"\s*:/.test(head)) return 'la-standard-workflow';
  return 'unknown';
}

/** n8n: a `nodes` array with n8n node types or n8n's connection map (also when a script quoted every key). */
function isN8n(head: string): boolean {
  const nodes = /"(\\")?nodes(\\")?"\s*:/.test(head);
  if (!nodes) return false;
  if (matches(head, '\\""', /"\\"(position|parameters)\\""\s*:/)) return true; // flattened into a map of source lines
  return /n8n-nodes-|@n8n\//.test(head) || (/"connections"\s*:/.test(head) && /"typeVersion"\s*:/.test(head));
}

/**
 * `pattern.test(text)`, run only when `text` includes `literal`, a part of every match. JSON is full of `"`, so
 * a regex that starts with one is slow to rule out; a literal that starts with a rarer character is found (or
 * not) several times faster, and most files hold none of these markers. Sniffing runs on every file.
 */
function matches(text: string, literal: string, pattern: RegExp): boolean {
  return text.includes(literal) && pattern.test(text);
}

function firstSignificant(head: string): string {
  for (let i = 0; i < head.length; i++) {
    const c = head[i];
    if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t' && c !== '\ufeff') return c;
  }
  return '';
}
