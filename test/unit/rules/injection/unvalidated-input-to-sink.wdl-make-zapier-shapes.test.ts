// Power Automate, Logic Apps, Make and Zapier shapes found missing or wrong in a probe of realistic exports.
import { describe } from 'node:test';
import { runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { makeBlueprint, zapierExport } from '../../../helpers/platformDocs.js';
import { laArmTemplate, paSolutionFlow } from '../../../helpers/wdl.js';

const RULE = 'injection/unvalidated-input-to-sink';

const request = { manual: { type: 'Request', kind: 'Http', inputs: { triggerAuthenticationType: 'All', schema: {} } } };
const sqlQuery = (query: string, runAfter: object = {}) => ({
  type: 'OpenApiConnection',
  inputs: { host: { connectionName: 'shared_sql', operationId: 'ExecutePassThroughNativeQuery_V2', apiId: '/providers/Microsoft.PowerApps/apis/shared_sql' }, parameters: { server: 'default', database: 'default', 'query/query': query } },
  runAfter,
});
const httpAction = (uri: string, runAfter: object = {}) => ({ type: 'Http', inputs: { method: 'GET', uri }, runAfter });
const ifEquals = (value: string, literal: string, actions: object) => ({ type: 'If', expression: { and: [{ equals: [value, literal] }] }, actions, else: { actions: {} }, runAfter: {} });

const makeModule = (id: number, module: string, mapper: object, more: object = {}) => ({ id, module, version: 1, parameters: {}, mapper, metadata: { designer: { x: id * 300, y: 0 } }, ...more });
const makeHook = { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: { hook: 1234, maxResults: 1 }, metadata: { designer: { x: 0, y: 0, name: 'Orders hook' } } };
const makeQuery = (query: string, more: object = {}) => makeModule(3, 'mysql:ExecuteQuery', { query }, more);
const onlyLetters = { filter: { name: 'Letters only', conditions: [[{ a: '{{1.name}}', b: '^[a-z]+$', o: 'text:pattern' }]] } };
const zapStep = (id: number, parent: number | null, api: string, action: string, params: object) => ({ id, paused: false, type_of: parent === null ? 'read' : 'write', params, meta: {}, parent_id: parent, root_id: parent === null ? null : 1, action, selected_api: api, title: null, authentication_id: null });

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
  {
    name: "a Make filter on the hook's field before Replace, whose {{2.text}} goes into SQL text",
    text: makeBlueprint(makeHook, makeModule(2, 'regexp:Replace', { text: '{{1.name}}', pattern: 'x', value: 'y', global: true }, onlyLetters), makeQuery("SELECT * FROM users WHERE name = '{{2.text}}'")),
    expected: [],
  },
  {
    name: "a Make filter on the hook's field before a Text aggregator, whose {{2.text}} goes into SQL text",
    text: makeBlueprint(makeHook, makeModule(2, 'util:TextAggregator', { value: '{{1.name}}' }, { parameters: { feeder: 1 }, ...onlyLetters }), makeQuery("SELECT * FROM users WHERE name = '{{2.text}}'")),
    expected: [],
  },
  {
    name: 'a Make Compose a string of the field ({{2.value}}) in SQL text, named by the field itself',
    text: makeBlueprint(makeHook, makeModule(2, 'util:ComposeTransformer', { value: '{{1.name}}' }), makeQuery("SELECT * FROM users WHERE name = '{{2.value}}'")),
    expected: [{ covers: '2.value', message: /^SQL injection: the SQL query text of "mysql:ExecuteQuery" is built from name of "Orders hook", via "util:ComposeTransformer", with no validation step/ }],
  },
  {
    name: 'a Zapier Formatter result ({{2__output}}) in SQL text, named by the field itself',
    text: zapierExport({
      1: zapStep(1, null, 'WebHookCLIAPI@1.1.1', 'hook_v2', {}),
      2: zapStep(2, 1, 'FormatterCLIAPI@1.0.0', 'string', { transform: 'trim', input: '{{1__name}}' }),
      3: zapStep(3, 2, 'MySQLCLIAPI@1.0.0', 'custom_query', { query: "SELECT * FROM users WHERE name = '{{2__output}}'" }),
    }),
    expected: [{ covers: '{{2__output}}', message: /^SQL injection: the SQL query text of "MySQL: custom_query" is built from name of "Webhooks by Zapier: hook_v2", via "Formatter by Zapier: string"/ }],
  },
  {
    name: 'a Zapier Code result ({{2__target}}) as a request URL, named by the input it was computed from',
    text: zapierExport({
      1: zapStep(1, null, 'WebHookCLIAPI@1.1.1', 'hook_v2', {}),
      2: zapStep(2, 1, 'CodeCLIAPI@1.0.1', 'run_javascript', { input: { u: '{{1__url}}' }, code: 'output = [{ target: inputData.u.trim() }];' }),
      3: zapStep(3, 2, 'WebHookCLIAPI@1.1.1', 'get', { url: '{{2__target}}' }),
    }),
    expected: [{ covers: '{{2__target}}', message: /^Server-side request forgery \(SSRF\): the host of the request URL of "Webhooks by Zapier: get" comes from url of "Webhooks by Zapier: hook_v2", via "Code by Zapier: run_javascript"/ }],
  },
  {
    name: 'a Make variable set from the hook and read back with Get variable, into an SFTP path',
    text: makeBlueprint(
      makeHook,
      makeModule(2, 'util:SetVariable2', { name: 'fileName', scope: 'roundtrip', value: '{{1.file}}' }),
      makeModule(3, 'util:GetVariable2', { name: 'fileName' }),
      makeModule(4, 'sftp:GetFile', { path: '/exports/{{3.fileName}}' }),
    ),
    expected: [{ covers: '3.fileName', message: /^Path traversal: the file path of "sftp:GetFile" is built from file of "Orders hook", via "util:SetVariable2" → "util:GetVariable2", with no validation step/ }],
  },
  {
    name: 'a Make variable set by Set multiple variables and read with Get multiple variables, into SQL text',
    text: makeBlueprint(
      makeHook,
      makeModule(2, 'util:SetVariables', { scope: 'roundtrip', variables: [{ name: 'region', value: 'emea' }, { name: 'customer', value: '{{1.customer}}' }] }),
      makeModule(3, 'util:GetVariables', { variables: [{ name: 'region' }, { name: 'customer' }] }),
      makeModule(4, 'mysql:ExecuteQuery', { query: "SELECT * FROM orders WHERE region = '{{3.region}}' AND customer = '{{3.customer}}'" }),
    ),
    expected: [{ covers: '3.customer', message: /^SQL injection: .* built from customer of "Orders hook", via "util:SetVariables" → "util:GetVariables"/ }],
  },
  {
    name: 'a Make variable set to a constant and read with Get variable',
    text: makeBlueprint(makeHook, makeModule(2, 'util:SetVariable2', { name: 'fileName', value: 'daily.csv' }), makeModule(3, 'util:GetVariable2', { name: 'fileName' }), makeModule(4, 'sftp:GetFile', { path: '/exports/{{3.fileName}}' })),
    expected: [],
  },
  ...([
    ['iexact', 'https://hooks.example.com/orders', false],
    ['istartswith', 'https://hooks.example.com/', false],
    ['icontains', 'hooks.example.com', /"Only continue if\.\.\." checks it in a way that does not restrict its characters/],
    ['iexist', '', /"Only continue if\.\.\." only checks that it is there/],
    ['iexact', '{{1__expected}}', /"Only continue if\.\.\." checks it in a way that does not restrict its characters/],
  ] as const).map(([match, value, reported]): FlowCase => ({
    name: `a Zapier Filter (${match} "${value}") before a request to the hook's callback URL`,
    text: zapierExport({
      1: zapStep(1, null, 'WebHookCLIAPI@1.1.1', 'hook_v2', {}),
      2: { ...zapStep(2, 1, 'FilterAPI', 'filter', { filter_criteria: [{ id: 11, group: 21, key: '1__callback', value, match, action: 'continue' }] }), type_of: 'filter', title: 'Only continue if...' },
      3: zapStep(3, 2, 'WebHookCLIAPI@1.1.1', 'post', { url: '{{1__callback}}', data: { status: 'done' } }),
    }),
    expected: reported ? [{ covers: '{{1__callback}}', message: reported }] : [],
  })),
  {
    name: 'a Zapier Filter with two OR groups, one of which checks the URL',
    text: zapierExport({
      1: zapStep(1, null, 'WebHookCLIAPI@1.1.1', 'hook_v2', {}),
      2: { ...zapStep(2, 1, 'FilterAPI', 'filter', { filter_criteria: [{ id: 11, group: 21, key: '1__callback', value: 'https://hooks.example.com/orders', match: 'iexact', action: 'continue' }, { id: 12, group: 22, key: '1__mode', value: 'test', match: 'iexact', action: 'continue' }] }), type_of: 'filter', title: 'Only continue if...' },
      3: zapStep(3, 2, 'WebHookCLIAPI@1.1.1', 'post', { url: '{{1__callback}}' }),
    }),
    expected: [{ covers: '{{1__callback}}', message: /^Server-side request forgery \(SSRF\): the host of the request URL of "Webhooks by Zapier: post" comes from callback of "Webhooks by Zapier: hook_v2", with no validation step on the way/ }],
  },
  {
    name: 'a Make Code module that evals an input field mapped from the hook (the code holds no {{…}} itself)',
    text: makeBlueprint(makeHook, makeModule(2, 'code:ExecuteCode', { input: [{ name: 'expr', value: '{{1.expr}}' }], language: 'javascript', inputFormat: 'editor', dependencies: [], codeEditorJavascript: 'return { value: eval(input.expr) };' })),
    expected: [{ covers: 'eval(', message: /^Code injection: .*"code:ExecuteCode" is built from expr of "Orders hook"; its code uses eval, with no validation step/ }],
  },
  {
    name: 'a Make Code module that evals only a constant',
    text: makeBlueprint(makeHook, makeModule(2, 'code:ExecuteCode', { language: 'javascript', inputFormat: 'editor', dependencies: [], codeEditorJavascript: "return { value: eval('1 + 1') };" })),
    expected: [],
  },
  {
    name: 'a Make Code module that reads the hook but evaluates nothing',
    text: makeBlueprint(makeHook, makeModule(2, 'code:ExecuteCode', { input: [{ name: 'qty', value: '{{1.qty}}' }], language: 'javascript', inputFormat: 'editor', dependencies: [], codeEditorJavascript: 'return { total: input.qty * 2 };' })),
    expected: [],
  },
  {
    name: "a Microsoft Forms answer (read with Get response details, as the forms trigger passes only the response id) in SQL text",
    text: paSolutionFlow({
      When_a_new_response_is_submitted: { type: 'OpenApiConnectionWebhook', splitOn: "@triggerOutputs()?['body/value']", inputs: { host: { connectionName: 'shared_microsoftforms', operationId: 'CreateFormWebhook', apiId: '/providers/Microsoft.PowerApps/apis/shared_microsoftforms' }, parameters: { form_id: 'form-1' } } },
    }, {
      Get_response_details: { type: 'OpenApiConnection', inputs: { host: { connectionName: 'shared_microsoftforms', operationId: 'GetFormResponseById', apiId: '/providers/Microsoft.PowerApps/apis/shared_microsoftforms' }, parameters: { form_id: 'form-1', response_id: "@triggerOutputs()?['body/resourceData/responseId']" } }, runAfter: {} },
      Run_query: sqlQuery("INSERT INTO Leads (Company) VALUES ('@{outputs('Get_response_details')?['body/r0c4f1a2b']}')", { Get_response_details: ['Succeeded'] }),
    }),
    expected: [{ covers: "outputs('Get_response_details')?['body/r0c4f1a2b']", message: /^SQL injection: the SQL query text of "Run_query" is built from body\.r0c4f1a2b of "Get_response_details", with no validation step/ }],
  },
  {
    name: 'a Microsoft Forms answer read with the Logic Apps connector (…/formapi/api/forms(…)/responses) in SQL text',
    text: laArmTemplate(
      { When_a_new_response_is_submitted: { type: 'ApiConnectionWebhook', inputs: { host: { connection: { name: "@parameters('$connections')['microsoftforms']['connectionId']" } }, path: "/formapi/api/forms/@{encodeURIComponent('form-1')}/webhooks" } } },
      {
        Get_response_details: { type: 'ApiConnection', inputs: { host: { connection: { name: "@parameters('$connections')['microsoftforms']['connectionId']" } }, method: 'get', path: "/formapi/api/forms('@{encodeURIComponent('form-1')}')/responses", queries: { response_id: "@triggerBody()?['resourceData']?['responseId']" } }, runAfter: {} },
        Run_query: { type: 'ApiConnection', inputs: { host: { connection: { name: "@parameters('$connections')['sql']['connectionId']" } }, method: 'post', path: "/v2/datasets/@{encodeURIComponent(encodeURIComponent('default'))},@{encodeURIComponent(encodeURIComponent('default'))}/query/sql", body: { query: "INSERT INTO Leads (Company) VALUES ('@{body('Get_response_details')?['r0c4f1a2b']}')" } }, runAfter: { Get_response_details: ['Succeeded'] } },
      },
      { parameters: { $connections: { value: {
        microsoftforms: { connectionId: '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Web/connections/microsoftforms', id: '/subscriptions/0000/providers/Microsoft.Web/locations/westeurope/managedApis/microsoftforms' },
        sql: { connectionId: '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Web/connections/sql', id: '/subscriptions/0000/providers/Microsoft.Web/locations/westeurope/managedApis/sql' },
      } } } },
    ),
    expected: [{ covers: "body('Get_response_details')?['r0c4f1a2b']", message: /^SQL injection: .* built from body\.r0c4f1a2b of "Get_response_details"/ }],
  },
  {
    name: 'a Microsoft Forms form read (Get form details, written by its author) in SQL text',
    text: paSolutionFlow({ Recurrence: { type: 'Recurrence', recurrence: { frequency: 'Day', interval: 1 } } }, {
      Get_form: { type: 'OpenApiConnection', inputs: { host: { connectionName: 'shared_microsoftforms', operationId: 'GetFormById', apiId: '/providers/Microsoft.PowerApps/apis/shared_microsoftforms' }, parameters: { form_id: 'form-1' } }, runAfter: {} },
      Run_query: sqlQuery("INSERT INTO Forms (Title) VALUES ('@{outputs('Get_form')?['body/title']}')", { Get_form: ['Succeeded'] }),
    }),
    expected: [],
  },
  ...([
    ['an allowlist written as contains(createArray(…), x)', "@contains(createArray('https://a.contoso.com/hook', 'https://b.contoso.com/hook'), triggerBody()?['callback'])", undefined],
    ['an allowlist in the designer\'s form (contains: [createArray(…), x])', { and: [{ contains: ["@createArray('https://a.contoso.com/hook', 'https://b.contoso.com/hook')", "@triggerBody()?['callback']"] }] }, undefined],
    ['startsWith(x, base URL) compared with true', { and: [{ equals: ["@startsWith(triggerBody()?['callback'], 'https://hooks.contoso.com/')", true] }] }, undefined],
    ['startsWith(x, a start that does not end the host) compared with true', { and: [{ equals: ["@startsWith(triggerBody()?['callback'], 'https://hooks.contoso.com')", true] }] }, /"Check_callback" only checks how it starts, and that start does not fix the host/],
    ['contains(x, a text) compared with true', { and: [{ equals: ["@contains(triggerBody()?['callback'], 'contoso.com')", true] }] }, /"Check_callback" checks it in a way that does not restrict its characters/],
    ['a list that holds a value from the request', "@contains(createArray('https://a.contoso.com/hook', triggerBody()?['fallback']), triggerBody()?['callback'])", /"Check_callback" checks it in a way that does not restrict its characters/],
  ] as const).map(([what, expression, reported]): FlowCase => ({
    name: `an If with ${what} before a request to the callback URL`,
    text: paSolutionFlow(request, { Check_callback: { type: 'If', expression, actions: { Call: httpAction("@triggerBody()?['callback']") }, else: { actions: {} }, runAfter: {} } }),
    expected: reported ? [{ covers: "triggerBody()?['callback']", nth: 1, message: reported }] : [],
  })),
  ...([
    ['two OR groups, each an equality (an allowlist)', [[{ a: '{{1.callback}}', b: 'https://a.contoso.com/hook', o: 'text:equal' }], [{ a: '{{1.callback}}', b: 'https://b.contoso.com/hook', o: 'text:equal' }]], undefined],
    ['two OR groups, an equality and a base URL', [[{ a: '{{1.callback}}', b: 'https://a.contoso.com/hook', o: 'text:equal' }], [{ a: '{{1.callback}}', b: 'https://hooks.contoso.com/', o: 'text:startwith' }]], undefined],
    ['two OR groups, an equality and a check that it exists', [[{ a: '{{1.callback}}', b: 'https://a.contoso.com/hook', o: 'text:equal' }], [{ a: '{{1.callback}}', o: 'exist' }]], /"Call back" only checks that it is there/],
    ['two OR groups, each an equality ANDed with another field', [[{ a: '{{1.callback}}', b: 'https://a.contoso.com/hook', o: 'text:equal' }, { a: '{{1.mode}}', b: 'live', o: 'text:equal' }], [{ a: '{{1.callback}}', b: 'https://b.contoso.com/hook', o: 'text:equal' }]], undefined],
  ] as const).map(([what, conditions, reported]): FlowCase => ({
    name: `a Make filter of ${what} on the callback URL`,
    text: makeBlueprint(makeHook, makeModule(2, 'http:ActionSendData', { url: '{{1.callback}}', method: 'post' }, { metadata: { designer: { x: 300, y: 0, name: 'Call back' } }, filter: { name: 'Allowed', conditions } })),
    expected: reported ? [{ covers: '1.callback', message: reported }] : [],
  })),
  {
    name: 'a Zapier Filter of two OR groups, each Exactly matches an allowed URL',
    text: zapierExport({
      1: zapStep(1, null, 'WebHookCLIAPI@1.1.1', 'hook_v2', {}),
      2: { ...zapStep(2, 1, 'FilterAPI', 'filter', { filter_criteria: [{ id: 11, group: 21, key: '1__callback', value: 'https://a.contoso.com/hook', match: 'iexact', action: 'continue' }, { id: 12, group: 22, key: '1__callback', value: 'https://b.contoso.com/hook', match: 'iexact', action: 'continue' }] }), type_of: 'filter' },
      3: zapStep(3, 2, 'WebHookCLIAPI@1.1.1', 'post', { url: '{{1__callback}}' }),
    }),
    expected: [],
  },
  ...([
    ['each an equality (an allowlist)', [{ equals: ["@triggerBody()?['callback']", 'https://a.contoso.com/hook'] }, { equals: ["@triggerBody()?['callback']", 'https://b.contoso.com/hook'] }], undefined],
    ['an equality and a test that it is not empty', [{ equals: ["@triggerBody()?['callback']", 'https://a.contoso.com/hook'] }, { not: { equals: ["@empty(triggerBody()?['callback'])", true] } }], /"Check_callback" only checks that it is there/],
    ['an equality and a test of another field', [{ equals: ["@triggerBody()?['callback']", 'https://a.contoso.com/hook'] }, { equals: ["@triggerBody()?['mode']", 'test'] }], /with no validation step on the way/],
  ] as const).map(([what, alternatives, reported]): FlowCase => ({
    name: `an If whose Or group holds ${what}, before a request to the callback URL`,
    text: paSolutionFlow(request, { Check_callback: { type: 'If', expression: { or: alternatives }, actions: { Call: httpAction("@triggerBody()?['callback']") }, else: { actions: {} }, runAfter: {} } }),
    expected: reported ? [{ covers: "triggerBody()?['callback']", nth: JSON.stringify(alternatives).split("['callback']").length - 1, message: reported }] : [],
  })),
];

describe(`${RULE} (probe: Power Automate, Logic Apps, Make, Zapier)`, () => {
  runFlowTable(RULE, cases);
});
