// secret/hardcoded-credential, second reading of issue #5: the literals of a workflow expression in a field that is a
// credential by its authentication's shape (QueryString `value`, Raw Key `parameter`, an HTTP action's Raw `value`).
// What is no secret stays quiet, a known format is reported once, the message masks, and no fix splices a reference in.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SECRET_FORMAT_EXAMPLES } from '../../../../server/src/core/knowledge/secretFormatExamples.js';
import { findingsOf } from '../../../helpers/analyze.js';
import { assertRangeCovers } from '../../../helpers/text.js';
import { callFunction, CONNECTION_KEY, FUNCTION_KEY, laStandardWorkflow, managedConnection, manualTrigger as manual, paSolutionFlow, queryAuth } from '../../../helpers/wdl.js';

const RULE = 'secret/hardcoded-credential';
const GITHUB_TOKEN = SECRET_FORMAT_EXAMPLES['github-pat']?.truePositives[0] ?? 'ghp_4gaSMyqces2QkkwcsCK4S8SEIAmmGQiwcS8k';

const queryString = (value: string) => ['workflow.json', laStandardWorkflow(manual, callFunction(queryAuth('code', value)))] as const;
const rawHeader = (value: string) => ['flow.json', paSolutionFlow(manual, callFunction({ type: 'Raw', value }))] as const;
const rawKey = (parameter: string) => ['connections.json', managedConnection({ type: 'Raw', scheme: 'Key', parameter })] as const;

describe(`${RULE}: probing expression literals in credential-shaped fields`, () => {
  const quiet: [string, readonly [string, string]][] = [
    ['a scheme before a reference (QueryString)', queryString("@concat('Bearer ', parameters('t'))")],
    ['a scheme before a reference (Raw header)', rawHeader("@concat('Bearer ', parameters('t'))")],
    ['a scheme before an action output (Raw header)', rawHeader("@concat('Bearer ', body('Get_token')?['access_token'])")],
    ['a Basic header built from parameters', rawHeader("@concat('Basic ', base64(concat(parameters('user'), ':', parameters('password'))))")],
    ['a SAS header built from parameters', rawHeader("@concat('SharedAccessSignature sr=', encodeUriComponent(parameters('uri')), '&sig=', parameters('sig'), '&se=', parameters('expiry'), '&skn=RootManageSharedAccessKey')")],
    ['a URL literal', queryString("@concat('https://orders-fn.azurewebsites.net/api/intake', parameters('k'))")],
    ['a placeholder literal', queryString("@concat('YOUR_FUNCTION_KEY', '')")],
    ['an angle-bracket placeholder', rawKey("@concat('<connection-key>', appsetting('suffix'))")],
    ['an app setting named by concat', rawKey("@appsetting(concat('servicebus_1', '-connectionKey'))")],
    ['a parameter named by concat in a QueryString value', queryString("@parameters(concat('functionKey_', 'westeurope01'))")],
    ['an output read by a name built by concat', rawHeader("@concat('Bearer ', body(concat('Get_token_', 'westeurope01'))?['access_token'])")],
    ['a parameter named by concat', queryString("@parameters(concat('functionKey', '_', parameters('environment')))")],
    ['a choice between parameters', queryString("@if(equals(parameters('environment'), 'production-westeurope'), parameters('prodKey'), parameters('testKey'))")],
    ['a short literal', queryString("@concat(parameters('k'), '-v2')")],
    ['an interpolated reference in text', rawHeader("Bearer @{parameters('token')}")],
  ];
  for (const [label, [path, text]] of quiet) {
    it(`stays quiet on ${label}`, () => assert.deepEqual(findingsOf(RULE, text, path).map((f) => f.message), []));
  }

  const reported: [string, readonly [string, string], string][] = [
    ['a QueryString key joined to a reference', queryString(`@concat('${FUNCTION_KEY}', parameters('suffix'))`), FUNCTION_KEY],
    ['a Raw header key after a scheme in one literal', rawHeader(`@concat('Bearer ${CONNECTION_KEY}', '')`), CONNECTION_KEY],
    ['a Raw header key inside @{…}', rawHeader(`Bearer @{concat('${CONNECTION_KEY}', parameters('x'))}`), CONNECTION_KEY],
  ];
  for (const [label, [path, text], secret] of reported) {
    it(`reports ${label} once, masked to 4 characters, with no fix`, () => {
      const findings = findingsOf(RULE, text, path);
      assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
      assertRangeCovers(text, findings[0].range, secret);
      assert.ok(!findings[0].message.includes(secret.slice(0, 5)), findings[0].message);
      assert.deepEqual(findings[0].fixes ?? [], []);
    });
  }

  const formats: [string, readonly [string, string]][] = [
    ['QueryString', queryString(`@concat('${GITHUB_TOKEN}', parameters('suffix'))`)],
    ['Raw Key', rawKey(`@concat('${GITHUB_TOKEN}', appsetting('suffix'))`)],
    ['Raw header', rawHeader(`@concat('Bearer ', '${GITHUB_TOKEN}')`)],
  ];
  for (const [label, [path, text]] of formats) {
    it(`reports a known-format token in a ${label} expression once`, () => {
      const findings = findingsOf(RULE, text, path);
      assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
      assertRangeCovers(text, findings[0].range, GITHUB_TOKEN);
      assert.ok(!findings[0].message.includes(GITHUB_TOKEN.slice(0, 5)));
      assert.deepEqual(findings[0].fixes ?? [], []);
    });
  }

  it('offers no fix that would drop the reference beside a key interpolated into text (the whole value would be replaced)', () => {
    const [path, text] = rawKey(`@{appsetting('prefix')}${CONNECTION_KEY}`);
    const [finding] = findingsOf(RULE, text, path);
    assert.deepEqual(finding.fixes ?? [], []);
  });
});
