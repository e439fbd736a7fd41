// Services by what they do with the data they receive (AI models, analytics, marketing) and which APIs throttle
// callers, as data. Keys are service names as the connector catalogues spell them, compared after lower-casing and
// removing everything but letters and digits (`Google Analytics`, `GoogleAnalytics` and `google-analytics` agree).
import { byName } from './byName.js';

export type ThirdPartyCategory = 'ai' | 'analytics' | 'marketing' | 'http';

export const THIRD_PARTY_LABEL: Readonly<Record<ThirdPartyCategory, string>> = {
  ai: 'an AI model provider',
  analytics: 'an analytics service',
  marketing: 'a marketing service',
  http: 'an external HTTP endpoint',
};

/** Analytics and marketing services (AI providers are recognised by role: knowledge/connectors). */
export const THIRD_PARTY_SERVICES: Readonly<Record<string, ThirdPartyCategory>> = byName<ThirdPartyCategory>({
  segment: 'analytics',
  mixpanel: 'analytics',
  posthog: 'analytics',
  amplitude: 'analytics',
  googleanalytics: 'analytics',
  heap: 'analytics',
  plausible: 'analytics',
  matomo: 'analytics',
  mailchimp: 'marketing',
  activecampaign: 'marketing',
  sendinblue: 'marketing',
  brevo: 'marketing',
  klaviyo: 'marketing',
  convertkit: 'marketing',
  mailerlite: 'marketing',
  customerio: 'marketing',
  getresponse: 'marketing',
  mautic: 'marketing',
  lemlist: 'marketing',
  klicktipp: 'marketing',
  facebookads: 'marketing',
  googleads: 'marketing',
  linkedinads: 'marketing',
});

/**
 * Services organisations usually run themselves (Mautic, Matomo): sending to one is sending to a host of the
 * organisation's choosing, so it counts like a generic HTTP endpoint (info), not a third party.
 */
export const SELF_HOSTED_SERVICES: ReadonlySet<string> = new Set(['mautic', 'matomo']);

/** Hosts of well-known AI and analytics APIs, as called through a generic HTTP node (matched as host suffixes). */
export const THIRD_PARTY_HOSTS: Readonly<Record<string, ThirdPartyCategory>> = byName<ThirdPartyCategory>({
  'api.openai.com': 'ai',
  'openai.azure.com': 'ai',
  'api.anthropic.com': 'ai',
  'generativelanguage.googleapis.com': 'ai',
  'api.mistral.ai': 'ai',
  'api.groq.com': 'ai',
  'openrouter.ai': 'ai',
  'api.deepseek.com': 'ai',
  'api.perplexity.ai': 'ai',
  'api.cohere.ai': 'ai',
  'api.cohere.com': 'ai',
  'api.together.xyz': 'ai',
  'api-inference.huggingface.co': 'ai',
  'api.segment.io': 'analytics',
  'api.mixpanel.com': 'analytics',
  'posthog.com': 'analytics',
  'api.amplitude.com': 'analytics',
  'api2.amplitude.com': 'analytics',
  'google-analytics.com': 'analytics',
  'api.mailchimp.com': 'marketing',
  'api.brevo.com': 'marketing',
  'api.sendinblue.com': 'marketing',
  'a.klaviyo.com': 'marketing',
});

/** Model providers that run where the flow runs (no data leaves): Ollama, LM Studio, LocalAI, llama.cpp. */
export const LOCAL_MODEL_MARKERS: readonly string[] = ['ollama', 'lmstudio', 'localai', 'llamacpp'];

/** APIs that throttle callers (HTTP 429) and penalise immediate retries. */
export const RATE_LIMITED_SERVICES: ReadonlySet<string> = new Set([
  'openai', 'azureopenai', 'anthropic', 'anthropicclaude', 'googlegemini', 'gemini', 'slack', 'hubspot', 'googlesheets', 'googledrive', 'gmail',
  'airtable', 'notion', 'telegram', 'discord', 'xtwitter', 'twitter', 'github', 'salesforce', 'shopify', 'stripe', 'office365outlook',
  'microsoftoutlook', 'microsoftteams', 'sharepoint', 'onedriveforbusiness', 'microsoftgraph', 'zendesk', 'jira', 'pipedrive', 'mailchimp',
]);

/** `Google Analytics` → `googleanalytics`. */
export function serviceKey(service: string | undefined): string {
  if (!service) return '';
  let out = '';
  for (let i = 0; i < service.length && out.length < 64; i++) {
    const c = service.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 97 && c <= 122)) out += service[i];
    else if (c >= 65 && c <= 90) out += String.fromCharCode(c + 32);
  }
  return out;
}

/** True for a model provider that runs locally (its type or service names one). */
export function isLocalModel(typeOrService: string): boolean {
  const key = serviceKey(typeOrService);
  return LOCAL_MODEL_MARKERS.some((m) => key.includes(m));
}
