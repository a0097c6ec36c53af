import type { CacheWriter } from './cache-handles';

/**
 * Writes gathered into one transaction that stays open across turns of the event loop, for a
 * sync that stores each page as it arrives (while the server prepares the next one) but pays a
 * commit's fixed cost once per many pages. Everything `write` is given must leave the cache
 * whole and resumable at its end (a page with its resume point), because the batch may be
 * committed at any moment: by `commit`, by any other write transaction on the connection
 * (writeTransaction commits the batch before its own), or by the store's close. Reads on the
 * same connection see the batch at once (the store writes what the batch deferred to its
 * commit first: deferToHeldCommit, settleHeldWrites); other connections when it commits. A
 * crash loses the uncommitted batch, which the resume point says to fetch again.
 */
export interface HeldBatch {
  /**
   * Runs `write` inside the batch, beginning one if none is open. No savepoint is taken (the
   * full-text index flushes its pending terms at every savepoint): a throw rolls the whole
   * uncommitted batch back, resume points included, so its pages are fetched again.
   */
  write<T>(write: () => T): T;
  /** Commits the batch, if one is open. */
  commit(): void;
  /** Whether writes are waiting for a commit. */
  readonly open: boolean;
}

interface Deferred<T> {
  value: T;
  flush(value: T): void;
}

interface HeldBatchState {
  writing: boolean;
  /** Work deferred to the commit (by key), run inside the batch just before it commits. */
  beforeCommit: Map<string, Deferred<unknown>>;
  /** Runs the deferred work now, inside the batch, which stays open. */
  settle(): void;
  commit(): void;
  /** Forgets the batch and its deferred work (its transaction is gone or about to be). */
  forget(): void;
  /** Forgets the batch and rolls its transaction back, if one is still open. */
  abandon(): void;
}

const heldBatches = new WeakMap<CacheWriter, HeldBatchState>();

export function holdWrites(writer: CacheWriter): HeldBatch {
  const state: HeldBatchState = {
    writing: false,
    beforeCommit: new Map(),
    settle() {
      const deferred = [...state.beforeCommit.values()];
      state.beforeCommit.clear();
      // The batch's own write while it runs: nothing it calls commits the batch early.
      state.writing = true;
      try {
        for (const { value, flush } of deferred) flush(value);
      } finally {
        state.writing = false;
      }
    },
    commit() {
      if (heldBatches.get(writer) !== state) return;
      if (!writer.open || !writer.inTransaction) {
        state.forget();
        return;
      }
      try {
        state.settle();
        heldBatches.delete(writer);
        writer.exec('COMMIT');
      } catch (error) {
        // A commit that failed may leave the transaction open (SQLITE_BUSY): nothing would ever
        // commit it, and every later write would become a savepoint of it.
        state.abandon();
        throw error;
      }
    },
    forget() {
      heldBatches.delete(writer);
      state.beforeCommit.clear();
    },
    abandon() {
      state.forget();
      if (writer.open && writer.inTransaction) writer.exec('ROLLBACK');
    },
  };
  return {
    write(write) {
      // Rolled back under it (a failed statement of someone else's): nothing is held any more.
      if (heldBatches.get(writer) === state && !writer.inTransaction) state.forget();
      if (heldBatches.get(writer) !== state) {
        heldBatches.get(writer)?.commit();
        // Inside a transaction of someone else's: a savepoint of theirs, committed by them.
        if (writer.inTransaction) return writer.transaction(write)();
        writer.exec('BEGIN IMMEDIATE');
        heldBatches.set(writer, state);
      }
      state.writing = true;
      try {
        return write();
      } catch (error) {
        state.abandon();
        throw error;
      } finally {
        state.writing = false;
      }
    },
    commit: () => state.commit(),
    get open() {
      return heldBatches.get(writer) === state;
    },
  };
}

/** Commits whatever batch is held on `writer` (before the connection closes). */
export function commitHeldWrites(writer: CacheWriter): void {
  heldBatches.get(writer)?.commit();
}

/**
 * For writeTransaction: whether a call comes from within a held batch's own write, where it
 * runs as part of the batch (no savepoint: the batch is all or nothing). Any other call
 * commits the held batch first, so that its transaction is its own.
 */
export function insideHeldWrite(writer: CacheWriter): boolean {
  const held = heldBatches.get(writer);
  if (!held) return false;
  if (held.writing) return true;
  held.commit();
  return false;
}

/**
 * For work that a held batch can do once at its commit instead of at every write (sums kept
 * in memory, say): from within the batch's own write, returns the batch's value for `key`,
 * made by `create` on first use, and `flush` runs with it inside the batch just before it
 * commits. A batch rolled back drops it unflushed. Returns null when the caller is not
 * writing into a held batch: it should do the work now.
 */
export function deferToHeldCommit<T>(
  writer: CacheWriter,
  key: string,
  create: () => T,
  flush: (value: T) => void,
): T | null {
  const held = heldBatches.get(writer);
  if (!held?.writing) return null;
  let deferred = held.beforeCommit.get(key) as Deferred<T> | undefined;
  if (!deferred) {
    deferred = { value: create(), flush };
    held.beforeCommit.set(key, deferred as Deferred<unknown>);
  }
  return deferred.value;
}

/**
 * Writes what the held batch on `writer` deferred to its commit into it now, leaving it open:
 * a read on the same connection sees the batch's rows, and so must see what they defer (the
 * counts of the sessions written). A throw rolls the batch back, as a failed write does.
 */
export function settleHeldWrites(writer: CacheWriter): void {
  const held = heldBatches.get(writer);
  if (!held || held.writing || held.beforeCommit.size === 0) return;
  if (!writer.open || !writer.inTransaction) return;
  try {
    held.settle();
  } catch (error) {
    held.abandon();
    throw error;
  }
}
