// Logic Apps Standard custom code: the "Call a local function in this logic app" action (`InvokeFunction`).
import { describe } from 'node:test';
import { runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { laStandardWorkflow } from '../../../helpers/wdl.js';

const RULE = 'supply-chain/unvetted-node';

const request = { manual: { type: 'Request', kind: 'Http', inputs: { schema: {} } } };

const cases: FlowCase[] = [
  {
    name: 'a Logic Apps Standard call to a local function (custom .NET code deployed with the logic app)',
    text: laStandardWorkflow(request, { Call_a_local_function: { type: 'InvokeFunction', inputs: { functionName: 'WeatherForecast', parameters: { zipCode: "@triggerBody()?['zip']" } }, runAfter: {} } }),
    expected: [{ covers: '"Call_a_local_function"', severity: 'info', message: /^"Call_a_local_function" runs custom code \(inline code or an Azure Function\)/ }],
  },
];

describe(`${RULE} (probe: Logic Apps Standard local functions)`, () => runFlowTable(RULE, cases));
