// A second reading of the ingress rules' caller checks, each case a way the rules were wrong both ways: a trigger
// condition that lets anyone in read as a secret check (a negated or OR-ed comparison, a header that is a prefix of the
// secret), an OAuth-only condition that does not require a token, an allowed caller range that admits every address
// without being 0.0.0.0/0; and a secret check that was missed (a Content-Type test before it, a parameter named
// "token", a contains test); an n8n IP allowlist read as n8n reads it (an entry matches any address that contains it
// as text). missing-signature-verification: n8n Header Auth on a webhook whose provider cannot send custom headers is
// no caller check the provider passes.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../../helpers/analyze.js';
import { n8nFlow } from '../../../helpers/dataflow.js';
import { assertRangeCovers } from '../../../helpers/text.js';
import { laArmTemplate, paSolutionFlow } from '../../../helpers/wdl.js';

const UNAUTH = 'ingress/unauthenticated-webhook';
const SIGNATURE = 'ingress/missing-signature-verification';

const KEY = "triggerOutputs()?['headers']?['x-api-key']";
const AUTH = "triggerOutputs()?['headers']?['Authorization']";
/** A Power Automate "Anyone" HTTP trigger with one trigger condition. */
const paAnyone = (expression: string) => paSolutionFlow({ manual: { type: 'Request', kind: 'Http', inputs: { triggerAuthenticationType: 'All' }, conditions: [{ expression }] } });
/** A Logic Apps Request trigger (ARM template) with the given conditions and access control. */
const laRequest = (conditions: string[], accessControl?: object) =>
  laArmTemplate({ manual: { type: 'Request', kind: 'Http', inputs: { schema: {} }, conditions: conditions.map((expression) => ({ expression })), operationOptions: 'IncludeAuthorizationHeadersInOutputs' } }, {}, accessControl ? { accessControl } : {});
const policies = { openAuthenticationPolicies: { policies: { entra: { type: 'AAD', claims: [{ name: 'iss', value: 'https://sts.windows.net/tenant-id/' }] } } } };
const ranges = (...addressRange: string[]) => ({ triggers: { allowedCallerIpAddresses: addressRange.map((r) => ({ addressRange: r })) } });

interface Case {
  readonly name: string;
  readonly rule: string;
  readonly text: string;
  readonly expected: readonly { readonly covers?: string; readonly severity: 'warning' | 'info'; readonly message?: RegExp }[];
}

const OPEN_PA = { covers: '"All"', severity: 'warning', message: /"Who can trigger the flow" is "Anyone"/ } as const;

const cases: Case[] = [
  // Trigger conditions that any caller passes: they compare a secret, but the run starts without it.
  { name: 'a condition that holds when the API-key header differs from the secret (not(equals))', rule: UNAUTH, text: paAnyone(`@not(equals(${KEY}, parameters('HookKey')))`), expected: [OPEN_PA] },
  { name: 'a condition whose OR lets a caller in by a body field instead of the key', rule: UNAUTH, text: paAnyone(`@or(equals(${KEY}, parameters('HookKey')), equals(triggerBody()?['type'], 'ping'))`), expected: [OPEN_PA] },
  { name: 'a condition that tests the secret starts with the header (an empty header passes)', rule: UNAUTH, text: paAnyone(`@startsWith(parameters('HookKey'), ${KEY})`), expected: [OPEN_PA] },
  { name: 'a condition that compares the key header with another header of the same request', rule: UNAUTH, text: paAnyone(`@equals(${KEY}, triggerOutputs()?['headers']?['x-expected-key'])`), expected: [OPEN_PA] },
  { name: 'a condition that compares the key header with a body field joined to a literal', rule: UNAUTH, text: paAnyone(`@equals(${KEY}, concat('k-', triggerBody()?['key']))`), expected: [OPEN_PA] },
  // Conditions that do require the secret (before: warned).
  { name: 'a Content-Type test AND a comparison of the API-key header with a secret parameter', rule: UNAUTH, text: paAnyone(`@and(equals(triggerOutputs()?['headers']?['Content-Type'], 'application/json'), equals(${KEY}, parameters('HookKey')))`), expected: [] },
  { name: 'a comparison of the Authorization header with "Bearer " joined to a parameter named token', rule: UNAUTH, text: paAnyone(`@equals(${AUTH}, concat('Bearer ', parameters('token')))`), expected: [] },
  { name: 'a test that the API-key header contains the secret', rule: UNAUTH, text: paAnyone(`@contains(${KEY}, parameters('HookKey'))`), expected: [] },
  { name: 'a negated OR of mismatches (both keys must match)', rule: UNAUTH, text: paAnyone(`@not(or(not(equals(${KEY}, parameters('HookKey'))), not(equals(triggerOutputs()?['headers']?['x-api-secret'], parameters('HookSecret')))))`), expected: [] },
  { name: 'an OR of two comparisons with a secret (key rotation)', rule: UNAUTH, text: paAnyone(`@or(equals(${KEY}, parameters('HookKeyOld')), equals(${KEY}, parameters('HookKeyNew')))`), expected: [] },
  // Logic Apps "OAuth as the only option": the condition must require a Bearer token.
  {
    name: 'an OAuth policy whose condition holds when the Authorization header does NOT start with Bearer (the SAS URL alone passes)',
    rule: UNAUTH,
    text: laRequest([`@not(startsWith(${AUTH}, 'Bearer'))`], { triggers: policies }),
    expected: [{ covers: '"openAuthenticationPolicies"', severity: 'warning', message: /does not turn off the SAS key/ }],
  },
  {
    name: 'an OAuth policy whose Bearer condition is OR-ed with a body test',
    rule: UNAUTH,
    text: laRequest([`@or(startsWith(${AUTH}, 'Bearer'), equals(triggerBody()?['mode'], 'sas'))`], { triggers: policies }),
    expected: [{ covers: '"openAuthenticationPolicies"', severity: 'warning', message: /does not turn off the SAS key/ }],
  },
  { name: 'an OAuth policy with the Bearer condition beside a Content-Type test (AND)', rule: UNAUTH, text: laRequest([`@and(equals(triggerOutputs()?['headers']?['Content-Type'], 'application/json'), startsWith(${AUTH}, 'Bearer'))`], { triggers: policies }), expected: [] },
  // A secret-header condition is the check whatever the access control leaves open (before: reported as SAS-only).
  { name: 'an OAuth policy beside the SAS key, with a condition that compares the API-key header with a secret parameter', rule: UNAUTH, text: laRequest([`@equals(${KEY}, parameters('HookKey'))`], { triggers: policies }), expected: [] },
  { name: 'an allowed range 0.0.0.0/0, with a condition that compares the API-key header with a secret parameter', rule: UNAUTH, text: laRequest([`@equals(${KEY}, parameters('HookKey'))`], ranges('0.0.0.0/0')), expected: [] },
  // Allowed caller ranges that admit every address, though none is written 0.0.0.0/0.
  { name: 'an allowed caller range with a /0 prefix on another address (10.0.0.0/0 is every address)', rule: UNAUTH, text: laRequest([], ranges('10.0.0.0/0')), expected: [{ covers: '"10.0.0.0/0"', severity: 'warning', message: /range 10\.0\.0\.0\/0 admits every address/ }] },
  { name: 'two allowed caller ranges that together cover every IPv4 address', rule: UNAUTH, text: laRequest([], ranges('0.0.0.0/1', '128.0.0.0-255.255.255.255')), expected: [{ covers: '"allowedCallerIpAddresses"', severity: 'warning', message: /ranges 0\.0\.0\.0\/1, 128\.0\.0\.0-255\.255\.255\.255 together admit every IPv4 address/ }] },
  { name: 'two allowed caller ranges with a gap between them', rule: UNAUTH, text: laRequest([], ranges('0.0.0.0/1', '128.0.0.1-255.255.255.255')), expected: [] },
  // missing-signature-verification: the OAuth condition that does not require a token is no caller check either.
  {
    name: 'a Stripe-named Logic Apps trigger with OAuth and a negated Bearer condition (SAS still works), signature unchecked',
    rule: SIGNATURE,
    text: laArmTemplate({ stripe_events: { type: 'Request', kind: 'Http', inputs: { schema: {} }, conditions: [{ expression: `@not(startsWith(${AUTH}, 'Bearer'))` }] } }, {}, { accessControl: { triggers: policies } }),
    expected: [{ severity: 'warning', message: /^Webhook "stripe_events" looks like it receives Stripe events/ }],
  },
];

/** An n8n webhook named for a provider, with the given authentication, followed by a step that acts. */
const providerHook = (name: string, authentication: string) =>
  n8nFlow(
    [
      { name, type: 'webhook', typeVersion: 2, parameters: { path: 'events', httpMethod: 'POST', authentication } },
      { name: 'Record', type: 'set', typeVersion: 3.4, parameters: { assignments: { assignments: [{ name: 'id', value: '={{ $json.body.id }}', type: 'string' }] } } },
    ],
    [[name, 'Record']],
  );

cases.push(
  {
    name: 'a Stripe webhook behind Header Auth, a header Stripe cannot send: info that the signature is the check Stripe passes',
    rule: SIGNATURE,
    text: providerHook('Stripe webhook', 'headerAuth'),
    expected: [{ covers: '"events"', severity: 'info', message: /^Webhook "Stripe webhook" \(POST events\) looks like it receives Stripe events and requires Header Auth, but Stripe's webhooks cannot carry a header of your choosing: either Stripe's deliveries are refused, or something else calls this URL\. Stripe signs each event \(header "stripe-signature"\): verify that signature with the signing secret before acting on the data, in place of Header Auth\.$/ }],
  },
  { name: 'a Stripe webhook behind Basic Auth (credentials written into the endpoint URL reach it)', rule: SIGNATURE, text: providerHook('Stripe webhook', 'basicAuth'), expected: [] },
  { name: 'a Zoom webhook behind Header Auth (Zoom sends a custom authentication header)', rule: SIGNATURE, text: providerHook('Zoom webhook', 'headerAuth'), expected: [] },
);

/** An n8n webhook without authentication whose IP allowlist is `ipWhitelist`. */
const allowlisted = (ipWhitelist: string) => n8nFlow([{ name: 'Orders in', type: 'webhook', typeVersion: 2, parameters: { path: 'orders', httpMethod: 'POST', options: { ipWhitelist } } }]);

// n8n lets a caller in when its address contains an allowlist entry as text (the Webhook node's isIpWhitelisted).
cases.push(
  {
    name: 'an n8n allowlist with a trailing comma (the empty entry is part of every address)',
    rule: UNAUTH,
    text: allowlisted('203.0.113.7,'),
    expected: [{ covers: '"203.0.113.7,"', severity: 'warning', message: /^Webhook "Orders in" \(POST orders\) accepts requests from anyone who knows its URL: it has no authentication, and its IP allowlist admits every caller whose address contains an entry \(n8n compares them as text\), where an empty entry \(a comma with nothing after it\) is part of every address\. Set its Authentication/ }],
  },
  {
    name: 'an n8n allowlist entry that is part of an address (192.168. is in 5.192.168.20 too)',
    rule: UNAUTH,
    text: allowlisted('192.168.'),
    expected: [{ covers: '"192.168."', severity: 'warning', message: /where "192\.168\." is part of addresses anywhere, not only the ones meant\..* In the allowlist, write whole addresses separated by commas\.$/ }],
  },
  {
    name: 'an n8n allowlist of a range (n8n compares text: 10.0.0.0/8 matches no caller)',
    rule: UNAUTH,
    text: allowlisted('10.0.0.0/8'),
    expected: [{ covers: '"10.0.0.0/8"', severity: 'info', message: /n8n compares a caller's address with each entry as text, so a range such as 10\.0\.0\.0\/8 matches no caller: list single addresses\./ }],
  },
  { name: 'an n8n allowlist of two whole addresses, spaced', rule: UNAUTH, text: allowlisted('203.0.113.7, 198.51.100.4'), expected: [{ covers: '"203.0.113.7, 198.51.100.4"', severity: 'info', message: /only an IP allowlist \(203\.0\.113\.7, 198\.51\.100\.4\): that keeps out the internet at large/ }] },
  {
    name: 'a Stripe-named n8n webhook whose allowlist has a trailing comma, signature unchecked',
    rule: SIGNATURE,
    text: n8nFlow([{ name: 'Stripe events', type: 'webhook', typeVersion: 2, parameters: { path: 'stripe', httpMethod: 'POST', options: { ipWhitelist: '3.18.12.63,' } } }]),
    expected: [{ covers: '"stripe"', severity: 'warning', message: /receives Stripe events/ }],
  },
);

describe('ingress rules, second reading', () => {
  for (const c of cases) {
    it(`${c.rule}: ${c.expected.length ? 'reports' : 'stays quiet on'} ${c.name}`, () => {
      const findings = findingsOf(c.rule, c.text);
      assert.equal(findings.length, c.expected.length, findings.map((f) => f.message).join('\n'));
      c.expected.forEach((e, i) => {
        const f = findings[i];
        if (e.covers !== undefined) assertRangeCovers(c.text, f.range, e.covers);
        assert.equal(f.severity, e.severity);
        if (e.message) assert.match(f.message, e.message);
      });
    });
  }
});
