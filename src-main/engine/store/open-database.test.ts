import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readdirSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CACHE_APPLICATION_ID } from './cache/cache-identity';
import { CACHE_PAGE_SIZE } from './cache/cache-page-size';
import { openCacheStore } from './cache-store';
import { NotOurFileError, openDatabase } from './open-database';
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

  const openWith16KiBPagesAnd8MiBLog = (path: string) =>
    openDatabase(path, {
      migrations: cacheMigrations,
      synchronous: 'NORMAL',
      newFilePageSize: 16_384,
      walAutocheckpointBytes: 8 * 1024 * 1024,
    });

  it('gives a new file the page size asked for and checkpoints its log by bytes, not frames', () => {
    const path = join(temp.dir, 'c.sqlite');
    const made = openWith16KiBPagesAnd8MiBLog(path);
    expect(made.db.pragma('page_size', { simple: true })).toBe(16_384);
    expect(made.db.pragma('wal_autocheckpoint', { simple: true })).toBe(512);
    expect(made.db.pragma('journal_size_limit', { simple: true })).toBe(8 * 1024 * 1024);
    made.db.close();
    // The page size is the file's: read from its header, not from the connection's setting.
    expect(readFileSync(path).readUInt16BE(16)).toBe(16_384);
  });

  it('keeps the page size of a file made before, checkpointing its log at the same bytes', () => {
    const path = join(temp.dir, 'c.sqlite');
    const before = new Database(path);
    before.pragma('page_size = 4096');
    before.pragma(`application_id = ${CACHE_APPLICATION_ID}`);
    before.close();
    const opened = openWith16KiBPagesAnd8MiBLog(path);
    expect(opened.db.pragma('page_size', { simple: true })).toBe(4096);
    expect(opened.db.pragma('wal_autocheckpoint', { simple: true })).toBe(2048);
    opened.db.close();
  });

  it('makes a new cache with 16 KiB pages', () => {
    const path = join(temp.dir, 'c.sqlite');
    openCacheStore(path).store.close();
    expect(readFileSync(path).readUInt16BE(16)).toBe(CACHE_PAGE_SIZE);
    expect(CACHE_PAGE_SIZE).toBe(16_384);
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

  it('refuses a file of random bytes as not a Session Desk cache, leaving it as it was', () => {
    const path = join(temp.dir, 'cache.sqlite');
    const garbage = randomBytes(64 * 1024);
    writeFileSync(path, garbage);
    expect(() => openCacheStore(path, { now: fixedNow })).toThrowError(NotOurFileError);
    expect(() => openCacheStore(path)).toThrowError(
      `${path} is not a Session Desk cache (not an SQLite database); it was left as it was.`,
    );
    expect(readFileSync(path).equals(garbage)).toBe(true);
    expect(readdirSync(temp.dir)).toEqual(['cache.sqlite']);
  });

  it('refuses a text file, leaving it as it was', () => {
    const path = join(temp.dir, 'notes.txt');
    const text = Buffer.from('My notes, not a cache.\n'.repeat(300));
    writeFileSync(path, text);
    expect(() => openCacheStore(path)).toThrowError(/not a Session Desk cache/);
    expect(readFileSync(path).equals(text)).toBe(true);
    expect(readdirSync(temp.dir)).toEqual(['notes.txt']);
  });

  it('refuses another application’s SQLite database byte for byte, WAL mode too', () => {
    for (const journal of ['DELETE', 'WAL']) {
      const path = join(temp.dir, `other-${journal}.db`);
      const other = new Database(path);
      other.pragma(`journal_mode = ${journal}`);
      other.pragma('user_version = 1');
      other.exec("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('mine')");
      other.close();
      const before = readFileSync(path);
      expect(() => openCacheStore(path)).toThrowError(
        /not a Session Desk cache \(an SQLite database of another application\)/,
      );
      expect(readFileSync(path).equals(before)).toBe(true);
      expect(readdirSync(temp.dir).filter((name) => name.startsWith(`other-${journal}`))).toEqual([
        `other-${journal}.db`,
      ]);
    }
  });

  it('opens a cache made before caches carried their application id, and marks it', () => {
    const path = join(temp.dir, 'cache.sqlite');
    const { store } = openCacheStore(path);
    store.upsertSessions(generateSessions(20, 3).sessions, '2026-01-01T00:00:00.000Z');
    store.close();
    const raw = new Database(path);
    raw.pragma('application_id = 0'); // as the previous build left it
    raw.close();
    expect(readFileSync(path).readUInt32BE(68)).toBe(0);
    const reopened = openCacheStore(path);
    expect(reopened.recoveredFrom).toBeNull();
    expect(reopened.store.countSessions()).toBe(20);
    reopened.store.close();
    expect(readFileSync(path).readUInt32BE(68)).toBe(CACHE_APPLICATION_ID);
  });

  it('takes an empty file, or an SQLite database with nothing in it, for a new cache', () => {
    const empty = join(temp.dir, 'empty.db');
    writeFileSync(empty, '');
    const blank = join(temp.dir, 'blank.db');
    const db = new Database(blank);
    db.pragma('journal_mode = WAL');
    db.close();
    for (const path of [empty, blank]) {
      const { store, recoveredFrom } = openCacheStore(path);
      expect(recoveredFrom).toBeNull();
      expect(store.countSessions()).toBe(0);
      store.close();
    }
  });

  it('moves a Session Desk cache whose pages are garbage aside and starts a fresh one', () => {
    const path = join(temp.dir, 'cache.sqlite');
    const { store: made } = openCacheStore(path);
    made.close();
    // Our header, then random pages: recognisably ours, and damaged.
    const damaged = Buffer.concat([readFileSync(path).subarray(0, 100), randomBytes(64 * 1024)]);
    writeFileSync(path, damaged);
    const { store, recoveredFrom } = openCacheStore(path, { now: fixedNow });
    expect(recoveredFrom).toBe(`${path}.corrupt-2026-03-04T05-06-07-089Z`);
    expect(readFileSync(recoveredFrom ?? '').equals(damaged)).toBe(true);
    expect(store.countSessions()).toBe(0);
    store.upsertSessions(generateSessions(3, 1).sessions, '2026-01-01T00:00:00.000Z');
    expect(store.countSessions()).toBe(3);
    store.close();
  });

  it('moves a file of random bytes aside when told the folder holds nothing but caches', () => {
    const path = join(temp.dir, 'cache.sqlite');
    const garbage = randomBytes(64 * 1024);
    writeFileSync(path, garbage);
    const { store, recoveredFrom } = openCacheStore(path, {
      now: fixedNow,
      unrecognisedFile: 'quarantine',
    });
    expect(recoveredFrom).toBe(`${path}.corrupt-2026-03-04T05-06-07-089Z`);
    expect(readFileSync(recoveredFrom ?? '').equals(garbage)).toBe(true);
    expect(store.countSessions()).toBe(0);
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
    openCacheStore(cachePath).store.close();
    writeFileSync(
      cachePath,
      Buffer.concat([readFileSync(cachePath).subarray(0, 100), randomBytes(8192)]),
    );
    const cache = openCacheStore(cachePath);
    expect(cache.recoveredFrom).not.toBeNull();
    cache.store.close();
    const again = openUserStore(userPath);
    expect(again.recoveredFrom).toBeNull();
    expect(again.store.getSetting('theme')).toBe('dark');
    again.store.close();
  });
});
