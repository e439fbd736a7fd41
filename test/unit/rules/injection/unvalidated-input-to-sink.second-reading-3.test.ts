// Second reading of the disabled-node commits (143ce0a, 04fd200): n8n runs a disabled node by handing its first input's
// items to its first output only (WorkflowExecute.runNode → handleDisabledNode), and never calls the sub-nodes of a
// disabled agent (its tools are asked for in the agent's own execute, which a disabled agent skips; getInputConnectionData
// also leaves out disabled sub-nodes). Parts of the model that did not ask FlowGraph.carries still let input through.
import { describe } from 'node:test';
import { n8nFlow, runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';

const RULE = 'injection/unvalidated-input-to-sink';

const webhook = { name: 'Orders', type: 'webhook', parameters: { path: 'orders', httpMethod: 'POST' } };
const off = { name: 'Off', type: 'if', disabled: true, parameters: {} };
const run = (command: string) => ({ name: 'Run', type: 'executeCommand', parameters: { command } });
const BY_NAME = "=ping -c 1 {{ $('Orders').item.json.body.host }}";

// A workflow that calls itself: the Execute Workflow node (or a tool) whose workflowId is this workflow.
const again = { name: 'Again', type: 'executeWorkflow', parameters: { workflowId: { __rl: true, mode: 'id', value: '={{ $workflow.id }}' } } };
const selfTool = {
  name: 'RunTool',
  type: '@n8n/n8n-nodes-langchain.toolWorkflow',
  parameters: { name: 'run', workflowId: { __rl: true, mode: 'id', value: '={{ $workflow.id }}' }, workflowInputs: { value: { host: "={{ $fromAI('host', 'host', 'string') }}" } } },
};
const sub = { name: 'Sub', type: 'executeWorkflowTrigger', parameters: { workflowInputs: { values: [{ name: 'host' }] } } };

const agent = (extra: object = {}) => ({ name: 'Agent', type: '@n8n/n8n-nodes-langchain.agent', typeVersion: 1.7, parameters: { promptType: 'define', text: '={{ $json.body.question }}' }, ...extra });
const model = { name: 'Model', type: '@n8n/n8n-nodes-langchain.lmChatOpenAi', parameters: {} };
const dbTool = { name: 'DB', type: 'postgresTool', parameters: { operation: 'executeQuery', query: "=SELECT * FROM t WHERE a = '{{ $fromAI('a') }}'" } };

const cases: FlowCase[] = [
  // selfCalledTriggers walked every edge itself: a caller no item reaches still made the sub-workflow trigger a source.
  {
    name: "a self-call on a disabled IF's true branch (every item goes there)",
    text: n8nFlow([webhook, off, again, sub, run('=ping -c 1 {{ $json.host }}')], [['Orders', 'Off'], ['Off', 'Again'], ['Sub', 'Run']]),
    expected: [{ covers: '$json.host' }],
  },
  {
    name: "a self-call on a disabled IF's false branch (no item goes there)",
    text: n8nFlow([webhook, off, again, sub, run('=ping -c 1 {{ $json.host }}')], [['Orders', 'Off'], ['Off', 'Again', 'main', 1], ['Sub', 'Run']]),
    expected: [],
  },
  {
    name: 'a self-calling tool of a disabled agent (n8n never calls its tools)',
    text: n8nFlow([webhook, agent({ disabled: true }), model, selfTool, sub, run('=ping -c 1 {{ $json.host }}')], [['Orders', 'Agent'], ['Model', 'Agent', 'ai_languageModel'], ['RunTool', 'Agent', 'ai_tool'], ['Sub', 'Run']]),
    expected: [],
  },
  {
    name: 'a self-calling tool of an enabled agent behind a webhook',
    text: n8nFlow([webhook, agent(), model, selfTool, sub, run('=ping -c 1 {{ $json.host }}')], [['Orders', 'Agent'], ['Model', 'Agent', 'ai_languageModel'], ['RunTool', 'Agent', 'ai_tool'], ['Sub', 'Run']]),
    expected: [{ covers: '$json.host' }],
  },
  // A tool's $fromAI values come from its agent: a disabled agent passes its input on and calls no tool.
  {
    name: 'a SQL tool of an enabled agent behind a webhook',
    text: n8nFlow([webhook, agent(), model, dbTool], [['Orders', 'Agent'], ['Model', 'Agent', 'ai_languageModel'], ['DB', 'Agent', 'ai_tool']]),
    expected: [{ covers: "$fromAI('a')" }],
  },
  {
    name: 'a SQL tool of a disabled agent behind a webhook',
    text: n8nFlow([webhook, agent({ disabled: true }), model, dbTool], [['Orders', 'Agent'], ['Model', 'Agent', 'ai_languageModel'], ['DB', 'Agent', 'ai_tool']]),
    expected: [],
  },
  // A step no item reaches never runs: what it reads by name ($('Orders')) reaches no sink.
  {
    name: "a command on a disabled IF's true branch reading the webhook by name",
    text: n8nFlow([webhook, off, run(BY_NAME)], [['Orders', 'Off'], ['Off', 'Run']]),
    expected: [{ covers: "$('Orders').item.json.body.host" }],
  },
  {
    name: "a command on a disabled IF's false branch reading the webhook by name",
    text: n8nFlow([webhook, off, run(BY_NAME)], [['Orders', 'Off'], ['Off', 'Run', 'main', 1]]),
    expected: [],
  },
  {
    name: "a command two steps after a disabled IF's false branch reading the webhook by name",
    text: n8nFlow([webhook, off, { name: 'Note', type: 'noOp' }, run(BY_NAME)], [['Orders', 'Off'], ['Off', 'Note', 'main', 1], ['Note', 'Run']]),
    expected: [],
  },
  {
    name: "a command after a disabled IF's false branch and also wired from the webhook (it runs)",
    text: n8nFlow([webhook, off, run(BY_NAME)], [['Orders', 'Off'], ['Off', 'Run', 'main', 1], ['Orders', 'Run']]),
    expected: [{ covers: "$('Orders').item.json.body.host" }],
  },
  {
    name: "a webhook an export wires after a disabled IF's false branch (a trigger starts runs whatever is wired into it)",
    text: n8nFlow([{ name: 'Every hour', type: 'scheduleTrigger', parameters: {} }, off, webhook, run('=ping -c 1 {{ $json.body.host }}')], [['Every hour', 'Off'], ['Off', 'Orders', 'main', 1], ['Orders', 'Run']]),
    expected: [{ covers: '$json.body.host' }],
  },
];

describe(`${RULE}: second reading of the disabled-node commits`, () => runFlowTable(RULE, cases));
