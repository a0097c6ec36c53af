import { readerOf, writeTransaction, type CacheReader, type CacheWriter } from './cache-handles';
import { toEpochMs } from './epoch-ms';
import { sessionRowLookup } from './session-reads';

// A session the API no longer has is removed with everything hanging off it, and a tombstone
// remembers when. (Upserting the session again removes its tombstone: ./session-writes.)

export interface TombstoneReads {
  /** When markDeleted removed this session, or null if it was never deleted (or came back). */
  deletedAt(id: string): string | null;
}

export interface TombstoneWrites {
  /**
   * Removes sessions the API no longer has, with their transcript, tags and custom data, and
   * remembers when (deletedAt). Returns how many were cached.
   */
  markDeleted(ids: readonly string[], at: string): number;
}

export function tombstoneReads(reader: CacheReader): TombstoneReads {
  const deletedAt = reader
    .prepare<[string], string>('SELECT deleted_at FROM deleted_sessions WHERE id = ?')
    .pluck();
  return { deletedAt: (id) => deletedAt.get(id) ?? null };
}

export function tombstoneWrites(writer: CacheWriter): TombstoneWrites {
  const rowOf = sessionRowLookup(readerOf(writer));
  // Children first, so the full-text triggers never see a half-deleted session.
  const deleteHistory = writer.prepare<[string]>(
    'DELETE FROM session_history WHERE session_id = ?',
  );
  const deleteDocument = writer.prepare<[number]>('DELETE FROM session_documents WHERE rid = ?');
  const deleteSession = writer.prepare<[number]>('DELETE FROM sessions WHERE rid = ?');
  const insertTombstone = writer.prepare<[string, string]>(
    'INSERT OR REPLACE INTO deleted_sessions (id, deleted_at) VALUES (?, ?)',
  );
  return {
    markDeleted(ids, at) {
      toEpochMs(at, 'at');
      return writeTransaction(writer, () => {
        let removed = 0;
        for (const id of ids) {
          const row = rowOf(id);
          if (row) {
            deleteHistory.run(id);
            deleteDocument.run(row.rid);
            deleteSession.run(row.rid);
            removed++;
          }
          insertTombstone.run(id, at);
        }
        return removed;
      });
    },
  };
}
