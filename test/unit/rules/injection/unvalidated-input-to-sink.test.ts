import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../../server/src/core/index.js';
import { sinkCandidates } from '../../../../server/src/core/dataflow/index.js';
import { flowFindings, n8nFlow, runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { positions } from '../../../helpers/text.js';

const RULE = 'injection/unvalidated-input-to-sink';

const webhook = { name: 'Orders', type: 'webhook', parameters: { path: 'orders', httpMethod: 'POST' } };
const manual = { name: 'Start', type: 'manualTrigger' };
const pg = (query: string, extra: object = {}) => ({ name: 'Find order', type: 'postgres', parameters: { operation: 'executeQuery', query, ...extra } });
const cmd = (command: string) => ({ name: 'Run', type: 'executeCommand', parameters: { command } });
const http = (url: string) => ({ name: 'Fetch', type: 'httpRequest', parameters: { url, options: {} } });
const ifNode = (leftValue: string, operation: string, type = 'string', rightValue = '') => ({
  name: 'Check',
  type: 'if',
  parameters: { conditions: { conditions: [{ leftValue, rightValue, operator: { type, operation } }], combinator: 'and' } },
});

const selfTool = {
  name: 'WriteFiles',
  type: '@n8n/n8n-nodes-langchain.toolWorkflow',
  parameters: { name: 'write_file', workflowId: { __rl: true, mode: 'id', value: '={{ $workflow.id }}' }, workflowInputs: { value: { filenames: "={{ $fromAI('filenames', 'names', 'string') }}" } } },
};
const subTrigger = { name: 'When Executed by Another Workflow', type: 'executeWorkflowTrigger', parameters: { workflowInputs: { values: [{ name: 'filenames' }] } } };

const cases: FlowCase[] = [
  // Direct: the webhook's field goes straight into the query text (n8n resolves {{ }} in SQL text even without "=").
  {
    name: 'a webhook field written into SQL text (direct)',
    text: n8nFlow([webhook, pg("SELECT * FROM orders WHERE id = '{{ $json.body.id }}'")], [['Orders', 'Find order']]),
    expected: [{ covers: '$json.body.id', message: /^SQL injection: the SQL query text of "Find order" is built from body\.id of "Orders" \(POST orders\), with no validation step on the way\. Pass the value as a query parameter/, related: 2 }],
  },
  // Through a Set step: the chain names it and a related location points at the assignment.
  {
    name: 'a webhook field copied by a Set step into a shell command',
    text: n8nFlow([
      webhook,
      { name: 'Pick fields', type: 'set', parameters: { assignments: { assignments: [{ name: 'host', value: '={{ $json.body.host }}', type: 'string' }] } } },
      cmd('=ping -c 1 {{ $json.host }}'),
    ], [['Orders', 'Pick fields'], ['Pick fields', 'Run']]),
    expected: [{ covers: '$json.host', message: /^Command injection: the shell command of "Run" is built from body\.host of "Orders" \(POST orders\), via "Pick fields", with no validation/, related: 3 }],
  },
  // Through a loop: Split Out → Loop Over Items → the sink, which loops back.
  {
    name: 'a webhook field through a loop into a file path',
    text: n8nFlow([
      webhook,
      { name: 'Split files', type: 'splitOut', parameters: { fieldToSplitOut: 'body.files' } },
      { name: 'Loop', type: 'splitInBatches', parameters: { options: {} } },
      { name: 'Save', type: 'readWriteFile', parameters: { operation: 'write', fileName: '=/data/uploads/{{ $json.name }}' } },
    ], [['Orders', 'Split files'], ['Split files', 'Loop'], ['Loop', 'Save'], ['Save', 'Loop']]),
    expected: [{ covers: '$json.name', message: /^Path traversal: the file path of "Save" is built from body\.files\.name of "Orders" \(POST orders\), via "Split files" → "Loop"/, related: 4 }],
  },
  // An explicit reference to a node further up, past an HTTP call that replaced $json.
  {
    name: "an explicit $('Orders') reference past an unrelated HTTP call",
    text: n8nFlow([
      webhook,
      http('https://api.example.com/health'),
      cmd("=dig {{ $('Orders').item.json.query.domain }}"),
    ], [['Orders', 'Fetch'], ['Fetch', 'Run']]),
    expected: [{ covers: "$('Orders').item.json.query.domain", message: /built from query\.domain of "Orders"/ }],
  },
  {
    name: 'the old $node["Name"].data syntax',
    text: n8nFlow([webhook, cmd('=dig NS {{$node["Orders"].data["query"]["q"]}} +short')], [['Orders', 'Run']]),
    expected: [{ covers: '$node[\\"Orders\\"].data[\\"query\\"][\\"q\\"]', message: /built from query\.q of "Orders"/ }],
  },
  {
    name: 'a whole URL from the request (SSRF)',
    text: n8nFlow([webhook, http('={{ $json.body.callback }}')], [['Orders', 'Fetch']]),
    expected: [{ covers: '$json.body.callback', message: /^Server-side request forgery \(SSRF\): the host of the request URL of "Fetch" comes from body\.callback of "Orders"/ }],
  },
  {
    name: 'a host built from the request',
    text: n8nFlow([webhook, http('=https://{{ $json.body.tenant }}.example.com/api')], [['Orders', 'Fetch']]),
    expected: [{ covers: '$json.body.tenant', message: /SSRF/ }],
  },
  {
    name: 'code that evaluates request data',
    text: n8nFlow([webhook, { name: 'Calc', type: 'code', parameters: { jsCode: 'const expr = $json.body.formula;\nreturn [{ json: { result: eval(expr) } }];' } }], [['Orders', 'Calc']]),
    expected: [{ covers: 'eval(', message: /^Code injection: the evaluated code of "Calc" is built from body\.formula of "Orders" \(POST orders\); its code uses eval,/ }],
  },
  {
    name: 'an AI agent tool whose SQL the agent writes from a public chat',
    text: n8nFlow([
      { name: 'Chat', type: '@n8n/n8n-nodes-langchain.chatTrigger', parameters: { public: true } },
      { name: 'Agent', type: '@n8n/n8n-nodes-langchain.agent', parameters: { options: {} } },
      { name: 'Run SQL', type: 'postgresTool', parameters: { operation: 'executeQuery', query: "={{ $fromAI('sql', 'the query') }}" } },
    ], [['Chat', 'Agent'], ['Run SQL', 'Agent', 'ai_tool']]),
    expected: [{ covers: "$fromAI('sql', 'the query')", message: /^SQL injection: the SQL query text of "Run SQL" is built from chatInput of "Chat", via "Agent" \(an AI agent writes it from that input\).* Do not let the agent write the whole query, command, path or URL: give the tool a fixed one with parameters the agent fills in/ }],
  },
  {
    // Code that returns an object built from its input's fields: the field each one copies is named, not every field the
    // code was given (HOST is body.auth.domain, not the token).
    name: 'a request host from code that copies fields of its input, after a Set step',
    text: n8nFlow([
      webhook,
      { name: 'Keep', type: 'set', parameters: { assignments: { assignments: [{ name: 'token', value: '={{ $json.body.auth.token }}' }, { name: 'domain', value: '={{ $json.body.auth.domain }}' }] } } },
      { name: 'Prepare', type: 'code', parameters: { jsCode: 'const d = $input.all()[0].json;\nreturn [{ json: { HOST: d.domain, TOKEN: d.token } }];' } },
      { name: 'Fetch', type: 'httpRequest', parameters: { url: '=https://{{ $json.HOST }}/rest/user.get' } },
    ], [['Orders', 'Keep'], ['Keep', 'Prepare'], ['Prepare', 'Fetch']]),
    expected: [{ covers: '$json.HOST', message: /^Server-side request forgery \(SSRF\): the host of the request URL of "Fetch" comes from body\.auth\.domain of "Orders" \(POST orders\), via "Keep" → "Prepare", with no validation step on the way\. Keep/ }],
  },
  {
    // Code that reads its whole input and computes what it returns may use any field it was given: each is named.
    name: 'a request host from code that computes its output from its whole input, after a Set step',
    text: n8nFlow([
      webhook,
      { name: 'Keep', type: 'set', parameters: { assignments: { assignments: [{ name: 'token', value: '={{ $json.body.auth.token }}' }, { name: 'domain', value: '={{ $json.body.auth.domain }}' }] } } },
      { name: 'Prepare', type: 'code', parameters: { jsCode: 'const d = $input.all()[0].json;\nconst out = { HOST: d.domain, TOKEN: d.token };\nreturn [{ json: out }];' } },
      { name: 'Fetch', type: 'httpRequest', parameters: { url: '=https://{{ $json.HOST }}/rest/user.get' } },
    ], [['Orders', 'Keep'], ['Keep', 'Prepare'], ['Prepare', 'Fetch']]),
    expected: [{ covers: '$json.HOST', message: /^Server-side request forgery \(SSRF\): the host of the request URL of "Fetch" comes from body\.auth\.token or body\.auth\.domain of "Orders" \(POST orders\), via "Keep" → "Prepare", with no validation step on the way\. Keep/ }],
  },
  {
    name: 'a request host from a webhook, sent with the node\'s credential',
    text: n8nFlow([
      webhook,
      { name: 'Fetch', type: 'httpRequest', parameters: { url: '=https://{{ $json.body.domain }}/rest/user.get', authentication: 'genericCredentialType', genericAuthType: 'httpHeaderAuth' }, credentials: { httpHeaderAuth: { id: '1', name: 'Portal token' } } },
    ], [['Orders', 'Fetch']]),
    expected: [{ covers: '$json.body.domain', message: /^Server-side request forgery \(SSRF\): the host of the request URL of "Fetch" comes from body\.domain of "Orders" \(POST orders\), with no validation step on the way\. The request carries the node's credential, so whoever chooses the host receives it too\. Keep the scheme and host fixed .* refuse private, loopback and link-local addresses/ }],
  },
  {
    name: 'a Telegram upload name into a file path',
    text: n8nFlow([
      { name: 'Bot', type: 'telegramTrigger', parameters: { updates: ['message'] } },
      { name: 'Save', type: 'writeBinaryFile', parameters: { fileName: '=/srv/files/{{ $json.message.document.file_name }}' } },
    ], [['Bot', 'Save']]),
    expected: [{ covers: '$json.message.document.file_name', message: /Path traversal/ }],
  },
  {
    name: 'the text of a Telegram message in a command',
    text: n8nFlow([{ name: 'Bot', type: 'telegramTrigger', parameters: {} }, cmd('=echo {{ $json.message.text }} >> /tmp/log')], [['Bot', 'Run']]),
    expected: [{ covers: '$json.message.text', message: /^Command injection: the shell command of "Run" is built from message\.text of "Bot"/ }],
  },
  {
    name: 'a presence check that does not restrict the value',
    text: n8nFlow([webhook, ifNode('={{ $json.body.id }}', 'notEmpty'), pg("DELETE FROM orders WHERE id = {{ $json.body.id }}")], [['Orders', 'Check'], ['Check', 'Find order']]),
    expected: [{ covers: '$json.body.id', nth: 1, message: /"Check" only checks that it is there\./ }],
  },
  {
    name: 'a strict check of another field',
    text: n8nFlow([webhook, ifNode('={{ $json.body.count }}', 'gt', 'number'), pg("SELECT * FROM orders WHERE id = '{{ $json.body.id }}'")], [['Orders', 'Check'], ['Check', 'Find order']]),
    expected: [{ covers: '$json.body.id', message: /SQL injection/ }],
  },
  {
    name: 'a MongoDB filter with a value outside quotes',
    text: n8nFlow([webhook, { name: 'Find', type: 'mongoDb', parameters: { operation: 'find', collection: 'users', query: '={ "name": {{ JSON.stringify($json.body.name) }} }' } }], [['Orders', 'Find']]),
    expected: [{ covers: '$json.body.name', message: /^NoSQL operator injection/ }],
  },
  // A workflow that calls itself as an MCP server's tool: what the MCP client's model passes arrives at its trigger.
  {
    name: "values an MCP client passes to the workflow's own sub-workflow trigger, into a command",
    text: n8nFlow([
      { name: 'Files MCP', type: '@n8n/n8n-nodes-langchain.mcpTrigger', parameters: { path: 'files' } },
      selfTool,
      subTrigger,
      cmd('=cat {{ $json.filenames }}'),
    ], [['WriteFiles', 'Files MCP', 'ai_tool'], ['When Executed by Another Workflow', 'Run']]),
    expected: [{ covers: '$json.filenames', message: /^Command injection: the shell command of "Run" is built from filenames of "When Executed by Another Workflow" \(this workflow calls itself through "WriteFiles", which untrusted input drives\)/, related: 3 }],
  },
  {
    name: 'a self-calling tool of an agent only its editors start (manual trigger)',
    text: n8nFlow([
      manual,
      { name: 'Agent', type: '@n8n/n8n-nodes-langchain.agent', parameters: { promptType: 'define', text: 'Tidy the folder' } },
      selfTool,
      subTrigger,
      cmd('=cat {{ $json.filenames }}'),
    ], [['Start', 'Agent'], ['WriteFiles', 'Agent', 'ai_tool'], ['When Executed by Another Workflow', 'Run']]),
    expected: [],
  },
  {
    name: 'an MCP tool that calls another workflow (its trigger is not in this file)',
    text: n8nFlow([
      { name: 'Files MCP', type: '@n8n/n8n-nodes-langchain.mcpTrigger', parameters: { path: 'files' } },
      { ...selfTool, parameters: { ...selfTool.parameters, workflowId: { __rl: true, mode: 'id', value: 'a1b2c3' } } },
      subTrigger,
      cmd('=cat {{ $json.filenames }}'),
    ], [['WriteFiles', 'Files MCP', 'ai_tool'], ['When Executed by Another Workflow', 'Run']]),
    expected: [],
  },
  // Validation on another branch, or a way around it, does not count.
  {
    name: "a query on the IF's false branch (the regex failed there)",
    text: n8nFlow([webhook, ifNode('={{ $json.body.id }}', 'regex', 'string', '^[0-9]+$'), pg("SELECT * FROM orders WHERE id = {{ $json.body.id }}")], [['Orders', 'Check'], ['Check', 'Find order', 'main', 1]]),
    expected: [{ covers: '$json.body.id', nth: 1, message: /^SQL injection: .* built from body\.id of "Orders" \(POST orders\), via "Check", with no validation step on the way/ }],
  },
  {
    name: 'a query also wired straight from the webhook, around the check',
    text: n8nFlow([webhook, ifNode('={{ $json.body.id }}', 'regex', 'string', '^[0-9]+$'), pg("SELECT * FROM orders WHERE id = {{ $json.body.id }}")], [['Orders', 'Check'], ['Check', 'Find order'], ['Orders', 'Find order']]),
    expected: [{ covers: '$json.body.id', nth: 1, message: /^SQL injection/ }],
  },
  {
    name: 'a regex check joined by OR to another condition',
    text: n8nFlow([
      webhook,
      { name: 'Check', type: 'if', parameters: { conditions: { combinator: 'or', conditions: [
        { leftValue: '={{ $json.body.id }}', rightValue: '^[0-9]+$', operator: { type: 'string', operation: 'regex' } },
        { leftValue: '={{ $json.body.admin }}', rightValue: '', operator: { type: 'boolean', operation: 'true' } },
      ] } } },
      pg("SELECT * FROM orders WHERE id = {{ $json.body.id }}"),
    ], [['Orders', 'Check'], ['Check', 'Find order']]),
    expected: [{ covers: '$json.body.id', nth: 1, message: /^SQL injection/ }],
  },
  {
    name: "a command on a Switch's fallback output (no rule matched)",
    text: n8nFlow([
      webhook,
      { name: 'Route', type: 'switch', parameters: { rules: { values: [{ conditions: { combinator: 'and', conditions: [{ leftValue: '={{ $json.body.host }}', rightValue: 'eu.example.com', operator: { type: 'string', operation: 'equals' } }] } }] }, options: { fallbackOutput: 'extra' } } },
      cmd('=ping -c 1 {{ $json.body.host }}'),
    ], [['Orders', 'Route'], ['Route', 'Run', 'main', 1]]),
    expected: [{ covers: '$json.body.host', nth: 1, message: /^Command injection/ }],
  },
  // Broken by validation.
  {
    name: "a command on the output of the Switch rule that matched the field",
    text: n8nFlow([
      webhook,
      { name: 'Route', type: 'switch', parameters: { rules: { values: [{ conditions: { combinator: 'and', conditions: [{ leftValue: '={{ $json.body.host }}', rightValue: 'eu.example.com', operator: { type: 'string', operation: 'equals' } }] } }] }, options: { fallbackOutput: 'extra' } } },
      cmd('=ping -c 1 {{ $json.body.host }}'),
    ], [['Orders', 'Route'], ['Route', 'Run', 'main', 0]]),
    expected: [],
  },
  {
    name: 'a regex check of the field before the query',
    text: n8nFlow([webhook, ifNode('={{ $json.body.id }}', 'regex', 'string', '^[0-9]+$'), pg("SELECT * FROM orders WHERE id = {{ $json.body.id }}")], [['Orders', 'Check'], ['Check', 'Find order']]),
    expected: [],
  },
  {
    name: 'a number check on a copied field (the check follows the Set step)',
    text: n8nFlow([
      webhook,
      { name: 'Pick fields', type: 'set', parameters: { assignments: { assignments: [{ name: 'id', value: '={{ $json.body.id }}', type: 'number' }] } } },
      ifNode('={{ $json.id }}', 'gt', 'number', '0'),
      pg("SELECT * FROM orders WHERE id = {{ $('Orders').item.json.body.id }}"),
    ], [['Orders', 'Pick fields'], ['Pick fields', 'Check'], ['Check', 'Find order']]),
    expected: [],
  },
  {
    name: 'an old IF v1 regex check',
    text: n8nFlow([
      webhook,
      { name: 'Check', type: 'if', parameters: { conditions: { string: [{ value1: '={{$node["Orders"].data["query"]["q"]}}', value2: '/^[a-z0-9.-]+$/', operation: 'regex' }] } } },
      cmd('=dig NS {{$node["Orders"].data["query"]["q"]}}'),
    ], [['Orders', 'Check'], ['Check', 'Run']]),
    expected: [],
  },
  {
    name: 'code that throws on bad input',
    text: n8nFlow([
      webhook,
      { name: 'Validate', type: 'code', parameters: { jsCode: "const id = $json.body.id;\nif (!/^\\d+$/.test(id)) throw new Error('bad id');\nreturn $input.all();" } },
      pg("SELECT * FROM orders WHERE id = {{ $json.body.id }}"),
    ], [['Orders', 'Validate'], ['Validate', 'Find order']]),
    expected: [],
  },
  {
    name: 'a parameterised query ($1 with Query Parameters)',
    text: n8nFlow([webhook, pg('SELECT * FROM orders WHERE id = $1', { options: { queryReplacement: '={{ $json.body.id }}' } })], [['Orders', 'Find order']]),
    expected: [],
  },
  {
    name: 'input only in the path of a fixed host',
    text: n8nFlow([webhook, http('=https://api.example.com/orders/{{ $json.body.id }}?expand={{ $json.body.expand }}')], [['Orders', 'Fetch']]),
    expected: [],
  },
  {
    name: 'a manual trigger (no untrusted input)',
    text: n8nFlow([manual, cmd('=ls {{ $json.dir }}')], [['Start', 'Run']]),
    expected: [],
  },
  {
    name: 'a constant written over the field before the sink',
    text: n8nFlow([
      webhook,
      { name: 'Fix URL', type: 'set', parameters: { includeOtherFields: true, assignments: { assignments: [{ name: 'url', value: 'https://api.example.com/status', type: 'string' }] } } },
      http('={{ $json.url }}'),
    ], [['Orders', 'Fix URL'], ['Fix URL', 'Fetch']]),
    expected: [],
  },
  {
    name: 'an id put into the path of a fixed-host URL before that URL is fetched',
    text: n8nFlow([
      webhook,
      { name: 'Build URL', type: 'set', parameters: { assignments: { assignments: [{ name: 'url', value: '=https://api.example.com/orders/{{ $json.body.id }}/items' }] } } },
      http('={{ $json.url }}'),
    ], [['Orders', 'Build URL'], ['Build URL', 'Fetch']]),
    expected: [],
  },
  {
    name: "ids an app's connector fills in itself (Telegram chat id)",
    text: n8nFlow([{ name: 'Bot', type: 'telegramTrigger', parameters: {} }, cmd('=mkdir /srv/chats/{{ $json.message.chat.id }}')], [['Bot', 'Run']]),
    expected: [],
  },
  // A queue's message is written whole by its publisher: its ids are input like any other field.
  {
    name: 'an id in a RabbitMQ message written into the SQL text',
    text: n8nFlow([{ name: 'Orders queue', type: 'rabbitmqTrigger', parameters: { queue: 'orders' } }, pg("=SELECT * FROM orders WHERE id = '{{ $json.content.id }}'")], [['Orders queue', 'Find order']]),
    expected: [{ covers: '$json.content.id', message: /^SQL injection: the SQL query text of "Find order" is built from content\.id of "Orders queue"/ }],
  },
  {
    name: 'a user id in a Kafka message written into a command',
    text: n8nFlow([{ name: 'Jobs', type: 'kafkaTrigger', parameters: { topic: 'jobs' } }, cmd('=mkdir /srv/users/{{ $json.message.userId }}')], [['Jobs', 'Run']]),
    expected: [{ covers: '$json.message.userId', message: /^Command injection: the shell command of "Run" is built from message\.userId of "Jobs"/ }],
  },
  // A part of a value split on '/' is still a traversal when decoded, joined with '/' again, or a whole segment ('..').
  ...[
    "=/data/files/{{ decodeURIComponent($json.body.p.split('/')[1]) }}",
    "=/data/files/{{ $json.body.p.split('/')[1].replaceAll('|', '/') }}",
    "=/data/files/{{ $json.body.p.split('/')[0] }}/x.txt",
  ].map((fileName): FlowCase => ({
    name: `a file path from one part of a split value, re-opened: ${fileName}`,
    text: n8nFlow([webhook, { name: 'Save', type: 'readWriteFile', parameters: { operation: 'write', fileName } }], [['Orders', 'Save']]),
    expected: [{ covers: '$json.body.p', message: /^Path traversal: the file path of "Save" is built from body\.p/ }],
  })),
  {
    name: 'a disabled sink',
    text: n8nFlow([webhook, { ...cmd('=ls {{ $json.body.dir }}'), disabled: true }], [['Orders', 'Run']]),
    expected: [],
  },
  {
    name: 'a chat trigger only the editors can use',
    text: n8nFlow([
      { name: 'Chat', type: '@n8n/n8n-nodes-langchain.chatTrigger', parameters: {} },
      { name: 'Agent', type: '@n8n/n8n-nodes-langchain.agent', parameters: {} },
      { name: 'Run SQL', type: 'postgresTool', parameters: { operation: 'executeQuery', query: "={{ $fromAI('sql') }}" } },
    ], [['Chat', 'Agent'], ['Run SQL', 'Agent', 'ai_tool']]),
    expected: [],
  },
  {
    // The "Chat" button of the n8n editor: as private as a manual run (a corpus scraper agent calling itself was reported).
    name: "the editor's manual chat trigger",
    text: n8nFlow([
      { name: 'Chat', type: '@n8n/n8n-nodes-langchain.manualChatTrigger', parameters: {} },
      { name: 'Agent', type: '@n8n/n8n-nodes-langchain.agent', parameters: {} },
      { name: 'Run SQL', type: 'postgresTool', parameters: { operation: 'executeQuery', query: "={{ $fromAI('sql') }}" } },
    ], [['Chat', 'Agent'], ['Run SQL', 'Agent', 'ai_tool']]),
    expected: [],
  },
  {
    name: 'template text that is not an expression (no leading =)',
    text: n8nFlow([webhook, http('https://api.example.com/{{ $json.body.host }}')], [['Orders', 'Fetch']]),
    expected: [],
  },
  {
    name: 'an insert operation (columns are parameterised)',
    text: n8nFlow([webhook, { name: 'Insert', type: 'postgres', parameters: { operation: 'insert', table: 'orders', query: "ignored {{ $json.body.id }}" } }], [['Orders', 'Insert']]),
    expected: [],
  },
  // A code check covers the fields it tests, not their siblings.
  {
    name: 'a sibling of the field a code step tests (destructured from $json.body)',
    text: n8nFlow([
      webhook,
      { name: 'Validate', type: 'code', parameters: { jsCode: "const { orderId } = $json.body;\nif (!/^\\d+$/.test(String(orderId))) throw new Error('orderId must be numeric');\nreturn $input.all();" } },
      pg("=UPDATE orders SET note = '{{ $json.body.note }}' WHERE id = {{ $json.body.orderId }}"),
    ], [['Orders', 'Validate'], ['Validate', 'Find order']]),
    expected: [{ covers: '$json.body.note', message: /^SQL injection: the SQL query text of "Find order" is built from body\.note of "Orders" \(POST orders\), via "Validate", with no validation/ }],
  },
  {
    name: 'the field a code step tests in a loop over its items (named in the test), not its sibling',
    text: n8nFlow([
      webhook,
      { name: 'Validate', type: 'code', parameters: { jsCode: "for (const item of $input.all()) {\n  if (!/^[0-9]+$/.test(item.json.body.id)) throw new Error('bad id');\n}\nreturn $input.all();" } },
      pg("=SELECT * FROM orders WHERE id = {{ $json.body.id }} AND note = '{{ $json.body.note }}'"),
    ], [['Orders', 'Validate'], ['Validate', 'Find order']]),
    expected: [{ covers: '$json.body.note', message: /built from body\.note of "Orders"/ }],
  },
  {
    // A value the reader cannot trace to a field (what pick() returns) is not the input: a test of its `id` tests no field.
    name: "a code step's test of a value it could not trace (not the input's field of that name)",
    text: n8nFlow([
      webhook,
      { name: 'Validate', type: 'code', parameters: { jsCode: "const row = pick($input.first());\nif (!/^[0-9]+$/.test(row.id)) throw new Error('bad id');\nreturn $input.all();" } },
      pg("=SELECT * FROM orders WHERE id = {{ $json.body.id }} AND note = '{{ $json.body.note }}'"),
    ], [['Orders', 'Validate'], ['Validate', 'Find order']]),
    expected: [{ covers: '$json.body.id', message: /built from body\.id of "Orders".* 1 more untrusted value reaches it\./ }],
  },
  // typeof: a string or an object restricts no character; a number does.
  {
    name: "code that throws unless the value is a string (typeof host !== 'string')",
    text: n8nFlow([
      webhook,
      { name: 'Validate', type: 'code', parameters: { jsCode: "const host = $json.body.host;\nif (typeof host !== 'string') throw new Error('host must be a string');\nreturn $input.all();" } },
      cmd('=ping -c 1 {{ $json.body.host }}'),
    ], [['Orders', 'Validate'], ['Validate', 'Run']]),
    expected: [{ covers: '$json.body.host', nth: 1, message: /^Command injection: .* built from body\.host of "Orders" \(POST orders\), via "Validate", with no validation step on the way\. "Validate" checks it in a way that does not restrict its characters\./ }],
  },
  {
    name: "code that throws when the value is undefined (typeof … === 'undefined')",
    text: n8nFlow([
      webhook,
      { name: 'Validate', type: 'code', parameters: { jsCode: "if (typeof $json.body.host === 'undefined') throw new Error('host is required');\nreturn $input.all();" } },
      cmd('=ping -c 1 {{ $json.body.host }}'),
    ], [['Orders', 'Validate'], ['Validate', 'Run']]),
    expected: [{ covers: '$json.body.host', nth: 1, message: /"Validate" only checks that it is there\./ }],
  },
  {
    name: "code that throws unless the value is a number (typeof n !== 'number')",
    text: n8nFlow([
      webhook,
      { name: 'Validate', type: 'code', parameters: { jsCode: "const n = $json.body.count;\nif (typeof n !== 'number') throw new Error('count must be a number');\nreturn $input.all();" } },
      cmd('=seq {{ $json.body.count }}'),
    ], [['Orders', 'Validate'], ['Validate', 'Run']]),
    expected: [],
  },
  // A condition on an expression checks what the expression tests.
  {
    name: "an IF 'is true' on an expression that only tests presence ({{ $json.body.host != '' }})",
    text: n8nFlow([webhook, ifNode("={{ $json.body.host != '' }}", 'true', 'boolean'), cmd('=ping -c 1 {{ $json.body.host }}')], [['Orders', 'Check'], ['Check', 'Run']]),
    expected: [{ covers: '$json.body.host', nth: 1, message: /"Check" only checks that it is there\./ }],
  },
  {
    name: 'an IF on the length of the value (is greater than 0)',
    text: n8nFlow([webhook, ifNode('={{ $json.body.host.length }}', 'gt', 'number', '0'), cmd('=ping -c 1 {{ $json.body.host }}')], [['Orders', 'Check'], ['Check', 'Run']]),
    expected: [{ covers: '$json.body.host', nth: 1, message: /"Check" only checks that it is there\./ }],
  },
  {
    name: "an IF 'is true' on the length of the value ({{ $json.body.host.length > 0 }})",
    text: n8nFlow([webhook, ifNode('={{ $json.body.host.length > 0 }}', 'true', 'boolean'), cmd('=ping -c 1 {{ $json.body.host }}')], [['Orders', 'Check'], ['Check', 'Run']]),
    expected: [{ covers: '$json.body.host', nth: 1, message: /"Check" only checks that it is there\./ }],
  },
  {
    name: "an IF 'is true' on whether the value includes a word",
    text: n8nFlow([webhook, ifNode("={{ $json.body.host.includes('example') }}", 'true', 'boolean'), cmd('=ping -c 1 {{ $json.body.host }}')], [['Orders', 'Check'], ['Check', 'Run']]),
    expected: [{ covers: '$json.body.host', nth: 1, message: /"Check" checks it in a way that does not restrict its characters\./ }],
  },
  ...[
    '={{ /^[a-z0-9.-]+$/.test($json.body.host) }}',
    "={{ ['eu.example.com', 'us.example.com'].includes($json.body.host) }}",
    "={{ $json.body.host === 'eu.example.com' || $json.body.host === 'us.example.com' }}",
    "={{ $json.body.host.toLowerCase() === 'eu.example.com' && $json.body.ok }}",
  ].map((leftValue): FlowCase => ({
    name: `an IF 'is true' on an expression that restricts the value: ${leftValue}`,
    text: n8nFlow([webhook, ifNode(leftValue, 'true', 'boolean'), cmd('=ping -c 1 {{ $json.body.host }}')], [['Orders', 'Check'], ['Check', 'Run']]),
    expected: [],
  })),
  // A prefix that does not end the host, and a regex that is not anchored, restrict less than they seem to.
  {
    name: 'a starts-with check on a base URL without its "/"',
    text: n8nFlow([webhook, ifNode('={{ $json.body.url }}', 'startsWith', 'string', 'https://api.example.com'), http('={{ $json.body.url }}')], [['Orders', 'Check'], ['Check', 'Fetch']]),
    expected: [{ covers: '$json.body.url', nth: 1, message: /"Check" only checks how it starts, and that start does not fix the host \(end an allowed base URL with "\/": https:\/\/api\.example\.com lets https:\/\/api\.example\.com\.evil\.net through\)\./ }],
  },
  {
    name: 'a starts-with check on a base URL that ends the host',
    text: n8nFlow([webhook, ifNode('={{ $json.body.url }}', 'startsWith', 'string', 'https://api.example.com/'), http('={{ $json.body.url }}')], [['Orders', 'Check'], ['Check', 'Fetch']]),
    expected: [],
  },
  {
    name: 'a regex on a URL that is not anchored',
    text: n8nFlow([webhook, ifNode('={{ $json.body.url }}', 'regex', 'string', 'example\\.com'), http('={{ $json.body.url }}')], [['Orders', 'Check'], ['Check', 'Fetch']]),
    expected: [{ covers: '$json.body.url', nth: 1, message: /"Check" checks it with a pattern that does not fix the host/ }],
  },
  {
    name: 'a regex anchored at its start on the allowed base URL',
    text: n8nFlow([webhook, ifNode('={{ $json.body.url }}', 'regex', 'string', '^https://api\\.example\\.com/'), http('={{ $json.body.url }}')], [['Orders', 'Check'], ['Check', 'Fetch']]),
    expected: [],
  },
  {
    name: 'a regex that is not anchored at both ends, before a command',
    text: n8nFlow([webhook, ifNode('={{ $json.body.host }}', 'regex', 'string', '^[a-z0-9.-]+'), cmd('=ping -c 1 {{ $json.body.host }}')], [['Orders', 'Check'], ['Check', 'Run']]),
    expected: [{ covers: '$json.body.host', nth: 1, message: /"Check" checks it with a pattern that does not cover the whole value \(anchor it with \^ and \$\)\./ }],
  },
  // A form's answers are written by the respondent, whatever the question's title.
  {
    name: 'a Typeform answer whose question title names a URL',
    text: n8nFlow([{ name: 'Typeform Trigger', type: 'typeformTrigger', parameters: { formId: 'AbC123' } }, http("={{ $json['Company website URL'] }}")], [['Typeform Trigger', 'Fetch']]),
    expected: [{ covers: "$json['Company website URL']", message: /^Server-side request forgery \(SSRF\): the host of the request URL of "Fetch" comes from Company website URL of "Typeform Trigger"/ }],
  },
  {
    name: 'a SurveyMonkey answer (a survey trigger is untrusted input)',
    text: n8nFlow([{ name: 'Survey', type: 'surveyMonkeyTrigger', parameters: {} }, pg("=SELECT * FROM leads WHERE site = '{{ $json.website_url }}'")], [['Survey', 'Find order']]),
    expected: [{ covers: '$json.website_url', message: /^SQL injection: the SQL query text of "Find order" is built from website_url of "Survey"/ }],
  },
  {
    name: "an IF 'is false' on an equality (the value is anything but the constant)",
    text: n8nFlow([webhook, ifNode("={{ $json.body.host === 'localhost' }}", 'false', 'boolean'), cmd('=ping -c 1 {{ $json.body.host }}')], [['Orders', 'Check'], ['Check', 'Run']]),
    expected: [{ covers: '$json.body.host', nth: 1, message: /"Check" checks it in a way that does not restrict its characters\./ }],
  },
  // A number converted from the value carries no quote, operator or path.
  ...[
    '=SELECT * FROM orders WHERE id = {{ parseInt($json.body.id, 10) }}',
    '=SELECT * FROM orders WHERE id = {{ Number($json.body.id) }}',
    '=SELECT * FROM orders WHERE id = {{ $json.body.id.toInt() }}',
    '=SELECT * FROM orders WHERE price > {{ parseFloat($json.body.price) }}',
    '=SELECT * FROM orders WHERE qty = {{ Math.round($json.body.qty * 100) }}',
  ].map((query): FlowCase => ({ name: `a number converted from the value: ${query}`, text: n8nFlow([webhook, pg(query)], [['Orders', 'Find order']]), expected: [] })),
  {
    name: 'a number converted by a Set step before the query',
    text: n8nFlow([
      webhook,
      { name: 'Pick fields', type: 'set', parameters: { assignments: { assignments: [{ name: 'id', value: '={{ parseInt($json.body.id, 10) }}', type: 'number' }] } } },
      pg('=SELECT * FROM orders WHERE id = {{ $json.id }}'),
    ], [['Orders', 'Pick fields'], ['Pick fields', 'Find order']]),
    expected: [],
  },
  {
    name: 'the value itself, inserted after a numeric test (parseInt(x) ? x : 0)',
    text: n8nFlow([webhook, pg('=SELECT * FROM orders WHERE id = {{ parseInt($json.body.id) ? $json.body.id : 0 }}')], [['Orders', 'Find order']]),
    expected: [{ covers: '$json.body.id', message: /^SQL injection/ }],
  },
  {
    name: 'a number as the whole host of a URL (a decimal IPv4 address)',
    text: n8nFlow([webhook, http('=http://{{ parseInt($json.body.ip) }}/latest/meta-data')], [['Orders', 'Fetch']]),
    expected: [{ covers: '$json.body.ip', message: /^Server-side request forgery/ }],
  },
];

describe(`${RULE} (n8n)`, () => {
  runFlowTable(RULE, cases);

  it('lists every hop as a related location, in order, with a range on each', () => {
    const text = cases[1].text;
    const [f] = flowFindings(RULE, { text });
    assert.deepEqual(f.related?.map((r) => r.message), [
      '1. "Orders" (POST orders) brings the data in (body.host)',
      '2. "Pick fields" uses it here',
      '3. it reaches the shell command of "Run" here (CWE-78)',
    ]);
    assert.deepEqual(positions(text, f.related![1].range).start[0], positions(text, { start: text.indexOf('={{ $json.body.host }}'), end: 0 }).start[0]);
    assert.equal(text.slice(f.related![0].range.start, f.related![0].range.end), '"Orders"');
    assert.deepEqual(f.threats, ['T', 'I', 'E']);
    assert.equal(f.severity, 'error');
  });

  it('keeps the fingerprint when the file is reformatted', () => {
    const text = cases[0].text;
    const compact = JSON.stringify(JSON.parse(text));
    assert.equal(flowFindings(RULE, { text })[0].fingerprint, flowFindings(RULE, { text: compact })[0].fingerprint);
  });
});

describe(`${RULE}: which HTTP Request nodes are looked at`, () => {
  // The look before the model is built must never leave out a node the analysis would report; each URL is tried both
  // ways: the cheap look's answer agrees with what the full analysis finds.
  const urls: [string, boolean][] = [
    ['=https://api.example.com/orders/{{ $json.body.id }}', false],
    ['=https://api.example.com/orders?id={{ $json.body.id }}', false],
    ['https://api.example.com/orders#{{ $json.body.id }}', false],
    ['https://api.example.com/health', false],
    ['={{ $json.body.url }}', true],
    ['=https://{{ $json.body.host }}/orders', true],
    ['=https://api.example.com{{ $json.body.path }}', true],
    ['=https://api.example.com:{{ $json.body.port }}/orders', true],
    ['={{ $json.body.scheme }}://api.example.com/orders', true],
    ['=https://api.{{ $json.body.tenant }}.example.com/orders', true],
  ];
  for (const [url, reported] of urls) {
    it(`${reported ? 'follows' : 'leaves out'} ${url}`, () => {
      const text = n8nFlow([webhook, http(url)], [['Orders', 'Fetch']]);
      const flow = analyze({ uri: 'file:///ws/flow.json', path: 'flow.json', text }, { today: new Date() }).flow!;
      assert.equal(flowFindings(RULE, { text }).length, reported ? 1 : 0, 'the analysis');
      assert.equal(sinkCandidates(flow).includes(flow.nodes[1].id), reported, 'the look before it');
    });
  }
});
