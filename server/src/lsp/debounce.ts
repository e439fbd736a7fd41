// When to analyse an edited document: soon for a small one, after a pause as long as its last analysis for a big one,
// so a burst of edits on a 5 MB flow is analysed a few times, not once per keystroke.

/** The wait after an edit of a document that analyses quickly (a small flow): edits closer than this are analysed once. */
export const DEBOUNCE_MS = 25;
/** The longest wait after an edit, however slow the document's analysis. */
export const MAX_DEBOUNCE_MS = 1_000;
/** While edits keep coming, a document is still analysed once it has waited this many times its delay. */
export const MAX_WAIT_FACTOR = 8;

/**
 * How long to wait after an edit before analysing a document whose last analysis took `lastAnalysisMs` (undefined
 * before the first): that long, since the analysis time grows with the document's size, but at least
 * {@link DEBOUNCE_MS} (a flow under a few hundred KB keeps it) and at most {@link MAX_DEBOUNCE_MS}.
 */
export function debounceDelay(lastAnalysisMs: number | undefined): number {
  return Math.round(Math.min(MAX_DEBOUNCE_MS, Math.max(DEBOUNCE_MS, lastAnalysisMs ?? 0)));
}

/**
 * One pending run per key: each `schedule` replaces the key's pending run and restarts its wait, but a run waits at
 * most `delay × MAX_WAIT_FACTOR` after the first edit it covers, so steady typing still gets fresh diagnostics.
 */
export class Debouncer {
  readonly #pending = new Map<string, { timer: ReturnType<typeof setTimeout>; since: number }>();

  schedule(key: string, delayMs: number, run: () => void): void {
    const now = performance.now();
    const pending = this.#pending.get(key);
    clearTimeout(pending?.timer);
    const since = pending?.since ?? now;
    const wait = Math.max(0, Math.min(delayMs, since + delayMs * MAX_WAIT_FACTOR - now));
    const timer = setTimeout(() => {
      this.#pending.delete(key);
      run();
    }, wait);
    this.#pending.set(key, { timer, since });
  }

  /** True while a run is waiting for `key`: an analysis started earlier is then stale. */
  has(key: string): boolean {
    return this.#pending.has(key);
  }

  cancel(key: string): void {
    clearTimeout(this.#pending.get(key)?.timer);
    this.#pending.delete(key);
  }
}
