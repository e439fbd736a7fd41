// The shape of the scope catalogue (DESIGN §5): per provider, each scope's risk, narrower alternatives and why.
import type { Risk } from '../../inventory/model.js';

export interface ScopeEntry {
  /** As the provider spells it (case matters for Microsoft Graph, not for matching). */
  readonly scope: string;
  readonly risk: Risk;
  /** Narrower scopes that usually do the job, most specific first. */
  readonly narrower: readonly string[];
  /** One sentence: what the scope grants and why it is rated so. */
  readonly why: string;
  /**
   * A narrower way that is no scope of this provider's list (a fine-grained token, an admin-side limit), as a sentence
   * the message can end with: `Use a fine-grained personal access token …`. Counts as a narrower alternative.
   */
  readonly alternative?: string;
}

export interface ScopeProvider {
  readonly id: string;
  readonly name: string;
  /** Lower-case words that, in a surface's vendor, name, id or endpoint host, say the provider is this one. */
  readonly keywords: readonly string[];
  /** A prefix every scope of this provider may be written with or without (Google's scope URLs). */
  readonly prefix?: string;
  readonly scopes: readonly ScopeEntry[];
  /** Families of scopes the list does not name one by one (`*.ReadWrite.All`, `write_*`), tried after it. */
  readonly families?: readonly ScopeFamily[];
}

/** A family of scopes: `narrower` may use `$1`, the pattern's first group (`write_orders` → `read_orders`). */
export interface ScopeFamily {
  /** Anchored, bounded and linear. */
  readonly pattern: RegExp;
  readonly risk: Risk;
  readonly narrower: readonly string[];
  readonly why: string;
  /** As {@link ScopeEntry.alternative}. */
  readonly alternative?: string;
}
