import type { Session } from '../../../../src-shared/opencx/session';
import type { CacheReader } from './cache-handles';

/** A cached session's row id and updated_at, by session id: what the writes look sessions up by. */
export type SessionRowLookup = (id: string) => { rid: number; updated_at_ms: number } | undefined;

export function sessionRowLookup(reader: CacheReader): SessionRowLookup {
  const statement = reader.prepare<[string], { rid: number; updated_at_ms: number }>(
    'SELECT rid, updated_at_ms FROM sessions WHERE id = ?',
  );
  return (id) => statement.get(id);
}

export interface SessionReads {
  /** The session exactly as the API sent it, or null if not cached (or deleted). */
  getSession(id: string): Session | null;
  /** Cached sessions (deleted ones are gone). */
  countSessions(): number;
}

export function sessionReads(reader: CacheReader): SessionReads {
  const byId = reader
    .prepare<[string], string>(
      `SELECT d.raw FROM sessions s JOIN session_documents d ON d.rid = s.rid
       WHERE s.id = ?`,
    )
    .pluck();
  // From the precomputed counts (migration 004): count(*) reads a whole index, ~10 ms at 1M.
  const count = reader
    .prepare<[], number>('SELECT coalesce(sum(n), 0) FROM session_counts')
    .pluck();
  return {
    getSession(id) {
      const raw = byId.get(id);
      return raw === undefined ? null : (JSON.parse(raw) as Session);
    },
    countSessions: () => count.get() ?? 0,
  };
}
