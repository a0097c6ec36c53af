import { AppError } from '../../../src-shared/contract/app-error';
import type { ContractHandlers } from '../contract/dispatcher';
import type { IndexedQueries } from '../query/column-index/indexed-queries';
import { countViews } from '../query/view-counts';
import type { CacheReads } from '../store/cache/cache-reads';
import type { UserStore } from '../store/user-store';

type ViewChannels =
  | 'views.list'
  | 'views.save'
  | 'views.delete'
  | 'views.restore'
  | 'views.reorder'
  | 'views.counts'
  | 'workspace.load'
  | 'workspace.save';

/**
 * Saved views and the current query of the active account: in the user database, so they
 * survive any damage to an account's cache; counted in the account's cache.
 */
export function viewHandlers(
  users: UserStore,
  accountId: () => string | null,
  cache: () => CacheReads | null,
  now: () => number,
  indexed: () => IndexedQueries | null = () => null,
): Pick<ContractHandlers, ViewChannels> {
  const account = (): string => {
    const id = accountId();
    if (!id) throw new AppError('no_token', 'Add an OpenCX account to keep views.');
    return id;
  };
  const answer = <T>(work: () => T): Promise<T> => {
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(error as Error);
    }
  };
  return {
    'views.list': () => answer(() => (accountId() ? users.views.list(account()) : [])),
    'views.save': (input) => answer(() => users.views.save(account(), input)),
    'views.delete': (input) => answer(() => ({ deleted: users.views.delete(account(), input.id) })),
    'views.restore': (input) => answer(() => users.views.restore(account(), input)),
    'views.reorder': (input) => answer(() => users.views.reorder(account(), input.ids)),
    'views.counts': () =>
      answer(() => {
        const id = accountId();
        const reads = cache();
        if (!id || !reads) return { counts: {}, skipped: [], elapsed_ms: 0 };
        const views = users.views.list(id);
        return indexed()?.viewCounts(views, now()) ?? countViews(reads.reader, views, now());
      }),
    'workspace.load': () =>
      answer(() => {
        const id = accountId();
        return { workspace: id ? users.views.workspace(id) : null };
      }),
    'workspace.save': (input) =>
      answer(() => {
        const id = accountId();
        if (!id) return { saved: false };
        users.views.saveWorkspace(id, input);
        return { saved: true };
      }),
  };
}
