import type {
  HistogramStack,
  HistogramUnit,
  SessionHistogram,
} from '../../../src-shared/contract/results';
import type { DateFilterKey } from '../../../src-shared/filter/filter-fields';
import {
  resolveRelativeRange,
  startOfLocalDay,
  startOfLocalWeek,
} from '../../../src-shared/filter/resolve-relative-range';
import {
  SessionFilterSchema,
  isRelativeRange,
  type SessionFilter,
} from '../../../src-shared/filter/session-filter';
import { readSnapshot, type CacheReader } from '../store/cache/cache-handles';
import { filterToSql } from './filter-to-sql';
import { parseOrThrow } from './parse-or-throw';
import { cachedStatement } from './statement-cache';

// The chart above the list: sessions over time for a filter, counted in SQL. One GROUP BY over
// the matching rows gives (bucket, stacking value, count); the page only draws what comes back.

export interface HistogramQuery {
  filter: SessionFilter;
  /** The date the sessions are counted along. */
  field: DateFilterKey;
  stack_by: HistogramStack;
  /** IANA zone whose midnights start the day and week buckets. */
  time_zone: string;
}

/** The columns each date field and each stacking reads (as filter-columns.ts tests them). */
const DATE_COLUMNS: Record<DateFilterKey, string> = {
  created_at: 's.created_at_ms',
  updated_at: 's.updated_at_ms',
  last_message_at: 's.sort_last_ms',
};
const STACK_COLUMNS: Record<HistogramStack, string> = {
  status: 's.status',
  sentiment: 's.sentiment',
  channel: 's.channel_type',
};

export const UNIT_MS: Record<HistogramUnit, number> = {
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
};

/** The most buckets a unit may make before the next larger unit is used. */
const MAX_BUCKETS = 100;

/**
 * Counts the sessions matching `query.filter` per bucket of `query.field`, stacked by
 * `query.stack_by`. The span is the filter's range on that field where it has one (a relative
 * range resolved against `now`), else the first to the last matching session; the unit is the
 * smallest of hour, day and week that fits the span in MAX_BUCKETS. Every matching session is in
 * exactly one bucket, so the series add up to the list's total.
 */
export function sessionHistogram(
  reader: CacheReader,
  query: HistogramQuery,
  now: number,
): SessionHistogram {
  const started = performance.now();
  const filter = parseOrThrow(SessionFilterSchema, query.filter, 'filter');
  const column = DATE_COLUMNS[query.field];
  const stack = STACK_COLUMNS[query.stack_by];
  const { where, params } = filterToSql(filter, now);

  return readSnapshot(reader, () => {
    const bounds = declaredBounds(filter, query.field, now);
    let from = bounds.from;
    let to = bounds.to;
    if (from === null || to === null) {
      const seen = cachedStatement<{ lo: number | null; hi: number | null }>(
        reader,
        `SELECT min(${column}) AS lo, max(${column}) AS hi FROM sessions s WHERE ${where}`,
      ).get(...params);
      if (!seen || seen.lo === null || seen.hi === null) {
        return empty(query, performance.now() - started);
      }
      from ??= seen.lo;
      // An open end runs to now for a relative range ("last 7 days"), else to the last session.
      to ??= Math.max(seen.hi + 1, bounds.openEndIsNow ? now : 0);
    }
    to = Math.max(to, from + 1);

    const unit = unitFor(to - from);
    const width = UNIT_MS[unit];
    const origin = bucketOrigin(from, unit, query.time_zone);
    const rows = cachedStatement<{ b: number; v: string | null; n: number }>(
      reader,
      `SELECT CAST((${column} - ?) / ? AS INTEGER) AS b, ${stack} AS v, count(*) AS n
       FROM sessions s WHERE ${where}
       GROUP BY b, v`,
    ).all(origin, width, ...params);

    let buckets = Math.ceil((to - origin) / width);
    for (const row of rows) buckets = Math.max(buckets, row.b + 1);
    const starts = Array.from({ length: buckets }, (_, index) => origin + index * width);
    const byValue = new Map<string | null, number[]>();
    let total = 0;
    for (const row of rows) {
      let counts = byValue.get(row.v);
      if (!counts) {
        counts = new Array<number>(buckets).fill(0);
        byValue.set(row.v, counts);
      }
      counts[Math.max(0, row.b)] = (counts[Math.max(0, row.b)] ?? 0) + row.n;
      total += row.n;
    }
    const series = [...byValue]
      .map(([value, counts]) => ({ value, counts, sum: counts.reduce((a, b) => a + b, 0) }))
      .sort((a, b) => b.sum - a.sum || String(a.value).localeCompare(String(b.value)))
      .map(({ value, counts }) => ({ value, counts }));
    return {
      field: query.field,
      stack_by: query.stack_by,
      unit,
      starts,
      series,
      total,
      elapsed_ms: performance.now() - started,
    };
  });
}

function empty(query: HistogramQuery, elapsed: number): SessionHistogram {
  return {
    field: query.field,
    stack_by: query.stack_by,
    unit: 'day',
    starts: [],
    series: [],
    total: 0,
    elapsed_ms: elapsed,
  };
}

/** The filter's own bounds on `field`, epoch ms; null where it sets none. */
function declaredBounds(
  filter: SessionFilter,
  field: DateFilterKey,
  now: number,
): { from: number | null; to: number | null; openEndIsNow: boolean } {
  const range = filter[field];
  if (!range) return { from: null, to: null, openEndIsNow: false };
  if (isRelativeRange(range)) {
    const resolved = resolveRelativeRange(range, now);
    return { from: resolved.from, to: resolved.to, openEndIsNow: true };
  }
  return {
    from: range.from !== undefined ? Date.parse(range.from) : null,
    to: range.to !== undefined ? Date.parse(range.to) : null,
    openEndIsNow: false,
  };
}

/** The smallest unit that fits `span` in MAX_BUCKETS buckets (weeks for anything longer). */
export function unitFor(span: number): HistogramUnit {
  if (span <= MAX_BUCKETS * UNIT_MS.hour) return 'hour';
  if (span <= MAX_BUCKETS * UNIT_MS.day) return 'day';
  return 'week';
}

/**
 * Where the first bucket starts: the hour, the local midnight or the local Monday at or before
 * `from`. Buckets are fixed-width from there (a daylight-saving change shifts later day
 * boundaries by its hour, which the chart can live with).
 */
export function bucketOrigin(from: number, unit: HistogramUnit, timeZone: string): number {
  const midnight = startOfLocalDay(from, timeZone);
  if (unit === 'hour')
    return midnight + Math.floor((from - midnight) / UNIT_MS.hour) * UNIT_MS.hour;
  if (unit === 'day') return midnight;
  return startOfLocalWeek(from, timeZone);
}
