// Which hosts, paths and connector operations post a chat message: the monitoring rule reads a failure path that only
// posts to chat as one people notice, so a read, a deletion or a look-alike host must not pass for a post.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chatServiceAt, postsChatMessage } from '../../../server/src/core/knowledge/chatServices.js';
import type { FlowNode } from '../../../server/src/core/model/index.js';

/** A connector node as an adapter builds it; only `type`, `service` and `parameters` matter here. */
const node = (type: string, service: string, parameters: unknown = {}): FlowNode => ({
  id: '1', name: 'Notify', type, role: 'other', service, parameters, auth: {}, credentialRefs: [], scopes: [], pointer: '/nodes/0',
});
const noSettings = () => '';
const ADAPTIVE_CARD = '{"body":{"contentType":"application/vnd.microsoft.card.adaptive"}}';

// A Rocket.Chat incoming webhook's key: Meteor `Random.id()` of 17 and 48 characters, with no 0, 1, I, O, U, V or l.
const ROCKET_ID = 'dPYGL79kKaM3FQtf7';
const ROCKET_TOKEN = 'hrBxDg5TdZBftpW2FDmpfaBwGou2YTKk4DWAZfcmm5HyGvJv';
// The same keys spoiled one way each, still of the keys' lengths and alphabet, so only the shape tells them apart.
const ID_LOWER = 'dpygk79kkam3fqtf7';
const ID_UPPER = 'DPYGL79KKAM3FQTF7';
const TOKEN_NO_DIGIT = ROCKET_TOKEN.replace(/\d/g, 'x');
const TOKEN_LOWER = ROCKET_TOKEN.toLowerCase();
const TOKEN_UPPER = ROCKET_TOKEN.replace(/[ouv]/g, 'x').toUpperCase();
const rocketHook = (id: string, token: string) => `/hooks/${id}/${token}`;

describe('chatServiceAt: self-hosted Rocket.Chat hooks, by the shape of their keys', () => {
  it('keeps its sample keys to the lengths and alphabet of real ones', () => {
    for (const id of [ROCKET_ID, ID_LOWER, ID_UPPER]) assert.match(id, /^[2-9A-HJ-NP-TW-Za-km-z]{17}$/, id);
    for (const token of [ROCKET_TOKEN, TOKEN_NO_DIGIT, TOKEN_LOWER, TOKEN_UPPER]) assert.match(token, /^[2-9A-HJ-NP-TW-Za-km-z]{48}$/, token);
  });

  const cases: [string, string, string | undefined][] = [
    ['a generated id and token', rocketHook(ROCKET_ID, ROCKET_TOKEN), 'Rocket.Chat'],
    ['a generated id and token, with a closing slash', `${rocketHook(ROCKET_ID, ROCKET_TOKEN)}/`, 'Rocket.Chat'],
    ['an id all in lower case', rocketHook(ID_LOWER, ROCKET_TOKEN), undefined],
    ['an id all in upper case', rocketHook(ID_UPPER, ROCKET_TOKEN), undefined],
    ['a token with no digit', rocketHook(ROCKET_ID, TOKEN_NO_DIGIT), undefined],
    ['a token all in lower case', rocketHook(ROCKET_ID, TOKEN_LOWER), undefined],
    ['a token all in upper case', rocketHook(ROCKET_ID, TOKEN_UPPER), undefined],
    ['an id one character short', rocketHook(ROCKET_ID.slice(1), ROCKET_TOKEN), undefined],
    ['a token with an l (not in the alphabet)', rocketHook(ROCKET_ID, `l${ROCKET_TOKEN.slice(1)}`), undefined],
  ];
  for (const [name, path, service] of cases) {
    it(`${service ? 'reads' : 'does not read'} ${name} as Rocket.Chat`, () => {
      assert.equal(chatServiceAt('chat.example.org', path, noSettings), service);
    });
  }
});

describe('chatServiceAt: subdomains only where the service hands them out', () => {
  const cases: [string, string, string, string | undefined][] = [
    // Hosts whose hooks live on per-tenant or per-region subdomains.
    ['a Teams incoming webhook of a tenant', 'contoso.webhook.office.com', '/webhookb2/abc@def/IncomingWebhook/123/456', 'Microsoft Teams'],
    ['a Teams Workflows webhook of a region, sent an Adaptive Card', 'prod-12.westeurope.logic.azure.com', '/workflows/abc/triggers/manual/paths/invoke', 'Microsoft Teams'],
    ['a Power Platform Workflows webhook of an environment, sent an Adaptive Card', 'default1234.56.environment.api.powerplatform.com', '/powerautomate/automations/direct/workflows/abc/triggers/manual/paths/invoke', 'Microsoft Teams'],
    ['a Discord webhook on the canary host', 'canary.discord.com', '/api/webhooks/123/abc', 'Discord'],
    ['a Discord webhook on the old PTB host', 'ptb.discordapp.com', '/api/webhooks/123/abc', 'Discord'],
    // Hosts a service keeps as they are: a subdomain of them is someone else's name.
    ['a subdomain of hooks.slack.com', 'x.hooks.slack.com', '/services/T000/B000/XXXX', undefined],
    ['a subdomain of api.telegram.org', 'x.api.telegram.org', '/bot123:abc/sendMessage', undefined],
    ['a subdomain of slack.com', 'x.slack.com', '/api/chat.postMessage', undefined],
    ['a subdomain of outlook.office.com', 'x.outlook.office.com', '/webhook/abc', undefined],
    ['a subdomain of chat.googleapis.com', 'x.chat.googleapis.com', '/v1/spaces/AAA/messages', undefined],
    ['a subdomain of ntfy.sh', 'x.ntfy.sh', '/alerts', undefined],
    // A suffix without its dot is another host.
    ['a host that only ends in webhook.office.com', 'evilwebhook.office.com', '/webhookb2/abc', undefined],
    ['a host that only ends in discord.com', 'notdiscord.com', '/api/webhooks/123/abc', undefined],
  ];
  for (const [name, host, path, service] of cases) {
    it(`${service ? `reads ${name} as ${service}` : `does not read ${name} as chat`}`, () => {
      assert.equal(chatServiceAt(host, path, () => ADAPTIVE_CARD), service);
    });
  }

  it('reads the hosts themselves, on their message paths only', () => {
    assert.equal(chatServiceAt('hooks.slack.com', '/services/T000/B000/XXXX', noSettings), 'Slack');
    assert.equal(chatServiceAt('hooks.slack.com', '/workflows/T000/A000/123/abc', noSettings), undefined);
    assert.equal(chatServiceAt('api.telegram.org', '/bot123:abc/sendMessage', noSettings), 'Telegram');
    assert.equal(chatServiceAt('discord.com', '/api/webhooks/123/abc', noSettings), 'Discord');
    assert.equal(chatServiceAt('prod-12.westeurope.logic.azure.com', '/workflows/abc/triggers/manual/paths/invoke', noSettings), undefined);
  });
});

describe('postsChatMessage: n8n chat nodes, by operation', () => {
  const cases: [string, string, string, object, boolean][] = [
    // Operations that post, reply to, edit or answer: the verb, then a capital or the end of the name.
    ['Slack posting (the default operation)', 'n8n-nodes-base.slack', 'Slack', { resource: 'message' }, true],
    ['Slack post', 'n8n-nodes-base.slack', 'Slack', { resource: 'message', operation: 'post' }, true],
    ['Slack postEphemeral', 'n8n-nodes-base.slack', 'Slack', { resource: 'message', operation: 'postEphemeral' }, true],
    ['Discord send', 'n8n-nodes-base.discord', 'Discord', { resource: 'message', operation: 'send' }, true],
    ['Telegram editMessageText', 'n8n-nodes-base.telegram', 'Telegram', { resource: 'message', operation: 'editMessageText' }, true],
    ['Telegram answerQuery (a callback)', 'n8n-nodes-base.telegram', 'Telegram', { resource: 'callback', operation: 'answerQuery' }, true],
    ['Telegram answerInlineQuery', 'n8n-nodes-base.telegram', 'Telegram', { resource: 'callback', operation: 'answerInlineQuery' }, true],
    ['a Telegram tool sending a message', 'n8n-nodes-base.telegramTool', 'Telegram', { resource: 'message', operation: 'sendMessage' }, true],
    ['Slack update', 'n8n-nodes-base.slack', 'Slack', { resource: 'message', operation: 'update' }, true],
    // A verb that only begins a longer word is no post.
    ['Slack postpone', 'n8n-nodes-base.slack', 'Slack', { resource: 'message', operation: 'postpone' }, false],
    ['Discord sender', 'n8n-nodes-base.discord', 'Discord', { resource: 'message', operation: 'sender' }, false],
    ['Telegram editor', 'n8n-nodes-base.telegram', 'Telegram', { resource: 'message', operation: 'editor' }, false],
    ['Telegram answers', 'n8n-nodes-base.telegram', 'Telegram', { resource: 'callback', operation: 'answers' }, false],
    // Reads, deletions, pins; resources that are no messages.
    ['Slack getAll', 'n8n-nodes-base.slack', 'Slack', { resource: 'message', operation: 'getAll' }, false],
    ['Telegram deleteMessage', 'n8n-nodes-base.telegram', 'Telegram', { resource: 'message', operation: 'deleteMessage' }, false],
    ['Telegram pinChatMessage', 'n8n-nodes-base.telegram', 'Telegram', { resource: 'message', operation: 'pinChatMessage' }, false],
    ['Mattermost creating a user', 'n8n-nodes-base.mattermost', 'Mattermost', { resource: 'user', operation: 'create' }, false],
  ];
  for (const [name, type, service, parameters, posts] of cases) {
    it(`reads ${name} as ${posts ? 'a post' : 'no post'}`, () => {
      assert.equal(postsChatMessage(node(type, service, parameters)), posts);
    });
  }
});

describe('postsChatMessage: Make, Zapier and Power Automate operations, by name', () => {
  const cases: [string, FlowNode, boolean][] = [
    ['Make discord:createMessage', node('discord:createMessage', 'Discord'), true],
    ['Make mattermost:createPost', node('mattermost:createPost', 'Mattermost'), true],
    ['Zapier channel_message', node('SlackCLIAPI:channel_message', 'Slack'), true],
    ['Power Automate PostMessageToConversation', node('OpenApiConnection', 'Microsoft Teams', { inputs: { host: { operationId: 'PostMessageToConversation' } } }), true],
    // Names that mention a message or a post but read, watch or delete one (each verb of NOT_POSTING_NAME).
    ['Make slack:getMessage', node('slack:getMessage', 'Slack'), false],
    ['Make slack:listMessages', node('slack:listMessages', 'Slack'), false],
    ['Make telegram:findMessage', node('telegram:findMessage', 'Telegram'), false],
    ['Make slack:searchMessages', node('slack:searchMessages', 'Slack'), false],
    ['Make discord:readMessage', node('discord:readMessage', 'Discord'), false],
    ['Make discord:fetchMessages', node('discord:fetchMessages', 'Discord'), false],
    ['Make slack:watchMessages', node('slack:watchMessages', 'Slack'), false],
    ['Make telegram:downloadMessageFile', node('telegram:downloadMessageFile', 'Telegram'), false],
    ['Make mattermost:deletePost', node('mattermost:deletePost', 'Mattermost'), false],
    ['Make slack:removeMessage', node('slack:removeMessage', 'Slack'), false],
    ['Make slack:archivePost', node('slack:archivePost', 'Slack'), false],
    ['Power Automate GetMessagesFromChannel (any case)', node('OpenApiConnection', 'Microsoft Teams', { inputs: { host: { operationId: 'GetMessagesFromChannel' } } }), false],
    ['Zapier operation delete_message', node('SlackCLIAPI', 'Slack', { operation: 'delete_message' }), false],
    // Not a chat service at all.
    ['Make gmail:sendMessage', node('gmail:sendMessage', 'Gmail'), false],
  ];
  for (const [name, flowNode, posts] of cases) {
    it(`reads ${name} as ${posts ? 'a post' : 'no post'}`, () => {
      assert.equal(postsChatMessage(flowNode), posts);
    });
  }
});
