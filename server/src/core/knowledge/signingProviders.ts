// SaaS senders that sign their webhook payloads, as data: how to recognise them from a trigger's name or path,
// and the header their signature arrives in (written from each provider's webhook documentation).

export interface SigningProvider {
  readonly provider: string;
  /** Lower-case words that, in a trigger's name, path or URL, say the sender is this provider. */
  readonly keywords: readonly string[];
  /** The header carrying the signature (lower case); a flow that reads it is taken to verify it. */
  readonly header: string;
}

export const SIGNING_PROVIDERS: readonly SigningProvider[] = [
  { provider: 'GitHub', keywords: ['github'], header: 'x-hub-signature-256' },
  { provider: 'Stripe', keywords: ['stripe'], header: 'stripe-signature' },
  { provider: 'Slack', keywords: ['slack'], header: 'x-slack-signature' },
  { provider: 'Shopify', keywords: ['shopify'], header: 'x-shopify-hmac-sha256' },
  { provider: 'Twilio', keywords: ['twilio'], header: 'x-twilio-signature' },
  { provider: 'HubSpot', keywords: ['hubspot'], header: 'x-hubspot-signature-v3' },
  { provider: 'Typeform', keywords: ['typeform'], header: 'typeform-signature' },
  { provider: 'Calendly', keywords: ['calendly'], header: 'calendly-webhook-signature' },
  { provider: 'Zoom', keywords: ['zoom'], header: 'x-zm-signature' },
  { provider: 'Intercom', keywords: ['intercom'], header: 'x-hub-signature' },
  { provider: 'Mailgun', keywords: ['mailgun'], header: 'signature' },
  { provider: 'SendGrid', keywords: ['sendgrid'], header: 'x-twilio-email-event-webhook-signature' },
  { provider: 'Square', keywords: ['square'], header: 'x-square-hmacsha256-signature' },
  { provider: 'PayPal', keywords: ['paypal'], header: 'paypal-transmission-sig' },
  { provider: 'GitLab', keywords: ['gitlab'], header: 'x-gitlab-token' },
  { provider: 'Bitbucket', keywords: ['bitbucket'], header: 'x-hub-signature' },
  { provider: 'Jira', keywords: ['jira', 'atlassian'], header: 'x-hub-signature' },
  { provider: 'DocuSign', keywords: ['docusign'], header: 'x-docusign-signature-1' },
  { provider: 'Xero', keywords: ['xero'], header: 'x-xero-signature' },
  { provider: 'Linear', keywords: ['linear'], header: 'linear-signature' },
  { provider: 'WhatsApp (Meta)', keywords: ['whatsapp', 'facebook', 'instagram'], header: 'x-hub-signature-256' },
];
