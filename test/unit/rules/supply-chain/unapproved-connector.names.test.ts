// How policy entries name connectors: each platform's own connector ids (Power Platform's `shared_office365` and API
// paths, a custom connector's own name, Make's app, Zapier's selected_api) and an n8n tool or chat memory by the node
// it wraps.
import { describe } from 'node:test';
import { policyFromValue } from '../../../../server/src/core/index.js';
import { n8nFlow, runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { makeBlueprint, zapierExport } from '../../../helpers/platformDocs.js';
import { laStandardWorkflow, paSolutionFlow } from '../../../helpers/wdl.js';

const RULE = 'supply-chain/unapproved-connector';

const button = { manual: { type: 'Request', kind: 'Button', inputs: {} } };
const sendMail = paSolutionFlow(button, { Send: { type: 'OpenApiConnection', inputs: { host: { connectionName: 'shared_office365', operationId: 'SendEmailV2', apiId: '/providers/Microsoft.PowerApps/apis/shared_office365' } }, runAfter: {} } });
// A custom connector of the old kind (`<name>-5f<id>-<id>`) and one made in a solution (`<prefix>-5f<name>-5f<id>`).
const customApi = 'shared_contoso-20orders-5f1234567890abcd-5f1234567890abcd';
const solutionApi = 'shared_cr8b4-5fcontoso-20orders-5f1a2b3c4d5e6f7a8b';
const customCall = (api: string) => paSolutionFlow(button, { Create_order: { type: 'OpenApiConnection', inputs: { host: { connectionName: api, operationId: 'CreateOrder', apiId: `/providers/Microsoft.PowerApps/apis/${api}` } }, runAfter: {} } });
const policy = (connectors: object) => ({ policy: policyFromValue({ connectors }) });

const cases: FlowCase[] = [
  // Power Platform names a connector by its id (DLP policies, connection references, the maker portal's URLs).
  ...['office365', 'shared_office365', 'Shared_Office365', '/providers/Microsoft.PowerApps/apis/shared_office365', '/subscriptions/0/providers/Microsoft.Web/locations/westeurope/managedApis/office365'].map((entry): FlowCase => ({
    name: `a Power Automate connector blocked by its id (${entry})`,
    text: sendMail,
    options: policy({ blocked: [entry] }),
    expected: [{ covers: '"Send"', severity: 'error', message: /^"Send" uses Office 365 Outlook, which the review policy blocks/ }],
  })),
  { name: 'a Power Automate connector approved by its id', text: sendMail, options: policy({ approved: ['shared_office365'] }), expected: [] },
  {
    // The Logic Apps Standard built-in Azure OpenAI provider is `/serviceProviders/openai`: OpenAI the company is another vendor.
    name: 'the Logic Apps built-in Azure OpenAI provider when OpenAI (the company) is blocked',
    text: laStandardWorkflow({ manual: { type: 'Request', kind: 'Http', inputs: {} } }, {
      Chat: { type: 'ServiceProvider', inputs: { parameters: { deploymentId: 'gpt' }, serviceProviderConfiguration: { connectionName: 'openai', operationId: 'getChatCompletions', serviceProviderId: '/serviceProviders/openai' } }, runAfter: {} },
    }),
    options: policy({ blocked: ['OpenAI'] }),
    expected: [],
  },
  ...[customApi, solutionApi].flatMap((api): FlowCase[] => [
    { name: `a custom connector approved by its own name (${api})`, text: customCall(api), options: policy({ approved: ['Contoso Orders'] }), expected: [] },
    {
      name: `a custom connector blocked by its own name (${api})`,
      text: customCall(api),
      options: policy({ blocked: ['contoso orders'] }),
      expected: [{ covers: '"Create_order"', severity: 'error', message: /^"Create_order" uses Custom connector "contoso orders", which the review policy blocks/ }],
    },
    { name: `a custom connector approved by its id (${api})`, text: customCall(api), options: policy({ approved: [api] }), expected: [] },
  ]),
  {
    // n8n's AI tools and chat memories call the service of the node they are named after.
    name: 'n8n Postgres as an AI tool and as chat memory when PostgreSQL is blocked',
    text: n8nFlow([
      { name: 'Rows', type: 'postgres', parameters: {} },
      { name: 'Query tool', type: 'postgresTool', parameters: {}, credentials: { postgres: { id: '1', name: 'Orders DB' } } },
      { name: 'Memory', type: '@n8n/n8n-nodes-langchain.memoryPostgresChat', parameters: {}, credentials: { postgres: { id: '1', name: 'Orders DB' } } },
      { name: 'Send tool', type: 'emailSendTool', parameters: {}, credentials: { smtp: { id: '2', name: 'Mail' } } },
    ]),
    options: policy({ blocked: ['PostgreSQL', 'SMTP email'] }),
    expected: [
      { covers: '"n8n-nodes-base.postgres"', severity: 'error' },
      { covers: '"n8n-nodes-base.postgresTool"', severity: 'error', message: /^"Query tool" uses PostgreSQL, which the review policy blocks/ },
      { covers: '"@n8n/n8n-nodes-langchain.memoryPostgresChat"', severity: 'error', message: /^"Memory" uses PostgreSQL, which the review policy blocks/ },
      { covers: '"n8n-nodes-base.emailSendTool"', severity: 'error', message: /^"Send tool" uses SMTP email, which the review policy blocks/ },
    ],
  },
  {
    // LangChain's own tools are named `tool<Service>` (toolSerpApi, toolWolframAlpha), n8n's `<service>Tool`.
    name: "LangChain's service tools when their service is blocked",
    text: n8nFlow([
      { name: 'Search', type: '@n8n/n8n-nodes-langchain.toolSerpApi', parameters: {}, credentials: { serpApi: { id: '1', name: 'SerpApi' } } },
      { name: 'Compute', type: '@n8n/n8n-nodes-langchain.toolWolframAlpha', parameters: {}, credentials: { wolframAlphaApi: { id: '2', name: 'Wolfram' } } },
    ]),
    options: policy({ blocked: ['SerpApi', 'Wolfram Alpha'] }),
    expected: [
      { covers: '"@n8n/n8n-nodes-langchain.toolSerpApi"', severity: 'error', message: /^"Search" uses ToolSerpApi, which the review policy blocks/ },
      { covers: '"@n8n/n8n-nodes-langchain.toolWolframAlpha"', severity: 'error', message: /^"Compute" uses ToolWolframAlpha, which the review policy blocks/ },
    ],
  },
  {
    name: 'a Make app blocked by its name in the blueprint',
    text: makeBlueprint({ id: 1, module: 'openai-gpt-3:CreateCompletion', version: 1, parameters: { __IMTCONN__: 7 }, mapper: {}, metadata: { designer: { name: 'Ask' } } }),
    options: policy({ blocked: ['openai-gpt-3'] }),
    expected: [{ covers: '"openai-gpt-3:CreateCompletion"', severity: 'error', message: /^"Ask" uses OpenAI, which the review policy blocks/ }],
  },
  {
    name: 'a Zapier app blocked by its selected_api (with or without its version)',
    text: zapierExport({
      '1': { id: 1, parent_id: null, selected_api: 'ScheduleAPI', action: 'every_day', params: {}, title: 'Daily' },
      '2': { id: 2, parent_id: 1, selected_api: 'SlackCLIAPI@1.21.0', action: 'channel_message', params: {}, title: 'Post', authentication_id: 9 },
      '3': { id: 3, parent_id: 2, selected_api: 'GoogleSheetsV2CLIAPI@2.9.1', action: 'add_row', params: {}, title: 'Row', authentication_id: 10 },
    }),
    options: policy({ blocked: ['SlackCLIAPI', 'GoogleSheetsV2CLIAPI@2.9.1'] }),
    expected: [
      { covers: '"2"', severity: 'error', message: /^"Post" uses Slack, which the review policy blocks/ },
      { covers: '"3"', severity: 'error', message: /^"Row" uses Google Sheets, which the review policy blocks/ },
    ],
  },
];

describe(`${RULE} (connector names)`, () => runFlowTable(RULE, cases));
