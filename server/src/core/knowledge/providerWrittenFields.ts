// Fields of a signed webhook's payload that the provider writes itself, per provider, as data. Once a flow has verified
// the provider's HMAC signature of the request, such a field holds what the provider put there (Slack's `response_url`
// is always a https://hooks.slack.com/… link, a GitHub `repository.id` a number), not something a person typed; the text
// people write stays input: a Slack command's `text` and `user_name`, a GitHub issue title, branch name or commit
// message, Stripe `metadata` and `description`. Written from each provider's payload documentation (Slack slash commands
// and Events API, GitHub webhook payloads, Stripe event objects). n8n puts a webhook's payload under `body`.

export interface ProviderWrittenFields {
  /** The provider, as the signing-provider catalogue names it. */
  readonly provider: string;
  /** The request header that carries its HMAC signature of the body (lower case). */
  readonly header: string;
  /**
   * Dotted fields of the trigger's output. A segment `*` matches any one name; `*_url` any name that ends in `_url`.
   */
  readonly fields: readonly string[];
}

export const PROVIDER_WRITTEN_FIELDS: readonly ProviderWrittenFields[] = [
  {
    provider: 'Slack',
    header: 'x-slack-signature',
    fields: [
      // Slash commands and interactivity (form fields).
      'body.response_url', 'body.trigger_id', 'body.team_id', 'body.channel_id', 'body.user_id', 'body.api_app_id', 'body.enterprise_id',
      // Events API (JSON).
      'body.event_id', 'body.event_time', 'body.event.channel', 'body.event.user', 'body.event.team', 'body.event.ts', 'body.event.event_ts',
    ],
  },
  {
    provider: 'GitHub',
    header: 'x-hub-signature-256',
    fields: [
      'body.repository.id', 'body.repository.node_id', 'body.repository.url', 'body.repository.*_url',
      'body.repository.owner.id', 'body.repository.owner.node_id', 'body.repository.owner.url', 'body.repository.owner.*_url',
      'body.sender.id', 'body.sender.node_id', 'body.sender.url', 'body.sender.*_url',
      'body.organization.id', 'body.organization.node_id', 'body.organization.url', 'body.organization.*_url', 'body.installation.id',
    ],
  },
  {
    provider: 'Stripe',
    header: 'stripe-signature',
    fields: ['body.id', 'body.object', 'body.created', 'body.livemode', 'body.type', 'body.api_version', 'body.data.object.id', 'body.data.object.object', 'body.data.object.created', 'body.data.object.livemode'],
  },
];

const BY_HEADER: ReadonlyMap<string, ProviderWrittenFields> = new Map(PROVIDER_WRITTEN_FIELDS.map((p) => [p.header, p]));

/** The provider that signs with `header` (lower case), when the catalogue lists the fields it writes. */
export function providerSigningWith(header: string): ProviderWrittenFields | undefined {
  return BY_HEADER.get(header.toLowerCase());
}

/** True when `field` of a request the provider signs with `header` is one the provider writes itself. */
export function isProviderWritten(header: string, field: string): boolean {
  const provider = providerSigningWith(header);
  if (!provider) return false;
  const names = field.split('.');
  return provider.fields.some((pattern) => {
    const parts = pattern.split('.');
    return parts.length === names.length && parts.every((p, i) => (p === '*' ? true : p.startsWith('*') ? names[i].endsWith(p.slice(1)) && names[i].length > p.length - 1 : p === names[i]));
  });
}
