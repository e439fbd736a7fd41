// Second reader of the Make and Zapier data-flow changes: values that reach a sink through a Make variable of a mapped
// name, or a Zapier Formatter output other than `output`.
import { describe } from 'node:test';
import { runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { makeBlueprint } from '../../../helpers/platformDocs.js';

const RULE = 'injection/unvalidated-input-to-sink';

const makeModule = (id: number, module: string, mapper: object) => ({ id, module, version: 1, parameters: {}, mapper, metadata: { designer: { x: id * 300, y: 0 } } });
const makeHook = { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: { hook: 1234, maxResults: 1 }, metadata: { designer: { x: 0, y: 0, name: 'Orders hook' } } };
const getFile = (path: string) => makeModule(5, 'sftp:GetFile', { path });
const setVariable = (id: number, name: string, value: string) => makeModule(id, 'util:SetVariable2', { name, scope: 'roundtrip', value });

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
];

describe(`${RULE} (second reader: Make variables, Zapier Formatter outputs)`, () => runFlowTable(RULE, cases));
