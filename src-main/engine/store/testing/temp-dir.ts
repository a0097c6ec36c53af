import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCacheStore, type CacheStore } from '../cache-store';

/** A fresh directory under the OS temp dir, and a function that removes it. */
export function makeTempDir(prefix = 'session-desk-store-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  // A worker's read-only connection closes on its own thread after terminate() returns, and
  // SQLite may still drop its -wal or -shm file while the directory goes: retried, not failed.
  return {
    dir,
    remove: () => rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 }),
  };
}

/** A cache store on a real file in a fresh temp dir; `dispose` closes it and removes the dir. */
export function openTempCache(): { store: CacheStore; dir: string; dispose: () => void } {
  const temp = makeTempDir();
  const { store } = openCacheStore(join(temp.dir, 'cache.sqlite'));
  return {
    store,
    dir: temp.dir,
    dispose: () => {
      store.close();
      temp.remove();
    },
  };
}
