// Who can call an inbound trigger, where the export says more than the flow model's `auth`: Logic Apps' allowed caller
// IP ranges (an empty list, or one that admits every address), n8n's IP allowlist, a chat trigger that is not public, and
// Power Automate / Logic Apps trigger conditions that compare a secret request header. Shared by
// ingress/unauthenticated-webhook (how open the trigger is) and ownership/missing-owner (whether it takes calls from outside).
import type { FileFormat } from '../../sniff.js';
import type { FlowNode } from '../../model/index.js';
import { childPointer, parsePointer } from '../../source.js';
import { asObject, asString, valueAt } from '../../walk.js';

/** What restricts a trigger's callers beyond its `auth`, as the export shows it. */
export type CallerRestriction =
  /** Logic Apps "Only other Logic Apps": `allowedCallerIpAddresses: []`, so only parent workflows can call it. */
  | { readonly kind: 'parent-workflows'; readonly pointer: string }
  /** An allowed caller IP range that admits every address (`0.0.0.0/0`, `0.0.0.0-255.255.255.255`, `::/0`): no restriction. */
  | { readonly kind: 'every-address'; readonly pointer: string; readonly range: string }
  /** n8n's IP allowlist (`options.ipWhitelist`) on a webhook without authentication. */
  | { readonly kind: 'ip-allowlist'; readonly pointer: string; readonly addresses: readonly string[] }
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
    case 'logic-apps':
      return accessControlCallers(node, root) ?? headerCondition(node);
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
  if (kind === 'every-address' || kind === 'sas-beside-oauth') return false;
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
    return undefined; // SAS calls must come from the allowed ranges: a second check
  }
  return oauth ? { kind: 'sas-beside-oauth', pointer: childPointer(triggersPointer, 'openAuthenticationPolicies') } : undefined;
}

const ALL_V4 = /^0{1,3}(?:\.0{1,3}){3}$/;
const TOP_V4 = /^255\.255\.255\.255$/;
const ALL_V6 = /^(?:::|(?:0{1,4}:){7}0{1,4}|::0{1,4})$/;
const TOP_V6 = /^(?:ffff:){7}ffff$/i;

/** `0.0.0.0/0`, `::/0`, or a dash range from the lowest to the highest address. */
export function admitsEveryAddress(range: string): boolean {
  const text = range.trim();
  const slash = /^(.+)\/0$/.exec(text);
  if (slash) return ALL_V4.test(slash[1]) || ALL_V6.test(slash[1]);
  const dash = text.indexOf('-');
  if (dash === -1) return false;
  const [from, to] = [text.slice(0, dash).trim(), text.slice(dash + 1).trim()];
  return (ALL_V4.test(from) && TOP_V4.test(to)) || (ALL_V6.test(from) && TOP_V6.test(to));
}

/** The name of the first request header the expression reads (after `headers`, its quotes, brackets, dots and `?`). */
function headerNamed(expression: string): string {
  const at = expression.search(READS_HEADER);
  if (at === -1) return '';
  let i = at + 'headers'.length;
  while (i < expression.length && `'"]?.[ \t`.includes(expression[i])) i++;
  return /^[\w-]+/.exec(expression.slice(i, i + 256))?.[0] ?? '';
}

/** A request header read in the expression (`triggerOutputs()?['headers']?['x-api-key']`, `headers.Authorization`). */
const READS_HEADER = /headers/i;
/** A header name that holds a secret. */
const SECRET_WORD = /auth|token|secret|signature|key|password/i;
/** A comparison, not a presence test. */
const COMPARES = /\b(?:equals|startsWith)\s*\(/i;

/**
 * Power Automate / Logic Apps trigger `conditions` (the designer's "Trigger conditions"): every condition must hold for
 * the run to start. One that compares a secret-looking request header with a value is a caller check, as Make's filter
 * on a request header is. A value that holds no secret is no check: a bare scheme word
 * (`@startsWith(triggerOutputs()?['headers']?['Authorization'], 'Bearer')`, which any "Bearer x" passes) or an empty
 * string (`@not(equals(…['x-api-key'], ''))`, a presence test).
 */
function headerCondition(node: FlowNode): CallerRestriction | undefined {
  const conditions = asObject(node.parameters)?.conditions;
  if (!Array.isArray(conditions) || !node.parametersPointer) return undefined;
  for (let i = 0; i < conditions.length; i++) {
    const expression = asString(asObject(conditions[i])?.expression) ?? '';
    if (!comparesHeader(expression, SECRET_WORD)) continue;
    if (comparedValues(expression).some((v) => !NO_SECRET.test(v.trim()))) {
      return { kind: 'header-condition', pointer: childPointer(childPointer(childPointer(node.parametersPointer, 'conditions'), i), 'expression') };
    }
  }
  return undefined;
}

/** A compared value (trimmed) that holds no secret: nothing, or an Authorization scheme word alone. */
const NO_SECRET = /^(?:bearer|basic|pop|token|digest|negotiate)?$/i;
/** The scheme words (trimmed) of an OAuth access token in Logic Apps. */
const OAUTH_SCHEME = /^(?:bearer|pop)$/i;

/** The expression compares (`equals`, `startsWith`) a request header whose name matches `name`. */
function comparesHeader(expression: string, name: RegExp): boolean {
  return READS_HEADER.test(expression) && name.test(headerNamed(expression)) && COMPARES.test(expression);
}

/**
 * Logic Apps' "OAuth as the only option": a trigger condition that requires the Authorization header to hold a Bearer
 * (or PoP) token, `@startsWith(triggerOutputs()?['headers']?['Authorization'], 'Bearer')`. With an OAuth policy, Logic
 * Apps checks that token, and a call with the SAS URL alone carries none.
 */
function requiresOAuthToken(node: FlowNode): boolean {
  const conditions = asObject(node.parameters)?.conditions;
  if (!Array.isArray(conditions)) return false;
  return conditions.some((c) => {
    const expression = asString(asObject(c)?.expression) ?? '';
    const values = comparedValues(expression);
    return comparesHeader(expression, /^authorization$/i) && values.length > 0 && values.every((v) => OAUTH_SCHEME.test(v.trim()));
  });
}

/**
 * The string literals of a Workflow Definition Language expression other than the names it reads with `['…']` (the
 * headers, the header's name): the values it compares with, and the names of parameters or settings that hold them
 * (`parameters('HookKey')`). A quote inside a literal is written twice.
 */
function comparedValues(expression: string): string[] {
  const values: string[] = [];
  let i = 0;
  while (i < expression.length) {
    const open = expression.indexOf("'", i);
    if (open === -1) break;
    let close = open + 1;
    let text = '';
    while (close < expression.length) {
      if (expression[close] === "'") {
        if (expression[close + 1] !== "'") break;
        text += "'";
        close += 2;
      } else text += expression[close++];
    }
    let before = open - 1;
    while (before >= 0 && (expression[before] === ' ' || expression[before] === '\t')) before--;
    if (expression[before] !== '[') values.push(text);
    i = close + 1;
  }
  return values;
}

/** n8n: a chat trigger that is not public (n8n answers its URL with 404), or a webhook's IP allowlist. */
function n8nCallers(node: FlowNode): CallerRestriction | undefined {
  const params = asObject(node.parameters);
  const pointer = node.parametersPointer ?? node.pointer;
  if (/chatTrigger$/.test(node.type)) return params?.public === true ? undefined : { kind: 'editor-only', pointer };
  const allowlist = asString(asObject(params?.options)?.ipWhitelist)?.trim();
  if (!allowlist) return undefined;
  const addresses = allowlist.split(/[,\s]+/).filter(Boolean);
  if (!addresses.length || addresses.some(admitsEveryAddress)) return undefined;
  return { kind: 'ip-allowlist', pointer: childPointer(childPointer(pointer, 'options'), 'ipWhitelist'), addresses };
}
