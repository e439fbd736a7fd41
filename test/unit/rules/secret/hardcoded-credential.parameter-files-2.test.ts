// Second reading of the parameter files (ARM deployment parameters, Logic Apps Standard parameters.json): an
// authentication object as a parameter's value, and the app settings the Standard fix names.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseJson } from '../../../../server/src/core/parse/json.js';
import { valueAt } from '../../../../server/src/core/walk.js';
import { findingsOf } from '../../../helpers/analyze.js';
import { applyFix } from '../../../helpers/inventory.js';
import { assertRangeCovers } from '../../../helpers/text.js';

const RULE = 'secret/hardcoded-credential';
// Made up: obviously fake random characters.
const LITERAL = 'q8Zr2LmX7vTn4KpW9sYc';
const OTHER = 'Wd4Hs9Pq2Nx7Kc3Vb8Lt';

const ARM_SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#';
const armParameters = (parameters: object) => JSON.stringify({ $schema: ARM_SCHEMA, contentVersion: '1.0.0.0', parameters }, null, 2);
const standardParameters = (parameters: object) => JSON.stringify(parameters, null, 2);

describe(`${RULE} (parameter files, second reading)`, () => {
  // A workflow reads an authentication object from a parameter ("authentication": "@parameters('ordersAuth')"; Microsoft
  // Learn's Standard example is a QueryString functionAuth). A Raw one's value is the whole Authorization header, as in
  // an HTTP action, where it is reported.
  it('reports a Raw authentication that is a parameter value (Standard, ARM parameters file), as in a workflow', () => {
    const raw = { type: 'Raw', value: `Bearer ${LITERAL}` };
    for (const [text, path] of [
      [standardParameters({ ordersAuth: { type: 'Object', value: raw } }), 'parameters.json'],
      [armParameters({ ordersAuth: { value: raw } }), 'azuredeploy.parameters.json'],
    ]) {
      const findings = findingsOf(RULE, text, path);
      assert.equal(findings.length, 1, path);
      assertRangeCovers(text, findings[0].range, LITERAL);
      assert.ok(!findings[0].message.includes(LITERAL));
    }
    // Not an authentication: another object's value member, and a Raw one holding a reference.
    const quiet = standardParameters({
      limits: { type: 'Object', value: { type: 'Throttle', value: 'Qz81Lm2Xc7Vb4Nk9Ps3' } },
      ordersAuth: { type: 'Object', value: { type: 'Raw', value: "@appsetting('OrdersAuthorization')" } },
    });
    assert.deepEqual(findingsOf(RULE, quiet, 'parameters.json').map((f) => f.message), []);
  });

  // One app setting holds one value: two secrets must not be sent to the same setting, or the fixed file gives one
  // service the other's secret.
  it('Standard: the fix names each app setting after the parameter, so two secrets never share one', () => {
    const text = standardParameters({
      crmApi: { type: 'Object', value: { clientId: 'crm-intake', clientSecret: LITERAL } },
      erpApi: { type: 'Object', value: { clientId: 'erp-intake', clientSecret: OTHER } },
      apiKey: { type: 'Array', value: [LITERAL, OTHER] },
    });
    const findings = findingsOf(RULE, text, 'parameters.json');
    assert.equal(findings.length, 4, findings.map((f) => f.message).join('\n'));
    const settings = findings.map((f) => {
      const fixed = parseJson(applyFix(text, f.fixes![0]));
      assert.deepEqual(fixed.problems, []);
      return JSON.stringify(fixed.value).match(/@appsetting\('([^']+)'\)/)![1];
    });
    assert.deepEqual(settings, ['crmApi_clientSecret', 'erpApi_clientSecret', 'apiKey_0', 'apiKey_1']);
    // A parameter's own value keeps the parameter's name.
    const own = standardParameters({ ordersApiKey: { type: 'String', value: LITERAL } });
    const fixed = applyFix(own, findingsOf(RULE, own, 'parameters.json')[0].fixes![0]);
    assert.equal(valueAt(parseJson(fixed).value, ['ordersApiKey', 'value']), "@appsetting('ordersApiKey')");
  });
});
