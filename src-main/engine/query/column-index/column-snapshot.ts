import { setImmediate as nextTurn } from 'node:timers/promises';
import { LOCAL_SORT_FIELDS, type LocalSortField } from '../../../../src-shared/filter/session-sort';
import {
  dataVersion,
  openReadSpan,
  type CacheReader,
  type ReadStatement,
} from '../../store/cache/cache-handles';
import { sortPlan } from '../sort-plan';

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
  /** Per sort field, every row in that sort's ascending order (key, then tiebreaker). */
  readonly orders: Readonly<Record<LocalSortField, Int32Array>>;
  /** The row holding `rid`, or -1. */
  rowOf(rid: number): number;
}

/** Rows read per turn of the event loop: tens of milliseconds of work between answers. */
const SLICE = 25_000;

export interface LoadOptions {
  /** Checked between slices: a true stops the load (it then resolves to null). */
  cancelled?: () => boolean;
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

    const sessions = reader
      .prepare<[], (string | number | null)[]>(
        `SELECT rid, ${CODE_COLUMNS.join(', ')}, ${NUMBER_COLUMNS.join(', ')}
         FROM sessions ORDER BY rid`,
      )
      .raw(true);
    let row = 0;
    const done = await inSlices(sessions, cancelled, (cells) => {
      if (row >= rows) return;
      rid[row] = cells[0] as number;
      let at = 1;
      for (const name of CODE_COLUMNS) text[name].add(row, cells[at++] as string | null);
      for (const name of NUMBER_COLUMNS) {
        const value = cells[at++];
        numbers[name][row] = typeof value === 'number' ? value : Number.NaN;
      }
      row++;
    });
    if (!done) return null;

    const rowOf = rowLookup(rid, row);
    const tags = await loadTags(reader, row, rowOf, cancelled);
    if (!tags) return null;

    const orders = {} as Record<LocalSortField, Int32Array>;
    for (const field of LOCAL_SORT_FIELDS) {
      const order = await loadOrder(reader, field, row, rowOf, cancelled);
      if (!order) return null;
      orders[field] = order;
    }

    return {
      version,
      rows: row,
      rid: row === rows ? rid : rid.slice(0, row),
      text: Object.fromEntries(
        CODE_COLUMNS.map((name) => [name, text[name].finish(row)]),
      ) as Record<CodeColumnName, CodeColumn>,
      numbers: Object.fromEntries(
        NUMBER_COLUMNS.map((name) => [name, numbers[name].subarray(0, row)]),
      ) as Record<NumberColumnName, Float64Array>,
      tags,
      orders,
      rowOf,
    };
  } finally {
    span.end();
  }
}

/** Steps through `statement`'s rows a slice per turn; false when cancelled. */
async function inSlices<Row>(
  statement: ReadStatement<[], Row>,
  cancelled: () => boolean,
  each: (row: Row) => void,
): Promise<boolean> {
  const rows = statement.iterate();
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

async function loadTags(
  reader: CacheReader,
  rows: number,
  rowOf: (rid: number) => number,
  cancelled: () => boolean,
): Promise<TagColumn | null> {
  const names = new DictionaryBuilder(0);
  const rowTags: number[] = [];
  const rowStart = new Int32Array(rows + 1);
  const statement = reader
    .prepare<[], [number, string]>(
      `SELECT session_rid, tag_name FROM session_tags INDEXED BY session_tags_by_session
       ORDER BY session_rid, tag_name`,
    )
    .raw(true);
  let current = 0;
  const done = await inSlices(statement, cancelled, ([rid, tag]) => {
    const row = rowOf(rid);
    if (row < 0) return;
    // Rows come in rid order, as the table's rows are: fill the starts of rows without tags.
    while (current < row) rowStart[++current] = rowTags.length;
    rowTags.push(names.code(tag));
    rowStart[row + 1] = rowTags.length;
  });
  if (!done) return null;
  while (current < rows) rowStart[++current] = rowTags.length;
  const packed = Int32Array.from(rowTags);
  const values = names.values();
  return {
    values,
    rowStart,
    rowTags: packed,
    postings: postingsOf(values.length, rowStart, packed),
  };
}

/** Per tag, the rows carrying it, by a counting pass then a filling pass. */
function postingsOf(tags: number, rowStart: Int32Array, rowTags: Int32Array): Int32Array[] {
  const sizes = new Int32Array(tags);
  for (const tag of rowTags) sizes[tag] = (sizes[tag] ?? 0) + 1;
  const postings = Array.from(sizes, (size) => new Int32Array(size));
  const filled = new Int32Array(tags);
  for (let row = 0; row + 1 < rowStart.length; row++) {
    for (let at = rowStart[row] as number; at < (rowStart[row + 1] as number); at++) {
      const tag = rowTags[at] as number;
      const slot = filled[tag] as number;
      (postings[tag] as Int32Array)[slot] = row;
      filled[tag] = slot + 1;
    }
  }
  return postings;
}

/** The rows in the ascending order of `field`'s sort, as its index yields them (sort-plan.ts). */
async function loadOrder(
  reader: CacheReader,
  field: LocalSortField,
  rows: number,
  rowOf: (rid: number) => number,
  cancelled: () => boolean,
): Promise<Int32Array | null> {
  const plan = sortPlan({ field, order: 'asc' });
  const order = new Int32Array(rows);
  let at = 0;
  const statement = reader
    .prepare<[], number>(
      `SELECT s.rid FROM sessions s INDEXED BY ${plan.index} ORDER BY ${plan.orderBy}`,
    )
    .pluck();
  const done = await inSlices(statement, cancelled, (rid) => {
    const row = rowOf(rid);
    if (row >= 0 && at < rows) order[at++] = row;
  });
  if (!done) return null;
  if (at !== rows) throw new Error(`The ${field} order lists ${at} of ${rows} sessions.`);
  return order;
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
  private readonly codes: Int32Array;
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
