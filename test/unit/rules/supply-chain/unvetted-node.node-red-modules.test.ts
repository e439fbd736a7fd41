// Node-RED function nodes' modules (the Setup tab, `libs`): Node-RED loads a Node.js built-in as it is and installs
// any other module from npm on deploy (@node-red/registry externalModules: builtinModules are never installed), reading
// `name@version` and `name/path` as the package `name`.
import { describe } from 'node:test';
import { runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { nodeRedFlow } from '../../../helpers/platformDocs.js';

const RULE = 'supply-chain/unvetted-node';

const fn = (name: string, libs: readonly object[]) => nodeRedFlow({ id: 'f', type: 'function', name, func: 'return msg;', libs, x: 1, y: 1, wires: [[]] });

const cases: FlowCase[] = [
  {
    name: 'a function node that loads only Node.js built-ins, as a code step',
    text: fn('Host info', [{ var: 'os', module: 'os' }, { var: 'fsp', module: 'fs/promises' }, { var: 'crypto', module: 'crypto' }]),
    expected: [{ covers: '"function"', severity: 'info', message: /^"Host info" runs JavaScript written into the flow/ }],
  },
  {
    name: 'a function node that loads npm packages beside built-ins, naming only the packages',
    text: fn('Shape', [{ var: 'os', module: 'os' }, { var: '_', module: 'lodash@4.17.21' }, { var: 'sdk', module: '@acme/sdk' }]),
    expected: [{ covers: '[{"var":"os","module":"os"},{"var":"_","module":"lodash@4.17.21"},{"var":"sdk","module":"@acme/sdk"}]', severity: 'warning', message: /^"Shape" loads lodash@4\.17\.21, @acme\/sdk into its code \(functionExternalModules\): those npm packages/ }],
  },
];

describe(`${RULE} (Node-RED function modules)`, () => runFlowTable(RULE, cases));
