import { AppError } from '../../../src-shared/contract/app-error';
import type { SessionsPage } from '../../../src-shared/contract/results';
import type { ContractHandlers } from '../contract/dispatcher';
import { facetCounts } from '../query/facets';
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
): SessionReadHandlers {
  return {
    'sessions.list': (input) => {
      const reads = cache();
      return Promise.resolve(reads ? querySessions(reads.reader, input, now()) : EMPTY_PAGE);
    },
    'sessions.ids': (input) => {
      const reads = cache();
      return Promise.resolve(
        reads ? querySessionIds(reads.reader, input, now()) : { ids: [], total: 0 },
      );
    },
    'sessions.get': (input) => {
      const session = cache()?.getSession(input.id);
      if (!session) {
        return Promise.reject(
          new AppError('not_found', `No cached session has the id ${input.id}.`),
        );
      }
      return Promise.resolve(session);
    },
    'sessions.facets': (input) => {
      const reads = cache();
      return Promise.resolve(
        reads
          ? withAssigneeNames(reads.reader, facetCounts(reads.reader, input.filter, now()), now())
          : { facets: {}, skipped: [], elapsed_ms: 0 },
      );
    },
  };
}
