import { chainRelated, fieldLabel, nodeAnchor, viaText } from '../../dataflow/chain.js';
import { Budget, reachesAvoiding, type FlowGraph } from '../../dataflow/graph.js';
import { dataflowOf, mayHaveInjection, selfCalledTriggers, sinkCandidates, type AppliedCheck, type NodeFlow, type Reference, type SignatureCheck, type Sink, type Taint, type TaintAnalysis } from '../../dataflow/index.js';
import type { FlowNode } from '../../model/index.js';
import { isProviderWritten } from '../../knowledge/providerWrittenFields.js';
import { checkNeutralises, SINKS, type CheckOp, type SinkKind } from '../../knowledge/sinks.js';
import { collectsFormAnswers, deliversPublishedMessages, isVendorField } from '../../knowledge/untrustedInput.js';
import { describeNode, FLOW_FORMATS } from '../flowRules.js';
import { verifiedOutputs } from '../flowShape.js';
import type { Rule, RuleContext } from '../types.js';

/** What a check that does not stop the attack on a sink of `kind` does, for the message; undefined for one that does. */
function weakText(op: CheckOp, kind: SinkKind): string | undefined {
  if (checkNeutralises(op, kind)) return undefined;
  switch (op) {
    case 'presence':
      return 'only checks that it is there';
    case 'prefix':
      return kind === 'url' ? 'only checks how it starts, and that start does not fix the host (end an allowed base URL with "/": https://api.example.com lets https://api.example.com.evil.net through)' : 'only checks how it starts';
    case 'base-url':
      return 'only checks how it starts';
    case 'host':
      return 'only checks that it is a host name, and any host passes';
    case 'type':
      return 'only checks its type, and as a host one number names any IPv4 address (http://2852039166/ is 169.254.169.254)';
    case 'partial-pattern':
      return kind === 'url'
        ? 'checks it with a pattern that does not fix the host (start it with ^ and the allowed base URL, dots escaped and the host ended by "/")'
        : 'checks it with a pattern that does not cover the whole value (anchor it with ^ and $)';
    case 'loose-pattern':
      return kind === 'url'
        ? 'checks it with a pattern that lets any host through (.*, [^…] and \\S match any character; start it with ^ and the allowed base URL, the host ended by "/")'
        : 'checks it with a pattern that lets any character through (.*, [^…] and \\S match quotes, ";" and spaces too; allow only the characters the value needs)';
    case 'other':
      return 'checks it in a way that does not restrict its characters';
    default:
      return undefined;
  }
}

/** `injection/unvalidated-input-to-sink`: data from an inbound trigger reaches a query, command, code, path or URL host unchecked. */
export const unvalidatedInputToSink: Rule = {
  id: 'injection/unvalidated-input-to-sink',
  defaultSeverity: 'error',
  appliesTo: FLOW_FORMATS,
  threats: ['T', 'I', 'E'],
  cwe: 'CWE-74',
  securitySeverity: 8.8,
  docs: {
    summary: 'Data from a webhook, form, chat, e-mail or queue reaches a SQL query, shell command, evaluated code, file path or the host of an outbound request without a validation step on the path.',
    rationale: 'Whoever can send to the trigger controls that data: written into a query, a command or a URL host it becomes SQL injection, command injection or server-side request forgery, chained across nodes where no single node looks wrong.',
    remediation: 'Pass values as parameters (query parameters, command arguments the node quotes), keep URL hosts and file folders fixed, or add a validation step before the sink that restricts the value (IF/Switch/Filter with an equality, type or pattern check; a schema with types and patterns; code that throws on bad input).',
  },
  check(context) {
    const flow = context.flow;
    if (!flow || !mayHaveInjection(flow)) return;
    const dataflow = dataflowOf(flow);
    if (!dataflow) return;
    const candidates = sinkCandidates(flow).filter((id) => dataflow.model.flowOf(id)?.sinks().length);
    const analysis = dataflow.untrusted(candidates);
    const signed = signedBy(context, dataflow.cone(candidates), dataflow.model.graph, analysis);
    for (const id of candidates) {
      const holds = holdsOnError(context, dataflow.model.graph);
    for (const sink of dataflow.model.flowOf(id)!.sinks()) reportSink(context, dataflow.model.graph.byId, id, sink, analysis, signed, holds);
    }
    const incomplete = dataflow.incomplete ?? analysis.incomplete;
    if (incomplete) {
      context.report({
        pointer: '',
        at: { range: { start: 0, end: 0 } },
        severity: 'info',
        message: `The data-flow review gave up on this flow (${incomplete}); chains from its triggers past that point were not followed. Review its SQL, command, file and URL parameters by hand.`,
      });
    }
  },
};

interface Hit {
  readonly taint: Taint;
  readonly ref: Reference;
  readonly weak: readonly { op: CheckOp; node: string }[];
  /** A node whose check would stop the attack, but which carries on after an error (the rejected item goes on). */
  readonly carriesOn?: string;
}

/**
 * Whether a taint is a field its provider writes itself, in a request whose HMAC signature a step verified on every
 * path from the request to the sink: the step compares its HMAC with the provider's signature header of that very
 * request ({@link isProviderWritten}), with a key that holds no input, and throws when they differ (code), or passes the
 * request on only by the outputs of a match (an IF after a Crypto node: no path reaches the sink through its false
 * branch). Only such fields are exempt: what people write in the same request (a Slack command's text) stays input.
 * Code that throws verifies nothing when its node carries on after an error (n8n `continueOnFail`, `onError:
 * continueRegularOutput`: the rejected item goes on), and only by its regular output with `onError: continueErrorOutput`.
 */
type Signed = (taint: Taint, sink: string) => boolean;

function signedBy(context: RuleContext, cone: readonly NodeFlow[], graph: FlowGraph, analysis: TaintAnalysis): Signed {
  // The outputs by which only verified items leave (undefined: all), or null when the rejected ones go on too.
  const verifiedBy = (f: NodeFlow, sig: SignatureCheck): readonly number[] | undefined | null => verifiedOutputs(context, f.node, sig);
  const verifiers = cone.filter((f) => f.signatures?.length);
  if (!verifiers.length) return () => false;
  const budget = new Budget(200_000);
  const platform = graph.flow.platform;
  return (taint, sink) =>
    verifiers.some((f) =>
      f.node.id !== sink &&
      f.signatures!.some(
        (sig) =>
          verifiedBy(f, sig) !== null &&
          isProviderWritten(sig.header, requestField(platform, taint.field)) &&
          analysis.resolve(f.node.id, sig.headerRef, sig.pointer).some((t) => t.source === taint.source && requestField(platform, t.field).toLowerCase() === `headers.${sig.header}`) &&
          sig.keyRefs.every((r) => !analysis.resolve(f.node.id, r, sig.pointer).length) &&
          graph.reaches(taint.source, f.node.id, budget) &&
          graph.reaches(f.node.id, sink, budget) &&
          !reachesAvoiding(graph, taint.source, sink, f.node.id, verifiedBy(f, sig) ?? undefined, budget),
      ),
    );
}

/**
 * A field of a request as an n8n webhook lays it out (`body.…`, `headers.…`), as the provider catalogue lists them: a
 * Node-RED `http in` puts the parsed body in `msg.payload` (and `msg.req.body`) and the headers in `msg.req.headers`.
 */
function requestField(platform: FlowGraph['flow']['platform'], field: string): string {
  if (platform !== 'node-red') return field;
  for (const [from, to] of [['payload', 'body'], ['req.body', 'body'], ['req.headers', 'headers']]) {
    if (field === from || field.startsWith(`${from}.`)) return to + field.slice(from.length);
  }
  return `msg.${field}`;
}

/**
 * Whether a check still holds for a taint on its way to `sink` when its node fails: code that throws checks nothing when
 * its node carries on after an error (n8n `continueOnFail`, `onError: continueRegularOutput`: the rejected item goes on,
 * and `$('Webhook').item` still reads the request), and only by its regular output with `onError: continueErrorOutput`.
 */
type Holds = (c: AppliedCheck, taint: Taint, sink: string) => boolean;

function holdsOnError(context: RuleContext, graph: FlowGraph): Holds {
  const budget = new Budget(200_000);
  return (c, taint, sink) => {
    const node = graph.byId.get(c.node);
    if (!node || c.check.outputs !== undefined || c.node === sink) return true;
    const outputs = verifiedOutputs(context, node, c.check);
    if (outputs === null) return false;
    return outputs === undefined || !reachesAvoiding(graph, taint.source, sink, c.node, outputs, budget);
  };
}

function reportSink(context: RuleContext, byId: ReadonlyMap<string, FlowNode>, nodeId: string, sink: Sink, analysis: TaintAnalysis, signed: Signed, holds: Holds): void {
  const flow = context.flow!;
  const hits: Hit[] = [];
  for (const ref of sink.refs) {
    if (sink.hostEnd !== undefined && ref.start >= sink.hostEnd) continue;
    // In the port of a literal host, a number (converted, or checked as one) picks a port on that host, not the host.
    const inPort = sink.portStart !== undefined && ref.start >= sink.portStart;
    for (const taint of analysis.resolve(nodeId, ref, sink.pointer)) {
      // A value put into the path of a fixed-host URL on the way cannot choose where a request goes.
      if (sink.kind === 'url' && taint.confined) continue;
      // A number (`parseInt(x, 10)`) holds no quote, operator or path; as a whole host it can still name any IPv4
      // address (`http://2852039166/` is 169.254.169.254).
      if (taint.numeric && (sink.kind !== 'url' || inPort)) continue;
      // Ids, links and timestamps an app's connector fills in are not written by the app's users; a queue's or socket's
      // message is written whole by its publisher, and a form's answers by whoever fills it in (keyed by question titles
      // such as "Company website URL").
      const from = byId.get(taint.source);
      if (from?.role === 'trigger-event' && !deliversPublishedMessages(from) && !collectsFormAnswers(from) && isVendorField(taint.field)) continue;
      // A field a provider writes itself (Slack's response_url), in a request whose signature was verified on the way.
      if (signed(taint, nodeId)) continue;
      const applied = analysis.checksOn(taint, nodeId);
      const checks = applied.filter((c) => holds(c, taint, nodeId));
      if (checks.some((c) => checkNeutralises(c.check.op, sink.kind) || (inPort && c.check.op === 'type'))) continue;
      const failing = applied.find((c) => !checks.includes(c) && checkNeutralises(c.check.op, sink.kind));
      hits.push({ taint, ref, weak: checks.map((c) => ({ op: c.check.op, node: c.node })), carriesOn: failing?.node });
    }
  }
  if (!hits.length) return;
  const [first] = hits;
  const node = byId.get(nodeId)!;
  const source = byId.get(first.taint.source);
  const info = SINKS[sink.kind];
  const via = viaText(byId, first.taint, nodeId);
  const byAgent = first.ref.kind === 'agent' ? ' (an AI agent writes it from that input)' : '';
  const weak = first.weak.find((w) => weakText(w.op, sink.kind));
  const weakNode = weak && byId.get(weak.node);
  const carriesOnNode = first.carriesOn !== undefined ? byId.get(first.carriesOn) : undefined;
  // One reference may carry several fields of its source (code that reads its whole input): all are named, as any of
  // them may be the one that ends up in the sink; the whole input only when no field is known.
  const same = (h: Hit) => h.ref === first.ref && h.taint.source === first.taint.source;
  const carried = new Set(hits.filter(same).map((h) => h.taint.field));
  if (carried.size > 1) carried.delete('');
  // A field inside another one named is the same value (a cycle of Set steps nests `v` in `v.inner`): the outer one says it.
  const fields = [...carried].filter((f) => ![...carried].some((g) => g !== f && f.startsWith(`${g}.`))).map(fieldLabel);
  const others = new Set(hits.filter((h) => !same(h)).map((h) => `${h.taint.source}\u0000${h.taint.field}`));
  for (const h of hits) if (same(h)) others.delete(`${h.taint.source}\u0000${h.taint.field}`);
  const verb = sink.kind === 'url' ? 'comes from' : 'is built from';
  // The workflow calls itself as a tool (an MCP server's, an agent's): whoever drives that tool writes what arrives.
  // Every such tool is named: which of them sends the value on to this sink is decided at run time (a Switch on its inputs).
  const callers = source && flow.platform === 'n8n' && source.type.endsWith('.executeWorkflowTrigger') ? selfCalledTriggers(flow).get(source.id) ?? [] : [];
  const calledBy = callers.length
    ? ` (this workflow calls itself through ${orList(callers.map((c) => `"${c.name}"`), 'tools')}, which untrusted input drives)`
    : '';
  // Whoever chooses the host of a request that carries the node's credential receives the credential too.
  const credential = sink.kind === 'url' && node.credentialRefs.length ? ' The request carries the node\'s credential, so whoever chooses the host receives it too.' : '';
  const message = [
    `${capitalise(info.attack)}: ${info.what} of "${node.name}" ${verb} ${orList(fields, 'fields')} of ${source ? describeNode(source) : 'an inbound trigger'}${calledBy}${via ? `, via ${via}` : ''}${byAgent}${sink.detail ? `; ${sink.detail}` : ''}, with no validation step on the way.`,
    credential,
    weakNode ? ` "${weakNode.name}" ${weakText(weak!.op, sink.kind)}.` : '',
    carriesOnNode ? ` "${carriesOnNode.name}" checks it, but carries on after an error (its On Error setting, or Continue On Fail), so a rejected item goes on: set On Error to Stop Workflow, or send errors to the error output and leave it unconnected to this step.` : '',
    others.size ? ` ${others.size} more untrusted value${others.size > 1 ? 's reach' : ' reaches'} it.` : '',
    ` ${byAgent ? AGENT_FIX : info.fix}`,
  ].join('');
  const implicit = sink.at && sink.at.start === sink.at.end;
  const at = implicit ? 'key' as const : sink.at ?? (first.ref.end > first.ref.start ? { start: first.ref.start, end: first.ref.end } : undefined);
  context.report({
    pointer: sink.pointer,
    at,
    message,
    related: [
      ...callers.map((caller) => ({ ...nodeAnchor(caller, flow.platform), message: `"${caller.name}" calls this workflow with values its caller chose` })),
      ...chainRelated(flow.platform, byId, first.taint, { node: nodeId, pointer: sink.pointer, at, message: `it reaches ${info.what} of "${node.name}" here (${info.cwe})` }),
    ],
  });
}

/** When an AI agent writes the value, quoting or a pattern check is not the fix: the tool should not take free text. */
const AGENT_FIX = 'Do not let the agent write the whole query, command, path or URL: give the tool a fixed one with parameters the agent fills in (narrow operations), or check the value before it is used.';

/** `a`, `a or b`, `a, b or c`; beyond three, the rest are counted (`a, b or 3 more fields`). */
function orList(items: readonly string[], noun: string): string {
  if (items.length > 3) return `${items.slice(0, 2).join(', ')} or ${items.length - 2} more ${noun}`;
  return items.length === 1 ? items[0] : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
