// A signature check built from nodes, not code: an n8n Crypto node and an IF, a Node-RED `hmac` node and a switch. The
// comparison with the provider's header is the check; the HMAC node alone is none.
import { describe } from 'node:test';
import { n8nFlow, runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { nodeRedFlow } from '../../../helpers/platformDocs.js';

const RULE = 'ingress/missing-signature-verification';

const hook = { name: 'GitHub push', type: 'webhook', parameters: { path: 'github-push', httpMethod: 'POST', options: { rawBody: true } } };
const hmac = { name: 'HMAC', type: 'crypto', parameters: { action: 'hmac', type: 'SHA256', binaryData: true, secret: '={{ $env.GITHUB_WEBHOOK_SECRET }}', dataPropertyName: 'hmac' } };
const valid = {
  name: 'Valid?',
  type: 'if',
  parameters: { conditions: { conditions: [{ id: 'a', leftValue: "={{ 'sha256=' + $json.hmac }}", rightValue: "={{ $json.headers['x-hub-signature-256'] }}", operator: { type: 'string', operation: 'equals' } }], combinator: 'and' } },
};
const tab = { id: 't1', type: 'tab', label: 'GitHub' };
const httpIn = { id: 'in', type: 'http in', z: 't1', name: 'github webhook', url: '/github', method: 'post', wires: [['mac']] };
const macNode = (wires: string[][]) => ({ id: 'mac', type: 'hmac', z: 't1', name: '', algorithm: 'HmacSHA256', key: 'FILL_ME', wires });
const compare = { id: 'cmp', type: 'switch', z: 't1', name: 'signature matches', property: 'payload', propertyType: 'msg', rules: [{ t: 'eq', v: 'req.headers.x-hub-signature-256', vt: 'msg' }], checkall: 'true', outputs: 1, wires: [[]] };

const cases: FlowCase[] = [
  { name: 'an n8n Crypto HMAC compared with the signature header by an IF', text: n8nFlow([hook, hmac, valid], [['GitHub push', 'HMAC'], ['HMAC', 'Valid?']]), expected: [] },
  { name: 'an n8n Crypto HMAC that nothing compares', text: n8nFlow([hook, hmac], [['GitHub push', 'HMAC']]), expected: [{ covers: '"github-push"' }] },
  { name: 'a Node-RED hmac node whose result a switch compares with the signature header', text: nodeRedFlow(tab, httpIn, macNode([['cmp']]), compare), expected: [] },
  { name: 'a Node-RED hmac node whose result nothing compares', text: nodeRedFlow(tab, httpIn, macNode([[]])), expected: [{ covers: '"/github"' }] },
];

describe(`${RULE}: checks built from nodes`, () => runFlowTable(RULE, cases));
