// n8n node types → role and service, as data. Types are matched without their package prefix
// (`n8n-nodes-base.`, `@n8n/n8n-nodes-langchain.`); unknown `*Trigger` types are event triggers.
import type { NodeRole } from '../../model/index.js';
import { byName } from '../byName.js';
import { N8N_OFFICIAL_PACKAGES } from '../nodeProvenance.js';

export interface N8nNodeInfo {
  readonly role: NodeRole;
  readonly service?: string;
  /** The parameter holding the URL or path this node exposes or calls. */
  readonly endpointParam?: string;
  /** The same parameter's name in older versions of the node, read when the current one is absent. */
  readonly legacyEndpointParam?: string;
}

export const N8N_NODES: Readonly<Record<string, N8nNodeInfo>> = byName<N8nNodeInfo>({
  webhook: { role: 'trigger-webhook', service: 'Webhook', endpointParam: 'path' },
  formTrigger: { role: 'trigger-webhook', service: 'n8n Form', endpointParam: 'path' },
  chatTrigger: { role: 'trigger-webhook', service: 'n8n Chat' },
  mcpTrigger: { role: 'trigger-webhook', service: 'MCP Server', endpointParam: 'path' },
  manualTrigger: { role: 'trigger-event', service: 'Manual' },
  scheduleTrigger: { role: 'trigger-schedule', service: 'Schedule' },
  cron: { role: 'trigger-schedule', service: 'Schedule' },
  interval: { role: 'trigger-schedule', service: 'Schedule' },
  emailReadImap: { role: 'trigger-event', service: 'IMAP email' },
  httpRequest: { role: 'http-request', service: 'HTTP', endpointParam: 'url' },
  // The HTTP Request node as an AI agent's tool (n8n's, and LangChain's older one): the agent calls the URL.
  httpRequestTool: { role: 'http-request', service: 'HTTP', endpointParam: 'url' },
  toolHttpRequest: { role: 'http-request', service: 'HTTP', endpointParam: 'url' },
  // An AI agent's MCP client: `endpointUrl` from version 1.1 (version 1 called it `sseEndpoint`).
  mcpClientTool: { role: 'other', service: 'MCP Client', endpointParam: 'endpointUrl', legacyEndpointParam: 'sseEndpoint' },
  graphql: { role: 'http-request', service: 'GraphQL', endpointParam: 'endpoint' },
  respondToWebhook: { role: 'transform', service: 'Webhook response' },
  code: { role: 'code', service: 'Code' },
  function: { role: 'code', service: 'Code' },
  functionItem: { role: 'code', service: 'Code' },
  executeCommand: { role: 'command', service: 'Shell command' },
  ssh: { role: 'command', service: 'SSH' },
  postgres: { role: 'database', service: 'PostgreSQL' },
  mySql: { role: 'database', service: 'MySQL' },
  microsoftSql: { role: 'database', service: 'Microsoft SQL Server' },
  mongoDb: { role: 'database', service: 'MongoDB' },
  redis: { role: 'database', service: 'Redis' },
  supabase: { role: 'database', service: 'Supabase' },
  snowflake: { role: 'database', service: 'Snowflake' },
  readBinaryFile: { role: 'file', service: 'Local files' },
  readBinaryFiles: { role: 'file', service: 'Local files' },
  writeBinaryFile: { role: 'file', service: 'Local files' },
  readWriteFile: { role: 'file', service: 'Local files' },
  ftp: { role: 'file', service: 'FTP' },
  emailSend: { role: 'email', service: 'SMTP email' },
  gmail: { role: 'email', service: 'Gmail' },
  microsoftOutlook: { role: 'email', service: 'Microsoft Outlook' },
  sendGrid: { role: 'email', service: 'SendGrid' },
  mailgun: { role: 'email', service: 'Mailgun' },
  slack: { role: 'messaging', service: 'Slack' },
  telegram: { role: 'messaging', service: 'Telegram' },
  discord: { role: 'messaging', service: 'Discord' },
  microsoftTeams: { role: 'messaging', service: 'Microsoft Teams' },
  twilio: { role: 'messaging', service: 'Twilio' },
  whatsApp: { role: 'messaging', service: 'WhatsApp' },
  googleSheets: { role: 'storage', service: 'Google Sheets' },
  googleDrive: { role: 'storage', service: 'Google Drive' },
  airtable: { role: 'storage', service: 'Airtable' },
  notion: { role: 'storage', service: 'Notion' },
  awsS3: { role: 'storage', service: 'AWS S3' },
  microsoftOneDrive: { role: 'storage', service: 'Microsoft OneDrive' },
  dropbox: { role: 'storage', service: 'Dropbox' },
  hubspot: { role: 'storage', service: 'HubSpot' },
  salesforce: { role: 'storage', service: 'Salesforce' },
  github: { role: 'http-request', service: 'GitHub' },
  stripe: { role: 'http-request', service: 'Stripe' },
  openAi: { role: 'ai', service: 'OpenAI' },
  agent: { role: 'ai', service: 'AI agent' },
  lmChatOpenAi: { role: 'ai', service: 'OpenAI' },
  lmChatAnthropic: { role: 'ai', service: 'Anthropic' },
  lmChatGoogleGemini: { role: 'ai', service: 'Google Gemini' },
  openAiAssistant: { role: 'ai', service: 'OpenAI' },
  anthropic: { role: 'ai', service: 'Anthropic' },
  googleGemini: { role: 'ai', service: 'Google Gemini' },
  chainLlm: { role: 'ai', service: 'LLM chain' },
  set: { role: 'transform' },
  merge: { role: 'transform' },
  itemLists: { role: 'transform' },
  splitOut: { role: 'transform' },
  aggregate: { role: 'transform' },
  html: { role: 'transform' },
  xml: { role: 'transform' },
  markdown: { role: 'transform' },
  dateTime: { role: 'transform' },
  crypto: { role: 'transform' },
  if: { role: 'control' },
  switch: { role: 'control' },
  filter: { role: 'control' },
  splitInBatches: { role: 'control' },
  wait: { role: 'control' },
  noOp: { role: 'control' },
  stopAndError: { role: 'control' },
  errorTrigger: { role: 'trigger-event', service: 'n8n error workflow' },
  executeWorkflow: { role: 'control' },
  executeWorkflowTrigger: { role: 'trigger-event', service: 'n8n sub-workflow' },
  stickyNote: { role: 'other' },
});

/** The short type name without the package prefix: `n8n-nodes-base.httpRequest` → `httpRequest`. */
export function n8nShortType(type: string): string {
  const dot = type.lastIndexOf('.');
  return dot === -1 ? type : type.slice(dot + 1);
}

/** Role and service of an n8n node type; unknown types are `other`, or `trigger-event` for `*Trigger`. */
export function n8nNodeInfo(type: string): N8nNodeInfo {
  const short = n8nShortType(type);
  const known = N8N_NODES[short];
  if (known) return known;
  const service = short.replace(/Trigger$|Tool$/, '').replace(/^./, (c) => c.toUpperCase()) || undefined;
  if (/Trigger$/.test(short)) return { role: 'trigger-event', service };
  const store = LANGCHAIN_STORES.exec(short);
  if (store && type.startsWith('@n8n/n8n-nodes-langchain.')) {
    // A vector store keeps documents in a database, an embeddings model sends text to its provider: calls whether or
    // not the export kept their credentials (templates are shared without them). The in-memory store calls nothing.
    // The older one-mode nodes (`vectorStorePineconeInsert`, `vectorStoreSupabaseLoad`) name the store before the mode.
    const wrapped = n8nWrappedNode(type)?.service ?? store[2];
    if (store[1] === 'embeddings') return { role: 'ai', service: wrapped };
    if (store[2] !== 'InMemory') return { role: 'database', service: wrapped };
  }
  return { role: 'other', service };
}

/** n8n's LangChain vector stores and embeddings models, with the service they wrap (`vectorStoreSupabase`, `embeddingsOpenAi`). */
const LANGCHAIN_STORES = /^(vectorStore|embeddings)([A-Z]\w{1,60}?)(?:Insert|Load)?$/;

/** n8n's prefixes of a type that wraps another node (`memoryPostgresChat`, `embeddingsOpenAi`), longest first. */
const N8N_WRAPPER_PREFIXES = ['vectorStore', 'embeddings', 'memory', 'lmChat', 'tool', 'lm'];

/**
 * The n8n node an official AI tool, chat memory, embeddings, vector store, model or trigger type wraps (`postgresTool`,
 * `memoryPostgresChat` and `postgresTrigger` → `postgres`, PostgreSQL; `embeddingsOpenAi` → `openAi`), or undefined for a
 * type the catalogue knows itself, one that wraps no catalogued node, and any community package's (its author picks the
 * name).
 */
export function n8nWrappedNode(type: string): N8nNodeInfo | undefined {
  const known = wrappedByType.get(type);
  if (known !== undefined) return known || undefined;
  const found = findWrappedNode(type);
  if (wrappedByType.size >= 5000) wrappedByType.clear();
  wrappedByType.set(type, found ?? false);
  return found;
}

/** {@link n8nWrappedNode} by type: the same few hundred types recur in every workflow. */
const wrappedByType = new Map<string, N8nNodeInfo | false>();

function findWrappedNode(type: string): N8nNodeInfo | undefined {
  const dot = type.lastIndexOf('.');
  const short = type.slice(dot + 1);
  if (!N8N_OFFICIAL_PACKAGES.has(type.slice(0, Math.max(dot, 0))) || N8N_NODES[short]) return undefined;
  const prefix = N8N_WRAPPER_PREFIXES.find((p) => short.startsWith(p) && short.length > p.length);
  let inner = prefix ? short.slice(prefix.length) : short;
  const suffix = (prefix === 'memory' ? ['Chat'] : prefix === 'vectorStore' ? ['Insert', 'Load'] : prefix ? [] : ['Tool', 'Trigger']).find((x) => inner.endsWith(x) && inner.length > x.length);
  if (suffix) inner = inner.slice(0, -suffix.length);
  if (inner === short) return undefined;
  return N8N_NODES[inner[0].toLowerCase() + inner.slice(1)];
}

/** Suffixes of n8n credential type names after the service's (`slackOAuth2Api`, `shopifyAccessTokenApi`, `nocoDbApiToken`). */
const CREDENTIAL_SUFFIXES = ['Api', 'OAuth2', 'OAuth', 'Token', 'Access', 'Key'];

/** n8n's credential types any host may take (its generic HTTP authentication): they name no service. */
const GENERIC_CREDENTIALS = new Set(['httpheaderauth', 'httpqueryauth', 'httpbasicauth', 'httpdigestauth', 'httpcustomauth', 'httpbearerauth', 'httpsslauth', 'oauth1api', 'oauth2api']);

/**
 * The service an n8n credential type signs in to (`slackOAuth2Api` → `slack`, Slack): its name without the credential
 * suffixes (`base`), and the service of the node of that name when the catalogue has one. Undefined for n8n's generic
 * HTTP credentials (header, query, basic auth), which any host may take.
 */
export function n8nCredentialService(type: string): { readonly base: string; readonly service?: string } | undefined {
  if (GENERIC_CREDENTIALS.has(type.toLowerCase())) return undefined;
  let base = type;
  for (let suffix = CREDENTIAL_SUFFIXES.find((x) => base.endsWith(x)); suffix && base.length > suffix.length; suffix = CREDENTIAL_SUFFIXES.find((x) => base.endsWith(x))) base = base.slice(0, -suffix.length);
  return { base, service: N8N_NODES[base]?.service };
}
