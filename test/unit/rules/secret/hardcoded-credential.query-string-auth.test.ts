// Logic Apps / Power Automate authentication objects whose secret is in a member no secret name names: a QueryString
// authentication `{ type: 'QueryString', name: 'Code', value }` sends its value as the query parameter `name` (Microsoft
// Learn's Standard connections.json function connection and parameters.json `functionAuth`: the Azure Functions key as
// `code`), and a connections.json managed connection's Raw authentication `{ type: 'Raw', scheme: 'Key', parameter }`
// holds the connection key in `parameter` (Learn: "parameter": "@appsetting('servicebus_1-connectionKey')").
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseJson } from '../../../../server/src/core/parse/json.js';
import { valueAt } from '../../../../server/src/core/walk.js';
import { findingsOf } from '../../../helpers/analyze.js';
import { applyFix } from '../../../helpers/inventory.js';
import { assertRangeCovers } from '../../../helpers/text.js';
import { callFunction, CONNECTION_KEY, FUNCTION_KEY, laStandardWorkflow, managedConnection, manualTrigger as manual, paSolutionFlow, queryAuth } from '../../../helpers/wdl.js';

const RULE = 'secret/hardcoded-credential';
const functionConnections = (authentication: unknown) => JSON.stringify({
  functionConnections: {
    azureFunctionOperation: {
      function: { id: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Web/sites/orders-fn/functions/Intake' },
      triggerUrl: 'https://orders-fn.azurewebsites.net/api/intake',
      authentication,
      displayName: 'orders-fn',
    },
  },
}, null, 2);
const parametersFile = (parameters: object) => JSON.stringify(parameters, null, 2);

/** The one finding in `text`, covering `secret`, whose message never holds it; its fix leaves valid JSON. */
function oneFinding(text: string, path: string, secret: string) {
  const findings = findingsOf(RULE, text, path);
  assert.equal(findings.length, 1, `${path}: ${findings.map((f) => f.message).join('\n')}`);
  assertRangeCovers(text, findings[0].range, secret);
  assert.ok(!findings[0].message.includes(secret));
  return findings[0];
}

/** Applies the finding's first fix: valid JSON, no finding left, the secret gone. */
function fixed(text: string, path: string, finding: ReturnType<typeof oneFinding>): unknown {
  assert.ok(finding.fixes?.length, 'a fix is offered');
  const after = applyFix(text, finding.fixes![0]);
  const parsed = parseJson(after);
  assert.deepEqual(parsed.problems, []);
  assert.ok(!after.includes(FUNCTION_KEY) && !after.includes(CONNECTION_KEY));
  assert.deepEqual(findingsOf(RULE, after, path).map((f) => f.message), []);
  return parsed.value;
}

describe(`${RULE} (QueryString and Raw Key authentication)`, () => {
  it('a function key in a connections.json function connection (QueryString, name Code or code): the fix reads an app setting', () => {
    for (const name of ['Code', 'code']) {
      const text = functionConnections(queryAuth(name, FUNCTION_KEY));
      const finding = oneFinding(text, 'connections.json', FUNCTION_KEY);
      assert.match(finding.message, new RegExp(`query parameter "${name}"`));
      const value = fixed(text, 'connections.json', finding);
      const auth = valueAt(value, ['functionConnections', 'azureFunctionOperation', 'authentication']);
      // The authentication keeps its shape: only the key became a reference.
      assert.deepEqual({ ...(auth as object), value: undefined }, { type: 'QueryString', name, value: undefined });
      assert.match((auth as { value: string }).value, /^@appsetting\('[A-Za-z][\w-]*'\)$/);
    }
  });

  it('a function key in parameters.json (functionAuth, as Microsoft Learn writes it): the fix reads an app setting', () => {
    const text = parametersFile({ responseString: { type: 'string', value: 'hello' }, functionAuth: { type: 'object', value: queryAuth('Code', FUNCTION_KEY) } });
    const finding = oneFinding(text, 'parameters.json', FUNCTION_KEY);
    const value = fixed(text, 'parameters.json', finding);
    const auth = valueAt(value, ['functionAuth', 'value']) as Record<string, string>;
    assert.equal(auth.type, 'QueryString');
    assert.equal(auth.name, 'Code');
    assert.match(auth.value, /^@appsetting\('[A-Za-z][\w-]*'\)$/);
  });

  it("a function key in a workflow's HTTP action authentication (Standard workflow.json, Power Automate solution)", () => {
    const standard = laStandardWorkflow(manual, callFunction(queryAuth('code', FUNCTION_KEY)));
    const finding = oneFinding(standard, 'workflow.json', FUNCTION_KEY);
    const value = fixed(standard, 'workflow.json', finding);
    assert.match(String(valueAt(value, ['definition', 'actions', 'Call_function', 'inputs', 'authentication', 'value'])), /^@appsetting\('\w+'\)$/);
    const solution = paSolutionFlow(manual, callFunction(queryAuth('code', FUNCTION_KEY)));
    const pa = oneFinding(solution, 'flow.json', FUNCTION_KEY);
    const paFixed = fixed(solution, 'flow.json', pa);
    assert.match(String(valueAt(paFixed, ['properties', 'definition', 'actions', 'Call_function', 'inputs', 'authentication', 'value'])), /^@parameters\('\w+'\)$/);
  });

  it("a connection key that is no JWT in a managed connection's Raw authentication (scheme Key, parameter)", () => {
    const text = managedConnection({ type: 'Raw', scheme: 'Key', parameter: CONNECTION_KEY });
    const finding = oneFinding(text, 'connections.json', CONNECTION_KEY);
    const value = fixed(text, 'connections.json', finding);
    const auth = valueAt(value, ['managedApiConnections', 'servicebus', 'authentication']) as Record<string, string>;
    assert.equal(auth.type, 'Raw');
    assert.equal(auth.scheme, 'Key');
    // Named as the designer names the setting (servicebus-connectionKey).
    assert.equal(auth.parameter, "@appsetting('servicebus_connectionKey')");
    assert.match(finding.message, /connection key in "parameter" of the Raw authentication/);
  });

  it('stays quiet on references and placeholders, and on query strings that are no authentication', () => {
    const quiet = [
      ['connections.json', functionConnections(queryAuth('Code', "@appsetting('azureFunctionOperation_functionAppKey')"))],
      ['connections.json', functionConnections(queryAuth('Code', '<function key>'))],
      ['connections.json', functionConnections("@parameters('functionAuth')")],
      ['connections.json', managedConnection({ type: 'Raw', scheme: 'Key', parameter: "@appsetting('servicebus_1-connectionKey')" })],
      ['parameters.json', parametersFile({ functionAuth: { type: 'Object', value: queryAuth('Code', "@appsetting('AzureFunctionsOperation-FunctionAppKey')") } })],
      ['workflow.json', laStandardWorkflow(manual, callFunction(queryAuth('code', "@{parameters('functionKey')}")))],
      ['workflow.json', laStandardWorkflow(manual, callFunction(queryAuth('code', "@appsetting('FunctionKey')")))],
      // A request's query parameter of another type, and a QueryString object whose value is a page number or a word.
      ['workflow.json', laStandardWorkflow(manual, { Compose: { type: 'Compose', inputs: { filters: [{ type: 'QueryString', name: 'page', value: '2' }, { type: 'QueryString', name: 'code', value: 'orders-intake' }] }, runAfter: {} } })],
    ] as const;
    for (const [path, text] of quiet) assert.deepEqual(findingsOf(RULE, text, path).map((f) => f.message), [], text);
  });
});

describe(`${RULE}: an expression in a field that is a credential by its authentication's shape`, () => {
  // The field's name (`code`, `parameter`, `value`) says nothing, so its expression's literals are read because of the
  // authentication it sits in, as a secret-named field's are; references are never secrets.
  const paHttp = (authentication: unknown) => paSolutionFlow(manual, callFunction(authentication));
  const reported: [string, string, string, string, RegExp][] = [
    ['a QueryString value built with concat', 'workflow.json', laStandardWorkflow(manual, callFunction(queryAuth('code', `@concat('${FUNCTION_KEY}', parameters('suffix'))`))), FUNCTION_KEY, /QueryString authentication of "Call_function", sent with every call as the query parameter "code"/],
    ['a QueryString value interpolating a concat', 'flow.json', paHttp(queryAuth('code', `@{concat('${FUNCTION_KEY}', parameters('suffix'))}`)), FUNCTION_KEY, /QueryString authentication of "Call_function"/],
    ["a Raw authentication's connection key built with concat", 'connections.json', managedConnection({ type: 'Raw', scheme: 'Key', parameter: `@concat('${CONNECTION_KEY}', appsetting('suffix'))` }), CONNECTION_KEY, /connection key in "parameter" of the Raw authentication/],
    ["a Raw authentication's header built with concat", 'flow.json', paHttp({ type: 'Raw', value: `@concat('Bearer ', '${CONNECTION_KEY}')` }), CONNECTION_KEY, /Hard-coded secret in "authentication" of node "Call_function"/],
  ];
  for (const [label, path, text, secret, message] of reported) {
    it(`reports ${label}, on the literal, masked, with no fix`, () => {
      const finding = oneFinding(text, path, secret);
      assert.equal(text.slice(finding.range.start, finding.range.end), secret);
      assert.match(finding.message, message);
      assert.match(finding.message, new RegExp(`\\(${secret.slice(0, 4)}…\\)`));
      assert.deepEqual(finding.fixes ?? [], [], 'no reference can be spliced into the expression');
    });
  }

  const quiet: [string, string, string][] = [
    ['a QueryString value joining references', 'workflow.json', laStandardWorkflow(manual, callFunction(queryAuth('code', "@concat(parameters('functionKey'), appsetting('suffix'))")))],
    ['a QueryString value reading an action', 'flow.json', paHttp(queryAuth('code', "@{body('Get_function_key')?['value']}"))],
    ["a Raw authentication's connection key joining app settings", 'connections.json', managedConnection({ type: 'Raw', scheme: 'Key', parameter: "@concat(appsetting('servicebus-key'), appsetting('suffix'))" })],
    ["a Raw authentication's header from a parameter", 'flow.json', paHttp({ type: 'Raw', value: "@concat('Bearer ', parameters('ApiToken'))" })],
  ];
  for (const [label, path, text] of quiet) {
    it(`stays quiet on ${label}`, () => {
      assert.deepEqual(findingsOf(RULE, text, path).map((f) => f.message), []);
    });
  }
});
