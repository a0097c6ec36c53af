import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { AppError } from '../../../../src-shared/contract/app-error';
import { inspectDatabaseFile } from '../file-identity';
import { cacheMigrations } from '../migrations/cache';
import { CACHE_IDENTITY } from './cache-identity';
import { mintCacheReader } from './cache-handles';
import { cacheReads, type CacheReads } from './cache-reads';

/** A cache opened for reading only, by a program that does not write it (the CLI's query). */
export interface ReadOnlyCache extends CacheReads {
  /** Closes the connection. Idempotent. */
  close(): void;
}

/**
 * Opens a Session Desk cache for reading only: no writer lock, SQLite's read-only mode, so a
 * write through it fails whatever the caller does. Unlike the writer's opener this never repairs,
 * quarantines or migrates: a path that is missing, or a file that is not this build's cache, is
 * refused with one sentence (AppError invalid_input), and left exactly as it was.
 */
export function openCacheReader(path: string): ReadOnlyCache {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw refused(`There is no database at ${path}.`);
  }
  if (!isFile) throw refused(`${path} is not a file.`);
  // Judged from its bytes first: opening another application's WAL-mode database, even read
  // only, would leave -wal and -shm files next to it.
  const verdict = inspectDatabaseFile(path, CACHE_IDENTITY);
  if (verdict.kind === 'foreign') {
    throw refused(`${path} is not a Session Desk cache (${verdict.what}).`);
  }
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw refused(`Cannot open ${path} for reading (${describe(error)}).`);
  }
  try {
    checkSchemaVersion(db, path);
    const reads = cacheReads(mintCacheReader(db));
    return {
      ...reads,
      close() {
        if (db.open) db.close();
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}

function checkSchemaVersion(db: Database.Database, path: string): void {
  let version: number;
  try {
    version = db.pragma('user_version', { simple: true }) as number;
  } catch {
    throw refused(`${path} is not a Session Desk cache (not an SQLite database).`);
  }
  if (version !== cacheMigrations.length) {
    throw refused(
      version === 0
        ? `${path} is not a Session Desk cache (an SQLite database without its schema).`
        : `${path} is a Session Desk cache of schema version ${version}; this build reads version ${cacheMigrations.length}. Run a sync with this build to upgrade it.`,
    );
  }
}

const refused = (message: string) => new AppError('invalid_input', message);

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
