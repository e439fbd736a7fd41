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

const cases: FlowCase[] = [
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
