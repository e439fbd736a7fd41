// Power Automate / Logic Apps keys with a `/`: a path where the designer writes one (the first key read from a step's
// outputs, `triggerOutputs()?['body/region']`; any key of a connector's data), a key of its own in a payload the caller
// wrote (a Request trigger's body, Parse JSON of it, a loop over it), where `?['region/code']` is not `?['region']?['code']`.
import { describe } from 'node:test';
import { runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { paSolutionFlow } from '../../../helpers/wdl.js';

const RULE = 'injection/unvalidated-input-to-sink';

const request = { manual: { type: 'Request', kind: 'Http', inputs: { triggerAuthenticationType: 'All', schema: {} } } };
const formsTrigger = {
  When_a_new_response_is_submitted: { type: 'OpenApiConnectionWebhook', splitOn: "@triggerOutputs()?['body/value']", inputs: { host: { connectionName: 'shared_microsoftforms', operationId: 'CreateFormWebhook', apiId: '/providers/Microsoft.PowerApps/apis/shared_microsoftforms' }, parameters: { form_id: 'form-1' } } },
};
const getResponse = { type: 'OpenApiConnection', inputs: { host: { connectionName: 'shared_microsoftforms', operationId: 'GetFormResponseById', apiId: '/providers/Microsoft.PowerApps/apis/shared_microsoftforms' }, parameters: { form_id: 'form-1', response_id: "@triggerOutputs()?['body/resourceData/responseId']" } }, runAfter: {} };
const sqlQuery = (query: string, runAfter: object = {}) => ({
  type: 'OpenApiConnection',
  inputs: { host: { connectionName: 'shared_sql', operationId: 'ExecutePassThroughNativeQuery_V2', apiId: '/providers/Microsoft.PowerApps/apis/shared_sql' }, parameters: { server: 'default', database: 'default', 'query/query': query } },
  runAfter,
});
const parseJson = { type: 'ParseJson', inputs: { content: '@triggerBody()', schema: { type: 'object' } }, runAfter: {} };
/** An If that lets only `'eu'` through, then SQL text built from `inQuery`. */
const checked = (checkedValue: string, inQuery: string, runAfter: object = {}) => ({
  type: 'If',
  expression: { and: [{ equals: [checkedValue, 'eu'] }] },
  actions: { Run_query: sqlQuery(`SELECT * FROM Sites WHERE Region = '@{${inQuery}}'`) },
  else: { actions: {} },
  runAfter,
});
const afterParse = { Parse_JSON: ['Succeeded'] };
const afterResponse = { Get_response_details: ['Succeeded'] };

const cases: FlowCase[] = [
  {
    name: "an If on body('Parse_JSON')?['region']?['code'] before SQL text with body('Parse_JSON')?['region/code'] (another key of the payload)",
    text: paSolutionFlow(request, { Parse_JSON: parseJson, Check: checked("@body('Parse_JSON')?['region']?['code']", "body('Parse_JSON')?['region/code']", afterParse) }),
    expected: [{ covers: "body('Parse_JSON')?['region/code']", message: /^SQL injection: the SQL query text of "Run_query" is built from body\.region\/code of "manual", via "Parse_JSON"/ }],
  },
  {
    name: "an If on body('Parse_JSON')?['region/code'] before SQL text with body('Parse_JSON')?['region']?['code']",
    text: paSolutionFlow(request, { Parse_JSON: parseJson, Check: checked("@body('Parse_JSON')?['region/code']", "body('Parse_JSON')?['region']?['code']", afterParse) }),
    expected: [{ covers: "body('Parse_JSON')?['region']?['code']", message: /built from body\.region\.code of "manual", via "Parse_JSON"/ }],
  },
  {
    name: "an If on triggerBody()?['region']?['code'] of a Request trigger before SQL text with triggerBody()?['region/code']",
    text: paSolutionFlow(request, { Check: checked("@triggerBody()?['region']?['code']", "triggerBody()?['region/code']") }),
    expected: [{ covers: "triggerBody()?['region/code']", message: /built from body\.region\/code of "manual"/ }],
  },
  {
    name: "an item of a Foreach over the request, checked as items(…)?['region']?['code'], in SQL text as items(…)?['region/code']",
    text: paSolutionFlow(request, { For_each: { type: 'Foreach', foreach: "@triggerBody()?['sites']", actions: { Check: checked("@items('For_each')?['region']?['code']", "items('For_each')?['region/code']") }, runAfter: {} } }),
    expected: [{ covers: "items('For_each')?['region/code']" }],
  },
  {
    name: "an If on body('Parse_JSON')?['region/code'] before SQL text with the same key",
    text: paSolutionFlow(request, { Parse_JSON: parseJson, Check: checked("@body('Parse_JSON')?['region/code']", "body('Parse_JSON')?['region/code']", afterParse) }),
    expected: [],
  },
  {
    name: "an If on triggerOutputs()?['body/region'] of a Request trigger (a path from the outputs) before SQL text with triggerBody()?['region']",
    text: paSolutionFlow(request, { Check: checked("@triggerOutputs()?['body/region']", "triggerBody()?['region']") }),
    expected: [],
  },
  {
    name: "a connector's answer checked as body('Get_response_details')?['answers']?['q1'], in SQL text as outputs(…)?['body/answers/q1']",
    text: paSolutionFlow(formsTrigger, { Get_response_details: getResponse, Check: checked("@body('Get_response_details')?['answers']?['q1']", "outputs('Get_response_details')?['body/answers/q1']", afterResponse) }),
    expected: [],
  },
  {
    name: "a connector's answer checked as body('Get_response_details')?['answers/q1'] (the designer's path), in SQL text as body(…)?['answers']?['q1']",
    text: paSolutionFlow(formsTrigger, { Get_response_details: getResponse, Check: checked("@body('Get_response_details')?['answers/q1']", "body('Get_response_details')?['answers']?['q1']", afterResponse) }),
    expected: [],
  },
  {
    name: "an item of a Foreach over a connector's list, checked as items(…)?['answers/q1'], in SQL text as items(…)?['answers']?['q1']",
    text: paSolutionFlow(formsTrigger, {
      Get_response_details: getResponse,
      For_each: { type: 'Foreach', foreach: "@outputs('Get_response_details')?['body/value']", actions: { Check: checked("@items('For_each')?['answers/q1']", "items('For_each')?['answers']?['q1']") }, runAfter: afterResponse },
    }),
    expected: [],
  },
];

describe(`${RULE}: WDL keys with a slash (a path, or a key of the payload)`, () => runFlowTable(RULE, cases));
