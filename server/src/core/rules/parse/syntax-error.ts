import type { Rule } from '../types.js';

/** `parse/syntax-error`: one of our files that does not parse, or whose structure is not what its format needs. */
export const syntaxError: Rule = {
  id: 'parse/syntax-error',
  defaultSeverity: 'error',
  appliesTo: 'all',
  threats: [],
  securitySeverity: 3.0,
  docs: {
    summary: 'The file is one of ours (an export or an inventory) but does not parse, or its structure is broken.',
    rationale: 'A file that does not parse cannot be reviewed: its webhooks, secrets and scopes go unchecked, and the platform will likely refuse to import it.',
    remediation: 'Fix the problem at the marked position, or export the flow again from its platform. Truncated files usually come from an interrupted copy or a size limit.',
  },
  check(context) {
    for (const problem of [...context.readingProblems, ...context.document.problems]) {
      context.report({ pointer: '', at: { range: problem.range }, message: problem.message, severity: problem.severity === 'error' ? undefined : 'warning' });
    }
    for (const problem of context.adapter.problems) {
      context.report({ pointer: problem.pointer, message: problem.message });
    }
  },
};
