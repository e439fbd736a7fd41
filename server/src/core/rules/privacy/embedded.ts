// Whether a value built on the way to a third party still holds a source field's text. The data-flow engine marks a
// value built from a field (`Taint.derived`) without saying how: a prompt or message that a Set, Compose or template
// step fills in, or that code puts together with a template literal or `+`, holds the field as written; a value computed
// from it (a length, a comparison, a count, what an AI model answered) does not. This reads the steps of the chain
// again to tell the two apart.
import { MAX_HOPS } from '../../dataflow/engine.js';
import { isFieldPrefix, isIdentChar, templateBlocks, wdlBlocks, type Block } from '../../dataflow/expressions.js';
import { readPlaces } from '../../dataflow/nodeRedCode.js';
import { callArguments } from '../../dataflow/predicates.js';
import type { Dataflow, NodeFlow, Reference, Taint, TaintAnalysis } from '../../dataflow/index.js';
import { N8N_CODE_TYPES } from '../../knowledge/nodeProvenance.js';
import type { FlowNode, Platform } from '../../model/index.js';

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

// ---- Template text: `Customer {{ $json.email }}`, `@{triggerBody()?['email']}`, `{{1.email}}`, `{{payload.email}}`.

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

function blockAround(text: string, ref: Reference, platform: Platform): Block | undefined {
  const blocks = platform === 'power-automate' || platform === 'logic-apps' ? wdlBlocks(text) : templateBlocks(text, platform === 'n8n' && text.charCodeAt(0) === 61 ? 1 : 0);
  return blocks.find((b) => b.start <= ref.start && ref.end <= b.end);
}

type Language = 'js' | 'wdl' | 'make';

/** Methods and functions that return their argument's text, changed in case or spacing only. */
const JS_TEXT_METHODS = new Set(['trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'toLocaleLowerCase', 'toLocaleUpperCase', 'toString', 'toTitleCase', 'toSentenceCase']);
/** Text methods whose result still holds the text, whatever their arguments (`p.replace(/\n/g, " ")`, `p.padEnd(40)`). */
const JS_TEXT_METHODS_WITH_ARGUMENTS = new Set(['replace', 'replaceAll', 'padStart', 'padEnd', 'normalize', 'concat']);
const JS_TEXT_WRAPPERS = new Set(['String', 'JSON.stringify']);
const WDL_TEXT_WRAPPERS = new Set(['string', 'trim', 'tolower', 'toupper']);
const MAKE_TEXT_WRAPPERS = new Set(['lower', 'upper', 'trim', 'capitalize', 'tostring']);

/**
 * True when the reference, within `text[lo, hi)`, is put into text as it is: the whole of the range (`asWhole`), an
 * interpolation `${…}` of a template literal, an operand of `+` next to a string literal or of a `+` chain appended
 * (`line += x`), or an argument of WDL `concat`;
 * text functions around it (`.trim()`, `toLower(…)`, `JSON.stringify(…)`) change nothing. The reference must be the
 * whole operand (`'Domain ' + x.split('@')[1]` is not `x`), and a `+` chain a whole expression (`'Same: ' + x === y` is a
 * comparison).
 */
function operandEmbedded(text: string, lo: number, hi: number, ref: Pick<Reference, 'start' | 'end'>, language: Language, asWhole: boolean): boolean {
  const span = operandSpan(text, lo, hi, ref, language);
  const p = prevNonSpace(text, span.start - 1, lo);
  const q = nextNonSpace(text, span.end, hi);
  if (asWhole && p < lo && q >= hi) return true;
  if (language === 'wdl') return p >= lo && (text[p] === '(' || text[p] === ',') && enclosingCall(text, lo, span.start) === 'concat';
  if (language !== 'js') return false;
  if (p > lo && text[p] === '{' && text[p - 1] === '$' && q < hi && text[q] === '}') return true;
  const joined =
    (p >= lo && text[p] === '+' && text[p - 1] !== '+' && isQuote(text[prevNonSpace(text, p - 1, lo)])) ||
    (q < hi && text[q] === '+' && text[q + 1] !== '+' && text[q + 1] !== '=' && isQuote(text[nextNonSpace(text, q + 1, hi)]));
  const end = chainEnd(text, span.end, hi);
  if (!endsExpression(text, end, hi)) return false;
  const start = chainStart(text, span.start, lo);
  if (joined) return startsExpression(text, start, lo);
  // Appended (`line += x`, `line += a + x`): the text (or the number) held goes on with the value's text after it.
  const s = prevNonSpace(text, start - 1, lo);
  return s > lo && text[s] === '=' && text[s - 1] === '+';
}

/**
 * True when a JavaScript expression may end at `end`: at the end of the range, before `,`, `)`, `]`, `}`, `;`, `:`, `||`
 * or `??` (whose result may be the text), or at a line break before a new statement. Not before `.`, `[` or `(` (a
 * property or call of the value: `.split('@')`, `.slice(-4)`, `.includes('@')`), an operator (`===`, `<`, `-`, `&&`)
 * or `?`.
 */
function endsExpression(text: string, end: number, hi: number): boolean {
  if (end < 0) return false;
  const q = nextNonSpace(text, end, hi);
  if (q >= hi) return true;
  const c = text[q];
  if (',)]};:'.includes(c)) return true;
  if ((c === '|' && text[q + 1] === '|') || (c === '?' && text[q + 1] === '?')) return true;
  return text.slice(end, q).includes('\n') && /[A-Za-z_$]/.test(c);
}

/**
 * True when a JavaScript expression may start at `start`: at the start of the range, after `(`, `[`, `{`, `,`, `;`, `?`,
 * `:`, an assignment (`=`, `+=`), `=>`, `||`, `&&`, `??`, or `return`. Not after a comparison (`x === 'a' + y`), a
 * unary operator (`!`, `-`, `typeof`) or another operator.
 */
function startsExpression(text: string, start: number, lo: number): boolean {
  const p = prevNonSpace(text, start - 1, lo);
  if (p < lo) return true;
  const c = text[p];
  if ('([{,;?:'.includes(c)) return true;
  if (c === '=') return !'=!<>'.includes(text[p - 1] ?? '');
  if (c === '>') return text[p - 1] === '=' && !'=!'.includes(text[p - 2] ?? '');
  if ((c === '|' && text[p - 1] === '|') || (c === '&' && text[p - 1] === '&') || (c === '?' && text[p - 1] === '?')) return true;
  return /(?:^|[^\w$])return$/.test(text.slice(Math.max(lo, p - 6), p + 1));
}

/**
 * Walks forward over `+ 'text'` and `+ a.b(…)` operands after `end`, not past `hi`: where the `+` chain going on at
 * `end` ends, or -1 when an operand cannot be read.
 */
function chainEnd(text: string, end: number, hi: number): number {
  let x = end;
  for (let guard = 0; guard < 32; guard++) {
    const q = nextNonSpace(text, x, hi);
    if (q >= hi || text[q] !== '+' || text[q + 1] === '+' || text[q + 1] === '=') return x;
    let y = nextNonSpace(text, q + 1, hi);
    if (isQuote(text[y])) {
      const close = closingQuote(text, y, hi);
      if (close === -1) return -1;
      x = close + 1;
      continue;
    }
    const from = y;
    while (y < hi) {
      const c = text[y];
      if (isIdentChar(text.charCodeAt(y)) || c === '.' || (c === '?' && text[y + 1] === '.')) y++;
      else if (c === '(' || c === '[') {
        y = matchForward(text, y, hi);
        if (y === -1) return -1;
      } else break;
    }
    if (y === from) return -1;
    x = y;
  }
  return x;
}

/** The index of the quote closing the string that opens at `open` (a backslash escapes), or -1. */
function closingQuote(text: string, open: number, hi: number): number {
  for (let i = open + 1; i < hi; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === text[open]) return i;
  }
  return -1;
}

/** The index after the `)` or `]` closing the `(` or `[` at `open` (strings inside skipped), or -1. */
function matchForward(text: string, open: number, hi: number): number {
  const close = text[open] === '(' ? ')' : ']';
  let depth = 0;
  for (let i = open; i < hi && i - open < 2000; i++) {
    const c = text[i];
    if (isQuote(c)) {
      i = closingQuote(text, i, hi);
      if (i === -1) return -1;
    } else if (c === text[open]) depth++;
    else if (c === close && --depth === 0) return i + 1;
  }
  return -1;
}

/**
 * The reference with the text functions around it. (A property of the value, `email.length` or `address.id`, is a field
 * of its own, which the privacy rule does not take for the value: see sensitiveCategoryOf.)
 */
function operandSpan(text: string, lo: number, hi: number, ref: Pick<Reference, 'start' | 'end'>, language: Language): { start: number; end: number } {
  // An object spread whole (`{ ...$json, ts: 1 }`) holds each of its fields as written: the operand is the object.
  const spread = language === 'js' ? spreadIn(text, ref, lo, hi) : undefined;
  let start = spread?.start ?? ref.start;
  let end = spread?.end ?? ref.end;
  for (let guard = 0; guard < 8; guard++) {
    if (language === 'js') {
      // `.trim()`, `.toLowerCase()`, `.replace(/\n/g, " ")`, `.padEnd(40)` after it.
      const kept = keptTextMethodEnd(text, end, hi);
      if (kept !== -1) {
        end = kept;
        continue;
      }
    }
    // `String(…)`, `toLower(…)`, `lower(…)` around it.
    const open = prevNonSpace(text, start - 1, lo);
    const close = nextNonSpace(text, end, hi);
    if (open >= lo && text[open] === '(' && close < hi && text[close] === ')') {
      const name = calleeBefore(text, open, lo);
      const wrappers = language === 'js' ? JS_TEXT_WRAPPERS : language === 'wdl' ? WDL_TEXT_WRAPPERS : MAKE_TEXT_WRAPPERS;
      if (wrappers.has(language === 'js' ? name : name.toLowerCase())) {
        start = open - name.length;
        end = close + 1;
        continue;
      }
    }
    break;
  }
  return { start, end };
}

/**
 * The index after the JavaScript text method called at `end` (spaces before it), within `hi`, when its result holds the
 * text it is called on: `.trim()`, `.toLowerCase()`, or whatever the arguments (`.replace(/\n/g, " ")`, `.padEnd(40)`,
 * `.concat(" …")`); -1 otherwise. The arguments are read as code (a `)` in a string or a regular expression closes
 * nothing), at most 2,000 characters of them. A replace that cuts the text at an `@` (`.replace(/.*@/, "")`: the domain,
 * `.replace(/@.*$/, "")`: the name) keeps a part of it, and one that writes only mask characters (`"*"`, `"$1***$2"`)
 * masks it: neither keeps the text.
 */
function keptTextMethodEnd(text: string, end: number, hi: number): number {
  const m = /^\s*\??\.([A-Za-z]+)\(/.exec(text.slice(end, Math.min(hi, end + 40)));
  if (!m) return -1;
  const open = end + m[0].length - 1;
  if (JS_TEXT_METHODS.has(m[1])) {
    const close = nextNonSpace(text, open + 1, hi);
    return close < hi && text[close] === ')' ? close + 1 : -1;
  }
  if (!JS_TEXT_METHODS_WITH_ARGUMENTS.has(m[1])) return -1;
  const args = callArguments(text, open, 'js', Math.min(hi, open + 2000));
  const last = args[args.length - 1];
  if (!last || text[last.end] !== ')') return -1;
  if (m[1] === 'replace' || m[1] === 'replaceAll') {
    const pattern = literalText(text.slice(args[0].start, args[0].end));
    if (pattern !== undefined && pattern.includes('@') && pattern.replace(/\\/g, '') !== '@') return -1;
    const by = args.length > 1 ? literalText(text.slice(args[1].start, args[1].end)) : undefined;
    if (by !== undefined && /^[*•X#]+$/.test(by.replace(/\$(?:\d+|&|<[\w$]*>)|[@.-]/g, ''))) return -1;
  }
  return last.end + 1;
}

/** The text of a string literal (`"@"`, no `${…}` in it) or the source of a regular expression literal (`/.*@/g`) that `arg` is, or undefined. */
function literalText(arg: string): string | undefined {
  const t = arg.trim();
  if (t.length >= 2 && isQuote(t[0]) && t[t.length - 1] === t[0]) return t[0] === '`' && t.includes('${') ? undefined : t.slice(1, -1);
  const slash = t.lastIndexOf('/');
  return t[0] === '/' && slash > 0 && /^[a-z]*$/.test(t.slice(slash + 1)) ? t.slice(1, slash) : undefined;
}

/**
 * The JavaScript object literal in `text[lo, hi)` that spreads the reference whole (`{ ...$json, email: … }`), or the
 * `Object.assign` call that copies it whole (`Object.assign({}, $json, { email: … })`): its span, and the keys written
 * after the reference (`email`: a key of the object literal after the spread, or of an object literal given to
 * `Object.assign` after the reference), whose values replace what the value holds there. Undefined when the reference
 * is neither. Keys a computed name, a later spread or a later argument other than an object literal writes are not told.
 */
export function spreadIn(text: string, ref: Pick<Reference, 'start' | 'end'>, lo = 0, hi = text.length): { start: number; end: number; after: ReadonlySet<string> } | undefined {
  const before = prevNonSpace(text, ref.start - 1, lo);
  const next = nextNonSpace(text, ref.end, hi);
  // Read no further than this either side, strings included: each spread costs at most as much, however long the text.
  const reach = { lo: Math.max(lo, before - SPREAD_REACH), hi: Math.min(hi, next + SPREAD_REACH) };
  if (text[before] === '(' || text[before] === ',') {
    if (text[next] !== ',' && text[next] !== ')') return undefined;
    return assignIn(text, before, next, reach.lo, reach.hi);
  }
  if (before < lo + 2 || text.slice(before - 2, before + 1) !== '...') return undefined;
  if (text[next] !== ',' && text[next] !== '}') return undefined;
  // Back to the `{` that opens the object (keys before the spread skipped, strings too).
  const open = bracketBefore(text, before - 3, reach.lo);
  if (open === -1 || text[open] !== '{') return undefined;
  // On to the `}` that closes it, reading the key of each property after the spread.
  const after = new Set<string>();
  const close = keysTo(text, next, reach.hi, after, false);
  return close !== -1 && text[close] === '}' ? { start: open, end: close + 1, after } : undefined;
}

/**
 * {@link spreadIn} for a reference that is a whole argument of a call (the text before it at `before`, after it at
 * `next`, read within `[lo, hi)`): the `Object.assign(…)` call and the keys of the object literals given after it.
 */
function assignIn(text: string, before: number, next: number, lo: number, hi: number): { start: number; end: number; after: ReadonlySet<string> } | undefined {
  // Most arguments are of no `Object.assign`: the call's name is looked for before its brackets are.
  if (text[before] !== '(' && !text.slice(lo, before).includes(ASSIGN)) return undefined;
  const open = text[before] === '(' ? before : bracketBefore(text, before - 1, lo);
  if (open === -1 || text[open] !== '(') return undefined;
  const callee = calleeBefore(text, open, lo);
  if (callee !== ASSIGN) return undefined;
  const after = new Set<string>();
  for (let i = next, depth = 0; i < hi; i++) {
    const c = text[i];
    if (isQuote(c)) {
      i = closingQuote(text, i, hi);
      if (i === -1) return undefined;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth-- === 0) return c === ')' ? { start: open - callee.length, end: i + 1, after } : undefined;
    } else if (c === ',' && depth === 0) {
      // An object literal given whole (`{ email: null }`, not `{ … }.x`): its keys replace the value's.
      const arg = nextNonSpace(text, i + 1, hi);
      if (text[arg] !== '{') continue;
      const keys = new Set<string>();
      const close = keysTo(text, arg + 1, hi, keys, true);
      if (close === -1 || text[close] !== '}') return undefined;
      if (',)'.includes(text[nextNonSpace(text, close + 1, hi)] ?? '.')) for (const k of keys) after.add(k);
      i = close;
    }
  }
  return undefined;
}

/** The `(`, `[` or `{` not closed at or before `from` (strings skipped, a quote a backslash escapes too), not before `lo`; or -1. */
function bracketBefore(text: string, from: number, lo: number): number {
  for (let i = from, depth = 0; i >= lo; i--) {
    const c = text[i];
    if (isQuote(c)) {
      i = openingQuote(text, i, lo);
      if (i < lo) return -1;
    } else if (c === ')' || c === ']' || c === '}') depth++;
    else if ((c === '(' || c === '[' || c === '{') && depth-- === 0) return i;
  }
  return -1;
}

/**
 * Reads an object literal's properties from `from` (`atKey`: a key may start there) on to the bracket that closes it,
 * adding the key of each (`email: …`, `'email': …`, a shorthand `email`) to `keys`: that bracket's index, or -1.
 */
function keysTo(text: string, from: number, hi: number, keys: Set<string>, atKey: boolean): number {
  for (let i = from, depth = 0; i < hi; i++) {
    const c = text[i];
    if (isQuote(c)) {
      const close = closingQuote(text, i, hi);
      if (close === -1) return -1;
      if (atKey && c !== '`' && text[nextNonSpace(text, close + 1, hi)] === ':') keys.add(text.slice(i + 1, close));
      atKey = false;
      i = close;
    } else if (c === '(' || c === '[' || c === '{') {
      depth++;
      atKey = false;
    } else if (c === ')' || c === ']' || c === '}') {
      if (depth-- === 0) return i;
    } else if (c === ',' && depth === 0) atKey = true;
    else if (atKey && isIdentChar(text.charCodeAt(i))) {
      let j = i;
      while (j < hi && isIdentChar(text.charCodeAt(j))) j++;
      // `email: …`, or a shorthand `email` (a variable of that name).
      const q = nextNonSpace(text, j, hi);
      if (q < hi && ':,}'.includes(text[q])) keys.add(text.slice(i, j));
      atKey = false;
      i = j - 1;
    } else if (!/\s/.test(c)) atKey = false;
  }
  return -1;
}

const ASSIGN = 'Object.assign';

/** How far {@link spreadIn} reads either side of a spread for its object, and {@link ownerOf} back for a key's object. */
const SPREAD_REACH = 4000;

/** The index of the quote opening the string that the quote at `close` closes (one a backslash escapes skipped), or -1. */
function openingQuote(text: string, close: number, lo: number): number {
  for (let i = close - 1; i >= lo; i--) {
    if (text[i] !== text[close]) continue;
    let slashes = 0;
    while (i - slashes - 1 >= lo && text[i - slashes - 1] === '\\') slashes++;
    if (slashes % 2 === 0) return i;
  }
  return -1;
}

/** The name called by the `(` at `open` (`JSON.stringify`, `concat`), or `''`. */
function calleeBefore(text: string, open: number, lo: number): string {
  let i = open;
  while (i > lo && (isIdentChar(text.charCodeAt(i - 1)) || text[i - 1] === '.')) i--;
  return text.slice(i, open);
}

/** The lower-case name of the call whose parentheses hold index `at` (`concat` in `concat('a', x)`), or `''`. */
function enclosingCall(text: string, lo: number, at: number): string {
  let depth = 0;
  for (let i = at - 1; i >= lo; i--) {
    const c = text[i];
    if (c === "'") {
      // Skip a quoted WDL string backwards (`''` escapes a quote).
      let j = i - 1;
      while (j >= lo && (text[j] !== "'" || text[j - 1] === "'")) j -= text[j] === "'" ? 2 : 1;
      i = j;
    } else if (c === ')') depth++;
    else if (c === '(') {
      if (depth === 0) return calleeBefore(text, i, lo).toLowerCase();
      depth--;
    }
  }
  return '';
}

// ---- At the sending node: `{{ $json.email.includes('@') }}`, `@length(triggerBody()?['email'])`, `{{substring(1.phone; 0; 3)}}`.

/** JavaScript methods whose result tells something about a text without holding it: a test or a position. */
const JS_TEST_METHODS = new Set(['includes', 'startsWith', 'endsWith', 'indexOf', 'lastIndexOf', 'search', 'localeCompare']);
/** Workflow Definition Language functions whose result tells something about a text (lower case). */
const WDL_TEST_FUNCTIONS = new Set(['length', 'equals', 'contains', 'startswith', 'endswith', 'indexof', 'lastindexof', 'nthindexof', 'empty', 'not', 'and', 'or', 'greater', 'greaterorequals', 'less', 'lessorequals', 'bool']);
/** Make functions whose result tells something about a text (lower case). */
const MAKE_TEST_FUNCTIONS = new Set(['length', 'contains', 'indexof', 'startswith', 'endswith', 'empty', 'not']);
/** At most this many characters of a value, cut out of it, disclose nothing (a card's last four digits, PCI DSS truncation). */
const MAX_KEPT_CHARACTERS = 4;

/**
 * What the sending node's expression `text` sends of the reference's value when it sends something computed from it:
 * `test` for a test (`.includes('@')`, `contains(…)`, `length(…)`, `empty(…)`, a comparison, `!x`, the condition of
 * `x ? a : b` or of WDL `if`), `cut` for at most {@link MAX_KEPT_CHARACTERS} characters cut out of it (`.slice(-4)`,
 * `.substring(0, 3)`, WDL `substring(x, start, 4)`, Make `substring(x; 0; 3)`). Text functions around the reference
 * (`toLower`, `.trim()`) change nothing. A `.slice` or WDL `take` of a field named as a list (`emails`, `attendees`)
 * keeps whole elements, not characters: no cut. Undefined when the value itself is sent, when the expression cannot be
 * read, and for Node-RED.
 */
function computedAtSink(text: string, ref: Reference, platform: Platform): 'test' | 'cut' | undefined {
  const found = computedKind(text, ref, platform);
  return found === 'cut-list' ? (looksLikeList(ref.field) ? undefined : 'cut') : found;
}

/**
 * {@link computedAtSink} for each reference `refs` of the sent value `text`. Cuts of one field that together may keep
 * more of it than one cut (a card number in groups of four, `c.slice(0, 4) + ' ' + c.slice(4, 8) …`; a phone number
 * written `(555) 010-4477`) count as the value: none of them is a cut.
 */
export function computedAtSinkAll(text: string, refs: readonly Reference[], platform: Platform): Map<Reference, 'test' | 'cut'> {
  const out = new Map<Reference, 'test' | 'cut'>();
  const cuts = new Map<string, number>();
  const key = (r: Reference) => `${r.kind}\u0000${r.target ?? ''}\u0000${r.field}`;
  for (const ref of refs) {
    const computed = ref.masked ? undefined : computedAtSink(text, ref, platform);
    if (!computed) continue;
    out.set(ref, computed);
    if (computed === 'cut') cuts.set(key(ref), (cuts.get(key(ref)) ?? 0) + 1);
  }
  for (const [ref, computed] of out) if (computed === 'cut' && (cuts.get(key(ref)) ?? 0) > 1) out.delete(ref);
  return out;
}

/**
 * True when the field's last name is a plural (`emails`, `attendees`, `toRecipients`, `phoneNumbers`), whose value may
 * be a list: `address`, `status` and `diagnosis` are not.
 */
function looksLikeList(field: string): boolean {
  const last = field.slice(field.lastIndexOf('.') + 1).toLowerCase();
  return /[a-z]s$/.test(last) && !/(?:ss|us|is)$/.test(last);
}

/** {@link computedAtSink}, with `cut-list` for a cut that keeps a list's elements when the value is one (`.slice`, `take`). */
function computedKind(text: string, ref: Reference, platform: Platform): 'test' | 'cut' | 'cut-list' | undefined {
  if (platform === 'node-red' || platform === 'zapier') return undefined;
  const block = blockAround(text, ref, platform);
  if (!block) return undefined;
  const language: Language = platform === 'n8n' ? 'js' : platform === 'make' ? 'make' : 'wdl';
  const { start, end } = operandSpan(text, block.start, block.end, ref, language);
  const lo = block.start;
  const hi = block.end;
  if (language === 'js') {
    const method = /^\s*\??\.([A-Za-z]+)\s*\(/.exec(text.slice(end, Math.min(hi, end + 40)));
    if (method) {
      if (JS_TEST_METHODS.has(method[1])) return 'test';
      const open = end + method[0].length - 1;
      const close = matchForward(text, open, hi);
      if (close === -1 || !keepsFewCharacters(method[1], text.slice(open + 1, close - 1))) return undefined;
      // An array's `slice` keeps elements (the first three addresses of a list), a string's characters.
      return method[1] === 'slice' ? 'cut-list' : 'cut';
    }
    // A condition (`x ? a : b`, not `x?.y` or `x ?? y`), a comparison on either side, a negation.
    const q = nextNonSpace(text, end, hi);
    const p = prevNonSpace(text, start - 1, lo);
    const after = text.slice(q, q + 2);
    if (q < hi && ((text[q] === '?' && text[q + 1] !== '.' && text[q + 1] !== '?') || after === '==' || after === '!=' || text[q] === '<' || text[q] === '>')) return 'test';
    return p >= lo && (text[p] === '!' || text[p] === '<' || (text[p] === '=' && '=!<>'.includes(text[p - 1] ?? '')) || (text[p] === '>' && text[p - 1] !== '=')) ? 'test' : undefined;
  }
  const call = callAround(text, lo, start, end, language === 'make' ? ';' : ',');
  if (!call) return undefined;
  if (call.name === 'if') return call.index === 0 ? 'test' : undefined;
  if ((language === 'make' ? MAKE_TEST_FUNCTIONS : WDL_TEST_FUNCTIONS).has(call.name)) return 'test';
  if (call.name === 'substring' && call.index === 0 && call.args.length === 3) {
    if (language === 'wdl') return smallCount(call.args[2]) ? 'cut' : undefined;
    const [from, to] = [Number(call.args[1]), Number(call.args[2])];
    return /^\d+$/.test(call.args[1]) && /^\d+$/.test(call.args[2]) && to - from <= MAX_KEPT_CHARACTERS ? 'cut' : undefined;
  }
  // WDL `take` keeps a string's first characters or a list's first elements.
  return language === 'wdl' && (call.name === 'take' || call.name === 'last') && call.index === 0 && call.args.length === 2 && smallCount(call.args[1]) ? 'cut-list' : undefined;
}

/** True when a JavaScript `slice`, `substring` or `substr` with the arguments `args` keeps at most a few characters. */
function keepsFewCharacters(method: string, args: string): boolean {
  const numbers = args.split(',').map((a) => a.trim());
  if (!numbers.every((a) => /^-?\d+$/.test(a)) || numbers.length < 1 || numbers.length > 2) return false;
  const [a, b] = numbers.map(Number);
  if (method === 'slice') return numbers.length === 1 ? a < 0 && -a <= MAX_KEPT_CHARACTERS : a >= 0 && b >= 0 && b - a <= MAX_KEPT_CHARACTERS;
  if (method === 'substring') return numbers.length === 2 && a >= 0 && b >= 0 && Math.abs(b - a) <= MAX_KEPT_CHARACTERS;
  if (method === 'substr') return numbers.length === 2 && b >= 0 && b <= MAX_KEPT_CHARACTERS;
  return false;
}

function smallCount(arg: string): boolean {
  return /^\d+$/.test(arg) && Number(arg) <= MAX_KEPT_CHARACTERS;
}

/**
 * The call whose argument is exactly `text[start, end)` (spaces aside): its lower-case name, its arguments (trimmed
 * text) and which of them it is; undefined when the span is not a whole argument of a call.
 */
function callAround(text: string, lo: number, start: number, end: number, separator: string): { name: string; args: string[]; index: number } | undefined {
  let depth = 0;
  let open = -1;
  for (let i = start - 1; i >= lo; i--) {
    const c = text[i];
    if (c === "'" || c === '"') {
      let j = i - 1;
      while (j >= lo && text[j] !== c) j--;
      i = j;
    } else if (c === ')' || c === ']') depth++;
    else if (c === '(' || c === '[') {
      if (depth === 0) {
        open = c === '(' ? i : -1;
        break;
      }
      depth--;
    }
  }
  if (open === -1) return undefined;
  const close = matchForward(text, open, text.length);
  if (close === -1 || close - 1 < end) return undefined;
  const args: string[] = [];
  let index = -1;
  let from = open + 1;
  for (let i = open + 1; i <= close - 1; i++) {
    const c = text[i];
    if (i === close - 1 || c === separator) {
      const arg = text.slice(from, i);
      if (from <= start && end <= i) {
        if (arg.trim() !== text.slice(start, end).trim()) return undefined;
        index = args.length;
      }
      args.push(arg.trim());
      from = i + 1;
    } else if (isQuote(c)) {
      i = closingQuote(text, i, close);
      if (i === -1) return undefined;
    } else if (c === '(' || c === '[') {
      i = matchForward(text, i, close) - 1;
      if (i < 0) return undefined;
    }
  }
  return index === -1 ? undefined : { name: calleeBefore(text, open, lo).toLowerCase(), args, index };
}

// ---- Code: `const prompt = \`Customer ${$json.email}\`; return { json: { prompt } };`

/** How a Node-RED function's step sends on what it builds (see {@link embeddedInCode}). */
interface NodeRedSending {
  /** The names the output wired to the next step sends the value by. */
  readonly sentAs: () => string[];
  /** The code sends the value in a field its reader could not name (an output chosen by a variable, a helper's result). */
  readonly anywhere: boolean;
  /** The outputs (from 0) wired to the next step, when the step sends something else on each. */
  readonly wired?: readonly number[];
}

/**
 * True when code puts the reference into a template literal or a `+` with text, and the name that text is assigned to
 * (`prompt = …`, `prompt: …`, or a key given its value: `text: prompt`) is a field the value is read by afterwards.
 * In a Node-RED function (`nodeRed`), text assigned to a property of the message (`msg.topic = …`) counts only when
 * that property, by its whole path, is read afterwards: `msg.topic` is not the `payload.topic` a request sends. Other
 * text counts when one of its names (or of text built from it: `prompt: "Lead: " + line`) is one the output sends the
 * value by (`sentAs`), not one the code gives it for another output (`{ payload: line }` on the log's: a key of an
 * object held by a variable sent only on other outputs than those `wired` to the next step, see {@link sentElsewhere}). Text the code
 * sends in a field its reader could not name (`anywhere`: an output chosen by a variable, a helper's result) counts when
 * it is given a name at all, whichever.
 */
function embeddedInCode(code: string, ref: Reference, readAfter: () => string[], nodeRed?: NodeRedSending): boolean {
  return textsHolding(code, ref).some((from) => textNamedAndRead(code, from, readAfter, nodeRed));
}

/**
 * Where the texts that code puts the operand `use` into as it is start (see {@link operandEmbedded}): the template literal
 * or `+` chain holding it, then, when that is appended in a template literal (`${a += x}`), the template literal too.
 * None when the operand is not put into text.
 */
function textsHolding(code: string, use: Pick<Reference, 'start' | 'end'>): number[] {
  if (!operandEmbedded(code, 0, code.length, use, 'js', false)) return [];
  const span = operandSpan(code, 0, code.length, use, 'js');
  const from = textStart(code, span);
  if (from === -1) return [];
  const template = interpolatedAppend(code, from, span.end);
  return template === -1 ? [from] : [from, template];
}

/** True when the text starting at `from` is given a name that the value is read by afterwards (see {@link embeddedInCode}). */
function textNamedAndRead(code: string, from: number, readAfter: () => string[], nodeRed?: NodeRedSending): boolean {
  const member = nodeRed ? messageProperty(code, from) : undefined;
  if (member !== undefined) return readAfter().some((f) => f === '' || f === member || f.startsWith(`${member}.`) || member.startsWith(`${f}.`));
  // Text given to a name (`prompt: …`, `const line = …`), not to a call (`node.warn(…)`).
  if (nodeRed?.anywhere && assignedName(code, from) !== undefined) return true;
  return nodeRed ? namedAndRead(code, from, nodeRed.sentAs, true, nodeRed.wired) : namedAndRead(code, from, readAfter);
}

/**
 * Where the text of a template literal starts when one of its interpolations is a whole append to a name whose text
 * starts at `start` and whose operand ends at `end` (`` `Lead ${a += x}` ``: the template holds what `a` becomes); -1
 * otherwise.
 */
function interpolatedAppend(code: string, start: number, end: number): number {
  const s = prevNonSpace(code, start - 1, 0);
  if (s < 1 || code[s] !== '=' || code[s - 1] !== '+') return -1;
  let i = prevNonSpace(code, s - 2, 0);
  const nameEnd = i;
  while (i >= 0 && isIdentChar(code.charCodeAt(i))) i--;
  const p = prevNonSpace(code, i, 0);
  if (i === nameEnd || p < 1 || code[p] !== '{' || code[p - 1] !== '$') return -1;
  const last = chainEnd(code, end, code.length);
  if (last === -1 || code[nextNonSpace(code, last, code.length)] !== '}') return -1;
  return textStart(code, { start: i + 1, end: nameEnd + 1 });
}

/**
 * Where the text holding the operand `span` starts: the template literal's opening backtick, or the first operand of
 * the `+` chain; -1 when the backtick is not found.
 */
function textStart(code: string, span: { start: number; end: number }): number {
  const p = prevNonSpace(code, span.start - 1, 0);
  let start = span.start;
  if (code[p] === '{' && code[p - 1] === '$') {
    start = code.lastIndexOf('`', p);
    if (start === -1) return -1;
  }
  return chainStart(code, start, 0);
}

/** The path of the Node-RED message property the text starting at `start` is assigned to (`msg.payload.prompt = …` → `payload.prompt`). */
function messageProperty(code: string, start: number): string | undefined {
  let p = prevNonSpace(code, start - 1, 0);
  if (p < 1 || code[p] !== '=' || '=!<>'.includes(code[p - 1])) return undefined;
  if (code[p - 1] === '+') p--;
  const k = prevNonSpace(code, p - 1, 0);
  let i = k + 1;
  while (i > 0 && (isIdentChar(code.charCodeAt(i - 1)) || code[i - 1] === '.')) i--;
  const target = /^msg((?:\.[A-Za-z_$][\w$]*)+)$/.exec(code.slice(i, k + 1));
  return target ? target[1].slice(1) : undefined;
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

/**
 * True when the text starting at `start` is assigned to a name (directly or through one alias) read afterwards. With
 * `chained` (a Node-RED function), aliases of aliases count, and a field of an object holding the text
 * (`prompt: extra.note`), and so do the names of text built from one of the names (`prompt: "Lead: " + line`,
 * `p += line`), at most {@link MAX_NAMES} in all: past them (or past the code read), the text counts as read.
 */
function namedAndRead(code: string, start: number, readAfter: () => string[], chained = false, wired?: readonly number[]): boolean {
  const bounded = code.slice(0, MAX_READ);
  // Node-RED: a key of an object sent on other outputs only (`const log = { payload: line }`) is no name the text is sent
  // by here. Those objects are looked for once, when a name is found.
  let elsewhere: ReadonlySet<string> | undefined;
  const sentOnlyElsewhere = (at: number) => {
    // Past the code read, the variable may be sent on the output wired on too.
    if (!chained || !wired || bounded.length < code.length) return false;
    elsewhere ??= sentElsewhere(bounded, wired);
    return elsewhere.size > 0 && elsewhere.has(ownerOf(code, at));
  };
  const keyed = (key: { name: string; at: number } | undefined) => (key && !sentOnlyElsewhere(key.at) ? key.name : undefined);
  const nameAt = (at: number) => keyed(assignedKey(code, at));
  const name = nameAt(start);
  if (!name) return false;
  const names = new Set([name]);
  // A name not followed (over the cap, or in code not read) may be the one sent.
  let lost = chained && bounded.length < code.length;
  const add = (n: string | undefined) => {
    if (n === undefined || names.has(n)) return;
    if (names.size < MAX_NAMES) names.add(n);
    else lost = chained;
  };
  // Chained, the name may be a field of an object holding the text (`extra.note`).
  const owner = chained ? '(?:[A-Za-z_$][\\w$]*\\??\\.)*' : '';
  for (const n of names) {
    const escaped = n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // `return { json: { text: prompt } }`, `item.json.text = prompt;` (a name from its first letter: no match starts inside one)
    for (const m of bounded.matchAll(new RegExp(`(?<![\\w$])([A-Za-z_$][\\w$]*)['"]?\\s*(?::|=(?!=))\\s*${owner}${escaped}\\b(?!\\s*[.(\\[])`, 'g'))) add(keyed({ name: m[1], at: m.index }));
    if (!chained) break;
    for (const m of bounded.matchAll(new RegExp(`(?<![\\w$.])${escaped}(?![\\w$])`, 'g'))) {
      const use = { start: m.index, end: m.index + n.length };
      // `p += line` appends the text to `p`; `prompt: line.trim()` is the text still (a text function around it:
      // not `line.length`, `line.split("@")[1]`); `"Lead: ".concat(line)` and `[a, line].join(" ")` build text holding it.
      const kept = operandSpan(code, 0, code.length, use, 'js');
      if (endsExpression(code, kept.end, code.length)) add(nameAt(kept.start));
      const call = textCallStart(code, kept);
      if (call !== -1) add(nameAt(call));
      for (const from of textsHolding(code, use)) add(nameAt(from));
    }
  }
  return lost || readAfter().some((field) => field.split('.').some((segment) => names.has(segment)));
}

/**
 * Where the text a call builds from the operand `use` starts, when the operand is a whole argument of `concat`
 * (`"Lead: ".concat(line)`, `a.concat(" ", line)`) or an item of an array literal joined (`[a, line].join(" ")`), and
 * the call's result is the value (not `.length` of it); -1 otherwise.
 */
function textCallStart(code: string, use: { start: number; end: number }): number {
  if (!',)]'.includes(code[nextNonSpace(code, use.end, code.length)] ?? '.')) return -1;
  const p = prevNonSpace(code, use.start - 1, 0);
  if (p < 0 || !',(['.includes(code[p])) return -1;
  // The `(` or `[` the operand is in (at most 2,000 characters back; not an object's `{`).
  const open = bracketBefore(code, use.start - 1, Math.max(0, use.start - 1999));
  if (open < 1 || code[open] === '{') return -1;
  const close = matchForward(code, open, code.length);
  if (close === -1) return -1;
  if (code[open] === '[') {
    const join = /^\s*\.\s*join\s*\(/.exec(code.slice(close, close + 32));
    const end = join ? matchForward(code, close + join[0].length - 1, code.length) : -1;
    return end !== -1 && endsExpression(code, keptTextEnd(code, end), code.length) ? open : -1;
  }
  const callee = calleeBefore(code, open, 0);
  if (!endsExpression(code, keptTextEnd(code, close), code.length) || (callee !== '.concat' && !callee.endsWith('.concat'))) return -1;
  if (callee !== '.concat') return open - callee.length;
  // The receiver before `.concat`: a text (`"Lead: "`) or a call or index (`f(x)`, `a[0]`) ending there.
  const r = open - callee.length - 1;
  if (isQuote(code[r])) return openingQuote(code, r, 0);
  if (code[r] !== ')' && code[r] !== ']') return -1;
  const start = matchBack(code, r, 0);
  return start < 0 ? -1 : start - calleeBefore(code, start, 0).length;
}

/** The index after the text methods that keep the text called at `end` (`.concat(" thanks").trim()`), at most eight. */
function keptTextEnd(code: string, end: number): number {
  for (let guard = 0; guard < 8; guard++) {
    const kept = keptTextMethodEnd(code, end, code.length);
    if (kept === -1) break;
    end = kept;
  }
  return end;
}

/** Names a text goes by that {@link namedAndRead} follows. */
const MAX_NAMES = 8;
/** How much of a Node-RED function's code {@link namedAndRead} reads for names. */
const MAX_READ = 20_000;

/**
 * Node-RED: the variables the code (`bounded`) sends only on outputs other than `wired` (`log` in `return [msg, log]`,
 * `node.send([null, log])`, when output 1 is wired on), and uses nowhere else but to give it an object (`const log = {`)
 * or a property (`log.payload = …`), each a statement of its own. A variable sent otherwise (`return log`), or used in
 * any other way (`...log`, `out = log = {…}`), is not one; nor is one returned in code that defines functions.
 */
function sentElsewhere(bounded: string, wired: readonly number[]): ReadonlySet<string> {
  const sent = new Map<string, { count: number; onWired: boolean }>();
  // A function defined in the code may return an array of its own (`return [0, log]`): only node.send's are read then.
  const inner = /(?<![\w$])function(?![\w$])|=>/.test(bounded);
  for (const m of bounded.matchAll(/(?<![\w$.])(?:return\s*|node\.send\s*\(\s*)\[/g)) {
    if (inner && m[0].startsWith('return')) continue;
    const open = m.index + m[0].length - 1;
    const close = matchForward(bounded, open, bounded.length);
    if (close === -1) continue;
    // Each element of the array, by its place: the output it goes on.
    for (let i = open + 1, depth = 0, from = i, output = 0; i < close; i++) {
      const c = bounded[i];
      if (isQuote(c)) {
        i = closingQuote(bounded, i, close);
        if (i === -1) break;
      } else if (c === '(' || c === '[' || c === '{') depth++;
      else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
      else if (depth === 0 && (c === ',' || i === close - 1)) {
        const element = bounded.slice(from, i).trim();
        if (/^[A-Za-z_$][\w$]*$/.test(element)) {
          const at = sent.get(element) ?? { count: 0, onWired: false };
          sent.set(element, { count: at.count + 1, onWired: at.onWired || wired.includes(output) });
        }
        output++;
        from = i + 1;
      }
    }
  }
  const out = new Set<string>();
  let checked = 0;
  for (const [name, { count, onWired }] of sent) {
    // Each variable costs a reading of the code: past a few, the others are taken as sent here too.
    if (onWired || name === 'msg' || checked++ >= MAX_NAMES) continue;
    let uses = 0;
    let given = 0;
    for (const m of bounded.matchAll(new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`, 'g'))) {
      // A property of that name (`node.log`) is no use of it; a spread (`...log`) is.
      if (bounded[m.index - 1] === '.' && bounded.slice(m.index - 3, m.index) !== '...') continue;
      uses++;
      const rest = bounded.slice(m.index + name.length, m.index + name.length + 80);
      // Given as a statement of its own (`log.payload = …`, `const log = {`), not within an expression that passes the
      // value on too (`msg.payload = log.payload = line`, `return log = {`).
      const p = prevNonSpace(bounded, m.index - 1, 0);
      const statement = p < 0 || ';{})'.includes(bounded[p]) || /(?<![\w$])(?:const|let|var)\s*$/.test(bounded.slice(Math.max(0, p - 5), p + 1));
      if (statement && (/^\s*=\s*\{/.test(rest) || /^\s*\.\s*[A-Za-z_$][\w$]*\s*=(?![=>])/.test(rest))) given++;
    }
    if (uses === count + given) out.add(name);
  }
  return out;
}

/**
 * The variable holding the key that starts at `key`: `log` for `payload` in `const log = { payload: … }` or
 * `log.payload = …`; `''` when no variable is told (`msg.payload = { prompt: … }`, `return { payload: … }`).
 */
function ownerOf(code: string, key: number): string {
  let p = prevNonSpace(code, key - 1, 0);
  if (isQuote(code[p])) p = prevNonSpace(code, p - 1, 0);
  let end = p;
  if (code[p] === '{' || code[p] === ',') {
    const open = bracketBefore(code, p, Math.max(0, p - SPREAD_REACH));
    if (open === -1 || code[open] !== '{') return '';
    const eq = prevNonSpace(code, open - 1, 0);
    if (code[eq] !== '=' || '=!<>+-*/%&|^'.includes(code[eq - 1] ?? '')) return '';
    end = prevNonSpace(code, eq - 1, 0);
  } else if (code[p] === '.') end = prevNonSpace(code, p - 1, 0);
  else return '';
  let i = end;
  while (i >= 0 && isIdentChar(code.charCodeAt(i))) i--;
  return i === end || code[prevNonSpace(code, i, 0)] === '.' ? '' : code.slice(i + 1, end + 1);
}

/** The name the expression starting at `start` is assigned to: `prompt = …`, `prompt += …`, `prompt: …`, `"prompt": …`, `json['prompt'] = …`. */
function assignedName(code: string, start: number): string | undefined {
  return assignedKey(code, start)?.name;
}

/** {@link assignedName}, with where the name starts (its opening quote when quoted). */
function assignedKey(code: string, start: number): { name: string; at: number } | undefined {
  let p = prevNonSpace(code, start - 1, 0);
  if (p < 0) return undefined;
  if (code[p] === '=') {
    if ('=!<>'.includes(code[p - 1] ?? '') || code[p + 1] === '=' || code[p + 1] === '>') return undefined;
    if (code[p - 1] === '+') p--;
  } else if (code[p] !== ':') return undefined;
  const k = prevNonSpace(code, p - 1, 0);
  if (k < 0) return undefined;
  if (isQuote(code[k]) || code[k] === ']') {
    const close = code[k] === ']' ? prevNonSpace(code, k - 1, 0) : k;
    const open = code.lastIndexOf(code[close], close - 1);
    const name = open === -1 || !isQuote(code[close]) ? '' : code.slice(open + 1, close);
    return name ? { name, at: open } : undefined;
  }
  let i = k + 1;
  while (i > 0 && isIdentChar(code.charCodeAt(i - 1))) i--;
  const name = code.slice(i, k + 1);
  return /^[A-Za-z_$][\w$]*$/.test(name) ? { name, at: i } : undefined;
}

/** Walks back over `'text ' + a.b + ` operands before `start`, not before `lo`: where the `+` chain ending at `start` begins. */
function chainStart(code: string, start: number, lo: number): number {
  let x = start;
  for (let guard = 0; guard < 32; guard++) {
    const p = prevNonSpace(code, x - 1, lo);
    if (p < lo + 1 || code[p] !== '+' || code[p - 1] === '+') return x;
    let y = prevNonSpace(code, p - 1, lo);
    if (y < lo) return x;
    if (isQuote(code[y])) {
      const open = code.lastIndexOf(code[y], y - 1);
      if (open < lo) return x;
      x = open;
      continue;
    }
    while (y >= lo) {
      const c = code[y];
      if (isIdentChar(code.charCodeAt(y)) || c === '.' || c === '?') y--;
      else if (c === ']' || c === ')') y = matchBack(code, y, lo) - 1;
      else break;
    }
    if (y < lo - 1) return x;
    x = y + 1;
  }
  return x;
}

/** The index of the `[` or `(` that the `]` or `)` at `close` closes, not before `lo`, or `lo - 2`. */
function matchBack(code: string, close: number, lo: number): number {
  const open = code[close] === ']' ? '[' : '(';
  let depth = 0;
  for (let i = close; i >= lo && close - i < 2000; i--) {
    if (code[i] === code[close]) depth++;
    else if (code[i] === open && --depth === 0) return i;
  }
  return lo - 2;
}

function isQuote(c: string | undefined): boolean {
  return c === "'" || c === '"' || c === '`';
}

function prevNonSpace(text: string, i: number, lo: number): number {
  while (i >= lo && /\s/.test(text[i])) i--;
  return i;
}

function nextNonSpace(text: string, i: number, hi: number): number {
  while (i < hi && /\s/.test(text[i])) i++;
  return i;
}
