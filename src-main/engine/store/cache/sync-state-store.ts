import { writeTransaction, type CacheReader, type CacheWriter } from './cache-handles';

// What sync remembers between runs (watermarks, resume points, when it last swept), as JSON
// values by key, in the cache it describes: a cache moved aside takes its sync state with it.

export interface SyncStateReads {
  /** A JSON value stored under `key`, or null. */
  getSyncState(key: string): unknown;
}

export interface SyncStateWrites {
  /** Stores a JSON-serialisable value; null or undefined removes the key. */
  setSyncState(key: string, value: unknown, at?: string): void;
}

export function syncStateReads(reader: CacheReader): SyncStateReads {
  const get = reader
    .prepare<[string], string>('SELECT value FROM sync_state WHERE key = ?')
    .pluck();
  return {
    getSyncState(key) {
      const raw = get.get(key);
      return raw === undefined ? null : (JSON.parse(raw) as unknown);
    },
  };
}

export function syncStateWrites(writer: CacheWriter): SyncStateWrites {
  const set = writer.prepare<[string, string, string]>(`
    INSERT INTO sync_state (key, value, updated_at) VALUES (?, ?, ?)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`);
  const remove = writer.prepare<[string]>('DELETE FROM sync_state WHERE key = ?');
  return {
    setSyncState(key, value, at) {
      // A transaction of its own (or part of the caller's): never left to join a held batch.
      writeTransaction(writer, () => {
        if (value === null || value === undefined) remove.run(key);
        else set.run(key, JSON.stringify(value), at ?? new Date().toISOString());
      });
    },
  };
}
