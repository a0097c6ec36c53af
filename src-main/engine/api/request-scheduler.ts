import { cancelledError, timeoutError } from './api-error';
import { DOCUMENTED_RATE_LIMIT, type ServerRateLimit } from './api-assumptions';
import { systemClock, type Clock } from './clock';
import { SlidingWindowLimiter } from './rate-limiter';
import {
  RetryPolicy,
  categorize,
  type FailureCounts,
  type RetryPolicyOptions,
} from './retry-policy';

/** Highest first: what the user waits for > delta sync > tags and history > backfill. */
export const REQUEST_PRIORITIES = ['interactive', 'delta', 'background', 'backfill'] as const;
export type RequestPriority = (typeof REQUEST_PRIORITIES)[number];

export interface ScheduleOptions {
  priority: RequestPriority;
  /** Aborting removes a queued request at once and cancels one in flight. */
  signal?: AbortSignal;
  /** Per attempt, on the scheduler's clock. */
  timeoutMs?: number;
  /** Names the request in errors, e.g. "GET /chat/sessions/abc". Never put the token here. */
  label?: string;
}

/** One try at the request. It must honour `signal` (timeout or cancellation). */
export type Attempt<T> = (signal: AbortSignal, attemptNumber: number) => Promise<T>;

export interface SchedulerStats {
  /** Requests waiting to start, including those waiting to retry. */
  queued: number;
  inFlight: number;
  /** Starts still allowed in the current rate-limit window. */
  budgetLeft: number;
  /** While a 429 holds everything back: when it ends (clock ms); otherwise null. */
  pausedUntil: number | null;
}

export interface RequestSchedulerOptions {
  clock?: Clock;
  /** Defaults to the documented 100 requests per 60 s on `clock`. */
  limiter?: SlidingWindowLimiter;
  /** Requests in flight at once. */
  concurrency?: number;
  retryPolicy?: RetryPolicy | Partial<RetryPolicyOptions>;
  /** Per-attempt timeout when the caller gives none. */
  defaultTimeoutMs?: number;
}

interface Entry {
  seq: number;
  rank: number;
  notBefore: number;
  attempt: Attempt<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  label: string;
  timeoutMs: number;
  signal: AbortSignal | undefined;
  onCallerAbort: (() => void) | undefined;
  failures: FailureCounts;
  attempts: number;
  state: 'queued' | 'running' | 'done';
  running: AbortController | undefined;
}

/**
 * One per account: every request to OpenCX goes through it. Queued requests start highest
 * priority first, FIFO within a priority (a retry keeps its place); each start takes a slot of
 * the sliding-window limiter; at most `concurrency` run at once. Retries follow the RetryPolicy:
 * a 429 pauses the whole scheduler for as long as the server asks, other transient failures
 * back off this request only.
 */
export class RequestScheduler {
  readonly clock: Clock;
  readonly limiter: SlidingWindowLimiter;
  readonly policy: RetryPolicy;
  private readonly concurrency: number;
  private readonly defaultTimeoutMs: number;
  private queue: Entry[] = [];
  private inFlight = 0;
  private seq = 0;
  private pausedUntil = 0;
  private wakeAt: number | null = null;
  private wakeController: AbortController | null = null;
  private pumping = false;
  private disposed = false;
  private readonly running = new Set<Entry>();
  private readonly listeners = new Set<(stats: SchedulerStats) => void>();
  private lastStats = '';

  constructor(options: RequestSchedulerOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.limiter =
      options.limiter ??
      new SlidingWindowLimiter({
        limit: DOCUMENTED_RATE_LIMIT.limit,
        windowMs: DOCUMENTED_RATE_LIMIT.windowMs,
        clock: this.clock,
      });
    this.policy =
      options.retryPolicy instanceof RetryPolicy
        ? options.retryPolicy
        : new RetryPolicy(options.retryPolicy);
    this.concurrency = options.concurrency ?? 4;
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) {
      throw new RangeError(`concurrency must be a positive integer, got ${this.concurrency}.`);
    }
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? 30_000;
  }

  run<T>(attempt: Attempt<T>, options: ScheduleOptions): Promise<T> {
    const rank = REQUEST_PRIORITIES.indexOf(options.priority);
    if (rank < 0) {
      return Promise.reject(new RangeError(`Unknown request priority "${options.priority}".`));
    }
    const label = options.label ?? 'OpenCX request';
    if (this.disposed || options.signal?.aborted) {
      return Promise.reject(cancelledError(label));
    }
    return new Promise<T>((resolve, reject) => {
      const entry: Entry = {
        seq: this.seq++,
        rank,
        notBefore: -Infinity,
        attempt: attempt as Attempt<unknown>,
        resolve: resolve as (value: unknown) => void,
        reject,
        label,
        timeoutMs: options.timeoutMs ?? this.defaultTimeoutMs,
        signal: options.signal,
        onCallerAbort: undefined,
        failures: { transient: 0, rate_limited: 0, invalid_response: 0 },
        attempts: 0,
        state: 'queued',
        running: undefined,
      };
      if (options.signal) {
        entry.onCallerAbort = () => this.cancel(entry);
        options.signal.addEventListener('abort', entry.onCallerAbort, { once: true });
      }
      this.queue.push(entry);
      this.pump();
    });
  }

  /**
   * How long queued requests must still wait for the rate limit (a 429's pause or the rolling
   * window), in ms; 0 when nothing waits for it.
   */
  rateLimitWaitMs(): number {
    if (this.queue.length === 0) return 0;
    const now = this.clock.now();
    return Math.max(0, this.pausedUntil - now, this.limiter.waitMs());
  }

  stats(): SchedulerStats {
    const now = this.clock.now();
    return {
      queued: this.queue.length,
      inFlight: this.inFlight,
      budgetLeft: this.limiter.budgetLeft(),
      pausedUntil: this.pausedUntil > now ? this.pausedUntil : null,
    };
  }

  /**
   * Calls `listener` whenever the stats change (queue, in flight, pause; the budget as requests
   * start). Returns the unsubscribe function.
   */
  subscribe(listener: (stats: SchedulerStats) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    if (this.listeners.size === 0) return;
    const stats = this.stats();
    const key = JSON.stringify(stats);
    if (key === this.lastStats) return;
    this.lastStats = key;
    for (const listener of this.listeners) listener(stats);
  }

  /** Folds the server's x-ratelimit-* headers into the limiter (another app may share the key). */
  observeServerBudget(budget: ServerRateLimit): void {
    this.limiter.observe({ remaining: budget.remaining, resetSeconds: budget.resetSeconds });
  }

  /** Cancels everything queued and in flight; later calls are rejected as cancelled. */
  dispose(): void {
    this.disposed = true;
    for (const entry of [...this.queue, ...this.running]) this.cancel(entry);
    this.wakeController?.abort();
    this.wakeController = null;
    this.wakeAt = null;
  }

  private cancel(entry: Entry): void {
    if (entry.state === 'done') return;
    const wasQueued = entry.state === 'queued';
    this.finish(entry);
    if (wasQueued) this.queue.splice(this.queue.indexOf(entry), 1);
    const error = cancelledError(entry.label);
    // In flight: the attempt ends through its signal; its slot frees when it has really ended.
    entry.running?.abort(error);
    entry.reject(error);
    this.notify();
  }

  private finish(entry: Entry): void {
    entry.state = 'done';
    if (entry.onCallerAbort) entry.signal?.removeEventListener('abort', entry.onCallerAbort);
  }

  private pump(): void {
    if (this.pumping || this.disposed) return;
    this.pumping = true;
    try {
      while (this.inFlight < this.concurrency && this.queue.length > 0) {
        const now = this.clock.now();
        if (this.pausedUntil > now) {
          this.scheduleWake(this.pausedUntil);
          return;
        }
        // The limiter first: while it says wait, scanning the queue would be wasted work.
        const wait = this.limiter.waitMs();
        if (wait > 0) {
          this.scheduleWake(now + wait);
          return;
        }
        const next = this.pickReady(now);
        if (next === undefined) {
          this.scheduleWake(this.earliestNotBefore());
          return;
        }
        this.limiter.tryReserve();
        this.queue.splice(this.queue.indexOf(next), 1);
        this.start(next);
      }
    } finally {
      this.pumping = false;
      this.notify();
    }
  }

  private pickReady(now: number): Entry | undefined {
    let best: Entry | undefined;
    for (const e of this.queue) {
      if (e.notBefore > now) continue;
      if (best === undefined || e.rank < best.rank || (e.rank === best.rank && e.seq < best.seq)) {
        best = e;
      }
    }
    return best;
  }

  private earliestNotBefore(): number {
    let earliest = Infinity;
    for (const e of this.queue) earliest = Math.min(earliest, e.notBefore);
    return earliest;
  }

  private scheduleWake(at: number): void {
    if (this.wakeAt !== null && this.wakeAt <= at) return;
    this.wakeController?.abort();
    const controller = new AbortController();
    this.wakeController = controller;
    this.wakeAt = at;
    this.clock.sleep(Math.max(0, at - this.clock.now()), controller.signal).then(
      () => {
        if (this.wakeController === controller) {
          this.wakeController = null;
          this.wakeAt = null;
        }
        this.pump();
      },
      () => undefined,
    );
  }

  private start(entry: Entry): void {
    entry.state = 'running';
    entry.attempts += 1;
    this.inFlight += 1;
    this.running.add(entry);
    const controller = new AbortController();
    entry.running = controller;
    const timer = new AbortController();
    let timedOut = false;
    this.clock.sleep(entry.timeoutMs, timer.signal).then(
      () => {
        timedOut = true;
        controller.abort(timeoutError(entry.label, entry.timeoutMs));
      },
      () => undefined,
    );

    let attempt: Promise<unknown>;
    try {
      attempt = Promise.resolve(entry.attempt(controller.signal, entry.attempts));
    } catch (error) {
      attempt = Promise.reject(error);
    }
    // An attempt that ignores its signal must not hold a slot past its timeout.
    const aborted = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason), {
        once: true,
      });
    });
    Promise.race([attempt, aborted]).then(
      (value) => this.settle(entry, timer, { ok: true, value }),
      (error: unknown) =>
        this.settle(entry, timer, {
          ok: false,
          error: timedOut ? timeoutError(entry.label, entry.timeoutMs) : error,
        }),
    );
  }

  private settle(
    entry: Entry,
    timer: AbortController,
    outcome: { ok: true; value: unknown } | { ok: false; error: unknown },
  ): void {
    timer.abort();
    this.inFlight -= 1;
    this.running.delete(entry);
    entry.running = undefined;
    if (entry.state === 'done') {
      // Cancelled while in flight: the caller already has its answer.
      this.pump();
      return;
    }
    if (outcome.ok) {
      this.finish(entry);
      entry.resolve(outcome.value);
      this.pump();
      return;
    }
    const decision = this.policy.decide(outcome.error, entry.failures);
    const category = categorize(outcome.error);
    if (category !== 'fatal') entry.failures[category] += 1;
    const now = this.clock.now();
    if (decision.action === 'fail') {
      this.finish(entry);
      entry.reject(outcome.error);
    } else {
      if (decision.action === 'pause') {
        this.pausedUntil = Math.max(this.pausedUntil, now + decision.delayMs);
        entry.notBefore = this.pausedUntil;
      } else {
        entry.notBefore = now + decision.delayMs;
      }
      entry.state = 'queued';
      this.queue.push(entry);
    }
    this.pump();
  }
}
