// A second reading of today's monitoring/missing-error-handling changes (06e132e, 4d9baf5, 9a8d3f4).
//
// n8n: a node set to "Continue (using error output)" whose error output leads only to nodes that tell nobody (a No
// Operation node named "Ignore error", a Set node) swallows the failure as surely as one with nothing wired: the run ends
// as a success, no failed execution is saved and no error workflow runs. Make's routes of only routers and variables
// already count as no handling (makeErrorPaths.ts); n8n's counted any wired error output as handling, so a webhook whose
// insert fails into a No Operation node was not reported at all.
//
// The n8n connector catalogue: n8n's older one-mode vector store nodes (`vectorStorePineconeInsert`, "Pinecone: Insert";
// `vectorStoreSupabaseLoad`, "Supabase: Load"; also Zep and In-Memory) name the store before the mode. 9a8d3f4 named
// their service "PineconeInsert", so supply-chain/unapproved-connector reported an approved Pinecone as unapproved.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { policyFromValue } from '../../../../server/src/core/index.js';
import { flowFindings, n8nFlow, runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';

const RULE = 'monitoring/missing-error-handling';

const hook = { name: 'Order', type: 'webhook', parameters: { path: 'orders', httpMethod: 'POST' } };
const insert = { name: 'Save order', type: 'postgres', parameters: { operation: 'insert', table: 'orders' }, credentials: { postgres: { id: '1', name: 'DB' } }, onError: 'continueErrorOutput' };
const noOp = (name: string) => ({ name, type: 'noOp', parameters: {} });
const slack = { name: 'Alert', type: 'slack', parameters: { operation: 'post', channel: '#ops', text: 'Order failed' }, credentials: { slackApi: { id: '2', name: 'Slack' } } };

const cases: FlowCase[] = [
  {
    name: 'an n8n webhook whose insert sends its errors only to a No Operation node (the failure is swallowed: warning)',
    text: n8nFlow([hook, insert, noOp('Done'), noOp('Ignore error')], [['Order', 'Save order'], ['Save order', 'Done', 'main', 0], ['Save order', 'Ignore error', 'main', 1]]),
    expected: [{ covers: '"Order"', severity: 'warning', message: /^Workflow "Test flow" has no error path: "Save order" is set to continue on error \(node Settings → On Error\) with no error output wired that tells anyone \(the error output of "Save order" leads only to "Ignore error", which tells nobody\), so its failure is passed on as if it had succeeded: the run ends as a success, and an error workflow would not hear of it either\. If it fails, the data "Order" received is dropped and nobody is told\./ }],
  },
  {
    name: 'an n8n webhook whose insert sends its errors to a Set node and on to a No Operation node (still nobody is told)',
    text: n8nFlow([hook, insert, { name: 'Mark failed', type: 'set', parameters: {} }, noOp('End')], [['Order', 'Save order'], ['Save order', 'Mark failed', 'main', 1], ['Mark failed', 'End']]),
    expected: [{ covers: '"Order"', severity: 'warning', message: /the error output of "Save order" leads only to "Mark failed", which tells nobody/ }],
  },
  {
    name: 'an n8n webhook whose insert sends its errors through a Set node to Slack (handled: no finding)',
    text: n8nFlow([hook, insert, { name: 'Mark failed', type: 'set', parameters: {} }, slack], [['Order', 'Save order'], ['Save order', 'Mark failed', 'main', 1], ['Mark failed', 'Alert']]),
    expected: [],
  },
  {
    name: 'an n8n webhook whose insert sends its errors to Stop and Error (the execution fails and is kept: no finding)',
    text: n8nFlow([hook, insert, { name: 'Fail', type: 'stopAndError', parameters: { errorMessage: 'insert failed' } }], [['Order', 'Save order'], ['Save order', 'Fail', 'main', 1]]),
    expected: [],
  },
  {
    name: 'an n8n webhook whose insert sends its errors to Respond to Webhook (the caller hears of it: no finding)',
    text: n8nFlow([{ ...hook, parameters: { ...hook.parameters, responseMode: 'responseNode' } }, insert, { name: 'Reply', type: 'respondToWebhook', parameters: {} }, { name: 'Reply error', type: 'respondToWebhook', parameters: { responseCode: 500 } }], [['Order', 'Save order'], ['Save order', 'Reply', 'main', 0], ['Save order', 'Reply error', 'main', 1]]),
    expected: [],
  },
  {
    name: 'an n8n webhook with a Slack alert on one insert and a No Operation error output on another',
    text: n8nFlow([hook, insert, slack, { ...insert, name: 'Save line', parameters: { operation: 'insert', table: 'lines' }, onError: 'stopWorkflow' }, { ...insert, name: 'Save total' }, noOp('Ignore error')], [['Order', 'Save order'], ['Save order', 'Alert', 'main', 1], ['Save order', 'Save line'], ['Save line', 'Save total'], ['Save total', 'Ignore error', 'main', 1]]),
    expected: [{ covers: '"Order"', severity: 'warning', message: /^Workflow "Test flow" wires error outputs on some nodes, but not on "Save line" and "Save total" \(the error output of "Save total" leads only to "Ignore error", which tells nobody\), and has no error workflow:/ }],
  },
];

describe(`${RULE} (second reading 2): n8n error outputs that lead only to nodes that tell nobody`, () => runFlowTable(RULE, cases));

describe("n8n connector catalogue (second reading 2): the older one-mode vector store nodes name their store's service", () => {
  const legacy = n8nFlow([
    hook,
    { name: 'Store', type: '@n8n/n8n-nodes-langchain.vectorStorePineconeInsert', parameters: { pineconeIndex: 'docs' } },
    { name: 'Search', type: '@n8n/n8n-nodes-langchain.vectorStoreSupabaseLoad', parameters: { tableName: 'documents' } },
    { name: 'Scratch', type: '@n8n/n8n-nodes-langchain.vectorStoreInMemoryInsert', parameters: {} },
    { name: 'Embed', type: '@n8n/n8n-nodes-langchain.embeddingsOpenAi', parameters: {} },
  ], [['Order', 'Store'], ['Embed', 'Store', 'ai_embedding']]);
  it('approves "Pinecone: Insert" and "Supabase: Load" by Pinecone and Supabase (not "PineconeInsert")', () => {
    const findings = flowFindings('supply-chain/unapproved-connector', { text: legacy, options: { policy: policyFromValue({ connectors: { approved: ['Pinecone', 'Supabase', 'OpenAI'] } }) } });
    assert.deepEqual(findings.map((f) => f.message), []);
  });
  it('blocks them by the name of their store, and leaves the in-memory store alone', () => {
    const findings = flowFindings('supply-chain/unapproved-connector', { text: legacy, options: { policy: policyFromValue({ connectors: { blocked: ['Pinecone', 'Supabase'] } }) } });
    assert.deepEqual(findings.map((f) => f.message.split(',')[0]), ['"Store" uses Pinecone', '"Search" uses Supabase']);
  });
  it('judges an older "Pinecone: Insert" node (it has no mode: it always inserts) as a write', () => {
    const findings = flowFindings(RULE, { text: legacy });
    assert.equal(findings[0]?.severity, 'warning');
  });
});
