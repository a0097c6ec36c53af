export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the oldest request in the window leaves it and a slot frees (0 when empty). */
  resetSeconds: number;
}

/** A sliding-window log per key: at most `limit` requests in any `windowMs`. */
export class SlidingWindowRateLimiter {
  private readonly log = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly now: () => number,
    private readonly windowMs = 60_000,
  ) {}

  /** Records a request for `key` when allowed; a refused request does not count. */
  take(key: string): RateDecision {
    const now = this.now();
    const times = (this.log.get(key) ?? []).filter((t) => t > now - this.windowMs);
    const allowed = times.length < this.limit;
    if (allowed) times.push(now);
    this.log.set(key, times);
    const oldest = times[0];
    return {
      allowed,
      limit: this.limit,
      remaining: Math.max(0, this.limit - times.length),
      resetSeconds:
        oldest === undefined ? 0 : Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000)),
    };
  }
}
