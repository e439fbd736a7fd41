// flowShape.literalUrl reads the host and path a request node calls. The host feeds the privacy rule and the AI-host
// look (literalHost) and must not move; the path is the one the HTTP client sends (dot segments resolved, as the WHATWG
// URL parser does), so that `/api/webhooks/../v10/guilds` is not read as a webhook.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { literalHost, literalUrl } from '../../../server/src/core/rules/flowShape.js';

describe('literalUrl', () => {
  const cases: readonly (readonly [string, string | undefined, { host: string; path: string } | undefined])[] = [
    ['host in capitals, port and query left out', 'https://HOOKS.SLACK.COM:443/services/T/B/x?a=1#f', { host: 'hooks.slack.com', path: '/services/T/B/x' }],
    ['an n8n expression kept as written', '=https://api.telegram.org/bot{{ $json.token }}/sendMessage', { host: 'api.telegram.org', path: '/bot{{ $json.token }}/sendMessage' }],
    ['no path', 'https://ntfy.sh', { host: 'ntfy.sh', path: '' }],
    ['dots inside segments are no dot segments', 'https://slack.com/api/chat.postMessage', { host: 'slack.com', path: '/api/chat.postMessage' }],
    ['`..` removes the segment before it', 'https://discord.com/api/webhooks/../v10/guilds/1/roles', { host: 'discord.com', path: '/api/v10/guilds/1/roles' }],
    ['`..` above the root stays at the root', 'https://discord.com/../../api/webhooks/1/x', { host: 'discord.com', path: '/api/webhooks/1/x' }],
    ['`.` is dropped', 'https://discord.com/api/./webhooks/1/x', { host: 'discord.com', path: '/api/webhooks/1/x' }],
    ['encoded dots (%2e, either case)', 'https://discord.com/api/webhooks/%2E%2e/.%2e/v10', { host: 'discord.com', path: '/v10' }],
    ['a backslash separates segments', 'https://discord.com/api/webhooks/..\\v10/guilds', { host: 'discord.com', path: '/api/v10/guilds' }],
    ['tabs and newlines dropped', 'https://discord.com/api/webhooks/.\n./v10', { host: 'discord.com', path: '/api/v10' }],
    ['a trailing `..` or `.` leaves a trailing slash', 'https://discord.com/api/webhooks/x/..', { host: 'discord.com', path: '/api/webhooks/' }],
    ['empty segments kept', 'https://discord.com//api/webhooks/1', { host: 'discord.com', path: '//api/webhooks/1' }],
    ['a backslash ends the host, as the WHATWG parser reads web URLs', 'https://crm.example.com\\x.webhook.office.com/api/records', { host: 'crm.example.com', path: '/x.webhook.office.com/api/records' }],
    ['a backslash after the port', 'https://crm.example.com:8443\\api\\records', { host: 'crm.example.com', path: '/api/records' }],
    // The host is after the last `@` of the authority, as the WHATWG parser reads it: not Slack's (237a654).
    ['user information before @ is not the host', 'https://hooks.slack.com@crm.example.com/services/x', { host: 'crm.example.com', path: '/services/x' }],
    ['a host an expression gives', '={{ $json.callbackUrl }}', undefined],
    ['a host that starts with an expression', '=https://{{ $env.HOST }}/x', undefined],
    ['no URL', undefined, undefined],
  ];
  for (const [what, endpoint, expected] of cases) {
    it(what, () => {
      assert.deepEqual(literalUrl(endpoint), expected);
      assert.equal(literalHost(endpoint), expected?.host);
    });
  }
});
