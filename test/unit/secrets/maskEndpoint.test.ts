// maskEndpoint: an endpoint as people may see it (messages, reports, inventories, diffs): the host, the path and the
// parameters that say nothing secret stay readable, every secret in it shows at most its first 4 characters then `…`.
// All secrets here are fake: format-valid strings of made-up characters.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as fc from 'fast-check';
import { SECRET_FORMAT_EXAMPLES } from '../../../server/src/core/knowledge/secretFormatExamples.js';
import { SECRET_FORMATS } from '../../../server/src/core/knowledge/secretFormats.js';
import { maskEndpoint } from '../../../server/src/core/secrets/redact.js';

/** Made-up characters, no two 5-character runs alike. */
const FAKE = 'Zq81vLx0Tm4Rw7Yp2Kd9Hs6NbJc5FgQaWe3UoIyT8rEuP1mBn0ViXkCl7sAh2GdOj4Mf9';
const fake = (length: number, from = 0) => FAKE.slice(from, from + length);
const GITHUB = `ghp_${fake(36)}`;
const TELEGRAM = `123456789:AA${fake(33, 3)}`;
const SLACK_SECRET = fake(24, 5);
const DISCORD_TOKEN = `${fake(40, 7)}-${fake(27, 1)}`;
const SAS_SIG = `${fake(40, 2)}%3D`;
const HEX = '9f3c1ab27d4e86f05c2b9a7e1d3f8c64';
const GUID = '4b1f9c2e-7a3d-4e8b-9c1f-2d6e8a0b3c5f';
const OWNER = 'e7d2a9c4-1b6f-4a3e-8d5c-9f0b2e4a6c81';
const FUNCTION_KEY = `${fake(54, 9)}==`;

const CASES: readonly { readonly shape: string; readonly endpoint: string; readonly masked: string; readonly secrets: readonly string[] }[] = [
  {
    shape: 'Slack incoming webhook: the last segment',
    endpoint: `https://hooks.slack.com/services/T0ABCD123/B0EFGH456/${SLACK_SECRET}`,
    masked: `https://hooks.slack.com/services/T0ABCD123/B0EFGH456/${SLACK_SECRET.slice(0, 4)}…`,
    secrets: [SLACK_SECRET],
  },
  {
    shape: 'Slack Workflow Builder webhook',
    endpoint: `https://hooks.slack.com/triggers/T0ABCD123/5678901234/${SLACK_SECRET}`,
    masked: `https://hooks.slack.com/triggers/T0ABCD123/5678901234/${SLACK_SECRET.slice(0, 4)}…`,
    secrets: [SLACK_SECRET],
  },
  {
    shape: 'Discord webhook: the token after the id',
    endpoint: `https://discord.com/api/webhooks/123456789012345678/${DISCORD_TOKEN}`,
    masked: `https://discord.com/api/webhooks/123456789012345678/${DISCORD_TOKEN.slice(0, 4)}…`,
    secrets: [DISCORD_TOKEN],
  },
  {
    shape: 'Teams incoming webhook: what follows IncomingWebhook',
    endpoint: `https://contoso.webhook.office.com/webhookb2/${GUID}@${GUID}/IncomingWebhook/${HEX}/${OWNER}`,
    masked: `https://contoso.webhook.office.com/webhookb2/${GUID}@${GUID}/IncomingWebhook/9f3c…/e7d2…`,
    secrets: [HEX, OWNER],
  },
  {
    shape: 'Telegram bot token in the path: the secret after the bot id (the id is public)',
    endpoint: `https://api.telegram.org/bot${TELEGRAM}/sendMessage?chat_id=42`,
    masked: 'https://api.telegram.org/bot123456789:AA1v…/sendMessage?chat_id=42',
    secrets: [fake(33, 3)],
  },
  {
    shape: 'Telegram bot token on a self-hosted Bot API server',
    endpoint: `https://tg.internal.example/file/bot${TELEGRAM}/photos/1.jpg`,
    masked: 'https://tg.internal.example/file/bot123456789:AA1v…/photos/1.jpg',
    secrets: [fake(33, 3)],
  },
  {
    shape: 'Telegram bot token of no known format on any host: a 13-digit bot id',
    endpoint: `https://tg.internal.example/bot1234567890123:${fake(24, 35)}/sendMessage`,
    masked: `https://tg.internal.example/bot1234567890123:${fake(4, 35)}…/sendMessage`,
    secrets: [fake(24, 35)],
  },
  {
    shape: 'Telegram Bot API host and path segment in upper case, a token of no known shape',
    endpoint: `https://API.TELEGRAM.ORG/BOT1234:${fake(12, 35)}/sendMessage`,
    masked: `https://API.TELEGRAM.ORG/BOT1234:${fake(3, 35)}…/sendMessage`,
    secrets: [fake(12, 35)],
  },
  {
    shape: 'provider-format token in a query parameter',
    endpoint: `https://api.github.com/repos/o/r/issues?state=open&access_token=${GITHUB}`,
    masked: 'https://api.github.com/repos/o/r/issues?state=open&access_token=ghp_…',
    secrets: [GITHUB.slice(4)],
  },
  {
    shape: 'literal value of a secret-named query parameter',
    endpoint: `https://api.example.com/v1/orders?api_key=${fake(32, 11)}&limit=10`,
    masked: `https://api.example.com/v1/orders?api_key=${fake(4, 11)}…&limit=10`,
    secrets: [fake(32, 11)],
  },
  {
    shape: 'client_secret among readable OAuth parameters',
    endpoint: `https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/token?grant_type=client_credentials&client_id=${GUID}&client_secret=${fake(34, 13)}&scope=Directory.ReadWrite.All`,
    masked: `https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/token?grant_type=client_credentials&client_id=${GUID}&client_secret=${fake(4, 13)}…&scope=Directory.ReadWrite.All`,
    secrets: [fake(34, 13)],
  },
  {
    shape: 'password in the user info, with # and & in it',
    endpoint: 'https://svc:Tq9!7mhtfyH9#$%^&*@legacy.example.com/v1/orders',
    masked: 'https://svc:Tq9!…@legacy.example.com/v1/orders',
    secrets: ['Tq9!7mhtfyH9#$%^&*'.slice(1)],
  },
  {
    shape: 'token as the user name',
    endpoint: `https://${fake(40, 17)}@git.example.com/team/repo.git`,
    masked: `https://${fake(4, 17)}…@git.example.com/team/repo.git`,
    secrets: [fake(40, 17)],
  },
  {
    shape: 'Azure SAS URL: sig, other SAS parameters readable',
    endpoint: `https://acct.blob.core.windows.net/c/f.csv?sv=2022-11-02&sp=rw&se=2030-01-01&sig=${SAS_SIG}`,
    masked: `https://acct.blob.core.windows.net/c/f.csv?sv=2022-11-02&sp=rw&se=2030-01-01&sig=${SAS_SIG.slice(0, 4)}…`,
    secrets: [SAS_SIG],
  },
  {
    shape: 'Azure SAS URL with no path',
    endpoint: `https://acct.blob.core.windows.net?sv=2022-11-02&sig=${SAS_SIG}`,
    masked: `https://acct.blob.core.windows.net?sv=2022-11-02&sig=${SAS_SIG.slice(0, 4)}…`,
    secrets: [SAS_SIG],
  },
  {
    shape: 'Logic Apps trigger URL',
    endpoint: `https://prod-01.westus.logic.azure.com:443/workflows/${HEX}/triggers/manual/paths/invoke?api-version=2016-10-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${fake(43, 19)}`,
    masked: `https://prod-01.westus.logic.azure.com:443/workflows/${HEX}/triggers/manual/paths/invoke?api-version=2016-10-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${fake(4, 19)}…`,
    secrets: [fake(43, 19)],
  },
  {
    shape: 'Azure Functions key in code=',
    endpoint: `https://orders-fn.azurewebsites.net/api/HttpTrigger?code=${FUNCTION_KEY}&name=x`,
    masked: `https://orders-fn.azurewebsites.net/api/HttpTrigger?code=${FUNCTION_KEY.slice(0, 4)}…&name=x`,
    secrets: [FUNCTION_KEY],
  },
  {
    shape: 'Google Chat webhook: key and token',
    endpoint: `https://chat.googleapis.com/v1/spaces/AAAA1234/messages?key=${fake(39, 21)}&token=${fake(43, 23)}`,
    masked: `https://chat.googleapis.com/v1/spaces/AAAA1234/messages?key=${fake(4, 21)}…&token=${fake(4, 23)}…`,
    secrets: [fake(39, 21), fake(43, 23)],
  },
  {
    shape: 'token in the fragment',
    endpoint: `https://app.example.com/callback#access_token=${fake(30, 25)}&expires_in=3600`,
    masked: `https://app.example.com/callback#access_token=${fake(4, 25)}…&expires_in=3600`,
    secrets: [fake(30, 25)],
  },
  {
    shape: 'connection string with ;-separated parameters',
    endpoint: `Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${fake(43, 27)}=`,
    masked: `Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${fake(4, 27)}…`,
    secrets: [fake(43, 27)],
  },
  {
    shape: 'n8n expression: references stay, a literal next to them is masked',
    endpoint: `=https://api.example.com/v1?api_key=${fake(24, 29)}&id={{ $json.a ? 'x' : 'y' }}&token={{ $env.TOKEN }}`,
    masked: `=https://api.example.com/v1?api_key=${fake(4, 29)}…&id={{ $json.a ? 'x' : 'y' }}&token={{ $env.TOKEN }}`,
    secrets: [fake(24, 29)],
  },
  {
    shape: 'Zapier catch hook',
    endpoint: `https://hooks.zapier.com/hooks/catch/1234567/${fake(7, 31)}/`,
    masked: `https://hooks.zapier.com/hooks/catch/1234567/${fake(1, 31)}…/`,
    secrets: [fake(7, 31)],
  },
  {
    shape: 'templated host and a URL later in the query (n8n)',
    endpoint: `={{ $env.BASE_URL }}/v1/orders?api_key=${fake(24, 29)}&callback=https://app.example.com/done`,
    masked: `={{ $env.BASE_URL }}/v1/orders?api_key=${fake(4, 29)}…&callback=https://app.example.com/done`,
    secrets: [fake(24, 29)],
  },
  {
    shape: 'templated host and a URL later in the query (Power Automate)',
    endpoint: `@{parameters('baseUrl')}/v1/orders?api_key=${fake(24, 29)}&return=https://app.example.com/done`,
    masked: `@{parameters('baseUrl')}/v1/orders?api_key=${fake(4, 29)}…&return=https://app.example.com/done`,
    secrets: [fake(24, 29)],
  },
  {
    shape: 'a path with a URL later in the query',
    endpoint: `/login?password=${fake(16, 37)}&next=https://app.example.com/`,
    masked: `/login?password=${fake(4, 37)}…&next=https://app.example.com/`,
    secrets: [fake(16, 37)],
  },
  {
    shape: 'connection string with the key before the endpoint',
    endpoint: `SharedAccessKey=${fake(43, 27)}=;Endpoint=sb://ns.servicebus.windows.net/`,
    masked: `SharedAccessKey=${fake(4, 27)}…;Endpoint=sb://ns.servicebus.windows.net/`,
    secrets: [fake(43, 27)],
  },
  {
    shape: 'a secret parameter inside a URL that is a parameter value',
    endpoint: `https://api.example.com/v1/subscribe?callback=https://cb.example.com/x?token=${fake(24, 39)}&mode=1`,
    masked: `https://api.example.com/v1/subscribe?callback=https://cb.example.com/x?token=${fake(4, 39)}…&mode=1`,
    secrets: [fake(24, 39)],
  },
  {
    shape: 'a query value holding ;',
    endpoint: `https://api.example.com/v1?api_key=ab;${fake(24, 41)}&limit=10`,
    masked: 'https://api.example.com/v1?api_key=ab;Z…&limit=10'.replace('Z', fake(1, 41)),
    secrets: [fake(24, 41)],
  },
  {
    shape: 'a value that ends in … but is not masked',
    endpoint: `https://api.example.com/v1?api_key=${fake(24, 43)}…`,
    masked: `https://api.example.com/v1?api_key=${fake(4, 43)}…`,
    secrets: [fake(24, 43)],
  },
  {
    shape: 'a password that ends in … but is not masked',
    endpoint: `https://svc:${fake(16, 45)}…@legacy.example.com/v1`,
    masked: `https://svc:${fake(4, 45)}…@legacy.example.com/v1`,
    secrets: [fake(16, 45)],
  },
  {
    shape: 'a password, then a query holding @ and no path',
    endpoint: `https://admin:${fake(16, 47)}@host.example.com?email=a@b.example`,
    masked: `https://admin:${fake(4, 47)}…@host.example.com?email=a@b.example`,
    secrets: [fake(16, 47)],
  },
  {
    shape: 'a password holding / ? and #, as people write them',
    endpoint: `https://admin:${fake(6, 49)}/${fake(6, 55)}?#${fake(6, 61)}@db.example.com/x`,
    masked: `https://admin:${fake(4, 49)}…@db.example.com/x`,
    secrets: [fake(6, 49), fake(6, 55), fake(6, 61)],
  },
  {
    shape: 'user:password@host with no scheme',
    endpoint: `admin:${fake(16, 51)}@broker.example.com:1883`,
    masked: `admin:${fake(4, 51)}…@broker.example.com:1883`,
    secrets: [fake(16, 51)],
  },
  {
    shape: 'a secret parameter written as a path segment',
    endpoint: `https://api.example.com/v1/api_key=${fake(24, 53)}/items`,
    masked: `https://api.example.com/v1/api_key=${fake(4, 53)}…`,
    secrets: [fake(24, 53)],
  },
  {
    shape: 'a percent-encoded parameter name',
    endpoint: `https://api.example.com/v1?api%5Fkey=${fake(24, 53)}`,
    masked: `https://api.example.com/v1?api%5Fkey=${fake(4, 53)}…`,
    secrets: [fake(24, 53)],
  },
  {
    shape: 'Slack webhook whose host ends in a dot',
    endpoint: `https://hooks.slack.com./services/T0ABCD123/B0EFGH456/${SLACK_SECRET}`,
    masked: `https://hooks.slack.com./services/T0ABCD123/B0EFGH456/${SLACK_SECRET.slice(0, 4)}…`,
    secrets: [SLACK_SECRET],
  },
  {
    shape: 'Mattermost webhook behind a sub-path',
    endpoint: 'https://chat.example.com/mattermost/hooks/ybndrfg8ejkmcpqxot1uwisza3',
    masked: 'https://chat.example.com/mattermost/hooks/ybnd…',
    secrets: ['ybndrfg8ejkmcpqxot1uwisza3'],
  },
  {
    shape: 'API keys of well-known APIs under names that are no secret words (Azure API Management, OpenWeather, HubSpot)',
    endpoint: `https://contoso.azure-api.net/orders?subscription-key=${HEX}&q=Paris&appid=${fake(32, 0)}&hapikey=${GUID}`,
    masked: `https://contoso.azure-api.net/orders?subscription-key=9f3c…&q=Paris&appid=${fake(4, 0)}…&hapikey=4b1f…`,
    secrets: [HEX, fake(32, 0), GUID],
  },
  {
    shape: 'a session id in a path parameter',
    endpoint: `https://shop.example.com/cart;jsessionid=${HEX}?item=1`,
    masked: 'https://shop.example.com/cart;jsessionid=9f3c…?item=1',
    secrets: [HEX],
  },
  {
    shape: 'Make webhook',
    endpoint: `https://hook.eu1.make.com/${fake(32, 33).toLowerCase()}`,
    masked: `https://hook.eu1.make.com/${fake(4, 33).toLowerCase()}…`,
    secrets: [fake(32, 33).toLowerCase()],
  },
];

/** Secrets are masked to at most 4 characters: no run of 5 of them is left. */
function assertNoRunOf(out: string, secret: string, run: number, label: string): void {
  for (let i = 0; i + run <= secret.length; i++) assert.ok(!out.includes(secret.slice(i, i + run)), `${label}: characters ${i}-${i + run} of a secret survive`);
}

describe('maskEndpoint', () => {
  for (const c of CASES) {
    it(`masks ${c.shape}`, () => {
      const out = maskEndpoint(c.endpoint);
      assert.equal(out, c.masked);
      for (const secret of c.secrets) assertNoRunOf(out, secret, 5, c.shape);
      assert.equal(maskEndpoint(out), out, 'masking twice changes nothing');
    });
  }

  it('masks the secret part of every webhook URL format the detector knows (knowledge/secretUrls.ts agrees with secretFormats.ts)', () => {
    const webhooks = SECRET_FORMATS.filter((f) => f.kind === 'webhook-url');
    assert.ok(webhooks.length >= 4);
    for (const format of webhooks) {
      for (const example of SECRET_FORMAT_EXAMPLES[format.id].truePositives) {
        const m = format.pattern.exec(example)!;
        const secret = m.groups?.secret ?? m[0].slice(m[0].lastIndexOf('/') + 1); // a sig=, or the hook's last segment
        const out = maskEndpoint(example);
        assert.ok(out.includes(`${secret.slice(0, 4)}…`), `${format.id}: ${out}`);
        const shown = example.replace(secret, ''); // the made-up examples share runs with their ids, which stay
        for (let i = 0; i + 5 <= secret.length; i++) {
          const run = secret.slice(i, i + 5);
          assert.ok(shown.includes(run) || !out.includes(run), `${format.id}: characters ${i}-${i + 5} survive in ${out}`);
        }
        assert.equal(maskEndpoint(out), out);
      }
    }
  });

  it('with `unless-plain` (the diff), masks every parameter value that is not plainly harmless too', () => {
    const plain = 'q=Paris&units=metric&lang=en-US&tz=America/New_York&limit=10&ll=48.85,2.35&since=2024-01-02T03:04:05Z&scope=Directory.Read.All&id={{ $json.id }}&x=abc';
    const endpoint = `https://api.example.com/v1?${plain}&k=${fake(16, 3)}&client_id=${GUID}#state=${fake(12, 7)}`;
    assert.equal(maskEndpoint(endpoint), endpoint, 'by default only secret names are masked');
    const masked = `https://api.example.com/v1?${plain}&k=${fake(4, 3)}…&client_id=4b1f…#state=${fake(3, 7)}…`;
    assert.equal(maskEndpoint(endpoint, { parameters: 'unless-plain' }), masked);
    assert.equal(maskEndpoint(masked, { parameters: 'unless-plain' }), masked, 'masking twice changes nothing');
  });

  it('leaves endpoints with nothing secret as they are', () => {
    for (const endpoint of [
      'https://api.example.com/v1/orders?limit=10&scope=read&grant_type=client_credentials',
      'https://user@api.example.com/v1',
      'https://api.example.com:8443/v1?email=a@b.example',
      'https://api.example.com:8443?email=a@b.example', // a port then a query holding @: no user info
      'https://api.example.com?notify=ops@example.com',
      'https://api.example.com/users/@me#top@x',
      '={{ $env.BASE_URL }}/v1/orders?limit=10&callback=https://app.example.com/done',
      '/webhook/lead',
      'lead',
      '={{ $json.url }}',
      "@{parameters('baseUrl')}/orders?code=US",
      'https://api.example.com/v1?api_key={{ $env.API_KEY }}&token=${TOKEN}',
      'mqtt://broker.local:1883',
      'https://hooks.slack.com/services/T0ABCD123',
      'https://discord.com/api/webhooks/123456789012345678',
    ]) {
      assert.equal(maskEndpoint(endpoint), endpoint, endpoint);
    }
  });

  it('never leaves 8 characters of a known-format token placed in the user info, the path or the query', () => {
    const alnum = (n: number) => fc.stringMatching(new RegExp(`^[A-Za-z0-9]{${n}}$`));
    const token = fc.oneof(
      alnum(36).map((s) => `ghp_${s}`),
      alnum(28).map((s) => `sk_live_${s}`),
      alnum(35).map((s) => `AIza${s}`),
      fc.tuple(fc.integer({ min: 100_000_000, max: 999_999_999 }), alnum(33)).map(([id, s]) => `${id}:AA${s}`),
      fc.tuple(alnum(24), alnum(30)).map(([a, b]) => `xoxb-123456789012-1234567890123-${a}${b}`),
      alnum(32).map((s) => `npm_${s}A1b2`),
    ).filter((t) => /\d/.test(t) && /[a-z]/.test(t) && /[A-Z]/.test(t));
    const segment = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
    const name = fc.stringMatching(/^[a-z][a-z_]{0,11}$/);
    const placement = fc.constantFrom('password', 'user', 'path', 'query', 'fragment', 'bot');
    fc.assert(
      fc.property(token, placement, segment, segment, name, (t, where, a, b, param) => {
        fc.pre(where !== 'bot' || /^\d+:AA/.test(t)); // a Telegram path segment: bot<token>
        const endpoint = {
          password: `https://svc:${t}@${a}.example.com/${b}`,
          user: `https://${t}@${a}.example.com/${b}`,
          path: `https://${a}.example.com/${b}/${t}/items`,
          query: `https://${a}.example.com/${b}?${param}=${t}&page=2`,
          fragment: `https://${a}.example.com/${b}#${param}=${t}`,
          bot: `https://${a}.example.com/bot${t}/${b}`,
        }[where];
        const out = maskEndpoint(endpoint);
        const secret = /^\d+:AA/.test(t) ? t.slice(t.indexOf(':') + 1) : t; // a Telegram bot's id is public
        for (let i = 0; i + 8 <= secret.length; i++) if (out.includes(secret.slice(i, i + 8))) return false;
        return out.includes(`${a}.example.com`) && maskEndpoint(out) === out;
      }),
      { numRuns: 1500, seed: 20260615 },
    );
  });

  it('never leaves 5 characters of a value of no known format under a secret name, wherever the parameter is', () => {
    // Values the redaction of provider formats cannot catch: only the parameter's name says they are secret.
    const value = fc.stringMatching(/^[A-Za-z0-9_~!$*+.,-]{8,40}$/).filter((v) => !v.includes('…'));
    const name = fc.constantFrom('api_key', 'apiKey', 'X-Api-Key', 'access_token', 'client_secret', 'password', 'SharedAccessKey', 'token', 'key', 'sig', 'subscription-key', 'appid', 'hapikey', 'auth', 'api%5Fkey', 'refreshToken', 'pageToken');
    const base = fc.constantFrom('https://api.example.com/v1', 'https://api.example.com', '={{ $env.BASE_URL }}/v1', "@{parameters('base')}/v1", '');
    const placement = fc.constantFrom('query', 'second', 'fragment', 'matrix', 'connection', 'nested', 'before-url');
    fc.assert(
      fc.property(value, name, base, placement, (v, n, b, where) => {
        const endpoint = {
          query: `${b}?${n}=${v}`,
          second: `${b}?limit=10&${n}=${v}&page=2`,
          fragment: `${b}#${n}=${v}&expires_in=3600`,
          matrix: `${b}/cart;${n}=${v}?x=1`,
          connection: `${n}=${v};Endpoint=sb://ns.servicebus.windows.net/`,
          nested: `${b}?callback=https://cb.example.com/x?${n}=${v}&mode=1`,
          'before-url': `${b}?${n}=${v}&next=https://app.example.com/done`,
        }[where];
        const out = maskEndpoint(endpoint);
        for (let i = 0; i + 5 <= v.length; i++) if (out.includes(v.slice(i, i + 5))) return false;
        return maskEndpoint(out) === out;
      }),
      { numRuns: 2000, seed: 20260616 },
    );
  });

  it('reads hostile input to the end and masks what it holds', () => {
    // No timing here (budgets are measured by `npm run bench`, DESIGN §10): each part is read once, forward; this checks
    // that long repetitive input is read whole (the secret at its end is masked) and that the output stays idempotent.
    const secret = fake(24, 11);
    for (const unit of ['a=', '?a=b&', 'https://', '@', ':', '/bot1', 'key=', 'key=key=', 'code=', '{{', '%A', ';x=', '/hooks', '…']) {
      const text = `https://x.example.com/${unit.repeat(20_000)}?api_key=${secret}`;
      const out = maskEndpoint(text);
      assertNoRunOf(out, secret, 5, unit);
      assert.equal(maskEndpoint(out), out, unit);
      assertNoRunOf(maskEndpoint(text, { parameters: 'unless-plain' }), secret, 5, unit);
    }
  });
});
