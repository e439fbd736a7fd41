// Make filters with a date operator (`date:greater`, `date:less`, `date:equal`, …) restrict nothing: Make's help says it
// converts a text to a date, and that the date must hold a day, a month and a year, but not which texts it reads as
// one. JavaScript's date parser skips text in parentheses (`2000-01-02 ('; DROP TABLE t; --)` is a date), which is why
// an n8n dateTime check counts for nothing; a Make date condition counts the same. A number condition stays a check.
import { describe } from 'node:test';
import { runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { makeBlueprint } from '../../../helpers/platformDocs.js';

const RULE = 'injection/unvalidated-input-to-sink';

const hook = { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: { hook: 1234 }, mapper: {}, metadata: { designer: { x: 0, y: 0, name: 'Booking hook' } } };
const sqlModule = (conditions: object[][]) => ({
  id: 2,
  module: 'mysql:ExecuteQuery',
  version: 1,
  parameters: {},
  mapper: { query: "SELECT * FROM bookings WHERE day = '{{1.day}}'" },
  metadata: { designer: { x: 300, y: 0, name: 'Find bookings' } },
  filter: { name: 'Future dates only', conditions },
});

const cases: FlowCase[] = [
  ...['date:greater', 'date:less', 'date:equal', 'date:greaterorequal', 'date:lessorequal', 'date:notequal'].map((o): FlowCase => ({
    name: `a ${o} filter on the date text before SQL`,
    text: makeBlueprint(hook, sqlModule([[{ a: '{{1.day}}', b: '{{now}}', o }]])),
    expected: [{ covers: '1.day', message: /^SQL injection: .*"Find bookings" checks it in a way that does not restrict its characters\./ }],
  })),
  {
    name: 'a date:greater filter joined to an equality on the same text (AND)',
    text: makeBlueprint(hook, sqlModule([[{ a: '{{1.day}}', b: '{{now}}', o: 'date:greater' }, { a: '{{1.day}}', b: '2030-01-01', o: 'text:equal' }]])),
    expected: [],
  },
  {
    name: 'a number:greater filter on the text before SQL (a number check still counts)',
    text: makeBlueprint(hook, sqlModule([[{ a: '{{1.day}}', b: '0', o: 'number:greater' }]])),
    expected: [],
  },
];

describe(`${RULE}: Make date filters`, () => runFlowTable(RULE, cases));
