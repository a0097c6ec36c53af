import type { SyncProgress } from '../../../src-shared/contract/results';
import { systemClock } from '../api/clock';
import { createOpencxClient, type OpencxClient } from '../api/opencx-client';
import { SlidingWindowLimiter } from '../api/rate-limiter';
import { RequestScheduler } from '../api/request-scheduler';
import { openCacheStore, type CacheStore } from '../store/cache-store';
import { cacheSyncStore } from '../sync/cache-sync-store';
import { clientSyncSource } from '../sync/client-sync-source';
import { SyncEngine } from '../sync/sync-engine';
import type { TokenProvider } from '../api/opencx-client';

export interface AccountSessionOptions {
  account: { id: string; base_url: string; scope_days: number | null };
  cacheFile: string;
  tokenProvider: TokenProvider;
  fetch: typeof fetch;
  /** Requests per rolling minute (the documented 100 unless a test says otherwise). */
  requestsPerMinute: number;
  now: () => number;
  onProgress: (progress: SyncProgress) => void;
}

/**
 * One account's live parts: its cache, its request scheduler (one per account, so the rate
 * limit is the account's), its API client and its sync engine. Switching accounts closes one
 * and opens another.
 */
export interface AccountSession {
  accountId: string;
  store: CacheStore;
  client: OpencxClient;
  scheduler: RequestScheduler;
  sync: SyncEngine;
  /** Where a damaged cache file was moved before a fresh one was started, else null. */
  recoveredFrom: string | null;
  close(): void;
}

export function openAccountSession(options: AccountSessionOptions): AccountSession {
  const { store, recoveredFrom } = openCacheStore(options.cacheFile);
  const scheduler = new RequestScheduler({
    clock: systemClock,
    limiter: new SlidingWindowLimiter({
      limit: options.requestsPerMinute,
      windowMs: 60_000,
      clock: systemClock,
    }),
    // A proxy or a deploy in progress can garble an answer now and then; a few tries cost little.
    retryPolicy: { invalidResponseRetries: 3 },
  });
  const client = createOpencxClient({
    baseUrl: options.account.base_url,
    tokenProvider: options.tokenProvider,
    scheduler,
    fetch: options.fetch,
  });
  const sync = new SyncEngine({
    source: clientSyncSource(client, scheduler),
    store: cacheSyncStore(store),
    now: options.now,
    scopeDays: options.account.scope_days,
    onProgress: options.onProgress,
  });
  return {
    accountId: options.account.id,
    store,
    client,
    scheduler,
    sync,
    recoveredFrom,
    close() {
      scheduler.dispose();
      store.close();
    },
  };
}
