// Azure resource audiences (the `audience` of Logic Apps / Power Automate managed identity and Entra ID OAuth
// calls), from Microsoft's Azure services that support Entra ID authentication. A token for an audience carries
// every role the identity holds on that resource, so the audience alone says how far a leaked token reaches.
import type { ScopeProvider } from './types.js';

export const AZURE: ScopeProvider = {
  id: 'azure',
  name: 'Azure',
  keywords: ['azure', 'logic-apps', 'power-automate', 'managedserviceidentity', 'activedirectoryoauth', 'management.azure.com'],
  scopes: [
    { scope: 'https://management.azure.com/', risk: 'high', narrower: [], why: 'Azure Resource Manager: the token acts with every Azure role the identity holds (Owner or Contributor on a subscription is a takeover of it). Assign the identity a built-in role scoped to one resource group or resource.' },
    { scope: 'https://management.core.windows.net/', risk: 'high', narrower: [], why: 'Azure Resource Manager (classic audience): the token acts with every Azure role the identity holds. Assign the identity a role scoped to one resource group or resource.' },
    { scope: 'https://management.azure.com/.default', risk: 'high', narrower: [], why: 'Azure Resource Manager with every role the identity holds; scope its role assignments to a resource group or resource.' },
    { scope: 'https://graph.microsoft.com/', risk: 'high', narrower: [], why: 'Microsoft Graph with every application permission granted to the identity (often Directory or Mail permissions tenant-wide). Grant only the permissions the flow calls, Sites.Selected for SharePoint.' },
    { scope: 'https://graph.microsoft.com/.default', risk: 'high', narrower: [], why: 'Requests every Microsoft Graph permission granted to the app at once. Grant the app only the permissions the flow calls.' },
    { scope: 'https://vault.azure.net', risk: 'medium', narrower: [], why: 'Azure Key Vault: reads the secrets, keys or certificates its access policy or RBAC role allows; grant Key Vault Secrets User on one vault.' },
    { scope: 'https://storage.azure.com/', risk: 'medium', narrower: [], why: 'Azure Storage with every data role the identity holds; scope Storage Blob Data roles to one container.' },
    { scope: 'https://database.windows.net/', risk: 'medium', narrower: [], why: 'Azure SQL as the identity\'s database user; grant that user only the tables it needs.' },
    { scope: 'https://servicebus.azure.net', risk: 'medium', narrower: [], why: 'Azure Service Bus with the identity\'s data roles; scope Sender or Receiver to one queue or topic.' },
    { scope: 'https://api.loganalytics.io', risk: 'medium', narrower: [], why: 'Reads Log Analytics workspaces the identity can reach (logs often hold personal data).' },
  ],
};
