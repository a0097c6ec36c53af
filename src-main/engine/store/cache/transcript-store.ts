import { AppError } from '../../../../src-shared/contract/app-error';
import type { HistoryEvent } from '../../../../src-shared/opencx/history';
import { readerOf, writeTransaction, type CacheReader, type CacheWriter } from './cache-handles';
import { toIso } from './epoch-ms';
import { sessionRowLookup } from './session-reads';
import { newestMessageAt, transcriptText } from './transcript-text';

// Transcripts (the API's session history), each stored with the session's updated_at it was
// fetched for: a transcript older than its session is stale and fetched again.

export interface CachedHistory {
  events: HistoryEvent[];
  /** When the transcript was stored. */
  saved_at: string;
  /** The session's updated_at when the transcript was stored: older than now means stale. */
  for_updated_at: string;
}

export interface SessionNeedingHistory {
  id: string;
  updated_at: string;
  /** null when no transcript is cached at all. */
  history_for_updated_at: string | null;
}

export interface TranscriptReads {
  getHistory(sessionId: string): CachedHistory | null;
  /** Most recently updated live sessions whose transcript is missing or older than updated_at. */
  sessionsNeedingHistory(limit: number): SessionNeedingHistory[];
}

export interface TranscriptWrites {
  /**
   * Replaces a session's cached transcript and sets its exact last_message_at from the newest
   * `message` event (left as it was if the transcript has no message). Throws not_found if the
   * session is not cached.
   */
  saveHistory(sessionId: string, events: readonly HistoryEvent[], savedAt?: string): void;
}

export function transcriptReads(reader: CacheReader): TranscriptReads {
  const history = reader.prepare<
    [string],
    { events: string; saved_at: string; for_updated_at_ms: number }
  >('SELECT events, saved_at, for_updated_at_ms FROM session_history WHERE session_id = ?');
  const needing = reader.prepare<
    [number],
    { id: string; updated_at_ms: number; for_updated_at_ms: number | null }
  >(`
    SELECT s.id, s.updated_at_ms, h.for_updated_at_ms
    FROM sessions s INDEXED BY sessions_by_updated
    LEFT JOIN session_history h ON h.session_id = s.id
    WHERE h.for_updated_at_ms IS NULL OR h.for_updated_at_ms < s.updated_at_ms
    ORDER BY s.updated_at_ms DESC, s.id DESC
    LIMIT ?`);
  return {
    getHistory(sessionId) {
      const row = history.get(sessionId);
      if (!row) return null;
      return {
        events: JSON.parse(row.events) as HistoryEvent[],
        saved_at: row.saved_at,
        for_updated_at: toIso(row.for_updated_at_ms),
      };
    },
    sessionsNeedingHistory(limit) {
      if (!Number.isInteger(limit) || limit < 1) {
        throw new AppError('invalid_input', `limit must be a positive integer, got ${limit}.`);
      }
      return needing.all(limit).map((row) => ({
        id: row.id,
        updated_at: toIso(row.updated_at_ms),
        history_for_updated_at:
          row.for_updated_at_ms === null ? null : toIso(row.for_updated_at_ms),
      }));
    },
  };
}

export function transcriptWrites(writer: CacheWriter): TranscriptWrites {
  const rowOf = sessionRowLookup(readerOf(writer));
  const save = writer.prepare<[string, string, string, number, string]>(`
    INSERT INTO session_history (session_id, events, transcript_text, for_updated_at_ms, saved_at)
    VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (session_id) DO UPDATE SET events = excluded.events,
      transcript_text = excluded.transcript_text,
      for_updated_at_ms = excluded.for_updated_at_ms, saved_at = excluded.saved_at`);
  const setLastMessageAt = writer.prepare<[number, string]>(
    'UPDATE sessions SET last_message_at_ms = ? WHERE id = ?',
  );
  const assigneeOf = writer
    .prepare<[string], string | null>('SELECT assignee_id FROM sessions WHERE id = ?')
    .pluck();
  // OpenCX names no agents; the first human agent named in a transcript of an agent's session
  // is taken as that agent's name (migration 008), and every session of theirs is relabelled.
  const learnName = writer.prepare<[string, string]>(
    'INSERT INTO assignee_names (assignee_id, name) VALUES (?, ?) ON CONFLICT DO NOTHING',
  );
  const relabelAssignee = writer.prepare<[string, string]>(
    'UPDATE sessions SET assignee_label = ? WHERE assignee_id = ?',
  );
  const learnAssigneeName = (sessionId: string, events: readonly HistoryEvent[]) => {
    const assignee = assigneeOf.get(sessionId);
    if (!assignee) return;
    const name = events.find(
      (event) => event.event.sender?.type === 'human_agent' && event.event.sender.name,
    )?.event.sender?.name;
    if (name && learnName.run(assignee, name).changes > 0) relabelAssignee.run(name, assignee);
  };
  return {
    saveHistory(sessionId, events, savedAt) {
      const at = savedAt ?? new Date().toISOString();
      writeTransaction(writer, () => {
        const session = rowOf(sessionId);
        if (!session) {
          throw new AppError(
            'not_found',
            `Session ${sessionId} is not cached; cannot save its history.`,
          );
        }
        save.run(
          sessionId,
          JSON.stringify(events),
          transcriptText(events),
          session.updated_at_ms,
          at,
        );
        const newest = newestMessageAt(events);
        if (newest !== null) setLastMessageAt.run(newest, sessionId);
        learnAssigneeName(sessionId, events);
      });
    },
  };
}
