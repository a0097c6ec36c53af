import type { SyncProgress } from '../../../src-shared/contract/results';
import { systemClock } from '../api/clock';
import { createOpencxClient, type OpencxClient } from '../api/opencx-client';
import { SlidingWindowLimiter } from '../api/rate-limiter';
import { RequestScheduler } from '../api/request-scheduler';
import { SessionIndex } from '../query/column-index/session-index';
import type { BackgroundIntegrityCheck } from '../store/background-integrity-check';
import { openCacheReader } from '../store/cache/open-cache-reader';
import { startFacetWorker, type FacetWorker } from '../query/facets-off-thread';
import { openCacheStore, type CacheStore } from '../store/cache-store';
import { cacheSyncStore } from '../sync/cache-sync-store';
import { clientSyncSource } from '../sync/client-sync-source';
import { SyncEngine } from '../sync/sync-engine';
import type { TokenProvider } from '../api/opencx-client';
import type { HttpFetch } from '../api/http-fetch';

export interface AccountSessionOptions {
  account: { id: string; base_url: string; scope_days: number | null };
  cacheFile: string;
  tokenProvider: TokenProvider;
  fetch: HttpFetch;
  /** Requests per rolling minute (the documented 100 unless a test says otherwise). */
  requestsPerMinute: number;
  now: () => number;
  onProgress: (progress: SyncProgress) => void;
  /**
   * Who writes the cache, for the sentence another writer is refused with while this session
   * holds it (default "Session Desk app").
   */
  program?: string;
  /** How long to wait for another writer of the cache before refusing (default 2 s). */
  lockWaitMs?: number;
  /**
   * What a file at `cacheFile` that is not recognisably a Session Desk cache is taken for.
   * 'quarantine' (the default, for the app, whose caches live in its own data folder where
   * nothing else belongs): a damaged cache, moved aside and rebuilt, and `recoveredFrom` says
   * where it went. 'refuse' (for a path the user typed, as the CLI's --db): someone else's file,
   * refused with a sentence and left byte for byte as it was.
   */
  unrecognisedCacheFile?: 'refuse' | 'quarantine';
  /**
   * 'before-open' (the default): the cache's integrity is checked before it opens. 'background'
   * (the app): it opens at once and is checked off the engine's thread afterwards; `integrity`
   * says when the check finds damage, and the holder then moves the file aside.
   */
  integrityCheck?: 'before-open' | 'background';
  /**
   * Keep the in-memory column index of the cache (query/column-index): for a long-lived engine
   * (the app, the web host) that answers the list, facets and chart many times; not for a
   * one-shot CLI command, for which loading it would cost more than it saves.
   */
  columnIndex?: boolean;
  /**
   * When the integrity check and the column index's load may start (the app: once the window's
   * first calls are answered); without it, two seconds after opening.
   */
  backgroundWorkAfter?: Promise<void>;
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
  /** The cache file. */
  cacheFile: string;
  /** The integrity check running after opening (integrityCheck 'background'), else null. */
  integrity: BackgroundIntegrityCheck | null;
  /** The in-memory column index (option columnIndex), else null. */
  index: SessionIndex | null;
  /** Counts facets off the engine's thread while the index cannot (with the index), else null. */
  facetWorker: FacetWorker | null;
  close(): void;
  /**
   * Closes and removes the cache file with its companions (writer lock included): for a first
   * sync that failed before storing anything, so no empty cache is left behind.
   */
  discard(): void;
}

export function openAccountSession(options: AccountSessionOptions): AccountSession {
  // The writer lock is held from here until close: one writer per cache file, across processes.
  const { store, recoveredFrom, integrity } = openCacheStore(options.cacheFile, {
    program: options.program ?? 'Session Desk app',
    ...(options.integrityCheck ? { integrityCheck: options.integrityCheck } : {}),
    ...(options.lockWaitMs !== undefined ? { lockWaitMs: options.lockWaitMs } : {}),
    ...(options.backgroundWorkAfter ? { integrityCheckAfter: options.backgroundWorkAfter } : {}),
    unrecognisedFile: options.unrecognisedCacheFile ?? 'quarantine',
  });
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
  const index = options.columnIndex
    ? openColumnIndex(options.cacheFile, store, options.backgroundWorkAfter)
    : null;
  const facetWorker = index ? startFacetWorker(options.cacheFile) : null;
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
    cacheFile: options.cacheFile,
    integrity,
    index,
    facetWorker,
    close() {
      facetWorker?.close();
      index?.close();
      scheduler.dispose();
      store.close();
    },
    discard() {
      facetWorker?.close();
      index?.close();
      scheduler.dispose();
      store.closeAndRemoveFiles();
    },
  };
}

/**
 * The cache's in-memory column index on a read-only connection of its own. Not fatal either way:
 * without it (the connection refused, a load failing) SQLite answers everything it would have.
 */
function openColumnIndex(
  cacheFile: string,
  store: CacheStore,
  after: Promise<void> | undefined,
): SessionIndex | null {
  try {
    return new SessionIndex(openCacheReader(cacheFile), store.reader, {
      ...(after ? { after } : {}),
      onError: (error) => console.warn('The in-memory session index is off:', error),
      // A line for whoever watches the engine's output (the UI benchmark waits for it).
      onLoaded: ({ rows, ms }) =>
        console.info(
          `Session index: ${rows} sessions in memory (loaded in ${(ms / 1000).toFixed(1)} s).`,
        ),
    });
  } catch (error) {
    console.warn('The in-memory session index is off:', error);
    return null;
  }
}
