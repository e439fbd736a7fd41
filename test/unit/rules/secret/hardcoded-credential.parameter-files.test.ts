// Parameter files committed beside Logic Apps: an ARM deployment parameters file (`{ $schema: …deploymentParameters.json#,
// parameters: { NAME: { value } } }`) and a Logic Apps Standard `parameters.json` (`{ NAME: { type, value } }`). A literal
// secret in a parameter's value is reported with the platform's advice: in an ARM parameters file, a Key Vault reference
// (`{ reference: { keyVault: { id }, secretName } }`, Microsoft Learn: "Use Azure Key Vault to pass secure parameter
// value during deployment"); in Standard, an app setting (`@appsetting('NAME')`, Microsoft Learn: "Create
// cross-environment parameters for workflow inputs"). Nothing else is judged: nobody runs a parameters file.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../../server/src/core/index.js';
import { parseJson } from '../../../../server/src/core/parse/json.js';
import { valueAt } from '../../../../server/src/core/walk.js';
import { findingsOf, TODAY } from '../../../helpers/analyze.js';
import { applyFix } from '../../../helpers/inventory.js';
import { assertRangeCovers } from '../../../helpers/text.js';

const RULE = 'secret/hardcoded-credential';
// Made up: obviously fake random characters.
const PASSWORD = 'Vx8#kQ2m!Lp9Zr';
const LITERAL = 'q8Zr2LmX7vTn4KpW9sYc';
const GITHUB_TOKEN = 'ghp_4gaSMyqces2QkkwcsCK4S8SEIAmmGQiwcS8k';
const VAULT_ID = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-orders/providers/Microsoft.KeyVault/vaults/kv-orders';

const ARM_SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#';
const armParameters = (parameters: object, schema = ARM_SCHEMA) => JSON.stringify({ $schema: schema, contentVersion: '1.0.0.0', parameters }, null, 2);
const standardParameters = (parameters: object) => JSON.stringify(parameters, null, 2);
const review = (text: string, path: string) => analyze({ uri: `file:///ws/${path}`, path, text }, { today: TODAY });

describe(`${RULE} (ARM deployment parameters file)`, () => {
  it('reports a literal password in a parameter value, with Key Vault advice, old schema too', () => {
    for (const schema of [ARM_SCHEMA, 'https://schema.management.azure.com/schemas/2015-01-01/deploymentParameters.json#']) {
      const text = armParameters({ workflowName: { value: 'orders-intake' }, sqlAdminPassword: { value: PASSWORD } }, schema);
      const findings = findingsOf(RULE, text, 'deploy/azuredeploy.parameters.json');
      assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
      assertRangeCovers(text, findings[0].range, PASSWORD);
      assert.match(findings[0].message, /^Hard-coded secret in "sqlAdminPassword" \(Vx8…\)/);
      assert.match(findings[0].message, /Key Vault reference \("reference": \{"keyVault": \{"id": …\}, "secretName": …\}\).*securestring/);
      assert.ok(!findings[0].message.includes(PASSWORD));
    }
  });

  it('reports a provider token whatever the parameter is called', () => {
    const text = armParameters({ repoSettings: { value: GITHUB_TOKEN } });
    const findings = findingsOf(RULE, text, 'azuredeploy.parameters.json');
    assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
    assertRangeCovers(text, findings[0].range, GITHUB_TOKEN);
    assert.match(findings[0].message, /^Hard-coded GitHub/);
  });

  it('the fix turns the value into a Key Vault reference (a vault the file already uses, else one to fill in)', () => {
    const text = armParameters({ apiKey: { reference: { keyVault: { id: VAULT_ID }, secretName: 'orders-api-key' } }, sql_admin_password: { value: PASSWORD } });
    const [finding, ...rest] = findingsOf(RULE, text, 'azuredeploy.parameters.json');
    assert.equal(rest.length, 0);
    const fixes = finding.fixes ?? [];
    assert.equal(fixes.length, 1);
    assert.match(fixes[0].title, /Key Vault reference.*secret "sql-admin-password"/);
    const fixed = applyFix(text, fixes[0]);
    const parsed = parseJson(fixed);
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(valueAt(parsed.value, ['parameters', 'sql_admin_password']), { reference: { keyVault: { id: VAULT_ID }, secretName: 'sql-admin-password' } });
    assert.equal(review(fixed, 'azuredeploy.parameters.json').detail, 'la-arm-parameters');
    assert.deepEqual(findingsOf(RULE, fixed, 'azuredeploy.parameters.json'), []);

    // No reference in the file: the vault's id is left for the user to fill in, and the title says so.
    const alone = armParameters({ sqlAdminPassword: { value: PASSWORD } });
    const fix = findingsOf(RULE, alone, 'azuredeploy.parameters.json')[0].fixes![0];
    assert.match(fix.title, /set the vault's resource id/);
    const reference = valueAt(parseJson(applyFix(alone, fix)).value, ['parameters', 'sqlAdminPassword', 'reference']) as { keyVault: { id: string }; secretName: string };
    assert.match(reference.keyVault.id, /^\/subscriptions\/<subscription-id>\/resourceGroups\/<resource-group>\/providers\/Microsoft\.KeyVault\/vaults\/<vault-name>$/);
    assert.equal(reference.secretName, 'sqlAdminPassword');
  });

  it('offers no fix where a reference cannot replace the secret alone (inside an object value)', () => {
    const text = armParameters({ settings: { value: { endpoint: 'https://api.example.com', apiKey: LITERAL } } });
    const findings = findingsOf(RULE, text, 'azuredeploy.parameters.json');
    assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
    assert.match(findings[0].message, /^Hard-coded secret in "apiKey"/);
    assert.deepEqual(findings[0].fixes ?? [], []);
  });

  it('stays quiet on Key Vault references, placeholders and values that are no secret', () => {
    const text = armParameters({
      sqlAdminPassword: { reference: { keyVault: { id: VAULT_ID }, secretName: 'sql-admin-password', secretVersion: '6a12a286385949db8b5f82afef85cae9' } },
      apiKey: { value: '<your-api-key>' },
      passwordPolicy: { value: 'StrongPassword' },
      tokenAudience: { value: 'https://management.azure.com/' },
      location: { value: 'westeurope' },
    });
    assert.deepEqual(findingsOf(RULE, text, 'azuredeploy.parameters.json').map((f) => f.message), []);
  });

  it('no other rule reports on a parameters file', () => {
    const text = armParameters({ workflowName: { value: 'orders-intake' }, sqlAdminPassword: { value: PASSWORD }, callbackUrl: { value: 'http://orders.example.com/callback' }, skipCertificateCheck: { value: true } });
    const result = review(text, 'azuredeploy.parameters.json');
    assert.deepEqual([result.format, result.detail], ['logic-apps', 'la-arm-parameters']);
    assert.deepEqual(result.findings.map((f) => f.ruleId), [RULE]);
  });
});

describe(`${RULE} (Logic Apps Standard parameters.json)`, () => {
  it('reports a literal secret in a parameter value, with app setting advice; the fix puts in @appsetting()', () => {
    const text = standardParameters({ ordersApiBase: { type: 'String', value: 'https://api.example.com' }, ordersApiKey: { type: 'string', value: LITERAL } });
    const [finding, ...rest] = findingsOf(RULE, text, 'orders-app/parameters.json');
    assert.equal(rest.length, 0);
    assertRangeCovers(text, finding.range, LITERAL);
    assert.match(finding.message, /^Hard-coded secret in "ordersApiKey" \(q8Zr…\)/);
    assert.match(finding.message, /use an app setting \(@appsetting\('NAME'\)\) whose value is a Key Vault reference/);
    const fixes = finding.fixes ?? [];
    assert.deepEqual(fixes.map((f) => f.title), ["Replace with @appsetting('ordersApiKey') (add that app setting, a Key Vault reference, then rotate the exposed secret)"]);
    const fixed = applyFix(text, fixes[0]);
    assert.equal(valueAt(parseJson(fixed).value, ['ordersApiKey', 'value']), "@appsetting('ordersApiKey')");
    assert.equal(review(fixed, 'orders-app/parameters.json').detail, 'la-standard-parameters');
    assert.deepEqual(findingsOf(RULE, fixed, 'orders-app/parameters.json'), []);
  });

  it("a secret after a scheme: the whole value becomes the app setting (it holds the header's whole value)", () => {
    const text = standardParameters({ ordersApiToken: { type: 'String', value: `Bearer ${LITERAL}` } });
    const fix = findingsOf(RULE, text, 'parameters.json')[0].fixes![0];
    assert.match(fix.title, /^Replace the whole value with @appsetting\('ordersApiToken'\)/);
    assert.equal(valueAt(parseJson(applyFix(text, fix)).value, ['ordersApiToken', 'value']), "@appsetting('ordersApiToken')");
  });

  it('reports a secret inside an object parameter; the fix puts @appsetting() in its place, named after the parameter and the member (parameters.json reads app settings at any depth)', () => {
    const text = standardParameters({ ordersApi: { type: 'Object', value: { clientId: 'orders-intake', clientSecret: LITERAL } } });
    const findings = findingsOf(RULE, text, 'parameters.json');
    assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
    assert.match(findings[0].message, /^Hard-coded secret in "clientSecret"/);
    const fixed = applyFix(text, findings[0].fixes![0]);
    assert.deepEqual(valueAt(parseJson(fixed).value, ['ordersApi', 'value']), { clientId: 'orders-intake', clientSecret: "@appsetting('ordersApi_clientSecret')" });
  });

  it('stays quiet on app setting references, and no other rule reports', () => {
    const text = standardParameters({
      ordersApiKey: { type: 'String', value: "@appsetting('OrdersApiKey')" },
      functionAuth: { type: 'Object', value: { type: 'QueryString', name: 'Code', value: "@appsetting('FunctionKey')" } },
      callbackUrl: { type: 'String', value: 'http://orders.example.com/callback' },
      retries: { type: 'Int', value: 3 },
    });
    const result = review(text, 'parameters.json');
    assert.deepEqual([result.format, result.detail], ['logic-apps', 'la-standard-parameters']);
    assert.deepEqual(result.findings.map((f) => f.message), []);
  });

  it('leaves a parameters.json of another shape unclaimed, as before', () => {
    const text = JSON.stringify({ database: { password: PASSWORD }, timeout: 30 }, null, 2);
    const result = review(text, 'config/parameters.json');
    assert.equal(result.format, 'unknown');
    assert.deepEqual(result.findings, []);
  });
});
