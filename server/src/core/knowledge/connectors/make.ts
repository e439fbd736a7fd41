// Make (formerly Integromat) modules → role and service, as data. A module is `<app>:<Module>`; the app decides
// the service, and a few modules (webhooks, HTTP, flow control) are listed on their own.
import type { NodeRole } from '../../model/index.js';
import { byName } from '../byName.js';

export interface MakeAppInfo {
  readonly role: NodeRole;
  readonly service?: string;
  /** The service signs the webhook events it sends (an HMAC header a custom webhook could check). */
  readonly signsWebhooks?: boolean;
}

/** Modules whose role is not their app's. */
export const MAKE_MODULES: Readonly<Record<string, MakeAppInfo>> = byName<MakeAppInfo>({
  'gateway:CustomWebHook': { role: 'trigger-webhook', service: 'Webhooks' },
  'gateway:CustomMailHook': { role: 'trigger-webhook', service: 'Mailhook' },
  'gateway:WebhookRespond': { role: 'transform', service: 'Webhook response' },
  'builtin:BasicRouter': { role: 'control' },
  'builtin:BasicFeeder': { role: 'control' },
  'builtin:BasicRepeater': { role: 'control' },
  'builtin:BasicAggregator': { role: 'transform' },
  'builtin:Ignore': { role: 'control' },
  'builtin:Resume': { role: 'control' },
  'builtin:Commit': { role: 'control' },
  'builtin:Rollback': { role: 'control' },
  'builtin:Break': { role: 'control' },
  'util:FunctionSleep': { role: 'control' },
  'email:TriggerNewEmail': { role: 'trigger-event', service: 'Email (IMAP)' },
  'onesaas:Python': { role: 'code', service: '1SaaS' },
  'onesaas:JavaScript': { role: 'code', service: '1SaaS' },
});

/** Apps by the module prefix. */
export const MAKE_APPS: Readonly<Record<string, MakeAppInfo>> = byName<MakeAppInfo>({
  http: { role: 'http-request', service: 'HTTP' },
  builtin: { role: 'control' },
  util: { role: 'transform' },
  regexp: { role: 'transform' },
  json: { role: 'transform' },
  xml: { role: 'transform' },
  csv: { role: 'transform' },
  markdown: { role: 'transform' },
  mime: { role: 'transform' },
  archive: { role: 'transform' },
  image: { role: 'transform' },
  'text-parser': { role: 'transform' },
  datastore: { role: 'database', service: 'Make data store' },
  code: { role: 'code', service: 'Make Code' },
  'custom-js': { role: 'code', service: 'Custom JS' },
  onesaas: { role: 'other', service: '1SaaS' },
  email: { role: 'email', service: 'Email (SMTP/IMAP)' },
  'google-email': { role: 'email', service: 'Gmail' },
  'microsoft-smtp-imap': { role: 'email', service: 'Microsoft 365 Email' },
  mailchimp: { role: 'email', service: 'Mailchimp' },
  sendgrid: { role: 'email', service: 'SendGrid', signsWebhooks: true },
  mailgun: { role: 'email', service: 'Mailgun', signsWebhooks: true },
  slack: { role: 'messaging', service: 'Slack', signsWebhooks: true },
  'microsoft-teams': { role: 'messaging', service: 'Microsoft Teams' },
  telegram: { role: 'messaging', service: 'Telegram' },
  discord: { role: 'messaging', service: 'Discord' },
  twilio: { role: 'messaging', service: 'Twilio', signsWebhooks: true },
  whatsapp: { role: 'messaging', service: 'WhatsApp', signsWebhooks: true },
  line: { role: 'messaging', service: 'LINE', signsWebhooks: true },
  twitter: { role: 'messaging', service: 'X (Twitter)' },
  'facebook-pages': { role: 'messaging', service: 'Facebook Pages', signsWebhooks: true },
  instagram: { role: 'messaging', service: 'Instagram', signsWebhooks: true },
  'instagram-business': { role: 'messaging', service: 'Instagram', signsWebhooks: true },
  'google-sheets': { role: 'storage', service: 'Google Sheets' },
  'google-drive': { role: 'storage', service: 'Google Drive' },
  'google-calendar': { role: 'storage', service: 'Google Calendar' },
  'google-docs': { role: 'storage', service: 'Google Docs' },
  airtable: { role: 'storage', service: 'Airtable' },
  notion: { role: 'storage', service: 'Notion' },
  box: { role: 'storage', service: 'Box', signsWebhooks: true },
  dropbox: { role: 'storage', service: 'Dropbox', signsWebhooks: true },
  onedrive: { role: 'storage', service: 'Microsoft OneDrive' },
  'aws-s3': { role: 'storage', service: 'AWS S3' },
  kintone: { role: 'storage', service: 'Kintone' },
  todoist: { role: 'storage', service: 'Todoist' },
  trello: { role: 'storage', service: 'Trello', signsWebhooks: true },
  asana: { role: 'storage', service: 'Asana', signsWebhooks: true },
  hubspotcrm: { role: 'storage', service: 'HubSpot', signsWebhooks: true },
  salesforce: { role: 'storage', service: 'Salesforce' },
  pipedrive: { role: 'storage', service: 'Pipedrive' },
  monday: { role: 'storage', service: 'monday.com' },
  mysql: { role: 'database', service: 'MySQL' },
  postgres: { role: 'database', service: 'PostgreSQL' },
  mssql: { role: 'database', service: 'Microsoft SQL Server' },
  mongodb: { role: 'database', service: 'MongoDB' },
  ftp: { role: 'file', service: 'FTP' },
  sftp: { role: 'file', service: 'SFTP' },
  ssh: { role: 'command', service: 'SSH' },
  'openai-gpt-3': { role: 'ai', service: 'OpenAI' },
  'anthropic-claude': { role: 'ai', service: 'Anthropic Claude' },
  gemini: { role: 'ai', service: 'Google Gemini' },
  stripe: { role: 'other', service: 'Stripe', signsWebhooks: true },
  shopify: { role: 'other', service: 'Shopify', signsWebhooks: true },
  github: { role: 'other', service: 'GitHub', signsWebhooks: true },
  gitlab: { role: 'other', service: 'GitLab', signsWebhooks: true },
  typeform: { role: 'other', service: 'Typeform', signsWebhooks: true },
  calendly: { role: 'other', service: 'Calendly', signsWebhooks: true },
  zoom: { role: 'other', service: 'Zoom', signsWebhooks: true },
  'pdf-co': { role: 'other', service: 'PDF.co' },
});

/** The app part of a module name: `google-sheets:addRow` → `google-sheets`. */
export function makeApp(module: string): string {
  const colon = module.indexOf(':');
  return colon === -1 ? module : module.slice(0, colon);
}

/**
 * Role and service of a Make module. Unknown apps are `other`, named after their prefix
 * (`acme-crm` → `Acme Crm`); `<app>:Watch*` / `Trigger*` modules are event triggers.
 */
export function makeModuleInfo(module: string): MakeAppInfo {
  const known = MAKE_MODULES[module];
  if (known) return known;
  const app = makeApp(module);
  const info = MAKE_APPS[app] ?? { role: 'other', service: app.split(/[-_]/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join(' ') || undefined };
  const action = module.slice(app.length + 1);
  if (/^(?:watch|trigger)/i.test(action) && info.role !== 'transform' && info.role !== 'control') return { ...info, role: 'trigger-event' };
  return info;
}
