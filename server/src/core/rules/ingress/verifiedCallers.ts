// Whether an n8n webhook's callers are authenticated by a signature the flow verifies: every way from the webhook to
// what the flow does passes a step that compares an HMAC of the whole request, keyed with a secret that holds no input,
// with a header of that request, and lets only matching requests on (code that throws, or an IF's match branch after a
// Crypto node). The data-flow model finds those checks (the injection rule reads the same ones); this only asks it for
// flows that would otherwise be reported, so most flows never build it.
import { Budget } from '../../dataflow/graph.js';
import { analyzeTaint } from '../../dataflow/engine.js';
import { dataflowOf, selfCalledTriggers, TAINT_BUDGET, type Dataflow, type NodeFlow, type TaintAnalysis } from '../../dataflow/index.js';
import { n8nBaseType } from '../../dataflow/n8n.js';
import { isUntrustedInput } from '../../knowledge/untrustedInput.js';
import type { Flow, FlowNode } from '../../model/index.js';
import { asObject } from '../../walk.js';
import { verifiedOutputs } from '../flowShape.js';
import type { RuleContext } from '../types.js';

/** A step that verifies the webhook's signature, and the outputs by which only verified items leave it (undefined: all). */
export interface SignatureVerifier {
  readonly node: FlowNode;
  readonly header: string;
  readonly outputs: readonly number[] | undefined;
}

/**
 * n8n steps that act on nothing but the items they pass on (or answer the caller), and leave the request's binary data
 * (its raw body, which a Crypto node signs) as it came: reached before the check, they do nothing a forged request could
 * use. Code is not among them (it can call out), unless it is the check itself; nor steps that write binary data or
 * combine items (Convert to File, Move Binary Data, Merge, Aggregate), after which a Crypto HMAC may sign something else.
 */
const ITEMS_ONLY = new Set(['crypto', 'set', 'if', 'filter', 'switch', 'noOp', 'respondToWebhook', 'stickyNote', 'dateTime', 'renameKeys']);
const CODE_TYPES_LIST = ['code', 'function', 'functionItem'];
const CODE_TYPES: ReadonlySet<string> = new Set(CODE_TYPES_LIST);

/** Steps walked from the webhook at most. */
const WALK_BUDGET = 200_000;

/**
 * The signature check that every way from the n8n webhook `trigger` to what the flow does passes, or undefined. Cheap
 * for a flow with no Crypto HMAC step and no code that calls `createHmac` (most flows): the data-flow model is built only
 * when one is there.
 */
export function signatureVerifier(context: RuleContext, trigger: FlowNode): SignatureVerifier | undefined {
  const flow = context.flow;
  const checks = flow && flow.platform === 'n8n' ? signatureChecks(flow) : undefined;
  if (!flow || !checks) return undefined;
  const { dataflow, candidates, analysis } = checks;
  const { graph } = dataflow.model;
  const budget = new Budget(WALK_BUDGET);
  // Checks on the webhook's way: the nodes it reaches that hold a signature check.
  const reached = new Set([trigger.id]);
  const queue = [trigger.id];
  for (let i = 0; i < queue.length && budget.spend(); i++) {
    for (const next of graph.succs(queue[i])) {
      if (reached.has(next)) continue;
      reached.add(next);
      queue.push(next);
    }
  }
  if (budget.exhausted) return undefined;
  const verifiers = new Map<string, SignatureVerifier>();
  for (const f of candidates) {
    if (!reached.has(f.node.id)) continue;
    for (const sig of f.signatures!) {
      const outputs = verifiedOutputs(context, f.node, sig);
      if (outputs === null) continue;
      const ofRequest = analysis.resolve(f.node.id, sig.headerRef, sig.pointer).some((t) => t.source === trigger.id && t.field.toLowerCase() === `headers.${sig.header}`);
      if (ofRequest && sig.keyRefs.every((r) => !analysis.resolve(f.node.id, r, sig.pointer).length)) {
        verifiers.set(f.node.id, { node: f.node, header: sig.header, outputs });
        break;
      }
    }
  }
  if (!verifiers.size) return undefined;
  // Every node a request reaches without passing a check must act on nothing but its items (or answer the caller).
  const unverified = new Set([trigger.id]);
  const walk = [trigger.id];
  let used: SignatureVerifier | undefined;
  for (let i = 0; i < walk.length; i++) {
    const id = walk[i];
    const verifier = verifiers.get(id);
    if (verifier) used ??= verifier;
    for (const edge of graph.edgesFrom(id)) {
      if (!budget.spend()) return undefined;
      if (!graph.carries(edge) || unverified.has(edge.to)) continue; // a disabled n8n IF's false branch carries nothing
      // Only the outputs a check lets matching requests through are cut; an edge with no output number is a way around.
      if (verifier && (verifier.outputs === undefined || (edge.output !== undefined && verifier.outputs.includes(edge.output)))) continue;
      const node = graph.byId.get(edge.to);
      if (!node || (!node.disabled && !verifiers.has(node.id) && !ITEMS_ONLY.has(n8nBaseType(node.type)))) return undefined;
      unverified.add(edge.to);
      walk.push(edge.to);
    }
  }
  return used;
}

/** The code a code node runs (its string parameters). */
function codeOf(node: FlowNode): string[] {
  return Object.values(asObject(node.parameters) ?? {}).filter((v): v is string => typeof v === 'string');
}

/** A flow's signature checks and the taint analysis that says what they compare, or null: found once per flow, for all its webhooks. */
interface SignatureChecks {
  readonly dataflow: Dataflow;
  readonly candidates: readonly NodeFlow[];
  readonly analysis: TaintAnalysis;
}
const checksOfFlow = new WeakMap<Flow, SignatureChecks | null>();

/**
 * The signature checks of an n8n flow (code that calls `createHmac`, an IF/Filter/Switch after a Crypto HMAC), with one
 * taint analysis for them all (the header must be the request's, the key hold nothing anyone sends, as the injection
 * rule asks); null when there are none or the analysis gave up. Found once per flow: a flow of many webhooks asks for
 * each. The data-flow model is built only for a flow with a Crypto HMAC step or code that calls `createHmac`.
 */
function signatureChecks(flow: Flow): SignatureChecks | null {
  let found = checksOfFlow.get(flow);
  if (found === undefined) {
    found = null;
    const dataflow = flow.nodes.some(mayVerify) ? dataflowOf(flow) : undefined;
    if (dataflow && !dataflow.incomplete) {
      const candidates = flow.nodes.filter((n) => !n.disabled && CHECK_TYPES.has(n8nBaseType(n.type))).map((n) => dataflow.model.flowOf(n.id)).filter((f): f is NodeFlow => !!f?.signatures?.length);
      if (candidates.length) {
        const selfCalled = selfCalledTriggers(flow);
        const analysis = analyzeTaint(dataflow.model, (f) => isUntrustedInput(f.node, flow.platform) || selfCalled.has(f.node.id), new Budget(TAINT_BUDGET), candidates.map((f) => f.node.id));
        if (!analysis.incomplete) found = { dataflow, candidates, analysis };
      }
    }
    checksOfFlow.set(flow, found);
  }
  return found;
}

/** n8n steps that may hold a signature check: code, and the conditions that compare a Crypto node's HMAC. */
const CHECK_TYPES = new Set([...CODE_TYPES_LIST, 'if', 'filter', 'switch']);

/** A Crypto node that computes an HMAC, or code that calls `createHmac`: a look before the data-flow model is built. */
function mayVerify(node: FlowNode): boolean {
  if (node.disabled) return false;
  const type = n8nBaseType(node.type);
  if (type === 'crypto') return asObject(node.parameters)?.action === 'hmac';
  return CODE_TYPES.has(type) && codeOf(node).some((code) => code.includes('createHmac'));
}
