import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CacheStore } from '../cache-store';
import { makeSession } from '../testing/make-session';
import { openTempCache } from '../testing/temp-dir';
import { cacheFilePath } from './cache-handles';
import { openCacheReader, type ReadOnlyCache } from './open-cache-reader';

const SEEN = '2026-01-01T00:00:00.000Z';

let cache: ReturnType<typeof openTempCache>;
let store: CacheStore;
let other: ReadOnlyCache;
beforeEach(() => {
  cache = openTempCache();
  store = cache.store;
  other = openCacheReader(cacheFilePath(store.reader));
});
afterEach(() => {
  other.close();
  cache.dispose();
});

describe('a held batch of writes', () => {
  it('is read at once by its own process and by other connections only once committed', () => {
    const batch = store.holdWrites();
    batch.write(() => store.upsertSessions([makeSession()], SEEN));
    batch.write(() => store.upsertSessions([makeSession()], SEEN));
    expect(batch.open).toBe(true);
    expect(store.countSessions()).toBe(2);
    expect(other.countSessions()).toBe(0);
    batch.commit();
    expect(batch.open).toBe(false);
    expect(other.countSessions()).toBe(2);
  });

  it('is committed before any other write transaction, which then commits on its own', () => {
    const batch = store.holdWrites();
    batch.write(() => store.upsertSessions([makeSession()], SEEN));
    store.upsertSessions([makeSession()], SEEN);
    expect(batch.open).toBe(false);
    expect(other.countSessions()).toBe(2);
    // The next write begins a new batch.
    batch.write(() => store.upsertSessions([makeSession()], SEEN));
    expect(other.countSessions()).toBe(2);
    store.transaction(() => store.setSyncState('k', 1));
    expect(other.countSessions()).toBe(3);
  });

  it('is committed by a single write made outside any transaction, which is then its own', () => {
    const batch = store.holdWrites();
    batch.write(() => store.upsertSessions([makeSession()], SEEN));
    store.setSyncState('k', 1);
    expect(batch.open).toBe(false);
    expect(other.countSessions()).toBe(1);
    expect(other.getSyncState('k')).toBe(1);
  });

  it('rolls the whole uncommitted batch back when a write throws, and begins anew after', () => {
    const batch = store.holdWrites();
    store.setSyncState('resume', 'before');
    batch.write(() => {
      store.upsertSessions([makeSession()], SEEN);
      store.setSyncState('resume', 'page 1');
    });
    expect(() =>
      batch.write(() => {
        store.upsertSessions([makeSession()], SEEN);
        throw new Error('garbled page');
      }),
    ).toThrow('garbled page');
    expect(batch.open).toBe(false);
    expect(store.countSessions()).toBe(0);
    expect(store.getSyncState('resume')).toBe('before');
    batch.write(() => store.upsertSessions([makeSession()], SEEN));
    batch.commit();
    expect(other.countSessions()).toBe(1);
  });

  it('is committed by the store closing, not lost', () => {
    const batch = store.holdWrites();
    batch.write(() => store.upsertSessions([makeSession(), makeSession()], SEEN));
    store.close();
    expect(other.countSessions()).toBe(2);
  });

  it('is committed before the planner statistics are refreshed', () => {
    const batch = store.holdWrites();
    batch.write(() => store.upsertSessions([makeSession()], SEEN));
    store.optimize();
    expect(batch.open).toBe(false);
    expect(other.countSessions()).toBe(1);
  });

  it('joins a transaction already open on the connection instead of beginning its own', () => {
    const batch = store.holdWrites();
    store.transaction(() => {
      batch.write(() => store.upsertSessions([makeSession()], SEEN));
      expect(batch.open).toBe(false);
    });
    expect(other.countSessions()).toBe(1);
  });
});
