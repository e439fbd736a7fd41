// Logic Apps Standard: a workflow.json, connections.json and local.settings.json live in one project whose secrets
// belong in app settings (Key Vault references), not in SecureString parameters, which Standard does not support
// ("In Standard logic app workflows, secure data types, such as securestring and secureobject, aren't supported":
// Microsoft Learn, Create cross-environment parameters for workflow inputs). The fix and the advice say so; and the
// connection strings such a project holds (Service Bus, Event Hubs, SQL) are found by their key or password.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../../server/src/core/index.js';
import { parseJson } from '../../../../server/src/core/parse/json.js';
import { valueAt } from '../../../../server/src/core/walk.js';
import { findingsOf, TODAY } from '../../../helpers/analyze.js';
import { applyFix } from '../../../helpers/inventory.js';
import { assertRangeCovers } from '../../../helpers/text.js';
import { laStandardWorkflow } from '../../../helpers/wdl.js';

const RULE = 'secret/hardcoded-credential';
// Made up: obviously fake random characters in the shapes the services use (a 32-byte base64 key, a password).
const SAS_KEY = 'Qz7vKp2XwL9mRt4YbN8cFj3Hd6Sa1Ue5Go0Ti7Wr2Mk=';
const SQL_PASSWORD = 'Vx8#kQ2m!Lp9Zr';
const LITERAL = 'q8Zr2LmX7vTn4KpW9sYc';
const APP_SETTING_ADVICE = /use an app setting \(@appsetting\('NAME'\)\) whose value is a Key Vault reference/;

const http = (inputs: object) => ({ Call_API: { type: 'Http', inputs: { method: 'POST', uri: 'https://api.example.com/v1', ...inputs }, runAfter: {} } });
const standard = (inputs: object) => laStandardWorkflow({ manual: { type: 'Request', kind: 'Http', inputs: {} } }, http(inputs));
const connections = (connection: object) => JSON.stringify({ serviceProviderConnections: { serviceBus: { parameterValues: connection, serviceProvider: { id: '/serviceProviders/serviceBus' }, displayName: 'orders-bus' } }, managedApiConnections: {} }, null, 2);
const review = (text: string, path: string) => analyze({ uri: `file:///ws/${path}`, path, text }, { today: TODAY }).findings;

describe(`${RULE} (Logic Apps Standard)`, () => {
  it('a workflow.json secret: the fix puts in @appsetting(), with no SecureString parameter', () => {
    const text = standard({ headers: { 'x-api-key': LITERAL } });
    const [finding, ...rest] = findingsOf(RULE, text, 'orders/workflow.json');
    assert.equal(rest.length, 0);
    assert.match(finding.message, APP_SETTING_ADVICE);
    const fixes = finding.fixes ?? [];
    assert.deepEqual(fixes.map((f) => f.title), ["Replace with @appsetting('Call_API_x_api_key') (add that app setting, a Key Vault reference, then rotate the exposed secret)"]);
    const fixed = applyFix(text, fixes[0]);
    const parsed = parseJson(fixed);
    assert.deepEqual(parsed.problems, []);
    assert.equal(valueAt(parsed.value, ['definition', 'actions', 'Call_API', 'inputs', 'headers', 'x-api-key']), "@appsetting('Call_API_x_api_key')");
    assert.equal(valueAt(parsed.value, ['definition', 'parameters']), undefined, 'no definition parameter: Standard has no SecureString');
    assert.deepEqual(findingsOf(RULE, fixed, 'orders/workflow.json'), []);
  });

  it('a workflow.json secret inside a longer string becomes @{appsetting()}', () => {
    const text = standard({ headers: { Authorization: `Bearer ${LITERAL}` } });
    const fix = findingsOf(RULE, text, 'orders/workflow.json')[0].fixes![0];
    const fixed = parseJson(applyFix(text, fix)).value;
    assert.equal(valueAt(fixed, ['definition', 'actions', 'Call_API', 'inputs', 'headers', 'Authorization']), "Bearer @{appsetting('Call_API_Authorization')}");
  });

  it('a Service Bus connection string in connections.json: its SharedAccessKey, fixed with @appsetting()', () => {
    const text = connections({ connectionString: `Endpoint=sb://orders.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${SAS_KEY}` });
    const findings = findingsOf(RULE, text, 'connections.json');
    assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
    assertRangeCovers(text, findings[0].range, SAS_KEY);
    assert.match(findings[0].message, /^Hard-coded Azure Service Bus \/ Event Hubs shared access key in "connectionString" of node "[^"]+" \(Qz7v…\)/);
    assert.ok(!findings[0].message.includes(SAS_KEY));
    assert.match(findings[0].message, APP_SETTING_ADVICE);
    const fix = findings[0].fixes![0];
    assert.equal(fix.title, "Replace the whole value with @appsetting('serviceBus_connectionString') (add that app setting, a Key Vault reference, then rotate the exposed secret)");
    const fixed = applyFix(text, fix);
    assert.equal(valueAt(parseJson(fixed).value, ['serviceProviderConnections', 'serviceBus', 'parameterValues', 'connectionString']), "@appsetting('serviceBus_connectionString')");
    assert.deepEqual(findingsOf(RULE, fixed, 'connections.json'), []);
  });

  it('a SQL connection string password in connections.json', () => {
    const text = connections({ connectionString: `Server=tcp:orders.database.windows.net,1433;Initial Catalog=orders;User ID=svc;Password=${SQL_PASSWORD};Encrypt=True;` });
    const findings = findingsOf(RULE, text, 'connections.json');
    assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
    assertRangeCovers(text, findings[0].range, SQL_PASSWORD);
    assert.match(findings[0].message, /^Hard-coded Database connection string password in "connectionString"/);
  });

  it('a managed connection key (authentication Raw, scheme Key) in connections.json', () => {
    const key = `eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.${'eyJ'}${LITERAL}${LITERAL}.${LITERAL}${LITERAL}`;
    const text = JSON.stringify({ managedApiConnections: { office365: { api: { id: '/subscriptions/x/providers/Microsoft.Web/locations/westeurope/managedApis/office365' }, connection: { id: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Web/connections/office365' }, connectionRuntimeUrl: 'https://0a1b2c3d.12.common.logic-westeurope.azure-apihub.net/apim/office365/0a1b2c3d4e5f/', authentication: { type: 'Raw', scheme: 'Key', parameter: key } } } }, null, 2);
    const findings = findingsOf(RULE, text, 'connections.json');
    assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
  });

  it('local.settings.json: the advice is to keep it out of source control and use Key Vault references', () => {
    const text = JSON.stringify({ IsEncrypted: false, Values: { AzureWebJobsStorage: 'UseDevelopmentStorage=true', FUNCTIONS_WORKER_RUNTIME: 'dotnet', serviceBus_connectionString: `Endpoint=sb://orders.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=${SAS_KEY}` } }, null, 2);
    const findings = review(text, 'local.settings.json').filter((f) => f.ruleId === RULE);
    assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
    assertRangeCovers(text, findings[0].range, SAS_KEY);
    assert.match(findings[0].message, /keep local\.settings\.json out of source control.*Key Vault reference/);
    assert.deepEqual(findings[0].fixes ?? [], []);
  });

  it('stays quiet on connections that read app settings and parameters, and on a key name with no key', () => {
    const text = JSON.stringify({
      serviceProviderConnections: {
        serviceBus: { parameterValues: { connectionString: "@appsetting('serviceBus_connectionString')" }, serviceProvider: { id: '/serviceProviders/serviceBus' } },
        sql: { parameterValues: { connectionString: 'Server=tcp:orders.database.windows.net;Authentication=Active Directory Managed Identity;Database=orders' }, serviceProvider: { id: '/serviceProviders/sql' } },
      },
      managedApiConnections: { azureblob: { api: { id: "/subscriptions/@{appsetting('WORKFLOWS_SUBSCRIPTION_ID')}/providers/Microsoft.Web/locations/westeurope/managedApis/azureblob" }, authentication: "@parameters('blob_auth')" }, office365: { authentication: { type: 'Raw', scheme: 'Key', parameter: "@appsetting('office365-connectionKey')" } } },
    }, null, 2);
    assert.deepEqual(findingsOf(RULE, text, 'connections.json').map((f) => f.message), []);
    const placeholders = connections({ connectionString: 'Endpoint=sb://orders.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=<your-key>' });
    assert.deepEqual(findingsOf(RULE, placeholders, 'connections.json').map((f) => f.message), []);
  });
});
