// Dispatches a parsed document to its platform adapter.
import type { FormatDetail } from '../sniff.js';
import { buildMakeFlow } from './make.js';
import { buildN8nFlow } from './n8n.js';
import { buildNodeRedCredentials, buildNodeRedFlow } from './node-red.js';
import type { AdapterResult } from './types.js';
import { buildZapierFlow } from './zapier.js';

export type { AdapterResult, StructureProblem } from './types.js';

/** Builds the flow model for formats that have an adapter; other formats get an empty result. */
export function buildFlow(detail: FormatDetail, value: unknown): AdapterResult {
  switch (detail) {
    case 'n8n-workflow':
      return buildN8nFlow(value);
    case 'nodered-flow':
      return buildNodeRedFlow(value);
    case 'nodered-credentials-file':
      return buildNodeRedCredentials(value);
    case 'make-blueprint':
      return buildMakeFlow(value);
    case 'zapier-export':
      return buildZapierFlow(value);
    default:
      return { problems: [] };
  }
}
