import type { FilterFieldKey } from '../../../src-shared/filter/filter-fields';
import type { SessionFilter } from '../../../src-shared/filter/session-filter';
import type { CacheReader } from '../store/cache/cache-handles';
import { FILTER_COLUMNS, type FilterColumnSql } from './filter-columns';
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
 * over the alias `s`): summed from session_counts when the filter allows; for a filter made only
 * of side-table tests (tags, custom data, full text), the intersection of their row-id sets,
 * without touching the sessions table; else counted.
 */
export function countMatching(
  reader: CacheReader,
  filter: SessionFilter,
  now: number,
  where: string,
  params: readonly SqlValue[],
): number {
  if (isCountable(filter, now)) {
    return count(reader, `SELECT coalesce(sum(n), 0) FROM session_counts s WHERE ${where}`, params);
  }
  const sets = memberSets(filter, now);
  if (sets) return count(reader, sets.sql, sets.params);
  return count(reader, `SELECT count(*) FROM sessions s WHERE ${where}`, params);
}

function count(reader: CacheReader, sql: string, params: readonly SqlValue[]): number {
  return (
    cachedStatement<number>(reader, sql)
      .pluck()
      .get(...params) ?? 0
  );
}

/** A clause `s.rid IN (subquery)`: a test of membership in a side table. */
const MEMBERSHIP = /^s\.rid IN \((SELECT [^;]*)\)$/;

/**
 * When every clause of `filter` is a membership test (FILTER_COLUMNS' tags, custom_data and q),
 * the count of the intersection of their row-id sets. Each set holds cached sessions only (side
 * rows go with their session), so no session row is read: at a million sessions, probing the
 * sessions table for each member costs 100–300 ms, merging sorted id lists a few.
 */
function memberSets(
  filter: SessionFilter,
  now: number,
): { sql: string; params: SqlValue[] } | null {
  const selects: string[] = [];
  const params: SqlValue[] = [];
  for (const [key, spec] of Object.entries(FILTER_COLUMNS) as [
    keyof SessionFilter,
    FilterColumnSql<unknown>,
  ][]) {
    const value = filter[key];
    if (value === undefined) continue;
    for (const clause of spec.where(value, now)) {
      const match = MEMBERSHIP.exec(clause.sql);
      if (!match?.[1]) return null;
      selects.push(match[1]);
      params.push(...clause.params);
    }
  }
  const [only] = selects;
  if (only === undefined) return null;
  // One set: full text lists each row once; a list of tags may list a session once per tag.
  const sets =
    selects.length > 1
      ? selects.join(' INTERSECT ')
      : only.startsWith('SELECT rowid FROM session_fts ')
        ? only
        : `SELECT DISTINCT * FROM (${only})`;
  return { sql: `SELECT count(*) FROM (${sets})`, params };
}

/** How many sessions are cached. */
export function countAll(reader: CacheReader): number {
  return (
    cachedStatement<number>(reader, 'SELECT coalesce(sum(n), 0) FROM session_counts')
      .pluck()
      .get() ?? 0
  );
}
