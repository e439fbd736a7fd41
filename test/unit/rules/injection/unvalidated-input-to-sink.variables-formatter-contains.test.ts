// Second reader of the Make, Zapier, Power Automate and Logic Apps data-flow changes: values that reach a sink through a
// Make variable of a mapped name or a Zapier Formatter output other than `output`, and a contains() that is no allowlist.
import { describe } from 'node:test';
import { runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { makeBlueprint, zapierExport } from '../../../helpers/platformDocs.js';
import { paSolutionFlow } from '../../../helpers/wdl.js';

const RULE = 'injection/unvalidated-input-to-sink';

const makeModule = (id: number, module: string, mapper: object) => ({ id, module, version: 1, parameters: {}, mapper, metadata: { designer: { x: id * 300, y: 0 } } });
const makeHook = { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: { hook: 1234, maxResults: 1 }, metadata: { designer: { x: 0, y: 0, name: 'Orders hook' } } };
const getFile = (path: string) => makeModule(5, 'sftp:GetFile', { path });
const setVariable = (id: number, name: string, value: string) => makeModule(id, 'util:SetVariable2', { name, scope: 'roundtrip', value });
const request = { manual: { type: 'Request', kind: 'Http', inputs: { triggerAuthenticationType: 'All', schema: {} } } };
/** A flow whose If (`expression`) guards a request to the callback URL the caller sent. */
const callbackIf = (expression: unknown) =>
  paSolutionFlow(request, { Check_callback: { type: 'If', expression, actions: { Call: { type: 'Http', inputs: { method: 'GET', uri: "@triggerBody()?['callback']" }, runAfter: {} } }, else: { actions: {} }, runAfter: {} } });
const zapStep = (id: number, parent: number | null, api: string, action: string, params: object) => ({ id, paused: false, type_of: parent === null ? 'read' : 'write', params, meta: {}, parent_id: parent, root_id: parent === null ? null : 1, action, selected_api: api, title: null, authentication_id: null });
/** A zap: a webhook, a Formatter step with `params`, and SQL text that reads the Formatter's output `field`. */
const formatterZap = (action: string, params: object, field: string) =>
  zapierExport({
    1: zapStep(1, null, 'WebHookCLIAPI@1.1.1', 'hook_v2', {}),
    2: zapStep(2, 1, 'FormatterCLIAPI@1.0.0', action, params),
    3: zapStep(3, 2, 'MySQLCLIAPI@1.0.0', 'custom_query', { query: `SELECT * FROM users WHERE name = '{{2__${field}}}'` }),
  });

const cases: FlowCase[] = [
  {
    name: 'a Get variable of a fixed name after a Set variable whose name is mapped from the hook (it may set that name)',
    text: makeBlueprint(makeHook, setVariable(2, '{{1.key}}', '{{1.file}}'), setVariable(3, 'fileName', 'daily.csv'), makeModule(4, 'util:GetVariable2', { name: 'fileName' }), getFile('/exports/{{4.fileName}}')),
    expected: [{ covers: '4.fileName', message: /^Path traversal: the file path of "sftp:GetFile" is built from file of "Orders hook", via "util:SetVariable2" → "util:GetVariable2", with no validation step/ }],
  },
  {
    name: 'a Get variables of a fixed name after a Set variables whose name is mapped from the hook',
    text: makeBlueprint(makeHook, makeModule(2, 'util:SetVariables', { scope: 'roundtrip', variables: [{ name: '{{1.key}}', value: '{{1.file}}' }] }), makeModule(4, 'util:GetVariables', { variables: [{ name: 'fileName' }] }), getFile('/exports/{{4.fileName}}')),
    expected: [{ covers: '4.fileName', message: /^Path traversal: .* built from file of "Orders hook", via "util:SetVariables" → "util:GetVariables"/ }],
  },
  {
    name: 'a Get variable whose name is mapped from the hook (it may read any variable, here one that holds the hook\'s file)',
    text: makeBlueprint(makeHook, setVariable(2, 'raw', '{{1.file}}'), setVariable(3, 'fileName', 'daily.csv'), makeModule(4, 'util:GetVariable2', { name: '{{1.which}}' }), getFile('/exports/{{4.fileName}}')),
    expected: [{ covers: '4.fileName', message: /^Path traversal: .* built from file(\.fileName)? of "Orders hook", via "util:SetVariable2" → "util:GetVariable2"/ }],
  },
  {
    name: 'a Get variable whose name is mapped, when every variable holds a constant',
    text: makeBlueprint(makeHook, setVariable(2, 'raw', 'weekly.csv'), setVariable(3, 'fileName', 'daily.csv'), makeModule(4, 'util:GetVariable2', { name: '{{1.which}}' }), getFile('/exports/{{4.fileName}}')),
    expected: [],
  },
  ...([
    ['Split text, one of its fields (item_1)', 'string', { transform: 'split', input: '{{1__name}}', separator: ',' }, 'item_1', /built from name(\.item_1)? of "Webhooks by Zapier: hook_v2", via "Formatter by Zapier: string"/],
    ["Line Itemizer, a property it names (Name)", 'util', { transform: 'line_itemizer', line_item_properties: { Name: '{{1__name}}' } }, 'Name', /built from name(\.Name)? of "Webhooks by Zapier: hook_v2", via "Formatter by Zapier: util"/],
    ['a transform, its output (named by the field itself)', 'string', { transform: 'trim', input: '{{1__name}}' }, 'output', /built from name of "Webhooks by Zapier: hook_v2", via "Formatter by Zapier: string"/],
  ] as const).map(([what, action, params, field, message]): FlowCase => ({
    name: `a Zapier Formatter's ${what} in SQL text`,
    text: formatterZap(action, params, field),
    expected: [{ covers: `{{2__${field}}}`, message }],
  })),
  ...([
    ["the scheme split over two literals ('https:', '//')", "@concat('https:', '//', triggerBody()?['host'], '/api/orders')", true],
    ["a third slash before the host ('https://', '/')", "@concat('https://', '/', triggerBody()?['host'], '/api/orders')", true],
    ["scheme and host split over two literals ('https://', 'api.contoso.com/')", "@concat('https://', 'api.contoso.com/', triggerBody()?['id'])", false],
  ] as const).map(([what, uri, reported]): FlowCase => ({
    name: `a concat() URL with ${what} before the request's value`,
    text: paSolutionFlow(request, { Call: { type: 'Http', inputs: { method: 'GET', uri }, runAfter: {} } }),
    expected: reported ? [{ covers: "triggerBody()?['host']", message: /^Server-side request forgery \(SSRF\): the host of the request URL of "Call" comes from body\.host of "manual"/ }] : [],
  })),
  {
    name: "a Make Python Code module that exec()s an input field mapped from the hook",
    text: makeBlueprint(makeHook, makeModule(2, 'code:ExecuteCode', { input: [{ name: 'expr', value: '{{1.expr}}' }], language: 'python', codeEditorPython: "exec(input['expr'])\nreturn {}" })),
    expected: [{ covers: 'exec(', message: /^Code injection: the evaluated code of "code:ExecuteCode" is built from expr of "Orders hook"; its code uses exec, with no validation step/ }],
  },
  {
    name: 'a Make JavaScript Code module whose regular expression exec()s an input field (a method, not Python\'s exec)',
    text: makeBlueprint(makeHook, makeModule(2, 'code:ExecuteCode', { input: [{ name: 'expr', value: '{{1.expr}}' }], language: 'javascript', codeEditorJavascript: 'return { match: /^a/.exec(input.expr) };' })),
    expected: [],
  },
  {
    name: "an Array aggregator's nested field (mapper item.file) in a file path, named by the field itself",
    text: makeBlueprint(makeHook, makeModule(2, 'builtin:BasicAggregator', { item: { file: '{{1.file}}' } }), getFile('/exports/{{2.array[1].item.file}}')),
    expected: [{ covers: '2.array[1].item.file', message: /^Path traversal: the file path of "sftp:GetFile" is built from file of "Orders hook", via "builtin:BasicAggregator"/ }],
  },
  ...([
    ['contains(x, createArray(…)) (x is a collection holding the array, not one of its items)', "@contains(triggerBody()?['callback'], createArray('https://a.contoso.com/hook'))", /"Check_callback" checks it in a way that does not restrict its characters/],
    ["the designer's form of it (contains: [x, createArray(…)])", { and: [{ contains: ["@triggerBody()?['callback']", "@createArray('https://a.contoso.com/hook')"] }] }, /"Check_callback" checks it in a way that does not restrict its characters/],
    ["contains(createArray(…), x) (an allowlist)", "@contains(createArray('https://a.contoso.com/hook'), triggerBody()?['callback'])", undefined],
    ["the designer's form of the allowlist (contains: [createArray(…), x])", { and: [{ contains: ["@createArray('https://a.contoso.com/hook')", "@triggerBody()?['callback']"] }] }, undefined],
  ] as const).map(([what, expression, reported]): FlowCase => ({
    name: `an If with ${what} before a request to the callback URL`,
    text: callbackIf(expression),
    expected: reported ? [{ covers: "triggerBody()?['callback']", nth: 1, message: reported }] : [],
  })),
];

describe(`${RULE} (second reader: Make variables, Zapier Formatter outputs)`, () => runFlowTable(RULE, cases));
