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
      return allowedCallers(node, root) ?? headerCondition(node);
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
 * Logic Apps `accessControl.triggers.allowedCallerIpAddresses`, found through the pointer the adapter gives the trigger's
 * auth. An empty list is what the portal's "Only other Logic Apps" writes: only calls from the Logic Apps service (parent
 * workflows) fire the trigger. A range that admits every address restricts nothing.
 */
function allowedCallers(node: FlowNode, root: unknown): CallerRestriction | undefined {
  const pointer = node.auth.pointer;
  if (!pointer || !/\/accessControl\/triggers(?:\/allowedCallerIpAddresses)?$/.test(pointer)) return undefined;
  const listPointer = pointer.endsWith('/allowedCallerIpAddresses') ? pointer : childPointer(pointer, 'allowedCallerIpAddresses');
  const list = valueAt(root, parsePointer(listPointer));
  if (!Array.isArray(list)) return undefined;
  if (!list.length) return { kind: 'parent-workflows', pointer: listPointer };
  for (let i = 0; i < list.length; i++) {
    const range = asString(asObject(list[i])?.addressRange);
    if (range !== undefined && admitsEveryAddress(range)) return { kind: 'every-address', pointer: childPointer(childPointer(listPointer, i), 'addressRange'), range };
  }
  return undefined;
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
 * on a request header is.
 */
function headerCondition(node: FlowNode): CallerRestriction | undefined {
  const conditions = asObject(node.parameters)?.conditions;
  if (!Array.isArray(conditions) || !node.parametersPointer) return undefined;
  for (let i = 0; i < conditions.length; i++) {
    const expression = asString(asObject(conditions[i])?.expression) ?? '';
    const header = headerNamed(expression);
    if (READS_HEADER.test(expression) && SECRET_WORD.test(header) && COMPARES.test(expression)) {
      return { kind: 'header-condition', pointer: childPointer(childPointer(childPointer(node.parametersPointer, 'conditions'), i), 'expression') };
    }
  }
  return undefined;
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
