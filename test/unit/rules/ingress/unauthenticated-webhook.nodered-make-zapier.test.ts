import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../../helpers/analyze.js';
import { makeBlueprint, nodeRedFlow, zapierExport } from '../../../helpers/platformDocs.js';
import { assertRangeCovers } from '../../../helpers/text.js';

const RULE = 'ingress/unauthenticated-webhook';

const makeHook = (module: string, key = 'hook') => ({ id: 1, module, version: 1, parameters: { [key]: 4711 }, mapper: {}, metadata: { parameters: [{ name: key, type: module.startsWith('gateway') ? 'hook:gateway-webhook' : 'hook' }] } });
const makeStep = (filter?: object) => ({ id: 2, module: 'util:SetVariable2', version: 1, parameters: {}, mapper: { name: 'x', value: '{{1.body}}' }, ...(filter ? { filter } : {}) });
const catchHook = (action: string, api = 'WebHookCLIAPI', title: string | null = 'Incoming orders') => ({ '1': { id: 1, type_of: 'read', params: {}, parent_id: null, action, selected_api: api, title, authentication_id: null } });

interface Invalid {
  readonly name: string;
  readonly text: string;
  readonly path?: string;
  /** The exact text the finding's range must cover. */
  readonly covers: string;
  readonly message: RegExp;
  readonly severity: string;
}

const invalid: Invalid[] = [
  {
    name: 'a Node-RED "http in" node: auth lives in settings.js, so an honest info on its URL',
    text: nodeRedFlow(
      { id: 't1', type: 'tab', label: 'API' },
      { id: 'h1', type: 'http in', z: 't1', name: 'orders', url: '/orders', method: 'post', upload: false, wires: [['f1']] },
      { id: 'f1', type: 'function', z: 't1', func: 'return msg;', wires: [[]] },
    ),
    covers: '"/orders"',
    message: /^HTTP endpoint "orders" \(POST \/orders\): its authentication is configured outside this export \(httpNodeAuth \(settings\.js\)\), so the review cannot tell whether callers are checked\./,
    severity: 'info',
  },
  {
    name: 'a Node-RED "websocket in" listener, on its listener reference',
    text: nodeRedFlow(
      { id: 'w1', type: 'websocket in', z: 't1', name: '', server: 'l1', client: '', wires: [[]] },
      { id: 'l1', type: 'websocket-listener', path: '/ws/feed', wholemsg: 'false' },
    ),
    covers: '"l1"',
    message: /^HTTP endpoint "websocket in" \(\/ws\/feed\): its authentication is configured outside this export \(webSocketNodeVerifyClient \(settings\.js\)\)/,
    severity: 'info',
  },
  {
    // Make keeps a custom webhook's API keys (x-make-apikey) and IP restrictions with the webhook, not in the blueprint.
    name: 'a Make custom webhook, on its hook parameter: its API keys and IP restrictions are not in the blueprint, so an info',
    text: makeBlueprint(makeHook('gateway:CustomWebHook'), makeStep()),
    covers: '"hook"',
    message: /^Webhook "gateway:CustomWebHook": Make keeps a custom webhook's API key authentication and IP restrictions with the webhook, not in the blueprint/,
    severity: 'info',
  },
  {
    name: 'a Make custom webhook whose next step filters on something else than a header',
    text: makeBlueprint(makeHook('gateway:CustomWebHook'), makeStep({ name: 'has body', conditions: [[{ a: '{{1.body}}', o: 'exist' }]] })),
    covers: '"hook"',
    message: /^Webhook "gateway:CustomWebHook": Make keeps a custom webhook's API key authentication/,
    severity: 'info',
  },
  // Make's system variables (help.make.com/system-variables) are no secret: the scenario's and organization's IDs are
  // in the addresses of Make's pages, an execution's ID in its log.
  ...['scenario.id', 'organization.id', 'execution.id'].map((variable) => ({
    name: `a Make custom webhook whose next step compares a secret header with the system variable var.${variable}`,
    text: makeBlueprint(makeHook('gateway:CustomWebHook'), makeStep({ name: 'shared secret', conditions: [[{ a: '{{get(map(1.__IMTHEADERS__; "value"; "name"; "x-api-key"); 1)}}', o: 'text:equal', b: `{{var.${variable}}}` }]] })),
    covers: '"hook"',
    message: /^Webhook "gateway:CustomWebHook": Make keeps a custom webhook's API key authentication .* or, before acting on the data, filter on a secret request header equal to a fixed text or a custom variable \(\{\{var\.organization\.NAME\}\}; a system variable such as the scenario ID is no secret\)\.$/,
    severity: 'info',
  })),
  {
    name: 'a Make custom mailhook',
    text: makeBlueprint(makeHook('gateway:CustomMailHook')),
    covers: '"hook"',
    message: /^Mailhook "gateway:CustomMailHook" starts the scenario on any e-mail sent to its address/,
    severity: 'warning',
  },
  {
    name: 'a Zapier Catch Hook, on its action',
    text: zapierExport(catchHook('hook')),
    covers: '"action"',
    message: /^Webhook "Incoming orders" accepts requests from anyone who knows its URL: the export shows no authentication\./,
    severity: 'warning',
  },
  {
    name: 'a Zapier Catch Raw Hook of the older WebHookAPI',
    text: zapierExport(catchHook('catch_raw_hook', 'WebHookAPI', null)),
    covers: '"action"',
    message: /^Webhook "Webhooks by Zapier: catch_raw_hook" accepts requests/,
    severity: 'warning',
  },
];

const valid: { name: string; text: string }[] = [
  {
    name: 'a disabled Node-RED "http in" node, and one in a disabled tab',
    text: nodeRedFlow(
      { id: 't1', type: 'tab', label: 'Off', disabled: true },
      { id: 'h1', type: 'http in', z: 't1', url: '/a', method: 'get', wires: [[]] },
      { id: 'h2', type: 'http in', z: 't2', url: '/b', method: 'get', d: true, wires: [[]] },
    ),
  },
  { name: 'a Node-RED "websocket in" client (an outbound connection)', text: nodeRedFlow({ id: 'w1', type: 'websocket in', server: '', client: 'c1', wires: [[]] }, { id: 'c1', type: 'websocket-client', path: 'wss://feed.example.com' }) },
  {
    name: 'a Make custom webhook whose next step checks a secret header against a custom variable',
    text: makeBlueprint(makeHook('gateway:CustomWebHook'), makeStep({ name: 'shared secret', conditions: [[{ a: '{{get(map(1.__IMTHEADERS__; "value"; "name"; "x-api-key"); 1)}}', o: 'text:equal', b: '{{var.organization.webhookSecret}}' }]] })),
  },
  { name: 'a Make app instant trigger (registered with the app by Make)', text: makeBlueprint(makeHook('slack:NewEvent', '__IMTHOOK__')) },
  { name: 'a Zapier app trigger', text: zapierExport(catchHook('star_added', 'SlackAPI')) },
  { name: 'a Zapier webhook POST action', text: zapierExport({ ...catchHook('every_day', 'ScheduleAPI'), '2': { id: 2, type_of: 'write', params: { url: 'https://example.com' }, parent_id: 1, action: 'post', selected_api: 'WebHookCLIAPI' } }) },
];

describe(`${RULE} (Node-RED, Make, Zapier)`, () => {
  for (const c of invalid) {
    it(`reports ${c.name}`, () => {
      const findings = findingsOf(RULE, c.text, c.path);
      assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
      const [f] = findings;
      assertRangeCovers(c.text, f.range, c.covers);
      assert.match(f.message, c.message);
      assert.equal(f.severity, c.severity);
      assert.equal(f.fixes, undefined, 'no platform fix outside n8n');
    });
  }

  for (const c of valid) {
    it(`stays quiet on ${c.name}`, () => {
      assert.deepEqual(findingsOf(RULE, c.text).map((f) => f.message), []);
    });
  }
});
