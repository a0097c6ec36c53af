import { describe, expect, it } from 'vitest';
import type { OpencxApiError } from './api-error';
import { httpError, networkError } from './api-error';
import { FakeClock } from './clock';
import { SlidingWindowLimiter } from './rate-limiter';
import { RequestScheduler, type RequestPriority } from './request-scheduler';

interface Gate<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

function gate<T = string>(): Gate<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function setup(options: { concurrency?: number; limit?: number; random?: number } = {}) {
  const clock = new FakeClock(0);
  const limiter = new SlidingWindowLimiter({
    limit: options.limit ?? 100,
    windowMs: 60_000,
    clock,
  });
  const scheduler = new RequestScheduler({
    clock,
    limiter,
    concurrency: options.concurrency ?? 4,
    defaultTimeoutMs: 10_000,
    retryPolicy: {
      maxAttempts: 5,
      baseDelayMs: 100,
      maxDelayMs: 1_000,
      maxRateLimitRetries: 3,
      defaultRateLimitPauseMs: 2_000,
      random: () => options.random ?? 0.5,
    },
  });
  return { clock, limiter, scheduler };
}

/** Collects a promise's outcome without letting a rejection go unhandled. */
function track<T>(promise: Promise<T>) {
  const state: { value?: T; error?: unknown; settled: boolean } = { settled: false };
  promise.then(
    (value) => Object.assign(state, { value, settled: true }),
    (error: unknown) => Object.assign(state, { error, settled: true }),
  );
  return state;
}

const http = (status: number, retryAfterMs?: number) =>
  httpError({
    status,
    request: 'GET /x',
    bodyText: '',
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });

describe('RequestScheduler ordering', () => {
  it('starts queued requests highest priority first', async () => {
    const { clock, scheduler } = setup({ concurrency: 1 });
    const started: string[] = [];
    const blocker = gate();
    void scheduler.run(() => blocker.promise, { priority: 'backfill' });
    const priorities: RequestPriority[] = ['backfill', 'background', 'delta', 'interactive'];
    const runs = priorities.map((p) =>
      scheduler.run(
        async () => {
          started.push(p);
          return p;
        },
        { priority: p },
      ),
    );
    expect(scheduler.stats()).toMatchObject({ queued: 4, inFlight: 1 });
    blocker.resolve('done');
    await clock.settle();
    await Promise.all(runs);
    expect(started).toEqual(['interactive', 'delta', 'background', 'backfill']);
  });

  it('keeps FIFO order within one priority', async () => {
    const { clock, scheduler } = setup({ concurrency: 1 });
    const started: number[] = [];
    const blocker = gate();
    void scheduler.run(() => blocker.promise, { priority: 'delta' });
    const runs = [1, 2, 3, 4, 5].map((n) =>
      scheduler.run(
        async () => {
          started.push(n);
        },
        { priority: 'delta' },
      ),
    );
    blocker.resolve('go');
    await clock.settle();
    await Promise.all(runs);
    expect(started).toEqual([1, 2, 3, 4, 5]);
  });

  it('never runs more than `concurrency` requests at once', async () => {
    const { clock, scheduler } = setup({ concurrency: 2 });
    const gates = [gate(), gate(), gate(), gate()];
    let running = 0;
    let most = 0;
    const runs = gates.map((g) =>
      scheduler.run(
        async () => {
          running++;
          most = Math.max(most, running);
          const v = await g.promise;
          running--;
          return v;
        },
        { priority: 'background' },
      ),
    );
    await clock.settle();
    expect(scheduler.stats()).toMatchObject({ inFlight: 2, queued: 2 });
    for (const g of gates) g.resolve('ok');
    await Promise.all(runs);
    expect(most).toBe(2);
  });

  it('lets every start pass through the limiter, and reports the budget left', async () => {
    const { clock, scheduler } = setup({ limit: 3 });
    const starts: number[] = [];
    const runs = [1, 2, 3, 4, 5].map(() =>
      scheduler.run(
        async () => {
          starts.push(clock.now());
        },
        { priority: 'delta' },
      ),
    );
    await clock.settle();
    expect(starts).toEqual([0, 0, 0]);
    expect(scheduler.stats()).toMatchObject({ queued: 2, budgetLeft: 0 });
    await clock.advance(60_000);
    await Promise.all(runs);
    expect(starts).toEqual([0, 0, 0, 60_000, 60_000]);
  });

  it('waits until the server reset when the server says remaining=0', async () => {
    const { clock, scheduler } = setup();
    scheduler.observeServerBudget({ limit: 100, remaining: 0, resetSeconds: 30 });
    expect(scheduler.stats().budgetLeft).toBe(0);
    const run = track(scheduler.run(async () => clock.now(), { priority: 'interactive' }));
    await clock.advance(29_999);
    expect(run.settled).toBe(false);
    await clock.advance(1);
    expect(run.value).toBe(30_000);
  });
});

describe('RequestScheduler stats', () => {
  it('tells subscribers when the queue, the requests in flight and a pause change', async () => {
    const { clock, scheduler } = setup({ concurrency: 1, limit: 10 });
    const seen: string[] = [];
    const stop = scheduler.subscribe((s) =>
      seen.push(`q${s.queued} f${s.inFlight} b${s.budgetLeft} p${s.pausedUntil ?? '-'}`),
    );
    let first = true;
    const a = scheduler.run(
      async () => {
        if (first) {
          first = false;
          throw http(429, 1_000);
        }
      },
      { priority: 'delta' },
    );
    await clock.advance(1_000);
    await a;
    stop();
    await scheduler.run(async () => undefined, { priority: 'delta' });
    expect(seen).toEqual([
      'q0 f1 b9 p-', // started at once
      'q1 f0 b9 p1000', // 429: back in the queue, everything paused
      'q0 f1 b8 p-', // retried after the pause
      'q0 f0 b8 p-',
    ]);
  });
});

describe('RequestScheduler retries', () => {
  it('on 429 pauses the whole scheduler for Retry-After, then retries the same request', async () => {
    const { clock, scheduler } = setup({ concurrency: 2 });
    const starts: string[] = [];
    let first = true;
    const limited = track(
      scheduler.run(
        async () => {
          starts.push(`A@${clock.now()}`);
          if (first) {
            first = false;
            throw http(429, 5_000);
          }
          return 'A';
        },
        { priority: 'delta' },
      ),
    );
    await clock.settle();
    const other = track(
      scheduler.run(
        async () => {
          starts.push(`B@${clock.now()}`);
          return 'B';
        },
        { priority: 'interactive' },
      ),
    );
    await clock.settle();
    expect(scheduler.stats().pausedUntil).toBe(5_000);
    // What the status bar explains: the queued requests wait 5 s for the rate limit.
    expect(scheduler.rateLimitWaitMs()).toBe(5_000);
    expect(other.settled).toBe(false);
    await clock.advance(5_000);
    expect(limited.value).toBe('A');
    expect(other.value).toBe('B');
    expect(starts).toEqual(['A@0', 'B@5000', 'A@5000']);
    expect(scheduler.stats().pausedUntil).toBeNull();
    expect(scheduler.rateLimitWaitMs()).toBe(0);
  });

  it('does not fail on 429s until the generous cap, then fails as rate_limited', async () => {
    const { clock, scheduler } = setup();
    let attempts = 0;
    const run = track(
      scheduler.run(
        async () => {
          attempts++;
          throw http(429, 1_000);
        },
        { priority: 'delta' },
      ),
    );
    await clock.advance(10_000);
    expect(attempts).toBe(4); // first try + maxRateLimitRetries (3)
    expect((run.error as OpencxApiError).code).toBe('rate_limited');
  });

  it('uses the default pause when a 429 carries no wait', async () => {
    const { clock, scheduler } = setup();
    const starts: number[] = [];
    const run = track(
      scheduler.run(
        async () => {
          starts.push(clock.now());
          if (starts.length === 1) throw http(429);
          return 'ok';
        },
        { priority: 'delta' },
      ),
    );
    await clock.advance(5_000);
    expect(starts).toEqual([0, 2_000]);
    expect(run.value).toBe('ok');
  });

  it('backs off exponentially with full jitter on 5xx, then gives up after maxAttempts', async () => {
    const { clock, scheduler } = setup({ random: 0.5 });
    const starts: number[] = [];
    const run = track(
      scheduler.run(
        async () => {
          starts.push(clock.now());
          throw http(503);
        },
        { priority: 'delta' },
      ),
    );
    await clock.advance(10_000);
    // Waits of 0.5 × 100, 200, 400, 800.
    expect(starts).toEqual([0, 50, 150, 350, 750]);
    expect((run.error as OpencxApiError).code).toBe('server_error');
  });

  it('retries network errors and succeeds once the network is back', async () => {
    const { clock, scheduler } = setup({ random: 0 });
    let attempts = 0;
    const run = track(
      scheduler.run(
        async () => {
          attempts++;
          if (attempts < 3) throw networkError('GET /x', new Error('ECONNRESET'));
          return 'back';
        },
        { priority: 'delta' },
      ),
    );
    await clock.advance(1);
    expect(run.value).toBe('back');
    expect(attempts).toBe(3);
  });

  it.each([400, 401, 403, 404])('does not retry a %i', async (status) => {
    const { clock, scheduler } = setup();
    let attempts = 0;
    const run = track(
      scheduler.run(
        async () => {
          attempts++;
          throw http(status);
        },
        { priority: 'interactive' },
      ),
    );
    await clock.advance(60_000);
    expect(attempts).toBe(1);
    expect((run.error as OpencxApiError).status).toBe(status);
  });

  it('lets other requests run while one backs off, and keeps the retry ahead of newer ones', async () => {
    const { clock, scheduler } = setup({ concurrency: 1, random: 0.999 });
    const order: string[] = [];
    let failed = false;
    const a = scheduler.run(
      async () => {
        order.push(`A@${clock.now()}`);
        if (!failed) {
          failed = true;
          throw http(500);
        }
      },
      { priority: 'delta' },
    );
    await clock.settle();
    const b = scheduler.run(
      async () => {
        order.push(`B@${clock.now()}`);
      },
      { priority: 'delta' },
    );
    await clock.advance(1_000);
    await Promise.all([a, b]);
    expect(order).toEqual(['A@0', 'B@0', 'A@99']);
  });
});

describe('RequestScheduler timeouts and cancellation', () => {
  it('times an attempt out on the injected clock and retries it', async () => {
    const { clock, scheduler } = setup({ random: 0 });
    const signals: AbortSignal[] = [];
    const run = track(
      scheduler.run(
        (signal, attempt) => {
          signals.push(signal);
          // The first attempt hangs and ignores its signal, as a stuck socket might.
          return attempt === 1 ? new Promise<string>(() => undefined) : Promise.resolve('second');
        },
        { priority: 'interactive', timeoutMs: 3_000 },
      ),
    );
    await clock.advance(2_999);
    expect(run.settled).toBe(false);
    await clock.advance(1);
    expect(signals[0]?.aborted).toBe(true);
    expect((signals[0]?.reason as OpencxApiError).kind).toBe('timeout');
    expect(run.value).toBe('second');
  });

  it('fails as offline/timeout when every attempt times out', async () => {
    const { clock, scheduler } = setup({ random: 0 });
    const run = track(
      scheduler.run(() => new Promise<never>(() => undefined), {
        priority: 'delta',
        timeoutMs: 1_000,
        label: 'GET /tags',
      }),
    );
    await clock.advance(10_000);
    const error = run.error as OpencxApiError;
    expect([error.code, error.kind]).toEqual(['offline', 'timeout']);
    expect(error.message).toBe('OpenCX did not answer GET /tags within 1 s.');
  });

  it('removes a cancelled request from the queue at once and never starts it', async () => {
    const { clock, scheduler } = setup({ concurrency: 1 });
    const blocker = gate();
    void scheduler.run(() => blocker.promise, { priority: 'delta' });
    const controller = new AbortController();
    let started = false;
    const run = track(
      scheduler.run(
        async () => {
          started = true;
        },
        { priority: 'delta', signal: controller.signal },
      ),
    );
    expect(scheduler.stats().queued).toBe(1);
    controller.abort();
    expect(scheduler.stats().queued).toBe(0);
    await clock.settle();
    expect((run.error as OpencxApiError).code).toBe('cancelled');
    blocker.resolve('x');
    await clock.settle();
    expect(started).toBe(false);
  });

  it('removes a request waiting to retry when cancelled', async () => {
    const { clock, scheduler } = setup({ random: 0.999 });
    const controller = new AbortController();
    let attempts = 0;
    const run = track(
      scheduler.run(
        async () => {
          attempts++;
          throw http(502);
        },
        { priority: 'delta', signal: controller.signal },
      ),
    );
    await clock.settle();
    expect(scheduler.stats().queued).toBe(1);
    controller.abort();
    await clock.advance(10_000);
    expect(attempts).toBe(1);
    expect((run.error as OpencxApiError).code).toBe('cancelled');
  });

  it('aborts an in-flight attempt through its signal and frees its slot', async () => {
    const { clock, scheduler } = setup({ concurrency: 1 });
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    const run = track(
      scheduler.run(
        (signal) =>
          new Promise<string>((_, reject) => {
            seen = signal;
            signal.addEventListener('abort', () => reject(signal.reason));
          }),
        { priority: 'interactive', signal: controller.signal },
      ),
    );
    await clock.settle();
    expect(scheduler.stats().inFlight).toBe(1);
    controller.abort();
    await clock.settle();
    expect(seen?.aborted).toBe(true);
    expect((run.error as OpencxApiError).code).toBe('cancelled');
    expect(scheduler.stats().inFlight).toBe(0);
    const next = track(scheduler.run(async () => 'next', { priority: 'delta' }));
    await clock.settle();
    expect(next.value).toBe('next');
  });

  it('rejects at once a request whose signal is already aborted', async () => {
    const { scheduler } = setup();
    await expect(
      scheduler.run(async () => 'x', { priority: 'delta', signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('cancels everything on dispose and refuses new work', async () => {
    const { clock, scheduler } = setup({ concurrency: 1 });
    const running = track(scheduler.run(() => gate().promise, { priority: 'delta' }));
    const queued = track(scheduler.run(async () => 'never', { priority: 'delta' }));
    await clock.settle();
    scheduler.dispose();
    await clock.settle();
    expect((running.error as OpencxApiError).code).toBe('cancelled');
    expect((queued.error as OpencxApiError).code).toBe('cancelled');
    await expect(scheduler.run(async () => 1, { priority: 'delta' })).rejects.toMatchObject({
      code: 'cancelled',
    });
  });

  it('refuses an unknown priority', async () => {
    const { scheduler } = setup();
    await expect(
      scheduler.run(async () => 1, { priority: 'urgent' as RequestPriority }),
    ).rejects.toThrow(/priority/);
  });
});
