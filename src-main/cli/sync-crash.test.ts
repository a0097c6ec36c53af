import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpencx, type FakeOpencx } from '../../fake-opencx/server';
import { expectCacheEqualsTruth } from '../../test-support/sync-harness';
import { openCacheStore } from '../engine/store/cache-store';
import { STATE_KEYS } from '../engine/sync/sync-state';
import { startCli } from './testing/run-cli';

// kill -9 at several moments of a real `session-desk sync`, then a rerun to the end: the cache
// must equal the server, with nothing twice.

interface FullPassState {
  position: { from: string | null };
  sessions_done: boolean;
  tags_done: string[];
}

let fake: FakeOpencx;
beforeAll(async () => {
  fake = await startFakeOpencx({ seed: 71, sessions: 3_000, rateLimit: false });
});
afterAll(async () => {
  await fake.close();
});

function readPass(path: string): FullPassState | null {
  return readState<FullPassState>(path, STATE_KEYS.fullPass);
}

function readState<T>(path: string, key: string): T | null {
  if (!existsSync(path)) return null;
  let db: Database.Database | null = null;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const raw = db
      .prepare<[string], string>('SELECT value FROM sync_state WHERE key = ?')
      .pluck()
      .get(key);
    return raw === undefined ? null : (JSON.parse(raw) as T);
  } catch {
    return null; // not created or not migrated yet
  } finally {
    db?.close();
  }
}

/** Runs the CLI sync and kills it with SIGKILL as soon as `when` holds; returns what was saved. */
async function syncAndKill(
  path: string,
  when: (pass: FullPassState | null, requests: number) => boolean,
  extraArgs: string[] = [],
): Promise<FullPassState | null> {
  const requestsBefore = fake.requestCount();
  const { child, done } = startCli([...args(path), ...extraArgs], {
    OPENCX_API_TOKEN: fake.token,
  });
  let exited = false;
  void done.then(() => (exited = true));
  while (!exited && !when(readPass(path), fake.requestCount() - requestsBefore)) {
    await new Promise((resolve) => setTimeout(resolve, 3));
  }
  child.kill('SIGKILL');
  const result = await done;
  expect(result.signal, 'the sync ended before the kill').toBe('SIGKILL');
  return readPass(path);
}

function args(path: string): string[] {
  return ['sync', '--base-url', fake.url, '--db', path, '--requests-per-minute', '100000'];
}

describe('session-desk sync killed with SIGKILL', () => {
  it('resumes after each kill and ends with the cache equal to the server, nothing twice', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'crash-test-')), 'cache.db');

    // 1. While sessions are being paged in. On loopback the whole walk would arrive within one
    // commit window (page-walks.ts): slowed, its first pages are committed before its last.
    fake.setFaults({ slow: { every: 1, delayMs: 300 } });
    let first: FullPassState | null;
    try {
      first = await syncAndKill(path, (pass) => pass?.position.from != null);
    } finally {
      fake.setFaults({});
    }
    expect(first).toMatchObject({ sessions_done: false });

    // 2. In the middle of a page request, a few pages further on.
    const second = await syncAndKill(path, (_, requests) => requests >= 6);
    expect(second).not.toBeNull();

    // 3. During the tag membership walks. They go out alongside the session walk; with the tag
    // list slowed they run after it, and each tag is stored as its walk ends.
    fake.setFaults({ slow: { every: 1, delayMs: 1_000, endpoints: ['tags'] } });
    let third: FullPassState | null;
    try {
      third = await syncAndKill(
        path,
        (pass) => pass !== null && pass.sessions_done && pass.tags_done.length >= 2,
      );
    } finally {
      fake.setFaults({});
    }
    expect(third).toMatchObject({ sessions_done: true });

    const final = await startCli(args(path), { OPENCX_API_TOKEN: fake.token }).done;
    expect(final.stderr).toBe('');
    expect(final.code).toBe(0);
    const summary = JSON.parse(final.stdout) as { mode: string; sessions_upserted: number };
    // It resumed the interrupted pass rather than starting over.
    expect(summary).toMatchObject({ mode: 'full', sessions_upserted: 0 });
    expect(readPass(path)).toBeNull();

    const { store } = openCacheStore(path);
    try {
      expectCacheEqualsTruth(store, fake);
      const documents = store.reader
        .prepare<[], number>('SELECT count(*) FROM session_documents')
        .pluck()
        .get();
      expect(documents).toBe(fake.truth().sessions.length);
    } finally {
      store.close();
    }
  }, 40_000);

  it('resumes a backfill killed mid-way and ends with the cache equal to the server', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'crash-backfill-')), 'cache.db');
    const scoped = ['--scope-days', '45', '--backfill'];
    interface Backfill {
      position: { before: string | null };
      sessions_done: boolean;
      tags_done: string[];
    }
    const backfill = () => readState<Backfill>(path, STATE_KEYS.backfill);

    // 1. While older sessions are paged in, newest first. Pages that arrive together are
    // committed together (page-walks.ts), and on loopback the whole backfill would arrive
    // within one commit window: slowed, each page is committed as it comes.
    fake.setFaults({ slow: { every: 1, delayMs: 300 } });
    try {
      await syncAndKill(path, () => backfill()?.position.before != null, scoped);
    } finally {
      fake.setFaults({});
    }
    expect(backfill()).toMatchObject({ sessions_done: false });
    // 2. During the backfill's tag membership walks.
    await syncAndKill(
      path,
      () => {
        const state = backfill();
        return state !== null && state.sessions_done && state.tags_done.length >= 1;
      },
      scoped,
    );
    expect(backfill()).toMatchObject({ sessions_done: true });

    const final = await startCli([...args(path), ...scoped], { OPENCX_API_TOKEN: fake.token }).done;
    expect(final.stderr).toBe('');
    expect(JSON.parse(final.stdout)).toMatchObject({
      mode: 'delta',
      backfill: { done: true, sessions_upserted: 0 },
    });
    expect(backfill()).toBeNull();
    const { store } = openCacheStore(path);
    try {
      expectCacheEqualsTruth(store, fake);
    } finally {
      store.close();
    }
  }, 40_000);
});
