// Dispatches a parsed document to its platform adapter.
import type { FormatDetail } from '../sniff.js';
import { buildLogicAppsFlow } from './logic-apps.js';
import { buildMakeFlow } from './make.js';
import { buildN8nFlow } from './n8n.js';
import { buildNodeRedCredentials, buildNodeRedFlow } from './node-red.js';
import { buildPowerAutomateFlow } from './power-automate.js';
import { withOAuthScopesOnly } from './scopes.js';
import type { AdapterResult } from './types.js';
import { buildZapierFlow } from './zapier.js';

export type { AdapterResult, StructureProblem } from './types.js';

/** Builds the flow model for formats that have an adapter; other formats get an empty result. */
export function buildFlow(detail: FormatDetail, value: unknown): AdapterResult {
  const result = adapt(detail, value);
  return result.flow ? { ...result, flow: withOAuthScopesOnly(result.flow, value) } : result;
}

function adapt(detail: FormatDetail, value: unknown): AdapterResult {
  switch (detail) {
    case 'n8n-workflow':
      return buildN8nFlow(value);
    case 'pa-solution-flow':
    case 'pa-package-flow':
      return buildPowerAutomateFlow(value);
    case 'la-arm-template':
    case 'la-gallery-template':
    case 'la-standard-workflow':
    case 'la-standard-connections':
    case 'la-standard-local-settings':
    case 'la-standard-parameters':
    case 'la-arm-parameters':
    case 'la-definition':
    case 'wdl-definition-wrapper':
      return buildLogicAppsFlow(detail, value);
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
