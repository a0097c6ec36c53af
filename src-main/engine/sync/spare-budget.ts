import type { RequestScheduler } from '../api/request-scheduler';

/** Share of the rate limit that background work leaves for the user and the delta. */
export const DEFAULT_RESERVE_SHARE = 0.2;

const POLL_MS = 250;

/**
 * True when a background request would spend only spare budget: nothing is queued (so nothing
 * of higher priority waits), no 429 pause holds, and more than `reserveShare` of the window's
 * limit is still left.
 */
export function hasSpareBudget(scheduler: RequestScheduler, reserveShare: number): boolean {
  const stats = scheduler.stats();
  return (
    stats.queued === 0 &&
    stats.pausedUntil === null &&
    stats.budgetLeft > reserveShare * scheduler.limiter.limit
  );
}

/** Waits, on the scheduler's clock, until hasSpareBudget; rejects when `signal` aborts. */
export async function waitForSpareBudget(
  scheduler: RequestScheduler,
  signal: AbortSignal,
  reserveShare = DEFAULT_RESERVE_SHARE,
): Promise<void> {
  signal.throwIfAborted();
  while (!hasSpareBudget(scheduler, reserveShare)) {
    await scheduler.clock.sleep(POLL_MS, signal);
  }
}
