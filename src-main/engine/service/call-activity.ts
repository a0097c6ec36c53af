/**
 * When the engine last answered a call, and how many it is answering. Work that can wait (the
 * cache's integrity check, the in-memory column index's load) waits for the burst of calls a
 * window makes as it opens to end: at a million sessions both take a core for seconds, and on a
 * two-core machine, started on a fixed timer, they landed in the middle of the first list's
 * answer and paint.
 */
export class CallActivity {
  private inFlight = 0;
  private begun = 0;
  private lastMs = -Infinity;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Wraps one call: counts it in flight until it settles. */
  track<T>(call: () => Promise<T>): Promise<T> {
    this.inFlight++;
    this.begun++;
    this.lastMs = this.now();
    return call().finally(() => {
      this.inFlight--;
      this.lastMs = this.now();
    });
  }

  /**
   * Resolves once at least `minMs` have passed, a call has come since, and none has been in
   * flight for `quietMs`; or after `maxMs` whatever the calls (no window may come, and one that
   * never stops asking must not keep the work off for ever). Never rejects; `cancel` leaves it
   * pending. A call must come first because a window can take longer than `minMs` to start
   * asking (a browser starting cold): quiet before its first call is not the end of its burst.
   */
  whenQuiet(options: { minMs: number; quietMs: number; maxMs: number }): QuietWait {
    const startedMs = this.now();
    const begunBefore = this.begun;
    let timer: NodeJS.Timeout | null = null;
    let resolveQuiet!: () => void;
    const quiet = new Promise<void>((resolve) => (resolveQuiet = resolve));
    const check = () => {
      const at = this.now();
      const since = at - startedMs;
      const asked = this.begun > begunBefore;
      const idleFor = this.inFlight > 0 || !asked ? 0 : at - this.lastMs;
      if (since >= options.maxMs || (since >= options.minMs && idleFor >= options.quietMs)) {
        timer = null;
        resolveQuiet();
        return;
      }
      const untilMin = options.minMs - since;
      const untilQuiet = options.quietMs - idleFor;
      const wait = Math.min(options.maxMs - since, Math.max(untilMin, untilQuiet, 10));
      // Nothing keeps a process alive only to start background work.
      timer = setTimeout(check, wait);
      timer.unref();
    };
    check();
    return {
      quiet,
      cancel: () => {
        if (timer) clearTimeout(timer);
        timer = null;
      },
    };
  }
}

export interface QuietWait {
  readonly quiet: Promise<void>;
  cancel(): void;
}
