// Every name the client uses that OpenCX's public reference does NOT document lives here
// (opencx-api.md: "keep every assumed name in ONE mapping module"), so correcting one when the
// real API turns out different is a change to this file only. Documented names (paths, query
// parameters of GET /chat/sessions and /history, the body keys sort_by/sort_order/page/limit,
// the Retry-After header) are used where they are needed.

import type { HeaderReader } from './http-fetch';
import type { ApiFilters } from '../../../src-shared/opencx/filter-request';

/**
 * ASSUMED: the keys inside the filter body's `filters` object. The app's filter model uses the
 * same names as its keys (left), and this table says what each is called on the wire (right).
 */
export const API_FILTER_KEYS = {
  created_at: 'created_at',
  updated_at: 'updated_at',
  last_message_at: 'last_message_at',
  status: 'status',
  sentiment: 'sentiment',
  ai_closure_type: 'ai_closure_type',
  channels: 'channels',
  tags: 'tags',
  assignee_ids: 'assignee_ids',
  unassigned: 'unassigned',
  team_ids: 'team_ids',
  contact_ids: 'contact_ids',
  languages: 'languages',
  handed_off: 'handed_off',
  assist_mode: 'assist_mode',
  custom_data: 'custom_data',
} as const satisfies { [K in keyof ApiFilters]-?: keyof ApiFilters };

/** ASSUMED: the date-range bounds inside a date filter: `from` inclusive, `to` exclusive. */
export const API_RANGE_FROM = 'from';
export const API_RANGE_TO = 'to';

/** ASSUMED: the rate-limit headers OpenCX sends alongside its documented 100 requests/minute. */
export const RATE_LIMIT_HEADERS = {
  limit: 'x-ratelimit-limit',
  remaining: 'x-ratelimit-remaining',
  reset: 'x-ratelimit-reset',
} as const;

/** Documented: the standard HTTP header a 429 carries. */
export const RETRY_AFTER_HEADER = 'retry-after';

/** Documented: 100 requests per minute for standard endpoints. */
export const DOCUMENTED_RATE_LIMIT = { limit: 100, windowMs: 60_000 } as const;

/**
 * ASSUMED: `x-ratelimit-reset` counts seconds until the window frees up. Some APIs send an epoch
 * timestamp instead; a value that can only be an epoch (after the year 2001) is read as one.
 */
const EPOCH_SECONDS_THRESHOLD = 1_000_000_000;

export interface ServerRateLimit {
  limit: number | null;
  remaining: number | null;
  /** Seconds from now until the server's window frees up. */
  resetSeconds: number | null;
}

function headerNumber(headers: HeaderReader, name: string): number | null {
  const raw = headers.get(name);
  if (raw === null || raw.trim() === '') return null;
  const value = Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : null;
}

export function readRateLimitHeaders(headers: HeaderReader, nowMs: number): ServerRateLimit {
  let resetSeconds = headerNumber(headers, RATE_LIMIT_HEADERS.reset);
  if (resetSeconds !== null && resetSeconds >= EPOCH_SECONDS_THRESHOLD) {
    resetSeconds = Math.max(0, resetSeconds - nowMs / 1000);
  }
  return {
    limit: headerNumber(headers, RATE_LIMIT_HEADERS.limit),
    remaining: headerNumber(headers, RATE_LIMIT_HEADERS.remaining),
    resetSeconds,
  };
}

/** Retry-After as milliseconds from now: delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function readRetryAfterMs(headers: HeaderReader, nowMs: number): number | null {
  const raw = headers.get(RETRY_AFTER_HEADER);
  if (raw === null || raw.trim() === '') return null;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : null;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}
