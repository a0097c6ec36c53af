import type { Migration } from '../../migrate';

// sessions holds what is filtered, sorted and counted, narrow so that scans stay cheap;
// session_documents holds the rest (search text and the exact API object).
// Timestamps that are filtered or sorted are epoch milliseconds (INTEGER): comparisons are then
// exact whatever offset the API wrote, and the indexes are smaller than ISO text.
// A deleted session is removed (with everything hanging off it) and leaves a tombstone in
// deleted_sessions, so no query needs a "not deleted" term and every index can cover.
export const initialCacheSchema: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE sessions (
        rid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        status TEXT NOT NULL,
        sentiment TEXT,
        ai_closure_type TEXT,
        channel_type TEXT NOT NULL,
        ticket_number INTEGER NOT NULL,
        assist_mode INTEGER NOT NULL CHECK (assist_mode IN (0, 1)),
        created_at_ms INTEGER NOT NULL,
        updated_at_ms INTEGER NOT NULL,
        last_message_at_ms INTEGER,
        sort_last_ms INTEGER NOT NULL
          GENERATED ALWAYS AS (coalesce(last_message_at_ms, updated_at_ms)) VIRTUAL,
        language TEXT,
        assignee_id TEXT,
        team_id TEXT,
        team_name TEXT,
        contact_id TEXT,
        handed_off INTEGER NOT NULL CHECK (handed_off IN (0, 1)),
        seen_at TEXT NOT NULL
      );

      -- Sort orders, with id as the keyset tiebreaker.
      CREATE INDEX sessions_by_last ON sessions (sort_last_ms, id);
      CREATE INDEX sessions_by_created ON sessions (created_at_ms, id);
      CREATE INDEX sessions_by_updated ON sessions (updated_at_ms, id);
      CREATE INDEX sessions_by_ticket ON sessions (ticket_number, id);
      -- Covers every low-cardinality filter and facet column plus the dates, so that totals and
      -- facet counts read this index instead of the table.
      CREATE INDEX sessions_filter_cover ON sessions (status, channel_type, sentiment,
        ai_closure_type, language, handed_off, assist_mode, team_id, assignee_id,
        created_at_ms, updated_at_ms, last_message_at_ms, sort_last_ms);
      -- Selective lookups and index-only GROUP BY for facets without other constraints.
      CREATE INDEX sessions_by_channel ON sessions (channel_type);
      CREATE INDEX sessions_by_sentiment ON sessions (sentiment);
      CREATE INDEX sessions_by_closure ON sessions (ai_closure_type);
      CREATE INDEX sessions_by_language ON sessions (language);
      CREATE INDEX sessions_by_assignee ON sessions (assignee_id, sort_last_ms);
      CREATE INDEX sessions_by_team ON sessions (team_id, team_name);
      CREATE INDEX sessions_by_contact ON sessions (contact_id, sort_last_ms);
      CREATE INDEX sessions_by_seen ON sessions (seen_at);

      CREATE TABLE session_documents (
        rid INTEGER PRIMARY KEY REFERENCES sessions (rid) ON DELETE CASCADE,
        contact_name TEXT,
        contact_email TEXT,
        contact_phone TEXT,
        handoff_summary TEXT,
        custom_data TEXT,
        raw TEXT NOT NULL
      );

      -- value has no declared type (BLOB affinity), so 3 is stored as a number and '3' as text
      -- and they never compare equal; booleans are 0/1 told apart by value_type.
      CREATE TABLE session_custom_data (
        session_rid INTEGER NOT NULL REFERENCES sessions (rid) ON DELETE CASCADE,
        key TEXT NOT NULL,
        value,
        value_type TEXT NOT NULL CHECK (value_type IN ('string', 'number', 'boolean')),
        PRIMARY KEY (session_rid, key)
      ) WITHOUT ROWID;
      CREATE INDEX session_custom_data_by_value
        ON session_custom_data (key, value_type, value, session_rid);

      CREATE TABLE tags (
        tag_name TEXT PRIMARY KEY,
        raw TEXT NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE session_tags (
        tag_name TEXT NOT NULL REFERENCES tags (tag_name) ON DELETE CASCADE,
        session_rid INTEGER NOT NULL REFERENCES sessions (rid) ON DELETE CASCADE,
        PRIMARY KEY (tag_name, session_rid)
      ) WITHOUT ROWID;
      CREATE INDEX session_tags_by_session ON session_tags (session_rid, tag_name);

      CREATE TABLE session_history (
        session_id TEXT PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
        events TEXT NOT NULL,
        transcript_text TEXT NOT NULL,
        for_updated_at_ms INTEGER NOT NULL,
        saved_at TEXT NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE deleted_sessions (
        id TEXT PRIMARY KEY,
        deleted_at TEXT NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE sync_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) WITHOUT ROWID;
    `);
  },
};
