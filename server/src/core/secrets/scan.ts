// A document's secret candidates: a visitor for the one walk over its values that the secret rules and the TLS check
// share (rules/documentPass.ts).
import type { Flow } from '../model/index.js';
import type { FileFormat } from '../sniff.js';
import { parsePointer } from '../source.js';
import type { CredentialKind, StringVisit } from '../walk.js';
import { findCodeSecrets, findExpressionSecrets, findFormatSecrets, findNamedSecret, findQuerySecrets, isFormEncoded, isSecretName, NO_HITS, overlapsAny, type SecretHit } from './detect.js';

/** Where in a file a secret sits: live configuration, captured sample data, or a note written for people. */
export type SecretPlace = 'config' | 'sample-data' | 'note';

export interface LocatedSecret extends SecretHit {
  readonly pointer: string;
  /** The field, header or parameter name the value belongs to. */
  readonly name: string;
  /** The whole string value the secret sits in (needed by fixes). */
  readonly value: string;
  readonly place: SecretPlace;
  /** True when the secret sits inside code or JSON text held in the value, not as the whole value. */
  readonly inCode: boolean;
  /** The flow node it belongs to, when known. */
  readonly nodeName?: string;
  /**
   * Set when the value is a credential by the authentication object it sits in rather than by its name (a QueryString
   * authentication's query parameter `code`, a managed connection's Raw key `parameter`): the message says which.
   */
  readonly credential?: CredentialKind;
}

/** Strings longer than this are only searched for provider formats, not parsed as code. */
const CODE_SCAN_LIMIT = 200_000;
/** What makes a string worth reading as code: a line break, a statement end or a brace. A constant: a literal would be a new RegExp per string. */
const CODE_LIKE = /[\n;{]/;

/** A string visitor that collects a document's secret candidates, for a walk that may serve other readers too. */
export interface SecretScanner {
  readonly visit: (visit: StringVisit) => void;
  readonly found: LocatedSecret[];
}

export function secretScanner(format: FileFormat, flow?: Flow): SecretScanner {
  const found: LocatedSecret[] = [];
  const wdl = format === 'power-automate' || format === 'logic-apps';
  const notes = new Set<string>();
  const nodeAt = new Map<string, string>();
  // An n8n node's own `credentials` ({ type: { id, name } }) names credentials in the store, it does not hold them; the
  // same key elsewhere (pinned data) may hold anything. Dropped when found (rarely), so the walk stays whole for the TLS check.
  const references = new Set<string>();
  if (flow) {
    for (const node of flow.nodes) {
      nodeAt.set(node.pointer, node.name);
      if (format === 'n8n') references.add(node.pointer + '/credentials');
      if (/stickyNote$/.test(node.type) && node.parametersPointer) notes.add(node.parametersPointer);
      notes.add(node.pointer + '/notes');
    }
    for (const pointer of flow.notePointers ?? []) notes.add(pointer);
  }
  const samplePrefixes = flow?.sampleDataPointers ?? [];
  const placeOf = (pointer: string): SecretPlace => {
    if (samplePrefixes.some((p) => pointer === p || pointer.startsWith(p + '/'))) return 'sample-data';
    return isUnder(pointer, notes) ? 'note' : 'config';
  };
  const nodeOf = (pointer: string): string | undefined => {
    // The nearest ancestor that is a node: `/nodes/3/…` (n8n), `/properties/definition/actions/A/…` (WDL), `/7/…` (Node-RED).
    for (let p = pointer; p; p = p.slice(0, p.lastIndexOf('/'))) {
      const name = nodeAt.get(p);
      if (name !== undefined) return name;
    }
    // n8n pinned data is keyed by the name of the node whose output it holds: `/pinData/<node>/0/json/…`.
    const sample = samplePrefixes.find((p) => pointer.startsWith(p + '/'));
    return sample === undefined ? undefined : parsePointer(pointer.slice(sample.length))[0];
  };
  /**
   * A WDL HTTP action's `authentication: { type: 'Raw', value }`: the value is the whole Authorization header, whatever
   * the key is called, and the literals of an expression it is written as (`@concat('Bearer ', '…')`) are its parts.
   * Read as one only under an `authentication` object (the pointer is built for credential-shaped values only).
   */
  const rawAuthentication = (s: string, visit: StringVisit) => {
    if (s.length < 8 || visit.reference) return;
    const named = findNamedSecret(RAW_AUTHENTICATION, s);
    const hits = named ? [named] : isWdlExpression(s) ? findExpressionSecrets(RAW_AUTHENTICATION, s) : NO_HITS;
    if (!hits.length) return;
    const pointer = visit.pointer;
    if (!pointer.endsWith('/authentication/value')) return;
    for (const hit of hits) {
      found.push({ ...hit, what: 'literal value of "authentication"', pointer, name: 'authentication', inCode: hit !== named, value: s, place: placeOf(pointer), nodeName: nodeOf(pointer) });
    }
  };
  return {
    found,
    visit(visit) {
      const { value: s, name } = visit;
      // A credential by its authentication's type (WDL only): read as a secret whatever it is called.
      const credential = wdl ? visit.credential : undefined;
      const hits = secretsIn(s, name, visit.reference, visit.expression, wdl, credential !== undefined);
      if (!hits.length) {
        if (wdl && name === 'value') rawAuthentication(s, visit);
        return;
      }
      const pointer = visit.pointer; // built only here: most strings hold no secret
      if (references.size && isUnder(pointer, references)) return;
      for (const hit of hits) {
        // A literal of an expression the credential is written as is still that credential (named as the value is).
        found.push({ ...hit, pointer, name: hit.name ?? name, inCode: hit.name !== undefined, value: s, place: placeOf(pointer), nodeName: nodeOf(pointer), credential: hit.name === undefined || hit.name === name ? credential : undefined });
      }
    },
  };
}

/**
 * The secrets in one string value whose field is called `name`; a `reference` (a Node-RED typed input of type env, msg,
 * …) names where its value comes from, so only what it holds is read, not the whole of it as the named value; an
 * `expression` (JSONata) is code: its quoted literals are read as values of `name`; a `credential` is read as a secret
 * whatever its name, and so are the literals of a workflow expression it is written as (`@concat('…', …)`). Allocates
 * nothing when there are none (most strings).
 */
function secretsIn(s: string, name: string, reference: boolean, expression: boolean, wdl: boolean, credential: boolean): readonly SecretHit[] {
  if (s.length < 8) {
    if (!(s.length >= 4 && (credential || isSecretName(name)) && !reference)) return NO_HITS;
  }
  const formats = findFormatSecrets(s);
  let hits: SecretHit[] | undefined;
  if (!reference && !hasToken(formats) && (credential || isSecretName(name))) {
    // Code (JSONata) is read by its literals only; other text as the value, and, when it is a workflow expression
    // (`@concat('Bearer ', '…')`, `Basic @{base64(concat('svc:', '…'))}`), by its quoted strings too.
    const named = expression ? undefined : findNamedSecret(name, s);
    if (named) (hits ??= [...formats]).push(named);
    if (expression || (wdl && isWdlExpression(s))) {
      for (const hit of findExpressionSecrets(name, s, credential)) if (!overlapsAny(hits ?? formats, hit)) (hits ??= [...formats]).push(hit);
    }
  }
  if (s.length <= 4096) {
    // A form body may hold a URL with its own query (`callback=https://…?token=…&mode=1`): both are read.
    if (isFormEncoded(s)) for (const query of findQuerySecrets(s, true)) if (!overlapsAny(hits ?? formats, query)) (hits ??= [...formats]).push(query);
    if (s.indexOf('://') !== -1 && s.indexOf('?') !== -1) {
      for (const query of findQuerySecrets(s)) if (!overlapsAny(hits ?? formats, query)) (hits ??= [...formats]).push(query);
    }
  }
  if (s.length >= 24 && s.length <= CODE_SCAN_LIMIT && CODE_LIKE.test(s)) {
    for (const code of findCodeSecrets(s)) if (!overlapsAny(hits ?? formats, code)) (hits ??= [...formats]).push(code);
  }
  return hits ?? formats;
}

/** The name a Raw `authentication` value is read as: it is the Authorization header. */
const RAW_AUTHENTICATION = 'Authorization';

/** A Workflow Definition Language expression: `@fn(…)` as the whole value (`@@` escapes a literal `@`), or `@{…}` in it. */
function isWdlExpression(s: string): boolean {
  return (s.charCodeAt(0) === 64 && s.charCodeAt(1) !== 64) || s.includes('@{');
}

/** True when some hit is a token (not a webhook URL). An index loop: `some` with an arrow, or `for…of`, allocated per string. */
function hasToken(hits: readonly SecretHit[]): boolean {
  for (let i = 0; i < hits.length; i++) if (hits[i].kind !== 'webhook-url') return true;
  return false;
}

/** True when `pointer` is one of `prefixes` or lies under one. Looks up the pointer's ancestors, not every prefix. */
function isUnder(pointer: string, prefixes: ReadonlySet<string>): boolean {
  if (prefixes.has(pointer)) return true;
  for (let slash = pointer.indexOf('/'); slash !== -1; slash = pointer.indexOf('/', slash + 1)) {
    if (prefixes.has(pointer.slice(0, slash))) return true;
  }
  return false;
}
