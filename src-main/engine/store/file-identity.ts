import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';

/**
 * How a database file of ours is told apart from anything else: the `application_id` in the
 * SQLite header (set by this build on every file it opens), or, for files made by builds before
 * that, a schema version and the tables the first migration creates.
 */
export interface FileIdentity {
  applicationId: number;
  /** Tables every migrated file of ours has (those of the first migration suffice). */
  tables: readonly string[];
}

export type FileVerdict =
  /** No file, an empty one, or an SQLite database with nothing in it: a new database. */
  | { kind: 'new' }
  /** Ours (by application_id, or by schema for a file made before application_id was set). */
  | { kind: 'ours' }
  /** Not ours, in words for a sentence ("an SQLite database of another application"). */
  | { kind: 'foreign'; what: string };

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
/** Enough for the schema of a small database without reading the whole file. */
const PREFIX_BYTES = 8 * 1024 * 1024;
/** A file with application_id 0 larger than this is not read whole to find its tables. */
const MAX_WHOLE_READ_BYTES = 1024 * 1024 * 1024;

/**
 * Says whether the file at `path` is ours, new, or something else, reading only: nothing is
 * written and no -wal/-shm file is created, whatever the file is. Files of ours are known by
 * their header; only a file without an application_id is opened (in memory, from its bytes),
 * to look at its schema. Damage is not judged here (quick_check is the opener's business): a
 * file with our application_id is ours however damaged its pages are.
 */
export function inspectDatabaseFile(path: string, identity: FileIdentity): FileVerdict {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return { kind: 'new' };
  }
  if (!stats.isFile()) return { kind: 'foreign', what: 'not a file' };
  const size = stats.size;
  if (size === 0) return { kind: 'new' };
  const header = readBytes(path, 0, 100);
  if (header.length < 100 || !header.subarray(0, 16).equals(SQLITE_MAGIC)) {
    return { kind: 'foreign', what: 'not an SQLite database' };
  }
  const applicationId = header.readUInt32BE(68);
  if (applicationId === identity.applicationId) return { kind: 'ours' };
  if (applicationId !== 0) {
    return { kind: 'foreign', what: 'an SQLite database of another application' };
  }
  const schema = readSchema(path, size);
  if (schema === null) {
    return { kind: 'foreign', what: 'an SQLite database whose schema cannot be read' };
  }
  const verdict = judge(schema, identity);
  if (verdict.kind !== 'new' || !hasContent(`${path}-wal`)) return verdict;
  // Empty in the main file, but a write-ahead log next to it holds what it really contains
  // (transactions never checkpointed). Read through it only where that creates no file.
  if (!existsSync(`${path}-shm`)) {
    return { kind: 'foreign', what: 'an SQLite database with a write-ahead log not yet saved' };
  }
  const live = liveSchema(path);
  return live
    ? judge(live, identity)
    : { kind: 'foreign', what: 'an SQLite database whose schema cannot be read' };
}

function judge(schema: Schema, identity: FileIdentity): FileVerdict {
  if (schema.applicationId === identity.applicationId) return { kind: 'ours' };
  if (schema.applicationId !== 0) {
    return { kind: 'foreign', what: 'an SQLite database of another application' };
  }
  if (schema.tables.length === 0 && schema.userVersion === 0) return { kind: 'new' };
  const tables = new Set(schema.tables);
  if (schema.userVersion > 0 && identity.tables.every((table) => tables.has(table))) {
    return { kind: 'ours' };
  }
  return { kind: 'foreign', what: 'an SQLite database of another application' };
}

interface Schema {
  applicationId: number;
  userVersion: number;
  tables: string[];
}

/**
 * The schema of the main file, read from a copy in memory (a connection to the file itself
 * would create -wal/-shm files next to a WAL-mode database). The first megabytes hold the schema
 * of most databases; otherwise the whole file is read, up to a limit. Null if unreadable.
 */
function readSchema(path: string, size: number): Schema | null {
  const attempts = size <= PREFIX_BYTES ? [size] : [PREFIX_BYTES, size];
  for (const length of attempts) {
    if (length > MAX_WHOLE_READ_BYTES) return null;
    const schema = schemaOf(readBytes(path, 0, length));
    if (schema) return schema;
  }
  return null;
}

/** The schema through a read-only connection to the file (its -wal and -shm exist already). */
function liveSchema(path: string): Schema | null {
  let db: Database.Database | null = null;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    return readSchemaOf(db);
  } catch {
    return null;
  } finally {
    db?.close();
  }
}

function readSchemaOf(db: Database.Database): Schema {
  return {
    applicationId: db.pragma('application_id', { simple: true }) as number,
    userVersion: db.pragma('user_version', { simple: true }) as number,
    tables: db
      .prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table'")
      .pluck()
      .all(),
  };
}

function schemaOf(bytes: Buffer): Schema | null {
  let db: Database.Database | null = null;
  try {
    // A WAL-mode header cannot be opened in memory; the copy says rollback journal instead
    // (bytes 18 and 19: file format write and read versions). The page count is cleared so
    // that a prefix is taken for the whole file, and a schema that names pages beyond the
    // prefix (statistics tables made later) is read rather than refused: this is a read-only
    // copy in memory, so writable_schema (which needs unsafe mode) cannot harm anything.
    bytes[18] = 1;
    bytes[19] = 1;
    bytes.writeUInt32BE(0, 28);
    db = new Database(bytes, { readonly: true });
    db.unsafeMode(true);
    db.pragma('writable_schema = ON');
    return readSchemaOf(db);
  } catch {
    return null;
  } finally {
    db?.close();
  }
}

function readBytes(path: string, position: number, length: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    let read = 0;
    while (read < length) {
      const n = readSync(fd, buffer, read, length - read, position + read);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

function hasContent(path: string): boolean {
  return existsSync(path) && statSync(path).size > 0;
}
