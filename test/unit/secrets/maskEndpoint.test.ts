// maskEndpoint: an endpoint as people may see it (messages, reports, inventories, diffs): the host, the path and the
// parameters that say nothing secret stay readable, every secret in it shows at most its first 4 characters then `…`.
// All secrets here are fake: format-valid strings of made-up characters.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as fc from 'fast-check';
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
    shape: 'Telegram bot token in the path',
    endpoint: `https://api.telegram.org/bot${TELEGRAM}/sendMessage?chat_id=42`,
    masked: 'https://api.telegram.org/bot1234…/sendMessage?chat_id=42',
    secrets: [TELEGRAM.slice(4)],
  },
  {
    shape: 'Telegram bot token on a self-hosted Bot API server',
    endpoint: `https://tg.internal.example/file/bot${TELEGRAM}/photos/1.jpg`,
    masked: 'https://tg.internal.example/file/bot1234…/photos/1.jpg',
    secrets: [TELEGRAM.slice(4)],
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

  it('leaves endpoints with nothing secret as they are', () => {
    for (const endpoint of [
      'https://api.example.com/v1/orders?limit=10&scope=read&grant_type=client_credentials',
      'https://user@api.example.com/v1',
      'https://api.example.com:8443/v1?email=a@b.example',
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
        for (let i = 0; i + 8 <= t.length; i++) if (out.includes(t.slice(i, i + 8))) return false;
        return out.includes(`${a}.example.com`) && maskEndpoint(out) === out;
      }),
      { numRuns: 1500, seed: 20260615 },
    );
  });

  it('is linear on hostile input', () => {
    for (const unit of ['a=', '?a=b&', 'https://', '@', ':', '/bot1', 'key=', '{{', '%A']) {
      const text = `https://x.example.com/${unit.repeat(20_000)}`;
      const started = performance.now();
      maskEndpoint(text);
      assert.ok(performance.now() - started < 1000, unit);
    }
  });
});
