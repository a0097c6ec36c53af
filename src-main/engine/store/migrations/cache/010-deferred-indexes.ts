import type { Migration } from '../../migrate';

// Indexes a first sync builds after its walk instead of during it (issue 13): inserting 100,000
// sessions into a dozen indexes keyed at random (contact, labels, custom values) cost more than
// building each once with a sort at the end. The indexes set aside are named here with the SQL
// that builds them again, so that a sync killed meanwhile leaves a record of what to rebuild
// (store/cache/deferred-indexes.ts). A later migration that changes one of these indexes must
// rebuild the deferred ones first (restoreDeferredIndexes), or its DROP INDEX finds none.
export const deferredIndexes: Migration = {
  version: 10,
  name: 'deferred-indexes',
  up(db) {
    db.exec(`
      CREATE TABLE deferred_indexes (
        name TEXT PRIMARY KEY,
        sql TEXT NOT NULL
      ) WITHOUT ROWID;
    `);
  },
};
