import type { Migration } from '../../migrate';

/** OpenCX accounts (organisations or environments) the user works with; tokens live elsewhere. */
export const accounts: Migration = {
  version: 2,
  name: 'accounts',
  up(db) {
    db.exec(`
      CREATE TABLE accounts (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        base_url TEXT NOT NULL,
        scope_days INTEGER,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) WITHOUT ROWID;
    `);
  },
};
