// When to analyse an edited document: soon for a small one, after a pause of half its last analysis for a big one, so
// a burst of edits on a 5 MB flow is analysed a few times, not once per keystroke.

/** The wait after an edit of a document that analyses quickly (a small flow): edits closer than this are analysed once. */
export const DEBOUNCE_MS = 25;
/**
 * The wait after an edit, as a share of the document's last analysis time: a pause of half an analysis means the
 * edits have stopped for now (a longer wait adds to the time the final diagnostics take; a shorter one analyses
 * versions that are stale before they are published).
 */
export const DEBOUNCE_FACTOR = 0.5;
/** The longest wait after an edit, however slow the document's analysis. */
export const MAX_DEBOUNCE_MS = 1_000;
/** While edits keep coming, a document is still analysed once it has waited this many times its delay. */
export const MAX_WAIT_FACTOR = 10;

/**
 * How long to wait after an edit before analysing a document whose last analysis took `lastAnalysisMs` (undefined
 * before the first): {@link DEBOUNCE_FACTOR} of it, since the analysis time grows with the document's size, but at
 * least {@link DEBOUNCE_MS} (a flow under half a MB keeps it) and at most {@link MAX_DEBOUNCE_MS}.
 */
export function debounceDelay(lastAnalysisMs: number | undefined): number {
  return Math.round(Math.min(MAX_DEBOUNCE_MS, Math.max(DEBOUNCE_MS, DEBOUNCE_FACTOR * (lastAnalysisMs ?? 0))));
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
