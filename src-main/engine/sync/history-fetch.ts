import type { OpencxClient } from '../api/opencx-client';
import type { CacheStore } from '../store/cache-store';
import { forEachConcurrently } from './concurrent-each';

const AT_ONCE = 4;

export interface HistoryFetchResult {
  fetched: number;
  failed: number;
}

/**
 * Fetches transcripts for sessions whose cached copy is missing or older than the session, the
 * most recently updated first, at background priority so it never delays what a user waits for.
 */
export async function fetchStaleHistories(
  client: OpencxClient,
  store: CacheStore,
  options: { signal: AbortSignal; limit?: number; onProgress?: (done: number) => void },
): Promise<HistoryFetchResult> {
  const result: HistoryFetchResult = { fetched: 0, failed: 0 };
  const batchSize = 50;
  const attempted = new Set<string>();
  let remaining = options.limit ?? Number.POSITIVE_INFINITY;
  while (remaining > 0) {
    options.signal.throwIfAborted();
    const batch = store
      .sessionsNeedingHistory(batchSize + attempted.size)
      .filter((candidate) => !attempted.has(candidate.id))
      .slice(0, Math.min(batchSize, remaining));
    if (batch.length === 0) break;
    // As many at once as the scheduler runs; more would only queue (and pile listeners on the signal).
    await forEachConcurrently(batch, AT_ONCE, async ({ id }) => {
      attempted.add(id);
      try {
        const events = await client.getHistory(id, {
          priority: 'background',
          signal: options.signal,
        });
        store.saveHistory(id, events);
        result.fetched += 1;
      } catch (error) {
        if (options.signal.aborted) throw error;
        result.failed += 1;
      }
    });
    remaining -= batch.length;
    options.onProgress?.(result.fetched);
  }
  return result;
}
