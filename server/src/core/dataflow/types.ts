// The data-flow model the taint engine runs on: what each node's parameters reference, where that data lands in the
// node's output, which checks it applies and which of its parameters are sinks. Platform modules build it; the engine
// only follows it.
import type { CheckOp, SinkKind } from '../knowledge/sinks.js';
import type { FlowNode } from '../model/index.js';

/**
 * A place in a parameter string that reads data produced elsewhere in the flow.
 * - `node`: the output of the node `target` (n8n `$('Name')`, WDL `body('Name')`, Make `{{3.x}}`);
 * - `input`: the node's own input, i.e. what its predecessors passed on (n8n `$json`, Node-RED `msg`);
 * - `agent`: what the AI agent this tool serves was asked (n8n `$fromAI(...)`, `{placeholder}` of an HTTP tool);
 * - `variable`: a workflow variable (WDL `variables('name')`), written by the nodes that set it.
 */
export interface Reference {
  readonly kind: 'node' | 'input' | 'agent' | 'variable';
  /** Node id (`node`) or variable name (`variable`). */
  readonly target?: string;
  /** Dotted path into the referenced data (`body.email`); `''` is all of it. Array indexes are dropped. */
  readonly field: string;
  /** Characters of the string value the reference spans (decoded string indices). */
  readonly start: number;
  readonly end: number;
  /** A masking call takes it as its argument or receiver (`sha256(1.email)`, `$json.email.hash()`): the value is hashed or masked. */
  readonly masked: boolean;
  /** The reference is the whole value (`={{ $json.x }}`): the value is the referenced data itself, not text built from it. */
  readonly whole: boolean;
  /** It sits in the path or query of a URL whose scheme and host are literal (`https://api.example.com/{{ $json.id }}`). */
  readonly confined?: boolean;
  /**
   * What is inserted is a number converted from it (`{{ parseInt($json.id, 10) }}`, `@{int(triggerBody()?['id'])}`):
   * it can hold only digits, a sign, a point, `e`, `NaN` or `Infinity`.
   */
  readonly numeric?: boolean;
  /**
   * The value is read out of the elements of a list: `field` of each (`$json.attendees.map(a => a.name)` is
   * `attendees.name`), or of one (`first(body('List')?['value'])?['email']` is `body.value.email`). A test of it (the
   * mapped list's text, its length; the first element's value) says nothing about every element's value.
   */
  readonly elements?: boolean;
  /**
   * With `elements`, which element, when indexes pick one (`list[0].x`, `first(list)?['x']`: `0`; `last(…)`: `last`;
   * `a[0].b[2].c`: `0,2`): a test of that element checks that element only. Undefined: each element (a mapped list).
   */
  readonly element?: string;
  /**
   * `field` is looked for at every depth of the referenced data, not only at its top: `email` also reads `body.email`
   * and `rows.email` (LangChain's JSONLoader applies each JSON pointer of an n8n document loader to every object of
   * the item). Only places the data is known to have are tried below the top (see the engine's `MAX_DEPTH_PLACES`).
   */
  readonly anyDepth?: boolean;
}

/** A string of a node's parameters, with the references in it. */
export interface Leaf {
  readonly pointer: string;
  /** Segments of `pointer` below the node's parameters. */
  readonly path: readonly string[];
  readonly value: string;
  readonly refs: readonly Reference[];
}

/** Data a node writes into its output: at `at` (dotted, `''` = the whole item), from `refs` (none: a constant). */
export interface Write {
  readonly at: string;
  /**
   * In code, a reference with `start` < `end` is where the code read the field. Node-RED function code places it at
   * the path of names that read it (`msg.payload.email`); one read at several places, or not seen read, has `start` =
   * `end` = 0.
   */
  readonly refs: readonly Reference[];
  /** Where the value is written (the leaf's pointer, or the node's). */
  readonly pointer: string;
  /**
   * The value written is an object or a list (an n8n Set field typed Object or Array): what a reference copies whole
   * there has fields, which a reference read at any depth ({@link Reference.anyDepth}) looks in. Unset, a copied value
   * may be text (`email` = `$json.body.email`), which has none.
   */
  readonly object?: boolean;
}

/** A validation step: the node checks the referenced value with `op`. */
export interface Check {
  readonly ref: Reference;
  readonly op: CheckOp;
  readonly pointer: string;
  /**
   * The outputs of the checking node by which only values that passed the check leave (an IF's true branch, the
   * output of a Switch rule, what a Filter keeps); every output when undefined (code that throws, a schema).
   */
  readonly outputs?: readonly number[];
  /** It also checks the fields below the referenced one (code that validates an object; Node-RED code checks always do). */
  readonly below?: boolean;
  /** Only fields whose last name is one of these are checked (no platform sets it now; the engine still honours it). */
  readonly names?: ReadonlySet<string>;
}

/**
 * An HMAC signature a node verifies before anything goes on (n8n code that throws unless its HMAC of the request equals
 * a header of it; an IF, Filter or Switch that passes only items whose Crypto-node HMAC equals that header): the
 * injection rule, which knows which provider signs with that header, exempts the fields that provider writes itself
 * when the key is no input and the check is on every path.
 */
export interface SignatureCheck {
  /** The request header the HMAC is compared with (lower case: `x-slack-signature`). */
  readonly header: string;
  /** The reference that reads the header: it names the request (the trigger) the signature is of. */
  readonly headerRef: Reference;
  /** What the HMAC's key is read from (none: a literal or an environment value); it must hold no input. */
  readonly keyRefs: readonly Reference[];
  readonly pointer: string;
  /** The outputs by which only verified items leave (an IF's true branch); every output when undefined (code that throws). */
  readonly outputs?: readonly number[];
  /**
   * Ids of the other nodes the check relies on (the Crypto node that computes the HMAC an IF compares): one that carries
   * on after an error sends an item with no HMAC, which the comparison may let through.
   */
  readonly relies?: readonly string[];
}

/** A parameter where tainted data does harm. */
export interface Sink {
  readonly kind: SinkKind;
  /** Pointer of the parameter (the string, or the property that makes the node read a `msg` field). */
  readonly pointer: string;
  /** The references to follow; for Node-RED, an `input` reference to the `msg` field the node reads. */
  readonly refs: readonly Reference[];
  /** Characters of the value to highlight; the references' own span when undefined. */
  readonly at?: { readonly start: number; readonly end: number };
  /** Only references starting before this index reach the URL's host (url sinks); the rest go into its path. */
  readonly hostEnd?: number;
  /** References from this index to `hostEnd` sit in the port of a literal host (url sinks): a number there picks a port. */
  readonly portStart?: number;
  /** Why this is a sink, when it is not obvious from the kind ("builds code with eval("). */
  readonly detail?: string;
}

/** Everything the engine needs to know about one node. */
export interface NodeFlow {
  readonly node: FlowNode;
  /**
   * Its output carries its input on (IF, Merge, n8n Set, every Node-RED node that keeps `msg`), but for what it held at
   * and below the places `writes` write (other than the whole item): the node's own value replaces it there.
   */
  readonly passesInput: boolean;
  /** Its output is what the service answered, unrelated to its input (HTTP, database, e-mail). */
  readonly writes: readonly Write[];
  /** Writes go to this workflow variable instead of the node's output (WDL Set/Initialize variable). */
  readonly variable?: string;
  readonly checks: readonly Check[];
  /** Its sink parameters, found on demand (only the injection rule needs them, on flows with untrusted input). */
  sinks(): readonly Sink[];
  /** Every leaf with references (for rules that look at what a node sends, e.g. privacy). */
  readonly leaves: readonly Leaf[];
  /** The node's implicit reads (an AI agent's chat input): references not written in any parameter. */
  readonly implicitRefs?: readonly Reference[];
  /** HMAC signatures the node verifies before its output goes on. */
  readonly signatures?: readonly SignatureCheck[];
  /**
   * What the node sends on each of its outputs, when they differ (a Node-RED function's `return [msg, log]`): an edge
   * out of output i carries `ports[i]`; one that names no output, or one past these, carries `passesInput` and
   * `writes`, which are what all of them send together.
   */
  readonly ports?: readonly Port[];
}

/** What a node sends on one of its outputs. */
export interface Port {
  readonly passesInput: boolean;
  readonly writes: readonly Write[];
}

/** A step of a chain: the node, and the parameter where it picked the value up. */
export interface Hop {
  readonly node: string;
  readonly pointer: string;
}

/** Data from `source` (its `field`), carried along `hops` (after the source, in order). */
export interface Taint {
  readonly source: string;
  readonly field: string;
  readonly hops: readonly Hop[];
  readonly masked: boolean;
  /** On the way it was put into the path of a URL with a fixed host: it cannot choose where a request goes. */
  readonly confined?: boolean;
  /** On the way a value was computed from it (code, text around it), so what arrives is only partly this field. */
  readonly derived?: boolean;
  /** On the way it was converted to a number (see {@link Reference.numeric}). */
  readonly numeric?: boolean;
  /**
   * On the way it was read out of elements of a list (see {@link Reference.elements}): which ones (`0`, `last`, `0,2`), or
   * `*` for each element or ones not told apart. A check of such a value checks those elements only.
   */
  readonly elements?: string;
}
