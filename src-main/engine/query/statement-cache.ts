import type { CacheReader, ReadStatement } from '../store/cache/cache-handles';

// Filter-shaped SQL repeats (the same panel state, page after page); preparing it again each time
// costs more than running it on a warm cache. Bounded, least recently used out first.
const MAX_STATEMENTS = 128;
const caches = new WeakMap<CacheReader, Map<string, ReadStatement<unknown[], unknown>>>();

/** The prepared statement for `sql` on `reader`, from the cache when it was prepared before. */
export function cachedStatement<Row>(
  reader: CacheReader,
  sql: string,
): ReadStatement<unknown[], Row> {
  let cache = caches.get(reader);
  if (!cache) {
    cache = new Map();
    caches.set(reader, cache);
  }
  let statement = cache.get(sql);
  if (statement) {
    cache.delete(sql);
  } else {
    statement = reader.prepare(sql);
    if (cache.size >= MAX_STATEMENTS) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
  }
  cache.set(sql, statement);
  return statement as ReadStatement<unknown[], Row>;
}
