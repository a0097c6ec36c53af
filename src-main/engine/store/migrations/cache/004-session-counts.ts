import type { Migration } from '../../migrate';

// Precomputed counts (issue 13): how many cached sessions have each combination of the enum
// columns the filter panel offers (status, sentiment, AI closure, channel, language, handed off,
// assist mode, assigned or not). At a million sessions, count(*) over an index takes 10–800 ms;
// the same total summed from these few thousand rows takes well under a millisecond, and so do
// the facets of those columns. Kept current by triggers on sessions, so every write path (sync
// upserts, deletion sweeps, tombstones) keeps it exact.
//
// The columns carry the sessions table's names so that the filter's WHERE clause for these keys
// (query/filter-columns.ts) runs unchanged against this table; `assignee_id` holds NULL for an
// unassigned session and 'assigned' otherwise, which is all the `unassigned` key tests.
const KEY_COLUMNS =
  'status, sentiment, ai_closure_type, channel_type, language, handed_off, assist_mode, assignee_id';

/** The key columns' values of sessions row `row` (new or old), assignee folded to the flag. */
const values = (row: string) =>
  `${row}.status, ${row}.sentiment, ${row}.ai_closure_type, ${row}.channel_type, ${row}.language, ` +
  `${row}.handed_off, ${row}.assist_mode, iif(${row}.assignee_id IS NULL, NULL, 'assigned')`;

const add = (row: string) => `
  INSERT INTO session_counts (k, ${KEY_COLUMNS}, n)
    VALUES (json_array(${values(row)}), ${values(row)}, 1)
    ON CONFLICT (k) DO UPDATE SET n = n + 1;`;

const remove = (row: string) => `
  UPDATE session_counts SET n = n - 1 WHERE k = json_array(${values(row)});`;

export const sessionCounts: Migration = {
  version: 4,
  name: 'session-counts',
  up(db) {
    db.exec(`
      CREATE TABLE session_counts (
        k TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        sentiment TEXT,
        ai_closure_type TEXT,
        channel_type TEXT NOT NULL,
        language TEXT,
        handed_off INTEGER NOT NULL,
        assist_mode INTEGER NOT NULL,
        assignee_id TEXT,
        n INTEGER NOT NULL
      ) WITHOUT ROWID;

      INSERT INTO session_counts (k, ${KEY_COLUMNS}, n)
        SELECT json_array(${values('s')}), ${values('s')}, count(*)
        FROM sessions s
        GROUP BY ${values('s')};

      CREATE TRIGGER sessions_count_insert AFTER INSERT ON sessions BEGIN
        ${add('new')}
      END;

      CREATE TRIGGER sessions_count_delete AFTER DELETE ON sessions BEGIN
        ${remove('old')}
      END;

      CREATE TRIGGER sessions_count_update
        AFTER UPDATE OF ${KEY_COLUMNS} ON sessions
        WHEN json_array(${values('old')}) IS NOT json_array(${values('new')})
      BEGIN
        ${remove('old')}
        ${add('new')}
      END;
    `);
  },
};
