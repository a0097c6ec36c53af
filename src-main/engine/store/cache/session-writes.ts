import type { Session } from '../../../../src-shared/opencx/session';
import { readerOf, writeTransaction, type CacheWriter } from './cache-handles';
import { toEpochMs, toIso } from './epoch-ms';
import { sessionRowLookup } from './session-reads';
import {
  toCustomDataRows,
  toDocumentRow,
  toSessionRow,
  type DocumentRow,
  type SessionRow,
} from './session-row';

type SessionParams = SessionRow & { seen_at: string };

export interface SessionWrites {
  /**
   * Inserts or updates `sessions` in one transaction, keeping the exact API object. A session
   * older (by updated_at) than the cached copy only has its `seen_at` refreshed, so an
   * overlapping page fetched earlier cannot roll a session back. Upserting a deleted session
   * brings it back. Returns how many sessions were written (inserted or replaced).
   * `seen_at` only ever moves forward: a pass that began earlier and commits later cannot make
   * a session look unseen to the sweep of a pass that began after it (a deletion sweep removes
   * only what no pass since its own start has seen).
   */
  upsertSessions(sessions: readonly Session[], seenAt: string): number;
  /**
   * Sets the exact last_message_at learnt elsewhere than a transcript (null forgets it, so the
   * sort falls back to updated_at). Returns false if the session is not cached.
   */
  setLastMessageAt(sessionId: string, at: string | null): boolean;
}

/** `afterUpsert` runs after each upsert's transaction (the planner statistics check). */
export function sessionWrites(writer: CacheWriter, afterUpsert: () => void): SessionWrites {
  const rowOf = sessionRowLookup(readerOf(writer));
  const upsertSession = writer.prepare<[SessionParams], { rid: number }>(`
    INSERT INTO sessions (id, status, sentiment, ai_closure_type, channel_type, ticket_number,
      assist_mode, created_at_ms, updated_at_ms, language, assignee_id, team_id, team_name,
      contact_id, handed_off, seen_at)
    VALUES (@id, @status, @sentiment, @ai_closure_type, @channel_type, @ticket_number,
      @assist_mode, @created_at_ms, @updated_at_ms, @language, @assignee_id, @team_id,
      @team_name, @contact_id, @handed_off, @seen_at)
    ON CONFLICT (id) DO UPDATE SET
      status = excluded.status, sentiment = excluded.sentiment,
      ai_closure_type = excluded.ai_closure_type, channel_type = excluded.channel_type,
      ticket_number = excluded.ticket_number, assist_mode = excluded.assist_mode,
      created_at_ms = excluded.created_at_ms, updated_at_ms = excluded.updated_at_ms,
      language = excluded.language, assignee_id = excluded.assignee_id,
      team_id = excluded.team_id, team_name = excluded.team_name,
      contact_id = excluded.contact_id, handed_off = excluded.handed_off,
      seen_at = max(seen_at, excluded.seen_at)
    RETURNING rid`);
  // A session that comes back is no longer deleted.
  const clearTombstone = writer.prepare<[string]>('DELETE FROM deleted_sessions WHERE id = ?');
  const upsertDocument = writer.prepare<[DocumentRow & { rid: number }]>(`
    INSERT INTO session_documents (rid, contact_name, contact_email, contact_phone,
      handoff_summary, custom_data, raw)
    VALUES (@rid, @contact_name, @contact_email, @contact_phone, @handoff_summary,
      @custom_data, @raw)
    ON CONFLICT (rid) DO UPDATE SET contact_name = excluded.contact_name,
      contact_email = excluded.contact_email, contact_phone = excluded.contact_phone,
      handoff_summary = excluded.handoff_summary, custom_data = excluded.custom_data,
      raw = excluded.raw
    WHERE raw IS NOT excluded.raw`);
  const touchSession = writer.prepare<[string, string]>(
    'UPDATE sessions SET seen_at = max(seen_at, ?) WHERE id = ?',
  );
  const deleteCustomData = writer.prepare<[number]>(
    'DELETE FROM session_custom_data WHERE session_rid = ?',
  );
  const insertCustomData = writer.prepare<[number, string, string | number, string]>(
    'INSERT INTO session_custom_data (session_rid, key, value, value_type) VALUES (?, ?, ?, ?)',
  );
  const setLastMessageAt = writer.prepare<[number | null, string]>(
    'UPDATE sessions SET last_message_at_ms = ? WHERE id = ?',
  );

  return {
    upsertSessions(sessions, seenAt) {
      // Normalised so that seen_at compares correctly as text whatever offset the caller used.
      const seen = toIso(toEpochMs(seenAt, 'seenAt'));
      const written = writeTransaction(writer, () => {
        let written = 0;
        for (const session of sessions) {
          const row = toSessionRow(session);
          const existing = rowOf(row.id);
          if (existing && existing.updated_at_ms > row.updated_at_ms) {
            touchSession.run(seen, row.id);
            continue;
          }
          const result = upsertSession.get({ ...row, seen_at: seen });
          if (!result) throw new Error(`Upserting session ${row.id} returned no row id.`);
          // An unchanged document is left alone: no full-text re-index, no custom-data rewrite
          // (a delta re-fetches many sessions whose text did not change).
          const document = upsertDocument.run({ ...toDocumentRow(session), rid: result.rid });
          if (!existing) clearTombstone.run(row.id);
          if (!existing || document.changes > 0) {
            if (existing) deleteCustomData.run(result.rid);
            for (const cd of toCustomDataRows(session)) {
              insertCustomData.run(result.rid, cd.key, cd.value, cd.value_type);
            }
          }
          written++;
        }
        return written;
      });
      afterUpsert();
      return written;
    },

    setLastMessageAt(sessionId, at) {
      const ms = at === null ? null : toEpochMs(at, 'last_message_at');
      return setLastMessageAt.run(ms, sessionId).changes > 0;
    },
  };
}
