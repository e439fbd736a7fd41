// The data-flow analysis of one flow, built once per document and shared by the rules that follow data (injection,
// privacy): the per-platform description of every node, and taint runs from untrusted inputs or from every data source.
import { addTo, carriesData, isDataEdge } from './graph.js';
import { makeApp } from '../knowledge/connectors/make.js';
import { zapierAppName } from '../knowledge/connectors/zapier.js';
import { CODE_EXECUTION_MARKERS, MAKE_SINKS, N8N_CODE_PARAMS, N8N_SINKS, NODE_RED_SINKS, ZAPIER_SINKS, type SinkKind } from '../knowledge/sinks.js';
import { isUntrustedInput } from '../knowledge/untrustedInput.js';
import type { Flow, FlowNode } from '../model/index.js';
import { asObject } from '../walk.js';
import { analyzeTaint, coneOf, type DataflowModel, type TaintAnalysis } from './engine.js';
import { findMarker, templateBlocks, urlPathStart } from './expressions.js';
import { Budget, FlowGraph } from './graph.js';
import { describerMake } from './make.js';
import { describerN8n, n8nBaseType, n8nMayReferenceMatching } from './n8n.js';
import { describerNodeRed } from './nodeRed.js';
import type { NodeFlow } from './types.js';
import { describerWdl, wdlVariableOf } from './wdl.js';
import { describerZapier } from './zapier.js';

export type { AppliedCheck, TaintAnalysis } from './engine.js';
export type { Check, Hop, Leaf, NodeFlow, Reference, SignatureCheck, Sink, Taint } from './types.js';

/** Steps for reading references out of a flow's parameters (one per string, plus scanning). */
export const MODEL_BUDGET = 2_000_000;
/** Steps for one taint run (entries copied and looked up, reachability). */
export const TAINT_BUDGET = 3_000_000;
/** Flows with more nodes than this are not followed (a finding says so). */
export const MAX_NODES = 20_000;

export interface Dataflow {
  readonly model: DataflowModel;
  /** Data from inbound surfaces others control (webhooks, forms, chats, e-mail, queues), followed to `targets`. */
  untrusted(targets: readonly string[]): TaintAnalysis;
  /** Data from every node that brings data in (triggers and reads from services), followed to `targets`. */
  everySource(targets: readonly string[]): TaintAnalysis;
  /** The nodes whose outputs can reach `targets` (described, in document order). */
  cone(targets: readonly string[]): readonly NodeFlow[];
  /** Why reading the flow stopped early, if it did. */
  readonly incomplete?: string;
}

const dataflows = new WeakMap<Flow, { readonly dataflow: Dataflow; readonly budget: Budget }>();

/**
 * The flow's data-flow analysis, built once per parse and shared by the rules that follow data: the injection rule in
 * the file's review and the privacy rule in the cross-file review describe the same nodes. Each caller gets the full
 * step budget for what it adds; a model whose budget ran out (so some nodes are described only in part) is not shared,
 * the next caller gets a new one. Undefined for a flow with no nodes. The last rule to use it releases it
 * ({@link releaseDataflow}): a workspace keeps thousands of flows.
 */
export function dataflowOf(flow: Flow | undefined): Dataflow | undefined {
  if (!flow || !flow.nodes.length) return undefined;
  const cached = dataflows.get(flow);
  if (cached && !cached.budget.exhausted) {
    cached.budget.refill(MODEL_BUDGET);
    return cached.dataflow;
  }
  const budget = new Budget(MODEL_BUDGET);
  const dataflow = buildDataflow(flow, budget);
  dataflows.set(flow, { dataflow, budget });
  return dataflow;
}

/**
 * False when no string that the flow's describer reads for references passes `test`: then no reference's field can be
 * one that `test` accepts, provided `test` passes every string that holds such a field (a necessary look, cheaper than
 * describing the nodes). Answered for n8n workflows; true for the other platforms.
 */
export function mayReferenceMatching(flow: Flow, test: (text: string) => boolean): boolean {
  return flow.platform !== 'n8n' || n8nMayReferenceMatching(flow.nodes, test);
}

/** Drops the flow's data-flow analysis: the cross-file review calls it once it has what it needs from the flow. */
export function releaseDataflow(flow: Flow): void {
  dataflows.delete(flow);
}

/** The analysis a rule left for the next one to share, without building one; undefined once released. */
export function sharedDataflow(flow: Flow): Dataflow | undefined {
  return dataflows.get(flow)?.dataflow;
}

/**
 * The data-flow model of a flow. Nodes are described on first use, so a rule pays only for the part of the flow
 * upstream of what it checks. Never throws.
 */
function buildDataflow(flow: Flow, budget: Budget): Dataflow {
  const graph = new FlowGraph(flow, budget);
  let describer: (g: FlowGraph) => (node: Flow['nodes'][number]) => NodeFlow | undefined;
  switch (flow.platform) {
    case 'n8n':
      describer = describerN8n;
      break;
    case 'power-automate':
    case 'logic-apps':
      describer = describerWdl;
      break;
    case 'node-red':
      describer = describerNodeRed;
      break;
    case 'make':
      describer = describerMake;
      break;
    case 'zapier':
      describer = describerZapier;
      break;
  }
  const tooBig = flow.nodes.length > MAX_NODES;
  const describe = describer(graph);
  const described = new Map<string, NodeFlow | undefined>();
  const flowOf = (id: string): NodeFlow | undefined => {
    if (tooBig) return undefined;
    if (!described.has(id)) {
      const node = graph.byId.get(id);
      // n8n runs a disabled node as a step that passes its first input on unchanged (no checks, no sinks); elsewhere a
      // disabled node (Node-RED) stops the message. An n8n step no item reaches never runs (see FlowGraph.neverRuns).
      described.set(id, !node || graph.neverRuns(id) ? undefined : !node.disabled ? describe(node) : flow.platform === 'n8n' ? passThrough(node) : undefined);
    }
    return described.get(id);
  };
  const agentsOf = new Map<string, string[]>();
  for (const edge of flow.edges) {
    // A disabled agent passes its input on and calls none of its tools; a disabled tool is never called.
    if (edge.kind !== 'ai_tool' || !graph.byId.has(edge.to) || graph.byId.get(edge.to)!.disabled || graph.byId.get(edge.from)?.disabled) continue;
    addTo(agentsOf, edge.from, edge.to);
  }
  let setters: Map<string, string[]> | undefined;
  const model: DataflowModel = {
    graph,
    flowOf,
    agentsOf,
    setters(variable) {
      if (!setters) {
        setters = new Map();
        if (flow.platform === 'power-automate' || flow.platform === 'logic-apps') {
          for (const node of flow.nodes) {
            const name = wdlVariableOf(node);
            if (name !== undefined) addTo(setters, name, node.id);
          }
        }
      }
      return setters.get(variable) ?? [];
    },
  };
  const cones = new Map<string, readonly NodeFlow[]>();
  const cone = (targets: readonly string[]) => {
    const key = targets.join('\u0000');
    if (!cones.has(key)) cones.set(key, coneOf(model, targets, budget));
    return cones.get(key)!;
  };
  let untrusted: TaintAnalysis | undefined;
  let every: TaintAnalysis | undefined;
  return {
    model,
    get incomplete() {
      return tooBig ? `the flow has ${flow.nodes.length} nodes (more than ${MAX_NODES})` : budget.exhausted ? 'its parameters hold more expressions than the step budget allows' : undefined;
    },
    cone,
    untrusted: (targets) => {
      if (untrusted) return untrusted;
      const selfCalled = selfCalledTriggers(flow);
      return (untrusted = analyzeTaint(model, (f) => isUntrustedInput(f.node, flow.platform) || selfCalled.has(f.node.id), new Budget(TAINT_BUDGET), targets));
    },
    everySource: (targets) => (every ??= analyzeTaint(model, (f) => bringsData(f), new Budget(TAINT_BUDGET), targets)),
  };
}

/** A disabled n8n node: it passes its input on and does nothing else. */
function passThrough(node: FlowNode): NodeFlow {
  return { node, passesInput: true, writes: [], checks: [], sinks: () => [], leaves: [] };
}

/** Roles whose output is the service's data (records, messages, files), not a transformation of the input. */
const DATA_ROLES = new Set(['trigger-webhook', 'trigger-event', 'trigger-schedule', 'http-request', 'database', 'file', 'email', 'messaging', 'storage', 'other']);

function bringsData(f: NodeFlow): boolean {
  return f.node.role.startsWith('trigger-') || (DATA_ROLES.has(f.node.role) && !f.passesInput);
}

const WDL_SINK_TYPES = new Set(['http', 'httpwebhook', 'javascriptcode', 'inlinecode', 'csharpscriptcode', 'powershellcode']);
const NODE_RED_OTHER_SINKS = new Set(['exec', 'function', 'sqlite']);

/**
 * A cheap look at the node types before the model is built: true when the flow has an untrusted input and a node that
 * can be a sink. Most flows have neither, and the injection rule then costs nothing more.
 */
export function mayHaveInjection(flow: Flow): boolean {
  // The inputs first: a look at each node's type, where finding the sinks reads every code node's code.
  return flow.nodes.some((n) => !n.disabled && isUntrustedInput(n, flow.platform)) && sinkCandidates(flow).length > 0;
}

/**
 * A code node is a sink only where its code runs other code (`eval(`, `child_process`, `subprocess.`: see
 * {@link CODE_EXECUTION_MARKERS}): a look for a marker before the node is described, which reads all its code for
 * references. Code held in a structure (not a plain string) is described as before.
 */
function mayRunCode(node: Flow['nodes'][number], codeParams: readonly string[]): boolean {
  const params = asObject(node.parameters);
  if (!params) return false;
  return codeParams.some((name) => {
    const code = params[name];
    return typeof code === 'string' ? findMarker(code, CODE_EXECUTION_MARKERS) !== undefined : code !== null && typeof code === 'object';
  });
}

/**
 * True when an n8n sink parameter can receive a reference where it matters (the model reads a sink only from a string
 * parameter holding an expression, and a URL's references only before its path): a literal, or a URL whose scheme and
 * host are written out (`https://api.example.com/items/{{ $json.id }}`), cannot. Most HTTP Request nodes call a fixed
 * host, and a flow whose only sinks are those needs no taint analysis.
 */
function mayReachN8nSink(value: unknown, kind: SinkKind): boolean {
  if (typeof value !== 'string') return false;
  const expression = value.charCodeAt(0) === 61; // =
  if (!expression && !value.includes('{{')) return false;
  if (kind !== 'url') return true;
  const spans = templateBlocks(value).map((b) => ({ start: b.outerStart, end: b.outerEnd }));
  const hostEnd = urlPathStart(value, spans, expression ? 1 : 0);
  return spans.some((span) => span.start < hostEnd);
}

/** n8n nodes that call a workflow: the AI tool and the Execute Workflow node. */
const WORKFLOW_CALLERS = new Set(['toolWorkflow', 'executeWorkflow']);

/**
 * n8n: the "Execute Workflow Trigger" nodes of a workflow that calls itself (`workflowId` `{{ $workflow.id }}`) from a
 * tool or Execute Workflow node that untrusted input drives — an MCP server's tool, an agent's tool behind a public
 * chat or webhook. What the caller passes (`$fromAI(…)` values an outside model chose) arrives at the trigger: a source.
 * Maps each such trigger to the calling nodes that untrusted input drives (in document order).
 */
export function selfCalledTriggers(flow: Flow): Map<string, readonly Flow['nodes'][number][]> {
  const out = new Map<string, readonly Flow['nodes'][number][]>();
  if (flow.platform !== 'n8n') return out;
  const callers = flow.nodes.filter((n) => !n.disabled && WORKFLOW_CALLERS.has(n8nBaseType(n.type)) && callsItself(n));
  const triggers = flow.nodes.filter((n) => !n.disabled && n8nBaseType(n.type) === 'executeWorkflowTrigger');
  if (!callers.length || !triggers.length) return out;
  // What untrusted inputs reach along any edge (a tool's ai_tool edge goes from the tool to the agent or MCP server), but
  // a main edge that carries nothing (a disabled IF's false branch: FlowGraph.carries).
  const byId = new Map<string, FlowNode>();
  for (const n of flow.nodes) if (!byId.has(n.id)) byId.set(n.id, n);
  const next = new Map<string, string[]>();
  for (const e of flow.edges) if (!isDataEdge(flow.platform, e) || carriesData(flow.platform, byId, e)) addTo(next, e.from, e.to);
  const reached = new Set(flow.nodes.filter((n) => !n.disabled && isUntrustedInput(n, flow.platform)).map((n) => n.id));
  const queue = [...reached];
  for (let i = 0; i < queue.length && i < MAX_NODES; i++) {
    for (const to of next.get(queue[i]) ?? []) {
      if (reached.has(to)) continue;
      reached.add(to);
      queue.push(to);
    }
  }
  // A disabled agent or MCP server calls none of its tools.
  const driven = callers.filter((c) => reached.has(c.id) || flow.edges.some((e) => e.from === c.id && e.kind === 'ai_tool' && reached.has(e.to) && !byId.get(e.to)?.disabled));
  if (driven.length) for (const t of triggers) out.set(t.id, driven);
  return out;
}

/** True when a workflow-calling node's `workflowId` is this workflow (`{{ $workflow.id }}`). */
function callsItself(node: Flow['nodes'][number]): boolean {
  const id = (node.parameters as Record<string, unknown> | undefined)?.workflowId;
  const value = typeof id === 'string' ? id : typeof id === 'object' && id !== null ? (id as Record<string, unknown>).value : undefined;
  return typeof value === 'string' && /\$workflow\.id\b/.test(value);
}

const candidatesOf = new WeakMap<Flow, readonly string[]>();

/** Nodes that may be sinks, by their type (their parameters decide later). Computed once per parse. */
export function sinkCandidates(flow: Flow): readonly string[] {
  let ids = candidatesOf.get(flow);
  if (!ids) candidatesOf.set(flow, (ids = [...new Set(flow.nodes.filter((n) => !n.disabled && isSinkCandidate(flow.platform, n)).map((n) => n.id))]));
  return ids;
}

function isSinkCandidate(platform: Flow['platform'], node: Flow['nodes'][number]): boolean {
  switch (platform) {
    case 'n8n': {
      const short = n8nBaseType(node.type);
      if (short === 'toolHttpRequest') return true; // an agent fills in its `{placeholders}`
      const specs = N8N_SINKS[short];
      if (specs) return specs.some((spec) => mayReachN8nSink(asObject(node.parameters)?.[spec.param], spec.kind));
      const codeParams = N8N_CODE_PARAMS[short];
      return codeParams !== undefined && mayRunCode(node, codeParams);
    }
    case 'power-automate':
    case 'logic-apps':
      return WDL_SINK_TYPES.has(node.type.toLowerCase()) || node.role === 'database' || node.role === 'file';
    case 'node-red':
      return node.type in NODE_RED_SINKS || NODE_RED_OTHER_SINKS.has(node.type);
    case 'make':
      return makeApp(node.type) in MAKE_SINKS || node.role === 'code';
    case 'zapier': {
      const app = zapierAppName(node.type.split(':')[0]);
      return app in ZAPIER_SINKS || app === 'Code';
    }
  }
}
