// Shared helpers for rules that read the surface inventory.
import { buildInventory, type SurfaceInventory } from '../inventory/model.js';
import { DEFAULT_POLICY, type Policy } from '../policy.js';
import type { FileFormat } from '../sniff.js';
import type { RuleContext } from './types.js';

/** The format inventory rules read. */
export const INVENTORY_FORMATS: readonly FileFormat[] = ['surface-inventory'];

/** The document's inventory model, built once per analysis; undefined when the document is not a mapping. */
export function inventoryOf(context: RuleContext): SurfaceInventory | undefined {
  return context.memo('inventory', () => buildInventory(context.document.value));
}

/** The policy in force (the workspace's, else the defaults). */
export function policyOf(context: RuleContext): Policy {
  return context.policy ?? DEFAULT_POLICY;
}
