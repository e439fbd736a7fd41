// Zapier apps (`selected_api`) → role and service, as data. Zapier names an app `SlackAPI`, `WebHookCLIAPI`,
// `GoogleSheetsV2API`, sometimes with a version (`…CLIAPI@1.2.0`); the catalogue is keyed by the bare name.
import type { NodeRole } from '../../model/index.js';
import { byName } from '../byName.js';

export interface ZapierAppInfo {
  readonly role: NodeRole;
  readonly service: string;
  /** The service signs the webhook events it sends (an HMAC header a Catch Hook could check). */
  readonly signsWebhooks?: boolean;
}

/** Webhooks by Zapier actions that receive requests (Catch Hook, Catch Raw Hook). */
export const ZAPIER_CATCH_HOOK_ACTIONS: ReadonlySet<string> = new Set(['hook', 'catch_hook', 'catch_raw_hook', 'hook_raw', 'raw_hook', 'hook_v2']);

/** Webhooks by Zapier actions that send a request, with the method each one uses (`custom_request` reads `params.method`). */
export const ZAPIER_REQUEST_ACTIONS: Readonly<Record<string, string | undefined>> = byName<string | undefined>({
  post: 'POST',
  get: 'GET',
  put: 'PUT',
  custom_request: undefined,
  custom: undefined,
  poll: 'GET',
  retrieve_poll: 'GET',
});

export const ZAPIER_APPS: Readonly<Record<string, ZapierAppInfo>> = byName<ZapierAppInfo>({
  WebHook: { role: 'http-request', service: 'Webhooks by Zapier' },
  Code: { role: 'code', service: 'Code by Zapier' },
  Filter: { role: 'control', service: 'Filter by Zapier' },
  Branching: { role: 'control', service: 'Paths by Zapier' },
  Formatter: { role: 'transform', service: 'Formatter by Zapier' },
  Delay: { role: 'control', service: 'Delay by Zapier' },
  Looping: { role: 'control', service: 'Looping by Zapier' },
  Digest: { role: 'transform', service: 'Digest by Zapier' },
  Schedule: { role: 'trigger-schedule', service: 'Schedule by Zapier' },
  Storage: { role: 'storage', service: 'Storage by Zapier' },
  Email: { role: 'email', service: 'Email by Zapier' },
  SMTP: { role: 'email', service: 'SMTP by Zapier' },
  IMAP: { role: 'email', service: 'IMAP by Zapier' },
  RSS: { role: 'trigger-event', service: 'RSS by Zapier' },
  Slack: { role: 'messaging', service: 'Slack', signsWebhooks: true },
  MicrosoftTeams: { role: 'messaging', service: 'Microsoft Teams' },
  Discord: { role: 'messaging', service: 'Discord' },
  Telegram: { role: 'messaging', service: 'Telegram' },
  Twilio: { role: 'messaging', service: 'Twilio', signsWebhooks: true },
  Gmail: { role: 'email', service: 'Gmail' },
  MicrosoftOutlook: { role: 'email', service: 'Microsoft Outlook' },
  Mailchimp: { role: 'email', service: 'Mailchimp' },
  SendGrid: { role: 'email', service: 'SendGrid', signsWebhooks: true },
  GoogleSheets: { role: 'storage', service: 'Google Sheets' },
  GoogleDrive: { role: 'storage', service: 'Google Drive' },
  GoogleCalendar: { role: 'storage', service: 'Google Calendar' },
  GoogleDocs: { role: 'storage', service: 'Google Docs' },
  Airtable: { role: 'storage', service: 'Airtable' },
  Notion: { role: 'storage', service: 'Notion' },
  Trello: { role: 'storage', service: 'Trello', signsWebhooks: true },
  Asana: { role: 'storage', service: 'Asana', signsWebhooks: true },
  Todoist: { role: 'storage', service: 'Todoist' },
  Dropbox: { role: 'storage', service: 'Dropbox', signsWebhooks: true },
  OneDrive: { role: 'storage', service: 'Microsoft OneDrive' },
  HubSpot: { role: 'storage', service: 'HubSpot', signsWebhooks: true },
  Salesforce: { role: 'storage', service: 'Salesforce' },
  Pipedrive: { role: 'storage', service: 'Pipedrive' },
  MySQL: { role: 'database', service: 'MySQL' },
  PostgreSQL: { role: 'database', service: 'PostgreSQL' },
  SQLServer: { role: 'database', service: 'Microsoft SQL Server' },
  MongoDB: { role: 'database', service: 'MongoDB' },
  OpenAI: { role: 'ai', service: 'OpenAI' },
  ChatGPT: { role: 'ai', service: 'OpenAI' },
  Anthropic: { role: 'ai', service: 'Anthropic Claude' },
  Stripe: { role: 'other', service: 'Stripe', signsWebhooks: true },
  Shopify: { role: 'other', service: 'Shopify', signsWebhooks: true },
  GitHub: { role: 'other', service: 'GitHub', signsWebhooks: true },
  GitLab: { role: 'other', service: 'GitLab', signsWebhooks: true },
  Typeform: { role: 'other', service: 'Typeform', signsWebhooks: true },
  Calendly: { role: 'other', service: 'Calendly', signsWebhooks: true },
  Zoom: { role: 'other', service: 'Zoom', signsWebhooks: true },
});

/** The bare app name: `GoogleSheetsV2API` → `GoogleSheets`, `WebHookCLIAPI@1.0.3` → `WebHook`. */
export function zapierAppName(selectedApi: string): string {
  const at = selectedApi.indexOf('@');
  const bare = at === -1 ? selectedApi : selectedApi.slice(0, at);
  return bare.replace(/(?:V\d+)?(?:Dev)?(?:CLI)?API$/, '') || selectedApi;
}

/** Role and service of a Zapier app; unknown apps are `other`, their name split at capitals (`AcmeCrm` → `Acme Crm`). */
export function zapierAppInfo(selectedApi: string): ZapierAppInfo {
  const name = zapierAppName(selectedApi);
  return ZAPIER_APPS[name] ?? { role: 'other', service: name.replace(/([a-z0-9])([A-Z])/g, '$1 $2') };
}
