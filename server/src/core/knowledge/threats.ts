// The threat catalogue (docs/threat-model.md): which STRIDE threats apply to which kind of surface (STRIDE per
// element) and which controls mitigate each. Data only: `threatModel/evidence.ts` reads the evidence of each control.
import type { Stride } from '../model/index.js';

/** DESIGN §3 surface kinds. */
export type SurfaceKind = 'connector' | 'webhook' | 'api' | 'event-stream' | 'auth-bridge' | 'middleware' | 'automation-script' | 'file-transfer' | 'database';

/**
 * The element a surface is in a data-flow diagram, which decides the threats that apply:
 * `entry-point` — others call the solution through it (webhooks, inbound APIs and event streams, auth bridges);
 * `outbound` — the solution calls a service with its credential (connectors, outbound APIs);
 * `data-store` — a database the flows read and write; `file-transfer` — files moved to or from a server;
 * `script` — code or commands the platform runs with its own privileges.
 */
export type ElementClass = 'entry-point' | 'outbound' | 'data-store' | 'file-transfer' | 'script';

export const STRIDE_ORDER: readonly Stride[] = ['S', 'T', 'R', 'I', 'D', 'E'];

export const STRIDE_CATEGORIES: Readonly<Record<Stride, string>> = {
  S: 'Spoofing',
  T: 'Tampering',
  R: 'Repudiation',
  I: 'Information disclosure',
  D: 'Denial of service',
  E: 'Elevation of privilege',
};

export type ControlId =
  | 'caller-auth'
  | 'strong-auth'
  | 'signature'
  | 'replay-protection'
  | 'tls'
  | 'managed-secret'
  | 'rotation'
  | 'least-privilege'
  | 'data-protected'
  | 'rate-limit'
  | 'monitoring'
  | 'audit-log'
  | 'error-handling'
  | 'rollback'
  | 'owner'
  | 'reviewed';

export interface ControlEntry {
  readonly id: ControlId;
  /** Short noun phrase for the tree and the report ("HMAC signature verification"). */
  readonly label: string;
  /** Where the review finds evidence of it, in the inventory and in a flow export. */
  readonly evidence: string;
}

export const CONTROLS: Readonly<Record<ControlId, ControlEntry>> = {
  'caller-auth': { id: 'caller-auth', label: 'caller authentication', evidence: 'inventory `auth.method` other than `none`; a flow trigger whose export sets an authentication (n8n Header/Basic/JWT auth, Power Automate tenant or specific users, Logic Apps OAuth policy or IP restriction, a Make filter on a header); a connector trigger that receives events over the platform\'s authenticated connection' },
  'strong-auth': { id: 'strong-auth', label: 'strong authentication (OAuth, JWT, mTLS, HMAC, SAML, managed identity)', evidence: 'inventory `auth.method` `oauth2`, `oauth2-client-credentials`, `jwt`, `hmac`, `mtls`, `saml` or `managed-identity`; a flow node whose authentication or credential type is one of these' },
  signature: { id: 'signature', label: 'HMAC signature verification', evidence: 'inventory `auth.signature.algorithm` other than `none`, or `auth.method: hmac`; a flow step after the trigger that computes an HMAC or reads a signature header' },
  'replay-protection': { id: 'replay-protection', label: 'replay protection', evidence: 'inventory `auth.replayProtection.method` other than `none` (an export cannot show it)' },
  tls: { id: 'tls', label: 'TLS in transit', evidence: 'an `https://` endpoint; inventory `encryption.inTransit` `tls1.2`, `tls1.3` or `mtls`; a platform connector (it calls the vendor\'s HTTPS API); trigger URLs of Power Automate, Logic Apps, Make and Zapier (served over HTTPS only)' },
  'managed-secret': { id: 'managed-secret', label: 'credential held by reference', evidence: 'inventory `auth.secretRef`; a flow node that uses a credential of the platform\'s credential store' },
  rotation: { id: 'rotation', label: 'credential rotation', evidence: 'inventory `auth.rotation.everyDays`' },
  'least-privilege': { id: 'least-privilege', label: 'least-privilege scopes', evidence: 'scopes recorded (inventory `auth.scopes` or the flow node\'s scopes) and none rated high or critical by the scope catalogue' },
  'data-protected': { id: 'data-protected', label: 'data minimised or covered by an approved vendor', evidence: 'inventory `classification` `public` or `internal` with no sensitive `data` category, or `vendor.approved: true` with a `vendor.contract` (DPA)' },
  'rate-limit': { id: 'rate-limit', label: 'rate limit', evidence: 'inventory `rateLimit`' },
  monitoring: { id: 'monitoring', label: 'monitoring and alerts', evidence: 'inventory `monitoring.alerts` or `monitoring.dashboard`' },
  'audit-log': { id: 'audit-log', label: 'audit log', evidence: 'inventory `monitoring.logs` or `retention`; the platform\'s run history (n8n executions unless saving is off, Power Automate and Logic Apps run history, Make scenario history, Zapier Zap history)' },
  'error-handling': { id: 'error-handling', label: 'error handling', evidence: 'a flow error path: n8n `settings.errorWorkflow` or an error output, Power Automate / Logic Apps run-after Failed or TimedOut, a Make error handler, a Node-RED catch node' },
  rollback: { id: 'rollback', label: 'rollback procedure', evidence: 'inventory `rollback`' },
  owner: { id: 'owner', label: 'accountable owner', evidence: 'inventory `owner`; the flow\'s owner in the export' },
  reviewed: { id: 'reviewed', label: 'security review', evidence: 'inventory `lifecycle.reviewed`' },
};

export interface ThreatEntry {
  /** `<stride>/<element class>`, e.g. `S/entry-point`. */
  readonly id: string;
  readonly stride: Stride;
  readonly element: ElementClass;
  readonly title: string;
  /** What could go wrong, in one sentence. */
  readonly description: string;
  /** Alternatives: the threat is mitigated when every control of one alternative is evidenced (and no finding keeps it open). */
  readonly mitigations: readonly (readonly ControlId[])[];
}

const DEPENDENCY_DOS: readonly (readonly ControlId[])[] = [['error-handling'], ['monitoring', 'rollback']];

export const THREATS: readonly ThreatEntry[] = [
  // Entry points: everything applies (a process that takes input from outside).
  { id: 'S/entry-point', stride: 'S', element: 'entry-point', title: 'Spoofed caller', description: 'Anyone who finds the URL calls it as if they were the legitimate sender, and the flow acts on their data.', mitigations: [['signature', 'replay-protection'], ['strong-auth'], ['caller-auth', 'managed-secret']] },
  { id: 'T/entry-point', stride: 'T', element: 'entry-point', title: 'Forged or altered request', description: 'A request is changed in transit or crafted to carry input the flow passes to a query, a command or a URL.', mitigations: [['signature', 'tls'], ['strong-auth', 'tls']] },
  { id: 'R/entry-point', stride: 'R', element: 'entry-point', title: 'Unattributable request', description: 'Nobody can tell who sent a request or prove what the flow did with it, and nobody answers for the endpoint.', mitigations: [['caller-auth', 'audit-log', 'owner']] },
  { id: 'I/entry-point', stride: 'I', element: 'entry-point', title: 'Data exposed through the endpoint', description: 'Responses, errors or traffic reveal data to callers who should not see it.', mitigations: [['caller-auth', 'tls']] },
  { id: 'D/entry-point', stride: 'D', element: 'entry-point', title: 'Flooded endpoint', description: 'A flood of calls exhausts the platform\'s runs, quotas or the services downstream.', mitigations: [['caller-auth', 'rate-limit'], ['caller-auth', 'monitoring']] },
  { id: 'E/entry-point', stride: 'E', element: 'entry-point', title: 'Caller drives privileged actions', description: 'A caller makes the flow act with its own credentials and scopes on their behalf.', mitigations: [['strong-auth'], ['caller-auth', 'signature']] },
  // Outbound calls: the flow's credential and its data cross to a service.
  { id: 'S/outbound', stride: 'S', element: 'outbound', title: 'Stolen or impersonated credential', description: 'Whoever holds the flow\'s credential acts as the flow at the service, or a look-alike endpoint receives it.', mitigations: [['managed-secret', 'rotation', 'tls']] },
  { id: 'T/outbound', stride: 'T', element: 'outbound', title: 'Tampering in transit', description: 'Requests or responses are changed between the platform and the service.', mitigations: [['tls']] },
  { id: 'R/outbound', stride: 'R', element: 'outbound', title: 'Unaccountable actions', description: 'Nobody can trace what the flow did at the service, or answer for it.', mitigations: [['owner', 'audit-log']] },
  { id: 'I/outbound', stride: 'I', element: 'outbound', title: 'Disclosure to or through the service', description: 'Data reaches the service, or an eavesdropper, beyond what it needs and is approved for.', mitigations: [['tls', 'least-privilege', 'data-protected']] },
  { id: 'D/outbound', stride: 'D', element: 'outbound', title: 'Dependency outage or runaway calls', description: 'The service fails or throttles and the flow loses data, retries without end or stalls.', mitigations: DEPENDENCY_DOS },
  { id: 'E/outbound', stride: 'E', element: 'outbound', title: 'Overbroad access', description: 'The credential grants more than the flow needs, so a leak or a flow bug reaches far.', mitigations: [['least-privilege', 'managed-secret']] },
  // Data stores: no spoofing of the element itself; its credential is the privilege.
  { id: 'T/data-store', stride: 'T', element: 'data-store', title: 'Unauthorised writes', description: 'Records are changed or deleted through the flow\'s access.', mitigations: [['managed-secret', 'least-privilege']] },
  { id: 'R/data-store', stride: 'R', element: 'data-store', title: 'Untraceable changes', description: 'Nobody can tell which run changed which records, or answer for the store.', mitigations: [['owner', 'audit-log']] },
  { id: 'I/data-store', stride: 'I', element: 'data-store', title: 'Data leak from the store', description: 'Stored data is read through the flow\'s credential or in transit.', mitigations: [['managed-secret', 'tls', 'data-protected']] },
  { id: 'D/data-store', stride: 'D', element: 'data-store', title: 'Store unavailable or overloaded', description: 'The store fails or is overloaded and runs lose or duplicate data.', mitigations: DEPENDENCY_DOS },
  { id: 'E/data-store', stride: 'E', element: 'data-store', title: 'Overprivileged database account', description: 'The flow\'s account can do far more than the flow needs.', mitigations: [['least-privilege', 'managed-secret']] },
  // File transfers: a data flow to a server whose identity matters.
  { id: 'S/file-transfer', stride: 'S', element: 'file-transfer', title: 'Spoofed server or stolen credential', description: 'Files go to a server posing as the real one, or someone uses the transfer credential.', mitigations: [['managed-secret', 'tls']] },
  { id: 'T/file-transfer', stride: 'T', element: 'file-transfer', title: 'Files altered in transit', description: 'Files are changed between the platform and the server.', mitigations: [['tls']] },
  { id: 'R/file-transfer', stride: 'R', element: 'file-transfer', title: 'Untraceable transfers', description: 'Nobody can tell which files moved when, or answer for the transfer.', mitigations: [['owner', 'audit-log']] },
  { id: 'I/file-transfer', stride: 'I', element: 'file-transfer', title: 'Files disclosed', description: 'Files with sensitive data are read in transit or at the destination.', mitigations: [['tls', 'data-protected']] },
  { id: 'D/file-transfer', stride: 'D', element: 'file-transfer', title: 'Transfer fails silently', description: 'A transfer fails and nobody notices until the data is missed.', mitigations: DEPENDENCY_DOS },
  // Scripts: code that runs with the platform's privileges.
  { id: 'T/script', stride: 'T', element: 'script', title: 'Injected input runs as code', description: 'Input that reaches the script changes what it executes.', mitigations: [['reviewed', 'owner']] },
  { id: 'R/script', stride: 'R', element: 'script', title: 'Untraceable execution', description: 'Nobody can tell what the script ran, or answer for it.', mitigations: [['owner', 'audit-log']] },
  { id: 'I/script', stride: 'I', element: 'script', title: 'Script reads or sends what it should not', description: 'The script reaches files, variables and secrets of the platform host.', mitigations: [['reviewed']] },
  { id: 'D/script', stride: 'D', element: 'script', title: 'Script hangs or exhausts the host', description: 'A script loops, hangs or exhausts the platform host, stopping other flows.', mitigations: [['error-handling']] },
  { id: 'E/script', stride: 'E', element: 'script', title: 'Code runs with the platform\'s privileges', description: 'Whoever controls the script controls everything the platform can reach.', mitigations: [['reviewed', 'owner']] },
];

/** Inventory `auth.method` values that count as strong authentication. */
export const STRONG_AUTH_METHODS: ReadonlySet<string> = new Set(['oauth2', 'oauth2-client-credentials', 'jwt', 'hmac', 'mtls', 'saml', 'managed-identity']);

/** Data categories that make data sensitive whatever its classification. */
export const SENSITIVE_DATA: ReadonlySet<string> = new Set(['personal', 'sensitive-personal', 'financial', 'payment-card', 'health', 'credentials', 'biometric', 'genetic']);

/** The element class of a surface of `kind` (unknown kinds are treated as outbound calls). */
export function elementClassOf(kind: string | undefined, direction: string | undefined): ElementClass {
  switch (kind) {
    case 'webhook':
    case 'auth-bridge':
      return 'entry-point';
    case 'database':
      return 'data-store';
    case 'file-transfer':
      return 'file-transfer';
    case 'automation-script':
      return 'script';
    default:
      // connector, api, event-stream, middleware and unknown kinds: an entry point when others call in through it.
      return direction === 'inbound' || direction === 'bidirectional' ? 'entry-point' : 'outbound';
  }
}

const BY_ELEMENT = new Map<ElementClass, ThreatEntry[]>();
for (const entry of THREATS) BY_ELEMENT.set(entry.element, [...(BY_ELEMENT.get(entry.element) ?? []), entry]);

/** The threats that apply to an element class, in STRIDE order. */
export function threatsFor(element: ElementClass): readonly ThreatEntry[] {
  return BY_ELEMENT.get(element) ?? [];
}
