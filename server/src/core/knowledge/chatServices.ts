// Chat and notification services, as data: a message posted there (a channel post, a bot's reply, a push
// notification) is read by people, who notice when one is missing; it is no record kept for the business. Written from
// the providers' documented webhook and message API URLs, and from the n8n nodes' descriptions.
import type { FlowNode } from '../model/index.js';
import { asObject, asString } from '../walk.js';
import { wdlOperationId } from './connectors/azure.js';
import { n8nShortType } from './connectors/n8n.js';
import { serviceKey } from './thirdParty.js';

/** Where a POST posts a message, as called through a generic HTTP node. */
export interface ChatEndpoint {
  readonly service: string;
  /** The host, matched exactly, or as a suffix with `subdomains` (`contoso.webhook.office.com`). */
  readonly host: string;
  readonly subdomains?: boolean;
  /**
   * The paths that post messages: a string is a prefix, a pattern must match the whole path (dot segments resolved,
   * query left out); every path of the host when absent.
   */
  readonly paths?: readonly (string | RegExp)[];
  /**
   * A text the node's settings must hold as well, for hosts that also serve other things: a Teams Workflows webhook is
   * a Power Automate flow's trigger, which may do anything; one sent an Adaptive Card posts it to a channel.
   */
  readonly carries?: string;
}

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

export const CHAT_ENDPOINTS: readonly ChatEndpoint[] = [
  // Incoming webhooks (the URL is the channel). Slack's /workflows/ and /triggers/ hooks start a Workflow Builder
  // workflow, which may write anywhere, as a Teams Workflows webhook may: only /services/ posts a message.
  { service: 'Slack', host: 'hooks.slack.com', paths: ['/services/'] },
  { service: 'Microsoft Teams', host: 'webhook.office.com', subdomains: true },
  { service: 'Microsoft Teams', host: 'outlook.office.com', paths: ['/webhook/'] },
  { service: 'Microsoft Teams', host: 'outlook.office365.com', paths: ['/webhook/'] },
  { service: 'Microsoft Teams', host: 'logic.azure.com', subdomains: true, paths: ['/workflows/'], carries: ADAPTIVE_CARD },
  { service: 'Microsoft Teams', host: 'environment.api.powerplatform.com', subdomains: true, paths: ['/powerautomate/automations/direct/workflows/'], carries: ADAPTIVE_CARD },
  { service: 'Discord', host: 'discord.com', subdomains: true, paths: ['/api/webhooks/'] },
  { service: 'Discord', host: 'discordapp.com', subdomains: true, paths: ['/api/webhooks/'] },
  // A space's messages (an incoming webhook is that path with ?key=&token=); its members and the space are not.
  { service: 'Google Chat', host: 'chat.googleapis.com', paths: [/^\/v1\/spaces\/[^/]+\/messages$/] },
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
 * Paths of self-hosted chat servers' incoming webhooks, on any host, by the shape of the keys the servers generate, so
 * that a path people named (`/hooks/synccustomerstosalesforce1`) does not pass:
 * - Mattermost: `/hooks/` and an id of `model.NewId()`, 26 characters of the alphabet `ybndrfg8ejkmcpqxot1uwisza345h769`
 *   (no l, v, 0 or 2), with a digit between letters (about one real id in 750 has none and is read as a write);
 * - Rocket.Chat: `/hooks/`, the integration's id and its token, Meteor `Random.id()` of 17 and 48 characters of
 *   `23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz` (no 0, 1, I, O, U, V or l), the id with both cases and the
 *   token with both cases and a digit (about one real hook in 1,300 misses and is read as a write).
 */
export const SELF_HOSTED_CHAT_HOOKS: readonly { readonly service: string; readonly path: RegExp }[] = [
  { service: 'Mattermost', path: /^\/hooks\/(?=\d*[a-z]+\d+[a-z])[13-9a-km-uw-z]{26}\/?$/ },
  {
    service: 'Rocket.Chat',
    path: /^\/hooks\/(?=[^/]*[A-Z])(?=[^/]*[a-z])[2-9A-HJ-NP-TW-Za-km-z]{17}\/(?=[^/]*[A-Z])(?=[^/]*[a-z])(?=[^/]*\d)[2-9A-HJ-NP-TW-Za-km-z]{48}\/?$/,
  },
];

/**
 * Chat and notification services by key (see `serviceKey`), for connector nodes the catalogues give no role: n8n's
 * Mattermost, Rocket.Chat or Google Chat node, an AI agent's Slack or Telegram tool. Such a node posts a message only in
 * the operations {@link postsChatMessage} reads as posts.
 */
export const CHAT_SERVICES: ReadonlySet<string> = new Set([
  'slack', 'microsoftteams', 'discord', 'telegram', 'whatsapp', 'mattermost', 'rocketchat', 'googlechat', 'matrix', 'zulip',
  'line', 'pushover', 'pushbullet', 'pushcut', 'gotify', 'ntfy',
]);

/** How an n8n chat node says what it does, from its description in n8n-io/n8n (the latest version). */
interface N8nChatNode {
  /** The resource when the export leaves `resource` out (n8n drops parameters left at their default). */
  readonly resource: string;
  /** The resources that are messages, each with its operation when the export leaves `operation` out. */
  readonly messages: Readonly<Record<string, string>>;
  /** The resource when `authentication` is `webhook` (Discord hides the resource then and posts through the webhook). */
  readonly webhook?: string;
}

/** n8n's chat nodes by short type (an agent tool's `Tool` suffix aside). */
const N8N_CHAT_NODES: Readonly<Record<string, N8nChatNode>> = {
  slack: { resource: 'message', messages: { message: 'post' } },
  microsoftTeams: { resource: 'channel', messages: { channelMessage: 'create', chatMessage: 'create' } },
  discord: { resource: 'channel', messages: { message: 'send', webhook: 'sendLegacy' }, webhook: 'webhook' },
  telegram: { resource: 'message', messages: { message: 'sendMessage', callback: 'answerQuery' } },
  whatsApp: { resource: 'message', messages: { message: 'sendTemplate' } },
  mattermost: { resource: 'message', messages: { message: 'post' } },
  rocketchat: { resource: 'chat', messages: { chat: 'postMessage' } },
  googleChat: { resource: 'message', messages: { message: 'create' } },
  matrix: { resource: 'message', messages: { message: 'create' } },
  zulip: { resource: 'message', messages: { message: 'sendPrivate' } },
  line: { resource: 'notification', messages: { notification: 'send' } },
  pushover: { resource: 'message', messages: { message: 'push' } },
  pushbullet: { resource: 'push', messages: { push: 'create' } },
  pushcut: { resource: 'notification', messages: { notification: 'send' } },
  gotify: { resource: 'message', messages: { message: 'create' } },
};

/**
 * Operations of a message resource that post, reply to, edit or update a message (`post`, `postEphemeral`,
 * `sendMessage`, `sendAndWait`, `editMessageText`, `create`, `reply`, `update`, Telegram's `answerQuery`); reads,
 * deletions, pins and reactions (`getAll`, `delete`, `deleteMessage`, `pinChatMessage`, `react`) do not.
 */
const N8N_POSTING_OPERATION = /^(?:post|send|edit|answer)(?:[A-Z]|$)|^(?:reply|update|create|push)$/;

/**
 * Other connectors' operation names that post (Make's `discord:createMessage` or `mattermost:createPost`, Power
 * Automate's `PostMessageToConversation`, Zapier's `channel_message`), unless they read or delete.
 */
const POSTING_NAME = /^(?:send|reply|publish|push|notify)|message|notification|post/i;
const NOT_POSTING_NAME = /^(?:get|list|find|search|read|fetch|watch|download|delete|remove|archive)/i;

/**
 * True when a connector of a chat service ({@link CHAT_SERVICES}) posts a message: n8n's chat nodes in an operation of
 * a message resource that posts, replies or updates (a Mattermost node creating a user account, or a Teams tool creating
 * a Planner task, does not); other connectors by their operation's name. False for every other node.
 */
export function postsChatMessage(node: FlowNode): boolean {
  if (!CHAT_SERVICES.has(serviceKey(node.service))) return false;
  const parameters = asObject(node.parameters) ?? {};
  const short = node.type.startsWith('n8n-nodes-base.') ? n8nShortType(node.type).replace(/Tool$/, '') : undefined;
  const known = short !== undefined && Object.hasOwn(N8N_CHAT_NODES, short) ? N8N_CHAT_NODES[short] : undefined;
  if (known) {
    const resource = (known.webhook && parameters.authentication === 'webhook' ? known.webhook : undefined) ?? asString(parameters.resource) ?? known.resource;
    const standing = Object.hasOwn(known.messages, resource) ? known.messages[resource] : undefined;
    return standing !== undefined && N8N_POSTING_OPERATION.test(asString(parameters.operation) ?? standing);
  }
  const name = asString(parameters.operation)
    ?? (node.type.includes(':') ? node.type.slice(node.type.lastIndexOf(':') + 1) : undefined)
    ?? wdlOperationId(parameters);
  return name !== undefined && !NOT_POSTING_NAME.test(name) && POSTING_NAME.test(name);
}

/**
 * The chat service a POST to `host` + `path` posts a message to, or undefined when it is not one. `path` has its dot
 * segments resolved (as `literalUrl` gives it). `settings` gives the node's settings as text, asked for only when an
 * endpoint needs it.
 */
export function chatServiceAt(host: string, path: string, settings: () => string): string | undefined {
  for (const e of CHAT_ENDPOINTS) {
    if (host !== e.host && !(e.subdomains && host.endsWith(`.${e.host}`))) continue;
    if (e.paths && !e.paths.some((p) => (typeof p === 'string' ? path.startsWith(p) : p.test(path)))) continue;
    if (e.carries && !settings().includes(e.carries)) continue;
    return e.service;
  }
  return SELF_HOSTED_CHAT_HOOKS.find((h) => h.path.test(path))?.service;
}
