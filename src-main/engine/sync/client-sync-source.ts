import type { OpencxClient } from '../api/opencx-client';
import type { RequestScheduler } from '../api/request-scheduler';
import { DEFAULT_RESERVE_SHARE, waitForSpareBudget } from './spare-budget';
import type { SyncSource } from './sync-ports';

/** The sync engine's view of the API: the typed client, and the scheduler's remaining budget. */
export function clientSyncSource(
  client: OpencxClient,
  scheduler: RequestScheduler,
  options: { reserveShare?: number } = {},
): SyncSource {
  const reserve = options.reserveShare ?? DEFAULT_RESERVE_SHARE;
  return {
    filterSessions: (request, opts) => client.filterSessions(request, opts),
    filterSessionRefs: (request, opts) => client.filterSessionRefs(request, opts),
    listTags: (opts) => client.listTags(opts),
    budgetLeft: () => scheduler.stats().budgetLeft,
    waitForSpareBudget: (signal) => waitForSpareBudget(scheduler, signal, reserve),
  };
}
