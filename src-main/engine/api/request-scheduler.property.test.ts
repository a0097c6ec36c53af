import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { httpError } from './api-error';
import { FakeClock } from './clock';
import { SlidingWindowLimiter } from './rate-limiter';
import { REQUEST_PRIORITIES, RequestScheduler } from './request-scheduler';

const LIMIT = 5;
const WINDOW_MS = 1_000;
const CONCURRENCY = 2;

type Outcome = 'ok' | '503' | '429' | 'hang';

const request = fc.record({
  arrivalMs: fc.integer({ min: 0, max: 3_000 }),
  priority: fc.constantFrom(...REQUEST_PRIORITIES),
  // One outcome per attempt; attempts beyond the script succeed.
  script: fc.array(
    fc.record({
      outcome: fc.constantFrom<Outcome>('ok', '503', '429', 'hang'),
      durationMs: fc.integer({ min: 0, max: 300 }),
    }),
    { maxLength: 4 },
  ),
  cancelAtMs: fc.option(fc.integer({ min: 0, max: 5_000 }), { nil: undefined }),
});

function maxInAnyWindow(starts: number[]): number {
  const sorted = [...starts].sort((a, b) => a - b);
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < sorted.length; hi++) {
    while ((sorted[hi] as number) - (sorted[lo] as number) >= WINDOW_MS) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

describe('RequestScheduler under random load', () => {
  it('keeps every window within the limit and the concurrency cap, and settles every request', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: 25 }), async (requests) => {
        const clock = new FakeClock(0);
        const scheduler = new RequestScheduler({
          clock,
          limiter: new SlidingWindowLimiter({ limit: LIMIT, windowMs: WINDOW_MS, clock }),
          concurrency: CONCURRENCY,
          defaultTimeoutMs: 200,
          retryPolicy: {
            maxAttempts: 3,
            baseDelayMs: 50,
            maxDelayMs: 400,
            maxRateLimitRetries: 3,
            random: () => 0.5,
          },
        });
        const starts: number[] = [];
        let inFlight = 0;
        let mostInFlight = 0;
        let settled = 0;

        for (const r of requests) {
          const controller = new AbortController();
          if (r.cancelAtMs !== undefined) {
            void clock.sleep(r.cancelAtMs).then(() => controller.abort());
          }
          void clock.sleep(r.arrivalMs).then(() =>
            scheduler
              .run(
                async (signal, attempt) => {
                  starts.push(clock.now());
                  inFlight++;
                  mostInFlight = Math.max(mostInFlight, inFlight);
                  const step = r.script[attempt - 1] ?? { outcome: 'ok', durationMs: 10 };
                  try {
                    if (step.outcome === 'hang') await clock.sleep(1e9, signal);
                    await clock.sleep(step.durationMs, signal);
                  } finally {
                    inFlight--;
                  }
                  if (step.outcome === '503') {
                    throw httpError({ status: 503, request: 'GET /x', bodyText: '' });
                  }
                  if (step.outcome === '429') {
                    throw httpError({
                      status: 429,
                      request: 'GET /x',
                      bodyText: '',
                      retryAfterMs: 500,
                    });
                  }
                  return attempt;
                },
                { priority: r.priority, signal: controller.signal },
              )
              .then(
                () => settled++,
                () => settled++,
              ),
          );
        }
        await clock.advance(120_000);
        expect(settled).toBe(requests.length);
        expect(maxInAnyWindow(starts)).toBeLessThanOrEqual(LIMIT);
        expect(mostInFlight).toBeLessThanOrEqual(CONCURRENCY);
        expect(scheduler.stats()).toMatchObject({ queued: 0, inFlight: 0 });
      }),
      { numRuns: 60 },
    );
  });
});
