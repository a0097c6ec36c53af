import type { SyncProgress } from '../../../src-shared/contract/results';
import type { OpencxClient } from '../api/opencx-client';
import type { RequestScheduler } from '../api/request-scheduler';
import type { CacheStore } from '../store/cache-store';
import { DEFAULT_RESERVE_SHARE, waitForSpareBudget } from './spare-budget';

export interface HistoryPrefetchOptions {
  signal: AbortSignal;
  /** Only sessions updated within this many days (default 30). */
  maxAgeDays?: number;
  /** At most this many transcripts (default: every candidate). */
  limit?: number;
  /** Share of the rate limit left untouched for the user and the delta (default 0.2). */
  reserveShare?: number;
  now?: () => number;
  onProgress?: (progress: SyncProgress) => void;
}

export interface HistoryPrefetchResult {
  fetched: number;
  failed: number;
  /** False when cancelled before every candidate was tried. */
  complete: boolean;
}

const DAY_MS = 86_400_000;
const BATCH = 50;

/**
 * Background prefetch of transcripts for recently changed sessions whose cached copy is missing
 * or stale, newest change first. It spends only spare budget: before each transcript it waits
 * until nothing else is queued and more than the reserve of the rate limit is left, and its
 * requests go at 'background' priority. One transcript at a time, so a user's request never
 * waits behind a burst. Cancelling the signal stops it between (or during) requests; what was
 * saved stays saved. A transcript that fails is skipped until the next prefetch.
 */
export async function prefetchHistories(
  client: OpencxClient,
  scheduler: RequestScheduler,
  store: CacheStore,
  options: HistoryPrefetchOptions,
): Promise<HistoryPrefetchResult> {
  const now = options.now ?? (() => Date.now());
  const since = now() - (options.maxAgeDays ?? 30) * DAY_MS;
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const result: HistoryPrefetchResult = { fetched: 0, failed: 0, complete: false };
  const attempted = new Set<string>();
  const startedAt = now();
  let total = countCandidates(store, since, limit);
  const report = () => {
    const done = result.fetched + result.failed;
    const elapsed = now() - startedAt;
    options.onProgress?.({
      phase: 'history',
      pages: done,
      sessions: result.fetched,
      requests_left: scheduler.stats().budgetLeft,
      eta_ms: done > 0 && total > done ? Math.round((elapsed / done) * (total - done)) : null,
      done,
      total,
    });
  };
  try {
    while (attempted.size < limit) {
      const next = store
        .sessionsNeedingHistory(BATCH + attempted.size)
        .find((candidate) => !attempted.has(candidate.id));
      if (!next || Date.parse(next.updated_at) < since) break;
      attempted.add(next.id);
      total = Math.max(total, attempted.size);
      await waitForSpareBudget(
        scheduler,
        options.signal,
        options.reserveShare ?? DEFAULT_RESERVE_SHARE,
      );
      try {
        const events = await client.getHistory(next.id, {
          priority: 'background',
          signal: options.signal,
        });
        // Deleted by a sweep while the request ran: nothing to attach the transcript to.
        if (store.getSession(next.id) !== null) store.saveHistory(next.id, events);
        result.fetched += 1;
      } catch (error) {
        if (options.signal.aborted) throw error;
        result.failed += 1;
      }
      report();
    }
    result.complete = true;
  } catch (error) {
    if (!options.signal.aborted) throw error;
  }
  return result;
}

function countCandidates(store: CacheStore, since: number, limit: number): number {
  const cap = Number.isFinite(limit) ? limit : 100_000;
  return store
    .sessionsNeedingHistory(Math.max(1, cap))
    .filter((candidate) => Date.parse(candidate.updated_at) >= since).length;
}
