import { AppError } from '../../../src-shared/contract/app-error';
import type { SessionsPage } from '../../../src-shared/contract/results';
import type { ContractHandlers } from '../contract/dispatcher';
import type { IndexedQueries } from '../query/column-index/indexed-queries';
import { facetCounts } from '../query/facets';
import { facetCountsOffThread, type FacetWorker } from '../query/facets-off-thread';
import { withAssigneeNames } from '../query/facet-labels';
import { querySessionIds } from '../query/session-ids';
import { querySessions } from '../query/session-query';
import type { CacheReads } from '../store/cache/cache-reads';

export type SessionReadHandlers = Pick<
  ContractHandlers,
  'sessions.list' | 'sessions.ids' | 'sessions.get' | 'sessions.facets'
>;

const EMPTY_PAGE: SessionsPage = {
  items: [],
  total: 0,
  next_cursor: null,
  sorted_by: 'updated_at',
};

/**
 * The session channels, answered from a cache's read interface only: the desktop app and the web
 * host serve them from the open account's cache, the CLI from a read-only opening of --db. Without
 * a cache (no account yet) there is nothing to list.
 */
export function sessionReadHandlers(
  cache: () => CacheReads | null,
  now: () => number,
  indexed: () => IndexedQueries | null = () => null,
  facetWorker: () => FacetWorker | null = () => null,
): SessionReadHandlers {
  // The in-memory column index answers while it holds the cache's current snapshot; SQLite
  // answers otherwise (while it loads, while a sync writes), with the same answer.
  const answer = <T>(work: () => T): Promise<T> => {
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(error as Error);
    }
  };
  return {
    'sessions.list': (input) =>
      answer(() => {
        const reads = cache();
        if (!reads) return EMPTY_PAGE;
        return indexed()?.list(input, now()) ?? querySessions(reads.reader, input, now());
      }),
    'sessions.ids': (input) =>
      answer(() => {
        const reads = cache();
        if (!reads) return { ids: [], total: 0 };
        return indexed()?.ids(input, now()) ?? querySessionIds(reads.reader, input, now());
      }),
    'sessions.get': (input) => {
      const session = cache()?.getSession(input.id);
      if (!session) {
        return Promise.reject(
          new AppError('not_found', `No cached session has the id ${input.id}.`),
        );
      }
      return Promise.resolve(session);
    },
    'sessions.facets': async (input) => {
      const none = { facets: {}, skipped: [], elapsed_ms: 0 };
      const reads = cache();
      if (!reads) return none;
      const worker = facetWorker();
      try {
        // Without the index, SQLite counts: on a worker's connection when there is one, so that
        // the engine's thread answers other calls (a list) meanwhile (facets-off-thread.ts).
        const counts =
          indexed()?.facets(input.filter, now()) ??
          (worker
            ? await facetCountsOffThread(worker, input.filter, now(), {
                answeredElsewhere: () => indexed()?.facets(input.filter, now()) ?? null,
              })
            : facetCounts(reads.reader, input.filter, now()));
        // The account's cache closed meanwhile (another account opened): nothing to count.
        if (cache() !== reads) return none;
        return withAssigneeNames(reads.reader, counts);
      } catch (error) {
        if (cache() !== reads) return none;
        throw error;
      }
    },
  };
}
