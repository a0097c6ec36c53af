import type { Migration } from '../../migrate';

// A sync's writes per page instead of per row (issue 13). The triggers that kept the
// precomputed counts (004, 005) and the full-text index (002, 006) current fired once per
// session, and a statement that fires a trigger (or has RETURNING) runs under a statement
// journal: every page it touches is copied aside first, about 20 page copies per session
// written (profiled: 45 of 58 write syscalls per session). The sessions' writes now do the
// same work themselves, once per page, in the same transaction (store/cache/session-writes.ts:
// count deltas summed per key, one INSERT … SELECT into the full-text index per page).
//
// Deletes keep their triggers: they are rare (sweeps, tombstones), and every deleting path
// then keeps the counts and the index exact without knowing about them. So do the
// transcripts' triggers (session_history): a transcript is written one at a time anyway.
export const writesPerPage: Migration = {
  version: 7,
  name: 'writes-per-page',
  up(db) {
    db.exec(`
      DROP TRIGGER sessions_count_insert;
      DROP TRIGGER sessions_count_update;
      DROP TRIGGER sessions_hour_count_insert;
      DROP TRIGGER sessions_hour_count_update;
      DROP TRIGGER session_documents_fts_insert;
      DROP TRIGGER session_documents_fts_update;
    `);
  },
};
