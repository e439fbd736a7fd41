// A second reading of the supply-chain rules. unvetted-node: a Node-RED module entry or a micropip wheel URL that holds
// a token is never quoted.
import { describe } from 'node:test';
import { n8nFlow, runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { nodeRedFlow } from '../../../helpers/platformDocs.js';

const NODE = 'supply-chain/unvetted-node';

// Node-RED installs `name@<spec>` with npm, and npm takes a git or tarball URL as the spec: it may hold a token.
const TOKEN = 'Zq7Xw2Lp9Rt4Vb8Nm3Kd6Hs1';
const fn = (libs: readonly object[]) => nodeRedFlow({ id: 'f', type: 'function', name: 'Shape', func: 'return msg;', libs, x: 1, y: 1, wires: [[]] });

const gitLibs = [{ var: 'sdk', module: `acme-sdk@git+https://deploy:${TOKEN}@git.example.com/acme/sdk.git` }, { var: '_', module: 'lodash@^4.17.21' }];
const urlLibs = [{ var: 'sdk', module: `deploy:${TOKEN}@git.example.com/acme/sdk.git` }];

const nodeCases: FlowCase[] = [
  {
    name: 'a Node-RED module whose version is a git URL with a token, by its name only',
    text: fn(gitLibs),
    expected: [{ covers: JSON.stringify(gitLibs), severity: 'warning', message: /^"Shape" loads acme-sdk, lodash@\^4\.17\.21 into its code \(functionExternalModules\)/ }],
  },
  {
    name: 'a Node-RED module entry that is not a package name (a URL), without quoting it',
    text: fn(urlLibs),
    expected: [{ covers: JSON.stringify(urlLibs), severity: 'warning', message: /^"Shape" loads a module given by a URL or path into its code/ }],
  },
  {
    // micropip.install also takes a wheel's URL: not PyPI, and the URL may hold a token.
    name: 'n8n Python that installs a wheel from a URL beside a PyPI package',
    text: n8nFlow([{ name: 'Extract', type: 'code', parameters: { language: 'python', pythonCode: `import micropip\nawait micropip.install("https://deploy:${TOKEN}@files.example.com/acme_sdk-1.0-py3-none-any.whl")\nawait micropip.install("beautifulsoup4")\nreturn items` } }]),
    expected: [{ covers: '"n8n-nodes-base.code"', severity: 'warning', message: /^"Extract" installs beautifulsoup4 from PyPI and a wheel from a URL each time it runs \(micropip\.install\): / }],
  },
];

describe(`${NODE} (second reading)`, () => runFlowTable(NODE, nodeCases));
describe('supply-chain messages (second reading)', () => {
  // The token must reach no message, whatever the shape.
  runFlowTable(NODE, nodeCases.map((c) => ({ ...c, name: `${c.name} (no token)`, expected: c.expected.map((e) => ({ ...e, message: new RegExp(`^(?![\\s\\S]*${TOKEN})`) })) })));
});
