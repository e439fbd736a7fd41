// Node-RED node types → role, service, endpoint and config-node references, as data. Core nodes are written
// from the Node-RED node docs; contrib nodes (database, e-mail, dashboard, Home Assistant, Telegram, Dropbox, Twitter) from
// their READMEs and examples.
import type { NodeRole } from '../../model/index.js';
import { byName } from '../byName.js';

/**
 * Where a node's endpoint is: `host` names the property that holds a URL, path, host or file. With a
 * `scheme`, the endpoint is built as `scheme://host:port/path` (or `tlsScheme` when the `tlsFlag` property is
 * true); without one, the property's value is the endpoint as it is.
 */
export interface NodeRedEndpoint {
  readonly host: string;
  readonly scheme?: string;
  readonly tlsScheme?: string;
  readonly tlsFlag?: string;
  readonly port?: string;
  readonly path?: string;
}

export interface NodeRedNodeInfo {
  readonly role: NodeRole;
  readonly service?: string;
  readonly endpoint?: NodeRedEndpoint;
  /** Properties that name a config node (by id), with that config node's type: `{ broker: 'mqtt-broker' }`. */
  readonly configRefs?: Readonly<Record<string, string>>;
  /** The node keeps credentials of its own (user/password, token) in `flows_cred.json`. */
  readonly ownCredentials?: boolean;
  /**
   * The setting in settings.js that decides who may call this inbound endpoint: the export cannot show it,
   * so the node's auth is "configured outside".
   */
  readonly authSetting?: string;
}

export interface NodeRedConfigInfo {
  readonly service?: string;
  /** The config node holds credentials (in `flows_cred.json`): nodes pointing at it carry a credential reference. */
  readonly credentials: boolean;
  /** The endpoint that nodes using this config node talk to. */
  readonly endpoint?: NodeRedEndpoint;
}

/** Elements of a flow array that group nodes rather than being nodes. */
export const NODE_RED_CONTAINERS: ReadonlySet<string> = new Set(['tab', 'subflow', 'group']);

const HA = 'Home Assistant';
const HA_REFS = { server: 'server' };
const HA_EVENTS = ['server-state-changed', 'server-events', 'trigger-state', 'poll-state', 'ha-time', 'ha-sentence', 'ha-tag', 'ha-zone', 'ha-webhook', 'ha-device', 'ha-button'];
const HA_ACTIONS = [
  'api-call-service', 'ha-action', 'ha-api', 'api-current-state', 'api-get-history', 'api-render-template', 'ha-get-entities', 'ha-fire-event',
  'ha-wait-until', 'ha-update-config', 'ha-entity', 'ha-sensor', 'ha-binary-sensor', 'ha-switch', 'ha-number', 'ha-select', 'ha-text', 'ha-time-entity',
];

export const NODE_RED_NODES: Readonly<Record<string, NodeRedNodeInfo>> = byName<NodeRedNodeInfo>({
  'http in': { role: 'trigger-webhook', service: 'HTTP endpoint', endpoint: { host: 'url' }, authSetting: 'httpNodeAuth (settings.js)' },
  'http response': { role: 'transform', service: 'HTTP response' },
  'http request': { role: 'http-request', service: 'HTTP', endpoint: { host: 'url' }, configRefs: { tls: 'tls-config', proxy: 'http proxy' } },
  'websocket in': { role: 'trigger-event', service: 'WebSocket', configRefs: { server: 'websocket-listener', client: 'websocket-client' } },
  'websocket out': { role: 'messaging', service: 'WebSocket', configRefs: { server: 'websocket-listener', client: 'websocket-client' } },
  'tcp in': { role: 'trigger-event', service: 'TCP', endpoint: { scheme: 'tcp', host: 'host', port: 'port' }, configRefs: { tls: 'tls-config' } },
  'tcp out': { role: 'messaging', service: 'TCP', endpoint: { scheme: 'tcp', host: 'host', port: 'port' }, configRefs: { tls: 'tls-config' } },
  'tcp request': { role: 'messaging', service: 'TCP', endpoint: { scheme: 'tcp', host: 'server', port: 'port' }, configRefs: { tls: 'tls-config' } },
  'udp in': { role: 'trigger-event', service: 'UDP', endpoint: { scheme: 'udp', host: 'iface', port: 'port' } },
  'udp out': { role: 'messaging', service: 'UDP', endpoint: { scheme: 'udp', host: 'addr', port: 'port' } },
  'mqtt in': { role: 'trigger-event', service: 'MQTT', configRefs: { broker: 'mqtt-broker' } },
  'mqtt out': { role: 'messaging', service: 'MQTT', configRefs: { broker: 'mqtt-broker' } },
  function: { role: 'code', service: 'JavaScript function' },
  exec: { role: 'command', service: 'Shell command' },
  daemon: { role: 'command', service: 'Shell command' },
  file: { role: 'file', service: 'Local files', endpoint: { host: 'filename' } },
  'file in': { role: 'file', service: 'Local files', endpoint: { host: 'filename' } },
  watch: { role: 'trigger-event', service: 'Local files', endpoint: { host: 'files' } },
  'e-mail': { role: 'email', service: 'SMTP email', endpoint: { scheme: 'smtp', tlsScheme: 'smtps', tlsFlag: 'secure', host: 'server', port: 'port' }, ownCredentials: true },
  'e-mail in': { role: 'trigger-event', service: 'IMAP email', endpoint: { scheme: 'imap', tlsScheme: 'imaps', tlsFlag: 'useSSL', host: 'server', port: 'port' }, ownCredentials: true },
  'e-mail mta': { role: 'trigger-event', service: 'SMTP server', endpoint: { scheme: 'smtp', host: 'host', port: 'port' } },
  mysql: { role: 'database', service: 'MySQL', configRefs: { mydb: 'MySQLdatabase' } },
  postgresql: { role: 'database', service: 'PostgreSQL', configRefs: { postgreSQLConfig: 'postgreSQLConfig' } },
  postgres: { role: 'database', service: 'PostgreSQL', configRefs: { postgresdb: 'postgresdb' } },
  'mongodb in': { role: 'database', service: 'MongoDB', configRefs: { mongodb: 'mongodb' } },
  'mongodb out': { role: 'database', service: 'MongoDB', configRefs: { mongodb: 'mongodb' } },
  mongodb4: { role: 'database', service: 'MongoDB', configRefs: { clientNode: 'mongodb4-client' } },
  sqlite: { role: 'database', service: 'SQLite', configRefs: { mydb: 'sqlitedb' } },
  MSSQL: { role: 'database', service: 'Microsoft SQL Server', configRefs: { mssqlCN: 'MSSQL-CN' } },
  'redis-command': { role: 'database', service: 'Redis', configRefs: { server: 'redis-config' } },
  'redis-in': { role: 'trigger-event', service: 'Redis', configRefs: { server: 'redis-config' } },
  'redis-out': { role: 'database', service: 'Redis', configRefs: { server: 'redis-config' } },
  'influxdb in': { role: 'database', service: 'InfluxDB', configRefs: { influxdb: 'influxdb' } },
  'influxdb out': { role: 'database', service: 'InfluxDB', configRefs: { influxdb: 'influxdb' } },
  'influxdb batch': { role: 'database', service: 'InfluxDB', configRefs: { influxdb: 'influxdb' } },
  inject: { role: 'trigger-event', service: 'Inject' },
  catch: { role: 'control', service: 'Catch errors' },
  status: { role: 'control', service: 'Status' },
  complete: { role: 'control', service: 'Complete' },
  'link in': { role: 'control' },
  'link out': { role: 'control' },
  'link call': { role: 'control' },
  junction: { role: 'control' },
  switch: { role: 'control' },
  delay: { role: 'control' },
  trigger: { role: 'control' },
  rbe: { role: 'control' },
  filter: { role: 'control' },
  change: { role: 'transform' },
  template: { role: 'transform' },
  range: { role: 'transform' },
  split: { role: 'transform' },
  join: { role: 'transform' },
  sort: { role: 'transform' },
  batch: { role: 'transform' },
  json: { role: 'transform' },
  xml: { role: 'transform' },
  yaml: { role: 'transform' },
  csv: { role: 'transform' },
  html: { role: 'transform' },
  debug: { role: 'other' },
  comment: { role: 'other' },
  unknown: { role: 'other' },
  // node-red-contrib-telegrambot: the bot's token lives in its `telegram bot` config node.
  'telegram receiver': { role: 'trigger-event', service: 'Telegram', configRefs: { bot: 'telegram bot' } },
  'telegram command': { role: 'trigger-event', service: 'Telegram', configRefs: { bot: 'telegram bot' } },
  'telegram event': { role: 'trigger-event', service: 'Telegram', configRefs: { bot: 'telegram bot' } },
  'telegram sender': { role: 'messaging', service: 'Telegram', configRefs: { bot: 'telegram bot' } },
  'telegram reply': { role: 'messaging', service: 'Telegram', configRefs: { bot: 'telegram bot' } },
  'telegram control': { role: 'other', service: 'Telegram', configRefs: { bot: 'telegram bot' } },
  // node-red-node-dropbox and node-red-node-twitter, with their credential config nodes.
  'dropbox in': { role: 'trigger-event', service: 'Dropbox', configRefs: { dropbox: 'dropbox-config' } },
  dropbox: { role: 'storage', service: 'Dropbox', configRefs: { dropbox: 'dropbox-config' } },
  'dropbox out': { role: 'storage', service: 'Dropbox', configRefs: { dropbox: 'dropbox-config' } },
  'twitter in': { role: 'trigger-event', service: 'Twitter', configRefs: { twitter: 'twitter-credentials' } },
  'twitter out': { role: 'messaging', service: 'Twitter', configRefs: { twitter: 'twitter-credentials' } },
  ...Object.fromEntries(HA_EVENTS.map((t) => [t, { role: 'trigger-event', service: HA, configRefs: HA_REFS }])),
  ...Object.fromEntries(HA_ACTIONS.map((t) => [t, { role: 'other', service: HA, configRefs: HA_REFS }])),
});

/** Config nodes: shared settings that nodes point at by id, never wired. */
export const NODE_RED_CONFIG: Readonly<Record<string, NodeRedConfigInfo>> = byName<NodeRedConfigInfo>({
  'mqtt-broker': { service: 'MQTT', credentials: true, endpoint: { scheme: 'mqtt', tlsScheme: 'mqtts', tlsFlag: 'usetls', host: 'broker', port: 'port' } },
  'tls-config': { credentials: true },
  'http proxy': { credentials: true, endpoint: { host: 'url' } },
  'websocket-listener': { service: 'WebSocket', credentials: false, endpoint: { host: 'path' } },
  'websocket-client': { service: 'WebSocket', credentials: false, endpoint: { host: 'path' } },
  MySQLdatabase: { service: 'MySQL', credentials: true, endpoint: { scheme: 'mysql', host: 'host', port: 'port', path: 'db' } },
  postgreSQLConfig: { service: 'PostgreSQL', credentials: true, endpoint: { scheme: 'postgres', host: 'host', port: 'port', path: 'database' } },
  postgresdb: { service: 'PostgreSQL', credentials: true, endpoint: { scheme: 'postgres', host: 'hostname', port: 'port', path: 'db' } },
  mongodb: { service: 'MongoDB', credentials: true, endpoint: { scheme: 'mongodb', host: 'hostname', port: 'port', path: 'db' } },
  'mongodb4-client': { service: 'MongoDB', credentials: true, endpoint: { scheme: 'mongodb', host: 'host', port: 'port', path: 'dbName' } },
  sqlitedb: { service: 'SQLite', credentials: false, endpoint: { host: 'db' } },
  'MSSQL-CN': { service: 'Microsoft SQL Server', credentials: true, endpoint: { scheme: 'mssql', host: 'server', port: 'port', path: 'database' } },
  'redis-config': { service: 'Redis', credentials: true },
  influxdb: { service: 'InfluxDB', credentials: true, endpoint: { host: 'hostname' } },
  server: { service: HA, credentials: true },
  'telegram bot': { service: 'Telegram', credentials: true },
  'dropbox-config': { service: 'Dropbox', credentials: true },
  'twitter-credentials': { service: 'Twitter', credentials: true },
  'ha-entity-config': { service: HA, credentials: false },
  'ha-device-config': { service: HA, credentials: false },
  'global-config': { credentials: false },
  'serial-port': { credentials: false },
  ui_base: { service: 'Dashboard', credentials: false },
  ui_tab: { service: 'Dashboard', credentials: false },
  ui_group: { service: 'Dashboard', credentials: false },
  'ui-base': { service: 'Dashboard', credentials: false },
  'ui-page': { service: 'Dashboard', credentials: false },
  'ui-group': { service: 'Dashboard', credentials: false },
  'ui-theme': { service: 'Dashboard', credentials: false },
});

/**
 * Role and service of a Node-RED node type. Unknown types: subflow instances (`subflow:<id>`) are control
 * steps, dashboard widgets (`ui_*`, `ui-*`) are `other`, everything else is `other` with no service.
 */
export function nodeRedNodeInfo(type: string): NodeRedNodeInfo {
  const known = NODE_RED_NODES[type];
  if (known) return known;
  if (type.startsWith('subflow:')) return { role: 'control', service: 'Subflow' };
  if (/^ui[_-]/.test(type)) return { role: 'other', service: 'Dashboard' };
  return { role: 'other' };
}

/**
 * What a config node of this type is. Unknown config types are assumed to hold credentials: contrib config
 * nodes are mostly connections to a service (an API key, a bot token).
 */
export function nodeRedConfigInfo(type: string): NodeRedConfigInfo {
  return NODE_RED_CONFIG[type] ?? { credentials: true };
}
