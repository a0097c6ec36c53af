import type { Migration } from '../../migrate';

// The list sorts by status and by team name too (query/sort-plan.ts). Each sort walks an index
// on its key when many sessions match; channel, sentiment and language had theirs already.
export const sortIndexes: Migration = {
  version: 3,
  name: 'sort-indexes',
  up(db) {
    db.exec(`
      CREATE INDEX sessions_by_status ON sessions (status);
      CREATE INDEX sessions_by_team_name ON sessions (team_name);
    `);
  },
};
