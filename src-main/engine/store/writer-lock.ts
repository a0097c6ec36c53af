import {
  closeSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import Database from 'better-sqlite3';
import { AppError } from '../../../src-shared/contract/app-error';

/**
 * One writer per cache file, across processes: the desktop app, the web host and the CLI may all
 * point at one file. The lock is an exclusive SQLite lock on a companion file `<cache>.lock`,
 * held by a connection in `locking_mode = EXCLUSIVE` for as long as the writer lives. SQLite's
 * locks are the OS's (fcntl on POSIX, LockFileEx on Windows), so the OS releases them when the
 * holder ends, even under kill -9; there is no stale lock to clean up. Who holds it is written to
 * `<cache>.lock-holder`, so that a second writer can say so.
 */
export interface WriterLock {
  readonly path: string;
  readonly holder: LockHolder;
  /** Gives the lock up. Idempotent. */
  release(): void;
  /**
   * Gives the lock up and removes the lock's own files, for a caller that is also removing the
   * cache (a first sync that failed). Safe against a waiter: one that acquired a lock on the
   * removed file notices and locks the new one instead.
   */
  releaseAndRemoveFiles(): void;
}

export interface LockHolder {
  pid: number;
  /** What holds the cache, in words: "session-desk sync", "Session Desk app". */
  program: string;
  host: string;
  since: string;
}

export interface WriterLockOptions {
  program: string;
  /** How long to wait for another writer to finish before refusing (default 2 s). */
  waitMs?: number;
  now?: () => Date;
}

export const lockPathOf = (cachePath: string): string => `${cachePath}.lock`;
export const holderPathOf = (cachePath: string): string => `${cachePath}.lock-holder`;

/**
 * Takes the writer lock of the cache at `cachePath`, waiting up to `waitMs` for another writer.
 * Throws AppError `busy` naming the holder when it is still held; filesystem errors (an
 * unwritable folder) are thrown as they are, for the caller to word.
 */
export function acquireWriterLock(cachePath: string, options: WriterLockOptions): WriterLock {
  const lockPath = lockPathOf(cachePath);
  const deadline = Date.now() + Math.max(0, options.waitMs ?? 2_000);
  for (;;) {
    // Create the file ourselves, so its identity can be compared after locking it (below).
    closeSync(openSync(lockPath, 'a'));
    const before = statSync(lockPath);
    const db = new Database(lockPath, {
      fileMustExist: true,
      timeout: Math.max(0, deadline - Date.now()),
    });
    try {
      db.pragma('locking_mode = EXCLUSIVE');
      // With locking_mode EXCLUSIVE the lock BEGIN EXCLUSIVE takes is kept after COMMIT,
      // until the connection closes. SQLite's busy timeout does the waiting.
      db.exec('BEGIN EXCLUSIVE; COMMIT');
    } catch (error) {
      db.close();
      if (isBusy(error)) throw new AppError('busy', busyMessage(cachePath, readHolder(cachePath)));
      throw error;
    }
    // A previous holder may have removed the file (releaseAndRemoveFiles) while we waited on
    // it: then we hold a lock nobody else will look at. Lock whatever is at the path now.
    if (sameFile(before, lockPath)) {
      return heldLock(cachePath, db, options);
    }
    db.close();
    if (Date.now() > deadline) {
      throw new AppError('busy', busyMessage(cachePath, readHolder(cachePath)));
    }
  }
}

function heldLock(cachePath: string, db: Database.Database, options: WriterLockOptions) {
  const holder: LockHolder = {
    pid: process.pid,
    program: options.program,
    host: hostname(),
    since: (options.now?.() ?? new Date()).toISOString(),
  };
  const holderPath = holderPathOf(cachePath);
  try {
    const temp = `${holderPath}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(holder)}\n`);
    renameSync(temp, holderPath);
  } catch {
    // Only the description is lost: the lock itself is held.
  }
  let held = true;
  const release = (removeFiles: boolean) => {
    if (!held) return;
    held = false;
    // Removed while the lock is still held, so it never describes the next holder.
    try {
      rmSync(holderPath, { force: true });
    } catch {
      // A stale description is harmless: the next holder overwrites it.
    }
    if (!removeFiles) {
      db.close();
      return;
    }
    try {
      rmSync(lockPathOf(cachePath), { force: true });
      db.close();
    } catch {
      // Windows refuses to remove a file that is open: close first, then remove.
      db.close();
      rmSync(lockPathOf(cachePath), { force: true });
    }
  };
  return {
    path: lockPathOf(cachePath),
    holder,
    release: () => release(false),
    releaseAndRemoveFiles: () => release(true),
  };
}

/** Who holds the cache, as its holder wrote it, or null if it did not (yet) or is unreadable. */
export function readHolder(cachePath: string): LockHolder | null {
  try {
    const value = JSON.parse(readFileSync(holderPathOf(cachePath), 'utf8')) as Partial<LockHolder>;
    if (typeof value.pid !== 'number' || typeof value.program !== 'string') return null;
    return {
      pid: value.pid,
      program: value.program,
      host: typeof value.host === 'string' ? value.host : 'unknown host',
      since: typeof value.since === 'string' ? value.since : 'unknown time',
    };
  } catch {
    return null;
  }
}

function busyMessage(cachePath: string, holder: LockHolder | null): string {
  const who = holder
    ? `${holder.program} (pid ${holder.pid} on ${holder.host}, since ${holder.since})`
    : 'another program';
  return (
    `The cache at ${cachePath} is in use by ${who}; only one program can write a cache at a ` +
    'time. Wait for it to finish or close it, then try again.'
  );
}

function sameFile(before: { dev: number; ino: number }, path: string): boolean {
  try {
    const now = statSync(path);
    return now.dev === before.dev && now.ino === before.ino;
  } catch {
    return false;
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code === 'SQLITE_LOCKED');
}
