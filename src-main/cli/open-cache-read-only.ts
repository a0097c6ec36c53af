import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { CACHE_IDENTITY } from '../engine/store/cache-store';
import { inspectDatabaseFile } from '../engine/store/file-identity';
import { cacheMigrations } from '../engine/store/migrations/cache';
import { UsageError } from './cli-error';

/**
 * Opens a Session Desk cache for reading only. Unlike the engine's opener this never repairs,
 * quarantines or migrates: a file that is not this build's cache is refused with one sentence,
 * and left exactly as it was.
 */
export function openCacheReadOnly(path: string): Database.Database {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new UsageError(`There is no database at ${path}.`);
  }
  if (!isFile) throw new UsageError(`${path} is not a file.`);
  // Judged from its bytes first: opening another application's WAL-mode database, even read
  // only, would leave -wal and -shm files next to it.
  const verdict = inspectDatabaseFile(path, CACHE_IDENTITY);
  if (verdict.kind === 'foreign') {
    throw new UsageError(`${path} is not a Session Desk cache (${verdict.what}).`);
  }
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new UsageError(`Cannot open ${path} for reading (${describe(error)}).`);
  }
  let version: number;
  try {
    version = db.pragma('user_version', { simple: true }) as number;
  } catch {
    db.close();
    throw new UsageError(`${path} is not a Session Desk cache (not an SQLite database).`);
  }
  if (version !== cacheMigrations.length) {
    db.close();
    throw new UsageError(
      version === 0
        ? `${path} is not a Session Desk cache (an SQLite database without its schema).`
        : `${path} is a Session Desk cache of schema version ${version}; this build reads version ${cacheMigrations.length}. Run a sync with this build to upgrade it.`,
    );
  }
  return db;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
