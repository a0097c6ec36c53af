import type { z } from 'zod';
import { AppError } from '../../../src-shared/contract/app-error';
import {
  FILTER_FIELD_KEYS,
  FILTER_FIELDS,
  type ApiFilterFieldKey,
  type FilterField,
} from '../../../src-shared/filter/filter-fields';
import { NO_SENTIMENT } from '../../../src-shared/filter/filter-limits';
import { resolveRelativeRange } from '../../../src-shared/filter/resolve-relative-range';
import {
  SessionFilterSchema,
  isRelativeRange,
  type DateRangeFilter,
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
// extensions are resolved or dropped in one place before a request"): the service's requests
// and the sync's paged walks (toApiFiltersInWindow) both go through here. Which keys exist and
// which are local-only comes from the filter-field table; wire names from api-assumptions.ts.

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
/** The table's keys less the local-only ones are exactly the API's `filters` keys. */
type _SentKeysAreTheApiKeys = Assert<Same<ApiFilterFieldKey, keyof ApiFilters>>;

/** A range with a relative one resolved against `now`: absolute instants only. */
function absoluteRange(range: DateRangeFilter, now: Date): ApiDateRange {
  if (!isRelativeRange(range)) return range;
  const { from, to } = resolveRelativeRange(range, now.getTime());
  return {
    from: new Date(from).toISOString(),
    ...(to !== null ? { to: new Date(to).toISOString() } : {}),
  };
}

/**
 * The sentiment list as the API can take it. The API cannot ask for a missing sentiment (a null
 * sentiment matches no list there), so a list with the local `none` is not sent at all: the API
 * answers a superset, which the cache narrows.
 */
function apiSentiment(list: readonly string[]): readonly string[] | undefined {
  return list.includes(NO_SENTIMENT) ? undefined : list;
}

function toApiRange(range: DateRangeFilter, now: Date): Record<string, string> | undefined {
  const absolute = absoluteRange(range, now);
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
 * The API's `filters` for `filter`: relative date ranges resolved against `now` into `{from, to}`
 * instants, the local-only full-text `q` and a sentiment list holding the local `none` dropped, empty lists and empty objects dropped (they
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
  for (const key of FILTER_FIELD_KEYS) {
    const field: FilterField = FILTER_FIELDS[key];
    const value = f[key];
    // Local-only keys (full-text `q`) run on the cache only and are never sent.
    if (value === undefined || field.localOnly) continue;
    const sent =
      field.kind === 'date_range'
        ? toApiRange(value as DateRangeFilter, now)
        : key === 'sentiment'
          ? apiSentiment(value as readonly string[])
          : value;
    if (sent === undefined) continue;
    if (Array.isArray(sent) && sent.length === 0) continue;
    if (typeof sent === 'object' && sent !== null && Object.keys(sent).length === 0) continue;
    out[API_FILTER_KEYS[key as ApiFilterFieldKey]] = sent;
  }
  return out as ApiFilters;
}

/** A window on created_at: `from` inclusive, `to` exclusive; null leaves that side open. */
export interface CreatedWindow {
  from: string | null;
  to: string | null;
}

/**
 * The API's `filters` for `scope` narrowed to `window` on created_at: the later of the two
 * `from`s and the earlier of the two `to`s (on a tie, the window's). This is how the sync's
 * paged walks move through a scope without deep page numbers (sync/created-at-pager.ts).
 */
export function toApiFiltersInWindow(
  scope: SessionFilter,
  window: CreatedWindow,
  now: Date,
): ApiFilters {
  const created = scope.created_at === undefined ? {} : absoluteRange(scope.created_at, now);
  const from = pick(created.from, window.from, (scoped, own) => scoped > own);
  const to = pick(created.to, window.to, (scoped, own) => scoped < own);
  const narrowed: SessionFilter = { ...scope };
  if (from !== undefined || to !== undefined) {
    narrowed.created_at = {
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
    };
  }
  return toApiFilters(narrowed, now);
}

/** The scope's bound where it is tighter (`tighter` on epoch ms), else the window's. */
function pick(
  scoped: string | undefined,
  own: string | null,
  tighter: (scoped: number, own: number) => boolean,
): string | undefined {
  if (own === null) return scoped;
  if (scoped === undefined) return own;
  return tighter(Date.parse(scoped), Date.parse(own)) ? scoped : own;
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
