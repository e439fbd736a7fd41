import { FLOW_FORMATS } from '../flowRules.js';
import type { Rule } from '../types.js';
import { checkMake } from './makeErrorPaths.js';
import { checkN8n } from './n8nErrorPaths.js';
import { checkNodeRed } from './nodeRedErrorPaths.js';
import { checkWdl } from './wdlErrorPaths.js';

/** `monitoring/missing-error-handling`: an unattended flow that acts on other systems and has no error path. */
export const missingErrorHandling: Rule = {
  id: 'monitoring/missing-error-handling',
  defaultSeverity: 'warning',
  appliesTo: FLOW_FORMATS,
  threats: ['R', 'D'],
  cwe: 'CWE-755',
  securitySeverity: 3.7,
  docs: {
    summary: 'A flow that runs unattended (webhook, event or schedule) and calls other systems has no error path: no n8n error workflow or error output, no run-after Failed/TimedOut step, no Node-RED catch node, no Make error handler.',
    rationale: 'When a step fails, the run stops and nobody is told: the order, payment or alert it carried is not delivered. n8n, Logic Apps and Power Automate keep the failed run for a while, to be found and retried only by someone who looks; Make (unless it stores incomplete executions; a polling trigger reads the items again) and Node-RED drop it, and inbound data (a webhook call, an event) is not sent again.',
    remediation: 'Add an error path that alerts someone and keeps what failed: n8n "Error workflow" in the workflow settings (or error outputs to a notification); a Power Automate / Logic Apps Scope with a run-after Failed/TimedOut branch; a Node-RED catch node wired to a notifier; a Make error handler or "store incomplete executions".',
  },
  check(context) {
    const flow = context.flow;
    if (!flow || !flow.nodes.length) return;
    switch (flow.platform) {
      case 'n8n':
        return checkN8n(context, flow);
      case 'power-automate':
      case 'logic-apps':
        return checkWdl(context, flow);
      case 'node-red':
        return checkNodeRed(context, flow);
      case 'make':
        return checkMake(context, flow);
      case 'zapier':
        return; // Zapier e-mails the owner about failed runs and can replay them: the platform keeps the error path.
    }
  },
};
