import type { ApiFilters } from '../../../src-shared/opencx/filter-request';
import type { Session } from '../../../src-shared/opencx/session';
import { PAGE_LIMIT } from './created-at-pager';
import type { SyncRequestOptions, SyncSource } from './sync-ports';

/** Where a newest-first walk stands: enough to resume it after a crash. */
export interface NewestFirstPosition {
  /** Exclusive upper bound on created_at for the next request (null: none). */
  before: string | null;
  /** Page within that window; above 1 only while one instant fills whole pages. */
  page: number;
}

export interface NewestFirstStep {
  sessions: Session[];
  next: NewestFirstPosition;
  done: boolean;
}

/**
 * Walks every session matching `filters` newest first (created_at descending), so a backfill
 * brings the most recent of the older sessions in first. Mirror of walkByCreatedAt: each request
 * moves the window down with `filters.created_at.to` = one millisecond after the oldest
 * created_at seen. `to` is exclusive, so sessions sharing that instant are fetched again, never
 * skipped; deep pages are used only when one instant alone fills a page.
 */
export async function* walkNewestFirst(
  source: SyncSource,
  filters: ApiFilters,
  start: NewestFirstPosition,
  options: SyncRequestOptions,
): AsyncGenerator<NewestFirstStep> {
  let position = start;
  for (;;) {
    options.signal.throwIfAborted();
    const response = await source.filterSessions(
      {
        filters: withCreatedBefore(filters, position.before),
        sort_by: 'created_at',
        sort_order: 'desc',
        page: position.page,
        limit: PAGE_LIMIT,
      },
      options,
    );
    const sessions = response.data;
    const oldest = sessions.at(-1)?.created_at ?? null;
    if (!response.has_next || oldest === null) {
      yield { sessions, next: position, done: true };
      return;
    }
    const before = new Date(Date.parse(oldest) + 1).toISOString();
    const stuck = position.before !== null && Date.parse(position.before) === Date.parse(before);
    position = stuck ? { before: position.before, page: position.page + 1 } : { before, page: 1 };
    yield { sessions, next: position, done: false };
  }
}

function withCreatedBefore(filters: ApiFilters, before: string | null): ApiFilters {
  if (before === null) return filters;
  const scopeTo = filters.created_at?.to;
  const effective = scopeTo && Date.parse(scopeTo) < Date.parse(before) ? scopeTo : before;
  return { ...filters, created_at: { ...filters.created_at, to: effective } };
}
