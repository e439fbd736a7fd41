// n8n's and Node-RED's call loops for the retry rule: cycles through a call, and the attempt counters, page walks,
// waits, steps that wait for a person and error paths that bound them or let them go round.
import { nodeAnchor } from '../../dataflow/chain.js';
import { addTo, Budget, cyclesOf } from '../../dataflow/graph.js';
import type { Flow, FlowNode } from '../../model/index.js';
import { asObject, asString, walkStrings } from '../../walk.js';
import { carriesOnAfterFailure, isOutbound, rawNode, type LiveGraph } from '../flowShape.js';
import { nodeRedAnswers } from '../nodeRedAnswers.js';
import type { RelatedReport, RuleContext } from '../types.js';
import { endpointName } from './callerTimeouts.js';

/** n8n's own run counters: a loop whose condition checks one stops. */
const RUN_COUNTER = /\$runIndex|isExecuted/;

/** `$runIndex` in code: it counts the loop's passes only where the code compares it. */
const RUN_INDEX = /\$runIndex\b/g;

/** `+ 1`, `++`, `+= 5`, `+ $json.results.length`: something that makes a value grow. */
const INCREMENT = /\+(?:\+|=|\s*[\d$])/g;

/** `- 1`, `--`, `-= 5` after a field: a value counted down (`$json.left - 1`, `msg.tries--`). */
const DECREMENT = /-(?:-|=|\s*[\d$])/g;

/** `+ 1`, `++`, `+= 5`: a number that grows by steps (a page number, an offset), not a sum or a longer text. */
const STEP = /\+(?:\+|=\s*\d|\s*\d)/g;

/** Names in expressions and code. */
const IDENTIFIER = /[A-Za-z_$][\w$]*/g;

/** A default before an increment: `(msg.retries || 0) + 1`. */
const ZERO_DEFAULT = /(?:\|\||\?\?)\s*0$/;

/** Words of a loop that walks pages: a cursor, a next-page token or link, page info, an offset. */
const PAGE_WORDS = /has_?next_?page|has_?more|page_?info|page_?token|next_?page|next_?link|next_?cursor|end_?cursor|\bcursor\b|\boffset\b|skip_?token|rel=\\*"next/i;

/** The number of items a node received (`$input.all().length`, `$items().length`): in a loop's condition, a page's size. */
const ITEM_COUNT = /\.all\(\)\.length|\$items\([^)]{0,200}\)\.length/;

/** Steps a loop check may take. */
const LOOP_BUDGET = 200_000;

/**
 * Node-RED: leaves out of `succ` the returns no loop can take. A return-mode link out leads on to what is wired to every
 * link call of its chain (the flow model does not know which call a message came from), so a chain called twice on one
 * path (a token fetched before two requests) would close a loop from the second call's chain back to what follows the
 * first. A message returns to the call it came from: a return to `S` can be part of a loop only when a call wired to
 * `S` is in the same strongly connected part as `S`. Dropping a return inside a part can split it: again until none
 * does, within `budget` (past it, the returns left stay, and the loops are still searched).
 */
function dropUnmatchedReturns(flow: Flow, active: readonly string[], succ: Map<string, string[]>, budget: Budget): void {
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  // The link calls wired to each node (a static call's wires are no edges of the model: its chain's returns are).
  const callsInto = new Map<string, string[]>();
  for (const node of flow.nodes) {
    const wires = node.type === 'link call' ? asObject(node.parameters)?.wires : undefined;
    if (!Array.isArray(wires)) continue;
    for (const port of wires) if (Array.isArray(port)) for (const to of port) if (typeof to === 'string') addTo(callsInto, to, node.id);
  }
  const isReturn = (id: string) => byId.get(id)?.type === 'link out' && asObject(byId.get(id)!.parameters)?.mode === 'return';
  let returns = flow.edges.filter((e) => e.kind === 'link' && callsInto.has(e.to) && isReturn(e.from));
  while (returns.length) {
    const part = new Map<string, number>();
    cyclesOf(active, (id) => succ.get(id) ?? [], budget).forEach((cycle, i) => {
      for (const id of cycle) part.set(id, i);
    });
    if (budget.exhausted) return; // parts cut short: a return of a real loop could look unmatched
    // Per link out, the returns to drop; each list filtered once (a chain many calls share has many returns). Only a
    // return inside a part can split it: dropping the others changes no part, so another round is needed only then.
    const drop = new Map<string, Set<string>>();
    let splits = false;
    for (const e of returns) {
      const p = part.get(e.to);
      if (p !== undefined && callsInto.get(e.to)!.some((call) => part.get(call) === p)) continue;
      (drop.get(e.from) ?? drop.set(e.from, new Set()).get(e.from)!).add(e.to);
      if (p !== undefined && part.get(e.from) === p) splits = true;
    }
    for (const [from, gone] of drop) succ.set(from, (succ.get(from) ?? []).filter((to) => !gone.has(to)));
    if (!splits) return;
    returns = returns.filter((e) => !drop.get(e.from)?.has(e.to));
  }
}

/** n8n and Node-RED loops that call a service again and again with no counter (retry and polling loops). */
export function checkLoops(context: RuleContext, flow: Flow, live: LiveGraph): void {
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  const succ = new Map<string, string[]>();
  /** n8n sub-nodes (a model, a code tool) by the node they plug into. */
  const subNodes = new Map<string, string[]>();
  for (const e of live.edges) {
    const kind = e.kind ?? 'main';
    if (flow.platform === 'n8n' && kind !== 'main') addTo(subNodes, e.to, e.from);
    // Node-RED retry loops go through catch nodes (error edges); n8n ones through the error output (still `main`).
    if (flow.platform === 'n8n' ? kind !== 'main' : kind === 'complete') continue;
    // n8n passes a disabled node's items on by its first output and does nothing else (no wait, no check, no call);
    // Node-RED does not deploy a disabled node, so nothing passes it.
    if (flow.platform === 'n8n' ? byId.get(e.from)?.disabled && (e.output ?? 0) !== 0 : byId.get(e.from)?.disabled || byId.get(e.to)?.disabled) continue;
    addTo(succ, e.from, e.to);
  }
  const active = flow.nodes.filter((n) => !n.disabled && live.runs.has(n.id)).map((n) => n.id);
  // The returns' reading has a budget of its own: the loops are searched within theirs whatever it spent.
  if (flow.platform === 'node-red') dropUnmatchedReturns(flow, active, succ, new Budget(LOOP_BUDGET));
  const budget = new Budget(LOOP_BUDGET);
  const loops = cyclesOf(active, (id) => succ.get(id) ?? [], budget);
  for (let i = 0; i < loops.length; i++) {
    const nodes = loops[i].map((id) => byId.get(id)!).filter(Boolean);
    // The steps that act: a disabled n8n node on the way only passes the items on.
    const acting = nodes.filter((n) => !n.disabled);
    // n8n "Loop Over Items" and Node-RED split/join walk a finite list; they end by themselves. A loop inside one that
    // does not pass the list step (a retry or a poll for each item) does not: it is judged on its own.
    if (acting.some(walksList)) {
      const inner = new Set(nodes.filter((n) => n.disabled || !walksList(n)).map((n) => n.id));
      const within = restrictTo(inner, succ);
      loops.push(...cyclesOf([...inner], (id) => within.get(id) ?? [], budget));
      continue;
    }
    const calls = acting.filter((n) => isOutbound(n));
    if (!calls.length) continue;
    // A loop through a step that waits for a person (a form page, an approval, a resume link) goes at their pace, when
    // every way back to a call passes one: an error output wired around it retries at once. Such a step paces the
    // ways that pass it, as a wait does.
    const persons = new Set(acting.filter(waitsForPerson).map((n) => n.id));
    // Such a step waits only once its message went out: a failed send goes on at once (see withFailedSends).
    const { steps, next } = flow.platform === 'n8n' && persons.size ? withFailedSends(context, nodes, persons, succ, live) : { steps: nodes, next: succ };
    if (persons.size && !callCycleAvoiding(steps, persons, next, false)) continue;
    const plugged = acting.flatMap((host) => (subNodes.get(host.id) ?? []).flatMap((id) => (byId.get(id)?.disabled === false ? [[byId.get(id)!, host] as const] : [])));
    // Counted only when every way back to a call passes a step that counts: an error output or a catch node wired
    // around the check retries without counting. Past the work budget the loop keeps reading as counted.
    const counters = countingSteps(acting, plugged);
    if (counters.size && !callCycleAvoiding(steps, counters, next, false)) continue;
    // A loop that walks pages ends with the data. A failing call stops the run instead of repeating, unless a step
    // carries on after the failure and leads back to a call without passing a step that moves to the next page.
    const pages = pageSteps(acting);
    if (pages && !(acting.some((n) => continuesOnError(context, n)) && callCycleAvoiding(steps, pages, next))) continue;
    // Paced only when every way back to a call passes a wait: an error output or a catch node wired straight back to
    // the call retries a failing service at once.
    // With a counter that some ways back skip, those ways are the ones to pace.
    const waits = new Set(acting.filter((n) => waitsBetweenPasses(context, n) || persons.has(n.id)).map((n) => n.id));
    const paced = waits.size > 0 && !callCycleAvoiding(steps, new Set([...waits, ...counters]), next, false);
    // In n8n a failed call stops the run unless a node of the loop carries on: then only a "not done" answer keeps
    // the loop going. A Node-RED http request passes an error status on as a message.
    const failures = flow.platform !== 'n8n' || acting.some((n) => continuesOnError(context, n) || answersFailure(n))
      ? 'if the service keeps failing or never reports "done"'
      : 'a failed call stops the run, but if the service never reports "done"';
    const [first] = calls;
    const related: RelatedReport[] = nodes.filter((n) => n !== first).slice(0, 20).map((n) => ({ ...nodeAnchor(n, flow.platform), message: `"${n.name}" is part of the loop` }));
    // A Node-RED loop before an http response holds the caller of the endpoint that started it.
    const hook = flow.platform === 'node-red' ? calls.map((c) => nodeRedAnswers(context, flow).heldBy.get(c.id)).find((h) => h !== undefined) : undefined;
    const holds = hook ? ` The caller of HTTP endpoint ${endpointName(hook)} waits all the while: its http response comes after the loop.` : '';
    context.report({
      ...nodeAnchor(first, flow.platform),
      // A paced loop cannot hammer the service, but it can still run forever.
      severity: paced ? 'info' : 'warning',
      message: `"${first.name}" sits in a loop (${nodes.map((n) => `"${n.name}"`).slice(0, 5).join(' → ')}${nodes.length > 5 ? ' → …' : ''}) with ${unbounded(counters.size > 0, paced ? 'paced' : waits.size ? 'skipped' : 'none')}: ${failures}, the flow calls it ${paced ? 'forever' : 'as fast as it can, forever'}.${holds} Count attempts (n8n: $runIndex in the IF; Node-RED: a counter in the message)${counters.size ? ' on every way back to it' : ''} and stop after a few${paced ? '' : ', with a wait between attempts'}.`,
      related,
    });
  }
}

/**
 * What a loop lacks, in words: no attempt counter, or one that a way back to the call skips (`skipsCounter`); and no
 * wait (`none`), or one that such a way back skips (`skipped`), or nothing more when every such way passes a wait (`paced`).
 */
function unbounded(skipsCounter: boolean, wait: 'paced' | 'skipped' | 'none'): string {
  if (!skipsCounter) return `no attempt counter${wait === 'paced' ? '' : wait === 'skipped' ? ' and a way back to it that skips the wait' : ' and no wait'}`;
  return `a way back to it that skips ${wait === 'skipped' ? 'both its attempt counter and its wait' : `its attempt counter${wait === 'none' ? ', and no wait' : ''}`}`;
}

/**
 * An n8n Wait node, a Node-RED delay or trigger node: a step that holds the message before the loop goes round again.
 * Not one that waits for nothing ({@link waitsNothing}).
 */
function waitsBetweenPasses(context: RuleContext, node: FlowNode): boolean {
  return (/\.wait$/.test(node.type) || node.type === 'delay' || node.type === 'trigger') && !waitsNothing(context, node);
}

/** Seconds in a unit of n8n's Wait node. */
const N8N_WAIT_UNITS: Readonly<Record<string, number>> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };

/** Seconds in a unit of Node-RED's delay node. */
const NODE_RED_DELAY_UNITS: Readonly<Record<string, number>> = { milliseconds: 0.001, seconds: 1, minutes: 60, hours: 3600, days: 86400 };

/** Waits shorter than this (seconds) hold nothing back, as n8n's Retry On Fail waits of under 100 ms. */
const NO_WAIT = 0.1;

/**
 * True for a wait written as (almost) nothing: an n8n Wait after a time interval whose amount is a number below 0.1 s
 * (n8n sleeps that long in process: `amount: 0` goes on at once), a Node-RED delay node of a fixed or random delay
 * below it (`timeout: '0'`). A wait set by an expression or a message property is taken as a wait.
 */
function waitsNothing(context: RuleContext, node: FlowNode): boolean {
  const params = asObject(node.parameters) ?? {};
  if (/\.wait$/.test(node.type)) {
    if (params.resume !== undefined && params.resume !== 'timeInterval') return false;
    const version = rawNode(context, node).typeVersion;
    const unit = N8N_WAIT_UNITS[asString(params.unit) ?? (version === 1 ? 'hours' : 'seconds')];
    return typeof params.amount === 'number' && unit !== undefined && params.amount * unit < NO_WAIT;
  }
  if (node.type !== 'delay') return false;
  const pause = asString(params.pauseType) ?? 'delay';
  const [amount, unit] = pause === 'delay' ? [params.timeout, params.timeoutUnits] : pause === 'random' ? [params.randomLast, params.randomUnits] : [];
  const seconds = NODE_RED_DELAY_UNITS[asString(unit) ?? 'seconds'];
  const value = typeof amount === 'number' ? amount : typeof amount === 'string' && amount.trim() !== '' ? Number(amount) : NaN;
  return seconds !== undefined && Number.isFinite(value) && value * seconds < NO_WAIT;
}

/** n8n "Loop Over Items" (Split In Batches) and Node-RED split/join: steps that walk a finite list. */
function walksList(node: FlowNode): boolean {
  return /\.splitInBatches$/.test(node.type) || node.type === 'split' || node.type === 'join';
}

/** An n8n HTTP Request that returns an error status as data (*Never Error*; *Ignore Response Code* in versions 1 and 2). */
function answersFailure(node: FlowNode): boolean {
  const options = asObject(asObject(node.parameters)?.options);
  return node.type.endsWith('.httpRequest') && (asObject(asObject(options?.response)?.response)?.neverError === true || options?.ignoreResponseCode === true);
}

/**
 * A loop with the failures of its steps that wait for a person (`persons`) as steps of their own. An n8n send-and-wait
 * waits for its answer only once the message went out: when sending fails (a throttled or revoked account, a wrong
 * channel) and the node carries on, the item goes on at once, by the error output with *Continue (using error output)*,
 * by its regular output with no answer in it with *Continue* (`continueOnFail`). Each such step gets a twin that stands
 * for its failure: it calls what the step calls, has its predecessors, and leads where the failures go, without
 * waiting. `steps` and `next` hold the loop's nodes and successors with the twins (unchanged when no step carries on).
 */
function withFailedSends(context: RuleContext, loop: readonly FlowNode[], persons: ReadonlySet<string>, succ: ReadonlyMap<string, string[]>, live: LiveGraph): { steps: readonly FlowNode[]; next: ReadonlyMap<string, string[]> } {
  // Form pages and Wait nodes send nothing that could fail.
  const failing = loop.filter((n) => persons.has(n.id) && asObject(n.parameters)?.operation === 'sendAndWait' && carriesOnAfterFailure(context, n));
  if (!failing.length) return { steps: loop, next: succ };
  const next = new Map(loop.map((n) => [n.id, [...(succ.get(n.id) ?? [])]]));
  const twins = new Map(failing.map((n) => [n.id, `${n.id}\u0000failed`]));
  for (const person of failing) {
    const out = live.edges.filter((e) => e.from === person.id && (e.kind ?? 'main') === 'main');
    // The step's own output is the first; with an error output, any other is that (a send-and-wait has one output).
    const byErrorOutput = rawNode(context, person).onError === 'continueErrorOutput';
    next.set(twins.get(person.id)!, out.filter((e) => !byErrorOutput || (e.output ?? 0) > 0).map((e) => e.to));
    if (byErrorOutput) next.set(person.id, out.filter((e) => (e.output ?? 0) === 0).map((e) => e.to));
  }
  // What leads to a step leads to its failure too (an error output wired back to the step itself: to its twin).
  for (const to of next.values()) for (const id of [...to]) if (twins.has(id)) to.push(twins.get(id)!);
  return { steps: [...loop, ...failing.map((n) => ({ ...n, id: twins.get(n.id)! }))], next };
}

/** n8n form pages, Wait nodes resumed by a webhook or form, "send and wait for approval" operations. */
function waitsForPerson(node: FlowNode): boolean {
  const params = asObject(node.parameters) ?? {};
  if (/\.form$/.test(node.type) || params.operation === 'sendAndWait') return true;
  return /\.wait$/.test(node.type) && (params.resume === 'webhook' || params.resume === 'form');
}

/** The text of a node's conditions and code (what would hold a counter check). */
function conditionText(node: FlowNode): string {
  const raw = asObject(node.parameters) ?? {};
  const parts: string[] = [];
  for (const key of ['conditions', 'rules', 'value1', 'jsCode', 'pythonCode', 'functionCode', 'func', 'code', 'property', 'expression', 'options']) {
    if (raw[key] !== undefined) parts.push(JSON.stringify(raw[key]).slice(0, 20_000));
  }
  return parts.join(' ');
}

/**
 * The steps of the loop that count its passes: a condition or code that reads n8n's `$runIndex`, or that checks a
 * field the loop makes grow ({@link grownFields}): an IF/Switch/Filter of the loop reading it, the code of a code node
 * comparing it, or a code sub-node plugged into a node of the loop comparing it (an n8n model picker that throws when
 * its list of models runs out: the node it plugs into is the step). `plugged` pairs each sub-node with that node.
 */
function countingSteps(loop: readonly FlowNode[], plugged: readonly (readonly [FlowNode, FlowNode])[]): Set<string> {
  const steps = new Set<string>();
  for (const n of loop) if (checksRuns(n)) steps.add(n.id);
  const grown = new Set(loop.filter(raises).flatMap((n) => [...grownFields(n), ...grownFields(n, DECREMENT)]));
  if (!grown.size) return steps;
  for (const [node, step] of [...loop.map((n) => [n, n] as const), ...plugged.filter(([sub]) => sub.role === 'code')]) {
    if (node.role !== 'control' && node.role !== 'code') continue;
    const text = conditionText(node);
    for (const m of text.matchAll(IDENTIFIER)) {
      if (!grown.has(m[0])) continue;
      if (node.role === 'control' || comparedAt(text, m.index + m[0].length)) {
        steps.add(step.id);
        break;
      }
    }
  }
  return steps;
}

/**
 * True when a node checks n8n's run counters: an IF/Switch/Filter whose condition reads `$runIndex` or `isExecuted`,
 * code that compares `$runIndex` (`if ($runIndex >= 5) throw …`, `5 <= $runIndex`) or reads `isExecuted`. Code that
 * only uses the number (`attempt: $runIndex + 1`, a log line) stops nothing.
 */
function checksRuns(node: FlowNode): boolean {
  if (node.role !== 'control' && node.role !== 'code' && node.role !== 'transform') return false;
  const text = conditionText(node);
  if (!RUN_COUNTER.test(text)) return false;
  if (node.role === 'control' || text.includes('isExecuted')) return true;
  for (const m of text.matchAll(RUN_INDEX)) if (comparedAt(text, m.index + m[0].length) || comparedBefore(text, m.index)) return true;
  return false;
}

/** Nodes that can raise a counter: Set/Change, Code/Function, IF/Switch. */
function raises(node: FlowNode): boolean {
  return node.role === 'transform' || node.role === 'code' || node.role === 'control';
}

/**
 * Fields a node makes grow: a field read and increased (`$json.attempt + 1`, `msg.count++`, `json["sofar"] +
 * $json.total`, `(msg.retries || 0) + 1`), and the name a Set/Change node gives the increased value. Local variables
 * (`i++` of a `for` loop) do not count: they start again on every pass. With {@link DECREMENT}, fields counted down.
 */
function grownFields(node: FlowNode, increment = INCREMENT): string[] {
  const names: string[] = [];
  walkStrings(node.parameters, '', (v) => {
    let grows = false;
    for (const m of v.value.matchAll(increment)) {
      const field = fieldBefore(v.value, m.index);
      if (field) names.push(field);
      // A dash after no field is a minus sign or part of a date or a name, not a countdown.
      if (field || increment !== DECREMENT) grows = true;
    }
    // `{ name: 'limitKNN', value: '={{ $json.limitKNN + 5 }}' }`: the pair's name, not a key such as `jsCode`.
    if (grows && !v.pointer.endsWith(`/${v.name}`)) names.push(v.name.replace(/^=/, '').split('.').pop()!);
  });
  return names;
}

/** The field name that ends just before `end` (closing brackets, quotes and a `|| 0` default skipped), if it is a field. */
function fieldBefore(text: string, end: number): string | undefined {
  let i = skipClosers(text, end);
  const zero = ZERO_DEFAULT.exec(text.slice(Math.max(0, i - 8), i));
  if (zero) i = skipClosers(text, i - zero[0].length);
  let start = i;
  while (start > 0 && isNameChar(text.charCodeAt(start - 1))) start--;
  const name = text.slice(start, i);
  if (!name || isDigit(name.charCodeAt(0)) || name === 'length') return undefined;
  // A field: `obj.name`, `obj["name"]`, `get('name')`.
  const before = text.slice(Math.max(0, start - 3), start);
  return before.endsWith('.') || /[[(]\\?["']$/.test(before) ? name : undefined;
}

/** Closing brackets, quotes and blanks between a name and what follows it (`json["count"] + 1`, `llms[i] === x`). */
const CLOSERS = ' \t\n"\')]\\';

function skipClosers(text: string, end: number): number {
  let i = end;
  while (i > 0 && CLOSERS.includes(text[i - 1])) i--;
  return i;
}

/** True when a comparison (`<`, `>=`, `===`, `!=`) follows `start`, closing brackets and quotes skipped. */
function comparedAt(text: string, start: number): boolean {
  let i = start;
  while (i < text.length && CLOSERS.includes(text[i])) i++;
  return text[i] === '<' || text[i] === '>' || ((text[i] === '=' || text[i] === '!') && text[i + 1] === '=');
}

/** True when a comparison (`<`, `>=`, `===`, `!=`; not an arrow `=>`) comes just before `end`, blanks and `(` skipped. */
function comparedBefore(text: string, end: number): boolean {
  let i = end;
  while (i > 0 && ' \t('.includes(text[i - 1])) i--;
  const c = text[i - 1];
  if (c === '<') return true;
  if (c === '>') return text[i - 2] !== '=';
  return c === '=' && '=!<>'.includes(text[i - 2] ?? '');
}

function isNameChar(code: number): boolean {
  return isDigit(code) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 36;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * The steps of a loop that walks pages, or undefined when it does not: steps that read a cursor, a next-page token or
 * link, page info or an offset, or a condition that checks how many items came back (a page shorter than the limit is
 * the last), or calls that read a number the loop raises by steps (a page number, an offset, a time window further
 * back: each pass asks for something new). The steps that move to the next page are those of them that are not calls,
 * and the steps that raise the number.
 */
function pageSteps(loop: readonly FlowNode[]): Set<string> | undefined {
  const stepped = new Map(loop.filter(raises).map((n) => [n, grownFields(n, STEP)]));
  const counters = new Set([...stepped.values()].flat());
  const steps = new Set<string>();
  /** Fields the loop makes grow that a call reads. */
  const read = new Set<string>();
  let pages = false;
  for (const n of loop) {
    if (n.role === 'ai') continue; // prompts mention pages without walking them
    const text = JSON.stringify(n.parameters ?? {}).slice(0, 100_000);
    const call = isOutbound(n);
    if (call) for (const field of fieldsRead(text, counters)) read.add(field);
    if (PAGE_WORDS.test(text) || (n.role === 'control' && ITEM_COUNT.test(conditionText(n)))) {
      pages = true;
      if (!call) steps.add(n.id);
    }
  }
  if (!pages && !read.size) return undefined;
  for (const [n, fields] of stepped) if (fields.some((f) => read.has(f))) steps.add(n.id);
  return steps;
}

/** The names of `fields` that `text` reads as a field (`.page`, `["page"]`, `['page']`). */
function fieldsRead(text: string, fields: ReadonlySet<string>): string[] {
  if (!fields.size) return [];
  const found: string[] = [];
  for (const m of text.matchAll(IDENTIFIER)) {
    if (!fields.has(m[0])) continue;
    const before = text.slice(Math.max(0, m.index - 3), m.index);
    if (before.endsWith('.') || /\[\\?["']$/.test(before)) found.push(m[0]);
  }
  return found;
}

/**
 * True when a call of the loop lies on a cycle that passes none of `steps`; past the work budget, `whenUnsure` (true
 * where a missed cycle would hide a finding, false where it would make one up).
 */
function callCycleAvoiding(loop: readonly FlowNode[], steps: ReadonlySet<string>, succ: ReadonlyMap<string, string[]>, whenUnsure = true): boolean {
  const rest = new Set(loop.filter((n) => !steps.has(n.id)).map((n) => n.id));
  const calls = new Set(loop.filter((n) => !n.disabled && isOutbound(n)).map((n) => n.id));
  const budget = new Budget(LOOP_BUDGET);
  const within = restrictTo(rest, succ);
  const cycles = cyclesOf([...rest], (id) => within.get(id) ?? [], budget);
  return cycles.some((cycle) => cycle.some((id) => calls.has(id))) || (budget.exhausted && whenUnsure);
}

/**
 * `succ` between the nodes of `keep` only, each list filtered once: the cycle search reads a node's successors again at
 * each of its steps, and a check or wait that fans out to thousands of calls would cost their number squared.
 */
function restrictTo(keep: ReadonlySet<string>, succ: ReadonlyMap<string, string[]>): Map<string, string[]> {
  const within = new Map<string, string[]>();
  for (const id of keep) within.set(id, (succ.get(id) ?? []).filter((to) => keep.has(to)));
  return within;
}

/** True when the node carries on after a failure: n8n `onError: continue…` or `continueOnFail`, a Node-RED catch node. */
function continuesOnError(context: RuleContext, node: FlowNode): boolean {
  if (node.type === 'catch') return true;
  const raw = rawNode(context, node);
  return raw.continueOnFail === true || (typeof raw.onError === 'string' && raw.onError.startsWith('continue'));
}
