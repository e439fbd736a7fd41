// Dispatches a parsed document to its platform adapter.
import type { FormatDetail } from '../sniff.js';
import { buildN8nFlow } from './n8n.js';
import type { AdapterResult } from './types.js';

export type { AdapterResult, StructureProblem } from './types.js';

/** Builds the flow model for formats that have an adapter; other formats get an empty result. */
export function buildFlow(detail: FormatDetail, value: unknown): AdapterResult {
  switch (detail) {
    case 'n8n-workflow':
      return buildN8nFlow(value);
    default:
      return { problems: [] };
  }
}
