// Time is injected so the limiter, the scheduler's backoff and its timeouts can be driven by a
// fake clock in tests: nothing here may read Date.now() or call setTimeout directly.
export interface Clock {
  /** Milliseconds since the epoch (or any fixed origin: only differences matter). */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason as soon as the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortReason(signal));
        return;
      }
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(abortReason(signal as AbortSignal));
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
};

interface Sleeper {
  due: number;
  order: number;
  resolve: () => void;
}

/**
 * A clock that moves only when told to. `advance` wakes sleepers one at a time in due order
 * (ties in the order they went to sleep) and lets the woken code run before the next wakes, so
 * code that sleeps again inside the advanced span is woken too, at the right moment.
 */
export class FakeClock implements Clock {
  private current: number;
  private sleepers: Sleeper[] = [];
  private order = 0;

  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortReason(signal));
        return;
      }
      const sleeper: Sleeper = {
        due: this.current + Math.max(0, ms),
        order: this.order++,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
        reject(abortReason(signal as AbortSignal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.sleepers.push(sleeper);
    });
  }

  /** How many sleepers are waiting: lets a test check that nothing is left scheduled. */
  get pendingSleepers(): number {
    return this.sleepers.length;
  }

  /** Lets every already-queued promise callback run (several rounds, through async chains). */
  async settle(): Promise<void> {
    for (let i = 0; i < 5; i++) {
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** Moves time forward without waking anyone: for code under test that only reads now(). */
  tick(ms: number): void {
    this.current += ms;
  }

  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    await this.settle();
    for (;;) {
      const next = this.earliest();
      if (next === undefined || next.due > target) break;
      this.sleepers = this.sleepers.filter((s) => s !== next);
      this.current = Math.max(this.current, next.due);
      next.resolve();
      await this.settle();
    }
    this.current = target;
    await this.settle();
  }

  /** Advances to the next sleeper's due time (if any) and wakes it. */
  async advanceToNext(): Promise<boolean> {
    await this.settle();
    const next = this.earliest();
    if (next === undefined) return false;
    await this.advance(next.due - this.current);
    return true;
  }

  private earliest(): Sleeper | undefined {
    let best: Sleeper | undefined;
    for (const s of this.sleepers) {
      if (best === undefined || s.due < best.due || (s.due === best.due && s.order < best.order)) {
        best = s;
      }
    }
    return best;
  }
}
