// A second reading of the supply-chain rules. unapproved-connector: custom connectors named like a Microsoft or another
// vendor's connector (a name their author typed, approved or blocked by that connector's entry), n8n AI tools, memories,
// embeddings, vector stores and triggers of a known service node (also when the export left the credentials out) named
// by that service, a community node typed like an n8n tool, Logic Apps Standard built-in service providers by the API
// name of Microsoft's connector of the same service, and a policy's `HTTP Request` entry on every platform.
// unvetted-node: a Node-RED module entry or a micropip wheel URL that holds a token is never quoted.
import { describe } from 'node:test';
import { policyFromValue } from '../../../../server/src/core/index.js';
import { n8nFlow, runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { makeBlueprint, nodeRedFlow, zapierExport } from '../../../helpers/platformDocs.js';
import { laStandardWorkflow, paSolutionFlow } from '../../../helpers/wdl.js';

const CONNECTOR = 'supply-chain/unapproved-connector';
const NODE = 'supply-chain/unvetted-node';

const policy = (connectors: object) => ({ policy: policyFromValue({ connectors }) });
const button = { manual: { type: 'Request', kind: 'Button', inputs: {} } };
const paCall = (api: string) => paSolutionFlow(button, { Create_order: { type: 'OpenApiConnection', inputs: { host: { connectionName: api, operationId: 'CreateOrder', apiId: `/providers/Microsoft.PowerApps/apis/${api}` } }, runAfter: {} } });

/** A Logic Apps workflow whose one action uses the `Microsoft.Web/customApis` resource `name`. */
function laCustomApi(name: string): string {
  const definition = {
    $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
    contentVersion: '1.0.0.0',
    triggers: { Recurrence: { type: 'Recurrence', recurrence: { frequency: 'Hour', interval: 1 } } },
    actions: { Create_order: { type: 'ApiConnection', inputs: { host: { connection: { name: "@parameters('$connections')['orders']['connectionId']" } }, method: 'post', path: '/orders' }, runAfter: {} } },
  };
  const $connections = { value: { orders: { connectionId: '/subscriptions/0/resourceGroups/rg/providers/Microsoft.Web/connections/orders', connectionName: 'orders', id: `/subscriptions/0/resourceGroups/rg/providers/Microsoft.Web/customApis/${name}` } } };
  return JSON.stringify({ definition, $connections }, null, 2);
}

const notApproved = (name: string) => [{ covers: '"Create_order"', severity: 'warning' as const, message: new RegExp(`^"Create_order" uses Custom connector "${name}", which is not on the review policy's approved list`) }];

const connectorCases: FlowCase[] = [
  // A custom connector's name is whatever its author typed: a vendor's entry must not approve (or block) it.
  { name: 'a solution custom connector named "sharepoint" when SharePoint is approved', text: paCall('shared_cr8b4-5fsharepoint-5f1a2b3c4d5e6f7a8b'), options: policy({ approved: ['SharePoint'] }), expected: notApproved('sharepoint') },
  { name: 'a custom connector named "office 365 outlook" when Office 365 Outlook is approved', text: paCall('shared_office-20365-20outlook-5f1234567890abcd-5f1234567890abcd'), options: policy({ approved: ['Office 365 Outlook'] }), expected: notApproved('office 365 outlook') },
  { name: 'a custom connector named "sharepointonline" when shared_sharepointonline is approved', text: paCall('shared_cr8b4-5fsharepointonline-5f1a2b3c4d5e6f7a8b'), options: policy({ approved: ['shared_sharepointonline'] }), expected: notApproved('sharepointonline') },
  { name: 'a custom connector named "slack tool" when Slack is approved', text: paCall('shared_cr8b4-5fslack-20tool-5f1a2b3c4d5e6f7a8b'), options: policy({ approved: ['Slack'] }), expected: notApproved('slack tool') },
  { name: 'a Logic Apps custom connector (customApis) named office365 when office365 is approved', text: laCustomApi('office365'), options: policy({ approved: ['office365'] }), expected: notApproved('office365') },
  { name: 'a Logic Apps custom connector named sharepoint-trigger when SharePoint is approved', text: laCustomApi('sharepoint-trigger'), options: policy({ approved: ['SharePoint'] }), expected: notApproved('sharepoint-trigger') },
  { name: 'a custom connector named "sql" when SQL Server (sql) is blocked', text: paCall('shared_cr8b4-5fsql-5f1a2b3c4d5e6f7a8b'), options: policy({ blocked: ['sql'] }), expected: [] },
  // Such a connector is still approved by its own entry.
  { name: 'a custom connector named "sharepoint" approved as a custom connector', text: paCall('shared_cr8b4-5fsharepoint-5f1a2b3c4d5e6f7a8b'), options: policy({ approved: ['Custom connector "sharepoint"'] }), expected: [] },
  { name: 'a custom connector named "sharepoint" approved by its id', text: paCall('shared_cr8b4-5fsharepoint-5f1a2b3c4d5e6f7a8b'), options: policy({ approved: ['shared_cr8b4-5fsharepoint-5f1a2b3c4d5e6f7a8b'] }), expected: [] },
  { name: 'a custom connector with a name of its own, approved by it', text: paCall('shared_cr8b4-5fcontoso-20orders-5f1a2b3c4d5e6f7a8b'), options: policy({ approved: ['Contoso Orders'] }), expected: [] },
  {
    // Templates leave credentials out; the node an AI tool, memory, embeddings or vector store wraps still names its service.
    name: 'n8n AI tools, memories, embeddings, vector stores and a Postgres trigger of blocked services, without credentials',
    text: n8nFlow([
      { name: 'Query tool', type: 'postgresTool' },
      { name: 'Memory', type: '@n8n/n8n-nodes-langchain.memoryPostgresChat' },
      { name: 'Embed', type: '@n8n/n8n-nodes-langchain.embeddingsOpenAi' },
      { name: 'Store', type: '@n8n/n8n-nodes-langchain.vectorStoreSupabase' },
      { name: 'Post tool', type: 'slackTool' },
      { name: 'Shell tool', type: 'executeCommandTool' },
      { name: 'On row', type: 'postgresTrigger' },
    ]),
    options: policy({ blocked: ['PostgreSQL', 'OpenAI', 'Supabase', 'Slack', 'Shell command'] }),
    expected: [
      { covers: '"n8n-nodes-base.postgresTool"', severity: 'error', message: /^"Query tool" uses PostgreSQL, which the review policy blocks/ },
      { covers: '"@n8n/n8n-nodes-langchain.memoryPostgresChat"', severity: 'error', message: /^"Memory" uses PostgreSQL, which/ },
      { covers: '"@n8n/n8n-nodes-langchain.embeddingsOpenAi"', severity: 'error', message: /^"Embed" uses OpenAI, which/ },
      { covers: '"@n8n/n8n-nodes-langchain.vectorStoreSupabase"', severity: 'error', message: /^"Store" uses Supabase, which/ },
      { covers: '"n8n-nodes-base.slackTool"', severity: 'error', message: /^"Post tool" uses Slack, which/ },
      { covers: '"n8n-nodes-base.executeCommandTool"', severity: 'error', message: /^"Shell tool" uses Shell command, which/ },
      { covers: '"n8n-nodes-base.postgresTrigger"', severity: 'error', message: /^"On row" uses PostgreSQL, which/ },
    ],
  },
  {
    name: "n8n's own AI building blocks without credentials under an approved list",
    text: n8nFlow([
      { name: 'Window', type: '@n8n/n8n-nodes-langchain.memoryBufferWindow' },
      { name: 'Sub-workflow', type: '@n8n/n8n-nodes-langchain.toolWorkflow' },
      { name: 'Calculator', type: '@n8n/n8n-nodes-langchain.toolCalculator' },
      { name: 'Code tool', type: '@n8n/n8n-nodes-langchain.toolCode' },
      { name: 'In memory', type: '@n8n/n8n-nodes-langchain.vectorStoreInMemory' },
      { name: 'Parser', type: '@n8n/n8n-nodes-langchain.outputParserStructured' },
      { name: 'Agent tool', type: '@n8n/n8n-nodes-langchain.agentTool' },
    ]),
    options: policy({ approved: ['Slack'] }),
    expected: [],
  },
  {
    // A community package picks its node's type name: `postgresTool` there is not n8n's Postgres tool.
    name: "a community node typed like n8n's Postgres tool when PostgreSQL is approved",
    text: n8nFlow([{ name: 'Query tool', type: 'n8n-nodes-acme.postgresTool', credentials: { acmeApi: { id: '1', name: 'Acme' } } }]),
    options: policy({ approved: ['PostgreSQL'] }),
    expected: [{ covers: '"n8n-nodes-acme.postgresTool"', severity: 'warning' }],
  },
  {
    // A Logic Apps Standard built-in service provider of the same service as Microsoft's connector of that API name is
    // that service (`/serviceProviders/sql` is SQL Server, as `sql` is); `/serviceProviders/openai` is Azure OpenAI and
    // no connector of Microsoft's is `openai`.
    name: "Logic Apps Standard's built-in SQL Server, Blob Storage and Service Bus when their API names are blocked",
    text: laStandardWorkflow({ manual: { type: 'Request', kind: 'Http', inputs: {} } }, {
      Rows: { type: 'ServiceProvider', inputs: { parameters: { query: 'SELECT 1' }, serviceProviderConfiguration: { connectionName: 'sql', operationId: 'executeQuery', serviceProviderId: '/serviceProviders/sql' } }, runAfter: {} },
      Upload: { type: 'ServiceProvider', inputs: { parameters: {}, serviceProviderConfiguration: { connectionName: 'AzureBlob', operationId: 'uploadBlob', serviceProviderId: '/serviceProviders/AzureBlob' } }, runAfter: { Rows: ['Succeeded'] } },
      Publish: { type: 'ServiceProvider', inputs: { parameters: {}, serviceProviderConfiguration: { connectionName: 'serviceBus', operationId: 'sendMessage', serviceProviderId: '/serviceProviders/serviceBus' } }, runAfter: { Upload: ['Succeeded'] } },
      Chat: { type: 'ServiceProvider', inputs: { parameters: {}, serviceProviderConfiguration: { connectionName: 'openai', operationId: 'getChatCompletions', serviceProviderId: '/serviceProviders/openai' } }, runAfter: { Publish: ['Succeeded'] } },
    }),
    options: policy({ blocked: ['sql', 'shared_azureblob', '/subscriptions/0/providers/Microsoft.Web/locations/westeurope/managedApis/servicebus', 'openai'] }),
    expected: [
      { covers: '"Rows"', severity: 'error', message: /^"Rows" uses SQL Server, which the review policy blocks/ },
      { covers: '"Upload"', severity: 'error', message: /^"Upload" uses Azure Blob Storage, which/ },
      { covers: '"Publish"', severity: 'error', message: /^"Publish" uses Azure Service Bus, which/ },
    ],
  },
  // `HTTP Request` is n8n's and Node-RED's name for the node that calls any URL: it names every platform's.
  ...([
    ['Power Automate', paSolutionFlow(button, { Call: { type: 'Http', inputs: { method: 'GET', uri: 'https://api.example.com/orders' }, runAfter: {} } }), '"Call"'],
    ['Logic Apps', laStandardWorkflow({ manual: { type: 'Request', kind: 'Http', inputs: {} } }, { Call: { type: 'Http', inputs: { method: 'GET', uri: 'https://api.example.com/orders' }, runAfter: {} } }), '"Call"'],
    ['Make', makeBlueprint({ id: 1, module: 'http:ActionSendData', version: 3, parameters: {}, mapper: { url: 'https://api.example.com/orders', method: 'get' }, metadata: { designer: { name: 'Call' } } }), '"http:ActionSendData"'],
    ['Zapier', zapierExport({
      '1': { id: 1, parent_id: null, selected_api: 'ScheduleAPI', action: 'every_day', params: {}, title: 'Daily' },
      '2': { id: 2, parent_id: 1, selected_api: 'WebHookCLIAPI@1.0.20', action: 'get', params: { url: 'https://api.example.com/orders' }, title: 'Call' },
    }), '"2"'],
  ] as const).map(([platform, text, covers]): FlowCase => ({
    name: `a ${platform} HTTP call when HTTP Request is blocked`,
    text,
    options: policy({ blocked: ['HTTP Request'] }),
    expected: [{ covers, severity: 'error', message: /^"Call" uses (?:HTTP|Webhooks by Zapier), which the review policy blocks/ }],
  })),
  {
    // n8n's GraphQL node posts to any endpoint URL, as HTTP Request does.
    name: "n8n's GraphQL node when HTTP is blocked",
    text: n8nFlow([{ name: 'Query', type: 'graphql', parameters: { endpoint: 'https://api.example.com/graphql' } }]),
    options: policy({ blocked: ['HTTP'] }),
    expected: [{ covers: '"n8n-nodes-base.graphql"', severity: 'error', message: /^"Query" uses GraphQL, which the review policy blocks/ }],
  },
  { name: "n8n's GraphQL node when HTTP is approved", text: n8nFlow([{ name: 'Query', type: 'graphql', parameters: { endpoint: 'https://api.example.com/graphql' } }]), options: policy({ approved: ['HTTP'] }), expected: [] },
  {
    // n8n's HTTP Request signs in with a service's own credential type (`nodeCredentialType`): it calls that service.
    name: 'n8n HTTP Requests with a Slack and an OpenAI credential when Slack and OpenAI are blocked',
    text: n8nFlow([
      { name: 'Post', type: 'httpRequest', typeVersion: 4.2, parameters: { method: 'POST', url: 'https://slack.com/api/chat.postMessage', authentication: 'predefinedCredentialType', nodeCredentialType: 'slackOAuth2Api' }, credentials: { slackOAuth2Api: { id: '1', name: 'Slack bot' } } },
      { name: 'Ask', type: 'httpRequest', typeVersion: 4.2, parameters: { method: 'POST', url: 'https://api.openai.com/v1/responses', authentication: 'predefinedCredentialType', nodeCredentialType: 'openAiApi' } },
      { name: 'Search', type: 'httpRequestTool', typeVersion: 4.2, parameters: { url: 'https://serpapi.com/search', authentication: 'predefinedCredentialType', nodeCredentialType: 'serpApi' } },
      { name: 'Call', type: 'httpRequest', typeVersion: 4.2, parameters: { url: 'https://api.example.com', authentication: 'genericCredentialType', genericAuthType: 'httpHeaderAuth', nodeCredentialType: 'slackApi' } },
    ]),
    options: policy({ blocked: ['Slack', 'OpenAI', 'SerpApi'] }),
    expected: [
      { covers: '"n8n-nodes-base.httpRequest"', severity: 'error', message: /^"Post" uses HTTP \(with its Slack credential\), which the review policy blocks/ },
      { covers: '"n8n-nodes-base.httpRequest"', nth: 1, severity: 'error', message: /^"Ask" uses HTTP \(with its OpenAI credential\), which/ },
      { covers: '"n8n-nodes-base.httpRequestTool"', severity: 'error', message: /^"Search" uses HTTP \(with its serpApi credential\), which/ },
    ],
  },
  {
    name: 'an n8n HTTP Request with a Slack credential when HTTP is approved',
    text: n8nFlow([{ name: 'Post', type: 'httpRequest', typeVersion: 4.2, parameters: { method: 'POST', url: 'https://slack.com/api/chat.postMessage', authentication: 'predefinedCredentialType', nodeCredentialType: 'slackApi' } }]),
    options: policy({ approved: ['HTTP'] }),
    expected: [],
  },
];

// Node-RED installs `name@<spec>` with npm, and npm takes a git or tarball URL as the spec: it may hold a token.
const TOKEN = 'Zq7Xw2Lp9Rt4Vb8Nm3Kd6Hs1';
const fn = (libs: readonly object[]) => nodeRedFlow({ id: 'f', type: 'function', name: 'Shape', func: 'return msg;', libs, x: 1, y: 1, wires: [[]] });

const gitLibs = [{ var: 'sdk', module: `acme-sdk@git+https://deploy:${TOKEN}@git.example.com/acme/sdk.git` }, { var: '_', module: 'lodash@^4.17.21' }];
const urlLibs = [{ var: 'sdk', module: `deploy:${TOKEN}@git.example.com/acme/sdk.git` }];

const nodeCases: FlowCase[] = [
  {
    name: 'a Node-RED module whose version is a git URL with a token, by its name only',
    text: fn(gitLibs),
    expected: [{ covers: JSON.stringify(gitLibs), severity: 'warning', message: /^"Shape" loads acme-sdk, lodash@\^4\.17\.21 into its code \(functionExternalModules\)/ }],
  },
  {
    name: 'a Node-RED module entry that is not a package name (a URL), without quoting it',
    text: fn(urlLibs),
    expected: [{ covers: JSON.stringify(urlLibs), severity: 'warning', message: /^"Shape" loads a module given by a URL or path into its code/ }],
  },
  {
    // micropip.install also takes a wheel's URL: not PyPI, and the URL may hold a token.
    name: 'n8n Python that installs a wheel from a URL beside a PyPI package',
    text: n8nFlow([{ name: 'Extract', type: 'code', parameters: { language: 'python', pythonCode: `import micropip\nawait micropip.install("https://deploy:${TOKEN}@files.example.com/acme_sdk-1.0-py3-none-any.whl")\nawait micropip.install("beautifulsoup4")\nreturn items` } }]),
    expected: [{ covers: '"n8n-nodes-base.code"', severity: 'warning', message: /^"Extract" installs beautifulsoup4 from PyPI and a wheel from a URL each time it runs \(micropip\.install\): / }],
  },
];

describe(`${CONNECTOR} (second reading)`, () => runFlowTable(CONNECTOR, connectorCases));
describe(`${NODE} (second reading)`, () => runFlowTable(NODE, nodeCases));
describe('supply-chain messages (second reading)', () => {
  // The token must reach no message, whatever the shape.
  runFlowTable(NODE, nodeCases.map((c) => ({ ...c, name: `${c.name} (no token)`, expected: c.expected.map((e) => ({ ...e, message: new RegExp(`^(?![\\s\\S]*${TOKEN})`) })) })));
});
