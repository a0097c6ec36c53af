import type {
  CustomDataKey,
  CustomDataType,
  CustomDataValue,
} from '../../../src-shared/contract/results';
import { readSnapshot, type CacheReader } from '../store/cache/cache-handles';
import { cachedStatement } from './statement-cache';

// The custom-data rows of the filter panel: which keys the cache holds and as what types, and
// the values seen for a key, each typed as stored (a number stays a number, a boolean a boolean).
// Both walk the (key, value_type, value) index one distinct entry at a time (a skip scan), so
// they cost the number of distinct keys or values, not the number of sessions.

const DISTINCT_KEYS = `
  WITH RECURSIVE k(key, type) AS (
    SELECT key, value_type FROM (
      SELECT key, value_type FROM session_custom_data ORDER BY key, value_type LIMIT 1)
    UNION ALL
    SELECT (SELECT c.key FROM session_custom_data c WHERE (c.key, c.value_type) > (k.key, k.type)
              ORDER BY c.key, c.value_type LIMIT 1),
           (SELECT c.value_type FROM session_custom_data c WHERE (c.key, c.value_type) > (k.key, k.type)
              ORDER BY c.key, c.value_type LIMIT 1)
    FROM k WHERE k.key IS NOT NULL LIMIT ?
  )
  SELECT key, type FROM k WHERE key IS NOT NULL`;

/** At most this many key/type pairs are listed. */
const MAX_KEYS = 500;

export function customDataKeys(reader: CacheReader): CustomDataKey[] {
  return readSnapshot(reader, () => {
    const rows = cachedStatement<{ key: string; type: CustomDataType }>(reader, DISTINCT_KEYS).all(
      MAX_KEYS,
    );
    const keys = new Map<string, CustomDataType[]>();
    for (const row of rows) {
      const types = keys.get(row.key) ?? [];
      types.push(row.type);
      keys.set(row.key, types);
    }
    return [...keys].map(([key, types]) => ({ key, types }));
  });
}

export interface CustomDataValueSearch {
  key: string;
  /** Only values of this type; all types when omitted. */
  type?: CustomDataType;
  /** Only string values starting with this text. */
  prefix?: string;
  limit: number;
}

/**
 * Distinct values stored under `key` (in index order: booleans, numbers, strings), each with its
 * stored type, up to `limit`.
 */
export function customDataValues(
  reader: CacheReader,
  search: CustomDataValueSearch,
): CustomDataValue[] {
  const types: CustomDataType[] = search.type ? [search.type] : ['boolean', 'number', 'string'];
  return readSnapshot(reader, () => {
    const out: CustomDataValue[] = [];
    for (const type of types) {
      if (out.length >= search.limit) break;
      const prefix = type === 'string' ? (search.prefix ?? '') : '';
      const rows = cachedStatement<{ value: string | number }>(
        reader,
        `WITH RECURSIVE v(value) AS (
           SELECT (SELECT value FROM session_custom_data
                   WHERE key = @key AND value_type = @type AND value >= @start
                   ORDER BY value LIMIT 1)
           UNION ALL
           SELECT (SELECT value FROM session_custom_data
                   WHERE key = @key AND value_type = @type AND value > v.value
                   ORDER BY value LIMIT 1)
           FROM v WHERE v.value IS NOT NULL LIMIT @limit
         )
         SELECT value FROM v WHERE value IS NOT NULL`,
      ).all({
        key: search.key,
        type,
        start: type === 'string' ? prefix : -Infinity,
        limit: search.limit - out.length,
      });
      for (const row of rows) {
        if (type === 'string' && !String(row.value).startsWith(prefix)) break;
        out.push({ value: type === 'boolean' ? row.value === 1 : row.value, type });
      }
    }
    return out;
  });
}
