// Who can call an inbound trigger, where the platform's own documentation says more than "a setting is present":
// a Logic Apps OAuth policy leaves the SAS key working (Microsoft: "using one scheme doesn't disable the other"), a
// trigger condition that only tests the Authorization header's scheme word compares no secret, and settings that
// live outside the export (a Standard logic app's Easy Auth and access restrictions, a Consumption workflow's access
// control beside a code-view definition, a Make custom webhook's API keys and IP restrictions) cannot be judged from it.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, n8nWorkflow } from '../../../helpers/analyze.js';
import { makeBlueprint } from '../../../helpers/platformDocs.js';
import { assertRangeCovers } from '../../../helpers/text.js';
import { laArmTemplate, laStandardWorkflow, paSolutionFlow } from '../../../helpers/wdl.js';

const RULE = 'ingress/unauthenticated-webhook';
const WDL_SCHEMA = 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#';
const request = (extra: object = {}) => ({ manual: { type: 'Request', kind: 'Http', inputs: { schema: {} }, ...extra } });
const policies = { openAuthenticationPolicies: { policies: { entra: { type: 'AAD', claims: [{ name: 'iss', value: 'https://sts.windows.net/tenant-id/' }] } } } };
const bearerOnly = { conditions: [{ expression: "@startsWith(triggerOutputs()?['headers']?['Authorization'], 'Bearer')" }], operationOptions: 'IncludeAuthorizationHeadersInOutputs' };
const makeHook = (module: string) => ({ id: 1, module, version: 1, parameters: { hook: 4711, maxResults: 1 }, mapper: {}, metadata: { designer: { name: 'Orders in' }, parameters: [{ name: 'hook', type: module === 'gateway:CustomMailHook' ? 'hook:gateway-mailhook' : 'hook:gateway-webhook' }] } });
const makeStep = { id: 2, module: 'util:SetVariable2', version: 1, parameters: {}, mapper: { name: 'x', value: '{{1.body}}' } };

interface Case {
  readonly name: string;
  readonly text: string;
  /** Every finding expected: the text its range covers, its severity and message. */
  readonly expected: readonly { readonly covers: string; readonly severity: 'warning' | 'info'; readonly message: RegExp; readonly fixes?: number }[];
}

const cases: Case[] = [
  {
    name: 'a Logic Apps OAuth policy beside the SAS key, which still works: reported on the policies',
    text: laArmTemplate(request(), {}, { accessControl: { triggers: policies } }),
    expected: [{ covers: '"openAuthenticationPolicies"', severity: 'warning', message: /^Webhook "manual" accepts requests from anyone who has its URL: its OAuth authorization policy does not turn off the SAS key \(sig=\) in the URL, so a call with the URL alone still runs it\. Turn SAS off \(accessControl\.triggers\.sasAuthenticationPolicy\.state "Disabled"\)/ }],
  },
  { name: 'a Logic Apps OAuth policy with SAS turned off', text: laArmTemplate(request(), {}, { accessControl: { triggers: { sasAuthenticationPolicy: { state: 'Disabled' }, ...policies } } }), expected: [] },
  { name: 'a Logic Apps OAuth policy with the trigger condition that requires a Bearer token (Microsoft\'s "OAuth as the only option")', text: laArmTemplate(request(bearerOnly), {}, { accessControl: { triggers: policies } }), expected: [] },
  { name: 'a Logic Apps OAuth policy whose SAS calls must come from allowed IP ranges', text: laArmTemplate(request(), {}, { accessControl: { triggers: { allowedCallerIpAddresses: [{ addressRange: '10.1.0.0/16' }], ...policies } } }), expected: [] },
  {
    name: 'a Logic Apps OAuth policy whose SAS calls may come from every address, on that range',
    text: laArmTemplate(request(), {}, { accessControl: { triggers: { allowedCallerIpAddresses: [{ addressRange: '0.0.0.0/0' }], ...policies } } }),
    expected: [{ covers: '"0.0.0.0/0"', severity: 'warning', message: /its allowed caller IP range 0\.0\.0\.0\/0 admits every address/ }],
  },
  { name: 'a Logic Apps workflow with SAS turned off and no OAuth policy (no URL can run it)', text: laArmTemplate(request(), {}, { accessControl: { triggers: { sasAuthenticationPolicy: { state: 'Disabled' } } } }), expected: [] },
  {
    name: 'a Logic Apps trigger condition that only tests for a Bearer scheme, without an OAuth policy (any "Bearer x" passes)',
    text: laArmTemplate(request(bearerOnly), {}, {}),
    expected: [{ covers: '"manual"', severity: 'warning', message: /^Webhook "manual" accepts requests from anyone who knows its URL: callers are not restricted beyond the SAS key/ }],
  },
  {
    name: 'a Power Automate "Anyone" trigger whose condition only tests for a Bearer scheme',
    text: paSolutionFlow({ manual: { type: 'Request', kind: 'Http', inputs: { triggerAuthenticationType: 'All' }, conditions: [{ expression: "@startsWith(triggerOutputs()?['headers']?['Authorization'], 'Bearer ')" }] } }),
    expected: [{ covers: '"All"', severity: 'warning', message: /"Who can trigger the flow" is "Anyone"/ }],
  },
  {
    name: 'a Power Automate "Anyone" trigger whose condition only tests that an API-key header is not empty',
    text: paSolutionFlow({ manual: { type: 'Request', kind: 'Http', inputs: { triggerAuthenticationType: 'All' }, conditions: [{ expression: "@not(equals(triggerOutputs()?['headers']?['x-api-key'], ''))" }] } }),
    expected: [{ covers: '"All"', severity: 'warning', message: /"Who can trigger the flow" is "Anyone"/ }],
  },
  {
    name: 'a Power Automate "Anyone" trigger whose condition compares the Authorization header with a secret parameter',
    text: paSolutionFlow({ manual: { type: 'Request', kind: 'Http', inputs: { triggerAuthenticationType: 'All' }, conditions: [{ expression: "@equals(triggerOutputs()?['headers']?['Authorization'], concat('Bearer ', parameters('HookToken')))" }] } }),
    expected: [],
  },
  {
    name: 'a Logic Apps Standard workflow.json, whose Easy Auth and access restrictions are app settings: an info',
    text: laStandardWorkflow(request()),
    expected: [{ covers: '"manual"', severity: 'info', message: /^HTTP endpoint "manual": a Standard logic app restricts its callers in the app's settings, not in workflow\.json \(Easy Auth with Microsoft Entra ID, Networking access restrictions\), so the review cannot tell whether callers are checked beyond the SAS key \(sig=\) in the URL, which travels with every copy of the URL\. Confirm one of them is on for this endpoint\.$/ }],
  },
  {
    name: 'a Consumption definition exported without its resource (code view), whose access control is not in it: an info',
    text: JSON.stringify({ definition: { $schema: WDL_SCHEMA, contentVersion: '1.0.0.0', triggers: request(), actions: {} }, parameters: { $connections: { value: {} } } }, null, 2),
    expected: [{ covers: '"manual"', severity: 'info', message: /^HTTP endpoint "manual": a Consumption logic app restricts its callers in the workflow's access control \(OAuth authorization policies, allowed caller IP ranges\), which this export of the definition does not hold/ }],
  },
  {
    name: 'a Logic Apps Standard workflow.json whose trigger condition compares a secret header (checked in the export)',
    text: laStandardWorkflow(request({ conditions: [{ expression: "@equals(triggerOutputs()?['headers']?['x-api-key'], parameters('hookKey'))" }] })),
    expected: [],
  },
  {
    name: 'a Make custom webhook, whose API keys and IP restrictions Make keeps with the webhook: an info',
    text: makeBlueprint(makeHook('gateway:CustomWebHook'), makeStep),
    expected: [{ covers: '"hook"', severity: 'info', message: /^Webhook "Orders in": Make keeps a custom webhook's API key authentication and IP restrictions with the webhook, not in the blueprint, so the review cannot tell whether callers are checked\. Confirm the webhook has an API key \(callers send it in the x-make-apikey header\) or IP restrictions/ }],
  },
  {
    name: 'a Make mailhook, in the words of mail (an address, not a URL; no header a sender could be given)',
    text: makeBlueprint(makeHook('gateway:CustomMailHook'), makeStep),
    expected: [{ covers: '"hook"', severity: 'warning', message: /^Mailhook "Orders in" starts the scenario on any e-mail sent to its address: mail carries no caller authentication, and a sender's address is easily forged\./ }],
  },
  {
    name: 'an n8n Form trigger of version 1, which has no authentication setting: no quick fix that writes one',
    text: n8nWorkflow([{ name: 'Contact form', type: 'n8n-nodes-base.formTrigger', typeVersion: 1, parameters: { path: 'contact', formTitle: 'Contact' } }]),
    expected: [{ covers: '"parameters"', severity: 'warning', fixes: 0, message: /the export shows no authentication\. This version of the Form trigger \(1\) has no authentication setting: replace it with a current n8n Form trigger and set its Authentication to Basic Auth\.$/ }],
  },
  {
    name: 'an n8n Form trigger of version 2.2, fixed with Basic Auth',
    text: n8nWorkflow([{ name: 'Contact form', type: 'n8n-nodes-base.formTrigger', typeVersion: 2.2, parameters: { path: 'contact', formTitle: 'Contact' } }]),
    expected: [{ covers: '"parameters"', severity: 'warning', fixes: 1, message: /Set its Authentication to Basic Auth \(the only method the Form trigger has\)\.$/ }],
  },
];

describe(`${RULE}: callers as each platform defines them`, () => {
  for (const c of cases) {
    it(c.expected.length ? `reports ${c.name}` : `stays quiet on ${c.name}`, () => {
      const findings = findingsOf(RULE, c.text);
      assert.equal(findings.length, c.expected.length, findings.map((f) => f.message).join('\n'));
      c.expected.forEach((e, i) => {
        const f = findings[i];
        assertRangeCovers(c.text, f.range, e.covers);
        assert.equal(f.severity, e.severity);
        assert.match(f.message, e.message);
        if (e.fixes !== undefined) assert.equal(f.fixes?.length ?? 0, e.fixes);
      });
    });
  }
});
