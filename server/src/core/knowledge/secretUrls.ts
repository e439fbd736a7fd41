// Where URLs carry secrets, as data: webhook URLs whose path is the credential, query parameters that hold a key or
// sign the URL, the hosts whose `code` parameter is a key, and trigger URLs that start a flow. Written from the
// providers' documented URL shapes. The detection patterns of the same webhooks are the `webhook-url` formats of
// secretFormats.ts; a test checks that endpoint masking hides the secret part of each of their examples.
import { SELF_HOSTED_CHAT_HOOKS } from './chatServices.js';

/** A webhook URL that is itself the credential: which of its path segments are the secret. */
export interface BearerUrlPath {
  readonly service: string;
  /** The host (lower case, without port or trailing dot), as a whole; any host when it matches the empty string. */
  readonly host: RegExp;
  /**
   * The path (empty segments dropped, from its first segment or, with `after`, from the segment `after` names) must
   * match this; every path of the host when absent.
   */
  readonly path?: RegExp;
  /** The first path segment of this name (case-insensitive) anchors `secretFrom`; the path's start when absent. */
  readonly after?: string;
  /** The secret starts this many segments after `after` (or at this 0-based segment): every segment from there on is secret. */
  readonly secretFrom: number;
}

export const BEARER_URL_PATHS: readonly BearerUrlPath[] = [
  // hooks.slack.com/services/T…/B…/<secret>, /workflows/T…/A…/<id>/<secret>, /triggers/T…/<id>/<secret>
  { service: 'Slack', host: /^hooks\.slack\.com$/, path: /^\/(?:services|workflows|triggers)\//, secretFrom: 3 },
  // discord.com/api/webhooks/<id>/<token> (and /api/v10/webhooks/…, discordapp.com, canary., ptb.)
  { service: 'Discord', host: /(?:^|\.)discord(?:app)?\.com$/, after: 'webhooks', secretFrom: 2 },
  // <tenant>.webhook.office.com/webhookb2/<group>@<tenant>/IncomingWebhook/<key>/<owner>[/<extra>], outlook.office.com/webhook/…
  { service: 'Microsoft Teams', host: /(?:^|\.)webhook\.office\.com$|^outlook\.office(?:365)?\.com$/, after: 'IncomingWebhook', secretFrom: 1 },
  // open.feishu.cn/open-apis/bot/v2/hook/<token> (Lark: open.larksuite.com)
  { service: 'Feishu / Lark', host: /^open\.(?:feishu\.cn|larksuite\.com)$/, after: 'hook', secretFrom: 1 },
  // hooks.zapier.com/hooks/catch/<account>/<hook>/
  { service: 'Zapier', host: /^hooks\.zapier\.com$/, path: /^\/hooks\/catch\//, secretFrom: 3 },
  // hook.eu1.make.com/<token> (formerly hook.integromat.com)
  { service: 'Make', host: /^hook\.(?:[a-z0-9-]{1,20}\.)?(?:make|integromat)\.com$/, secretFrom: 0 },
  // maker.ifttt.com/use/<key>, /trigger/<event>/with/key/<key>
  { service: 'IFTTT', host: /^maker\.ifttt\.com$/, path: /^\/use\//, secretFrom: 1 },
  { service: 'IFTTT', host: /^maker\.ifttt\.com$/, after: 'key', secretFrom: 1 },
  // Self-hosted Mattermost and Rocket.Chat, on any host and under any sub-path: …/hooks/<key>, …/hooks/<id>/<token>.
  ...SELF_HOSTED_CHAT_HOOKS.map((h) => ({ service: h.service, host: /(?:)/, path: h.path, after: 'hooks', secretFrom: 1 })),
];

/** The Telegram Bot API's host: every `/bot…` segment of its paths holds a bot token (`bot<id>:<secret>`). */
export const TELEGRAM_BOT_API_HOST = 'api.telegram.org';

/**
 * A Telegram Bot API path segment on any host (a self-hosted Bot API server): `bot<id>:<secret>`. The bot id is public
 * (it is the bot's user id); the secret is what follows the `:`.
 */
export const TELEGRAM_BOT_SEGMENT = /^bot\d{5,20}:[A-Za-z0-9_-]{10,}$/i;

/**
 * Query, fragment and `;` parameters that hold an API key or sign the URL in well-known APIs, masked whatever the
 * detector's secret names say: `sig`, `signature`, `hmac`, `X-Amz-Signature`, `X-Goog-Signature`, `X-Amz-Credential`
 * (AWS and GCS presigned URLs), `key` (Google), `token`, `auth`, `apikey`, `api-key`, `x-api-key`, `access_key`
 * (ipstack, Unsplash), `client_secret`, `subscription-key` (Azure API Management), `AccountKey` (an Azure Storage
 * connection string), `appid` (OpenWeather), `hapikey`
 * (HubSpot's legacy keys), `private_token` (GitLab), and a session id in a URL (`jsessionid`, `PHPSESSID`).
 */
export const URL_KEY_PARAMETER =
  /^(?:sig|signature|hmac|key|token|auth|apikey|api[-_]key|x-api-key|access[-_]?key|client[-_]secret|subscription[-_]key|account[-_]?key|appid|hapikey|private[-_]token|jsessionid|phpsessid)$|[-_.](?:signature|sig|credential)$/i;

/**
 * The `code` parameter: the function or trigger key on Azure Functions, Logic Apps and API Management hosts; elsewhere a
 * key only when it is long (a country, a status or a short-lived OAuth code is shorter).
 */
export const CODE_PARAMETER = { name: 'code', keyHost: /\.(?:azurewebsites\.net|logic\.azure\.com|azure-api\.net)$/, keyLength: 20 } as const;

/** A flow trigger URL signed with a SAS (Logic Apps, Power Automate): its signature lets anyone start the flow. */
export const FLOW_TRIGGER_URL = /\.logic\.azure\.com|\.powerautomate\.|\.powerplatform\.com|\/triggers\/[^/?]{1,80}\/(?:paths\/)?(?:invoke|run)/i;
