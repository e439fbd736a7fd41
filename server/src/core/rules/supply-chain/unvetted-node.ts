import { nodeAnchor } from '../../dataflow/chain.js';
import { addTo } from '../../dataflow/graph.js';
import { azureApiName } from '../../knowledge/connectors/azure.js';
import { makeApp } from '../../knowledge/connectors/make.js';
import { zapierAppName } from '../../knowledge/connectors/zapier.js';
import {
  MAKE_CODE_APPS,
  MAKE_CODE_MODULES,
  N8N_CODE_TYPES,
  N8N_COMMAND_TYPES,
  N8N_OFFICIAL_PACKAGES,
  NODE_RED_COMMAND_TYPES,
  NODE_RED_CORE_TYPES,
  WDL_CODE_TYPES,
} from '../../knowledge/nodeProvenance.js';
import { NODE_BUILTIN_MODULES } from '../../knowledge/runtimeModules.js';
import type { Flow, FlowNode } from '../../model/index.js';
import { asObject, asString } from '../../walk.js';
import { FLOW_FORMATS } from '../flowRules.js';
import type { Rule, RuleContext } from '../types.js';
import { javaScriptPackages, pythonPackages, WHEEL_FROM_URL } from './codeImports.js';
import { customConnectorName } from './customConnectors.js';

/** `supply-chain/unvetted-node`: community and custom nodes, and nodes that run commands or code written in the flow. */
export const unvettedNode: Rule = {
  id: 'supply-chain/unvetted-node',
  defaultSeverity: 'warning',
  appliesTo: FLOW_FORMATS,
  threats: ['T', 'E'],
  cwe: 'CWE-829',
  securitySeverity: 5.3,
  docs: {
    summary: 'Community or custom nodes and connectors (code from outside the platform vendor), nodes that run shell commands, and code written into the flow.',
    rationale: 'A community node or custom connector runs someone else\'s code with the flow\'s data and credentials; command nodes run on the host; code steps bypass the review a connector had. Each is a supply-chain dependency that needs an owner, a pinned version and a review.',
    remediation: 'Prefer built-in nodes and certified connectors. For each community node or custom connector, record its package, version and publisher, review it, and pin it; restrict command nodes (n8n: NODES_EXCLUDE; Node-RED: leave exec out of the palette) unless they are needed; keep code steps short and reviewed with the flow.',
  },
  check(context) {
    const flow = context.flow;
    if (!flow || !flow.nodes.length) return;
    const active = flow.nodes.filter((n) => !n.disabled);
    switch (flow.platform) {
      case 'n8n':
        return checkN8n(context, flow, active);
      case 'node-red':
        return checkNodeRed(context, flow, active);
      case 'power-automate':
      case 'logic-apps':
        return checkWdl(context, flow, active);
      case 'make':
        return checkMake(context, flow, active);
      case 'zapier':
        return checkZapier(context, flow, active);
    }
  },
};

/** One finding for a group of nodes (same community package, or every code step): at the first, the others related. */
function reportGroup(context: RuleContext, flow: Flow, nodes: readonly FlowNode[], message: string, severity?: 'info', pointerOf?: (n: FlowNode) => string): void {
  const [first, ...rest] = nodes;
  context.report({
    ...(pointerOf ? { pointer: pointerOf(first) } : nodeAnchor(first, flow.platform)),
    severity,
    message,
    related: rest.slice(0, 50).map((n) => ({ ...(pointerOf ? { pointer: pointerOf(n) } : nodeAnchor(n, flow.platform)), message: `"${n.name}" too` })),
  });
}

function names(nodes: readonly FlowNode[]): string {
  const list = nodes.slice(0, 3).map((n) => `"${n.name}"`).join(', ');
  return nodes.length > 3 ? `${list} and ${nodes.length - 3} more` : list;
}

function checkN8n(context: RuleContext, flow: Flow, nodes: readonly FlowNode[]): void {
  const typeAt = (n: FlowNode) => `${n.pointer}/type`;
  const community = new Map<string, FlowNode[]>();
  const code: FlowNode[] = [];
  for (const node of nodes) {
    const dot = node.type.lastIndexOf('.');
    const pkg = dot === -1 ? '' : node.type.slice(0, dot);
    const short = node.type.slice(dot + 1);
    if (!N8N_OFFICIAL_PACKAGES.has(pkg)) {
      addTo(community, pkg || node.type, node);
      continue;
    }
    if (N8N_COMMAND_TYPES.has(short)) {
      const params = asObject(node.parameters) ?? {};
      // The SSH node's "file" resource moves a file (upload, its default operation, or download) instead of running a command.
      const transfer = short.startsWith('ssh') && params.resource === 'file' ? (params.operation === 'download' ? 'download' : 'upload') : undefined;
      context.report({
        pointer: typeAt(node),
        message: transfer === 'download'
          ? `"${node.name}" downloads files from a remote host over SSH, with the rights of its SSH account: it can read any file that account can read. Keep such nodes out of production workflows (NODES_EXCLUDE) unless they are needed, and never build their paths from input.`
          : transfer === 'upload'
            ? `"${node.name}" uploads files to a remote host over SSH, with the rights of its SSH account: it can overwrite any file that account can write, scripts and keys included. Keep such nodes out of production workflows (NODES_EXCLUDE) unless they are needed, and never build their paths from input.`
            : `"${node.name}" runs shell commands ${short.startsWith('ssh') ? 'on a remote host over SSH, with the rights of its SSH account' : 'on the n8n host, with the rights of the n8n process'}. Keep such nodes out of production workflows (NODES_EXCLUDE) unless they are needed, and never build their commands from input.`,
      });
    } else if (N8N_CODE_TYPES.has(short)) {
      const message = codePackagesMessage(node);
      if (message) context.report({ pointer: typeAt(node), message });
      else code.push(node);
    }
  }
  for (const [pkg, list] of community) {
    const origin = pkg === 'CUSTOM' ? 'a custom node installed on the n8n host' : `the community package ${pkg || list[0].type}`;
    reportGroup(context, flow, list, `${list.length > 1 ? `${list.length} nodes (${names(list)}) come` : `"${list[0].name}" comes`} from ${origin}, not from n8n: its code runs inside n8n with the workflow's data and credentials. Vet the package (publisher, source, downloads), pin its version, and record it in the inventory.`, undefined, typeAt);
  }
  if (code.length) reportGroup(context, flow, code, `${code.length > 1 ? `${code.length} code steps (${names(code)}) run` : `"${code[0].name}" runs`} JavaScript or Python written into the workflow. Code steps skip the checks a built-in node has: review them with the flow and keep them small.`, 'info', typeAt);
}

function checkNodeRed(context: RuleContext, flow: Flow, nodes: readonly FlowNode[]): void {
  const typeAt = (n: FlowNode) => `${n.pointer}/type`;
  const contrib = new Map<string, FlowNode[]>();
  const code: FlowNode[] = [];
  for (const node of nodes) {
    const raw = asObject(node.parameters) ?? {};
    if (NODE_RED_COMMAND_TYPES.has(node.type)) {
      const program = programOf(asString(raw.command) ?? '');
      context.report({ pointer: typeAt(node), message: `"${node.name}" runs ${program ?? 'a command'} on the Node-RED host with the rights of the Node-RED process. Remove exec nodes from production flows unless they are needed, and never build their commands from messages.` });
    } else if (node.type === 'function') {
      // Node.js built-ins (`os`, `fs`) load as they are; any other module is an npm package Node-RED installs on deploy.
      const libs = Array.isArray(raw.libs) ? raw.libs.flatMap((l) => asString(asObject(l)?.module) ?? []).filter((m) => !NODE_BUILTIN_MODULES.has(nodeRedModuleName(m))) : [];
      if (libs.length) context.report({ pointer: `${node.pointer}/libs`, message: `"${node.name}" loads ${[...new Set(libs.slice(0, 3).map(nodeRedModuleLabel))].join(', ')} into its code (functionExternalModules): those npm packages run with the flow's messages. Record and pin them, and review the code with the flow.` });
      else code.push(node);
    } else if (!NODE_RED_CORE_TYPES.has(node.type) && !node.type.startsWith('subflow:')) {
      addTo(contrib, node.type, node);
    }
  }
  if (contrib.size) {
    const groups = [...contrib.values()];
    const firsts = groups.map((g) => g[0]);
    const types = [...contrib.keys()];
    reportGroup(context, flow, firsts, `This flow uses ${types.length} node type${types.length > 1 ? 's' : ''} that Node-RED does not ship (${types.slice(0, 4).join(', ')}${types.length > 4 ? ', …' : ''}): each comes from an npm package that runs with Node-RED's rights and sees the messages. Record the packages and versions (package.json of the Node-RED user directory), vet and pin them.`, 'info', typeAt);
  }
  if (code.length) reportGroup(context, flow, code, `${code.length > 1 ? `${code.length} function nodes (${names(code)}) run` : `"${code[0].name}" runs`} JavaScript written into the flow. Review it with the flow and keep it small.`, 'info', typeAt);
}

function checkWdl(context: RuleContext, flow: Flow, nodes: readonly FlowNode[]): void {
  const custom = new Map<string, FlowNode[]>();
  const code: FlowNode[] = [];
  for (const node of nodes) {
    const own = customConnectorName(node);
    if (own !== undefined) {
      const api = node.credentialRefs[0]?.type ?? own;
      addTo(custom, api, node);
    } else if (WDL_CODE_TYPES.has(node.type.toLowerCase())) code.push(node);
  }
  for (const [api, list] of custom) {
    reportGroup(context, flow, list, `${list.length > 1 ? `${list.length} actions (${names(list)}) use` : `"${list[0].name}" uses`} Custom connector "${customConnectorName(list[0])}" (${azureApiName(api)}), not a Microsoft-certified connector: its definition, host and authentication are whatever its author set. Review the connector definition and who can change it, and record it in the inventory.`);
  }
  if (code.length) reportGroup(context, flow, code, `${code.length > 1 ? `${code.length} steps (${names(code)}) run` : `"${code[0].name}" runs`} custom code (inline code or an Azure Function). Review that code with the workflow and record where it is maintained.`, 'info');
}

function checkMake(context: RuleContext, flow: Flow, nodes: readonly FlowNode[]): void {
  const code: FlowNode[] = [];
  for (const node of nodes) {
    const app = makeApp(node.type);
    if (app.includes('#') || app.startsWith('app-')) {
      context.report({ ...nodeAnchor(node, flow.platform), message: `"${node.name}" uses the custom app ${app}, not one Make publishes: its calls and authentication are whatever its author wrote. Review the app and who can change it, and record it in the inventory.` });
    } else if (MAKE_CODE_APPS.has(app) || MAKE_CODE_MODULES.has(node.type)) code.push(node);
  }
  if (code.length) reportGroup(context, flow, code, `${code.length > 1 ? `${code.length} modules (${names(code)}) run` : `"${code[0].name}" runs`} code written into the scenario. Review it with the scenario.`, 'info');
}

function checkZapier(context: RuleContext, flow: Flow, nodes: readonly FlowNode[]): void {
  const code: FlowNode[] = [];
  for (const node of nodes) {
    const app = zapierAppName(node.type.split(':')[0]);
    if (/^App\d+/.test(app)) {
      context.report({ ...nodeAnchor(node, flow.platform), message: `"${node.name}" uses ${app}, an app built on Zapier's developer platform (a private integration, or a partner's), not one of Zapier's own: its code and authentication are whatever its author deployed. Review the app, its publisher and who can change it, and record it in the inventory.` });
    } else if (app === 'Code') code.push(node);
  }
  if (code.length) reportGroup(context, flow, code, `${code.length > 1 ? `${code.length} steps (${names(code)}) run` : `"${code[0].name}" runs`} code written into the Zap (Code by Zapier). Review it with the Zap.`, 'info');
}

/** The finding for an n8n code step that loads packages beyond its runtime (JavaScript or Python, by its `language`), or undefined. */
function codePackagesMessage(node: FlowNode): string | undefined {
  const params = asObject(node.parameters) ?? {};
  const language = asString(params.language);
  if (language?.startsWith('python')) {
    const { imports, installs } = pythonPackages(asString(params.pythonCode) ?? '');
    if (!imports.length && !installs.length) return undefined;
    // A wheel given by its URL is named as such: not PyPI, and its URL may hold a token.
    const fromPyPI = installs.filter((i) => i !== WHEEL_FROM_URL);
    const installed = [fromPyPI.length ? `${packageList(fromPyPI)} from PyPI` : '', fromPyPI.length < installs.length ? WHEEL_FROM_URL : ''].filter(Boolean).join(' and ');
    const loads = [imports.length ? `imports ${packageList(imports)}` : '', installs.length ? `installs ${installed} each time it runs (micropip.install)` : ''].filter(Boolean).join(' and ');
    // "python" is n8n's Pyodide runtime, which fetches what the code imports from Pyodide's package index when it first
    // runs (n8n's PythonSandbox calls loadPackagesFromImports); "pythonNative" is the task runner, which has only what
    // its environment holds and N8N_RUNNERS_EXTERNAL_ALLOW allows.
    const runtime = language === 'python'
      ? "n8n's Pyodide Python downloads what the code imports from Pyodide's package index when it first runs, so what runs is whatever that index serves then. Record them, prefer the Python task runner (Python (Native)) with the packages installed at pinned versions and allowed by N8N_RUNNERS_EXTERNAL_ALLOW, and review the code with the flow."
      : "n8n's Python task runner imports only those installed in its environment and allowed by N8N_RUNNERS_EXTERNAL_ALLOW. Record and pin them, and review the code with the flow.";
    return `"${node.name}" ${loads}: third-party Python packages, not the standard library, that run with the workflow's data. ${runtime}`;
  }
  // Code, Function, AI Transform (the code a model wrote) and the LangChain Code node's execute and supply-data code. One
  // string as it is (joining them copied every code step's code to search it); joined only when a node has several.
  const chain = asObject(params.code);
  const sources = [params.jsCode, params.functionCode, asObject(chain?.execute)?.code, asObject(chain?.supplyData)?.code].filter((c): c is string => typeof c === 'string');
  let packages = javaScriptPackages(sources.length > 1 ? sources.join('\n') : sources[0] ?? '');
  // The LangChain Code node ships with LangChain and may load it without NODE_FUNCTION_ALLOW_EXTERNAL.
  if (node.type.startsWith('@n8n/n8n-nodes-langchain.')) packages = packages.filter((p) => p !== 'langchain' && !p.startsWith('langchain/') && !p.startsWith('@langchain/'));
  if (!packages.length) return undefined;
  return `"${node.name}" loads ${packageList(packages)} into its code: packages installed on the n8n host (NODE_FUNCTION_ALLOW_EXTERNAL) that run with the workflow's data. Record and pin them, and review the code with the flow.`;
}

/** The module a Node-RED function node's entry names, as Node-RED reads it: `lodash@4.17.21` → `lodash`, `fs/promises` → `fs`, `@scope/name@1` → `@scope/name`. */
function nodeRedModuleName(module: string): string {
  return /^(?:@[^/]+\/)?[^/@]+/.exec(module.trim())?.[0] ?? module;
}

/** An npm package name (`lodash`, `@scope/name`), as npm writes one; URLs, paths and `user:token@host` do not match. */
const NPM_PACKAGE = /^(?:@[a-z0-9][\w.~-]*\/)?[a-z0-9][\w.~-]*$/i;

/** A version or range as npm reads one (`4.17.21`, `^4`, `~1.2.x`, `>=2`); not a git or tarball URL, which may hold a token. */
const NPM_VERSION = /^(?:[v=^~]|[<>]=?){0,2}\d{1,9}(?:\.(?:\d{1,9}|[xX*])){0,2}$/;

/**
 * A Node-RED module entry as a message may show it: the package, with its version only when that is a plain version or
 * range (`lodash@4.17.21`); Node-RED passes `name@<spec>` to npm, which also takes a git or tarball URL that may hold a
 * token. An entry that is no package name reads as a module given by a URL or path.
 */
function nodeRedModuleLabel(module: string): string {
  const name = nodeRedModuleName(module);
  if (!NPM_PACKAGE.test(name)) return 'a module given by a URL or path';
  const rest = module.trim().slice(name.length);
  return rest.startsWith('@') && NPM_VERSION.test(rest.slice(1)) ? `${name}${rest}` : name;
}

/**
 * The program a command line runs (`sshpass` of `sshpass -p … ssh host`), or undefined when it has none that reads as
 * one. Only the program: the rest of a command often holds a password or token (`-p…`, `-u user:pass`, a header).
 */
function programOf(command: string): string | undefined {
  const first = /^\S{1,80}/.exec(command.trim())?.[0];
  return first && /^[\w./~-]+$/.test(first) ? first : undefined;
}

/** The first three names, then an ellipsis. */
function packageList(packages: readonly string[]): string {
  return `${packages.slice(0, 3).join(', ')}${packages.length > 3 ? ', …' : ''}`;
}
