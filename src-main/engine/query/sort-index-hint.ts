import type { CacheReader } from '../store/cache/cache-handles';
import { cachedStatement } from './statement-cache';

/**
 * Whether the cache has the index `name` now. A first sync builds most sort indexes after its
 * walk (store/cache/deferred-indexes.ts), and a statement that names a missing index in INDEXED BY
 * fails ("no such index"): until then a query sorts what it matched instead of walking one.
 * Read it in the same read transaction as the query it shapes.
 */
export function hasIndex(reader: CacheReader, name: string): boolean {
  return (
    cachedStatement<number>(reader, "SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ?")
      .pluck()
      .get(name) !== undefined
  );
}

/** `INDEXED BY name` when the cache has that index, else nothing (see hasIndex). */
export function indexedBy(reader: CacheReader, name: string): string {
  return hasIndex(reader, name) ? `INDEXED BY ${name}` : '';
}
