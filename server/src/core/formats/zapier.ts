// Zapier export → Flow. The export holds `zaps[]`, each with its steps as a map (`nodes: { "<id>": {...} }`,
// linked by `parent_id`) or as an array (`steps: [...]`, in order). One Flow per file: every zap's steps are
// nodes of it; with more than one zap, node names start with the zap's title ("Zap title / step").
//
// Webhooks by Zapier's Catch Hook has no caller check at all (its URL is the only secret), so it is
// `auth.none`; its POST/GET/PUT/custom request actions are HTTP requests to `params.url`. The step with no
// parent (or the first step) is the trigger. Zapier names the account a step uses by `authentication_id`.
import { ZAPIER_CATCH_HOOK_ACTIONS, ZAPIER_REQUEST_ACTIONS, zapierAppInfo, zapierAppName } from '../knowledge/connectors/zapier.js';
import type { Edge, FlowNode, NodeRole } from '../model/index.js';
import { childPointer } from '../source.js';
import { asObject, asString } from '../walk.js';
import { requestedScopes, scopesInUrl } from './scopes.js';
import type { AdapterResult, StructureProblem } from './types.js';

type Raw = Record<string, unknown>;

interface Step {
  readonly raw: Raw;
  readonly pointer: string;
  /** The id the zap uses for the step (what `parent_id` refers to). */
  readonly localId: string;
}

/** Builds the flow model of a Zapier export (or of a single zap object). Never throws. */
export function buildZapierFlow(value: unknown): AdapterResult {
  const root = asObject(value);
  const zaps = Array.isArray(root?.zaps) ? (root!.zaps as unknown[]) : root && (root.nodes || root.steps) ? [root] : undefined;
  if (!zaps) {
    return { problems: [{ pointer: '', message: 'This looks like a Zapier export but has no "zaps" array, so it cannot be reviewed. Export the Zaps again from Zapier (Settings → Data management → Export Zaps).' }] };
  }
  const base = Array.isArray(root?.zaps) ? '/zaps' : undefined;
  const problems: StructureProblem[] = [];
  const nodes: FlowNode[] = [];
  const edges: Edge[] = [];
  const used = new Set<string>();
  const titles: string[] = [];
  zaps.forEach((item, index) => {
    const pointer = base === undefined ? '' : `${base}/${index}`;
    const zap = asObject(item);
    if (!zap) {
      problems.push({ pointer, message: `Zap ${index} is not an object; it was skipped.` });
      return;
    }
    const title = asString(zap.title) || asString(zap.name) || `Zap ${idText(zap.id) ?? index + 1}`;
    titles.push(title);
    const steps = stepsOf(zap, pointer);
    if (!steps) {
      problems.push({ pointer, message: `Zap "${title}" has no "nodes" or "steps", so its steps cannot be reviewed.` });
      return;
    }
    const idOf = new Map<string, string>();
    for (const step of steps) {
      let id = step.localId;
      if (used.has(id)) id = `${idText(zap.id) ?? index}/${id}`;
      used.add(id);
      idOf.set(step.localId, id);
    }
    const linked = steps.some((s) => 'parent_id' in s.raw);
    steps.forEach((step, i) => {
      const parent = linked ? idText(step.raw.parent_id) : i > 0 ? steps[i - 1].localId : undefined;
      const isTrigger = linked ? parent === undefined : i === 0;
      nodes.push(toFlowNode(step, idOf.get(step.localId)!, isTrigger, zaps.length > 1 ? title : undefined, title));
      const from = parent !== undefined ? idOf.get(parent) : undefined;
      if (from) edges.push({ from, to: idOf.get(step.localId)!, kind: 'main' });
    });
  });
  const first = asObject(zaps[0]);
  return {
    flow: {
      platform: 'zapier',
      name: titles.join(', '),
      id: zaps.length === 1 ? idText(first?.id) : undefined,
      nodes,
      edges,
      settings: { zaps: zaps.map((z) => ({ id: asObject(z)?.id, title: asObject(z)?.title })), ...(asObject(root?.metadata) ?? {}) },
      sampleDataPointers: [],
    },
    problems,
  };
}

function stepsOf(zap: Raw, pointer: string): Step[] | undefined {
  const asSteps = (entries: [string, unknown][], key: string): Step[] =>
    entries.flatMap(([k, v]) => {
      const raw = asObject(v);
      return raw ? [{ raw, pointer: childPointer(childPointer(pointer, key), k), localId: idText(raw.id) ?? k }] : [];
    });
  const map = asObject(zap.nodes);
  if (map) return asSteps(Object.entries(map), 'nodes');
  for (const key of ['nodes', 'steps']) {
    const list = zap[key];
    if (Array.isArray(list)) return asSteps(list.map((v, i) => [String(i), v]), key);
  }
  return undefined;
}

function toFlowNode(step: Step, id: string, isTrigger: boolean, zapPrefix: string | undefined, zapTitle: string): FlowNode {
  const { raw, pointer } = step;
  const api = asString(raw.selected_api) ?? asString(raw.app) ?? asString(raw.api) ?? '';
  const actionKey = ['action', 'action_key', 'event'].find((k) => typeof raw[k] === 'string') ?? 'action';
  const action = asString(raw[actionKey]) ?? '';
  const typeOf = asString(raw.type_of) ?? asString(raw.type);
  const paramsKey = ['params', 'parameters', 'inputs'].find((k) => asObject(raw[k])) ?? 'params';
  const params = asObject(raw[paramsKey]) ?? {};
  const paramsPointer = childPointer(pointer, paramsKey);
  const info = zapierAppInfo(api);
  const app = zapierAppName(api);
  const webhook = app === 'WebHook';
  const catchHook = webhook && ZAPIER_CATCH_HOOK_ACTIONS.has(action);
  const request = webhook && action in ZAPIER_REQUEST_ACTIONS;
  let role: NodeRole = info.role;
  if (catchHook) role = 'trigger-webhook';
  else if (typeOf === 'filter') role = 'control';
  else if (isTrigger && !request && !role.startsWith('trigger-')) role = 'trigger-event';
  const url = request ? asString(params.url) : undefined;
  const scopes = requestedScopes(url !== undefined ? [{ pointer: childPointer(paramsPointer, 'url'), scopes: scopesInUrl(url) }] : []);
  const method = request ? (ZAPIER_REQUEST_ACTIONS[action] ?? asString(params.method)?.toUpperCase()) : undefined;
  const authentication = idText(raw.authentication_id) ?? idText(raw.authentication) ?? idText(raw.auth_id);
  const meta = asObject(raw.meta);
  const ownTitle = asString(raw.title) || asString(raw.name);
  const stepName = (ownTitle && ownTitle !== zapTitle ? ownTitle : undefined) || asString(meta?.stepTitle) || `${info.service}: ${action || typeOf || 'step'}`;
  return {
    id,
    name: zapPrefix ? `${zapPrefix} / ${stepName}` : stepName,
    type: action ? `${api}:${action}` : api,
    role,
    service: info.service,
    endpoint: url,
    endpointPointer: url !== undefined ? childPointer(paramsPointer, 'url') : undefined,
    method,
    auth: catchHook ? { method: 'none', none: true, pointer: childPointer(pointer, actionKey) } : {},
    credentialRefs: authentication ? [{ type: app, id: authentication }] : [],
    ...scopes,
    parameters: params,
    parametersPointer: raw[paramsKey] !== undefined ? paramsPointer : undefined,
    pointer,
  };
}

/** An id as text: numbers and non-empty strings; `null`, `undefined` and objects are no id. */
function idText(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return typeof v === 'string' && v !== '' ? v : undefined;
}
