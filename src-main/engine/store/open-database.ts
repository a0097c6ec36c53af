import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../../src-shared/contract/app-error';
import { inspectDatabaseFile, type FileIdentity } from './file-identity';
import {
  DatabaseTooNewError,
  migrate,
  readUserVersion,
  type Migration,
  type MigrationReport,
} from './migrate';
import { quarantineDatabase } from './quarantine-database';
import { acquireWriterLock, type WriterLock, type WriterLockOptions } from './writer-lock';

export type SynchronousLevel = 'NORMAL' | 'FULL';

export interface DatabaseIdentity extends FileIdentity {
  /** What a file of ours is called in a sentence: "Session Desk cache". */
  name: string;
  /**
   * What to do with a file that is not recognisably ours: refuse it, leaving it as it was (the
   * default, for a path the user named), or take it for a damaged file of ours and move it
   * aside (for a path in the app's own data folder, where nothing else belongs).
   */
  unrecognised?: 'refuse' | 'quarantine';
}

export interface OpenDatabaseOptions {
  migrations: readonly Migration[];
  /** NORMAL for the cache (WAL makes it crash-safe, a lost last commit is re-synced); FULL for user data. */
  synchronous: SynchronousLevel;
  /** Clock for the quarantine file name. */
  now?: () => Date;
  busyTimeoutMs?: number;
  /** Page cache per connection in KiB (SQLite's default is 2 MiB, too small for a 100k cache). */
  cacheSizeKiB?: number;
  /**
   * The page size of a file this call creates (SQLite's default is 4 KiB). A file that already
   * has pages keeps its own: changing it means rewriting the whole file, which WAL forbids.
   */
  newFilePageSize?: number;
  /**
   * The log's size in bytes after which a commit checkpoints it into the file (SQLite's default
   * is 1,000 pages). The log is also cut back to this size after a checkpoint.
   */
  walAutocheckpointBytes?: number;
  /**
   * How files of ours are known. Given, a file that is not ours is never written to, and new
   * files get the application_id. Without it any file at the path is taken as ours.
   */
  identity?: DatabaseIdentity;
  /** Take the file's writer lock (./writer-lock) first, and hold it while the connection lives. */
  writerLock?: WriterLockOptions;
  /**
   * 'before-open' (the default): PRAGMA quick_check, which reads every page, before the file is
   * used. 'deferred': only what opening reads (the header and the schema) is checked here; the
   * caller runs the full check later (./background-integrity-check) and moves a damaged file
   * aside then. For large files whose first answer must not wait for a read of every page.
   */
  integrityCheck?: 'before-open' | 'deferred';
}

export interface OpenedDatabase {
  db: Database.Database;
  /** Where a damaged file found at `path` was moved to, or null if the file was sound (or new). */
  recoveredFrom: string | null;
  migration: MigrationReport;
  /** The writer lock, held until released: release it after closing `db`. */
  lock: WriterLock | null;
}

/**
 * Opens (creating if needed) the SQLite file at `path`, sets the connection pragmas and migrates
 * it. With `identity`, a file that is not ours is refused with a sentence (NotOurFileError) and
 * left byte for byte as it was. A file of ours that fails `PRAGMA quick_check` (only its schema
 * with integrityCheck 'deferred'; or, without `identity`, any file that is not a sound database)
 * is moved aside and replaced by a fresh one; `recoveredFrom` says where it went, so the user can
 * be told.
 * Throws DatabaseTooNewError (from ./migrate) for a database written by a newer build,
 * AppError `busy` when another writer holds the writer lock, and an AppError naming the path
 * when the file or its folder cannot be written.
 */
export function openDatabase(path: string, options: OpenDatabaseOptions): OpenedDatabase {
  try {
    return open(path, options);
  } catch (error) {
    throw unwritableError(path, error) ?? error;
  }
}

/** A file at a path given for a database of ours that is something else; nothing was written. */
export class NotOurFileError extends AppError {
  constructor(
    readonly path: string,
    name: string,
    what: string,
  ) {
    super('invalid_input', `${path} is not a ${name} (${what}); it was left as it was.`);
    this.name = 'NotOurFileError';
  }
}

function open(path: string, options: OpenDatabaseOptions): OpenedDatabase {
  const now = options.now ?? (() => new Date());
  const { identity } = options;
  // Refused before anything is created next to it (the writer lock's files included).
  if (identity && refuses(identity)) {
    const verdict = inspectDatabaseFile(path, identity);
    if (verdict.kind === 'foreign') throw new NotOurFileError(path, identity.name, verdict.what);
  }
  mkdirSync(dirname(path), { recursive: true });
  const lock = options.writerLock ? acquireWriterLock(path, options.writerLock) : null;
  try {
    let recoveredFrom: string | null = null;
    // Again under the lock: another writer may have created the file meanwhile.
    const verdict = identity ? inspectDatabaseFile(path, identity) : null;
    if (identity && verdict?.kind === 'foreign') {
      if (refuses(identity)) throw new NotOurFileError(path, identity.name, verdict.what);
      recoveredFrom = quarantineDatabase(path, now());
    }
    const check = options.integrityCheck ?? 'before-open';
    let db = tryOpenSound(path, check);
    if (!db) {
      recoveredFrom = quarantineDatabase(path, now());
      db = tryOpenSound(path, check);
      if (!db) throw new Error(`A fresh database at ${path} could not be created.`);
    }
    try {
      // Refuse a newer schema before anything writes to the file (switching to WAL does).
      const found = readUserVersion(db);
      const known = options.migrations.length;
      if (found > known) throw new DatabaseTooNewError(path, found, known);
      // Before the first write, which fixes a new file's page size (a no-op on any other file).
      if (options.newFilePageSize !== undefined) {
        db.pragma(`page_size = ${Math.trunc(options.newFilePageSize)}`);
      }
      // Before WAL, so that a new file carries it in its header from its first write.
      const marked = identity ? markAsOurs(db, identity.applicationId) : false;
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
      db.pragma(`synchronous = ${options.synchronous}`);
      if (options.cacheSizeKiB !== undefined) {
        db.pragma(`cache_size = -${Math.max(256, Math.trunc(options.cacheSizeKiB))}`);
      }
      if (options.walAutocheckpointBytes !== undefined) {
        const pageSize = db.pragma('page_size', { simple: true }) as number;
        const pages = Math.max(1, Math.trunc(options.walAutocheckpointBytes / pageSize));
        db.pragma(`wal_autocheckpoint = ${pages}`);
        db.pragma(`journal_size_limit = ${pages * pageSize}`);
      }
      const migration = migrate(db, options.migrations, path);
      // A file made by an earlier build got its application_id in the log: into the file with it.
      if (marked) db.pragma('wal_checkpoint(PASSIVE)');
      return { db, recoveredFrom, migration, lock };
    } catch (error) {
      db.close();
      throw error;
    }
  } catch (error) {
    lock?.release();
    throw error;
  }
}

const refuses = (identity: DatabaseIdentity) => (identity.unrecognised ?? 'refuse') === 'refuse';

/** Sets the application_id if it is not set yet; true if it wrote. */
function markAsOurs(db: Database.Database, applicationId: number): boolean {
  if (db.pragma('application_id', { simple: true }) === applicationId) return false;
  db.pragma(`application_id = ${applicationId}`);
  return true;
}

/**
 * The open database if the file is sound (or absent), null if it is damaged. 'deferred' checks
 * only the schema, which every use reads first.
 */
function tryOpenSound(path: string, check: 'before-open' | 'deferred'): Database.Database | null {
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
    const sound = check === 'deferred' ? schemaReadable(db) : quickCheckPasses(db);
    if (existed && !sound) {
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

/** Reads the whole schema (throws SQLITE_CORRUPT or NOTADB when it is damaged). */
function schemaReadable(db: Database.Database): boolean {
  db.prepare('SELECT count(*) FROM sqlite_schema').get();
  return true;
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

/** The same failure as one sentence naming the path, when it is about being unable to write. */
function unwritableError(path: string, error: unknown): AppError | null {
  if (error instanceof AppError || !(error instanceof Error)) return null;
  const code = (error as Error & { code?: unknown }).code;
  if (typeof code !== 'string') return null;
  let reason: string | null = null;
  if (code === 'EACCES' || code === 'EPERM' || code === 'SQLITE_PERM') reason = 'permission denied';
  else if (code === 'EROFS') reason = 'the file system is read-only';
  else if (code.startsWith('SQLITE_READONLY')) reason = 'the file or its folder is read-only';
  else if (code.startsWith('SQLITE_CANTOPEN')) reason = 'it cannot be opened for writing';
  if (reason === null) return null;
  return new AppError(
    'internal',
    `The database at ${path} cannot be written (${reason}); make sure the file and its folder are writable.`,
    { cause: error },
  );
}
