import { documentFacts } from '../documentPass.js';
import type { Rule } from '../types.js';

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
    // Every value of the document is visited (settings and code can sit anywhere), in the walk the secret scan shares.
    for (const off of documentFacts(context).tls) {
      if (off.kind === 'code') {
        context.report({ pointer: off.pointer, at: { start: off.start, end: off.end }, message: `Code turns off TLS certificate verification (${off.text.replace(/\s+/g, ' ')}): anyone on the network path can impersonate the server. Remove it; for a private CA, trust that CA instead.` });
      } else {
        context.report({ pointer: off.pointer, at: 'key', message: `"${off.key}: ${String(off.value)}" turns off TLS certificate verification: anyone on the network path can impersonate the server and read what the flow sends. Turn verification back on; for a private CA, trust that CA instead.` });
      }
    }
  },
};
