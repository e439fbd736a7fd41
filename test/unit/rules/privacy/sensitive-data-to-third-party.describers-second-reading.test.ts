// Second reading of the Make and WDL describers for the privacy rule: a key that holds a `.` is one key
// (`?['contact.email']`, `` {{1.`Contact.Email`}} ``) and still names its last part, as before it was kept apart from
// the path `contact` → `email`. A key with a `/` in a payload the caller wrote (`body('Parse_JSON')?['contact/email']`)
// is one key too, since 9c3d24e; that its last part names an e-mail address is not read yet (open below).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flowFindings, runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { makeBlueprint } from '../../../helpers/platformDocs.js';
import { paSolutionFlow } from '../../../helpers/wdl.js';

const RULE = 'privacy/sensitive-data-to-third-party';

const request = { manual: { type: 'Request', kind: 'Http', inputs: { triggerAuthenticationType: 'All', schema: {} } } };
const parseJson = { type: 'ParseJson', inputs: { content: '@triggerBody()', schema: { type: 'object' } }, runAfter: {} };
const azureOpenAiChat = (content: string, runAfter: object = {}) => ({
  type: 'OpenApiConnection',
  inputs: {
    host: { apiId: '/providers/Microsoft.PowerApps/apis/shared_azureopenai', connectionName: 'shared_azureopenai', operationId: 'ChatCompletions_Create' },
    parameters: { 'deployment-id': 'gpt-4o', 'body/messages': [{ role: 'user', content }] },
  },
  runAfter,
});
const makeModule = (id: number, module: string, mapper: object, parameters: object = {}) => ({ id, module, version: 1, parameters, mapper, metadata: { designer: { x: id * 300, y: 0 } } });

const cases: FlowCase[] = [
  {
    name: "an e-mail address the caller sends under the key contact.email, in a prompt to Azure OpenAI",
    text: paSolutionFlow(request, { Draft: azureOpenAiChat("Write to @{triggerBody()?['contact.email']}") }),
    expected: [{ covers: "triggerBody()?['contact.email']", message: /^Personal data goes to an AI model provider \(Azure OpenAI\) unmasked: "Draft" sends email \(contact details\) from "manual"\./ }],
  },
  {
    name: 'a Salesforce contact field read as {{1.`Contact.Email`}}, in a prompt to OpenAI',
    text: makeBlueprint(
      makeModule(1, 'salesforce:WatchRecords', {}, { __IMTCONN__: 1 }),
      makeModule(2, 'openai-gpt-3:CreateCompletion', { messages: [{ role: 'user', content: 'Greet {{1.`Contact.Email`}}' }] }, { __IMTCONN__: 2 }),
    ),
    expected: [{ covers: '1.`Contact.Email`', message: /sends Email \(contact details\) from "salesforce:WatchRecords"/ }],
  },
  {
    name: "a key contact.id (an id, not personal) in a prompt to Azure OpenAI",
    text: paSolutionFlow(request, { Draft: azureOpenAiChat("Summarise contact @{triggerBody()?['contact.id']}") }),
    expected: [],
  },
];

describe(`${RULE}: describers, second reading (keys with a dot)`, () => runFlowTable(RULE, cases));

// Open: the field is `body.contact/email`, one key, and the rule's names (knowledge/sensitiveData.ts) read `contact/email`
// as one name that is none it knows. Before 9c3d24e the describer split it into `contact.email`. The fix belongs in how
// a name is read (a `/` in a key separates words, as `_` and `-` do), not in the describer.
describe(`${RULE}: a key with a slash in a payload the caller wrote (second reading, open)`, () => {
  for (const [name, expression] of [
    ["body('Parse_JSON')?['contact/email']", "body('Parse_JSON')?['contact/email']"],
    ["triggerBody()?['contact/email'] of a Request trigger", "triggerBody()?['contact/email']"],
  ] as const) {
    it(`reports ${name} in a prompt to Azure OpenAI`, () => {
      const text = paSolutionFlow(request, { Parse_JSON: parseJson, Draft: azureOpenAiChat(`Write to @{${expression}}`, { Parse_JSON: ['Succeeded'] }) });
      assert.equal(flowFindings(RULE, { text }).length, 1);
    });
  }
});
