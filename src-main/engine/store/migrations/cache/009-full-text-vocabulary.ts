import type { Migration } from '../../migrate';

// The full-text index's vocabulary, readable by a read-only connection (issue 13). A term that
// a large share of sessions holds ("free", a plan: 45 %) or a two-letter prefix ("re") makes
// FTS5 read a doclist of 200,000–450,000 rows at a million sessions, 40–70 ms before a row
// reaches JavaScript; the column index keeps those few in memory instead
// (query/column-index/term-postings.ts) and finds them here, by each term's row count. An
// fts5vocab table stores nothing: it reads session_fts's own index when asked, so it costs no
// writes and no space, and it is always as current as the index.
export const fullTextVocabulary: Migration = {
  version: 9,
  name: 'full-text-vocabulary',
  up(db) {
    db.exec(
      `CREATE VIRTUAL TABLE IF NOT EXISTS session_fts_vocab USING fts5vocab(session_fts, row);`,
    );
  },
};
