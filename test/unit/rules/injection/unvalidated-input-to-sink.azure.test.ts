import { describe } from 'node:test';
import { runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { laStandardWorkflow, paSolutionFlow } from '../../../helpers/wdl.js';

const RULE = 'injection/unvalidated-input-to-sink';

const request = { manual: { type: 'Request', kind: 'Http', inputs: { schema: {} } } };
const recurrence = { Recurrence: { type: 'Recurrence', recurrence: { frequency: 'Hour', interval: 1 } } };
const httpAction = (uri: string, runAfter: object = {}) => ({ type: 'Http', inputs: { method: 'GET', uri }, runAfter });
const sqlQuery = (query: string, runAfter: object = {}) => ({
  type: 'OpenApiConnection',
  inputs: { host: { connectionName: 'shared_sql', operationId: 'ExecutePassThroughNativeQuery_V2', apiId: '/providers/Microsoft.PowerApps/apis/shared_sql' }, parameters: { server: 'default', database: 'default', 'query/query': query } },
  runAfter,
});

const serviceBus = {
  When_a_message_is_received: {
    type: 'OpenApiConnection',
    inputs: { host: { connectionName: 'shared_servicebus', operationId: 'GetMessageFromQueue', apiId: '/providers/Microsoft.PowerApps/apis/shared_servicebus' }, parameters: { queueName: 'orders' } },
    recurrence: { frequency: 'Minute', interval: 1 },
  },
};

const cases: FlowCase[] = [
  {
    name: "a Service Bus message's MessageId in SQL text (its publisher sets it, unlike an app's own ids)",
    text: paSolutionFlow(serviceBus, { Run_query: sqlQuery("DELETE FROM Orders WHERE MessageId = '@{triggerBody()?['MessageId']}'") }),
    expected: [{ covers: "triggerBody()?['MessageId']", message: /^SQL injection: the SQL query text of "Run_query" is built from body\.MessageId of "When_a_message_is_received"/ }],
  },
  {
    name: 'a Logic Apps request field as the whole URL (direct)',
    text: laStandardWorkflow(request, { Fetch: httpAction("@triggerBody()?['fileUrl']") }),
    expected: [{ covers: "triggerBody()?['fileUrl']", message: /^Server-side request forgery \(SSRF\): the host of the request URL of "Fetch" comes from body\.fileUrl of "manual"/, related: 2 }],
  },
  {
    name: 'a Power Automate request field through a Compose into SQL text',
    text: paSolutionFlow(request, {
      Compose: { type: 'Compose', inputs: "@triggerBody()?['customer']", runAfter: {} },
      Run_query: sqlQuery("SELECT * FROM Orders WHERE Customer = '@{outputs('Compose')}'", { Compose: ['Succeeded'] }),
    }),
    expected: [{ covers: "outputs('Compose')", message: /^SQL injection: the SQL query text of "Run_query" is built from body\.customer of "manual", via "Compose"/, related: 3 }],
  },
  {
    name: 'an item of a Foreach over the request (loop)',
    text: laStandardWorkflow(request, {
      For_each: { type: 'Foreach', foreach: "@triggerBody()?['hooks']", actions: { Notify: httpAction("@{items('For_each')?['callbackUrl']}") }, runAfter: {} },
    }),
    expected: [{ covers: "items('For_each')?['callbackUrl']", message: /comes from body\.hooks\.callbackUrl of "manual", via "For_each"/ }],
  },
  {
    name: 'item() inside a Foreach',
    text: laStandardWorkflow(request, {
      For_each: { type: 'Foreach', foreach: "@triggerBody()?['hooks']", actions: { Notify: httpAction('@item()?[\'url\']') }, runAfter: {} },
    }),
    expected: [{ covers: "item()?['url']", message: /body\.hooks\.url/ }],
  },
  {
    name: 'a variable set from the request',
    text: paSolutionFlow(request, {
      Init: { type: 'InitializeVariable', inputs: { variables: [{ name: 'target', type: 'string', value: "@{triggerBody()?['target']}" }] }, runAfter: {} },
      Fetch: httpAction("@variables('target')", { Init: ['Succeeded'] }),
    }),
    expected: [{ covers: "variables('target')", message: /comes from body\.target of "manual", via "Init"/ }],
  },
  {
    name: 'inline code that evaluates the request body',
    text: laStandardWorkflow(request, { Run_code: { type: 'JavaScriptCode', inputs: { code: 'var body = workflowContext.trigger.outputs.body;\nreturn eval(body.expression);' }, runAfter: {} } }),
    expected: [{ covers: 'eval(', message: /^Code injection: the evaluated code of "Run_code" is built from body of "manual"; its code uses eval/ }],
  },
  {
    name: 'a weak (presence) check in an If',
    text: laStandardWorkflow(request, {
      Check: { type: 'If', expression: { and: [{ not: { equals: ["@triggerBody()?['url']", ''] } }] }, actions: { Fetch: httpAction("@triggerBody()?['url']") }, runAfter: {} },
    }),
    expected: [{ covers: "triggerBody()?['url']", nth: 1, message: /"Check" only checks that it is there\./ }],
  },
  {
    name: "a call in the If's else branch (the allowlist check failed there)",
    text: laStandardWorkflow(request, {
      Check: { type: 'If', expression: { and: [{ startsWith: ["@triggerBody()?['url']", 'https://api.contoso.com/'] }] }, actions: {}, else: { actions: { Fetch: httpAction("@triggerBody()?['url']") } }, runAfter: {} },
    }),
    expected: [{ covers: "triggerBody()?['url']", nth: 1, message: /^Server-side request forgery/ }],
  },
  {
    name: "a call in a Switch's default branch",
    text: paSolutionFlow(request, {
      Route: { type: 'Switch', expression: "@triggerBody()?['region']", cases: { eu: { case: 'eu', actions: {} } }, default: { actions: { Fetch: httpAction("https://@{triggerBody()?['region']}.contoso.com/") } }, runAfter: {} },
    }),
    expected: [{ covers: "triggerBody()?['region']", nth: 1, message: /^Server-side request forgery/ }],
  },
  {
    name: 'a call after the If (it runs whichever branch ran)',
    text: laStandardWorkflow(request, {
      Check: { type: 'If', expression: { and: [{ startsWith: ["@triggerBody()?['url']", 'https://api.contoso.com/'] }] }, actions: {}, runAfter: {} },
      Fetch: httpAction("@triggerBody()?['url']", { Check: ['Succeeded'] }),
    }),
    expected: [{ covers: "triggerBody()?['url']", nth: 1, message: /^Server-side request forgery/ }],
  },
  // Broken by validation, or not a chain at all.
  {
    name: 'an allowlist prefix check in an If before the call',
    text: laStandardWorkflow(request, {
      Check: { type: 'If', expression: { and: [{ startsWith: ["@triggerBody()?['url']", 'https://api.contoso.com/'] }] }, actions: { Fetch: httpAction("@triggerBody()?['url']") }, runAfter: {} },
    }),
    expected: [],
  },
  {
    name: 'a Parse JSON schema with a pattern on the field',
    text: laStandardWorkflow(request, {
      Parse: { type: 'ParseJson', inputs: { content: '@triggerBody()', schema: { type: 'object', properties: { tenant: { type: 'string', pattern: '^[a-z]{3,20}$' } } } }, runAfter: {} },
      Fetch: httpAction("https://@{body('Parse')?['tenant']}.contoso.com/api", { Parse: ['Succeeded'] }),
    }),
    expected: [],
  },
  {
    name: 'a Switch on the field',
    text: paSolutionFlow(request, {
      Route: { type: 'Switch', expression: "@triggerBody()?['region']", cases: { eu: { case: 'eu', actions: { Fetch: httpAction("https://@{triggerBody()?['region']}.contoso.com/") } } }, default: { actions: {} }, runAfter: {} },
    }),
    expected: [],
  },
  {
    name: 'input only in the path after a literal base (concat)',
    text: laStandardWorkflow(request, { Fetch: httpAction("@concat('https://api.contoso.com/orders/', triggerBody()?['id'])") }),
    expected: [],
  },
  {
    name: 'a schedule trigger',
    text: laStandardWorkflow(recurrence, { Fetch: httpAction("@{body('Get')?['next']}") }),
    expected: [],
  },
  // An equality restricts only with a literal; greater/less only with a number; coalesce(y, x) is y when y is set.
  {
    name: 'an If that compares the value with itself',
    text: laStandardWorkflow(request, { Check: { type: 'If', expression: { and: [{ equals: ["@triggerBody()?['x']", "@triggerBody()?['x']"] }] }, actions: { Fetch: httpAction("@triggerBody()?['x']") }, runAfter: {} } }),
    expected: [{ covers: "triggerBody()?['x']", nth: 2, message: /comes from body\.x of "manual".* "Check" checks it in a way that does not restrict its characters\./ }],
  },
  {
    name: 'an If that compares the value with another field',
    text: laStandardWorkflow(request, { Check: { type: 'If', expression: { and: [{ equals: ["@triggerBody()?['x']", "@triggerBody()?['y']"] }] }, actions: { Fetch: httpAction("@triggerBody()?['x']") }, runAfter: {} } }),
    expected: [{ covers: "triggerBody()?['x']", nth: 1, message: /^Server-side request forgery/ }],
  },
  {
    name: 'an If that says the value is greater than a text',
    text: laStandardWorkflow(request, { Check: { type: 'If', expression: { and: [{ greater: ["@triggerBody()?['x']", 'a'] }] }, actions: { Fetch: httpAction("@triggerBody()?['x']") }, runAfter: {} } }),
    expected: [{ covers: "triggerBody()?['x']", nth: 1, message: /^Server-side request forgery/ }],
  },
  {
    name: 'an If that says the value is greater than a number',
    text: laStandardWorkflow(request, { Check: { type: 'If', expression: { and: [{ greater: ["@triggerBody()?['x']", 0] }] }, actions: { Run_query: sqlQuery("SELECT * FROM T WHERE id = @{triggerBody()?['x']}") }, runAfter: {} } }),
    expected: [],
  },
  {
    name: 'an If on coalesce of another field and the value',
    text: laStandardWorkflow(request, { Check: { type: 'If', expression: { and: [{ equals: ["@coalesce(triggerBody()?['y'], triggerBody()?['x'])", 'https://a.example.com/'] }] }, actions: { Fetch: httpAction("@triggerBody()?['x']") }, runAfter: {} } }),
    expected: [{ covers: "triggerBody()?['x']", nth: 1, message: /^Server-side request forgery/ }],
  },
  // The designer's "is not empty" (length greater than 0, empty equals false) checks only that the value is there.
  {
    name: 'an If on the length of the value (greater than 0)',
    text: paSolutionFlow(request, {
      Condition: { type: 'If', expression: { and: [{ greater: ["@length(triggerBody()?['url'])", 0] }] }, actions: { Fetch: httpAction("@triggerBody()?['url']") }, else: { actions: {} }, runAfter: {} },
    }),
    expected: [{ covers: "triggerBody()?['url']", nth: 1, message: /^Server-side request forgery \(SSRF\): .* comes from body\.url of "manual", with no validation step on the way\. "Condition" only checks that it is there\./ }],
  },
  {
    name: 'an If on whether the value is empty (equals false)',
    text: paSolutionFlow(request, {
      Condition: { type: 'If', expression: { and: [{ equals: ["@empty(triggerBody()?['url'])", false] }] }, actions: { Fetch: httpAction("@triggerBody()?['url']") }, else: { actions: {} }, runAfter: {} },
    }),
    expected: [{ covers: "triggerBody()?['url']", nth: 1, message: /"Condition" only checks that it is there\./ }],
  },
  {
    name: 'an If written as one expression that only tests presence',
    text: laStandardWorkflow(request, {
      Condition: { type: 'If', expression: "@not(empty(triggerBody()?['host']))", actions: { Fetch: httpAction("https://@{triggerBody()?['host']}/api") }, runAfter: {} },
    }),
    expected: [{ covers: "triggerBody()?['host']", nth: 1, message: /"Condition" only checks that it is there\./ }],
  },
  {
    name: 'a starts-with check on a base URL without its "/"',
    text: paSolutionFlow(request, {
      Condition: { type: 'If', expression: { and: [{ startsWith: ["@triggerBody()?['url']", 'https://api.contoso.com'] }] }, actions: { Fetch: httpAction("@triggerBody()?['url']") }, else: { actions: {} }, runAfter: {} },
    }),
    expected: [{ covers: "triggerBody()?['url']", nth: 1, message: /"Condition" only checks how it starts, and that start does not fix the host/ }],
  },
  {
    name: 'a Parse JSON schema whose URL property only has format uri',
    text: laStandardWorkflow(request, {
      Parse: { type: 'ParseJson', inputs: { content: '@triggerBody()', schema: { type: 'object', properties: { callback: { type: 'string', format: 'uri' } } } }, runAfter: {} },
      Call: httpAction("@body('Parse')?['callback']", { Parse: ['Succeeded'] }),
    }),
    expected: [{ covers: "body('Parse')?['callback']", message: /^Server-side request forgery \(SSRF\): .* comes from body\.callback of "manual", via "Parse", with no validation step on the way\. "Parse" checks it in a way that does not restrict its characters\./ }],
  },
  {
    name: 'a Parse JSON schema with format hostname, before a URL (any host passes)',
    text: laStandardWorkflow(request, {
      Parse: { type: 'ParseJson', inputs: { content: '@triggerBody()', schema: { type: 'object', properties: { host: { type: 'string', format: 'hostname' } } } }, runAfter: {} },
      Call: httpAction("https://@{body('Parse')?['host']}/api", { Parse: ['Succeeded'] }),
    }),
    expected: [{ covers: "body('Parse')?['host']", message: /"Parse" only checks that it is a host name, and any host passes\./ }],
  },
  {
    name: 'a Parse JSON schema with a pattern not anchored at its end, before SQL',
    text: paSolutionFlow(request, {
      Parse: { type: 'ParseJson', inputs: { content: '@triggerBody()', schema: { type: 'object', properties: { id: { type: 'string', pattern: '^[0-9]+' } } } }, runAfter: {} },
      Run_query: sqlQuery("SELECT * FROM Orders WHERE Id = '@{body('Parse')?['id']}'", { Parse: ['Succeeded'] }),
    }),
    expected: [{ covers: "body('Parse')?['id']", message: /"Parse" checks it with a pattern that does not cover the whole value/ }],
  },
  ...['date-time', 'uuid', 'hostname'].map((format): FlowCase => ({
    name: `a Parse JSON schema with format ${format}, before SQL`,
    text: paSolutionFlow(request, {
      Parse: { type: 'ParseJson', inputs: { content: '@triggerBody()', schema: { type: 'object', properties: { key: { type: 'string', format } } } }, runAfter: {} },
      Run_query: sqlQuery("SELECT * FROM Orders WHERE K = '@{body('Parse')?['key']}'", { Parse: ['Succeeded'] }),
    }),
    expected: [],
  })),
  {
    name: 'an If that compares the lower-cased value with a constant (one expression)',
    text: laStandardWorkflow(request, {
      Condition: { type: 'If', expression: "@equals(toLower(triggerBody()?['region']), 'eu')", actions: { Fetch: httpAction("https://@{triggerBody()?['region']}.contoso.com/") }, runAfter: {} },
    }),
    expected: [],
  },
  {
    name: 'a Switch on the length of the value (a case matched the length)',
    text: paSolutionFlow(request, {
      Route: { type: 'Switch', expression: "@length(triggerBody()?['region'])", cases: { two: { case: 2, actions: { Fetch: httpAction("https://@{triggerBody()?['region']}.contoso.com/") } } }, default: { actions: {} }, runAfter: {} },
    }),
    expected: [{ covers: "triggerBody()?['region']", nth: 1, message: /"Route" checks it in a way that does not restrict its characters\./ }],
  },
  {
    name: 'a number converted from the value in SQL text (int())',
    text: paSolutionFlow(request, { Run_query: sqlQuery("SELECT * FROM Orders WHERE Id = @{int(triggerBody()?['id'])}") }),
    expected: [],
  },
];

describe(`${RULE} (Power Automate, Logic Apps)`, () => {
  runFlowTable(RULE, cases);
});
