import type { z } from 'zod';
import { AppError } from '../../../src-shared/contract/app-error';
import {
  SessionFilterSchema,
  isRelativeRange,
  type DateRangeFilter,
  type RelativeDateRange,
  type SessionFilter,
} from '../../../src-shared/filter/session-filter';
import type { ApiSortField, SortOrder } from '../../../src-shared/opencx/enums';
import type {
  ApiDateRange,
  ApiFilters,
  FilterRequest,
} from '../../../src-shared/opencx/filter-request';
import { API_FILTER_KEYS, API_RANGE_FROM, API_RANGE_TO } from './api-assumptions';

// THE place where the app's filter model becomes the API's `filters` (design.md: "Local-only
// extensions are resolved or dropped in one place before a request"). Wire names come from
// api-assumptions.ts.

const UNIT_MS: Record<RelativeDateRange['within_last']['unit'], number> = {
  hours: 3_600_000,
  // "Last 7 days" means the last 7 × 24 hours up to now, not calendar days in some time zone:
  // the API speaks UTC instants, and the cache resolves the same range the same way.
  days: 86_400_000,
  weeks: 604_800_000,
};

/** The instant a relative range starts, against `now`. */
export function resolveRelativeRange(range: RelativeDateRange, now: Date): ApiDateRange {
  const { amount, unit } = range.within_last;
  return { from: new Date(now.getTime() - amount * UNIT_MS[unit]).toISOString() };
}

function toApiRange(range: DateRangeFilter, now: Date): Record<string, string> | undefined {
  const absolute = isRelativeRange(range) ? resolveRelativeRange(range, now) : range;
  const out: Record<string, string> = {};
  if (absolute.from !== undefined) out[API_RANGE_FROM] = absolute.from;
  if (absolute.to !== undefined) out[API_RANGE_TO] = absolute.to;
  return Object.keys(out).length > 0 ? out : undefined;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join('.');
  return path === '' ? issue.message : `${path}: ${issue.message}`;
}

/**
 * The API's `filters` for `filter`: relative date ranges resolved against `now` into `{from}`
 * instants, the local-only full-text `q` dropped, empty lists and empty objects dropped (they
 * mean "no constraint" either way, and an empty object is noise in logs and request bodies).
 */
export function toApiFilters(filter: SessionFilter, now: Date): ApiFilters {
  const parsed = SessionFilterSchema.safeParse(filter);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new AppError(
      'invalid_input',
      `The session filter is invalid${first ? ` at ${describeIssue(first)}` : ''}.`,
    );
  }
  if (Number.isNaN(now.getTime())) {
    throw new AppError('invalid_input', 'The reference time for relative dates is invalid.');
  }
  const f = parsed.data;
  const out: Record<string, unknown> = {};
  const put = (key: keyof typeof API_FILTER_KEYS, value: unknown): void => {
    if (value === undefined) return;
    if (Array.isArray(value) && value.length === 0) return;
    if (typeof value === 'object' && value !== null && Object.keys(value).length === 0) return;
    out[API_FILTER_KEYS[key]] = value;
  };

  for (const key of ['created_at', 'updated_at', 'last_message_at'] as const) {
    const range = f[key];
    if (range !== undefined) put(key, toApiRange(range, now));
  }
  put('status', f.status);
  put('sentiment', f.sentiment);
  put('ai_closure_type', f.ai_closure_type);
  put('channels', f.channels);
  put('tags', f.tags);
  put('assignee_ids', f.assignee_ids);
  put('unassigned', f.unassigned);
  put('team_ids', f.team_ids);
  put('contact_ids', f.contact_ids);
  put('languages', f.languages);
  put('handed_off', f.handed_off);
  put('assist_mode', f.assist_mode);
  put('custom_data', f.custom_data);
  // `q` is deliberately not mapped: full-text search runs on the local cache only.
  return out as ApiFilters;
}

export interface FilterPaging {
  sortBy: ApiSortField;
  sortOrder: SortOrder;
  /** 1-based. */
  page: number;
  /** 1–100. */
  limit: number;
}

/** The whole body of POST /chat/sessions/filter. */
export function toFilterRequest(
  filter: SessionFilter,
  paging: FilterPaging,
  now: Date,
): FilterRequest {
  if (!Number.isInteger(paging.page) || paging.page < 1) {
    throw new AppError('invalid_input', `page must be an integer ≥ 1, got ${paging.page}.`);
  }
  if (!Number.isInteger(paging.limit) || paging.limit < 1 || paging.limit > 100) {
    throw new AppError('invalid_input', `limit must be an integer 1–100, got ${paging.limit}.`);
  }
  return {
    filters: toApiFilters(filter, now),
    sort_by: paging.sortBy,
    sort_order: paging.sortOrder,
    page: paging.page,
    limit: paging.limit,
  };
}
