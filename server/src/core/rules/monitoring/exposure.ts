// What a failure costs, for the error-handling rule on every platform: which calls each unattended trigger's runs make,
// which of them its sender hears of, and the words a message uses for what is lost and who is told.
import { Budget, reach } from '../../dataflow/graph.js';
import type { FlowNode } from '../../model/index.js';
import { writesRecords, type UnattendedTrigger } from '../flowShape.js';
import type { RuleReport } from '../types.js';

/** What a failure in one trigger's runs costs: the calls they make and how many of those fail with nobody waiting. */
export interface Exposure {
  readonly trigger: UnattendedTrigger;
  /** The trigger's sender waits for an answer, so it hears of the calls made before it is answered. */
  readonly waits: boolean;
  /**
   * The sender waits for an answer that no node sends (a Node-RED `http in` with no enabled `http response` after it):
   * `disabled` when one would follow but for disabled nodes.
   */
  readonly unanswered?: true | 'disabled';
  /** Calls made after the sender was answered (all of them when it does not wait): their failures are silent. */
  readonly silent: number;
  /** One of the silent calls writes to a system of record. */
  readonly silentWrite: boolean;
  /** The calls this trigger starts (n8n; undefined where every call counts for the one trigger). */
  readonly calls?: number;
}

/**
 * A warning when a failure silently loses a record: inbound data (sent once, already acknowledged) that the flow writes
 * to a system of record after its sender was answered. Scheduled runs come again, senders that wait for the answer
 * see the failure, and a failed notification or chat reply is noticed by its reader: those are info.
 */
export function severityFor(exposure: Exposure): RuleReport['severity'] {
  return exposure.trigger.kind === 'inbound' && exposure.silentWrite ? 'warning' : 'info';
}

/** The exposure a finding describes: inbound data lost from a record, else inbound calls nobody hears of, else a schedule, else the first. */
export function worst(exposures: readonly Exposure[]): Exposure | undefined {
  const rank = (e: Exposure) => (e.trigger.kind !== 'inbound' ? 1 : e.silentWrite ? 3 : e.silent ? 2 : 0);
  return exposures.reduce<Exposure | undefined>((best, e) => (!best || rank(e) > rank(best) ? e : best), undefined);
}

/** What a platform keeps of a failed run, and who hears of the failure. */
export interface Aftermath {
  /** What holds the failed run with its input, and the verb for running it again; undefined when nothing does. */
  readonly kept?: { readonly run: string; readonly retry: string };
  /** Who hears of a failure nobody waited for. */
  readonly told: string;
  /** Who else hears of a failure its caller sees. */
  readonly toldOthers: string;
  /** What a waiting caller gets when a call before its answer fails; `an error` when absent. */
  readonly callerGets?: string;
  /**
   * The answer is sent on some branches only (Node-RED: an http response ends a branch, and a switch may send a message
   * down another): a call its caller does not hear of runs where no answer follows, not after one.
   */
  readonly answersOnBranches?: true;
}

export const NOBODY: Aftermath = { told: 'nobody is told', toldOthers: 'nobody else is told' };

/** What a failed run leaves behind and who hears of it, for the call sentence of a message (`total` calls in all). */
export function fate(exposure: Exposure, total: number, after: Aftermath): string {
  const name = exposure.trigger.node.name;
  if (exposure.trigger.kind === 'schedule') return `that run of "${name}" ${after.kept ? 'stops' : 'is lost'} and ${after.told}`;
  if (!exposure.silent) return `the caller of "${name}" gets ${after.callerGets ?? 'an error'}, but ${after.toldOthers}`;
  const late = exposure.silent === total ? (total === 1 ? 'it runs' : 'they run') : `${exposure.silent} of them run${exposure.silent === 1 ? 's' : ''}`;
  const data = !exposure.waits
    ? `the data "${name}" received`
    : after.answersOnBranches
      ? `"${name}" has answered its caller on another branch, or never will (its request times out), since no http response follows where ${late}: the data it received`
      : `"${name}" has already answered its caller when ${late}: the data it received`;
  const lost = `${data} ${after.kept ? `waits in the failed ${after.kept.run} until someone finds it and ${after.kept.retry} it,` : 'is dropped'} and ${after.told}`;
  if (!exposure.unanswered) return lost;
  const why = exposure.unanswered === 'disabled' ? `the http response nodes after "${name}" are disabled or sit behind a disabled node` : `no http response node follows "${name}"`;
  return `${lost}; its caller cannot tell, since ${why}: every request to it waits until it times out`;
}

/** The calls the message speaks of: all of the workflow's (`whose` they are), or those of the trigger it is about when others start more. */
export function whichCalls(exposure: Exposure, total: number, whose = 'its'): string {
  const own = exposure.calls ?? total;
  if (own === total) return anyOf(total, whose);
  const name = exposure.trigger.node.name;
  return own === 1 ? `the call "${name}" starts (one of ${total} to other systems)` : `one of the ${calls(own)} "${name}" starts (of ${total} to other systems)`;
}

/** `1 call` / `3 calls`. */
function calls(count: number): string {
  return `${count} call${count === 1 ? '' : 's'}`;
}

/** `its call to another system` / `one of its 3 calls to other systems`. */
export function anyOf(count: number, whose = 'its'): string {
  return count === 1 ? `${whose} call to another system` : `one of ${whose} ${calls(count)} to other systems`;
}

/**
 * Nodes the per-trigger walks of one flow may visit, all triggers together: many webhooks that share one long chain
 * would otherwise cost triggers × nodes. Beyond it, the triggers judged whole so far decide (or, when none of them has
 * calls, the first trigger that has, judged alone).
 */
export const MAX_VISITS = 200_000;

/**
 * Each trigger's exposure within the budgets: all of them judged whole within `first`; if that ran out before any
 * trigger with calls was judged whole, the first such trigger alone, within `alone` (with `hearsAlone` when given).
 */
export function judgeTriggers(triggers: readonly UnattendedTrigger[], graphs: TriggerGraphs, budgets: { readonly first: Budget; readonly alone: Budget; readonly hearsAlone?: TriggerGraphs['hears'] }): { total: number; exposures: Exposure[]; calls: readonly string[] } {
  const judged = exposuresOf(triggers, graphs, budgets.first);
  if (judged.exposures.length) return judged;
  const alone = budgets.hearsAlone ? { ...graphs, hears: budgets.hearsAlone } : graphs;
  for (const trigger of triggers) {
    const one = exposuresOf([trigger], alone, budgets.alone);
    if (one.exposures.length || budgets.alone.exhausted) return one;
  }
  return judged;
}

export interface TriggerGraphs {
  readonly next: ReadonlyMap<string, readonly string[]>;
  /** Step id → the nodes in it that call out (the calls that count). */
  readonly steps: ReadonlyMap<string, readonly FlowNode[]>;
  /**
   * What the sender of `trigger` hears of, given the nodes its runs reach: `all` (it waits for the whole run), the ids
   * of the nodes that run before it is answered, `never` (it waits for an answer no node sends), or undefined (it does
   * not wait). Walks spend `budget`.
   */
  readonly hears: (trigger: UnattendedTrigger, reached: ReadonlySet<string>, budget?: Budget) => 'all' | 'never' | ReadonlySet<string> | undefined;
}

/**
 * Each trigger's exposure: the calls it reaches, and which of them its caller hears of. Walks spend `budget`; once it
 * is spent, the triggers judged whole so far are the answer.
 */
function exposuresOf(triggers: readonly UnattendedTrigger[], { next, steps, hears }: TriggerGraphs, budget?: Budget): { total: number; exposures: Exposure[]; calls: readonly string[] } {
  const all = new Set<string>();
  const exposures: Exposure[] = [];
  for (const trigger of triggers) {
    const found = judge(trigger);
    if (budget?.exhausted) break; // this one was cut short
    if (found) {
      exposures.push(found.exposure);
      for (const id of found.calls) all.add(id);
    }
  }
  return { total: all.size, exposures, calls: [...all] };

  function judge(trigger: UnattendedTrigger): { exposure: Exposure; calls: string[] } | undefined {
    const reached = reach([trigger.node.id], next, budget);
    const mine: [string, readonly FlowNode[]][] = [];
    for (const id of reached) {
      const nodes = steps.get(id);
      if (nodes) mine.push([id, nodes]);
    }
    if (!mine.length) return undefined;
    const heard = hears(trigger, reached, budget);
    const silent = heard === 'all' ? [] : mine.filter(([id]) => heard === undefined || heard === 'never' || !heard.has(id));
    return {
      exposure: {
        trigger,
        waits: heard !== undefined && heard !== 'never',
        ...(heard === 'never' ? { unanswered: true } : {}),
        silent: silent.length,
        silentWrite: silent.some(([, nodes]) => nodes.some(writesRecords)),
        calls: mine.length,
      },
      calls: mine.map(([id]) => id),
    };
  }
}

/** `"A"`, `"A" and "B"`, `"A", "B", "C" and 2 more`. */
export function names(nodes: readonly FlowNode[]): string {
  const quoted = nodes.slice(0, 3).map((n) => `"${n.name}"`);
  const more = nodes.length - quoted.length;
  if (more) return `${quoted.join(', ')} and ${more} more`;
  return quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}` : quoted[0];
}
