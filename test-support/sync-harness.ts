import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { FakeOpencx } from '../fake-opencx/server';
import { systemClock } from '../src-main/engine/api/clock';
import { createOpencxClient, type OpencxClient } from '../src-main/engine/api/opencx-client';
import { SlidingWindowLimiter } from '../src-main/engine/api/rate-limiter';
import { RequestScheduler } from '../src-main/engine/api/request-scheduler';
import { staticTokenProvider } from '../src-main/engine/service/token-provider';
import { openCacheStore, type CacheStore } from '../src-main/engine/store/cache-store';
import { cacheSyncStore } from '../src-main/engine/sync/cache-sync-store';
import { clientSyncSource } from '../src-main/engine/sync/client-sync-source';
import { SyncEngine } from '../src-main/engine/sync/sync-engine';

export interface SyncHarness {
  store: CacheStore;
  client: OpencxClient;
  sync: SyncEngine;
  path: string;
  close(): void;
}

/**
 * A real cache file, a real client and scheduler against the fake server, and the sync engine:
 * what the app wires, with retry delays and timeouts shortened so fault tests finish quickly.
 */
export function syncHarness(fake: FakeOpencx, options: { path?: string } = {}): SyncHarness {
  const path = options.path ?? join(mkdtempSync(join(tmpdir(), 'sync-test-')), 'cache.db');
  const { store } = openCacheStore(path);
  const scheduler = new RequestScheduler({
    clock: systemClock,
    limiter: new SlidingWindowLimiter({ limit: 100_000, windowMs: 60_000, clock: systemClock }),
    defaultTimeoutMs: 1_000,
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
    tokenProvider: staticTokenProvider(fake.token),
    scheduler,
    timeoutMs: 1_000,
  });
  const sync = new SyncEngine({
    source: clientSyncSource(client, scheduler),
    store: cacheSyncStore(store),
    now: () => Date.now(),
    scopeDays: null,
  });
  return {
    store,
    client,
    sync,
    path,
    close: () => {
      scheduler.dispose();
      store.close();
    },
  };
}

/** The cache holds exactly the server's live sessions, field for field, with their tags. */
export function expectCacheEqualsTruth(store: CacheStore, fake: FakeOpencx): void {
  const truth = fake.truth();
  expect(store.countSessions()).toBe(truth.sessions.length);
  for (const { session, tags } of truth.sessions) {
    expect(store.getSession(session.id)).toEqual(session);
    expect([...store.tagsOfSession(session.id)].sort()).toEqual([...tags].sort());
  }
  for (const id of truth.deletedIds) expect(store.getSession(id)).toBeNull();
}
