import { mkdtempSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import { startFakeOpencx, type FakeOpencx } from '../fake-opencx/server';
import { systemClock } from '../src-main/engine/api/clock';
import { createOpencxClient, type OpencxClient } from '../src-main/engine/api/opencx-client';
import { SlidingWindowLimiter } from '../src-main/engine/api/rate-limiter';
import { RequestScheduler } from '../src-main/engine/api/request-scheduler';
import type { SyncProgress } from '../src-shared/contract/results';
import { openCacheStore, type CacheStore } from '../src-main/engine/store/cache-store';
import { DEFERRABLE_INDEXES } from '../src-main/engine/store/cache/deferred-indexes';
import { hasIndex } from '../src-main/engine/query/sort-index-hint';
import { cacheSyncStore } from '../src-main/engine/sync/cache-sync-store';
import { clientSyncSource } from '../src-main/engine/sync/client-sync-source';
import { SyncEngine } from '../src-main/engine/sync/sync-engine';

export interface SyncHarness {
  store: CacheStore;
  client: OpencxClient;
  scheduler: RequestScheduler;
  sync: SyncEngine;
  path: string;
  /** Every progress event the sync engine reported, in order. */
  progress: SyncProgress[];
  close(): void;
}

export interface SyncHarnessOptions {
  path?: string;
  /** Only sessions created in the last N days (default: everything). */
  scopeDays?: number | null;
  /** Per attempt (default 1 s). */
  timeoutMs?: number;
  /** Requests per minute the client allows itself (default: as good as unlimited). */
  requestsPerMinute?: number;
  /** The sync engine's clock (default: the system's). */
  now?: () => number;
}

/**
 * A real cache file, a real client and scheduler against the fake server, and the sync engine:
 * what the app wires, with retry delays and timeouts shortened so fault tests finish quickly.
 */
export function syncHarness(fake: FakeOpencx, options: SyncHarnessOptions = {}): SyncHarness {
  const path = options.path ?? join(mkdtempSync(join(tmpdir(), 'sync-test-')), 'cache.db');
  const timeoutMs = options.timeoutMs ?? 1_000;
  const { store } = openCacheStore(path);
  const scheduler = new RequestScheduler({
    clock: systemClock,
    limiter: new SlidingWindowLimiter({
      limit: options.requestsPerMinute ?? 100_000,
      windowMs: 60_000,
      clock: systemClock,
    }),
    defaultTimeoutMs: timeoutMs,
    retryPolicy: {
      maxAttempts: 8,
      baseDelayMs: 5,
      maxDelayMs: 40,
      defaultRateLimitPauseMs: 20,
      maxRateLimitPauseMs: 40,
      invalidResponseRetries: 3,
    },
  });
  const client = createOpencxClient({
    baseUrl: fake.url,
    tokenProvider: { getToken: () => Promise.resolve(fake.token) },
    scheduler,
    timeoutMs,
  });
  const progress: SyncProgress[] = [];
  const sync = new SyncEngine({
    source: clientSyncSource(client, scheduler),
    store: cacheSyncStore(store),
    now: options.now ?? (() => Date.now()),
    scopeDays: options.scopeDays ?? null,
    onProgress: (event) => progress.push(event),
    pageRetry: { attempts: 5, baseDelayMs: 20 },
  });
  return {
    store,
    client,
    scheduler,
    sync,
    path,
    progress,
    close: () => {
      scheduler.dispose();
      store.close();
    },
  };
}

/**
 * The cache holds exactly the server's live sessions, field for field, with their tags: the
 * same count (session ids are the cache's primary key, so no session is there twice), every
 * live session equal to the server's, every deleted one gone. With `deletions: 'may linger'`
 * (after a delta, which cannot see deletions) sessions deleted on the server may still be
 * cached, but nothing else may be.
 */
export function expectCacheEqualsTruth(
  store: CacheStore,
  fake: FakeOpencx,
  options: { deletions?: 'must be gone' | 'may linger' } = {},
): void {
  const truth = fake.truth();
  const lingering = options.deletions === 'may linger';
  const mismatches: string[] = [];
  // What the Tags column sorts by: the session's tags in byte order (migration 008).
  const tagsLabel = store.reader
    .prepare<[string], string | null>('SELECT tags_label FROM sessions WHERE id = ?')
    .pluck();
  for (const { session, tags } of truth.sessions) {
    const cached = store.getSession(session.id);
    const sorted = [...tags].sort();
    if (cached === null) mismatches.push(`${session.id} missing`);
    else if (!isDeepStrictEqual(cached, session)) mismatches.push(`${session.id} differs`);
    else if (!isDeepStrictEqual([...store.tagsOfSession(session.id)].sort(), sorted)) {
      mismatches.push(`${session.id} has other tags`);
    } else if (tagsLabel.get(session.id) !== (sorted.length > 0 ? sorted.join(', ') : null)) {
      mismatches.push(`${session.id} sorts by other tags`);
    }
  }
  let stillCached = 0;
  for (const id of truth.deletedIds) {
    if (store.getSession(id) === null) continue;
    stillCached += 1;
    if (!lingering) mismatches.push(`${id} deleted on the server, still cached`);
  }
  // A sync that ended, however, leaves no index of a first sync's set aside (deferred-indexes.ts).
  const missing = DEFERRABLE_INDEXES.filter((name) => !hasIndex(store.reader, name));
  if (missing.length > 0) mismatches.push(`indexes missing: ${missing.join(', ')}`);
  if (store.deferredIndexCount() > 0) mismatches.push('indexes still recorded as set aside');
  // Comparing in bulk first keeps a 20,000-session check fast and its failure readable.
  expect(mismatches.slice(0, 10)).toEqual([]);
  expect(store.countSessions()).toBe(truth.sessions.length + (lingering ? stillCached : 0));
}

/**
 * Fake servers (rate limit off) and sync harnesses for one test file, each closed after the
 * test that made it. Call at the top level of the file.
 */
export function useSyncTestbed(): {
  fakeServer: (options: Parameters<typeof startFakeOpencx>[0]) => Promise<FakeOpencx>;
  harness: (fake: FakeOpencx, options?: SyncHarnessOptions) => SyncHarness;
} {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return {
    async fakeServer(options) {
      const fake = await startFakeOpencx({ rateLimit: false, ...options });
      cleanups.push(() => fake.close());
      return fake;
    },
    harness(fake, options = {}) {
      const created = syncHarness(fake, options);
      cleanups.push(() => created.close());
      return created;
    },
  };
}
