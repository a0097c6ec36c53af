import type { Migration } from '../../migrate';

// The list sorts by the Contact, Assignee and Tags columns (issue 11), by the very text each
// column shows, and the engine must serve those sorts with a keyset cursor like every other
// one. That text comes from places a sort cannot reach cheaply (the contact lives in the
// session's document, an agent's name in transcripts, tags in a side table), so each session
// keeps its three labels as columns, each with an index that yields its order:
// - contact_label: the contact's name, else email, else phone (verified first), as
//   src-shared/opencx/contact-label.ts; NULL when the session names nobody.
// - assignee_label: the agent's name where a cached transcript gave one, else "Agent <id>" (the
//   column's stand-in); NULL when unassigned. Names learnt from transcripts are kept in
//   assignee_names, one per agent, so a session written later gets its label in its own write.
// - tags_label: the session's tags in byte order joined by ", ", as the column lists them; NULL
//   when it has none.
// The writes that change a label's source keep it current (session-writes.ts, tag-writes.ts,
// transcript-store.ts).
export const sortLabels: Migration = {
  version: 8,
  name: 'sort-labels',
  up(db) {
    db.exec(`
      ALTER TABLE sessions ADD COLUMN contact_label TEXT;
      ALTER TABLE sessions ADD COLUMN assignee_label TEXT;
      ALTER TABLE sessions ADD COLUMN tags_label TEXT;

      CREATE TABLE assignee_names (
        assignee_id TEXT PRIMARY KEY,
        name TEXT NOT NULL
      ) WITHOUT ROWID;

      -- The first human agent named in a cached transcript of one of the agent's sessions, as
      -- query/assignee-names.ts looked it up per page until now.
      INSERT INTO assignee_names (assignee_id, name)
      SELECT a.assignee_id, a.name FROM (
        SELECT ids.assignee_id, (
          SELECT json_extract(e.value, '$.event.sender.name')
          FROM sessions s INDEXED BY sessions_by_assignee
          JOIN session_history h ON h.session_id = s.id, json_each(h.events) e
          WHERE s.assignee_id = ids.assignee_id
            AND json_extract(e.value, '$.event.sender.type') = 'human_agent'
            AND json_extract(e.value, '$.event.sender.name') IS NOT NULL
          LIMIT 1) AS name
        FROM (SELECT DISTINCT assignee_id FROM sessions WHERE assignee_id IS NOT NULL) ids
      ) a
      WHERE a.name IS NOT NULL;

      UPDATE sessions SET
        contact_label = (
          SELECT coalesce(d.contact_name, d.contact_email, d.contact_phone)
          FROM session_documents d WHERE d.rid = sessions.rid),
        assignee_label = CASE WHEN assignee_id IS NULL THEN NULL ELSE coalesce(
          (SELECT n.name FROM assignee_names n WHERE n.assignee_id = sessions.assignee_id),
          'Agent ' || assignee_id) END,
        tags_label = (
          SELECT string_agg(t.tag_name, ', ' ORDER BY t.tag_name)
          FROM session_tags t WHERE t.session_rid = sessions.rid);

      CREATE INDEX sessions_by_contact_label ON sessions (contact_label);
      CREATE INDEX sessions_by_assignee_label ON sessions (assignee_label);
      CREATE INDEX sessions_by_tags_label ON sessions (tags_label);
    `);
  },
};
