// Who can call an inbound trigger, where the export says more than the flow model's `auth`: Logic Apps' allowed caller
// IP ranges (an empty list, or one that admits every address), n8n's IP allowlist, a chat trigger that is not public, and
// Power Automate / Logic Apps trigger conditions that compare a secret request header. Shared by
// ingress/unauthenticated-webhook (how open the trigger is) and ownership/missing-owner (whether it takes calls from outside).
import type { FileFormat } from '../../sniff.js';
import type { FlowNode } from '../../model/index.js';
import { childPointer, parsePointer } from '../../source.js';
import { MAX_NESTING, parseWdlExpression, type Wdl } from '../../dataflow/wdlExpression.js';
import { asObject, asString, valueAt } from '../../walk.js';

/** What restricts a trigger's callers beyond its `auth`, as the export shows it. */
export type CallerRestriction =
  /** Logic Apps "Only other Logic Apps": `allowedCallerIpAddresses: []`, so only parent workflows can call it. */
  | { readonly kind: 'parent-workflows'; readonly pointer: string }
  /**
   * An allowed caller IP range that admits every address (`0.0.0.0/0`, `0.0.0.0-255.255.255.255`, `::/0`), or ranges that
   * `together` admit every IPv4 address (`range` lists them): no restriction.
   */
  | { readonly kind: 'every-address'; readonly pointer: string; readonly range: string; readonly together?: boolean }
  /** n8n's IP allowlist (`options.ipWhitelist`) on a webhook without authentication: its entries, as written. */
  | { readonly kind: 'ip-allowlist'; readonly pointer: string; readonly addresses: readonly string[] }
  /**
   * n8n's IP allowlist with an entry that admits callers anywhere: n8n lets in an address that contains an entry as
   * text, and `entry` (empty, or part of an address) is in every address or in addresses anywhere. No restriction.
   */
  | { readonly kind: 'open-allowlist'; readonly pointer: string; readonly entry: string }
  /** A trigger condition that compares a secret-looking request header (the hand-made shared-secret check). */
  | { readonly kind: 'header-condition'; readonly pointer: string }
  /**
   * Logic Apps OAuth authorization policies beside the SAS key, which they do not turn off (Microsoft: "using one
   * scheme doesn't disable the other"): a call with the SAS URL alone still runs the workflow. No restriction.
   */
  | { readonly kind: 'sas-beside-oauth'; readonly pointer: string }
  /** Logic Apps `sasAuthenticationPolicy.state: Disabled`: the SAS URL runs nothing, only OAuth callers (if any policy) get in. */
  | { readonly kind: 'sas-disabled'; readonly pointer: string }
  /** An n8n Chat trigger that is not public: n8n answers its URL with 404, only the editor's chat reaches it. */
  | { readonly kind: 'editor-only'; readonly pointer: string };

/**
 * What restricts `node`'s callers beyond `node.auth`, read from `root` (the document's data); undefined when nothing
 * does, or when `node` is not an inbound trigger. Pure and cheap: it looks only at the node's own settings.
 */
export function callerRestriction(node: FlowNode, format: FileFormat, root: unknown): CallerRestriction | undefined {
  if (node.role !== 'trigger-webhook') return undefined;
  switch (format) {
    case 'logic-apps': {
      // A trigger condition on a secret header keeps out SAS-only callers too: beside OAuth that leaves SAS working, or
      // beside ranges that admit every address, it is the check.
      const access = accessControlCallers(node, root);
      if (access?.kind === 'every-address' || access?.kind === 'sas-beside-oauth') return headerCondition(node) ?? access;
      return access ?? headerCondition(node);
    }
    case 'power-automate':
      return headerCondition(node);
    case 'n8n':
      return n8nCallers(node);
    default:
      return undefined;
  }
}

/** False when only other workflows or the platform's own editor can call the trigger: not an entry point from outside. */
export function takesOutsideCalls(node: FlowNode, format: FileFormat, root: unknown): boolean {
  const kind = callerRestriction(node, format, root)?.kind;
  return kind !== 'parent-workflows' && kind !== 'editor-only';
}

/**
 * True when the export shows that callers of an inbound trigger are checked: they must authenticate, pass a trigger
 * condition on a secret header, or call from restricted addresses. False when nothing but the URL is needed, or when
 * the check is configured outside the export.
 */
export function callersChecked(node: FlowNode, format: FileFormat, root: unknown): boolean {
  if (node.auth.configuredOutside) return false;
  const kind = callerRestriction(node, format, root)?.kind;
  if (kind === 'every-address' || kind === 'sas-beside-oauth' || kind === 'open-allowlist') return false;
  return kind !== undefined || node.auth.none !== true;
}

/** The adapter's pointer for a Logic Apps trigger's auth, in (or at) the workflow's `accessControl.triggers`. */
const TRIGGERS_ACCESS = /^(.*\/accessControl\/triggers)(?:\/(?:allowedCallerIpAddresses|openAuthenticationPolicies))?$/;

/**
 * Logic Apps `accessControl.triggers`, found through the pointer the adapter gives the trigger's auth. SAS turned off
 * (`sasAuthenticationPolicy.state: Disabled`) leaves only OAuth callers, or none. An empty `allowedCallerIpAddresses` is
 * what the portal's "Only other Logic Apps" writes: only calls from the Logic Apps service (parent workflows) fire the
 * trigger. A range that admits every address restricts nothing. OAuth authorization policies do not turn SAS off:
 * unless a trigger condition requires a Bearer (or PoP) token, Microsoft's "OAuth as the only option", or the allowed
 * caller ranges restrict the SAS calls, the SAS URL alone still runs the workflow.
 */
function accessControlCallers(node: FlowNode, root: unknown): CallerRestriction | undefined {
  const triggersPointer = TRIGGERS_ACCESS.exec(node.auth.pointer ?? '')?.[1];
  const triggers = triggersPointer === undefined ? undefined : asObject(valueAt(root, parsePointer(triggersPointer)));
  if (!triggers || triggersPointer === undefined) return undefined;
  const sas = asObject(triggers.sasAuthenticationPolicy);
  if (asString(sas?.state)?.trim().toLowerCase() === 'disabled') return { kind: 'sas-disabled', pointer: childPointer(childPointer(triggersPointer, 'sasAuthenticationPolicy'), 'state') };
  const policies = asObject(asObject(triggers.openAuthenticationPolicies)?.policies);
  const oauth = policies !== undefined && Object.keys(policies).length > 0;
  if (oauth && requiresOAuthToken(node)) return undefined; // only OAuth callers: the adapter's auth says so
  const listPointer = childPointer(triggersPointer, 'allowedCallerIpAddresses');
  const list = triggers.allowedCallerIpAddresses;
  if (Array.isArray(list)) {
    if (!list.length) return { kind: 'parent-workflows', pointer: listPointer };
    for (let i = 0; i < list.length; i++) {
      const range = asString(asObject(list[i])?.addressRange);
      if (range !== undefined && admitsEveryAddress(range)) return { kind: 'every-address', pointer: childPointer(childPointer(listPointer, i), 'addressRange'), range };
    }
    const all = list.map((r) => asString(asObject(r)?.addressRange)).filter((r): r is string => r !== undefined);
    if (coverEveryIPv4(all)) return { kind: 'every-address', pointer: listPointer, range: all.join(', '), together: true };
    return undefined; // SAS calls must come from the allowed ranges: a second check
  }
  return oauth ? { kind: 'sas-beside-oauth', pointer: childPointer(triggersPointer, 'openAuthenticationPolicies') } : undefined;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const ALL_V4 = /^0{1,3}(?:\.0{1,3}){3}$/;
const TOP_V4 = /^255\.255\.255\.255$/;
const ALL_V6 = /^(?:::|(?:0{1,4}:){7}0{1,4}|::0{1,4})$/;
const TOP_V6 = /^(?:ffff:){7}ffff$/i;
/** An IPv6 address, loosely: hex groups and colons (a dotted IPv4 tail allowed). */
const IPV6 = /^[0-9a-f.]*:[0-9a-f:.]*$/i;

/**
 * `0.0.0.0/0`, `::/0` (a /0 prefix on any address: it keeps none of its bits, so `10.0.0.0/0` is every address too), or
 * a dash range from the lowest to the highest address.
 */
export function admitsEveryAddress(range: string): boolean {
  const text = range.trim();
  const slash = /^(.+)\/0+$/.exec(text);
  if (slash) return IPV4.test(slash[1].trim()) || IPV6.test(slash[1].trim());
  const dash = text.indexOf('-');
  if (dash === -1) return false;
  const [from, to] = [text.slice(0, dash).trim(), text.slice(dash + 1).trim()];
  return (ALL_V4.test(from) && TOP_V4.test(to)) || (ALL_V6.test(from) && TOP_V6.test(to));
}

/** An IPv4 address as a number; undefined for anything else. */
function ipv4(text: string): number | undefined {
  const m = IPV4.exec(text.trim());
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  return parts.every((p) => p <= 255) ? ((parts[0] * 256 + parts[1]) * 256 + parts[2]) * 256 + parts[3] : undefined;
}

/** The IPv4 addresses an allowed caller range admits, as `[first, last]`: `a.b.c.d/n`, `a.b.c.d-e.f.g.h` or one address. */
function ipv4Span(range: string): [number, number] | undefined {
  const text = range.trim();
  const slash = /^(.+)\/(\d{1,2})$/.exec(text);
  if (slash) {
    const address = ipv4(slash[1]);
    const bits = Number(slash[2]);
    if (address === undefined || bits > 32) return undefined;
    const size = 2 ** (32 - bits);
    const first = address - (address % size);
    return [first, first + size - 1];
  }
  const dash = text.indexOf('-');
  const [from, to] = dash === -1 ? [ipv4(text), ipv4(text)] : [ipv4(text.slice(0, dash)), ipv4(text.slice(dash + 1))];
  return from !== undefined && to !== undefined && from <= to ? [from, to] : undefined;
}

/** True when the ranges together admit every IPv4 address (`0.0.0.0/1` and `128.0.0.0/1`), none of them alone. */
function coverEveryIPv4(ranges: readonly string[]): boolean {
  const spans = ranges.map(ipv4Span).filter((s): s is [number, number] => s !== undefined).sort((a, b) => a[0] - b[0]);
  let next = 0; // the lowest address not yet admitted
  for (const [first, last] of spans) {
    if (first > next) return false;
    next = Math.max(next, last + 1);
  }
  return next > 0xffffffff;
}

/** A header name that holds a secret. */
const SECRET_WORD = /auth|token|secret|signature|key|password/i;

/**
 * Power Automate / Logic Apps trigger `conditions` (the designer's "Trigger conditions"): every condition must hold for
 * the run to start. One that holds only when a secret-looking request header holds a secret is a caller check, as
 * Make's filter on a request header is ({@link requiresHeader}). A comparison that any caller passes is none: with a
 * value that holds no secret (a bare scheme word, `@startsWith(…['Authorization'], 'Bearer')`, which any "Bearer x"
 * passes; an empty string, a presence test; another field of the request), negated (`not(equals(…))` holds for every
 * other value), OR-ed with a test the caller controls, or the wrong way round (`startsWith(secret, header)` holds for an
 * empty header).
 */
function headerCondition(node: FlowNode): CallerRestriction | undefined {
  const conditions = asObject(node.parameters)?.conditions;
  if (!Array.isArray(conditions) || !node.parametersPointer) return undefined;
  for (let i = 0; i < conditions.length; i++) {
    const expression = parseWdlExpression(asString(asObject(conditions[i])?.expression));
    if (expression && requiresHeader(expression, true, secretComparison)) {
      return { kind: 'header-condition', pointer: childPointer(childPointer(childPointer(node.parametersPointer, 'conditions'), i), 'expression') };
    }
  }
  return undefined;
}

/**
 * Logic Apps' "OAuth as the only option": a trigger condition that holds only when the Authorization header holds a
 * Bearer (or PoP) token, `@startsWith(triggerOutputs()?['headers']?['Authorization'], 'Bearer')`. With an OAuth policy,
 * Logic Apps checks that token, and a call with the SAS URL alone carries none. A negated or OR-ed test lets it in.
 */
function requiresOAuthToken(node: FlowNode): boolean {
  const conditions = asObject(node.parameters)?.conditions;
  if (!Array.isArray(conditions)) return false;
  return conditions.some((c) => {
    const expression = parseWdlExpression(asString(asObject(c)?.expression));
    return expression !== undefined && requiresHeader(expression, true, oauthScheme);
  });
}

/** Functions that keep what tells one text from another (case aside): a header or a secret read through them is still it. */
const KEEPS_TEXT = new Set(['string', 'trim', 'tolower', 'toupper', 'base64', 'base64tostring', 'decodebase64', 'encodeuricomponent', 'uricomponent', 'decodeuricomponent', 'uricomponenttostring']);

/**
 * The name of the request header `e` is (`triggerOutputs()?['headers']?['x-api-key']`, `trigger()['outputs']['headers']
 * ['x-api-key']`, `triggerOutputs()?['headers/x-api-key']`), read through {@link KEEPS_TEXT}; `coalesce(header, '…')`
 * too, whose literal fallback is no secret. Undefined for anything else.
 */
function headerOf(e: Wdl): string | undefined {
  if (e.kind === 'call' && e.args.length === 1 && KEEPS_TEXT.has(e.name)) return headerOf(e.args[0]);
  if (e.kind === 'call' && e.name === 'coalesce' && e.args.length > 1 && e.args.slice(1).every((a) => a.kind === 'string' || a.kind === 'other')) return headerOf(e.args[0]);
  const keys: string[] = [];
  let at: Wdl = e;
  while (at.kind === 'member') {
    if (at.key === undefined) return undefined;
    keys.unshift(...at.key.split('/'));
    at = at.target;
  }
  if (at.kind !== 'call' || at.args.length) return undefined;
  const path = at.name === 'triggeroutputs' ? keys : at.name === 'trigger' && keys[0]?.toLowerCase() === 'outputs' ? keys.slice(1) : undefined;
  return path?.length === 2 && path[0].toLowerCase() === 'headers' ? path[1] : undefined;
}

/** True when `e` reads what the caller sent (the trigger's outputs or body, its headers, queries or form data). */
function readsRequest(e: Wdl): boolean {
  if (e.kind === 'member') return readsRequest(e.target);
  if (e.kind !== 'call') return false;
  return /^trigger/.test(e.name) || e.args.some(readsRequest);
}

/** A compared literal (trimmed) that holds no secret: nothing, or an Authorization scheme word alone. */
const NO_SECRET = /^(?:bearer|basic|pop|token|digest|negotiate)?$/i;

/**
 * True when `e` holds a secret the caller must know: a literal other than {@link NO_SECRET}, a workflow parameter or app
 * setting (`parameters('HookKey')`, `appsetting('HookKey')`), or text built from one with nothing the request sent
 * (`concat('Bearer ', parameters('token'))`).
 */
function holdsSecret(e: Wdl): boolean {
  if (e.kind === 'string') return !NO_SECRET.test(e.value.trim());
  if (e.kind !== 'call') return false;
  if ((e.name === 'parameters' || e.name === 'appsetting') && e.args.length === 1 && e.args[0].kind === 'string') return true;
  if (e.args.length === 1 && KEEPS_TEXT.has(e.name)) return holdsSecret(e.args[0]);
  return e.name === 'concat' && !e.args.some(readsRequest) && e.args.some(holdsSecret);
}

/**
 * A test that holds only when a secret-looking header holds a secret: it equals one, or starts with, ends with or
 * contains one. Not the other way round: `startsWith(parameters('key'), header)` holds for an empty header.
 */
function secretComparison(name: string, args: readonly Wdl[]): boolean {
  if (args.length !== 2) return false;
  const [a, b] = args;
  const secretHeader = (x: Wdl) => SECRET_WORD.test(headerOf(x) ?? '');
  if (name === 'equals') return (secretHeader(a) && holdsSecret(b)) || (secretHeader(b) && holdsSecret(a));
  return (name === 'startswith' || name === 'endswith' || name === 'contains') && secretHeader(a) && holdsSecret(b);
}

/** `startsWith(Authorization, 'Bearer')` (or `'PoP'`): the header holds an OAuth access token, which Logic Apps checks. */
function oauthScheme(name: string, args: readonly Wdl[]): boolean {
  if (name !== 'startswith' || args.length !== 2) return false;
  const [header, scheme] = args;
  return /^authorization$/i.test(headerOf(header) ?? '') && scheme.kind === 'string' && /^(?:bearer|pop)\s*$/i.test(scheme.value);
}

/**
 * True when `e` having the value `want` means `test` held for one of its comparisons: the run starts only then. AND that
 * holds needs one such part, OR every part (either may be what holds); `not` turns the wanted value round, and
 * `equals(x, true)` is `x`. A comparison that fails tells nothing (`not(equals(header, key))` holds for every other value).
 */
function requiresHeader(e: Wdl, want: boolean, test: (name: string, args: readonly Wdl[]) => boolean, depth = 0): boolean {
  if (e.kind !== 'call' || depth > MAX_NESTING) return false;
  const part = (x: Wdl, w: boolean) => requiresHeader(x, w, test, depth + 1);
  switch (e.name) {
    case 'and':
      return e.args.length > 0 && (want ? e.args.some((x) => part(x, true)) : e.args.every((x) => part(x, false)));
    case 'or':
      return e.args.length > 0 && (want ? e.args.every((x) => part(x, true)) : e.args.some((x) => part(x, false)));
    case 'not':
      return e.args.length === 1 && part(e.args[0], !want);
    case 'if':
      return e.args.length === 3 && part(e.args[1], want) && part(e.args[2], want);
    case 'equals': {
      const literal = e.args.length === 2 ? e.args.findIndex((x) => x.kind === 'boolean') : -1;
      if (literal !== -1) {
        const value = (e.args[literal] as { value: boolean }).value;
        return want && part(e.args[1 - literal], value);
      }
      return want && test(e.name, e.args);
    }
    default:
      return want && test(e.name, e.args);
  }
}

/**
 * n8n: a chat trigger that is not public (n8n answers its URL with 404), or a webhook's IP allowlist. n8n splits the
 * allowlist at commas and lets a caller in when its address contains an entry as text (`isIpWhitelisted` in the Webhook
 * node's utils: `ip.includes(entry)`): an empty entry (`203.0.113.7,` or a blank list) is in every address, a part of one
 * (`192.168.`, `10.0`) is in addresses anywhere (5.192.168.20), and a range (`10.0.0.0/8`, `0.0.0.0/0`) in none.
 */
function n8nCallers(node: FlowNode): CallerRestriction | undefined {
  const params = asObject(node.parameters);
  const pointer = node.parametersPointer ?? node.pointer;
  if (/chatTrigger$/.test(node.type)) return params?.public === true ? undefined : { kind: 'editor-only', pointer };
  const allowlist = asString(asObject(params?.options)?.ipWhitelist);
  if (allowlist === undefined || allowlist === '') return undefined; // n8n: no allowlist
  const listPointer = childPointer(childPointer(pointer, 'options'), 'ipWhitelist');
  const addresses = allowlist.split(',').map((entry) => entry.trim());
  const open = addresses.find((entry) => !entry.includes('/') && !isWholeAddress(entry));
  if (open !== undefined) return { kind: 'open-allowlist', pointer: listPointer, entry: open };
  return { kind: 'ip-allowlist', pointer: listPointer, addresses };
}

/** A whole IPv4 address (four numbers), or an IPv6 address (at least two colons and a digit): text few other addresses contain. */
function isWholeAddress(entry: string): boolean {
  return IPV4.test(entry) || (/^[0-9a-f:.]+$/i.test(entry) && (entry.match(/:/g)?.length ?? 0) >= 2 && /[0-9a-f]/i.test(entry));
}
