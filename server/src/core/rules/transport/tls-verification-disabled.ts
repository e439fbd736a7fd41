import { walk } from '../../walk.js';
import type { Rule } from '../types.js';

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

/** `transport/tls-verification-disabled`: certificate checks turned off. */
export const tlsVerificationDisabled: Rule = {
  id: 'transport/tls-verification-disabled',
  defaultSeverity: 'warning',
  appliesTo: ['n8n', 'power-automate', 'logic-apps', 'node-red', 'make', 'zapier'],
  threats: ['I', 'T', 'S'],
  cwe: 'CWE-295',
  securitySeverity: 7.4,
  docs: {
    summary: 'A setting or code that turns off TLS certificate verification (allowUnauthorizedCerts, rejectUnauthorized: false, verifyservercert: false, ...).',
    rationale: 'Without certificate checks, anyone on the network path can impersonate the server and read or change everything the flow sends, credentials included: HTTPS without verification is not secure.',
    remediation: "Turn certificate verification back on. For a private CA, give the platform the CA certificate instead of disabling the check.",
  },
  check(context) {
    // Every value of the document is visited: pointers are built only for what is reported.
    walk(context.document.value, '', {
      string(visit) {
        const value = visit.value;
        if (value.length <= 20 || !CODE_HINT.test(value)) return;
        const pointer = visit.pointer;
        for (const m of value.matchAll(IN_CODE)) {
          context.report({ pointer, at: { start: m.index, end: m.index + m[0].length }, message: `Code turns off TLS certificate verification (${m[0].replace(/\s+/g, ' ')}): anyone on the network path can impersonate the server. Remove it; for a private CA, trust that CA instead.` });
        }
      },
      member(key, child, at) {
        const off = KEY_LENGTHS.has(key.length) ? SETTINGS.get(key.toLowerCase()) : undefined;
        if (off !== undefined && (child === off || child === String(off))) {
          context.report({ pointer: at.pointer, at: 'key', message: `"${key}: ${String(child)}" turns off TLS certificate verification: anyone on the network path can impersonate the server and read what the flow sends. Turn verification back on; for a private CA, trust that CA instead.` });
        }
      },
    });
  },
};
