// Power Automate's and Logic Apps' retries for the retry rule: retry policies, and Until loops with the waits, pass
// counters and done flags that bound them.
import { nodeAnchor } from '../../dataflow/chain.js';
import { addTo } from '../../dataflow/graph.js';
import { RATE_LIMITED_SERVICES, serviceKey } from '../../knowledge/thirdParty.js';
import type { Flow, FlowNode } from '../../model/index.js';
import { asObject, asString } from '../../walk.js';
import { isOutbound, rawNode } from '../flowShape.js';
import type { RuleContext } from '../types.js';

/** `variables('isDone')` in a workflow expression. */
const VARIABLE_REF = /variables\('([^']{1,256})'\)/g;

/** Passes in a row below which a Logic Apps / Power Automate loop's limit is itself the bound (as for retry policies). */
const FEW_PASSES = 5;

/** True when the node calls a service known to throttle its callers (HTTP 429): retrying it at once fails again. */
export function rateLimited(node: FlowNode): boolean {
  return RATE_LIMITED_SERVICES.has(serviceKey(node.service));
}

/** ISO 8601 durations of retry policies (`PT10S`, `PT1M`, `P1D`) in seconds; undefined when unreadable. */
function seconds(duration: string | undefined): number | undefined {
  const m = duration ? /^P(?:(\d{1,6})D)?(?:T(?:(\d{1,6})H)?(?:(\d{1,6})M)?(?:(\d{1,6}(?:\.\d{1,6})?)S)?)?$/i.exec(duration.trim()) : null;
  if (!m) return undefined;
  return Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
}

/**
 * Power Automate and Logic Apps: fixed or incremental retry policies with many attempts (a short fixed interval, or more
 * than 20), and Until loops of {@link FEW_PASSES} passes or more that call a service with no wait on every pass
 * ({@link paced}) and no pass counter or exit on failure ({@link untilBounded}).
 */
export function checkWdl(context: RuleContext, flow: Flow): void {
  for (const node of flow.nodes) {
    if (node.disabled) continue;
    const raw = asObject(node.parameters) ?? {};
    const policy = asObject(asObject(raw.inputs)?.retryPolicy);
    const type = asString(policy?.type)?.toLowerCase();
    if (policy && (type === 'fixed' || type === 'incremental')) {
      const count = typeof policy.count === 'number' ? policy.count : 4;
      const interval = seconds(asString(policy.interval)) ?? 20;
      if ((type === 'fixed' && interval < 5 && count >= 5) || count > 20) {
        context.report({
          pointer: `${node.pointer}/inputs/retryPolicy`,
          at: 'key',
          message: `"${node.name}" retries up to ${count} times with a ${type} interval of ${interval} s and no exponential backoff${rateLimited(node) ? `; ${node.service} throttles callers` : ''}. Use the default (exponential) retry policy, or a ${type} one with fewer attempts and a longer interval.`,
        });
      }
    }
    if (node.type.toLowerCase() === 'until') {
      const inside = flow.nodes.filter((n) => n.pointer.startsWith(`${node.pointer}/actions/`));
      const calls = inside.filter((n) => isOutbound(n));
      if (!calls.length || paced(context, node, inside) || untilBounded(node, inside)) continue;
      const limit = asObject(raw.limit);
      const count = typeof limit?.count === 'number' ? limit.count : 60;
      // The engine stops the loop at its limit: a few passes in a row are a bounded retry, as a retry policy's are.
      if (count < FEW_PASSES) continue;
      // A wait that some passes skip: say which, the maker sees it in the loop.
      const waits = inside.filter(waitsForPass).map((w) => `"${w.name}"`);
      const throttled = calls.some(rateLimited) ? ', against a service that throttles callers' : '';
      context.report({
        ...nodeAnchor(node, flow.platform),
        message: waits.length
          ? `"${node.name}" calls ${calls.map((c) => `"${c.name}"`).slice(0, 3).join(', ')} up to ${count} times in a row with no delay on the passes that skip ${waits.slice(0, 3).join(', ')}${throttled}: ${waits.length > 1 ? 'they do' : 'it does'} not run on every pass (only after a failure, in one branch of a Condition or Switch, or in a For each). Make every pass that goes round wait (a Delay outside the branches, or one in every branch and the default), or set a done flag the loop's exit reads on the passes that skip it, and keep the loop's limit low.`
          : `"${node.name}" calls ${calls.map((c) => `"${c.name}"`).slice(0, 3).join(', ')} up to ${count} times in a row with no delay between iterations${throttled}. Add a Delay (Wait) action in the loop and keep its limit low.`,
        related: calls.map((c) => ({ ...nodeAnchor(c, flow.platform), message: `"${c.name}" is called on every iteration` })),
      });
    }
  }
}

/**
 * WDL actions that subscribe and wait for a callback (`HttpWebhook`, `ApiConnectionWebhook`, `OpenApiConnectionWebhook`):
 * "Start and wait for an approval", "Post adaptive card and wait for a response", a job that calls back when done. A
 * loop through one goes at the pace of whoever answers.
 */
const WEBHOOK_ACTION = /^(?:Http|ApiConnection|OpenApiConnection)Webhook$/i;

/**
 * True when every pass of the loop that goes round again waits: it runs a Wait (Delay, Delay until) action, an action
 * that waits for a callback ({@link WEBHOOK_ACTION}), or one that waits itself between its polls
 * (`RosettaNetWaitForResponse`, a `pollingInterval`) ({@link waitsForPass}). By type, not name: a call named
 * "Get_delayed_orders" waits for nothing. A pass that skips the wait (one after a step failed, or one that takes a
 * branch of a Condition or Switch without it) must end the loop ({@link everyPass}): it sets a "done" flag the loop's
 * exit reads, to a constant (a variable that copies the call's answer, a status, lets a "pending" answer go round), or
 * it takes a branch only when the loop's exit holds (a Delay when the status is not Succeeded, in a loop until it is).
 * Otherwise a "still pending" answer goes round at once.
 */
function paced(context: RuleContext, loop: FlowNode, inside: readonly FlowNode[]): boolean {
  if (!inside.some(waitsForPass)) return false;
  const expression = asObject(loop.parameters)?.expression;
  const read = new Set([...JSON.stringify(expression ?? '').matchAll(VARIABLE_REF)].map((m) => m[1]));
  const ends = (n: FlowNode) => waitsForPass(n) || (n.type.toLowerCase() === 'setvariable' && read.has(variableSet(n) ?? '') && isConstant(asObject(asObject(n.parameters)?.inputs)?.value));
  return everyPass(context, `${loop.pointer}/actions`, blocksOf(inside), ends, conditionKey(expression));
}

/** A WDL action that waits: a Wait (Delay) of more than nothing, one that waits for a callback, one that polls at an interval. */
function waitsForPass(node: FlowNode): boolean {
  return asObject(asObject(node.parameters)?.inputs)?.pollingInterval !== undefined || (/wait/i.test(node.type) && !delaysNothing(node)) || WEBHOOK_ACTION.test(node.type);
}

/** The actions of a loop by the pointer of the block that holds them (`…/actions`, `…/else/actions`, `…/cases/<c>/actions`). */
function blocksOf(inside: readonly FlowNode[]): Map<string, FlowNode[]> {
  const blocks = new Map<string, FlowNode[]>();
  for (const n of inside) addTo(blocks, n.pointer.slice(0, n.pointer.lastIndexOf('/')), n);
  return blocks;
}

/**
 * True when every run of the block at `block` runs an action that `ends` the pass (a wait, a done flag) and does not run
 * only after a failure: one of its actions, or a Scope or Until whose own block does, or a Condition (If) each of whose
 * branches does or is taken only when the loop's `exit` holds (the Condition tests the exit: its true branch; the
 * exit's negation: its else branch), or a Switch each of whose cases and default does (a case taken only when the exit
 * holds counts). A branch that does neither runs on passes that go round without ending; a For each may run its actions
 * no time.
 */
function everyPass(context: RuleContext, block: string, blocks: ReadonlyMap<string, readonly FlowNode[]>, ends: (n: FlowNode) => boolean, exit: string | undefined): boolean {
  return (blocks.get(block) ?? []).some((n) => {
    if (onlyAfterFailure(n)) return false;
    if (ends(n)) return true;
    const type = n.type.toLowerCase();
    const params = asObject(n.parameters);
    const covered = (at: string, exits: boolean) => exits || everyPass(context, `${n.pointer}/${at}`, blocks, ends, exit);
    if (type === 'scope' || type === 'until') return covered('actions', false);
    if (type === 'if') {
      const test = exit === undefined ? undefined : conditionKey(params?.expression);
      return covered('actions', test !== undefined && test === exit) && covered('else/actions', test !== undefined && (`not(${test})` === exit || `not(${exit})` === test));
    }
    if (type !== 'switch') return false;
    const on = exit === undefined ? undefined : operandKey(params?.expression);
    // The model's parameters leave the nested actions out: the cases (an empty one too) are read from the document.
    return Object.entries(asObject(rawNode(context, n).cases) ?? {}).every(([name, c]) => {
      const value = on === undefined ? undefined : operandKey(asObject(c)?.case);
      return covered(`cases/${name.replace(/~/g, '~0').replace(/\//g, '~1')}/actions`, value !== undefined && (exit === `equals(${on},${value})` || exit === `equals(${value},${on})`));
    }) && covered('default/actions', false);
  });
}

/**
 * A condition of a Condition or Until as text to compare: the expression (`@equals(body('Poll')?['status'], 'Done')`)
 * or the designer's object (`{ "and": [{ "equals": ["@body('Poll')?['status']", "Done"] }] }`) both read
 * `equals(body('Poll')?['status'],'Done')`; `not(…)` for a negation. Undefined when it is neither.
 */
function conditionKey(condition: unknown): string | undefined {
  if (typeof condition === 'string') return condition.startsWith('@') && !condition.startsWith('@@') ? operandKey(condition) : undefined;
  const entries = Object.entries(asObject(condition) ?? {});
  if (entries.length !== 1) return undefined;
  const [op, value] = entries[0];
  if (op === 'not') {
    const inner = conditionKey(value);
    return inner === undefined ? undefined : `not(${inner})`;
  }
  if (!Array.isArray(value) || !value.length) return undefined;
  const parts = value.map((v) => (op === 'and' || op === 'or' ? conditionKey(v) : operandKey(v)));
  if (parts.some((k) => k === undefined)) return undefined;
  return (op === 'and' || op === 'or') && parts.length === 1 ? parts[0] : `${op.toLowerCase()}(${parts.join(',')})`;
}

/** An operand of a condition as text to compare: an expression without its `@` (or `@{…}`), blanks and case outside quotes; a literal quoted. */
function operandKey(value: unknown): string | undefined {
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (typeof value !== 'string') return undefined;
  if (!value.startsWith('@') || value.startsWith('@@')) return `'${(value.startsWith('@@') ? value.slice(1) : value).replace(/'/g, "''")}'`;
  const text = value.startsWith('@{') && value.endsWith('}') && value.indexOf('@{', 1) < 0 ? value.slice(2, -1) : value.slice(1);
  let key = '';
  let quoted = false;
  for (const c of text) {
    if (c === "'") quoted = !quoted;
    if (quoted || c === "'") key += c;
    else if (!/\s/.test(c)) key += c.toLowerCase();
  }
  return key;
}

/** A Wait (Delay) action whose interval is a count of 0 or less: it goes on at once. A count set by an expression is taken as a wait. */
function delaysNothing(node: FlowNode): boolean {
  const count = asObject(asObject(asObject(node.parameters)?.inputs)?.interval)?.count;
  return node.type.toLowerCase() === 'wait' && typeof count === 'number' && count <= 0;
}

/** A value written as a constant (`true`, `@true`, `5`, `'done'`): a flag that ends the loop, not a copy of what a call answered. */
function isConstant(value: unknown): boolean {
  if (typeof value === 'boolean' || typeof value === 'number') return true;
  return typeof value === 'string' && (!value.startsWith('@') || value.startsWith('@@') || /^@(?:true|false|-?\d+(?:\.\d+)?|'[^']*')$/.test(value));
}

/** True when an action runs only after a step failed or timed out (every `runAfter` entry lists only those states). */
function onlyAfterFailure(node: FlowNode): boolean {
  const after = Object.values(asObject(asObject(node.parameters)?.runAfter) ?? {});
  return after.length > 0 && after.every((states) => Array.isArray(states) && states.length > 0 && states.every((s) => /^(?:failed|timedout)$/i.test(String(s))));
}

/**
 * True when an `Until` loop counts its passes or stops on failure: its condition or an action inside uses
 * `iterationIndexes('<loop>')`, or its condition reads a variable that an action inside increments, or sets when a
 * call fails (run after `Failed`/`TimedOut`), or computes, after such a step, from a variable that step sets (the
 * failure branch marks the next-page link "Stop", and the exit flag is computed from the link).
 */
function untilBounded(loop: FlowNode, inside: readonly FlowNode[]): boolean {
  const exit = JSON.stringify(asObject(loop.parameters)?.expression ?? '');
  const passes = `iterationIndexes('${loop.name}')`;
  if (exit.includes(passes) || inside.some((n) => JSON.stringify(asObject(n.parameters)?.inputs ?? '').includes(passes))) return true;
  const read = new Set([...exit.matchAll(VARIABLE_REF)].map((m) => m[1]));
  if (inside.some((n) => read.has(variableSet(n) ?? '') && (n.type.toLowerCase() === 'incrementvariable' || setsOnFailure(n)))) return true;
  // Actions of the loop itself (not nested in a condition or scope), by name: what their `runAfter` refers to.
  const own = new Map(inside.filter((n) => !n.pointer.slice(loop.pointer.length + '/actions/'.length).includes('/')).map((n) => [n.name, n]));
  for (const flag of own.values()) {
    if (flag.type.toLowerCase() !== 'setvariable' || !read.has(variableSet(flag) ?? '')) continue;
    const from = new Set([...JSON.stringify(asObject(asObject(flag.parameters)?.inputs)?.value ?? '').matchAll(VARIABLE_REF)].map((m) => m[1]));
    for (const stop of own.values()) if (from.has(variableSet(stop) ?? '') && setsOnFailure(stop) && runsAfter(flag, stop, own)) return true;
  }
  return false;
}

/** The variable a SetVariable/IncrementVariable action sets. */
function variableSet(node: FlowNode): string | undefined {
  return asString(asObject(asObject(node.parameters)?.inputs)?.name);
}

/** A SetVariable action that runs after a step failed or timed out. */
function setsOnFailure(node: FlowNode): boolean {
  const runAfter = asObject(asObject(node.parameters)?.runAfter) ?? {};
  return node.type.toLowerCase() === 'setvariable' && Object.values(runAfter).some((states) => Array.isArray(states) && states.some((s) => s === 'Failed' || s === 'TimedOut'));
}

/** True when `action` runs after `before` succeeded: a chain of `runAfter` entries that accept `Succeeded` leads from one to the other. */
function runsAfter(action: FlowNode, before: FlowNode, siblings: ReadonlyMap<string, FlowNode>): boolean {
  const seen = new Set([action.name]);
  const queue = [action];
  for (let i = 0; i < queue.length; i++) {
    for (const [name, states] of Object.entries(asObject(asObject(queue[i].parameters)?.runAfter) ?? {})) {
      if (!Array.isArray(states) || (states.length && !states.includes('Succeeded'))) continue;
      if (name === before.name) return true;
      const next = siblings.get(name);
      if (next && !seen.has(name)) {
        seen.add(name);
        queue.push(next);
      }
    }
  }
  return false;
}
