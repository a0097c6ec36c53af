import { describe, expect, it } from 'vitest';
import { SlidingWindowRateLimiter } from './rate-limiter';

describe('SlidingWindowRateLimiter', () => {
  it('allows the limit within any 60 s window, then refuses until the oldest request leaves it', () => {
    let now = 1_000_000;
    const limiter = new SlidingWindowRateLimiter(3, () => now);
    expect(limiter.take('a')).toEqual({ allowed: true, limit: 3, remaining: 2, resetSeconds: 60 });
    now += 10_000;
    limiter.take('a');
    now += 10_000;
    expect(limiter.take('a')).toMatchObject({ allowed: true, remaining: 0, resetSeconds: 40 });
    expect(limiter.take('a')).toMatchObject({ allowed: false, remaining: 0, resetSeconds: 40 });
    now += 39_999;
    expect(limiter.take('a').allowed).toBe(false);
    now += 1;
    expect(limiter.take('a')).toMatchObject({ allowed: true, remaining: 0, resetSeconds: 10 });
  });

  it('keeps a separate window per key', () => {
    const limiter = new SlidingWindowRateLimiter(1, () => 0);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
    expect(limiter.take('b').allowed).toBe(true);
  });
});
