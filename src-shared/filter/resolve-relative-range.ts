import type {
  CalendarPeriod,
  CalendarRange,
  RelativeDateRange,
  WithinLastRange,
} from './session-filter';

// Relative ranges resolved once for everyone: the query engine (epoch ms against the cache), the
// API mapping (ISO instants in the request body) and the page (chips, the chart's axis). Plain
// data and functions, no zod, so any layer may run them (the renderer included:
// scripts/layers/layer-table.js lists this module).

/**
 * Milliseconds per relative unit. "Last 7 days" means the last 7 × 24 hours up to now, not
 * calendar days in some time zone: the API speaks UTC instants, and the cache must resolve the
 * same range the same way.
 */
export const RELATIVE_UNIT_MS: Record<WithinLastRange['within_last']['unit'], number> = {
  hours: 3_600_000,
  days: 86_400_000,
  weeks: 604_800_000,
};

/** A relative range at one moment: `from <= t < to`, epoch ms; `to` null runs up to now. */
export interface ResolvedRange {
  from: number;
  to: number | null;
}

/**
 * The instants `range` covers at `nowMs`. A rolling window runs from `amount × unit` ago up to
 * now; a calendar period runs between local midnights in its time zone (today and "this …"
 * up to now; yesterday and last month up to the start of today and of this month).
 */
export function resolveRelativeRange(range: RelativeDateRange, nowMs: number): ResolvedRange {
  if ('within_last' in range) {
    const { amount, unit } = range.within_last;
    return { from: nowMs - amount * RELATIVE_UNIT_MS[unit], to: null };
  }
  return resolveCalendar(range, nowMs);
}

/** The instant (epoch ms) a relative range starts, against `nowMs`. */
export function relativeRangeStart(range: RelativeDateRange, nowMs: number): number {
  return resolveRelativeRange(range, nowMs).from;
}

function resolveCalendar({ calendar }: CalendarRange, nowMs: number): ResolvedRange {
  const zone = calendar.time_zone;
  const today = localDate(nowMs, zone);
  const midnight = (date: LocalDate) => zonedMidnight(date, zone);
  const period: CalendarPeriod = calendar.period;
  switch (period) {
    case 'today':
      return { from: midnight(today), to: null };
    case 'yesterday':
      return { from: midnight(addDays(today, -1)), to: midnight(today) };
    case 'this_week':
      return { from: midnight(mondayOf(today)), to: null };
    case 'this_month':
      return { from: midnight({ ...today, d: 1 }), to: null };
    case 'last_month': {
      const first = { ...today, d: 1 };
      const previous = addDays(first, -1);
      return { from: midnight({ ...previous, d: 1 }), to: midnight(first) };
    }
  }
}

interface LocalDate {
  y: number;
  /** 1–12 */
  m: number;
  d: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function format(zone: string): Intl.DateTimeFormat {
  let found = formats.get(zone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(zone, found);
  }
  return found;
}

/** The wall-clock reading in `zone` at instant `ms`, as if it were UTC (epoch ms). */
function wallClock(ms: number, zone: string): number {
  const parts: Record<string, number> = {};
  for (const part of format(zone).formatToParts(ms)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
}

/** How far `zone` is ahead of UTC at instant `ms`. */
function offsetAt(ms: number, zone: string): number {
  return wallClock(ms, zone) - Math.floor(ms / 1000) * 1000;
}

function localDate(ms: number, zone: string): LocalDate {
  const wall = new Date(wallClock(ms, zone));
  return { y: wall.getUTCFullYear(), m: wall.getUTCMonth() + 1, d: wall.getUTCDate() };
}

/** The Monday (weeks start on Monday, ISO 8601) of the week holding `date`. */
function mondayOf(date: LocalDate): LocalDate {
  const weekday = (new Date(Date.UTC(date.y, date.m - 1, date.d)).getUTCDay() + 6) % 7;
  return addDays(date, -weekday);
}

function addDays(date: LocalDate, days: number): LocalDate {
  const moved = new Date(Date.UTC(date.y, date.m - 1, date.d + days));
  return { y: moved.getUTCFullYear(), m: moved.getUTCMonth() + 1, d: moved.getUTCDate() };
}

/** The instant local midnight begins `date` in `zone` (the offset checked at that instant). */
export function zonedMidnight(date: LocalDate, zone: string): number {
  const asUtc = Date.UTC(date.y, date.m - 1, date.d);
  let instant = asUtc - offsetAt(asUtc, zone);
  const corrected = asUtc - offsetAt(instant, zone);
  if (corrected !== instant) instant = corrected;
  return instant;
}

/** Local midnight at or before instant `ms` in `zone`. */
export function startOfLocalDay(ms: number, zone: string): number {
  return zonedMidnight(localDate(ms, zone), zone);
}

/** Local midnight starting the week (Monday) that holds instant `ms` in `zone`. */
export function startOfLocalWeek(ms: number, zone: string): number {
  return zonedMidnight(mondayOf(localDate(ms, zone)), zone);
}
