import type { Migration } from '../../migrate';

/**
 * Saved views belong to an account (its teams, agents and tags are its own), keep the user's
 * order, and remember the list's columns. Views saved before this have no account: the first
 * account that lists its views adopts them.
 */
export const viewsPerAccount: Migration = {
  version: 3,
  name: 'views-per-account',
  up(db) {
    db.exec(`
      ALTER TABLE saved_views ADD COLUMN account_id TEXT;
      ALTER TABLE saved_views ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE saved_views ADD COLUMN columns TEXT;
      CREATE INDEX saved_views_by_account ON saved_views (account_id, position);
    `);
  },
};
