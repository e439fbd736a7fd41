import { describe } from 'node:test';
import { n8nFlow, runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { makeBlueprint, nodeRedFlow, zapierExport } from '../../../helpers/platformDocs.js';
import { laStandardWorkflow, paSolutionFlow } from '../../../helpers/wdl.js';

const RULE = 'monitoring/missing-error-handling';

const hook = { name: 'Payment', type: 'webhook', parameters: { path: 'paid', httpMethod: 'POST' } };
const sheet = { name: 'Record', type: 'googleSheets', parameters: { operation: 'append' }, credentials: { googleSheetsOAuth2Api: { id: '1', name: 'Sheets' } } };
const slack = { name: 'Notify', type: 'slack', parameters: { text: 'paid' }, credentials: { slackApi: { id: '2', name: 'Slack' } } };
const request = { manual: { type: 'Request', kind: 'Http', inputs: {} } };
const sqlInsert = { type: 'ApiConnection', inputs: { host: { connection: { name: "@parameters('$connections')['sql']['connectionId']" } }, method: 'post', path: '/datasets/default/tables/Orders/items' }, runAfter: {} };
const ok = { type: 'Response', kind: 'Http', inputs: { statusCode: 200 }, runAfter: {} };
const respond = { name: 'Answer', type: 'respondToWebhook', parameters: { respondWith: 'text', responseBody: 'ok' } };
const crmPost = { name: 'Forward', type: 'httpRequest', parameters: { method: 'POST', url: 'https://crm.example.com/api/events' } };
const openAi = { openAiApi: { id: '3', name: 'OpenAI' } };
/** An n8n flow in v1 order with nodes placed on the canvas (v1 runs the topmost branch first). */
const placedV1 = (nodes: Parameters<typeof n8nFlow>[0], links: Parameters<typeof n8nFlow>[1], positions: Record<string, [number, number]>) => {
  const flow = JSON.parse(n8nFlow(nodes, links, { settings: { executionOrder: 'v1' } })) as { nodes: { name: string; position: [number, number] }[] };
  for (const node of flow.nodes) node.position = positions[node.name] ?? node.position;
  return JSON.stringify(flow, null, 2);
};
const waitingHook = { name: 'W', type: 'webhook', parameters: { path: 'w', httpMethod: 'POST', responseMode: 'responseNode' } };

/** A Node-RED tab "API" whose 2,000 endpoints share one 5,000-node chain (every tenth node a call) ending in an http response. */
function budgetSpender(): object[] {
  const out: object[] = [{ id: 't1', type: 'tab', label: 'API' }];
  for (let i = 0; i < 2000; i++) out.push({ id: `in${i}`, type: 'http in', z: 't1', name: `ep${i}`, url: `/ep${i}`, method: 'post', x: 1, y: 1, wires: [['c0']] });
  for (let i = 0; i < 5000; i++) {
    const wires = [i + 1 < 5000 ? [`c${i + 1}`] : ['res']];
    out.push(i % 10 === 5 ? { id: `c${i}`, type: 'http request', z: 't1', name: `call${i}`, method: 'POST', url: 'https://svc.example.com/x', x: 1, y: 1, wires } : { id: `c${i}`, type: 'function', z: 't1', name: `f${i}`, func: 'return msg;', outputs: 1, x: 1, y: 1, wires });
  }
  out.push({ id: 'res', type: 'http response', z: 't1', name: '', x: 1, y: 1, wires: [] });
  return out;
}

const cases: FlowCase[] = [
  {
    name: 'an n8n payment webhook that writes to a sheet with no error workflow (warning)',
    text: n8nFlow([hook, sheet], [['Payment', 'Record']], { settings: { executionOrder: 'v1' } }),
    expected: [{ covers: '"settings"', severity: 'warning', message: /^Workflow "Test flow" has no error path: no error workflow in its settings and no error output wired on any node\. If its call to another system fails, the data "Payment" received waits in the failed execution until someone finds it and retries it, and nobody is told\./ }],
  },
  {
    name: 'an n8n schedule that only notifies (info)',
    text: n8nFlow([{ name: 'Daily', type: 'scheduleTrigger', parameters: {} }, slack], [['Daily', 'Notify']]),
    expected: [{ covers: '"Daily"', severity: 'info', message: /that run of "Daily" stops and nobody is told\./ }],
  },
  {
    name: 'an n8n webhook whose caller waits for the answer (info)',
    text: n8nFlow([{ ...hook, parameters: { path: 'paid', responseMode: 'lastNode' } }, sheet], [['Payment', 'Record']]),
    expected: [{ covers: '"Payment"', severity: 'info' }],
  },
  {
    name: 'a Logic Apps request trigger that inserts rows with no failure branch',
    text: laStandardWorkflow(request, { Insert_row: sqlInsert }),
    expected: [{ covers: '"manual"', severity: 'warning', message: /^This workflow has no error path: no action runs after another has Failed or TimedOut\. If its call to another system fails, the data "manual" received waits in the failed run until someone finds it and resubmits it, and nobody is told\./ }],
  },
  {
    name: 'a Power Automate flow (the platform mails its owners about failures: info)',
    text: paSolutionFlow(request, { Insert_row: sqlInsert }),
    expected: [{ covers: '"manual"', severity: 'info', message: /the data "manual" received waits in the failed run until someone finds it and resubmits it, and only the owner's failure digest mentions it\./ }],
  },
  {
    name: 'a Node-RED tab with an MQTT input, a database write and no catch node',
    text: nodeRedFlow(
      { id: 't', type: 'tab', label: 'Ingest' },
      { id: 'm', type: 'mqtt in', z: 't', name: 'Readings', topic: 'x', broker: 'b', x: 1, y: 1, wires: [['db']] },
      { id: 'db', type: 'mysql', z: 't', name: 'Store', mydb: 'c', x: 1, y: 1, wires: [[]] },
    ),
    expected: [{ covers: '"Ingest"', severity: 'warning', message: /^Flow tab "Ingest" has no catch node: if its call to another system fails, the data "Readings" received is dropped and the error only reaches the log\./ }],
  },
  // "Export selected nodes" leaves the tab out: the nodes are judged by the tab their `z` names, and the finding sits on the trigger.
  {
    name: 'Node-RED nodes exported without their tab: an MQTT input, a database write, no catch node (warning, on the input)',
    text: nodeRedFlow(
      { id: 'm', type: 'mqtt in', z: 't', name: 'Readings', topic: 'x', broker: 'b', x: 1, y: 1, wires: [['db']] },
      { id: 'db', type: 'mysql', z: 't', name: 'Store', mydb: 'c', x: 1, y: 1, wires: [[]] },
    ),
    expected: [{ covers: '"Readings"', severity: 'warning', message: /^These nodes were exported without their flow tab, and no catch node came with them: if their call to another system fails, the data "Readings" received is dropped and the error only reaches the log\. Add a catch node to their tab, wired to a notification \(and to the HTTP response for HTTP endpoints\); if the tab has one, export it with the nodes\.$/ }],
  },
  {
    name: 'Node-RED nodes of two tabs, neither exported: each judged on its own (an unnamed trigger is anchored on its type)',
    text: nodeRedFlow(
      { id: 'm', type: 'mqtt in', z: 't1', name: 'Readings', topic: 'x', broker: 'b', x: 1, y: 1, wires: [['db']] },
      { id: 'db', type: 'mysql', z: 't1', name: 'Store', mydb: 'c', x: 1, y: 1, wires: [[]] },
      { id: 'h', type: 'http in', z: 't2', url: '/hook', method: 'post', x: 1, y: 1, wires: [['r']] },
      { id: 'r', type: 'http request', z: 't2', name: 'Fetch', method: 'GET', url: 'https://api.example.com/x', x: 1, y: 1, wires: [['a']] },
      { id: 'a', type: 'http response', z: 't2', x: 1, y: 1, wires: [] },
    ),
    expected: [
      { covers: '"Readings"', severity: 'warning' },
      { covers: '"http in"', severity: 'info', message: /^These nodes were exported without their flow tab, and no catch node came with them: if their call to another system fails, the caller of "[^"]*" gets an error or no answer/ },
    ],
  },
  {
    name: 'a Node-RED tab whose only catch node is disabled (it catches nothing)',
    text: nodeRedFlow(
      { id: 't', type: 'tab', label: 'Ingest' },
      { id: 'm', type: 'mqtt in', z: 't', name: 'Readings', topic: 'x', broker: 'b', x: 1, y: 1, wires: [['db']] },
      { id: 'db', type: 'mysql', z: 't', name: 'Store', mydb: 'c', x: 1, y: 1, wires: [[]] },
      { id: 'c', type: 'catch', z: 't', name: 'Errors', d: true, x: 1, y: 1, wires: [[]] },
    ),
    expected: [{ covers: '"Ingest"', severity: 'warning', message: /^Flow tab "Ingest" has no catch node: if its call to another system fails, the data "Readings" received is dropped/ }],
  },
  {
    name: 'a Node-RED tab whose catch node watches another node, not the write',
    text: nodeRedFlow(
      { id: 't', type: 'tab', label: 'Ingest' },
      { id: 'm', type: 'mqtt in', z: 't', name: 'Readings', topic: 'x', broker: 'b', x: 1, y: 1, wires: [['f']] },
      { id: 'f', type: 'function', z: 't', name: 'Shape', func: 'return msg;', outputs: 1, x: 1, y: 1, wires: [['db']] },
      { id: 'db', type: 'mysql', z: 't', name: 'Store', mydb: 'c', x: 1, y: 1, wires: [[]] },
      { id: 'c', type: 'catch', z: 't', name: 'Errors', scope: ['f'], x: 1, y: 1, wires: [[]] },
    ),
    expected: [{ covers: '"Ingest"', severity: 'warning', message: /^Flow tab "Ingest" has catch nodes, but none that watches every call: if its call to another system fails, the data "Readings" received is dropped/ }],
  },
  {
    name: 'a Make webhook scenario that adds rows with no error handler',
    text: makeBlueprint(
      { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: { hook: 1 }, mapper: {}, metadata: { designer: { name: 'Order' } } },
      { id: 2, module: 'google-sheets:addRow', version: 2, parameters: { __IMTCONN__: 3 }, mapper: { values: {} }, metadata: { designer: { name: 'Add row' } } },
    ).replace('"roundtrips": 1', '"roundtrips": 1, "dlq": false'),
    expected: [{ covers: 'false', severity: 'warning', message: /^Scenario "Test scenario" has no error handler and does not store incomplete executions: if its call to another system fails, the data "Order" received is dropped and only Make's error e-mail to the owner mentions it, and the scenario may be switched off\./ }],
  },
  {
    name: 'an n8n webhook whose sheet node only reads rows (nothing lost for good: info)',
    text: n8nFlow([hook, { ...sheet, parameters: { operation: 'read' } }, slack], [['Payment', 'Record'], ['Record', 'Notify']]),
    expected: [{ covers: '"Payment"', severity: 'info' }],
  },
  {
    name: 'an n8n form that goes on to a form page (the submitter sees a failure: info)',
    text: n8nFlow([
      { name: 'Apply', type: 'formTrigger', parameters: { formTitle: 'Apply', formFields: { values: [{ fieldLabel: 'Name' }] } } },
      sheet,
      { name: 'Done', type: 'form', parameters: { operation: 'completion', completionTitle: 'Thanks' } },
    ], [['Apply', 'Record'], ['Record', 'Done']]),
    expected: [{ covers: '"Apply"', severity: 'info', message: /the caller of "Apply" gets an error/ }],
  },
  {
    name: 'a Logic Apps request trigger that only reads (GET) and sends no write (info)',
    text: laStandardWorkflow(request, { Get_me: { ...sqlInsert, inputs: { ...sqlInsert.inputs, method: 'get', path: '/users/me' } } }),
    expected: [{ covers: '"manual"', severity: 'info' }],
  },
  // Who hears of a failure: the caller only of calls made before it is answered (Response, Respond to Webhook, form page).
  {
    name: 'a Logic Apps Response sent right after the first call, beside the insert (the insert fails silently)',
    text: laStandardWorkflow(request, {
      Decode: { type: 'Http', inputs: { method: 'POST', uri: 'https://decoder.example.com/as2' }, runAfter: {} },
      Check: { type: 'If', expression: { equals: [true, true] }, actions: { Send_200_OK: ok }, runAfter: { Decode: ['Succeeded'] } },
      Insert_row: { ...sqlInsert, runAfter: { Decode: ['Succeeded'] } },
    }),
    expected: [{ covers: '"manual"', severity: 'warning', message: /If one of its 2 calls to other systems fails, "manual" has already answered its caller when 1 of them runs: the data it received waits in the failed run until someone finds it and resubmits it, and nobody is told\./ }],
  },
  {
    name: 'a Logic Apps Response sent after the insert (the caller hears of its failure: info)',
    text: laStandardWorkflow(request, { Insert_row: sqlInsert, Send_200_OK: { ...ok, runAfter: { Insert_row: ['Succeeded'] } } }),
    expected: [{ covers: '"manual"', severity: 'info', message: /fails, the caller of "manual" gets an error, but nobody else is told\./ }],
  },
  {
    name: 'a Logic Apps Response sent after a Scope that holds the insert (info)',
    text: laStandardWorkflow(request, { Steps: { type: 'Scope', actions: { Insert_row: sqlInsert }, runAfter: {} }, Send_200_OK: { ...ok, runAfter: { Steps: ['Succeeded'] } } }),
    expected: [{ covers: '"manual"', severity: 'info', message: /the caller of "manual" gets an error/ }],
  },
  {
    name: 'a stateless Logic Apps workflow (no run history kept: the data is dropped)',
    text: laStandardWorkflow(request, { Insert_row: sqlInsert }).replace('"kind": "Stateful"', '"kind": "Stateless"'),
    expected: [{ covers: '"manual"', severity: 'warning', message: /fails, the data "manual" received is dropped and nobody is told\./ }],
  },
  {
    name: 'an n8n handshake webhook that responds and a second webhook, answered on receipt, that posts (warning, on the second)',
    text: n8nFlow([
      { name: 'Verify', type: 'webhook', parameters: { path: 'events', httpMethod: 'GET', responseMode: 'responseNode' } },
      respond,
      { name: 'Events', type: 'webhook', parameters: { path: 'events', httpMethod: 'POST' } },
      crmPost,
    ], [['Verify', 'Answer'], ['Events', 'Forward']]),
    expected: [{ covers: '"Events"', severity: 'warning', message: /fails, the data "Events" received waits in the failed execution until someone finds it and retries it, and nobody is told\./ }],
  },
  {
    // The message counts the calls of the trigger it is about, not the workflow's (3 of the 4 are the schedule's).
    name: 'an n8n webhook with one call beside a schedule with three: the webhook\'s call is named as its own',
    text: n8nFlow([
      { name: 'Hook', type: 'webhook', parameters: { path: 'in', httpMethod: 'POST' } },
      crmPost,
      { name: 'Nightly', type: 'scheduleTrigger', parameters: {} },
      ...['A', 'B', 'C'].map((n) => ({ name: `Sync ${n}`, type: 'httpRequest', parameters: { method: 'POST', url: `https://api.example.com/${n}` } })),
    ], [['Hook', 'Forward'], ['Nightly', 'Sync A'], ['Sync A', 'Sync B'], ['Sync B', 'Sync C']]),
    expected: [{ covers: '"Hook"', message: /If the call "Hook" starts \(one of 4 to other systems\) fails, the data "Hook" received waits/ }],
  },
  {
    // n8n v1 runs the topmost branch first: the POST placed above the answering branch runs before the answer.
    name: 'an n8n webhook whose POST, on a branch above the one that answers, runs before the answer (info)',
    text: placedV1([waitingHook, respond, crmPost], [['W', 'Answer'], ['W', 'Forward']], { W: [0, 0], Forward: [200, -100], Answer: [200, 100] }),
    expected: [{ covers: '"settings"', severity: 'info', message: /fails, the caller of "W" gets an error, but nobody else is told\./ }],
  },
  {
    // A Respond node placed above answers first; the POST before the other Respond runs after the caller has its answer.
    name: 'an n8n webhook answered by a Respond node above the branch that posts (warning)',
    text: placedV1([waitingHook, respond, crmPost, { ...respond, name: 'Done' }], [['W', 'Answer'], ['W', 'Forward'], ['Forward', 'Done']], { W: [0, 0], Answer: [200, -100], Forward: [200, 100], Done: [400, 100] }),
    expected: [{ covers: '"settings"', severity: 'warning', message: /"W" has already answered its caller when it runs/ }],
  },
  {
    // The only Respond node sits behind an IF: the POST placed above runs before it is reached, and if the IF says no,
    // n8n answers when the run ends: either way the caller hears of a failure (as the resilience rule reads it too).
    name: 'an n8n webhook whose POST runs before a Respond node that an IF guards (info)',
    text: placedV1(
      [waitingHook, respond, crmPost, { name: 'Check', type: 'if', parameters: { conditions: { conditions: [{ leftValue: '={{ $json.ok }}', rightValue: true, operator: { type: 'boolean', operation: 'true' } }] } } }],
      [['W', 'Forward'], ['W', 'Check'], ['Check', 'Answer']],
      { W: [0, 0], Forward: [200, -100], Check: [200, 100], Answer: [400, 100] },
    ),
    expected: [{ covers: '"settings"', severity: 'info', message: /fails, the caller of "W" gets an error/ }],
  },
  {
    name: 'an n8n webhook that responds before it posts (warning)',
    text: n8nFlow([{ ...hook, parameters: { path: 'paid', responseMode: 'responseNode' } }, respond, crmPost], [['Payment', 'Answer'], ['Answer', 'Forward']]),
    expected: [{ covers: '"Payment"', severity: 'warning', message: /fails, "Payment" has already answered its caller when it runs: the data it received waits in the failed execution until someone finds it and retries it, and nobody is told\./ }],
  },
  {
    name: 'an n8n webhook that posts before it responds (info)',
    text: n8nFlow([{ ...hook, parameters: { path: 'paid', responseMode: 'responseNode' } }, crmPost, respond], [['Payment', 'Forward'], ['Forward', 'Answer']]),
    expected: [{ covers: '"Payment"', severity: 'info', message: /fails, the caller of "Payment" gets an error, but nobody else is told\./ }],
  },
  {
    name: 'an n8n workflow that keeps no failed executions (the data is dropped)',
    text: n8nFlow([hook, sheet], [['Payment', 'Record']], { settings: { saveDataErrorExecution: 'none' } }),
    expected: [{ covers: '"settings"', severity: 'warning', message: /fails, the data "Payment" received is dropped and nobody is told\./ }],
  },
  // AI inference and retrieval write no records.
  {
    name: 'an n8n IMAP agent that looks up a Qdrant store as a tool and replies by SMTP (info; sub-nodes count with their agent)',
    text: n8nFlow([
      { name: 'Inbox', type: 'emailReadImap', parameters: {}, credentials: { imap: { id: '4', name: 'IMAP' } } },
      { name: 'Agent', type: '@n8n/n8n-nodes-langchain.agent', parameters: { text: '={{ $json.text }}' } },
      { name: 'Model', type: '@n8n/n8n-nodes-langchain.lmChatOpenAi', parameters: {}, credentials: openAi },
      { name: 'Embeddings', type: '@n8n/n8n-nodes-langchain.embeddingsOpenAi', parameters: {}, credentials: openAi },
      { name: 'Knowledge', type: '@n8n/n8n-nodes-langchain.vectorStoreQdrant', parameters: { mode: 'retrieve-as-tool', toolName: 'kb' }, credentials: { qdrantApi: { id: '5', name: 'Qdrant' } } },
      { name: 'Reply', type: 'emailSend', parameters: { text: '={{ $json.output }}' }, credentials: { smtp: { id: '6', name: 'SMTP' } } },
    ], [['Inbox', 'Agent'], ['Model', 'Agent', 'ai_languageModel'], ['Embeddings', 'Knowledge', 'ai_embedding'], ['Knowledge', 'Agent', 'ai_tool'], ['Agent', 'Reply']]),
    expected: [{ covers: '"Inbox"', severity: 'info', message: /If one of its 2 calls to other systems fails, the data "Inbox" received waits in the failed execution/ }],
  },
  {
    name: 'an n8n webhook that inserts documents into a vector store (a record write: warning)',
    text: n8nFlow([
      hook,
      { name: 'Store', type: '@n8n/n8n-nodes-langchain.vectorStoreQdrant', parameters: { mode: 'insert' }, credentials: { qdrantApi: { id: '5', name: 'Qdrant' } } },
      { name: 'Embeddings', type: '@n8n/n8n-nodes-langchain.embeddingsOpenAi', parameters: {}, credentials: openAi },
    ], [['Payment', 'Store'], ['Embeddings', 'Store', 'ai_embedding']]),
    expected: [{ covers: '"Payment"', severity: 'warning', message: /If its call to another system fails/ }],
  },
  {
    name: 'an n8n webhook that POSTs to Gemini and replies on Telegram (inference is no record write: info)',
    text: n8nFlow([
      hook,
      { name: 'Ask Gemini', type: 'httpRequest', parameters: { method: 'POST', url: '=https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:generateContent' } },
      { name: 'Reply', type: 'telegram', parameters: { text: '={{ $json.text }}' }, credentials: { telegramApi: { id: '7', name: 'Bot' } } },
    ], [['Payment', 'Ask Gemini'], ['Ask Gemini', 'Reply']]),
    expected: [{ covers: '"Payment"', severity: 'info' }],
  },
  // A chat post or notification is read by people, who notice when it is missing: no record is lost (info). A POST to
  // an ordinary API, a CRM or a database is still a write (warning).
  ...([
    ['a Slack incoming webhook', 'https://hooks.slack.com/services/T000/B000/XXXXXXXX', 'info'],
    ['a Slack incoming webhook, its host in capitals and with :443', 'https://HOOKS.SLACK.COM:443/services/T000/B000/XXXXXXXX', 'info'],
    ['Slack chat.postMessage', 'https://slack.com/api/chat.postMessage', 'info'],
    ['a Teams incoming webhook', '=https://contoso.webhook.office.com/webhookb2/{{ $env.TEAMS_HOOK }}', 'info'],
    ['a legacy Teams connector webhook', 'https://outlook.office.com/webhook/abc/IncomingWebhook/def', 'info'],
    ['a Discord webhook', 'https://discord.com/api/webhooks/123/abc', 'info'],
    ['a Discord webhook on discordapp.com', 'https://discordapp.com/api/webhooks/123/abc', 'info'],
    ['a Discord webhook written with a `.` segment', 'https://discord.com/api/./webhooks/123/abc', 'info'],
    ['a Google Chat space webhook', 'https://chat.googleapis.com/v1/spaces/AAAA/messages?key=k&token=t', 'info'],
    ['a Mattermost incoming webhook', 'https://chat.example.com/hooks/xbgqf3b7w7bmbxkq5yhtjw7r9a', 'info'],
    ['a Rocket.Chat incoming webhook', 'https://rocket.example.com/hooks/dPYGL79kKaM3FQtf7/hrBxDg5TdZBftpW2FDmpfaBwGou2YTKk4DWAZfcmm5HyGvJv', 'info'],
    ['a Telegram bot sendMessage', '=https://api.telegram.org/bot{{ $env.BOT_TOKEN }}/sendMessage', 'info'],
    ['a LINE reply', 'https://api.line.me/v2/bot/message/reply', 'info'],
    ['a DingTalk robot', 'https://oapi.dingtalk.com/robot/send?access_token=x', 'info'],
    ['a CRM API', 'https://crm.example.com/api/events', 'warning'],
    ['a path under /hooks/ that is no chat server\'s', 'https://api.example.com/hooks/order-created', 'warning'],
    // Mattermost and Rocket.Chat hooks are known by their generated keys, on any host: names people give are not keys.
    ['a 26-character name under /hooks/ (not a Mattermost key\'s alphabet)', 'https://ops.example.com/hooks/synccustomerstosalesforce1', 'warning'],
    ['a 26-character name in that alphabet, its digits at the end', 'https://ops.example.com/hooks/ordersyncwebhookforcrm1345', 'warning'],
    ['a Rocket.Chat-length pair of names under /hooks/', 'https://ops.example.com/hooks/CustomerSyncJobs1/NightlyExportOfAllCustomerRecordsToTheWarehouse1', 'warning'],
    ['a Rocket.Chat-length pair of lower-case names in its keys\' alphabet', 'https://ops.example.com/hooks/customersyncjobsx/exportofeverycustomerrecordtothewarehouseeachday', 'warning'],
    // Slack's workflow webhooks start a Workflow Builder workflow, which may write anywhere.
    ['a Slack workflow webhook', 'https://hooks.slack.com/workflows/T000/A000/123/abc', 'warning'],
    ['a Slack Workflow Builder trigger', 'https://hooks.slack.com/triggers/T000/123/abc', 'warning'],
    ['Slack\'s API beside its message methods (a user\'s profile)', 'https://slack.com/api/users.profile.set', 'warning'],
    ['Discord\'s API beside its webhooks', 'https://discord.com/api/guilds/1/roles', 'warning'],
    ['Discord\'s API reached from its webhooks\' path by `..`', 'https://discord.com/api/webhooks/../v10/guilds/1/roles', 'warning'],
    ['Discord\'s API reached by an encoded `..`', 'https://discord.com/api/webhooks/%2e%2E/v10/guilds/1/roles', 'warning'],
    ['Discord\'s API reached by `..` and a backslash', 'https://discord.com/api/webhooks/..\\v10/guilds/1/roles', 'warning'],
    ['a Slack workflow webhook reached by `..` from /services/', 'https://hooks.slack.com/services/../workflows/T000/A000/123/abc', 'warning'],
    ['a Google Chat space\'s members (adds a member)', 'https://chat.googleapis.com/v1/spaces/AAAA/members', 'warning'],
    ['a Google Chat space itself', 'https://chat.googleapis.com/v1/spaces/AAAA', 'warning'],
    ['a Logic Apps workflow trigger (any workflow, no Teams card)', 'https://prod-01.westus.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?sig=x', 'warning'],
    ['a host that only ends like a chat service\'s', 'https://hooks.slack.com.example.net/services/x', 'warning'],
    ['a host that ends like a chat host without the dot', 'https://evilwebhook.office.com/webhookb2/x', 'warning'],
    ['a chat host as the user name before @', 'https://hooks.slack.com@crm.example.com/services/x', 'warning'],
    ['a chat host and a backslash before @', 'https://hooks.slack.com\\@crm.example.com/services/x', 'warning'],
    ['a URL whose host an expression gives', '={{ $json.callbackUrl }}', 'warning'],
  ] as const).map(([what, url, severity]): FlowCase => ({
    name: `an n8n webhook that POSTs to ${what}: ${severity}`,
    text: n8nFlow([hook, { name: 'Post', type: 'httpRequest', parameters: { method: 'POST', url } }], [['Payment', 'Post']]),
    expected: [{ covers: '"Payment"', severity, message: /fails, the data "Payment" received waits in the failed execution/ }],
  })),
  {
    name: 'an n8n webhook that POSTs an Adaptive Card to a Teams Workflows webhook (a Power Automate trigger: info)',
    text: n8nFlow([hook, { name: 'Post', type: 'httpRequest', parameters: { method: 'POST', url: 'https://prod-01.westus.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?sig=x', jsonBody: '{"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","content":{}}]}' } }], [['Payment', 'Post']]),
    expected: [{ covers: '"Payment"', severity: 'info' }],
  },
  // Connectors of chat services the catalogues give no role post a message only in a message-posting operation (the
  // defaults when the export leaves resource and operation out); their other resources are records as any connector's.
  ...([
    ['n8n\'s Mattermost node posting (the default)', 'mattermost', {}, { mattermostApi: { id: '8', name: 'MM' } }, 'info'],
    ['n8n\'s Mattermost node posting an ephemeral message', 'mattermost', { operation: 'postEphemeral' }, { mattermostApi: { id: '8', name: 'MM' } }, 'info'],
    ['n8n\'s Mattermost node creating a user account', 'mattermost', { resource: 'user', operation: 'create' }, { mattermostApi: { id: '8', name: 'MM' } }, 'warning'],
    ['n8n\'s Mattermost node deleting a post', 'mattermost', { operation: 'delete' }, { mattermostApi: { id: '8', name: 'MM' } }, 'warning'],
    ['n8n\'s Rocket.Chat node (posts a message)', 'rocketchat', {}, { rocketchatApi: { id: '4', name: 'RC' } }, 'info'],
    ['an AI agent\'s Slack tool (sends a message)', 'slackTool', {}, { slackApi: { id: '2', name: 'Slack' } }, 'info'],
    ['an AI agent\'s Slack tool updating a user\'s profile', 'slackTool', { resource: 'user', operation: 'updateProfile' }, { slackApi: { id: '2', name: 'Slack' } }, 'warning'],
    ['an AI agent\'s Teams tool creating a channel message', 'microsoftTeamsTool', { resource: 'channelMessage' }, { microsoftTeamsOAuth2Api: { id: '3', name: 'T' } }, 'info'],
    ['an AI agent\'s Teams tool replying in a channel', 'microsoftTeamsTool', { resource: 'channelMessage', operation: 'reply' }, { microsoftTeamsOAuth2Api: { id: '3', name: 'T' } }, 'info'],
    ['an AI agent\'s Teams tool creating a Planner task', 'microsoftTeamsTool', { resource: 'task', operation: 'create' }, { microsoftTeamsOAuth2Api: { id: '3', name: 'T' } }, 'warning'],
    ['an AI agent\'s Teams tool creating a channel (the default resource)', 'microsoftTeamsTool', {}, { microsoftTeamsOAuth2Api: { id: '3', name: 'T' } }, 'warning'],
    ['an AI agent\'s Discord tool posting through a webhook', 'discordTool', { authentication: 'webhook' }, { discordWebhookApi: { id: '5', name: 'D' } }, 'info'],
    ['an AI agent\'s Discord tool giving a member a role', 'discordTool', { resource: 'member', operation: 'roleAdd' }, { discordBotApi: { id: '5', name: 'D' } }, 'warning'],
    ['an AI agent\'s Telegram tool sending a document', 'telegramTool', { operation: 'sendDocument' }, { telegramApi: { id: '7', name: 'Bot' } }, 'info'],
    ['an AI agent\'s Telegram tool setting a chat\'s title', 'telegramTool', { resource: 'chat', operation: 'setTitle' }, { telegramApi: { id: '7', name: 'Bot' } }, 'warning'],
    ['n8n\'s Jira node (an issue is a record)', 'jira', { operation: 'create' }, { jiraSoftwareCloudApi: { id: '9', name: 'Jira' } }, 'warning'],
  ] as const).map(([what, type, parameters, credentials, severity]): FlowCase => ({
    name: `an n8n webhook that goes on to ${what}: ${severity}`,
    text: n8nFlow([hook, { name: 'Post', type, parameters, credentials }], [['Payment', 'Post']]),
    expected: [{ covers: '"Payment"', severity }],
  })),
  ...([
    ['posts to Mattermost', 'mattermost:createPost', 'info'],
    ['creates a Mattermost user', 'mattermost:createUser', 'warning'],
  ] as const).map(([what, module, severity]): FlowCase => ({
    name: `a Make webhook scenario that ${what}: ${severity}`,
    text: makeBlueprint(
      { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: { hook: 1 }, mapper: {}, metadata: { designer: { name: 'Order' } } },
      { id: 2, module, version: 1, parameters: { __IMTCONN__: 3 }, mapper: {}, metadata: { designer: { name: 'Chat' } } },
    ).replace('"roundtrips": 1', '"roundtrips": 1, "dlq": false'),
    expected: [{ covers: 'false', severity }],
  })),
  {
    name: 'a Node-RED HTTP endpoint that answers after writing (the caller hears of it)',
    text: nodeRedFlow(
      { id: 't', type: 'tab', label: 'API' },
      { id: 'h', type: 'http in', z: 't', name: 'Order', url: '/order', method: 'post', x: 1, y: 1, wires: [['db']] },
      { id: 'db', type: 'mysql', z: 't', name: 'Store', mydb: 'c', x: 1, y: 1, wires: [['r']] },
      { id: 'r', type: 'http response', z: 't', name: '', x: 1, y: 1, wires: [] },
    ),
    expected: [{ covers: '"API"', severity: 'info', message: /fails, the caller of "Order" gets an error or no answer \(its request times out\), but otherwise the error only reaches the log\./ }],
  },
  // Node-RED: the caller of an http in hears of the calls its message passes before an http response node, on the wires.
  {
    name: 'a Node-RED HTTP endpoint that answers after a look-up and writes beside the answer (the write fails silently: warning)',
    text: nodeRedFlow(
      { id: 't', type: 'tab', label: 'API' },
      { id: 'h', type: 'http in', z: 't', name: 'Order', url: '/order', method: 'post', x: 1, y: 1, wires: [['q']] },
      { id: 'q', type: 'http request', z: 't', name: 'Check', method: 'GET', url: 'https://api.example.com/stock', x: 1, y: 1, wires: [['r', 'db']] },
      { id: 'r', type: 'http response', z: 't', name: '', x: 1, y: 1, wires: [] },
      { id: 'db', type: 'mysql', z: 't', name: 'Store', mydb: 'c', x: 1, y: 1, wires: [[]] },
    ),
    expected: [{ covers: '"API"', severity: 'warning', message: /fails, "Order" has answered its caller on another branch, or never will \(its request times out\), since no http response follows where 1 of them runs: the data it received is dropped and the error only reaches the log\./ }],
  },
  {
    name: 'a Node-RED HTTP endpoint wired to the http response and, beside it, to a write (warning)',
    text: nodeRedFlow(
      { id: 't', type: 'tab', label: 'API' },
      { id: 'h', type: 'http in', z: 't', name: 'Order', url: '/order', method: 'post', x: 1, y: 1, wires: [['r', 'db']] },
      { id: 'r', type: 'http response', z: 't', name: '', x: 1, y: 1, wires: [] },
      { id: 'db', type: 'mysql', z: 't', name: 'Store', mydb: 'c', x: 1, y: 1, wires: [[]] },
    ),
    expected: [{ covers: '"API"', severity: 'warning', message: /"Order" has answered its caller on another branch, or never will \(its request times out\), since no http response follows where it runs/ }],
  },
  {
    name: 'a Node-RED HTTP endpoint whose http response is answered from another tab through a link (info)',
    text: nodeRedFlow(
      { id: 't', type: 'tab', label: 'API' },
      { id: 'u', type: 'tab', label: 'Replies' },
      { id: 'h', type: 'http in', z: 't', name: 'Order', url: '/order', method: 'post', x: 1, y: 1, wires: [['db']] },
      { id: 'db', type: 'mysql', z: 't', name: 'Store', mydb: 'c', x: 1, y: 1, wires: [['lo']] },
      { id: 'lo', type: 'link out', z: 't', name: '', links: ['li'], x: 1, y: 1 },
      { id: 'li', type: 'link in', z: 'u', name: '', links: ['lo'], x: 1, y: 1, wires: [['r']] },
      { id: 'r', type: 'http response', z: 'u', name: '', x: 1, y: 1, wires: [] },
    ),
    expected: [{ covers: '"API"', severity: 'info', message: /the caller of "Order" gets an error or no answer/ }],
  },
  {
    name: 'a Node-RED HTTP endpoint whose link leads out of the file (what is there may answer: info)',
    text: nodeRedFlow(
      { id: 't', type: 'tab', label: 'API' },
      { id: 'h', type: 'http in', z: 't', name: 'Order', url: '/order', method: 'post', x: 1, y: 1, wires: [['db']] },
      { id: 'db', type: 'mysql', z: 't', name: 'Store', mydb: 'c', x: 1, y: 1, wires: [['lo']] },
      { id: 'lo', type: 'link out', z: 't', name: '', links: ['elsewhere'], x: 1, y: 1 },
    ),
    expected: [{ covers: '"API"', severity: 'info', message: /the caller of "Order" gets an error or no answer/ }],
  },
  {
    name: 'a Node-RED HTTP endpoint with no http response after it (the caller waits in vain; the write fails silently)',
    text: nodeRedFlow(
      { id: 't', type: 'tab', label: 'API' },
      { id: 'h', type: 'http in', z: 't', name: 'Order', url: '/order', method: 'post', x: 1, y: 1, wires: [['db']] },
      { id: 'db', type: 'mysql', z: 't', name: 'Store', mydb: 'c', x: 1, y: 1, wires: [['d']] },
      { id: 'd', type: 'debug', z: 't', name: '', x: 1, y: 1, wires: [] },
    ),
    expected: [{ covers: '"API"', severity: 'warning', message: /fails, the data "Order" received is dropped and the error only reaches the log; its caller cannot tell, since no http response node follows "Order": every request to it waits until it times out\. Add a catch node .* Wire "Order" on to an http response node\.$/ }],
  },
  {
    name: 'a Node-RED HTTP endpoint whose only http response is disabled (it never answers)',
    text: nodeRedFlow(
      { id: 't', type: 'tab', label: 'API' },
      { id: 'h', type: 'http in', z: 't', name: 'Order', url: '/order', method: 'post', x: 1, y: 1, wires: [['db']] },
      { id: 'db', type: 'mysql', z: 't', name: 'Store', mydb: 'c', x: 1, y: 1, wires: [['r']] },
      { id: 'r', type: 'http response', z: 't', name: '', d: true, x: 1, y: 1, wires: [] },
    ),
    expected: [{ covers: '"API"', severity: 'warning', message: /since the http response nodes after "Order" are disabled or sit behind a disabled node: every request to it waits until it times out\. .* Enable the http response after "Order" and any disabled node on the way to it\.$/ }],
  },
  {
    name: 'a Node-RED HTTP endpoint that answers on one switch branch and writes on the other (no "already answered")',
    text: nodeRedFlow(
      { id: 't', type: 'tab', label: 'API' },
      { id: 'h', type: 'http in', z: 't', name: 'Order', url: '/order', method: 'post', x: 1, y: 1, wires: [['sw']] },
      { id: 'sw', type: 'switch', z: 't', name: 'valid?', property: 'payload.ok', rules: [{ t: 'true' }, { t: 'else' }], outputs: 2, x: 1, y: 1, wires: [['r'], ['q']] },
      { id: 'q', type: 'http request', z: 't', name: 'Save', method: 'POST', url: 'https://crm.example.com/orders', x: 1, y: 1, wires: [[]] },
      { id: 'r', type: 'http response', z: 't', name: '', x: 1, y: 1, wires: [] },
    ),
    expected: [{ covers: '"API"', severity: 'warning', message: /fails, "Order" has answered its caller on another branch, or never will \(its request times out\), since no http response follows where it runs:/ }],
  },
  {
    name: 'a Node-RED HTTP endpoint whose http response sits behind a disabled node (named as the reason, and the fix enables it)',
    text: nodeRedFlow(
      { id: 't', type: 'tab', label: 'API' },
      { id: 'h', type: 'http in', z: 't', name: 'Order', url: '/order', method: 'post', x: 1, y: 1, wires: [['q']] },
      { id: 'q', type: 'http request', z: 't', name: 'Save', method: 'POST', url: 'https://crm.example.com/orders', x: 1, y: 1, wires: [['f']] },
      { id: 'f', type: 'function', z: 't', name: 'Format reply', d: true, func: 'return msg;', outputs: 1, x: 1, y: 1, wires: [['r']] },
      { id: 'r', type: 'http response', z: 't', name: '', x: 1, y: 1, wires: [] },
    ),
    expected: [{ covers: '"API"', severity: 'warning', message: /the http response nodes after "Order" are disabled or sit behind a disabled node: .* Enable the http response after "Order" and any disabled node on the way to it\.$/ }],
  },
  {
    name: 'a Node-RED HTTP endpoint answered by a complete node wired to an http response (the caller hears of the call: info)',
    text: nodeRedFlow(
      { id: 't', type: 'tab', label: 'API' },
      { id: 'h', type: 'http in', z: 't', name: 'Publish', url: '/p', method: 'post', x: 1, y: 1, wires: [['q']] },
      { id: 'q', type: 'http request', z: 't', name: 'Save', method: 'POST', url: 'https://crm.example.com/x', x: 1, y: 1, wires: [[]] },
      { id: 'c', type: 'complete', z: 't', name: '', scope: ['q'], x: 1, y: 1, wires: [['r']] },
      { id: 'r', type: 'http response', z: 't', name: '', x: 1, y: 1, wires: [] },
    ),
    expected: [{ covers: '"API"', severity: 'info', message: /the caller of "Publish" gets an error or no answer/ }],
  },
  {
    name: 'a Node-RED HTTP endpoint whose complete node leads to a disabled http response (told it is disabled)',
    text: nodeRedFlow(
      { id: 't', type: 'tab', label: 'API' },
      { id: 'h', type: 'http in', z: 't', name: 'Publish', url: '/p', method: 'post', x: 1, y: 1, wires: [['q']] },
      { id: 'q', type: 'http request', z: 't', name: 'Save', method: 'POST', url: 'https://crm.example.com/x', x: 1, y: 1, wires: [[]] },
      { id: 'c', type: 'complete', z: 't', name: '', scope: ['q'], x: 1, y: 1, wires: [['r']] },
      { id: 'r', type: 'http response', z: 't', name: '', d: true, x: 1, y: 1, wires: [] },
    ),
    expected: [{ covers: '"API"', severity: 'warning', message: /the http response nodes after "Publish" are disabled or sit behind a disabled node/ }],
  },
  {
    name: 'a Node-RED tab after one that spends the walk budget (2,000 endpoints on a 5,000-node chain) is still judged whole',
    text: nodeRedFlow(...budgetSpender(), ...[
      { id: 't2', type: 'tab', label: 'Orders' },
      { id: 'g', type: 'http in', z: 't2', name: 'Status', url: '/status', method: 'get', x: 1, y: 1, wires: [['s']] },
      { id: 's', type: 'http request', z: 't2', name: 'Look up', method: 'GET', url: 'https://api.example.com/status', x: 1, y: 1, wires: [['a']] },
      { id: 'a', type: 'http response', z: 't2', name: '', x: 1, y: 1, wires: [] },
      { id: 'm', type: 'mqtt in', z: 't2', name: 'Orders topic', topic: 'orders', broker: 'b', x: 1, y: 1, wires: [['db']] },
      { id: 'db', type: 'mysql', z: 't2', name: 'Store', mydb: 'c', x: 1, y: 1, wires: [[]] },
    ]),
    expected: [
      { covers: '"API"', severity: 'info' },
      { covers: '"Orders"', severity: 'warning', message: /the data "Orders topic" received is dropped/ },
    ],
  },
  {
    name: 'a Node-RED HTTP endpoint with no http response that only reads (info, and says the caller waits in vain)',
    text: nodeRedFlow(
      { id: 't', type: 'tab', label: 'API' },
      { id: 'h', type: 'http in', z: 't', name: 'Lookup', url: '/lookup', method: 'get', x: 1, y: 1, wires: [['q']] },
      { id: 'q', type: 'http request', z: 't', name: 'Ask', method: 'GET', url: 'https://api.example.com/items', x: 1, y: 1, wires: [[]] },
    ),
    expected: [{ covers: '"API"', severity: 'info', message: /no http response node follows "Lookup"/ }],
  },
  {
    // Each trigger is judged on its own calls: the endpoint that answers after its write is heard, the MQTT input's
    // write is not (the finding is about the worse of the two).
    name: 'a Node-RED tab with an HTTP endpoint answered after its write and an MQTT input that writes (warning, on the MQTT input)',
    text: nodeRedFlow(
      { id: 't', type: 'tab', label: 'Mixed' },
      { id: 'h', type: 'http in', z: 't', name: 'Order', url: '/order', method: 'post', x: 1, y: 1, wires: [['db']] },
      { id: 'db', type: 'mysql', z: 't', name: 'Store', mydb: 'c', x: 1, y: 1, wires: [['r']] },
      { id: 'r', type: 'http response', z: 't', name: '', x: 1, y: 1, wires: [] },
      { id: 'm', type: 'mqtt in', z: 't', name: 'Readings', topic: 'x', broker: 'b', x: 1, y: 1, wires: [['db2']] },
      { id: 'db2', type: 'mysql', z: 't', name: 'Log', mydb: 'c', x: 1, y: 1, wires: [[]] },
    ),
    expected: [{ covers: '"Mixed"', severity: 'warning', message: /if the call "Readings" starts \(one of 2 to other systems\) fails, the data "Readings" received is dropped/ }],
  },
  {
    name: 'a Node-RED tab whose write a repeating inject starts (a schedule, not a button: info)',
    text: nodeRedFlow(
      { id: 't', type: 'tab', label: 'Nightly' },
      { id: 'i', type: 'inject', z: 't', name: 'Every night', repeat: '86400', once: false, x: 1, y: 1, wires: [['db']] },
      { id: 'db', type: 'mysql', z: 't', name: 'Store', mydb: 'c', x: 1, y: 1, wires: [[]] },
    ),
    expected: [{ covers: '"Nightly"', severity: 'info', message: /fails, that run of "Every night" is lost and the error only reaches the log\./ }],
  },
  {
    name: 'a Node-RED tab whose write a cron inject starts (a schedule: info)',
    text: nodeRedFlow(
      { id: 't', type: 'tab', label: 'Nightly' },
      { id: 'i', type: 'inject', z: 't', name: 'At two', crontab: '00 02 * * *', x: 1, y: 1, wires: [['db']] },
      { id: 'db', type: 'mysql', z: 't', name: 'Store', mydb: 'c', x: 1, y: 1, wires: [[]] },
    ),
    expected: [{ covers: '"Nightly"', severity: 'info', message: /that run of "At two" is lost/ }],
  },
  {
    name: 'a Node-RED tab whose write only a button starts (no unattended trigger reaches it)',
    text: nodeRedFlow(
      { id: 't', type: 'tab', label: 'Ops' },
      { id: 'm', type: 'mqtt in', z: 't', name: 'Readings', topic: 'x', broker: 'b', x: 1, y: 1, wires: [['d']] },
      { id: 'd', type: 'debug', z: 't', name: '', x: 1, y: 1, wires: [] },
      { id: 'i', type: 'inject', z: 't', name: 'Reset', x: 1, y: 1, wires: [['db']] },
      { id: 'db', type: 'mysql', z: 't', name: 'Store', mydb: 'c', x: 1, y: 1, wires: [[]] },
    ),
    expected: [],
  },
  // Error paths, or nothing to lose.
  {
    name: 'a Power Automate "For a selected file" trigger (a person runs it by hand), as exported',
    text: paSolutionFlow({ manual: { type: 'Request', kind: 'ApiConnection', inputs: { host: { connection: { name: "@parameters('$connections')['shared_sharepointonline']['connectionId']" } }, operationId: 'ForASelectedFileHybridTrigger' } } }, { Insert_row: sqlInsert }),
    expected: [],
  },
  {
    name: 'a "For a selected item" trigger with its operation inside host',
    text: paSolutionFlow({ manual: { type: 'Request', kind: 'ApiConnection', inputs: { host: { connection: { name: "@parameters('$connections')['shared_sharepointonline']['connectionId']" }, operationId: 'ForASelectedItem' } } } }, { Insert_row: sqlInsert }),
    expected: [],
  },
  {
    name: 'an n8n workflow with an error workflow',
    text: n8nFlow([hook, sheet], [['Payment', 'Record']], { settings: { errorWorkflow: '42' } }),
    expected: [],
  },
  {
    name: 'an n8n node with a wired error output',
    text: JSON.stringify({
      name: 'x',
      nodes: [{ name: 'Payment', type: 'n8n-nodes-base.webhook', parameters: {} }, { name: 'Record', type: 'n8n-nodes-base.googleSheets', onError: 'continueErrorOutput', parameters: {}, credentials: { g: { id: '1' } } }, { name: 'Alert', type: 'n8n-nodes-base.slack', parameters: {} }],
      connections: { Payment: { main: [[{ node: 'Record', type: 'main', index: 0 }]] }, Record: { main: [[], [{ node: 'Alert', type: 'main', index: 0 }]] } },
    }),
    expected: [],
  },
  // The error output follows a node's own outputs: a Text Classifier's categories, an IF's true and false.
  ...[
    { node: { name: 'Classify', type: '@n8n/n8n-nodes-langchain.textClassifier', parameters: { categories: { categories: [{ category: 'billing' }, { category: 'tech' }] } } }, own: 2 },
    { node: { name: 'Classify', type: 'n8n-nodes-base.if', parameters: {} }, own: 2 },
    { node: { name: 'Classify', type: 'n8n-nodes-base.switch', typeVersion: 3, parameters: { rules: { values: [{}, {}, {}] }, options: { fallbackOutput: 'extra' } } }, own: 4 },
  ].flatMap(({ node, own }): FlowCase[] => {
    const flow = (wired: number) => JSON.stringify({
      name: 'Tickets',
      nodes: [{ name: 'Payment', type: 'n8n-nodes-base.webhook', parameters: {} }, { ...node, onError: 'continueErrorOutput' }, { name: 'Record', type: 'n8n-nodes-base.googleSheets', parameters: { operation: 'append' }, credentials: { g: { id: '1' } } }, { name: 'Alert', type: 'n8n-nodes-base.slack', parameters: {} }],
      connections: { Payment: { main: [[{ node: 'Classify', type: 'main', index: 0 }]] }, Classify: { main: Array.from({ length: wired }, (_, i) => [{ node: i < own ? 'Record' : 'Alert', type: 'main', index: 0 }]) } },
    });
    return [
      { name: `an n8n ${node.type} with its own ${own} outputs wired and its error output not`, text: flow(own), expected: [{ covers: '"Payment"', message: /has no error path/ }] },
      // The error output leads to the alert; the sheet its own outputs lead to is judged (it has no error output).
      { name: `an n8n ${node.type} whose error output (after its ${own} outputs) is wired`, text: flow(own + 1), expected: [{ covers: '"Payment"', message: /wires error outputs on some nodes, but not on "Record"/ }] },
    ];
  }),
  // Nodes whose own outputs are not counted (Switch v2, Guardrails, Respond to Webhook with its response output): the
  // error output is the last one wired. It handles the node's own failures only: the sheet after it is judged.
  ...[
    { name: 'Classify', type: 'n8n-nodes-base.switch', typeVersion: 2, parameters: { dataType: 'string', value1: '={{ $json.status }}', rules: { rules: [{ value2: 'ok', output: 0 }, { value2: 'late', output: 1 }] } } },
    { name: 'Classify', type: '@n8n/n8n-nodes-langchain.guardrails', typeVersion: 1, parameters: { operation: 'classify', text: '={{ $json.body }}' } },
    { name: 'Classify', type: 'n8n-nodes-base.respondToWebhook', typeVersion: 1.4, parameters: { enableResponseOutput: true, respondWith: 'json' } },
  ].map((node): FlowCase => ({
    name: `an n8n ${node.type} v${node.typeVersion} whose last output wired (its error output) reaches a notification, and a call after it with none`,
    text: JSON.stringify({
      name: 'Tickets',
      nodes: [{ name: 'Payment', type: 'n8n-nodes-base.webhook', parameters: {} }, { ...node, onError: 'continueErrorOutput' }, { name: 'Record', type: 'n8n-nodes-base.googleSheets', parameters: { operation: 'append' }, credentials: { g: { id: '1' } } }, { name: 'Notify', type: 'n8n-nodes-base.slack', parameters: {} }],
      connections: { Payment: { main: [[{ node: 'Classify', type: 'main', index: 0 }]] }, Classify: { main: [[{ node: 'Record', type: 'main', index: 0 }], [], [{ node: 'Notify', type: 'main', index: 0 }]] } },
    }),
    expected: [{ covers: '"Payment"', message: /^Workflow "Tickets" wires error outputs on some nodes, but not on "Record", and has no error workflow: if it fails, / }],
  })),
  {
    name: 'a manual n8n workflow',
    text: n8nFlow([{ name: 'Start', type: 'manualTrigger' }, sheet], [['Start', 'Record']]),
    expected: [],
  },
  {
    name: 'an n8n error workflow itself',
    text: n8nFlow([{ name: 'On error', type: 'errorTrigger' }, slack], [['On error', 'Notify']]),
    expected: [],
  },
  {
    name: 'a Logic Apps workflow with a run-after Failed branch',
    text: laStandardWorkflow(request, { Insert_row: sqlInsert, Alert: { type: 'Http', inputs: { method: 'POST', uri: 'https://alerts.example.com' }, runAfter: { Insert_row: ['Failed', 'TimedOut'] } } }),
    expected: [],
  },
  {
    name: 'Node-RED nodes exported without their tab: a tcp in whose tcp out only replies to the client (no call to another system)',
    text: nodeRedFlow(
      { id: 'i', type: 'tcp in', z: 't', name: 'Requests', server: 'server', port: '1881', datamode: 'stream', datatype: 'utf8', x: 1, y: 1, wires: [['f']] },
      { id: 'f', type: 'function', z: 't', name: 'Answer', func: 'return msg;', outputs: 1, x: 1, y: 1, wires: [['o']] },
      { id: 'o', type: 'tcp out', z: 't', name: '', host: '', port: '', beserver: 'reply', base64: false, end: false, x: 1, y: 1, wires: [] },
    ),
    expected: [],
  },
  {
    name: 'a Node-RED tab whose catch node watches the write',
    text: nodeRedFlow(
      { id: 't', type: 'tab', label: 'Ingest' },
      { id: 'm', type: 'mqtt in', z: 't', name: 'Readings', topic: 'x', broker: 'b', x: 1, y: 1, wires: [['f']] },
      { id: 'f', type: 'function', z: 't', name: 'Shape', func: 'return msg;', outputs: 1, x: 1, y: 1, wires: [['db']] },
      { id: 'db', type: 'mysql', z: 't', name: 'Store', mydb: 'c', x: 1, y: 1, wires: [[]] },
      { id: 'c', type: 'catch', z: 't', name: 'Errors', scope: ['db'], x: 1, y: 1, wires: [[]] },
    ),
    expected: [],
  },
  {
    name: 'a Node-RED tab with a catch node',
    text: nodeRedFlow(
      { id: 't', type: 'tab', label: 'Ingest' },
      { id: 'm', type: 'mqtt in', z: 't', name: 'Readings', topic: 'x', broker: 'b', x: 1, y: 1, wires: [['db']] },
      { id: 'db', type: 'mysql', z: 't', name: 'Store', mydb: 'c', x: 1, y: 1, wires: [[]] },
      { id: 'c', type: 'catch', z: 't', name: 'Errors', x: 1, y: 1, wires: [[]] },
    ),
    expected: [],
  },
  {
    name: 'Node-RED nodes exported without their tab, with the tab\'s catch node among them',
    text: nodeRedFlow(
      { id: 'm', type: 'mqtt in', z: 't', name: 'Readings', topic: 'x', broker: 'b', x: 1, y: 1, wires: [['db']] },
      { id: 'db', type: 'mysql', z: 't', name: 'Store', mydb: 'c', x: 1, y: 1, wires: [[]] },
      { id: 'c', type: 'catch', z: 't', name: 'Errors', x: 1, y: 1, wires: [[]] },
    ),
    expected: [],
  },
  {
    name: 'a Node-RED subflow definition with an input and a write (a subflow is no tab: judged where it is used)',
    text: nodeRedFlow(
      { id: 's', type: 'subflow', name: 'Store it', in: [{ x: 1, y: 1, wires: [{ id: 'db' }] }], out: [] },
      { id: 'm', type: 'mqtt in', z: 's', name: 'Readings', topic: 'x', broker: 'b', x: 1, y: 1, wires: [['db']] },
      { id: 'db', type: 'mysql', z: 's', name: 'Store', mydb: 'c', x: 1, y: 1, wires: [[]] },
    ),
    expected: [],
  },
  // A Make error route counts when it keeps the failure in view: Break, Rollback, or a module such as a notification.
  ...([
    [['builtin:Ignore'], 'warning'],
    [['builtin:Commit'], 'warning'],
    [['builtin:Resume'], 'warning'],
    [['builtin:Break'], undefined],
    [['builtin:Rollback'], undefined],
    [['slack:CreateMessage', 'builtin:Ignore'], undefined],
  ] as const).map(([route, severity]): FlowCase => ({
    name: `a Make webhook scenario whose error route is ${route.join(' → ')}`,
    text: makeBlueprint(
      { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: { hook: 1 }, mapper: {}, metadata: { designer: { name: 'Order' } } },
      {
        id: 2, module: 'google-sheets:addRow', version: 2, parameters: { __IMTCONN__: 3 }, mapper: { values: {} }, metadata: { designer: { name: 'Add row' } },
        onerror: route.map((module, i) => ({ id: 10 + i, module, version: 1, parameters: {}, mapper: {}, metadata: {} })),
      },
    ).replace('"roundtrips": 1', '"roundtrips": 1, "dlq": false'),
    // Runs that end as a success do not count towards Make switching the scenario off.
    expected: severity ? [{ covers: 'false', severity, message: new RegExp(`^Scenario "Test scenario" handles errors only with ${route[0].slice(8)}, which ends the run as a success, and does not store incomplete executions: [^.]*nobody is told\\. Add an error handler.*Ignore, Resume and Commit end the run as a success`) }] : [],
  })),
  {
    name: 'a Make scenario that stores incomplete executions',
    text: makeBlueprint(
      { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: { hook: 1 }, mapper: {}, metadata: { designer: { name: 'Order' } } },
      { id: 2, module: 'google-sheets:addRow', version: 2, parameters: { __IMTCONN__: 3 }, mapper: {}, metadata: {} },
    ).replace('"roundtrips": 1', '"roundtrips": 1, "dlq": true'),
    expected: [],
  },
  {
    name: 'a Zapier zap (Zapier reports failed runs itself)',
    text: zapierExport({ '1': { id: 1, parent_id: null, selected_api: 'WebHookCLIAPI', action: 'catch_hook', params: {} }, '2': { id: 2, parent_id: 1, selected_api: 'GoogleSheetsV2API', action: 'add_row', params: {} } }),
    expected: [],
  },
];

describe(RULE, () => runFlowTable(RULE, cases));
