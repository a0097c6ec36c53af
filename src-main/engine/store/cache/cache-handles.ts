import type Database from 'better-sqlite3';
import { insideHeldWrite } from './held-batch';

// The two kinds of handle on a cache (Signal Desktop's ReadableDB / WritableDB are the model).
// A CacheReader can prepare statements that fetch rows and read in a snapshot; nothing typed
// CacheReader can exec, open a write transaction, set a pragma or run a statement, so a function
// that takes a reader cannot write, and the compiler says so. A CacheWriter is the cache's one
// writing connection, held under the writer lock. A reader is never accepted where a writer is
// asked for. Both are the better-sqlite3 connection at run time: the brands cost nothing.
// Only the store's openers mint them (open-cache-reader.ts, ../cache-store.ts).

declare const readable: unique symbol;
declare const writable: unique symbol;

/** A prepared statement on a reader: it fetches rows, it cannot run. */
export interface ReadStatement<Params extends unknown[], Row> {
  readonly source: string;
  get(...params: Params): Row | undefined;
  all(...params: Params): Row[];
  iterate(...params: Params): IterableIterator<Row>;
  /** Rows as their first column's value. Give `Row` as that value's type. */
  pluck(toggle?: boolean): ReadStatement<Params, Row>;
  /** Rows as arrays of values. Give `Row` as that array's type. */
  raw(toggle?: boolean): ReadStatement<Params, Row>;
  columns(): Database.ColumnDefinition[];
}

/** A connection that may only read the cache: what query/ and every read handler take. */
export interface CacheReader {
  readonly [readable]: true;
  prepare<Params extends unknown[] | object = unknown[], Row = unknown>(
    sql: string,
  ): ReadStatement<Params extends unknown[] ? Params : [Params], Row>;
}

/** The cache's writing connection: the store's write side takes it, and nothing else has it. */
export type CacheWriter = Database.Database & {
  readonly [readable]: true;
  readonly [writable]: true;
};

/** For the store's read-only opener: `db` was opened with `readonly: true`. */
export function mintCacheReader(db: Database.Database): CacheReader {
  if (!db.readonly) throw new Error('A cache reader must be opened read-only.');
  return db as unknown as CacheReader;
}

/** For the store's writer opener: `db` is held under the cache's writer lock. */
export function mintCacheWriter(db: Database.Database): CacheWriter {
  return db as CacheWriter;
}

/** The writer's connection seen as a reader: reads in the process that writes share its connection. */
export function readerOf(writer: CacheWriter): CacheReader {
  return writer as unknown as CacheReader;
}

/** Runs `read` in one read transaction: everything it reads comes from the same snapshot. */
export function readSnapshot<T>(reader: CacheReader, read: () => T): T {
  return (reader as unknown as Database.Database).transaction(read).deferred();
}

/**
 * Runs `write` in one IMMEDIATE transaction (nested calls become savepoints). A held batch
 * (holdWrites) is committed first, so that this transaction is its own: it commits when it
 * returns, whatever the batch does later; called from within the batch's own write, it is
 * part of that batch.
 */
export function writeTransaction<T>(writer: CacheWriter, write: () => T): T {
  if (insideHeldWrite(writer)) return write();
  return writer.transaction(write).immediate();
}

/** A read transaction held open across turns of the event loop; `end` closes it. */
export interface ReadSpan {
  end(): void;
}

/**
 * Begins a read transaction on `reader` that stays open until `end`: every read in between,
 * however many turns of the event loop it takes, sees one snapshot. For a dedicated read-only
 * connection only (the in-memory column index loads a million rows a slice at a time), since
 * nothing else may use the connection meanwhile.
 */
export function openReadSpan(reader: CacheReader): ReadSpan {
  const db = reader as unknown as Database.Database;
  db.exec('BEGIN DEFERRED');
  return {
    end() {
      if (db.open && db.inTransaction) db.exec('COMMIT');
    },
  };
}

/** PRAGMA data_version of `reader`'s connection: it changes when another connection commits. */
export function dataVersion(reader: CacheReader): number {
  return (reader as unknown as Database.Database).pragma('data_version', {
    simple: true,
  }) as number;
}

/** The file behind `reader`, for a worker thread that opens its own connection to it. */
export function cacheFilePath(reader: CacheReader): string {
  return (reader as unknown as Database.Database).name;
}

/** Whether what `reader` sees may have changed since it was made (see changeMarker). */
export interface ChangeMarker {
  changed(): boolean;
}

/**
 * Marks what `reader` sees now. `changed` says true once another connection has committed, the
 * connection itself has written, or when it was inside a write transaction (a sync's held pages:
 * seen here, not by other connections) when marked or asked.
 */
export function changeMarker(reader: CacheReader): ChangeMarker {
  const db = reader as unknown as Database.Database;
  const ownChanges = db.prepare<[], number>('SELECT total_changes()').pluck();
  const state = () => `${dataVersion(reader)} ${ownChanges.get() ?? 0}`;
  const marked = state();
  const heldAtStart = db.inTransaction;
  return {
    changed: () => heldAtStart || db.inTransaction || state() !== marked,
  };
}
