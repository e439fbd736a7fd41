// Evidence of the catalogue's controls (knowledge/threats.ts), read from an inventory entry or from a flow node
// and its flow. Each function reports only what its own file shows; the builder merges the two sides.
import { providerHint } from '../inventory/risk.js';
import type { InventorySurface } from '../inventory/model.js';
import { lookupScope } from '../knowledge/scopes/index.js';
import { SENSITIVE_DATA, STRONG_AUTH_METHODS, type ControlId } from '../knowledge/threats.js';
import type { Flow, FlowNode } from '../model/index.js';
import type { FlowSurface } from '../model/surfaces.js';
import { childPointer } from '../source.js';
import { asObject, asString, walkStrings } from '../walk.js';

/** Evidence before its pointer is resolved to a range. */
export interface RawEvidence {
  readonly detail: string;
  readonly pointer?: string;
}

export type RawEvidenceMap = Partial<Record<ControlId, RawEvidence>>;

/** Flow authentication spellings (all platforms) that count as strong. */
const STRONG_FLOW_AUTH = /jwt|oauth|entra|active ?directory|managed ?identity|tenant|specific ?users|certificate|mtls|saml|hmac/i;
/** Platforms that serve their trigger URLs over HTTPS only. */
const HTTPS_HOSTED = new Set(['power-automate', 'logic-apps', 'make', 'zapier']);
/** A flow step that checks a signature: it computes an HMAC or reads a signature header (`X-Hub-Signature-256`, `Stripe-Signature`). */
const SIGNATURE_CHECK = /hmac|[a-z]-signature\b|signature-\d|verify.?signature/i;
const MAX_DETAIL = 80;

/** What an inventory entry shows. */
export function inventoryEvidence(surface: InventorySurface): RawEvidenceMap {
  const out: RawEvidenceMap = {};
  const p = surface.pointer;
  const auth = surface.auth;
  const method = auth.method;
  if (method && method !== 'none') {
    out['caller-auth'] = { detail: `auth.method: ${method}`, pointer: `${p}/auth/method` };
    if (STRONG_AUTH_METHODS.has(method)) out['strong-auth'] = { detail: `auth.method: ${method}`, pointer: `${p}/auth/method` };
  }
  if (auth.signature?.algorithm && auth.signature.algorithm !== 'none') {
    out.signature = { detail: `auth.signature: ${auth.signature.algorithm}${auth.signature.header ? ` (${clip(auth.signature.header)})` : ''}`, pointer: `${p}/auth/signature` };
  } else if (method === 'hmac') {
    out.signature = { detail: 'auth.method: hmac', pointer: `${p}/auth/method` };
  }
  const replay = auth.replayProtection;
  if (replay?.method && replay.method !== 'none') {
    out['replay-protection'] = { detail: `auth.replayProtection: ${replay.method}${replay.toleranceSeconds ? `, ${replay.toleranceSeconds} s tolerance` : ''}`, pointer: `${p}/auth/replayProtection` };
  }
  const inTransit = asString(asObject(surface.raw.encryption)?.inTransit);
  if (inTransit && inTransit !== 'none') out.tls = { detail: `encryption.inTransit: ${clip(inTransit)}`, pointer: `${p}/encryption/inTransit` };
  else if (method === 'mtls') out.tls = { detail: 'auth.method: mtls', pointer: `${p}/auth/method` };
  else if (surface.endpoint && /^https:\/\//i.test(surface.endpoint)) out.tls = { detail: 'endpoint uses HTTPS', pointer: `${p}/endpoint` };
  if (auth.secretRef) out['managed-secret'] = { detail: 'auth.secretRef: the credential is held by reference', pointer: `${p}/auth/secretRef` };
  if (auth.rotation?.everyDays) {
    out.rotation = { detail: `rotated every ${auth.rotation.everyDays} days${auth.rotation.last ? `, last ${auth.rotation.last}` : ''}`, pointer: `${p}/auth/rotation` };
  }
  const scopes = auth.scopes.map((s) => s.scope);
  const lp = leastPrivilege(scopes, providerHint(surface));
  if (lp) out['least-privilege'] = { detail: lp, pointer: `${p}/auth/scopes` };
  const sensitive = surface.data.filter((d) => SENSITIVE_DATA.has(d.toLowerCase()));
  if ((surface.classification === 'public' || surface.classification === 'internal') && sensitive.length === 0) {
    out['data-protected'] = { detail: `classification: ${surface.classification}, no sensitive data category`, pointer: `${p}/classification` };
  } else if (surface.vendor?.approved === true && surface.vendor.contract) {
    out['data-protected'] = { detail: `vendor approved under ${clip(surface.vendor.contract)}`, pointer: `${p}/vendor` };
  }
  const rate = asObject(surface.raw.rateLimit);
  if (rate && typeof rate.requests === 'number') out['rate-limit'] = { detail: `rateLimit: ${rate.requests} per ${asString(rate.per) ?? 'window'}`, pointer: `${p}/rateLimit` };
  const monitoring = asObject(surface.raw.monitoring);
  const alerts = Array.isArray(monitoring?.alerts) ? monitoring.alerts.filter((a) => typeof a === 'string') : [];
  if (alerts.length) out.monitoring = { detail: `monitoring.alerts: ${alerts.length} alert${alerts.length === 1 ? '' : 's'}`, pointer: `${p}/monitoring/alerts` };
  else if (asString(monitoring?.dashboard)) out.monitoring = { detail: 'monitoring.dashboard', pointer: `${p}/monitoring/dashboard` };
  const logs = asString(monitoring?.logs);
  const retention = asObject(surface.raw.retention);
  if (logs) out['audit-log'] = { detail: `monitoring.logs: ${clip(logs)}`, pointer: `${p}/monitoring/logs` };
  else if (retention) out['audit-log'] = { detail: `retention: ${typeof retention.days === 'number' ? `${retention.days} days` : ''}${asString(retention.where) ? ` in ${clip(asString(retention.where)!)}` : ''}`.trim(), pointer: `${p}/retention` };
  if (surface.rollback) out.rollback = { detail: 'rollback documented', pointer: `${p}/rollback` };
  if (surface.owner) out.owner = { detail: `owner: ${clip(surface.owner)}`, pointer: `${p}/owner` };
  if (surface.lifecycle.reviewed) out.reviewed = { detail: `reviewed ${surface.lifecycle.reviewed}`, pointer: `${p}/lifecycle/reviewed` };
  return out;
}

/** Flow-wide facts, computed once per flow. */
export interface FlowFacts {
  readonly auditLog?: RawEvidence;
  readonly errorHandling?: RawEvidence;
  /** The first step (other than a trigger) that checks a signature. */
  readonly signatureCheck?: { readonly nodeId: string; readonly evidence: RawEvidence };
  readonly owner?: RawEvidence;
}

/** What the flow as a whole shows (run history, error path, signature check, owner). */
export function flowFacts(flow: Flow): FlowFacts {
  return { auditLog: auditLogOf(flow), errorHandling: errorHandlingOf(flow), signatureCheck: signatureCheckOf(flow), owner: flow.owner ? { detail: `flow owner: ${clip(flow.owner)}` } : undefined };
}

/** What a flow node that is a surface shows, with its flow's facts. */
export function flowEvidence(node: FlowNode, surface: FlowSurface, flow: Flow, facts: FlowFacts): RawEvidenceMap {
  const out: RawEvidenceMap = {};
  const method = node.auth.method;
  const authPointer = node.auth.pointer ?? node.pointer;
  const credential = node.credentialRefs[0];
  if (surface.direction === 'inbound' && node.role === 'trigger-event') {
    // A connector trigger: the platform receives (or polls) the events over its own authenticated connection.
    if (credential) out['caller-auth'] = { detail: `events arrive over the ${clip(node.service ?? 'connector')} connection`, pointer: childPointer(node.pointer, 'credentials') };
    if (node.endpoint && /^https:\/\//i.test(node.endpoint)) out.tls = { detail: 'endpoint uses HTTPS', pointer: node.endpointPointer };
    else if (!node.endpoint && node.service) out.tls = { detail: `the ${clip(node.service)} connector calls the vendor's HTTPS API` };
  } else if (surface.direction === 'inbound') {
    if (!node.auth.none && !node.auth.configuredOutside && method && method !== 'none') {
      out['caller-auth'] = { detail: `${clip(method)} (in the export)`, pointer: authPointer };
      if (STRONG_FLOW_AUTH.test(method)) out['strong-auth'] = { detail: clip(method), pointer: authPointer };
    }
    if (facts.signatureCheck && facts.signatureCheck.nodeId !== node.id) out.signature = facts.signatureCheck.evidence;
    if (HTTPS_HOSTED.has(flow.platform)) out.tls = { detail: `${flow.platform} serves trigger URLs over HTTPS only` };
    else if (node.endpoint && /^https:\/\//i.test(node.endpoint)) out.tls = { detail: 'endpoint uses HTTPS', pointer: node.endpointPointer };
  } else {
    if ((method && STRONG_FLOW_AUTH.test(method)) || node.credentialRefs.some((c) => STRONG_FLOW_AUTH.test(c.type))) {
      out['strong-auth'] = { detail: clip(method && STRONG_FLOW_AUTH.test(method) ? method : node.credentialRefs.find((c) => STRONG_FLOW_AUTH.test(c.type))!.type), pointer: authPointer };
    }
    if (node.endpoint && /^https:\/\//i.test(node.endpoint)) out.tls = { detail: 'endpoint uses HTTPS', pointer: node.endpointPointer };
    else if (!node.endpoint && node.service && surface.kind === 'connector') out.tls = { detail: `the ${clip(node.service)} connector calls the vendor's HTTPS API` };
  }
  if (credential) out['managed-secret'] = { detail: `platform credential ${credential.name ? `"${clip(credential.name)}"` : `of type ${clip(credential.type)}`}`, pointer: childPointer(node.pointer, 'credentials') };
  const lp = leastPrivilege(node.scopes, `${node.service ?? ''} ${node.endpoint ?? ''} ${node.type}`);
  if (lp) out['least-privilege'] = { detail: lp, pointer: node.parametersPointer };
  if (facts.auditLog) out['audit-log'] = facts.auditLog;
  if (facts.errorHandling) out['error-handling'] = facts.errorHandling;
  if (facts.owner) out.owner = facts.owner;
  return out;
}

/** `scopes: a, b (none rated high or critical)` when scopes are recorded and all are low or medium (or unrated). */
function leastPrivilege(scopes: readonly string[], hint: string): string | undefined {
  if (!scopes.length) return undefined;
  for (const scope of scopes) {
    const entry = lookupScope(scope, hint);
    if (entry && (entry.risk === 'high' || entry.risk === 'critical')) return undefined;
  }
  const shown = scopes.slice(0, 4).join(', ') + (scopes.length > 4 ? ', …' : '');
  return `scopes ${clip(shown)} (none rated high or critical)`;
}

function auditLogOf(flow: Flow): RawEvidence | undefined {
  switch (flow.platform) {
    case 'n8n': {
      const saved = flow.settings.saveDataSuccessExecution;
      if (saved === 'none') return undefined;
      return { detail: 'n8n keeps the execution history', pointer: saved !== undefined ? '/settings/saveDataSuccessExecution' : undefined };
    }
    case 'power-automate':
      return { detail: 'Power Automate keeps the run history' };
    case 'logic-apps':
      return { detail: 'Logic Apps keeps the run history' };
    case 'make':
      return { detail: 'Make keeps the scenario history' };
    case 'zapier':
      return { detail: 'Zapier keeps the Zap history' };
    default:
      return undefined; // Node-RED keeps no run history
  }
}

function errorHandlingOf(flow: Flow): RawEvidence | undefined {
  const errorWorkflow = flow.settings.errorWorkflow;
  if (typeof errorWorkflow === 'string' && errorWorkflow) return { detail: 'n8n error workflow set', pointer: '/settings/errorWorkflow' };
  // An error edge into a disabled node (a Node-RED catch node switched off) handles nothing.
  const disabled = new Set(flow.nodes.filter((n) => n.disabled).map((n) => n.id));
  const edge = flow.edges.find((e) => e.kind !== undefined && /error|fail|timedout/i.test(e.kind) && !disabled.has(e.to));
  if (edge) {
    const node = flow.nodes.find((n) => n.id === edge.from);
    return { detail: `error path from "${clip(node?.name ?? edge.from)}" (${edge.kind})`, pointer: node?.pointer };
  }
  const catchNode = flow.nodes.find((n) => n.type === 'catch' && !n.disabled);
  if (catchNode) return { detail: `catch node "${clip(catchNode.name)}"`, pointer: catchNode.pointer };
  return undefined;
}

function signatureCheckOf(flow: Flow): FlowFacts['signatureCheck'] {
  if (!flow.nodes.some((n) => n.role === 'trigger-webhook')) return undefined;
  for (const node of flow.nodes) {
    if (node.disabled || node.role === 'trigger-webhook') continue;
    let found = false;
    walkStrings(node.parameters, '', ({ value }) => {
      if (!found && SIGNATURE_CHECK.test(value)) found = true;
    });
    if (found) return { nodeId: node.id, evidence: { detail: `step "${clip(node.name)}" checks a signature`, pointer: node.pointer } };
  }
  return undefined;
}

/** Keeps details short and single-line (they are labels, not documents). */
function clip(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_DETAIL ? `${line.slice(0, MAX_DETAIL - 1)}…` : line;
}
