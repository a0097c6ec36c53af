import { z } from 'zod';
import { ApiDateRangeSchema, ApiFiltersSchema } from '../opencx/filter-request';
import { BOUNDED_FILTER_FIELDS } from './filter-limits';

// The one filter model (design.md): the object the filter panel edits, the object the query
// engine turns into SQL, and — less its local-only parts — the API's `filters`. It is the API's
// `filters` plus three local extensions: full-text `q`, relative date ranges ("last 7 days",
// "yesterday"), and `none` in the sentiment list (sessions without a sentiment), which the API
// cannot ask for (filter-limits.ts).

export const RELATIVE_UNITS = ['hours', 'days', 'weeks'] as const;

/** Calendar periods, resolved in the time zone saved with them (resolve-relative-range.ts). */
export const CALENDAR_PERIODS = [
  'today',
  'yesterday',
  'this_week',
  'this_month',
  'last_month',
] as const;

/** An IANA time zone name this computer knows (`Europe/Paris`, `UTC`). */
export const TimeZoneSchema = z
  .string()
  .min(1)
  .max(100)
  .refine(isKnownTimeZone, { error: 'is not a time zone this computer knows' });

/** "The last N hours/days/weeks" up to now: a rolling window, the same in every time zone. */
export const WithinLastRangeSchema = z.strictObject({
  within_last: z.strictObject({
    amount: z.number().int().min(1).max(36500),
    unit: z.enum(RELATIVE_UNITS),
  }),
});

/**
 * A calendar period ("yesterday", "this month") in the IANA time zone of whoever chose it, so a
 * saved view means the same days wherever and whenever it is evaluated.
 */
export const CalendarRangeSchema = z.strictObject({
  calendar: z.strictObject({
    period: z.enum(CALENDAR_PERIODS),
    time_zone: TimeZoneSchema,
  }),
});

export const RelativeDateRangeSchema = z.union([WithinLastRangeSchema, CalendarRangeSchema]);

export const DateRangeFilterSchema = z.union([ApiDateRangeSchema, RelativeDateRangeSchema]);

export const SessionFilterSchema = ApiFiltersSchema.extend({
  // Every list and map bounded (filter-limits.ts): a filter SQLite cannot run is refused here.
  ...BOUNDED_FILTER_FIELDS,
  created_at: DateRangeFilterSchema.optional(),
  updated_at: DateRangeFilterSchema.optional(),
  last_message_at: DateRangeFilterSchema.optional(),
  q: z.string().max(500).optional(),
});

export type WithinLastRange = z.infer<typeof WithinLastRangeSchema>;
export type CalendarRange = z.infer<typeof CalendarRangeSchema>;
export type CalendarPeriod = (typeof CALENDAR_PERIODS)[number];
export type RelativeDateRange = z.infer<typeof RelativeDateRangeSchema>;
export type DateRangeFilter = z.infer<typeof DateRangeFilterSchema>;
export type SessionFilter = z.infer<typeof SessionFilterSchema>;

export function isRelativeRange(range: DateRangeFilter): range is RelativeDateRange {
  return 'within_last' in range || 'calendar' in range;
}

function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
