// n8n: which upstream data a parameter references (`$json`, `$input`, `$('Node')`, `$node["Node"]`, `$items()`,
// `$binary`, `$fromAI()`, and `items`/`item` in code), how each node passes data on, which nodes check values
// (IF, Filter, Switch, code that throws), which parameters are sinks, and what an embeddings model embeds for its
// vector store.
import type { AnyNode } from 'acorn';
import { CODE_EXECUTION_MARKERS, N8N_CHECK_OPS, N8N_CODE_PARAMS, N8N_SINKS, type CheckOp } from '../knowledge/sinks.js';
import { isMaskingExpression } from '../knowledge/sensitiveData.js';
import type { FlowNode } from '../model/index.js';
import { asObject, asString } from '../walk.js';
import { confineToUrlPath, fieldOf, fieldsOf, codeMarkerSink, identEnd, isFieldPrefix, isIdentChar, joinField, pointerFrom, readAccessors, readQuoted, scanStrings, skipSpaces, templateBlocks, urlHostBounds, type Segment } from './expressions.js';
import type { FlowGraph } from './graph.js';
import { commaList, namedInputFields, namedOutput, type NamedOutput } from './n8nTransforms.js';
import { codeTests, readCode } from './codeTests.js';
import { parseScript } from './jsSyntax.js';
import { jsConditionOps, literalOfValue, maskedRefs, numericRefs, operandShape, prefixOp, regexOp } from './predicates.js';
import type { Check, Leaf, NodeFlow, Reference, SignatureCheck, Sink, Write } from './types.js';

/** Nodes whose output items are their input items (possibly with fields added, removed or routed). */
const PASS_TYPES = new Set([
  'if', 'filter', 'switch', 'merge', 'splitInBatches', 'wait', 'noOp', 'limit', 'removeDuplicates', 'sort', 'splitOut', 'aggregate', 'itemLists',
  'summarize', 'compareDatasets', 'respondToWebhook', 'stopAndError', 'dateTime', 'crypto', 'renameKeys', 'executionData', 'debugHelper', 'set',
  'html', 'markdown', 'xml', 'extractFromFile', 'convertToFile', 'moveBinaryData', 'spreadsheetFile', 'compression', 'editImage', 'form',
]);

/**
 * Whether an n8n Set (Edit Fields) node passes its input fields on beside the ones it sets, as each version reads its
 * settings (n8n's Set node, v1 to v3.4): from 3.3 only when "Include Other Input Fields" is on (`includeOtherFields`,
 * off by default); 3.0 to 3.2 unless "Include in Output" is none (`include`, all by default); v1 and v2 unless "Keep
 * Only Set" is on. The version is the node's `typeVersion`; an export without one is read from the settings it holds
 * (`assignments` only from 3.3), and where they do not say, the input passes: over-counted, never missed.
 */
function setKeepsInput(params: Record<string, unknown>, version: number | undefined): boolean {
  // A switch the node computes (`={{ … }}`) may be on.
  const computed = (v: unknown) => typeof v === 'string' && v.startsWith('=');
  // "Selected" passes only the fields it lists, which setWrites writes one by one; a list the node computes (n8n reads
  // it for each item) may name any of them.
  if (setIncludes(params, version) === 'selected') return computed(params.includeFields);
  if (version !== undefined) {
    if (version >= 3.3) return params.includeOtherFields === true || computed(params.includeOtherFields);
    if (version >= 3) return params.include !== 'none';
    return params.keepOnlySet !== true;
  }
  if (params.includeOtherFields !== undefined) return params.includeOtherFields === true || computed(params.includeOtherFields);
  if (params.assignments !== undefined) return false;
  if (params.include !== undefined) return params.include !== 'none';
  if (params.keepOnlySet !== undefined) return params.keepOnlySet !== true;
  return true;
}

/**
 * Which input fields a Set node of version 3 keeps beside the ones it sets, when it names some (`selected`: only
 * `includeFields`; `except`: all but `excludeFields`): 3.0 to 3.2 by `include`, from 3.3 by `include` once Include Other
 * Input Fields is on. Undefined for all or none, and before version 3.
 */
function setIncludes(params: Record<string, unknown>, version: number | undefined): 'selected' | 'except' | undefined {
  if (params.include !== 'selected' && params.include !== 'except') return undefined;
  if (version !== undefined && version < 3) return undefined;
  // From 3.3 n8n reads `include` as none unless Include Other Input Fields is on, in JSON mode (no `assignments`) too.
  if ((version === undefined ? params.assignments !== undefined : version >= 3.3) && params.includeOtherFields !== true) return undefined;
  return params.include;
}

/** A comma-separated list of field names, as Set and Split Out take them (`body.id, body.name`); none when an expression gives it. */
function fieldList(value: unknown): string[] {
  return typeof value === 'string' && !value.startsWith('=') ? commaList(value) : [];
}

/** A reference to the whole of the input's `field` (`''`: the item) that no text writes: it spans nothing. */
function wholeInput(field: string): Reference {
  return { kind: 'input', field, start: 0, end: 0, masked: false, whole: true };
}

/** Nodes whose output is computed from what their parameters reference (every reference lands in the output). */
const DERIVE_TYPES = new Set(['code', 'function', 'functionItem', 'html', 'markdown', 'xml', 'extractFromFile', 'convertToFile', 'aggregate', 'summarize', 'toolCode']);

/**
 * SQL nodes resolve `{{ … }}` in their query text even when it is not an expression (n8n's `getResolvables`, Postgres
 * and MySQL v2 and later): such a query is built from whatever the blocks hold, `=` or not.
 */
function resolvesBlocks(short: string, param: string): boolean {
  return (N8N_SINKS[short] ?? []).some((s) => s.param === param && (s.kind === 'sql' || s.kind === 'nosql'));
}

/** `n8n-nodes-base.postgresTool` → `postgres`; `@n8n/n8n-nodes-langchain.toolCode` stays `toolCode`. */
export function n8nBaseType(type: string): string {
  const short = type.slice(type.lastIndexOf('.') + 1);
  return short.length > 4 && short.endsWith('Tool') && short !== 'toolCode' ? short.slice(0, -4) : short;
}

interface N8nContext {
  readonly idByName: ReadonlyMap<string, string>;
  /** Code language of a code parameter being read. */
  readonly code?: 'js' | 'python';
  /** `items` (Function, Code) or `item` (Function Item) are the node's input in code. */
  readonly itemsWord?: 'items' | 'item';
  /** `{name}` placeholders of an HTTP Request tool are filled in by the agent. */
  readonly placeholders?: boolean;
}

/** The code parameters of each code node type, as sets (made once, not for every node described). */
const CODE_PARAM_SETS: ReadonlyMap<string, ReadonlySet<string>> = new Map(Object.entries(N8N_CODE_PARAMS).map(([type, params]) => [type, new Set(params)]));
const NO_CODE_PARAMS: ReadonlySet<string> = new Set();

/** A describer of the nodes of an n8n workflow for the engine; sticky notes (canvas comments) are left out. */
export function describerN8n(graph: FlowGraph): (node: FlowNode) => NodeFlow | undefined {
  const idByName = new Map<string, string>();
  for (const node of graph.flow.nodes) if (!idByName.has(node.name)) idByName.set(node.name, node.id);
  return (node) => (node.type.endsWith('.stickyNote') ? undefined : describeNode(node, graph, idByName));
}

/**
 * Whether a parameter string of a node may reference data (the only strings the describer reads): an expression, `{{ }}`
 * text, one of the node's code parameters, or the URL of an HTTP Request tool (whose `{name}` placeholders the agent fills).
 */
function mayReference(value: string, key: string, codeParams: ReadonlySet<string>, tool: boolean): boolean {
  return value.charCodeAt(0) === 61 || codeParams.has(key) || value.includes('{{') || (tool && key === 'url');
}

/**
 * False when no string of the workflow that may reference data (those {@link describeNode} reads, and the field lists
 * and loader pointers that name fields in plain text) passes `test`. Stops at the first node with one.
 */
export function n8nMayReferenceMatching(nodes: readonly FlowNode[], test: (text: string) => boolean): boolean {
  let found = false;
  for (const node of nodes) {
    if (node.type.endsWith('.stickyNote')) continue;
    const short = n8nBaseType(node.type);
    const codeParams = CODE_PARAM_SETS.get(short) ?? NO_CODE_PARAMS;
    const tool = short === 'toolHttpRequest';
    const params = asObject(node.parameters) ?? {};
    scanStrings(params, (value, key) => {
      if (!found && mayReference(value, key, codeParams, tool) && test(value)) found = true;
      return false;
    }, () => {});
    // A document loader's JSON pointers name the fields it reads (loaderLeaf), in plain text; so do field lists.
    const pointers = loaderPointers(short, params);
    if (found || (typeof pointers === 'string' && test(pointers))) return true;
    for (const field of plainTextFields(short, params)) if (test(field)) return true;
  }
  return false;
}

/**
 * The input fields a node names in plain text (references no expression writes), each as the describer reads it: Set's
 * Include Fields ({@link setWrites}), Split Out's fields to split and other fields to include ({@link splitOutWrites}),
 * and the fields of Aggregate, Summarize and Rename Keys ({@link namedOutput}).
 */
function plainTextFields(short: string, params: Record<string, unknown>): string[] {
  if (short === 'set') return fieldList(params.includeFields);
  if (short === 'splitOut') return [...splitFields(params), ...(splitIncludedFields(params) ?? []).map(splitFieldName)];
  return namedInputFields(short, params);
}

function describeNode(node: FlowNode, graph: FlowGraph, idByName: ReadonlyMap<string, string>): NodeFlow {
  const short = n8nBaseType(node.type);
  const params = asObject(node.parameters) ?? {};
  const base = node.parametersPointer ?? `${node.pointer}/parameters`;
  const codeParams = CODE_PARAM_SETS.get(short) ?? NO_CODE_PARAMS;
  const leaves: Leaf[] = [];
  const tool = short === 'toolHttpRequest';
  // Only strings that may reference data pay for their path.
  const candidate = (value: string, key: string) => graph.budget.spend() && mayReference(value, key, codeParams, tool);
  scanStrings(params, candidate, (value, segments) => {
    const path = [...segments];
    const top = path[0];
    let refs: Reference[] = [];
    if (codeParams.has(top) && path.length <= 3) {
      const code = top === 'pythonCode' || params.language === 'python' || params.language === 'pythonNative' ? 'python' : 'js';
      refs = n8nReferences(value, { idByName, code, itemsWord: short === 'functionItem' ? 'item' : 'items' });
    } else if (value.charCodeAt(0) === 61 /* = */ || (path.length === 1 && resolvesBlocks(short, top))) {
      refs = n8nReferences(value, { idByName, placeholders: tool && top === 'url' });
    } else if (tool && top === 'url') {
      refs = placeholderRefs(value, 0, value.length);
    }
    if (refs.length && value.includes('://')) {
      const from = value.charCodeAt(0) === 61 ? 1 : 0;
      refs = confineToUrlPath(value, refs, templateBlocks(value, from).map((b) => ({ start: b.outerStart, end: b.outerEnd })), from);
    }
    if (refs.length) leaves.push({ pointer: pointerFrom(base, path), path, value, refs });
  });
  const isAi = node.role === 'ai' || graph.edgesTo(node.id).some((e) => e.kind === 'ai_languageModel');
  // Root AI nodes (agents, chains) read the chat input when no prompt is set; model sub-nodes have no main input.
  const implicitRefs: Reference[] = isAi && graph.preds(node.id).length > 0 && params.text === undefined && (params.promptType === undefined || params.promptType === 'auto')
    ? [wholeInput('chatInput')]
    : [];
  const named = namedOutput(short, params);
  const writes = named ? namedWrites(node, named) : writesOf(short, node, params, leaves, isAi, implicitRefs);
  // What an embeddings model embeds is not in its own parameters: it is sent, not written to an output.
  leaves.push(...embeddedLeaves(node, graph, idByName));
  let sinks: Sink[] | undefined;
  const signatures = short === 'if' || short === 'filter' || short === 'switch' ? conditionSignatures(node, short, params, leaves, graph, idByName) : signaturesOf(short, leaves, codeLanguage(params));
  return {
    node,
    passesInput: PASS_TYPES.has(short) && (short === 'set' ? setKeepsInput(params, node.typeVersion) : short === 'splitOut' ? splitKeepsInput(params) : (named?.passesInput ?? true)),
    writes,
    checks: checksOf(short, params, leaves, codeLanguage(params)),
    sinks: () => (sinks ??= sinksOf(short, params, leaves)),
    leaves,
    implicitRefs,
    ...(signatures.length ? { signatures } : {}),
  };
}

/**
 * What an embeddings sub-node sends its provider for each LangChain vector store it serves (`ai_embedding`), as leaves
 * of the parameters that pick it, with the store's input (`$json`) read as its predecessors' outputs (the sub-node has no
 * input of its own):
 * - insert mode (`vectorStoreXInsert`): the documents its loaders (`ai_document`) build from each input item, the whole
 *   item (the Default Data Loader's `jsonMode: allInputData`, its default; the JSON Input Loader) or its `jsonData`
 *   (`expressionData`); a binary loader reads a file, which names no field;
 * - update mode: the whole item (the store's own loader);
 * - load mode ("Get Many"): the search `prompt`;
 * - retrieve mode (the default; the older `vectorStoreXLoad` types): the question of each Question and Answer Chain
 *   (`chainRetrievalQa`) whose Vector Store Retriever (`retrieverVectorStore`) it feeds, on the chain's input: its
 *   `query`, its `text` (`promptType: define`), or else the chat input. What an agent asks a Vector Store Tool or a
 *   retrieve-as-tool store its model writes, which no parameter holds.
 * None for a store that is disabled or never runs, a disabled loader, or a node that serves no store.
 */
function embeddedLeaves(node: FlowNode, graph: FlowGraph, idByName: ReadonlyMap<string, string>): Leaf[] {
  const out: Leaf[] = [];
  for (const edge of graph.edgesFrom(node.id)) {
    const store = edge.kind === 'ai_embedding' ? graph.byId.get(edge.to) : undefined;
    if (!store || store.disabled || graph.neverRuns(store.id) || !graph.budget.spend()) continue;
    const preds = graph.preds(store.id);
    const params = asObject(store.parameters) ?? {};
    // No mode: the default (retrieve), or an older one-mode type: `…Insert` inserts, `…Load` supplies a vector store
    // (retrieve; it takes no prompt).
    const mode = typeof params.mode === 'string' ? params.mode : /Insert$/.test(store.type) ? 'insert' : 'retrieve';
    if (!preds.length && mode !== 'retrieve') continue; // no input: it never runs (a retrieve store runs for its chain)
    const base = store.parametersPointer ?? `${store.pointer}/parameters`;
    if (mode === 'insert') {
      for (const e of graph.edgesTo(store.id)) {
        const loader = e.kind === 'ai_document' ? graph.byId.get(e.from) : undefined;
        const leaf = loader && !loader.disabled ? loaderLeaf(loader, idByName) : undefined;
        if (leaf) out.push(onInputOf(leaf, preds));
      }
    } else if (mode === 'update') {
      out.push(onInputOf(wholeItemLeaf(params.mode === undefined ? base : `${base}/mode`), preds));
    } else if (mode === 'load' && typeof params.prompt === 'string' && params.prompt.charCodeAt(0) === 61) {
      out.push(onInputOf({ pointer: `${base}/prompt`, path: ['prompt'], value: params.prompt, refs: n8nReferences(params.prompt, { idByName }) }, preds));
    } else if (mode === 'retrieve') {
      for (const chain of retrievalChainsOf(store, graph)) out.push(onInputOf(questionLeaf(chain, idByName), graph.preds(chain.id)));
    }
  }
  return out.filter((l) => l.refs.length);
}

/** The Question and Answer Chains that ask a retrieve-mode store through a Vector Store Retriever, enabled and running. */
function retrievalChainsOf(store: FlowNode, graph: FlowGraph): FlowNode[] {
  const out: FlowNode[] = [];
  for (const e of graph.edgesFrom(store.id)) {
    const retriever = e.kind === 'ai_vectorStore' ? graph.byId.get(e.to) : undefined;
    if (!retriever || retriever.disabled || n8nBaseType(retriever.type) !== 'retrieverVectorStore') continue;
    for (const r of graph.edgesFrom(retriever.id)) {
      const chain = r.kind === 'ai_retriever' ? graph.byId.get(r.to) : undefined;
      if (chain && !chain.disabled && n8nBaseType(chain.type) === 'chainRetrievalQa' && !graph.neverRuns(chain.id) && graph.budget.spend()) out.push(chain);
    }
  }
  return out;
}

/**
 * The question a Question and Answer Chain hands its retriever (n8n's ChainRetrievalQA processItem): `query` up to
 * version 1.2, then `text` with `promptType: define`, else the chat input.
 */
function questionLeaf(chain: FlowNode, idByName: ReadonlyMap<string, string>): Leaf {
  const params = asObject(chain.parameters) ?? {};
  const base = chain.parametersPointer ?? `${chain.pointer}/parameters`;
  const key = typeof params.query === 'string' ? 'query' : params.promptType === 'define' && typeof params.text === 'string' ? 'text' : undefined;
  if (key) {
    const value = params[key] as string;
    return { pointer: `${base}/${key}`, path: [key], value, refs: value.charCodeAt(0) === 61 ? n8nReferences(value, { idByName }) : [] };
  }
  return { pointer: base, path: [], value: '', refs: [wholeInput('chatInput')] };
}

/** What a document loader sub-node reads of each item (see {@link embeddedLeaves}), or undefined when it reads no field of it. */
function loaderLeaf(loader: FlowNode, idByName: ReadonlyMap<string, string>): Leaf | undefined {
  const short = n8nBaseType(loader.type);
  const params = asObject(loader.parameters) ?? {};
  const base = loader.parametersPointer ?? `${loader.pointer}/parameters`;
  if (short === 'documentJsonInputLoader') return pointedLeaf(loaderPointers(short, params), `${base}/pointers`) ?? wholeItemLeaf(base);
  if (short !== 'documentDefaultDataLoader' || (params.dataType !== undefined && params.dataType !== 'json')) return undefined;
  if (params.jsonMode !== 'expressionData') {
    return pointedLeaf(loaderPointers(short, params), `${base}/options/pointers`) ?? wholeItemLeaf(params.jsonMode === undefined ? base : `${base}/jsonMode`);
  }
  const data = params.jsonData;
  if (typeof data !== 'string' || data.charCodeAt(0) !== 61) return undefined; // literal text: no item data
  return { pointer: `${base}/jsonData`, path: ['jsonData'], value: data, refs: n8nReferences(data, { idByName }) };
}

/**
 * The fields a loader's JSON pointers (`/text, /meta/title`) pick out of the whole item, as a leaf at `pointer`: n8n's
 * N8nJsonLoader hands LangChain's JSONLoader the item with them, which embeds only the strings under them. Undefined
 * (the whole item) for no pointers, an empty one (the root), one that is not a JSON pointer, or an expression.
 * JSONLoader applies every pointer to each object of the item, from the top down through objects and arrays
 * (extractArrayStringsFromObject), so `/email` takes `body.email` and `rows[3].email` too: each is read at any depth.
 */
function pointedLeaf(value: unknown, pointer: string): Leaf | undefined {
  if (typeof value !== 'string' || value.charCodeAt(0) === 61) return undefined;
  const refs: Reference[] = [];
  let start = 0;
  for (const part of value.split(',')) {
    const text = part.trim();
    const at = start + part.indexOf(text);
    start += part.length + 1;
    if (!text.startsWith('/')) return undefined;
    const field = text.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).filter((s) => !/^\d+$/.test(s)).join('.');
    if (!field) return undefined;
    refs.push({ kind: 'input', field, start: at, end: at + text.length, masked: false, whole: true, anyDepth: true });
  }
  return { pointer, path: [], value, refs };
}

/** The JSON pointers setting of a document loader (`short` its base type): the JSON Input Loader's `pointers`, the Default Data Loader's `options.pointers`; undefined for other nodes. */
function loaderPointers(short: string, params: Record<string, unknown>): unknown {
  return short === 'documentJsonInputLoader' ? params.pointers : short === 'documentDefaultDataLoader' ? asObject(params.options)?.pointers : undefined;
}

/** A leaf at `pointer` for the whole input item, written in no text (the reference spans nothing). */
function wholeItemLeaf(pointer: string): Leaf {
  return { pointer, path: [], value: '', refs: [wholeInput('')] };
}

/**
 * The leaf with its references to the input (`$json`) read from the outputs of `preds` (the vector store's predecessors),
 * since the node whose leaf it is has no input of its own. `$fromAI()` values have no agent here and are dropped.
 */
function onInputOf(leaf: Leaf, preds: readonly string[]): Leaf {
  const refs = leaf.refs.flatMap((r): Reference[] => (r.kind === 'agent' ? [] : r.kind === 'input' ? preds.map((target) => ({ ...r, kind: 'node', target })) : [r]));
  return { ...leaf, refs };
}

/** JavaScript code leaves of a code node (Python code is read only for its tests). */
function jsCodeLeaves(short: string, leaves: readonly Leaf[], language: 'js' | 'python'): Leaf[] {
  const params = N8N_CODE_PARAMS[short];
  return params && language === 'js' ? leaves.filter((l) => params.includes(l.path[0]) && l.path[0] !== 'pythonCode') : [];
}

/** `return []`: code that returns no items (a test before it decides whether the run goes on). */
const EMPTY_RETURN = /\breturn\s*\[\s*\]/;
/** `return {` or `return [{`: code that may return an object literal, read field by field. */
const OBJECT_RETURN = /\breturn\s*(?:\[\s*)?\{/;

/** The HMAC signatures a code node verifies before it goes on ({@link readCode}). */
function signaturesOf(short: string, leaves: readonly Leaf[], language: 'js' | 'python'): SignatureCheck[] {
  return jsCodeLeaves(short, leaves, language)
    .filter((l) => l.value.includes('createHmac'))
    .flatMap((l) => (readCode(l.value, l.refs)?.signatures ?? []).map((s) => ({ ...s, pointer: l.pointer })));
}

/** An n8n Crypto node that computes an HMAC of the request: where its digest lands, and what its key is read from. */
interface HmacStep {
  /** The Crypto node's id. */
  readonly node: string;
  readonly at: string;
  readonly keyRefs: readonly Reference[];
}

/**
 * Fields of a webhook's output that hold the whole of what it received: the item, the parsed body or the binary data
 * (the raw body). An HMAC of one field of the body would leave the others free to change under a replayed signature.
 */
function readsWholeRequest(field: string): boolean {
  return field === '' || field === 'body' || field === '#binary' || field === '#binary.data';
}

/**
 * The HMAC a Crypto node computes (action `hmac`) of the whole request: its binary data `data` (a webhook's raw body; a
 * file of another name is one a multipart request uploaded) or the parsed body (or item) written out whole
 * (`{{ JSON.stringify($json.body) }}`: {@link writesWhole}), with a key (a literal, an environment value or an
 * expression, whose references the caller resolves). Undefined for any other node, a hash (no key), an empty key
 * (anyone can compute it) or a value that is not the whole request (a literal, one field of the body).
 */
function hmacStepOf(node: FlowNode | undefined, idByName: ReadonlyMap<string, string>): HmacStep | undefined {
  if (!node || node.disabled || n8nBaseType(node.type) !== 'crypto') return undefined;
  const params = asObject(node.parameters) ?? {};
  const secret = asString(params.secret) ?? '';
  if (params.action !== 'hmac' || isEmptyKey(secret)) return undefined;
  const value = asString(params.value) ?? '';
  const expression = (text: string) => (text.charCodeAt(0) === 61 ? n8nReferences(text, { idByName }) : []);
  if (params.binaryData === true) {
    const file = params.binaryPropertyName;
    if (file !== undefined && (typeof file !== 'string' || file.replace(/^=/, '').trim() !== 'data')) return undefined;
  } else {
    const signed = soleReference({ value, refs: expression(value) }, KEEPS_ALL);
    // A file is signed in binary mode: in an expression, `$binary` and `$node['X'].binary` leave its data out.
    if (!signed || !readsWholeRequest(signed.field) || signed.field.startsWith('#binary') || indexesData(value.slice(signed.start, signed.end)) || !writesWhole(value, signed)) return undefined;
  }
  return { node: node.id, at: asString(params.dataPropertyName) || 'data', keyRefs: expression(secret) };
}

/** True when a Crypto node's key is empty: no text, or an expression of nothing but empty literals (`={{ '' }}`). */
function isEmptyKey(secret: string): boolean {
  const text = secret.charCodeAt(0) === 61 ? secret.slice(1).replace(/\{\{\s*(?:''|""|``)\s*\}\}/g, '') : secret;
  return !text.trim();
}

/** What a side of a comparison may do besides joining text to it: calls that keep what tells one HMAC from another. */
const KEEPS_VALUE = /String\(|JSON\.stringify\(|\.(?:trim|toLowerCase|toUpperCase|replace)\(|[\s+,()]/g;
/**
 * What the value an HMAC signs may do besides joining text to it: calls that keep all of it. A case or a `replace` makes
 * many bodies one (the others could be sent under its signature).
 */
const KEEPS_ALL = /String\(|JSON\.stringify\(|[\s+()]/g;

/**
 * True when the value an HMAC signs writes all of what `ref` reads (the item, the parsed body, an object): the value is
 * `{{ ref }}` alone (the object itself), or `ref` is the one argument of `JSON.stringify(…)`. `String(…)`, `+` or a
 * template write an object as "[object Object]", the same text for every body.
 */
function writesWhole(value: string, ref: Reference): boolean {
  const before = value.slice(0, ref.start);
  const after = value.slice(ref.end);
  return (/^=\s*\{\{\s*$/.test(before) && /^\s*\}\}\s*$/.test(after)) || (/JSON\.stringify\(\s*$/.test(before) && /^\s*\)/.test(after));
}

/** True when a reference's text indexes into the data (`$json.body[0]`), which its field does not say; an index into the items (`$input.all()[0].json`) is not. */
function indexesData(text: string): boolean {
  const data = text.search(/(?:^\$|\.)(?:json|binary)(?![\w$])/);
  return data !== -1 && /\[\s*\d+\s*\]/.test(text.slice(data));
}

/**
 * The one reference of a side of a comparison (or of the value an HMAC signs, with `keeps` {@link KEEPS_ALL}), when the
 * side is that value itself: quoted text joined to it (`'sha256=' + …`) and `String(…)`, `JSON.stringify(…)`, `.trim()`,
 * `.toLowerCase()`, `.replace('sha256=', '')` are allowed. Anything else may make different values equal (`typeof x`,
 * `Boolean(x)`, `x.slice(0, 1)`, `x.length`).
 */
function soleReference(leaf: Pick<Leaf, 'value' | 'refs'> | undefined, keeps = KEEPS_VALUE): Reference | undefined {
  if (!leaf || leaf.refs.length !== 1 || leaf.refs[0].kind === 'agent') return undefined;
  const ref = leaf.refs[0];
  const blocks = templateBlocks(leaf.value, leaf.value.charCodeAt(0) === 61 ? 1 : 0);
  const holds = (b: { start: number; end: number }) => b.start <= ref.start && ref.end <= b.end;
  if (!blocks.some(holds)) return undefined;
  const code = blocks.map((b) => (holds(b) ? `${leaf.value.slice(b.start, ref.start)} ${leaf.value.slice(ref.end, b.end)}` : leaf.value.slice(b.start, b.end))).join(' ');
  return keepsValue(code, keeps) ? ref : undefined;
}

/** The one reference of the part `[start, end)` of an expression, when the part is that value itself ({@link soleReference}). */
function sideReference(value: string, refs: readonly Reference[], start: number, end: number): Reference | undefined {
  const inside = refs.filter((r) => r.start < end && start < r.end);
  const ref = inside[0];
  if (inside.length !== 1 || ref.kind === 'agent' || ref.start < start || ref.end > end) return undefined;
  return keepsValue(`${value.slice(start, ref.start)} ${value.slice(ref.end, end)}`) ? ref : undefined;
}

/** True when the code around a reference (the reference cut out) only joins quoted text to it and calls what `keeps` allows. */
function keepsValue(code: string, keeps = KEEPS_VALUE): boolean {
  // A backslash or a backquote may hide the reference in a literal (`'\' + $json.hmac + \''`, `${typeof …}`).
  if (/[\\`]/.test(code)) return false;
  return !code.replace(/'[^']*'|"[^"]*"/g, '').replace(keeps, '');
}

/**
 * The signatures an IF, Filter or Switch verifies: a condition that holds only when the HMAC a Crypto node computed of the
 * request ({@link hmacStepOf}) equals a header of the request (`{{ $json.hmac }}` equals
 * `{{ $('Webhook').item.json.headers['x-hub-signature-256'] }}`), on the outputs that only matching items leave by. The
 * digest is read from the Crypto node by name, or as the input when the Crypto node is the only step before this one.
 * A boolean condition may be one expression that holds only then (`{{ $json.hmac === $json.headers['x-…'] }}` is true:
 * {@link expressionEqualities}). A condition joined to others by OR, or one that is not an equality, verifies nothing.
 */
function conditionSignatures(node: FlowNode, short: string, params: Record<string, unknown>, leaves: readonly Leaf[], graph: FlowGraph, idByName: ReadonlyMap<string, string>): SignatureCheck[] {
  const preds = graph.preds(node.id);
  const before = preds.length && preds.every((p) => p === preds[0]) ? hmacStepOf(graph.byId.get(preds[0]), idByName) : undefined;
  const digestOf = (ref: Reference): HmacStep | undefined => {
    const step = ref.kind === 'node' ? hmacStepOf(graph.byId.get(ref.target ?? ''), idByName) : ref.kind === 'input' ? before : undefined;
    return step && ref.field === step.at ? step : undefined;
  };
  const byPath = new Map(leaves.map((l) => [l.path.join('/'), l]));
  const out: SignatureCheck[] = [];
  for (const leaf of leaves) {
    const last = leaf.path[leaf.path.length - 1];
    if (last !== 'leftValue' && last !== 'value1') continue;
    const condition = conditionOf(params, leaf.path);
    if (!condition) continue;
    const outputs = passingOutputs(short, params, leaf.path);
    if (!outputs) continue;
    // The two sides compared, each with the leaf that holds it: one expression's (`{{ a === b }}` is true), or the operands'.
    const pairs: [Reference, Leaf, Reference, Leaf][] = [];
    const want = condition.type === 'boolean' && (last === 'leftValue' || leaf.path[0] === 'conditions') ? wantedBoolean(condition, last === 'value1') : undefined;
    if (want !== undefined) {
      for (const [a, b] of expressionEqualities(leaf, want)) pairs.push([a, leaf, b, leaf]);
    } else if (condition.operation === 'equals' || condition.operation === 'equal') {
      const other = byPath.get([...leaf.path.slice(0, -1), last === 'leftValue' ? 'rightValue' : 'value2'].join('/'));
      const left = soleReference(leaf);
      const right = soleReference(other);
      if (left && right && other) pairs.push([left, leaf, right, other]);
    }
    // Either side may be the digest; the check is reported where the header is read.
    for (const [left, leftLeaf, right, rightLeaf] of pairs) {
      const sides = [
        { digest: left, header: right, headerLeaf: rightLeaf },
        { digest: right, header: left, headerLeaf: leftLeaf },
      ];
      for (const { digest, header, headerLeaf } of sides) {
        const step = digestOf(digest);
        const name = /^headers\.([^.]+)$/i.exec(header.field)?.[1];
        // The header side must be the request's header, not a field the Crypto node wrote its HMAC to.
        if (step && name && !digestOf(header)) out.push({ header: name.toLowerCase(), headerRef: header, keyRefs: step.keyRefs, pointer: headerLeaf.pointer, outputs, relies: [step.node] });
      }
    }
  }
  return out;
}

/**
 * The value a boolean condition's expression must have for an item to pass: v2 "is true" / "is false", or equal (not
 * equal) to a literal `true` or `false`; v1 compares with `value2`, false when absent (n8n's default). Undefined when
 * the other side is not such a literal (then the condition compares two operands).
 */
function wantedBoolean(condition: Condition, v1: boolean): boolean | undefined {
  if (condition.operation === 'true') return true;
  if (condition.operation === 'false') return false;
  const other = condition.other === undefined && v1 ? false : typeof condition.other === 'string' ? condition.other.replace(/^=/, '').trim() : condition.other;
  const value = other === true || other === 'true' ? true : other === false || other === 'false' ? false : undefined;
  if (value === undefined) return undefined;
  if (condition.operation === 'equals' || condition.operation === 'equal') return value;
  return condition.operation === 'notEquals' || condition.operation === 'notEqual' ? !value : undefined;
}

/** Longest expression read for the equalities it holds to. */
const MAX_CONDITION_EXPRESSION = 2_000;

/**
 * The pairs of references an expression holds equal when it has the value `want`: the leaf is one `{{ … }}` block (so
 * its value is the expression's), and the expression is an equality (`a === b` true, `a !== b` false), its negation, or
 * one of the terms of an AND that must be true (an OR that must be false). Each side must be the value itself
 * ({@link sideReference}). An OR that must be true holds none: either part may be what passes.
 */
function expressionEqualities(leaf: Leaf, want: boolean): [Reference, Reference][] {
  const blocks = templateBlocks(leaf.value, 1);
  const block = blocks[0];
  if (leaf.value.charCodeAt(0) !== 61 || blocks.length !== 1 || leaf.value.slice(1, block.outerStart).trim() || leaf.value.slice(block.outerEnd).trim()) return [];
  if (block.end - block.start > MAX_CONDITION_EXPRESSION) return [];
  let program: AnyNode;
  try {
    program = parseScript(leaf.value.slice(block.start, block.end)) as AnyNode;
  } catch {
    return [];
  }
  const statement = program.type === 'Program' && program.body.length === 1 ? program.body[0] : undefined;
  if (statement?.type !== 'ExpressionStatement') return [];
  const out: [Reference, Reference][] = [];
  const side = (n: AnyNode) => sideReference(leaf.value, leaf.refs, block.start + n.start, block.start + n.end);
  const read = (node: AnyNode, holds: boolean, depth: number): void => {
    if (depth > 16 || out.length >= 8) return;
    if (node.type === 'UnaryExpression' && node.operator === '!') return read(node.argument, !holds, depth + 1);
    if (node.type === 'LogicalExpression' && ((node.operator === '&&' && holds) || (node.operator === '||' && !holds))) {
      read(node.left, holds, depth + 1);
      read(node.right, holds, depth + 1);
      return;
    }
    if (node.type !== 'BinaryExpression' || node.left.type === 'PrivateIdentifier') return;
    const equal = node.operator === '===' || node.operator === '==';
    const unequal = node.operator === '!==' || node.operator === '!=';
    if (!((equal && holds) || (unequal && !holds))) return;
    const a = side(node.left);
    const b = side(node.right);
    if (a && b) out.push([a, b]);
  };
  read(statement.expression, want, 0);
  return out;
}

function writesOf(short: string, node: FlowNode, params: Record<string, unknown>, leaves: readonly Leaf[], isAi: boolean, implicitRefs: readonly Reference[]): Write[] {
  if (short === 'set') return setWrites(node, params, leaves);
  if (short === 'splitOut') return splitOutWrites(node, params);
  if (short === 'crypto') {
    // The hashed value lands in `dataPropertyName`: masked, whatever it was.
    const at = asString(params.dataPropertyName) ?? 'data';
    return leaves.filter((l) => l.path[0] === 'value').map((l) => ({ at, refs: l.refs.map((r) => ({ ...r, masked: true })), pointer: l.pointer }));
  }
  if (DERIVE_TYPES.has(short) || isAi) {
    // What these nodes output is computed from the values, not a copy of them: fields below do not map to the source's.
    // Code whose every `return` hands its input on (`return $input.all();` after checks) outputs that input; code whose
    // one `return` builds an object literal outputs its fields (a spread of the input, or a field copied, at its place).
    const code = new Set(jsCodeLeaves(short, leaves, codeLanguage(params)));
    const writes: Write[] = leaves.flatMap((l) => {
      const returned = N8N_CODE_PARAMS[short]?.includes(l.path[0]) ? returnedInput(l) : undefined;
      if (returned) return [{ at: '', refs: [{ ...returned, whole: true }], pointer: l.pointer }];
      // Only a return that builds an object literal is read field by field: other code is not parsed for it.
      const output = code.has(l) && OBJECT_RETURN.test(l.value) ? readCode(l.value, l.refs)?.output : undefined;
      if (output) return output.map((f) => ({ at: f.at, refs: f.refs.map((r) => ({ ...r, whole: f.whole })), pointer: l.pointer }));
      return [{ at: '', refs: l.refs.map((r) => (r.whole ? { ...r, whole: false } : r)), pointer: l.pointer }];
    });
    if (implicitRefs.length) writes.push({ at: '', refs: implicitRefs.map((r) => ({ ...r, whole: false })), pointer: node.parametersPointer ?? node.pointer });
    return writes;
  }
  return [];
}

/**
 * The reference to the node's whole input that every `return` of the code returns as it is (`return $input.all();`,
 * `return items;`; `return []` returns nothing), or undefined when one returns anything else (or there is none).
 */
function returnedInput(leaf: Leaf): Reference | undefined {
  let returned: Reference | undefined;
  const pattern = /\breturn\b/g;
  let count = 0;
  for (let m = pattern.exec(leaf.value); m; m = pattern.exec(leaf.value)) {
    if (++count > 64) return undefined;
    const at = skipSpaces(leaf.value, m.index + 6);
    if (leaf.value.charCodeAt(at) === 91 /* [ */ && leaf.value.charCodeAt(skipSpaces(leaf.value, at + 1)) === 93) continue; // `return []`: no items
    const ref = leaf.refs.find((r) => r.start === at);
    if (!ref || ref.kind !== 'input' || ref.field !== '' || !/^\s*(?:;|\}|$|\n)/.test(leaf.value.slice(ref.end, ref.end + 4))) return undefined;
    returned = ref;
  }
  return returned;
}

/**
 * The fields a Split Out node splits (`fieldToSplitOut`, comma-separated, `$json.` dropped as n8n drops it; `$binary`
 * splits the item's files), when they are written out, not computed. Array indexes are dropped, as references drop them
 * (`pages[0].links` is `pages.links`).
 */
function splitFields(params: Record<string, unknown>): string[] {
  return (nameList(params.fieldToSplitOut) ?? []).map(splitFieldName).filter((f) => f.length > 0);
}

/**
 * A comma-separated list of names as n8n nodes take them (`body.id, body.name`), trimmed, empty ones dropped; an
 * expression with no `{{ … }}` is its text (`=line_items`). Undefined when an expression computes it, or for no text.
 */
function nameList(value: unknown): string[] | undefined {
  if (typeof value !== 'string' || value.includes('{{')) return undefined;
  return commaList(value.startsWith('=') ? value.slice(1) : value);
}

/** A field name as Split Out reads it: `$json.` dropped, as n8n drops it, and array indexes, as references drop them. */
function splitFieldName(name: string): string {
  return name.replace(/^\$json\./, '').replace(/\[\d+\]/g, '');
}

/** A Split Out "Include" setting the node computes (`={{ … }}`): it may include every other input field. */
function splitIncludeComputed(params: Record<string, unknown>): boolean {
  return typeof params.include === 'string' && params.include.includes('{{');
}

/** The other input fields a Split Out node copies into each item ("Selected Other Fields"), when written out. */
function splitIncludedFields(params: Record<string, unknown>): string[] | undefined {
  return nameList(params.fieldsToInclude);
}

/** Whether a Split Out node's items carry its input fields beside the split ones (see {@link splitOutWrites}). */
function splitKeepsInput(params: Record<string, unknown>): boolean {
  if (!splitFields(params).length || params.include === 'allOtherFields' || splitIncludeComputed(params)) return true;
  return params.include === 'selectedOtherFields' && splitIncludedFields(params) === undefined;
}

/**
 * Split Out (n8n's SplitOut node): one item per element of the fields split, the n-th elements of several fields zipped
 * into one item. Each element goes under its field's name (or the destination field given for it, in the same order);
 * only when one field is split, with no destination and no other fields included, does an element that is an object
 * become the item itself. The other input fields go along with "All Other Fields" (the split field taken out); with
 * "Selected Other Fields", the fields listed, each under its name as written. `$binary` splits the item's files: no field.
 */
function splitOutWrites(node: FlowNode, params: Record<string, unknown>): Write[] {
  const base = node.parametersPointer ?? `${node.pointer}/parameters`;
  const pointer = `${base}/fieldToSplitOut`;
  const raw = asString(params.fieldToSplitOut) ?? '';
  const fields = splitFields(params);
  const destinations = commaList(asString(asObject(params.options)?.destinationFieldName) ?? '');
  // n8n counts the fields as written: `a,` splits two (the second empty).
  // A computed "Include" may be noOtherFields: the element may be the item too.
  const single = !raw.includes(',') && !destinations.length && (params.include === undefined || params.include === 'noOtherFields' || splitIncludeComputed(params));
  const writes: Write[] = [];
  fields.forEach((field, i) => {
    if (field === '$binary') return;
    const refs: Reference[] = [{ ...wholeInput(field), elements: true }];
    if (single) writes.push({ at: '', refs, pointer });
    writes.push({ at: destinations[i] ?? field, refs, pointer });
  });
  if (params.include === 'selectedOtherFields' && fields.length) {
    for (const name of splitIncludedFields(params) ?? []) {
      const field = splitFieldName(name);
      writes.push({ at: field, refs: [wholeInput(field)], pointer: `${base}/fieldsToInclude` });
    }
  }
  return writes;
}

/**
 * The writes of a node whose settings name the fields it reads in plain text (Aggregate, Summarize, Rename Keys): each
 * value at its place, copied whole (a list of the field's values, one per item, read out of the items) or a number
 * computed from it; a place with no field is emptied.
 */
function namedWrites(node: FlowNode, named: NamedOutput): Write[] {
  const base = node.parametersPointer ?? `${node.pointer}/parameters`;
  return named.writes.map((w) => {
    const pointer = pointerFrom(base, w.path);
    if (w.field === undefined) return { at: w.at, refs: [], pointer };
    const ref: Reference = w.numeric ? { ...wholeInput(w.field), whole: false, numeric: true } : { ...wholeInput(w.field), ...(w.elements ? { elements: true } : {}) };
    return { at: w.at, refs: [ref], pointer, ...(w.object ? { object: true } : {}) };
  });
}

/**
 * Set (Edit Fields): each assignment lands at its name; constants overwrite what the input had there. A field typed
 * Object or Array (v3.3+ assignment `type` `object`/`array`, v3.0–3.2 `objectValue`/`arrayValue`) holds an object or a
 * list: n8n validates the value as one, so what it copies has fields ({@link Write.object}). v1/v2 name no such type.
 */
function setWrites(node: FlowNode, params: Record<string, unknown>, leaves: readonly Leaf[]): Write[] {
  const writes: Write[] = [];
  const byPointer = new Map(leaves.map((l) => [l.pointer, l]));
  const base = node.parametersPointer ?? `${node.pointer}/parameters`;
  const add = (name: unknown, pointer: string, type?: unknown) => {
    const at = typeof name === 'string' && name.charCodeAt(0) !== 61 ? name : '';
    const object = type === 'object' || type === 'array' || type === 'objectValue' || type === 'arrayValue';
    writes.push({ at, refs: byPointer.get(pointer)?.refs ?? [], pointer, ...(object ? { object } : {}) });
  };
  const assignments = asObject(params.assignments)?.assignments;
  if (Array.isArray(assignments)) {
    assignments.forEach((a, i) => add(asObject(a)?.name, `${base}/assignments/assignments/${i}/value`, asObject(a)?.type));
  }
  const fields = asObject(params.fields)?.values;
  if (Array.isArray(fields)) {
    fields.forEach((f, i) => {
      const obj = asObject(f) ?? {};
      const key = Object.keys(obj).find((k) => k.endsWith('Value')) ?? 'stringValue';
      add(obj.name, `${base}/fields/values/${i}/${key}`, obj.type); // unset: `stringValue`, n8n's default
    });
  }
  for (const [type, list] of Object.entries(asObject(params.values) ?? {})) {
    if (Array.isArray(list)) list.forEach((v, i) => add(asObject(v)?.name, `${base}/values/${type}/${i}/value`));
  }
  const raw = byPointer.get(`${base}/jsonOutput`);
  if (raw) writes.push({ at: '', refs: raw.refs, pointer: raw.pointer });
  // Input fields kept by name (n8n's Set prepareItem): each listed one under its last name part (with dot notation, the
  // default), unless a field the node sets (set after them) replaces it; or all but the excluded ones, which a write with
  // no value removes. Without dot notation an excluded `body.email` is a key of that name: body's email stays.
  const include = setIncludes(params, node.typeVersion);
  const dots = asObject(params.options)?.dotNotation !== false;
  const named = writes.filter((w) => w.at !== '').map((w) => w.at);
  if (include === 'selected') {
    for (const field of fieldList(params.includeFields)) {
      const at = dots ? field.slice(field.lastIndexOf('.') + 1) : field;
      if (named.some((n) => isFieldPrefix(n, at))) continue;
      writes.push({ at, refs: [wholeInput(field)], pointer: `${base}/includeFields` });
    }
  } else if (include === 'except') {
    for (const field of fieldList(params.excludeFields)) if (dots || !field.includes('.')) writes.push({ at: field, refs: [], pointer: `${base}/excludeFields` });
  }
  // A constant `at ''` write would hide every input field: only named constants overwrite.
  return writes.filter((w) => w.refs.length || w.at !== '');
}

function codeLanguage(params: Record<string, unknown>): 'js' | 'python' {
  return params.language === 'python' || params.language === 'pythonNative' ? 'python' : 'js';
}

function checksOf(short: string, params: Record<string, unknown>, leaves: readonly Leaf[], language: 'js' | 'python'): Check[] {
  const checks: Check[] = [];
  if (short === 'if' || short === 'filter' || short === 'switch') {
    for (const leaf of leaves) {
      const condition = conditionOf(params, leaf.path);
      const outputs = condition && passingOutputs(short, params, leaf.path);
      if (!condition || !outputs) continue;
      // `$json.host.length` reads the field `host` (its length), not a field called `length`.
      const refs = leaf.refs.map((read) => (read.field.endsWith('.length') && leaf.value.slice(read.end - 7, read.end) === '.length' ? { ...read, field: read.field.slice(0, -7), end: read.end - 7, whole: false } : read));
      refCheckOps(condition, leaf, refs).forEach((op, i) => op && checks.push({ ref: refs[i], op, pointer: leaf.pointer, outputs }));
    }
  } else if (N8N_CODE_PARAMS[short]) {
    for (const leaf of leaves) {
      if (!N8N_CODE_PARAMS[short].includes(leaf.path[0])) continue;
      // Only a test that decides a throw (or an early `return []`) counts: code with neither is not parsed for tests.
      if (leaf.value.includes('throw') || leaf.value.includes('raise') || EMPTY_RETURN.test(leaf.value)) {
        // Each test that guards a throw checks the value it reads (and what lies below it), not its siblings.
        const python = leaf.path[0] === 'pythonCode' || language === 'python';
        for (const test of codeTests(leaf.value, leaf.refs, python)) checks.push({ ref: test.ref, op: test.op, pointer: leaf.pointer, below: true });
      }
    }
  }
  return checks;
}

/**
 * The outputs by which only items that passed a condition leave: an IF's true branch (0) and what a Filter keeps (0);
 * the output of the Switch rule the condition belongs to (v3 `rules/values/i/…`), or every rule's output for the one
 * `value1` that v1/v2 rules compare (not the fallback). Undefined when passing it says nothing about the value: one
 * condition of several joined by OR (IF v1 `combineOperation: any`, Filter v1 `combineConditions: OR`), a v3 rule whose
 * output is also where items that match no rule go (`fallbackOutput: 0`).
 */
function passingOutputs(short: string, params: Record<string, unknown>, path: readonly string[]): number[] | undefined {
  if (short === 'switch') {
    if (path[0] === 'rules' && path[1] === 'values' && /^\d+$/.test(path[2] ?? '')) {
      const rule = asObject((asObject(params.rules)?.values as unknown[] | undefined)?.[Number(path[2])]);
      return anyOf(asObject(rule?.conditions)) || asObject(params.options)?.fallbackOutput === Number(path[2]) ? undefined : [Number(path[2])];
    }
    const rules = asObject(params.rules)?.rules;
    const fallback = typeof params.fallbackOutput === 'number' ? params.fallbackOutput : -1;
    const outputs = Array.isArray(rules) ? rules.map((r, i) => (typeof asObject(r)?.output === 'number' ? (asObject(r)!.output as number) : i)) : [0];
    return outputs.filter((o) => o !== fallback);
  }
  if (path[0] === 'conditions') {
    const conditions = asObject(params.conditions);
    if (anyOf(conditions) || ((params.combineOperation === 'any' || params.combineConditions === 'OR') && conditionCount(conditions) > 1)) return undefined;
  }
  return [0];
}

/** True when a v2 condition group joins more than one condition with OR. */
function anyOf(group: Record<string, unknown> | undefined): boolean {
  return group?.combinator === 'or' && Array.isArray(group.conditions) && group.conditions.length > 1;
}

/** How many v1 conditions (`conditions: { string: [...], number: [...] }`) a node has. */
function conditionCount(conditions: Record<string, unknown> | undefined): number {
  return Object.values(conditions ?? {}).reduce<number>((n, list) => n + (Array.isArray(list) ? list.length : 0), 0);
}

/** A condition a leaf takes part in: what its operator checks, its type and operation, and the value on the other side. */
interface Condition {
  readonly base: CheckOp;
  readonly type: string;
  readonly operation: string;
  /** The other side: the right value for a left one (the regex, the prefix), and the other way round. */
  readonly other: unknown;
  /** The leaf is the right side (`rightValue`, `value2`): the pattern or prefix itself, not the value tested. */
  readonly right: boolean;
}

/** The condition a leaf is a side of: v2 `…/conditions/i/leftValue` with a sibling `operator`, v1 `conditions/<type>/i/value1`, Switch v1/v2 `value1`. */
function conditionOf(params: Record<string, unknown>, path: readonly string[]): Condition | undefined {
  const last = path[path.length - 1];
  if (last === 'leftValue' || last === 'rightValue') {
    let container: unknown = params;
    for (const seg of path.slice(0, -1)) container = Array.isArray(container) ? container[Number(seg)] : asObject(container)?.[seg];
    const condition = asObject(container);
    const operator = asObject(condition?.operator);
    const operation = asString(operator?.operation) ?? '';
    const type = asString(operator?.type) ?? 'string';
    const known = N8N_CHECK_OPS[operation];
    const base = known === 'presence' ? known : type === 'number' || type === 'boolean' ? 'type' : type === 'dateTime' ? 'other' : known ?? 'other';
    return { base, type, operation, other: condition?.[last === 'leftValue' ? 'rightValue' : 'leftValue'], right: last === 'rightValue' };
  }
  if (path[0] === 'conditions' && (last === 'value1' || last === 'value2')) {
    const list = asObject(params.conditions)?.[path[1]];
    const entry = Array.isArray(list) ? asObject(list[Number(path[2])]) : undefined;
    const operation = asString(entry?.operation) ?? 'equal';
    const typed = path[1] === 'number' || path[1] === 'boolean';
    return { base: typed ? 'type' : path[1] === 'dateTime' ? 'other' : N8N_CHECK_OPS[operation] ?? 'other', type: path[1], operation, other: entry?.[last === 'value1' ? 'value2' : 'value1'], right: last === 'value2' };
  }
  if (path.length === 1 && last === 'value1') {
    const dataType = asString(params.dataType) ?? 'number';
    const rules = asObject(params.rules)?.rules;
    const rule = Array.isArray(rules) ? asObject(rules[0]) : undefined;
    const operation = asString(rule?.operation) ?? 'equal';
    return { base: dataType === 'number' || dataType === 'boolean' ? 'type' : dataType === 'dateTime' ? 'other' : N8N_CHECK_OPS[operation] ?? 'other', type: dataType, operation, other: rule?.value2, right: false };
  }
  return undefined;
}

/**
 * What a condition checks about each reference of its leaf (`refs`, in order). The operator's check holds for the value
 * itself (or its case: `x.trim()`); a condition on a value computed from it (`x.length`, `x.split(',')[0]`) checks less,
 * and a boolean "is true" on an expression (`{{ x != '' }}`) checks what the expression tests ({@link jsConditionOps}).
 * An equality counts only with a literal on the other side, a regex only when it is literal ({@link regexOp}), a prefix
 * for what it fixes ({@link prefixOp}): `{{ $json.confirm }}` as the other side lets through whatever it holds.
 * Undefined when it checks nothing in particular. Each `{{ }}` block is read once, however many references it holds.
 */
function refCheckOps(condition: Condition, leaf: Leaf, refs: readonly Reference[]): (CheckOp | undefined)[] {
  const from = leaf.value.charCodeAt(0) === 61 ? 1 : 0;
  const blocks = templateBlocks(leaf.value, from);
  const out: (CheckOp | undefined)[] = refs.map(() => undefined);
  // The block of each reference (they come in document order; a whole one is in none), and the references of each block.
  let b = 0;
  const blockOf = refs.map((ref) => {
    if (ref.whole) return -1;
    if (b >= blocks.length || blocks[b].start > ref.start) b = 0;
    while (b < blocks.length && blocks[b].end < ref.end) b++;
    return b < blocks.length && blocks[b].start <= ref.start ? b : -1;
  });
  const byBlock = new Map<number, number[]>();
  blockOf.forEach((k, i) => {
    if (k === -1) return;
    const list = byBlock.get(k);
    if (list) list.push(i);
    else byBlock.set(k, [i]);
  });
  if (condition.type === 'boolean' && !condition.right) {
    // The expression is the test: `{{ $json.host != '' }}` is true.
    const other = String(condition.other ?? '').trim();
    const negated = condition.operation === 'false' || ((condition.operation === 'equals' || condition.operation === 'equal') && other === 'false') || ((condition.operation === 'notEquals' || condition.operation === 'notEqual') && other !== 'false');
    for (const [k, list] of byBlock) {
      const ops = jsConditionOps(leaf.value, blocks[k].start, blocks[k].end, list.map((i) => refs[i]), negated);
      list.forEach((i, j) => (out[i] = ops[j]));
    }
    blockOf.forEach((k, i) => k === -1 && (out[i] = operatorOp(condition)));
    return out;
  }
  return refs.map((ref, i) => {
    const op = operatorOp(condition);
    if (op === 'presence' || op === undefined) return op;
    const k = blockOf[i];
    if (k !== -1) {
      // A block holding several references compares a value computed from them all (`{{ $json.a + $json.b }}`).
      const shape = byBlock.get(k)!.length > 1 ? 'other' : operandShape(leaf.value, blocks[k].start, blocks[k].end, ref.start, ref.end, 'js');
      if (shape === 'other') return 'other';
      if (shape === 'length') return op === 'type' && /^(?:gt|gte|notEquals|notEqual|larger|largerEqual|isNotEmpty)$/.test(condition.operation) ? 'presence' : 'other';
      if (shape === 'number' && op !== 'type' && op !== 'equals') return 'other';
    }
    return op;
  });
}

/**
 * What the condition's operator checks about the value on the side the leaf is: an equality with a literal, a literal
 * regex, a prefix; `other` when the other side is an expression (or the leaf is the regex or the prefix itself).
 */
function operatorOp(condition: Condition): CheckOp | undefined {
  const op = condition.base;
  if (op !== 'pattern' && op !== 'prefix' && op !== 'equals') return op;
  if (condition.right && op !== 'equals') return 'other'; // the value is the pattern or the prefix: it restricts nothing
  // `=https://api.example.com/` is a literal written in expression mode.
  const literal = literalOfValue(typeof condition.other === 'string' ? condition.other.replace(/^=(?![\s\S]*\{\{)/, '') : condition.other, (text) => text.includes('{{'));
  if (op === 'equals') return literal ? 'equals' : 'other';
  return op === 'pattern' ? (literal?.kind === 'string' ? regexOp(literal.value) : 'other') : prefixOp(literal);
}

function sinksOf(short: string, params: Record<string, unknown>, leaves: readonly Leaf[]): Sink[] {
  const sinks: Sink[] = [];
  const operation = asString(params.operation) ?? '';
  for (const spec of N8N_SINKS[short === 'toolHttpRequest' ? 'httpRequest' : short] ?? []) {
    if (spec.operations && !spec.operations.includes(operation)) continue;
    const leaf = leaves.find((l) => l.path.length === 1 && l.path[0] === spec.param);
    if (!leaf) continue;
    const sink: Sink = { kind: spec.kind, pointer: leaf.pointer, refs: leaf.refs };
    if (spec.kind === 'url') {
      const from = leaf.value.charCodeAt(0) === 61 ? 1 : 0;
      const spans = templateBlocks(leaf.value).map((b) => ({ start: b.outerStart, end: b.outerEnd }));
      for (const r of leaf.refs) if (r.kind === 'agent' && leaf.value[r.start] === '{' && leaf.value[r.start + 1] !== '{') spans.push({ start: r.start, end: r.end });
      sinks.push({ ...sink, ...urlHostBounds(leaf.value, spans, from) });
    } else if (spec.kind === 'nosql') {
      // Only a value written outside a JSON string can add query operators.
      const outside = leaf.refs.filter((r) => !insideJsonString(leaf.value, r.start));
      if (outside.length) sinks.push({ ...sink, refs: outside });
    } else sinks.push(sink);
  }
  for (const param of N8N_CODE_PARAMS[short] ?? []) {
    const leaf = leaves.find((l) => l.path[0] === param);
    if (!leaf) continue;
    const sink = codeMarkerSink(leaf.value, CODE_EXECUTION_MARKERS, leaf.pointer, leaf.refs);
    if (sink) sinks.push(sink);
  }
  return sinks;
}

/** True when index `at` of a JSON-ish text sits inside a double-quoted string. */
function insideJsonString(text: string, at: number): boolean {
  let inside = false;
  for (let i = 0; i < at && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */ && inside) i++;
    else if (c === 34) inside = !inside;
  }
  return inside;
}

/**
 * The references in an n8n parameter value: in `{{ … }}` blocks of an expression (`=…`), or anywhere in code.
 * Environment, workflow and execution metadata (`$env`, `$vars`, `$workflow`, `$execution`, `$now`, `$runIndex`) and
 * other nodes' parameters (`$node["X"].parameter`, `$('X').params`) are not data and are not returned.
 */
export function n8nReferences(value: string, ctx: N8nContext): Reference[] {
  const refs: Reference[] = [];
  if (ctx.code) {
    scanCode(value, 0, value.length, ctx, refs, false);
    return refs;
  }
  const expression = value.charCodeAt(0) === 61 ? 1 : 0;
  const blocks = templateBlocks(value, expression);
  for (const block of blocks) {
    const masking = isMaskingExpression(value.slice(block.start, block.end));
    const before = refs.length;
    scanCode(value, block.start, block.end, ctx, refs, false);
    // References in document order (scanCode reads sigils left to right), as maskedRefs reads them.
    const masked = masking ? maskedRefs(value, block.start, refs.slice(before), 'js') : [];
    const numeric = numericRefs(value, block.start, block.end, refs.slice(before), 'js', NUMBER_FUNCTIONS, NUMBER_METHODS);
    for (let i = before; i < refs.length; i++) {
      const r = refs[i];
      if (masked[i - before] || numeric[i - before]) refs[i] = { ...r, masked: masked[i - before] ?? false, ...(numeric[i - before] ? { numeric: true } : {}) };
    }
    if (blocks.length === 1 && refs.length === before + 1) {
      const r = refs[before];
      const whole = value.slice(expression, block.outerStart).trim() === '' && value.slice(block.outerEnd).trim() === '' && value.slice(block.start, block.end).trim() === value.slice(r.start, r.end);
      if (whole) refs[before] = { ...r, whole: true };
    }
  }
  if (ctx.placeholders) refs.push(...placeholderRefs(value, expression, value.length, blocks));
  return refs;
}

/** Functions and string methods whose result is a number (or NaN): `{{ parseInt($json.id, 10) }}` inserts digits only. */
const NUMBER_FUNCTIONS: ReadonlySet<string> = new Set(['parseInt', 'parseFloat', 'Number', 'Number.parseInt', 'Number.parseFloat', 'Math.round', 'Math.floor', 'Math.ceil', 'Math.trunc', 'Math.abs', 'Math.max', 'Math.min']);
const NUMBER_METHODS: ReadonlySet<string> = new Set(['toInt', 'toInteger', 'toFloat', 'toNumber', 'toDecimalNumber', 'toWholeNumber', 'round', 'floor', 'ceil', 'abs']);

/** `{name}` placeholders (single braces) of an HTTP Request tool's URL: values the agent chooses. */
function placeholderRefs(value: string, from: number, to: number, blocks: readonly { outerStart: number; outerEnd: number }[] = []): Reference[] {
  const refs: Reference[] = [];
  for (let i = value.indexOf('{', from); i !== -1 && i < to && refs.length < 64; i = value.indexOf('{', i + 1)) {
    if (blocks.some((b) => i >= b.outerStart && i < b.outerEnd)) continue;
    if (value.charCodeAt(i + 1) === 123 || value.charCodeAt(i - 1) === 123) continue;
    const end = identEnd(value, i + 1);
    if (end > i + 1 && value.charCodeAt(end) === 125 /* } */) refs.push({ kind: 'agent', field: value.slice(i + 1, end), start: i, end: end + 1, masked: false, whole: false });
  }
  return refs;
}

interface Found {
  readonly kind: Reference['kind'];
  readonly target?: string;
  readonly field: string;
  readonly end: number;
  readonly elements?: boolean;
  readonly element?: string;
}

/** The `elements` and `element` of a reference read out of elements of a list (see {@link fieldOf}), or nothing. */
function elementsOf(found: { elements?: boolean; element?: string }): { elements?: true; element?: string } {
  if (!found.elements) return {};
  return found.element === undefined ? { elements: true } : { elements: true, element: found.element };
}

function scanCode(text: string, from: number, to: number, ctx: N8nContext, out: Reference[], masked: boolean): void {
  const sigil = ctx.code === 'python' ? '_' : '$';
  for (let i = text.indexOf(sigil, from); i !== -1 && i < to && out.length < 512; i = text.indexOf(sigil, i + 1)) {
    if (i > 0 && isIdentChar(text.charCodeAt(i - 1))) continue;
    for (const found of readSigilRef(text, i, ctx)) {
      if (found.end <= to) out.push({ kind: found.kind, target: found.target, field: found.field, start: i, end: found.end, masked, whole: false, ...elementsOf(found) });
    }
  }
  if (ctx.code && ctx.itemsWord) {
    const word = ctx.itemsWord;
    for (let i = text.indexOf(word, from); i !== -1 && i < to && out.length < 512; i = text.indexOf(word, i + 1)) {
      const end = i + word.length;
      if ((i > 0 && (isIdentChar(text.charCodeAt(i - 1)) || text.charCodeAt(i - 1) === 46)) || isIdentChar(text.charCodeAt(end))) continue;
      const segments = readAccessors(text, end);
      const direct = word === 'item' ? fieldsOf(segments) : undefined;
      const found = direct ? direct.map((d) => ({ ...d, end: d.end ?? end })) : itemChain(segments, 0, end);
      for (const f of found ?? []) out.push({ kind: 'input', field: f.field, start: i, end: f.end, masked, whole: false, ...elementsOf(f) });
    }
  }
}

/**
 * The references starting with `$` (or `_` in Python code) at `i`: one, or one for each field a `.map` callback reads of
 * each element ({@link fieldsOf}); none when it is no reference.
 */
function readSigilRef(text: string, i: number, ctx: N8nContext): Found[] {
  const nameEnd = identEnd(text, i + 1);
  const name = text.slice(i + 1, nameEnd);
  switch (name) {
    case 'json': {
      return fieldsOf(readAccessors(text, nameEnd)).map(({ field, end, ...picked }) => ({ kind: 'input', field, end: end ?? nameEnd, ...elementsOf(picked) }));
    }
    case 'binary': {
      const { field, end } = fieldOf(readAccessors(text, nameEnd));
      return [{ kind: 'input', field: field ? `#binary.${field}` : '#binary', end: end ?? nameEnd }];
    }
    case 'input': {
      return (itemChain(readAccessors(text, nameEnd), 0, nameEnd) ?? []).map((found) => ({ kind: 'input', ...found }));
    }
    case 'items':
    case '': {
      if (name === '' && text.charCodeAt(nameEnd) !== 40) return [];
      let k = nameEnd;
      let target: string | undefined;
      if (text.charCodeAt(k) === 40 /* ( */) {
        const argStart = skipSpaces(text, k + 1);
        if (text.charCodeAt(argStart) === 41) k = argStart + 1;
        else {
          const lit = readQuoted(text, argStart);
          if (!lit) return [];
          const close = skipSpaces(text, lit.end);
          if (text.charCodeAt(close) !== 41) return [];
          target = ctx.idByName.get(lit.value);
          if (target === undefined) return [];
          k = close + 1;
        }
      } else if (name === '') return [];
      return (itemChain(readAccessors(text, k), 0, k) ?? []).map((found) => (target === undefined ? { kind: 'input', ...found } : { kind: 'node', target, ...found }));
    }
    case 'node': {
      let k = nameEnd;
      let nodeName: string | undefined;
      if (text.charCodeAt(k) === 91 /* [ */) {
        const lit = readQuoted(text, skipSpaces(text, k + 1));
        if (!lit) return [];
        const close = skipSpaces(text, lit.end);
        if (text.charCodeAt(close) !== 93) return [];
        nodeName = lit.value;
        k = close + 1;
      } else if (text.charCodeAt(k) === 46) {
        const e = identEnd(text, k + 1);
        nodeName = text.slice(k + 1, e);
        k = e;
      }
      const target = nodeName === undefined ? undefined : ctx.idByName.get(nodeName);
      if (target === undefined) return [];
      const segments = readAccessors(text, k);
      const first = segments[0];
      if (!first || first.kind !== 'prop') return [{ kind: 'node', target, field: '', end: k }];
      if (first.name === 'json' || first.name === 'data') {
        return fieldsOf(segments, 1).map(({ field, end, ...picked }) => ({ kind: 'node', target, field, end: end ?? first.end, ...elementsOf(picked) }));
      }
      if (first.name === 'binary') {
        const { field, end } = fieldOf(segments, 1);
        return [{ kind: 'node', target, field: field ? `#binary.${field}` : '#binary', end: end ?? first.end }];
      }
      return []; // .parameter, .context, .runIndex: not data
    }
    case 'fromAI':
    case 'fromAi':
    case 'fromai': {
      if (text.charCodeAt(nameEnd) !== 40) return [];
      const close = skipBalancedParens(text, nameEnd);
      const lit = readQuoted(text, skipSpaces(text, nameEnd + 1));
      return [{ kind: 'agent', field: lit?.value ?? '', end: close }];
    }
    default:
      return [];
  }
}

function skipBalancedParens(text: string, i: number): number {
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 39 || c === 34 || c === 96) {
      const q = readQuoted(text, j);
      if (!q) return text.length;
      j = q.end - 1;
    } else if (c === 40) depth++;
    else if (c === 41 && --depth === 0) return j + 1;
  }
  return text.length;
}

/** Item selectors before `.json`: `.item`, `.first()`, `.last()`, `.all()`, `[0]`, `.itemMatching(i)`, `.pairedItem()`. */
const SELECTORS = new Set(['item', 'first', 'last', 'all', 'itemMatching', 'pairedItem']);

/**
 * Reads `…(selectors).json.a.b` (or `.binary…`) from `segments[from]`: the field (one for each field a `.map` callback
 * reads, {@link fieldsOf}), or undefined when the chain is not item data. Items mapped to a path of their data
 * (`$input.all().map(i => i.json.name)`) read that field of each.
 */
function itemChain(segments: readonly Segment[], from: number, start: number): { field: string; end: number; elements?: boolean; element?: string }[] | undefined {
  let i = from;
  let end = start;
  while (i < segments.length && (segments[i].kind === 'index' || SELECTORS.has(segments[i].name))) end = segments[i++].end;
  const s = segments[i];
  if (!s) return [{ field: '', end }];
  if (s.kind === 'prop' && (s.name === 'json' || s.name === 'binary')) {
    return fieldsOf(segments, i + 1).map(({ field, end: fieldEnd, ...picked }) => {
      const full = s.name === 'binary' ? (field ? `#binary.${field}` : '#binary') : field;
      return { field: full, end: fieldEnd ?? s.end, ...elementsOf(picked) };
    });
  }
  const mapped = s.kind === 'call' ? (s.mapped !== undefined ? [s.mapped] : s.paths) : undefined;
  // Items mapped to paths of their data: each path must be under `json` or `binary`, or the call reads all items.
  if (mapped?.every((m) => /^(?:json|binary)(?:\.|$)/.test(m))) {
    const { field, end: fieldEnd } = fieldOf(segments, i + 1);
    return mapped.map((m) => {
      const [part, ...path] = m.split('.');
      const inner = joinField(path.join('.'), field);
      const full = part === 'binary' ? (inner ? `#binary.${inner}` : '#binary') : inner;
      return { field: full, end: fieldEnd ?? s.end, elements: true };
    });
  }
  if (s.kind === 'call' || s.kind === 'dynamic') return [{ field: '', end }];
  return undefined; // .params, .context, .isExecuted: not item data
}
