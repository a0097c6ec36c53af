import type { ViewCounts } from '../../../src-shared/contract/results';
import { SessionFilterSchema, type SessionFilter } from '../../../src-shared/filter/session-filter';
import { readSnapshot, type CacheReader } from '../store/cache/cache-handles';
import { filterToSql } from './filter-to-sql';
import { countMatching } from './session-counts';

export interface ViewCountOptions {
  /** Stop starting new counts once this much time has passed. Default 100 ms (the facets' budget). */
  budgetMs?: number;
  /** Monotonic milliseconds; injectable so tests can run out of budget deterministically. */
  clock?: () => number;
}

/**
 * How many cached sessions each saved view shows now (relative dates resolved against `now`),
 * in the views' order, from one snapshot, until the time budget is spent: the rest are listed as
 * skipped. A view whose stored filter no longer validates counts as skipped too.
 */
export function countViews(
  reader: CacheReader,
  views: readonly { id: string; filter: SessionFilter }[],
  now: number,
  options: ViewCountOptions = {},
): ViewCounts {
  const clock = options.clock ?? (() => performance.now());
  const budget = options.budgetMs ?? 100;
  const started = clock();
  return readSnapshot(reader, () => {
    const counts: Record<string, number> = {};
    const skipped: string[] = [];
    for (const view of views) {
      const filter = SessionFilterSchema.safeParse(view.filter);
      if (!filter.success || clock() - started >= budget) {
        skipped.push(view.id);
        continue;
      }
      const { where, params } = filterToSql(filter.data, now);
      // The list's own count: from the precomputed counts where the filter allows.
      counts[view.id] = countMatching(reader, filter.data, now, where, params);
    }
    return { counts, skipped, elapsed_ms: clock() - started };
  });
}
