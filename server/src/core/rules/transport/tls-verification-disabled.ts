import { asObject, asString } from '../../walk.js';
import { documentFacts } from '../documentPass.js';
import type { Rule, RuleContext } from '../types.js';

/** `transport/tls-verification-disabled`: certificate checks turned off. */
export const tlsVerificationDisabled: Rule = {
  id: 'transport/tls-verification-disabled',
  defaultSeverity: 'warning',
  appliesTo: ['n8n', 'power-automate', 'logic-apps', 'node-red', 'make', 'zapier'],
  threats: ['I', 'T', 'S'],
  cwe: 'CWE-295',
  securitySeverity: 7.4,
  docs: {
    summary: 'A setting, code or a shell command that turns off TLS certificate verification (allowUnauthorizedCerts, rejectUnauthorized: false, verifyservercert: false, curl -k, ...).',
    rationale: 'Without certificate checks, anyone on the network path can impersonate the server and read or change everything the flow sends, credentials included: HTTPS without verification is not secure.',
    remediation: "Turn certificate verification back on. For a private CA, give the platform the CA certificate instead of disabling the check.",
  },
  check(context) {
    // Every value of the document is visited (settings and code can sit anywhere), in the walk the secret scan shares.
    for (const off of documentFacts(context).tls) {
      if (off.kind === 'code') {
        const command = /^(?:curl|wget) /.test(off.text);
        context.report({ pointer: off.pointer, at: { start: off.start, end: off.end }, message: `${command ? 'A shell command' : 'Code'} turns off TLS certificate verification (${off.text.replace(/\s+/g, ' ')}): anyone on the network path can impersonate the server. Remove ${command ? 'the option' : 'it'}; for a private CA, trust that CA instead.` });
      } else {
        context.report({ pointer: off.pointer, at: 'key', message: `"${off.key}: ${String(off.value)}" turns off TLS certificate verification: anyone on the network path can impersonate the server and read what the flow sends. Turn verification back on; for a private CA, trust that CA instead.` });
      }
    }
    if (context.format === 'node-red') checkNodeRedEmail(context);
  },
};

/**
 * Node-RED's `e-mail` node (node-red-node-email) sends with `tls: { rejectUnauthorized: node.tls }`, where `tls` is its
 * "Check server certificate is valid" box: a boolean `false` turns the check off (the node reads nothing else as off).
 */
function checkNodeRedEmail(context: RuleContext): void {
  for (const node of context.flow?.nodes ?? []) {
    const raw = asObject(node.parameters);
    if (node.type !== 'e-mail' || node.disabled || raw?.tls !== false) continue;
    // The node's `name` is its To address; `dname` is the name the editor shows.
    const label = asString(raw.dname) ? `"${asString(raw.dname)}" ` : node.name !== node.type ? `to ${node.name} ` : '';
    context.report({
      pointer: `${node.pointer}/tls`,
      at: 'key',
      message: `E-mail node ${label}has "Check server certificate is valid" off ("tls": false): the mail server's certificate is not checked, so anyone on the network path can impersonate it and read the mail and the login sent to it. Tick the box; for a private CA, trust that CA instead.`,
    });
  }
}
