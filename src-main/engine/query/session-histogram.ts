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
import { NO_SENTIMENT } from '../../../src-shared/filter/filter-limits';
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

export interface HistogramOptions {
  /**
   * 'hourly': sum the per-hour counts kept by the cache (session_hour_counts), for a chart along
   * created_at whose filter constrains only status, sentiment, channel and created_at;
   * 'rows': group the matching sessions themselves. Default: hourly whenever it can answer.
   */
  strategy?: 'hourly' | 'rows';
  /**
   * The matching sessions already at hand (the in-memory column index): span and counts come
   * from them instead of SQL. The filter is still the one they match.
   */
  matched?: MatchedRows;
}

/** Matching sessions held elsewhere, asked what the chart needs of them. */
export interface MatchedRows {
  /** The least and greatest value of a date column among them; null when none matches. */
  span(column: string): { lo: number; hi: number } | null;
  /** (bucket, stacking value, count) for them, bucket = trunc((date - origin) / width). */
  cells(column: string, stack: string, buckets: { origin: number; width: number }): Cells;
}

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
  options: HistogramOptions = {},
): SessionHistogram {
  const started = performance.now();
  const filter = parseOrThrow(SessionFilterSchema, query.filter, 'filter');
  const matched = options.matched;
  const hourly =
    !matched &&
    (options.strategy === 'hourly' ||
      (options.strategy === undefined && hourlyCanAnswer(filter, query.field, now)));

  return readSnapshot(reader, () => {
    const bounds = declaredBounds(filter, query.field, now);
    let from = bounds.from;
    let to = bounds.to;
    if (from === null || to === null) {
      const seen = matched
        ? matched.span(DATE_COLUMNS[query.field])
        : hourly
          ? hourlySpan(reader, filter)
          : rowSpan(reader, filter, DATE_COLUMNS[query.field], now);
      if (seen === null) return empty(query, performance.now() - started);
      from ??= seen.lo;
      // An open end runs to now for a relative range ("last 7 days"), else to the last session.
      to ??= Math.max(seen.hi + 1, bounds.openEndIsNow ? now : 0);
    }
    to = Math.max(to, from + 1);

    const unit = unitFor(to - from);
    const width = UNIT_MS[unit];
    let origin = bucketOrigin(from, unit, query.time_zone);
    // The hourly counts start on whole UTC hours (local midnights are, in whole-hour zones).
    if (hourly) origin = Math.floor(origin / UNIT_MS.hour) * UNIT_MS.hour;
    const cells: Cells = [];
    if (matched) {
      cells.push(
        ...matched.cells(DATE_COLUMNS[query.field], STACK_COLUMNS[query.stack_by], {
          origin,
          width,
        }),
      );
    } else if (hourly) {
      countHourly(reader, filter, query.stack_by, { origin, width, from, to }, now, cells);
    } else {
      countRows(reader, filter, query, { origin, width }, now, null, cells);
    }

    let buckets = Math.ceil((to - origin) / width);
    for (const cell of cells) buckets = Math.max(buckets, cell.b + 1);
    const starts = Array.from({ length: buckets }, (_, index) => origin + index * width);
    const byValue = new Map<string | null, number[]>();
    let total = 0;
    for (const cell of cells) {
      if (cell.n === 0) continue;
      let counts = byValue.get(cell.v);
      if (!counts) {
        counts = new Array<number>(buckets).fill(0);
        byValue.set(cell.v, counts);
      }
      const at = Math.max(0, cell.b);
      counts[at] = (counts[at] ?? 0) + cell.n;
      total += cell.n;
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

/** (bucket, stacking value, count) triples, in any order; a pair may come more than once. */
export type Cells = { b: number; v: string | null; n: number }[];

interface Buckets {
  origin: number;
  width: number;
}

/** The keys the hourly counts hold (besides the hour): what such a filter may constrain. */
const HOURLY_KEYS = ['status', 'sentiment', 'channels', 'created_at'] as const;

function hourlyCanAnswer(filter: SessionFilter, field: DateFilterKey, now: number): boolean {
  if (field !== 'created_at') return false;
  const rest: SessionFilter = { ...filter };
  for (const key of HOURLY_KEYS) delete rest[key];
  return filterToSql(rest, now).where === '1';
}

/** The hourly counts' WHERE for the filter's status, sentiment and channel lists. */
function hourlyWhere(filter: SessionFilter): { where: string; params: string[] } {
  const clauses: string[] = [];
  const params: string[] = [];
  const list = (column: string, values: readonly string[] | undefined) => {
    if (!values || values.length === 0) return;
    clauses.push(`${column} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  list('status', filter.status);
  // No sentiment is stored as '' there; the filter's local `none` asks for it.
  list(
    'sentiment',
    filter.sentiment?.map((value) => (value === NO_SENTIMENT ? '' : value)),
  );
  list('channel_type', filter.channels);
  return { where: clauses.length > 0 ? clauses.join(' AND ') : '1', params };
}

const HOURLY_STACK: Record<HistogramStack, string> = {
  status: 'status',
  sentiment: "nullif(sentiment, '')",
  channel: 'channel_type',
};

/** The first and the last hour with a matching session, as instants; null when none matches. */
function hourlySpan(reader: CacheReader, filter: SessionFilter): { lo: number; hi: number } | null {
  const { where, params } = hourlyWhere(filter);
  const edge = (order: 'ASC' | 'DESC') =>
    cachedStatement<number>(
      reader,
      `SELECT hour FROM session_hour_counts WHERE n > 0 AND ${where} ORDER BY hour ${order} LIMIT 1`,
    )
      .pluck()
      .get(...params);
  const first = edge('ASC');
  const last = edge('DESC');
  if (first === undefined || last === undefined) return null;
  return { lo: first * UNIT_MS.hour, hi: (last + 1) * UNIT_MS.hour - 1 };
}

/** The first and the last matching session's `column`; null when none matches. */
function rowSpan(
  reader: CacheReader,
  filter: SessionFilter,
  column: string,
  now: number,
): { lo: number; hi: number } | null {
  const { where, params } = filterToSql(filter, now);
  // Two statements: each of min() and max() alone can read one end of an index.
  const lo = cachedStatement<number | null>(
    reader,
    `SELECT min(${column}) FROM sessions s WHERE ${where}`,
  )
    .pluck()
    .get(...params);
  const hi = cachedStatement<number | null>(
    reader,
    `SELECT max(${column}) FROM sessions s WHERE ${where}`,
  )
    .pluck()
    .get(...params);
  if (lo === null || lo === undefined || hi === null || hi === undefined) return null;
  return { lo, hi };
}

/**
 * Groups the matching sessions themselves by bucket and stacking value; `within` narrows them
 * to [from, to) of the date column (the partial hours at the edges of an hourly count).
 */
function countRows(
  reader: CacheReader,
  filter: SessionFilter,
  query: HistogramQuery,
  { origin, width }: Buckets,
  now: number,
  within: { from: number; to: number } | null,
  cells: Cells,
): void {
  const column = DATE_COLUMNS[query.field];
  const stack = STACK_COLUMNS[query.stack_by];
  const { where, params } = filterToSql(filter, now);
  const narrow = within ? ` AND ${column} >= ? AND ${column} < ?` : '';
  const rows = cachedStatement<{ b: number; v: string | null; n: number }>(
    reader,
    `SELECT CAST((${column} - ?) / ? AS INTEGER) AS b, ${stack} AS v, count(*) AS n
     FROM sessions s WHERE ${where}${narrow}
     GROUP BY b, v`,
  ).all(origin, width, ...params, ...(within ? [within.from, within.to] : []));
  cells.push(...rows);
}

/**
 * Sums the hourly counts of the whole hours inside [from, to), bucket by bucket, and counts the
 * sessions of the partial hours at either edge from the sessions themselves.
 */
function countHourly(
  reader: CacheReader,
  filter: SessionFilter,
  stackBy: HistogramStack,
  span: Buckets & { from: number; to: number },
  now: number,
  cells: Cells,
): void {
  const hour = UNIT_MS.hour;
  const firstHour = Math.ceil(span.from / hour);
  const endHour = Math.floor(span.to / hour);
  const edges: { from: number; to: number }[] = [];
  if (firstHour >= endHour) {
    edges.push({ from: span.from, to: span.to });
  } else {
    if (span.from < firstHour * hour) edges.push({ from: span.from, to: firstHour * hour });
    if (endHour * hour < span.to) edges.push({ from: endHour * hour, to: span.to });
    sumHourly(reader, filter, stackBy, span, firstHour, endHour, cells);
  }
  const query = { filter, field: 'created_at' as const, stack_by: stackBy, time_zone: 'UTC' };
  for (const edge of edges) countRows(reader, filter, query, span, now, edge, cells);
}

/** The stacking column in session_counts (004), whose few rows list every value there is. */
const COUNTS_STACK: Record<HistogramStack, string> = {
  status: 'status',
  sentiment: "coalesce(sentiment, '')",
  channel: 'channel_type',
};
const HOURLY_STACK_COLUMN: Record<HistogramStack, string> = {
  status: 'status',
  sentiment: 'sentiment',
  channel: 'channel_type',
};

/**
 * The hourly counts of hours [firstHour, endHour), summed bucket by bucket with one sum per
 * stacking value (listed from session_counts): range reads of the hour key without sorting
 * hundreds of thousands of rows, as one GROUP BY over them would.
 */
function sumHourly(
  reader: CacheReader,
  filter: SessionFilter,
  stackBy: HistogramStack,
  { origin, width }: Buckets,
  firstHour: number,
  endHour: number,
  cells: Cells,
): void {
  const hour = UNIT_MS.hour;
  const values = cachedStatement<string>(
    reader,
    `SELECT DISTINCT ${COUNTS_STACK[stackBy]} FROM session_counts WHERE n > 0`,
  )
    .pluck()
    .all();
  const column = HOURLY_STACK_COLUMN[stackBy];
  const { where, params } = hourlyWhere(filter);
  const sums = cachedStatement<number[]>(
    reader,
    `SELECT total(n)${values.map(() => `, total(iif(${column} = ?, n, 0))`).join('')}
     FROM session_hour_counts WHERE hour >= ? AND hour < ? AND ${where}`,
  ).raw(true);
  const perBucket = width / hour;
  const firstBucket = Math.floor((firstHour * hour - origin) / width);
  for (let b = firstBucket; ; b++) {
    const lo = Math.max(firstHour, origin / hour + b * perBucket);
    const hi = Math.min(endHour, origin / hour + (b + 1) * perBucket);
    if (lo >= endHour) break;
    if (hi <= lo) continue;
    const row = sums.get(...values, lo, hi, ...params) ?? [];
    const [total = 0, ...byValue] = row;
    let listed = 0;
    values.forEach((value, i) => {
      const n = byValue[i] ?? 0;
      listed += n;
      cells.push({ b, v: stackBy === 'sentiment' && value === '' ? null : value, n });
    });
    if (listed !== total) {
      // A value session_counts does not list (it is kept exact, so this should not happen):
      // count this bucket by grouping instead.
      cells.splice(cells.length - values.length);
      cells.push(
        ...cachedStatement<{ v: string | null; n: number }>(
          reader,
          `SELECT ${HOURLY_STACK[stackBy]} AS v, sum(n) AS n FROM session_hour_counts
           WHERE hour >= ? AND hour < ? AND ${where} GROUP BY v`,
        )
          .all(lo, hi, ...params)
          .map((cell) => ({ b, ...cell })),
      );
    }
  }
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
