// Second reading of the Make, Zapier and WDL describers: a Make filter that a value is true lets any text through (Make
// reads every text but `false` and an empty one as true).
import { describe } from 'node:test';
import { runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { makeBlueprint } from '../../../helpers/platformDocs.js';

const RULE = 'injection/unvalidated-input-to-sink';

// Make: a custom webhook anyone can call, SQL text built from what it sends.
const makeModule = (id: number, module: string, mapper: object, extra: object = {}) => ({ id, module, version: 1, parameters: {}, mapper, metadata: { designer: { x: id * 300, y: 0 } }, ...extra });
const hook = { ...makeModule(1, 'gateway:CustomWebHook', {}), parameters: { hook: 1234 }, metadata: { designer: { x: 0, y: 0, name: 'Job hook' } } };
const sqlModule = (id: number, query: string, conditions?: object[][]) => makeModule(id, 'mysql:ExecuteQuery', { query }, conditions ? { filter: { name: 'Allowed', conditions } } : {});

const cases: FlowCase[] = [
  // Make boolean conditions.
  ...([
    ['Equal to true', 'boolean:equal', 'true'],
    ['Equal to true (a JSON true)', 'boolean:equal', true],
    ['Not equal to false', 'boolean:notequal', 'false'],
    ['Equal to a mapped value', 'boolean:equal', '{{1.expected}}'],
  ] as const).map(([what, o, b]): FlowCase => ({
    name: `a Make filter that the value is ${what} (${o}) before SQL text with it`,
    text: makeBlueprint(hook, sqlModule(2, "SELECT * FROM jobs WHERE id = '{{1.id}}'", [[{ a: '{{1.id}}', b, o }]])),
    expected: [{ covers: '1.id', message: /^SQL injection: .* built from id of "Job hook", with no validation step on the way\. "mysql:ExecuteQuery" checks it in a way that does not restrict its characters\./ }],
  })),
  ...([
    ['Equal to false', 'boolean:equal', 'false'],
    ['Not equal to true', 'boolean:notequal', true],
    ['Equal to an empty text', 'boolean:equal', ''],
  ] as const).map(([what, o, b]): FlowCase => ({
    name: `a Make filter that the value is ${what} (${o}) before SQL text with it (only false and empty values pass)`,
    text: makeBlueprint(hook, sqlModule(2, "SELECT * FROM jobs WHERE id = '{{1.id}}'", [[{ a: '{{1.id}}', b, o }]])),
    expected: [],
  })),
  {
    name: 'a Make filter that a number is greater than 0 before SQL text (still a type check)',
    text: makeBlueprint(hook, sqlModule(2, "SELECT * FROM jobs WHERE id = '{{1.id}}'", [[{ a: '{{1.id}}', b: '0', o: 'number:greater' }]])),
    expected: [],
  },
];

describe(`${RULE}: describers, second reading (Make boolean filters)`, () => runFlowTable(RULE, cases));
