// One value placed where people paste credentials, in an export of each platform: the generators behind the
// secret placement properties. Each document is shaped like the platform's real exports (helpers of the rule tests).
import { httpNode, n8nWorkflow } from './analyze.js';
import { makeBlueprint, nodeRedFlow, zapierExport } from './platformDocs.js';
import { laArmTemplate, laStandardWorkflow, paSolutionFlow } from './wdl.js';

/** Positions whose name says "secret": a literal there is reported, a reference or placeholder never. */
export const SECRET_SLOTS = ['authorization', 'api-key-header', 'query', 'code', 'password', 'client-secret'] as const;
/** Further string positions with no secret name: a known-format secret is found there too. */
/** (`label`: what people read the node by: its name, or a Power Automate / Logic Apps action's description.) */
export const PLAIN_SLOTS = ['text', 'label', 'url-path'] as const;
export type Slot = (typeof SECRET_SLOTS)[number] | (typeof PLAIN_SLOTS)[number];

export const PLATFORMS = ['n8n', 'power-automate', 'logic-apps', 'logic-apps-arm', 'node-red', 'make', 'zapier'] as const;
export type PlatformName = (typeof PLATFORMS)[number];

export interface PlacedDocument {
  readonly text: string;
  /** The file name to analyse it as. */
  readonly path: string;
}

/**
 * `value` with `prefix` in front, kept an expression where the value is one: n8n marks a whole value as an
 * expression with a leading `=`, so `Bearer ` goes after it (`=Bearer {{ $env.X }}`).
 */
export function embed(prefix: string, value: string, suffix = ''): string {
  return value.startsWith('=') ? '=' + prefix + value.slice(1) + suffix : prefix + value + suffix;
}

/** `value` as a JavaScript string literal in a line of code, quoted with a quote it does not contain. */
function codeLine(name: string, value: string): string {
  const v = value.startsWith('=') ? value.slice(1) : value;
  const quote = !v.includes("'") ? "'" : !v.includes('"') ? '"' : '`';
  return `// call the API\nconst ${name} = ${quote}${v}${quote};\nreturn items;`;
}

const API = 'https://api.example.com/v1/items';

/** An export of `platform` holding `value` at `slot`. */
export function placeIn(platform: PlatformName, slot: Slot, value: string): PlacedDocument {
  switch (platform) {
    case 'n8n':
      return { text: n8nWorkflow([n8nNode(slot, value)]), path: 'flow.json' };
    case 'power-automate':
      return { text: paSolutionFlow({ manual: { type: 'Request', kind: 'Button', inputs: { schema: {} } } }, { Call_API: wdlAction(slot, value) }), path: 'flow.json' };
    case 'logic-apps':
      return { text: laStandardWorkflow({ manual: { type: 'Request', kind: 'Http', inputs: {} } }, { Call_API: wdlAction(slot, value) }), path: 'workflow.json' };
    case 'logic-apps-arm':
      return { text: laArmTemplate({ manual: { type: 'Request', kind: 'Http' } }, { Call_API: wdlAction(slot, value) }), path: 'template.json' };
    case 'node-red':
      return { text: nodeRedFlow({ id: 't1', type: 'tab', label: 'Orders', disabled: false, info: '' }, ...nodeRedNodes(slot, value)), path: 'flows.json' };
    case 'make':
      return { text: makeBlueprint({ id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: { hook: 12 }, mapper: {} }, makeModule(slot, value)), path: 'blueprint.json' };
    case 'zapier':
      return { text: zapierExport({ '1': { id: 1, type_of: 'read', params: {}, parent_id: null, action: 'hook', selected_api: 'WebHookCLIAPI' }, '2': { id: 2, parent_id: 1, ...zapierStep(slot, value) } }), path: 'zapier.json' };
  }
}

function n8nNode(slot: Slot, v: string): object {
  switch (slot) {
    case 'authorization': return httpNode([{ name: 'Authorization', value: v }]);
    case 'api-key-header': return httpNode([{ name: 'X-API-Key', value: v }]);
    case 'query': return httpNode([], { url: embed(`${API}?api_key=`, v) });
    case 'code': return { name: 'Sign', type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { jsCode: codeLine('apiKey', v) } };
    case 'password': return { name: 'DB', type: 'n8n-nodes-base.postgres', typeVersion: 2.5, parameters: { operation: 'executeQuery', query: 'select 1', options: { password: v } } };
    case 'client-secret': return httpNode([], { authentication: 'genericCredentialType', clientSecret: v });
    case 'text': return { name: 'Post', type: 'n8n-nodes-base.slack', typeVersion: 2.2, parameters: { text: v } };
    case 'label': return { ...httpNode([]), name: v };
    case 'url-path': return httpNode([], { url: embed(`${API}/`, v) });
  }
}

function wdlAction(slot: Slot, v: string): object {
  const http = (inputs: object) => ({ type: 'Http', inputs: { method: 'POST', uri: API, ...inputs }, runAfter: {} });
  switch (slot) {
    case 'authorization': return http({ headers: { Authorization: v } });
    case 'api-key-header': return http({ headers: { 'x-api-key': v } });
    case 'query': return http({ uri: `${API}?api_key=${v}` });
    case 'code': return { type: 'JavaScriptCode', inputs: { code: codeLine('apiKey', v) }, runAfter: {} };
    case 'password': return http({ authentication: { type: 'Basic', username: 'svc-orders', password: v } });
    case 'client-secret': return http({ authentication: { type: 'ActiveDirectoryOAuth', tenant: 'contoso.onmicrosoft.com', audience: 'https://graph.microsoft.com', clientId: '0a1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9', secret: v } });
    case 'text': return http({ body: { text: v } });
    case 'label': return { ...http({}), description: v };
    case 'url-path': return http({ uri: `${API}/${v}` });
  }
}

function nodeRedNodes(slot: Slot, v: string): object[] {
  const request = (extra: object) => ({ id: 'r1', type: 'http request', z: 't1', name: 'Call API', method: 'POST', ret: 'obj', url: API, tls: '', x: 300, y: 80, wires: [[]], ...extra });
  const header = (name: string) => request({ headers: [{ keyType: 'other', keyValue: name, valueType: 'other', valueValue: v }] });
  switch (slot) {
    case 'authorization': return [header('Authorization')];
    case 'api-key-header': return [header('X-API-Key')];
    case 'query': return [request({ url: `${API}?api_key=${v}` })];
    case 'code': return [{ id: 'f1', type: 'function', z: 't1', name: 'Sign', func: codeLine('apiKey', v), outputs: 1, x: 300, y: 80, wires: [[]] }];
    case 'password': return [{ id: 'b1', type: 'mqtt-broker', name: 'Broker', broker: 'mqtt.example.com', port: '8883', usetls: true, credentials: { user: 'svc-orders', password: v } }];
    case 'client-secret': return [{ id: 'o1', type: 'oauth2', z: 't1', name: 'Token', grant_type: 'client_credentials', access_token_url: 'https://login.example.com/token', client_id: 'orders', client_secret: v, x: 300, y: 80, wires: [[]] }];
    case 'text': return [{ id: 'i1', type: 'inject', z: 't1', name: 'Go', payload: v, payloadType: 'str', x: 100, y: 80, wires: [[]] }];
    case 'label': return [request({ name: v })];
    case 'url-path': return [request({ url: `${API}/${v}` })];
  }
}

function makeModule(slot: Slot, v: string): object {
  const http = (mapper: object) => ({ id: 2, module: 'http:ActionSendData', version: 3, parameters: { handleErrors: false }, mapper: { url: API, method: 'post', bodyType: 'raw', ...mapper } });
  switch (slot) {
    case 'authorization': return http({ headers: [{ name: 'Authorization', value: v }] });
    case 'api-key-header': return http({ headers: [{ name: 'X-API-Key', value: v }] });
    case 'query': return http({ url: `${API}?api_key=${v}` });
    case 'code': return http({ contentType: 'application/json', data: `{\n  "apiKey": ${JSON.stringify(v)},\n  "order": "{{1.id}}"\n}` });
    case 'password': return { id: 2, module: 'http:ActionSendDataBasicAuth', version: 3, parameters: { handleErrors: false }, mapper: { url: API, method: 'get', username: 'svc-orders', password: v } };
    case 'client-secret': return http({ qs: [{ name: 'client_secret', value: v }] });
    case 'text': return { id: 2, module: 'slack:CreateMessage', version: 4, parameters: { __IMTCONN__: 7 }, mapper: { channel: 'C012AB3CD', text: v } };
    case 'label': return { ...http({}), metadata: { designer: { x: 300, y: 0, name: v } } };
    case 'url-path': return http({ url: `${API}/${v}` });
  }
}

function zapierStep(slot: Slot, v: string): object {
  const post = (params: object) => ({ type_of: 'write', action: 'post', selected_api: 'WebHookCLIAPI', params: { url: API, ...params } });
  switch (slot) {
    case 'authorization': return post({ headers: { Authorization: v } });
    case 'api-key-header': return post({ headers: { 'X-API-Key': v } });
    case 'query': return post({ url: `${API}?api_key=${v}` });
    case 'code': return { type_of: 'write', action: 'run_javascript', selected_api: 'CodeAPI', params: { code: codeLine('apiKey', v) } };
    case 'password': return post({ password: v });
    case 'client-secret': return post({ client_secret: v });
    case 'text': return post({ data: { text: v } });
    case 'label': return { ...post({}), title: v };
    case 'url-path': return post({ url: `${API}/${v}` });
  }
}
