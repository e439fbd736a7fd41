// Make error handlers belong to one module: a handler on one call does not cover the others.
import { describe } from 'node:test';
import { runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { makeBlueprint } from '../../../helpers/platformDocs.js';

const RULE = 'monitoring/missing-error-handling';

const hook = { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: { hook: 1 }, mapper: {}, metadata: { designer: { name: 'Order' } } };
const directive = (id: number, module: string) => ({ id, module, version: 1, parameters: {}, mapper: {}, metadata: {} });
const notify = (id: number) => ({ id, module: 'slack:CreateMessage', version: 4, parameters: { __IMTCONN__: 7 }, mapper: { channel: 'C01', text: 'Order sync failed' }, metadata: {} });
const lookup = (onerror?: object[]) => ({ id: 2, module: 'http:ActionSendData', version: 3, parameters: {}, mapper: { url: 'https://api.example.com/customers', method: 'get' }, metadata: { designer: { name: 'Look up customer' } }, ...(onerror ? { onerror } : {}) });
const addRow = (onerror?: object[]) => ({ id: 3, module: 'google-sheets:addRow', version: 2, parameters: { __IMTCONN__: 3 }, mapper: { values: {} }, metadata: { designer: { name: 'Add row' } }, ...(onerror ? { onerror } : {}) });
const scenario = (...modules: object[]) => makeBlueprint(hook, ...modules).replace('"roundtrips": 1', '"roundtrips": 1, "dlq": false');

const cases: FlowCase[] = [
  {
    name: 'a Make scenario whose only error handler is on a look-up, not on the row it adds',
    text: scenario(lookup([notify(10), directive(11, 'builtin:Rollback')]), addRow()),
    expected: [{ covers: 'false', severity: 'warning', message: /^Scenario "Test scenario" has an error handler, but none that keeps a failure of "Add row" in view, and does not store incomplete executions: if it fails, the data "Order" received is dropped and only Make's error e-mail to the owner mentions it, and the scenario may be switched off\. Add an error handler route to it that keeps/ }],
  },
  {
    name: 'a Make scenario with a kept handler on the look-up and only Ignore on the row it adds',
    text: scenario(lookup([directive(10, 'builtin:Break')]), addRow([directive(11, 'builtin:Ignore')])),
    expected: [{ covers: 'false', severity: 'warning', message: /has an error handler, but none that keeps a failure of "Add row" in view/ }],
  },
  {
    name: 'a Make scenario with a handler on every call (the notification on a handler route is part of the handling)',
    text: scenario(lookup([directive(10, 'builtin:Break')]), addRow([notify(11), directive(12, 'builtin:Rollback')])),
    expected: [],
  },
];

describe(`${RULE} (probe: Make handlers per module)`, () => runFlowTable(RULE, cases));
