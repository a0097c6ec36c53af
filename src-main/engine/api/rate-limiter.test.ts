import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FakeClock } from './clock';
import { SlidingWindowLimiter } from './rate-limiter';

/** Largest number of starts inside any half-open window [s, s + windowMs). */
function maxInAnyWindow(starts: number[], windowMs: number): number {
  const sorted = [...starts].sort((a, b) => a - b);
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < sorted.length; hi++) {
    while ((sorted[hi] as number) - (sorted[lo] as number) >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

describe('SlidingWindowLimiter', () => {
  it('lets `limit` requests start at once, then says how long until the oldest leaves the window', () => {
    const clock = new FakeClock(0);
    const limiter = new SlidingWindowLimiter({ limit: 3, windowMs: 60_000, clock });
    expect([limiter.tryReserve(), limiter.tryReserve(), limiter.tryReserve()]).toEqual([0, 0, 0]);
    expect(limiter.budgetLeft()).toBe(0);
    expect(limiter.tryReserve()).toBe(60_000);
    clock.tick(59_999);
    expect(limiter.tryReserve()).toBe(1);
  });

  it('does not pass twice the limit across a window boundary, as a token bucket would', async () => {
    const clock = new FakeClock(0);
    const limiter = new SlidingWindowLimiter({ limit: 100, windowMs: 60_000, clock });
    await clock.advance(59_000);
    for (let i = 0; i < 100; i++) expect(limiter.tryReserve()).toBe(0);
    await clock.advance(2_000); // a fixed-window or bucket refill would allow 100 more here
    expect(limiter.tryReserve()).toBe(58_000);
    expect(limiter.budgetLeft()).toBe(0);
  });

  it('frees one slot at a time as each start ages out', async () => {
    const clock = new FakeClock(0);
    const limiter = new SlidingWindowLimiter({ limit: 2, windowMs: 1_000, clock });
    limiter.tryReserve();
    await clock.advance(300);
    limiter.tryReserve();
    await clock.advance(700);
    expect(limiter.budgetLeft()).toBe(1);
    expect(limiter.tryReserve()).toBe(0);
    expect(limiter.tryReserve()).toBe(300);
  });

  it('waits for the server reset when the server says remaining=0 (another app shares the key)', async () => {
    const clock = new FakeClock(0);
    const limiter = new SlidingWindowLimiter({ limit: 100, windowMs: 60_000, clock });
    limiter.tryReserve();
    limiter.observe({ remaining: 0, resetSeconds: 42 });
    expect(limiter.budgetLeft()).toBe(0);
    expect(limiter.tryReserve()).toBe(42_000);
    await clock.advance(42_000);
    expect(limiter.tryReserve()).toBe(0);
    expect(limiter.budgetLeft()).toBe(98);
  });

  it('spends no more than the server says remain before its reset', async () => {
    const clock = new FakeClock(0);
    const limiter = new SlidingWindowLimiter({ limit: 100, windowMs: 60_000, clock });
    limiter.observe({ remaining: 2, resetSeconds: 10 });
    expect(limiter.budgetLeft()).toBe(2);
    expect([limiter.tryReserve(), limiter.tryReserve()]).toEqual([0, 0]);
    expect(limiter.tryReserve()).toBe(10_000);
  });

  it('ignores a server answer that carries no remaining count', () => {
    const clock = new FakeClock(0);
    const limiter = new SlidingWindowLimiter({ limit: 5, windowMs: 60_000, clock });
    limiter.observe({ remaining: null, resetSeconds: 30 });
    expect(limiter.budgetLeft()).toBe(5);
    expect(limiter.tryReserve()).toBe(0);
  });

  it('rejects a limit that is not a positive integer', () => {
    const clock = new FakeClock(0);
    expect(() => new SlidingWindowLimiter({ limit: 0, windowMs: 1, clock })).toThrow(/limit/);
    expect(() => new SlidingWindowLimiter({ limit: 1, windowMs: 0, clock })).toThrow(/windowMs/);
  });

  it('never lets any window hold more than the limit, whatever the arrival pattern', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 5_000 }),
        fc.array(fc.integer({ min: 0, max: 3_000 }), { minLength: 1, maxLength: 200 }),
        (limit, windowMs, gaps) => {
          const clock = new FakeClock(0);
          const limiter = new SlidingWindowLimiter({ limit, windowMs, clock });
          const starts: number[] = [];
          for (const gap of gaps) {
            clock.tick(gap);
            // A caller that keeps asking until allowed, as the scheduler does.
            let wait = limiter.tryReserve();
            while (wait > 0) {
              clock.tick(wait);
              wait = limiter.tryReserve();
            }
            starts.push(clock.now());
          }
          expect(maxInAnyWindow(starts, windowMs)).toBeLessThanOrEqual(limit);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never admits a start the budget did not have, even with the server word mixed in', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({
              kind: fc.constant('wait' as const),
              ms: fc.integer({ min: 0, max: 40_000 }),
            }),
            fc.record({ kind: fc.constant('start' as const) }),
            fc.record({
              kind: fc.constant('observe' as const),
              remaining: fc.integer({ min: 0, max: 100 }),
              resetSeconds: fc.integer({ min: 0, max: 60 }),
            }),
          ),
          { maxLength: 400 },
        ),
        (steps) => {
          const clock = new FakeClock(0);
          const limiter = new SlidingWindowLimiter({ limit: 10, windowMs: 60_000, clock });
          const starts: number[] = [];
          for (const step of steps) {
            if (step.kind === 'wait') clock.tick(step.ms);
            if (step.kind === 'observe') limiter.observe(step);
            if (step.kind === 'start') {
              const budget = limiter.budgetLeft();
              const wait = limiter.tryReserve();
              expect(wait === 0).toBe(budget > 0);
              if (wait === 0) starts.push(clock.now());
            }
          }
          expect(maxInAnyWindow(starts, 60_000)).toBeLessThanOrEqual(10);
        },
      ),
      { numRuns: 200 },
    );
  });
});
