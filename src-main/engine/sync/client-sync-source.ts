import type { OpencxClient } from '../api/opencx-client';
import type { RequestScheduler } from '../api/request-scheduler';
import type { SyncSource } from './sync-ports';

/** The sync engine's view of the API: the typed client, and the scheduler's remaining budget. */
export function clientSyncSource(client: OpencxClient, scheduler: RequestScheduler): SyncSource {
  return {
    filterSessions: (request, options) => client.filterSessions(request, options),
    listTags: (options) => client.listTags(options),
    budgetLeft: () => scheduler.stats().budgetLeft,
  };
}
