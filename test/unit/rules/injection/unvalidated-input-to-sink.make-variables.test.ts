// Make's system variables (`{{var.scenario.id}}`, `{{var.organization.name}}`, `{{var.execution.id}}`) are fixed by
// Make. Scenario inputs (`{{var.input.name}}`) are what the caller of an on-demand scenario passes: a Make user through
// the API (a token with the scenarios:run scope), another scenario of the team (whose own review follows what it
// passes) or an AI agent set up outside the blueprint. As for an n8n sub-workflow's inputs, they are no untrusted
// source on their own; a webhook's data mapped next to them still is.
import { describe } from 'node:test';
import { runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { makeBlueprint } from '../../../helpers/platformDocs.js';

const RULE = 'injection/unvalidated-input-to-sink';

const hook = { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: { hook: 1234 }, mapper: {}, metadata: { designer: { x: 0, y: 0, name: 'Job hook' } } };
const sql = (id: number, query: string) => ({ id, module: 'mysql:ExecuteQuery', version: 1, parameters: {}, mapper: { query }, metadata: { designer: { x: 300, y: 0, name: 'Run query' } } });

const ssh = (id: number, command: string) => ({ id, module: 'ssh:ExecuteCommand', version: 1, parameters: {}, mapper: { command }, metadata: { designer: { x: 300, y: 0, name: 'Run command' } } });
const http = (id: number, url: string) => ({ id, module: 'http:ActionSendData', version: 3, parameters: {}, mapper: { url, method: 'get' }, metadata: { designer: { x: 600, y: 0, name: 'Call API' } } });
/** The trigger of a subscenario that another scenario calls with its inputs (Scenarios > Start a subscenario). */
const start = { id: 1, module: 'scenario-service:StartSubscenario', version: 1, parameters: {}, mapper: {}, metadata: { designer: { x: 0, y: 0, name: 'Start' } } };
const setVariable = (id: number, name: string, value: string) => ({ id, module: 'util:SetVariable2', version: 1, parameters: {}, mapper: { name, scope: 'roundtrip', value }, metadata: { designer: { x: 150, y: 0, name: 'Set variable' } } });
const getVariable = (id: number, name: string) => ({ id, module: 'util:GetVariable2', version: 1, parameters: {}, mapper: { name }, metadata: { designer: { x: 200, y: 0, name: 'Get variable' } } });

const cases: FlowCase[] = [
  // Scenario inputs can be set only on a scenario scheduled on demand (Make API, PATCH /scenarios/{id}/interface: error
  // IM016 otherwise), which runs from Run once, the API with a token, another scenario or an AI agent given a token.
  {
    name: 'scenario inputs in a shell command and a URL of a subscenario (Start a subscenario)',
    text: makeBlueprint(start, ssh(2, 'convert {{var.input.file}} out.pdf'), http(3, '{{var.input.url}}')),
    expected: [],
  },
  {
    name: 'a scenario input set into a variable, then read into SQL',
    text: makeBlueprint(setVariable(1, 'q', '{{var.input.query}}'), getVariable(2, 'q'), sql(3, 'SELECT * FROM t WHERE name = "{{2.q}}"')),
    expected: [],
  },
  {
    name: 'execution and team variables in SQL and a shell command, behind a webhook',
    text: makeBlueprint(hook, sql(2, "INSERT INTO runs (execution, team) VALUES ('{{var.execution.id}}', '{{var.team.name}}')"), ssh(3, 'echo {{var.organization.zone}} {{var.team.id}}')),
    expected: [],
  },
  {
    name: "a webhook's field in a shell command next to a scenario input",
    text: makeBlueprint(hook, ssh(2, 'run --job {{var.input.job}} --name {{1.name}}')),
    expected: [{ covers: '1.name' }],
  },
  {
    name: "a webhook's field set into a variable next to a scenario input, read into a URL",
    text: makeBlueprint(hook, setVariable(2, 'u', '{{var.input.base}}{{1.path}}'), getVariable(3, 'u'), http(4, '{{3.u}}')),
    expected: [{ covers: '3.u' }],
  },
  {
    name: 'scenario inputs and system variables in SQL, with no webhook',
    text: makeBlueprint(sql(1, "INSERT INTO runs (scenario, org, job) VALUES ('{{var.scenario.id}}', '{{var.organization.name}}', '{{var.input.job}}')")),
    expected: [],
  },
  {
    name: "a webhook's field in SQL next to system variables",
    text: makeBlueprint(hook, sql(2, "INSERT INTO runs (scenario, job) VALUES ('{{var.scenario.id}}', '{{1.job}}')")),
    expected: [{ covers: '1.job' }],
  },
];

describe(`${RULE}: Make variables`, () => runFlowTable(RULE, cases));
