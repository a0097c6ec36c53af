import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startIntegrityCheck } from './background-integrity-check';
import { openCacheStore } from './cache-store';
import { generateSessions } from './testing/make-session';
import { makeTempDir } from './testing/temp-dir';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.remove());

const fixedNow = () => new Date('2026-03-04T05:06:07.089Z');

function cacheWith(sessions: number): string {
  const path = join(temp.dir, 'cache.sqlite');
  const { store } = openCacheStore(path);
  store.upsertSessions(generateSessions(sessions, 2).sessions, '2026-01-01T00:00:00.000Z');
  store.close();
  return path;
}

/** Overwrites the root page of `index` with garbage: the header and schema stay sound. */
function damageIndex(path: string, index: string): void {
  const db = new Database(path);
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const rootPage = db
    .prepare<[string], number>('SELECT rootpage FROM sqlite_schema WHERE name = ?')
    .pluck()
    .get(index);
  db.close();
  if (!rootPage) throw new Error(`no index ${index}`);
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (rootPage - 1) * pageSize);
  closeSync(fd);
}

describe('startIntegrityCheck', () => {
  it('finds a sound cache sound', async () => {
    const path = cacheWith(300);
    expect(await startIntegrityCheck(path).verdict).toEqual({ kind: 'sound' });
  });

  it('finds a damaged index page that opening does not read', async () => {
    const path = cacheWith(300);
    damageIndex(path, 'sessions_by_ticket');
    const verdict = await startIntegrityCheck(path).verdict;
    expect(verdict.kind).toBe('damaged');
    expect(verdict.kind === 'damaged' && verdict.detail).toMatch(/^sessions: /);
  });

  it('says cancelled when cancelled before it ends, and starts nothing after a cancel', async () => {
    const path = cacheWith(50);
    const check = startIntegrityCheck(path, { delayMs: 60_000 });
    check.cancel();
    check.cancel();
    expect(await check.verdict).toEqual({ kind: 'cancelled' });
  });

  it('starts only once the promise it is given settles', async () => {
    const path = cacheWith(50);
    let begin!: () => void;
    const check = startIntegrityCheck(path, { after: new Promise((r) => (begin = r)) });
    const early = await Promise.race([
      check.verdict,
      new Promise((r) => setTimeout(() => r('still waiting'), 300)),
    ]);
    expect(early).toBe('still waiting');
    begin();
    expect(await check.verdict).toEqual({ kind: 'sound' });
  });

  it('starts nothing when cancelled before the promise it waits for settles', async () => {
    const path = cacheWith(50);
    let begin!: () => void;
    const check = startIntegrityCheck(path, { after: new Promise((r) => (begin = r)) });
    check.cancel();
    begin();
    expect(await check.verdict).toEqual({ kind: 'cancelled' });
  });

  it('says it could not check a file that is not there (no verdict on the file)', async () => {
    const verdict = await startIntegrityCheck(join(temp.dir, 'missing.sqlite')).verdict;
    expect(verdict.kind).toBe('failed');
  });
});

describe("openCacheStore's integrityCheck 'background'", () => {
  it('opens a cache with a damaged index page and answers, while the check reports the damage', async () => {
    const path = cacheWith(300);
    damageIndex(path, 'sessions_by_ticket');
    const { store, recoveredFrom, integrity } = openCacheStore(path, {
      integrityCheck: 'background',
      integrityCheckDelayMs: 0,
    });
    try {
      expect(recoveredFrom).toBeNull();
      expect(store.countSessions()).toBe(300);
      expect((await integrity?.verdict)?.kind).toBe('damaged');
    } finally {
      store.close();
    }
  });

  it('still moves a cache whose schema cannot be read aside at opening', () => {
    const path = cacheWith(20);
    const damaged = Buffer.concat([readFileSync(path).subarray(0, 100), randomBytes(64 * 1024)]);
    writeFileSync(path, damaged);
    const { store, recoveredFrom, integrity } = openCacheStore(path, {
      now: fixedNow,
      integrityCheck: 'background',
    });
    expect(recoveredFrom).toBe(`${path}.corrupt-2026-03-04T05-06-07-089Z`);
    expect(readFileSync(recoveredFrom ?? '').equals(damaged)).toBe(true);
    expect(store.countSessions()).toBe(0);
    store.close();
    expect(integrity).not.toBeNull();
  });

  it('cancels the check when the store closes', async () => {
    const path = cacheWith(20);
    const { store, integrity } = openCacheStore(path, { integrityCheck: 'background' });
    store.close();
    expect(await integrity?.verdict).toEqual({ kind: 'cancelled' });
  });
});
