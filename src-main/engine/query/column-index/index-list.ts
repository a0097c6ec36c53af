import type { SessionIds, SessionsPage } from '../../../../src-shared/contract/results';
import type { SessionSort } from '../../../../src-shared/filter/session-sort';
import type { CacheReader } from '../../store/cache/cache-handles';
import { decodeCursor } from '../keyset-cursor';
import { pageOf, type ListQuery, type PageRow } from '../session-query';
import { sortPlan, type SortKey, type SortTie } from '../sort-plan';
import { cachedStatement } from '../statement-cache';
import type { CodeColumnName, ColumnSnapshot, NumberColumnName } from './column-snapshot';

// A list page and the ids of a range, from a column snapshot: the matching rows are a mask, the
// sort is the snapshot's order of all rows, and a page is the next `limit` matching rows along
// it (skipping `offset`, or starting after a cursor's row). Deep positions cost one walk of the
// order, a few milliseconds at a million rows, where SQLite had to count or sort every match.
// Only the page's own rows are read from SQLite, for their documents.

/** Where a sort's key and tiebreaker live in a snapshot. */
interface SortColumns {
  number: Float64Array | null;
  text: { codes: Int32Array; values: string[] } | null;
  /** A key the snapshot does not hold (column-snapshot.ts, isHeldSortKey): its SQL expression. */
  sqlKey: string | null;
  /** The tiebreaker is the session id (read from SQLite when needed), else the rid. */
  tieIsId: boolean;
}

function sortColumns(snapshot: ColumnSnapshot, sort: SessionSort): SortColumns {
  const plan = sortPlan(sort);
  const name = plan.key.replace(/^s\./, '');
  const number = name in snapshot.numbers ? snapshot.numbers[name as NumberColumnName] : null;
  const text = name in snapshot.text ? snapshot.text[name as CodeColumnName] : null;
  const sqlKey = number || text ? null : plan.key;
  return { number, text, sqlKey, tieIsId: plan.tie === 's.id' };
}

/** The list page for `query` over the rows in `mask` (`total` of them). */
export function pageFromSnapshot(
  snapshot: ColumnSnapshot,
  reader: CacheReader,
  query: ListQuery,
  mask: Uint8Array,
  total: number,
): SessionsPage {
  const { sort, limit } = query;
  const order = snapshot.order(sort.field);
  const asc = sort.order === 'asc';
  let position = asc ? 0 : snapshot.rows - 1;
  const skip = query.offset;
  if (query.cursor) {
    const cursor = decodeCursor(query.cursor, sort);
    position = afterCursor(snapshot, reader, sort, cursor.key, cursor.id);
  }
  const picked =
    total <= COLLECT_BELOW && total * 8 < snapshot.rows
      ? pickByRank(snapshot, sort, mask, total, position, skip, limit + 1)
      : pickByWalking(order, mask, asc, position, skip, limit + 1);
  return pageOf(reader, sort, readRows(snapshot, reader, sort, picked), limit, total, () =>
    anyWithoutLastMessage(snapshot, mask),
  );
}

/**
 * Below this many matches, and an eighth of the rows, a page is picked by collecting the matches
 * in row order and sorting them by their position in the order: walking the order would visit
 * most of its million entries at random to find a few hundred rows.
 */
const COLLECT_BELOW = 20_000;

/** Up to `count` matching rows from `position` along the order, after skipping `skip`. */
function pickByWalking(
  order: Int32Array,
  mask: Uint8Array,
  asc: boolean,
  position: number,
  skip: number,
  count: number,
): number[] {
  const picked: number[] = [];
  const step = asc ? 1 : -1;
  for (let at = position; at >= 0 && at < order.length; at += step) {
    const row = order[at] as number;
    if (mask[row] !== 1) continue;
    if (skip > 0) {
      skip--;
      continue;
    }
    picked.push(row);
    if (picked.length >= count) break;
  }
  return picked;
}

/** The same rows as pickByWalking, from the `total` matches sorted by their place in the order. */
function pickByRank(
  snapshot: ColumnSnapshot,
  sort: SessionSort,
  mask: Uint8Array,
  total: number,
  position: number,
  skip: number,
  count: number,
): number[] {
  const rank = ranksOf(snapshot, sort.field);
  const asc = sort.order === 'asc';
  const places = new Float64Array(total);
  let found = 0;
  // Few rows match: four bytes of the mask at a time skip the empty stretches.
  const words =
    mask.byteOffset % 4 === 0
      ? new Uint32Array(mask.buffer, mask.byteOffset, mask.length >>> 2)
      : new Uint32Array(0);
  for (let w = 0; w < words.length && found < total; w++) {
    if (words[w] === 0) continue;
    for (let row = w << 2; row < (w << 2) + 4; row++) {
      if (mask[row] !== 1) continue;
      const place = rank[row] as number;
      // Only the rows at or past the position, in the direction of the sort.
      if (asc ? place >= position : place <= position) places[found++] = place;
    }
  }
  for (let row = words.length << 2; row < snapshot.rows && found < total; row++) {
    if (mask[row] !== 1) continue;
    const place = rank[row] as number;
    if (asc ? place >= position : place <= position) places[found++] = place;
  }
  const sorted = places.subarray(0, found).sort();
  const order = snapshot.order(sort.field);
  const picked: number[] = [];
  for (let i = skip; i < found && picked.length < count; i++) {
    picked.push(order[(asc ? sorted[i] : sorted[found - 1 - i]) as number] as number);
  }
  return picked;
}

/** Ids of rows [offset, offset + limit) of the list, or those of `within` that match, in order. */
export function idsFromSnapshot(
  snapshot: ColumnSnapshot,
  reader: CacheReader,
  sort: SessionSort,
  range: { offset: number; limit: number; within?: readonly string[] },
  mask: Uint8Array,
  total: number,
): SessionIds {
  const order = snapshot.order(sort.field);
  const asc = sort.order === 'asc';
  let rows: number[] = [];
  if (range.within) {
    const wanted = cachedStatement<number>(
      reader,
      'SELECT rid FROM sessions WHERE id IN (SELECT value FROM json_each(?))',
    )
      .pluck()
      .all(JSON.stringify(range.within));
    const rank = ranksOf(snapshot, sort.field);
    rows = wanted
      .map((rid) => snapshot.rowOf(rid))
      .filter((row) => row >= 0 && mask[row] === 1)
      .sort((a, b) => (asc ? 1 : -1) * ((rank[a] as number) - (rank[b] as number)));
  } else {
    let skip = range.offset;
    for (let at = asc ? 0 : snapshot.rows - 1; at >= 0 && at < snapshot.rows; at += asc ? 1 : -1) {
      const row = order[at] as number;
      if (mask[row] !== 1) continue;
      if (skip > 0) {
        skip--;
        continue;
      }
      rows.push(row);
      if (rows.length >= range.limit) break;
    }
  }
  if (rows.length === 0) return { ids: [], total };
  const idOf = new Map(
    cachedStatement<{ rid: number; id: string }>(
      reader,
      'SELECT rid, id FROM sessions WHERE rid IN (SELECT value FROM json_each(?))',
    )
      .all(JSON.stringify(rows.map((row) => snapshot.rid[row])))
      .map((entry) => [entry.rid, entry.id]),
  );
  return {
    ids: rows.flatMap((row) => {
      const id = idOf.get(snapshot.rid[row] as number);
      return id === undefined ? [] : [id];
    }),
    total,
  };
}

/** Per row, its position in the ascending order of `field`, computed once per snapshot. */
const ranks = new WeakMap<ColumnSnapshot, Map<string, Int32Array>>();
function ranksOf(snapshot: ColumnSnapshot, field: SessionSort['field']): Int32Array {
  let byField = ranks.get(snapshot);
  if (!byField) {
    byField = new Map();
    ranks.set(snapshot, byField);
  }
  let rank = byField.get(field);
  if (!rank) {
    rank = new Int32Array(snapshot.rows);
    const order = snapshot.order(field);
    for (let at = 0; at < order.length; at++) rank[order[at] as number] = at;
    byField.set(field, rank);
  }
  return rank;
}

/**
 * The position in the order where the page after (key, tie) starts: the first row past it
 * ascending, the last row before it descending. A binary search over the ascending order with
 * the sort's own comparison (sort-plan.ts), so a cursor whose row has since changed or gone
 * still continues exactly where SQL's keyset condition would.
 */
function afterCursor(
  snapshot: ColumnSnapshot,
  reader: CacheReader,
  sort: SessionSort,
  key: SortKey,
  tie: SortTie,
): number {
  const columns = sortColumns(snapshot, sort);
  const ascending = sortPlan({ field: sort.field, order: 'asc' });
  const order = snapshot.order(sort.field);
  const target = { k: key, tie };
  const cmpAt = (at: number) => {
    const row = order[at] as number;
    return ascending.compare(
      { k: keyOf(snapshot, reader, columns, row), tie: tieOf(snapshot, reader, columns, row) },
      target,
    );
  };
  // First position whose (key, tie) is greater than the cursor's.
  let lo = 0;
  let hi = snapshot.rows;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cmpAt(mid) <= 0) lo = mid + 1;
    else hi = mid;
  }
  if (sort.order === 'asc') return lo;
  // Descending: the last position whose (key, tie) is less than the cursor's.
  let at = lo - 1;
  while (at >= 0 && cmpAt(at) === 0) at--;
  return at;
}

function keyOf(
  snapshot: ColumnSnapshot,
  reader: CacheReader,
  columns: SortColumns,
  row: number,
): SortKey {
  if (columns.sqlKey !== null) {
    // One lookup per step of the cursor's binary search: about twenty at a million rows.
    return (
      cachedStatement<SortKey>(reader, `SELECT ${columns.sqlKey} FROM sessions s WHERE s.rid = ?`)
        .pluck()
        .get(snapshot.rid[row] as number) ?? null
    );
  }
  if (columns.number) {
    const value = columns.number[row] as number;
    return Number.isNaN(value) ? null : value;
  }
  const text = columns.text as { codes: Int32Array; values: string[] };
  const code = text.codes[row] as number;
  return code < 0 ? null : (text.values[code] as string);
}

function tieOf(
  snapshot: ColumnSnapshot,
  reader: CacheReader,
  columns: SortColumns,
  row: number,
): SortTie {
  const rid = snapshot.rid[row] as number;
  if (!columns.tieIsId) return rid;
  return (
    cachedStatement<string>(reader, 'SELECT id FROM sessions WHERE rid = ?').pluck().get(rid) ?? ''
  );
}

/** The page's rows with their documents, in the order given. */
function readRows(
  snapshot: ColumnSnapshot,
  reader: CacheReader,
  sort: SessionSort,
  rows: readonly number[],
): PageRow[] {
  if (rows.length === 0) return [];
  const plan = sortPlan(sort);
  const found = cachedStatement<PageRow>(
    reader,
    `SELECT d.raw, s.rid, s.id, ${plan.key} AS k, ${plan.tie} AS t,
            s.last_message_at_ms AS lm, s.assignee_id AS a
     FROM sessions s JOIN session_documents d ON d.rid = s.rid
     WHERE s.rid IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(rows.map((row) => snapshot.rid[row])));
  const byRid = new Map(found.map((row) => [row.rid, row]));
  return rows.flatMap((row) => {
    const found = byRid.get(snapshot.rid[row] as number);
    return found ? [found] : [];
  });
}

/**
 * Whether a matching row has no exact last message time (the sort then falls back). Asked for
 * every page in the default sort: the rows without one are listed once per snapshot, so a
 * cache where every session has one answers without a pass over a million rows.
 */
function anyWithoutLastMessage(snapshot: ColumnSnapshot, mask: Uint8Array): boolean {
  for (const row of rowsWithoutLastMessage(snapshot)) if (mask[row] === 1) return true;
  return false;
}

const withoutLastMessage = new WeakMap<ColumnSnapshot, Int32Array>();
function rowsWithoutLastMessage(snapshot: ColumnSnapshot): Int32Array {
  let rows = withoutLastMessage.get(snapshot);
  if (!rows) {
    const exact = snapshot.numbers.last_message_at_ms;
    const found: number[] = [];
    for (let row = 0; row < snapshot.rows; row++) {
      if (Number.isNaN(exact[row] as number)) found.push(row);
    }
    rows = Int32Array.from(found);
    withoutLastMessage.set(snapshot, rows);
  }
  return rows;
}
