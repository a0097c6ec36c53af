import { setImmediate as nextTurn } from 'node:timers/promises';
import type { CacheReader } from '../../store/cache/cache-handles';

// The custom data of every cached session, as the rows holding each (key, type, value): the
// custom data filter then needs no SQLite listing (a common value such as plan = pro is 300,000
// rows at a million sessions, 60–90 ms to list). Equality is SQL's, as filter-columns.ts asks
// it (`key = ? AND value_type = ? AND value = ?` over a column without affinity): a number
// equals a number of the same value whether stored as integer or real, text equals text by its
// bytes, and the two never equal each other. A key whose values could not be told apart that
// way in JavaScript (integers beyond 2^53, blobs, nulls), or that has too many distinct values
// to be worth holding, is not held: SQLite keeps answering for it.

/** A key with more distinct values than this (an order number, say) stays in SQLite. */
const MAX_VALUES_PER_KEY = 4096;
/** All postings together stay within this many rows (4 bytes each). */
const MAX_POSTINGS = 16_000_000;
/** Rows read per step, as the other columns are. */
const SLICE = 10_000;

export interface CustomDataPostings {
  /**
   * The rows whose `key` has this type and value, ascending; an empty list when none has; null
   * when the key is not held (SQLite must list it).
   */
  rowsOf(key: string, type: string, value: string | number | bigint | null): Int32Array | null;
}

type Cell = string | number | bigint | Buffer | null;

interface ValueRow {
  type: string;
  value: Cell;
  /** SQLite's storage class of the value. */
  class: string;
  /** 1 for an integer JavaScript cannot hold exactly. */
  wide: number;
}

/** Whether JavaScript tells this value's equals apart exactly as SQL does. */
function holdable(found: ValueRow): boolean {
  return (
    found.wide === 0 &&
    (found.class === 'integer' || found.class === 'real' || found.class === 'text')
  );
}

/** Which values one filter value equals, as a string: type, storage class, canonical value. */
function identity(type: string, value: Cell): string | null {
  if (typeof value === 'string') return `${type}\u0000t\u0000${value}`;
  // Integers read back as numbers are exact below 2^53; the loader holds no key beyond.
  if (typeof value === 'number') return Number.isNaN(value) ? null : `${type}\u0000n\u0000${value}`;
  if (typeof value === 'bigint') {
    const n = Number(value);
    return Number.isSafeInteger(n) ? `${type}\u0000n\u0000${n}` : null;
  }
  return null;
}

/**
 * Reads every held key's postings from `reader`'s current snapshot, a slice per turn. Resolves
 * to null when cancelled.
 */
export async function loadCustomDataPostings(
  reader: CacheReader,
  rowOf: (rid: number) => number,
  cancelled: () => boolean,
): Promise<CustomDataPostings | null> {
  const nextKey = reader
    .prepare<[string], string>(
      'SELECT key FROM session_custom_data WHERE key > ? ORDER BY key LIMIT 1',
    )
    .pluck();
  const firstValue = reader.prepare<[string], ValueRow>(
    `SELECT value_type AS type, value, typeof(value) AS class,
              typeof(value) = 'integer' AND abs(value) > 9007199254740991 AS wide
       FROM session_custom_data WHERE key = ? ORDER BY value_type, value LIMIT 1`,
  );
  const nextValue = reader.prepare<[string, string, Cell], ValueRow>(
    `SELECT value_type AS type, value, typeof(value) AS class,
            typeof(value) = 'integer' AND abs(value) > 9007199254740991 AS wide
     FROM session_custom_data WHERE key = ? AND (value_type, value) > (?, ?)
     ORDER BY value_type, value LIMIT 1`,
  );
  const members = reader
    .prepare<[string, string, Cell, number], number>(
      `SELECT session_rid FROM session_custom_data
       WHERE key = ? AND value_type = ? AND value = ? AND session_rid > ?
       ORDER BY session_rid LIMIT ${SLICE}`,
    )
    .pluck();

  const held = new Map<string, Map<string, Int32Array>>();
  let budget = MAX_POSTINGS;

  let key = nextKey.get('');
  while (key !== undefined) {
    const values = new Map<string, Int32Array>();
    let kept = 0;
    let found = firstValue.get(key);
    while (found) {
      const id = identity(found.type, found.value);
      if (!holdable(found) || id === null || values.has(id) || values.size >= MAX_VALUES_PER_KEY) {
        break;
      }
      // One value at a time, in rid order (which is row order): `value = ?` takes the integer
      // and the real of an equal number together, as the filter does.
      const rows: number[] = [];
      let after = Number.MIN_SAFE_INTEGER;
      for (;;) {
        const rids = members.all(key, found.type, found.value, after);
        for (const rid of rids) {
          const row = rowOf(rid);
          if (row >= 0) rows.push(row);
        }
        await nextTurn();
        if (cancelled()) return null;
        if (rids.length < SLICE) break;
        after = rids[rids.length - 1] as number;
      }
      kept += rows.length;
      if (kept > budget) break;
      values.set(id, Int32Array.from(rows));
      found = nextValue.get(key, found.type, found.value);
    }
    // Held only when every value was: a value missing from the map then means no rows.
    if (!found) {
      held.set(key, values);
      budget -= kept;
    }
    key = nextKey.get(key);
  }

  const none = new Int32Array(0);
  return {
    rowsOf(key, type, value) {
      const values = held.get(key);
      if (!values) return null;
      const id = identity(type, value);
      return id === null ? none : (values.get(id) ?? none);
    },
  };
}
