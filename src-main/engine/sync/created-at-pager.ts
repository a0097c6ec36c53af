import type { SessionFilter } from '../../../src-shared/filter/session-filter';
import type { SortOrder } from '../../../src-shared/opencx/enums';
import type { Session } from '../../../src-shared/opencx/session';
import { toApiFiltersInWindow, type CreatedWindow } from '../api/filter-to-api';
import type { SessionRef } from '../api/session-ref-page';
import type { CreatedAtPageRequest, SyncRequestOptions, SyncSource } from './sync-ports';

export const PAGE_LIMIT = 100;

/** Where an oldest-first walk stands: enough to resume it after a crash. */
export interface OldestFirstPosition {
  /** Inclusive lower bound on created_at for the next request (null: the scope's own). */
  from: string | null;
  /** Page within that window; above 1 only while a run of equal created_at fills whole pages. */
  page: number;
}

/** Where a newest-first walk stands: enough to resume it after a crash. */
export interface NewestFirstPosition {
  /** Exclusive upper bound on created_at for the next request (null: the scope's own). */
  before: string | null;
  /** Page within that window; above 1 only while one instant fills whole pages. */
  page: number;
}

export interface PagerStep<P, T = Session> {
  sessions: T[];
  next: P;
  done: boolean;
}

/** Which way a walk goes through created_at, and how its position reads and moves. */
export interface PagerDirection<P> {
  order: SortOrder;
  /** The bound a position has moved the window to, or null at the start. */
  bound(position: P): string | null;
  at(bound: string | null, page: number): P;
  /** The window a bound leaves to fetch. */
  window(bound: string | null): CreatedWindow;
  /** The bound that keeps the last session of a full page (created at `last`) in the window. */
  boundAfter(last: string): string;
}

/**
 * Oldest first (design.md: created_at never changes, so updates do not shift pages): the window
 * moves up with an inclusive `created_at.from` = the last created_at seen.
 */
export const OLDEST_FIRST: PagerDirection<OldestFirstPosition> = {
  order: 'asc',
  bound: (position) => position.from,
  at: (from, page) => ({ from, page }),
  window: (from) => ({ from, to: null }),
  boundAfter: (last) => last,
};

/**
 * Newest first, so a backfill brings the most recent of the older sessions in first: the window
 * moves down with an exclusive `created_at.to` = one millisecond after the oldest created_at seen.
 */
export const NEWEST_FIRST: PagerDirection<NewestFirstPosition> = {
  order: 'desc',
  bound: (position) => position.before,
  at: (before, page) => ({ before, page }),
  window: (before) => ({ from: null, to: before }),
  boundAfter: (oldest) => new Date(Date.parse(oldest) + 1).toISOString(),
};

/**
 * Walks every session matching `scope`, sorted by created_at in `direction`. Rather than going
 * to deep page numbers, each request moves the window past the last created_at seen; the bound
 * keeps that instant in the window, so sessions sharing it are fetched again, never skipped.
 * Deep pages are used only when one instant alone fills a page. Each request's filters come
 * from toApiFiltersInWindow (api/filter-to-api.ts), the one place filters become the API body;
 * relative ranges in `scope` resolve against the moment the walk starts.
 */
export function walkCreatedAt<P extends { page: number }>(
  source: SyncSource,
  direction: PagerDirection<P>,
  scope: SessionFilter,
  start: P,
  options: SyncRequestOptions,
): AsyncGenerator<PagerStep<P>> {
  const fetchPage = (request: CreatedAtPageRequest, opts: SyncRequestOptions) =>
    source.filterSessions(request, opts);
  return walkCreatedAtWith(fetchPage, direction, scope, start, options);
}

/** walkCreatedAt reading only the ids and created_at of the sessions (for walks that store nothing). */
export function walkSessionRefs<P extends { page: number }>(
  source: SyncSource,
  direction: PagerDirection<P>,
  scope: SessionFilter,
  start: P,
  options: SyncRequestOptions,
): AsyncGenerator<PagerStep<P, SessionRef>> {
  const fetchPage = (request: CreatedAtPageRequest, opts: SyncRequestOptions) =>
    source.filterSessionRefs(request, opts);
  return walkCreatedAtWith(fetchPage, direction, scope, start, options);
}

async function* walkCreatedAtWith<P extends { page: number }, T extends { created_at: string }>(
  fetchPage: (
    request: CreatedAtPageRequest,
    options: SyncRequestOptions,
  ) => Promise<{ data: T[]; has_next: boolean }>,
  direction: PagerDirection<P>,
  scope: SessionFilter,
  start: P,
  options: SyncRequestOptions,
): AsyncGenerator<PagerStep<P, T>> {
  const startedAt = new Date();
  // Async, so that an abort surfaces where the page is awaited, after the page before is handed over.
  const request = async (at: P) => {
    options.signal.throwIfAborted();
    return fetchPage(
      {
        filters: toApiFiltersInWindow(scope, direction.window(direction.bound(at)), startedAt),
        sort_by: 'created_at',
        sort_order: direction.order,
        page: at.page,
        limit: PAGE_LIMIT,
      },
      options,
    );
  };
  let position = start;
  let pending = request(position);
  for (;;) {
    const response = await pending;
    const sessions = response.data;
    const last = sessions.at(-1)?.created_at ?? null;
    if (!response.has_next || last === null) {
      yield { sessions, next: position, done: true };
      return;
    }
    const bound = direction.boundAfter(last);
    const current = direction.bound(position);
    position =
      current !== null && Date.parse(current) === Date.parse(bound)
        ? direction.at(current, position.page + 1)
        : direction.at(bound, 1);
    // The next page is asked for before this one is handed over: the server prepares it while
    // the caller stores this one (a sync costs about the slower of the two, not their sum). A
    // failure surfaces when the caller asks for that page.
    pending = request(position);
    pending.catch(() => undefined);
    yield { sessions, next: position, done: false };
  }
}
