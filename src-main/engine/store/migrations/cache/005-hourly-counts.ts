import type { Migration } from '../../migrate';

// Sessions created per hour, for the chart above the list (issue 12): how many cached sessions
// were created in each UTC hour with each combination of status, sentiment and channel (the
// fields the chart stacks by). At a million sessions, grouping the sessions themselves by
// bucket takes 0.5–1.5 s; summing these rows (a few hundred thousand at most for a year) bucket
// by bucket takes tens of milliseconds. Kept current by triggers on sessions, like
// session_counts (004), so every write path keeps it exact.
//
// `sentiment` holds '' for a session without one: a primary key column of a WITHOUT ROWID table
// cannot be NULL. The hour is created_at_ms / 3600000 (created_at never changes).

const values = (row: string) =>
  `${row}.created_at_ms / 3600000, ${row}.status, coalesce(${row}.sentiment, ''), ${row}.channel_type`;

const add = (row: string) => `
  INSERT INTO session_hour_counts (hour, status, sentiment, channel_type, n)
    VALUES (${values(row)}, 1)
    ON CONFLICT (hour, status, sentiment, channel_type) DO UPDATE SET n = n + 1;`;

const remove = (row: string) => `
  UPDATE session_hour_counts SET n = n - 1
    WHERE (hour, status, sentiment, channel_type) = (${values(row)});`;

export const hourlyCounts: Migration = {
  version: 5,
  name: 'hourly-counts',
  up(db) {
    db.exec(`
      CREATE TABLE session_hour_counts (
        hour INTEGER NOT NULL,
        status TEXT NOT NULL,
        sentiment TEXT NOT NULL,
        channel_type TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (hour, status, sentiment, channel_type)
      ) WITHOUT ROWID;

      INSERT INTO session_hour_counts (hour, status, sentiment, channel_type, n)
        SELECT ${values('s')}, count(*) FROM sessions s GROUP BY ${values('s')};

      CREATE TRIGGER sessions_hour_count_insert AFTER INSERT ON sessions BEGIN
        ${add('new')}
      END;

      CREATE TRIGGER sessions_hour_count_delete AFTER DELETE ON sessions BEGIN
        ${remove('old')}
      END;

      CREATE TRIGGER sessions_hour_count_update
        AFTER UPDATE OF created_at_ms, status, sentiment, channel_type ON sessions
        WHEN (${values('old')}) IS NOT (${values('new')})
      BEGIN
        ${remove('old')}
        ${add('new')}
      END;
    `);
  },
};
