// What turns TLS certificate checks off: settings by key, and the same written in code a flow holds. Detection only;
// the rule (tls-verification-disabled.ts) words the findings.
import type { StringVisit, WalkPosition } from '../../walk.js';

/** Settings that turn certificate checks off, by key, with the value that means "off". */
const SETTINGS: ReadonlyMap<string, boolean> = new Map([
  ['allowunauthorizedcerts', true], // n8n HTTP Request and many n8n nodes / credentials
  ['ignoresslissues', true], // n8n
  ['rejectunauthorized', false], // Node.js TLS options, Node-RED
  ['verifyservercert', false], // Node-RED tls-config
  ['insecure', true],
  ['skiptlsverify', true],
  ['strictssl', false],
  ['sslverify', false],
  ['verifyssl', false],
  ['verify_ssl', false],
  ['tlsinsecure', true],
  ['disablesslverification', true],
]);

/** The lengths of SETTINGS' keys: other keys are not lower-cased to be looked up. */
const KEY_LENGTHS = new Set([...SETTINGS.keys()].map((k) => k.length));

/** What a string must contain for IN_CODE to match in it. */
const CODE_HINT = /rejectUnauthorized|NODE_TLS_REJECT_UNAUTHORIZED|verify\s*=/;

/** The same, written in code held by the flow (Code/Function nodes). */
const IN_CODE = /rejectUnauthorized\s*:\s*false|NODE_TLS_REJECT_UNAUTHORIZED\s*=\s*["']?0|verify\s*=\s*False\b/g;

/** A place that turns certificate checks off: a setting (`key: value`) or a statement in code (characters of a string). */
export type TlsOff =
  | { readonly kind: 'setting'; readonly pointer: string; readonly key: string; readonly value: unknown }
  | { readonly kind: 'code'; readonly pointer: string; readonly start: number; readonly end: number; readonly text: string };

/** Walk handlers that collect the places where a document turns certificate checks off. */
export interface TlsScanner {
  readonly string: (visit: StringVisit) => void;
  readonly member: (key: string, value: unknown, at: WalkPosition) => void;
  readonly found: TlsOff[];
}

export function tlsScanner(): TlsScanner {
  const found: TlsOff[] = [];
  return {
    found,
    string(visit) {
      const value = visit.value;
      if (value.length <= 20 || !CODE_HINT.test(value)) return;
      const pointer = visit.pointer;
      for (const m of value.matchAll(IN_CODE)) found.push({ kind: 'code', pointer, start: m.index, end: m.index + m[0].length, text: m[0] });
    },
    member(key, value, at) {
      const off = KEY_LENGTHS.has(key.length) ? SETTINGS.get(key.toLowerCase()) : undefined;
      if (off !== undefined && (value === off || value === String(off))) found.push({ kind: 'setting', pointer: at.pointer, key, value });
    },
  };
}
