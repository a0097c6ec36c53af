import { rmSync } from 'node:fs';
import { cacheMigrations } from './migrations/cache';
import { startIntegrityCheck, type BackgroundIntegrityCheck } from './background-integrity-check';
import { openDatabase, type OpenDatabaseOptions } from './open-database';
import { mintCacheWriter, readerOf, writeTransaction } from './cache/cache-handles';
import { commitHeldWrites, holdWrites, settleHeldWrites, type HeldBatch } from './cache/held-batch';
import { CACHE_IDENTITY } from './cache/cache-identity';
import { CACHE_PAGE_SIZE } from './cache/cache-page-size';
import { cacheReads, type CacheReads } from './cache/cache-reads';
import { deferredIndexWrites, type DeferredIndexWrites } from './cache/deferred-indexes';
import { buildDeferredIndexesOffThread } from './cache/deferred-indexes-off-thread';
import { deletionSweepWrites, type DeletionSweepWrites } from './cache/deletion-sweeps';
import { plannerStatistics } from './cache/planner-statistics';
import { sessionWrites, type SessionWrites } from './cache/session-writes';
import { syncStateWrites, type SyncStateWrites } from './cache/sync-state-store';
import { tagWrites, type TagWrites } from './cache/tag-writes';
import { tombstoneWrites, type TombstoneWrites } from './cache/tombstones';
import { transcriptWrites, type TranscriptWrites } from './cache/transcript-store';

// The cache's writer: the one process that syncs a cache opens it here, under its writer lock,
// and gets the read interface (./cache/cache-reads.ts) plus every write, one concept per file in
// ./cache. Programs that only read open ./cache/open-cache-reader.ts instead.

/** The cache's write interface (with its reads): what sync and the service hold for an account. */
export interface CacheStore
  extends
    CacheReads,
    SessionWrites,
    TombstoneWrites,
    DeletionSweepWrites,
    TagWrites,
    TranscriptWrites,
    SyncStateWrites,
    DeferredIndexWrites {
  /** Runs `fn` in one IMMEDIATE transaction (nested calls become savepoints). */
  transaction<T>(fn: () => T): T;
  /**
   * A batch of writes held in one transaction across turns of the event loop (see HeldBatch):
   * the sync stores each page as it arrives and commits many at once. Any other write
   * transaction, `optimize` and `close` commit it first.
   */
  holdWrites(): HeldBatch;
  /**
   * Refreshes the planner's statistics (bounded ANALYZE); call after a full sync or a large
   * delta. Without statistics SQLite may pick an index that scans the whole table.
   */
  optimize(): void;
  /**
   * Builds the indexes a first sync set aside, but those in `except`, on a thread of its own
   * (deferred-indexes-off-thread.ts), after committing what a held batch holds. Write nothing
   * until it settles. Resolves with how many it built; those it did not stay set aside.
   * `onBuilt` follows each index built, with how many of all those set aside.
   */
  buildDeferredIndexesOffThread(
    except: readonly string[],
    signal: AbortSignal,
    onBuilt?: (built: number, of: number) => void,
  ): Promise<number>;
  /** Closes the database, then gives up the writer lock. Idempotent. */
  close(): void;
  /**
   * Closes the database and removes its file with every companion, the writer lock's included:
   * for a first sync that failed before storing anything. The files go while the lock is held.
   */
  closeAndRemoveFiles(): void;
}

export interface OpenedCacheStore {
  store: CacheStore;
  /** Where a damaged cache file was moved to before a fresh one was started, else null. */
  recoveredFrom: string | null;
  /**
   * With integrityCheck 'background': the check running on the file (cancelled by
   * `store.close()`). A 'damaged' verdict means the file must be closed and moved aside
   * (quarantineDatabase) by whoever holds the store. Null when the check ran before opening.
   */
  integrity: BackgroundIntegrityCheck | null;
}

export interface OpenCacheStoreOptions extends Pick<OpenDatabaseOptions, 'now' | 'busyTimeoutMs'> {
  /** Who writes, for the sentence another writer is refused with (default "Session Desk"). */
  program?: string;
  /** How long to wait for another writer of the same file before refusing (default 2 s). */
  lockWaitMs?: number;
  /**
   * A file at `path` that is not a Session Desk cache is refused and left as it was (the
   * default: the path may be anything a user typed); 'quarantine' takes it for a damaged cache
   * and moves it aside, for a path in the app's own data folder.
   */
  unrecognisedFile?: 'refuse' | 'quarantine';
  /**
   * 'before-open' (the default): PRAGMA quick_check reads every page before the store is
   * returned (about 4 s per million sessions). 'background': only the schema is checked before;
   * the full check runs off this thread afterwards (see `integrity`), so the first answer does
   * not wait for it.
   */
  integrityCheck?: 'before-open' | 'background';
  /** With integrityCheck 'background': wait this long before starting it (default 2 s). */
  integrityCheckDelayMs?: number;
  /** With integrityCheck 'background': start it once this settles instead. */
  integrityCheckAfter?: Promise<void>;
}

/**
 * Opens the per-account cache (synchronous=NORMAL: WAL keeps it consistent, sync re-fetches),
 * as its only writer: the writer lock is held until `store.close()`. Throws AppError `busy`
 * naming the other writer, NotOurFileError for a file that is not a Session Desk cache (left
 * untouched), DatabaseTooNewError for a cache of a newer build.
 */
export function openCacheStore(
  path: string,
  options: OpenCacheStoreOptions = {},
): OpenedCacheStore {
  const opened = openDatabase(path, {
    ...(options.now ? { now: options.now } : {}),
    ...(options.busyTimeoutMs !== undefined ? { busyTimeoutMs: options.busyTimeoutMs } : {}),
    migrations: cacheMigrations,
    synchronous: 'NORMAL',
    cacheSizeKiB: 64 * 1024,
    // A checkpoint copies every page the log holds into the file and syncs it. A sync writes
    // the same index pages (session ids, contacts, custom values: random keys) commit after
    // commit, so checkpointing every 1,000 frames (the default) rewrote them into the file
    // again and again: about 30 µs of CPU per session synced at 100,000 sessions, a sixth of
    // the writes (bench/profile-writes.ts). 64 MiB is 16,384 frames of 4 KiB.
    walAutocheckpointBytes: 64 * 1024 * 1024,
    newFilePageSize: CACHE_PAGE_SIZE,
    integrityCheck: options.integrityCheck === 'background' ? 'deferred' : 'before-open',
    identity: {
      ...CACHE_IDENTITY,
      name: 'Session Desk cache',
      unrecognised: options.unrecognisedFile ?? 'refuse',
    },
    writerLock: {
      program: options.program ?? 'Session Desk',
      ...(options.lockWaitMs !== undefined ? { waitMs: options.lockWaitMs } : {}),
    },
  });
  const { db, lock } = opened;
  const integrity =
    options.integrityCheck === 'background'
      ? startIntegrityCheck(
          path,
          options.integrityCheckAfter
            ? { after: options.integrityCheckAfter }
            : { delayMs: options.integrityCheckDelayMs ?? 2_000 },
        )
      : null;
  try {
    const writer = mintCacheWriter(db);
    // Reads in the writing process share the writer's connection: they see its commits at once.
    const reads = cacheReads(readerOf(writer));
    const statistics = plannerStatistics(writer, reads.countSessions);
    const tombstones = tombstoneWrites(writer);
    const deferred = deferredIndexWrites(writer);
    const store: CacheStore = {
      ...reads,
      // A held batch defers some of its work to its commit (the counts' sums, session-writes):
      // what reads here sees the batch's rows, so it gets that work written into it first.
      get reader() {
        settleHeldWrites(writer);
        return reads.reader;
      },
      countSessions() {
        settleHeldWrites(writer);
        return reads.countSessions();
      },
      ...sessionWrites(writer, statistics.refreshIfGrown),
      ...tombstones,
      ...deletionSweepWrites(writer, tombstones),
      ...tagWrites(writer),
      ...transcriptWrites(writer),
      ...syncStateWrites(writer),
      ...deferred,
      transaction: (fn) => writeTransaction(writer, fn),
      holdWrites: () => holdWrites(writer),
      optimize() {
        commitHeldWrites(writer);
        statistics.optimize();
      },
      buildDeferredIndexesOffThread(except, signal, onBuilt) {
        commitHeldWrites(writer);
        // Inside someone's transaction the worker would wait on it: build here later instead.
        if (writer.inTransaction || deferred.deferredIndexCount() === 0) return Promise.resolve(0);
        return buildDeferredIndexesOffThread(path, {
          except,
          signal,
          ...(onBuilt ? { onBuilt } : {}),
        });
      },
      close() {
        integrity?.cancel();
        try {
          if (db.open) {
            // Everything a held batch took is whole (a page with its resume point): keep it.
            commitHeldWrites(writer);
            db.pragma('optimize');
            db.close();
          }
        } finally {
          lock?.release();
        }
      },
      closeAndRemoveFiles() {
        integrity?.cancel();
        if (db.open) db.close();
        for (const suffix of ['', '-wal', '-shm', '-journal']) {
          rmSync(path + suffix, { force: true });
        }
        lock?.releaseAndRemoveFiles();
      },
    };
    return { store, recoveredFrom: opened.recoveredFrom, integrity };
  } catch (error) {
    integrity?.cancel();
    db.close();
    lock?.release();
    throw error;
  }
}
