import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCacheStore } from '../cache-store';
import { makeSession } from '../testing/make-session';
import { openTempCache } from '../testing/temp-dir';
import { DEFERRABLE_INDEXES, INDEXES_CHANGED_BY_TAGS } from './deferred-indexes';

const SEEN = '2026-06-01T00:00:00.000Z';

let caches: ReturnType<typeof openTempCache>[] = [];
afterEach(() => {
  for (const cache of caches) cache.dispose();
  caches = [];
});

function cache() {
  const opened = openTempCache();
  caches.push(opened);
  return opened.store;
}

type Store = ReturnType<typeof cache>;

/** Every index with its SQL, by name. */
function indexes(store: Store): Record<string, string> {
  const rows = store.reader
    .prepare<[], { name: string; sql: string }>(
      "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name",
    )
    .all();
  return Object.fromEntries(rows.map((row) => [row.name, row.sql]));
}

describe('indexes set aside for a first sync', () => {
  it('names only indexes the schema has, so a renamed one cannot slip out of the list', () => {
    expect(Object.keys(indexes(cache()))).toEqual(expect.arrayContaining([...DEFERRABLE_INDEXES]));
  });

  it('are dropped from an empty cache with the SQL that builds them, and built again alike', () => {
    const store = cache();
    const before = indexes(store);
    expect(store.deferIndexesIfEmpty()).toBe(DEFERRABLE_INDEXES.length);
    expect(store.deferredIndexCount()).toBe(DEFERRABLE_INDEXES.length);
    for (const name of DEFERRABLE_INDEXES) expect(indexes(store)).not.toHaveProperty(name);
    // Set aside twice, nothing changes: the SQL kept is still the index's own.
    expect(store.deferIndexesIfEmpty()).toBe(0);

    store.upsertSessions([makeSession({ contact: { id: 'c1', name: 'Zoë' } })], SEEN);
    const progress: string[] = [];
    expect(store.buildDeferredIndexes((built, of) => progress.push(`${built}/${of}`))).toBe(
      DEFERRABLE_INDEXES.length,
    );
    expect(indexes(store)).toEqual(before);
    expect(store.deferredIndexCount()).toBe(0);
    expect(progress.at(-1)).toBe(`${DEFERRABLE_INDEXES.length}/${DEFERRABLE_INDEXES.length}`);
    expect(store.buildDeferredIndexes()).toBe(0);
  });

  it("leave the writer's page cache as large as it was once built", () => {
    const store = cache();
    const connection = store.reader as unknown as Database.Database;
    const cacheSize = () => connection.pragma('cache_size', { simple: true });
    const before = cacheSize();
    store.deferIndexesIfEmpty();
    store.upsertSessions([makeSession()], SEEN);
    expect(store.buildDeferredIndexes()).toBe(DEFERRABLE_INDEXES.length);
    expect(cacheSize()).toBe(before);
    expect(before).toBe(-64 * 1024);
  });

  it('are left alone in a cache that holds sessions', () => {
    const store = cache();
    store.upsertSessions([makeSession()], SEEN);
    const before = indexes(store);
    expect(store.deferIndexesIfEmpty()).toBe(0);
    expect(indexes(store)).toEqual(before);
    expect(store.deferredIndexCount()).toBe(0);
  });

  it('are built by a later call when a build stopped half-way, each index whole', () => {
    const store = cache();
    const before = indexes(store);
    store.deferIndexesIfEmpty();
    store.upsertSessions([makeSession(), makeSession()], SEEN);
    // The process dies after the third index: what was built stays built and is not redone.
    expect(() =>
      store.buildDeferredIndexes((built) => {
        if (built === 3) throw new Error('killed');
      }),
    ).toThrow('killed');
    expect(store.deferredIndexCount()).toBe(DEFERRABLE_INDEXES.length - 3);
    expect(store.buildDeferredIndexes()).toBe(DEFERRABLE_INDEXES.length - 3);
    expect(indexes(store)).toEqual(before);
  });

  it('are remembered in the file: a cache reopened after a kill still knows what to build', () => {
    const opened = openTempCache();
    caches.push(opened);
    opened.store.deferIndexesIfEmpty();
    opened.store.close();
    const { store } = openCacheStore(join(opened.dir, 'cache.sqlite'));
    try {
      expect(store.deferredIndexCount()).toBe(DEFERRABLE_INDEXES.length);
      expect(store.buildDeferredIndexes()).toBe(DEFERRABLE_INDEXES.length);
    } finally {
      store.close();
    }
  });
});

describe('indexes set aside, built on another thread', () => {
  it('are built but those excepted, each counted of all set aside, and the writer sees them', async () => {
    const store = cache();
    const before = indexes(store);
    store.deferIndexesIfEmpty();
    store.upsertSessions([makeSession({ custom_data: { plan: 'pro' } }), makeSession()], SEEN);
    const except = INDEXES_CHANGED_BY_TAGS;
    const progress: string[] = [];
    const built = await store.buildDeferredIndexesOffThread(
      except,
      new AbortController().signal,
      (done, of) => progress.push(`${done}/${of}`),
    );
    const all = DEFERRABLE_INDEXES.length;
    expect(built).toBe(all - except.length);
    expect(progress.at(-1)).toBe(`${all - except.length}/${all}`);
    expect(store.deferredIndexCount()).toBe(except.length);
    for (const name of except) expect(indexes(store)).not.toHaveProperty(name);
    expect(store.buildDeferredIndexes()).toBe(except.length);
    expect(indexes(store)).toEqual(before);
  });

  it('commits a held batch first, so the thread indexes its sessions', async () => {
    const store = cache();
    store.deferIndexesIfEmpty();
    const batch = store.holdWrites();
    batch.write(() => store.upsertSessions([makeSession({ contact: { id: 'c9' } })], SEEN));
    await store.buildDeferredIndexesOffThread([], new AbortController().signal);
    expect(batch.open).toBe(false);
    const byContact = store.reader
      .prepare(
        "SELECT count(*) FROM sessions INDEXED BY sessions_by_contact WHERE contact_id = 'c9'",
      )
      .pluck();
    expect(byContact.get()).toBe(1);
  });

  it('builds none when cancelled before it starts, and leaves them set aside', async () => {
    const store = cache();
    store.deferIndexesIfEmpty();
    const cancelled = new AbortController();
    cancelled.abort();
    expect(await store.buildDeferredIndexesOffThread([], cancelled.signal)).toBe(0);
    expect(store.deferredIndexCount()).toBe(DEFERRABLE_INDEXES.length);
  });

  it('stops at an index it cannot build, which stays set aside for the writer to report', async () => {
    const store = cache();
    store.deferIndexesIfEmpty();
    store.upsertSessions([makeSession()], SEEN);
    // Sorted after every real name: the thread builds all of those first.
    (store.reader as unknown as Database.Database)
      .prepare('INSERT INTO deferred_indexes (name, sql) VALUES (?, ?)')
      .run('zz_broken', 'CREATE INDEX zz_broken ON no_such_table (x)');
    const built = await store.buildDeferredIndexesOffThread([], new AbortController().signal);
    expect(built).toBe(DEFERRABLE_INDEXES.length);
    expect(store.deferredIndexCount()).toBe(1);
    expect(() => store.buildDeferredIndexes()).toThrow(/no_such_table/);
  });
});
