// Where nodes come from and which of them run code, as data: the platforms' built-in node sets, community packages
// and the node types that execute commands or user code.

/** n8n packages published by n8n itself; nodes of any other package are community or custom nodes. */
export const N8N_OFFICIAL_PACKAGES: ReadonlySet<string> = new Set(['n8n-nodes-base', '@n8n/n8n-nodes-langchain']);

/** n8n node types (short names) that run shell commands on the n8n host or another machine. */
export const N8N_COMMAND_TYPES: ReadonlySet<string> = new Set(['executeCommand', 'executeCommandTool', 'ssh', 'sshTool']);

/** n8n node types (short names) that run code written in the workflow. */
export const N8N_CODE_TYPES: ReadonlySet<string> = new Set(['code', 'function', 'functionItem', 'toolCode', 'codeTool', 'pythonFunction', 'aiTransform']);

/** The node types Node-RED ships with (core nodes and their config nodes); anything else comes from an npm package. */
export const NODE_RED_CORE_TYPES: ReadonlySet<string> = new Set([
  'tab', 'subflow', 'group', 'junction', 'comment', 'unknown', 'global-config',
  'inject', 'debug', 'complete', 'catch', 'status', 'link in', 'link out', 'link call',
  'function', 'switch', 'change', 'range', 'template', 'delay', 'trigger', 'exec', 'rbe', 'filter',
  'mqtt in', 'mqtt out', 'mqtt-broker', 'http in', 'http response', 'http request', 'http proxy', 'tls-config',
  'websocket in', 'websocket out', 'websocket-listener', 'websocket-client', 'tcp in', 'tcp out', 'tcp request', 'udp in', 'udp out',
  'split', 'join', 'sort', 'batch', 'csv', 'html', 'json', 'xml', 'yaml', 'file', 'file in', 'watch',
]);

/** Node-RED node types that run commands on the host. */
export const NODE_RED_COMMAND_TYPES: ReadonlySet<string> = new Set(['exec', 'daemon', 'node-red-node-daemon']);

/** Workflow Definition Language action types that run code written in the workflow (or deployed beside it). */
export const WDL_CODE_TYPES: ReadonlySet<string> = new Set(['javascriptcode', 'inlinecode', 'csharpscriptcode', 'powershellcode', 'function', 'invokefunction']);

/** Make apps whose modules run code written in the scenario. */
export const MAKE_CODE_APPS: ReadonlySet<string> = new Set(['code', 'custom-js']);

/** Make modules that run code written in the scenario (of apps that also do other things). */
export const MAKE_CODE_MODULES: ReadonlySet<string> = new Set(['onesaas:Python', 'onesaas:JavaScript']);

