import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCacheStore } from './cache-store';
import { openDatabase } from './open-database';
import { cacheMigrations } from './migrations/cache';
import { generateSessions } from './testing/make-session';
import { makeTempDir } from './testing/temp-dir';
import { openUserStore } from './user-store';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.remove());

const fixedNow = () => new Date('2026-03-04T05:06:07.089Z');

describe('openDatabase', () => {
  it('sets WAL, foreign keys, a busy timeout and the requested synchronous level', () => {
    const cache = openDatabase(join(temp.dir, 'c.sqlite'), {
      migrations: cacheMigrations,
      synchronous: 'NORMAL',
      busyTimeoutMs: 1234,
    });
    expect(cache.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(cache.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(cache.db.pragma('busy_timeout', { simple: true })).toBe(1234);
    expect(cache.db.pragma('synchronous', { simple: true })).toBe(1);
    cache.db.close();
    const { store } = openUserStore(join(temp.dir, 'u.sqlite'));
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    store.close();
  });

  it('reports no recovery for a new or sound file', () => {
    const path = join(temp.dir, 'c.sqlite');
    const first = openCacheStore(path);
    expect(first.recoveredFrom).toBeNull();
    first.store.close();
    const second = openCacheStore(path);
    expect(second.recoveredFrom).toBeNull();
    second.store.close();
  });

  it('moves a file of random bytes aside and starts a fresh database', () => {
    const path = join(temp.dir, 'cache.sqlite');
    const garbage = randomBytes(64 * 1024);
    writeFileSync(path, garbage);
    const { store, recoveredFrom } = openCacheStore(path, { now: fixedNow });
    expect(recoveredFrom).toBe(`${path}.corrupt-2026-03-04T05-06-07-089Z`);
    expect(readFileSync(recoveredFrom ?? '').equals(garbage)).toBe(true);
    expect(store.countSessions()).toBe(0);
    store.upsertSessions(generateSessions(3, 1).sessions, '2026-01-01T00:00:00.000Z');
    expect(store.countSessions()).toBe(3);
    store.close();
  });

  it('moves a database with a corrupted page aside', () => {
    const path = join(temp.dir, 'cache.sqlite');
    const { store } = openCacheStore(path);
    store.upsertSessions(generateSessions(300, 2).sessions, '2026-01-01T00:00:00.000Z');
    store.close();
    const db = new Database(path);
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const rootPage = db
      .prepare<[], number>("SELECT rootpage FROM sqlite_schema WHERE name = 'sessions_by_created'")
      .pluck()
      .get();
    db.close();
    // Overwrite an index b-tree page (not page 1, so the file still looks like a database).
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, ((rootPage ?? 2) - 1) * pageSize);
    closeSync(fd);

    const reopened = openCacheStore(path, { now: fixedNow });
    expect(reopened.recoveredFrom).toMatch(/cache\.sqlite\.corrupt-2026-03-04T05-06-07-089Z$/);
    expect(reopened.store.countSessions()).toBe(0);
    reopened.store.close();
  });

  it('never touches the user database when the cache is damaged', () => {
    const userPath = join(temp.dir, 'user.sqlite');
    const cachePath = join(temp.dir, 'cache.sqlite');
    const user = openUserStore(userPath);
    user.store.setSetting('theme', 'dark');
    user.store.close();
    writeFileSync(cachePath, randomBytes(8192));
    const cache = openCacheStore(cachePath);
    expect(cache.recoveredFrom).not.toBeNull();
    cache.store.close();
    const again = openUserStore(userPath);
    expect(again.recoveredFrom).toBeNull();
    expect(again.store.getSetting('theme')).toBe('dark');
    again.store.close();
  });
});
