import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { SORTER_CACHE_KIB } from './deferred-indexes';

// The indexes a first sync set aside (deferred-indexes.ts), built on a thread of their own while
// the engine's thread goes on with work that does not write to the cache: a full pass's last tag
// walks. Those are chains of requests, each sent when the page before is answered; built on the
// engine's thread, every index stalled every chain for as long as it took, so the walks ended
// later by about as much as the builds had taken (a first sync of 100,000 sessions: tags ended
// 1.75-2.1 s after the sessions instead of 0.85-1.1 s, and the sync gained nothing). Here they run
// side by side: from the last session page to the sync's end took 0.3 s less in four of five
// alternating pairs (medians 2.81 s against 2.94 s on a slow machine); the thread's build is
// slower than the engine's own (1-1.4 s against 0.8 s: it shares the cores with the server and
// starts with a cold page cache), so the tags are stored when it ends, not when they arrive.
//
// The worker's connection is a second writer of the file, within the process that holds its
// writer lock: the caller commits what it holds first and writes nothing until the build
// settles (a write meanwhile would wait out one index's build, as SQLite's busy timeout
// allows). Each index is built and its record removed in one transaction, as
// buildDeferredIndexes does, so whatever is not built (a failure, a cancel) is still recorded and
// the next buildDeferredIndexes builds it.

export interface OffThreadBuild {
  /** Indexes to leave set aside (built later by the caller). */
  except: readonly string[];
  /** Stops after the index being built (whose transaction then commits or rolls back whole). */
  signal: AbortSignal;
  /** After each index built: how many so far, of how many were set aside (`except` counted). */
  onBuilt?: (built: number, of: number) => void;
}

// CommonJS run by the worker (eval): no file of its own to bundle, so it works the same from the
// sources (tests, tsx) and from the built engine worker.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.modulePath);
let db = null;
try {
  db = new Database(workerData.path, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -' + workerData.sorterCacheKiB);
  const present = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ?").pluck();
  const forget = db.prepare('DELETE FROM deferred_indexes WHERE name = ?');
  const deferred = db.prepare('SELECT name, sql FROM deferred_indexes ORDER BY name').all();
  parentPort.postMessage({ of: deferred.length });
  for (const { name, sql } of deferred) {
    if (workerData.except.includes(name)) continue;
    db.transaction(() => {
      if (!present.get(name)) db.exec(sql);
      forget.run(name);
    }).immediate();
    parentPort.postMessage({ built: name });
  }
} finally {
  if (db) db.close();
}
`;

type WorkerMessage = { of: number } | { built: string };

/**
 * Builds the indexes set aside in the cache at `path`, but those in `except`, on a worker
 * thread. Resolves with how many it built once the worker has ended (its connection closed);
 * never rejects: an index it could not build stays set aside for buildDeferredIndexes, which
 * then says why.
 */
export function buildDeferredIndexesOffThread(
  path: string,
  build: OffThreadBuild,
): Promise<number> {
  if (build.signal.aborted) return Promise.resolve(0);
  return new Promise((resolve) => {
    let built = 0;
    let of = 0;
    let worker: Worker;
    try {
      const modulePath = createRequire(import.meta.url).resolve('better-sqlite3');
      worker = new Worker(WORKER_SOURCE, {
        eval: true,
        // CommonJS whatever flags the process was started with.
        execArgv: [],
        workerData: {
          path,
          modulePath,
          except: [...build.except],
          sorterCacheKiB: SORTER_CACHE_KIB,
        },
      });
    } catch {
      resolve(0);
      return;
    }
    const stop = () => void worker.terminate();
    build.signal.addEventListener('abort', stop, { once: true });
    worker.on('message', (message: WorkerMessage) => {
      if ('of' in message) of = message.of;
      if ('built' in message) {
        built += 1;
        build.onBuilt?.(built, of);
      }
    });
    // A failure ends the worker: what it did not build stays set aside (see above).
    worker.on('error', () => undefined);
    worker.once('exit', () => {
      build.signal.removeEventListener('abort', stop);
      resolve(built);
    });
  });
}
