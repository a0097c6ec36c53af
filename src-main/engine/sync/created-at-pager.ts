import type { ApiFilters } from '../../../src-shared/opencx/filter-request';
import type { Session } from '../../../src-shared/opencx/session';
import type { SyncRequestOptions, SyncSource } from './sync-ports';

export const PAGE_LIMIT = 100;

/** Where a paged walk stands: enough to resume it after a crash. */
export interface PagerPosition {
  /** Inclusive lower bound on created_at for the next request (null: from the beginning). */
  from: string | null;
  /** Page within that window; above 1 only while a run of equal created_at fills whole pages. */
  page: number;
}

export interface PagerStep {
  sessions: Session[];
  next: PagerPosition;
  done: boolean;
}

/**
 * Walks every session matching `filters`, sorted by created_at ascending (design.md: created_at
 * never changes, so updates do not shift pages). Rather than going to deep page numbers, each
 * request moves the window forward with `filters.created_at.from` = the last created_at seen.
 * `from` is inclusive, so sessions sharing that instant are fetched again, never skipped; deep
 * pages are used only when one instant alone fills a page.
 */
export async function* walkByCreatedAt(
  source: SyncSource,
  filters: ApiFilters,
  start: PagerPosition,
  options: SyncRequestOptions,
): AsyncGenerator<PagerStep> {
  let position = start;
  for (;;) {
    options.signal.throwIfAborted();
    const response = await source.filterSessions(
      {
        filters: withCreatedFrom(filters, position.from),
        sort_by: 'created_at',
        sort_order: 'asc',
        page: position.page,
        limit: PAGE_LIMIT,
      },
      options,
    );
    const sessions = response.data;
    const last = sessions.at(-1)?.created_at ?? null;
    if (!response.has_next || last === null) {
      yield { sessions, next: position, done: true };
      return;
    }
    const stuck = position.from !== null && sameInstant(last, position.from);
    position = stuck ? { from: position.from, page: position.page + 1 } : { from: last, page: 1 };
    yield { sessions, next: position, done: false };
  }
}

function withCreatedFrom(filters: ApiFilters, from: string | null): ApiFilters {
  if (from === null) return filters;
  const scopeFrom = filters.created_at?.from;
  const effective = scopeFrom && Date.parse(scopeFrom) > Date.parse(from) ? scopeFrom : from;
  return { ...filters, created_at: { ...filters.created_at, from: effective } };
}

function sameInstant(a: string, b: string): boolean {
  return Date.parse(a) === Date.parse(b);
}
