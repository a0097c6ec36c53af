import type { Clock } from './clock';

export interface SlidingWindowLimiterOptions {
  /** Requests allowed to start within any window of `windowMs`. */
  limit: number;
  windowMs: number;
  clock: Clock;
}

export interface ServerBudget {
  /** Requests the server says are left in its window (null: it did not say). */
  remaining: number | null;
  /** Seconds until the server's window frees up (null: it did not say). */
  resetSeconds: number | null;
}

/**
 * A sliding-window log: the start times of the last `limit` requests. A request may start only
 * when the oldest of them is at least `windowMs` old, so no window of that length, wherever it
 * is placed, ever holds more than `limit` starts. (A refilling token bucket does not promise
 * that: a full bucket drained just before a boundary and refilled after it passes up to twice
 * the limit within one window.)
 *
 * The server's own count is folded in too, because another app may share the key: after the
 * server reports `remaining`, at most that many more requests start before its reset.
 */
export class SlidingWindowLimiter {
  readonly limit: number;
  readonly windowMs: number;
  private readonly clock: Clock;
  /** Start times, oldest first; never longer than `limit`. */
  private starts: number[] = [];
  private serverRemaining: number | null = null;
  private serverResetAt = 0;

  constructor(options: SlidingWindowLimiterOptions) {
    if (!Number.isInteger(options.limit) || options.limit < 1) {
      throw new RangeError(`limit must be a positive integer, got ${options.limit}.`);
    }
    if (!(options.windowMs > 0)) {
      throw new RangeError(`windowMs must be positive, got ${options.windowMs}.`);
    }
    this.limit = options.limit;
    this.windowMs = options.windowMs;
    this.clock = options.clock;
  }

  /**
   * Reserves a start now when one is allowed and returns 0; otherwise reserves nothing and
   * returns how many milliseconds to wait before asking again.
   */
  tryReserve(): number {
    const wait = this.waitMs();
    if (wait > 0) return wait;
    const now = this.clock.now();
    this.starts.push(now);
    if (this.starts.length > this.limit) this.starts.shift();
    if (this.serverRemaining !== null) this.serverRemaining -= 1;
    return 0;
  }

  /** Milliseconds until a start would be allowed (0: now). Reserves nothing. */
  waitMs(): number {
    const now = this.clock.now();
    let wait = 0;
    if (this.starts.length >= this.limit) {
      const oldest = this.starts[this.starts.length - this.limit] as number;
      wait = Math.max(wait, oldest + this.windowMs - now);
    }
    if (this.serverRemaining !== null) {
      if (now >= this.serverResetAt) {
        this.serverRemaining = null;
      } else if (this.serverRemaining <= 0) {
        wait = Math.max(wait, this.serverResetAt - now);
      }
    }
    return wait;
  }

  /** Starts still allowed in the current window, by our own log and by the server's word. */
  budgetLeft(): number {
    const now = this.clock.now();
    const inWindow = this.starts.filter((t) => t > now - this.windowMs).length;
    let left = this.limit - inWindow;
    if (this.serverRemaining !== null && now < this.serverResetAt) {
      left = Math.min(left, Math.max(0, this.serverRemaining));
    }
    return left;
  }

  /** Folds in the server's x-ratelimit-* view of the shared budget. */
  observe(budget: ServerBudget): void {
    if (budget.remaining === null) return;
    const now = this.clock.now();
    // Without a reset time the server's count cannot expire on its own: assume a full window.
    const resetAt = now + (budget.resetSeconds ?? this.windowMs / 1000) * 1000;
    // The latest word wins: responses of concurrent requests may arrive slightly out of order,
    // which can make this optimistic by a request or two; our own log still caps the rate, and a
    // 429 pauses the scheduler in the rare case both are wrong.
    this.serverRemaining = budget.remaining;
    this.serverResetAt = resetAt;
  }
}
