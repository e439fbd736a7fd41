import { describe } from 'node:test';
import { n8nFlow, runFlowTable, type FlowCase, type N8nNode } from '../../../helpers/dataflow.js';

// An n8n AI Agent calls the tools plugged into it (connection type ai_tool) while it runs, as many times as its steps
// ask (Max Iterations, 10 unless set). An HTTP tool is an outbound call like an HTTP Request node: on the path a webhook
// caller waits on, one with no timeout holds the caller. The HTTP Request Tool (@n8n/n8n-nodes-langchain.toolHttpRequest)
// has no timeout setting at all: n8n's request helper waits 5 minutes (axios.defaults.timeout = 300000). The HTTP Request
// node used as a tool (n8n-nodes-base.httpRequestTool) has Options → Timeout, 5 minutes when unset.

const RULE = 'resilience/unbounded-retry';

const hook = (responseMode: string) => ({ name: 'Ask', type: 'webhook', typeVersion: 2, parameters: { path: 'ask', httpMethod: 'POST', responseMode } });
const agent = (options: object = {}) => ({ name: 'Agent', type: '@n8n/n8n-nodes-langchain.agent', typeVersion: 1.7, parameters: { promptType: 'define', text: '={{ $json.body.question }}', options } });
const model = { name: 'Model', type: '@n8n/n8n-nodes-langchain.lmChatOpenAi', typeVersion: 1, parameters: { model: 'gpt-4o-mini', options: {} }, credentials: { openAiApi: { id: '1', name: 'OpenAI' } } };
const weatherTool = { name: 'Weather', type: '@n8n/n8n-nodes-langchain.toolHttpRequest', typeVersion: 1.1, parameters: { toolDescription: 'Get the weather of a city', url: 'https://api.example.com/weather?q={city}', placeholderDefinitions: { values: [{ name: 'city', description: 'The city' }] } } };
const searchTool = (options: object = {}) => ({ name: 'Search', type: 'n8n-nodes-base.httpRequestTool', typeVersion: 4.2, parameters: { toolDescription: 'Search the web', method: 'POST', url: 'https://search.example.com/q', sendBody: true, options } });
const answer = { name: 'Reply', type: 'respondToWebhook', typeVersion: 1.1, parameters: { respondWith: 'text', responseBody: '={{ $json.output }}' } };
/** "Ask" → "Agent" with "Model" and `tools` plugged in. */
const asked = (responseMode: string, tools: N8nNode[], { agentOptions = {}, after = [] as N8nNode[], links = [] as [string, string][] } = {}) => n8nFlow(
  [hook(responseMode), agent(agentOptions), model, ...tools, ...after],
  [['Ask', 'Agent'], ['Model', 'Agent', 'ai_languageModel'], ...tools.map((t) => [t.name, 'Agent', 'ai_tool'] as const), ...links],
);

const cases: FlowCase[] = [
  {
    name: 'a webhook that answers when the run ends, with an agent that calls an HTTP Request Tool (no timeout can be set)',
    text: asked('lastNode', [weatherTool]),
    expected: [{ covers: '"Weather"', severity: 'info', message: /^Webhook "Ask" answers only when its flow ends, and "Weather", a tool of "Agent", .* up to 10 times .* 5 minutes/ }],
  },
  {
    name: 'a webhook that answers when the run ends, with an agent that calls an HTTP Request node as a tool without a timeout',
    text: asked('lastNode', [searchTool()], { agentOptions: { maxIterations: 3 } }),
    expected: [{ covers: '"options"', nth: 2, severity: 'info', message: /"Search", a tool of "Agent", .* up to 3 times .* Set Options → Timeout/ }],
  },
  {
    name: 'an agent whose HTTP Request tool has a timeout',
    text: asked('lastNode', [searchTool({ timeout: 10000 })]),
    expected: [],
  },
  {
    name: 'a webhook that answers at once, with an agent that calls an HTTP Request Tool',
    text: asked('onReceived', [weatherTool]),
    expected: [],
  },
  {
    name: 'a webhook answered by a Respond to Webhook node after the agent',
    text: asked('responseNode', [weatherTool], { after: [answer], links: [['Agent', 'Reply']] }),
    expected: [{ covers: '"Weather"', severity: 'info', message: /answers when a Respond to Webhook node runs, and "Weather", a tool of "Agent",/ }],
  },
  {
    name: 'an agent whose sub-agent (an AI Agent Tool) calls an HTTP Request Tool',
    text: n8nFlow([hook('lastNode'), agent(), model, { name: 'Researcher', type: '@n8n/n8n-nodes-langchain.agentTool', typeVersion: 2.2, parameters: { text: "={{ $fromAI('question') }}" } }, weatherTool], [
      ['Ask', 'Agent'], ['Model', 'Agent', 'ai_languageModel'], ['Researcher', 'Agent', 'ai_tool'], ['Model', 'Researcher', 'ai_languageModel'], ['Weather', 'Researcher', 'ai_tool'],
    ]),
    expected: [{ covers: '"Weather"', severity: 'info' }],
  },
  {
    name: 'a disabled HTTP Request Tool',
    text: asked('lastNode', [{ ...weatherTool, disabled: true }]),
    expected: [],
  },
];

describe(`${RULE}: HTTP tools of an AI agent a caller waits on`, () => runFlowTable(RULE, cases));
