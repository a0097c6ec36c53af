import { writeTransaction, type CacheWriter } from './cache-handles';

/**
 * The indexes a first sync sets aside while it fills an empty cache and builds afterwards (issue
 * 13). Each is keyed by something that arrives in no order (a contact, a label, a custom value,
 * an enum whose entries append at many places), so every session inserted touched a page of
 * each: at 100,000 sessions, writing the pages with them took 8.2 s, without them 5.7 s, and
 * building them all at the end 0.85 s (a sort each; measured in session 9, BENCHMARKS.md).
 *
 * Kept during the load: the unique and primary keys (the sync looks sessions up by id), the
 * default sort's index (sessions_by_last: the list shows the sessions arriving, and without it
 * every refresh sorts them all), the time indexes whose keys arrive in order anyway (created,
 * updated: the sync walks oldest first), seen_at (one value per pass, so it appends), and
 * session_tags_by_session: the tags are stored after the sessions, before these are built, and
 * finding a session's tags without it reads every membership (relabelling the Tags sort took
 * 90 s at 100,000 sessions instead of 0.2 s; a session deleted cascades through it too).
 */
export const DEFERRABLE_INDEXES: readonly string[] = [
  'sessions_by_ticket',
  'sessions_by_status',
  'sessions_by_channel',
  'sessions_by_sentiment',
  'sessions_by_language',
  'sessions_by_assignee',
  'sessions_by_team',
  'sessions_by_team_name',
  'sessions_by_contact',
  'sessions_by_contact_label',
  'sessions_by_assignee_label',
  'sessions_by_tags_label',
  'session_custom_data_by_value',
];

/**
 * The page cache, in KiB, while the indexes are built. SQLite's sorter keeps up to the page
 * cache's size of keys in memory before it sorts them in runs and merges those: with the
 * writer's 64 MiB, a build sorted every key in one list, which took longer than sorting 2 MiB
 * runs and merging them. Building the indexes of a first sync of 100,000 sessions, four
 * alternating runs each, the table already read: 0.96-1.3 s with 64 MiB, 0.78-0.8 s with this.
 */
export const SORTER_CACHE_KIB = 2_048;

export interface DeferredIndexWrites {
  /**
   * When the cache holds no session yet, drops the DEFERRABLE_INDEXES and records the SQL of each
   * in deferred_indexes (one transaction), so that a first sync inserts without them. Returns
   * how many were set aside (0 for a cache that holds sessions: it is left as it is).
   */
  deferIndexesIfEmpty(): number;
  /** How many indexes are set aside now (a sync killed before building them leaves some). */
  deferredIndexCount(): number;
  /**
   * Builds every index set aside, one transaction each (the index and the removal of its record
   * commit together, so a build killed half-way goes on with the rest next time), calling
   * `onBuilt` after each. Returns how many were built.
   */
  buildDeferredIndexes(onBuilt?: (built: number, of: number) => void): number;
}

/**
 * The deferred indexes a full pass's tag writes change, after its sessions are stored: the
 * Tags sort's labels are set once every tag is (refreshTagLabels), and an index built before
 * would take each label set as an entry moved. The others can be built while the tags are
 * walked (deferred-indexes-off-thread.ts).
 */
export const INDEXES_CHANGED_BY_TAGS: readonly string[] = ['sessions_by_tags_label'];

export function deferredIndexWrites(writer: CacheWriter): DeferredIndexWrites {
  const hasSessions = writer.prepare<[], number>('SELECT EXISTS (SELECT 1 FROM sessions)').pluck();
  const present = writer.prepare<[string], { name: string; sql: string }>(
    `SELECT name, sql FROM sqlite_schema
     WHERE type = 'index' AND sql IS NOT NULL AND name IN (SELECT value FROM json_each(?))`,
  );
  const record = writer.prepare<[string, string]>(
    'INSERT OR REPLACE INTO deferred_indexes (name, sql) VALUES (?, ?)',
  );
  const deferred = writer.prepare<[], { name: string; sql: string }>(
    'SELECT name, sql FROM deferred_indexes ORDER BY name',
  );
  const count = writer.prepare<[], number>('SELECT count(*) FROM deferred_indexes').pluck();
  const forget = writer.prepare<[string]>('DELETE FROM deferred_indexes WHERE name = ?');

  return {
    deferIndexesIfEmpty() {
      return writeTransaction(writer, () => {
        if (hasSessions.get() === 1) return 0;
        const indexes = present.all(JSON.stringify(DEFERRABLE_INDEXES));
        for (const { name, sql } of indexes) {
          record.run(name, sql);
          writer.exec(`DROP INDEX "${name}"`);
        }
        return indexes.length;
      });
    },

    deferredIndexCount: () => count.get() ?? 0,

    buildDeferredIndexes(onBuilt) {
      const indexes = deferred.all();
      if (indexes.length === 0) return 0;
      let built = 0;
      const cacheSize = writer.pragma('cache_size', { simple: true }) as number;
      writer.pragma(`cache_size = -${SORTER_CACHE_KIB}`);
      try {
        for (const { name, sql } of indexes) {
          writeTransaction(writer, () => {
            // Already there if something built it meanwhile (a migration that had to).
            if (present.all(JSON.stringify([name])).length === 0) writer.exec(sql);
            forget.run(name);
          });
          built += 1;
          onBuilt?.(built, indexes.length);
        }
      } finally {
        writer.pragma(`cache_size = ${cacheSize}`);
      }
      return built;
    },
  };
}
