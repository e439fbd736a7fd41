// Zapier Filter steps with number, date/time and boolean conditions: Zapier compares the field converted as well as it
// can and passes the field on as it was, so such a condition does not restrict the text that reaches a sink.
import { describe } from 'node:test';
import { runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { zapierExport } from '../../../helpers/platformDocs.js';

const RULE = 'injection/unvalidated-input-to-sink';

const zapStep = (id: number, parent: number | null, api: string, action: string, params: object) => ({ id, paused: false, type_of: parent === null ? 'read' : 'write', params, meta: {}, parent_id: parent, root_id: parent === null ? null : 1, action, selected_api: api, title: null, authentication_id: null });
const hook = zapStep(1, null, 'WebHookCLIAPI@1.1.1', 'hook_v2', {});
const filter = (criteria: object[]) => ({ ...zapStep(2, 1, 'FilterAPI', 'filter', { filter_criteria: criteria }), type_of: 'filter', title: 'Only continue if...' });
const query = (key: string) => zapStep(3, 2, 'MySQLCLIAPI@1.0.0', 'custom_query', { query: `SELECT * FROM orders WHERE ${key === '1__placed' ? 'placed' : 'id'} = '{{${key}}}'` });
const condition = (key: string, match: string, value: string, id = 11) => ({ id, group: 21, key, value, match, action: 'continue' });

const cases: FlowCase[] = [
  ...([
    ['(Number) Greater than', '1__order_id', 'igreater', '0'],
    ['(Number) Less than', '1__order_id', 'iless', '1000000'],
    ['(Date/time) After', '1__placed', 'date_after', '01/01/2020'],
    ['(Date/time) Before', '1__placed', 'date_before', '01/01/2030'],
    ['(Boolean) Is true', '1__order_id', 'bool_true', ''],
  ] as const).map(([what, key, match, value]): FlowCase => ({
    name: `a Zapier Filter ${what} (${match}) on the value before SQL text`,
    text: zapierExport({ 1: hook, 2: filter([condition(key, match, value)]), 3: query(key) }),
    expected: [{ covers: `{{${key}}}`, message: /^SQL injection: .* built from (?:order_id|placed) of "Webhooks by Zapier: hook_v2", with no validation step on the way\. "Only continue if\.\.\." checks it in a way that does not restrict its characters/ }],
  })),
  {
    name: 'a Zapier Filter that also holds (Text) Exactly matches a literal on the same value',
    text: zapierExport({ 1: hook, 2: filter([condition('1__order_id', 'igreater', '0'), condition('1__order_id', 'exact', '42', 12)]), 3: query('1__order_id') }),
    expected: [],
  },
];

describe(`${RULE}: Zapier number, date/time and boolean filter conditions`, () => runFlowTable(RULE, cases));
