import type { FilterFieldKey } from '../../../src-shared/filter/filter-fields';
import type { SessionFilter } from '../../../src-shared/filter/session-filter';
import type { CacheReader } from '../store/cache/cache-handles';
import { filterToSql, type SqlValue } from './filter-to-sql';
import { cachedStatement } from './statement-cache';

// Totals and enum facets from the precomputed counts (migrations/cache/004-session-counts): one
// row per combination of the enum columns, kept current by triggers. The table carries the
// sessions columns' names, so a filter made only of these keys runs its own WHERE clause on it.

/** Filter keys whose SQL tests only columns session_counts holds, under the same names. */
export const COUNTED_KEYS = [
  'status',
  'sentiment',
  'ai_closure_type',
  'channels',
  'languages',
  'handed_off',
  'assist_mode',
  'unassigned',
] as const satisfies readonly FilterFieldKey[];

/** The sessions columns session_counts groups by (its facets can be counted there). */
export const COUNTED_COLUMNS: ReadonlySet<string> = new Set([
  's.status',
  's.sentiment',
  's.ai_closure_type',
  's.channel_type',
  's.language',
]);

/** True when every constraint of `filter` can be answered from session_counts. */
export function isCountable(filter: SessionFilter, now: number): boolean {
  const rest: SessionFilter = { ...filter };
  for (const key of COUNTED_KEYS) delete rest[key];
  return filterToSql(rest, now).where === '1';
}

/**
 * How many cached sessions match `filter`, whose SQL is `where` and `params` (filterToSql's,
 * over the alias `s`): summed from session_counts when the filter allows, else counted.
 */
export function countMatching(
  reader: CacheReader,
  filter: SessionFilter,
  now: number,
  where: string,
  params: readonly SqlValue[],
): number {
  const sql = isCountable(filter, now)
    ? `SELECT coalesce(sum(n), 0) FROM session_counts s WHERE ${where}`
    : `SELECT count(*) FROM sessions s WHERE ${where}`;
  return (
    cachedStatement<number>(reader, sql)
      .pluck()
      .get(...params) ?? 0
  );
}

/** How many sessions are cached. */
export function countAll(reader: CacheReader): number {
  return (
    cachedStatement<number>(reader, 'SELECT coalesce(sum(n), 0) FROM session_counts')
      .pluck()
      .get() ?? 0
  );
}
