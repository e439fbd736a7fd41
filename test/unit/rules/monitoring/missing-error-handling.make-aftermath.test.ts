// What Make does with a failure no handler takes (help.make.com, "Introduction to errors and warnings" and "Manage your
// email preferences"): it stops the run and rolls it back, which puts a polling trigger back to where it was before the
// run (the same items are read again on the next run), and it e-mails the owner by default; runs that keep failing get
// the scenario switched off. A route that ends with Ignore, Resume or Commit ends the run as a success: no e-mail, and
// the polling trigger moves on past the dropped bundle.
import { describe } from 'node:test';
import { runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { makeBlueprint } from '../../../helpers/platformDocs.js';

const RULE = 'monitoring/missing-error-handling';

const scenario = (...modules: object[]) => makeBlueprint(...modules).replace('"roundtrips": 1', '"roundtrips": 1, "dlq": false');
const webhook = { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: { hook: 1 }, mapper: {}, metadata: { designer: { name: 'Order' } } };
// A polling trigger, as Make exports it: a connection and a limit, no hook (google-calendar:watchEvents in the corpus).
const polling = { id: 1, module: 'google-calendar:watchEvents', version: 5, parameters: { q: '', limit: 10, select: 'create', calendar: 'team@example.com', __IMTCONN__: 4 }, mapper: {}, metadata: { designer: { name: 'New event' } } };
const addRow = (onerror?: object[]) => ({ id: 2, module: 'google-sheets:addRow', version: 2, parameters: { __IMTCONN__: 3 }, mapper: { values: {} }, metadata: { designer: { name: 'Add row' } }, ...(onerror ? { onerror } : {}) });
const ignore = { id: 10, module: 'builtin:Ignore', version: 1, parameters: {}, mapper: {}, metadata: {} };

const cases: FlowCase[] = [
  {
    name: 'a Make polling trigger that adds rows with no error handler (the run is rolled back and its events read again: info)',
    text: scenario(polling, addRow()),
    expected: [{ covers: 'false', severity: 'info', message: /^Scenario "Test scenario" has no error handler and does not store incomplete executions: if its call to another system fails, Make rolls back that run of "New event", so the trigger reads the same items again on its next run; only Make's error e-mail to the owner mentions it, and the scenario may be switched off\./ }],
  },
  {
    name: 'a Make polling trigger whose write only has an Ignore route (the bundle is dropped and the trigger moves on: warning)',
    text: scenario(polling, addRow([ignore])),
    expected: [{ covers: 'false', severity: 'warning', message: /handles errors only with Ignore, which ends the run as a success, and does not store incomplete executions: if its call to another system fails, the data "New event" received is dropped and nobody is told\. / }],
  },
  {
    name: 'a Make webhook with no error handler (Make e-mails the owner about an error by default)',
    text: scenario(webhook, addRow()),
    expected: [{ covers: 'false', severity: 'warning', message: /the data "Order" received is dropped and only Make's error e-mail to the owner mentions it, and the scenario may be switched off\./ }],
  },
  {
    name: 'a Make instant app trigger (a hook, no metadata.instant) with no error handler: still inbound',
    text: scenario({ id: 1, module: 'line:watchMessages', version: 2, parameters: { __IMTHOOK__: 68 }, mapper: {}, metadata: { designer: { name: 'LINE message' } } }, addRow()),
    expected: [{ covers: 'false', severity: 'warning', message: /the data "LINE message" received is dropped/ }],
  },
  {
    name: 'a Make instant app trigger whose hook parameter only its metadata declares (type hook:…) with no error handler: still inbound',
    text: scenario({ id: 1, module: 'slack:WatchEvents', version: 1, parameters: { webhook: 42 }, mapper: {}, metadata: { designer: { name: 'Slack event' }, parameters: [{ name: 'webhook', type: 'hook:slack' }] } }, addRow()),
    expected: [{ covers: 'false', severity: 'warning', message: /the data "Slack event" received is dropped/ }],
  },
];

describe(`${RULE} (Make: what happens to a failure with no handler)`, () => runFlowTable(RULE, cases));
