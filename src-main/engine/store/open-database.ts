import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import {
  DatabaseTooNewError,
  migrate,
  readUserVersion,
  type Migration,
  type MigrationReport,
} from './migrate';
import { quarantineDatabase } from './quarantine-database';

export type SynchronousLevel = 'NORMAL' | 'FULL';

export interface OpenDatabaseOptions {
  migrations: readonly Migration[];
  /** NORMAL for the cache (WAL makes it crash-safe, a lost last commit is re-synced); FULL for user data. */
  synchronous: SynchronousLevel;
  /** Clock for the quarantine file name. */
  now?: () => Date;
  busyTimeoutMs?: number;
  /** Page cache per connection in KiB (SQLite's default is 2 MiB, too small for a 100k cache). */
  cacheSizeKiB?: number;
}

export interface OpenedDatabase {
  db: Database.Database;
  /** Where a damaged file found at `path` was moved to, or null if the file was sound (or new). */
  recoveredFrom: string | null;
  migration: MigrationReport;
}

/**
 * Opens (creating if needed) the SQLite file at `path`, sets the connection pragmas and migrates
 * it. A file that is not a database or fails `PRAGMA quick_check` is moved aside and replaced by
 * a fresh one; `recoveredFrom` says so, so the UI can tell the user.
 * Throws DatabaseTooNewError (from ./migrate) for a database written by a newer build.
 */
export function openDatabase(path: string, options: OpenDatabaseOptions): OpenedDatabase {
  const now = options.now ?? (() => new Date());
  mkdirSync(dirname(path), { recursive: true });
  let recoveredFrom: string | null = null;
  let db = tryOpenSound(path);
  if (!db) {
    recoveredFrom = quarantineDatabase(path, now());
    db = tryOpenSound(path);
    if (!db) throw new Error(`A fresh database at ${path} could not be created.`);
  }
  try {
    // Refuse a newer schema before anything writes to the file (switching to WAL does).
    const found = readUserVersion(db);
    const known = options.migrations.length;
    if (found > known) throw new DatabaseTooNewError(path, found, known);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
    db.pragma(`synchronous = ${options.synchronous}`);
    if (options.cacheSizeKiB !== undefined) {
      db.pragma(`cache_size = -${Math.max(256, Math.trunc(options.cacheSizeKiB))}`);
    }
    const migration = migrate(db, options.migrations, path);
    return { db, recoveredFrom, migration };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The open database if the file is sound (or absent), null if it is damaged. */
function tryOpenSound(path: string): Database.Database | null {
  const existed = existsSync(path);
  let db: Database.Database;
  try {
    db = new Database(path);
  } catch (error) {
    if (existed && isCorruptionError(error)) return null;
    throw error;
  }
  try {
    // Reads only: a damaged file is detected here without being written to.
    if (existed && !quickCheckPasses(db)) {
      db.close();
      return null;
    }
    return db;
  } catch (error) {
    db.close();
    if (existed && isCorruptionError(error)) return null;
    throw error;
  }
}

function quickCheckPasses(db: Database.Database): boolean {
  const rows = db.pragma('quick_check') as Array<Record<string, unknown>>;
  return rows.length === 1 && Object.values(rows[0] ?? {})[0] === 'ok';
}

/** True for SQLite's "not a database" and "malformed" errors, which a rebuild can cure. */
export function isCorruptionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as Error & { code?: unknown }).code;
  return (
    typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB')
  );
}
