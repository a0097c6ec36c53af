import type { Migration } from '../../migrate';

// Cheaper writes for a sync (issue 13). Profiling a full sync showed the cache's writes, not the
// network, as most of its time; per session, in CPU time on the benchmark machine:
// - sessions_filter_cover (13 columns) and sessions_by_closure: about 80 µs. Totals and enum
//   facets now come from session_counts (004); no query plan of the list, the facets or the
//   export uses either index any more.
// - The full-text insert trigger looked up the session's transcript, which a session whose
//   document is being inserted cannot have yet (a document is inserted with its session, and a
//   deleted session's transcript goes with it): about 20 µs. Updates still re-index with it.
const columns =
  'contact_name, contact_email, contact_phone, handoff_summary, ticket_number, custom_values, transcript';

export const lighterWrites: Migration = {
  version: 6,
  name: 'lighter-writes',
  up(db) {
    db.exec(`
      DROP INDEX sessions_filter_cover;
      DROP INDEX sessions_by_closure;

      DROP TRIGGER session_documents_fts_insert;
      CREATE TRIGGER session_documents_fts_insert AFTER INSERT ON session_documents BEGIN
        INSERT INTO session_fts (rowid, ${columns})
        SELECT new.rid,
          new.contact_name,
          new.contact_email,
          new.contact_phone || ' ' || replace(replace(replace(replace(replace(replace(
            new.contact_phone, ' ', ''), '-', ''), '(', ''), ')', ''), '+', ''), '.', ''),
          new.handoff_summary,
          (SELECT ticket_number FROM sessions WHERE rid = new.rid),
          (SELECT group_concat(value, ' ') FROM json_each(new.custom_data)
            WHERE type IN ('text', 'integer', 'real')),
          NULL;
      END;
    `);
  },
};
