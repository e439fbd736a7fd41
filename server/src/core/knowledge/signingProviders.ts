// SaaS senders that sign their webhook payloads, as data: how to recognise them from a trigger's name or path,
// and the header their signature arrives in (written from each provider's webhook documentation).

export interface SigningProvider {
  readonly provider: string;
  /** Lower-case words that, in a trigger's name, path or URL, say the sender is this provider. */
  readonly keywords: readonly string[];
  /**
   * Everyday words that also name the provider ("square", "linear"): they count only right beside a word that says
   * webhook traffic (`square-webhook`, `Linear events`) or one of `companions` (`square payments`, `linear.app`), never
   * alone (`square-footage`, `Linear regression`).
   */
  readonly ordinaryWords?: readonly string[];
  readonly companions?: readonly string[];
  /** Where the proof travels: a header's name, or the body field that holds it (lower case). */
  readonly header: string;
  /** `body` when the provider signs inside the request body (Mailgun's `signature` object), not in a header. */
  readonly carrier?: 'body';
  /** `token` when the header carries a shared secret to compare as is (GitLab), not an HMAC signature. */
  readonly scheme?: 'token';
  /** How the proof is described in messages, when the header name alone does not say it. */
  readonly described?: string;
  /** An older, weaker header the provider still sends beside `header` (GitHub's SHA-1 `X-Hub-Signature`). */
  readonly legacyHeader?: string;
  /**
   * True when the provider's webhook settings have no custom headers, so Header or JWT authentication on the receiving
   * webhook is no check it can pass (credentials written into the URL, `https://user:pass@…`, reach a flow as Basic
   * Auth; nothing else does).
   */
  readonly noCustomHeaders?: true;
}

/** Words beside an ordinary-word keyword that say webhook traffic, for every provider. */
export const WEBHOOK_WORDS: readonly string[] = ['webhook', 'webhooks', 'hook', 'hooks', 'event', 'events', 'callback', 'callbacks', 'notification', 'notifications'];

export const SIGNING_PROVIDERS: readonly SigningProvider[] = [
  // Custom headers: GitHub's hook config is its URL, content type, secret and TLS check; Stripe's endpoint its URL, events,
  // description and metadata; Shopify's subscription its address, topic and format; Slack's Events API its request URL.
  { provider: 'GitHub', keywords: ['github'], header: 'x-hub-signature-256', legacyHeader: 'x-hub-signature', noCustomHeaders: true },
  { provider: 'Stripe', keywords: ['stripe'], header: 'stripe-signature', noCustomHeaders: true },
  { provider: 'Slack', keywords: ['slack'], header: 'x-slack-signature', noCustomHeaders: true },
  { provider: 'Shopify', keywords: ['shopify'], header: 'x-shopify-hmac-sha256', noCustomHeaders: true },
  { provider: 'Twilio', keywords: ['twilio'], header: 'x-twilio-signature' },
  { provider: 'HubSpot', keywords: ['hubspot'], header: 'x-hubspot-signature-v3' },
  { provider: 'Typeform', keywords: ['typeform'], header: 'typeform-signature' },
  { provider: 'Calendly', keywords: ['calendly'], header: 'calendly-webhook-signature' },
  { provider: 'Zoom', keywords: ['zoom'], header: 'x-zm-signature' },
  { provider: 'Intercom', keywords: ['intercom'], header: 'x-hub-signature' },
  // Mailgun signs in the body: `signature: { timestamp, token, signature }` (top-level fields in form posts).
  { provider: 'Mailgun', keywords: ['mailgun'], header: 'signature', carrier: 'body', described: 'in the request body (signature.timestamp, signature.token, signature.signature)' },
  { provider: 'SendGrid', keywords: ['sendgrid'], header: 'x-twilio-email-event-webhook-signature' },
  { provider: 'Square', keywords: ['squareup'], ordinaryWords: ['square'], companions: ['payment', 'payments', 'pos', 'invoice', 'invoices'], header: 'x-square-hmacsha256-signature' },
  { provider: 'PayPal', keywords: ['paypal'], header: 'paypal-transmission-sig' },
  // GitLab sends the secret token set on the webhook as is: it is compared, not an HMAC.
  { provider: 'GitLab', keywords: ['gitlab'], header: 'x-gitlab-token', scheme: 'token' },
  { provider: 'Bitbucket', keywords: ['bitbucket'], header: 'x-hub-signature' },
  { provider: 'Jira', keywords: ['jira', 'atlassian'], header: 'x-hub-signature' },
  { provider: 'DocuSign', keywords: ['docusign'], header: 'x-docusign-signature-1' },
  { provider: 'Xero', keywords: ['xero'], header: 'x-xero-signature' },
  { provider: 'Linear', keywords: [], ordinaryWords: ['linear'], companions: ['app', 'issue', 'issues'], header: 'linear-signature' },
  // Meta signs its products' webhooks alike (the app secret, in X-Hub-Signature-256); messages name the product.
  { provider: 'WhatsApp (Meta)', keywords: ['whatsapp'], header: 'x-hub-signature-256' },
  { provider: 'Instagram (Meta)', keywords: ['instagram'], header: 'x-hub-signature-256' },
  { provider: 'Facebook (Meta)', keywords: ['facebook'], header: 'x-hub-signature-256' },
];
