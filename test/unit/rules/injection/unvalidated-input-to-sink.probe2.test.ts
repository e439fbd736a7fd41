// Power Automate, Logic Apps, Make and Zapier shapes found missing or wrong in a probe of realistic exports.
import { describe } from 'node:test';
import { runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { paSolutionFlow } from '../../../helpers/wdl.js';

const RULE = 'injection/unvalidated-input-to-sink';

const request = { manual: { type: 'Request', kind: 'Http', inputs: { triggerAuthenticationType: 'All', schema: {} } } };
const sqlQuery = (query: string, runAfter: object = {}) => ({
  type: 'OpenApiConnection',
  inputs: { host: { connectionName: 'shared_sql', operationId: 'ExecutePassThroughNativeQuery_V2', apiId: '/providers/Microsoft.PowerApps/apis/shared_sql' }, parameters: { server: 'default', database: 'default', 'query/query': query } },
  runAfter,
});
const httpAction = (uri: string, runAfter: object = {}) => ({ type: 'Http', inputs: { method: 'GET', uri }, runAfter });
const ifEquals = (value: string, literal: string, actions: object) => ({ type: 'If', expression: { and: [{ equals: [value, literal] }] }, actions, else: { actions: {} }, runAfter: {} });

const cases: FlowCase[] = [
  {
    name: "an If on triggerOutputs()?['body/region'] (the designer's path form) before SQL text with triggerBody()?['region']",
    text: paSolutionFlow(request, { Check_region: ifEquals("@triggerOutputs()?['body/region']", 'emea', { Run_query: sqlQuery("SELECT * FROM Sites WHERE Region = '@{triggerBody()?['region']}'") }) }),
    expected: [],
  },
  {
    name: "SQL text with triggerOutputs()?['body/region'] (named as body.region)",
    text: paSolutionFlow(request, { Run_query: sqlQuery("SELECT * FROM Sites WHERE Region = '@{triggerOutputs()?['body/region']}'") }),
    expected: [{ covers: "triggerOutputs()?['body/region']", message: /^SQL injection: the SQL query text of "Run_query" is built from body\.region of "manual", with no validation step/ }],
  },
  {
    name: "a concat() URL whose first argument is only the scheme ('https://', then the host from the request)",
    text: paSolutionFlow(request, { Call: httpAction("@concat('https://', triggerBody()?['host'], '/api/orders')") }),
    expected: [{ covers: "triggerBody()?['host']", message: /^Server-side request forgery \(SSRF\): the host of the request URL of "Call" comes from body\.host of "manual"/ }],
  },
  {
    name: "a concat() URL whose first argument stops inside the host ('https://api.', then a region)",
    text: paSolutionFlow(request, { Call: httpAction("@concat('https://api.', triggerBody()?['region'], '.contoso.com/v1')") }),
    expected: [{ covers: "triggerBody()?['region']", message: /^Server-side request forgery \(SSRF\)/ }],
  },
  {
    name: "a concat() URL whose host a later literal argument ends, before the request's value",
    text: paSolutionFlow(request, { Call: httpAction("@concat('https://', 'api.contoso.com', '/orders/', triggerBody()?['id'])") }),
    expected: [],
  },
  {
    name: 'a concat() URL whose first argument holds scheme, host and path',
    text: paSolutionFlow(request, { Call: httpAction("@concat('https://api.contoso.com/orders/', triggerBody()?['id'])") }),
    expected: [],
  },
];

describe(`${RULE} (probe: Power Automate, Logic Apps, Make, Zapier)`, () => {
  runFlowTable(RULE, cases);
});
