// Chat and notification services, as data: a message posted there (a channel post, a bot's reply, a push
// notification) is read by people, who notice when one is missing; it is no record kept for the business. Written from
// the providers' documented webhook and message API URLs.

/** Where a POST posts a message, as called through a generic HTTP node. */
export interface ChatEndpoint {
  readonly service: string;
  /** The host, matched exactly, or as a suffix with `subdomains` (`contoso.webhook.office.com`). */
  readonly host: string;
  readonly subdomains?: boolean;
  /** Prefixes of the paths that post messages; every path of the host when absent. */
  readonly paths?: readonly string[];
  /**
   * A text the node's settings must hold as well, for hosts that also serve other things: a Teams Workflows webhook is
   * a Power Automate flow's trigger, which may do anything; one sent an Adaptive Card posts it to a channel.
   */
  readonly carries?: string;
}

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

export const CHAT_ENDPOINTS: readonly ChatEndpoint[] = [
  // Incoming webhooks (the URL is the channel).
  { service: 'Slack', host: 'hooks.slack.com' },
  { service: 'Microsoft Teams', host: 'webhook.office.com', subdomains: true },
  { service: 'Microsoft Teams', host: 'outlook.office.com', paths: ['/webhook/'] },
  { service: 'Microsoft Teams', host: 'outlook.office365.com', paths: ['/webhook/'] },
  { service: 'Microsoft Teams', host: 'logic.azure.com', subdomains: true, paths: ['/workflows/'], carries: ADAPTIVE_CARD },
  { service: 'Microsoft Teams', host: 'environment.api.powerplatform.com', subdomains: true, paths: ['/powerautomate/automations/direct/workflows/'], carries: ADAPTIVE_CARD },
  { service: 'Discord', host: 'discord.com', subdomains: true, paths: ['/api/webhooks/'] },
  { service: 'Discord', host: 'discordapp.com', subdomains: true, paths: ['/api/webhooks/'] },
  { service: 'Google Chat', host: 'chat.googleapis.com', paths: ['/v1/spaces/'] },
  { service: 'DingTalk', host: 'oapi.dingtalk.com', paths: ['/robot/send'] },
  { service: 'Feishu', host: 'open.feishu.cn', paths: ['/open-apis/bot/v2/hook/'] },
  { service: 'Lark', host: 'open.larksuite.com', paths: ['/open-apis/bot/v2/hook/'] },
  { service: 'WeCom', host: 'qyapi.weixin.qq.com', paths: ['/cgi-bin/webhook/send'] },
  // Message APIs of chat bots and push services.
  { service: 'Slack', host: 'slack.com', paths: ['/api/chat.', '/api/views.'] },
  { service: 'Telegram', host: 'api.telegram.org', paths: ['/bot'] },
  { service: 'LINE', host: 'api.line.me', paths: ['/v2/bot/message/', '/v2/bot/chat/'] },
  { service: 'Pushover', host: 'api.pushover.net', paths: ['/1/messages'] },
  { service: 'ntfy', host: 'ntfy.sh' },
];

/**
 * Paths of self-hosted chat servers' incoming webhooks, on any host: Mattermost (`/hooks/` and a 26-character key) and
 * Rocket.Chat (`/hooks/`, a 17-character integration id and a 48-character token).
 */
export const SELF_HOSTED_CHAT_HOOKS: readonly { readonly service: string; readonly path: RegExp }[] = [
  { service: 'Mattermost', path: /^\/hooks\/[a-z0-9]{26}\/?$/ },
  { service: 'Rocket.Chat', path: /^\/hooks\/[A-Za-z0-9]{17}\/[A-Za-z0-9]{48}\/?$/ },
];

/**
 * Chat and notification services by key (see `serviceKey`), for connector nodes the catalogues give no role: n8n's
 * Mattermost, Rocket.Chat or Google Chat node, an AI agent's Slack or Telegram tool.
 */
export const CHAT_SERVICES: ReadonlySet<string> = new Set([
  'slack', 'microsoftteams', 'discord', 'telegram', 'whatsapp', 'mattermost', 'rocketchat', 'googlechat', 'matrix', 'zulip',
  'line', 'pushover', 'pushbullet', 'pushcut', 'gotify', 'ntfy',
]);

/**
 * The chat service a POST to `host` + `path` posts a message to, or undefined when it is not one. `settings` gives the
 * node's settings as text, asked for only when an endpoint needs it.
 */
export function chatServiceAt(host: string, path: string, settings: () => string): string | undefined {
  for (const e of CHAT_ENDPOINTS) {
    if (host !== e.host && !(e.subdomains && host.endsWith(`.${e.host}`))) continue;
    if (e.paths && !e.paths.some((p) => path.startsWith(p))) continue;
    if (e.carries && !settings().includes(e.carries)) continue;
    return e.service;
  }
  return SELF_HOSTED_CHAT_HOOKS.find((h) => h.path.test(path))?.service;
}
