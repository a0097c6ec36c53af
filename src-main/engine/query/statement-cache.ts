import type Database from 'better-sqlite3';

// Filter-shaped SQL repeats (the same panel state, page after page); preparing it again each time
// costs more than running it on a warm cache. Bounded, least recently used out first.
const MAX_STATEMENTS = 128;
const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

export function cachedStatement<Result>(
  db: Database.Database,
  sql: string,
): Database.Statement<unknown[], Result> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let statement = cache.get(sql);
  if (statement) {
    cache.delete(sql);
  } else {
    statement = db.prepare(sql);
    if (cache.size >= MAX_STATEMENTS) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
  }
  cache.set(sql, statement);
  return statement as Database.Statement<unknown[], Result>;
}
