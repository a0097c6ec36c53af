import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/contract/app-error';
import { openCacheStore } from './cache-store';
import { holdInChild } from './testing/hold-writer-lock-in-child';
import { makeTempDir } from './testing/temp-dir';
import { acquireWriterLock } from './writer-lock';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.remove());

function busyError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('busy');
    return error as AppError;
  }
  throw new Error('expected the second writer to be refused');
}

describe('one writer per cache file', () => {
  it('refuses a second writer with a sentence naming the program that holds the cache', () => {
    const path = join(temp.dir, 'cache.db');
    const first = openCacheStore(path, { program: 'session-desk sync' });
    const error = busyError(() => openCacheStore(path, { lockWaitMs: 0 }));
    expect(error.message).toMatch(
      new RegExp(
        `^The cache at ${path} is in use by session-desk sync \\(pid ${process.pid} on .+, since .+\\); ` +
          'only one program can write a cache at a time\\. Wait for it to finish or close it, then try again\\.$',
      ),
    );
    first.store.close();
    const second = openCacheStore(path, { lockWaitMs: 0 });
    second.store.close();
  });

  it('refuses a writer in another process, naming it', async () => {
    const path = join(temp.dir, 'cache.db');
    const holder = await holdInChild(path, 0);
    try {
      const error = busyError(() => openCacheStore(path, { lockWaitMs: 100 }));
      expect(error.message).toContain(`in use by the lock test helper (pid ${holder.child.pid} `);
    } finally {
      holder.child.kill('SIGKILL');
      await holder.exited;
    }
  });

  it('waits for a writer that finishes within the wait', async () => {
    const path = join(temp.dir, 'cache.db');
    await holdInChild(path, 400);
    const started = Date.now();
    const { store } = openCacheStore(path, { lockWaitMs: 10_000 });
    expect(Date.now() - started).toBeGreaterThan(100);
    store.close();
  });

  it('is free again as soon as a holder is killed with SIGKILL', async () => {
    const path = join(temp.dir, 'cache.db');
    const holder = await holdInChild(path, 0);
    holder.child.kill('SIGKILL');
    expect(await holder.exited).toBe('SIGKILL');
    const { store } = openCacheStore(path, { lockWaitMs: 0 });
    store.close();
  });

  it('leaves the lock file and no holder description once released', () => {
    const path = join(temp.dir, 'cache.db');
    const lock = acquireWriterLock(path, { program: 'test' });
    expect(existsSync(`${path}.lock-holder`)).toBe(true);
    lock.release();
    lock.release();
    expect(readdirSync(temp.dir).sort()).toEqual(['cache.db.lock']);
  });

  it('removes its files when asked, and a later writer starts over', () => {
    const path = join(temp.dir, 'cache.db');
    acquireWriterLock(path, { program: 'test' }).releaseAndRemoveFiles();
    expect(readdirSync(temp.dir)).toEqual([]);
    const again = acquireWriterLock(path, { program: 'test', waitMs: 0 });
    again.release();
  });
});
