// What the Make and Zapier describers share: their steps reference other steps' outputs by id inside `{{ … }}` in any
// parameter (Make `{{3.body.email}}`, Zapier `{{123456__email}}`) and pass nothing on implicitly.
import type { SinkKind } from '../knowledge/sinks.js';
import { confineToUrlPath, pointerFrom, scanStrings, templateBlocks, urlHostBounds, type Block } from './expressions.js';
import type { FlowGraph } from './graph.js';
import type { Leaf, Reference, Sink } from './types.js';

/** Roles of steps whose output is read from their inputs (a transform, a filter, code, a model). */
export const TRANSFORM_ROLES: ReadonlySet<string> = new Set(['transform', 'control', 'code', 'ai']);
/** Roles of steps whose output is computed from their inputs (a model's answer, code's result), not a copy of them. */
export const COMPUTING_ROLES: ReadonlySet<string> = new Set(['code', 'ai']);

/**
 * The strings under a step's parameters `raw` (at pointer `base`) that hold references, as `refsOf` reads them; those
 * in the path or query of a URL with a literal host are confined. `skip` prunes members of `raw` that hold no data.
 */
export function templateLeaves(raw: Record<string, unknown>, base: string, graph: FlowGraph, refsOf: (value: string) => Reference[], skip?: ReadonlySet<string>): Leaf[] {
  const leaves: Leaf[] = [];
  scanStrings(raw, (value) => graph.budget.spend() && value.includes('{{'), (value, segments) => {
    let refs = refsOf(value);
    if (refs.length && value.includes('://')) refs = confineToUrlPath(value, refs, templateBlocks(value).map((b) => ({ start: b.outerStart, end: b.outerEnd })));
    if (refs.length) leaves.push({ pointer: pointerFrom(base, segments), path: [...segments], value, refs });
  }, skip && ((key) => skip.has(key)));
  return leaves;
}

/** A sink of `kind` at a leaf; for a URL, only the references written before its literal path reach the host. */
export function templateSink(kind: SinkKind, leaf: Leaf): Sink {
  return { kind, pointer: leaf.pointer, refs: leaf.refs, ...(kind === 'url' ? urlHostBounds(leaf.value, templateBlocks(leaf.value).map((b) => ({ start: b.outerStart, end: b.outerEnd }))) : {}) };
}

/**
 * Marks the reference `refs[before]` as the whole value when `block` is the value's only block, it holds only that
 * reference and nothing is written around it.
 */
export function wholeIfAlone(value: string, blocks: readonly Block[], block: Block, refs: Reference[], before: number): void {
  if (blocks.length !== 1 || refs.length !== before + 1 || value.slice(0, block.outerStart).trim() || value.slice(block.outerEnd).trim()) return;
  const r = refs[before];
  const content = value.slice(block.start, block.end).trim();
  if (content === value.slice(r.start, r.end) || (r.start === block.outerStart && r.end === block.outerEnd)) refs[before] = { ...r, whole: true };
}
