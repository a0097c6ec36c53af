import { AppError } from '../../../src-shared/contract/app-error';
import type { HistoryEvent } from '../../../src-shared/opencx/history';
import type { OpencxClient } from '../api/opencx-client';
import type { CacheStore } from '../store/cache-store';

/**
 * The transcript of one session, fetched because the user opened it: at 'interactive' priority
 * (ahead of every sync request), stored in the cache (which also sets the session's exact
 * last_message_at), and returned. A session the server no longer has (404) is marked deleted
 * in the cache before the not_found error is passed on.
 */
export async function fetchSessionHistory(
  client: OpencxClient,
  store: CacheStore,
  sessionId: string,
  signal: AbortSignal,
): Promise<HistoryEvent[]> {
  let events: HistoryEvent[];
  try {
    events = await client.getHistory(sessionId, { priority: 'interactive', signal });
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') {
      store.markDeleted([sessionId], new Date().toISOString());
    }
    throw error;
  }
  // The transcript is worth showing even for a session not (or no longer) in the cache.
  if (store.getSession(sessionId) !== null) store.saveHistory(sessionId, events);
  return events;
}
