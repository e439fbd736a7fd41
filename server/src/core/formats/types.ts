// What a platform adapter returns.
import type { Flow } from '../model/index.js';

/** A document that parses but is not the structure its format needs (a mangled export, a missing array). */
export interface StructureProblem {
  readonly pointer: string;
  readonly message: string;
}

export interface AdapterResult {
  /** The flow model; `undefined` when the structure is too broken to build one. */
  readonly flow?: Flow;
  readonly problems: readonly StructureProblem[];
}
