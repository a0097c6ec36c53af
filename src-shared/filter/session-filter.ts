import { z } from 'zod';
import { ApiDateRangeSchema, ApiFiltersSchema } from '../opencx/filter-request';
import { BOUNDED_FILTER_FIELDS } from './filter-limits';

// The one filter model (design.md): the object the filter panel edits, the object the query
// engine turns into SQL, and — less its local-only parts — the API's `filters`. It is the API's
// `filters` plus two local extensions: full-text `q` and relative date ranges.

export const RELATIVE_UNITS = ['hours', 'days', 'weeks'] as const;

export const RelativeDateRangeSchema = z.strictObject({
  within_last: z.strictObject({
    amount: z.number().int().min(1).max(36500),
    unit: z.enum(RELATIVE_UNITS),
  }),
});

export const DateRangeFilterSchema = z.union([ApiDateRangeSchema, RelativeDateRangeSchema]);

export const SessionFilterSchema = ApiFiltersSchema.extend({
  // Every list and map bounded (filter-limits.ts): a filter SQLite cannot run is refused here.
  ...BOUNDED_FILTER_FIELDS,
  created_at: DateRangeFilterSchema.optional(),
  updated_at: DateRangeFilterSchema.optional(),
  last_message_at: DateRangeFilterSchema.optional(),
  q: z.string().max(500).optional(),
});

export type RelativeDateRange = z.infer<typeof RelativeDateRangeSchema>;
export type DateRangeFilter = z.infer<typeof DateRangeFilterSchema>;
export type SessionFilter = z.infer<typeof SessionFilterSchema>;

export function isRelativeRange(range: DateRangeFilter): range is RelativeDateRange {
  return 'within_last' in range;
}
