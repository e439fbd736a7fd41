import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../../server/src/core/index.js';
import { findingsOf, TODAY } from '../../../helpers/analyze.js';
import { assertRangeCovers } from '../../../helpers/text.js';
import { laArmTemplate, laStandardWorkflow, paSolutionFlow } from '../../../helpers/wdl.js';

const RULE = 'ingress/unauthenticated-webhook';
const PA_ADVICE = 'Set "Who can trigger the flow" to "Any user in my tenant" or specific users.';
const LA_ADVICE = 'Add an OAuth authorization policy (Microsoft Entra ID) and turn SAS off (sasAuthenticationPolicy), or restrict callers by IP (accessControl.triggers).';
const response = { Response: { type: 'Response', kind: 'Http', inputs: { statusCode: 200 }, runAfter: {} } };

interface Invalid {
  readonly name: string;
  readonly text: string;
  /** The exact text the finding's range must cover, and which occurrence of it. */
  readonly covers: string;
  readonly nth?: number;
  readonly message: string;
}

const invalid: Invalid[] = [
  {
    name: 'Power Automate "Anyone" (triggerAuthenticationType All), on that value',
    text: paSolutionFlow({ manual: { type: 'Request', kind: 'Http', inputs: { method: 'POST', triggerAuthenticationType: 'All' } } }, response),
    covers: '"All"',
    message: `Webhook "manual" (POST) accepts requests from anyone who knows its URL: "Who can trigger the flow" is "Anyone" (or unset), so only the SAS key (sig=) in the URL protects it, and that travels with every copy of the URL. ${PA_ADVICE}`,
  },
  {
    name: 'Power Automate HTTP trigger saved before the setting existed, on its inputs',
    text: paSolutionFlow({ manual: { type: 'Request', kind: 'Http', inputs: { schema: {} } } }, response),
    covers: '"inputs"',
    message: `Webhook "manual" accepts requests from anyone who knows its URL: "Who can trigger the flow" is "Anyone" (or unset), so only the SAS key (sig=) in the URL protects it, and that travels with every copy of the URL. ${PA_ADVICE}`,
  },
  {
    name: 'Power Automate Request trigger with no kind and no inputs, on the trigger',
    text: paSolutionFlow({ manual: { type: 'Request' } }),
    covers: '"manual"',
    message: `Webhook "manual" accepts requests from anyone who knows its URL: "Who can trigger the flow" is "Anyone" (or unset), so only the SAS key (sig=) in the URL protects it, and that travels with every copy of the URL. ${PA_ADVICE}`,
  },
  {
    name: 'Logic Apps ARM workflow without accessControl, lower-case type spelling',
    text: laArmTemplate({ manual: { type: 'request', kind: 'Http', inputs: { method: 'POST' } } }, response),
    covers: '"manual"',
    message: `Webhook "manual" (POST) accepts requests from anyone who knows its URL: callers are not restricted beyond the SAS key (sig=) in the URL, which travels with every copy of the URL. ${LA_ADVICE}`,
  },
  {
    name: 'Logic Apps ARM workflow whose allowed caller range is 0.0.0.0-255.255.255.255 (every address), on that range',
    text: laArmTemplate({ manual: { type: 'Request', kind: 'Http' } }, {}, { accessControl: { triggers: { allowedCallerIpAddresses: [{ addressRange: '10.1.0.0/16' }, { addressRange: '0.0.0.0-255.255.255.255' }] } } }),
    covers: '"0.0.0.0-255.255.255.255"',
    message: `Webhook "manual" accepts requests from anyone who knows its URL: its allowed caller IP range 0.0.0.0-255.255.255.255 admits every address, so callers are not restricted beyond the SAS key (sig=) in the URL, which travels with every copy of the URL. Add an OAuth authorization policy (Microsoft Entra ID) and turn SAS off, or allow only the callers' own IP ranges.`,
  },
  {
    name: 'Logic Apps ARM workflow whose allowed caller range is 0.0.0.0/0',
    text: laArmTemplate({ manual: { type: 'Request', kind: 'Http' } }, {}, { accessControl: { triggers: { allowedCallerIpAddresses: [{ addressRange: '0.0.0.0/0' }] } } }),
    covers: '"0.0.0.0/0"',
    message: `Webhook "manual" accepts requests from anyone who knows its URL: its allowed caller IP range 0.0.0.0/0 admits every address, so callers are not restricted beyond the SAS key (sig=) in the URL, which travels with every copy of the URL. Add an OAuth authorization policy (Microsoft Entra ID) and turn SAS off, or allow only the callers' own IP ranges.`,
  },
  {
    name: 'Logic Apps ARM workflow whose allowed caller range is ::/0',
    text: laArmTemplate({ manual: { type: 'Request', kind: 'Http' } }, {}, { accessControl: { triggers: { allowedCallerIpAddresses: [{ addressRange: '::/0' }] } } }),
    covers: '"::/0"',
    message: `Webhook "manual" accepts requests from anyone who knows its URL: its allowed caller IP range ::/0 admits every address, so callers are not restricted beyond the SAS key (sig=) in the URL, which travels with every copy of the URL. Add an OAuth authorization policy (Microsoft Entra ID) and turn SAS off, or allow only the callers' own IP ranges.`,
  },
  {
    name: 'Power Automate "Anyone" whose trigger condition compares a header that holds no secret',
    text: paSolutionFlow({ manual: { type: 'Request', kind: 'Http', inputs: { method: 'POST', triggerAuthenticationType: 'All' }, conditions: [{ expression: "@equals(triggerOutputs()?['headers']?['Content-Type'], 'application/json')" }] } }, response),
    covers: '"All"',
    message: `Webhook "manual" (POST) accepts requests from anyone who knows its URL: "Who can trigger the flow" is "Anyone" (or unset), so only the SAS key (sig=) in the URL protects it, and that travels with every copy of the URL. ${PA_ADVICE}`,
  },
];

const valid: { name: string; text: string }[] = [
  { name: 'Power Automate "Any user in my tenant"', text: paSolutionFlow({ manual: { type: 'Request', kind: 'Http', inputs: { triggerAuthenticationType: 'Tenant' } } }) },
  { name: 'Power Automate specific users', text: paSolutionFlow({ manual: { type: 'Request', kind: 'Http', inputs: { triggerAuthenticationType: 'SpecificUsers' } } }) },
  { name: 'Power Automate instant triggers the platform authenticates (Button, Power Apps, Copilot Studio)', text: paSolutionFlow({ manual: { type: 'Request', kind: 'Button', inputs: { schema: {} } }, app: { type: 'Request', kind: 'PowerAppV2', inputs: {} }, bot: { type: 'Request', kind: 'Skills', inputs: {} } }) },
  { name: 'Power Automate "for a selected item" (kind ApiConnection)', text: paSolutionFlow({ manual: { type: 'Request', kind: 'ApiConnection', inputs: { host: { connection: { name: "@parameters('$connections')['shared_sharepointonline']['connectionId']" } } } } }) },
  // The portal's "Only other Logic Apps" writes an empty list: only the Logic Apps service (parent workflows) can call it.
  { name: 'Logic Apps "Only other Logic Apps" (allowedCallerIpAddresses: [])', text: laArmTemplate({ manual: { type: 'Request', kind: 'Http' } }, {}, { accessControl: { triggers: { allowedCallerIpAddresses: [] } } }) },
  { name: 'Power Automate "Anyone" with a trigger condition comparing a secret header (as a Make filter on a header counts)', text: paSolutionFlow({ manual: { type: 'Request', kind: 'Http', inputs: { method: 'POST', triggerAuthenticationType: 'All' }, conditions: [{ expression: "@equals(triggerOutputs()?['headers']?['X-Api-Key'], parameters('OrdersHookKey'))" }] } }, response) },
  { name: 'Logic Apps Standard Request trigger with a trigger condition comparing the Authorization header', text: laStandardWorkflow({ manual: { type: 'Request', kind: 'Http', inputs: { schema: {} }, conditions: [{ expression: "@equals(triggerOutputs()['headers']['Authorization'], concat('Bearer ', parameters('hookToken')))" }] } }, response) },
  { name: 'Logic Apps callers restricted by IP', text: laArmTemplate({ manual: { type: 'Request', kind: 'Http' } }, {}, { accessControl: { triggers: { allowedCallerIpAddresses: [{ addressRange: '10.1.0.0/16' }] } } }) },
  // An OAuth policy alone leaves the SAS key working (unauthenticated-webhook.callers.test.ts): SAS is turned off here.
  { name: 'Logic Apps OAuth authorization policy with SAS turned off', text: laArmTemplate({ manual: { type: 'Request', kind: 'Http' } }, {}, { accessControl: { triggers: { sasAuthenticationPolicy: { state: 'Disabled' }, openAuthenticationPolicies: { policies: { entra: { type: 'AAD', claims: [{ name: 'iss', value: 'https://sts.windows.net/tenant/' }] } } } } } }) },
  { name: 'connector webhook and HTTP webhook subscriptions', text: laStandardWorkflow({ alert: { type: 'ApiConnectionWebhook', inputs: { host: { connection: { referenceName: 'ascalert' } } } }, hook: { type: 'HttpWebhook', inputs: { subscribe: { method: 'POST', uri: 'https://events.example.com/subscribe' } } } }) },
  { name: 'schedules and polling connectors', text: laStandardWorkflow({ every_hour: { type: 'Recurrence', recurrence: { frequency: 'Hour', interval: 1 } }, new_file: { type: 'ApiConnection', inputs: { host: { connection: { referenceName: 'azureblob' } } } } }) },
];

describe(`${RULE} (Power Automate, Logic Apps)`, () => {
  for (const c of invalid) {
    it(`reports ${c.name}`, () => {
      const findings = findingsOf(RULE, c.text);
      assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
      const [f] = findings;
      assertRangeCovers(c.text, f.range, c.covers, c.nth);
      assert.equal(f.message, c.message);
      assert.equal(f.severity, 'warning');
      assert.equal(f.fixes, undefined, 'the fix is made in the platform, not in the export');
    });
  }

  for (const c of valid) {
    it(`stays quiet on ${c.name}`, () => {
      const result = analyze({ uri: 'file:///ws/flow.json', path: 'flow.json', text: c.text }, { today: TODAY });
      assert.ok(result.flow?.nodes.some((n) => n.role.startsWith('trigger-')), `${result.detail}: the trigger is read`);
      assert.deepEqual(findingsOf(RULE, c.text).map((f) => f.message), []);
    });
  }
});
