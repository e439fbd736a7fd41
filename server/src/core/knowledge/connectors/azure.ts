// Power Automate and Logic Apps connectors, built-in operations and service providers → role and service, as data.
// Keys are lower case: Workflow Definition Language type names are case-insensitive, and connector (API) names
// appear as `shared_office365`, `office365`, `office365-2` or `.../managedApis/office365` depending on the export.
import type { NodeRole } from '../../model/index.js';
import { asObject, asString } from '../../walk.js';
import { byName } from '../byName.js';

export interface AzureOperationInfo {
  readonly role: NodeRole;
  readonly service?: string;
}

/** Managed connectors by API name (Power Automate without its `shared_` prefix). */
export const AZURE_CONNECTORS: Readonly<Record<string, AzureOperationInfo>> = byName<AzureOperationInfo>({
  office365: { role: 'email', service: 'Office 365 Outlook' },
  outlook: { role: 'email', service: 'Outlook.com' },
  office365groupsmail: { role: 'email', service: 'Office 365 Groups Mail' },
  acsemail: { role: 'email', service: 'Azure Communication Services Email' },
  smtp: { role: 'email', service: 'SMTP' },
  gmail: { role: 'email', service: 'Gmail' },
  sendgrid: { role: 'email', service: 'SendGrid' },
  mailchimp: { role: 'email', service: 'Mailchimp' },
  teams: { role: 'messaging', service: 'Microsoft Teams' },
  approvals: { role: 'messaging', service: 'Approvals' },
  flowpush: { role: 'messaging', service: 'Power Automate notifications' },
  azurecommunicationservicessms: { role: 'messaging', service: 'Azure Communication Services SMS' },
  slack: { role: 'messaging', service: 'Slack' },
  twilio: { role: 'messaging', service: 'Twilio' },
  twitter: { role: 'messaging', service: 'X (Twitter)' },
  facebook: { role: 'messaging', service: 'Facebook' },
  instagram: { role: 'messaging', service: 'Instagram' },
  servicebus: { role: 'messaging', service: 'Azure Service Bus' },
  eventhubs: { role: 'messaging', service: 'Azure Event Hubs' },
  azureeventgrid: { role: 'messaging', service: 'Azure Event Grid' },
  azureeventgridpublish: { role: 'messaging', service: 'Azure Event Grid' },
  azurequeues: { role: 'messaging', service: 'Azure Queue Storage' },
  sharepointonline: { role: 'storage', service: 'SharePoint' },
  onedriveforbusiness: { role: 'storage', service: 'OneDrive for Business' },
  onedrive: { role: 'storage', service: 'OneDrive' },
  excelonlinebusiness: { role: 'storage', service: 'Excel Online (Business)' },
  planner: { role: 'storage', service: 'Planner' },
  todo: { role: 'storage', service: 'Microsoft To Do' },
  microsoftforms: { role: 'storage', service: 'Microsoft Forms' },
  azureblob: { role: 'storage', service: 'Azure Blob Storage' },
  azurefile: { role: 'storage', service: 'Azure File Storage' },
  dropbox: { role: 'storage', service: 'Dropbox' },
  box: { role: 'storage', service: 'Box' },
  googledrive: { role: 'storage', service: 'Google Drive' },
  salesforce: { role: 'storage', service: 'Salesforce' },
  wunderlist: { role: 'storage', service: 'Wunderlist' },
  commondataserviceforapps: { role: 'database', service: 'Microsoft Dataverse' },
  commondataservice: { role: 'database', service: 'Microsoft Dataverse (legacy)' },
  dynamicscrmonline: { role: 'database', service: 'Dynamics 365' },
  sql: { role: 'database', service: 'SQL Server' },
  azuretables: { role: 'database', service: 'Azure Table Storage' },
  azuretable: { role: 'database', service: 'Azure Table Storage' },
  documentdb: { role: 'database', service: 'Azure Cosmos DB' },
  sap: { role: 'database', service: 'SAP' },
  ftp: { role: 'file', service: 'FTP' },
  sftp: { role: 'file', service: 'SFTP' },
  sftpwithssh: { role: 'file', service: 'SFTP' },
  filesystem: { role: 'file', service: 'File System' },
  webcontents: { role: 'http-request', service: 'HTTP with Microsoft Entra ID' },
  rss: { role: 'http-request', service: 'RSS' },
  github: { role: 'http-request', service: 'GitHub' },
  azureopenai: { role: 'ai', service: 'Azure OpenAI' },
  openaiip: { role: 'ai', service: 'OpenAI (Independent Publisher)' },
  cognitiveservicestextanalytics: { role: 'ai', service: 'Azure AI Language' },
  azureautomation: { role: 'command', service: 'Azure Automation' },
  conversionservice: { role: 'transform', service: 'Content Conversion' },
  as2: { role: 'transform', service: 'AS2 (Integration Account)' },
  x12: { role: 'transform', service: 'X12 (Integration Account)' },
  edifact: { role: 'transform', service: 'EDIFACT (Integration Account)' },
  office365users: { role: 'other', service: 'Office 365 Users' },
  office365groups: { role: 'other', service: 'Office 365 Groups' },
  azuread: { role: 'other', service: 'Microsoft Entra ID' },
  keyvault: { role: 'other', service: 'Azure Key Vault' },
  arm: { role: 'other', service: 'Azure Resource Manager' },
  powerbi: { role: 'other', service: 'Power BI' },
  powerappsforappmakers: { role: 'other', service: 'Power Apps for Makers' },
  logicflows: { role: 'other', service: 'Power Automate Management' },
  ascalert: { role: 'other', service: 'Microsoft Defender for Cloud' },
  ascassessment: { role: 'other', service: 'Microsoft Defender for Cloud' },
  ascregulatorycomplianceassessment: { role: 'other', service: 'Microsoft Defender for Cloud' },
  blockchainethereum: { role: 'other', service: 'Ethereum Blockchain' },
});

/** Logic Apps Standard built-in service providers, by the last segment of `/serviceProviders/<id>`. */
export const AZURE_SERVICE_PROVIDERS: Readonly<Record<string, AzureOperationInfo>> = byName<AzureOperationInfo>({
  sql: { role: 'database', service: 'SQL Server' },
  azurecosmosdb: { role: 'database', service: 'Azure Cosmos DB' },
  db2: { role: 'database', service: 'IBM DB2' },
  azuretables: { role: 'database', service: 'Azure Table Storage' },
  azureaisearch: { role: 'database', service: 'Azure AI Search' },
  sap: { role: 'database', service: 'SAP' },
  openai: { role: 'ai', service: 'Azure OpenAI' },
  azureblob: { role: 'storage', service: 'Azure Blob Storage' },
  azurefile: { role: 'storage', service: 'Azure File Storage' },
  servicebus: { role: 'messaging', service: 'Azure Service Bus' },
  eventhub: { role: 'messaging', service: 'Azure Event Hubs' },
  azurequeues: { role: 'messaging', service: 'Azure Queue Storage' },
  eventgridpublisher: { role: 'messaging', service: 'Azure Event Grid' },
  mq: { role: 'messaging', service: 'IBM MQ' },
  smtp: { role: 'email', service: 'SMTP' },
  ftp: { role: 'file', service: 'FTP' },
  sftp: { role: 'file', service: 'SFTP' },
  filesystem: { role: 'file', service: 'File System' },
  keyvault: { role: 'other', service: 'Azure Key Vault' },
});

/** Built-in action types (not connectors), by lower-case `type`. */
export const WDL_ACTIONS: Readonly<Record<string, AzureOperationInfo>> = byName<AzureOperationInfo>({
  http: { role: 'http-request', service: 'HTTP' },
  httpwebhook: { role: 'http-request', service: 'HTTP webhook' },
  apimanagement: { role: 'http-request', service: 'Azure API Management' },
  function: { role: 'code', service: 'Azure Functions' },
  invokefunction: { role: 'code', service: 'Local function (Logic Apps Standard custom code)' },
  javascriptcode: { role: 'code', service: 'Inline JavaScript' },
  inlinecode: { role: 'code', service: 'Inline JavaScript' },
  csharpscriptcode: { role: 'code', service: 'Inline C# script' },
  powershellcode: { role: 'code', service: 'Inline PowerShell' },
  agent: { role: 'ai', service: 'AI agent' },
  workflow: { role: 'control', service: 'Child workflow' },
  if: { role: 'control' },
  switch: { role: 'control' },
  scope: { role: 'control' },
  foreach: { role: 'control' },
  until: { role: 'control' },
  terminate: { role: 'control' },
  wait: { role: 'control' },
  rosettanetwaitforresponse: { role: 'control' },
  response: { role: 'transform', service: 'HTTP response' },
  compose: { role: 'transform' },
  parsejson: { role: 'transform' },
  select: { role: 'transform' },
  query: { role: 'transform' },
  table: { role: 'transform' },
  join: { role: 'transform' },
  expression: { role: 'transform' },
  initializevariable: { role: 'transform' },
  setvariable: { role: 'transform' },
  incrementvariable: { role: 'transform' },
  decrementvariable: { role: 'transform' },
  appendtoarrayvariable: { role: 'transform' },
  appendtostringvariable: { role: 'transform' },
  xslt: { role: 'transform' },
  liquid: { role: 'transform' },
  xmlparse: { role: 'transform' },
  xmlcompose: { role: 'transform' },
  xmlvalidation: { role: 'transform' },
  flatfiledecoding: { role: 'transform' },
  flatfileencoding: { role: 'transform' },
  rosettanetencode: { role: 'transform' },
  rosettanetdecode: { role: 'transform' },
});

/** Connector operation types: their service comes from the connection they use. */
export const CONNECTOR_TYPES: ReadonlySet<string> = new Set([
  'apiconnection',
  'openapiconnection',
  'apiconnectionwebhook',
  'openapiconnectionwebhook',
  'apiconnectionnotification',
  'openapiconnectionnotification',
]);

/** Trigger types by lower-case `type`; connector triggers are events unless they are webhooks. */
export const WDL_TRIGGERS: Readonly<Record<string, AzureOperationInfo>> = byName<AzureOperationInfo>({
  request: { role: 'trigger-webhook', service: 'HTTP request' },
  httpwebhook: { role: 'trigger-webhook', service: 'HTTP webhook' },
  apiconnectionwebhook: { role: 'trigger-webhook' },
  openapiconnectionwebhook: { role: 'trigger-webhook' },
  recurrence: { role: 'trigger-schedule', service: 'Schedule' },
  slidingwindow: { role: 'trigger-schedule', service: 'Schedule' },
  http: { role: 'trigger-schedule', service: 'HTTP (polling)' },
  batch: { role: 'trigger-event', service: 'Batch' },
});

/** Services of `Request` trigger kinds other than a plain HTTP request (callers the platform authenticates). */
export const REQUEST_KINDS: Readonly<Record<string, string>> = byName<string>({
  http: 'HTTP request',
  button: 'Manual trigger (button)',
  powerapp: 'Power Apps',
  powerappv2: 'Power Apps',
  skills: 'Copilot Studio',
  virtualagent: 'Copilot Studio',
  teams: 'Microsoft Teams',
});

/**
 * The bare API name of a connector reference: `/providers/Microsoft.PowerApps/apis/shared_office365`,
 * `.../managedApis/office365`, `shared_office365_1`, `office365-2` and `https://…/apim/office365` all give `office365`.
 * Custom connectors keep their encoded name (see {@link azureConnectorInfo}).
 */
export function azureApiName(raw: string): string {
  const segment = lastSegment(raw.trim());
  // An ARM expression ends the segment with `')]`: keep the name part.
  let name = (/^[\w.-]+/.exec(segment)?.[0] ?? segment).toLowerCase().replace(/^shared_/, '');
  if (!isCustomConnector(name)) name = name.replace(/[_-]\d*$/, ''); // shared_office365_1, office365-2, servicebus_
  return name;
}

/**
 * Power Automate custom connectors by API name. Power Platform encodes a custom connector's name (`-20` a space, `-5f`
 * an underscore, `-2d` a hyphen) and ends it with an id: one made outside a solution is `<name>-5f<id>-<id>`
 * (`contoso-20api-5f1234567890abcd-5f1234567890abcd`), one made in a solution `<publisher prefix>-5f<name>-5f<id>`
 * (`cr8b4-5fcontoso-20orders-5f1a2b3c4d5e6f7a8b`, the id sometimes left out). Microsoft's own and certified connectors
 * have plain names (`office365`, `sharepointonline`).
 */
const STANDALONE = /^(.+?)-5f[0-9a-f]{12,18}-[0-9a-f]{12,18}$/;
const IN_SOLUTION = /^[a-z][a-z0-9]{1,7}-5f([a-z0-9-]+?)(?:-5f[0-9a-f]{12,18})?$/;

/** The connector's own name from a Power Automate custom connector's API name (`contoso orders`), or undefined for any other. */
export function powerAutomateCustomConnector(apiName: string): string | undefined {
  const encoded = STANDALONE.exec(apiName)?.[1] ?? IN_SOLUTION.exec(apiName)?.[1];
  return encoded === undefined ? undefined : encoded.replace(/-([0-9a-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function isCustomConnector(name: string): boolean {
  return powerAutomateCustomConnector(name) !== undefined;
}

/**
 * A Logic Apps custom connector's resource id: `/subscriptions/…/providers/Microsoft.Web/customApis/<name>`, or an ARM
 * template's `[resourceId('Microsoft.Web/customApis', '<name>')]` (Sentinel playbooks).
 */
export function isCustomApiId(id: string): boolean {
  return /microsoft\.web\/customapis\b/i.test(id);
}

/** The connector's name in an ARM `resourceId(…)` id (its last quoted argument), or undefined for a plain path. */
export function armResourceName(id: string): string | undefined {
  // Scanned, not matched with one pattern: `[^)]*'…'` backtracks on long runs of quotes.
  const open = id.toLowerCase().indexOf('resourceid(');
  if (open === -1) return undefined;
  const close = id.indexOf(')', open);
  const args = id.slice(open + 'resourceid('.length, close === -1 ? undefined : close);
  const end = args.lastIndexOf("'");
  const start = end > 0 ? args.lastIndexOf("'", end - 1) : -1;
  return start !== -1 && end - start > 1 ? args.slice(start + 1, end) : undefined;
}

/** Role and service of a Logic Apps custom connector (a `customApis` resource) by its name. */
export function customApiInfo(apiName: string): AzureOperationInfo {
  return { role: 'http-request', service: `Custom connector "${apiName}"` };
}

/** Role and service of a connector by API name; custom connectors are HTTP APIs, unknown ones `other`. */
export function azureConnectorInfo(apiName: string): AzureOperationInfo {
  const known = AZURE_CONNECTORS[apiName];
  if (known) return known;
  const custom = powerAutomateCustomConnector(apiName);
  if (custom !== undefined) return { role: 'http-request', service: `Custom connector "${custom}"` };
  return { role: 'other', service: apiName || undefined };
}

/** Role and service of a Standard built-in service provider (`/serviceProviders/AzureBlob` → Azure Blob Storage). */
export function azureServiceProviderInfo(serviceProviderId: string): AzureOperationInfo {
  const short = lastSegment(serviceProviderId).toLowerCase();
  return AZURE_SERVICE_PROVIDERS[short] ?? { role: 'other', service: short || undefined };
}

/** The last non-empty `/`-separated segment (a loop, not a regex: trailing slashes cost no backtracking). */
function lastSegment(path: string): string {
  let end = path.length;
  while (end > 0 && path.charCodeAt(end - 1) === 47 /* / */) end--;
  return path.slice(path.lastIndexOf('/', end - 1) + 1, end);
}

/** A Power Automate / Logic Apps action's operation: `inputs.operationId`, beside `host` (some exports nest it in `host`). */
export function wdlOperationId(action: unknown): string | undefined {
  const inputs = asObject(asObject(action)?.inputs);
  return asString(inputs?.operationId) ?? asString(asObject(inputs?.host)?.operationId);
}
