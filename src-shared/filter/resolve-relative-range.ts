import type { RelativeDateRange } from './session-filter';

// "Last N days" resolved once for everyone: the query engine (epoch ms against the cache) and
// the API mapping (an ISO instant in the request body). Plain data and a function, no zod, so
// any layer may run it.

/**
 * Milliseconds per relative unit. "Last 7 days" means the last 7 × 24 hours up to now, not
 * calendar days in some time zone: the API speaks UTC instants, and the cache must resolve the
 * same range the same way.
 */
export const RELATIVE_UNIT_MS: Record<RelativeDateRange['within_last']['unit'], number> = {
  hours: 3_600_000,
  days: 86_400_000,
  weeks: 604_800_000,
};

/** The instant (epoch ms) a relative range starts, against `nowMs`; it runs up to now. */
export function relativeRangeStart(range: RelativeDateRange, nowMs: number): number {
  const { amount, unit } = range.within_last;
  return nowMs - amount * RELATIVE_UNIT_MS[unit];
}
