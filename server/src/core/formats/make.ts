// Make scenario blueprint → Flow. Every module becomes a node: those of `flow[]`, of router branches
// (`routes[].flow[]`) and of error handlers (`onerror[]`), array by array. Edges follow the order of each array,
// go from a router to the first module of each branch, and from a module to its error handler (kind `error`).
//
// Inbound hooks: a custom webhook or mailhook takes requests from anyone who has its URL (or address). Make's
// optional IP restriction and API-key check live on the hook, which the blueprint does not export, so such a
// hook is `auth.none`, unless every step right after it has a filter comparing a request header with a
// secret-like name (the shared-secret check people build by hand). App instant triggers (`slack:NewEvent`,
// `line:watchMessages`) are registered with the app by Make: they are event triggers, like n8n's app triggers.
// Connections (`__IMTCONN__`, `account`, keychains) and hooks (`__IMTHOOK__`, `hook`) are held by Make and named
// by id: they are the nodes' credential references (a hook's URL is itself a bearer secret).
import { makeApp, makeModuleInfo } from '../knowledge/connectors/make.js';
import type { CredentialRef, Edge, FlowNode, NodeAuth, NodeRole, ScopeSource } from '../model/index.js';
import { childPointer } from '../source.js';
import { asObject, asString, MAX_DEPTH } from '../walk.js';
import { requestedScopes, scopesInForm, scopesInList, scopesInUrl } from './scopes.js';
import type { AdapterResult, StructureProblem } from './types.js';

type Raw = Record<string, unknown>;

interface Module {
  readonly raw: Raw;
  readonly pointer: string;
  readonly id: string;
}

/** Builds the flow model of a Make blueprint. Never throws. */
export function buildMakeFlow(value: unknown): AdapterResult {
  const root = asObject(value);
  if (!root || !Array.isArray(root.flow)) {
    return { problems: [{ pointer: '', message: 'This looks like a Make blueprint but has no "flow" array of modules, so it cannot be reviewed. Export the blueprint again from Make (scenario … → Export Blueprint).' }] };
  }
  const problems: StructureProblem[] = [];
  const nodes: FlowNode[] = [];
  const edges: Edge[] = [];
  // Arrays of modules still to read, with the module each one hangs off (a router or an erroring module).
  const stack: { list: unknown[]; pointer: string; parent?: string; kind: string; depth: number }[] = [{ list: root.flow, pointer: '/flow', kind: 'main', depth: 0 }];
  const pending: { list: unknown[]; pointer: string; parent?: string; kind: string; depth: number }[] = [];
  while (stack.length) {
    const { list, pointer, parent, kind, depth } = stack.pop()!;
    const modules: Module[] = [];
    list.forEach((item, index) => {
      const p = `${pointer}/${index}`;
      const raw = asObject(item);
      if (!raw) {
        problems.push({ pointer: p, message: `Module ${index} of ${pointer} is not an object; it was skipped.` });
        return;
      }
      const id = raw.id === undefined || raw.id === null ? `(module ${p})` : String(raw.id);
      modules.push({ raw, pointer: p, id });
    });
    if (parent !== undefined && modules.length) edges.push({ from: parent, to: modules[0].id, kind });
    modules.forEach((m, i) => {
      nodes.push(toFlowNode(m, modules[i + 1] ? followers(modules[i + 1]) : []));
      if (i > 0) edges.push({ from: modules[i - 1].id, to: m.id, kind: 'main' });
      if (depth >= MAX_DEPTH) return;
      const routes = Array.isArray(m.raw.routes) ? m.raw.routes : [];
      routes.forEach((route, r) => {
        const flow = asObject(route)?.flow;
        if (Array.isArray(flow)) pending.push({ list: flow, pointer: `${m.pointer}/routes/${r}/flow`, parent: m.id, kind: 'main', depth: depth + 1 });
      });
      if (Array.isArray(m.raw.onerror)) pending.push({ list: m.raw.onerror, pointer: `${m.pointer}/onerror`, parent: m.id, kind: 'error', depth: depth + 1 });
    });
    // The branches of this array before any array found earlier (depth first).
    while (pending.length) stack.push(pending.pop()!);
  }
  const metadata = asObject(root.metadata);
  return {
    flow: {
      platform: 'make',
      name: asString(root.name) ?? '',
      nodes,
      edges,
      settings: { ...(asObject(metadata?.scenario) ?? {}), instant: metadata?.instant === true },
      sampleDataPointers: [],
    },
    problems,
  };
}

/** The modules that run right after `next` is reached: `next` itself, or the first module of each branch of a router. */
function followers(next: Module): Module[] {
  if (next.raw.module !== 'builtin:BasicRouter') return [next];
  const routes = Array.isArray(next.raw.routes) ? next.raw.routes : [];
  return routes.flatMap((route, r) => {
    const first = asObject((asObject(route)?.flow as unknown[] | undefined)?.[0]);
    return first ? [{ raw: first, pointer: `${next.pointer}/routes/${r}/flow/0`, id: String(first.id) }] : [];
  });
}

function toFlowNode(m: Module, next: readonly Module[]): FlowNode {
  const { raw, pointer, id } = m;
  const type = asString(raw.module) ?? '';
  const info = makeModuleInfo(type);
  const parameters = asObject(raw.parameters) ?? {};
  const mapper = asObject(raw.mapper) ?? {};
  const metadata = asObject(raw.metadata);
  const declared = declaredTypes(metadata);
  const hookKey = hookKeyOf(parameters, declared);
  const role: NodeRole = hookKey && info.role !== 'trigger-webhook' ? 'trigger-event' : info.role;
  const http = makeApp(type) === 'http';
  const url = http ? asString(mapper.url) : undefined;
  const parametersPointer = childPointer(pointer, 'parameters');
  const designer = asObject(metadata?.designer);
  const urlPointer = url !== undefined ? childPointer(childPointer(pointer, 'mapper'), 'url') : undefined;
  const { scopes, scopeSources } = http ? makeScopes(mapper, childPointer(pointer, 'mapper'), url, urlPointer) : { scopes: [], scopeSources: undefined };
  return {
    id,
    name: asString(designer?.name) || type || id,
    type,
    role,
    service: info.service,
    endpoint: url,
    endpointPointer: urlPointer,
    method: http ? asString(mapper.method)?.toUpperCase() : undefined,
    auth: role === 'trigger-webhook' ? hookAuth(type, hookKey ? childPointer(parametersPointer, hookKey) : pointer, next) : requestAuth(http, parameters, mapper, pointer),
    credentialRefs: credentialsOf(parameters, declared, metadata, makeApp(type), hookKey),
    scopes,
    scopeSources,
    parameters: raw,
    parametersPointer: pointer,
    pointer,
    disabled: raw.disabled === true,
  };
}

/**
 * The parameter that holds a module's hook (`__IMTHOOK__`, `hook`, or one its metadata declares of a `hook` type): a
 * custom webhook or mailhook, or an app's instant trigger, which Make calls rather than polls. Undefined for none.
 */
function hookKeyOf(parameters: Raw, declared: ReadonlyMap<string, string>): string | undefined {
  return ['__IMTHOOK__', 'hook'].find((k) => parameters[k] !== undefined && parameters[k] !== null)
    ?? Object.keys(parameters).find((k) => declared.get(k)?.startsWith('hook'));
}

/** The hook parameter of a module as exported (its `parameters`, and the types its `metadata` declares). */
export function makeHookKey(module: Raw): string | undefined {
  return hookKeyOf(asObject(module.parameters) ?? {}, declaredTypes(asObject(module.metadata)));
}

/** `metadata.parameters[]` declares each parameter's type: `account:slack2`, `hook:gateway-webhook`, `keychain:apikeyauth`. */
function declaredTypes(metadata: Raw | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of Array.isArray(metadata?.parameters) ? metadata.parameters : []) {
    const o = asObject(p);
    const name = asString(o?.name);
    const type = asString(o?.type);
    if (name && type) out.set(name, type);
  }
  return out;
}

/** The label Make shows for a chosen connection or hook (`metadata.restore`). */
function restoreLabel(metadata: Raw | undefined, key: string): string | undefined {
  const restore = asObject(metadata?.restore);
  const entry = asObject(asObject(restore?.parameters)?.[key]) ?? asObject(restore?.[key]);
  return asString(entry?.label) || undefined;
}

function credentialsOf(parameters: Raw, declared: Map<string, string>, metadata: Raw | undefined, app: string, hookKey: string | undefined): CredentialRef[] {
  const refs: CredentialRef[] = [];
  for (const [key, v] of Object.entries(parameters)) {
    if (v === null || v === undefined || v === '' || typeof v === 'object') continue;
    const type = declared.get(key) ?? '';
    const connection = key === '__IMTCONN__' || key === '__IMTKEY__' || /^(?:account|keychain)(?::|$)/.test(type) || (key === 'account' && !type);
    if (!connection && key !== hookKey) continue;
    const name = restoreLabel(metadata, key);
    if (key === hookKey) {
      refs.push({ type: type.startsWith('hook') ? type : 'hook', id: String(v), name });
      continue;
    }
    const restored = asObject(asObject(asObject(asObject(metadata?.restore)?.parameters)?.[key])?.data);
    // The connection type chosen (`slack2`), else the declared ones (`account:smtp,google-restricted`), else the app.
    refs.push({ type: asString(restored?.connection) ?? (type.includes(':') ? type.slice(type.indexOf(':') + 1) : app), id: String(v), name });
  }
  return refs;
}

/** A custom webhook or mailhook: open to anyone with its URL, unless every next step filters on a secret request header. */
function hookAuth(type: string, pointer: string, next: readonly Module[]): NodeAuth {
  if (type === 'gateway:CustomWebHook' && next.length) {
    const checks = next.map(headerCheck);
    if (checks.every((c) => c !== undefined)) return { method: `filter "${checks[0]!.name}" on a request header`, pointer: checks[0]!.pointer };
  }
  return { method: 'none', none: true, pointer };
}

const HEADER = /__IMTHEADERS__|headers/i;
const SECRET_WORD = /auth|token|secret|signature|key|password/i;

/** Make filter operators that hold only when both sides are the same text. */
const EQUALS = new Set(['text:equal', 'text:equal:ci']);
/** Text typed into the filter: no `{{ }}`, not only spaces. */
const FIXED_TEXT = /^\s*[^{\s][^{]*$/;
/** A custom variable, set by the organization's or team's admins: `{{var.organization.NAME}}`, `{{var.team.NAME}}` (letters, digits, `$`, `_`). */
const CUSTOM_VARIABLE = /^\{\{var\.(organization|team)\.([\w$]+)\}\}$/;
/**
 * Make's system variables under those scopes (https://help.make.com/system-variables): the team's ID and name, the
 * organization's ID, name, operations left, data left and zone domain. Make fills them, and they are no secret: the IDs
 * are in the addresses of Make's pages. The other system variables are under `var.scenario` (ID, name, URL) and
 * `var.execution` (ID, operations and data consumed, start time), which hold no custom variable.
 */
const SYSTEM_VARIABLES: Readonly<Record<string, ReadonlySet<string>>> = {
  team: new Set(['id', 'name']),
  organization: new Set(['id', 'name', 'operationsLeft', 'dataLeft', 'zone']),
};

/**
 * `true` or `false`: what a test of the headers returns (`{{contains(map(1.__IMTHEADERS__; "name"); "x-api-key")}}`),
 * which anyone who sends the header passes; no secret reads so.
 */
const BOOLEAN_TEXT = /^\s*(?:true|false)\s*$/i;

/** A value that can hold a secret a request cannot choose: a fixed text, or a custom variable (a system variable is none). */
function fixedSecret(x: string): boolean {
  if (FIXED_TEXT.test(x)) return !BOOLEAN_TEXT.test(x);
  const variable = CUSTOM_VARIABLE.exec(x);
  return variable !== null && !SYSTEM_VARIABLES[variable[1]!]!.has(variable[2]!);
}

/**
 * A module filter that lets a bundle through only with a secret request header (the hand-made shared-secret check):
 * each of its OR groups holds a condition that the header with a secret-like name equals a fixed text or a custom
 * variable. A test that the header is there, contains something or differs from a value, a comparison with true or
 * false or with a system variable (the scenario's ID), or an OR group without it, lets anyone through.
 */
function headerCheck(m: Module): { name: string; pointer: string } | undefined {
  const filter = asObject(m.raw.filter);
  const groups = Array.isArray(filter?.conditions) ? filter.conditions : [];
  const comparesHeader = (condition: unknown) => {
    const c = asObject(condition);
    const [a, b] = [asString(c?.a) ?? '', asString(c?.b) ?? ''];
    const isHeader = (x: string) => HEADER.test(x) && SECRET_WORD.test(x);
    return EQUALS.has(asString(c?.o) ?? '') && ((isHeader(a) && fixedSecret(b)) || (isHeader(b) && fixedSecret(a)));
  };
  const checked = groups.length > 0 && groups.every((group) => Array.isArray(group) && group.some(comparesHeader));
  return checked ? { name: asString(filter?.name) ?? '', pointer: childPointer(m.pointer, 'filter') } : undefined;
}

/** HTTP modules: basic auth typed into the mapper, or a keychain (`__IMTKEY__`). */
function requestAuth(http: boolean, parameters: Raw, mapper: Raw, pointer: string): NodeAuth {
  if (!http) return {};
  if (parameters.__IMTKEY__ !== undefined || parameters.key !== undefined) return { method: 'keychain', pointer: childPointer(pointer, 'parameters') };
  if (asString(mapper.authUser)) return { method: 'basic', pointer: childPointer(childPointer(pointer, 'mapper'), 'authUser') };
  return {};
}

/** An HTTP module's scopes: the URL's `scope=`, each `scope` / `user_scope` entry of its query string list (`qs`), a form body's (`data`). */
function makeScopes(mapper: Record<string, unknown>, mapperPointer: string, url: string | undefined, urlPointer: string | undefined): { scopes: string[]; scopeSources?: ScopeSource[] } {
  const fromUrl = url !== undefined ? scopesInUrl(url) : [];
  const sources: ScopeSource[] = fromUrl.length ? [{ pointer: urlPointer!, scopes: fromUrl }] : [];
  for (const { scopes, index } of scopesInList(mapper.qs)) sources.push({ pointer: `${mapperPointer}/qs/${index}/value`, scopes });
  const data = asString(mapper.data);
  const fromBody = data !== undefined ? scopesInForm(data) : [];
  if (fromBody.length) sources.push({ pointer: childPointer(mapperPointer, 'data'), scopes: fromBody });
  return requestedScopes(sources);
}
