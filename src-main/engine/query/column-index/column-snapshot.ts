import { setImmediate as nextTurn } from 'node:timers/promises';
import { SessionSortSchema, type LocalSortField } from '../../../../src-shared/filter/session-sort';
import {
  dataVersion,
  openReadSpan,
  type CacheReader,
  type ReadStatement,
} from '../../store/cache/cache-handles';
import { compareSortKeys, sortPlan } from '../sort-plan';
import { indexedBy } from '../sort-index-hint';
import { loadCustomDataPostings, type CustomDataPostings } from './custom-data-postings';

// The filter, sort and facet columns of every cached session, held in typed arrays: the engine
// answers list pages, totals, facets, view counts and the chart by scanning these (a million
// rows in a few milliseconds) instead of asking SQLite to re-read and group index pages for each
// combination of filters. It is a copy of one snapshot of the cache, loaded from its own
// read-only connection a slice at a time so that the engine keeps answering meanwhile; SQLite
// stays the truth and answers whenever the copy is not of the current snapshot
// (./session-index.ts). Rows are in rowid order; a value of a text column is a code into that
// column's dictionary (-1 for null), a missing number is NaN (it fails every comparison, as a
// NULL does in SQL).

/** Text columns of `sessions`, by their SQL names. */
export const CODE_COLUMNS = [
  'status',
  'sentiment',
  'ai_closure_type',
  'channel_type',
  'language',
  'assignee_id',
  'team_id',
  'team_name',
  'contact_id',
] as const;
export type CodeColumnName = (typeof CODE_COLUMNS)[number];

/** Numeric columns of `sessions` (epoch ms, ticket number, 0/1 flags), by their SQL names. */
export const NUMBER_COLUMNS = [
  'created_at_ms',
  'updated_at_ms',
  'last_message_at_ms',
  'sort_last_ms',
  'ticket_number',
  'handed_off',
  'assist_mode',
] as const;
export type NumberColumnName = (typeof NUMBER_COLUMNS)[number];

export interface CodeColumn {
  /** Per row, the index of its value in `values`, or -1 for null. */
  codes: Int32Array;
  values: string[];
}

export interface TagColumn {
  values: string[];
  /** Row r's tags are rowTags[rowStart[r] .. rowStart[r + 1]). */
  rowStart: Int32Array;
  rowTags: Int32Array;
  /** Per tag, the rows carrying it, ascending. */
  postings: Int32Array[];
}

export interface ColumnSnapshot {
  /** data_version of the loading connection before the snapshot was read. */
  readonly version: number;
  readonly rows: number;
  /** Per row, its sessions.rid, ascending. */
  readonly rid: Float64Array;
  readonly text: Readonly<Record<CodeColumnName, CodeColumn>>;
  readonly numbers: Readonly<Record<NumberColumnName, Float64Array>>;
  readonly tags: TagColumn;
  readonly customData: CustomDataPostings;
  /**
   * Every row in `field`'s ascending sort order (key, then tiebreaker). The list's default
   * order is made at loading; another the first time it is asked for (a few hundred
   * milliseconds at a million rows), then kept.
   */
  order(field: LocalSortField): Int32Array;
  /** The row holding `rid`, or -1. */
  rowOf(rid: number): number;
}

/** The list's sort when none is asked for: its order is made at loading. */
const DEFAULT_SORT_FIELD = SessionSortSchema.parse({}).field;

/**
 * Rows read per turn of the event loop: about ten milliseconds of work, so that a call arriving
 * while the index loads waits little.
 */
const SLICE = 10_000;

export interface LoadOptions {
  /** Checked between slices: a true stops the load (it then resolves to null). */
  cancelled?: () => boolean;
  /** Row ids a column without an index is scanned for its values per turn (default 100,000). */
  distinctSliceRows?: number;
}

/**
 * Reads one snapshot of the cache behind `reader` (a connection nothing else uses meanwhile)
 * into memory, yielding to the event loop between slices. Resolves to null when cancelled.
 */
export async function loadColumnSnapshot(
  reader: CacheReader,
  options: LoadOptions = {},
): Promise<ColumnSnapshot | null> {
  const cancelled = options.cancelled ?? (() => false);
  // Read before the snapshot starts: a commit in between makes the copy look older than it is
  // (it is then reloaded), never newer.
  const version = dataVersion(reader);
  const span = openReadSpan(reader);
  try {
    const rows = reader.prepare<[], number>('SELECT count(*) FROM sessions').pluck().get() ?? 0;
    const rid = new Float64Array(rows);
    const text = Object.fromEntries(
      CODE_COLUMNS.map((name) => [name, new DictionaryBuilder(rows)]),
    ) as Record<CodeColumnName, DictionaryBuilder>;
    const numbers = Object.fromEntries(
      NUMBER_COLUMNS.map((name) => [name, new Float64Array(rows)]),
    ) as Record<NumberColumnName, Float64Array>;

    // Handing a value from SQLite to JavaScript costs about a microsecond, more than anything
    // done with it after: the text columns with few values (and the two flags) come packed into
    // one number per row by a CASE per column, the rest one value each.
    const packing = await packingPlan(
      reader,
      text,
      cancelled,
      options.distinctSliceRows ?? DISTINCT_SLICE_ROWS,
    );
    if (!packing) return null;
    const plain = CODE_COLUMNS.filter((name) => !packing.fields.some((f) => f.name === name));
    const sessions = reader
      .prepare<unknown[], (string | number | null)[]>(
        `SELECT rid, ${packing.sql}, created_at_ms, updated_at_ms, last_message_at_ms,
                ticket_number${plain.map((name) => `, ${name}`).join('')}
         FROM sessions ORDER BY rid`,
      )
      .raw(true);
    let row = 0;
    const done = await inSlices(
      sessions,
      cancelled,
      (cells) => {
        if (row >= rows) return;
        rid[row] = cells[0] as number;
        let packed = cells[1] as number;
        for (const field of packing.fields) {
          const value = packed % field.size;
          packed = (packed - value) / field.size;
          if (field.name === 'handed_off' || field.name === 'assist_mode') {
            numbers[field.name][row] = value;
          } else {
            text[field.name].codes[row] = value - 1;
          }
        }
        const created = cells[2] as number;
        const updated = cells[3] as number;
        const last = cells[4];
        numbers.created_at_ms[row] = created;
        numbers.updated_at_ms[row] = updated;
        numbers.last_message_at_ms[row] = typeof last === 'number' ? last : Number.NaN;
        // The generated column's own definition (migration 001): coalesce(last, updated).
        numbers.sort_last_ms[row] = typeof last === 'number' ? last : updated;
        numbers.ticket_number[row] = cells[5] as number;
        for (let at = 0; at < plain.length; at++) {
          text[plain[at] as CodeColumnName].add(row, cells[6 + at] as string | null);
        }
        row++;
      },
      ...packing.params,
    );
    if (!done) return null;

    const rowOf = rowLookup(rid, row);
    const tags = await loadTags(reader, row, rowOf, cancelled);
    if (!tags) return null;
    const customData = await loadCustomDataPostings(reader, rowOf, cancelled);
    if (!customData) return null;

    const columns = Object.fromEntries(
      CODE_COLUMNS.map((name) => [name, text[name].finish(row)]),
    ) as Record<CodeColumnName, CodeColumn>;
    const kept = Object.fromEntries(
      NUMBER_COLUMNS.map((name) => [name, numbers[name].subarray(0, row)]),
    ) as Record<NumberColumnName, Float64Array>;
    const idOrder: number[] = [];
    const byId = reader.prepare<[], number>('SELECT rid FROM sessions ORDER BY id').pluck();
    if (!(await inSlices(byId, cancelled, (rid) => idOrder.push(rowOf(rid))))) return null;
    const orders = new Map<LocalSortField, Int32Array>();
    const rowCount = row;
    const order = (field: LocalSortField) => {
      let made = orders.get(field);
      if (made) return made;
      if (!isHeldSortKey(field)) {
        const read = orderFromSqlIndex(reader, field, rowCount, rowOf);
        // Read after the cache changed, the order is the cache's, not the copy's: it serves
        // this call (the copy is dropped at the next one) and is not kept.
        if (read.version !== version) return read.order;
        made = read.order;
      } else {
        made = sortOrder(field, rowCount, columns, kept, idOrder);
      }
      orders.set(field, made);
      return made;
    };
    await nextTurn();
    if (cancelled()) return null;
    order(DEFAULT_SORT_FIELD);

    return {
      version,
      rows: row,
      rid: row === rows ? rid : rid.slice(0, row),
      text: columns,
      numbers: kept,
      tags,
      customData,
      order,
      rowOf,
    };
  } finally {
    span.end();
  }
}

/** Steps through `statement`'s rows a slice per turn; false when cancelled. */
async function inSlices<Row, Params extends unknown[] = []>(
  statement: ReadStatement<Params, Row>,
  cancelled: () => boolean,
  each: (row: Row) => void,
  ...params: Params
): Promise<boolean> {
  const rows = statement.iterate(...params);
  try {
    for (;;) {
      for (let i = 0; i < SLICE; i++) {
        const next = rows.next();
        if (next.done) return true;
        each(next.value);
      }
      await nextTurn();
      if (cancelled()) return false;
    }
  } finally {
    rows.return?.();
  }
}

/**
 * Tags tag by tag from the table's primary key (tag, session): row ids only cross into
 * JavaScript, not a tag name per membership.
 */
async function loadTags(
  reader: CacheReader,
  rows: number,
  rowOf: (rid: number) => number,
  cancelled: () => boolean,
): Promise<TagColumn | null> {
  const values = reader
    .prepare<[], string>('SELECT DISTINCT tag_name FROM session_tags ORDER BY tag_name')
    .pluck()
    .all();
  const members = reader
    .prepare<[string], number>(
      'SELECT session_rid FROM session_tags WHERE tag_name = ? ORDER BY session_rid',
    )
    .pluck();
  const postings: Int32Array[] = [];
  const perRow = new Int32Array(rows + 1);
  for (const value of values) {
    const found: number[] = [];
    const done = await inSlices(
      members,
      cancelled,
      (rid) => {
        const row = rowOf(rid);
        if (row < 0) return;
        found.push(row);
        perRow[row + 1] = (perRow[row + 1] as number) + 1;
      },
      value,
    );
    if (!done) return null;
    postings.push(Int32Array.from(found));
  }
  const rowStart = perRow;
  for (let row = 0; row < rows; row++) {
    rowStart[row + 1] = (rowStart[row + 1] as number) + (rowStart[row] as number);
  }
  const rowTags = new Int32Array(rowStart[rows] as number);
  const filled = rowStart.slice(0, rows);
  postings.forEach((posting, tag) => {
    for (const row of posting) {
      const at = filled[row] as number;
      rowTags[at] = tag;
      filled[row] = at + 1;
    }
  });
  return { values, rowStart, rowTags, postings };
}

/**
 * Whether `field`'s sort key is one of the snapshot's columns. The label sorts (contact,
 * assignee, tags: one text per session, most of them distinct) are not held: a million strings
 * would cost more memory and loading than the few sorts by them are worth. Their order is read
 * from their SQL index the first time it is asked for, and their keys per row from SQLite.
 */
export function isHeldSortKey(field: LocalSortField): boolean {
  const name = sortPlan({ field, order: 'asc' }).key.replace(/^s\./, '');
  return (CODE_COLUMNS as readonly string[]).includes(name) || name in NUMBER_NAMES_SET;
}

const NUMBER_NAMES_SET: Readonly<Record<string, true>> = Object.fromEntries(
  NUMBER_COLUMNS.map((name) => [name, true]),
);

/**
 * Every row in `field`'s ascending order as its SQL index yields it (the key, NULL first, then
 * the rowid), read on the index's own connection in one transaction, with the data_version seen
 * inside it: the order is the copy's only if that is still the copy's version. Rows the copy
 * does not hold are skipped; rows it holds that the read did not find (deleted since) follow.
 */
function orderFromSqlIndex(
  reader: CacheReader,
  field: LocalSortField,
  rows: number,
  rowOf: (rid: number) => number,
): { order: Int32Array; version: number } {
  const plan = sortPlan({ field, order: 'asc' });
  const span = openReadSpan(reader);
  let rids: number[];
  let version: number;
  try {
    rids = reader
      .prepare<[], number>(
        `SELECT s.rid FROM sessions s ${indexedBy(reader, plan.index)} ORDER BY ${plan.orderBy}`,
      )
      .pluck()
      .all();
    version = dataVersion(reader);
  } finally {
    span.end();
  }
  const order = new Int32Array(rows);
  const placed = new Uint8Array(rows);
  let at = 0;
  for (const rid of rids) {
    const row = rowOf(rid);
    if (row < 0 || at >= rows) continue;
    order[at++] = row;
    placed[row] = 1;
  }
  for (let row = 0; row < rows && at < rows; row++) if (!placed[row]) order[at++] = row;
  return { order, version };
}

/**
 * The rows in the ascending order of `field`'s sort, exactly as its index yields them
 * (sort-plan.ts: the key, nulls first, text by its bytes; then the session id for times and
 * tickets, the rowid for text). Each row gets one exact number, key rank × span + tie rank, and
 * a native numeric sort of those replaces a million comparator calls.
 */
export function sortOrder(
  field: LocalSortField,
  rows: number,
  text: Readonly<Record<CodeColumnName, CodeColumn>>,
  numbers: Readonly<Record<NumberColumnName, Float64Array>>,
  idOrder: readonly number[],
): Int32Array {
  const plan = sortPlan({ field, order: 'asc' });
  const name = plan.key.replace(/^s\./, '');
  // A power of two above every rank, so key rank × span + tie rank is exact below 2^53.
  const span = 2 ** Math.ceil(Math.log2(rows + 2));
  const keyRank = new Float64Array(rows);
  if (name in numbers) {
    const keys = numbers[name as NumberColumnName];
    const distinct = new Float64Array(rows);
    for (let row = 0; row < rows; row++) {
      const k = keys[row] as number;
      distinct[row] = Number.isNaN(k) ? -Infinity : k;
    }
    distinct.sort();
    for (let row = 0; row < rows; row++) {
      const k = keys[row] as number;
      keyRank[row] = lowerBound(distinct, Number.isNaN(k) ? -Infinity : k);
    }
  } else if (name in text) {
    const { codes, values } = text[name as CodeColumnName];
    const byBytes = values
      .map((value, code) => ({ value, code }))
      .sort((a, b) => compareSortKeys(a.value, b.value));
    // Null first (rank 0), then the values in byte order.
    const rankOfCode = new Float64Array(values.length);
    byBytes.forEach(({ code }, rank) => (rankOfCode[code] = rank + 1));
    for (let row = 0; row < rows; row++) {
      const code = codes[row] as number;
      keyRank[row] = code < 0 ? 0 : (rankOfCode[code] as number);
    }
  } else {
    throw new Error(`The column index holds no column for ${plan.key}.`);
  }
  const tieRank = new Float64Array(rows);
  if (plan.tie === 's.id') idOrder.forEach((row, rank) => (tieRank[row] = rank));
  else for (let row = 0; row < rows; row++) tieRank[row] = row;
  const composite = new Float64Array(rows);
  for (let row = 0; row < rows; row++) {
    composite[row] = (keyRank[row] as number) * span + (tieRank[row] as number);
  }
  composite.sort();
  const rowAtTie = plan.tie === 's.id' ? idOrder : null;
  const order = new Int32Array(rows);
  for (let at = 0; at < rows; at++) {
    const tie = (composite[at] as number) % span;
    order[at] = rowAtTie ? (rowAtTie[tie] as number) : tie;
  }
  return order;
}

/** The first index of `sorted` whose value is not below `value`. */
function lowerBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface PackedField {
  name: CodeColumnName | 'handed_off' | 'assist_mode';
  /** Values 0 … size - 1: 0 is null for a text column, v + 1 its value v. */
  size: number;
}

/** Text columns with at most this many values are packed. */
const MAX_PACKED_VALUES = 254;

/**
 * Which columns travel packed, and the SQL expression that packs them: the first field in the
 * lowest digits, each digit in base `size`, the whole below 2^53. A packed text column's
 * dictionary is filled here, from its distinct values (read in the same snapshot).
 */
async function packingPlan(
  reader: CacheReader,
  text: Record<CodeColumnName, DictionaryBuilder>,
  cancelled: () => boolean,
  sliceRows: number,
): Promise<{ fields: PackedField[]; sql: string; params: string[] } | null> {
  const fields: PackedField[] = [
    { name: 'handed_off', size: 2 },
    { name: 'assist_mode', size: 2 },
  ];
  const terms = ['handed_off', 'assist_mode * 2'];
  const params: string[] = [];
  let scale = 4;
  for (const name of CODE_COLUMNS) {
    // Contacts number in the thousands or more: never worth a CASE.
    if (name === 'contact_id') continue;
    // Each DISTINCT walks a whole index (50-80 ms at a million sessions): one per turn, so a
    // request arriving meanwhile waits for one, not for all eight.
    await nextTurn();
    if (cancelled()) return null;
    const values = await distinctValues(reader, name, cancelled, sliceRows);
    if (!values) return null;
    const size = values.length + 1;
    if (values.length > MAX_PACKED_VALUES || scale * size > 2 ** 52) continue;
    for (const value of values) text[name].code(value);
    // A column null in every row packs to nothing (a CASE needs at least one WHEN: SQLite
    // refused the whole load, so a cache without, say, any sentiment had no index at all).
    const cases = values.map((_, at) => `WHEN ? THEN ${at + 1}`).join(' ');
    if (values.length > 0) terms.push(`(CASE ${name} ${cases} ELSE 0 END) * ${scale}`);
    params.push(...values);
    fields.push({ name, size });
    scale *= size;
  }
  return { fields, sql: terms.join(' + '), params };
}

/** Rows of the table a DISTINCT without an index reads per turn. */
const DISTINCT_SLICE_ROWS = 100_000;

/**
 * The column's values (at most MAX_PACKED_VALUES + 1 of them), by first appearance in the
 * table. A column with an index leading with it is listed by one walk of that index; one
 * without (ai_closure_type lost its index to cheaper writes, migration 006) is a scan of the
 * whole table, 300-400 ms in one call at a million sessions, so it is scanned a range of row
 * ids per turn. Null when cancelled.
 */
async function distinctValues(
  reader: CacheReader,
  name: CodeColumnName,
  cancelled: () => boolean,
  sliceRows: number,
): Promise<string[] | null> {
  const limit = MAX_PACKED_VALUES + 1;
  const indexed = reader
    .prepare<[string], number>(
      `SELECT 1 FROM pragma_index_list('sessions') l, pragma_index_info(l.name) i
       WHERE i.seqno = 0 AND i.name = ?`,
    )
    .pluck()
    .get(name);
  if (indexed) {
    // One seek per value, in the index's order: these columns have a handful of values, and a
    // DISTINCT walked every entry of the index, all of it read from disk on a cold start.
    const next = reader
      .prepare<[string], string | null>(`SELECT min(${name}) FROM sessions WHERE ${name} > ?`)
      .pluck();
    const values: string[] = [];
    let value = reader
      .prepare<[], string | null>(`SELECT min(${name}) FROM sessions`)
      .pluck()
      .get();
    while (value !== null && value !== undefined && values.length < limit) {
      values.push(value);
      value = next.get(value);
    }
    return values;
  }
  const lastRid = reader.prepare<[], number | null>('SELECT max(rid) FROM sessions').pluck().get();
  const inRange = reader
    .prepare<[number, number], string>(
      `SELECT DISTINCT ${name} FROM sessions
       WHERE rid > ? AND rid <= ? AND ${name} IS NOT NULL LIMIT ${limit}`,
    )
    .pluck();
  const values = new Set<string>();
  for (let from = 0; from < (lastRid ?? 0) && values.size < limit; from += sliceRows) {
    if (from > 0) {
      await nextTurn();
      if (cancelled()) return null;
    }
    for (const value of inRange.all(from, from + sliceRows)) values.add(value);
  }
  return [...values].slice(0, limit);
}

/** rid → row: a direct table when rids are dense enough, else a binary search. */
function rowLookup(rid: Float64Array, rows: number): (rid: number) => number {
  const max = rows > 0 ? (rid[rows - 1] as number) : 0;
  if (max <= rows * 4 + 1024) {
    const table = new Int32Array(max + 1).fill(-1);
    for (let row = 0; row < rows; row++) table[rid[row] as number] = row;
    return (r) => (Number.isInteger(r) && r >= 0 && r <= max ? (table[r] as number) : -1);
  }
  return (r) => {
    let lo = 0;
    let hi = rows - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const value = rid[mid] as number;
      if (value === r) return mid;
      if (value < r) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  };
}

/** Builds a text column: values get codes in order of first appearance. */
class DictionaryBuilder {
  readonly codes: Int32Array;
  private readonly index = new Map<string, number>();
  private readonly list: string[] = [];

  constructor(rows: number) {
    this.codes = new Int32Array(rows);
  }

  code(value: string): number {
    let code = this.index.get(value);
    if (code === undefined) {
      code = this.list.length;
      this.index.set(value, code);
      this.list.push(value);
    }
    return code;
  }

  add(row: number, value: string | null): void {
    this.codes[row] = value === null ? -1 : this.code(value);
  }

  values(): string[] {
    return this.list;
  }

  finish(rows: number): CodeColumn {
    return { codes: this.codes.subarray(0, rows), values: this.list };
  }
}
