// Whether a value built on the way to a third party still holds a source field's text. The data-flow engine marks a
// value built from a field (`Taint.derived`) without saying how: a prompt or message that a Set, Compose or template
// step fills in, or that code puts together with a template literal or `+`, holds the field as written; a value computed
// from it (a length, a comparison, a count, what an AI model answered) does not. This reads the steps of the chain
// again to tell the two apart.
//
// This file walks the chain (embedsSource) and reads each kind of step: template text, code (codeNames.ts) and an n8n
// Set step's JSON text. operands.ts tells whether a reference is put into text as written; computedAtSink.ts what the
// sending node computes from a value; jsText.ts holds the scanning primitives they share.
import { MAX_HOPS } from '../../dataflow/engine.js';
import { isFieldPrefix, templateBlocks } from '../../dataflow/expressions.js';
import { readPlaces } from '../../dataflow/nodeRedCode.js';
import type { Dataflow, NodeFlow, Reference, Taint, TaintAnalysis } from '../../dataflow/index.js';
import { N8N_CODE_TYPES } from '../../knowledge/nodeProvenance.js';
import type { FlowNode, Platform } from '../../model/index.js';
import { assignedName, embeddedInCode, namedAndRead } from './codeNames.js';
import { prevNonSpace } from './jsText.js';
import { blockAround, operandEmbedded } from './operands.js';

/** How a step builds what it writes: fills values into text (`template`), runs code (`code`); other steps compute. */
type StepKind = 'template' | 'code';

/** Make modules that fill values into text: Set variable(s), Compose a string, Text aggregator. */
const MAKE_TEMPLATE_TYPES = new Set(['util:SetVariable2', 'util:SetVariables', 'util:ComposeTransformer', 'util:TextAggregator']);
/** Workflow Definition Language actions that fill values into text (their inputs are their output). */
const WDL_TEMPLATE_TYPES = new Set(['compose', 'setvariable', 'appendtostringvariable', 'appendtoarrayvariable', 'initializevariable', 'parsejson', 'select']);
/**
 * Parameters of n8n code nodes ({@link N8N_CODE_TYPES}) that hold JavaScript, which is read (`code` is the LangChain Code
 * node's `code.execute.code`): a Code node's `pythonCode`, and code in a node set to Python or in the Python Function
 * node, are not.
 */
const N8N_JS_CODE_PARAMS = new Set(['jsCode', 'functionCode', 'code']);

/** How the step `node` builds what it writes into its parameter `param` (the first segment of the leaf's path). */
function stepKind(node: FlowNode, platform: Platform, param: string | undefined): StepKind | undefined {
  switch (platform) {
    case 'n8n': {
      const short = node.type.slice(node.type.lastIndexOf('.') + 1);
      if (short === 'set') return 'template';
      const params = node.parameters as Record<string, unknown> | undefined;
      const python = short === 'pythonFunction' || params?.language === 'python' || params?.language === 'pythonNative';
      return N8N_CODE_TYPES.has(short) && !python && param !== undefined && N8N_JS_CODE_PARAMS.has(param) ? 'code' : undefined;
    }
    case 'power-automate':
    case 'logic-apps':
      return WDL_TEMPLATE_TYPES.has(node.type.toLowerCase()) ? 'template' : undefined;
    case 'make':
      return MAKE_TEMPLATE_TYPES.has(node.type) ? 'template' : undefined;
    case 'node-red':
      return node.type === 'template' ? 'template' : node.type === 'function' && param === 'func' ? 'code' : undefined;
    default:
      return undefined;
  }
}

/**
 * True when every step that built the value `taint` arrives in (from its source to the reference `sinkRef` of the
 * sending node) put the source field's text into it as written: filled into text by a template step, or by code
 * into a template literal or a `+` with text whose result is the field read next. False when any step computed from it
 * (an AI model, code that does more, an expression around the value), or when the chain cannot be read again.
 * `replaced`: the keys the sender writes after spreading `sinkRef` (`{ ...$json, data: 'x' }`), which it does not send
 * as they came.
 */
export function embedsSource(dataflow: Dataflow, analysis: TaintAnalysis, taint: Taint, sinkRef: Reference, replaced?: ReadonlySet<string>): boolean {
  const { hops } = taint;
  // A chain cut at its longest does not end at the sender: what happened after the cut is unknown.
  if (!hops.length || hops.length >= MAX_HOPS) return false;
  const { model } = dataflow;
  const platform = model.graph.flow.platform;
  const same = (t: Taint) => t.source === taint.source && t.field === taint.field;
  /**
   * What the step at hop `i` sends to the next one: what it sends on the outputs wired to it, when it sends something
   * else on each (a Node-RED function's `return [msg, log]`); else what all its outputs send.
   */
  const sentAt = (i: number, f: NodeFlow): Pick<NodeFlow, 'passesInput' | 'writes'> => {
    const wired = wiredAt(i, f);
    if (!wired) return f;
    const ports = wired.map((output) => f.ports![output]);
    return { passesInput: ports.some((p) => p.passesInput), writes: ports.flatMap((p) => p.writes) };
  };
  /** The outputs (from 0) of the step at hop `i` wired to the next step, when it sends something else on each. */
  const wiredAt = (i: number, f: NodeFlow): number[] | undefined => {
    const next = hops[i + 1]?.node;
    if (!f.ports || next === undefined) return undefined;
    const edges = model.graph.edgesFrom(f.node.id).filter((e) => e.to === next && model.graph.carries(e));
    if (!edges.length || edges.some((e) => e.output === undefined || e.output >= f.ports!.length)) return undefined;
    return edges.map((e) => e.output!);
  };
  /** The references of the step at hop `i` that carried the value, with the step; undefined when it passed its input on. */
  const carriersAt = (i: number): { f: NodeFlow; refs: Reference[]; all: readonly Reference[]; anywhere: ReadonlySet<Reference> } | undefined | false => {
    const hop = hops[i];
    const f = model.flowOf(hop.node);
    if (!f) return false;
    const sent = sentAt(i, f);
    const writes = sent.writes.filter((w) => w.pointer === hop.pointer);
    if (!writes.length) return sent.passesInput && hop.pointer === f.node.pointer ? undefined : false;
    const all = writes.flatMap((w) => w.refs);
    // Written at `''`: the step does not say in which field the value is (Node-RED code built in a way its reader does not follow).
    const anywhere = new Set(writes.filter((w) => w.at === '').flatMap((w) => w.refs));
    return { f, refs: all.filter((r) => analysis.resolve(hop.node, r, hop.pointer).some(same)), all, anywhere };
  };
  /** Where the step at hop `i` writes the value (dotted). */
  const writesAt = (i: number): string[] => {
    const f = model.flowOf(hops[i].node);
    return f ? sentAt(i, f).writes.filter((w) => w.pointer === hops[i].pointer && w.at).map((w) => w.at) : [];
  };
  /** The fields by which the value is read after hop `i`: at the next step that does more than pass it on. */
  const readAfter = (i: number): string[] => readerAfter(i).fields;
  /** The same, and whether that step is the sender. */
  const readerAfter = (i: number): { fields: string[]; sender: boolean } => {
    for (let j = i + 1; j < hops.length; j++) {
      if (j === hops.length - 1) return { fields: [sinkRef.field], sender: true };
      const at = carriersAt(j);
      if (at === false) return { fields: [], sender: false };
      if (at) return { fields: at.refs.map((r) => r.field), sender: false };
    }
    return { fields: [], sender: false };
  };
  /**
   * Node-RED: the names by which the step at hop `i` sends the reference `carried` on the outputs wired to the next step,
   * below the field read there (`prompt` when `payload.prompt` holds it and `payload` is read; `payload` when
   * `payload` holds it); `read` where the code does not say in which field (a write at `''`).
   */
  const namesSent = (i: number, carried: Reference, read: () => string[]): string[] => {
    const f = model.flowOf(hops[i].node);
    if (!f) return [];
    const fields = readAfter(i);
    const holding = sentAt(i, f).writes.filter((w) => w.pointer === hops[i].pointer && w.refs.includes(carried));
    return holding.flatMap(({ at }) => (at === '' ? read() : fields.filter((field) => isFieldPrefix(field, at) || isFieldPrefix(at, field)).map((field) => namesBelow(at, field))));
  };
  for (let i = 0; i < hops.length - 1; i++) {
    const at = carriersAt(i);
    if (at === false) return false;
    if (!at) continue;
    // A copy of one value (`={{ $json.prompt }}`, a loop over a list) changes nothing; an AI model or code answers anew.
    if (at.all.length === 1 && at.all[0].whole && at.f.node.role !== 'ai' && at.f.node.role !== 'code') continue;
    const leaf = at.f.leaves.find((l) => l.pointer === hops[i].pointer);
    if (!leaf) return false;
    const kind = stepKind(at.f.node, platform, leaf.path[0]);
    if (!kind) return false;
    // Node-RED's code reader places what a function writes where the code read it; read at several places (or not by a
    // path of names), it has no place, and each place it was read at (`p.email` too), and every reference of the code
    // to the same field, is tried.
    const placed = at.refs.flatMap((r) =>
      (r.end > r.start ? [r] : [...readPlaces(r).map((p) => ({ ...r, ...p })), ...leaf.refs.filter((l) => l.end > l.start && l.field === r.field && l.kind === r.kind && l.target === r.target)]).map(
        (p) => ({ r: p, carried: r, anywhere: at.anywhere.has(r) }),
      ),
    );
    const embedded = placed.some(({ r, carried, anywhere }) => {
      // A reader of what the step writes, or of a container of it (Node-RED's `msg.payload` holding `payload.prompt`).
      const read = () => {
        const fields = readAfter(i);
        const written = writesAt(i);
        return [...fields, ...written.filter((w) => fields.some((f) => f === '' || w.startsWith(`${f}.`)))];
      };
      if (kind === 'code' && platform === 'node-red') return embeddedInCode(leaf.value, r, read, { sentAs: () => namesSent(i, carried, read), anywhere, wired: wiredAt(i, at.f) });
      if (kind === 'code') return embeddedInCode(leaf.value, r, read);
      if (platform === 'n8n' && leaf.path[0] === 'jsonOutput') {
        return embeddedInJsonText(leaf.value, r, () => {
          const reader = readerAfter(i);
          return { fields: reader.fields, replaced: reader.sender ? replaced : undefined };
        });
      }
      return embeddedInTemplate(leaf.value, r, platform);
    });
    if (!embedded) return false;
  }
  return true;
}

/** The names of the dotted path `at` below the field `field` read next (all of them below `''`), or its last name when `field` is `at` or below it. */
function namesBelow(at: string, field: string): string {
  if (field === '') return at;
  return isFieldPrefix(field, at) && field !== at ? at.slice(field.length + 1) : at.slice(at.lastIndexOf('.') + 1);
}

/** True when the reference is filled into the text as it is (alone in its block, or wrapped in a text function). */
function embeddedInTemplate(text: string, ref: Reference, platform: Platform): boolean {
  if (platform === 'node-red') {
    // Mustache references span their block; `{{#list}}` and `{{^x}}` are sections, not values.
    const block = templateBlocks(text).find((b) => b.outerStart === ref.start);
    return !!block && /^\s*[A-Za-z_$][\w$.]*\s*$/.test(text.slice(block.start, block.end));
  }
  const block = blockAround(text, ref, platform);
  if (!block) return false;
  return operandEmbedded(text, block.start, block.end, ref, platform === 'n8n' ? 'js' : platform === 'make' ? 'make' : 'wdl', true);
}

/**
 * The JSON text of an n8n Set step (`{ "prompt": "Customer {{ $json.email }}" }`): the key the value sits under must be
 * read afterwards, and not be one the reader writes anew after spreading the item (`replaced`).
 */
function embeddedInJsonText(text: string, ref: Reference, readAfter: () => { fields: string[]; replaced?: ReadonlySet<string> }): boolean {
  const block = blockAround(text, ref, 'n8n');
  if (!block || !operandEmbedded(text, block.start, block.end, ref, 'js', true)) return false;
  // Inside a JSON string, the key is before its opening quote; a bare block follows its key's colon.
  const p = prevNonSpace(text, block.outerStart - 1, 0);
  const start = text[p] === ':' ? block.outerStart : text.lastIndexOf('"', block.outerStart - 1);
  if (start <= 0) return false;
  // The text is the step's output: a reader of the whole item reads every key of it, but for those it writes anew.
  const { fields, replaced } = readAfter();
  if (!fields.includes('')) return namedAndRead(text, start, () => fields);
  const key = assignedName(text, start);
  return key !== undefined && !replaced?.has(key);
}
