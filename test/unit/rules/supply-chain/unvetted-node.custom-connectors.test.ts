// Power Automate custom connectors made in a solution: their API name is `<publisher prefix>-5f<name>-5f<id>` (one id, not
// the two of a connector made outside a solution), as `pac connector create` and the maker portal name them.
import { describe } from 'node:test';
import { runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { paSolutionFlow } from '../../../helpers/wdl.js';

const RULE = 'supply-chain/unvetted-node';

const button = { manual: { type: 'Request', kind: 'Button', inputs: {} } };
const call = (name: string, api: string) => ({ [name]: { type: 'OpenApiConnection', inputs: { host: { connectionName: api, operationId: 'CreateOrder', apiId: `/providers/Microsoft.PowerApps/apis/${api}` }, parameters: {} }, runAfter: {} } });

const cases: FlowCase[] = [
  ...([
    ['with its id', 'shared_cr8b4-5fcontoso-20orders-5f1a2b3c4d5e6f7a8b', 'cr8b4-5fcontoso-20orders-5f1a2b3c4d5e6f7a8b'],
    ['whose name has a hyphen', 'shared_new-5fcontoso-2dorders-2dmcp-5f0123456789abcdef', 'new-5fcontoso-2dorders-2dmcp-5f0123456789abcdef'],
    ['without an id', 'shared_new-5fcontoso-20orders-20v2', 'new-5fcontoso-20orders-20v2'],
  ] as const).map(([what, api, bare]): FlowCase => ({
    name: `a Power Automate custom connector made in a solution, ${what}`,
    text: paSolutionFlow(button, call('Create_order', api)),
    expected: [{ covers: '"Create_order"', severity: 'warning', message: new RegExp(`^"Create_order" uses Custom connector "contoso[ -]orders(?:[ -]mcp| v2)?" \\(${bare}\\), not a Microsoft-certified connector`) }],
  })),
  {
    name: 'two actions of one solution custom connector, grouped',
    text: paSolutionFlow(button, { ...call('Create_order', 'shared_cr8b4-5fcontoso-20orders-5f1a2b3c4d5e6f7a8b'), ...call('Get_order', 'shared_cr8b4-5fcontoso-20orders-5f1a2b3c4d5e6f7a8b') }),
    expected: [{ covers: '"Create_order"', message: /^2 actions \("Create_order", "Get_order"\) use Custom connector "contoso orders"/, related: 1 }],
  },
  {
    name: "Microsoft's connectors",
    text: paSolutionFlow(button, { ...call('Send', 'shared_office365'), ...call('Post', 'shared_teams'), ...call('Rows', 'shared_excelonlinebusiness'), ...call('Other', 'shared_commondataserviceforapps') }),
    expected: [],
  },
];

describe(`${RULE} (Power Automate custom connectors)`, () => runFlowTable(RULE, cases));
