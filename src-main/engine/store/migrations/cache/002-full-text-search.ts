import type { Migration } from '../../migrate';

// Contentless (with delete support) rather than external-content: the indexed text comes from
// three tables (sessions, session_documents, session_history), and a contentless index needs no
// old values to delete a row. rowid = sessions.rid. The index follows session_documents (written
// on every upsert, after sessions) and session_history. Phone numbers are indexed as written and
// digits-only, so "5550100" finds "+1 555-0100".
const columns =
  'contact_name, contact_email, contact_phone, handoff_summary, ticket_number, custom_values, transcript';

/** The FTS values of document row `d`, with `transcript` as the transcript text. */
const ftsSelect = (d: string, transcript: string) => `
  SELECT ${d}.rid,
    ${d}.contact_name,
    ${d}.contact_email,
    ${d}.contact_phone || ' ' || replace(replace(replace(replace(replace(replace(
      ${d}.contact_phone, ' ', ''), '-', ''), '(', ''), ')', ''), '+', ''), '.', ''),
    ${d}.handoff_summary,
    (SELECT ticket_number FROM sessions WHERE rid = ${d}.rid),
    (SELECT group_concat(value, ' ') FROM json_each(${d}.custom_data)
      WHERE type IN ('text', 'integer', 'real')),
    ${transcript}`;

const transcriptOf = (rid: string) => `(SELECT h.transcript_text FROM session_history h
      JOIN sessions s ON s.id = h.session_id WHERE s.rid = ${rid})`;

/** Re-indexes the session with id `sessionId` (an SQL expression) using `transcript`. */
const reindexBySessionId = (sessionId: string, transcript: string) => `
  DELETE FROM session_fts WHERE rowid = (SELECT rid FROM sessions WHERE id = ${sessionId});
  INSERT INTO session_fts (rowid, ${columns})
    ${ftsSelect('d', transcript)}
    FROM session_documents d WHERE d.rid = (SELECT rid FROM sessions WHERE id = ${sessionId});`;

export const fullTextSearch: Migration = {
  version: 2,
  name: 'full-text-search',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE session_fts USING fts5(
        ${columns},
        content = '',
        contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3'
      );

      CREATE TRIGGER session_documents_fts_insert AFTER INSERT ON session_documents BEGIN
        INSERT INTO session_fts (rowid, ${columns})
          ${ftsSelect('new', transcriptOf('new.rid'))};
      END;

      CREATE TRIGGER session_documents_fts_update AFTER UPDATE ON session_documents BEGIN
        DELETE FROM session_fts WHERE rowid = old.rid;
        INSERT INTO session_fts (rowid, ${columns})
          ${ftsSelect('new', transcriptOf('new.rid'))};
      END;

      CREATE TRIGGER session_documents_fts_delete AFTER DELETE ON session_documents BEGIN
        DELETE FROM session_fts WHERE rowid = old.rid;
      END;

      CREATE TRIGGER session_history_fts_insert AFTER INSERT ON session_history BEGIN
        ${reindexBySessionId('new.session_id', 'new.transcript_text')}
      END;

      CREATE TRIGGER session_history_fts_update AFTER UPDATE OF transcript_text ON session_history
      BEGIN
        ${reindexBySessionId('new.session_id', 'new.transcript_text')}
      END;

      CREATE TRIGGER session_history_fts_delete AFTER DELETE ON session_history BEGIN
        ${reindexBySessionId('old.session_id', 'NULL')}
      END;
    `);
  },
};
