// n8n node types → role and service, as data. Types are matched without their package prefix
// (`n8n-nodes-base.`, `@n8n/n8n-nodes-langchain.`); unknown `*Trigger` types are event triggers.
import type { NodeRole } from '../../model/index.js';
import { byName } from '../byName.js';

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
  return { role: 'other', service };
}
