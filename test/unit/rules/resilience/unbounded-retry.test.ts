import { describe } from 'node:test';
import { n8nFlow, runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { nodeRedFlow } from '../../../helpers/platformDocs.js';
import { laStandardWorkflow, paSolutionFlow } from '../../../helpers/wdl.js';

const RULE = 'resilience/unbounded-retry';

const schedule = { name: 'Every hour', type: 'scheduleTrigger', parameters: {} };
const slack = (extra: object) => ({ name: 'Post', type: 'slack', parameters: { text: 'hi' }, credentials: { slackApi: { id: '1', name: 'Slack' } }, ...extra });
const http = (name: string, extra: object = {}) => ({ name, type: 'httpRequest', parameters: { url: 'https://api.example.com/jobs', options: {}, ...extra } });
const ifNode = (name: string, leftValue: string) => ({ name, type: 'if', parameters: { conditions: { conditions: [{ leftValue, rightValue: 'done', operator: { type: 'string', operation: 'notEquals' } }] } } });
const request = { manual: { type: 'Request', kind: 'Http', inputs: {} } };
const set = (name: string, field: string, value: string) => ({ name, type: 'set', parameters: { assignments: { assignments: [{ id: '1', name: field, type: 'number', value }] } } });
const check = (name: string, leftValue: string, operation: string, rightValue: unknown) => ({ name, type: 'if', parameters: { conditions: { conditions: [{ leftValue, rightValue, operator: { type: 'number', operation } }] } } });
const hook = (responseMode: string) => ({ name: 'Slash command', type: 'webhook', parameters: { path: 'cmd', responseMode } });
const answer = (name: string) => ({ name, type: 'respondToWebhook', parameters: { respondWith: 'text' } });
/** `text` with some nodes moved on the canvas (n8n's v1 order runs the topmost branch first). */
const placed = (text: string, positions: Record<string, [number, number]>) => {
  const flow = JSON.parse(text) as { nodes: { name: string; position: [number, number] }[] };
  for (const node of flow.nodes) node.position = positions[node.name] ?? node.position;
  return JSON.stringify(flow, null, 2);
};
/**
 * A webhook answered by "Reply" on one branch while "Upload" (a POST without timeout, at [200, 100]) runs on another:
 * `order` is the workflow's `executionOrder`, `replyFirst` lists Reply first in the webhook's connections, and with
 * `viaIf` Reply sits behind an IF.
 */
const siblings = (replyAt: [number, number], { order, replyFirst = true, viaIf = false }: { order?: string; replyFirst?: boolean; viaIf?: boolean } = {}) => {
  const toReply: [string, string][] = viaIf ? [['Slash command', 'Valid?'], ['Valid?', 'Reply']] : [['Slash command', 'Reply']];
  const toUpload: [string, string][] = [['Slash command', 'Upload']];
  return placed(n8nFlow(
    [hook('responseNode'), answer('Reply'), http('Upload', { method: 'POST' }), ...(viaIf ? [ifNode('Valid?', '={{ $json.token }}')] : [])],
    replyFirst ? [...toReply, ...toUpload] : [...toUpload, ...toReply],
    order ? { settings: { executionOrder: order } } : {},
  ), { Reply: replyAt, 'Valid?': [200, replyAt[1]], Upload: [200, 100] });
};
/**
 * v1: "Top" (highest) feeds a Merge that waits for "Bottom" (lowest), "Reply" sits between them, and "Upload" comes
 * after the Merge: the Merge runs only once Bottom ran, after Reply.
 */
const mergeAfterReply = placed(n8nFlow(
  [hook('responseNode'), set('Top', 'a', '1'), answer('Reply'), set('Bottom', 'b', '2'), { name: 'Merge', type: 'merge', parameters: {} }, http('Upload', { method: 'POST' })],
  [['Slash command', 'Top'], ['Slash command', 'Reply'], ['Slash command', 'Bottom'], ['Top', 'Merge'], ['Bottom', 'Merge'], ['Merge', 'Upload']],
  { settings: { executionOrder: 'v1' } },
), { Top: [200, -200], Reply: [200, 0], Bottom: [200, 200], Merge: [400, 0], Upload: [600, 0] });
const model = (code: string) => [
  { name: 'Pick model', type: '@n8n/n8n-nodes-langchain.code', parameters: { code: { supplyData: { code } } } },
  { name: 'Model A', type: '@n8n/n8n-nodes-langchain.lmChatOpenAi', parameters: {}, credentials: { openAiApi: { id: '1', name: 'o' } } },
];
/** A regenerate loop over a list of models: "Next model" raises `llm_index` and loops back; "Pick model" plugs one in. */
const modelFallback = (code: string) => n8nFlow([
  { name: 'Chat', type: '@n8n/n8n-nodes-langchain.chatTrigger', parameters: {} },
  set('Model index', 'llm_index', '={{ $json.llm_index || 0 }}'),
  { name: 'Answer', type: '@n8n/n8n-nodes-langchain.chainLlm', parameters: { text: '={{ $json.chatInput }}' }, onError: 'continueErrorOutput' },
  check('Good?', '={{ $json.text.length }}', 'lt', 500),
  set('Next model', 'llm_index', "={{ $('Model index').item.json.llm_index + 1 }}"),
  ...model(code),
], [['Chat', 'Model index'], ['Model index', 'Answer'], ['Answer', 'Good?'], ['Good?', 'Next model', 'main', 1], ['Next model', 'Model index'],
  ['Model A', 'Pick model', 'ai_languageModel'], ['Pick model', 'Answer', 'ai_languageModel']]);
/** A loop that asks for the next page while `hasNextPage`; with `onError`, the call's error output loops back to it. */
const cursorLoop = (onError?: string) => n8nFlow([
  schedule,
  { name: 'Get issues', type: 'graphql', parameters: { endpoint: 'https://api.example.com/graphql', query: '={ issues(after: "{{ $json.after }}") { pageInfo { hasNextPage endCursor } } }' }, ...(onError ? { onError } : {}) },
  { name: 'More?', type: 'if', parameters: { conditions: { conditions: [{ leftValue: '={{ $json.data.issues.pageInfo.hasNextPage }}', operator: { type: 'boolean', operation: 'true' } }] } } },
  { name: 'Cursor', type: 'set', parameters: { fields: { values: [{ name: 'after', stringValue: '={{ $json.data.issues.pageInfo.endCursor }}' }] } } },
], [['Every hour', 'Get issues'], ['Get issues', 'More?'], ['More?', 'Cursor'], ['Cursor', 'Get issues'], ...(onError ? [['Get issues', 'Get issues', 'main', 1] as const] : [])]);
/**
 * A loop that reads mail two weeks further back on each pass: "Next window" raises `page`, which the search reads (it
 * ends when a window is empty). "Classify" carries on after a failure; with `errorBack` its error output goes straight
 * back to the search, skipping "Next window".
 */
const windowLoop = (errorBack = false) => n8nFlow([
  schedule,
  set('Next window', 'page', "={{ $('Next window').isExecuted ? $('Next window').last().json.page + 1 : 0 }}"),
  { name: 'Search mail', type: 'gmail', parameters: { operation: 'getAll', filters: { q: "=before:{{ $now.minus(14 * $json.page, 'days').format('yyyy/MM/dd') }}" } }, credentials: { gmailOAuth2: { id: '1', name: 'g' } } },
  { name: 'Classify', type: 'httpRequest', parameters: { url: 'https://api.example.com/classify', options: {} }, onError: 'continueErrorOutput' },
  { name: 'Done', type: 'aggregate', parameters: {} },
], [['Every hour', 'Next window'], ['Next window', 'Search mail'], ['Search mail', 'Classify'], ['Classify', 'Done'], ['Classify', errorBack ? 'Search mail' : 'Done', 'main', 1], ['Done', 'Next window']]);
/** A cursor page loop ("Cursor" keeps `endCursor`) with a step ("Store") that carries on after a failure; with `errorBack` its error output goes back to the call. */
const storeLoop = (errorBack = false) => n8nFlow([
  schedule,
  { name: 'Get issues', type: 'graphql', parameters: { endpoint: 'https://api.example.com/graphql', query: '={ issues(after: "{{ $json.after }}") { pageInfo { hasNextPage endCursor } } }' } },
  { name: 'Store', type: 'httpRequest', parameters: { url: 'https://store.example.com/issues', method: 'POST', options: {} }, onError: 'continueErrorOutput' },
  { name: 'More?', type: 'if', parameters: { conditions: { conditions: [{ leftValue: "={{ $('Get issues').item.json.data.issues.pageInfo.hasNextPage }}", operator: { type: 'boolean', operation: 'true' } }] } } },
  { name: 'Cursor', type: 'set', parameters: { fields: { values: [{ name: 'after', stringValue: "={{ $('Get issues').item.json.data.issues.pageInfo.endCursor }}" }] } } },
], [['Every hour', 'Get issues'], ['Get issues', 'Store'], ['Store', 'More?'], ['Store', errorBack ? 'Get issues' : 'More?', 'main', 1], ['More?', 'Cursor'], ['Cursor', 'Get issues']]);
/** A Logic Apps queue drain: `Until` `isDone`, set when the queue is empty and (run after `statesOfFailure`) when reading fails. */
const drain = (statesOfFailure: string[]) => laStandardWorkflow(request, {
  Init: { type: 'InitializeVariable', inputs: { variables: [{ name: 'isDone', type: 'boolean', value: false }] }, runAfter: {} },
  Drain: {
    type: 'Until', expression: "@equals(variables('isDone'), true)", limit: { timeout: 'PT1H' }, runAfter: { Init: ['Succeeded'] },
    actions: {
      Read: { type: 'Http', inputs: { method: 'GET', uri: 'https://queue.example.com/messages' }, runAfter: {} },
      Empty: { type: 'If', expression: "@equals(length(body('Read')), 0)", actions: { Done: { type: 'SetVariable', inputs: { name: 'isDone', value: true }, runAfter: {} } }, runAfter: { Read: ['Succeeded'] } },
      Stop: { type: 'SetVariable', inputs: { name: 'isDone', value: true }, runAfter: { Read: statesOfFailure } },
    },
  },
});

/**
 * A Power Automate page loop whose cursor lives in a variable: `Until` `more` is 0, and "Set_more" computes `more` from
 * `nextLink`. With `stop`, "Stop_link" sets `nextLink` to 'Stop' when reading the link fails (the call failed);
 * `more` is computed after it (`exitAfterStop`) or only after the link was read.
 */
const pagingUntil = (stop: boolean, exitAfterStop = false) => paSolutionFlow(request, {
  Pages: {
    type: 'Until', expression: "@equals(variables('more'), 0)", limit: { count: 60, timeout: 'PT1H' }, runAfter: {},
    actions: {
      Get_page: { type: 'Http', inputs: { method: 'GET', uri: "@{variables('nextLink')}" }, runAfter: {} },
      Set_link: { type: 'SetVariable', inputs: { name: 'nextLink', value: "@{body('Get_page')?['@odata.nextLink']}" }, runAfter: { Get_page: ['Succeeded'] } },
      ...(stop ? { Stop_link: { type: 'SetVariable', inputs: { name: 'nextLink', value: 'Stop' }, runAfter: { Set_link: ['Failed', 'Skipped'] } } } : {}),
      Set_more: { type: 'SetVariable', inputs: { name: 'more', value: "@if(equals(variables('nextLink'), 'Stop'), 0, 1)" }, runAfter: stop && exitAfterStop ? { Stop_link: ['Succeeded', 'Skipped'] } : { Set_link: ['Succeeded'] } },
    },
  },
});
/** A Node-RED tab: an `http in` "Order" and the given nodes (`x`/`y` filled in). */
const endpoint = (orderWires: string[], ...nodes: object[]) => nodeRedFlow(
  { id: 't', type: 'tab', label: 'API' },
  { id: 'h', type: 'http in', z: 't', name: 'Order', url: '/order', method: 'post', x: 1, y: 1, wires: [orderWires] },
  ...nodes.map((n) => ({ z: 't', x: 1, y: 1, ...n })),
);
const nrRequest = (id: string, name: string, wires: string[]) => ({ id, type: 'http request', name, method: 'POST', url: `https://api.example.com/${id}`, wires: [wires] });
const nrResponse = { id: 'r', type: 'http response', name: '', wires: [] };
/** A change node "Timeout" with the given rules. */
const nrChange = (wires: string[], ...rules: object[]) => ({ id: 's', type: 'change', name: 'Timeout', rules, wires: [wires] });
/** A function node "Prepare" with the given code. */
const nrFunction = (func: string, wires: string[]) => ({ id: 's', type: 'function', name: 'Prepare', func, outputs: 1, wires: [wires] });
/** `endpoint → step → "Lookup" → http response`, for steps that may set msg.requestTimeout. */
const afterStep = (step: object) => endpoint(['s'], step, nrRequest('q', 'Lookup', ['r']), nrResponse);
const setTimeoutRule = (to: unknown, tot: string, extra: object = {}) => ({ t: 'set', p: 'requestTimeout', pt: 'msg', to, tot, ...extra });
const HOLDS_LOOKUP = /^HTTP endpoint "Order" answers when its message reaches an http response node, and "Lookup" runs before that with no msg\.requestTimeout/;
/** A link call "Call save" into a chain (link in → "Save" → return-mode link out), wired on to `callWires`. */
const linkCallChain = (callWires: string[]) => [
  { id: 'c', type: 'link call', name: 'Call save', links: ['li'], linkType: 'static', wires: [callWires] },
  { id: 'li', type: 'link in', name: 'save', links: [], wires: [['q']] },
  nrRequest('q', 'Save', ['lo']),
  { id: 'lo', type: 'link out', name: '', mode: 'return', links: [] },
];
/** A function node that passes the message on as it is. */
const passOn = (id: string, name: string, wires: string[]) => ({ id, type: 'function', name, func: 'return msg;', wires: [wires] });
/** A second endpoint, "Refund". */
const refund = (wires: string[]) => ({ id: 'h2', type: 'http in', name: 'Refund', url: '/refund', method: 'post', wires: [wires] });
/** A change node "Tidy" that deletes msg.requestTimeout. */
const clears = (id: string, wires: string[]) => ({ id, type: 'change', name: 'Tidy', rules: [{ t: 'delete', p: 'requestTimeout', pt: 'msg' }], wires: [wires] });
/** A retry loop: a catch node for "Push" wired back into it. */
const nrRetry = { id: 'c', type: 'catch', name: 'On error', scope: ['q'], wires: [['q']] };

/** A Node-RED tab: a schedule, then `n` link calls to one "Fetch token" chain, each followed by a request "Step i". */
function tokenBeforeEachStep(n: number): string {
  const nodes: object[] = [
    { id: 't', type: 'tab', label: 'Main' },
    { id: 'i', type: 'inject', z: 't', name: 'Every minute', repeat: '60', x: 1, y: 1, wires: [['c1']] },
    { id: 'li', type: 'link in', z: 't', name: 'token', links: [], x: 1, y: 1, wires: [['q']] },
    { id: 'q', type: 'http request', z: 't', name: 'Fetch token', method: 'POST', url: 'https://auth.example.com/token', x: 1, y: 1, wires: [['lo']] },
    { id: 'lo', type: 'link out', z: 't', name: 'back', mode: 'return', links: [], x: 1, y: 1, wires: [] },
  ];
  for (let k = 1; k <= n; k++) {
    nodes.push({ id: `c${k}`, type: 'link call', z: 't', name: `Get token ${k}`, links: ['li'], linkType: 'static', x: 1, y: 1, wires: [[`s${k}`]] });
    nodes.push({ id: `s${k}`, type: 'http request', z: 't', name: `Step ${k}`, method: 'GET', url: `https://api.example.com/s${k}`, x: 1, y: 1, wires: [k < n ? [`c${k + 1}`] : []] });
  }
  return nodeRedFlow(...nodes);
}

const until = (count: number, actions: object) => paSolutionFlow(request, { Do_until: { type: 'Until', expression: "@equals(body('Poll')?['status'], 'done')", limit: { count }, actions, runAfter: {} } });
const poll = { type: 'Http', inputs: { method: 'GET', uri: 'https://api.example.com/export' }, runAfter: {} };

const cases: FlowCase[] = [
  {
    name: 'n8n retries 50 ms apart on a throttled API',
    text: n8nFlow([schedule, slack({ retryOnFail: true, maxTries: 5, waitBetweenTries: 50 })], [['Every hour', 'Post']]),
    expected: [{ covers: '"waitBetweenTries"', message: /^"Post" retries up to 5 times with only 50 ms between attempts\. Slack throttles callers/ }],
  },
  {
    name: 'n8n retries with a negative wait (the engine waits 0 ms), Max Tries read as the engine clamps it (at most 5)',
    text: n8nFlow([schedule, slack({ retryOnFail: true, maxTries: 50, waitBetweenTries: -1 })], [['Every hour', 'Post']]),
    expected: [{ covers: '"waitBetweenTries"', message: /^"Post" retries up to 5 times with no wait between attempts\./ }],
  },
  // A loop inside "Loop Over Items" that does not pass it (a poll or a retry for each item) does not end with the list.
  {
    name: 'an n8n polling loop nested in Loop Over Items',
    text: n8nFlow([
      schedule, { name: 'Loop Over Items', type: 'splitInBatches', parameters: {} }, http('Start job', { method: 'POST' }), http('Check job'), ifNode('Done?', '={{ $json.status }}'),
    ], [['Every hour', 'Loop Over Items'], ['Loop Over Items', 'Start job', 'main', 1], ['Start job', 'Check job'], ['Check job', 'Done?'], ['Done?', 'Loop Over Items'], ['Done?', 'Check job', 'main', 1]]),
    expected: [{ covers: '"Check job"', severity: 'warning', message: /^"Check job" sits in a loop \("Check job" → "Done\?"\) with no attempt counter and no wait/ }],
  },
  {
    name: "an n8n call whose error output retries it, nested in Loop Over Items",
    text: n8nFlow([
      schedule, { name: 'Loop Over Items', type: 'splitInBatches', parameters: {} }, { ...http('Upsert', { method: 'POST' }), onError: 'continueErrorOutput' },
    ], [['Every hour', 'Loop Over Items'], ['Loop Over Items', 'Upsert', 'main', 1], ['Upsert', 'Loop Over Items'], ['Upsert', 'Upsert', 'main', 1]]),
    expected: [{ covers: '"Upsert"', severity: 'warning', message: /^"Upsert" sits in a loop \("Upsert"\)/ }],
  },
  {
    name: 'an n8n loop whose Set writes a date (a dash, not a count down) and whose IF reads that field',
    text: n8nFlow([
      schedule, set('Since', 'since', '=2024-01-{{ $json.day }}'), http('Check job'), ifNode('Done?', '={{ $json.since }}'),
    ], [['Every hour', 'Since'], ['Since', 'Check job'], ['Check job', 'Done?'], ['Done?', 'Since']]),
    expected: [{ covers: '"Check job"', severity: 'warning', message: /sits in a loop/ }],
  },
  {
    name: 'an n8n polling loop with no counter and no wait',
    text: n8nFlow([schedule, http('Check job'), ifNode('Done?', '={{ $json.status }}')], [['Every hour', 'Check job'], ['Check job', 'Done?'], ['Done?', 'Check job']]),
    expected: [{ covers: '"Check job"', severity: 'warning', message: /^"Check job" sits in a loop \("Check job" → "Done\?"\) with no attempt counter and no wait: a failed call stops the run, but if the service never reports "done", the flow calls it as fast as it can, forever\./, related: 1 }],
  },
  {
    name: 'an n8n polling loop with a wait but no counter (info)',
    text: n8nFlow([schedule, http('Check job'), ifNode('Done?', '={{ $json.status }}'), { name: 'Wait', type: 'wait', parameters: { amount: 5 } }], [['Every hour', 'Check job'], ['Check job', 'Done?'], ['Done?', 'Wait'], ['Wait', 'Check job']]),
    expected: [{ covers: '"Check job"', severity: 'info', message: /with no attempt counter: a failed call stops the run, but if the service never reports "done", the flow calls it forever\./ }],
  },
  {
    name: 'an n8n polling loop whose call carries on after a failure (On Error: Continue)',
    text: n8nFlow([schedule, { ...http('Check job'), onError: 'continueRegularOutput' }, ifNode('Done?', '={{ $json.status }}')], [['Every hour', 'Check job'], ['Check job', 'Done?'], ['Done?', 'Check job']]),
    expected: [{ covers: '"Check job"', severity: 'warning', message: /with no attempt counter and no wait: if the service keeps failing or never reports "done", the flow calls it as fast as it can, forever\./ }],
  },
  {
    name: 'an n8n polling loop whose HTTP call never errors (Response → Never Error: a failure comes back as data)',
    text: n8nFlow([schedule, http('Check job', { options: { response: { response: { neverError: true } } } }), ifNode('Done?', '={{ $json.status }}')], [['Every hour', 'Check job'], ['Check job', 'Done?'], ['Done?', 'Check job']]),
    expected: [{ covers: '"Check job"', message: /if the service keeps failing or never reports "done"/ }],
  },
  {
    // HTTP Request 1 and 2 (n8nFlow writes typeVersion 2) wait 1 hour when no timeout is set (HttpRequestV1/V2 in current n8n).
    name: 'n8n HTTP calls (HTTP Request 2) without timeout that a waiting webhook caller depends on',
    text: n8nFlow([{ name: 'API', type: 'webhook', parameters: { path: 'x', responseMode: 'lastNode' } }, http('Lookup'), http('Enrich')], [['API', 'Lookup'], ['Lookup', 'Enrich']]),
    expected: [{ covers: '"options"', severity: 'info', message: /^Webhook "API" answers only when its flow ends, and "Lookup" \(and 1 more HTTP call\) on that path has no timeout set, so n8n waits 1 hour \(its default in current releases\): a slow service holds the caller and an n8n worker that long\. Set Options → Timeout/, related: 1 }],
  },
  {
    name: 'an HTTP Request 4.2 and an HTTP Request 1 without timeout before a waiting webhook caller: each says what n8n waits',
    text: n8nFlow([{ name: 'API', type: 'webhook', parameters: { path: 'x', responseMode: 'lastNode' } }, { ...http('Lookup'), typeVersion: 4.2 }, { ...http('Legacy'), typeVersion: 1 }], [['API', 'Lookup'], ['Lookup', 'Legacy']]),
    expected: [{ covers: '"options"', severity: 'info', message: /"Lookup" \(and 1 more HTTP call\) on that path has no timeout set, so n8n waits 5 minutes/, related: 1 }],
  },
  {
    name: 'an HTTP Request 4.2 without timeout before a waiting webhook caller (n8n waits its default 5 minutes)',
    text: n8nFlow([{ name: 'API', type: 'webhook', parameters: { path: 'x', responseMode: 'lastNode' } }, { ...http('Lookup'), typeVersion: 4.2 }], [['API', 'Lookup']]),
    expected: [{ covers: '"options"', severity: 'info', message: /^Webhook "API" answers only when its flow ends, and "Lookup" on that path has no timeout set, so n8n waits 5 minutes \(its default in current releases\): a slow service holds the caller and an n8n worker that long\. Set Options → Timeout/, related: 0 }],
  },
  {
    name: 'a fixed Logic Apps retry policy without backoff',
    text: laStandardWorkflow(request, { Call: { type: 'Http', inputs: { method: 'GET', uri: 'https://api.example.com', retryPolicy: { type: 'fixed', count: 10, interval: 'PT1S' } }, runAfter: {} } }),
    expected: [{ covers: '"retryPolicy"', message: /^"Call" retries up to 10 times with a fixed interval of 1 s and no exponential backoff/ }],
  },
  {
    name: 'a Do until whose call is named "delayed" (a name waits for nothing)',
    text: until(500, { Poll: poll, Get_delayed_shipments: { ...poll, runAfter: { Poll: ['Succeeded'] } } }),
    expected: [{ covers: '"Do_until"', message: /^"Do_until" calls "Poll", "Get_delayed_shipments" up to 500 times in a row with no delay/ }],
  },
  {
    name: 'a Do until whose Delay runs only when the call failed (a "pending" answer goes round at once)',
    text: until(500, { Poll: poll, Delay: { type: 'Wait', inputs: { interval: { count: 30, unit: 'Second' } }, runAfter: { Poll: ['Failed', 'TimedOut'] } } }),
    expected: [{ covers: '"Do_until"', message: /^"Do_until" calls "Poll" up to 500 times in a row with no delay/ }],
  },
  {
    name: 'a Power Automate Do until that calls a service with no delay',
    text: paSolutionFlow(request, { Do_until: { type: 'Until', expression: "@equals(body('Get_page')?['done'], true)", limit: { count: 500 }, actions: { Get_page: { type: 'Http', inputs: { method: 'GET', uri: 'https://graph.microsoft.com/v1.0/users' }, runAfter: {} } }, runAfter: {} } }),
    expected: [{ covers: '"Do_until"', message: /^"Do_until" calls "Get_page" up to 500 times in a row with no delay between iterations/ }],
  },
  {
    name: 'a Node-RED loop through a link call: a switch sends a bad token answer back to the call',
    text: nodeRedFlow(
      { id: 't', type: 'tab', label: 'Main' },
      { id: 'i', type: 'inject', z: 't', name: 'Every minute', repeat: '60', x: 1, y: 1, wires: [['c']] },
      { id: 'c', type: 'link call', z: 't', name: 'Get token', links: ['li'], linkType: 'static', x: 1, y: 1, wires: [['ok']] },
      { id: 'ok', type: 'switch', z: 't', name: 'Good?', property: 'statusCode', rules: [{ t: 'eq', v: '200', vt: 'num' }, { t: 'else' }], outputs: 2, x: 1, y: 1, wires: [['d'], ['c']] },
      { id: 'd', type: 'debug', z: 't', name: 'done', x: 1, y: 1, wires: [] },
      { id: 'li', type: 'link in', z: 't', name: 'token', links: [], x: 1, y: 1, wires: [['q']] },
      { id: 'q', type: 'http request', z: 't', name: 'Fetch token', method: 'POST', url: 'https://auth.example.com/token', x: 1, y: 1, wires: [['lo']] },
      { id: 'lo', type: 'link out', z: 't', name: 'back', mode: 'return', links: [], x: 1, y: 1, wires: [] },
    ),
    expected: [{ covers: '"Fetch token"', severity: 'warning', message: /^"Fetch token" sits in a loop/ }],
  },
  {
    name: 'a Node-RED retry loop through a catch node with no delay',
    text: nodeRedFlow(
      { id: 't', type: 'tab', label: 'Sync' },
      { id: 'i', type: 'inject', z: 't', name: 'Tick', repeat: '60', x: 1, y: 1, wires: [['r']] },
      { id: 'r', type: 'http request', z: 't', name: 'Push', url: 'https://api.example.com/push', x: 1, y: 1, wires: [[]] },
      { id: 'c', type: 'catch', z: 't', name: 'On error', x: 1, y: 1, wires: [['r']] },
    ),
    expected: [{ covers: '"Push"', message: /^"Push" sits in a loop .* if the service keeps failing or never reports "done"/ }],
  },
  // Node-RED: the caller of an http in waits until its message reaches an http response; the requests between hold it.
  {
    name: 'a Node-RED request after a link call whose chain sets msg.requestTimeout (every message passes the setter: no finding)',
    text: endpoint(
      ['c'],
      { id: 'c', type: 'link call', name: 'Prepare', links: ['li'], linkType: 'static', wires: [['q']] },
      nrRequest('q', 'Lookup', ['r']),
      nrResponse,
      { id: 'li', type: 'link in', name: 'prepare in', links: [], wires: [['s']] },
      nrChange(['lo'], setTimeoutRule(5000, 'num')),
      { id: 'lo', type: 'link out', name: '', mode: 'return', links: [] },
    ),
    expected: [],
  },
  {
    name: 'a Node-RED request between an http in and its http response, with no msg.requestTimeout',
    text: endpoint(['q'], nrRequest('q', 'Lookup', ['r']), nrResponse),
    expected: [{ covers: '"Lookup"', severity: 'info', message: /^HTTP endpoint "Order" answers when its message reaches an http response node, and "Lookup" runs before that with no msg\.requestTimeout: Node-RED waits up to 120 s for the service \(httpRequestTimeout in settings\.js, unless set otherwise there\), and the caller waits as long\. Set msg\.requestTimeout/, related: 0 }],
  },
  {
    // A made-up token of Telegram's shape in the endpoint's path: the message names the path masked.
    name: 'an unnamed Node-RED endpoint whose path holds a bot token',
    text: endpoint(['q'], nrRequest('q', 'Lookup', ['r']), nrResponse).replace('"name":"Order"', '"name":""').replace('"url":"/order"', '"url":"/bot123456789:AAFakeFakeFakeFakeFakeFakeFakeFake1/hook"'),
    expected: [{ covers: '"Lookup"', message: /^HTTP endpoint POST \/bot123456789:AAFa…\/hook answers / }],
  },
  {
    name: 'two Node-RED requests before the http response of an unnamed endpoint (one finding, named by method and path)',
    text: endpoint(['q'], nrRequest('q', 'Lookup', ['p']), nrRequest('p', 'Price', ['r']), nrResponse).replace('"name":"Order"', '"name":""'),
    expected: [{ covers: '"Lookup"', message: /^HTTP endpoint POST \/order answers .* "Lookup" \(and 1 more HTTP request\) runs before that/, related: 1 }],
  },
  {
    name: 'a Node-RED request before an http response reached through a link to another tab',
    text: nodeRedFlow(
      { id: 't', type: 'tab', label: 'API' },
      { id: 'u', type: 'tab', label: 'Replies' },
      { id: 'h', type: 'http in', z: 't', name: 'Order', url: '/order', method: 'post', x: 1, y: 1, wires: [['q']] },
      { ...nrRequest('q', 'Lookup', ['lo']), z: 't', x: 1, y: 1 },
      { id: 'lo', type: 'link out', z: 't', name: '', links: ['li'], x: 1, y: 1 },
      { id: 'li', type: 'link in', z: 'u', name: '', links: ['lo'], x: 1, y: 1, wires: [['r']] },
      { ...nrResponse, z: 'u', x: 1, y: 1 },
    ),
    expected: [{ covers: '"Lookup"', message: /"Lookup" runs before that/ }],
  },
  // What counts as setting msg.requestTimeout (the http request node ignores a value that is not a number, or below 1).
  ...([
    ['a change node that deletes msg.requestTimeout', nrChange(['q'], { t: 'delete', p: 'requestTimeout', pt: 'msg' })],
    ['a change node that sets msg.requestTimeout to a text that is no number', nrChange(['q'], setTimeoutRule('two seconds', 'str'))],
    ['a change node that sets msg.requestTimeout to 0', nrChange(['q'], setTimeoutRule('0', 'num'))],
    ['a change node that sets msg.requestTimeout to a boolean', nrChange(['q'], setTimeoutRule('true', 'bool'))],
    ['a change node that sets requestTimeout in flow context', nrChange(['q'], setTimeoutRule('5000', 'num', { pt: 'flow' }))],
    ['a change node that sets msg.payload.requestTimeout', nrChange(['q'], setTimeoutRule('5000', 'num', { p: 'payload.requestTimeout' }))],
    ['a change node that sets msg.requestTimeout, then deletes it', nrChange(['q'], setTimeoutRule('5000', 'num'), { t: 'delete', p: 'requestTimeout', pt: 'msg' })],
    ['a change node that moves msg.requestTimeout elsewhere', nrChange(['q'], { t: 'move', p: 'requestTimeout', pt: 'msg', to: 'saved', tot: 'msg' })],
    ['a function node that mentions msg.requestTimeout in a comment', nrFunction('// TODO: set msg.requestTimeout once we know the SLA\nmsg.url = msg.req.query.sku;\nreturn msg;', ['q'])],
    ['a function node whose assignment of msg.requestTimeout is commented out', nrFunction('msg.url = "https://api.example.com/x"; // msg.requestTimeout = 5000;\nreturn msg;', ['q'])],
    ['a function node that mentions msg.requestTimeout in a block comment', nrFunction('/* msg.requestTimeout = 5000; */\nreturn msg;', ['q'])],
    ['a function node that sets msg.requestTimeout to 0', nrFunction('msg.requestTimeout = 0;\nreturn msg;', ['q'])],
    ['a function node that compares msg.requestTimeout', nrFunction('if (msg.requestTimeout == 5000) node.warn("set");\nreturn msg;', ['q'])],
    ['a function node that sets msg.requestTimeout to null', nrFunction('msg.requestTimeout = null;\nreturn msg;', ['q'])],
    ['a function node that sets msg.requestTimeout to half a millisecond', nrFunction('msg.requestTimeout = 0.5;\nreturn msg;', ['q'])],
    ['a change node that moves a property into flow.requestTimeout', nrChange(['q'], { t: 'move', p: 'timeout', pt: 'msg', to: 'requestTimeout', tot: 'flow' })],
    // JSON is parsed when the flow starts (JSON.parse of the text): only a number of at least 1, or a text reading as one, is a timeout.
    ...(['0', '0.5', 'true', '{}', '[]', 'null', '"two seconds"', '{ not json', ''] as const).map((json) => [`a change node that sets msg.requestTimeout to the JSON ${JSON.stringify(json)}`, nrChange(['q'], setTimeoutRule(json, 'json'))] as const),
  ] as const).map(([name, step]) => ({ name: `a Node-RED request before an http response, after ${name}`, text: afterStep(step), expected: [{ covers: '"Lookup"', severity: 'info' as const, message: HOLDS_LOOKUP }] })),
  {
    name: 'a Node-RED request that an endpoint reaches directly and a repeating inject through a change node that sets msg.requestTimeout',
    text: endpoint(['q'], { id: 'i', type: 'inject', name: 'Tick', repeat: '60', wires: [['s']] }, nrChange(['q'], setTimeoutRule('5000', 'num')), nrRequest('q', 'Lookup', ['r']), nrResponse),
    expected: [{ covers: '"Lookup"', message: HOLDS_LOOKUP }],
  },
  {
    name: 'a Node-RED request reached from the endpoint both through a change node that sets msg.requestTimeout and around it',
    text: endpoint(['s', 'q'], nrChange(['q'], setTimeoutRule('5000', 'num')), nrRequest('q', 'Lookup', ['r']), nrResponse),
    expected: [{ covers: '"Lookup"', message: HOLDS_LOOKUP }],
  },
  {
    name: 'a Node-RED request after a change node that sets msg.requestTimeout and a later one that deletes it',
    text: endpoint(['s'], nrChange(['u'], setTimeoutRule('5000', 'num')), { id: 'u', type: 'change', name: 'Tidy', rules: [{ t: 'delete', p: 'requestTimeout', pt: 'msg' }], wires: [['q']] }, nrRequest('q', 'Lookup', ['r']), nrResponse),
    expected: [{ covers: '"Lookup"', message: HOLDS_LOOKUP }],
  },
  {
    name: 'two Node-RED requests in a row before the http response, the first named after msg.requestTimeout (a request sets no timeout for the next)',
    text: endpoint(['q'], nrRequest('q', 'Lookup (requestTimeout: none)', ['p']), { ...nrRequest('p', 'Price', ['r']), url: 'https://api.example.com/p?requestTimeout=5000' }, nrResponse),
    expected: [{ covers: '"Lookup (requestTimeout: none)"', message: /"Lookup \(requestTimeout: none\)" \(and 1 more HTTP request\) runs before that/, related: 1 }],
  },
  {
    name: 'a Node-RED request two endpoints share, one setting msg.requestTimeout before it (the finding names the other)',
    text: endpoint(['s'], nrChange(['q'], setTimeoutRule('5000', 'num')), { id: 'h2', type: 'http in', name: 'Refund', url: '/refund', method: 'post', wires: [['f1']] }, { id: 'f1', type: 'function', name: 'Check', func: 'return msg;', wires: [['f2']] }, { id: 'f2', type: 'function', name: 'Shape', func: 'return msg;', wires: [['q']] }, nrRequest('q', 'Lookup', ['r']), nrResponse),
    expected: [{ covers: '"Lookup"', message: /^HTTP endpoint "Refund" answers/ }],
  },
  // The finding names the nearest endpoint (fewest hops) whose messages reach the request with no timeout.
  {
    name: 'a Node-RED request two endpoints reach untimed, "Order" in 2 hops and "Refund" in 3 (the finding names "Order")',
    text: endpoint(['a1'], passOn('a1', 'Check', ['q']), refund(['b1']), passOn('b1', 'Verify', ['b2']), passOn('b2', 'Shape', ['q']), nrRequest('q', 'Lookup', ['r']), nrResponse),
    expected: [{ covers: '"Lookup"', message: HOLDS_LOOKUP }],
  },
  {
    name: 'a Node-RED request "Order" reaches in 2 hops through a change node that sets msg.requestTimeout and in 4 around it, "Refund" in 3 (the finding names "Refund")',
    text: endpoint(['s', 'a1'], nrChange(['q'], setTimeoutRule('5000', 'num')), passOn('a1', 'Check', ['a2']), passOn('a2', 'Verify', ['a3']), passOn('a3', 'Shape', ['q']), refund(['b1']), passOn('b1', 'Audit', ['b2']), passOn('b2', 'Stamp', ['q']), nrRequest('q', 'Lookup', ['r']), nrResponse),
    expected: [{ covers: '"Lookup"', message: /^HTTP endpoint "Refund" answers/ }],
  },
  {
    name: 'a Node-RED request "Order" reaches untimed in 2 hops and "Refund" in 5, through a change node that deletes msg.requestTimeout (the finding names "Order")',
    text: endpoint(['a1'], passOn('a1', 'Check', ['q']), refund(['b1']), passOn('b1', 'Verify', ['b2']), passOn('b2', 'Shape', ['b3']), passOn('b3', 'Stamp', ['u']), clears('u', ['q']), nrRequest('q', 'Lookup', ['r']), nrResponse),
    expected: [{ covers: '"Lookup"', message: HOLDS_LOOKUP }],
  },
  {
    name: 'a Node-RED request "Order" reaches in 3 hops through a setter and a change node that deletes msg.requestTimeout, "Refund" in 4 (the finding names "Order")',
    text: endpoint(['s'], nrChange(['u'], setTimeoutRule('5000', 'num')), clears('u', ['q']), refund(['b1']), passOn('b1', 'Verify', ['b2']), passOn('b2', 'Shape', ['b3']), passOn('b3', 'Stamp', ['q']), nrRequest('q', 'Lookup', ['r']), nrResponse),
    expected: [{ covers: '"Lookup"', message: HOLDS_LOOKUP }],
  },
  {
    name: 'a Node-RED request whose complete node is wired to the http response (the caller waits for the request)',
    text: endpoint(['q'], nrRequest('q', 'Lookup', []), { id: 'm', type: 'complete', name: 'Done', scope: ['q'], wires: [['r']] }, nrResponse),
    expected: [{ covers: '"Lookup"', message: HOLDS_LOOKUP }],
  },
  {
    name: 'a Node-RED request in a chain a link call calls, before the http response wired to the call (no loop through the call)',
    text: endpoint(['c'], ...linkCallChain(['r']), nrResponse),
    expected: [{ covers: '"Save"', message: /^HTTP endpoint "Order" answers when its message reaches an http response node, and "Save" runs before that/ }],
  },
  // A hop the export does not show may answer the caller: the requests before it hold the caller.
  ...([
    ['an instance of a subflow whose definition is not in the file', { id: 'x', type: 'subflow:gone', name: 'Reply', wires: [[]] }],
    ['a dynamic link call (msg.target names the link in)', { id: 'x', type: 'link call', name: 'Reply', links: [], linkType: 'dynamic', wires: [[]] }],
    ['a link call whose link in is not in the file', { id: 'x', type: 'link call', name: 'Reply', links: ['elsewhere'], linkType: 'static', wires: [[]] }],
    ['a link out whose link in is not in the file', { id: 'x', type: 'link out', name: 'Reply', links: ['elsewhere'] }],
  ] as const).map(([name, hop]) => ({ name: `a Node-RED request before ${name}`, text: endpoint(['q'], nrRequest('q', 'Lookup', ['x']), hop), expected: [{ covers: '"Lookup"', message: HOLDS_LOOKUP }] })),
  {
    name: 'a Node-RED retry loop (catch back into the request) before the http response: it holds the caller',
    text: endpoint(['q'], nrRequest('q', 'Push', ['r']), nrResponse, nrRetry),
    expected: [
      { covers: '"Push"', severity: 'info', message: /^HTTP endpoint "Order" answers when its message reaches an http response node, and "Push" runs before that/ },
      { covers: '"Push"', severity: 'warning', message: /^"Push" sits in a loop .* forever\. The caller of HTTP endpoint "Order" waits all the while: its http response comes after the loop\. Count attempts/ },
    ],
  },
  {
    name: 'a Node-RED retry loop beside the http response (the caller has its answer: the loop is reported without it)',
    text: endpoint(['r', 'q'], nrRequest('q', 'Push', []), nrResponse, nrRetry),
    expected: [{ covers: '"Push"', severity: 'warning', message: /^"Push" sits in a loop .* forever\. Count attempts/ }],
  },
  {
    name: 'a Node-RED retry loop after an http in with no http response (no caller is answered)',
    text: endpoint(['q'], nrRequest('q', 'Push', []), nrRetry),
    expected: [{ covers: '"Push"', severity: 'warning', message: /^"Push" sits in a loop .* forever\. Count attempts/ }],
  },
  {
    name: 'a loop from an error output back into the same call',
    text: n8nFlow([schedule, { ...http('Push'), onError: 'continueErrorOutput' }, { name: 'Log', type: 'set', parameters: {} }], [['Every hour', 'Push'], ['Push', 'Log'], ['Push', 'Push', 'main', 1]]),
    expected: [{ covers: '"Push"', message: /^"Push" sits in a loop \("Push"\) with no attempt counter and no wait: if the service keeps failing/ }],
  },
  {
    name: 'a page loop whose call carries on after a failure (its error output loops back)',
    text: cursorLoop('continueErrorOutput'),
    expected: [{ covers: '"Get issues"', message: /^"Get issues" sits in a loop/ }],
  },
  {
    name: 'an LLM regenerate loop that checks the length of the text, not a count',
    text: n8nFlow([schedule, { name: 'Write', type: 'openAi', parameters: { prompt: 'Write a post' }, credentials: { openAiApi: { id: '1', name: 'o' } } }, check('Short?', '={{ $json.text.length }}', 'lte', 220)], [['Every hour', 'Write'], ['Write', 'Short?'], ['Short?', 'Write', 'main', 1]]),
    expected: [{ covers: '"Write"', message: /^"Write" sits in a loop/ }],
  },
  {
    name: 'a loop that raises a counter nothing checks',
    text: n8nFlow([schedule, http('Check job'), ifNode('Done?', '={{ $json.status }}'), set('Count', 'attempt', '={{ $json.attempt + 1 }}')], [['Every hour', 'Check job'], ['Check job', 'Done?'], ['Done?', 'Count'], ['Count', 'Check job']]),
    expected: [{ covers: '"Check job"', message: /^"Check job" sits in a loop/ }],
  },
  {
    name: 'a loop through a Code node whose own for loop counts (i++ starts again on every pass)',
    text: n8nFlow([schedule, http('Check job'), { name: 'Tidy', type: 'code', parameters: { jsCode: 'for (let i = 0; i < items.length; i++) items[i].json.seen = true;\nreturn items;' } }, ifNode('Done?', '={{ $json.status }}')], [['Every hour', 'Check job'], ['Check job', 'Tidy'], ['Tidy', 'Done?'], ['Done?', 'Check job']]),
    expected: [{ covers: '"Check job"', message: /^"Check job" sits in a loop/ }],
  },
  {
    name: 'a Node-RED retry loop that counts in the message but never compares the count',
    text: nodeRedFlow(
      { id: 't', type: 'tab', label: 'Sync' },
      { id: 'r', type: 'http request', z: 't', name: 'Push', url: 'https://api.example.com/push', x: 1, y: 1, wires: [[]] },
      { id: 'c', type: 'catch', z: 't', name: 'On error', x: 1, y: 1, wires: [['f']] },
      { id: 'f', type: 'function', z: 't', name: 'Count', func: 'msg.retries = (msg.retries || 0) + 1;\nreturn msg;', x: 1, y: 1, wires: [['r']] },
    ),
    expected: [{ covers: '"Push"', message: /^"Push" sits in a loop/ }],
  },
  {
    name: 'a model fallback loop whose model picker never runs out',
    text: modelFallback('const models = await this.getInputConnectionData("ai_languageModel", 0);\nreturn models[0];'),
    expected: [{ covers: '"Answer"', message: /^"Answer" sits in a loop/ }],
  },
  {
    name: 'an HTTP call before the Respond to Webhook node (the caller still waits), not the one after it',
    text: n8nFlow([hook('responseNode'), http('Lookup'), answer('Reply'), http('Notify')], [['Slash command', 'Lookup'], ['Lookup', 'Reply'], ['Reply', 'Notify']]),
    expected: [{ covers: '"options"', message: /^Webhook "Slash command" answers when a Respond to Webhook node runs, and "Lookup" runs before that and has no timeout/, related: 0 }],
  },
  {
    name: 'v1: an HTTP call on a branch placed above the one that answers (n8n runs the top branch first)',
    text: siblings([200, 300], { order: 'v1' }),
    expected: [{ covers: '"options"', message: /^Webhook "Slash command" answers when a Respond to Webhook node runs, and "Upload" runs before that and has no timeout/ }],
  },
  {
    // n8n sorts a node's children by position with a stable sort, then puts them on its stack one by one: of two at the
    // same place, the one connected later runs first (a second reader found the order reversed).
    name: 'v1: an HTTP call at the same canvas place as the answer, connected after it (it runs first)',
    text: siblings([200, 100], { order: 'v1' }),
    expected: [{ covers: '"options"', message: /"Upload" runs before that/ }],
  },
  {
    name: 'v1: an HTTP call below a branch that answers only when a text classifier or an error output lets it through',
    text: (() => {
      const flow = JSON.parse(siblings([200, -100], { order: 'v1', viaIf: true }));
      flow.nodes.find((n: { name: string }) => n.name === 'Valid?').type = '@n8n/n8n-nodes-langchain.textClassifier';
      return JSON.stringify(flow);
    })(),
    expected: [{ covers: '"options"', message: /"Upload" runs before that/ }],
  },
  {
    name: 'v1: an answer behind a node whose errors take an error output',
    text: (() => {
      const flow = JSON.parse(siblings([200, -100], { order: 'v1', viaIf: true }));
      Object.assign(flow.nodes.find((n: { name: string }) => n.name === 'Valid?'), { type: 'n8n-nodes-base.set', onError: 'continueErrorOutput' });
      return JSON.stringify(flow);
    })(),
    expected: [{ covers: '"options"', message: /"Upload" runs before that/ }],
  },
  {
    name: 'v1: an HTTP call below a branch that answers only when an IF lets it through',
    text: siblings([200, -100], { order: 'v1', viaIf: true }),
    expected: [{ covers: '"options"', message: /"Upload" runs before that/ }],
  },
  {
    name: 'v0 (breadth-first, in the order of the connections): an HTTP call listed before the answering branch',
    text: siblings([200, -100], { order: 'v0', replyFirst: false }),
    expected: [{ covers: '"options"', message: /"Upload" runs before that/ }],
  },
  {
    name: 'no execution order set: an HTTP call that runs first in one of the two orders (v0: listed first)',
    text: siblings([200, -100], { replyFirst: false }),
    expected: [{ covers: '"options"', message: /"Upload" runs before that/ }],
  },
  {
    name: 'a Logic Apps queue drain whose exit flag is set only on success',
    text: drain([]),
    expected: [{ covers: '"Drain"', message: /^"Drain" calls "Read" up to 60 times in a row with no delay/ }],
  },
  {
    name: 'a time-window loop whose failing step goes straight back to the search, skipping the step that moves the window',
    text: windowLoop(true),
    expected: [{ covers: '"Search mail"', message: /^"Search mail" sits in a loop/ }],
  },
  {
    name: 'a cursor page loop whose failing step goes straight back to the call, skipping the cursor',
    text: storeLoop(true),
    expected: [{ covers: '"Get issues"', message: /^"Get issues" sits in a loop/ }],
  },
  {
    name: 'a regenerate loop whose call reads a prompt the loop makes longer (prompt + feedback is not a page number)',
    text: n8nFlow([
      schedule, http('Ask', { method: 'POST', jsonBody: '={{ { "prompt": $json.prompt } }}' }), check('Short?', '={{ $json.text.length }}', 'lte', 220),
      set('Feedback', 'prompt', "={{ $('Ask').item.json.prompt + $json.feedback }}"),
    ], [['Every hour', 'Ask'], ['Ask', 'Short?'], ['Short?', 'Feedback', 'main', 1], ['Feedback', 'Ask']]),
    expected: [{ covers: '"Ask"', message: /^"Ask" sits in a loop/ }],
  },
  {
    name: 'a Power Automate page loop whose cursor lives in a variable (a failed call is repeated up to the limit)',
    text: pagingUntil(false),
    expected: [{ covers: '"Pages"', message: /^"Pages" calls "Get_page" up to 60 times in a row/ }],
  },
  {
    name: 'a page loop that marks the link "Stop" when a call fails, but computes its exit flag only after a good read',
    text: pagingUntil(true),
    expected: [{ covers: '"Pages"', message: /^"Pages" calls "Get_page"/ }],
  },
  // Bounded.
  {
    name: 'n8n retries with a wait',
    text: n8nFlow([schedule, slack({ retryOnFail: true, maxTries: 3, waitBetweenTries: 2000 })], [['Every hour', 'Post']]),
    expected: [],
  },
  // n8n's engine: Max Tries is clamped to 2–5, and a Wait Between Tries of 0 (or none) means 1000 ms.
  {
    name: 'n8n retries with Max Tries far above what the engine runs (5)',
    text: n8nFlow([schedule, slack({ retryOnFail: true, maxTries: 100, waitBetweenTries: 5000 })], [['Every hour', 'Post']]),
    expected: [],
  },
  {
    name: 'n8n retries with Wait Between Tries 0, which the engine reads as 1000 ms',
    text: n8nFlow([schedule, slack({ retryOnFail: true, maxTries: 5, waitBetweenTries: 0 })], [['Every hour', 'Post']]),
    expected: [],
  },
  {
    name: 'an n8n loop that counts down: a Set lowers the count by one, the IF stops at 0',
    text: n8nFlow([
      schedule, set('Options', 'left', '3'), check('Any left?', '={{ $json.left }}', 'gt', 0), http('Generate'),
      set('Count down', 'left', "={{ $('Any left?').item.json.left - 1 }}"),
    ], [['Every hour', 'Options'], ['Options', 'Any left?'], ['Any left?', 'Generate'], ['Generate', 'Count down'], ['Count down', 'Any left?']]),
    expected: [],
  },
  {
    name: 'an n8n polling loop that counts attempts with $runIndex',
    text: n8nFlow([schedule, http('Check job'), ifNode('Done?', '={{ $json.status !== "done" && $runIndex < 10 }}')], [['Every hour', 'Check job'], ['Check job', 'Done?'], ['Done?', 'Check job']]),
    expected: [],
  },
  {
    name: 'n8n Loop Over Items (a finite list)',
    text: n8nFlow([schedule, { name: 'Loop', type: 'splitInBatches', parameters: {} }, http('Send')], [['Every hour', 'Loop'], ['Loop', 'Send'], ['Send', 'Loop']]),
    expected: [],
  },
  {
    name: 'a loop paced by a person (send and wait for approval)',
    text: n8nFlow([schedule, { name: 'Draft', type: 'gmail', parameters: { operation: 'sendAndWait' }, credentials: { gmailOAuth2: { id: '1', name: 'g' } } }, ifNode('Approved?', '={{ $json.data.approved }}')], [['Every hour', 'Draft'], ['Draft', 'Approved?'], ['Approved?', 'Draft']]),
    expected: [],
  },
  {
    name: 'HTTP calls with a timeout, or behind a webhook that answers at once',
    text: n8nFlow([
      { name: 'API', type: 'webhook', parameters: { path: 'x', responseMode: 'lastNode' } }, http('Lookup', { options: { timeout: 5000 } }),
      { name: 'Async', type: 'webhook', parameters: { path: 'y' } }, http('Later'),
    ], [['API', 'Lookup'], ['Async', 'Later']]),
    expected: [],
  },
  {
    name: 'the default (exponential) retry policy, and an Until with a Delay',
    text: laStandardWorkflow(request, {
      Call: { type: 'Http', inputs: { method: 'GET', uri: 'https://api.example.com', retryPolicy: { type: 'exponential', count: 4, interval: 'PT7S' } }, runAfter: {} },
      Until: { type: 'Until', expression: '@true', limit: { count: 60 }, actions: { Poll: { type: 'Http', inputs: { method: 'GET', uri: 'https://api.example.com' }, runAfter: {} }, Delay: { type: 'Wait', inputs: { interval: { count: 5, unit: 'Second' } }, runAfter: { Poll: ['Succeeded'] } } }, runAfter: {} },
    }),
    expected: [],
  },
  {
    name: 'an n8n page loop (hasNextPage, endCursor) whose failures stop the run',
    text: cursorLoop(),
    expected: [],
  },
  {
    name: 'an n8n loop whose call reads a page number the loop raises on every pass (a time window two weeks further back)',
    text: n8nFlow([
      schedule, set('Next window', 'page', "={{ $('Next window').isExecuted ? $('Next window').last().json.page + 1 : 0 }}"),
      { name: 'Search mail', type: 'gmail', parameters: { operation: 'getAll', filters: { q: "=before:{{ $now.minus(14 * $json.page, 'days').format('yyyy/MM/dd') }}" } }, credentials: { gmailOAuth2: { id: '1', name: 'g' } } },
    ], [['Every hour', 'Next window'], ['Next window', 'Search mail'], ['Search mail', 'Next window']]),
    expected: [],
  },
  {
    name: 'a page loop with a step that carries on after a failure, on a path that still moves to the next window',
    text: windowLoop(),
    expected: [],
  },
  {
    name: 'a cursor page loop with a step that carries on after a failure, on a path that still passes the cursor',
    text: storeLoop(),
    expected: [],
  },
  {
    name: 'an n8n page loop that stops when a page comes back shorter than the limit',
    text: n8nFlow([
      schedule, { name: 'Members after last', type: 'discord', parameters: { resource: 'member', after: '={{ $json.lastId }}' }, credentials: { discordBotApi: { id: '1', name: 'd' } } },
      check('Full page?', '={{ $input.all().length }}', 'gte', 100), { name: 'Last id', type: 'set', parameters: {} },
    ], [['Every hour', 'Members after last'], ['Members after last', 'Full page?'], ['Full page?', 'Last id'], ['Last id', 'Members after last']]),
    expected: [],
  },
  {
    name: 'a loop whose own field grows by 5 and is compared with a constant (limitKNN <= 100)',
    text: n8nFlow([schedule, http('Query'), check('Tie?', "={{ $('Query').item.json.limitKNN }}", 'lte', 100), set('Widen', 'limitKNN', "={{ $('Query').item.json.limitKNN + 5 }}")], [['Every hour', 'Query'], ['Query', 'Tie?'], ['Tie?', 'Widen'], ['Widen', 'Query']]),
    expected: [],
  },
  {
    name: 'a model fallback loop whose code sub-node throws when the index runs past the models',
    text: modelFallback('const models = await this.getInputConnectionData("ai_languageModel", 0);\nif (models[$input.item.json.llm_index] === undefined) throw new Error("No model left");\nreturn models[$input.item.json.llm_index];'),
    expected: [],
  },
  {
    name: 'a Node-RED retry loop that counts in the message ((msg.retries || 0) + 1, then > 3)',
    text: nodeRedFlow(
      { id: 't', type: 'tab', label: 'Sync' },
      { id: 'i', type: 'inject', z: 't', name: 'Tick', repeat: '60', x: 1, y: 1, wires: [['r']] },
      { id: 'r', type: 'http request', z: 't', name: 'Push', url: 'https://api.example.com/push', x: 1, y: 1, wires: [[]] },
      { id: 'c', type: 'catch', z: 't', name: 'On error', x: 1, y: 1, wires: [['f']] },
      { id: 'f', type: 'function', z: 't', name: 'Count', func: 'msg.retries = (msg.retries || 0) + 1;\nif (msg.retries > 3) return null;\nreturn msg;', x: 1, y: 1, wires: [['r']] },
    ),
    expected: [],
  },
  {
    name: 'a Node-RED request beside the http response (the caller has its answer)',
    text: endpoint(['r', 'q'], nrRequest('q', 'Lookup', []), nrResponse),
    expected: [],
  },
  {
    name: 'a Node-RED request before an http response, after a change node that sets msg.requestTimeout',
    text: endpoint(['s'], { id: 's', type: 'change', name: 'Timeout', rules: [{ t: 'set', p: 'requestTimeout', pt: 'msg', to: '5000', tot: 'num' }], wires: [['q']] }, nrRequest('q', 'Lookup', ['r']), nrResponse),
    expected: [],
  },
  {
    name: 'a Node-RED request after an http in with no http response (no answer to hold: the monitoring rule says it)',
    text: endpoint(['q'], nrRequest('q', 'Lookup', ['d']), { id: 'd', type: 'debug', name: '', wires: [] }),
    expected: [],
  },
  {
    name: 'a Node-RED request before a disabled http response',
    text: endpoint(['q'], nrRequest('q', 'Lookup', ['r']), { ...nrResponse, d: true }),
    expected: [],
  },
  ...([
    ['a change node that sets msg.requestTimeout to a text that reads as a number', nrChange(['q'], setTimeoutRule('5000', 'str'))],
    ['a change node that sets msg.requestTimeout from an environment variable', nrChange(['q'], setTimeoutRule('API_TIMEOUT', 'env'))],
    ['a change node whose last rule on msg.requestTimeout sets it', nrChange(['q'], { t: 'delete', p: 'requestTimeout', pt: 'msg' }, setTimeoutRule(5000, 'num'))],
    ['a function node that sets msg.requestTimeout after a URL with //', nrFunction('msg.url = "https://api.example.com/x"; msg.requestTimeout = 5000;\nreturn msg;', ['q'])],
    ['a function node that sets msg["requestTimeout"] from a setting', nrFunction('msg["requestTimeout"] = env.get("API_TIMEOUT") || 5000;\nreturn msg;', ['q'])],
    ['a change node that moves another message property into msg.requestTimeout', nrChange(['q'], { t: 'move', p: 'timeout', pt: 'msg', to: 'requestTimeout', tot: 'msg' })],
    ['a change node that moves a flow context value into msg.requestTimeout', nrChange(['q'], { t: 'move', p: 'apiTimeout', pt: 'flow', to: 'requestTimeout', tot: 'msg' })],
    ['a change node that sets msg.requestTimeout to the JSON 5000', nrChange(['q'], setTimeoutRule('5000', 'json'))],
    ['a change node that sets msg.requestTimeout to the JSON " 2e3 "', nrChange(['q'], setTimeoutRule(' 2e3 ', 'json'))],
    ['a change node that sets msg.requestTimeout to the JSON text "5000"', nrChange(['q'], setTimeoutRule('"5000"', 'json'))],
  ] as const).map(([name, step]) => ({ name: `a Node-RED request before an http response, after ${name}`, text: afterStep(step), expected: [] })),
  {
    name: 'a Node-RED request after a change node that sets msg.requestTimeout, then a request and a function node (the message keeps it)',
    text: endpoint(['s'], nrChange(['p'], setTimeoutRule('5000', 'num')), nrRequest('p', 'Price', ['f']), { id: 'f', type: 'function', name: 'Shape', func: 'return msg;', wires: [['q']] }, nrRequest('q', 'Lookup', ['r']), nrResponse),
    expected: [],
  },
  {
    name: 'a Node-RED chain called twice on one path (a token fetched before each of two steps): no loop',
    text: nodeRedFlow(
      { id: 't', type: 'tab', label: 'Main' },
      { id: 'i', type: 'inject', z: 't', name: 'Every minute', repeat: '60', x: 1, y: 1, wires: [['c1']] },
      { id: 'c1', type: 'link call', z: 't', name: 'Get token 1', links: ['li'], linkType: 'static', x: 1, y: 1, wires: [['f']] },
      { id: 'f', type: 'function', z: 't', name: 'Use token', func: 'return msg;', outputs: 1, x: 1, y: 1, wires: [['c2']] },
      { id: 'c2', type: 'link call', z: 't', name: 'Get token 2', links: ['li'], linkType: 'static', x: 1, y: 1, wires: [['d']] },
      { id: 'd', type: 'debug', z: 't', name: 'done', x: 1, y: 1, wires: [] },
      { id: 'li', type: 'link in', z: 't', name: 'token', links: [], x: 1, y: 1, wires: [['q']] },
      { id: 'q', type: 'http request', z: 't', name: 'Fetch token', method: 'POST', url: 'https://auth.example.com/token', x: 1, y: 1, wires: [['lo']] },
      { id: 'lo', type: 'link out', z: 't', name: 'back', mode: 'return', links: [], x: 1, y: 1, wires: [] },
    ),
    expected: [],
  },
  {
    name: 'a Node-RED chain called before each of seven steps (a token per request): no loop',
    text: tokenBeforeEachStep(7),
    expected: [],
  },
  {
    // Past its budget the returns' reading leaves the returns it has not read (the chain's calls read as a loop, as
    // before that reading); the loop search has a budget of its own and still finds the real loop after them.
    name: 'a Node-RED retry loop after 20,000 other nodes and a chain called six times: still found (the returns\' reading spends its own budget)',
    text: nodeRedFlow(
      ...(JSON.parse(tokenBeforeEachStep(6)) as object[]),
      { id: 'fi', type: 'inject', z: 't', name: 'Filler', repeat: '', x: 1, y: 1, wires: [['x0']] },
      ...Array.from({ length: 20_000 }, (_, i) => ({ id: `x${i}`, type: 'change', z: 't', name: `x${i}`, rules: [], x: 1, y: 1, wires: [i + 1 < 20_000 ? [`x${i + 1}`] : []] })),
      { id: 'ri', type: 'inject', z: 't', name: 'Poll', repeat: '', x: 1, y: 1, wires: [['rq']] },
      { id: 'rq', type: 'http request', z: 't', name: 'Post order', method: 'POST', url: 'https://erp.example.com/orders', x: 1, y: 1, wires: [['sw']] },
      { id: 'sw', type: 'switch', z: 't', name: 'Failed?', property: 'statusCode', rules: [{ t: 'neq', v: '200', vt: 'num' }], outputs: 1, x: 1, y: 1, wires: [['rq']] },
    ),
    expected: [
      { covers: '"Fetch token"', severity: 'warning' },
      { covers: '"Post order"', severity: 'warning', message: /^"Post order" sits in a loop \("Post order" → "Failed\?"\)/ },
    ],
  },
  {
    name: 'a Node-RED request in a chain a link call calls, with no http response after the call (no answer to hold, no loop)',
    text: endpoint(['c'], ...linkCallChain(['d']), { id: 'd', type: 'debug', name: '', wires: [] }),
    expected: [],
  },
  {
    name: 'a Node-RED request before a disabled node that leads to the http response',
    text: endpoint(['q'], nrRequest('q', 'Lookup', ['f']), { id: 'f', type: 'function', name: 'Shape', func: 'return msg;', d: true, wires: [['r']] }, nrResponse),
    expected: [],
  },
  {
    name: 'a Node-RED request wired from an http response (the exported wires of a node with no output)',
    text: endpoint(['r'], { ...nrResponse, wires: [['q']] }, nrRequest('q', 'Lookup', ['r2']), { ...nrResponse, id: 'r2' }),
    expected: [],
  },
  {
    name: 'a Node-RED request before a link out to a link in of the file that leads to no http response',
    text: endpoint(['q'], nrRequest('q', 'Lookup', ['lo']), { id: 'lo', type: 'link out', name: '', links: ['li'] }, { id: 'li', type: 'link in', name: '', links: ['lo'], wires: [['d']] }, { id: 'd', type: 'debug', name: '', wires: [] }),
    expected: [],
  },
  {
    name: 'a Node-RED request that a repeating inject starts, wired to an http response (no HTTP caller)',
    text: nodeRedFlow(
      { id: 't', type: 'tab', label: 'Sync' },
      { id: 'i', type: 'inject', z: 't', name: 'Tick', repeat: '60', x: 1, y: 1, wires: [['q']] },
      { ...nrRequest('q', 'Lookup', ['r']), z: 't', x: 1, y: 1 },
      { ...nrResponse, z: 't', x: 1, y: 1 },
    ),
    expected: [],
  },
  {
    name: 'HTTP calls after the Respond to Webhook node (the caller has its answer)',
    text: n8nFlow([hook('responseNode'), answer('Acknowledge'), http('Post result'), { name: 'Route', type: 'switch', parameters: {} }, answer('Close modal'), http('Open modal')],
      [['Slash command', 'Route'], ['Route', 'Acknowledge'], ['Acknowledge', 'Post result'], ['Route', 'Close modal', 'main', 1], ['Close modal', 'Open modal']]),
    expected: [],
  },
  {
    name: 'v1: an HTTP call on a branch placed below the one that answers (the caller has its answer first)',
    text: siblings([200, -100], { order: 'v1' }),
    expected: [],
  },
  {
    name: 'v1: an HTTP call below a branch that answers through a disabled node (n8n passes its items on)',
    text: placed(n8nFlow(
      [hook('responseNode'), { ...set('Prepare', 'a', '1'), disabled: true }, answer('Reply'), http('Upload', { method: 'POST' })],
      [['Slash command', 'Prepare'], ['Prepare', 'Reply'], ['Slash command', 'Upload']],
      { settings: { executionOrder: 'v1' } },
    ), { Prepare: [200, -100], Reply: [400, -100], Upload: [200, 100] }),
    expected: [],
  },
  {
    name: 'v1: an HTTP call after a Merge that waits for a branch placed below the one that answers',
    text: mergeAfterReply,
    expected: [],
  },
  {
    name: 'v0: an HTTP call listed after the answering branch',
    text: siblings([200, 300], { order: 'v0' }),
    expected: [],
  },
  {
    name: 'no execution order set: an HTTP call that runs after the answer in both orders (placed below, listed after)',
    text: siblings([200, -100]),
    expected: [],
  },
  {
    name: 'nodes wired to an output their node does not have (output 1 of a Code node never runs)',
    text: n8nFlow([
      hook('lastNode'), { name: 'Score', type: 'code', parameters: { jsCode: 'return items;' } }, http('Notify sales'),
      slack({ retryOnFail: true, maxTries: 5, waitBetweenTries: 10 }),
    ], [['Slash command', 'Score'], ['Score', 'Notify sales', 'main', 1], ['Notify sales', 'Post']]),
    expected: [],
  },
  {
    name: 'Logic Apps Until loops paced by an action that waits for a response, or polls at its own interval',
    text: laStandardWorkflow(request, {
      Until: { type: 'Until', expression: "@not(equals(body('Wait_for_response')?['result'], 'retryable'))", limit: { count: 60 }, runAfter: {}, actions: {
        Send: { type: 'Http', inputs: { method: 'POST', uri: 'https://partner.example.com' }, runAfter: {} },
        Wait_for_response: { type: 'RosettaNetWaitForResponse', inputs: {}, runAfter: { Send: ['Succeeded'] } },
      } },
      Until_2: { type: 'Until', expression: "@equals(body('Receive')?['done'], true)", limit: { count: 60 }, runAfter: {}, actions: {
        Send_2: { type: 'Http', inputs: { method: 'POST', uri: 'https://partner.example.com' }, runAfter: {} },
        Receive: { type: 'ApiConnection', inputs: { pollingInterval: { count: 1, unit: 'Minute' } }, runAfter: { Send_2: ['Succeeded'] } },
      } },
    }),
    expected: [],
  },
  {
    name: 'a Do until the engine stops after 4 passes (its limit is the bound)',
    text: until(4, { Poll: poll }),
    expected: [],
  },
  {
    name: 'a Do until that waits after a failed call, and whose call, once it succeeds, sets the flag that ends the loop',
    text: paSolutionFlow(request, { Do_until: { type: 'Until', expression: "@equals(variables('updated'), true)", limit: { count: 60 }, runAfter: {}, actions: {
      Update_file: { type: 'ApiConnection', inputs: { host: { connection: { name: "@parameters('$connections')['shared_sharepointonline']['connectionId']" } }, method: 'patch', path: '/files' }, runAfter: {} },
      Delay: { type: 'Wait', inputs: { interval: { count: 10, unit: 'Minute' } }, runAfter: { Update_file: ['Failed', 'TimedOut'] } },
      Set_updated: { type: 'SetVariable', inputs: { name: 'updated', value: true }, runAfter: { Delay: ['Skipped'] } },
    } } }),
    expected: [],
  },
  {
    name: 'a Do until that waits only after a failed poll, and copies the polled status into the variable its exit reads',
    text: paSolutionFlow(request, { Do_until: { type: 'Until', expression: "@equals(variables('status'), 'done')", limit: { count: 500 }, runAfter: {}, actions: {
      Poll: poll,
      Delay: { type: 'Wait', inputs: { interval: { count: 10, unit: 'Minute' } }, runAfter: { Poll: ['Failed', 'TimedOut'] } },
      Set_status: { type: 'SetVariable', inputs: { name: 'status', value: "@body('Poll')?['status']" }, runAfter: { Poll: ['Succeeded'] } },
    } } }),
    expected: [{ covers: '"Do_until"', message: /^"Do_until" calls "Poll" up to 500 times in a row with no delay/ }],
  },
  {
    name: 'a Do until paced by a Delay on the path that succeeded',
    text: until(500, { Poll: poll, Delay: { type: 'Wait', inputs: { interval: { count: 30, unit: 'Second' } }, runAfter: { Poll: ['Succeeded', 'Failed'] } } }),
    expected: [],
  },
  {
    name: 'a Logic Apps Until that compares its own pass count (iterationIndexes)',
    text: laStandardWorkflow(request, { Until: { type: 'Until', expression: "@or(equals(body('Poll')?['done'], true), greater(iterationIndexes('Until'), 5))", limit: { count: 60 }, runAfter: {}, actions: {
      Poll: { type: 'Http', inputs: { method: 'GET', uri: 'https://api.example.com/job' }, runAfter: {} },
    } } }),
    expected: [],
  },
  {
    name: 'a Logic Apps Until that increments the variable its condition compares',
    text: laStandardWorkflow(request, { Until: { type: 'Until', expression: "@greaterOrEquals(variables('tries'), 5)", limit: { count: 60 }, runAfter: {}, actions: {
      Poll: { type: 'Http', inputs: { method: 'GET', uri: 'https://api.example.com/job' }, runAfter: {} },
      Count: { type: 'IncrementVariable', inputs: { name: 'tries', value: 1 }, runAfter: { Poll: ['Succeeded'] } },
    } } }),
    expected: [],
  },
  {
    name: 'a Logic Apps queue drain whose exit flag is also set when reading fails',
    text: drain(['Failed', 'TimedOut']),
    expected: [],
  },
  {
    name: 'a page loop whose exit flag is computed, after a failed call too, from a link the failure branch marks "Stop"',
    text: pagingUntil(true, true),
    expected: [],
  },
];

describe(RULE, () => runFlowTable(RULE, cases));
