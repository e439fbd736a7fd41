// Power Automate paths written into one key (`triggerOutputs()?['body/email']`, the designer's form): the same field
// as `triggerBody()?['email']`.
import { describe } from 'node:test';
import { runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { makeBlueprint, zapierExport } from '../../../helpers/platformDocs.js';
import { paSolutionFlow } from '../../../helpers/wdl.js';

const RULE = 'privacy/sensitive-data-to-third-party';

const dataverseRowAdded = {
  When_a_row_is_added: {
    type: 'OpenApiConnectionWebhook',
    inputs: {
      host: { apiId: '/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps', connectionName: 'shared_commondataserviceforapps', operationId: 'SubscribeWebhookTrigger' },
      parameters: { 'subscriptionRequest/message': 1, 'subscriptionRequest/entityname': 'contact', 'subscriptionRequest/scope': 4 },
    },
  },
};
const azureOpenAiChat = (content: string) => ({
  type: 'OpenApiConnection',
  inputs: {
    host: { apiId: '/providers/Microsoft.PowerApps/apis/shared_azureopenai', connectionName: 'shared_azureopenai', operationId: 'ChatCompletions_Create' },
    parameters: { 'deployment-id': 'gpt-4o', 'body/messages': [{ role: 'user', content }] },
  },
  runAfter: {},
});

const makeModule = (id: number, module: string, mapper: object, parameters: object = {}) => ({ id, module, version: 1, parameters, mapper, metadata: { designer: { x: id * 300, y: 0 } } });
const zapStep = (id: number, parent: number | null, api: string, action: string, params: object, auth: number | null = null) => ({ id, paused: false, type_of: parent === null ? 'read' : 'write', params, meta: {}, parent_id: parent, root_id: parent === null ? null : 1, action, selected_api: api, title: null, authentication_id: auth });

const cases: FlowCase[] = [
  {
    name: "a Dataverse row's e-mail and phone read as body/… paths, in a prompt to Azure OpenAI",
    text: paSolutionFlow(dataverseRowAdded, { Draft_reply: azureOpenAiChat("Write to @{triggerOutputs()?['body/email']}, phone @{triggerOutputs()?['body/phone']}") }),
    expected: [{ covers: "triggerOutputs()?['body/email']", message: /^Personal data goes to an AI model provider \(Azure OpenAI\) unmasked: "Draft_reply" sends email, phone \(contact details\) from "When_a_row_is_added"\./ }],
  },
  {
    name: "a Dataverse contact's numbered fields (emailaddress1, telephone1, address1_line1) in a prompt to Azure OpenAI",
    text: paSolutionFlow(dataverseRowAdded, { Draft_reply: azureOpenAiChat("Write to @{triggerOutputs()?['body/emailaddress1']} (@{triggerOutputs()?['body/telephone1']}) at @{triggerOutputs()?['body/address1_line1']}") }),
    expected: [{ covers: "triggerOutputs()?['body/emailaddress1']", message: /sends emailaddress1, telephone1, address1_line1 \(contact details, an address\) from "When_a_row_is_added"/ }],
  },
  {
    name: "a Dataverse row's id read as a body/… path",
    text: paSolutionFlow(dataverseRowAdded, { Draft_reply: azureOpenAiChat("Summarise contact @{triggerOutputs()?['body/contactid']}") }),
    expected: [],
  },
  {
    name: "a Salesforce contact's e-mail through a Make Text aggregator ({{2.text}}) to OpenAI",
    text: makeBlueprint(
      makeModule(1, 'salesforce:WatchRecords', {}, { __IMTCONN__: 1 }),
      makeModule(2, 'util:TextAggregator', { value: '{{1.Email}}' }, { feeder: 1 }),
      makeModule(3, 'openai-gpt-3:CreateCompletion', { messages: [{ role: 'user', content: 'Greet {{2.text}}' }] }, { __IMTCONN__: 2 }),
    ),
    expected: [{ covers: '2.text', message: /^Personal data goes to an AI model provider \(OpenAI\) unmasked: "openai-gpt-3:CreateCompletion" sends Email \(contact details\) from "salesforce:WatchRecords", via "util:TextAggregator"/ }],
  },
  {
    name: "a Salesforce contact's e-mail through a Zapier Formatter ({{2__output}}) to ChatGPT",
    text: zapierExport({
      1: zapStep(1, null, 'SalesforceCLIAPI@2.0.0', 'new_record', { sobject: 'Contact' }, 5),
      2: zapStep(2, 1, 'FormatterCLIAPI@1.0.0', 'string', { transform: 'lowercase', input: '{{1__Email}}' }),
      3: zapStep(3, 2, 'ChatGPTCLIAPI@3.0.0', 'conversation', { user_message: 'Greet {{2__output}}' }, 6),
    }),
    expected: [{ covers: '{{2__output}}', message: /^Personal data goes to an AI model provider \(OpenAI\) unmasked: "OpenAI: conversation" sends Email \(contact details\) from "Salesforce: new_record", via "Formatter by Zapier: string"/ }],
  },
];

describe(`${RULE} (probe: Power Automate body/… paths, Make and Zapier result keys)`, () => {
  runFlowTable(RULE, cases);
});
