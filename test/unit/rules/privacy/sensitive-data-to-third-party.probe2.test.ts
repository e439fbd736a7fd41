// Power Automate paths written into one key (`triggerOutputs()?['body/email']`, the designer's form): the same field
// as `triggerBody()?['email']`.
import { describe } from 'node:test';
import { runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
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

const cases: FlowCase[] = [
  {
    name: "a Dataverse row's e-mail and phone read as body/… paths, in a prompt to Azure OpenAI",
    text: paSolutionFlow(dataverseRowAdded, { Draft_reply: azureOpenAiChat("Write to @{triggerOutputs()?['body/email']}, phone @{triggerOutputs()?['body/phone']}") }),
    expected: [{ covers: "triggerOutputs()?['body/email']", message: /^Personal data goes to an AI model provider \(Azure OpenAI\) unmasked: "Draft_reply" sends email, phone \(contact details\) from "When_a_row_is_added"\./ }],
  },
  {
    name: "a Dataverse row's id read as a body/… path",
    text: paSolutionFlow(dataverseRowAdded, { Draft_reply: azureOpenAiChat("Summarise contact @{triggerOutputs()?['body/contactid']}") }),
    expected: [],
  },
];

describe(`${RULE} (Power Automate body/… paths)`, () => {
  runFlowTable(RULE, cases);
});
