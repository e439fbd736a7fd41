// Second reading of the owner's commits on checks, signatures and webhooks (0877987 … 3892938): holes found, as cases.
// Each case below failed before the change that goes with it.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../helpers/analyze.js';
import { flowFindings, n8nFlow, runFlowTable, type FlowCase, type N8nNode } from '../helpers/dataflow.js';
import { nodeRedFlow } from '../helpers/platformDocs.js';

const INJ = 'injection/unvalidated-input-to-sink';
const OPEN = 'ingress/unauthenticated-webhook';

const webhook = { name: 'Orders', type: 'webhook', parameters: { path: 'orders', httpMethod: 'POST' } };
const pg = (query: string) => ({ name: 'Find order', type: 'postgres', parameters: { operation: 'executeQuery', query } });
const SQL_BY_NAME = "SELECT * FROM t WHERE id = {{ $('Orders').item.json.body.id }}";
const SQL = 'SELECT * FROM t WHERE id = {{ $json.body.id }}';
const validate = (jsCode: string, extra: object = {}): N8nNode => ({ name: 'Validate', type: 'code', ...extra, parameters: { jsCode } });
const digitsOnly = (extra: object = {}) => validate("if (!/^\\d+$/.test($json.body.id)) throw new Error('bad id');\nreturn $input.all();", extra);
const reject: N8nNode = { name: 'Reject', type: 'respondToWebhook', parameters: { respondWith: 'noData', options: { responseCode: 400 } } };

// n8n: code that throws on bad input checks nothing when its node carries on after an error: the rejected item goes on
// ({ error }), and $('Orders').item still reads the request it came from. n8n reads onError when it is set, continueOnFail
// only when it is not.
const onErrorCases: FlowCase[] = [
  {
    name: 'code that throws on a bad id, whose node carries on after an error (onError continueRegularOutput)',
    text: n8nFlow([webhook, digitsOnly({ onError: 'continueRegularOutput' }), pg(SQL_BY_NAME)], [['Orders', 'Validate'], ['Validate', 'Find order']]),
    expected: [{ covers: "$('Orders').item.json.body.id", message: /"Validate" checks it, but carries on after an error/ }],
  },
  {
    name: 'code that throws on a bad id, whose node continues on fail',
    text: n8nFlow([webhook, digitsOnly({ continueOnFail: true }), pg(SQL_BY_NAME)], [['Orders', 'Validate'], ['Validate', 'Find order']]),
    expected: [{ covers: "$('Orders').item.json.body.id" }],
  },
  {
    name: 'code that throws on a bad id, whose error output leads to the query too',
    text: n8nFlow([webhook, digitsOnly({ onError: 'continueErrorOutput' }), pg(SQL_BY_NAME)], [['Orders', 'Validate'], ['Validate', 'Find order'], ['Validate', 'Find order', 'main', 1]]),
    expected: [{ covers: "$('Orders').item.json.body.id" }],
  },
  {
    name: 'code that throws on a bad id, whose error output only answers 400',
    text: n8nFlow([webhook, digitsOnly({ onError: 'continueErrorOutput' }), pg(SQL_BY_NAME), reject], [['Orders', 'Validate'], ['Validate', 'Find order'], ['Validate', 'Reject', 'main', 1]]),
    expected: [],
  },
  {
    name: 'code that throws on a bad id with continueOnFail beside onError stopWorkflow (onError wins: it stops)',
    text: n8nFlow([webhook, digitsOnly({ continueOnFail: true, onError: 'stopWorkflow' }), pg(SQL_BY_NAME)], [['Orders', 'Validate'], ['Validate', 'Find order']]),
    expected: [],
  },
  { name: 'code that throws on a bad id (stops on error)', text: n8nFlow([webhook, digitsOnly(), pg(SQL_BY_NAME)], [['Orders', 'Validate'], ['Validate', 'Find order']]), expected: [] },
];

describe(`${INJ}: a check in code whose node carries on after an error`, () => runFlowTable(INJ, onErrorCases));

// n8n runs a disabled node as one that passes its input on: the data goes through it, its checks do not hold.
const noop = (extra: object = {}): N8nNode => ({ name: 'Noop', type: 'noOp', parameters: {}, ...extra });
const disabledCases: FlowCase[] = [
  {
    name: 'a request field that reaches SQL text through a disabled node',
    text: n8nFlow([webhook, noop({ disabled: true }), pg(SQL)], [['Orders', 'Noop'], ['Noop', 'Find order']]),
    expected: [{ covers: '$json.body.id' }],
  },
  {
    name: 'a request field that reaches SQL text past a disabled number check',
    text: n8nFlow([
      webhook,
      { name: 'Check', type: 'if', disabled: true, parameters: { conditions: { conditions: [{ leftValue: '={{ $json.body.id }}', rightValue: '0', operator: { type: 'number', operation: 'gt' } }], combinator: 'and' } } },
      pg(SQL),
    ], [['Orders', 'Check'], ['Check', 'Find order']]),
    expected: [{ covers: '$json.body.id', nth: 1 }],
  },
  {
    name: 'a disabled webhook (it receives nothing)',
    text: n8nFlow([{ ...webhook, disabled: true }, noop(), pg(SQL)], [['Orders', 'Noop'], ['Noop', 'Find order']]),
    expected: [],
  },
];

describe(`${INJ}: disabled n8n nodes pass their input on`, () => runFlowTable(INJ, disabledCases));

// JavaScript: Number.isNaN does not convert, so !Number.isNaN(x) holds for every text; isNaN(x) converts.
const nanCases: FlowCase[] = [
  {
    name: 'code that throws when Number.isNaN(id) (true only for the number NaN: every text passes)',
    text: n8nFlow([webhook, validate("if (Number.isNaN($json.body.id)) throw new Error('bad id');\nreturn $input.all();"), pg(SQL)], [['Orders', 'Validate'], ['Validate', 'Find order']]),
    expected: [{ covers: '$json.body.id', nth: 1 }],
  },
  {
    name: 'code that throws when isNaN(id) (it converts the text)',
    text: n8nFlow([webhook, validate("if (isNaN($json.body.id)) throw new Error('bad id');\nreturn $input.all();"), pg(SQL)], [['Orders', 'Validate'], ['Validate', 'Find order']]),
    expected: [],
  },
];

describe(`${INJ}: Number.isNaN is no number check`, () => runFlowTable(INJ, nanCases));

// Node-RED switch rules: a bound whose type the export leaves out is a number when it reads as one (the switch node's
// constructor); `prev` compares with the previous message's value, which the same caller can send first.
const nrIn = { id: 'in', type: 'http in', z: 't1', name: 'Orders', url: '/orders', method: 'post', wires: [['sw']] };
const nrSql = { id: 'db', type: 'postgresql', z: 't1', name: 'Find', query: 'SELECT * FROM t WHERE id = {{payload.id}}', wires: [[]] };
const sw = (rule: object) => ({ id: 'sw', type: 'switch', z: 't1', name: 'Check', property: 'payload.id', propertyType: 'msg', rules: [rule], outputs: 1, wires: [['db']] });
const PAYLOAD = '{{payload.id}}';
const switchCases: FlowCase[] = [
  { name: 'a switch equal to the previous value (prev)', text: nodeRedFlow(nrIn, sw({ t: 'eq', v: '', vt: 'prev' }), nrSql), expected: [{ covers: PAYLOAD }] },
  { name: 'a switch less than 100 with no bound type (Node-RED reads a number)', text: nodeRedFlow(nrIn, sw({ t: 'lt', v: '100' }), nrSql), expected: [] },
  { name: 'a switch between 1 (num) and 9 with no second bound type', text: nodeRedFlow(nrIn, sw({ t: 'btwn', v: '1', vt: 'num', v2: '9' }), nrSql), expected: [] },
  { name: "a switch less than 'm' with no bound type (a string: text compared)", text: nodeRedFlow(nrIn, sw({ t: 'lt', v: 'm' }), nrSql), expected: [{ covers: PAYLOAD }] },
];

describe(`${INJ}: Node-RED switch bounds as Node-RED reads them`, () => runFlowTable(INJ, switchCases));

// A Crypto node's HMAC compared by an IF: n8n reads the Crypto node's onError when set, continueOnFail only when not.
const github = { name: 'GitHub', type: 'webhook', parameters: { path: 'github', httpMethod: 'POST', responseMode: 'responseNode', options: { rawBody: true } } };
const crypto = (extra: object = {}): N8nNode => ({
  name: 'HMAC',
  type: 'crypto',
  ...extra,
  parameters: { action: 'hmac', type: 'SHA256', binaryData: true, binaryPropertyName: 'data', secret: '={{ $env.GITHUB_WEBHOOK_SECRET }}', dataPropertyName: 'hmac', encoding: 'hex' },
});
const valid: N8nNode = {
  name: 'Valid?',
  type: 'if',
  parameters: { conditions: { options: { caseSensitive: true, typeValidation: 'strict' }, conditions: [{ id: 'a', leftValue: "={{ 'sha256=' + $json.hmac }}", rightValue: "={{ $('GitHub').item.json.headers['x-hub-signature-256'] }}", operator: { type: 'string', operation: 'equals' } }], combinator: 'and' } },
};
const clone: N8nNode = { name: 'Run', type: 'executeCommand', parameters: { command: '=git clone {{ $json.body.repository.clone_url }}' } };
const signed = (cryptoNode: N8nNode) => n8nFlow([github, cryptoNode, valid, clone], [['GitHub', 'HMAC'], ['HMAC', 'Valid?'], ['Valid?', 'Run']]);

describe('a Crypto node whose onError overrides continueOnFail', () => {
  for (const [name, extra, expected] of [
    ['continueOnFail beside onError stopWorkflow (it stops)', { continueOnFail: true, onError: 'stopWorkflow' }, 0],
    ['continueOnFail beside onError continueErrorOutput (errors leave by the error output)', { continueOnFail: true, onError: 'continueErrorOutput' }, 0],
    ['continueOnFail false beside onError continueRegularOutput (it carries on)', { continueOnFail: false, onError: 'continueRegularOutput' }, 1],
  ] as const) {
    it(`${expected ? 'reports' : 'keeps the check for'} ${name}`, () => {
      const text = signed(crypto(extra));
      assert.equal(flowFindings(INJ, { text }).length, expected, 'injection');
      assert.equal(flowFindings(OPEN, { text }).length, expected, 'unauthenticated webhook');
    });
  }
  it('reports the clone URL when the Crypto node is disabled (the IF then compares sha256=undefined)', () => {
    assert.equal(flowFindings(INJ, { text: signed(crypto({ disabled: true })) }).length, 1);
  });
});

// Logic Apps: only the Consumption definition wrapper is read with access control beside it.
const WDL_SCHEMA = 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#';
const definition = { $schema: WDL_SCHEMA, contentVersion: '1.0.0.0', triggers: { manual: { type: 'Request', kind: 'Http', inputs: { schema: {} } } }, actions: {} };

describe(`${OPEN}: access control beside a definition`, () => {
  it('keeps the Standard info for a workflow.json that holds an accessControl key (Standard apps do not read it)', () => {
    const text = JSON.stringify({ definition, kind: 'Stateful', accessControl: { triggers: { allowedCallerIpAddresses: [{ addressRange: '10.0.0.0/8' }] } } }, null, 2);
    assert.deepEqual(findingsOf(OPEN, text).map((f) => f.severity), ['info']);
  });
});
